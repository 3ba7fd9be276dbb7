package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected replies are what redis-server 7.0.15 answers to the same commands. */
class HashCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String ZERO = ":0\r\n";
  private static final String ONE = ":1\r\n";
  private static final String EMPTY_ARRAY = "*0\r\n";
  private static final String EMPTY_SCAN = "*2\r\n$1\r\n0\r\n*0\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String NOT_FLOAT = "-ERR value is not a valid float\r\n";
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  private static final String OVERFLOW = "-ERR increment or decrement would overflow\r\n";
  private static final String OUT_OF_RANGE = "-ERR value is out of range\r\n";
  private static final String LONG64 = "x".repeat(64);
  private static final String LONG65 = "x".repeat(65);

  private final Harness h = new Harness();

  private static String bulk(String s) {
    return "$" + s.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n" + s + "\r\n";
  }

  private static String bulks(String... items) {
    StringBuilder sb = new StringBuilder("*" + items.length + "\r\n");
    for (String item : items) {
      sb.append(bulk(item));
    }
    return sb.toString();
  }

  private static String integer(long n) {
    return ":" + n + "\r\n";
  }

  private static String arity(String command) {
    return "-ERR wrong number of arguments for '" + command + "' command\r\n";
  }

  private static String scan(String cursor, String... items) {
    return "*2\r\n" + bulk(cursor) + bulks(items);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private String encoding(String key) {
    return h.server.db(0).get(bytes(key)).encoding();
  }

  /**
   * The bulk strings of a reply in order, aggregate headers skipped (nil as null): enough to read
   * HSCAN's cursor and items or HRANDFIELD's picks.
   */
  private static List<String> flatten(String resp) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < resp.length()) {
      char type = resp.charAt(i);
      int eol = resp.indexOf("\r\n", i);
      String header = resp.substring(i + 1, eol);
      i = eol + 2;
      if (type == '$') {
        int n = Integer.parseInt(header);
        if (n < 0) {
          out.add(null);
        } else {
          out.add(resp.substring(i, i + n));
          i += n + 2;
        }
      } else if (type != '*' && type != '%') {
        throw new IllegalArgumentException("not an aggregate of bulk strings: " + resp);
      }
    }
    return out;
  }

  /** HSET key f0 v0 ... f(n-1) v(n-1). */
  private void fill(String key, int n) {
    fill(h, key, n);
  }

  private static void fill(Harness server, String key, int n) {
    List<String> args = new ArrayList<>(List.of("HSET", key));
    for (int i = 0; i < n; i++) {
      args.add("f" + i);
      args.add("v" + i);
    }
    server.resp(args.toArray(String[]::new));
  }

  // --- HSET, HMSET, HSETNX

  @Test
  void hset_countsNewFieldsOnly() {
    assertThat(h.resp("HSET", "h", "a", "1", "b", "2")).isEqualTo(integer(2));
    assertThat(h.resp("HSET", "h", "a", "9", "c", "3")).isEqualTo(ONE);
    assertThat(h.resp("HSET", "h", "a", "1", "a", "2")).isEqualTo(ZERO);
    assertThat(h.resp("HGET", "h", "a")).isEqualTo(bulk("2"));
    assertThat(h.resp("TYPE", "h")).isEqualTo("+hash\r\n");
    assertThat(h.resp("OBJECT", "ENCODING", "h")).isEqualTo(bulk("listpack"));
  }

  @Test
  void hset_sameFieldTwiceInOneCallCountsOnceAndLastValueWins() {
    assertThat(h.resp("HSET", "h", "a", "1", "a", "2")).isEqualTo(ONE);
    assertThat(h.resp("HGETALL", "h")).isEqualTo(bulks("a", "2"));
  }

  @Test
  void hset_binaryFieldsAndValues() {
    assertThat(h.resp("HSET", "h", "f\0\u00ff", "v\r\n", "", "")).isEqualTo(integer(2));
    assertThat(h.resp("HGET", "h", "f\0\u00ff")).isEqualTo(bulk("v\r\n"));
    assertThat(h.resp("HGET", "h", "")).isEqualTo(bulk(""));
    assertThat(h.resp("HGET", "h", "f")).isEqualTo(NIL);
  }

  @Test
  void hset_oddArgumentsAreWrongArity() {
    assertThat(h.resp("HSET", "h", "f")).isEqualTo(arity("hset"));
    assertThat(h.resp("HSET", "h", "f", "v", "g")).isEqualTo(arity("hset"));
    assertThat(h.resp("HMSET", "h", "f", "v", "g")).isEqualTo(arity("hmset"));
    assertThat(h.resp("EXISTS", "h")).isEqualTo(ZERO);
  }

  @Test
  void hmset_answersOk() {
    assertThat(h.resp("HMSET", "h", "a", "1", "b", "2")).isEqualTo(OK);
    assertThat(h.resp("HMSET", "h", "a", "3")).isEqualTo(OK);
    assertThat(h.resp("HGETALL", "h")).isEqualTo(bulks("a", "3", "b", "2"));
  }

  @Test
  void hsetnx_writesOnlyMissingFields() {
    assertThat(h.resp("HSETNX", "h", "a", "1")).isEqualTo(ONE);
    assertThat(h.resp("HSETNX", "h", "a", "2")).isEqualTo(ZERO);
    assertThat(h.resp("HSETNX", "h", "b", "2")).isEqualTo(ONE);
    assertThat(h.resp("HGETALL", "h")).isEqualTo(bulks("a", "1", "b", "2"));
    assertThat(h.resp("HSETNX", "h", "a")).isEqualTo(arity("hsetnx"));
  }

  @Test
  void hsetnx_existingFieldWithLongValueKeepsListpack() {
    h.resp("HSET", "h", "a", "1");
    assertThat(h.resp("HSETNX", "h", "a", LONG65)).isEqualTo(ZERO);
    assertThat(encoding("h")).isEqualTo("listpack");
    assertThat(h.resp("HSETNX", "h", LONG65, "v")).isEqualTo(ONE);
    assertThat(encoding("h")).isEqualTo("hashtable");
  }

  @Test
  void hset_overwritesNothingElseAndKeepsTtl() {
    h.resp("HSET", "h", "a", "1");
    h.resp("EXPIRE", "h", "100");
    h.resp("HSET", "h", "b", "2");
    h.resp("HINCRBY", "h", "c", "1");
    assertThat(h.resp("TTL", "h")).isEqualTo(integer(100));
  }

  // --- encodings

  @Test
  void listpack_keepsInsertionOrderUpdatesInPlaceAndAppendsAfterDelete() {
    h.resp("HSET", "h", "b", "1", "a", "2", "c", "3");
    h.resp("HSET", "h", "a", "9");
    assertThat(h.resp("HKEYS", "h")).isEqualTo(bulks("b", "a", "c"));
    assertThat(h.resp("HVALS", "h")).isEqualTo(bulks("1", "9", "3"));
    h.resp("HDEL", "h", "b");
    h.resp("HSET", "h", "b", "5");
    assertThat(h.resp("HGETALL", "h")).isEqualTo(bulks("a", "9", "c", "3", "b", "5"));
  }

  @Test
  void encoding_valueOrFieldLongerThanListpackValueConvertsForGood() {
    h.resp("HSET", "h", "k64", LONG64, LONG64, "v");
    assertThat(encoding("h")).isEqualTo("listpack");
    h.resp("HSET", "h", "k65", LONG65);
    assertThat(encoding("h")).isEqualTo("hashtable");
    h.resp("HDEL", "h", "k65", LONG64);
    assertThat(h.resp("OBJECT", "ENCODING", "h")).isEqualTo(bulk("hashtable"));
    h.resp("HSET", "g", LONG65, "v");
    assertThat(encoding("g")).isEqualTo("hashtable");
  }

  @Test
  void encoding_anyLongArgumentConvertsEvenIfOverwrittenLater() {
    h.resp("HSET", "h", "a", "1", "b", LONG65, "b", "2");
    assertThat(encoding("h")).isEqualTo("hashtable");
    assertThat(h.resp("HGET", "h", "b")).isEqualTo(bulk("2"));
  }

  @Test
  void encoding_moreFieldsThanListpackEntriesConverts() {
    fill("h", 512);
    assertThat(encoding("h")).isEqualTo("listpack");
    h.resp("HSET", "h", "one-more", "v");
    assertThat(encoding("h")).isEqualTo("hashtable");
  }

  @Test
  void encoding_followsConfigSet() {
    h.resp("CONFIG", "SET", "hash-max-listpack-entries", "2");
    h.resp("HSET", "h", "a", "1", "b", "2");
    assertThat(encoding("h")).isEqualTo("listpack");
    h.resp("HSET", "h", "c", "3");
    assertThat(encoding("h")).isEqualTo("hashtable");
    h.resp("CONFIG", "SET", "hash-max-ziplist-value", "3");
    h.resp("HSET", "g", "abcd", "1");
    assertThat(encoding("g")).isEqualTo("hashtable");
  }

  @Test
  void hincrbyfloat_longResultConvertsToHashtable() {
    h.resp("HSET", "h", "a", "1");
    assertThat(h.resp("HINCRBYFLOAT", "h", "y", "1e50"))
        .isEqualTo(bulk("100000000000000000003583830118858923890798487404544"));
    assertThat(encoding("h")).isEqualTo("listpack");
    assertThat(h.resp("HINCRBYFLOAT", "h", "z", "1e100")).startsWith("$100\r\n");
    assertThat(encoding("h")).isEqualTo("hashtable");
  }

  @Test
  void hashtable_returnsEveryFieldOnceInSomeOrder() {
    fill("h", 600);
    List<String> all = flatten(h.resp("HGETALL", "h"));
    assertThat(all).hasSize(1200);
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < all.size(); i += 2) {
      seen.put(all.get(i), all.get(i + 1));
    }
    assertThat(seen).hasSize(600).containsEntry("f17", "v17").containsEntry("f599", "v599");
    assertThat(flatten(h.resp("HKEYS", "h"))).containsExactlyInAnyOrderElementsOf(seen.keySet());
    assertThat(h.resp("HLEN", "h")).isEqualTo(integer(600));
  }

  // --- reads

  @Test
  void hget_missingKeyOrFieldIsNil() {
    assertThat(h.resp("HGET", "nokey", "f")).isEqualTo(NIL);
    h.resp("HSET", "h", "a", "1");
    assertThat(h.resp("HGET", "h", "b")).isEqualTo(NIL);
    assertThat(h.resp("HGET", "h")).isEqualTo(arity("hget"));
  }

  @Test
  void hmget_answersEachFieldInOrderMissingAsNil() {
    h.resp("HMSET", "h", "a", "1", "b", "2");
    assertThat(h.resp("HMGET", "h", "b", "a", "c", "b"))
        .isEqualTo("*4\r\n" + bulk("2") + bulk("1") + NIL + bulk("2"));
    assertThat(h.resp("HMGET", "nokey", "a", "b")).isEqualTo("*2\r\n" + NIL + NIL);
    assertThat(h.resp("HMGET", "h")).isEqualTo(arity("hmget"));
  }

  @Test
  void hgetall_isMapInResp3AndEmptyForMissingKey() {
    assertThat(h.resp("HGETALL", "nokey")).isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HKEYS", "nokey")).isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HVALS", "nokey")).isEqualTo(EMPTY_ARRAY);
    h.resp("HSET", "h", "a", "1", "b", "2");
    h.connection.protocol = 3;
    assertThat(h.resp("HGETALL", "h"))
        .isEqualTo("%2\r\n" + bulk("a") + bulk("1") + bulk("b") + bulk("2"));
    assertThat(h.resp("HGETALL", "nokey")).isEqualTo("%0\r\n");
    assertThat(h.resp("HKEYS", "h")).isEqualTo(bulks("a", "b"));
    assertThat(h.resp("HKEYS", "nokey")).isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HGET", "nokey", "f")).isEqualTo("_\r\n");
    assertThat(h.resp("HMGET", "h", "a", "x")).isEqualTo("*2\r\n" + bulk("1") + "_\r\n");
  }

  @Test
  void hexistsHlenHstrlen() {
    h.resp("HSET", "h", "a", "hello", "n", "-123", "e", "");
    assertThat(h.resp("HEXISTS", "h", "a")).isEqualTo(ONE);
    assertThat(h.resp("HEXISTS", "h", "zz")).isEqualTo(ZERO);
    assertThat(h.resp("HEXISTS", "nokey", "a")).isEqualTo(ZERO);
    assertThat(h.resp("HLEN", "h")).isEqualTo(integer(3));
    assertThat(h.resp("HLEN", "nokey")).isEqualTo(ZERO);
    assertThat(h.resp("HSTRLEN", "h", "a")).isEqualTo(integer(5));
    assertThat(h.resp("HSTRLEN", "h", "n")).isEqualTo(integer(4));
    assertThat(h.resp("HSTRLEN", "h", "e")).isEqualTo(ZERO);
    assertThat(h.resp("HSTRLEN", "h", "nofield")).isEqualTo(ZERO);
    assertThat(h.resp("HSTRLEN", "nokey", "f")).isEqualTo(ZERO);
    assertThat(h.resp("HLEN")).isEqualTo(arity("hlen"));
    assertThat(h.resp("HEXISTS", "h")).isEqualTo(arity("hexists"));
    assertThat(h.resp("HSTRLEN", "h")).isEqualTo(arity("hstrlen"));
  }

  @Test
  void reads_countKeyspaceHitsAndMisses_writesDoNot() {
    h.resp("HSET", "h", "a", "1");
    h.resp("HDEL", "nokey", "a");
    h.resp("HINCRBY", "h", "a", "1");
    assertThat(h.server.stats.keyspaceHits).isZero();
    assertThat(h.server.stats.keyspaceMisses).isZero();
    h.resp("HGET", "h", "a");
    h.resp("HGET", "h", "nofield");
    h.resp("HMGET", "nokey", "a");
    h.resp("HSCAN", "nokey", "0");
    h.resp("HRANDFIELD", "h");
    assertThat(h.server.stats.keyspaceHits).isEqualTo(3);
    assertThat(h.server.stats.keyspaceMisses).isEqualTo(2);
  }

  // --- WATCH

  @Test
  void changesAbortAWatchingTransaction_noOpsDoNot() {
    var other = h.newConnection();
    String[][] noOps = {{"HSETNX", "h", "f", "2"}, {"HDEL", "h", "zz"}, {"HINCRBY", "h", "f", "x"}};
    String[][] changes = {{"HSET", "h", "f", "1"}, {"HMSET", "h", "f", "1"},
        {"HSETNX", "h", "new", "1"}, {"HINCRBY", "h", "f", "1"}, {"HINCRBYFLOAT", "h", "f", "1"},
        {"HDEL", "h", "g", "zz"}, {"HDEL", "h", "f", "g"}};
    for (String[] command : noOps) {
      h.resp("HSET", "h", "f", "1");
      h.resp("WATCH", "h");
      h.resp(other, command);
      h.resp("MULTI");
      h.resp("PING");
      assertThat(h.resp("EXEC")).as(String.join(" ", command)).isEqualTo("*1\r\n+PONG\r\n");
    }
    for (String[] command : changes) {
      h.resp("HSET", "h", "f", "1", "g", "2");
      h.resp("WATCH", "h");
      h.resp(other, command);
      h.resp("MULTI");
      h.resp("PING");
      assertThat(h.resp("EXEC")).as(String.join(" ", command)).isEqualTo("*-1\r\n");
    }
  }

  // --- HDEL

  @Test
  void hdel_countsRemovedFieldsAndDeletesEmptyHash() {
    h.resp("HSET", "h", "a", "1", "b", "2");
    assertThat(h.resp("HDEL", "h", "a", "a", "zz")).isEqualTo(ONE);
    assertThat(h.resp("HDEL", "h", "b", "c")).isEqualTo(ONE);
    assertThat(h.resp("EXISTS", "h")).isEqualTo(ZERO);
    assertThat(h.resp("TYPE", "h")).isEqualTo("+none\r\n");
    assertThat(h.resp("HDEL", "h", "a")).isEqualTo(ZERO);
    assertThat(h.resp("HDEL", "h")).isEqualTo(arity("hdel"));
  }

  @Test
  void hdel_emptiedHashLeavesNoTtlBehind() {
    h.resp("HSET", "h", "x", "1");
    h.resp("EXPIRE", "h", "100");
    assertThat(h.resp("HDEL", "h", "b", "x")).isEqualTo(ONE);
    assertThat(h.resp("TTL", "h")).isEqualTo(integer(-2));
    h.resp("HSET", "h", "x", "1");
    assertThat(h.resp("TTL", "h")).isEqualTo(integer(-1));
  }

  @Test
  void hdel_emptiesHashtableToo() {
    fill("h", 600);
    for (int i = 0; i < 600; i++) {
      h.resp("HDEL", "h", "f" + i);
    }
    assertThat(h.resp("EXISTS", "h")).isEqualTo(ZERO);
    assertThat(h.server.db(0).size()).isZero();
  }

  // --- HINCRBY, HINCRBYFLOAT

  @Test
  void hincrby_createsKeyAndFieldAndAdds() {
    assertThat(h.resp("HINCRBY", "h", "f", "5")).isEqualTo(integer(5));
    assertThat(h.resp("HINCRBY", "h", "f", "-9223372036854775808"))
        .isEqualTo(integer(-9223372036854775803L));
    assertThat(h.resp("HINCRBY", "h", "f", "9223372036854775807")).isEqualTo(integer(4));
    assertThat(h.resp("HINCRBY", "h", "", "1")).isEqualTo(ONE);
    assertThat(h.resp("HGET", "h", "f")).isEqualTo(bulk("4"));
  }

  @Test
  void hincrby_errors() {
    assertThat(h.resp("HINCRBY", "h", "f", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HINCRBY", "h", "f", "1.5")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HINCRBY", "h", "f", "9223372036854775808")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("EXISTS", "h")).isEqualTo(ZERO);
    h.resp("HSET", "h", "s", "str", "sp", " 1", "z", "007",
        "max", "9223372036854775807", "min", "-9223372036854775808");
    String notInteger = "-ERR hash value is not an integer\r\n";
    assertThat(h.resp("HINCRBY", "h", "s", "1")).isEqualTo(notInteger);
    assertThat(h.resp("HINCRBY", "h", "sp", "1")).isEqualTo(notInteger);
    assertThat(h.resp("HINCRBY", "h", "z", "1")).isEqualTo(notInteger);
    assertThat(h.resp("HINCRBY", "h", "max", "1")).isEqualTo(OVERFLOW);
    assertThat(h.resp("HINCRBY", "h", "max", "0")).isEqualTo(integer(Long.MAX_VALUE));
    assertThat(h.resp("HINCRBY", "h", "min", "-1")).isEqualTo(OVERFLOW);
    assertThat(h.resp("HINCRBY", "h", "f")).isEqualTo(arity("hincrby"));
  }

  @Test
  void hincrbyfloat_addsWithLongDoublePrecision() {
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "1.5")).isEqualTo(bulk("1.5"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "4")).isEqualTo(bulk("5.5"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo(bulk("5.6"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "d", "10.50")).isEqualTo(bulk("10.5"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "d", "-10.5")).isEqualTo(bulk("0"));
    h.resp("HSET", "h", "e", "1e3", "x", "0x1p3", "i", "7");
    assertThat(h.resp("HINCRBYFLOAT", "h", "e", "1")).isEqualTo(bulk("1001"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "x", "0.5")).isEqualTo(bulk("8.5"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "i", "3.0e3")).isEqualTo(bulk("3007"));
    assertThat(h.resp("HGET", "h", "f")).isEqualTo(bulk("5.6"));
  }

  @Test
  void hincrbyfloat_errors() {
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "abc")).isEqualTo(NOT_FLOAT);
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "nan")).isEqualTo(NOT_FLOAT);
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "")).isEqualTo(NOT_FLOAT);
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "1.0e")).isEqualTo(NOT_FLOAT);
    String nanOrInfinity = "-ERR value is NaN or Infinity\r\n";
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "inf")).isEqualTo(nanOrInfinity);
    assertThat(h.resp("HINCRBYFLOAT", "h", "f", "-Infinity")).isEqualTo(nanOrInfinity);
    assertThat(h.resp("EXISTS", "h")).isEqualTo(ZERO);
    h.resp("HSET", "h", "i", "inf", "n", "nan", "s", " 1", "big", "1e4932");
    assertThat(h.resp("HINCRBYFLOAT", "h", "i", "1"))
        .isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
    assertThat(h.resp("HINCRBYFLOAT", "h", "big", "1e4932"))
        .isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
    String notFloat = "-ERR hash value is not a float\r\n";
    assertThat(h.resp("HINCRBYFLOAT", "h", "n", "1")).isEqualTo(notFloat);
    assertThat(h.resp("HINCRBYFLOAT", "h", "s", "1")).isEqualTo(notFloat);
    assertThat(h.resp("HGET", "h", "i")).isEqualTo(bulk("inf"));
    assertThat(h.resp("HINCRBYFLOAT", "h", "f")).isEqualTo(arity("hincrbyfloat"));
  }

  // --- WRONGTYPE

  @Test
  void everyHashCommandOnAStringIsWrongType() {
    h.resp("SET", "s", "v");
    String[][] commands = {
        {"HSET", "s", "f", "v"}, {"HMSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"},
        {"HGET", "s", "f"}, {"HMGET", "s", "f"}, {"HGETALL", "s"}, {"HKEYS", "s"},
        {"HVALS", "s"}, {"HDEL", "s", "f"}, {"HEXISTS", "s", "f"}, {"HLEN", "s"},
        {"HSTRLEN", "s", "f"}, {"HINCRBY", "s", "f", "1"}, {"HINCRBYFLOAT", "s", "f", "1"},
        {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "1"}, {"HSCAN", "s", "0"},
        {"HSCAN", "s", "0", "COUNT", "0"}};
    for (String[] command : commands) {
      assertThat(h.resp(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
    }
    assertThat(h.resp("GET", "s")).isEqualTo(bulk("v"));
  }

  @Test
  void argumentErrorsComeBeforeWrongType() {
    h.resp("SET", "s", "v");
    assertThat(h.resp("HINCRBY", "s", "f", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HINCRBYFLOAT", "s", "f", "abc")).isEqualTo(NOT_FLOAT);
    assertThat(h.resp("HRANDFIELD", "s", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HRANDFIELD", "s", "1", "x")).isEqualTo(SYNTAX);
    assertThat(h.resp("HSCAN", "s", "abc")).isEqualTo("-ERR invalid cursor\r\n");
    assertThat(h.resp("HSET", "s", "f", "v", "g")).isEqualTo(arity("hset"));
  }

  @Test
  void stringCommandsOnAHashAreWrongType() {
    h.resp("HSET", "h", "f", "v");
    assertThat(h.resp("GET", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("INCR", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("APPEND", "h", "x")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("STRLEN", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("MGET", "h")).isEqualTo("*1\r\n" + NIL);
    assertThat(h.resp("SET", "h", "x")).isEqualTo(OK);
    assertThat(h.resp("TYPE", "h")).isEqualTo("+string\r\n");
  }

  // --- COPY

  @Test
  void copy_isDeepAndKeepsEncodingAndOrder() {
    h.resp("HSET", "h", "b", "1", "a", "2");
    assertThat(h.resp("COPY", "h", "c")).isEqualTo(ONE);
    h.resp("HSET", "c", "a", "changed", "z", "new");
    h.resp("HDEL", "c", "b");
    assertThat(h.resp("HGETALL", "h")).isEqualTo(bulks("b", "1", "a", "2"));
    assertThat(h.resp("HGETALL", "c")).isEqualTo(bulks("a", "changed", "z", "new"));
    h.resp("HSET", "big", "f", LONG65);
    h.resp("COPY", "big", "big2");
    assertThat(encoding("big2")).isEqualTo("hashtable");
    h.resp("HSET", "big2", "g", "1");
    assertThat(h.resp("HLEN", "big")).isEqualTo(ONE);
  }

  @Test
  void hashValue_copyIsIndependent() {
    HashValue original = new HashValue();
    original.put(bytes("a"), bytes("1"), 512, 64);
    Value copy = original.copy();
    ((HashValue) copy).put(bytes("b"), bytes("2"), 512, 64);
    assertThat(original.size()).isEqualTo(1);
    assertThat(copy.typeName()).isEqualTo("hash");
  }

  // --- HRANDFIELD

  @Test
  void hrandfield_withoutCountAnswersOneFieldOrNil() {
    assertThat(h.resp("HRANDFIELD", "nokey")).isEqualTo(NIL);
    h.resp("HSET", "h", "a", "1", "b", "2", "c", "3");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      seen.addAll(flatten(h.resp("HRANDFIELD", "h")));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    h.connection.protocol = 3;
    assertThat(h.resp("HRANDFIELD", "nokey")).isEqualTo("_\r\n");
  }

  @Test
  void hrandfield_countAtLeastSizeAnswersWholeHashInOrder() {
    h.resp("HSET", "h", "a", "1", "b", "2", "c", "3");
    assertThat(h.resp("HRANDFIELD", "h", "3")).isEqualTo(bulks("a", "b", "c"));
    assertThat(h.resp("HRANDFIELD", "h", "5", "WITHVALUES"))
        .isEqualTo(bulks("a", "1", "b", "2", "c", "3"));
    h.connection.protocol = 3;
    assertThat(h.resp("HRANDFIELD", "h", "5", "withvalues")).isEqualTo("*3\r\n"
        + bulks("a", "1") + bulks("b", "2") + bulks("c", "3"));
  }

  @Test
  void hrandfield_positiveCountPicksDistinctFields() {
    fill("h", 10);
    fill("big", 1000);
    for (String key : List.of("h", "big")) {
      for (int count = 1; count < 10; count++) {
        List<String> picks = flatten(h.resp("HRANDFIELD", key, Integer.toString(count)));
        assertThat(picks).hasSize(count).doesNotHaveDuplicates().allMatch(f -> f.matches("f\\d+"));
      }
    }
  }

  @Test
  void hrandfield_negativeCountRepeatsFieldsAndHasExactLength() {
    h.resp("HSET", "h", "a", "1", "b", "2");
    List<String> picks = flatten(h.resp("HRANDFIELD", "h", "-50"));
    assertThat(picks).hasSize(50).containsOnly("a", "b").contains("a", "b");
    assertThat(flatten(h.resp("HRANDFIELD", "h", "-1"))).hasSize(1);
  }

  @Test
  void hrandfield_withValuesPairsEachFieldWithItsValue() {
    fill("h", 20);
    List<String> flat = flatten(h.resp("HRANDFIELD", "h", "-30", "WITHVALUES"));
    assertThat(flat).hasSize(60);
    for (int i = 0; i < flat.size(); i += 2) {
      assertThat(flat.get(i + 1)).isEqualTo("v" + flat.get(i).substring(1));
    }
    List<String> distinct = flatten(h.resp("HRANDFIELD", "h", "7", "WITHVALUES"));
    assertThat(distinct).hasSize(14);
    h.connection.protocol = 3;
    String resp3 = h.resp("HRANDFIELD", "h", "-3", "WITHVALUES");
    assertThat(resp3).matches("\\*3\\r\\n(\\*2\\r\\n(\\$\\d+\\r\\n[fv]\\d+\\r\\n){2}){3}");
    assertThat(h.resp("HRANDFIELD", "h", "2")).matches("\\*2\\r\\n(\\$\\d+\\r\\nf\\d+\\r\\n){2}");
  }

  @Test
  void hrandfield_zeroCountAndMissingKeyAnswerEmptyArray() {
    h.resp("HSET", "h", "a", "1");
    assertThat(h.resp("HRANDFIELD", "h", "0")).isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HRANDFIELD", "h", "0", "WITHVALUES")).isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HRANDFIELD", "nokey", "3")).isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HRANDFIELD", "nokey", "-3", "WITHVALUES")).isEqualTo(EMPTY_ARRAY);
  }

  @Test
  void hrandfield_countErrors() {
    assertThat(h.resp("HRANDFIELD", "nokey", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HRANDFIELD", "nokey", "1.5")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HRANDFIELD", "nokey", "-9223372036854775808")).isEqualTo("-ERR value is "
        + "out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
    assertThat(h.resp("HRANDFIELD", "nokey", "1", "withvalue")).isEqualTo(SYNTAX);
    assertThat(h.resp("HRANDFIELD", "nokey", "1", "WITHVALUES", "x")).isEqualTo(SYNTAX);
    assertThat(h.resp("HRANDFIELD", "nokey", "4611686018427387904", "WITHVALUES"))
        .isEqualTo(OUT_OF_RANGE);
    assertThat(h.resp("HRANDFIELD", "nokey", "-4611686018427387904", "WITHVALUES"))
        .isEqualTo(OUT_OF_RANGE);
    assertThat(h.resp("HRANDFIELD", "nokey", "4611686018427387903", "WITHVALUES"))
        .isEqualTo(EMPTY_ARRAY);
    assertThat(h.resp("HRANDFIELD")).isEqualTo(arity("hrandfield"));
  }

  @Test
  void hrandfield_hugeNegativeCountIsRefusedRatherThanExhaustingMemory() {
    String tooLarge = "-ERR count is too large: Cortado replies with at most 16777216 elements\r\n";
    h.resp("HSET", "h", "a", "1");
    assertThat(h.resp("HRANDFIELD", "h", "-9223372036854775807")).isEqualTo(tooLarge);
    assertThat(h.resp("HRANDFIELD", "h", "-16777217")).isEqualTo(tooLarge);
    assertThat(h.resp("HRANDFIELD", "h", "-8388609", "WITHVALUES")).isEqualTo(tooLarge);
    assertThat(h.resp("HRANDFIELD", "h", "9223372036854775807")).isEqualTo(bulks("a"));
  }

  @Test
  void hrandfield_isReproducibleForOneSeed() {
    Harness other = new Harness();
    fill(h, "h", 100);
    fill(other, "h", 100);
    for (String count : List.of("5", "-5", "50")) {
      assertThat(h.resp("HRANDFIELD", "h", count))
          .isEqualTo(other.resp("HRANDFIELD", "h", count));
    }
  }

  // --- HSCAN

  @Test
  void hscan_listpackAnswersEverythingAtOnceWhateverCursorAndCount() {
    h.resp("HSET", "m", "foo", "1", "bar", "foo", "fab", "2");
    String all = scan("0", "foo", "1", "bar", "foo", "fab", "2");
    assertThat(h.resp("HSCAN", "m", "0")).isEqualTo(all);
    assertThat(h.resp("HSCAN", "m", "5", "COUNT", "1")).isEqualTo(all);
    assertThat(h.resp("HSCAN", "m", "18446744073709551615")).isEqualTo(all);
    assertThat(h.resp("HSCAN", "m", "-1")).isEqualTo(all);
  }

  @Test
  void hscan_matchFiltersOnFieldsOnly() {
    h.resp("HSET", "m", "foo", "1", "bar", "foo", "fab", "2");
    assertThat(h.resp("HSCAN", "m", "0", "MATCH", "f*", "COUNT", "1"))
        .isEqualTo(scan("0", "foo", "1", "fab", "2"));
    assertThat(h.resp("HSCAN", "m", "0", "MATCH", "f*", "COUNT", "1", "match", "b*"))
        .isEqualTo(scan("0", "bar", "foo"));
    assertThat(h.resp("HSCAN", "m", "0", "MATCH", "zz")).isEqualTo(EMPTY_SCAN);
  }

  @Test
  void hscan_errors() {
    h.resp("HSET", "m", "a", "1");
    assertThat(h.resp("HSCAN", "m", "0", "COUNT", "0")).isEqualTo(SYNTAX);
    assertThat(h.resp("HSCAN", "m", "0", "COUNT")).isEqualTo(SYNTAX);
    assertThat(h.resp("HSCAN", "m", "0", "COUNT", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("HSCAN", "m", "0", "TYPE", "string")).isEqualTo(SYNTAX);
    assertThat(h.resp("HSCAN", "m", "0", "foo")).isEqualTo(SYNTAX);
    assertThat(h.resp("HSCAN", "m", "abc")).isEqualTo("-ERR invalid cursor\r\n");
    assertThat(h.resp("HSCAN", "m")).isEqualTo(arity("hscan"));
  }

  @Test
  void hscan_missingKeyIsEmptyScanAndIgnoresOptions() {
    assertThat(h.resp("HSCAN", "nokey", "0")).isEqualTo(EMPTY_SCAN);
    assertThat(h.resp("HSCAN", "nokey", "0", "COUNT", "0")).isEqualTo(EMPTY_SCAN);
    assertThat(h.resp("HSCAN", "nokey", "0", "foo")).isEqualTo(EMPTY_SCAN);
    assertThat(h.resp("HSCAN", "nokey", "abc")).isEqualTo("-ERR invalid cursor\r\n");
  }

  @Test
  void hscan_hashtablePagesByCountAndEndsWithCursorZero() {
    fill("h", 1000);
    Map<String, String> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<String> page = flatten(h.resp("HSCAN", "h", cursor, "COUNT", "10"));
      cursor = page.get(0);
      if (!cursor.equals("0")) {
        assertThat(page).hasSize(21);
      }
      for (int i = 1; i < page.size(); i += 2) {
        seen.put(page.get(i), page.get(i + 1));
      }
      calls++;
    } while (!cursor.equals("0"));
    assertThat(calls).isEqualTo(100);
    assertThat(seen).hasSize(1000).containsEntry("f999", "v999");
  }

  @Test
  void hscan_hashtableCursorPastTheEndAnswersEmptyScan() {
    fill("h", 1000);
    assertThat(h.resp("HSCAN", "h", "18446744073709551615")).isEqualTo(EMPTY_SCAN);
  }

  @Test
  void hscan_isAFlatArrayInResp3() {
    h.resp("HSET", "h", "a", "1");
    h.connection.protocol = 3;
    assertThat(h.resp("HSCAN", "h", "0")).isEqualTo(scan("0", "a", "1"));
    assertThat(h.resp("HSCAN", "nokey", "0")).isEqualTo(EMPTY_SCAN);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  /**
   * HSCAN's promise on a hashtable under churn: with fields added, deleted and overwritten between
   * calls and a different COUNT on every call, a field present for the whole scan is returned at
   * least once, every returned field is live with its current value, and a call returns at most
   * COUNT fields (exactly COUNT unless it is the last). Seeded, so a failure names its seed.
   *
   * <p>A plain JUnit loop rather than a jqwik property: jqwik's author asks AI agents not to use
   * the library (see the README's dependency table), and this test was written by one.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void hscan_returnsEveryFieldPresentThroughout(long seed) {
    Random random = new Random(seed);
    int initial = 513 + random.nextInt(1000); // past hash-max-listpack-entries: a hashtable
    int maxCount = 1 + random.nextInt(60);
    int changesPerCall = random.nextInt(25);
    Map<String, String> model = new HashMap<>();
    List<String> live = new ArrayList<>(); // the model's fields, indexable for random picks
    for (int i = 0; i < initial; i++) {
      model.put("f" + i, "v" + i);
      live.add("f" + i);
    }
    fill("h", initial);
    assertThat(encoding("h")).isEqualTo("hashtable");
    Set<String> throughout = new HashSet<>(live);
    Set<String> returned = new HashSet<>();
    int next = initial;
    String cursor = "0";
    int calls = 0;
    do {
      int count = 1 + random.nextInt(maxCount);
      List<String> page =
          flatten(h.resp("HSCAN", "h", cursor, "COUNT", Integer.toString(count)));
      cursor = page.get(0);
      int fields = (page.size() - 1) / 2;
      assertThat(fields).as("seed %d", seed).isLessThanOrEqualTo(count);
      if (!cursor.equals("0")) {
        assertThat(fields).as("seed %d", seed).isEqualTo(count);
      }
      for (int i = 1; i < page.size(); i += 2) {
        assertThat(model).as("seed %d", seed).containsEntry(page.get(i), page.get(i + 1));
        returned.add(page.get(i));
      }
      for (int i = 0; i < changesPerCall && !live.isEmpty(); i++) {
        int at = random.nextInt(live.size());
        String some = live.get(at);
        switch (random.nextInt(3)) {
          case 0 -> {
            String f = "f" + next++;
            h.resp("HSET", "h", f, "new");
            model.put(f, "new");
            live.add(f);
          }
          case 1 -> {
            h.resp("HDEL", "h", some);
            model.remove(some);
            throughout.remove(some);
            live.set(at, live.get(live.size() - 1));
            live.remove(live.size() - 1);
          }
          default -> {
            h.resp("HSET", "h", some, "changed");
            model.put(some, "changed");
          }
        }
      }
      assertThat(++calls).isLessThan(100_000);
    } while (!cursor.equals("0"));
    assertThat(returned).as("seed %d", seed).containsAll(throughout);
  }
}
