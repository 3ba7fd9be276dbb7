package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected replies are what redis-server 7.0.15 answers to the same commands, byte for byte, in
 * RESP2 and (where they differ) RESP3. The differential suite (lists.txt, events-lists.txt) checks
 * the same against a running redis-server.
 */
class ListCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String NIL_ARRAY = "*-1\r\n";
  private static final String NULL3 = "_\r\n";
  private static final String ZERO = ":0\r\n";
  private static final String ONE = ":1\r\n";
  private static final String EMPTY = "*0\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String NOT_POSITIVE = "-ERR value is out of range, must be positive\r\n";
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

  private final Harness h = new Harness();

  private static String integer(long n) {
    return ":" + n + "\r\n";
  }

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  private static String array(String... elements) {
    StringBuilder sb = new StringBuilder("*").append(elements.length).append("\r\n");
    for (String e : elements) {
      sb.append(bulk(e));
    }
    return sb.toString();
  }

  private static String ints(long... values) {
    StringBuilder sb = new StringBuilder("*").append(values.length).append("\r\n");
    for (long v : values) {
      sb.append(integer(v));
    }
    return sb.toString();
  }

  private static String arity(String command) {
    return "-ERR wrong number of arguments for '" + command + "' command\r\n";
  }

  private String all(String key) {
    return h.resp("LRANGE", key, "0", "-1");
  }

  private void rpush(String key, String... elements) {
    String[] args = new String[elements.length + 2];
    args[0] = "RPUSH";
    args[1] = key;
    System.arraycopy(elements, 0, args, 2, elements.length);
    h.resp(args);
  }

  // ---------------------------------------------------------------- pushes

  @Test
  void pushes_addAtEitherEndAndAnswerTheLength() {
    assertThat(h.resp("LPUSH", "l", "a", "b", "c")).isEqualTo(integer(3));
    assertThat(h.resp("RPUSH", "l", "d", "e")).isEqualTo(integer(5));
    assertThat(all("l")).isEqualTo(array("c", "b", "a", "d", "e"));
    assertThat(h.resp("TYPE", "l")).isEqualTo("+list\r\n");
    assertThat(h.resp("LLEN", "l")).isEqualTo(integer(5));
    assertThat(h.resp("LLEN", "nokey")).isEqualTo(ZERO);
    assertThat(h.resp("LPUSH", "l")).isEqualTo(arity("lpush"));
  }

  @Test
  void pushx_onlyPushesOntoAnExistingList() {
    assertThat(h.resp("LPUSHX", "l", "a")).isEqualTo(ZERO);
    assertThat(h.resp("RPUSHX", "l", "a", "b")).isEqualTo(ZERO);
    assertThat(h.resp("EXISTS", "l")).isEqualTo(ZERO);
    rpush("l", "x");
    assertThat(h.resp("LPUSHX", "l", "a", "b")).isEqualTo(integer(3));
    assertThat(h.resp("RPUSHX", "l", "c")).isEqualTo(integer(4));
    assertThat(all("l")).isEqualTo(array("b", "a", "x", "c"));
  }

  @Test
  void encoding_isAlwaysQuicklistIn70() {
    rpush("l", "a");
    assertThat(h.resp("OBJECT", "ENCODING", "l")).isEqualTo(bulk("quicklist"));
    for (int i = 0; i < 200; i++) {
      rpush("l", "element number " + i);
    }
    assertThat(h.resp("OBJECT", "ENCODING", "l")).isEqualTo(bulk("quicklist"));
  }

  @Test
  void wrongType_everywhere() {
    h.resp("SET", "s", "x");
    for (String[] command : List.of(new String[] {"LPUSH", "s", "a"},
        new String[] {"RPUSHX", "s", "a"}, new String[] {"LPOP", "s"},
        new String[] {"RPOP", "s", "0"}, new String[] {"LRANGE", "s", "0", "1"},
        new String[] {"LLEN", "s"}, new String[] {"LINDEX", "s", "x"},
        new String[] {"LSET", "s", "x", "y"}, new String[] {"LREM", "s", "0", "a"},
        new String[] {"LTRIM", "s", "0", "1"}, new String[] {"LINSERT", "s", "before", "a", "b"},
        new String[] {"LPOS", "s", "a"}, new String[] {"RPOPLPUSH", "s", "d"},
        new String[] {"LMOVE", "s", "d", "left", "right"},
        new String[] {"LMPOP", "1", "s", "left"})) {
      assertThat(h.resp(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
    }
    rpush("l", "a");
    assertThat(h.resp("GET", "l")).isEqualTo(WRONGTYPE);
    assertThat(h.resp("SADD", "l", "a")).isEqualTo(WRONGTYPE);
  }

  // ---------------------------------------------------------------- pops

  @Test
  void pop_withoutAndWithCount() {
    rpush("l", "a", "b", "c", "d", "e");
    assertThat(h.resp("LPOP", "l")).isEqualTo(bulk("a"));
    assertThat(h.resp("RPOP", "l")).isEqualTo(bulk("e"));
    assertThat(h.resp("LPOP", "l", "0")).isEqualTo(EMPTY);
    assertThat(h.resp("RPOP", "l", "2")).isEqualTo(array("d", "c"));
    assertThat(h.resp("LPOP", "l", "5")).isEqualTo(array("b"));
    assertThat(h.resp("EXISTS", "l")).isEqualTo(ZERO);
    assertThat(h.resp("LPOP", "l")).isEqualTo(NIL);
    assertThat(h.resp("LPOP", "l", "2")).isEqualTo(NIL_ARRAY);
    assertThat(h.resp("LPOP", "l", "0")).isEqualTo(NIL_ARRAY);
    h.connection.protocol = 3;
    assertThat(h.resp("LPOP", "l")).isEqualTo(NULL3);
    assertThat(h.resp("RPOP", "l", "2")).isEqualTo(NULL3);
  }

  @Test
  void pop_countErrors() {
    rpush("l", "a");
    assertThat(h.resp("LPOP", "l", "-1")).isEqualTo(NOT_POSITIVE);
    assertThat(h.resp("LPOP", "nokey", "x")).isEqualTo(NOT_POSITIVE);
    assertThat(h.resp("LPOP", "l", "1", "2")).isEqualTo(arity("lpop"));
    assertThat(h.resp("RPOP", "l", "1", "2")).isEqualTo(arity("rpop"));
  }

  // ---------------------------------------------------------------- reads

  @Test
  void lrange_clampsAsRedisDoes() {
    rpush("l", "a", "b", "c", "d", "e");
    assertThat(h.resp("LRANGE", "l", "1", "3")).isEqualTo(array("b", "c", "d"));
    assertThat(h.resp("LRANGE", "l", "-2", "-1")).isEqualTo(array("d", "e"));
    assertThat(h.resp("LRANGE", "l", "-100", "100")).isEqualTo(array("a", "b", "c", "d", "e"));
    assertThat(h.resp("LRANGE", "l", "3", "1")).isEqualTo(EMPTY);
    assertThat(h.resp("LRANGE", "l", "5", "10")).isEqualTo(EMPTY);
    assertThat(h.resp("LRANGE", "l", "-9223372036854775808", "9223372036854775807"))
        .isEqualTo(array("a", "b", "c", "d", "e"));
    assertThat(h.resp("LRANGE", "nokey", "0", "-1")).isEqualTo(EMPTY);
    // The indexes are parsed before the key is looked up.
    assertThat(h.resp("LRANGE", "nokey", "x", "1")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void lindex_looksTheKeyUpBeforeParsingTheIndex() {
    rpush("l", "a", "b", "c");
    assertThat(h.resp("LINDEX", "l", "-1")).isEqualTo(bulk("c"));
    assertThat(h.resp("LINDEX", "l", "3")).isEqualTo(NIL);
    assertThat(h.resp("LINDEX", "l", "-4")).isEqualTo(NIL);
    assertThat(h.resp("LINDEX", "nokey", "x")).isEqualTo(NIL);
    assertThat(h.resp("LINDEX", "l", "x")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void lpos_rankCountAndMaxlen() {
    rpush("l", "a", "b", "c", "a", "b", "c", "a");
    assertThat(h.resp("LPOS", "l", "a")).isEqualTo(ZERO);
    assertThat(h.resp("LPOS", "l", "a", "RANK", "2")).isEqualTo(integer(3));
    assertThat(h.resp("LPOS", "l", "a", "RANK", "-2")).isEqualTo(integer(3));
    assertThat(h.resp("LPOS", "l", "a", "RANK", "4")).isEqualTo(NIL);
    assertThat(h.resp("LPOS", "l", "a", "COUNT", "0")).isEqualTo(ints(0, 3, 6));
    assertThat(h.resp("LPOS", "l", "a", "COUNT", "5", "RANK", "-2")).isEqualTo(ints(3, 0));
    assertThat(h.resp("LPOS", "l", "a", "MAXLEN", "3", "COUNT", "0")).isEqualTo(ints(0));
    assertThat(h.resp("LPOS", "l", "zz", "COUNT", "0")).isEqualTo(EMPTY);
    // Redis 7.0 negates LLONG_MIN into itself: every match counts, from the tail.
    assertThat(h.resp("LPOS", "l", "a", "RANK", "-9223372036854775808")).isEqualTo(integer(6));
    assertThat(h.resp("LPOS", "nokey", "a")).isEqualTo(NIL);
    assertThat(h.resp("LPOS", "nokey", "a", "COUNT", "1")).isEqualTo(EMPTY);
  }

  @Test
  void lpos_errors() {
    rpush("l", "a");
    assertThat(h.resp("LPOS", "l", "a", "RANK", "0")).isEqualTo("-ERR RANK can't be zero: use 1 "
        + "to start from the first match, 2 from the second ... or use negative to start from the "
        + "end of the list\r\n");
    assertThat(h.resp("LPOS", "l", "a", "RANK", "x")).isEqualTo(NOT_INTEGER);
    assertThat(h.resp("LPOS", "l", "a", "COUNT", "-1"))
        .isEqualTo("-ERR COUNT can't be negative\r\n");
    assertThat(h.resp("LPOS", "l", "a", "COUNT", "x"))
        .isEqualTo("-ERR COUNT can't be negative\r\n");
    assertThat(h.resp("LPOS", "l", "a", "MAXLEN", "-1"))
        .isEqualTo("-ERR MAXLEN can't be negative\r\n");
    assertThat(h.resp("LPOS", "l", "a", "RANK")).isEqualTo(SYNTAX);
    assertThat(h.resp("LPOS", "nokey", "a", "FOO", "1")).isEqualTo(SYNTAX);
  }

  // ---------------------------------------------------------------- in-place writes

  @Test
  void lset_replacesAnElement() {
    rpush("l", "a", "b", "c");
    assertThat(h.resp("LSET", "l", "-1", "z")).isEqualTo(OK);
    assertThat(all("l")).isEqualTo(array("a", "b", "z"));
    assertThat(h.resp("LSET", "l", "3", "x")).isEqualTo("-ERR index out of range\r\n");
    assertThat(h.resp("LSET", "nokey", "x", "x")).isEqualTo("-ERR no such key\r\n");
    assertThat(h.resp("LSET", "l", "x", "x")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void lrem_fromEitherEndAndDeletesAnEmptiedList() {
    rpush("l", "a", "b", "a", "c", "a", "b", "a");
    assertThat(h.resp("LREM", "l", "2", "a")).isEqualTo(integer(2));
    assertThat(all("l")).isEqualTo(array("b", "c", "a", "b", "a"));
    assertThat(h.resp("LREM", "l", "-1", "a")).isEqualTo(ONE);
    assertThat(all("l")).isEqualTo(array("b", "c", "a", "b"));
    assertThat(h.resp("LREM", "l", "0", "b")).isEqualTo(integer(2));
    assertThat(h.resp("LREM", "l", "0", "c")).isEqualTo(ONE);
    assertThat(h.resp("LREM", "l", "0", "a")).isEqualTo(ONE);
    assertThat(h.resp("EXISTS", "l")).isEqualTo(ZERO);
    assertThat(h.resp("LREM", "nokey", "x", "a")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void ltrim_keepsARangeOrDeletesTheList() {
    rpush("l", "a", "b", "c", "d", "e", "f");
    assertThat(h.resp("LTRIM", "l", "1", "-2")).isEqualTo(OK);
    assertThat(all("l")).isEqualTo(array("b", "c", "d", "e"));
    assertThat(h.resp("LTRIM", "l", "-2", "100")).isEqualTo(OK);
    assertThat(all("l")).isEqualTo(array("d", "e"));
    assertThat(h.resp("LTRIM", "l", "1", "0")).isEqualTo(OK);
    assertThat(h.resp("EXISTS", "l")).isEqualTo(ZERO);
    assertThat(h.resp("LTRIM", "nokey", "0", "1")).isEqualTo(OK);
  }

  @Test
  void linsert_beforeOrAfterTheFirstPivot() {
    rpush("l", "a", "b", "c", "b");
    assertThat(h.resp("LINSERT", "l", "BEFORE", "b", "x")).isEqualTo(integer(5));
    assertThat(h.resp("LINSERT", "l", "after", "b", "y")).isEqualTo(integer(6));
    assertThat(h.resp("LINSERT", "l", "before", "zz", "q")).isEqualTo(integer(-1));
    assertThat(all("l")).isEqualTo(array("a", "x", "b", "y", "c", "b"));
    assertThat(h.resp("LINSERT", "nokey", "before", "a", "b")).isEqualTo(ZERO);
    assertThat(h.resp("LINSERT", "nokey", "middle", "a", "b")).isEqualTo(SYNTAX);
  }

  // ---------------------------------------------------------------- moves

  @Test
  void lmove_andRpoplpush() {
    rpush("l", "a", "b", "c");
    assertThat(h.resp("RPOPLPUSH", "l", "m")).isEqualTo(bulk("c"));
    assertThat(h.resp("LMOVE", "l", "m", "LEFT", "RIGHT")).isEqualTo(bulk("a"));
    assertThat(h.resp("LMOVE", "l", "m", "right", "left")).isEqualTo(bulk("b"));
    assertThat(all("m")).isEqualTo(array("b", "c", "a"));
    assertThat(h.resp("EXISTS", "l")).isEqualTo(ZERO);
    assertThat(h.resp("LMOVE", "m", "m", "LEFT", "RIGHT")).isEqualTo(bulk("b"));
    assertThat(all("m")).isEqualTo(array("c", "a", "b"));
    h.resp("SET", "s", "x");
    assertThat(h.resp("RPOPLPUSH", "nokey", "s")).isEqualTo(NIL);
    assertThat(h.resp("RPOPLPUSH", "m", "s")).isEqualTo(WRONGTYPE);
    assertThat(all("m")).isEqualTo(array("c", "a", "b"));
    assertThat(h.resp("LMOVE", "nokey", "s", "UP", "LEFT")).isEqualTo(SYNTAX);
  }

  @Test
  void lmpop_popsFromTheFirstNonEmptyList() {
    rpush("a", "1", "2", "3");
    rpush("b", "x", "y");
    assertThat(h.resp("LMPOP", "2", "nokey", "a", "RIGHT", "COUNT", "2"))
        .isEqualTo("*2\r\n" + bulk("a") + array("3", "2"));
    assertThat(h.resp("LMPOP", "2", "a", "b", "LEFT", "COUNT", "10"))
        .isEqualTo("*2\r\n" + bulk("a") + array("1"));
    assertThat(h.resp("LMPOP", "2", "a", "b", "LEFT"))
        .isEqualTo("*2\r\n" + bulk("b") + array("x"));
    assertThat(h.resp("LMPOP", "1", "a", "LEFT")).isEqualTo(NIL_ARRAY);
    h.connection.protocol = 3;
    assertThat(h.resp("LMPOP", "1", "a", "LEFT")).isEqualTo(NULL3);
  }

  @Test
  void lmpop_errors() {
    assertThat(h.resp("LMPOP", "0", "a", "LEFT"))
        .isEqualTo("-ERR numkeys should be greater than 0\r\n");
    assertThat(h.resp("LMPOP", "2", "a", "LEFT")).isEqualTo(SYNTAX);
    assertThat(h.resp("LMPOP", "9223372036854775807", "a", "LEFT")).isEqualTo(SYNTAX);
    assertThat(h.resp("LMPOP", "1", "a", "UP")).isEqualTo(SYNTAX);
    assertThat(h.resp("LMPOP", "1", "a", "LEFT", "COUNT", "0"))
        .isEqualTo("-ERR count should be greater than 0\r\n");
    assertThat(h.resp("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1")).isEqualTo(SYNTAX);
    assertThat(h.resp("LMPOP", "1", "a")).isEqualTo(arity("lmpop"));
  }

  // ---------------------------------------------------------------- events and WATCH

  @Test
  void events_asRedis70SendsThem() {
    EventLog log = new EventLog(h, 1);
    assertThat(log.run("RPUSH", "l", "a", "b", "c")).containsExactly("n new l", "l rpush l");
    assertThat(log.run("LPUSHX", "nokey", "a")).isEmpty();
    assertThat(log.run("LTRIM", "l", "0", "-1")).containsExactly("l ltrim l"); // even unchanged
    assertThat(log.run("LREM", "l", "0", "zz")).isEmpty();
    assertThat(log.run("LINSERT", "l", "before", "zz", "x")).isEmpty();
    assertThat(log.run("LSET", "l", "0", "x")).containsExactly("l lset l");
    assertThat(log.run("LPOP", "l", "0")).isEmpty();
    assertThat(log.run("LMOVE", "l", "m", "LEFT", "RIGHT"))
        .containsExactly("n new m", "l rpush m", "l lpop l");
    assertThat(log.run("RPOPLPUSH", "l", "l")).containsExactly("l lpush l", "l rpop l");
    assertThat(log.run("LMPOP", "2", "l", "m", "RIGHT", "COUNT", "5"))
        .containsExactly("l rpop l", "g del l");
    assertThat(log.run("RPOP", "m")).containsExactly("l rpop m", "g del m");
  }

  /** Whether a list command from another client, run between WATCH l and EXEC, aborts the EXEC. */
  private boolean abortsWatch(String... command) {
    h.resp("FLUSHALL");
    rpush("l", "a", "b", "c");
    h.resp("WATCH", "l");
    h.resp(h.newConnection(), command);
    h.resp("MULTI");
    h.resp("PING");
    return h.resp("EXEC").equals("*-1\r\n");
  }

  @Test
  void watch_seesEveryChangeAndNoNoOp() {
    assertThat(abortsWatch("LPUSH", "l", "x")).isTrue();
    assertThat(abortsWatch("LPOP", "l")).isTrue();
    assertThat(abortsWatch("LPOP", "l", "0")).isFalse();
    assertThat(abortsWatch("LREM", "l", "0", "zz")).isFalse();
    assertThat(abortsWatch("LREM", "l", "0", "a")).isTrue();
    assertThat(abortsWatch("LTRIM", "l", "0", "-1")).isTrue();
    assertThat(abortsWatch("LINSERT", "l", "before", "zz", "x")).isFalse();
    assertThat(abortsWatch("LSET", "l", "0", "x")).isTrue();
    assertThat(abortsWatch("LMOVE", "l", "l", "LEFT", "RIGHT")).isTrue();
    assertThat(abortsWatch("LRANGE", "l", "0", "-1")).isFalse();
    assertThat(abortsWatch("LPOS", "l", "a")).isFalse();
  }

  @Test
  void copyRenameAndDumpWorkOnLists() {
    rpush("l", "a", "b");
    assertThat(h.resp("COPY", "l", "l2")).isEqualTo(ONE);
    rpush("l2", "c");
    assertThat(all("l")).isEqualTo(array("a", "b"));
    assertThat(all("l2")).isEqualTo(array("a", "b", "c"));
    assertThat(h.resp("RENAME", "l2", "l3")).isEqualTo(OK);
    assertThat(h.resp("SCAN", "0", "TYPE", "list")).contains("l3").contains("$1\r\nl\r\n");
  }
}
