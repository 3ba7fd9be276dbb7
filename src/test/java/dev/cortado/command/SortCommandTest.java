package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.keyspace.ListValue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SORT and SORT_RO. Expected replies are what redis-server 7.0.15 answers to the same commands; the
 * differential suite (sort.txt) checks far more against a running redis-server. These tests pin the
 * pieces that are easy to get subtly wrong: strtod's grammar and range errors, the byte comparisons,
 * pattern substitution, and the orders Cortado guarantees where the case files cannot compare.
 */
class SortCommandTest {
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  private static final String NOT_DOUBLE =
      "-ERR One or more scores can't be converted into double\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";

  private final Harness h = new Harness();

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  private static String array(String... elements) {
    StringBuilder sb = new StringBuilder("*").append(elements.length).append("\r\n");
    for (String e : elements) {
      sb.append(e == null ? "$-1\r\n" : bulk(e));
    }
    return sb.toString();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- strtod

  @ParameterizedTest
  @ValueSource(strings = {"5", " 5", "\t\n\u000b\f\r5", "+5", "5.", ".5", "1e3", "1E+3", "1e-3",
      "0x10", "0X1p4", "0x.8", "0x1.8p1", "inf", "-INF", "Infinity", "-infinity", "", "-0",
      "00012", "0x1p-1074", "2.2250738585072014e-308", "1.7976931348623157e308", "0e-400",
      "0.0e-99999999999999999999", "0x0p99999999999999", "7\u0000junk", "\u00007"})
  void strtod_acceptsWhatGlibcParsesWhole(String text) {
    assertThat(Double.isNaN(SortCommand.strtod(b(text)))).as(text).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 ", " ", "x", "nan", "-nan", "nan(1)", "Infinit", "infx", "0x", "0x.",
      "0x.p1", "0xg", "1e", "1e+", "1e-", ".", "-", "+", "+-1", "1.5.5", "1_0", "0x1p", "1d",
      "1f", "1e400", "1.7976931348623159e308", "0x1.fffffffffffff8p1023", "0x1p1024",
      "1e-400", "4.9e-324", "2.2250738585072011e-308", "0x3p-1075", "0x1p-1075",
      "1e99999999999999999999", "1e-99999999999999999999", "0x1p99999999999999999999",
      "-0x1p-99999999999999999999"})
  void strtod_rejectsPartialParsesNanAndRangeErrors(String text) {
    assertThat(Double.isNaN(SortCommand.strtod(b(text)))).as(text).isTrue();
  }

  @Test
  void strtod_values() {
    assertThat(SortCommand.strtod(b("0x1A"))).isEqualTo(26.0);
    assertThat(SortCommand.strtod(b(" -2.5e1"))).isEqualTo(-25.0);
    assertThat(SortCommand.strtod(b("0x.8"))).isEqualTo(0.5);
    assertThat(SortCommand.strtod(b("0x1p-1074"))).isEqualTo(Double.MIN_VALUE);
    assertThat(SortCommand.strtod(b("0x1.fffffffffffff7p1023"))).isEqualTo(Double.MAX_VALUE);
    assertThat(SortCommand.strtod(b("-inf"))).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(SortCommand.strtod(b(""))).isZero();
    assertThat(SortCommand.strtod(b("3\u0000x"))).isEqualTo(3.0);
  }

  // ---------------------------------------------------------------- comparisons

  @Test
  void compareCString_stopsAtNul_compareBinary_doesNot() {
    assertThat(SortCommand.compareCString(b("a\u0000z"), b("a"))).isZero();
    assertThat(SortCommand.compareBinary(b("a\u0000z"), b("a"))).isPositive();
    assertThat(SortCommand.compareCString(b("\u00ff"), b("a"))).isPositive(); // unsigned bytes
    assertThat(SortCommand.compareBinary(b("\u00ff"), b("a"))).isPositive();
    assertThat(SortCommand.compareBinary(b("ab"), b("abc"))).isNegative();
    assertThat(SortCommand.compareCString(b(""), b(""))).isZero();
  }

  // ---------------------------------------------------------------- replies

  @Test
  void numericSort_tiesFallBackToBytes_descReversesThem() {
    h.resp("RPUSH", "l", "10", "1e1", "010", "9");
    assertThat(h.resp("SORT", "l")).isEqualTo(array("9", "010", "10", "1e1"));
    assertThat(h.resp("SORT", "l", "DESC")).isEqualTo(array("1e1", "10", "010", "9"));
  }

  @Test
  void alphaByWithMissingWeights_keepsTheListOrderAmongThem() {
    // Redis sorts with glibc's qsort, a stable merge sort: elements without a weight tie and stay
    // in list order (the case files avoid it: other C libraries may not).
    h.resp("RPUSH", "l", "c", "a", "d", "b");
    h.resp("SET", "w_a", "zz");
    assertThat(h.resp("SORT", "l", "BY", "w_*", "ALPHA")).isEqualTo(array("c", "d", "b", "a"));
    assertThat(h.resp("SORT", "l", "BY", "w_*", "ALPHA", "DESC"))
        .isEqualTo(array("a", "c", "d", "b"));
  }

  @Test
  void get_patterns() {
    h.resp("RPUSH", "l", "a", "b");
    h.resp("SET", "k_a", "ka");
    h.resp("HSET", "h_b", "f->g", "nested", "f", "plain");
    h.resp("SET", "h_a->", "arrow");
    assertThat(h.resp("SORT", "l", "ALPHA", "GET", "#", "GET", "k_*", "GET", "h_*->f->g",
        "GET", "h_*->f", "GET", "h_*->", "GET", "nostar", "GET", "#\u0000x"))
        .isEqualTo(array("a", "ka", null, null, "arrow", null, "a",
            "b", null, "nested", "plain", null, null, "b"));
  }

  @Test
  void get_missingIsNullInResp3() {
    h.resp("HELLO", "3");
    h.resp("RPUSH", "l", "1");
    assertThat(h.resp("SORT", "l", "GET", "nokey_*", "GET", "#"))
        .isEqualTo("*2\r\n_\r\n" + bulk("1"));
  }

  @Test
  void weightsThatDoNotParse_failAfterEveryWeightWasRead() {
    h.resp("RPUSH", "l", "a", "b");
    h.resp("SET", "w_a", "x");
    assertThat(h.resp("SORT", "l", "BY", "w_*")).isEqualTo(NOT_DOUBLE);
    assertThat(h.resp("SORT", "l", "BY", "w_*", "STORE", "d")).isEqualTo(NOT_DOUBLE);
    assertThat(h.resp("EXISTS", "d")).isEqualTo(":0\r\n");
    assertThat(h.resp("SORT", "l", "BY", "w_*", "ALPHA")).isEqualTo(array("b", "a"));
  }

  @Test
  void byNosort_isStickyOverALaterPattern() {
    h.resp("RPUSH", "l", "b", "c", "a");
    h.resp("MSET", "w_a", "1", "w_b", "2", "w_c", "3");
    assertThat(h.resp("SORT", "l", "BY", "nosort", "BY", "w_*")).isEqualTo(array("b", "c", "a"));
    assertThat(h.resp("SORT", "l", "BY", "w_\u0000*")).isEqualTo(array("b", "c", "a"));
  }

  @Test
  void store_writesAQuicklist_replacingAnyTypeAndTtl() {
    h.resp("RPUSH", "l", "2", "1");
    h.resp("SET", "d", "x", "EX", "100");
    assertThat(h.resp("SORT", "l", "GET", "#", "GET", "none_*", "STORE", "d")).isEqualTo(":4\r\n");
    assertThat(h.resp("LRANGE", "d", "0", "-1")).isEqualTo(array("1", "", "2", ""));
    assertThat(h.resp("TTL", "d")).isEqualTo(":-1\r\n");
    assertThat(h.server.db(0).get(b("d"))).isInstanceOf(ListValue.class);
    assertThat(h.resp("SORT", "l", "LIMIT", "5", "1", "STORE", "d")).isEqualTo(":0\r\n");
    assertThat(h.resp("EXISTS", "d")).isEqualTo(":0\r\n");
  }

  @Test
  void store_events() {
    EventLog log = new EventLog(h, 1);
    h.resp("RPUSH", "l", "2", "1");
    assertThat(log.run("SORT", "l", "STORE", "d")).containsExactly("n new d", "l sortstore d");
    assertThat(log.run("SORT", "l", "STORE", "d")).containsExactly("l sortstore d");
    assertThat(log.run("SORT", "l", "LIMIT", "0", "0", "STORE", "d")).containsExactly("g del d");
    assertThat(log.run("SORT", "nokey", "STORE", "d")).isEmpty();
    assertThat(log.run("SORT", "l")).isEmpty();
  }

  @Test
  void errors() {
    h.resp("SET", "s", "x");
    assertThat(h.resp("SORT", "s", "BY")).isEqualTo(SYNTAX);
    assertThat(h.resp("SORT", "s")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SORT_RO", "s", "STORE", "d")).isEqualTo(SYNTAX);
    assertThat(h.resp("SORT", "s", "LIMIT", "x", "1"))
        .isEqualTo("-ERR value is not an integer or out of range\r\n");
    assertThat(h.resp("SORT_RO")).isEqualTo("-ERR wrong number of arguments for 'sort_ro' command\r\n");
  }

  @Test
  void sortedSets_byNosortWalksTheScoreOrderFromTheLimit() {
    h.resp("ZADD", "z", "3", "30", "1", "10", "2", "5", "4", "-1.5");
    assertThat(h.resp("SORT", "z")).isEqualTo(array("-1.5", "5", "10", "30"));
    assertThat(h.resp("SORT", "z", "BY", "nosort")).isEqualTo(array("10", "5", "30", "-1.5"));
    assertThat(h.resp("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"))
        .isEqualTo(array("30", "5"));
    assertThat(h.resp("SORT", "z", "BY", "nosort", "LIMIT", "3", "9")).isEqualTo(array("-1.5"));
    assertThat(h.resp("SORT", "z", "BY", "nosort", "LIMIT", "4", "1")).isEqualTo(array());
  }

  @Test
  void zsetMembers_ofAnotherType_isWrongtype() {
    assertThatThrownBy(() -> SortCommand.zsetMembers(new dev.cortado.keyspace.StringValue(b("x"))))
        .isInstanceOf(RedisException.class)
        .hasMessage(Errors.WRONGTYPE);
  }
}
