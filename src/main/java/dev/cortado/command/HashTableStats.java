package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.MemoryUsage;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ZSetValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DEBUG HTSTATS, HTSTATS-KEY and SDSLEN: Redis 7.0's reports on its own hash tables and sds
 * strings, in Redis's exact layout, with figures modelled from Cortado's data. A table holds as many
 * buckets as Redis's dict would after growing one insert at a time (the power of two at or above
 * the count, at least 4: the size MEMORY USAGE also assumes), its incremental rehash finished; the
 * elements go to buckets by a hash of their bytes, as Redis's SipHash spreads them (whose seed is
 * random per process, so two redis-servers print different chains too).
 */
final class HashTableStats {
  /** Redis's DICT_STATS_VECTLEN: chains this long or longer share the last, unprinted, slot. */
  private static final int VECTLEN = 50;

  private HashTableStats() {}

  /** Whether Redis keeps this value in a dict: a "hashtable" hash or set, a "skiplist" zset. */
  static boolean hasHashTable(Value value) {
    String encoding = value.encoding();
    return encoding.equals("hashtable") || encoding.equals("skiplist");
  }

  /** The elements of a value's dict: hash fields, set or sorted-set members. */
  static List<byte[]> elements(Value value) {
    if (value instanceof HashValue h) {
      List<byte[]> fields = new ArrayList<>(h.size());
      for (Map.Entry<byte[], byte[]> e : h.entries()) {
        fields.add(e.getKey());
      }
      return fields;
    }
    if (value instanceof SetValue s) {
      return s.members();
    }
    return ((ZSetValue) value).members();
  }

  /** dictGetStats of a dict holding these elements: one settled table, table 0. */
  static String dictStats(List<byte[]> elements) {
    int used = elements.size();
    if (used == 0) {
      return "Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n";
    }
    long size = used <= 4 ? 4 : Long.highestOneBit(used - 1L) << 1;
    // Sparse chains: only occupied buckets are kept, so a big table costs what its elements do.
    java.util.HashMap<Long, Integer> chains = new java.util.HashMap<>(used * 2);
    for (byte[] e : elements) {
      chains.merge(Database.keyHash(e) & (size - 1), 1, Integer::sum);
    }
    long[] lengths = new long[VECTLEN];
    long slots = chains.size();
    long maxChain = 0;
    long total = 0;
    lengths[0] = size - slots;
    for (int chain : chains.values()) {
      lengths[Math.min(chain, VECTLEN - 1)]++;
      maxChain = Math.max(maxChain, chain);
      total += chain;
    }
    StringBuilder out = new StringBuilder(400);
    out.append("Hash table 0 stats (main hash table):\n")
        .append(" table size: ").append(size).append('\n')
        .append(" number of elements: ").append(used).append('\n')
        .append(" different slots: ").append(slots).append('\n')
        .append(" max chain length: ").append(maxChain).append('\n')
        .append(" avg chain length (counted): ").append(twoDecimals((float) total / slots))
        .append('\n')
        .append(" avg chain length (computed): ").append(twoDecimals((float) used / slots))
        .append('\n')
        .append(" Chain length distribution:\n");
    // Redis's loop stops before the last slot, so chains of 49 and more are never printed.
    for (int i = 0; i < VECTLEN - 1; i++) {
      if (lengths[i] != 0) {
        out.append("   ").append(i).append(": ").append(lengths[i]).append(" (")
            .append(twoDecimals((float) lengths[i] / (float) size * 100)).append("%)\n");
      }
    }
    return out.toString();
  }

  /** DEBUG HTSTATS dbid: the keyspace's dict, then the expires dict. */
  static String databaseStats(List<Map.Entry<byte[], Value>> entries) {
    List<byte[]> keys = new ArrayList<>(entries.size());
    List<byte[]> expiring = new ArrayList<>();
    for (Map.Entry<byte[], Value> e : entries) {
      keys.add(e.getKey());
      if (e.getValue().expiresAt() != Value.NO_EXPIRY) {
        expiring.add(e.getKey());
      }
    }
    return "[Dictionary HT]\n" + dictStats(keys) + "[Expires HT]\n" + dictStats(expiring);
  }

  /**
   * DEBUG SDSLEN's line for a string value held "embstr" or "raw" under this key. The key is an sds
   * made to measure (dbAdd's sdsdup); the value's sds follows how it was built and grown.
   */
  static String sdsLine(byte[] key, StringValue value) {
    long keyAlloc = StringValue.exactSdsAlloc(key.length);
    long keyBlock = MemoryUsage.sds(key.length);
    return "key_sds_len:" + key.length + ", key_sds_avail:" + (keyAlloc - key.length)
        + ", key_zmalloc: " + keyBlock + ", val_sds_len:" + value.length() + ", val_sds_avail:"
        + value.sdsAvail() + ", val_zmalloc: " + value.sdsAllocation();
  }

  /**
   * printf's %.02f of a float: the exact binary value rounded half to even, as glibc does (Java's
   * %.2f rounds a tie such as 3.125 up).
   */
  static String twoDecimals(float value) {
    return new BigDecimal((double) value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
