package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

class ManualClockTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void newClock_standsStillAtItsStart() {
    ManualClock clock = new ManualClock(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.start()).isEqualTo(START);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void defaultClock_startsAtTheWallClockTime() {
    long before = System.currentTimeMillis();
    ManualClock clock = new ManualClock();
    assertThat(clock.millis()).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void advance_movesForwardToTheNanosecond() {
    ManualClock clock = new ManualClock(START);
    clock.advance(Duration.ofHours(24).plusNanos(1500));
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(24)).plusNanos(1500));
    assertThat(clock.micros()).isEqualTo(START.getEpochSecond() * 1_000_000 + 86_400_000_001L);
  }

  @Test
  void advance_byNegativeDuration_isRejected() {
    ManualClock clock = new ManualClock(START);
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set(Instant)");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void set_goesBackOrForward_andResetReturnsToStart() {
    ManualClock clock = new ManualClock(START);
    clock.set(START.minusSeconds(3600));
    assertThat(clock.instant()).isEqualTo(START.minusSeconds(3600));
    clock.set(START.plusSeconds(7200));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(7200));
    clock.reset();
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void instantsOutsideTheSupportedRange_areRejected() {
    assertThatThrownBy(() -> new ManualClock(Instant.parse("1969-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class);
    ManualClock clock = new ManualClock(START);
    assertThatThrownBy(() -> clock.set(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.advance(Duration.ofDays(365L * 200)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void withZone_isAViewOfTheSameTime() {
    ManualClock clock = new ManualClock(START);
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(paris.instant()).isEqualTo(START.plusSeconds(300));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    paris.reset();
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }

  @Test
  void listeners_runAfterEveryMove_untilClosed() throws Exception {
    ManualClock clock = new ManualClock(START);
    AtomicInteger moves = new AtomicInteger();
    AutoCloseable subscription = clock.onChange(moves::incrementAndGet);
    clock.advance(Duration.ofSeconds(1));
    clock.set(START);
    clock.reset();
    assertThat(moves).hasValue(3);
    subscription.close();
    clock.advance(Duration.ofSeconds(1));
    assertThat(moves).hasValue(3);
  }

  @Test
  void isAJavaTimeClock_forTheCodeUnderTest() {
    java.time.Clock clock = new ManualClock(START);
    assertThat(Instant.now(clock)).isEqualTo(START);
    assertThat(clock).hasToString("ManualClock[2030-01-01T00:00:00Z]");
  }
}
