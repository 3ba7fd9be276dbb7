package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.keyspace.ZSetValue;
import dev.cortado.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected replies are what redis-server 7.0.15 answers to the same commands, byte for byte, in
 * RESP2 and RESP3. The differential suite (zsets.txt, events-zsets.txt) checks far more against a
 * running redis-server; these pin down the reply shapes, the events' order, what only Cortado does
 * (refusing a reply without bound) and the pop the blocking commands share.
 */
class ZSetCommandsTest {
  private final Harness h = new Harness();

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  private static String array(String... items) {
    StringBuilder sb = new StringBuilder("*").append(items.length).append("\r\n");
    for (String item : items) {
      sb.append(item);
    }
    return sb.toString();
  }

  private static String dbl(String s) {
    return "," + s + "\r\n";
  }

  @Test
  void withScores_isFlatInResp2_andPairsOfMemberAndDoubleInResp3() {
    h.resp("ZADD", "z", "1", "a", "0.1", "b");
    String resp2 = array(bulk("b"), bulk("0.10000000000000001"), bulk("a"), bulk("1"));
    assertThat(h.resp("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo(resp2);
    assertThat(h.resp("ZUNION", "1", "z", "WITHSCORES")).isEqualTo(resp2);
    h.connection.protocol = Reply.RESP3;
    String resp3 = array(array(bulk("b"), dbl("0.10000000000000001")), array(bulk("a"), dbl("1")));
    assertThat(h.resp("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo(resp3);
    assertThat(h.resp("ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES")).isEqualTo(resp3);
    assertThat(h.resp("ZUNION", "1", "z", "WITHSCORES")).isEqualTo(resp3);
    assertThat(h.resp("ZRANDMEMBER", "z", "5", "WITHSCORES"))
        .isEqualTo(array(array(bulk("a"), dbl("1")), array(bulk("b"), dbl("0.10000000000000001"))));
    assertThat(h.resp("ZSCORE", "z", "a")).isEqualTo(dbl("1"));
    assertThat(h.resp("ZMSCORE", "z", "a", "x")).isEqualTo(array(dbl("1"), "_\r\n"));
    assertThat(h.resp("ZINCRBY", "z", "1", "a")).isEqualTo(dbl("2"));
    assertThat(h.resp("ZADD", "z", "NX", "INCR", "1", "a")).isEqualTo("_\r\n");
    // ZSCAN's scores are strings in either protocol.
    assertThat(h.resp("ZSCAN", "z", "0")).isEqualTo(array(bulk("0"),
        array(bulk("b"), bulk("0.10000000000000001"), bulk("a"), bulk("2"))));
  }

  @Test
  void pops_flatWithoutACount_nestedWithOneInResp3_andZmpopAlwaysNested() {
    h.resp("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
    assertThat(h.resp("ZPOPMIN", "z")).isEqualTo(array(bulk("a"), bulk("1")));
    assertThat(h.resp("ZPOPMAX", "z", "1")).isEqualTo(array(bulk("d"), bulk("4")));
    assertThat(h.resp("ZMPOP", "1", "z", "MIN")).isEqualTo(
        array(bulk("z"), array(array(bulk("b"), bulk("2")))));
    h.connection.protocol = Reply.RESP3;
    assertThat(h.resp("ZPOPMIN", "z")).isEqualTo(array(bulk("c"), dbl("3")));
    h.resp("ZADD", "z", "5", "e", "6", "f");
    assertThat(h.resp("ZPOPMAX", "z", "1")).isEqualTo(array(array(bulk("f"), dbl("6"))));
    assertThat(h.resp("ZMPOP", "1", "z", "MAX", "COUNT", "9"))
        .isEqualTo(array(bulk("z"), array(array(bulk("e"), dbl("5")))));
    assertThat(h.resp("ZMPOP", "1", "z", "MAX")).isEqualTo("_\r\n");
    assertThat(h.resp("ZPOPMIN", "z")).isEqualTo(array());
  }

  /** The shapes BZPOPMIN/BZPOPMAX ([key, member, score]) and BZMPOP will take from pop(). */
  @Test
  void pop_withTheKey_forTheBlockingCommands() {
    h.resp("ZADD", "z", "1", "a", "2", "b", "3", "c");
    ZSetValue z = (ZSetValue) h.server.db(0).get(bytes("z"));
    Call call = new Call(new byte[][] {bytes("bzpopmin")}, h.connection, h.server,
        h.dispatcher.table().get("zpopmin"), h.dispatcher);
    Reply one = ZSetCommands.pop(call, bytes("z"), z, true, 1, true, false);
    assertThat(Harness.render(one, Reply.RESP2)).isEqualTo(array(bulk("z"), bulk("a"), bulk("1")));
    Reply many = ZSetCommands.pop(call, bytes("z"), z, false, 5, true, true);
    assertThat(Harness.render(many, Reply.RESP3))
        .isEqualTo(array(bulk("z"), array(array(bulk("c"), dbl("3")), array(bulk("b"), dbl("2")))));
    assertThat(h.resp("EXISTS", "z")).isEqualTo(":0\r\n");
  }

  @Test
  void events_newBeforeTheCommandsOwn_delAfterIt() {
    EventLog log = new EventLog(h, 1);
    assertThat(log.run("ZADD", "z", "1", "a", "2", "b")).containsExactly("n new z", "z zadd z");
    assertThat(log.run("ZADD", "z", "1", "a")).isEmpty();
    assertThat(log.run("ZINCRBY", "z", "1", "a")).containsExactly("z zincr z");
    assertThat(log.run("ZINCRBY", "z", "0", "a")).isEmpty();
    assertThat(log.run("ZPOPMIN", "z")).containsExactly("z zpopmin z");
    assertThat(log.run("ZREM", "z", "b")).containsExactly("z zrem z", "g del z");
    h.resp("ZADD", "src", "1", "a");
    assertThat(log.run("ZUNIONSTORE", "dst", "1", "src"))
        .containsExactly("n new dst", "z zunionstore dst");
    assertThat(log.run("ZUNIONSTORE", "dst", "1", "src")).containsExactly("z zunionstore dst");
    assertThat(log.run("ZRANGESTORE", "dst", "src", "5", "6")).containsExactly("g del dst");
    assertThat(log.run("ZRANGESTORE", "dst", "src", "5", "6")).isEmpty();
    assertThat(log.run("ZREMRANGEBYSCORE", "src", "-inf", "+inf"))
        .containsExactly("z zremrangebyscore src", "g del src");
  }

  @Test
  void zrandmember_refusesAReplyWithoutBound_butAnswersAMissingKey() {
    h.resp("ZADD", "z", "1", "a");
    assertThat(h.resp("ZRANDMEMBER", "z", "-3")).isEqualTo(array(bulk("a"), bulk("a"), bulk("a")));
    assertThat(h.resp("ZRANDMEMBER", "z", "-16777217")).isEqualTo("-" + Errors.REPLY_TOO_LARGE
        + "\r\n");
    assertThat(h.resp("ZRANDMEMBER", "z", "-8388609", "WITHSCORES"))
        .isEqualTo("-" + Errors.REPLY_TOO_LARGE + "\r\n");
    assertThat(h.resp("ZRANDMEMBER", "nokey", "-9223372036854775807")).isEqualTo("*0\r\n");
  }

  @Test
  void zrandmember_followsTheServersSeed() {
    Harness a = new Harness(7);
    Harness b = new Harness(7);
    for (Harness x : List.of(a, b)) {
      x.resp("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f");
    }
    for (String count : new String[] {"2", "-10", "5"}) {
      assertThat(a.resp("ZRANDMEMBER", "z", count, "WITHSCORES"))
          .isEqualTo(b.resp("ZRANDMEMBER", "z", count, "WITHSCORES"));
    }
    assertThat(a.resp("ZRANDMEMBER", "z")).isEqualTo(b.resp("ZRANDMEMBER", "z"));
  }

  @Test
  void storesBuildTheirResultAsRedisDoes() {
    h.resp("CONFIG", "SET", "zset-max-listpack-entries", "2");
    h.resp("ZADD", "src", "1", "a", "2", "b", "3", "c");
    h.resp("ZRANGESTORE", "r", "src", "0", "1");
    assertThat(h.resp("OBJECT", "ENCODING", "r")).isEqualTo("$8\r\nlistpack\r\n");
    h.resp("ZRANGESTORE", "r", "src", "-inf", "+inf", "BYSCORE");
    assertThat(h.resp("OBJECT", "ENCODING", "r")).isEqualTo("$8\r\nskiplist\r\n");
    h.resp("ZUNIONSTORE", "u", "1", "src", "WEIGHTS", "0");
    assertThat(h.resp("OBJECT", "ENCODING", "u")).isEqualTo("$8\r\nskiplist\r\n");
    h.resp("ZINTERSTORE", "i", "2", "src", "r", "WEIGHTS", "1", "-1");
    assertThat(h.resp("ZRANGE", "i", "0", "-1", "WITHSCORES"))
        .isEqualTo(array(bulk("a"), bulk("0"), bulk("b"), bulk("0"), bulk("c"), bulk("0")));
    h.resp("ZREMRANGEBYRANK", "i", "0", "0");
    h.resp("ZDIFFSTORE", "d", "1", "i");
    assertThat(h.resp("OBJECT", "ENCODING", "d")).isEqualTo("$8\r\nlistpack\r\n");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
