package dev.cortado.keyspace;

/**
 * A typed value in the keyspace with its expiry deadline; subclasses add the data.
 *
 * <p>Sealed, so that no type reaches the keyspace unseen. A new type (streams come next) is added
 * to {@code permits} and implements the abstract methods below (TYPE, OBJECT ENCODING, COPY); then
 * it needs a branch where the types are told apart, each of which fails loudly without one:
 * {@code Dump.value} (RedisData.dump and failed assertions), and typed accessors in RedisData and
 * KeyAssert if tests are to read it directly.
 */
public abstract sealed class Value
    permits StringValue, HashValue, SetValue, ListValue, ZSetValue, StreamValue {
  public static final long NO_EXPIRY = -1;

  /** Unix time in ms after which the key is gone, or {@link #NO_EXPIRY}. Set through Database. */
  long expiresAt = NO_EXPIRY;
  /** Last access in Unix ms of the server clock, for OBJECT IDLETIME. Set through Database. */
  long accessedAt;
  /**
   * Redis's 24-bit robj.lru, for eviction and OBJECT FREQ: the LRU clock (Unix seconds) while no
   * LFU policy is selected, else the minute of the last decrement (16 bits) and the logarithmic
   * access counter (8 bits), as Redis reuses one field for both; -1 until first stored.
   */
  int lru = -1;
  /**
   * Bytes this value and its key count for in its database's used memory (0 in none), unsigned;
   * all ones for 4 GiB or more, whose exact figure the database keeps aside. An int, not a long:
   * with it a small string's object fits in 48 bytes instead of 56 (issue #16).
   */
  int memory;
  /** The value changed since it was measured: {@link Database} measures it again when asked. */
  boolean memoryStale;

  /** The name TYPE reports: "string", "hash", "set"... */
  public abstract String typeName();

  /** The name OBJECT ENCODING reports. */
  public abstract String encoding();

  /** A deep copy for COPY: the copy shares nothing mutable with this value. */
  public abstract Value copy();

  public final long expiresAt() {
    return expiresAt;
  }

  /** When a command last read or wrote this value (Unix ms), for OBJECT IDLETIME. */
  public final long accessedAt() {
    return accessedAt;
  }

  /**
   * OBJECT IDLETIME: seconds since the LRU clock stored in the value (estimateObjectIdleTime, with
   * the clock's 24-bit wrap). After a switch from an LFU policy the field holds LFU data, which
   * Redis reads as a clock all the same.
   */
  public final long lruIdleSeconds(long nowMillis) {
    long clock = (nowMillis / 1000) & Lfu.LRU_CLOCK_MAX;
    long stored = lru < 0 ? clock : lru;
    return clock >= stored ? clock - stored : clock + (Lfu.LRU_CLOCK_MAX - stored);
  }

  /**
   * OBJECT FREQ: the LFU counter decremented by the periods of {@code decayMinutes} elapsed since it
   * was last decremented (Redis's LFUDecrAndReturn), without storing the decrement.
   */
  public final int lfuFrequency(long nowMillis, long decayMinutes) {
    return Lfu.decremented(this, nowMillis, decayMinutes);
  }

  /** A container left with no element (Redis deletes it); a string never is. */
  public boolean isEmpty() {
    return false;
  }
}
