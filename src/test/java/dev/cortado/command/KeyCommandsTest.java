package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expected replies are what redis-server 7.0.15 answers to the same commands. */
class KeyCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String INT_RANGE =
      "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n";
  private static final String DB_RANGE = "-ERR DB index is out of range\r\n";
  private static final String SAME_OBJECT = "-ERR source and destination objects are the same\r\n";

  private final Harness h = new Harness();

  private static String integer(long n) {
    return ":" + n + "\r\n";
  }

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  private static String array(String... items) {
    return "*" + items.length + "\r\n" + String.join("", items);
  }

  private static String arity(String command) {
    return "-ERR wrong number of arguments for '" + command + "' command\r\n";
  }

  private void set(String key, String value) {
    assertThat(h.resp("SET", key, value)).isEqualTo(OK);
  }

  // ---------------------------------------------------------------- DEL, UNLINK, EXISTS, TYPE

  @Test
  void del_countsEachExistingKeyOnce() {
    set("a", "1");
    set("b", "2");
    assertThat(h.resp("DEL", "a", "a", "b", "nokey")).isEqualTo(integer(2));
    assertThat(h.resp("EXISTS", "a", "b")).isEqualTo(integer(0));
    assertThat(h.resp("DEL")).isEqualTo(arity("del"));
  }

  @Test
  void unlink_deletesLikeDel() {
    set("c", "3");
    assertThat(h.resp("UNLINK", "c", "c")).isEqualTo(integer(1));
    assertThat(h.resp("UNLINK", "nokey")).isEqualTo(integer(0));
    assertThat(h.resp("UNLINK")).isEqualTo(arity("unlink"));
  }

  @Test
  void del_expiredKeyIsNotDeletedButCountedExpired() {
    set("k", "v");
    h.resp("PEXPIRE", "k", "100");
    h.clock.advance(101);
    assertThat(h.resp("DEL", "k")).isEqualTo(integer(0));
    assertThat(h.server.stats.expiredKeys).isEqualTo(1);
  }

  @Test
  void exists_countsDuplicates() {
    set("a", "1");
    assertThat(h.resp("EXISTS", "a")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "nokey")).isEqualTo(integer(0));
    assertThat(h.resp("EXISTS", "a", "a", "a", "nokey")).isEqualTo(integer(3));
    assertThat(h.resp("EXISTS", "nokey", "nokey")).isEqualTo(integer(0));
    assertThat(h.resp("EXISTS")).isEqualTo(arity("exists"));
  }

  @Test
  void exists_countsHitsAndMisses() {
    set("a", "1");
    h.resp("EXISTS", "a", "nokey", "a");
    assertThat(h.server.stats.keyspaceHits).isEqualTo(2);
    assertThat(h.server.stats.keyspaceMisses).isEqualTo(1);
  }

  @Test
  void type_namesStringOrNone() {
    set("a", "1");
    assertThat(h.resp("TYPE", "a")).isEqualTo("+string\r\n");
    assertThat(h.resp("TYPE", "nokey")).isEqualTo("+none\r\n");
    assertThat(h.resp("TYPE", "a", "b")).isEqualTo(arity("type"));
  }

  // ---------------------------------------------------------------- KEYS

  @Test
  void keys_matchesGlobPatterns() {
    for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "x")) {
      set(k, "1");
    }
    assertThat(sortedKeys("*")).containsExactly(
        "h*llo", "hallo", "heeeello", "hello", "hllo", "hxllo", "x");
    assertThat(sortedKeys("h?llo")).containsExactly("h*llo", "hallo", "hello", "hxllo");
    assertThat(sortedKeys("h[ae]llo")).containsExactly("hallo", "hello");
    assertThat(sortedKeys("h[^e]llo")).containsExactly("h*llo", "hallo", "hxllo");
    assertThat(sortedKeys("h\\*llo")).containsExactly("h*llo");
    assertThat(sortedKeys("nomatch*")).isEmpty();
  }

  @Test
  void keys_starAloneAlsoMatchesTheEmptyKey() {
    set("", "v");
    assertThat(h.resp("KEYS", "*")).isEqualTo(array(bulk("")));
    assertThat(h.resp("KEYS", "**")).isEqualTo(array());
  }

  @Test
  void keys_skipsExpiredKeys() {
    set("a", "1");
    set("b", "2");
    h.resp("PEXPIRE", "a", "10");
    h.clock.advance(11);
    assertThat(h.resp("KEYS", "*")).isEqualTo(array(bulk("b")));
  }

  private List<String> sortedKeys(String pattern) {
    List<String> keys = parseBulks(h.resp("KEYS", pattern), 0);
    keys.sort(null);
    return keys;
  }

  // ---------------------------------------------------------------- SCAN

  @Test
  void scan_iterationReturnsEveryKeyExactlyOnce() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      set("key:" + i, "v");
      expected.add("key:" + i);
    }
    List<String> seen = new ArrayList<>();
    String cursor = "0";
    int calls = 0;
    do {
      ScanPage page = scan(cursor, "COUNT", "7");
      assertThat(page.keys.size()).isLessThanOrEqualTo(7);
      seen.addAll(page.keys);
      cursor = page.cursor;
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(50).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(calls).isEqualTo(8);
  }

  @Test
  void scan_matchFiltersVisitedKeys() {
    for (int i = 0; i < 30; i++) {
      set((i % 3 == 0 ? "user:" : "order:") + i, "v");
    }
    List<String> seen = new ArrayList<>();
    String cursor = "0";
    do {
      ScanPage page = scan(cursor, "MATCH", "user:*", "COUNT", "5");
      seen.addAll(page.keys);
      cursor = page.cursor;
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(10).allMatch(k -> k.startsWith("user:"));
  }

  @Test
  void scan_matchStarIncludesTheEmptyKey() {
    set("", "v");
    assertThat(h.resp("SCAN", "0", "MATCH", "*")).isEqualTo(array(bulk("0"), array(bulk(""))));
    assertThat(h.resp("SCAN", "0", "MATCH", "**")).isEqualTo(array(bulk("0"), array()));
  }

  @Test
  void scan_typeFilterIgnoresCase() {
    set("a", "1");
    assertThat(h.resp("SCAN", "0", "TYPE", "STRING")).isEqualTo(array(bulk("0"), array(bulk("a"))));
    assertThat(h.resp("SCAN", "0", "TYPE", "hash")).isEqualTo(array(bulk("0"), array()));
  }

  @Test
  void scan_typeFilterCountsAHitForEachMatchingCandidate() {
    set("a", "1");
    set("b", "2");
    set("c", "3");
    h.resp("SCAN", "0", "TYPE", "string");
    h.resp("SCAN", "0", "MATCH", "a", "TYPE", "string");
    h.resp("SCAN", "0");
    assertThat(h.server.stats.keyspaceHits).isEqualTo(4);
    assertThat(h.server.stats.keyspaceMisses).isZero();
  }

  @Test
  void scan_skipsExpiredKeys() {
    set("a", "1");
    set("b", "2");
    h.resp("PEXPIRE", "b", "5");
    h.clock.advance(6);
    assertThat(h.resp("SCAN", "0")).isEqualTo(array(bulk("0"), array(bulk("a"))));
  }

  @Test
  void scan_rejectsMalformedCursors() {
    String invalid = "-ERR invalid cursor\r\n";
    for (String cursor : List.of(" 1", "1 ", "abc", "0x10", "1.5", "+", "-", "+-1", "--1",
        "18446744073709551616", "-18446744073709551616")) {
      assertThat(h.resp("SCAN", cursor)).as(cursor).isEqualTo(invalid);
    }
  }

  @Test
  void scan_acceptsCursorsAsStrtoulReadsThem() {
    set("a", "1");
    String all = array(bulk("0"), array(bulk("a")));
    String past = array(bulk("0"), array());
    assertThat(h.resp("SCAN", "")).isEqualTo(all);
    assertThat(h.resp("SCAN", "+0")).isEqualTo(all);
    assertThat(h.resp("SCAN", "000")).isEqualTo(all);
    assertThat(h.resp("SCAN", "0\0junk")).isEqualTo(all);
    assertThat(h.resp("SCAN", "-1")).isEqualTo(past);
    assertThat(h.resp("SCAN", "18446744073709551615")).isEqualTo(past);
    assertThat(h.resp("SCAN", "9223372036854775808")).isEqualTo(past);
  }

  @Test
  void scan_rejectsBadOptions() {
    assertThat(h.resp("SCAN", "0", "COUNT", "0")).isEqualTo(SYNTAX);
    assertThat(h.resp("SCAN", "0", "COUNT", "-1")).isEqualTo(SYNTAX);
    assertThat(h.resp("SCAN", "0", "COUNT", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("SCAN", "0", "COUNT")).isEqualTo(SYNTAX);
    assertThat(h.resp("SCAN", "0", "MATCH")).isEqualTo(SYNTAX);
    assertThat(h.resp("SCAN", "0", "TYPE")).isEqualTo(SYNTAX);
    assertThat(h.resp("SCAN", "0", "foo", "bar")).isEqualTo(SYNTAX);
    assertThat(h.resp("SCAN")).isEqualTo(arity("scan"));
  }

  @Test
  void scan_lastOptionWins() {
    set("a", "1");
    set("b", "1");
    assertThat(scan("0", "COUNT", "1", "COUNT", "5").keys).hasSize(2);
  }

  private record ScanPage(String cursor, List<String> keys) {}

  private ScanPage scan(String cursor, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "SCAN";
    args[1] = cursor;
    System.arraycopy(options, 0, args, 2, options.length);
    String reply = h.resp(args);
    assertThat(reply).startsWith("*2\r\n$");
    int start = reply.indexOf("\r\n", 4) + 2;
    int end = reply.indexOf("\r\n", start);
    return new ScanPage(reply.substring(start, end), parseBulks(reply, end + 2));
  }

  /** The bulk strings of a flat RESP array starting at {@code from}. */
  private static List<String> parseBulks(String resp, int from) {
    int eol = resp.indexOf("\r\n", from);
    int n = Integer.parseInt(resp.substring(from + 1, eol));
    List<String> out = new ArrayList<>();
    int p = eol + 2;
    for (int i = 0; i < n; i++) {
      int lineEnd = resp.indexOf("\r\n", p);
      int len = Integer.parseInt(resp.substring(p + 1, lineEnd));
      out.add(resp.substring(lineEnd + 2, lineEnd + 2 + len));
      p = lineEnd + 2 + len + 2;
    }
    return out;
  }

  // ---------------------------------------------------------------- RANDOMKEY

  @Test
  void randomkey_nilWhenEmptyElseAnExistingKey() {
    assertThat(h.resp("RANDOMKEY")).isEqualTo(NIL);
    set("a", "1");
    set("b", "2");
    for (int i = 0; i < 20; i++) {
      assertThat(h.resp("RANDOMKEY")).isIn(bulk("a"), bulk("b"));
    }
    assertThat(h.resp("RANDOMKEY", "x")).isEqualTo(arity("randomkey"));
  }

  @Test
  void randomkey_neverReturnsExpiredKeys() {
    set("live", "1");
    for (int i = 0; i < 20; i++) {
      set("gone" + i, "1");
      h.resp("PEXPIRE", "gone" + i, "1");
    }
    h.clock.advance(2);
    for (int i = 0; i < 20; i++) {
      assertThat(h.resp("RANDOMKEY")).isEqualTo(bulk("live"));
    }
  }

  // ---------------------------------------------------------------- RENAME, RENAMENX

  @Test
  void rename_missingKeyIsAnErrorEvenOntoItself() {
    String noSuchKey = "-ERR no such key\r\n";
    assertThat(h.resp("RENAME", "nokey", "b")).isEqualTo(noSuchKey);
    assertThat(h.resp("RENAME", "nokey", "nokey")).isEqualTo(noSuchKey);
    assertThat(h.resp("RENAMENX", "nokey", "b")).isEqualTo(noSuchKey);
  }

  @Test
  void rename_ontoItselfChangesNothing() {
    set("a", "1");
    assertThat(h.resp("RENAME", "a", "a")).isEqualTo(OK);
    assertThat(h.resp("RENAMENX", "a", "a")).isEqualTo(integer(0));
    assertThat(h.resp("GET", "a")).isEqualTo(bulk("1"));
  }

  @Test
  void rename_keepsTheTtl() {
    set("a", "1");
    h.resp("PEXPIRE", "a", "5000");
    assertThat(h.resp("RENAME", "a", "b")).isEqualTo(OK);
    assertThat(h.resp("EXISTS", "a")).isEqualTo(integer(0));
    assertThat(h.resp("PTTL", "b")).isEqualTo(integer(5000));
    h.clock.advance(5001);
    assertThat(h.resp("EXISTS", "b")).isEqualTo(integer(0));
  }

  @Test
  void rename_replacesTheDestinationAndItsTtl() {
    set("src", "1");
    set("dst", "2");
    h.resp("EXPIRE", "dst", "10");
    assertThat(h.resp("RENAME", "src", "dst")).isEqualTo(OK);
    assertThat(h.resp("GET", "dst")).isEqualTo(bulk("1"));
    assertThat(h.resp("TTL", "dst")).isEqualTo(integer(-1));
    h.clock.advance(20_000);
    assertThat(h.resp("GET", "dst")).isEqualTo(bulk("1"));
  }

  @Test
  void renamenx_refusesAnExistingDestination() {
    set("b", "1");
    set("c", "2");
    h.resp("PEXPIRE", "b", "5000");
    assertThat(h.resp("RENAMENX", "b", "c")).isEqualTo(integer(0));
    assertThat(h.resp("RENAMENX", "b", "d")).isEqualTo(integer(1));
    assertThat(h.resp("PTTL", "d")).isEqualTo(integer(5000));
    assertThat(h.resp("GET", "c")).isEqualTo(bulk("2"));
    assertThat(h.resp("RENAME", "d")).isEqualTo(arity("rename"));
  }

  // ---------------------------------------------------------------- COPY

  @Test
  void copy_toTheSameKeyInTheSameDbIsAnError() {
    set("c", "1");
    assertThat(h.resp("COPY", "c", "c")).isEqualTo(SAME_OBJECT);
    assertThat(h.resp("COPY", "c", "c", "DB", "0")).isEqualTo(SAME_OBJECT);
    assertThat(h.resp("COPY", "c", "c", "DB", "1")).isEqualTo(integer(1));
  }

  @Test
  void copy_keepsTheTtlAndLeavesTheSourceAlone() {
    set("c", "hello");
    h.resp("PEXPIRE", "c", "5000");
    assertThat(h.resp("COPY", "c", "x")).isEqualTo(integer(1));
    h.resp("APPEND", "x", "!");
    assertThat(h.resp("GET", "c")).isEqualTo(bulk("hello"));
    assertThat(h.resp("GET", "x")).isEqualTo(bulk("hello!"));
    assertThat(h.resp("PTTL", "x")).isEqualTo(integer(5000));
  }

  @Test
  void copy_needsReplaceForAnExistingDestination() {
    set("c", "1");
    set("x", "2");
    assertThat(h.resp("COPY", "c", "x")).isEqualTo(integer(0));
    assertThat(h.resp("GET", "x")).isEqualTo(bulk("2"));
    assertThat(h.resp("COPY", "c", "x", "REPLACE")).isEqualTo(integer(1));
    assertThat(h.resp("GET", "x")).isEqualTo(bulk("1"));
    assertThat(h.resp("COPY", "c", "x", "replace", "replace")).isEqualTo(integer(1));
  }

  @Test
  void copy_toAnotherDb() {
    set("c", "1");
    h.resp("EXPIRE", "c", "100");
    assertThat(h.resp("COPY", "c", "x", "DB", "3")).isEqualTo(integer(1));
    h.resp("SELECT", "3");
    assertThat(h.resp("GET", "x")).isEqualTo(bulk("1"));
    assertThat(h.resp("TTL", "x")).isEqualTo(integer(100));
  }

  @Test
  void copy_missingSourceIsZero() {
    assertThat(h.resp("COPY", "nokey", "x")).isEqualTo(integer(0));
    assertThat(h.resp("EXISTS", "x")).isEqualTo(integer(0));
  }

  @Test
  void copy_rejectsBadOptions() {
    set("c", "1");
    assertThat(h.resp("COPY", "c", "x", "DB")).isEqualTo(SYNTAX);
    assertThat(h.resp("COPY", "c", "x", "DB", "16")).isEqualTo(DB_RANGE);
    assertThat(h.resp("COPY", "c", "x", "DB", "-1")).isEqualTo(DB_RANGE);
    assertThat(h.resp("COPY", "c", "x", "DB", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("COPY", "c", "x", "DB", "99999999999")).isEqualTo(INT_RANGE);
    assertThat(h.resp("COPY", "c", "x", "foo")).isEqualTo(SYNTAX);
    assertThat(h.resp("COPY", "c")).isEqualTo(arity("copy"));
  }

  // ---------------------------------------------------------------- MOVE

  @Test
  void move_movesTheKeyWithItsTtl() {
    set("k", "v");
    h.resp("PEXPIRE", "k", "5000");
    assertThat(h.resp("MOVE", "k", "1")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "k")).isEqualTo(integer(0));
    h.resp("SELECT", "1");
    assertThat(h.resp("GET", "k")).isEqualTo(bulk("v"));
    assertThat(h.resp("PTTL", "k")).isEqualTo(integer(5000));
  }

  @Test
  void move_refusesAnExistingKeyInTheTargetDb() {
    set("k", "here");
    h.resp("SELECT", "1");
    set("k", "there");
    h.resp("SELECT", "0");
    assertThat(h.resp("MOVE", "k", "1")).isEqualTo(integer(0));
    assertThat(h.resp("GET", "k")).isEqualTo(bulk("here"));
    assertThat(h.resp("MOVE", "nokey", "1")).isEqualTo(integer(0));
  }

  @Test
  void move_rejectsBadDbIndexes() {
    set("c", "1");
    assertThat(h.resp("MOVE", "c", "0")).isEqualTo(SAME_OBJECT);
    assertThat(h.resp("MOVE", "nokey", "0")).isEqualTo(SAME_OBJECT);
    assertThat(h.resp("MOVE", "c", "16")).isEqualTo(DB_RANGE);
    assertThat(h.resp("MOVE", "c", "-1")).isEqualTo(DB_RANGE);
    assertThat(h.resp("MOVE", "c", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("MOVE", "c", "99999999999")).isEqualTo(INT_RANGE);
  }

  // ---------------------------------------------------------------- SWAPDB

  @Test
  void swapdb_exchangesContentsAndTtls() {
    set("zero", "0");
    h.resp("PEXPIRE", "zero", "5000");
    h.resp("SELECT", "1");
    set("one", "1");
    assertThat(h.resp("SWAPDB", "0", "1")).isEqualTo(OK);
    assertThat(h.resp("GET", "zero")).isEqualTo(bulk("0"));
    assertThat(h.resp("PTTL", "zero")).isEqualTo(integer(5000));
    assertThat(h.resp("EXISTS", "one")).isEqualTo(integer(0));
    h.clock.advance(5001);
    assertThat(h.resp("EXISTS", "zero")).isEqualTo(integer(0));
    assertThat(h.server.stats.expiredKeys).isEqualTo(1);
    h.resp("SELECT", "0");
    assertThat(h.resp("GET", "one")).isEqualTo(bulk("1"));
  }

  @Test
  void swapdb_withItselfIsOk() {
    set("a", "1");
    assertThat(h.resp("SWAPDB", "0", "0")).isEqualTo(OK);
    assertThat(h.resp("GET", "a")).isEqualTo(bulk("1"));
  }

  @Test
  void swapdb_rejectsBadIndexes() {
    assertThat(h.resp("SWAPDB", "0", "16")).isEqualTo(DB_RANGE);
    assertThat(h.resp("SWAPDB", "-1", "0")).isEqualTo(DB_RANGE);
    assertThat(h.resp("SWAPDB", "abc", "0")).isEqualTo("-ERR invalid first DB index\r\n");
    assertThat(h.resp("SWAPDB", "abc", "abc")).isEqualTo("-ERR invalid first DB index\r\n");
    assertThat(h.resp("SWAPDB", "99999999999", "0")).isEqualTo("-ERR invalid first DB index\r\n");
    assertThat(h.resp("SWAPDB", "0", "abc")).isEqualTo("-ERR invalid second DB index\r\n");
    assertThat(h.resp("SWAPDB", "0", "99999999999")).isEqualTo("-ERR invalid second DB index\r\n");
    assertThat(h.resp("SWAPDB", "0")).isEqualTo(arity("swapdb"));
  }

  // ---------------------------------------------------------------- TOUCH

  @Test
  void touch_countsExistingKeysAndResetsIdleTime() {
    set("c", "1");
    set("x", "2");
    h.clock.advance(10_000);
    assertThat(h.resp("TOUCH", "nokey", "c", "x", "x")).isEqualTo(integer(3));
    assertThat(h.resp("OBJECT", "IDLETIME", "c")).isEqualTo(integer(0));
    assertThat(h.server.stats.keyspaceMisses).isEqualTo(1);
  }

  // ---------------------------------------------------------------- EXPIRE family

  @Test
  void expire_setsTtlOnExistingKeysOnly() {
    set("a", "1");
    assertThat(h.resp("EXPIRE", "a", "100")).isEqualTo(integer(1));
    assertThat(h.resp("TTL", "a")).isEqualTo(integer(100));
    assertThat(h.resp("EXPIRE", "nokey", "100")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "a")).isEqualTo(arity("expire"));
  }

  @Test
  void expire_keyLivesThroughItsDeadlineMillisecond() {
    set("a", "1");
    h.resp("PEXPIRE", "a", "100");
    h.clock.advance(100);
    assertThat(h.resp("PTTL", "a")).isEqualTo(integer(0));
    assertThat(h.resp("GET", "a")).isEqualTo(bulk("1"));
    h.clock.advance(1);
    assertThat(h.resp("GET", "a")).isEqualTo(NIL);
    assertThat(h.server.stats.expiredKeys).isEqualTo(1);
  }

  @Test
  void expire_conditionsNxXxGtLt() {
    set("b", "1");
    assertThat(h.resp("EXPIRE", "b", "100", "XX")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "100", "GT")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "100", "LT")).isEqualTo(integer(1));
    assertThat(h.resp("EXPIRE", "b", "100", "NX")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "50", "GT")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "200", "gt")).isEqualTo(integer(1));
    assertThat(h.resp("EXPIRE", "b", "300", "LT")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "100", "lt")).isEqualTo(integer(1));
    assertThat(h.resp("TTL", "b")).isEqualTo(integer(100));
    assertThat(h.resp("EXPIRE", "b", "-1", "NX")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "-1", "GT")).isEqualTo(integer(0));
    assertThat(h.resp("EXPIRE", "b", "100", "XX", "XX")).isEqualTo(integer(1));
    set("n", "1");
    assertThat(h.resp("EXPIRE", "n", "100", "NX", "NX")).isEqualTo(integer(1));
  }

  @Test
  void expire_rejectsIncompatibleOptions() {
    set("a", "1");
    String nxWithOthers = "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n";
    assertThat(h.resp("EXPIRE", "a", "100", "NX", "XX")).isEqualTo(nxWithOthers);
    assertThat(h.resp("EXPIRE", "a", "100", "NX", "GT")).isEqualTo(nxWithOthers);
    assertThat(h.resp("EXPIRE", "a", "100", "LT", "NX")).isEqualTo(nxWithOthers);
    assertThat(h.resp("EXPIRE", "a", "100", "GT", "LT"))
        .isEqualTo("-ERR GT and LT options at the same time are not compatible\r\n");
    assertThat(h.resp("EXPIRE", "a", "100", "XX", "GT")).isEqualTo(integer(0));
  }

  @Test
  void expire_rejectsUnknownOptionsBeforeReadingTheTime() {
    set("a", "1");
    assertThat(h.resp("EXPIRE", "a", "100", "foo")).isEqualTo("-ERR Unsupported option foo\r\n");
    assertThat(h.resp("EXPIRE", "a", "abc", "foo")).isEqualTo("-ERR Unsupported option foo\r\n");
    assertThat(h.resp("EXPIRE", "nokey", "100", "foo")).isEqualTo("-ERR Unsupported option foo\r\n");
    assertThat(h.resp("EXPIRE", "a", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("EXPIRE", "nokey", "abc")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void expire_rejectsTimesThatOverflow() {
    set("a", "1");
    assertThat(h.resp("EXPIRE", "a", "9223372036854775807"))
        .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
    assertThat(h.resp("EXPIRE", "a", "9223372036854775")) // fits in ms, not once now is added
        .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
    assertThat(h.resp("EXPIRE", "a", "-9223372036854776"))
        .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
    assertThat(h.resp("PEXPIRE", "a", "9223372036854775807"))
        .isEqualTo("-ERR invalid expire time in 'pexpire' command\r\n");
    assertThat(h.resp("EXPIREAT", "a", "9223372036854776"))
        .isEqualTo("-ERR invalid expire time in 'expireat' command\r\n");
    assertThat(h.resp("TTL", "a")).isEqualTo(integer(-1));
  }

  @Test
  void expire_farFutureDeadlinesAreKept() {
    set("a", "1");
    assertThat(h.resp("EXPIRE", "a", "10000000000")).isEqualTo(integer(1)); // 317 years
    assertThat(h.resp("TTL", "a")).isEqualTo(integer(10_000_000_000L));
    h.clock.advance(365L * 24 * 3600 * 1000);
    assertThat(h.resp("GET", "a")).isEqualTo(bulk("1"));
    assertThat(h.resp("EXPIREAT", "a", "9223372036854775")).isEqualTo(integer(1));
    assertThat(h.resp("EXPIRETIME", "a")).isEqualTo(integer(9223372036854775L));
  }

  @Test
  void expire_zeroOrNegativeDeletesWithoutCountingAnExpiry() {
    set("d", "1");
    assertThat(h.resp("EXPIRE", "d", "0")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "d")).isEqualTo(integer(0));
    set("c", "1");
    assertThat(h.resp("EXPIRE", "c", "-5", "LT")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "c")).isEqualTo(integer(0));
    set("m", "1");
    assertThat(h.resp("EXPIRE", "m", "-9223372036854775")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "m")).isEqualTo(integer(0));
    assertThat(h.server.stats.expiredKeys).isZero();
  }

  @Test
  void pexpireat_pastTimesDeleteTheKey() {
    set("e", "1");
    assertThat(h.resp("PEXPIREAT", "e", "1")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "e")).isEqualTo(integer(0));
    set("f", "1");
    assertThat(h.resp("PEXPIREAT", "f", "-1")).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "f")).isEqualTo(integer(0));
    set("g", "1");
    long now = h.clock.millis();
    assertThat(h.resp("PEXPIREAT", "g", Long.toString(now))).isEqualTo(integer(1));
    assertThat(h.resp("EXISTS", "g")).isEqualTo(integer(0));
  }

  @Test
  void expireat_setsAnAbsoluteDeadline() {
    set("a", "1");
    long deadline = h.clock.millis() / 1000 + 60;
    assertThat(h.resp("EXPIREAT", "a", Long.toString(deadline))).isEqualTo(integer(1));
    assertThat(h.resp("EXPIRETIME", "a")).isEqualTo(integer(deadline));
    assertThat(h.resp("PEXPIRETIME", "a")).isEqualTo(integer(deadline * 1000));
    assertThat(h.resp("PEXPIREAT", "a", Long.toString(deadline * 1000 - 1), "GT"))
        .isEqualTo(integer(0));
  }

  // ---------------------------------------------------------------- TTL family, PERSIST

  @Test
  void ttl_missingKeyIsMinusTwoAndNoTtlMinusOne() {
    set("f", "1");
    for (String command : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
      assertThat(h.resp(command, "nokey")).as(command).isEqualTo(integer(-2));
      assertThat(h.resp(command, "f")).as(command).isEqualTo(integer(-1));
    }
  }

  @Test
  void ttl_roundsToTheNearestSecond() {
    set("b", "1");
    long[][] millisToSeconds = {{1500, 2}, {1499, 1}, {500, 1}, {499, 0}};
    for (long[] pair : millisToSeconds) {
      h.resp("PEXPIRE", "b", Long.toString(pair[0]));
      assertThat(h.resp("TTL", "b")).as("%d ms", pair[0]).isEqualTo(integer(pair[1]));
      assertThat(h.resp("PTTL", "b")).isEqualTo(integer(pair[0]));
    }
  }

  @Test
  void ttl_countsDownWithTheClock() {
    set("a", "1");
    h.resp("EXPIRE", "a", "10");
    h.clock.advance(2_400);
    assertThat(h.resp("TTL", "a")).isEqualTo(integer(8));
    assertThat(h.resp("PTTL", "a")).isEqualTo(integer(7_600));
  }

  @Test
  void expiretime_ofTheLargestDeadlineDoesNotWrap() {
    set("a", "1");
    assertThat(h.resp("PEXPIREAT", "a", "9223372036854775807")).isEqualTo(integer(1));
    assertThat(h.resp("PEXPIRETIME", "a")).isEqualTo(integer(Long.MAX_VALUE));
    assertThat(h.resp("EXPIRETIME", "a")).isEqualTo(integer(9223372036854776L));
    long ttl = Long.MAX_VALUE - h.clock.millis();
    assertThat(h.resp("PTTL", "a")).isEqualTo(integer(ttl));
    assertThat(h.resp("TTL", "a")).isEqualTo(integer((ttl + 500) / 1000));
  }

  @Test
  void persist_removesTheTtl() {
    set("a", "1");
    assertThat(h.resp("PERSIST", "a")).isEqualTo(integer(0));
    assertThat(h.resp("PERSIST", "nokey")).isEqualTo(integer(0));
    h.resp("EXPIRE", "a", "10");
    assertThat(h.resp("PERSIST", "a")).isEqualTo(integer(1));
    assertThat(h.resp("TTL", "a")).isEqualTo(integer(-1));
    h.clock.advance(20_000);
    assertThat(h.resp("GET", "a")).isEqualTo(bulk("1"));
    assertThat(h.server.stats.expiredKeys).isZero();
  }

  // ---------------------------------------------------------------- OBJECT

  @Test
  void object_encodingFollowsTheString() {
    set("int", "-1");
    set("big", "12345678901234567890");
    set("short", "hello");
    set("long", "x".repeat(45));
    assertThat(h.resp("OBJECT", "ENCODING", "int")).isEqualTo(bulk("int"));
    assertThat(h.resp("OBJECT", "encoding", "big")).isEqualTo(bulk("embstr"));
    assertThat(h.resp("object", "Encoding", "short")).isEqualTo(bulk("embstr"));
    assertThat(h.resp("OBJECT", "ENCODING", "long")).isEqualTo(bulk("raw"));
    assertThat(h.resp("OBJECT", "ENCODING", "nokey")).isEqualTo(NIL);
  }

  @Test
  void object_refcountIsIntMaxForSharedIntegers() {
    set("small", "5");
    set("big", "10000");
    set("text", "v");
    assertThat(h.resp("OBJECT", "REFCOUNT", "small")).isEqualTo(integer(Integer.MAX_VALUE));
    assertThat(h.resp("OBJECT", "REFCOUNT", "big")).isEqualTo(integer(1));
    assertThat(h.resp("OBJECT", "REFCOUNT", "text")).isEqualTo(integer(1));
    assertThat(h.resp("OBJECT", "REFCOUNT", "nokey")).isEqualTo(NIL);
  }

  @Test
  void object_copyOfASharedIntegerIsNotShared() {
    set("small", "5");
    h.resp("COPY", "small", "copied");
    h.resp("RENAME", "small", "renamed");
    assertThat(h.resp("OBJECT", "REFCOUNT", "copied")).isEqualTo(integer(1));
    assertThat(h.resp("OBJECT", "ENCODING", "copied")).isEqualTo(bulk("int"));
    assertThat(h.resp("OBJECT", "REFCOUNT", "renamed")).isEqualTo(integer(Integer.MAX_VALUE));
  }

  @Test
  void object_idletimeGrowsUntilAReadOrWriteTouchesTheKey() {
    set("k", "v");
    h.clock.advance(12_000);
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(integer(12));
    h.resp("TYPE", "k");
    h.resp("EXISTS", "k");
    h.resp("TTL", "k");
    h.resp("OBJECT", "ENCODING", "k");
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(integer(12));
    h.resp("GET", "k");
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(integer(0));
    h.clock.advance(5_000);
    h.resp("EXPIRE", "k", "100");
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(integer(0));
    assertThat(h.resp("OBJECT", "IDLETIME", "nokey")).isEqualTo(NIL);
  }

  @Test
  void object_freqNeedsAnLfuPolicy() {
    set("k", "v");
    assertThat(h.resp("OBJECT", "FREQ", "nokey")).isEqualTo(NIL);
    assertThat(h.resp("OBJECT", "FREQ", "k")).isEqualTo("-ERR An LFU maxmemory policy is not "
        + "selected, access frequency not tracked. Please note that when switching between "
        + "policies at runtime LRU and LFU data will take some time to adjust.\r\n");
    h.server.config.set("maxmemory-policy", "allkeys-lfu");
    // Written under LRU: Redis reads the LRU clock as a counter, long decayed (redis-server: 0).
    assertThat(h.resp("OBJECT", "FREQ", "k")).isEqualTo(integer(0));
    set("n", "v");
    assertThat(h.resp("OBJECT", "FREQ", "n")).isEqualTo(integer(5));
    for (int i = 0; i < 100; i++) {
      h.resp("GET", "n");
    }
    // Logarithmic: a hundred reads raise a new key's counter a little, never past 255.
    long freq = Long.parseLong(h.resp("OBJECT", "FREQ", "n").substring(1).trim());
    assertThat(freq).isBetween(6L, 20L);
    // One minute per lfu-decay-time period takes one off.
    h.clock.advance(3 * 60_000);
    assertThat(h.resp("OBJECT", "FREQ", "n")).isEqualTo(integer(freq - 3));
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo("-ERR An LFU maxmemory policy is "
        + "selected, idle time not tracked. Please note that when switching between policies at "
        + "runtime LRU and LFU data will take some time to adjust.\r\n");
  }

  @Test
  void object_idletimeAfterAnLfuPolicyReadsTheLfuBitsAsAClockAsRedisDoes() {
    h.server.config.set("maxmemory-policy", "allkeys-lfu");
    set("k", "v"); // the field holds minute << 8 | 5
    h.server.config.set("maxmemory-policy", "allkeys-lru");
    // LRU clock 1,700,000,000 & 0xFFFFFF = 5,501,184 is below the field (5,575,941): it wrapped.
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(integer(16_702_458));
    h.resp("GET", "k"); // a read stores the clock again
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(integer(0));
  }

  @Test
  void object_helpListsTheSubcommands() {
    String reply = h.resp("OBJECT", "HELP");
    assertThat(reply).startsWith("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. "
        + "Subcommands are:\r\n+ENCODING <key>\r\n");
    assertThat(reply).endsWith("+REFCOUNT <key>\r\n"
        + "+    Return the number of references of the value associated with the specified\r\n"
        + "+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n");
  }

  @Test
  void object_rejectsUnknownSubcommandsAndBadArity() {
    assertThat(h.resp("OBJECT")).isEqualTo(arity("object"));
    assertThat(h.resp("OBJECT", "foo")).isEqualTo("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
    assertThat(h.resp("OBJECT", "ENCODING")).isEqualTo(arity("object|encoding"));
    assertThat(h.resp("OBJECT", "ENCODING", "a", "b")).isEqualTo(arity("object|encoding"));
    assertThat(h.resp("OBJECT", "HELP", "x")).isEqualTo(arity("object|help"));
  }
}
