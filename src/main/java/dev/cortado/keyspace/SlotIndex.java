package dev.cortado.keyspace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of each hash slot, kept only by a cluster node's database: CLUSTER COUNTKEYSINSLOT in
 * O(1) and GETKEYSINSLOT in O(count), newest key first, as Redis's per-slot lists give them.
 */
final class SlotIndex {
  private static final class Entry {
    final byte[] key;
    final int slot;
    Entry prev;
    Entry next;

    Entry(byte[] key, int slot) {
      this.key = key;
      this.slot = slot;
    }
  }

  /**
   * By the key's stored array, which stays the same while the key lives (the database keeps the
   * array it stored first): no {@link Key} and no content hash per write.
   */
  private final Map<byte[], Entry> entries = new IdentityHashMap<>();
  private final Entry[] heads = new Entry[KeySlot.SLOTS];
  private final int[] counts = new int[KeySlot.SLOTS];

  /** {@code key}: the array the database stores the key under. */
  void add(byte[] key) {
    int slot = KeySlot.of(key);
    Entry e = new Entry(key, slot);
    if (entries.putIfAbsent(key, e) != null) {
      return;
    }
    e.next = heads[slot];
    if (e.next != null) {
      e.next.prev = e;
    }
    heads[slot] = e;
    counts[slot]++;
  }

  /** {@code key}: the array the database stores the key under. */
  void remove(byte[] key) {
    Entry e = entries.remove(key);
    if (e == null) {
      return;
    }
    if (e.prev != null) {
      e.prev.next = e.next;
    } else {
      heads[e.slot] = e.next;
    }
    if (e.next != null) {
      e.next.prev = e.prev;
    }
    counts[e.slot]--;
  }

  int count(int slot) {
    return counts[slot];
  }

  List<byte[]> keys(int slot, int max) {
    List<byte[]> out = new ArrayList<>(Math.min(max, counts[slot]));
    for (Entry e = heads[slot]; e != null && out.size() < max; e = e.next) {
      out.add(e.key);
    }
    return out;
  }
}
