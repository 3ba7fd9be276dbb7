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

  /**
   * Redis 7.0 keeps the dataset still while clients are paused: a key whose time passes stays
   * (DBSIZE and INFO count it) but no read sees it, RANDOMKEY passes it over, and it expires, with
   * its event, once the pause is over. The same replies come from redis-server in
   * cases/client-pause.txt; here a pause ALL, which no client there could look inside, ends by time.
   */
  @Test
  void keysWhoseTimePassesDuringAPause_stayUnseen_andExpireWhenItEnds() throws Exception {
    try (TestClient admin = new TestClient(server); TestClient ev = new TestClient(server)) {
      admin.call("SET", "keep", "v");
      admin.call("SET", "k", "v", "PX", "100");
      admin.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
      ev.call("SUBSCRIBE", "__keyevent@0__:expired");
      admin.call("CLIENT", "PAUSE", "100000", "WRITE");
      clock.advance(Duration.ofMillis(200));
      assertThat(admin.call("GET", "k")).isEqualTo("$-1\r\n");
      assertThat(admin.call("EXISTS", "k", "keep")).isEqualTo(":1\r\n");
      assertThat(admin.call("TTL", "k")).isEqualTo(":-2\r\n");
      assertThat(admin.call("DBSIZE")).isEqualTo(":2\r\n");
      assertThat(admin.info("keyspace", "db0")).startsWith("keys=2,expires=1,");
      assertThat(admin.call("KEYS", "*")).isEqualTo("*1\r\n$4\r\nkeep\r\n");
      assertThat(admin.call("SCAN", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nkeep\r\n");
      for (int i = 0; i < 20; i++) {
        assertThat(admin.call("RANDOMKEY")).isEqualTo("$4\r\nkeep\r\n");
      }
      assertThat(admin.info("stats", "expired_keys")).isEqualTo("0");
      assertThat(ev.hasUnread()).isFalse();
      admin.call("CLIENT", "UNPAUSE");
      assertThat(admin.call("DBSIZE")).isEqualTo(":1\r\n");
      assertThat(admin.info("stats", "expired_keys")).isEqualTo("1");
      assertThat(ev.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n"
          + "$1\r\nk\r\n");

      // Under ALL nobody can look, but the key still waits for the pause's end on the clock.
      admin.call("SET", "k", "v", "PX", "100");
      admin.call("CLIENT", "PAUSE", "1000", "ALL");
      clock.advance(Duration.ofMillis(500));
      assertThat(server.data().size()).isEqualTo(2);
      assertThat(server.data().exists("k")).isFalse();
      clock.advance(Duration.ofMillis(501));
      assertThat(admin.call("DBSIZE")).isEqualTo(":1\r\n");
      assertThat(admin.info("stats", "expired_keys")).isEqualTo("2");
      admin.call("CONFIG", "SET", "notify-keyspace-events", "");
    }
  }

  /** With only kept keys left, RANDOMKEY answers nil (redis-server 7.0.15 loops forever). */
  @Test
  void randomKeyWithOnlyKeptKeys_isNil() throws Exception {
    try (TestClient admin = new TestClient(server)) {
      admin.call("SET", "k", "v", "PX", "100");
      admin.call("CLIENT", "PAUSE", "100000", "WRITE");
      clock.advance(Duration.ofMillis(200));
      assertThat(admin.call("RANDOMKEY")).isEqualTo("$-1\r\n");
      assertThat(admin.call("DBSIZE")).isEqualTo(":1\r\n");
      admin.call("CLIENT", "UNPAUSE");
      assertThat(admin.call("RANDOMKEY")).isEqualTo("$-1\r\n");
      assertThat(admin.call("DBSIZE")).isEqualTo(":0\r\n");
    }
  }

  /** Nothing is evicted while clients are paused; the first command after the pause evicts. */
  @Test
  void noEvictionDuringAPause() throws Exception {
    try (TestClient admin = new TestClient(server)) {
      admin.call("SET", "k1", "v");
      admin.call("SET", "k2", "v");
      admin.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
      admin.call("CLIENT", "PAUSE", "100000", "WRITE");
      assertThat(admin.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
      assertThat(admin.call("DBSIZE")).isEqualTo(":2\r\n");
      assertThat(admin.call("GET", "k1")).isEqualTo("$1\r\nv\r\n");
      admin.call("CLIENT", "UNPAUSE");
      assertThat(admin.call("DBSIZE")).isEqualTo(":0\r\n");
      assertThat(admin.info("stats", "evicted_keys")).isEqualTo("2");
    }
  }
}
