package dev.cortado;

import static dev.cortado.mock.Mock.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Clients that never read, hold connections open or crowd the server: memory stays bounded, others
 * keep working, and Redis's maxclients, timeout and client-output-buffer-limit apply.
 */
class HostileClientsTest {

  @Test
  void aClientThatNeverReads_isHeldBack_notBuffered_andLosesNothing() throws IOException {
    int valueSize = 32 * 1024;
    int requests = 3000; // about 96 MiB of replies
    try (CortadoServer server = CortadoServer.builder().build().start();
        Socket greedy = new Socket(server.host(), server.port());
        TestClient other = new TestClient(server)) {
      server.data().set("big", "x".repeat(valueSize));
      OutputStream out = greedy.getOutputStream();
      out.write("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".repeat(requests).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      waitUntilStable(server);
      int answered = server.mock().count(command("GET", "big"));
      // The kernel's socket buffers take a few MiB; the server holds the rest of the requests unread.
      assertThat((long) answered * valueSize).as("replies produced while nobody reads")
          .isLessThan(32L << 20);
      assertThat(answered).isLessThan(requests);
      assertThat(other.call("PING")).as("others are not stalled").isEqualTo("+PONG\r\n");

      InputStream in = greedy.getInputStream();
      long expected = (long) requests * ("$" + valueSize + "\r\n").length() + (long) requests * (valueSize + 2);
      byte[] buf = new byte[1 << 16];
      long read = 0;
      greedy.setSoTimeout(10_000);
      while (read < expected) {
        int n = in.read(buf);
        assertThat(n).as("the connection stays open").isPositive();
        read += n;
      }
      assertThat(read).as("every reply arrives once the client reads").isEqualTo(expected);
      assertThat(server.mock().count(command("GET", "big"))).isEqualTo(requests);
    }
  }

  /** Waits until the server has stopped answering the greedy client (its journal stops growing). */
  private static void waitUntilStable(CortadoServer server) {
    int last = -1;
    for (int i = 0; i < 50; i++) {
      int now = server.mock().journal().size();
      if (now == last && now > 0) {
        return;
      }
      last = now;
      sleep(100);
    }
  }

  @Test
  void outputBufferLimit_disconnectsAClientWhoseReplyIsTooBig_asRedis() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        TestClient admin = new TestClient(server)) {
      assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"))
          .isEqualTo("+OK\r\n");
      server.data().set("big", "x".repeat(2 << 20));
      server.data().set("small", "x".repeat(1000));
      try (Socket s = new Socket(server.host(), server.port())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET small\r\nGET big\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(s.getInputStream().readAllBytes()).as("closed, the big reply never sent").isEmpty();
      }
      assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0"))
          .isEqualTo("+OK\r\n");
      assertThat(admin.bulk("GET", "big")).hasSize(2 << 20);
    }
  }

  @Test
  void maxclients_refusesTheOneTooMany_withRedisError() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        TestClient first = new TestClient(server)) {
      assertThat(first.call("CONFIG", "SET", "maxclients", "2")).isEqualTo("+OK\r\n");
      try (TestClient second = new TestClient(server)) {
        assertThat(second.call("PING")).isEqualTo("+PONG\r\n");
        try (Socket third = new Socket(server.host(), server.port())) {
          third.setSoTimeout(5000);
          assertThat(new String(third.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
              .isEqualTo("-ERR max number of clients reached\r\n");
        }
        assertThat(first.info("stats", "rejected_connections")).isEqualTo("1");
        assertThat(first.info("clients", "connected_clients")).isEqualTo("2");
      }
      waitFor(() -> first.info("clients", "connected_clients").equals("1"));
      try (TestClient again = new TestClient(server)) {
        assertThat(again.call("PING")).isEqualTo("+PONG\r\n");
      }
    }
  }

  @Test
  void timeout_closesIdleClients_byTheServersClock() throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (CortadoServer server = CortadoServer.builder().clock(clock).build().start();
        TestClient active = new TestClient(server);
        Socket idle = new Socket(server.host(), server.port())) {
      idle.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      idle.setSoTimeout(5000);
      assertThat(readLine(idle.getInputStream())).isEqualTo("+PONG");
      assertThat(active.call("CONFIG", "SET", "timeout", "10")).isEqualTo("+OK\r\n");
      clock.advance(Duration.ofSeconds(11));
      assertThat(active.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(idle.getInputStream().read()).as("closed within the next check").isEqualTo(-1);
      assertThat(active.call("PING")).as("the active one stays").isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void timeoutZero_neverClosesIdleClients() throws IOException {
    ManualClock clock = new ManualClock();
    try (CortadoServer server = CortadoServer.builder().clock(clock).build().start();
        TestClient idle = new TestClient(server)) {
      assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
      clock.advance(Duration.ofDays(400));
      sleep(1500);
      assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void protectedMode_refusesAnOpenBindWithoutPassword() {
    assertThatThrownBy(() -> CortadoServer.builder().bind("0.0.0.0").build().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("protected mode: refusing to listen on 0.0.0.0 without a password");
    try (CortadoServer open = CortadoServer.builder().bind("0.0.0.0").protectedMode(false).build()
        .start(); TestClient c = new TestClient(open)) {
      assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }
    try (CortadoServer withPassword = CortadoServer.builder().bind("0.0.0.0").password("s3cret")
        .build().start(); TestClient c = new TestClient(withPassword)) {
      assertThat(c.call("PING")).startsWith("-NOAUTH");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("closed");
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
      sleep(50);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
