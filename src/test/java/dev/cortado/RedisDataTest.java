package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

class RedisDataTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private final ManualClock clock = new ManualClock(START);
  private final CortadoServer server = CortadoServer.builder().clock(clock).build().start();
  private final RedisData db = server.data();
  private final TestClient client = new TestClient(server);

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  void set_isSeenByClients_andClientWritesAreSeenDirectly() {
    db.set("greeting", "hello").set("café", "crème");
    assertThat(client.call("GET", "greeting")).isEqualTo("$5\r\nhello\r\n");
    assertThat(client.call("GET", "café")).isEqualTo("$6\r\ncrème\r\n");
    client.call("SET", "from-client", "42");
    assertThat(db.get("from-client")).isEqualTo("42");
    assertThat(db.get("missing")).isNull();
  }

  @Test
  void set_replacesTheValueAndDropsTheTtl_asSetDoes() {
    db.set("k", "v1", Duration.ofSeconds(10));
    db.set("k", "v2");
    assertThat(db.get("k")).isEqualTo("v2");
    assertThat(db.ttl("k")).isEmpty();
  }

  @Test
  void bytes_roundTripUnchanged() {
    byte[] binary = {0, (byte) 0xff, '\r', '\n', (byte) 0x80};
    db.set("bin", binary);
    binary[0] = 7; // the server kept its own copy
    byte[] read = db.getBytes("bin");
    assertThat(read).containsExactly(0, 0xff, '\r', '\n', 0x80);
    read[1] = 1;
    assertThat(db.getBytes("bin")).containsExactly(0, 0xff, '\r', '\n', 0x80);
    assertThat(client.call("STRLEN", "bin")).isEqualTo(":5\r\n");
  }

  @Test
  void ttl_andExpiresAt_followTheClock() {
    db.set("session", "abc", Duration.ofMinutes(30));
    assertThat(db.ttl("session")).contains(Duration.ofMinutes(30));
    assertThat(db.expiresAt("session")).contains(START.plus(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(10));
    assertThat(db.ttl("session")).contains(Duration.ofMinutes(20));
    assertThat(client.call("TTL", "session")).isEqualTo(":1200\r\n");
    assertThat(db.ttl("missing")).isEmpty();
    db.set("forever", "x");
    assertThat(db.ttl("forever")).isEmpty();
    assertThat(db.expiresAt("forever")).isEmpty();
  }

  @Test
  void expire_andPersist_changeTheTtl() {
    db.set("k", "v");
    assertThat(db.expire("k", Duration.ofSeconds(5))).isTrue();
    assertThat(client.call("PTTL", "k")).isEqualTo(":5000\r\n");
    assertThat(db.persist("k")).isTrue();
    assertThat(db.persist("k")).isFalse();
    assertThat(client.call("TTL", "k")).isEqualTo(":-1\r\n");
    assertThat(db.expire("missing", Duration.ofSeconds(5))).isFalse();
    assertThat(db.persist("missing")).isFalse();
    db.expire("k", Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(6));
    assertThat(db.exists("k")).isFalse();
  }

  @Test
  void nonPositiveTtls_areRejected() {
    assertThatThrownBy(() -> db.set("k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    db.set("k", "v");
    assertThatThrownBy(() -> db.expire("k", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(db.exists("k")).isTrue();
  }

  @Test
  void keys_areSorted_andFilteredByGlob() {
    db.set("user:2", "b").set("user:10", "c").set("order:1", "d").set("user:1", "a");
    assertThat(db.keys()).containsExactly("order:1", "user:1", "user:10", "user:2");
    assertThat(db.keys("user:?")).containsExactly("user:1", "user:2");
    assertThat(db.size()).isEqualTo(4);
  }

  @Test
  void existsTypeAndDel() {
    db.set("a", "1").set("b", "2");
    assertThat(db.exists("a")).isTrue();
    assertThat(db.type("a")).isEqualTo("string");
    assertThat(db.type("zz")).isEqualTo("none");
    assertThat(db.del("a", "b", "zz")).isEqualTo(2);
    assertThat(db.exists("a")).isFalse();
    assertThat(db.size()).isZero();
  }

  @Test
  void databases_areSeparate_andFlushEmptiesOnlyItsOwn() {
    server.data(0).set("k", "zero");
    server.data(5).set("k", "five");
    client.call("SELECT", "5");
    assertThat(client.call("GET", "k")).isEqualTo("$4\r\nfive\r\n");
    server.data(5).flush();
    assertThat(server.data(5).size()).isZero();
    assertThat(server.data(0).get("k")).isEqualTo("zero");
    assertThat(server.data(5).index()).isEqualTo(5);
  }

  @Test
  void flushAll_emptiesEveryDatabase_butKeepsTheClock() {
    server.data(0).set("a", "1");
    server.data(15).set("b", "2");
    clock.advance(Duration.ofSeconds(5));
    server.flushAll();
    assertThat(server.data(0).size()).isZero();
    assertThat(server.data(15).size()).isZero();
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
  }

  @Test
  void directAccess_countsNoCommandsNorHits() {
    db.set("k", "v");
    db.get("k");
    db.get("missing");
    assertThat(client.info("stats", "keyspace_hits")).isEqualTo("0");
    assertThat(client.info("stats", "keyspace_misses")).isEqualTo("0");
  }

  @Test
  void dump_showsEveryKeyWithTypeValueAndTtl() {
    assertThat(db.dump()).isEqualTo("db 0, empty");
    db.set("greeting", "hello")
        .set("session", "abc", Duration.ofMinutes(30))
        .set("bin", new byte[] {0, 'a', (byte) 0xff, '"', '\n'})
        .set("unicode", "crème brûlée");
    assertThat(db.dump()).isEqualTo("""
        db 0, 4 keys:
          "bin" string "\\x00a\\xff\\"\\n"
          "greeting" string "hello"
          "session" string "abc" (ttl PT30M)
          "unicode" string "crème brûlée\"""");
    assertThat(server.data(1).set("one", "1").dump()).isEqualTo("db 1, 1 key:\n  \"one\" string \"1\"");
  }

  @Test
  void dump_shortensLongValuesAndLargeDatabases() {
    db.set("long", "x".repeat(1000));
    assertThat(db.dump()).isEqualTo(
        "db 0, 1 key:\n  \"long\" string \"" + "x".repeat(200) + "\"... (1000 bytes)");
    db.flush();
    for (int i = 0; i < 150; i++) {
      db.set(String.format("k%03d", i), "v");
    }
    String dump = db.dump();
    assertThat(dump).startsWith("db 0, 150 keys:\n  \"k000\"").contains("\"k099\"")
        .doesNotContain("\"k100\"").endsWith("\n  ... and 50 more");
  }

  @Test
  void dump_doesNotCutACharacterInTwo() {
    db.set("k", "x".repeat(199) + "é" + "y".repeat(10));
    assertThat(db.dump()).contains("\"" + "x".repeat(199) + "\"... (211 bytes)");
    assertThat("é".getBytes(StandardCharsets.UTF_8)).hasSize(2);
  }

  @Test
  void hashes_readAndWrittenDirectly_areTheClientsHashes() {
    db.hset("user:1", "name", "Ada").hset("user:1", Map.of("age", "36"));
    assertThat(client.call("HGET", "user:1", "name")).isEqualTo("$3\r\nAda\r\n");
    client.call("HSET", "user:1", "lang", "en");
    assertThat(db.hget("user:1", "lang")).isEqualTo("en");
    assertThat(db.hget("user:1", "missing")).isNull();
    assertThat(db.hget("missing", "f")).isNull();
    assertThat(db.hgetAll("user:1")).containsExactly(
        Map.entry("name", "Ada"), Map.entry("age", "36"), Map.entry("lang", "en"));
    assertThat(db.hgetAll("missing")).isEmpty();
    assertThat(db.type("user:1")).isEqualTo("hash");
  }

  @Test
  void hset_keepsTheKeysTtl_andHdelOfTheLastFieldDeletesTheKey() {
    db.hset("h", "a", "1");
    db.expire("h", Duration.ofSeconds(60));
    db.hset("h", "b", "2");
    assertThat(db.ttl("h")).contains(Duration.ofSeconds(60));
    assertThat(db.hdel("h", "a", "zz")).isEqualTo(1);
    assertThat(db.hdel("h", "b")).isEqualTo(1);
    assertThat(db.exists("h")).isFalse();
    assertThat(db.hdel("h", "b")).isZero();
  }

  @Test
  void hset_followsTheConfiguredEncoding() {
    client.call("CONFIG", "SET", "hash-max-listpack-entries", "2");
    db.hset("h", "a", "1").hset("h", "b", "2");
    assertThat(client.call("OBJECT", "ENCODING", "h")).isEqualTo("$8\r\nlistpack\r\n");
    db.hset("h", "c", "3");
    assertThat(client.call("OBJECT", "ENCODING", "h")).isEqualTo("$9\r\nhashtable\r\n");
  }

  @Test
  void sets_readAndWrittenDirectly_areTheClientsSets() {
    db.sadd("ids", "3", "1", "2");
    assertThat(db.smembers("ids")).containsExactly("1", "2", "3"); // an intset, ascending as Redis
    assertThat(client.call("SCARD", "ids")).isEqualTo(":3\r\n");
    client.call("SADD", "ids", "x");
    assertThat(db.sismember("ids", "x")).isTrue();
    assertThat(db.sismember("ids", "y")).isFalse();
    assertThat(db.sismember("missing", "y")).isFalse();
    assertThat(db.smembers("missing")).isEmpty();
    assertThat(db.srem("ids", "1", "2", "3", "zz")).isEqualTo(3);
    assertThat(db.smembers("ids")).containsExactly("x");
    assertThat(db.srem("ids", "x")).isEqualTo(1);
    assertThat(db.exists("ids")).isFalse();
    assertThatThrownBy(() -> db.sadd("ids")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readingTheWrongType_failsAsWrongtype() {
    db.hset("h", "f", "v").set("s", "v").sadd("set", "m");
    assertThatThrownBy(() -> db.get("h")).isInstanceOf(IllegalStateException.class)
        .hasMessage("WRONGTYPE key \"h\" in db 0 holds a hash, not a string");
    assertThatThrownBy(() -> db.hget("s", "f")).hasMessageContaining("holds a string, not a hash");
    assertThatThrownBy(() -> db.sadd("h", "m")).hasMessageContaining("holds a hash, not a set");
    assertThatThrownBy(() -> db.hset("set", "f", "v")).hasMessageContaining("holds a set, not a hash");
    assertThat(db.hgetAll("h")).containsEntry("f", "v");
  }

  @Test
  void directWrites_abortATransactionWatchingTheKey() {
    db.hset("h", "f", "1").sadd("s", "a");
    for (Runnable write : List.<Runnable>of(() -> db.hset("h", "f", "2"), () -> db.sadd("s", "b"),
        () -> db.set("k", "v"), () -> db.srem("s", "a"))) {
      client.call("WATCH", "h", "s", "k");
      client.call("MULTI");
      client.call("PING");
      write.run();
      assertThat(client.call("EXEC")).isEqualTo("*-1\r\n");
    }
  }

  @Test
  void dump_showsHashesAndSets() {
    db.hset("user:1", "name", "Ada").hset("user:1", "city", "London").sadd("tags", "b", "a");
    db.sadd("ids", "10", "2");
    assertThat(db.dump()).isEqualTo("""
        db 0, 3 keys:
          "ids" set ["2", "10"]
          "tags" set ["%s", "%s"]
          "user:1" hash {"name": "Ada", "city": "London"}""".formatted(
            db.smembers("tags").toArray()));
  }

  @Test
  void dump_shortensLargeHashesAndSets() {
    for (int i = 0; i < 30; i++) {
      db.hset("h", "f" + i, "v").sadd("s", Integer.toString(i));
    }
    assertThat(db.dump()).contains("\"f19\": \"v\", ... (30 fields)}")
        .contains("\"19\", ... (30 members)]");
  }

  @Test
  void wildcardBind_givesClientsTheLoopbackAddress() {
    try (CortadoServer any = CortadoServer.builder().bind("0.0.0.0").protectedMode(false).build().start();
        TestClient c = new TestClient(any)) {
      assertThat(any.host()).isEqualTo("127.0.0.1");
      assertThat(any.uri()).isEqualTo("redis://127.0.0.1:" + any.port());
      assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void unknownDatabase_isRejected() {
    assertThatThrownBy(() -> server.data(16)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("databases 0 to 15");
    assertThatThrownBy(() -> server.data(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stoppedServer_refusesDirectAccess() {
    CortadoServer notStarted = CortadoServer.builder().build();
    assertThatThrownBy(() -> notStarted.data().get("k")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }

  @Test
  void callsFromManyThreads_areAtomicWithClientCommands() throws Exception {
    db.set("counter", "0");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          try (TestClient c = new TestClient(server)) {
            for (int i = 0; i < 200; i++) {
              c.call("INCR", "counter");
              db.set("t" + id + ":" + i, "v");
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.get("counter")).isEqualTo("1600");
    assertThat(db.size()).isEqualTo(1 + 8 * 200);
  }
}
