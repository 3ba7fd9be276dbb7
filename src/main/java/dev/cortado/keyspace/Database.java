package dev.cortado.keyspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * One of the server's numbered databases: a Caffeine cache from binary key to typed value; each
 * value carries its own deadline, read against the server's clock.
 *
 * <p>Expiry: each database keeps its deadlines in order, and every operation first removes the keys
 * whose deadline has passed (counting them in expired_keys): as exact as Redis's lazy plus active
 * expiry, and deterministic under a manual clock. Every read goes through that step, so no read
 * returns a value past its deadline. Caffeine's own variable expiry would add nothing to this, and
 * loading its bounded cache and timer wheel costs the first start in a fresh JVM about 20 ms, so the
 * cache is built without it.
 *
 * <p>The SCAN index orders keys by a stable 62-bit hash; a cursor is a position in that hash space,
 * so it survives any inserts and deletes between calls, and a call costs about COUNT steps.
 *
 * <p>WATCH: each database number keeps the clients watching its keys. Every change to a key signals
 * it: {@link #put} and {@link #setExpiry} directly, every removal (DEL, expiry, replacement by
 * another path) through the store's removal listener, in-place changes through
 * {@link #signalModified}. With no watched key a signal costs one empty-map check.
 *
 * <p>Not thread-safe by design: every call happens on the server's event loop thread, which is what
 * makes each Redis command atomic. Removal callbacks run on that thread too.
 */
public final class Database {
  /** Hashes are 62 bits, so a cursor above this (as an unsigned number) is past the end. */
  public static final long MAX_CURSOR = Key.MAX_HASH;

  private final int index;
  private final Clock clock;
  private final Stats stats;
  /** The contents; SWAPDB exchanges it whole, FLUSHDB replaces it. */
  private Store store;
  /** A cluster node's database keeps its keys by hash slot. */
  private boolean slotsTracked;
  /** Told of every change to a key (Redis's signalModifiedKey): client-side caching's invalidations. */
  private java.util.function.Consumer<byte[]> changes = key -> {};
  /** Where this database's keyspace events go (the server's pub/sub). */
  private KeyspaceEvents.Sink events = KeyspaceEvents.Sink.NONE;
  /** True while a CLIENT NO-TOUCH client's command runs: reads then leave OBJECT IDLETIME alone. */
  private BooleanSupplier touchSuppressed = () -> false;
  /** The server's LFU bookkeeping: accesses update a value's counter while an LFU policy is on. */
  private Lfu lfu = Lfu.OFF;
  /**
   * Who watches which key of this database number. It stays with the number when SWAPDB moves the
   * contents, as Redis keeps a client's watch in the database it selected.
   */
  private final Map<Key, List<Watcher>> watchers = new HashMap<>();
  /**
   * Clients blocked on keys of this database number (BLPOP, BZPOPMIN...), first come first, per key.
   * Like watches they stay with the number through SWAPDB. A set keeps insertion order and removes
   * a client that leaves in O(1).
   */
  private final Map<Key, java.util.LinkedHashSet<Waiter>> waiters = new HashMap<>();
  /** Keys with waiters that got a value and are not yet served (Redis's db->ready_keys). */
  private final java.util.Set<Key> readyKeys = new java.util.HashSet<>();
  /** Told of each key that becomes ready, once until it is served. */
  private ReadyListener ready = (db, key) -> {};

  /** A client blocked until a key of this database can serve it; the command layer defines it. */
  public interface Waiter {}

  /** Hears of a key with waiters that got a value (Redis's signalKeyAsReady). */
  public interface ReadyListener {
    void ready(Database db, byte[] key);
  }

  public Database(int index, Clock clock, Stats stats) {
    this.index = index;
    this.clock = clock;
    this.stats = stats;
    reset();
  }

  private void reset() {
    store = new Store(this, clock, stats);
    if (slotsTracked) {
      store.slots = new SlotIndex();
    }
  }

  /** A cluster node's database: from now on it knows the keys of each hash slot. */
  public void trackSlots() {
    slotsTracked = true;
    store.slots = new SlotIndex();
    store.index.forEach(store.slots::add);
  }

  /** CLUSTER COUNTKEYSINSLOT; 0 unless {@link #trackSlots} was called. */
  public int countKeysInSlot(int slot) {
    store.expireDue();
    return store.slots == null ? 0 : store.slots.count(slot);
  }

  /** CLUSTER GETKEYSINSLOT: up to {@code max} keys of the slot, newest first. */
  public List<byte[]> keysInSlot(int slot, int max) {
    store.expireDue();
    return store.slots == null ? List.of() : store.slots.keys(slot, max);
  }

  /** Lets the server say when reads must not update access times (CLIENT NO-TOUCH). */
  public void suppressTouchWhen(BooleanSupplier condition) {
    this.touchSuppressed = condition;
  }

  /** Shares the server's LFU bookkeeping with this database. */
  public void useLfu(Lfu lfu) {
    this.lfu = lfu;
  }

  private void touch(Value v) {
    if (!touchSuppressed.getAsBoolean()) {
      v.accessedAt = clock.millis();
      if (lfu.enabled()) {
        lfu.access(v, v.accessedAt); // Redis's updateLFU in lookupKey
      } else {
        Lfu.lruClock(v, v.accessedAt);
      }
    }
  }

  public int index() {
    return index;
  }

  /** Sets who hears of every change to a key of this database. */
  public void sendChangesTo(java.util.function.Consumer<byte[]> listener) {
    this.changes = listener;
  }

  /** Sets where this database's keyspace events go. */
  public void sendEventsTo(KeyspaceEvents.Sink sink) {
    this.events = sink;
  }

  /**
   * A keyspace event about a key of this database (Redis's notifyKeyspaceEvent): a command calls it
   * after its change, with Redis's event name; nothing is published unless the class is enabled.
   */
  public void notify(int type, String event, byte[] key) {
    events.notify(type, event, key, index);
  }

  /**
   * The last key made, reused when the same argument array comes again: a command usually reads
   * its key and then writes it (SET, INCR), and the key's 62-bit hash is then computed once.
   */
  private Key lastKey;

  private Key key(byte[] bytes) {
    Key k = lastKey;
    if (k == null || k.bytes != bytes) {
      k = new Key(bytes);
      lastKey = k;
    }
    return k;
  }

  /** The live value, or null; does not count hits or misses nor touch the access time. */
  public Value get(byte[] key) {
    store.expireDue();
    return store.cache.getIfPresent(key(key));
  }

  /**
   * A read on behalf of a client command (Redis's lookupKeyRead): counts a keyspace hit or miss for
   * INFO and touches the access time.
   */
  public Value lookupRead(byte[] key) {
    Value v = lookupReadNoTouch(key);
    if (v != null) {
      touch(v);
    }
    return v;
  }

  /** A read that counts a hit or miss but leaves the access time (EXISTS, TYPE, TTL, OBJECT). */
  public Value lookupReadNoTouch(byte[] key) {
    return countedLookup(key, true);
  }

  /** OBJECT's lookup: counts a hit or miss, but sends no "keymiss" event and leaves the access time. */
  public Value lookupReadNoNotify(byte[] key) {
    return countedLookup(key, false);
  }

  /** A read's lookup: counts a keyspace hit or miss, and a miss is a "keymiss" event if asked. */
  private Value countedLookup(byte[] key, boolean missEvent) {
    Value v = get(key);
    if (v == null) {
      stats.keyspaceMisses++;
      if (missEvent) {
        events.notify(KeyspaceEvents.KEY_MISS, "keymiss", key, index);
      }
    } else {
      stats.keyspaceHits++;
    }
    return v;
  }

  /** A lookup before a write: touches the access time, counts no hit or miss (as Redis). */
  public Value lookupWrite(byte[] key) {
    Value v = get(key);
    if (v != null) {
      touch(v);
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

  /**
   * Stores a value with a deadline (Unix ms, or {@link Value#NO_EXPIRY}), replacing whatever the key
   * held. A deadline already passed makes a key that the next operation finds expired.
   */
  public void put(byte[] key, Value value, long expiresAt) {
    store.expireDue();
    long previous = value.expiresAt;
    value.expiresAt = expiresAt;
    value.accessedAt = clock.millis();
    Key k = key(key);
    if (!lfu.enabled()) {
      Lfu.lruClock(value, value.accessedAt);
    } else if (value.lru < 0) {
      Lfu.init(value, value.accessedAt); // createObject: LFU_INIT_VAL, stamped now
    }
    Value old = store.cache.asMap().put(k, value);
    if (old != value) {
      value.memory = 0; // counted nowhere yet: the next count adds all of it
      if (old != null && lfu.enabled()) {
        value.lru = old.lru; // an overwrite keeps the old object's LFU data (dbSetValue)
      }
    }
    markMemoryStale(k, value);
    if (old == null) {
      store.index.add(k); // a key replaced is already there
      if (store.slots != null) {
        store.slots.add(k);
      }
      events.notify(KeyspaceEvents.NEW, "new", key, index); // Redis's dbAdd
      if (!waiters.isEmpty()) {
        signalReady(k); // as Redis's dbAdd: only a key created wakes its waiters
      }
    }
    // Caffeine reports no removal when a value replaces itself: drop its old deadline here.
    if (old == value && previous != Value.NO_EXPIRY && previous != expiresAt) {
      store.deadlines.remove(new Deadline(previous, k));
    }
    if (expiresAt != Value.NO_EXPIRY) {
      store.deadlines.add(new Deadline(expiresAt, k));
    }
    touchWatched(k);
  }

  /**
   * Changes the deadline of a key that holds {@code value} ({@link Value#NO_EXPIRY} removes it). A
   * deadline already passed deletes the key without counting it as expired, as EXPIRE does.
   * Removing a deadline from a key that has none is no change, so WATCH does not see it.
   */
  public void setExpiry(byte[] key, Value value, long expiresAt) {
    store.expireDue();
    Key k = key(key);
    if (expiresAt != Value.NO_EXPIRY && expiresAt <= clock.millis()) {
      store.cache.invalidate(k); // the removal listener signals WATCH
      return;
    }
    boolean persistingPersistent =
        expiresAt == Value.NO_EXPIRY && value.expiresAt == Value.NO_EXPIRY;
    if (!persistingPersistent) {
      touchWatched(k); // Redis signals a new deadline even when it equals the old one
      markMemoryStale(k, value);
    }
    if (value.expiresAt != Value.NO_EXPIRY) {
      store.deadlines.remove(new Deadline(value.expiresAt, k));
    }
    value.expiresAt = expiresAt;
    if (expiresAt != Value.NO_EXPIRY) {
      store.deadlines.add(new Deadline(expiresAt, k));
    }
  }

  /**
   * The one routine after a command changed a container in place (HDEL, SREM, SPOP...; lists and
   * sorted sets next), called after the command's own keyspace event: a container left empty is
   * deleted with Redis's "del" event, as an empty one does not exist; otherwise the change is
   * signalled (WATCH, client-side caching).
   */
  public void changedInPlace(byte[] key, Value value) {
    if (value.isEmpty()) {
      remove(key);
      notify(KeyspaceEvents.GENERIC, "del", key);
    } else {
      signalModified(key);
    }
  }

  /**
   * Puts another object at a live key without it counting as a change: same deadline and access
   * time, no WATCH signal, no invalidation, no event. For what Redis does to an object in place
   * without signalModifiedKey (dbUnshareStringValue turning a string "raw", PFDEBUG TODENSE).
   */
  public void replaceQuietly(byte[] key, Value value) {
    Value old = get(key);
    if (old == null) {
      return;
    }
    value.expiresAt = old.expiresAt;
    value.accessedAt = old.accessedAt;
    value.lru = old.lru;
    value.memory = 0;
    Key k = key(key);
    // A REPLACED removal neither signals WATCH nor drops the (equal) deadline.
    store.cache.asMap().put(k, value);
    markMemoryStale(k, value);
  }

  /**
   * Says that a command changed the value at a key in place (HSET, SADD...), for WATCH. Writes through
   * {@link #put}, {@link #remove} and {@link #setExpiry} need no separate call.
   */
  public void signalModified(byte[] key) {
    Key k = key(key);
    touchWatched(k);
    Value v = store.peek(k);
    if (v != null) {
      markMemoryStale(k, v);
    }
  }

  // ------------------------------------------------------------------ memory

  /**
   * A value's size changed (or it is new): its share of used memory is recomputed when next asked,
   * so a key changed many times between two questions is measured once.
   */
  private void markMemoryStale(Key k, Value v) {
    if (v.memory >= 0) {
      v.memory |= Long.MIN_VALUE; // stale: measured again when next asked
      store.stale.add(new Stale(k, v));
      if (store.stale.size() > STALE_LIMIT) {
        store.countStale(listFill);
      }
    }
  }

  /** A changed value waiting to be measured, with the key it is stored under. */
  private record Stale(Key key, Value value) {}

  /** Changed keys remembered before they are measured anyway, to bound the list. */
  private static final int STALE_LIMIT = 1024;
  /** list-max-listpack-size as last given: it lays out a list's quicklist nodes. */
  private int listFill = -2;

  /**
   * This database's share of used_memory, as Redis would have allocated it: every key's MEMORY
   * USAGE (five samples, as Redis's default), its entry in the expires dict, and the buckets of
   * both dicts. Kept as a running total; only keys changed since the last call are measured again.
   */
  public long usedMemory(int listFill) {
    store.expireDue();
    this.listFill = listFill;
    store.countStale(listFill);
    long keys = store.cache.estimatedSize();
    return store.memory + 8 * MemoryUsage.slots(keys)
        + 8 * MemoryUsage.slots(store.deadlines.size());
  }

  /** MEMORY STATS's overhead.hashtable.main: entries, buckets and objects of the keyspace dict. */
  public long mainDictOverhead() {
    long keys = size();
    return keys * MemoryUsage.DICT_ENTRY + 8 * MemoryUsage.slots(keys) + keys * MemoryUsage.ROBJ;
  }

  /** MEMORY STATS's overhead.hashtable.expires: entries and buckets of the expires dict. */
  public long expiresDictOverhead() {
    long n = expiringKeys();
    return n * MemoryUsage.DICT_ENTRY + 8 * MemoryUsage.slots(n);
  }

  /**
   * MEMORY USAGE of a live key (null when missing): key, dict entry and value as Redis's
   * objectComputeSize counts them, sampling up to {@code samples} elements (0 or less: all).
   */
  public Long memoryUsage(byte[] key, long samples, int listFill) {
    Value v = get(key);
    return v == null ? null : MemoryUsage.of(key, v, samples, listFill);
  }

  /**
   * Up to {@code count} live keys taken in hash order from a random point, as Redis's
   * dictGetSomeKeys walks its buckets from a random one; with {@code volatileOnly}, only keys with
   * a deadline, looking at no more than ten times {@code count} keys. Each is given with its value.
   */
  public void sampleKeys(int count, boolean volatileOnly, Random random,
      BiConsumer<byte[], Value> out) {
    store.expireDue();
    if (store.index.isEmpty() || (volatileOnly && store.deadlines.isEmpty())) {
      return;
    }
    int found = 0;
    int steps = 0;
    int maxSteps = volatileOnly ? count * 10 : Integer.MAX_VALUE;
    long total = store.index.size();
    Key start = store.index.ceiling(Key.firstAt(1 + random.nextLong(MAX_CURSOR)));
    Iterator<Key> it = start == null ? store.index.iterator()
        : store.index.tailSet(start, true).iterator();
    boolean wrapped = start == null;
    while (found < count && steps < maxSteps && steps < total) {
      if (!it.hasNext()) {
        if (wrapped) {
          break;
        }
        wrapped = true;
        it = store.index.iterator();
        continue;
      }
      Key k = it.next();
      steps++;
      Value v = store.peek(k);
      if (v != null && (!volatileOnly || v.expiresAt != Value.NO_EXPIRY)) {
        out.accept(k.bytes, v);
        found++;
      }
    }
    if (found == 0 && volatileOnly) {
      // Few keys have a deadline among many: take those due soonest rather than none.
      for (Deadline d : store.deadlines) {
        Value v = store.peek(d.key);
        if (v != null) {
          out.accept(d.key.bytes, v);
          if (++found == count) {
            break;
          }
        }
      }
    }
  }

  /** Whether the database holds keys an eviction policy may take (any, or only volatile ones). */
  public boolean hasEvictable(boolean volatileOnly) {
    store.expireDue();
    return volatileOnly ? !store.deadlines.isEmpty() : !store.index.isEmpty();
  }

  /**
   * Evicts a key (performEvictions): deleted, counted in evicted_keys, signalled (WATCH, tracking)
   * and announced with Redis's "evicted" event. Returns the bytes of used memory it freed.
   */
  public long evict(byte[] key) {
    Value v = get(key);
    if (v == null) {
      return 0;
    }
    long before = usedMemory(listFill);
    remove(key);
    stats.evictedKeys++;
    events.notify(KeyspaceEvents.EVICTED, "evicted", key, index);
    return before - usedMemory(listFill);
  }

  /** The LRU clock's idle time of a value in ms, whole seconds as Redis's estimateObjectIdleTime. */
  public long idleMillis(Value v) {
    return v.lruIdleSeconds(clock.millis()) * 1000;
  }

  /** The LFU counter of a value as eviction ranks it now (decayed, not stored). */
  public int lfuFrequency(Value v) {
    return lfu.frequency(v, clock.millis());
  }

  /**
   * A key changed: tells the clients watching it (WATCH) and the change listener (client-side
   * caching). Cheap when nothing is watched nor tracked.
   */
  private void touchWatched(Key k) {
    changes.accept(k.bytes);
    if (watchers.isEmpty()) {
      return;
    }
    List<Watcher> watching = watchers.get(k);
    if (watching != null) {
      // keyChanged() unwatches, which edits this list: iterate a copy.
      for (Watcher w : watching.toArray(new Watcher[0])) {
        w.keyChanged();
      }
    }
  }

  /**
   * FLUSHDB and SWAPDB (Redis's touchAllWatchedKeysInDb): a watched key changes when it exists in
   * any of the given stores; one that exists in none stays unchanged.
   */
  private void touchWatchedKeysIn(Store... stores) {
    List<Watcher> changed = new ArrayList<>();
    for (Map.Entry<Key, List<Watcher>> e : watchers.entrySet()) {
      for (Store s : stores) {
        if (s.peek(e.getKey()) != null) {
          changed.addAll(e.getValue());
          break;
        }
      }
    }
    for (Watcher w : changed) {
      w.keyChanged();
    }
  }

  /** Registers a watcher of a key; false if it already watches it. */
  boolean addWatcher(Key k, Watcher w) {
    List<Watcher> watching = watchers.computeIfAbsent(k, x -> new ArrayList<>(1));
    if (watching.contains(w)) {
      return false;
    }
    watching.add(w);
    return true;
  }

  void removeWatcher(Key k, Watcher w) {
    List<Watcher> watching = watchers.get(k);
    if (watching != null && watching.remove(w) && watching.isEmpty()) {
      watchers.remove(k);
    }
  }

  /** Number of distinct keys of this database that some client watches. */
  public int watchedKeyCount() {
    return watchers.size();
  }

  /** Removes the keys whose deadline has passed (and signals them). */
  void expireDue() {
    store.expireDue();
  }

  /** Removes a key; returns the value it held, or null. */
  public Value remove(byte[] key) {
    store.expireDue();
    return store.cache.asMap().remove(key(key));
  }

  /** Number of live keys. */
  public long size() {
    store.expireDue();
    return store.cache.estimatedSize();
  }

  /** Keys with a deadline, for INFO's keyspace line. */
  public long expiringKeys() {
    store.expireDue();
    return store.deadlines.size();
  }

  /**
   * Drops every key in O(1): the old cache is left to the garbage collector. Watched keys that
   * existed change; watched keys that did not, do not (as Redis's FLUSHDB).
   */
  public void clear() {
    if (!watchers.isEmpty()) {
      store.expireDue();
      touchWatchedKeysIn(store);
    }
    List<Key> streams = new ArrayList<>();
    for (Key k : waiters.keySet()) {
      if (store.peek(k) instanceof StreamValue) {
        streams.add(k);
      }
    }
    reset();
    streams.forEach(this::signalReady); // blocked XREADGROUP clients learn their stream went
  }

  /** Removes expired keys now; the server calls this about ten times a second. */
  public void activeExpire() {
    store.expireDue();
  }

  public long now() {
    return clock.millis();
  }

  /** Exchanges the contents of two databases (SWAPDB); deadlines and SCAN index go along. */
  public void swapWith(Database other) {
    if (!watchers.isEmpty() || !other.watchers.isEmpty()) {
      store.expireDue();
      other.store.expireDue();
      // A watched key changes if it exists on either side, whichever database watches it.
      touchWatchedKeysIn(store, other.store);
      other.touchWatchedKeysIn(store, other.store);
    }
    Store mine = store;
    store = other.store;
    other.store = mine;
    store.owner = this;
    other.store.owner = other;
    signalWaitedKeysPresent();
    other.signalWaitedKeysPresent();
  }

  /** After SWAPDB: a waited key the new contents hold is ready (Redis's scanDatabaseForReadyKeys). */
  private void signalWaitedKeysPresent() {
    for (Key k : new ArrayList<>(waiters.keySet())) {
      if (get(k.bytes) != null) {
        signalReady(k);
      }
    }
  }

  // ------------------------------------------------------------------ blocked clients

  /** Says where ready keys are announced; the server does it once. */
  public void whenReady(ReadyListener listener) {
    this.ready = listener;
  }

  private void signalReady(Key k) {
    if (waiters.containsKey(k) && readyKeys.add(k)) {
      ready.ready(this, k.bytes);
    }
  }

  /**
   * A key that existed got something its waiters may take (Redis's signalKeyAsReady on every XADD:
   * a stream is not created empty and refilled, it grows in place).
   */
  public void signalKeyAsReady(byte[] key) {
    if (!waiters.isEmpty()) {
      signalReady(key(key));
    }
  }

  /** The key is being served: a later change signals it again. */
  public void readyServed(byte[] key) {
    readyKeys.remove(key(key));
  }

  /** Blocks a client on a key, behind those already waiting on it. */
  public void addWaiter(byte[] key, Waiter w) {
    waiters.computeIfAbsent(new Key(key), k -> new java.util.LinkedHashSet<>()).add(w);
  }

  /** The client stops waiting on a key (served, timed out, gone). */
  public void removeWaiter(byte[] key, Waiter w) {
    Key k = new Key(key);
    java.util.LinkedHashSet<Waiter> waiting = waiters.get(k);
    if (waiting != null && waiting.remove(w) && waiting.isEmpty()) {
      waiters.remove(k);
    }
  }

  /** The clients waiting on a key, first come first (live; empty when none). */
  public java.util.Collection<Waiter> waitersOn(byte[] key) {
    java.util.LinkedHashSet<Waiter> waiting = waiters.get(key(key));
    return waiting == null ? java.util.Set.of() : waiting;
  }

  /** Number of distinct keys of this database some client is blocked on. */
  public int blockingKeyCount() {
    return waiters.size();
  }

  /** Live keys matching a glob pattern, in index order (KEYS). */
  public List<byte[]> keys(byte[] pattern) {
    store.expireDue();
    boolean all = Glob.matchesAll(pattern);
    List<byte[]> result = new ArrayList<>();
    for (Key k : store.index) {
      if ((all || Glob.matches(pattern, k.bytes)) && store.peek(k) != null) {
        result.add(k.bytes);
      }
    }
    return result;
  }

  /**
   * One SCAN step: the keys that passed the filter, the cursor to continue from (0 when done) and how
   * many keys were visited to find them.
   */
  public record ScanPage(long cursor, List<byte[]> keys, int visited) {}

  /**
   * Visits about {@code count} keys from the cursor's position in hash order ({@link HashCursor});
   * the cursor is an unsigned 64-bit number.
   *
   * @param filter decides which visited keys are returned; it must not modify the database
   */
  public ScanPage scan(long cursor, long count, BiPredicate<byte[], Value> filter) {
    store.expireDue();
    HashCursor.Page page = HashCursor.page(store.index, cursor, count);
    List<byte[]> keys = new ArrayList<>();
    for (Key k : page.visited()) {
      Value v = store.peek(k);
      if (v != null && filter.test(k.bytes, v)) {
        keys.add(k.bytes);
      }
    }
    return new ScanPage(page.next(), keys, page.visited().size());
  }

  /**
   * A random live key, or null when the database is empty: the first key at or after a random hash.
   * Not uniform (a key after a wide gap in hash space comes up more often), but every key can.
   */
  public byte[] randomKey(Random random) {
    store.expireDue();
    if (store.index.isEmpty()) {
      return null;
    }
    Key k = store.index.ceiling(Key.firstAt(1 + random.nextLong(MAX_CURSOR)));
    return (k == null ? store.index.first() : k).bytes;
  }

  /** A read-only view of live entries, for dumps and tests; keys are raw bytes. */
  public List<Map.Entry<byte[], Value>> entries() {
    store.expireDue();
    List<Map.Entry<byte[], Value>> out = new ArrayList<>();
    store.cache.asMap().forEach((k, v) -> out.add(Map.entry(k.bytes, v)));
    return out;
  }

  /** A key's deadline in the ordered set of deadlines. */
  private record Deadline(long at, Key key) implements Comparable<Deadline> {
    @Override
    public int compareTo(Deadline o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : key.compareTo(o.key);
    }
  }

  /**
   * A cache with its SCAN index and deadlines. The removal listener belongs to the store, not the
   * database, so it stays right when SWAPDB moves the store to another database number. Every value
   * that leaves the cache, by any path, passes through {@link #onRemoval}, which keeps the index and
   * the deadlines in step with the cache.
   */
  private static final class Store {
    /** The database that holds this store now; SWAPDB changes it. Removals signal its watchers. */
    Database owner;
    final Cache<Key, Value> cache;
    /** Every live key, ordered by hash, for SCAN cursors and RANDOMKEY. */
    final TreeSet<Key> index = new TreeSet<>();
    /** The keys by hash slot, on a cluster node only. */
    SlotIndex slots;
    /** Every key with a TTL, soonest first: what {@link #expireDue} walks. */
    final TreeSet<Deadline> deadlines = new TreeSet<>();
    /** Bytes the values of this store count for, as last measured (see {@link #usedMemory}). */
    long memory;
    /** Keys whose values changed since they were last measured, each once. */
    final ArrayList<Stale> stale = new ArrayList<>();
    private final Clock clock;
    private final Stats stats;

    Store(Database owner, Clock clock, Stats stats) {
      this.owner = owner;
      this.clock = clock;
      this.stats = stats;
      this.cache = Caffeine.newBuilder()
          .executor(Runnable::run)
          .removalListener(this::onRemoval)
          .build();
    }

    /** Measures again the values changed since they were last measured. */
    void countStale(int listFill) {
      if (stale.isEmpty()) {
        return;
      }
      // The values themselves, not a lookup of their keys: a value replaced or removed since has
      // been discounted by onRemoval and no longer reads as stale.
      for (Stale entry : stale) {
        Value v = entry.value;
        if (v.memory < 0) {
          long now = MemoryUsage.of(entry.key.bytes, v, MemoryUsage.DEFAULT_SAMPLES, listFill)
              + (v.expiresAt != Value.NO_EXPIRY ? MemoryUsage.DICT_ENTRY : 0);
          memory += now - (v.memory & Long.MAX_VALUE);
          v.memory = now;
        }
      }
      stale.clear();
    }

    /** The live value without any side effect on Caffeine's policy. */
    Value peek(Key k) {
      return cache.policy().getIfPresentQuietly(k);
    }

    /**
     * Removes every key whose deadline has passed: Redis keeps a key through its deadline millisecond
     * and drops it after. Costs one lookup of the first deadline when nothing is due.
     */
    void expireDue() {
      long now = clock.millis();
      while (!deadlines.isEmpty() && deadlines.first().at < now) {
        Deadline due = deadlines.pollFirst();
        Value current = peek(due.key);
        if (current != null && current.expiresAt != due.at) {
          continue; // stale: the key has another deadline now (defensive, should not happen)
        }
        if (cache.asMap().remove(due.key) != null) {
          stats.expiredKeys++;
          owner.events.notify(KeyspaceEvents.EXPIRED, "expired", due.key.bytes, owner.index);
        }
      }
    }

    private void onRemoval(Key key, Value value, RemovalCause cause) {
      if (key == null || value == null) {
        return; // only for collected weak references, which this cache does not use
      }
      memory -= value.memory & Long.MAX_VALUE;
      value.memory = 0;
      if (cause != RemovalCause.REPLACED) {
        owner.touchWatched(key); // put() signals replacements itself
      }
      if (value instanceof StreamValue && !owner.waiters.isEmpty()) {
        owner.signalReady(key); // a blocked XREADGROUP learns that its stream went
      }
      // A replaced value's key stays, possibly with the same deadline as before.
      Value current = peek(key);
      if (current == null) {
        index.remove(key);
        if (slots != null) {
          slots.remove(key);
        }
      }
      if (value.expiresAt != Value.NO_EXPIRY
          && (current == null || current.expiresAt != value.expiresAt)) {
        deadlines.remove(new Deadline(value.expiresAt, key));
      }
    }
  }
}
