package dev.cortado.keyspace;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * A database's keys and values: an open-addressing table kept in {@link Key}'s 62-bit hash order,
 * in three parallel arrays (key, value, top 32 bits of the hash), so a key costs no entry object.
 *
 * <p>A key's home slot grows with its hash ({@code top32 * capacity / 2^32}), and linear probing
 * keeps each run of occupied slots sorted by hash (an insert shifts the larger ones right; a removal
 * shifts the displaced ones back), so the whole table is in hash order. That is what SCAN needs: a
 * cursor is a position in hash space, valid whatever the table's size, and a page starts at the
 * cursor's home slot; RANDOMKEY and eviction sampling start at a random slot. Past the
 * {@code capacity} home slots the arrays keep a few spill slots for the last run, instead of
 * wrapping around, which would break the order; a run that outgrows them doubles them.
 *
 * <p>Slot numbers are valid until the next insert or removal.
 */
final class KeyTable {
  private static final int MIN_CAPACITY = 8;
  private static final int MIN_SPILL = 16;

  /** Home slots: the capacity the load factor is measured against. */
  private int capacity;
  /** Slots past the home slots, where the last run may continue. */
  private int spill;
  private byte[][] keys;
  private Value[] values;
  /** The top 32 bits of each key's 62-bit hash: enough to order and probe; ties are rare. */
  private int[] hashes;
  private int size;

  KeyTable() {
    allocate(MIN_CAPACITY, MIN_SPILL);
  }

  private void allocate(int capacity, int spill) {
    this.capacity = capacity;
    this.spill = spill;
    keys = new byte[capacity + spill][];
    values = new Value[capacity + spill];
    hashes = new int[capacity + spill];
  }

  int size() {
    return size;
  }

  /** Slots past the home slots (for tests). */
  int spill() {
    return spill;
  }

  /** Slots in all, for walks over the table. */
  int slots() {
    return keys.length;
  }

  private static int top(long hash) {
    return (int) (hash >>> 30);
  }

  /** The first slot a key of these top hash bits may occupy: monotonic in the hash. */
  private int home(int top) {
    return (int) ((Integer.toUnsignedLong(top) * capacity) >>> 32);
  }

  /** The slot holding {@code key}, or -1. */
  int find(byte[] key, long hash) {
    int top = top(hash);
    byte[][] ks = keys;
    for (int i = home(top); i < ks.length; i++) {
      byte[] k = ks[i];
      if (k == null) {
        return -1;
      }
      int c = Integer.compareUnsigned(hashes[i], top);
      if (c > 0) {
        return -1; // the run is sorted: the key would have come before
      }
      if (c == 0 && Arrays.equals(k, key)) {
        return i;
      }
    }
    return -1;
  }

  byte[] keyAt(int slot) {
    return keys[slot];
  }

  Value valueAt(int slot) {
    return values[slot];
  }

  void setValue(int slot, Value value) {
    values[slot] = value;
  }

  /** Adds a key that is not in the table; returns its slot. */
  int add(byte[] key, long hash, Value value) {
    if (size >= capacity - (capacity >>> 2)) {
      rebuild(newCapacity(size + 1), spill); // over 3/4 full: to about half
    }
    while (true) {
      int slot = insert(key, hash, value);
      if (slot >= 0) {
        size++;
        return slot;
      }
      rebuild(capacity, spill * 2); // the last run reached the end of the spill slots
    }
  }

  private static int newCapacity(int size) {
    return (int) Math.min(Math.max(MIN_CAPACITY, 2L * size), Integer.MAX_VALUE - 64);
  }

  /** Places the key in hash order in its run; -1 when the run would pass the last slot. */
  private int insert(byte[] key, long hash, Value value) {
    int top = top(hash);
    int length = keys.length;
    int i = home(top);
    while (i < length && keys[i] != null && before(i, top, hash)) {
      i++;
    }
    int end = i;
    while (end < length && keys[end] != null) {
      end++;
    }
    if (end == length) {
      return -1;
    }
    if (end > i) {
      System.arraycopy(keys, i, keys, i + 1, end - i);
      System.arraycopy(values, i, values, i + 1, end - i);
      System.arraycopy(hashes, i, hashes, i + 1, end - i);
    }
    keys[i] = key;
    values[i] = value;
    hashes[i] = top;
    return i;
  }

  /** Whether the key at {@code slot} sorts at or before a key of this hash. */
  private boolean before(int slot, int top, long hash) {
    int c = Integer.compareUnsigned(hashes[slot], top);
    return c < 0 || (c == 0 && Key.hash(keys[slot]) <= hash);
  }

  /** Removes the key at {@code slot}; the table may shrink. */
  void removeAt(int slot) {
    int length = keys.length;
    int end = slot + 1;
    // The keys after it that sit past their home slot move back one: the run stays in order.
    while (end < length && keys[end] != null && home(hashes[end]) < end) {
      end++;
    }
    int moved = end - slot - 1;
    if (moved > 0) {
      System.arraycopy(keys, slot + 1, keys, slot, moved);
      System.arraycopy(values, slot + 1, values, slot, moved);
      System.arraycopy(hashes, slot + 1, hashes, slot, moved);
    }
    keys[end - 1] = null;
    values[end - 1] = null;
    size--;
    if (capacity > MIN_CAPACITY && size < capacity >>> 3) {
      rebuild(newCapacity(size), MIN_SPILL); // under 1/8 full: memory back, as Redis shrinks
    }
  }

  /**
   * Moves every key into tables of the new size. The old table is in hash order and homes are
   * monotonic, so each key goes to the later of its home and the slot after the previous key.
   */
  private void rebuild(int newCapacity, int newSpill) {
    byte[][] oldKeys = keys;
    Value[] oldValues = values;
    int[] oldHashes = hashes;
    while (true) {
      allocate(newCapacity, newSpill);
      if (copyFrom(oldKeys, oldValues, oldHashes)) {
        return;
      }
      newSpill *= 2;
    }
  }

  private boolean copyFrom(byte[][] oldKeys, Value[] oldValues, int[] oldHashes) {
    int next = 0;
    int length = keys.length;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = Math.max(next, home(oldHashes[i]));
        if (slot >= length) {
          return false;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
        hashes[slot] = oldHashes[i];
        next = slot + 1;
      }
    }
    return true;
  }

  /** The first occupied slot at or after {@code from}, or -1. */
  int nextSlot(int from) {
    for (int i = from; i < keys.length; i++) {
      if (keys[i] != null) {
        return i;
      }
    }
    return -1;
  }

  /** Every key in hash order; {@code visit} must not change the table. */
  void forEach(BiConsumer<byte[], Value> visit) {
    byte[][] ks = keys;
    for (int i = 0; i < ks.length; i++) {
      if (ks[i] != null) {
        visit.accept(ks[i], values[i]);
      }
    }
  }

  /**
   * The slot of a random key (-1 when empty): the first occupied slot from a random one, wrapping
   * around. With the table kept at least 1/8 full this looks at a few slots on average.
   */
  int randomSlot(Random random) {
    if (size == 0) {
      return -1;
    }
    int slot = nextSlot(random.nextInt(keys.length));
    return slot >= 0 ? slot : nextSlot(0);
  }

  /**
   * One SCAN step: visits the keys from hash {@code cursor} on, in hash order, until {@code count}
   * have been visited (and then the rest of those that share the last one's hash, so that equal
   * hashes never straddle two pages). Returns the cursor to continue from, 0 when done. Every page
   * but the last has COUNT keys (Redis's may have fewer); the empty slots passed on the way are at
   * most seven per key on average, as the table is kept at least 1/8 full.
   *
   * @param cursor a 62-bit position, or above {@link Key#MAX_HASH} (done at once)
   * @param visit must not change the table
   */
  long scan(long cursor, long count, BiConsumer<byte[], Value> visit) {
    if (Long.compareUnsigned(cursor, Key.MAX_HASH) > 0) {
      return 0;
    }
    int top = top(cursor);
    long visited = 0;
    int last = -1;
    for (int i = home(top); i < keys.length; i++) {
      byte[] k = keys[i];
      if (k == null) {
        if (visited >= count) {
          return cursorAt(i + 1); // nothing after an empty slot has its home before it
        }
        continue;
      }
      int c = Integer.compareUnsigned(hashes[i], top);
      if (c < 0 || (c == 0 && Key.hash(k) < cursor)) {
        continue; // displaced here from before the cursor: returned by an earlier page
      }
      if (visited >= count && !sameHash(last, i)) {
        return Key.hash(k);
      }
      visit.accept(k, values[i]);
      visited++;
      last = i;
    }
    return 0;
  }

  private boolean sameHash(int a, int b) {
    return a >= 0 && hashes[a] == hashes[b] && Key.hash(keys[a]) == Key.hash(keys[b]);
  }

  /** The smallest hash whose home is at or after {@code slot}; 0 past the home slots (done). */
  private long cursorAt(int slot) {
    if (slot >= capacity) {
      return 0;
    }
    long top = (((long) slot << 32) + capacity - 1) / capacity; // ceil(slot * 2^32 / capacity)
    return top << 30;
  }
}
