package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keyspace events of the hash and set commands, as redis-server 7.0.15 sends them (watched with
 * notify-keyspace-events KEAn): each as "class event key", in order. A recording sink takes the
 * database's events directly, so classes are checked without the config filter.
 */
class HashSetEventsTest {
  private final Harness h = new Harness();
  private EventLog log;

  @BeforeEach
  void record() {
    log = new EventLog(h, 1);
  }

  private List<String> run(String... args) {
    return log.run(args);
  }

  @Test
  void hsetFamilySendsHset() {
    assertThat(run("HSET", "h", "f", "v")).containsExactly("n new h", "h hset h");
    assertThat(run("HSET", "h", "f", "v")).containsExactly("h hset h"); // nothing new, still sent
    assertThat(run("HMSET", "h", "g", "w")).containsExactly("h hset h");
    assertThat(run("HSETNX", "h", "f", "x")).isEmpty();
    assertThat(run("HSETNX", "h", "n", "x")).containsExactly("h hset h");
    assertThat(run("HSETNX", "h2", "f", "x")).containsExactly("n new h2", "h hset h2");
  }

  @Test
  void hdelSendsDelWhenTheHashEmpties() {
    run("HSET", "h", "a", "1", "b", "2");
    assertThat(run("HDEL", "h", "zz")).isEmpty();
    assertThat(run("HDEL", "nokey", "a")).isEmpty();
    assertThat(run("HDEL", "h", "a", "zz")).containsExactly("h hdel h");
    assertThat(run("HDEL", "h", "b")).containsExactly("h hdel h", "g del h");
  }

  @Test
  void hincrbyAndHincrbyfloat() {
    assertThat(run("HINCRBY", "h", "i", "1")).containsExactly("n new h", "h hincrby h");
    assertThat(run("HINCRBYFLOAT", "h", "i", "0.5")).containsExactly("h hincrbyfloat h");
    run("HSET", "h", "s", "text");
    assertThat(run("HINCRBY", "h", "s", "1")).isEmpty();
    assertThat(run("HINCRBYFLOAT", "h", "s", "1")).isEmpty();
    assertThat(run("HINCRBY", "h", "i", "x")).isEmpty();
    assertThat(run("HINCRBYFLOAT", "h", "i", "inf")).isEmpty();
  }

  @Test
  void wrongTypeSendsNothing() {
    run("SET", "str", "x");
    for (String[] command : new String[][] {
        {"HSET", "str", "f", "v"}, {"HSETNX", "str", "f", "v"}, {"HDEL", "str", "f"},
        {"HINCRBY", "str", "f", "1"}, {"HINCRBYFLOAT", "str", "f", "1"}, {"SADD", "str", "a"},
        {"SREM", "str", "a"}, {"SPOP", "str"}, {"SPOP", "str", "2"}, {"SMOVE", "str", "s", "a"},
        {"SUNIONSTORE", "d", "str"}}) {
      assertThat(run(command)).as(String.join(" ", command)).isEmpty();
    }
  }

  @Test
  void saddAndSrem() {
    assertThat(run("SADD", "s", "a", "b")).containsExactly("n new s", "s sadd s");
    assertThat(run("SADD", "s", "a")).isEmpty();
    assertThat(run("SREM", "s", "zz")).isEmpty();
    assertThat(run("SREM", "s", "a")).containsExactly("s srem s");
    assertThat(run("SREM", "s", "b", "zz")).containsExactly("s srem s", "g del s");
  }

  @Test
  void spop() {
    run("SADD", "s", "1", "2", "3", "4", "5");
    assertThat(run("SPOP", "s")).containsExactly("s spop s");
    assertThat(run("SPOP", "s", "0")).isEmpty();
    assertThat(run("SPOP", "s", "1")).containsExactly("s spop s");
    assertThat(run("SPOP", "s", "10")).containsExactly("s spop s", "g del s");
    assertThat(run("SPOP", "s")).isEmpty();
    run("SADD", "t", "x");
    assertThat(run("SPOP", "t")).containsExactly("s spop t", "g del t");
  }

  @Test
  void smoveOrder() {
    run("SADD", "a", "1", "2");
    assertThat(run("SMOVE", "a", "b", "1")).containsExactly("s srem a", "n new b", "s sadd b");
    assertThat(run("SMOVE", "a", "b", "9")).isEmpty();
    assertThat(run("SMOVE", "a", "a", "2")).isEmpty();
    run("SADD", "b", "2");
    assertThat(run("SMOVE", "a", "b", "2")).containsExactly("s srem a", "g del a");
    run("SADD", "c", "x");
    assertThat(run("SMOVE", "b", "c", "1")).containsExactly("s srem b", "s sadd c");
  }

  @Test
  void storeCommands() {
    run("SADD", "a", "1", "2", "3");
    run("SADD", "b", "2", "3", "4");
    assertThat(run("SINTERSTORE", "d", "a", "b")).containsExactly("n new d", "s sinterstore d");
    assertThat(run("SUNIONSTORE", "d", "a", "b")).containsExactly("s sunionstore d");
    assertThat(run("SDIFFSTORE", "d", "a", "b")).containsExactly("s sdiffstore d");
    assertThat(run("SDIFFSTORE", "d", "a", "a")).containsExactly("g del d");
    assertThat(run("SDIFFSTORE", "d", "a", "a")).isEmpty();
    run("SADD", "d", "1");
    assertThat(run("SINTERSTORE", "d", "a", "nokey")).containsExactly("g del d");
    assertThat(run("SINTERSTORE", "d", "a", "nokey")).isEmpty();
  }

  @Test
  void readsSendNothing() {
    run("SADD", "s", "1");
    run("HSET", "h", "f", "v");
    assertThat(run("SMEMBERS", "s")).isEmpty();
    assertThat(run("SINTER", "s")).isEmpty();
    assertThat(run("SRANDMEMBER", "s")).isEmpty();
    assertThat(run("HGETALL", "h")).isEmpty();
    assertThat(run("HRANDFIELD", "h")).isEmpty();
  }
}
