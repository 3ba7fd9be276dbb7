package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

class CortadoServerTest {

  @Test
  void start_onPortZero_picksAFreePortAndAnswers() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        RawClient client = new RawClient(server)) {
      assertThat(server.port()).isPositive();
      assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
      client.command("PING");
      assertThat(client.read(7)).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void stop_freesThePortAtOnce() throws IOException {
    CortadoServer server = CortadoServer.builder().build().start();
    int port = server.port();
    server.stop();
    try (ServerSocket again = new ServerSocket(port)) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void start_onTakenPort_failsWithTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CortadoServer server = CortadoServer.builder().port(taken.getLocalPort()).build();
      assertThatThrownBy(server::start).hasMessageContaining("cannot bind");
    }
  }

  @Test
  void manyServers_inOneJvm_keepSeparateData() throws IOException {
    List<CortadoServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        servers.add(CortadoServer.builder().build().start());
      }
      for (int i = 0; i < servers.size(); i++) {
        try (RawClient c = new RawClient(servers.get(i))) {
          c.command("SET", "k", "v" + i);
          c.command("GET", "k");
          String v = "v" + i;
          String expected = "+OK\r\n$" + v.length() + "\r\n" + v + "\r\n";
          assertThat(c.read(expected.length())).isEqualTo(expected);
        }
      }
    } finally {
      servers.forEach(CortadoServer::stop);
    }
  }

  @Test
  void pipelinedCommands_areAnsweredInOrder() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        RawClient client = new RawClient(server)) {
      StringBuilder batch = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        batch.append("ECHO ").append(i).append("\r\n");
        String s = Integer.toString(i);
        expected.append('$').append(s.length()).append("\r\n").append(s).append("\r\n");
      }
      client.send(batch.toString());
      assertThat(client.read(expected.length())).isEqualTo(expected.toString());
    }
  }

  @Test
  void protocolError_closesOnlyThatConnection() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        RawClient bad = new RawClient(server);
        RawClient good = new RawClient(server)) {
      bad.send("PING\r\n*1\r\nfoo\r\nPING\r\n");
      assertThat(bad.readUntilClosed())
          .isEqualTo("+PONG\r\n-ERR Protocol error: expected '$', got 'f'\r\n");
      good.command("PING");
      assertThat(good.read(7)).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void quit_repliesOkThenCloses() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        RawClient client = new RawClient(server)) {
      client.send("QUIT\r\nPING\r\n");
      assertThat(client.readUntilClosed()).isEqualTo("+OK\r\n");
    }
  }

  @Test
  void argumentsAreBinarySafe() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        RawClient client = new RawClient(server)) {
      String binary = "\u0000\u00ff\r\n\u0080";
      client.command("SET", binary, binary);
      client.command("GET", binary);
      assertThat(client.read(5 + 4 + 5 + 2)).isEqualTo("+OK\r\n$5\r\n" + binary + "\r\n");
    }
  }

  @Test
  void passwordSet_unauthenticatedClientsAreLimitedAsInRedis() throws IOException {
    try (CortadoServer server = CortadoServer.builder().password("pw").build().start()) {
      try (RawClient client = new RawClient(server)) {
        client.send("*11\r\n");
        assertThat(client.readUntilClosed())
            .isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
      }
      try (RawClient client = new RawClient(server)) {
        client.send("*1\r\n$16385\r\n");
        assertThat(client.readUntilClosed())
            .isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
      }
      try (RawClient client = new RawClient(server)) {
        client.command("AUTH", "pw");
        client.command("SET", "k", "x".repeat(20000));
        assertThat(client.read(10)).isEqualTo("+OK\r\n+OK\r\n");
      }
    }
  }
}
