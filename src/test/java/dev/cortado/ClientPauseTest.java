package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT PAUSE on a manual clock: a pause ends when the server's clock passes its end, not before,
 * and the commands it held run then, in order. Replies are compared with redis-server's in
 * conformance-tests (cases/client-pause.txt).
 */
class ClientPauseTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T05:06:07Z"));
  private CortadoServer server;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().clock(clock).build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** Nothing has come within a moment: the client is held. */
  private static void assertHeld(TestClient c) throws InterruptedException {
    Thread.sleep(150);
    assertThat(c.hasUnread()).as("held by the pause").isFalse();
  }

  @Test
  void pauseAll_holdsEveryClient_untilTheServersClockPassesItsEnd() throws Exception {
    try (TestClient admin = new TestClient(server); TestClient c = new TestClient(server)) {
      assertThat(admin.call("CLIENT", "PAUSE", "1000", "ALL")).isEqualTo("+OK\r\n");
      c.send("PING");
      admin.send("GET", "k"); // the pausing client waits too
      assertHeld(c);
      clock.advance(Duration.ofMillis(1000));
      assertHeld(c); // Redis ends it once its end is in the past, not at it
      clock.advance(Duration.ofMillis(1));
      assertThat(c.read()).isEqualTo("+PONG\r\n");
      assertThat(admin.read()).isEqualTo("$-1\r\n");
    }
  }

  @Test
  void pauseWrite_holdsWrites_countsThemBlocked_andRunsThemInOrderAtUnpause() throws Exception {
    try (TestClient admin = new TestClient(server); TestClient w1 = new TestClient(server);
        TestClient w2 = new TestClient(server)) {
      admin.call("CLIENT", "PAUSE", "100000", "WRITE");
      w1.send("SET", "k", "first");
      w1.send("GET", "k"); // behind the held SET, though a read
      assertHeld(w1);
      w2.send("SET", "k", "second");
      assertHeld(w2);
      assertThat(admin.call("GET", "k")).isEqualTo("$-1\r\n");
      assertThat(admin.bulk("INFO", "clients")).contains("blocked_clients:2\r\n");
      String list = admin.bulk("CLIENT", "LIST");
      assertThat(list).contains(" flags=b db=0 ").contains(" cmd=set ");
      assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
      assertThat(w1.read()).isEqualTo("+OK\r\n");
      assertThat(w1.read()).isEqualTo("$5\r\nfirst\r\n");
      assertThat(w2.read()).isEqualTo("+OK\r\n");
      assertThat(admin.call("GET", "k")).isEqualTo("$6\r\nsecond\r\n");
      assertThat(admin.bulk("INFO", "clients")).contains("blocked_clients:0\r\n");
    }
  }

  @Test
  void aLaterPauseKeepsTheLaterEndAndTheStricterType() throws Exception {
    try (TestClient admin = new TestClient(server); TestClient c = new TestClient(server)) {
      admin.call("CLIENT", "PAUSE", "1000", "ALL");
      c.send("CLIENT", "PAUSE", "10", "WRITE"); // itself held until the first pause ends
      assertHeld(c);
      clock.advance(Duration.ofMillis(1001));
      assertThat(c.read()).isEqualTo("+OK\r\n");
      admin.call("CLIENT", "PAUSE", "500", "WRITE");
      assertThat(admin.call("CLIENT", "PAUSE", "100", "ALL")).isEqualTo("+OK\r\n");
      c.send("PING");
      assertHeld(c);
      clock.advance(Duration.ofMillis(400));
      assertHeld(c); // ALL now, until the later end (500 ms)
      clock.advance(Duration.ofMillis(101));
      assertThat(c.read()).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void aHeldClientThatLeaves_andClientUnblock_doNotDisturbThePause() throws Exception {
    try (TestClient admin = new TestClient(server); TestClient gone = new TestClient(server);
        TestClient w = new TestClient(server)) {
      admin.call("CLIENT", "PAUSE", "100000", "WRITE");
      long id = Long.parseLong(w.call("CLIENT", "ID").substring(1).trim());
      gone.send("SET", "gone", "1");
      w.send("SET", "k", "1");
      assertHeld(w);
      gone.close();
      assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(":0\r\n");
      assertHeld(w);
      admin.call("CLIENT", "UNPAUSE");
      assertThat(w.read()).isEqualTo("+OK\r\n");
      assertThat(admin.call("EXISTS", "gone")).isEqualTo(":0\r\n");
    }
  }
}
