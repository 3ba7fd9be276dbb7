package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams on a manual clock, where real Redis cannot follow: IDs from "*", BLOCK timeouts, idle and
 * delivery times. Replies and errors themselves are compared with redis-server in conformance-tests
 * (streams*.txt, blocking-streams.txt).
 */
class StreamClockTest {
  private static final Instant START = Instant.parse("2026-03-04T05:06:07Z");
  private static final long MS = START.toEpochMilli();
  private final ManualClock clock = new ManualClock(START);
  private CortadoServer server;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().clock(clock).build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  @Test
  void automaticIds_comeFromTheServersClock() {
    try (TestClient c = new TestClient(server)) {
      assertThat(c.call("XADD", "s", "*", "a", "1")).isEqualTo(bulk(MS + "-0"));
      assertThat(c.call("XADD", "s", "*", "a", "2")).isEqualTo(bulk(MS + "-1"));
      clock.advance(Duration.ofMillis(5));
      assertThat(c.call("XADD", "s", "*", "a", "3")).isEqualTo(bulk((MS + 5) + "-0"));
      assertThat(c.call("XADD", "s", (MS + 100) + "-7", "a", "4"))
          .isEqualTo(bulk((MS + 100) + "-7"));
      // A clock behind the last ID never makes an ID go back: the sequence goes on.
      assertThat(c.call("XADD", "s", "*", "a", "5")).isEqualTo(bulk((MS + 100) + "-8"));
      assertThat(c.call("XADD", "s", (MS + 100) + "-*", "a", "6"))
          .isEqualTo(bulk((MS + 100) + "-9"));
    }
  }

  @Test
  void xreadBlock_timesOutOnTheServersClock() throws InterruptedException {
    try (TestClient c = new TestClient(server); TestClient admin = new TestClient(server)) {
      c.send("XREAD", "BLOCK", "1500", "STREAMS", "s", "$");
      c.send("PING");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      clock.advance(Duration.ofMillis(1499));
      Thread.sleep(50);
      assertThat(c.hasUnread()).isFalse();
      clock.advance(Duration.ofMillis(2));
      assertThat(c.read()).isEqualTo("*-1\r\n");
      assertThat(c.read()).isEqualTo("+PONG\r\n");
      c.send("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      clock.advance(Duration.ofDays(30));
      assertThat(c.hasUnread()).isFalse();
      admin.call("XADD", "s", "1-1", "f", "v");
      assertThat(c.read()).isEqualTo(
          "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    }
  }

  @Test
  void idleAndDeliveryTimes_followTheClock() {
    try (TestClient c = new TestClient(server)) {
      c.call("XADD", "s", "1-1", "a", "1");
      c.call("XGROUP", "CREATE", "s", "g", "0");
      c.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">");
      clock.advance(Duration.ofMillis(250));
      assertThat(c.call("XPENDING", "s", "g", "-", "+", "10")).isEqualTo(
          "*1\r\n*4\r\n$3\r\n1-1\r\n$5\r\nalice\r\n:250\r\n:1\r\n");
      assertThat(c.call("XINFO", "CONSUMERS", "s", "g")).isEqualTo(
          "*1\r\n*6\r\n$4\r\nname\r\n$5\r\nalice\r\n$7\r\npending\r\n:1\r\n$4\r\nidle\r\n:250\r\n");
      // Too recent for a claim of 300 ms idle; claimable after 50 ms more.
      assertThat(c.call("XCLAIM", "s", "g", "bob", "300", "1-1", "JUSTID")).isEqualTo("*0\r\n");
      clock.advance(Duration.ofMillis(50));
      assertThat(c.call("XCLAIM", "s", "g", "bob", "300", "1-1", "JUSTID"))
          .isEqualTo("*1\r\n$3\r\n1-1\r\n");
      assertThat(c.call("XPENDING", "s", "g", "IDLE", "1", "-", "+", "10")).isEqualTo("*0\r\n");
      clock.advance(Duration.ofMillis(10));
      assertThat(c.call("XAUTOCLAIM", "s", "g", "carol", "10", "0", "JUSTID"))
          .isEqualTo("*3\r\n$3\r\n0-0\r\n*1\r\n$3\r\n1-1\r\n*0\r\n");
      String full = c.call("XINFO", "STREAM", "s", "FULL");
      assertThat(full).contains(":" + (MS + 310) + "\r\n"); // carol's delivery and seen time
    }
  }

  @Test
  void redisData_readsStreams_andAssertionsSeeThem() {
    try (TestClient c = new TestClient(server)) {
      c.call("XADD", "s", "1-1", "a", "1", "b", "2");
      c.call("XADD", "s", "2-1", "a", "3");
    }
    Map<String, Map<String, String>> entries = server.data().xrange("s");
    assertThat(entries).containsOnlyKeys("1-1", "2-1");
    assertThat(entries.get("1-1")).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(server.data().xrange("nokey")).isEmpty();
    assertThat(server.data().dump())
        .isEqualTo("db 0, 1 key:\n  \"s\" stream {1-1: [\"a\", \"1\", \"b\", \"2\"], 2-1: [\"a\", \"3\"]}");
    dev.cortado.assertj.CortadoAssertions.assertThat(server).key("s").hasType("stream").hasSize(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        dev.cortado.assertj.CortadoAssertions.assertThat(server).key("s").hasSize(3))
        .hasMessageContaining("2");
    assertThat(List.of(server.data().xrange("s").keySet().toArray())).containsExactly("1-1", "2-1");
  }

  private static boolean waitForBlocked(TestClient info, int n) {
    for (int i = 0; i < 300; i++) {
      if (info.info("clients", "blocked_clients").equals(String.valueOf(n))) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
