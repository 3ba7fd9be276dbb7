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
}
