package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Expected replies are what redis-server 7.0.15 answers to the same commands. Where Redis's order is
 * its hashtable's, the members are compared as sets; intsets come out ascending, byte for byte.
 */
class SetCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String ZERO = ":0\r\n";
  private static final String ONE = ":1\r\n";
  private static final String EMPTY = "*0\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String NOT_POSITIVE = "-ERR value is out of range, must be positive\r\n";
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  private static final String INVALID_CURSOR = "-ERR invalid cursor\r\n";

  private final Harness h = new Harness();

  private static String integer(long n) {
    return ":" + n + "\r\n";
  }

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  private static String array(String... members) {
    return aggregate('*', members);
  }

  /** A RESP3 set of bulk strings. */
  private static String set3(String... members) {
    return aggregate('~', members);
  }

  private static String aggregate(char type, String... members) {
    StringBuilder sb = new StringBuilder().append(type).append(members.length).append("\r\n");
    for (String m : members) {
      sb.append(bulk(m));
    }
    return sb.toString();
  }

  private static String scanReply(String cursor, String... members) {
    return "*2\r\n" + bulk(cursor) + array(members);
  }

  private static String arity(String command) {
    return "-ERR wrong number of arguments for '" + command + "' command\r\n";
  }

  /** The bulk strings of a flat aggregate reply, in order. */
  private static List<String> items(String reply) {
    String[] lines = reply.split("\r\n");
    assertThat(lines[0]).matches("[*~]\\d+");
    List<String> out = new ArrayList<>();
    for (int i = 2; i < lines.length; i += 2) {
      out.add(lines[i]);
    }
    assertThat(out).hasSize(Integer.parseInt(lines[0].substring(1)));
    return out;
  }

  private Set<String> members(String key) {
    return new TreeSet<>(items(h.resp("SMEMBERS", key)));
  }

  private String encoding(String key) {
    return h.resp("OBJECT", "ENCODING", key);
  }

  private void sadd(String key, String... members) {
    String[] args = new String[members.length + 2];
    args[0] = "SADD";
    args[1] = key;
    System.arraycopy(members, 0, args, 2, members.length);
    h.resp(args);
  }

  private static String[] range(int from, int to) {
    String[] out = new String[to - from + 1];
    for (int i = from; i <= to; i++) {
      out[i - from] = Integer.toString(i);
    }
    return out;
  }

  // ---------------------------------------------------------------- SADD, encodings

  @Test
  void sadd_countsNewMembersAndCreatesASet() {
    assertThat(h.resp("SADD", "s", "a", "b", "a")).isEqualTo(integer(2));
    assertThat(h.resp("SADD", "s", "b", "c")).isEqualTo(ONE);
    assertThat(h.resp("SADD", "s", "c")).isEqualTo(ZERO);
    assertThat(h.resp("SCARD", "s")).isEqualTo(integer(3));
    assertThat(h.resp("TYPE", "s")).isEqualTo("+set\r\n");
    assertThat(members("s")).containsExactly("a", "b", "c");
    assertThat(h.resp("SADD", "s")).isEqualTo(arity("sadd"));
  }

  @Test
  void sadd_keepsTheTtl() {
    sadd("s", "a");
    h.resp("EXPIRE", "s", "100");
    sadd("s", "b");
    assertThat(h.resp("TTL", "s")).isEqualTo(integer(100));
  }

  @Test
  void intset_keepsIntegersAscending() {
    assertThat(h.resp("SADD", "s", "3", "1", "2", "-5", "10")).isEqualTo(integer(5));
    assertThat(encoding("s")).isEqualTo(bulk("intset"));
    assertThat(h.resp("SMEMBERS", "s")).isEqualTo(array("-5", "1", "2", "3", "10"));
    sadd("v", "9223372036854775807", "-9223372036854775808");
    assertThat(encoding("v")).isEqualTo(bulk("intset"));
    assertThat(h.resp("SMEMBERS", "v"))
        .isEqualTo(array("-9223372036854775808", "9223372036854775807"));
  }

  @Test
  void intset_becomesAHashtableForGood() {
    sadd("s", "1", "2");
    sadd("s", "a");
    assertThat(encoding("s")).isEqualTo(bulk("hashtable"));
    assertThat(h.resp("SREM", "s", "a")).isEqualTo(ONE);
    assertThat(encoding("s")).isEqualTo(bulk("hashtable"));
    assertThat(members("s")).containsExactly("1", "2");
  }

  @Test
  void intset_takesOnlyWhatString2llParses() {
    for (String notInteger : new String[] {"007", "+1", " 1", "1 ", "-0", "9223372036854775808",
        "1.0", ""}) {
      h.resp("DEL", "s");
      sadd("s", notInteger);
      assertThat(encoding("s")).as(notInteger).isEqualTo(bulk("hashtable"));
      assertThat(h.resp("SISMEMBER", "s", notInteger)).isEqualTo(ONE);
    }
    // "01" is not the member 1 in either encoding.
    sadd("i", "1");
    assertThat(h.resp("SISMEMBER", "i", "01")).isEqualTo(ZERO);
  }

  @Test
  void intset_convertsPastSetMaxIntsetEntries() {
    sadd("s", range(1, 512));
    assertThat(encoding("s")).isEqualTo(bulk("intset"));
    sadd("s", "513");
    assertThat(encoding("s")).isEqualTo(bulk("hashtable"));
    assertThat(h.resp("CONFIG", "SET", "set-max-intset-entries", "2")).isEqualTo(OK);
    sadd("t", "1", "2");
    assertThat(encoding("t")).isEqualTo(bulk("intset"));
    sadd("t", "2");
    assertThat(encoding("t")).isEqualTo(bulk("intset")); // only an add that grows it converts
    sadd("t", "3");
    assertThat(encoding("t")).isEqualTo(bulk("hashtable"));
  }

  @Test
  void copy_keepsTheEncodingAndSharesNothing() {
    sadd("h", "a", "1");
    h.resp("SREM", "h", "a");
    assertThat(h.resp("COPY", "h", "h2")).isEqualTo(ONE);
    assertThat(encoding("h2")).isEqualTo(bulk("hashtable"));
    sadd("i", "1", "2");
    h.resp("COPY", "i", "i2");
    sadd("i2", "3");
    h.resp("SREM", "h2", "1");
    assertThat(h.resp("SMEMBERS", "i")).isEqualTo(array("1", "2"));
    assertThat(h.resp("SMEMBERS", "i2")).isEqualTo(array("1", "2", "3"));
    assertThat(members("h")).containsExactly("1");
    assertThat(h.resp("EXISTS", "h2")).isEqualTo(ZERO);
  }

  // ---------------------------------------------------------------- SREM, SISMEMBER, SMISMEMBER, SCARD

  @Test
  void srem_deletesTheKeyWhenTheSetEmpties() {
    sadd("s", "1", "2", "a");
    h.resp("EXPIRE", "s", "100");
    assertThat(h.resp("SREM", "s", "a", "b", "1", "1")).isEqualTo(integer(2));
    assertThat(h.resp("SREM", "s", "2", "x")).isEqualTo(ONE);
    assertThat(h.resp("EXISTS", "s")).isEqualTo(ZERO);
    assertThat(h.resp("TYPE", "s")).isEqualTo("+none\r\n");
    assertThat(h.resp("TTL", "s")).isEqualTo(integer(-2));
    sadd("s", "x");
    assertThat(h.resp("TTL", "s")).isEqualTo(integer(-1)); // a new set, no TTL left over
    assertThat(h.resp("SREM", "nokey", "a")).isEqualTo(ZERO);
    assertThat(h.resp("SREM", "s")).isEqualTo(arity("srem"));
  }

  @Test
  void sismember_andSmismember() {
    sadd("s", "a", "1");
    assertThat(h.resp("SISMEMBER", "s", "a")).isEqualTo(ONE);
    assertThat(h.resp("SISMEMBER", "s", "b")).isEqualTo(ZERO);
    assertThat(h.resp("SISMEMBER", "nokey", "a")).isEqualTo(ZERO);
    assertThat(h.resp("SMISMEMBER", "s", "1", "b", "a")).isEqualTo("*3\r\n:1\r\n:0\r\n:1\r\n");
    assertThat(h.resp("SMISMEMBER", "nokey", "a")).isEqualTo("*1\r\n:0\r\n");
    h.connection.protocol = 3;
    assertThat(h.resp("SMISMEMBER", "s", "a", "b")).isEqualTo("*2\r\n:1\r\n:0\r\n");
    assertThat(h.resp("SISMEMBER", "s")).isEqualTo(arity("sismember"));
    assertThat(h.resp("SISMEMBER", "s", "a", "b")).isEqualTo(arity("sismember"));
    assertThat(h.resp("SMISMEMBER", "s")).isEqualTo(arity("smismember"));
  }

  @Test
  void scard() {
    assertThat(h.resp("SCARD", "nokey")).isEqualTo(ZERO);
    sadd("s", "a", "b", "1");
    assertThat(h.resp("SCARD", "s")).isEqualTo(integer(3));
    assertThat(h.resp("SCARD")).isEqualTo(arity("scard"));
  }

  @Test
  void reads_countKeyspaceHitsAndMisses_writesDoNot() {
    sadd("s", "a");
    long hits = h.server.stats.keyspaceHits;
    long misses = h.server.stats.keyspaceMisses;
    h.resp("SISMEMBER", "s", "a");
    h.resp("SINTER", "s", "nokey");
    h.resp("SADD", "s", "b");
    h.resp("SREM", "nokey", "b");
    assertThat(h.server.stats.keyspaceHits - hits).isEqualTo(2);
    assertThat(h.server.stats.keyspaceMisses - misses).isEqualTo(1);
  }

  // ---------------------------------------------------------------- SMEMBERS

  @Test
  void smembers_isASetInResp3() {
    sadd("s", "2", "1");
    assertThat(h.resp("SMEMBERS", "nokey")).isEqualTo(EMPTY);
    h.connection.protocol = 3;
    assertThat(h.resp("SMEMBERS", "s")).isEqualTo(set3("1", "2"));
    assertThat(h.resp("SMEMBERS", "nokey")).isEqualTo("~0\r\n");
    assertThat(h.resp("SMEMBERS")).isEqualTo(arity("smembers"));
    assertThat(h.resp("SMEMBERS", "a", "b")).isEqualTo(arity("smembers"));
  }

  // ---------------------------------------------------------------- SPOP

  @Test
  void spop_removesOneMemberAndDeletesTheEmptySet() {
    sadd("s", "a", "b");
    h.resp("EXPIRE", "s", "100");
    String first = h.resp("SPOP", "s");
    assertThat(first).isIn(bulk("a"), bulk("b"));
    assertThat(h.resp("TTL", "s")).isEqualTo(integer(100));
    String second = h.resp("SPOP", "s");
    assertThat(second).isIn(bulk("a"), bulk("b")).isNotEqualTo(first);
    assertThat(h.resp("EXISTS", "s")).isEqualTo(ZERO);
    assertThat(h.resp("SPOP", "s")).isEqualTo(NIL);
    h.connection.protocol = 3;
    assertThat(h.resp("SPOP", "s")).isEqualTo("_\r\n");
  }

  @Test
  void spop_withCount_popsDistinctMembers() {
    sadd("s", range(1, 100));
    h.resp("EXPIRE", "s", "100");
    List<String> popped = items(h.resp("SPOP", "s", "10"));
    assertThat(popped).hasSize(10).doesNotHaveDuplicates();
    assertThat(h.resp("SCARD", "s")).isEqualTo(integer(90));
    for (String m : popped) {
      assertThat(h.resp("SISMEMBER", "s", m)).isEqualTo(ZERO);
    }
    // Most of the set at once: Redis keeps the survivors in a new set, the TTL stays.
    List<String> most = items(h.resp("SPOP", "s", "89"));
    assertThat(most).hasSize(89).doesNotHaveDuplicates().doesNotContainAnyElementsOf(popped);
    assertThat(h.resp("SCARD", "s")).isEqualTo(ONE);
    assertThat(h.resp("TTL", "s")).isEqualTo(integer(100));
  }

  @Test
  void spop_withCount_rebuildsTheSurvivorsLikeRedis() {
    // A hashtable of integers: the survivors of a big pop go into a new set, an intset again.
    sadd("h", "a", "9", "8", "7", "6", "5", "4", "3", "2", "1");
    h.resp("SREM", "h", "a");
    assertThat(items(h.resp("SPOP", "h", "8"))).hasSize(8).doesNotHaveDuplicates();
    assertThat(encoding("h")).isEqualTo(bulk("intset"));
    // A small pop leaves the set as it is.
    sadd("k", "a", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    h.resp("SREM", "k", "a");
    h.resp("SPOP", "k", "1");
    assertThat(encoding("k")).isEqualTo(bulk("hashtable"));
  }

  @Test
  void spop_withCountAtLeastTheSize_returnsTheWholeSetAndDeletesIt() {
    // Redis answers through SUNION, so a hashtable of integers comes out as an ascending intset.
    sadd("s", "a", "3", "1", "2");
    h.resp("SREM", "s", "a");
    assertThat(h.resp("SPOP", "s", "10")).isEqualTo(array("1", "2", "3"));
    assertThat(h.resp("EXISTS", "s")).isEqualTo(ZERO);
    sadd("t", "x", "y");
    h.connection.protocol = 3;
    assertThat(h.resp("SPOP", "t", "2")).isIn(set3("x", "y"), set3("y", "x"));
    assertThat(h.resp("EXISTS", "t")).isEqualTo(ZERO);
  }

  @Test
  void spop_withCount_zeroOrMissingIsAnEmptySet() {
    sadd("s", "a");
    assertThat(h.resp("SPOP", "s", "0")).isEqualTo(EMPTY);
    assertThat(h.resp("SPOP", "nokey", "2")).isEqualTo(EMPTY);
    h.connection.protocol = 3;
    assertThat(h.resp("SPOP", "s", "0")).isEqualTo("~0\r\n");
    assertThat(h.resp("SPOP", "nokey", "0")).isEqualTo("~0\r\n");
    assertThat(h.resp("SPOP", "s", "1")).isEqualTo(set3("a"));
  }

  @Test
  void spop_errors() {
    sadd("s", "a");
    h.resp("SET", "str", "x");
    assertThat(h.resp("SPOP", "s", "-1")).isEqualTo(NOT_POSITIVE);
    assertThat(h.resp("SPOP", "s", "abc")).isEqualTo(NOT_POSITIVE);
    assertThat(h.resp("SPOP", "nokey", "-1")).isEqualTo(NOT_POSITIVE);
    assertThat(h.resp("SPOP", "str", "-1")).isEqualTo(NOT_POSITIVE); // the count is read first
    assertThat(h.resp("SPOP", "s", "1", "2")).isEqualTo(SYNTAX);
    assertThat(h.resp("SPOP", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SPOP", "str", "0")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SPOP")).isEqualTo(arity("spop"));
  }

  // ---------------------------------------------------------------- SRANDMEMBER

  @Test
  void srandmember_withoutCount() {
    sadd("s", "a", "b");
    assertThat(h.resp("SRANDMEMBER", "s")).isIn(bulk("a"), bulk("b"));
    assertThat(h.resp("SCARD", "s")).isEqualTo(integer(2));
    assertThat(h.resp("SRANDMEMBER", "nokey")).isEqualTo(NIL);
    h.connection.protocol = 3;
    assertThat(h.resp("SRANDMEMBER", "nokey")).isEqualTo("_\r\n");
  }

  @Test
  void srandmember_positiveCount_givesDistinctMembers() {
    sadd("s", range(1, 50));
    for (int count : new int[] {1, 2, 17, 40, 49}) {
      List<String> picks = items(h.resp("SRANDMEMBER", "s", Integer.toString(count)));
      assertThat(picks).hasSize(count).doesNotHaveDuplicates();
      assertThat(members("s")).containsAll(picks);
    }
    // At least the size: the whole set in its order, an intset ascending.
    assertThat(items(h.resp("SRANDMEMBER", "s", "50"))).containsExactly(range(1, 50));
    assertThat(h.resp("SRANDMEMBER", "s", "0")).isEqualTo(EMPTY);
    assertThat(h.resp("SRANDMEMBER", "nokey", "3")).isEqualTo(EMPTY);
    assertThat(h.resp("SCARD", "s")).isEqualTo(integer(50));
  }

  @Test
  void srandmember_negativeCount_repeatsMembers() {
    sadd("one", "x");
    assertThat(h.resp("SRANDMEMBER", "one", "-3")).isEqualTo(array("x", "x", "x"));
    sadd("s", "a", "b", "c");
    List<String> picks = items(h.resp("SRANDMEMBER", "s", "-100"));
    assertThat(picks).hasSize(100).containsOnly("a", "b", "c");
    // Uniform picks: each of three members in 100 draws, with overwhelming probability.
    assertThat(new HashSet<>(picks)).hasSize(3);
  }

  @Test
  void srandmember_withCount_isAnArrayInResp3() {
    sadd("s", "1", "2", "3");
    h.connection.protocol = 3;
    assertThat(h.resp("SRANDMEMBER", "s", "5")).isEqualTo(array("1", "2", "3"));
    assertThat(h.resp("SRANDMEMBER", "s", "-2")).startsWith("*2\r\n");
    assertThat(h.resp("SRANDMEMBER", "s", "0")).isEqualTo(EMPTY);
    assertThat(h.resp("SRANDMEMBER", "nokey", "1")).isEqualTo(EMPTY);
  }

  @Test
  void srandmember_errors() {
    sadd("s", "a");
    h.resp("SET", "str", "x");
    assertThat(h.resp("SRANDMEMBER", "s", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("SRANDMEMBER", "s", "-9223372036854775808")).isEqualTo("-ERR value is out of "
        + "range, value must between -9223372036854775807 and 9223372036854775807\r\n");
    assertThat(h.resp("SRANDMEMBER", "s", "1", "2")).isEqualTo(SYNTAX);
    assertThat(h.resp("SRANDMEMBER", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SRANDMEMBER", "str", "0")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SRANDMEMBER", "str", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("SRANDMEMBER")).isEqualTo(arity("srandmember"));
  }

  @Test
  void srandmember_refusesARepeatedPickReplyItCannotHold() {
    sadd("s", "a");
    assertThat(h.resp("SRANDMEMBER", "s", "-9223372036854775807")).isEqualTo(
        "-ERR count is too large: Cortado replies with at most 16777216 elements\r\n");
    assertThat(h.resp("SRANDMEMBER", "s", "9223372036854775807")).isEqualTo(array("a"));
    assertThat(h.resp("SRANDMEMBER", "nokey", "-9223372036854775807")).isEqualTo(EMPTY);
  }

  @Test
  void randomPicks_followTheServerSeed() {
    List<String> first = picks(new Harness(7));
    assertThat(picks(new Harness(7))).isEqualTo(first);
    Set<List<String>> otherSeeds = new HashSet<>();
    for (long seed = 1; seed <= 4; seed++) {
      otherSeeds.add(picks(new Harness(seed)));
    }
    assertThat(otherSeeds).hasSizeGreaterThan(1); // the seed, not a constant, decides
  }

  private static List<String> picks(Harness server) {
    String[] members = new String[200];
    for (int i = 0; i < members.length; i++) {
      members[i] = "m" + i;
    }
    String[] sadd = new String[members.length + 2];
    sadd[0] = "SADD";
    sadd[1] = "s";
    System.arraycopy(members, 0, sadd, 2, members.length);
    server.resp(sadd);
    server.resp("SADD", "i", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    return List.of(server.resp("SPOP", "s"), server.resp("SPOP", "s", "5"),
        server.resp("SPOP", "s", "190"), server.resp("SRANDMEMBER", "s"),
        server.resp("SRANDMEMBER", "s", "3"), server.resp("SRANDMEMBER", "s", "-20"),
        server.resp("SRANDMEMBER", "i", "-20"), server.resp("SPOP", "i", "3"));
  }

  // ---------------------------------------------------------------- SMOVE

  @Test
  void smove_movesAMember() {
    sadd("src", "a", "b");
    assertThat(h.resp("SMOVE", "src", "dst", "a")).isEqualTo(ONE);
    assertThat(members("src")).containsExactly("b");
    assertThat(members("dst")).containsExactly("a");
    assertThat(h.resp("SMOVE", "src", "dst", "x")).isEqualTo(ZERO);
    sadd("dst", "b");
    h.resp("EXPIRE", "src", "100");
    assertThat(h.resp("SMOVE", "src", "dst", "b")).isEqualTo(ONE); // already there: still 1
    assertThat(h.resp("EXISTS", "src")).isEqualTo(ZERO);
    assertThat(members("dst")).containsExactly("a", "b");
    sadd("i", "1");
    assertThat(h.resp("SMOVE", "dst", "i", "a")).isEqualTo(ONE);
    assertThat(encoding("i")).isEqualTo(bulk("hashtable"));
    assertThat(h.resp("SMOVE", "i", "new", "1")).isEqualTo(ONE);
    assertThat(encoding("new")).isEqualTo(bulk("intset"));
  }

  @Test
  void smove_toItself_saysWhetherTheMemberIsThere() {
    sadd("s", "a");
    assertThat(h.resp("SMOVE", "s", "s", "a")).isEqualTo(ONE);
    assertThat(h.resp("SMOVE", "s", "s", "b")).isEqualTo(ZERO);
    assertThat(members("s")).containsExactly("a");
  }

  @Test
  void smove_errors() {
    sadd("s", "1");
    h.resp("SET", "str", "x");
    assertThat(h.resp("SMOVE", "nokey", "str", "a")).isEqualTo(ZERO); // no source wins
    assertThat(h.resp("SMOVE", "str", "s", "1")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SMOVE", "s", "str", "1")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SMOVE", "s", "str", "9")).isEqualTo(WRONGTYPE);
    assertThat(members("s")).containsExactly("1");
    assertThat(h.resp("SMOVE", "a", "b")).isEqualTo(arity("smove"));
  }

  // ---------------------------------------------------------------- SINTER, SINTERCARD, SINTERSTORE

  @Test
  void sinter_walksTheSmallestSet() {
    sadd("a", "5", "1", "3", "2", "4");
    sadd("b", "4", "2", "3", "x");
    sadd("c", "3", "2", "9");
    assertThat(h.resp("SINTER", "a", "b", "c")).isEqualTo(array("2", "3"));
    assertThat(h.resp("SINTER", "a")).isEqualTo(array("1", "2", "3", "4", "5"));
    assertThat(h.resp("SINTER", "a", "a")).isEqualTo(array("1", "2", "3", "4", "5"));
    assertThat(new TreeSet<>(items(h.resp("SINTER", "b", "a")))).containsExactly("2", "3", "4");
    assertThat(h.resp("SINTER", "a", "nokey")).isEqualTo(EMPTY);
    h.connection.protocol = 3;
    assertThat(h.resp("SINTER", "c", "a")).isEqualTo(set3("2", "3"));
    assertThat(h.resp("SINTER", "a", "nokey")).isEqualTo("~0\r\n");
    assertThat(h.resp("SINTER")).isEqualTo(arity("sinter"));
  }

  @Test
  void sinter_checksEveryKeysTypeEvenAfterAMissingOne() {
    sadd("s", "a");
    h.resp("SET", "str", "x");
    assertThat(h.resp("SINTER", "nokey", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SINTER", "str", "nokey")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SINTER", "s", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SMEMBERS", "str")).isEqualTo(WRONGTYPE);
  }

  @Test
  void sintercard_countsUpToTheLimit() {
    sadd("a", "1", "2", "3", "4");
    sadd("b", "2", "3", "4", "5");
    assertThat(h.resp("SINTERCARD", "2", "a", "b")).isEqualTo(integer(3));
    assertThat(h.resp("SINTERCARD", "2", "a", "b", "LIMIT", "2")).isEqualTo(integer(2));
    assertThat(h.resp("SINTERCARD", "2", "a", "b", "limit", "0")).isEqualTo(integer(3));
    assertThat(h.resp("SINTERCARD", "2", "a", "b", "LIMIT", "10")).isEqualTo(integer(3));
    assertThat(h.resp("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "3")).isEqualTo(integer(3));
    assertThat(h.resp("SINTERCARD", "2", "a", "nokey")).isEqualTo(ZERO);
    assertThat(h.resp("SINTERCARD", "2", "a", "LIMIT")).isEqualTo(ZERO); // "LIMIT" is a key here
    h.connection.protocol = 3;
    assertThat(h.resp("SINTERCARD", "1", "a")).isEqualTo(integer(4));
  }

  @Test
  void sintercard_errors() {
    sadd("s", "a");
    h.resp("SET", "str", "x");
    String numkeys = "-ERR numkeys should be greater than 0\r\n";
    assertThat(h.resp("SINTERCARD", "0", "s")).isEqualTo(numkeys);
    assertThat(h.resp("SINTERCARD", "-1", "s")).isEqualTo(numkeys);
    assertThat(h.resp("SINTERCARD", "abc", "s")).isEqualTo(numkeys);
    assertThat(h.resp("SINTERCARD", "9223372036854775808", "s")).isEqualTo(numkeys);
    assertThat(h.resp("SINTERCARD", "2", "s"))
        .isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
    String limit = "-ERR LIMIT can't be negative\r\n";
    assertThat(h.resp("SINTERCARD", "1", "s", "LIMIT", "-1")).isEqualTo(limit);
    assertThat(h.resp("SINTERCARD", "1", "s", "LIMIT", "abc")).isEqualTo(limit);
    assertThat(h.resp("SINTERCARD", "1", "nokey", "LIMIT", "-1")).isEqualTo(limit);
    assertThat(h.resp("SINTERCARD", "1", "s", "LIMIT")).isEqualTo(SYNTAX);
    assertThat(h.resp("SINTERCARD", "1", "s", "FOO", "1")).isEqualTo(SYNTAX);
    assertThat(h.resp("SINTERCARD", "2", "nokey", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SINTERCARD", "1")).isEqualTo(arity("sintercard"));
  }

  @Test
  void sinterstore_overwritesAnyDestination() {
    sadd("a", "3", "1", "2", "x");
    sadd("b", "1", "2", "3", "y");
    h.resp("SET", "dst", "string");
    h.resp("EXPIRE", "dst", "100");
    assertThat(h.resp("SINTERSTORE", "dst", "a", "b")).isEqualTo(integer(3));
    assertThat(h.resp("TYPE", "dst")).isEqualTo("+set\r\n");
    assertThat(h.resp("TTL", "dst")).isEqualTo(integer(-1));
    // Built as Redis builds it: an intset, whatever the sources' encodings.
    assertThat(encoding("dst")).isEqualTo(bulk("intset"));
    assertThat(h.resp("SMEMBERS", "dst")).isEqualTo(array("1", "2", "3"));
    assertThat(h.resp("SINTERSTORE", "a", "a", "b")).isEqualTo(integer(3)); // a source as target
    assertThat(h.resp("SMEMBERS", "a")).isEqualTo(array("1", "2", "3"));
  }

  @Test
  void sinterstore_deletesTheDestinationWhenEmpty() {
    sadd("a", "1");
    sadd("b", "2");
    h.resp("SET", "dst", "x");
    assertThat(h.resp("SINTERSTORE", "dst", "a", "b")).isEqualTo(ZERO);
    assertThat(h.resp("EXISTS", "dst")).isEqualTo(ZERO);
    h.resp("SET", "dst", "x");
    assertThat(h.resp("SINTERSTORE", "dst", "a", "nokey")).isEqualTo(ZERO);
    assertThat(h.resp("EXISTS", "dst")).isEqualTo(ZERO);
    h.resp("SET", "str", "x");
    assertThat(h.resp("SINTERSTORE", "dst", "str", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SINTERSTORE", "d")).isEqualTo(arity("sinterstore"));
  }

  // ---------------------------------------------------------------- SUNION, SDIFF and STORE

  @Test
  void sunion_ofIntegersIsAscending() {
    sadd("a", "5", "10", "1");
    sadd("h", "a", "3", "1", "2");
    h.resp("SREM", "h", "a");
    assertThat(h.resp("SUNION", "a", "h", "nokey")).isEqualTo(array("1", "2", "3", "5", "10"));
    assertThat(h.resp("SUNION", "h")).isEqualTo(array("1", "2", "3"));
    sadd("s", "x", "1");
    assertThat(new TreeSet<>(items(h.resp("SUNION", "a", "s"))))
        .containsExactly("1", "10", "5", "x");
    assertThat(h.resp("SUNION", "nokey")).isEqualTo(EMPTY);
    h.connection.protocol = 3;
    assertThat(h.resp("SUNION", "a")).isEqualTo(set3("1", "5", "10"));
    assertThat(h.resp("SUNION", "nokey")).isEqualTo("~0\r\n");
  }

  @Test
  void sdiff_subtractsTheOtherSets() {
    sadd("a", "1", "2", "3", "4", "x");
    sadd("b", "2", "x");
    sadd("c", "4", "9");
    assertThat(h.resp("SDIFF", "a", "b", "c")).isEqualTo(array("1", "3"));
    assertThat(h.resp("SDIFF", "a", "nokey", "b", "c")).isEqualTo(array("1", "3"));
    assertThat(h.resp("SDIFF", "nokey", "a")).isEqualTo(EMPTY);
    assertThat(h.resp("SDIFF", "a", "b", "a")).isEqualTo(EMPTY); // the first key again
    assertThat(new TreeSet<>(items(h.resp("SDIFF", "a")))).containsExactly("1", "2", "3", "4", "x");
    h.connection.protocol = 3;
    assertThat(h.resp("SDIFF", "c", "a")).isEqualTo(set3("9"));
    assertThat(h.resp("SDIFF", "a", "a")).isEqualTo("~0\r\n");
  }

  @Test
  void sdiffstore_resultEncodingFollowsRedisAlgorithmChoice() {
    sadd("f", "a", "1", "2");
    sadd("o1", "a");
    // Few sets: Redis walks the first set and adds the survivors, all integers: an intset.
    assertThat(h.resp("SDIFFSTORE", "d", "f", "o1")).isEqualTo(integer(2));
    assertThat(encoding("d")).isEqualTo(bulk("intset"));
    // Many small sets: Redis copies the first set (a hashtable, for good) and removes from it.
    for (String k : new String[] {"o2", "o3", "o4", "o5"}) {
      sadd(k, "other-" + k);
    }
    assertThat(h.resp("SDIFFSTORE", "d", "f", "o1", "o2", "o3", "o4", "o5")).isEqualTo(integer(2));
    assertThat(encoding("d")).isEqualTo(bulk("hashtable"));
  }

  @Test
  void stores_overwriteOrDeleteTheDestination() {
    sadd("a", "1", "2");
    sadd("b", "2", "3");
    for (String command : new String[] {"SUNIONSTORE", "SDIFFSTORE"}) {
      h.resp("SET", "dst", "x");
      h.resp("EXPIRE", "dst", "100");
      String expected = command.equals("SUNIONSTORE") ? integer(3) : ONE;
      assertThat(h.resp(command, "dst", "a", "b")).as(command).isEqualTo(expected);
      assertThat(h.resp("TYPE", "dst")).isEqualTo("+set\r\n");
      assertThat(h.resp("TTL", "dst")).isEqualTo(integer(-1));
      h.resp("SET", "dst", "x");
      assertThat(h.resp(command, "dst", "nokey")).isEqualTo(ZERO);
      assertThat(h.resp("EXISTS", "dst")).isEqualTo(ZERO);
      h.resp("SET", "str", "x");
      assertThat(h.resp(command, "dst", "a", "str")).isEqualTo(WRONGTYPE);
      assertThat(h.resp(command, "dst", "nokey", "str")).isEqualTo(WRONGTYPE);
      assertThat(h.resp(command, "d")).isEqualTo(arity(command.toLowerCase()));
    }
    assertThat(h.resp("SUNIONSTORE", "a", "a", "b")).isEqualTo(integer(3));
    assertThat(h.resp("SMEMBERS", "a")).isEqualTo(array("1", "2", "3"));
    assertThat(h.resp("SDIFFSTORE", "a", "a", "a")).isEqualTo(ZERO);
    assertThat(h.resp("EXISTS", "a")).isEqualTo(ZERO);
  }

  @Test
  void unionAndDiff_wrongType() {
    h.resp("SET", "str", "x");
    assertThat(h.resp("SUNION", "nokey", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SDIFF", "nokey", "str")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SUNION")).isEqualTo(arity("sunion"));
    assertThat(h.resp("SDIFF")).isEqualTo(arity("sdiff"));
  }

  @Test
  void stringCommands_refuseSets() {
    sadd("s", "a");
    assertThat(h.resp("GET", "s")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("APPEND", "s", "x")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SET", "s", "x")).isEqualTo(OK); // SET replaces any type
  }

  // ---------------------------------------------------------------- WATCH

  /** Whether a set command from another client, run between WATCH s and EXEC, aborts the EXEC. */
  private boolean abortsWatch(String... command) {
    h.resp("FLUSHALL");
    sadd("s", "a", "b", "c", "d");
    sadd("o", "a", "zz");
    h.resp("WATCH", "s");
    h.resp(h.newConnection(), command);
    h.resp("MULTI");
    h.resp("PING");
    return h.resp("EXEC").equals("*-1\r\n");
  }

  @Test
  void watch_seesEveryChangeAndNoNoOp() {
    // As redis-server 7.0.15 answers the same sequences.
    assertThat(abortsWatch("SADD", "s", "a")).isFalse();
    assertThat(abortsWatch("SADD", "s", "new")).isTrue();
    assertThat(abortsWatch("SREM", "s", "x")).isFalse();
    assertThat(abortsWatch("SREM", "s", "b")).isTrue();
    assertThat(abortsWatch("SPOP", "s", "0")).isFalse();
    assertThat(abortsWatch("SPOP", "s")).isTrue();
    assertThat(abortsWatch("SPOP", "s", "2")).isTrue();
    assertThat(abortsWatch("SPOP", "s", "4")).isTrue(); // the whole set: the key goes
    assertThat(abortsWatch("SMOVE", "s", "s", "a")).isFalse();
    assertThat(abortsWatch("SMOVE", "o", "s", "a")).isFalse(); // already a member
    assertThat(abortsWatch("SMOVE", "s", "o", "a")).isTrue();
    assertThat(abortsWatch("SMOVE", "o", "s", "zz")).isTrue();
    assertThat(abortsWatch("SINTERSTORE", "s", "o")).isTrue();
    assertThat(abortsWatch("SUNIONSTORE", "s", "nokey")).isTrue();
    assertThat(abortsWatch("SRANDMEMBER", "s")).isFalse();
  }

  // ---------------------------------------------------------------- SSCAN

  @Test
  void sscan_ofAnIntsetReturnsEverythingAtOnce() {
    sadd("s", "5", "1", "12", "3", "2");
    assertThat(h.resp("SSCAN", "s", "0")).isEqualTo(scanReply("0", "1", "2", "3", "5", "12"));
    assertThat(h.resp("SSCAN", "s", "7", "COUNT", "1"))
        .isEqualTo(scanReply("0", "1", "2", "3", "5", "12"));
    assertThat(h.resp("SSCAN", "s", "-1")).isEqualTo(scanReply("0", "1", "2", "3", "5", "12"));
    assertThat(h.resp("SSCAN", "s", "0", "MATCH", "1*")).isEqualTo(scanReply("0", "1", "12"));
    h.connection.protocol = 3;
    assertThat(h.resp("SSCAN", "s", "0", "MATCH", "2")).isEqualTo(scanReply("0", "2"));
  }

  @Test
  void sscan_ofAHashtablePagesAboutCountMembers() {
    String[] members = new String[1000];
    for (int i = 0; i < members.length; i++) {
      members[i] = "member:" + i;
    }
    sadd("s", members);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      String reply = h.resp("SSCAN", "s", cursor, "COUNT", "10");
      List<String> page = items(scanItems(reply));
      assertThat(page.size()).isLessThanOrEqualTo(10);
      seen.addAll(page);
      cursor = cursorOf(reply);
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).containsExactlyInAnyOrder(members);
    assertThat(calls).isBetween(100, 102);
    assertThat(items(scanItems(h.resp("SSCAN", "s", "0", "COUNT", "1000", "MATCH", "member:99*"))))
        .containsExactlyInAnyOrder("member:99", "member:990", "member:991", "member:992",
            "member:993", "member:994", "member:995", "member:996", "member:997", "member:998",
            "member:999");
  }

  @Test
  void sscan_missingKeyAndErrors() {
    sadd("s", "a");
    h.resp("SET", "str", "x");
    assertThat(h.resp("SSCAN", "nokey", "0")).isEqualTo(scanReply("0"));
    // A missing key answers before the options are read, as in Redis.
    assertThat(h.resp("SSCAN", "nokey", "0", "COUNT", "0")).isEqualTo(scanReply("0"));
    assertThat(h.resp("SSCAN", "nokey", "abc")).isEqualTo(INVALID_CURSOR);
    assertThat(h.resp("SSCAN", "s", "18446744073709551616")).isEqualTo(INVALID_CURSOR);
    assertThat(h.resp("SSCAN", "s", "0", "COUNT", "0")).isEqualTo(SYNTAX);
    assertThat(h.resp("SSCAN", "s", "0", "COUNT", "x")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("SSCAN", "s", "0", "TYPE", "string")).isEqualTo(SYNTAX);
    assertThat(h.resp("SSCAN", "s", "0", "MATCH")).isEqualTo(SYNTAX);
    assertThat(h.resp("SSCAN", "str", "0", "COUNT", "0")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SSCAN", "str", "abc")).isEqualTo(INVALID_CURSOR);
    assertThat(h.resp("SSCAN", "s")).isEqualTo(arity("sscan"));
  }

  /** The cursor of a SCAN-shaped reply. */
  private static String cursorOf(String reply) {
    return reply.split("\r\n")[2];
  }

  /** The member array of a SCAN-shaped reply. */
  private static String scanItems(String reply) {
    return reply.substring(reply.indexOf("\r\n*", 4) + 2);
  }

  /**
   * SSCAN's promise on a hashtable: a member present from the first call to the last is returned at
   * least once, whatever is added or removed between calls, and every returned member was in the
   * set when its page was read; a page visits about COUNT members. Adds and removes are balanced so
   * the set stays near its size and the scan ends.
   */
  @Property(tries = 40)
  void sscan_returnsEveryMemberPresentThroughout(
      @ForAll @IntRange(min = 1, max = 1200) int initialMembers,
      @ForAll @IntRange(min = 1, max = 50) int maxCount,
      @ForAll @IntRange(min = 0, max = 20) int changesPerCall,
      @ForAll long seed) {
    Harness server = new Harness();
    Random random = new Random(seed);
    List<String> live = new ArrayList<>(); // the model, with O(1) random removal
    List<String> batch = new ArrayList<>(List.of("SADD", "s", "not-an-integer"));
    int next = 0;
    for (; next < initialMembers; next++) {
      batch.add("m" + next);
      live.add("m" + next);
    }
    server.resp(batch.toArray(String[]::new)); // "not-an-integer" keeps it a hashtable throughout
    Set<String> model = new HashSet<>(live);
    Set<String> throughout = new HashSet<>(model);
    Set<String> returned = new HashSet<>();
    String cursor = "0";
    do {
      int count = 1 + random.nextInt(maxCount);
      String reply = server.resp("SSCAN", "s", cursor, "COUNT", Integer.toString(count));
      List<String> page = items(scanItems(reply));
      assertThat(page.size()).isLessThanOrEqualTo(count);
      for (String m : page) {
        assertThat(m.equals("not-an-integer") || model.contains(m)).as(m).isTrue();
      }
      returned.addAll(page);
      cursor = cursorOf(reply);
      for (int i = 0; i < changesPerCall; i++) {
        if (random.nextBoolean() && !live.isEmpty()) {
          int at = random.nextInt(live.size());
          String victim = live.get(at);
          live.set(at, live.get(live.size() - 1));
          live.remove(live.size() - 1);
          model.remove(victim);
          throughout.remove(victim);
          assertThat(server.resp("SREM", "s", victim)).isEqualTo(ONE);
        } else {
          String added = "m" + next++;
          live.add(added);
          model.add(added);
          assertThat(server.resp("SADD", "s", added)).isEqualTo(ONE);
        }
      }
    } while (!cursor.equals("0"));
    assertThat(returned).containsAll(throughout);
    assertThat(server.resp("OBJECT", "ENCODING", "s")).isEqualTo(bulk("hashtable"));
  }

  @Test
  void commandInfo_matchesRedis() {
    assertThat(h.resp("COMMAND", "INFO", "sintercard")).startsWith("*1\r\n*10\r\n$10\r\nsintercard"
        + "\r\n:-3\r\n*2\r\n+readonly\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@read\r\n+@set\r\n"
        + "+@slow\r\n");
    assertThat(h.resp("COMMAND", "INFO", "sadd")).startsWith("*1\r\n*10\r\n$4\r\nsadd\r\n:-3\r\n"
        + "*3\r\n+write\r\n+denyoom\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@set\r\n"
        + "+@fast\r\n*0\r\n");
    assertThat(Arrays.asList(h.resp("COMMAND", "INFO", "smembers").split("\r\n")))
        .contains("$29", "nondeterministic_output_order");
  }
}
