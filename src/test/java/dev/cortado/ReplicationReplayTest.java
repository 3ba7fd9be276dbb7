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
        // shipped as the key's state
        new String[] {"SET", k, m}, new String[] {"DEL", k}, new String[] {"SPOP", k},
        new String[] {"EXPIRE", k, "1000"}, new String[] {"PERSIST", k},
        new String[] {"RENAME", k, k2}, new String[] {"INCR", k}, new String[] {"GETDEL", k},
        new String[] {"COPY", k, k2, "REPLACE"}, new String[] {"SRANDMEMBER", k},
        new String[] {"EVAL", "redis.call('sadd', KEYS[1], tostring(math.random(1000))) return 1",
            "1", k},
        new String[] {"EVAL", "return redis.call('hset', KEYS[1], 'f', ARGV[1])", "1", k, m});
    return all.get(rnd.nextInt(all.size()));
  }

  @Test
  void randomBatchesOfReplayedAndCopiedWrites_leaveTheReplicaEqualToItsPrimary() {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica)) {
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
      }
      assertThat(p.call("DBSIZE")).isNotEqualTo(":0\r\n"); // the mix did build data
    }
  }

  /** A replayed write is run by the replica, so it publishes the event a command publishes. */
  @Test
  void aHashWrittenFieldByField_reachesTheReplicaAsCommands_eachWithItsEvent() {
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica);
        TestClient sub = new TestClient(replica)) {
      r.call("CONFIG", "SET", "notify-keyspace-events", "Eh");
      assertThat(sub.call("SUBSCRIBE", "__keyevent@0__:hset")).contains("subscribe");
      for (int i = 0; i < 2000; i++) {
        p.call("HSET", "big", "f" + i, "v" + i);
      }
      assertThat(p.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      assertThat(r.call("HLEN", "big")).isEqualTo(":2000\r\n");
      assertThat(r.call("HGET", "big", "f1999")).isEqualTo("$5\r\nv1999\r\n");
      assertThat(sub.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$19\r\n__keyevent@0__:hset\r\n"
          + "$3\r\nbig\r\n");
      // A write shipped as the key's state publishes nothing on the replica.
      p.call("SET", "plain", "v");
      p.call("HSET", "big", "last", "v");
      assertThat(p.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      for (int i = 1; i < 2000; i++) {
        sub.read();
      }
      assertThat(sub.read()).contains("big"); // the last HSET's, with no event for SET between
      assertThat(sub.hasUnread()).isFalse();
    }
  }
}
