package dev.cortado.keyspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * One of the server's numbered databases: a Caffeine cache from binary key to typed value, with each
 * entry's TTL as Caffeine's variable expiry, read from the server's clock. Caffeine hides an expired
 * entry from every read, and {@link #activeExpire()} removes them in the background as Redis does.
 *
 * <p>Not thread-safe by design: every call happens on the server's event loop thread, which is what
 * makes each Redis command atomic. Removal callbacks run on that thread too.
 */
public final class Database {
  private final int index;
  private final Clock clock;
  private final Stats stats;
  /** The contents; SWAPDB exchanges it whole, FLUSHDB replaces it. */
  private Store store;

  public Database(int index, Clock clock, Stats stats) {
    this.index = index;
    this.clock = clock;
    this.stats = stats;
    reset();
  }

  private void reset() {
    store = new Store(clock, stats);
  }

  public int index() {
    return index;
  }

  /** The live value, or null; does not count hits or misses. */
  public Value get(byte[] key) {
    return store.cache.getIfPresent(new Key(key));
  }

  /** A read on behalf of a client command: counts a keyspace hit or miss, as Redis's INFO does. */
  public Value lookupRead(byte[] key) {
    Value v = store.cache.getIfPresent(new Key(key));
    if (v == null) {
      stats.keyspaceMisses++;
    } else {
      stats.keyspaceHits++;
      v.accessedAt = clock.millis();
    }
    return v;
  }

  public boolean exists(byte[] key) {
    return get(key) != null;
  }

  /** Stores a value with no TTL, replacing whatever the key held. */
  public void put(byte[] key, Value value) {
    put(key, value, Value.NO_EXPIRY);
  }

  /** Stores a value with a deadline (Unix ms, or {@link Value#NO_EXPIRY}). */
  public void put(byte[] key, Value value, long expiresAt) {
    value.expiresAt = expiresAt;
    value.accessedAt = clock.millis();
    Key k = new Key(key);
    store.cache.put(k, value);
    store.index.add(k);
  }

  /** Changes the deadline of a key that holds {@code value}; a deadline already passed deletes it. */
  public void setExpiry(byte[] key, Value value, long expiresAt) {
    Key k = new Key(key);
    if (expiresAt != Value.NO_EXPIRY && expiresAt <= clock.millis()) {
      store.cache.invalidate(k);
      store.index.remove(k);
      return;
    }
    value.expiresAt = expiresAt;
    store.expiration.setExpiresAfter(k, DeadlineExpiry.nanosUntil(expiresAt, clock.millis()),
        TimeUnit.NANOSECONDS);
  }

  /** Removes a key; returns the value it held, or null. */
  public Value remove(byte[] key) {
    Key k = new Key(key);
    Value old = store.cache.asMap().remove(k);
    store.index.remove(k);
    return old;
  }

  /** Number of live keys. */
  public long size() {
    store.cache.cleanUp();
    return store.cache.estimatedSize();
  }

  /** Keys with a deadline, for INFO's keyspace line. */
  public long expiringKeys() {
    long n = 0;
    for (Value v : store.cache.asMap().values()) {
      if (v.expiresAt != Value.NO_EXPIRY) {
        n++;
      }
    }
    return n;
  }

  /** Drops every key in O(1): the old cache is left to the garbage collector. */
  public void clear() {
    reset();
  }

  /** Removes expired entries now; the server calls this about ten times a second. */
  public void activeExpire() {
    store.cache.cleanUp();
  }

  public long now() {
    return clock.millis();
  }

  /** Exchanges the contents of two databases (SWAPDB). */
  public void swapWith(Database other) {
    Store mine = store;
    store = other.store;
    other.store = mine;
  }

  /** Live keys matching a glob pattern, in index order (KEYS). */
  public List<byte[]> keys(byte[] pattern) {
    boolean all = Glob.matchesAll(pattern);
    List<byte[]> result = new ArrayList<>();
    for (Iterator<Key> it = store.index.iterator(); it.hasNext(); ) {
      Key k = it.next();
      if (store.peek(k) == null) {
        it.remove();
        continue;
      }
      if (all || Glob.matches(pattern, k.bytes)) {
        result.add(k.bytes);
      }
    }
    return result;
  }

  /** One SCAN step: keys that pass the filter and the cursor to continue from (0 when done). */
  public record ScanPage(long cursor, List<byte[]> keys) {}

  /**
   * Visits about {@code count} keys from the cursor's position in hash order. Keys that share a hash
   * are never split across pages, so a key present for the whole scan is returned at least once.
   */
  public ScanPage scan(long cursor, long count, BiPredicate<byte[], Value> filter) {
    List<byte[]> keys = new ArrayList<>();
    long visited = 0;
    long lastHash = -1;
    long next = 0;
    for (Iterator<Key> it = store.index.tailSet(Key.firstAt(cursor), true).iterator(); it.hasNext(); ) {
      Key k = it.next();
      if (visited >= count && k.hash != lastHash) {
        next = k.hash;
        break;
      }
      visited++;
      lastHash = k.hash;
      Value v = store.peek(k);
      if (v == null) {
        it.remove();
      } else if (filter.test(k.bytes, v)) {
        keys.add(k.bytes);
      }
    }
    return new ScanPage(next, keys);
  }

  /** A random live key, or null when the database is empty. */
  public byte[] randomKey(Random random) {
    while (!store.index.isEmpty()) {
      Key k = store.index.ceiling(Key.firstAt(1 + random.nextLong(0x3fffffffffffffffL)));
      if (k == null) {
        k = store.index.first();
      }
      if (store.peek(k) != null) {
        return k.bytes;
      }
      store.index.remove(k);
    }
    return null;
  }

  /** A read-only view of live entries, for dumps and tests; keys are raw bytes. */
  public List<Map.Entry<byte[], Value>> entries() {
    List<Map.Entry<byte[], Value>> out = new ArrayList<>();
    store.cache.asMap().forEach((k, v) -> out.add(Map.entry(k.bytes, v)));
    return out;
  }

  /**
   * A cache with its SCAN index. The removal listener belongs to the store, not the database, so it
   * stays right when SWAPDB moves the store to another database number.
   */
  private static final class Store {
    final Cache<Key, Value> cache;
    final Policy.VarExpiration<Key, Value> expiration;
    /** Every key, ordered by hash, for SCAN cursors and RANDOMKEY; may briefly hold expired keys. */
    final TreeSet<Key> index = new TreeSet<>();
    private final Stats stats;

    Store(Clock clock, Stats stats) {
      this.stats = stats;
      this.cache = Caffeine.newBuilder()
          .executor(Runnable::run)
          .ticker(() -> clock.millis() * 1_000_000L)
          .expireAfter(new DeadlineExpiry(clock))
          .removalListener(this::onRemoval)
          .build();
      this.expiration = cache.policy().expireVariably().orElseThrow();
    }

    Value peek(Key k) {
      return cache.policy().getIfPresentQuietly(k);
    }

    private void onRemoval(Key key, Value value, RemovalCause cause) {
      if (cause == RemovalCause.EXPIRED) {
        stats.expiredKeys++;
        // The key may already hold a new value (a write that found the old one expired): keep it.
        if (key != null && peek(key) == null) {
          index.remove(key);
        }
      }
    }
  }

  /** Caffeine expiry that reads each value's own deadline. */
  private static final class DeadlineExpiry implements Expiry<Key, Value> {
    private final Clock clock;

    DeadlineExpiry(Clock clock) {
      this.clock = clock;
    }

    /**
     * Redis keeps a key alive through its deadline millisecond and drops it after; Caffeine drops an
     * entry at its deadline, hence the extra millisecond.
     */
    static long nanosUntil(long expiresAt, long now) {
      if (expiresAt == Value.NO_EXPIRY) {
        return Long.MAX_VALUE;
      }
      return Math.max(0, expiresAt - now + 1) * 1_000_000L;
    }

    @Override
    public long expireAfterCreate(Key key, Value value, long currentTime) {
      return nanosUntil(value.expiresAt, clock.millis());
    }

    @Override
    public long expireAfterUpdate(Key key, Value value, long currentTime, long currentDuration) {
      return nanosUntil(value.expiresAt, clock.millis());
    }

    @Override
    public long expireAfterRead(Key key, Value value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
