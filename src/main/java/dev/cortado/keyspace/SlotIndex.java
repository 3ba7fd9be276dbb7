package dev.cortado.keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of each hash slot, kept only by a cluster node's database: CLUSTER COUNTKEYSINSLOT in
 * O(1) and GETKEYSINSLOT in O(count), newest key first, as Redis's per-slot lists give them.
 */
final class SlotIndex {
  private static final class Entry {
    final Key key;
    final int slot;
    Entry prev;
    Entry next;

    Entry(Key key, int slot) {
      this.key = key;
      this.slot = slot;
    }
  }

  private final Map<Key, Entry> entries = new HashMap<>();
  private final Entry[] heads = new Entry[KeySlot.SLOTS];
  private final int[] counts = new int[KeySlot.SLOTS];

  void add(Key key) {
    int slot = KeySlot.of(key.bytes);
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

  void remove(Key key) {
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
      out.add(e.key.bytes);
    }
    return out;
  }
}
