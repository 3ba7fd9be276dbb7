package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Starting and stopping many servers leaves nothing behind: no thread (servers share the JVM's loop
 * threads), no open socket, no port held.
 */
class CortadoServerHygieneTest {
  private static final int SERVERS = 200;

  @Test
  void twoHundredStartsAndStops_leaveNoThreadNoSocketNoPort() throws Exception {
    // The shared loop threads start on first use: let every one of them start before the baseline.
    for (int i = 0; i < 4 * Runtime.getRuntime().availableProcessors(); i++) {
      startPingStop();
    }
    Set<String> threadsBefore = threadNames();
    int threadCountBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long socketsBefore = openSockets();

    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      ports.add(startPingStop());
    }

    assertThat(ports).doesNotContainNull();
    Set<String> newThreads = threadNames();
    newThreads.removeAll(threadsBefore);
    assertThat(newThreads).as("threads started by the servers").isEmpty();
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isEqualTo(threadCountBefore);
    if (socketsBefore >= 0) {
      assertThat(openSockets()).as("open sockets").isEqualTo(socketsBefore);
    }
    for (int port : ports) {
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void stop_closesConnectedClients_beforeReturning() throws Exception {
    long socketsBefore = openSockets();
    CortadoServer server = CortadoServer.builder().build().start();
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TestClient c = new TestClient(server);
      assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
      clients.add(c);
    }
    server.stop();
    clients.forEach(TestClient::close);
    if (socketsBefore >= 0) {
      assertThat(openSockets()).isEqualTo(socketsBefore);
    }
  }

  /** Starts a server, answers one PING through a client, stops it; returns the port it had. */
  private static int startPingStop() {
    CortadoServer server = CortadoServer.builder().build().start();
    try (TestClient client = new TestClient(server)) {
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
    } finally {
      server.stop();
    }
    return server.port();
  }

  private static Set<String> threadNames() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.add(t.getName() + "#" + t.getId());
    }
    return names;
  }

  /** Sockets this process has open (Linux), or -1 where /proc is not there. */
  private static long openSockets() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> list = Files.list(fds)) {
      return list.filter(p -> {
        try {
          return Files.readSymbolicLink(p).toString().startsWith("socket:");
        } catch (IOException e) {
          return false; // closed while listing: the descriptor of the listing itself
        }
      }).count();
    }
  }
}
