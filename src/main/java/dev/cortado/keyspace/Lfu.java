package dev.cortado.keyspace;

import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Redis's LFU bookkeeping (evict.c): each value keeps an 8-bit logarithmic access counter and the
 * minute it was last decremented. An access first decays the counter by one per lfu-decay-time
 * minutes elapsed, then increments it with probability 1 / ((counter - 5) * lfu-log-factor + 1).
 * Time is the server's clock; the coin is the server's seeded random.
 *
 * <p>One per server, shared by its databases; it reads the policy and factors from the
 * configuration as they are now, so CONFIG SET takes effect at the next access.
 */
public final class Lfu {
  /** The LRU clock's largest value: it counts seconds in 24 bits (LRU_CLOCK_MAX). */
  static final long LRU_CLOCK_MAX = (1 << 24) - 1;
  /** A new key's counter (LFU_INIT_VAL). */
  static final int INIT = 5;

  private final BooleanSupplier enabled;
  private final LongSupplier logFactor;
  private final LongSupplier decayTime;
  private final Random random;

  /** Off: no LFU policy, as for a database used alone (tests). */
  static final Lfu OFF = new Lfu(() -> false, () -> 10, () -> 1, new Random(0));

  public Lfu(BooleanSupplier enabled, LongSupplier logFactor, LongSupplier decayTime,
      Random random) {
    this.enabled = enabled;
    this.logFactor = logFactor;
    this.decayTime = decayTime;
    this.random = random;
  }

  /** Whether an LFU maxmemory-policy is selected. */
  public boolean enabled() {
    return enabled.getAsBoolean();
  }

  /** Redis's LFUGetTimeInMinutes: Unix minutes, 16 bits. */
  static int minutes(long nowMillis) {
    return (int) ((nowMillis / 1000 / 60) & 65535);
  }

  /** A value stored for the first time: counter 5, decremented now (createObject). */
  static void init(Value v, long nowMillis) {
    if (v.lru < 0) {
      v.lru = minutes(nowMillis) << 8 | INIT;
    }
  }

  /**
   * An access or a creation while no LFU policy is selected: Redis stores the LRU clock (Unix
   * seconds, 24 bits) in the same field, so after a switch to LFU its low 8 bits read as the
   * counter and its high 16 as the decrement minute. Kept so that OBJECT FREQ right after a switch
   * answers what Redis answers (usually 0, decayed).
   */
  static void lruClock(Value v, long nowMillis) {
    v.lru = (int) ((nowMillis / 1000) & LRU_CLOCK_MAX);
  }

  /** LFUDecrAndReturn: the counter after the decay periods elapsed, not stored. */
  static int decremented(Value v, long nowMillis, long decayMinutes) {
    if (v.lru < 0) {
      return INIT;
    }
    int ldt = v.lru >>> 8;
    int now = minutes(nowMillis);
    long elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    long periods = decayMinutes > 0 ? elapsed / decayMinutes : 0;
    int counter = v.lru & 255;
    return periods > counter ? 0 : (int) (counter - periods);
  }

  /** An access (Redis's updateLFU): decay, then a logarithmic increment, stamped now. */
  void access(Value v, long nowMillis) {
    init(v, nowMillis);
    int counter = decremented(v, nowMillis, decayTime.getAsLong());
    if (counter < 255) {
      double base = Math.max(0, counter - INIT);
      double p = 1.0 / (base * logFactor.getAsLong() + 1);
      if (random.nextDouble() < p) {
        counter++;
      }
    }
    v.lru = minutes(nowMillis) << 8 | counter;
  }

  /** The counter as eviction ranks it now, with decay (the pool's 255 - counter). */
  int frequency(Value v, long nowMillis) {
    return decremented(v, nowMillis, decayTime.getAsLong());
  }
}
