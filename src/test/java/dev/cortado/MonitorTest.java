package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MONITOR through real sockets on a manual clock: each line's time is the server's clock to the
 * microsecond, and which client sent what. The lines' texts are compared with redis-server's in
 * conformance-tests (cases/monitor.txt).
 */
class MonitorTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T05:06:07.000123Z"));
  private CortadoServer server;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().clock(clock).build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String addr(TestClient c) {
    String info = c.bulk("CLIENT", "INFO");
    int at = info.indexOf(" addr=") + 6;
    return info.substring(at, info.indexOf(' ', at));
  }

  @Test
  void linesCarryTheServersClock_theDatabase_andTheSendersAddress() {
    try (TestClient mon = new TestClient(server); TestClient c = new TestClient(server)) {
      String from = addr(c);
      assertThat(mon.call("MONITOR")).isEqualTo("+OK\r\n");
      c.call("SET", "k", "v");
      assertThat(mon.read()).isEqualTo("+1772600767.000123 [0 " + from + "] \"SET\" \"k\" \"v\"\r\n");
      clock.advance(Duration.ofMillis(1500).plusNanos(2000));
      c.call("SELECT", "5");
      assertThat(mon.read()).isEqualTo("+1772600768.500125 [5 " + from + "] \"SELECT\" \"5\"\r\n");
      c.call("EVAL", "return redis.call('ping')", "0");
      assertThat(mon.read()).startsWith("+1772600768.500125 [5 " + from + "] \"EVAL\"");
      assertThat(mon.read()).isEqualTo("+1772600768.500125 [5 lua] \"ping\"\r\n");
    }
  }

  @Test
  void aMonitorGetsItsOwnReplyFirst_mayNotTouchKeys_andLeavesWithReset() {
    try (TestClient mon = new TestClient(server); TestClient c = new TestClient(server)) {
      mon.call("MONITOR");
      assertThat(mon.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(mon.read()).endsWith("] \"PING\"\r\n");
      assertThat(mon.call("GET", "k")).isEqualTo("-ERR Replica can't interact with the keyspace\r\n");
      assertThat(mon.call("CLIENT", "INFO")).contains(" flags=O ");
      assertThat(mon.read()).endsWith("] \"CLIENT\" \"INFO\"\r\n");
      mon.send("MONITOR"); // no answer at all
      assertThat(mon.call("ECHO", "x")).isEqualTo("$1\r\nx\r\n");
      assertThat(mon.read()).endsWith("] \"ECHO\" \"x\"\r\n");
      assertThat(mon.call("RESET")).isEqualTo("+RESET\r\n");
      c.call("SET", "k", "v");
      assertThat(mon.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
      assertThat(mon.hasUnread()).isFalse();
    }
  }

  @Test
  void aClosedMonitorIsForgotten() {
    TestClient mon = new TestClient(server);
    mon.call("MONITOR");
    mon.close();
    try (TestClient c = new TestClient(server)) {
      for (int i = 0; i < 50 && c.call("CLIENT", "LIST").contains("flags=O"); i++) {
        c.call("PING");
      }
      assertThat(c.call("CLIENT", "LIST")).doesNotContain("flags=O");
      assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
    }
  }
}
