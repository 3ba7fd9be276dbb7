package dev.cortado;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for testing TTLs without waiting: a server built with it
 * counts TTLs down, expires keys and answers TIME by this clock alone.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * CortadoServer redis = CortadoServer.builder().clock(clock).build().start();
 * jedis.setex("session", 86_400, "abc");
 * clock.advance(Duration.ofHours(24).plusSeconds(1));
 * assertThat(jedis.exists("session")).isFalse();   // gone, and counted in INFO's expired_keys
 * }</pre>
 *
 * <p>It is a {@link java.time.Clock}, so the code under test can be given the same clock and agree
 * with the server about the time. Safe to use from any thread; one clock may drive several servers.
 * Moving it makes every server on it remove the keys that expired before the call returns. Its
 * resolution is a nanosecond; servers read it in milliseconds (TTLs) and microseconds (TIME).
 */
public final class ManualClock extends Clock {
  /** Servers convert the time to nanoseconds in a long: keep far from its limit (year 2262). */
  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private final Time time;
  private final ZoneId zone;

  /** A clock standing at the current wall-clock time, to the millisecond. */
  public ManualClock() {
    this(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  /** A clock standing at {@code start}, which {@link #reset()} returns to. */
  public ManualClock(Instant start) {
    this(new Time(nanos(start)), ZoneOffset.UTC);
  }

  private ManualClock(Time time, ZoneId zone) {
    this.time = time;
    this.zone = zone;
  }

  /**
   * Moves the clock forward; keys whose TTL ran out in between are expired on every server using it
   * by the time this returns.
   *
   * @throws IllegalArgumentException if {@code amount} is negative (use {@link #set} to go back)
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative duration: " + amount
          + "; use set(Instant) to move the clock back");
    }
    long step = amount.toNanos();
    time.nanos.getAndUpdate(now -> {
      long next = now + step;
      checkRange(next);
      return next;
    });
    time.changed();
  }

  /**
   * Puts the clock at an instant, forward or back. Going back lengthens the remaining TTLs; it never
   * revives a key that already expired.
   */
  public void set(Instant instant) {
    time.nanos.set(nanos(instant));
    time.changed();
  }

  /** Returns the clock to the instant it started at. */
  public void reset() {
    time.nanos.set(time.start);
    time.changed();
  }

  /** The instant the clock started at and {@link #reset()} returns to. */
  public Instant start() {
    return toInstant(time.start);
  }

  @Override
  public Instant instant() {
    return toInstant(time.nanos.get());
  }

  @Override
  public long millis() {
    return Math.floorDiv(time.nanos.get(), 1_000_000L);
  }

  /** Microseconds since the epoch, as TIME reports them. */
  long micros() {
    return Math.floorDiv(time.nanos.get(), 1_000L);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same clock seen in another zone: moving either moves both. */
  @Override
  public ManualClock withZone(ZoneId zone) {
    return zone.equals(this.zone) ? this : new ManualClock(time, zone);
  }

  /** Runs {@code listener} after every move of this clock; closing the handle stops that. */
  AutoCloseable onChange(Runnable listener) {
    time.listeners.add(listener);
    return () -> time.listeners.remove(listener);
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + (zone.equals(ZoneOffset.UTC) ? "" : ", " + zone) + "]";
  }

  private static long nanos(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          "a manual clock runs from " + Instant.EPOCH + " to " + LATEST + ", not " + instant);
    }
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static void checkRange(long nanos) {
    if (nanos < 0 || nanos > LATEST.getEpochSecond() * 1_000_000_000L) {
      throw new IllegalArgumentException("a manual clock runs until " + LATEST);
    }
  }

  private static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L));
  }

  /** The state shared by a clock and its views in other zones. */
  private static final class Time {
    final long start;
    final AtomicLong nanos;
    final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    Time(long start) {
      this.start = start;
      this.nanos = new AtomicLong(start);
    }

    void changed() {
      for (Runnable listener : listeners) {
        listener.run();
      }
    }
  }
}
