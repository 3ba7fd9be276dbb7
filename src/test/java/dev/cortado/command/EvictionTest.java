package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * maxmemory on a manual clock: which keys each policy evicts, the OOM refusal, evicted_keys and
 * the running used_memory. Redis samples, so the LRU and LFU checks look at groups of keys.
 */
class EvictionTest {
  private final Harness h = new Harness();
  private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

  private long usedMemory() {
    String info = h.resp("INFO", "memory");
    int at = info.indexOf("used_memory:") + "used_memory:".length();
    return Long.parseLong(info.substring(at, info.indexOf('\r', at)));
  }

  private int alive(String prefix, int n) {
    int alive = 0;
    for (int i = 0; i < n; i++) {
      if (h.resp("EXISTS", prefix + i).equals(":1\r\n")) {
        alive++;
      }
    }
    return alive;
  }

  @Test
  void noevictionRefusesWritesButNotReadsOrDeletes() {
    h.resp("SET", "k", "v");
    h.resp("CONFIG", "SET", "maxmemory", "1");
    assertThat(h.resp("SET", "x", "y")).isEqualTo(OOM);
    assertThat(h.resp("GET", "k")).isEqualTo("$1\r\nv\r\n");
    assertThat(h.resp("DEL", "k")).isEqualTo(":1\r\n");
    h.resp("CONFIG", "SET", "maxmemory", "0");
    assertThat(h.resp("SET", "x", "y")).isEqualTo("+OK\r\n");
  }

  @Test
  void usedMemoryStartsAtRedisesStartupAndGrowsWithKeys() {
    long empty = usedMemory();
    assertThat(empty).isEqualTo(MemoryCommands.STARTUP + MemoryCommands.PER_CLIENT);
    h.resp("SET", "a", "1");
    assertThat(usedMemory() - empty).isEqualTo(48 + 32);
  }

  @Test
  void allkeysLruEvictsTheKeysIdleLongest() {
    h.resp("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    for (int i = 0; i < 200; i++) {
      h.resp("SET", "old" + i, "v".repeat(100));
    }
    h.clock.advance(10_000);
    for (int i = 0; i < 200; i++) {
      h.resp("SET", "new" + i, "v".repeat(100));
    }
    h.resp("CONFIG", "SET", "maxmemory", Long.toString(usedMemory()));
    for (int i = 0; i < 100; i++) {
      h.resp("SET", "more" + i, "v".repeat(100));
    }
    // A hundred keys made room for: nearly all of them old ones.
    assertThat(alive("old", 200)).isBetween(100, 130);
    assertThat(alive("new", 200)).isGreaterThan(190);
    assertThat(alive("more", 100)).isEqualTo(100);
    assertThat(h.resp("INFO", "stats")).containsPattern("evicted_keys:(9[0-9]|1[0-3][0-9])\r\n");
  }

  @Test
  void allkeysLfuEvictsTheKeysReadLeast() {
    h.resp("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    for (int i = 0; i < 200; i++) {
      h.resp("SET", "cold" + i, "v".repeat(100));
      h.resp("SET", "hot" + i, "v".repeat(100));
    }
    for (int round = 0; round < 30; round++) {
      for (int i = 0; i < 200; i++) {
        h.resp("GET", "hot" + i);
      }
    }
    h.resp("CONFIG", "SET", "maxmemory", Long.toString(usedMemory()));
    for (int i = 0; i < 100; i++) {
      h.resp("SET", "more" + i, "v".repeat(100));
    }
    assertThat(alive("hot", 200)).isGreaterThan(190);
    assertThat(alive("cold", 200)).isLessThan(120);
  }

  @Test
  void volatileTtlEvictsTheKeysDueSoonestAndNeverKeysWithoutOne() {
    h.resp("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
    for (int i = 0; i < 100; i++) {
      h.resp("SET", "soon" + i, "v".repeat(100), "EX", "100");
      h.resp("SET", "late" + i, "v".repeat(100), "EX", "100000");
      h.resp("SET", "never" + i, "v".repeat(100));
    }
    h.resp("CONFIG", "SET", "maxmemory", Long.toString(usedMemory()));
    for (int i = 0; i < 50; i++) {
      h.resp("SET", "more" + i, "v".repeat(100));
    }
    assertThat(alive("never", 100)).isEqualTo(100);
    assertThat(alive("late", 100)).isGreaterThan(90);
    assertThat(alive("soon", 100)).isLessThan(60);
  }

  @Test
  void volatilePoliciesRefuseWritesWhenNoKeyHasADeadline() {
    h.resp("SET", "k", "v");
    h.resp("CONFIG", "SET", "maxmemory-policy", "volatile-random");
    h.resp("CONFIG", "SET", "maxmemory", "1");
    assertThat(h.resp("SET", "x", "y")).isEqualTo(OOM);
    assertThat(h.resp("EXISTS", "k")).isEqualTo(":1\r\n");
  }

  @Test
  void allkeysRandomEvictsUntilUnderTheLimit() {
    h.resp("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
    for (int i = 0; i < 100; i++) {
      h.resp("SET", "k" + i, "v".repeat(100));
    }
    long limit = usedMemory();
    h.resp("CONFIG", "SET", "maxmemory", Long.toString(limit));
    for (int i = 0; i < 50; i++) {
      h.resp("SET", "more" + i, "v".repeat(100));
    }
    assertThat(usedMemory()).isLessThanOrEqualTo(limit + 200); // the last write may pass it
    assertThat(alive("k", 100)).isBetween(50, 80); // about 50 evicted among k and more keys
  }

  @Test
  void anEvictedKeyIsAChangeForWatchAndAnEvictedEvent() {
    h.resp("SET", "k", "v");
    h.resp("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    h.resp("WATCH", "k");
    // Room for everything but k: evicting it, inside CONFIG SET, is enough.
    h.resp("CONFIG", "SET", "maxmemory", Long.toString(usedMemory() - 20));
    assertThat(h.resp("EXISTS", "k")).isEqualTo(":0\r\n");
    assertThat(h.resp("MULTI")).isEqualTo("+OK\r\n");
    h.resp("SET", "x", "1");
    assertThat(h.resp("EXEC")).isEqualTo("*-1\r\n");
    assertThat(h.resp("INFO", "stats")).contains("evicted_keys:1\r\n");
  }

  @Test
  void multiIsRefusedWhileOutOfMemory() {
    h.resp("CONFIG", "SET", "maxmemory", "1");
    assertThat(h.resp("MULTI")).isEqualTo("+OK\r\n");
    assertThat(h.resp("GET", "x")).isEqualTo(OOM);
    assertThat(h.resp("EXEC")).startsWith("-EXECABORT");
  }

  @Test
  void memoryUsageAndStatsAnswer() {
    h.resp("SET", "a", "1");
    assertThat(h.resp("MEMORY", "USAGE", "a")).isEqualTo(":48\r\n");
    assertThat(h.resp("MEMORY", "USAGE", "a", "SAMPLES", "-1")).isEqualTo("-ERR syntax error\r\n");
    String stats = h.resp("MEMORY", "STATS");
    assertThat(stats).startsWith("*56\r\n$14\r\npeak.allocated\r\n");
    assertThat(stats).contains("$4\r\ndb.0\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n");
  }
}
