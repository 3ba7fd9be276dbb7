package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

/** A server on a manual clock: TTLs, expiry, TIME and EXPIRETIME all follow it. */
class ServerClockTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00.123456789Z");
  private final ManualClock clock = new ManualClock(START);
  private final CortadoServer server = CortadoServer.builder().clock(clock).build().start();
  private final TestClient client = new TestClient(server);

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  void dayLongTtl_countsDownAndExpires_whenTheClockMoves() {
    client.call("SET", "session", "abc", "EX", "86400");
    clock.advance(Duration.ofHours(23));
    assertThat(client.call("TTL", "session")).isEqualTo(":3600\r\n");
    clock.advance(Duration.ofHours(1));
    assertThat(client.call("GET", "session")).isEqualTo("$3\r\nabc\r\n"); // alive through its deadline
    clock.advance(Duration.ofMillis(1));
    assertThat(client.call("GET", "session")).isEqualTo("$-1\r\n");
    assertThat(client.call("EXISTS", "session")).isEqualTo(":0\r\n");
  }

  @Test
  void advance_removesExpiredKeysBeforeReturning() {
    client.call("SET", "a", "1", "PX", "1000");
    client.call("SET", "b", "2", "PX", "5000");
    client.call("SET", "c", "3");
    clock.advance(Duration.ofSeconds(2));
    // INFO stats reads the counter without touching any database: only the expiry pass that
    // advance ran can have counted the key.
    assertThat(client.info("stats", "expired_keys")).isEqualTo("1");
    clock.advance(Duration.ofSeconds(10));
    assertThat(client.info("stats", "expired_keys")).isEqualTo("2");
    assertThat(client.call("DBSIZE")).isEqualTo(":1\r\n");
  }

  @Test
  void directReads_seeKeysExpired() {
    server.data().set("k", "v", Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(31));
    assertThat(server.data().get("k")).isNull();
    assertThat(server.data().exists("k")).isFalse();
    assertThat(server.data().keys()).isEmpty();
  }

  @Test
  void time_isTheClocksTime_toTheMicrosecond() {
    assertThat(client.call("TIME")).isEqualTo(
        "*2\r\n$10\r\n" + START.getEpochSecond() + "\r\n$6\r\n123456\r\n");
    clock.advance(Duration.ofSeconds(10).plusNanos(1000));
    assertThat(client.call("TIME")).isEqualTo(
        "*2\r\n$10\r\n" + (START.getEpochSecond() + 10) + "\r\n$6\r\n123457\r\n");
  }

  @Test
  void expireTime_agreesWithTime() {
    client.call("SET", "k", "v");
    client.call("EXPIRE", "k", "100");
    assertThat(client.call("EXPIRETIME", "k")).isEqualTo(":" + (START.getEpochSecond() + 100) + "\r\n");
    assertThat(client.call("PEXPIRETIME", "k"))
        .isEqualTo(":" + (START.toEpochMilli() + 100_000) + "\r\n");
    assertThat(server.data().expiresAt("k")).contains(Instant.ofEpochMilli(START.toEpochMilli() + 100_000));
  }

  @Test
  void expireAt_inTheClocksFuture_isAliveUntilThen() {
    long at = START.getEpochSecond() + 3600;
    client.call("SET", "k", "v");
    assertThat(client.call("EXPIREAT", "k", Long.toString(at))).isEqualTo(":1\r\n");
    clock.set(Instant.ofEpochSecond(at).minusMillis(1));
    assertThat(server.data().exists("k")).isTrue();
    clock.set(Instant.ofEpochSecond(at).plusMillis(1));
    assertThat(server.data().exists("k")).isFalse();
  }

  @Test
  void movingTheClockBack_lengthensTtls() {
    client.call("SET", "k", "v", "EX", "100");
    clock.set(START.minusSeconds(3600));
    assertThat(client.call("TTL", "k")).isEqualTo(":3700\r\n");
    clock.advance(Duration.ofSeconds(3699));
    assertThat(client.call("TTL", "k")).isEqualTo(":1\r\n");
    clock.advance(Duration.ofSeconds(2));
    assertThat(client.call("EXISTS", "k")).isEqualTo(":0\r\n");
  }

  @Test
  void reset_rewindsTheClockAndEmptiesEveryDatabase() {
    client.call("SET", "a", "1");
    server.data(3).set("b", "2");
    clock.advance(Duration.ofDays(2));
    server.reset();
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(server.data().size()).isZero();
    assertThat(server.data(3).size()).isZero();
    assertThat(client.call("SET", "c", "3", "EX", "10")).isEqualTo("+OK\r\n");
    clock.advance(Duration.ofSeconds(11));
    assertThat(client.call("GET", "c")).isEqualTo("$-1\r\n");
  }

  @Test
  void oneClock_drivesSeveralServers_andStoppedOnesAreLeftAlone() {
    try (CortadoServer other = CortadoServer.builder().clock(clock).build().start();
        CortadoServer stopped = CortadoServer.builder().clock(clock).build().start()) {
      stopped.stop();
      server.data().set("k", "v", Duration.ofSeconds(1));
      other.data().set("k", "v", Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(2));
      assertThat(server.data().exists("k")).isFalse();
      assertThat(other.data().exists("k")).isFalse();
      try (TestClient c = new TestClient(other)) {
        assertThat(c.info("stats", "expired_keys")).isEqualTo("1");
      }
    }
  }

  @Test
  void clock_isTheOneGiven_orTheSystemClock() {
    assertThat(server.clock()).isSameAs(clock);
    try (CortadoServer system = CortadoServer.builder().build()) {
      assertThat(system.clock().millis()).isCloseTo(System.currentTimeMillis(),
          org.assertj.core.data.Offset.offset(60_000L));
    }
  }

  @Test
  void anyJavaTimeClock_drivesTheServer() {
    java.time.Clock fixed = java.time.Clock.fixed(START, java.time.ZoneOffset.UTC);
    try (CortadoServer s = CortadoServer.builder().clock(fixed).build().start();
        TestClient c = new TestClient(s)) {
      assertThat(c.call("TIME")).isEqualTo(
          "*2\r\n$10\r\n" + START.getEpochSecond() + "\r\n$6\r\n123456\r\n");
    }
  }
}
