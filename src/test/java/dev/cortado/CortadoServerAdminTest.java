package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHUTDOWN, CONFIG SET port and the ACL file as a test using the server sees them. */
class CortadoServerAdminTest {

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void shutdown_stopsTheServer() throws InterruptedException {
    CortadoServer server = CortadoServer.builder().build().start();
    int port = server.port();
    try (TestClient client = new TestClient(server)) {
      client.send("SHUTDOWN", "NOSAVE");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.isRunning() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    assertThat(server.isRunning()).isFalse();
    assertThat(accepts(port)).isFalse();
    server.start(); // and it can start again, as any stopped server
    try (TestClient again = new TestClient(server)) {
      assertThat(again.call("PING")).isEqualTo("+PONG\r\n");
    }
    server.stop();
  }

  @Test
  void configSetPort_movesTheListener_andPortFollows() throws IOException {
    try (CortadoServer server = CortadoServer.builder().build().start();
        TestClient client = new TestClient(server)) {
      int old = server.port();
      int next;
      try (ServerSocket probe = new ServerSocket(0)) {
        next = probe.getLocalPort();
        assertThat(client.call("CONFIG", "SET", "port", Integer.toString(next))).isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on "
                + "this port. Check server logs.\r\n");
        assertThat(server.port()).isEqualTo(old);
      }
      assertThat(client.call("CONFIG", "SET", "port", Integer.toString(next))).isEqualTo("+OK\r\n");
      assertThat(server.port()).isEqualTo(next);
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(accepts(old)).isFalse();
      try (TestClient fresh = new TestClient(server)) {
        assertThat(fresh.call("CONFIG", "SET", "port", Integer.toString(next))).isEqualTo("+OK\r\n");
        assertThat(fresh.info("server", "tcp_port")).isEqualTo(Integer.toString(next));
      }
    }
  }

  @Test
  void configSetBind_refusesANonLoopbackAddressInProtectedMode() {
    try (CortadoServer server = CortadoServer.builder().build().start();
        TestClient client = new TestClient(server)) {
      assertThat(client.call("CONFIG", "SET", "bind", "0.0.0.0")).isEqualTo(
          "-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to "
              + "specified addresses.\r\n");
      assertThat(client.call("CONFIG", "GET", "bind"))
          .isEqualTo("*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n");
      assertThat(client.call("CONFIG", "SET", "bind", "127.0.0.1 -::1")).isEqualTo("+OK\r\n");
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
      try (TestClient fresh = new TestClient(server)) {
        assertThat(fresh.call("PING")).isEqualTo("+PONG\r\n");
      }
    }
  }

  @Test
  void aclFile_usersLoadedAtStart_savedBack(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("users.acl");
    Files.writeString(file, "user app on >secret ~app:* +@all\n");
    try (CortadoServer server = CortadoServer.builder().aclFile(file).build().start();
        TestClient client = new TestClient(server)) {
      assertThat(client.call("AUTH", "app", "secret")).isEqualTo("+OK\r\n");
      assertThat(client.call("ACL", "SETUSER", "more", "on", "nopass")).isEqualTo("+OK\r\n");
      assertThat(client.call("ACL", "SAVE")).isEqualTo("+OK\r\n");
    }
    assertThat(Files.readString(file)).isEqualTo("user app on "
        + "#2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~app:* resetchannels "
        + "+@all\nuser default on nopass ~* &* +@all\nuser more on nopass resetchannels -@all\n");
  }

  @Test
  void aclFile_missingOrInvalid_failsTheStart(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("none.acl");
    assertThatThrownBy(() -> CortadoServer.builder().aclFile(missing).build().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Aborting startup because of ACL errors: Error loading ACLs, opening file '"
            + missing + "': No such file or directory");
    Path bad = dir.resolve("bad.acl");
    Files.writeString(bad, "user app on +nosuch\n");
    assertThatThrownBy(() -> CortadoServer.builder().aclFile(bad).build().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Unknown command or category name in ACL");
    assertThatThrownBy(() -> CortadoServer.builder().aclFile(bad).user("x", "y").build().start())
        .isInstanceOf(IllegalStateException.class);
  }
}
