package dev.cortado.mock;

import static dev.cortado.mock.Mock.LOADING;
import static dev.cortado.mock.Mock.READONLY;
import static dev.cortado.mock.Mock.any;
import static dev.cortado.mock.Mock.anyCommand;
import static dev.cortado.mock.Mock.answer;
import static dev.cortado.mock.Mock.arg;
import static dev.cortado.mock.Mock.array;
import static dev.cortado.mock.Mock.atLeast;
import static dev.cortado.mock.Mock.atMost;
import static dev.cortado.mock.Mock.bool;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.doubleValue;
import static dev.cortado.mock.Mock.error;
import static dev.cortado.mock.Mock.glob;
import static dev.cortado.mock.Mock.integer;
import static dev.cortado.mock.Mock.map;
import static dev.cortado.mock.Mock.moved;
import static dev.cortado.mock.Mock.never;
import static dev.cortado.mock.Mock.nil;
import static dev.cortado.mock.Mock.ok;
import static dev.cortado.mock.Mock.passThrough;
import static dev.cortado.mock.Mock.regex;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static dev.cortado.mock.Mock.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stubbing, matching, counts, strict and in-order modes, the journal and verification. */
class RedisMockTest {
  static final ManualClock clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
  static CortadoServer server;
  RedisMock mock;

  @BeforeAll
  static void start() {
    server = CortadoServer.builder().clock(clock).build().start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.reset();
    mock = server.mock();
  }

  @Test
  void stub_answersInsteadOfTheKeyspace_andTheRestIsReal() {
    server.data().set("k", "real");
    mock.when(command("GET", "k")).thenReturn(value("stubbed"));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("GET k")).isEqualTo("$7\r\nstubbed\r\n");
      assertThat(w.call("GET other")).isEqualTo("$-1\r\n");
      assertThat(w.call("SET other v")).isEqualTo("+OK\r\n");
      assertThat(w.call("GET other")).isEqualTo("$1\r\nv\r\n");
      assertThat(w.call("get K")).as("arguments are case-sensitive").isEqualTo("$-1\r\n");
      assertThat(w.call("get k")).as("names are not").isEqualTo("$7\r\nstubbed\r\n");
    }
    assertThat(server.data().get("k")).isEqualTo("real");
  }

  @Test
  void values_areWrittenInTheConnectionsProtocol() {
    mock.when(command("HGETALL", "h")).thenReturn(map(value("f"), integer(1)));
    mock.when(command("X.BOOL")).thenReturn(bool(true));
    mock.when(command("X.DOUBLE")).thenReturn(doubleValue(2.5));
    mock.when(command("X.NIL")).thenReturn(nil());
    mock.when(command("X.ARRAY")).thenReturn(array(value("a"), nil(), integer(-3)));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("HGETALL h")).isEqualTo("*2\r\n$1\r\nf\r\n:1\r\n");
      assertThat(w.call("X.BOOL")).isEqualTo(":1\r\n");
      assertThat(w.call("X.DOUBLE")).isEqualTo("$3\r\n2.5\r\n");
      assertThat(w.call("X.NIL")).isEqualTo("$-1\r\n");
      assertThat(w.call("X.ARRAY")).isEqualTo("*3\r\n$1\r\na\r\n$-1\r\n:-3\r\n");
      w.call("HELLO 3");
      assertThat(w.call("HGETALL h")).isEqualTo("%1\r\n$1\r\nf\r\n:1\r\n");
      assertThat(w.call("X.BOOL")).isEqualTo("#t\r\n");
      assertThat(w.call("X.DOUBLE")).isEqualTo(",2.5\r\n");
      assertThat(w.call("X.NIL")).isEqualTo("_\r\n");
    }
  }

  @Test
  void errors_areRedisOwnTexts() {
    mock.when(command("GET", "a")).thenReturn(LOADING);
    mock.when(command("SET")).thenReturn(READONLY);
    mock.when(command("GET", "b")).thenReturn(moved(3999, "127.0.0.1:6381"));
    mock.when(command("GET", "c")).thenReturn(error("ERR custom failure"));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("GET a")).isEqualTo("-LOADING Redis is loading the dataset in memory\r\n");
      assertThat(w.call("SET a 1"))
          .isEqualTo("-READONLY You can't write against a read only replica.\r\n");
      assertThat(w.call("GET b")).isEqualTo("-MOVED 3999 127.0.0.1:6381\r\n");
      assertThat(w.call("GET c")).isEqualTo("-ERR custom failure\r\n");
    }
    assertThatThrownBy(() -> error("ERR two\r\nlines")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchers_argumentsKeysDatabasesClientsAndPredicates() {
    mock.when(command("SET").withArgs("lock", any(), "NX", "PX", regex("\\d+"))).thenReturn(nil());
    mock.when(command("HSET").withArgsStartingWith("h1")).thenReturn(integer(42));
    mock.when(command("MSET").withKey(glob("user:*"))).thenReturn(error("ERR mset of users"));
    mock.when(command("GET").inDatabase(3)).thenReturn(value("db3"));
    mock.when(anyCommand().fromClient("worker")).thenReturn(value("worker"));
    mock.when(command("INCRBY").withArgs(any(), arg("a multiple of 10", s -> s.endsWith("0"))))
        .thenReturn(integer(-1));
    mock.when(command("OBJECT ENCODING")).thenReturn(value("stubbed-encoding"));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("SET lock me NX PX 3000")).isEqualTo("$-1\r\n");
      assertThat(w.call("SET lock me NX PX soon"))
          .isEqualTo("-ERR value is not an integer or out of range\r\n");
      assertThat(w.call("SET lock me NX PX 3000 GET")).as("one argument too many").startsWith("$");
      assertThat(w.call("HSET h1 f v g w")).isEqualTo(":42\r\n");
      assertThat(w.call("HSET h2 f v")).isEqualTo(":1\r\n");
      assertThat(w.call("MSET a 1 user:9 2")).isEqualTo("-ERR mset of users\r\n");
      assertThat(w.call("MSET a 1 1 user:9")).as("user:9 is a value here").isEqualTo("+OK\r\n");
      assertThat(w.call("GET a")).isEqualTo("$1\r\n1\r\n");
      w.call("SELECT 3");
      assertThat(w.call("GET a")).isEqualTo("$3\r\ndb3\r\n");
      w.call("SELECT 0");
      assertThat(w.call("INCRBY n 20")).isEqualTo(":-1\r\n");
      assertThat(w.call("INCRBY n 21")).isEqualTo(":21\r\n");
      assertThat(w.call("object encoding n")).isEqualTo("$16\r\nstubbed-encoding\r\n");
      assertThat(w.call("OBJECT FREQ n")).startsWith("-ERR");
      w.call("CLIENT SETNAME worker");
      assertThat(w.call("GET a")).isEqualTo("$6\r\nworker\r\n");
    }
  }

  @Test
  void counts_aSequenceThenTheKeyspace() {
    server.data().set("k", "real");
    mock.when(command("GET", "k")).thenReturn(LOADING, LOADING, passThrough()).times(3);
    mock.when(command("GET", "once")).thenReturn(value("1")).once();
    try (Wire w = new Wire(server)) {
      assertThat(w.call("GET k")).startsWith("-LOADING");
      assertThat(w.call("GET k")).startsWith("-LOADING");
      assertThat(w.call("GET k")).isEqualTo("$4\r\nreal\r\n");
      server.data().set("k", "changed");
      assertThat(w.call("GET k")).as("used up: the keyspace answers").isEqualTo("$7\r\nchanged\r\n");
      assertThat(w.call("GET once")).isEqualTo("$1\r\n1\r\n");
      assertThat(w.call("GET once")).isEqualTo("$-1\r\n");
    }
    assertThat(mock.stubs()).extracting(Stub::uses).containsExactly(3, 1);
  }

  @Test
  void theLastResponseRepeats_andTheFirstMatchingStubWins() {
    mock.when(command("INCR", "c")).thenReturn(integer(1), integer(2));
    mock.when(command("INCR")).thenReturn(integer(100));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("INCR c")).isEqualTo(":1\r\n");
      assertThat(w.call("INCR c")).isEqualTo(":2\r\n");
      assertThat(w.call("INCR c")).isEqualTo(":2\r\n");
      assertThat(w.call("INCR d")).isEqualTo(":100\r\n");
    }
  }

  @Test
  void answer_computesFromTheCommand() {
    mock.when(command("GET")).thenReturn(answer(c -> value(c.args().get(0).toUpperCase())));
    mock.when(command("ECHO2")).thenReturn(answer(c -> c.argCount() > 1 ? ok() : passThrough()));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("GET abc")).isEqualTo("$3\r\nABC\r\n");
      assertThat(w.call("ECHO2 a b")).isEqualTo("+OK\r\n");
      assertThat(w.call("ECHO2 a")).startsWith("-ERR unknown command 'ECHO2'");
    }
  }

  @Test
  void pipeline_aStubReplacesOnlyItsOwnReply() {
    mock.when(command("GET", "b")).thenReturn(error("ERR boom"));
    try (Wire w = new Wire(server)) {
      w.send("SET a 1", "GET b", "GET a", "INCR a");
      assertThat(List.of(w.reply(), w.reply(), w.reply(), w.reply()))
          .containsExactly("+OK\r\n", "-ERR boom\r\n", "$1\r\n1\r\n", ":2\r\n");
    }
  }

  @Test
  void multiExec_stubbedCommandsAnswerInExecsArray() {
    mock.when(command("GET", "k")).thenReturn(value("stubbed"));
    mock.when(command("FT.SEARCH")).thenReturn(integer(0)); // not a command Cortado knows
    try (Wire w = new Wire(server)) {
      w.send("MULTI", "SET k real", "GET k", "FT.SEARCH idx q", "INCR n", "EXEC");
      assertThat(List.of(w.reply(), w.reply(), w.reply(), w.reply(), w.reply()))
          .containsOnly("+OK\r\n", "+QUEUED\r\n");
      assertThat(w.reply()).isEqualTo("*4\r\n+OK\r\n$7\r\nstubbed\r\n:0\r\n:1\r\n");
    }
    assertThat(server.data().get("k")).isEqualTo("real");
  }

  @Test
  void multiExec_aStubUsedUpBeforeExecLetsTheCommandRunForReal() {
    mock.when(command("X.CUSTOM")).thenReturn(ok()).once();
    try (Wire w = new Wire(server)) {
      w.send("MULTI", "X.CUSTOM", "X.CUSTOM", "EXEC");
      w.reply();
      assertThat(w.reply()).isEqualTo("+QUEUED\r\n");
      assertThat(w.reply()).isEqualTo("+QUEUED\r\n");
      assertThat(w.reply()).as("the second has no stub left when EXEC runs it")
          .isEqualTo("*2\r\n+OK\r\n-ERR unknown command 'X.CUSTOM', with args beginning with: \r\n");
    }
  }

  @Test
  void strict_refusesUnmatchedCommandsButLetsClientsConnect() {
    mock.strict(true);
    mock.when(command("GET", "k")).thenReturn(value("v"));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("HELLO 3")).startsWith("%7");
      assertThat(w.call("CLIENT SETNAME app")).isEqualTo("+OK\r\n");
      assertThat(w.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(w.call("GET k")).isEqualTo("$1\r\nv\r\n");
      assertThat(w.call("SET k v2"))
          .isEqualTo("-ERR Cortado strict mock: no stub matches SET \"k\" \"v2\"\r\n");
    }
    assertThat(server.data().exists("k")).isFalse();
    assertThatThrownBy(mock::verifyNoUnexpectedCommands)
        .hasMessageContaining("1 command arrived unmatched")
        .hasMessageContaining("SET \"k\" \"v2\" -> error");
  }

  @Test
  void strict_insideMultiAnUnmatchedCommandAbortsTheTransaction() {
    mock.strict(true);
    try (Wire w = new Wire(server)) {
      w.send("MULTI", "SET k v", "EXEC");
      assertThat(w.reply()).isEqualTo("+OK\r\n");
      assertThat(w.reply()).startsWith("-ERR Cortado strict mock");
      assertThat(w.reply()).startsWith("-EXECABORT");
    }
  }

  @Test
  void expectations_areMetWhenEachIsUsed() {
    mock.expect(command("GET", "a")).thenReturn(value("1"));
    mock.expect(command("GET", "b")).thenReturn(value("2"), value("3"));
    try (Wire w = new Wire(server)) {
      w.call("GET a");
      w.call("GET b");
      assertThatThrownBy(mock::verifyExpectationsMet).hasMessageStartingWith("Expectations not met:\n"
          + "  GET \"b\" -> value(\"2\"), value(\"3\") (used 1 of 2)\nCommands received (connection set-up aside):");
      assertThat(w.call("GET b")).isEqualTo("$1\r\n3\r\n");
      assertThat(w.call("GET b")).as("expectations answer once each").isEqualTo("$-1\r\n");
    }
    mock.verifyExpectationsMet();
  }

  @Test
  void inOrder_onlyTheNextExpectationMatches() {
    mock.inOrder(true);
    mock.expect(command("GET", "first")).thenReturn(value("1"));
    mock.expect(command("GET", "second")).thenReturn(value("2"));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("GET second")).as("out of order: unmatched").isEqualTo("$-1\r\n");
      assertThat(w.call("GET first")).isEqualTo("$1\r\n1\r\n");
      assertThat(w.call("GET second")).isEqualTo("$1\r\n2\r\n");
    }
    mock.verifyExpectationsMet();
  }

  @Test
  void journal_recordsEveryCommandWithItsContext() {
    try (Wire w = new Wire(server)) {
      w.call("CLIENT SETNAME app");
      w.call("SELECT 2");
      clock.advance(java.time.Duration.ofSeconds(5));
      w.call("SET k v");
      mock.when(command("GET")).thenReturn(LOADING);
      w.call("GET k");
      w.call("NOPE");
    }
    List<RecordedCommand> journal = mock.journal();
    assertThat(journal).extracting(RecordedCommand::name)
        .containsExactly("CLIENT", "SELECT", "SET", "GET", "NOPE");
    RecordedCommand set = journal.get(2);
    assertThat(set.sequence()).isEqualTo(3);
    assertThat(set.args()).containsExactly("k", "v");
    assertThat(set.keys()).containsExactly("k");
    assertThat(set.database()).isEqualTo(2);
    assertThat(set.clientName()).isEqualTo("app");
    assertThat(set.time()).isEqualTo(Instant.parse("2026-01-02T03:04:10Z"));
    assertThat(set.replyKind()).isEqualTo(ReplyKind.SIMPLE_STRING);
    assertThat(set.stubbed()).isFalse();
    assertThat(journal.get(3).stubbed()).isTrue();
    assertThat(journal.get(3).errorText()).isEqualTo("LOADING Redis is loading the dataset in memory");
    assertThat(journal.get(4).replyKind()).isEqualTo(ReplyKind.ERROR);
    assertThat(journal.get(0).clientName()).as("named by that very command").isNull();
  }

  @Test
  void journal_keepsTheNewestWithinItsLimit_andCanBeOff() {
    try (CortadoServer small = CortadoServer.builder().journalLimit(2).build().start();
        Wire w = new Wire(small)) {
      w.call("SET a 1");
      w.call("SET b 2");
      w.call("SET c 3");
      assertThat(small.mock().journal()).extracting(c -> c.args().get(0)).containsExactly("b", "c");
      assertThatThrownBy(() -> small.mock().verify(command("SET", "x", "1")))
          .hasMessageContaining("dropped its oldest 1 commands");
    }
    try (CortadoServer off = CortadoServer.builder().journalLimit(0).build().start();
        Wire w = new Wire(off)) {
      off.mock().when(command("GET")).thenReturn(value("still stubbed"));
      assertThat(w.call("GET a")).isEqualTo("$13\r\nstill stubbed\r\n");
      assertThat(off.mock().journal()).isEmpty();
      assertThatThrownBy(() -> off.mock().verify(command("GET")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("journal is off");
    }
  }

  @Test
  void verify_countsAndNearMisses() {
    try (Wire w = new Wire(server)) {
      w.call("SET lock me NX PX 100");
      w.call("DEL lock");
      w.call("GET user:2");
    }
    mock.verify(command("DEL", "lock"));
    mock.verify(times(1), command("SET").withArgsStartingWith("lock"));
    mock.verify(never(), command("DEL", "other"));
    mock.verify(atMost(1), command("DEL"));
    assertThatThrownBy(() -> mock.verify(command("GET", "user:1")))
        .hasMessageStartingWith("Expected GET \"user:1\" at least once, but it arrived 0 times.")
        .hasMessageContaining("Closest commands received (of 3):\n  #3 db0 GET \"user:2\" -> null");
    assertThatThrownBy(() -> mock.verify(atLeast(2), command("DEL")))
        .hasMessageContaining("but it arrived once.\nIt arrived as:\n  #2 db0 DEL \"lock\" -> integer");
  }

  @Test
  void verifyInOrder_saysWhatCameOutOfOrder() {
    try (Wire w = new Wire(server)) {
      w.call("DEL lock");
      w.call("SET lock me NX");
      w.call("GET x");
    }
    mock.verifyInOrder(command("SET"), command("GET"));
    assertThatThrownBy(() -> mock.verifyInOrder(command("SET"), command("DEL")))
        .hasMessageContaining("after #2 db0 SET \"lock\" \"me\" \"NX\" -> simple_string,\nno DEL")
        .hasMessageContaining("It arrived only before that, as:\n  #1 db0 DEL \"lock\"");
  }

  @Test
  void stubsMadeBeforeStart_workOnceStarted_andResetClearsThem() {
    try (CortadoServer later = CortadoServer.builder().build()) {
      later.mock().when(command("PING")).thenReturn(value("stubbed pong"));
      later.start();
      try (Wire w = new Wire(later)) {
        assertThat(w.call("PING")).isEqualTo("$12\r\nstubbed pong\r\n");
        later.reset();
        assertThat(later.mock().stubs()).isEmpty();
        assertThat(later.mock().journal()).isEmpty();
        assertThat(w.call("PING")).isEqualTo("+PONG\r\n");
      }
    }
  }

  @Test
  void verifyWithin_waitsForCommandsStillOnTheirWay() throws Exception {
    Thread late = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      try (Wire w = new Wire(server)) {
        w.call("SET late 1");
      }
    });
    late.start();
    long start = System.nanoTime();
    mock.verifyWithin(java.time.Duration.ofSeconds(10), times(1), command("SET", "late", "1"));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
    late.join();
    assertThatThrownBy(() -> mock.verifyWithin(java.time.Duration.ofMillis(100), times(2),
        command("SET", "late", "1"))).hasMessageContaining("exactly 2 times, but it arrived once");
  }

  @Test
  void values_helpers() {
    mock.when(command("MGET")).thenReturn(values("a", null, "c"));
    try (Wire w = new Wire(server)) {
      assertThat(w.call("MGET x y z")).isEqualTo("*3\r\n$1\r\na\r\n$-1\r\n$1\r\nc\r\n");
    }
  }
}
