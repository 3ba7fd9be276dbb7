package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keyspace events of the string and generic key commands, as redis-server 7.0.15 sends them
 * (watched with notify-keyspace-events Eg$xn): each as "class event key", with "@db" for a database
 * other than 0, in order. A recording sink takes the databases' events directly, so classes are
 * checked without the config filter.
 */
class KeyspaceEventsStringKeyTest {
  private final Harness h = new Harness();
  private EventLog log;

  @BeforeEach
  void record() {
    log = new EventLog(h, 3);
  }

  private List<String> run(String... args) {
    return log.run(args);
  }

  @Test
  void setSendsSetThenExpireForATimeOnly() {
    assertThat(run("SET", "k", "v")).containsExactly("n new k", "$ set k");
    assertThat(run("SET", "k", "v", "EX", "100")).containsExactly("$ set k", "g expire k");
    assertThat(run("SET", "k", "v", "KEEPTTL")).containsExactly("$ set k");
    assertThat(run("SET", "k", "v", "PXAT", "99999999999000")).containsExactly("$ set k",
        "g expire k");
    assertThat(run("SET", "k", "v", "GET")).containsExactly("$ set k");
    assertThat(run("SET", "k", "v", "NX")).isEmpty();
    assertThat(run("SET", "k2", "v", "XX", "GET", "EX", "100")).isEmpty();
    assertThat(run("SET", "k2", "v", "EX", "0")).isEmpty();
    assertThat(run("SETNX", "k", "v")).isEmpty();
    assertThat(run("SETNX", "n", "v")).containsExactly("n new n", "$ set n");
    assertThat(run("SETEX", "e", "100", "v")).containsExactly("n new e", "$ set e", "g expire e");
    assertThat(run("PSETEX", "e", "100000", "v")).containsExactly("$ set e", "g expire e");
    assertThat(run("GETSET", "e", "w")).containsExactly("$ set e");
  }

  @Test
  void aDeadlineAlreadyPassedStillSendsExpireThenExpired() {
    assertThat(run("SET", "k", "v", "EXAT", "1")).containsExactly("n new k", "$ set k",
        "g expire k");
    assertThat(run("EXISTS", "k")).containsExactly("x expired k");
  }

  @Test
  void getdelAndGetex() {
    run("SET", "k", "v");
    assertThat(run("GETEX", "k")).isEmpty();
    assertThat(run("GETEX", "k", "PERSIST")).isEmpty(); // no TTL to remove
    assertThat(run("GETEX", "k", "EX", "100")).containsExactly("g expire k");
    assertThat(run("GETEX", "k", "PERSIST")).containsExactly("g persist k");
    assertThat(run("GETEX", "k", "EXAT", "1")).containsExactly("g del k");
    assertThat(run("GETEX", "k", "EX", "100")).isEmpty();
    run("SET", "k", "v");
    assertThat(run("GETDEL", "k")).containsExactly("g del k");
    assertThat(run("GETDEL", "k")).isEmpty();
  }

  @Test
  void msetSendsOneSetPerPair() {
    assertThat(run("MSET", "a", "1", "b", "2", "a", "3"))
        .containsExactly("n new a", "$ set a", "n new b", "$ set b", "$ set a");
    assertThat(run("MSETNX", "a", "1", "c", "2")).isEmpty();
    assertThat(run("MSETNX", "c", "1", "d", "2"))
        .containsExactly("n new c", "$ set c", "n new d", "$ set d");
  }

  @Test
  void appendSetrangeAndCounters() {
    assertThat(run("APPEND", "s", "")).containsExactly("n new s", "$ append s");
    assertThat(run("APPEND", "s", "")).containsExactly("$ append s");
    assertThat(run("SETRANGE", "s", "3", "")).isEmpty();
    assertThat(run("SETRANGE", "s", "0", "ab")).containsExactly("$ setrange s");
    assertThat(run("INCR", "i")).containsExactly("n new i", "$ incrby i");
    assertThat(run("DECR", "i")).containsExactly("$ incrby i");
    assertThat(run("DECRBY", "i", "3")).containsExactly("$ incrby i");
    assertThat(run("INCRBYFLOAT", "i", "0.5")).containsExactly("$ incrbyfloat i");
    assertThat(run("INCR", "s")).isEmpty(); // not an integer
    run("SET", "max", "9223372036854775807");
    assertThat(run("INCR", "max")).isEmpty();
    run("SADD", "set", "m");
    assertThat(run("APPEND", "set", "x")).isEmpty();
    assertThat(run("INCRBYFLOAT", "set", "1")).isEmpty();
  }

  @Test
  void delRenameCopyMove() {
    run("MSET", "a", "1", "b", "2");
    assertThat(run("DEL", "a", "nokey", "a")).containsExactly("g del a");
    assertThat(run("UNLINK", "b")).containsExactly("g del b");
    run("MSET", "a", "1", "b", "2");
    // A replaced target is deleted and added again: a new key for Redis.
    assertThat(run("RENAME", "a", "b"))
        .containsExactly("n new b", "g rename_from a", "g rename_to b");
    assertThat(run("RENAME", "b", "b")).isEmpty();
    run("SET", "c", "3");
    assertThat(run("RENAMENX", "b", "c")).isEmpty();
    assertThat(run("COPY", "b", "c")).isEmpty();
    assertThat(run("COPY", "b", "c", "REPLACE")).containsExactly("n new c", "g copy_to c");
    assertThat(run("COPY", "b", "c", "DB", "1")).containsExactly("n new c@1", "g copy_to c@1");
    assertThat(run("MOVE", "c", "1")).isEmpty(); // taken in the target
    assertThat(run("MOVE", "b", "2"))
        .containsExactly("n new b@2", "g move_from b", "g move_to b@2");
    assertThat(run("SWAPDB", "0", "1")).isEmpty();
    assertThat(run("TOUCH", "c", "nokey")).isEmpty();
  }

  @Test
  void expireFamilyAndPersist() {
    run("SET", "k", "v");
    assertThat(run("PERSIST", "k")).isEmpty();
    assertThat(run("EXPIRE", "k", "100")).containsExactly("g expire k");
    assertThat(run("EXPIRE", "k", "100", "NX")).isEmpty();
    assertThat(run("PEXPIREAT", "k", "99999999999000", "GT")).containsExactly("g expire k");
    assertThat(run("PERSIST", "k")).containsExactly("g persist k");
    assertThat(run("EXPIRE", "k", "0")).containsExactly("g del k");
    assertThat(run("EXPIRE", "k", "100")).isEmpty();
    run("SET", "k", "v", "PX", "10");
    h.clock.advance(11);
    assertThat(run("EXPIRE", "k", "100")).containsExactly("x expired k");
  }
}
