package dev.cortado.keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * One of the server's numbered databases: a {@link KeyTable} from binary key to typed value; each
 * value carries its own deadline, read against the server's clock.
 *
 * <p>Expiry: each database keeps its deadlines in order ({@link Deadlines}), and every operation
 * first removes the keys whose deadline has passed (counting them in expired_keys): as exact as
 * Redis's lazy plus active expiry, and deterministic under a manual clock. Every read goes through
 * that step, so no read returns a value past its deadline. While clients are paused (CLIENT PAUSE)
 * nothing is removed, as in Redis 7.0: a key past its deadline stays (DBSIZE counts it) but reads
 * do not see it, until the pause ends.
 *
 * <p>The table is kept in the order of a stable 62-bit hash of the key; a SCAN cursor is a position
 * in that hash space, so it survives any inserts, deletes and resizes between calls, and a call
 * costs about COUNT steps.
 *
 * <p>WATCH: each database number keeps the clients watching its keys. Every change to a key signals
 * it: {@link #put} and {@link #setExpiry} directly, every removal (DEL, expiry, eviction) through
 * the store's one removal routine, in-place changes through {@link #signalModified}. With no
 * watched key a signal costs one empty-map check.
 *
 * <p>Not thread-safe by design: every call happens on the server's event loop thread, which is what
 * makes each Redis command atomic.
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
  /** Who hears of a change made without Redis's signalModifiedKey (replication only). */
  private java.util.function.Consumer<byte[]> unwatchedChanges = key -> {};
  /** Who hears that one consumer group of a stream changed (replication only). */
  private GroupListener groupChanges = (key, group, pendingId, consumer) -> {};

  /** Hears which parts of a stream's consumer group changed. */
  public interface GroupListener {
    /** The group's last ID or read counter, and the pending entry or consumer when not null. */
    void changed(byte[] key, byte[] group, StreamValue.Id pendingId, byte[] consumer);
  }
  /** Where this database's keyspace events go (the server's pub/sub). */
  private KeyspaceEvents.Sink events = KeyspaceEvents.Sink.NONE;
  /** True while a CLIENT NO-TOUCH client's command runs: reads then leave OBJECT IDLETIME alone. */
  private BooleanSupplier touchSuppressed = () -> false;
  /** True while clients are paused (CLIENT PAUSE): keys past their deadline stay, unseen. */
  private BooleanSupplier expiryPaused = () -> false;
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
    store = new Store(this);
    if (slotsTracked) {
      store.slots = new SlotIndex();
    }
  }

  /** A cluster node's database: from now on it knows the keys of each hash slot. */
  public void trackSlots() {
    slotsTracked = true;
    store.slots = new SlotIndex();
    SlotIndex slots = store.slots;
    store.table.forEach((k, v) -> slots.add(k));
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

  /**
   * Lets the server say when clients are paused: keys whose deadline passes meanwhile stay in the
   * keyspace, invisible to reads, until the pause ends (Redis 7.0's expireIfNeeded).
   */
  public void pauseExpiryWhen(BooleanSupplier condition) {
    this.expiryPaused = condition;
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

  /** Sets who hears that a stream's consumer group changed (key, group name). */
  public void sendGroupChangesTo(GroupListener listener) {
    this.groupChanges = listener;
  }

  /** Sets who hears of a change that WATCH and client-side caching do not see. */
  public void sendUnwatchedChangesTo(java.util.function.Consumer<byte[]> listener) {
    this.unwatchedChanges = listener;
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
   * The last key hashed, remembered with its hash: a command usually reads its key and then writes
   * it (SET, INCR) with the same argument array, and the key's 62-bit hash is then computed once.
   */
  private byte[] lastBytes;
  private long lastHash;

  /** The hash the keyspace files a key under (62 bits): a stable spread for models of Redis's dicts. */
  public static long keyHash(byte[] key) {
    return Key.hash(key);
  }

  private long hash(byte[] bytes) {
    if (bytes != lastBytes) {
      lastHash = Key.hash(bytes);
      lastBytes = bytes;
    }
    return lastHash;
  }

  /** The live value, or null; does not count hits or misses nor touch the access time. */
  public Value get(byte[] key) {
    store.expireDue();
    Value v = store.peek(key, hash(key));
    return v == null || store.held(v) ? null : v;
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
    long h = hash(key);
    if (store.dueHeld) {
      store.expireHeld(key, h); // a write during a pause: the key kept past its deadline goes first
    }
    long previous = value.expiresAt;
    value.expiresAt = expiresAt;
    value.accessedAt = clock.millis();
    if (!lfu.enabled()) {
      Lfu.lruClock(value, value.accessedAt);
    } else if (value.lru < 0) {
      Lfu.init(value, value.accessedAt); // createObject: LFU_INIT_VAL, stamped now
    }
    KeyTable table = store.table;
    int slot = table.find(key, h);
    Value old;
    byte[] stored;
    if (slot >= 0) {
      old = table.valueAt(slot);
      stored = table.keyAt(slot); // the key's array stays the one stored first
      table.setValue(slot, value);
    } else {
      old = null;
      stored = key;
      table.add(key, h, value);
    }
    if (old != value) {
      Store.fresh(value); // counted nowhere yet: the next count adds all of it
      if (old != null) {
        if (lfu.enabled()) {
          value.lru = old.lru; // an overwrite keeps the old object's LFU data (dbSetValue)
        }
        store.replaced(stored, old);
      }
    }
    markMemoryStale(stored, value);
    store.moveDeadline(stored, old == null ? Value.NO_EXPIRY : old == value ? previous
        : old.expiresAt, expiresAt);
    if (old == null) {
      if (store.slots != null) {
        store.slots.add(stored);
      }
      events.notify(KeyspaceEvents.NEW, "new", key, index); // Redis's dbAdd
      if (!waiters.isEmpty()) {
        signalReady(new Key(stored, h)); // as Redis's dbAdd: only a key created wakes its waiters
      }
    }
    touchWatched(stored, h);
  }

  /**
   * Changes the deadline of a key that holds {@code value} ({@link Value#NO_EXPIRY} removes it). A
   * deadline already passed deletes the key without counting it as expired, as EXPIRE does.
   * Removing a deadline from a key that has none is no change, so WATCH does not see it.
   */
  public void setExpiry(byte[] key, Value value, long expiresAt) {
    store.expireDue();
    long h = hash(key);
    int slot = store.table.find(key, h);
    if (slot < 0) {
      return;
    }
    if (expiresAt != Value.NO_EXPIRY && expiresAt <= clock.millis()) {
      store.removeAt(slot, h); // the removal signals WATCH
      return;
    }
    byte[] stored = store.table.keyAt(slot);
    boolean persistingPersistent =
        expiresAt == Value.NO_EXPIRY && value.expiresAt == Value.NO_EXPIRY;
    if (!persistingPersistent) {
      touchWatched(stored, h); // Redis signals a new deadline even when it equals the old one
      markMemoryStale(stored, value);
    }
    store.moveDeadline(stored, value.expiresAt, expiresAt);
    value.expiresAt = expiresAt;
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
   * A consumer group of the stream at {@code key} changed (XREADGROUP, XCLAIM...), which Redis does
   * without signalModifiedKey: WATCH and client-side caching do not see it, replicas get the
   * group's last ID and the given pending entry or consumer as they are when shipped (not the
   * whole stream, nor the whole group), and the memory count is redone.
   */
  public void groupChanged(byte[] key, byte[] group, StreamValue.Id pendingId, byte[] consumer) {
    groupChanges.changed(key, group, pendingId, consumer);
    int slot = store.table.find(key, hash(key));
    if (slot >= 0) {
      markMemoryStale(store.table.keyAt(slot), store.table.valueAt(slot));
    }
  }

  /**
   * A change Redis makes without signalModifiedKey that a replica gets by running the same command
   * (XGROUP CREATE, XACK, XSETID...) or else as the stream's state: WATCH and client-side caching
   * do not see it, replicas and the memory count do.
   */
  public void changedUnwatched(byte[] key) {
    unwatchedChanges.accept(key);
    int slot = store.table.find(key, hash(key));
    if (slot >= 0) {
      markMemoryStale(store.table.keyAt(slot), store.table.valueAt(slot));
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
    Store.fresh(value);
    int slot = store.table.find(key, hash(key));
    byte[] stored = store.table.keyAt(slot);
    store.table.setValue(slot, value);
    store.replaced(stored, old); // no WATCH signal; the deadline, equal, stays
    markMemoryStale(stored, value);
  }

  /**
   * Says that a command changed the value at a key in place (HSET, SADD...), for WATCH. Writes through
   * {@link #put}, {@link #remove} and {@link #setExpiry} need no separate call.
   */
  public void signalModified(byte[] key) {
    long h = hash(key);
    touchWatched(key, h);
    int slot = store.table.find(key, h);
    if (slot >= 0) {
      markMemoryStale(store.table.keyAt(slot), store.table.valueAt(slot));
    }
  }

  // ------------------------------------------------------------------ memory

  /**
   * A value's size changed (or it is new): its share of used memory is recomputed when next asked,
   * so a key changed many times between two questions is measured once.
   */
  private void markMemoryStale(byte[] key, Value v) {
    if (!v.memoryStale) {
      v.memoryStale = true; // measured again when next asked
      store.stale.add(new Stale(key, v));
      if (store.stale.size() > STALE_LIMIT) {
        store.countStale(listFill);
      }
    }
  }

  /** A changed value waiting to be measured, with the key it is stored under. */
  private record Stale(byte[] key, Value value) {}

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
    long keys = store.table.size();
    return store.memory + 8 * MemoryUsage.slots(keys)
        + 8 * MemoryUsage.slots(store.volatileKeys);
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
    store.expireDue();
    // Redis's dictFind, without expireIfNeeded: a key a pause keeps past its deadline is measured.
    Value v = store.peek(key, hash(key));
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
    KeyTable table = store.table;
    if (table.size() == 0 || (volatileOnly && store.volatileKeys == 0)) {
      return;
    }
    int found = 0;
    int steps = 0;
    int maxSteps = volatileOnly ? count * 10 : Integer.MAX_VALUE;
    int total = table.size();
    int from = random.nextInt(table.slots());
    boolean wrapped = false;
    while (found < count && steps < maxSteps && steps < total) {
      int slot = table.nextSlot(from);
      if (slot < 0) {
        if (wrapped) {
          break;
        }
        wrapped = true;
        from = 0;
        continue;
      }
      from = slot + 1;
      steps++;
      Value v = table.valueAt(slot);
      if (!store.held(v) && (!volatileOnly || v.expiresAt != Value.NO_EXPIRY)) {
        out.accept(table.keyAt(slot), v);
        found++;
      }
    }
    if (found == 0 && volatileOnly) {
      // Few keys have a deadline among many: take those near the top of the deadline heap
      // (the soonest due) rather than none.
      Deadlines deadlines = store.deadlines;
      for (int i = 0; i < deadlines.entries() && found < count; i++) {
        byte[] key = deadlines.keyOf(i);
        Value v = store.peek(key, Key.hash(key));
        if (v != null && v.expiresAt == deadlines.atOf(i) && !store.held(v)) {
          out.accept(key, v);
          found++;
        }
      }
    }
  }

  /** Whether the database holds keys an eviction policy may take (any, or only volatile ones). */
  public boolean hasEvictable(boolean volatileOnly) {
    store.expireDue();
    return volatileOnly ? store.volatileKeys > 0 : store.table.size() > 0;
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
  private void touchWatched(byte[] key, long hash) {
    changes.accept(key);
    if (watchers.isEmpty()) {
      return;
    }
    List<Watcher> watching = watchers.get(new Key(key, hash));
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
        if (s.peek(e.getKey().bytes, e.getKey().hash) != null) {
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
    long h = hash(key);
    int slot = store.table.find(key, h);
    return slot < 0 ? null : store.removeAt(slot, h);
  }

  /** Number of keys (DBSIZE): those a pause keeps past their deadline too, as Redis counts them. */
  public long size() {
    store.expireDue();
    return store.table.size();
  }

  /** Keys with a deadline, for INFO's keyspace line. */
  public long expiringKeys() {
    store.expireDue();
    return store.volatileKeys;
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
      if (store.peek(k.bytes, k.hash) instanceof StreamValue) {
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
      signalReady(new Key(key, hash(key)));
    }
  }

  /** The key is being served: a later change signals it again. */
  public void readyServed(byte[] key) {
    if (!readyKeys.isEmpty()) {
      readyKeys.remove(new Key(key, hash(key)));
    }
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
    if (waiters.isEmpty()) {
      return java.util.Set.of();
    }
    java.util.LinkedHashSet<Waiter> waiting = waiters.get(new Key(key, hash(key)));
    return waiting == null ? java.util.Set.of() : waiting;
  }

  /** Number of distinct keys of this database some client is blocked on. */
  public int blockingKeyCount() {
    return waiters.size();
  }

  /** Live keys matching a glob pattern, in hash order (KEYS). */
  public List<byte[]> keys(byte[] pattern) {
    store.expireDue();
    boolean all = Glob.matchesAll(pattern);
    List<byte[]> result = new ArrayList<>();
    store.table.forEach((k, v) -> {
      if ((all || Glob.matches(pattern, k)) && !store.held(v)) {
        result.add(k);
      }
    });
    return result;
  }

  /**
   * One SCAN step: the keys that passed the filter, the cursor to continue from (0 when done) and how
   * many keys were visited to find them.
   */
  public record ScanPage(long cursor, List<byte[]> keys, int visited) {}

  /**
   * Visits about {@code count} keys from the cursor's position in hash order ({@link KeyTable#scan});
   * the cursor is an unsigned 64-bit number.
   *
   * @param filter decides which visited keys are returned; it must not modify the database
   */
  public ScanPage scan(long cursor, long count, BiPredicate<byte[], Value> filter) {
    store.expireDue();
    List<byte[]> keys = new ArrayList<>();
    int[] visited = new int[1];
    long next = store.table.scan(cursor, count, (k, v) -> {
      visited[0]++;
      if (!store.held(v) && filter.test(k, v)) {
        keys.add(k);
      }
    });
    return new ScanPage(next, keys, visited[0]);
  }

  /**
   * A random live key, or null when there is none: the first key from a random slot of the table.
   * Not uniform (a key after a run of empty slots comes up more often), but every key can. A key a
   * pause keeps past its deadline is passed over (Redis 7.0 would try again forever when there are
   * only such keys).
   */
  public byte[] randomKey(Random random) {
    store.expireDue();
    KeyTable table = store.table;
    if (table.size() == 0) {
      return null;
    }
    int slot = table.randomSlot(random);
    if (!store.dueHeld) {
      return table.keyAt(slot);
    }
    for (int i = table.size(); i > 0; i--) {
      if (!store.held(table.valueAt(slot))) {
        return table.keyAt(slot);
      }
      slot = table.nextSlot(slot + 1);
      if (slot < 0) {
        slot = table.nextSlot(0);
      }
    }
    return null;
  }

  /** A read-only view of live entries, for dumps and tests; keys are raw bytes. */
  public List<Map.Entry<byte[], Value>> entries() {
    store.expireDue();
    List<Map.Entry<byte[], Value>> out = new ArrayList<>();
    store.table.forEach((k, v) -> {
      if (!store.held(v)) {
        out.add(Map.entry(k, v));
      }
    });
    return out;
  }

  /**
   * A table with its deadlines and memory count. It refers to its database (for WATCH, waiters and
   * events) through {@link #owner}, which SWAPDB changes when it moves the store to another database
   * number. Every value that leaves the table, by any path, passes through {@link #removeAt} or
   * {@link #replaced}, which keep the deadlines, the slot index and the memory count in step.
   */
  private static final class Store {
    /** The database that holds this store now; SWAPDB changes it. Removals signal its watchers. */
    Database owner;
    final KeyTable table = new KeyTable();
    /** The keys by hash slot, on a cluster node only. */
    SlotIndex slots;
    /** Every key with a TTL, soonest first (and stale entries): what {@link #expireDue} walks. */
    final Deadlines deadlines = new Deadlines();
    /** Keys that have a deadline now. */
    int volatileKeys;
    /**
     * Some key is past its deadline but kept, clients being paused; {@link #dueNow} is the time
     * that was decided at. Reads then check each value's deadline.
     */
    boolean dueHeld;
    long dueNow;
    /** Bytes the values of this store count for, as last measured (see {@link #usedMemory}). */
    long memory;
    /** The exact count of values of 4 GiB or more, whose {@link Value#memory} reads all ones. */
    private Map<Value, Long> bigMemory;
    /** Keys whose values changed since they were last measured, each once. */
    final ArrayList<Stale> stale = new ArrayList<>();

    Store(Database owner) {
      this.owner = owner;
    }

    /** The value at a key, whether or not a pause keeps it past its deadline. */
    Value peek(byte[] key, long hash) {
      int slot = table.find(key, hash);
      return slot < 0 ? null : table.valueAt(slot);
    }

    /** Whether a pause keeps this value past its deadline: reads must not see it. */
    boolean held(Value v) {
      return dueHeld && v.expiresAt != Value.NO_EXPIRY && v.expiresAt < dueNow;
    }

    /** The bytes a value counts for in {@link #memory}. */
    long counted(Value v) {
      return v.memory == -1 ? bigMemory.get(v) : Integer.toUnsignedLong(v.memory);
    }

    private void count(Value v, long bytes) {
      if (v.memory == -1) {
        bigMemory.remove(v);
      }
      if (bytes >= 0xffffffffL) {
        if (bigMemory == null) {
          bigMemory = new IdentityHashMap<>();
        }
        bigMemory.put(v, bytes);
        v.memory = -1;
      } else {
        v.memory = (int) bytes;
      }
      v.memoryStale = false;
    }

    /** A value that joins: it counts nowhere yet (a value that left was uncounted there). */
    static void fresh(Value v) {
      v.memory = 0;
      v.memoryStale = false;
    }

    /** The value no longer counts here: it left. */
    void uncount(Value v) {
      memory -= counted(v);
      count(v, 0);
    }

    /** Measures again the values changed since they were last measured. */
    void countStale(int listFill) {
      if (stale.isEmpty()) {
        return;
      }
      // The values themselves, not a lookup of their keys: a value replaced or removed since has
      // been discounted and no longer reads as stale.
      for (Stale entry : stale) {
        Value v = entry.value;
        if (v.memoryStale) {
          long now = MemoryUsage.of(entry.key, v, MemoryUsage.DEFAULT_SAMPLES, listFill)
              + (v.expiresAt != Value.NO_EXPIRY ? MemoryUsage.DICT_ENTRY : 0);
          memory += now - counted(v);
          count(v, now);
        }
      }
      stale.clear();
    }

    /** A key's deadline changes from {@code from} to {@code to} (either may be NO_EXPIRY). */
    void moveDeadline(byte[] key, long from, long to) {
      if (from == to) {
        return; // an equal deadline keeps its entry
      }
      if (from != Value.NO_EXPIRY) {
        volatileKeys--; // its entry stays behind, stale, until taken or compacted
      }
      if (to != Value.NO_EXPIRY) {
        volatileKeys++;
        deadlines.add(to, key);
      }
      if (deadlines.entries() > 2 * volatileKeys + 64) {
        deadlines.compact(this::stands);
      }
    }

    /** Whether a deadline entry is a key's deadline now. */
    private boolean stands(long at, byte[] key) {
      Value v = peek(key, Key.hash(key));
      return v != null && v.expiresAt == at;
    }

    /** Removes the key at a slot: every deletion (DEL, expiry, eviction...) comes here. */
    Value removeAt(int slot, long hash) {
      byte[] key = table.keyAt(slot);
      Value value = table.valueAt(slot);
      table.removeAt(slot);
      uncount(value);
      owner.touchWatched(key, hash);
      if (value instanceof StreamValue && !owner.waiters.isEmpty()) {
        owner.signalReady(new Key(key, hash)); // a blocked XREADGROUP learns that its stream went
      }
      if (slots != null) {
        slots.remove(key);
      }
      moveDeadline(key, value.expiresAt, Value.NO_EXPIRY);
      return value;
    }

    /**
     * Another value took this one's place at the key: its memory no longer counts, and a stream's
     * waiters hear of it. The caller signals WATCH and moves the deadline if it changes.
     */
    void replaced(byte[] key, Value old) {
      uncount(old);
      if (old instanceof StreamValue && !owner.waiters.isEmpty()) {
        owner.signalReady(new Key(key)); // a blocked XREADGROUP learns that its stream went
      }
    }

    /**
     * Removes every key whose deadline has passed: Redis keeps a key through its deadline millisecond
     * and drops it after. Costs one look at the first deadline when nothing is due. While clients
     * are paused, due keys stay ({@link #held}).
     */
    void expireDue() {
      Clock clock = owner.clock;
      long now = clock.millis();
      dueHeld = false;
      while (!deadlines.isEmpty() && deadlines.firstAt() < now) {
        if (owner.expiryPaused.getAsBoolean()) {
          dueHeld = true;
          dueNow = now;
          return;
        }
        long at = deadlines.firstAt();
        byte[] key = deadlines.firstKey();
        deadlines.poll();
        long hash = Key.hash(key);
        int slot = table.find(key, hash);
        if (slot < 0 || table.valueAt(slot).expiresAt != at) {
          continue; // left behind: the key has gone, or has another deadline now
        }
        byte[] stored = table.keyAt(slot);
        removeAt(slot, hash);
        owner.stats.expiredKeys++;
        owner.events.notify(KeyspaceEvents.EXPIRED, "expired", stored, owner.index);
      }
    }

    /** A write during a pause: the key at hand, if kept past its deadline, expires first. */
    void expireHeld(byte[] key, long hash) {
      int slot = table.find(key, hash);
      if (slot >= 0 && held(table.valueAt(slot))) {
        byte[] stored = table.keyAt(slot);
        removeAt(slot, hash);
        owner.stats.expiredKeys++;
        owner.events.notify(KeyspaceEvents.EXPIRED, "expired", stored, owner.index);
      }
    }
  }
}
