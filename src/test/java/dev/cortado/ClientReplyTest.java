package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT REPLY through real sockets, for what case files cannot sync on: a client whose replies are
 * off still gets its pushes (subscribe confirmations, messages), as redis-server 7.0.15 sends them.
 */
class ClientReplyTest {
  private CortadoServer server;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void withRepliesOff_subscribeConfirmationsAndMessagesStillArrive() {
    try (TestClient sub = new TestClient(server); TestClient pub = new TestClient(server)) {
      sub.send("CLIENT", "REPLY", "OFF");
      sub.send("SET", "k", "v");
      sub.send("SUBSCRIBE", "ch");
      assertThat(sub.read()).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
      assertThat(pub.call("PUBLISH", "ch", "m")).isEqualTo(":1\r\n");
      assertThat(sub.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n");
      assertThat(pub.call("GET", "k")).as("the command ran").isEqualTo("$1\r\nv\r\n");
    }
  }

  @Test
  void skip_dropsTheNextReply_evenAnError() {
    try (TestClient c = new TestClient(server)) {
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("NOPE");
      assertThat(c.call("ECHO", "a")).isEqualTo("$1\r\na\r\n");
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("INCR", "n");
      assertThat(c.call("INCR", "n")).isEqualTo(":2\r\n");
      assertThat(c.hasUnread()).isFalse();
    }
  }

  @Test
  void ownPushesOfASkippedCommand_stillArrive() {
    try (TestClient c = new TestClient(server)) {
      c.call("HELLO", "3");
      c.call("SUBSCRIBE", "self");
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("PUBLISH", "self", "hi");
      assertThat(c.read()).isEqualTo(">3\r\n$7\r\nmessage\r\n$4\r\nself\r\n$2\r\nhi\r\n");
      assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void blockedCommandUnderSkip_getsNoReplyWhenServed() throws Exception {
    try (TestClient c = new TestClient(server); TestClient other = new TestClient(server)) {
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("BLPOP", "l", "0");
      c.send("PING");
      awaitBlocked(other, 1);
      assertThat(other.call("RPUSH", "l", "a")).isEqualTo(":1\r\n");
      assertThat(c.read()).as("BLPOP's reply is skipped").isEqualTo("+PONG\r\n");
      assertThat(other.call("EXISTS", "l")).as("it was served").isEqualTo(":0\r\n");
      assertThat(c.call("ECHO", "next")).isEqualTo("$4\r\nnext\r\n");
    }
  }

  @Test
  void blockedCommandsUnderOff_getNoReplyWhenServedOrTimedOut() throws Exception {
    try (TestClient c = new TestClient(server); TestClient other = new TestClient(server)) {
      c.send("CLIENT", "REPLY", "OFF");
      c.send("BRPOP", "l", "0");
      awaitBlocked(other, 1);
      other.call("RPUSH", "l", "a");
      c.send("XREAD", "BLOCK", "50", "STREAMS", "s", "$");
      c.send("WAIT", "1", "50");
      c.send("CLIENT", "REPLY", "ON");
      assertThat(c.read()).isEqualTo("+OK\r\n");
      assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(c.hasUnread()).isFalse();
    }
  }

  @Test
  void blockedCommandUnderSkip_unblockedWithAnError_getsNothing() throws Exception {
    try (TestClient c = new TestClient(server); TestClient other = new TestClient(server)) {
      String id = c.call("CLIENT", "ID").substring(1).trim();
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("BZPOPMIN", "z", "0");
      awaitBlocked(other, 1);
      assertThat(other.call("CLIENT", "UNBLOCK", id, "ERROR")).isEqualTo(":1\r\n");
      assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void commandHeldByClientPause_keepsItsSkip_evenWhenItBlocksOnceRun() throws Exception {
    try (TestClient c = new TestClient(server); TestClient other = new TestClient(server)) {
      other.call("CLIENT", "PAUSE", "100000", "WRITE");
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("SET", "k", "v");
      c.send("PING");
      c.send("CLIENT", "REPLY", "SKIP");
      c.send("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
      c.send("ECHO", "after");
      awaitBlocked(other, 1);
      other.call("CLIENT", "UNPAUSE");
      assertThat(c.read()).isEqualTo("+PONG\r\n");
      awaitBlocked(other, 1);
      other.call("RPUSH", "src", "x");
      assertThat(c.read()).isEqualTo("$5\r\nafter\r\n");
      assertThat(other.call("LRANGE", "dst", "0", "-1")).isEqualTo("*1\r\n$1\r\nx\r\n");
      assertThat(other.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
    }
  }

  private static void awaitBlocked(TestClient control, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!control.info("clients", "blocked_clients").equals(Integer.toString(n))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("blocked_clients never reached " + n);
      }
      Thread.sleep(5);
    }
  }
}
