package dev.cortado.keyspace;

import java.util.Arrays;

/**
 * A database's deadlines, soonest first: a binary min-heap of (deadline, key) in two parallel
 * arrays, 12 bytes an entry instead of a tree node and a record per key.
 *
 * <p>Removal is lazy: a key that loses or changes its deadline leaves its old entry behind, and
 * whoever takes an entry checks it against the key's value ({@link Live}). The database counts the
 * keys that really have a deadline and {@link #compact}s once stale entries outnumber them, so the
 * heap stays within about twice the live count. Ties are broken as the tree that came before broke
 * them (the key's hash, then its bytes), so keys due in the same millisecond still expire, and emit
 * their events, in the same order.
 */
final class Deadlines {
  /** Tells an entry that still stands from one left behind. */
  interface Live {
    boolean test(long at, byte[] key);
  }

  private long[] at = new long[8];
  private byte[][] keys = new byte[8][];
  private int size;

  /** Entries, stale ones included. */
  int entries() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long firstAt() {
    return at[0];
  }

  byte[] firstKey() {
    return keys[0];
  }

  /** The deadline of entry {@code i} in heap order, for walks that need no order. */
  long atOf(int i) {
    return at[i];
  }

  byte[] keyOf(int i) {
    return keys[i];
  }

  void add(long deadline, byte[] key) {
    if (size == at.length) {
      at = Arrays.copyOf(at, size * 2);
      keys = Arrays.copyOf(keys, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (compare(deadline, key, at[parent], keys[parent]) >= 0) {
        break;
      }
      at[i] = at[parent];
      keys[i] = keys[parent];
      i = parent;
    }
    at[i] = deadline;
    keys[i] = key;
  }

  /** Removes the first entry. */
  void poll() {
    int last = --size;
    long lastAt = at[last];
    byte[] lastKey = keys[last];
    keys[last] = null;
    if (last > 0) {
      siftDown(0, lastAt, lastKey);
    }
    if (size >= 64 && size < at.length >>> 2) {
      at = Arrays.copyOf(at, at.length >>> 1);
      keys = Arrays.copyOf(keys, keys.length >>> 1);
    }
  }

  private void siftDown(int i, long deadline, byte[] key) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && compare(at[right], keys[right], at[child], keys[child]) < 0) {
        child = right;
      }
      if (compare(deadline, key, at[child], keys[child]) <= 0) {
        break;
      }
      at[i] = at[child];
      keys[i] = keys[child];
      i = child;
    }
    at[i] = deadline;
    keys[i] = key;
  }

  /**
   * Drops the entries that no longer stand, and duplicates (a key deleted and made again with the
   * same deadline leaves two equal entries): a sorted array is a heap, so sorting rebuilds it.
   */
  void compact(Live live) {
    Entry[] kept = new Entry[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (live.test(at[i], keys[i])) {
        kept[n++] = new Entry(at[i], keys[i]);
      }
    }
    Arrays.sort(kept, 0, n);
    int capacity = Math.max(8, Integer.highestOneBit(Math.max(1, n)) * 2);
    at = new long[capacity];
    keys = new byte[capacity][];
    size = 0;
    for (int i = 0; i < n; i++) {
      if (size > 0 && at[size - 1] == kept[i].at && Arrays.equals(keys[size - 1], kept[i].key)) {
        continue;
      }
      at[size] = kept[i].at;
      keys[size] = kept[i].key;
      size++;
    }
  }

  private record Entry(long at, byte[] key) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      return compare(at, key, o.at, o.key);
    }
  }

  static int compare(long at1, byte[] key1, long at2, byte[] key2) {
    int c = Long.compare(at1, at2);
    if (c != 0) {
      return c;
    }
    c = Long.compare(Key.hash(key1), Key.hash(key2));
    return c != 0 ? c : Arrays.compareUnsigned(key1, key2);
  }
}
