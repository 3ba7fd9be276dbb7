package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes a replica runs itself (HSET, LPUSH, SADD... shipped as commands) mixed with writes that
 * ship the key's state (SET, SPOP, EXPIRE, scripts' random picks): whatever the mix and however the
 * commands fall into batches, the replica ends equal to its primary (DEBUG DIGEST).
 */
class ReplicationReplayTest {
  private CortadoServer primary;
  private CortadoServer replica;

  @BeforeEach
  void start() {
    primary = CortadoServer.builder().seed(1).enableDebugCommand("yes").build().start();
    replica = CortadoServer.builder().seed(2).enableDebugCommand("yes").build().start();
    replica.replicaOf(primary);
  }

  @AfterEach
  void stop() {
    replica.stop();
    primary.stop();
  }

  private static final String[] KEYS = {"k0", "k1", "k2", "k3", "{k}4", "{k}5"};
  private static final String[] MEMBERS = {"a", "b", "c", "d"};

  /** One random command of the mix, over a few keys of every type (WRONGTYPE errors included). */
  private static String[] command(Random rnd) {
    String k = KEYS[rnd.nextInt(KEYS.length)];
    String k2 = KEYS[rnd.nextInt(KEYS.length)];
    String m = MEMBERS[rnd.nextInt(MEMBERS.length)];
    String n = Integer.toString(rnd.nextInt(5));
    List<String[]> all = List.of(
        // shipped as commands
        new String[] {"HSET", k, m, n}, new String[] {"HDEL", k, m},
        new String[] {"HINCRBY", k, m, n}, new String[] {"SADD", k, m, m + n},
        new String[] {"SREM", k, m}, new String[] {"SMOVE", k, k2, m},
        new String[] {"SINTERSTORE", k, k2, KEYS[0]}, new String[] {"SUNIONSTORE", k2, k, KEYS[1]},
        new String[] {"ZADD", k, n, m}, new String[] {"ZINCRBY", k, n, m},
        new String[] {"ZREM", k, m}, new String[] {"ZPOPMIN", k},
        new String[] {"ZUNIONSTORE", k, "2", k2, KEYS[2]}, new String[] {"LPUSH", k, m, n},
        new String[] {"RPUSH", k, m}, new String[] {"LPOP", k}, new String[] {"RPOP", k, "2"},
        new String[] {"LSET", k, "0", m}, new String[] {"LINSERT", k, "BEFORE", m, n},
        new String[] {"LREM", k, "0", m}, new String[] {"LTRIM", k, "0", "3"},
        new String[] {"LMOVE", k, k2, "LEFT", "RIGHT"}, new String[] {"APPEND", k, m},
        new String[] {"SETRANGE", k, n, m}, new String[] {"SETBIT", k, n, "1"},
        new String[] {"PFADD", k, m}, new String[] {"GEOADD", k, "13.36", "38.11", m},
        new String[] {"XADD", k, "*", m, n}, new String[] {"XADD", k, "MAXLEN", "=", "3", "*", m, n},
        new String[] {"XADD", k, "NOMKSTREAM", "MAXLEN", "~", "2", "*", m, n},
        new String[] {"XDEL", k, "0-1"}, new String[] {"PEXPIRE", k, "500000"},
        new String[] {"XTRIM", k, "MAXLEN", "~", n}, new String[] {"XTRIM", k, "MAXLEN", n},
        new String[] {"XTRIM", k, "MINID", "~", "0-" + n},
        new String[] {"XADD", k, "MAXLEN", "~", n, "LIMIT", "4", "*", m, n},
        // rewritten for replicas, as Redis does
        new String[] {"SPOP", k, n}, new String[] {"SET", k, m, "EX", "1000"},
        new String[] {"SETEX", k, "1000", m}, new String[] {"GETEX", k, "PX", "900000"},
        new String[] {"GETEX", k, "PERSIST"}, new String[] {"INCRBYFLOAT", k, "1.5"},
        new String[] {"HINCRBYFLOAT", k, m, "2.5"}, new String[] {"EXPIRE", k, "-1"},
        new String[] {"LMPOP", "2", k, k2, "LEFT", "COUNT", n},
        new String[] {"BLMOVE", k, k2, "RIGHT", "LEFT", "0.01"},
        new String[] {"BLPOP", k, "0.01"},
        new String[] {"ZMPOP", "1", k, "MAX", "COUNT", n}, new String[] {"BZPOPMIN", k, "0.01"},
        // consumer groups, which change a stream without WATCH seeing it
        new String[] {"XGROUP", "CREATE", k, "g", "0", "MKSTREAM"},
        new String[] {"XREADGROUP", "GROUP", "g", "c" + n, "COUNT", "2", "STREAMS", k, ">"},
        new String[] {"XAUTOCLAIM", k, "g", "c" + n, "0", "0-0", "COUNT", "1"},
        new String[] {"XREADGROUP", "GROUP", "g", "c" + n, "STREAMS", k, "0"},
        new String[] {"XREADGROUP", "GROUP", "g", "c" + n, "NOACK", "STREAMS", k, ">"},
        new String[] {"XGROUP", "CREATECONSUMER", k, "g", "c" + n},
        new String[] {"XGROUP", "DELCONSUMER", k, "g", "c" + n},
        new String[] {"XGROUP", "SETID", k, "g", "0"},
        new String[] {"EVAL", "local p = redis.call('xpending', KEYS[1], 'g', '-', '+', 1) "
            + "if p[1] then return redis.call('xack', KEYS[1], 'g', p[1][1]) end return 0", "1", k},
        // shipped as the key's state (EXPIRE and XADD shipped rewritten: PEXPIREAT, the ID)
        new String[] {"SET", k, m}, new String[] {"DEL", k}, new String[] {"SPOP", k},
        new String[] {"EXPIRE", k, "1000"}, new String[] {"PERSIST", k},
        new String[] {"RENAME", k, k2}, new String[] {"INCR", k}, new String[] {"GETDEL", k},
        new String[] {"COPY", k, k2, "REPLACE"}, new String[] {"SRANDMEMBER", k},
        new String[] {"EVAL", "redis.call('sadd', KEYS[1], tostring(math.random(1000))) return 1",
            "1", k},
        new String[] {"EVAL", "return redis.call('hset', KEYS[1], 'f', ARGV[1])", "1", k, m});
    return all.get(rnd.nextInt(all.size()));
  }

  private static String withoutLayout(String xinfo) {
    return xinfo.replaceAll("radix-tree-(keys|nodes)\r\n:\\d+", "radix-tree-$1");
  }

  @Test
  void randomBatchesOfReplayedAndCopiedWrites_leaveTheReplicaEqualToItsPrimary() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica)) {
      p.call("CONFIG", "SET", "stream-node-max-entries", "3"); // so that "~" trims whole nodes
      for (int round = 0; round < 120; round++) {
        int batch = 1 + rnd.nextInt(30);
        List<String> sent = new ArrayList<>();
        boolean multi = rnd.nextInt(5) == 0;
        if (multi) {
          p.send("MULTI");
        }
        for (int i = 0; i < batch; i++) {
          String[] c = command(rnd);
          sent.add(String.join(" ", c));
          p.send(c); // one after another without waiting: several land in one batch
        }
        if (multi) {
          p.send("EXEC");
        }
        for (int i = 0; i < batch + (multi ? 2 : 0); i++) {
          p.read();
        }
        assertThat(p.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
        assertThat(r.call("DEBUG", "DIGEST"))
            .as("seed %d, round %d, after %s", seed, round, sent)
            .isEqualTo(p.call("DEBUG", "DIGEST"));
        for (String key : KEYS) { // DEBUG DIGEST marks a TTL, as Redis's, but not its time
          assertThat(r.call("PEXPIRETIME", key)).as("seed %d, round %d, %s", seed, round, key)
              .isEqualTo(p.call("PEXPIRETIME", key));
          // nor a stream's consumer groups: their state, pending entries and times included
          // (not its node layout, which differs as in Redis: the primary's "~" trims whole nodes
          // of its stream-node-max-entries, the replica runs the trims made exact)
          assertThat(withoutLayout(r.call("XINFO", "STREAM", key, "FULL")))
              .as("seed %d, round %d, %s after %s", seed, round, key, sent)
              .isEqualTo(withoutLayout(p.call("XINFO", "STREAM", key, "FULL")));
        }
      }
      assertThat(p.call("DBSIZE")).isNotEqualTo(":0\r\n"); // the mix did build data
    }
  }

  /**
   * What a replica runs for its primary counts nowhere on it, as redis-server 7.0 checked: no MONITOR
   * line, no commandstats, no total_commands_processed, no SLOWLOG entry.
   */
  @Test
  void writesTheReplicaRuns_countNowhereOnIt() {
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica);
        TestClient m = new TestClient(replica)) {
      r.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
      r.call("CONFIG", "RESETSTAT");
      r.call("SLOWLOG", "RESET");
      assertThat(m.call("MONITOR")).isEqualTo("+OK\r\n");
      p.call("SADD", "s", "a");
      assertThat(p.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      assertThat(r.call("SISMEMBER", "s", "a")).isEqualTo(":1\r\n"); // it did run
      assertThat(m.read()).contains("\"SISMEMBER\""); // the first line MONITOR shows
      assertThat(r.bulk("INFO", "commandstats")).doesNotContain("cmdstat_sadd");
      assertThat(r.call("SLOWLOG", "GET", "10")).doesNotContain("SADD");
      // RESETSTAT, SLOWLOG RESET, MONITOR, SISMEMBER, INFO, SLOWLOG GET: not the SADD
      assertThat(r.bulk("INFO", "stats")).contains("total_commands_processed:6\r\n");
    }
  }

  /**
   * A hash written field by field reaches the replica whole; the replica publishes no keyspace event
   * for what it runs, as redis-server 7.0's replicas publish none for their primary's writes.
   */
  @Test
  void aHashWrittenFieldByField_reachesTheReplica_withoutEventsThere() {
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica);
        TestClient sub = new TestClient(replica)) {
      r.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
      assertThat(sub.call("PSUBSCRIBE", "*")).contains("psubscribe");
      for (int i = 0; i < 2000; i++) {
        p.call("HSET", "big", "f" + i, "v" + i);
      }
      p.call("SET", "plain", "v");
      assertThat(p.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      assertThat(r.call("HLEN", "big")).isEqualTo(":2000\r\n");
      assertThat(r.call("HGET", "big", "f1999")).isEqualTo("$5\r\nv1999\r\n");
      assertThat(r.call("GET", "plain")).isEqualTo("$1\r\nv\r\n");
      r.call("PUBLISH", "x", "own"); // the first message the subscriber gets
      assertThat(sub.read()).isEqualTo("*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$1\r\nx\r\n"
          + "$3\r\nown\r\n");
    }
  }
}
