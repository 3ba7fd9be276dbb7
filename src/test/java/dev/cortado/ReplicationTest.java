package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A primary and a replica in one JVM: the replica follows every write, whatever the command, and
 * refuses its own clients' writes. Replies are compared with a real redis-server pair in
 * conformance-tests (ReplicationConformanceTest); here the state a replica ends with.
 */
class ReplicationTest {
  private CortadoServer primary;
  private CortadoServer replica;

  @BeforeEach
  void start() {
    primary = CortadoServer.builder().seed(1).build().start();
    replica = CortadoServer.builder().seed(2).build().start();
  }

  @AfterEach
  void stop() {
    replica.stop();
    primary.stop();
  }

  /** WAIT 1 on the primary: once it answers 1, the replica has applied every write before it. */
  private static void synced(TestClient p) {
    assertThat(p.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
  }

  @Test
  void replicaOf_copiesTheData_thenFollowsEveryWrite() {
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica)) {
      p.call("SET", "before", "1");
      r.call("SET", "own", "gone"); // a full resync replaces the replica's data
      assertThat(r.call("REPLICAOF", "127.0.0.1", Integer.toString(primary.port())))
          .isEqualTo("+OK\r\n");
      p.call("HSET", "h", "f", "v");
      p.call("SADD", "s", "a", "b", "c");
      p.call("SPOP", "s"); // a random pick: the replica must hold the same two members
      p.call("RPUSH", "l", "x", "y");
      p.call("PEXPIRE", "l", "100000");
      synced(p);
      // SORT may store, so a read-only replica refuses it as Redis does; SORT_RO reads.
      assertThat(r.call("SORT_RO", "s", "ALPHA")).isEqualTo(p.call("SORT_RO", "s", "ALPHA"))
          .startsWith("*2\r\n");
      p.call("SELECT", "3");
      p.call("SET", "in3", "v");
      synced(p);
      assertThat(r.call("GET", "before")).isEqualTo("$1\r\n1\r\n");
      assertThat(r.call("EXISTS", "own")).isEqualTo(":0\r\n");
      assertThat(r.call("HGET", "h", "f")).isEqualTo("$1\r\nv\r\n");
      assertThat(r.call("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
      assertThat(r.call("PTTL", "l")).matches(":\\d{5}\r\n");
      r.call("SELECT", "3");
      assertThat(r.call("GET", "in3")).isEqualTo("$1\r\nv\r\n");
    }
  }

  @Test
  void deletesFlushesSwapsTransactionsAndScripts_reachTheReplicaInOrder() {
    replica.replicaOf(primary);
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica)) {
      p.call("SET", "a", "1");
      p.call("FLUSHALL");
      p.call("SET", "b", "2");
      p.call("SWAPDB", "0", "1");
      p.call("MULTI");
      p.call("SET", "c", "3");
      p.call("DEL", "c");
      p.call("INCR", "n");
      p.call("EXEC");
      p.call("EVAL", "redis.call('set', 'rnd', tostring(math.random())) return 1", "0");
      synced(p);
      assertThat(r.call("EXISTS", "a", "b", "c")).isEqualTo(":0\r\n");
      assertThat(r.call("GET", "n")).isEqualTo("$1\r\n1\r\n");
      assertThat(r.call("GET", "rnd")).isEqualTo(p.call("GET", "rnd"));
      r.call("SELECT", "1");
      assertThat(r.call("GET", "b")).isEqualTo("$1\r\n2\r\n");
    }
  }

  @Test
  void aReplicaRefusesWrites_andWaitOnIt_withRedisErrors() {
    replica.replicaOf(primary);
    try (TestClient r = new TestClient(replica)) {
      assertThat(r.call("SET", "k", "v"))
          .isEqualTo("-READONLY You can't write against a read only replica.\r\n");
      assertThat(r.call("EVAL", "#!lua\nreturn redis.call('set', 'k', 'v')", "0"))
          .isEqualTo("-READONLY You can't write against a read only replica.\r\n");
      assertThat(r.call("EVAL", "return redis.call('set', 'k', 'v')", "0"))
          .startsWith("-READONLY You can't write against a read only replica. script: ");
      assertThat(r.call("WAIT", "1", "0")).startsWith("-ERR WAIT cannot be used with replica");
      assertThat(r.call("CONFIG", "SET", "replica-read-only", "no")).isEqualTo("+OK\r\n");
      assertThat(r.call("SET", "k", "v")).isEqualTo("+OK\r\n");
    }
  }

  @Test
  void roleAndInfo_describeBothSides_andOffsetsCountTheStreamAsRedis() {
    replica.replicaOf(primary);
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica)) {
      p.call("SET", "a", "1"); // SELECT 0 (23 bytes) + SET a 1 (27), as Redis's stream
      synced(p);
      assertThat(p.call("ROLE")).isEqualTo("*3\r\n$6\r\nmaster\r\n:50\r\n*1\r\n*3\r\n"
          + "$9\r\n127.0.0.1\r\n$" + Integer.toString(replica.port()).length() + "\r\n"
          + replica.port() + "\r\n$2\r\n50\r\n");
      assertThat(r.call("ROLE")).isEqualTo("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:"
          + primary.port() + "\r\n$9\r\nconnected\r\n:50\r\n");
      String info = r.bulk("INFO", "replication");
      assertThat(info).contains("role:slave\r\n", "master_port:" + primary.port() + "\r\n",
          "master_link_status:up\r\n", "slave_repl_offset:50\r\n");
      assertThat(p.bulk("INFO", "replication")).contains("connected_slaves:1\r\n",
          "slave0:ip=127.0.0.1,port=" + replica.port() + ",state=online,offset=50,lag=0\r\n",
          "master_repl_offset:50\r\n");
    }
  }

  /**
   * Consumer groups change a stream without WATCH seeing it, and reach the replica as the changed
   * pending entries and consumers (not the whole stream): every delivery, claim, deletion and
   * acknowledgement shows on the replica with its owner, time and delivery count.
   */
  @Test
  void consumerGroupChanges_reachTheReplica_entryByEntry() {
    replica.replicaOf(primary);
    try (TestClient p = new TestClient(primary); TestClient r = new TestClient(replica)) {
      for (int i = 1; i <= 6; i++) {
        p.call("XADD", "s", i + "-1", "f", "v" + i);
      }
      p.call("XGROUP", "CREATE", "s", "g", "0");
      p.call("XGROUP", "CREATE", "s", "g2", "0");
      p.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "3", "STREAMS", "s", ">");
      p.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"); // delivered again
      p.call("XREADGROUP", "GROUP", "g", "bob", "COUNT", "2", "STREAMS", "s", ">");
      p.call("XCLAIM", "s", "g", "carol", "0", "1-1", "RETRYCOUNT", "7");
      p.call("XCLAIM", "s", "g", "carol", "0", "9-9", "FORCE", "LASTID", "5-1");
      p.call("XDEL", "s", "2-1");
      p.call("XAUTOCLAIM", "s", "g", "dave", "0", "0-0", "COUNT", "2");
      p.call("XACK", "s", "g", "4-1");
      p.call("XGROUP", "CREATECONSUMER", "s", "g", "erin");
      p.call("XREADGROUP", "GROUP", "g2", "frank", "NOACK", "STREAMS", "s", ">");
      p.call("XGROUP", "DELCONSUMER", "s", "g", "bob");
      synced(p);
      String full = p.call("XINFO", "STREAM", "s", "FULL");
      assertThat(full).contains("carol", "dave", "erin", "frank", "\r\n:8\r\n"); // 7, claimed again
      assertThat(r.call("XINFO", "STREAM", "s", "FULL")).isEqualTo(full);
      p.call("XGROUP", "DESTROY", "s", "g");
      synced(p);
      assertThat(r.call("XINFO", "GROUPS", "s")).isEqualTo(p.call("XINFO", "GROUPS", "s"))
          .contains("g2").doesNotContain("carol");
    }
  }

  @Test
  void aStoppedPrimary_leavesItsReplicaWithALinkDown_andNoOneMakesItWritable() {
    replica.replicaOf(primary);
    try (TestClient r = new TestClient(replica)) {
      primary.stop();
      assertThat(r.bulk("INFO", "replication")).contains("master_link_status:down\r\n");
      assertThat(r.call("REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
      assertThat(r.call("SET", "k", "v")).isEqualTo("+OK\r\n");
      assertThat(r.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
    }
  }
}
