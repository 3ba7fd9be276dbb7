package dev.cortado.mock;

import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.integer;
import static dev.cortado.mock.Mock.never;
import static dev.cortado.mock.Mock.script;
import static dev.cortado.mock.Mock.scriptContaining;
import static dev.cortado.mock.Mock.scriptSha;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.script.LuaScripts;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripts in the mock layer: stubbed by source, SHA-1 or fragment; their commands in the journal. */
class ScriptMockTest {
  static final String UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('del', KEYS[1]) else return 0 end";
  static CortadoServer server;
  RedisMock mock;

  @BeforeAll
  static void start() {
    server = CortadoServer.builder().build().start();
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
  void journal_recordsTheCommandsAScriptRan_markedWithItsSha() {
    try (Wire w = new Wire(server)) {
      w.call("CLIENT SETNAME locker");
      w.call("SET lock me");
      assertThat(w.callArgs("EVAL", UNLOCK, "1", "lock", "me")).isEqualTo(":1\r\n");
      assertThat(w.callArgs("EVAL", UNLOCK, "1", "lock", "me")).isEqualTo(":0\r\n");
    }
    String sha = LuaScripts.sha1hex(UNLOCK.getBytes(StandardCharsets.UTF_8));
    mock.verify(times(1), command("DEL", "lock"));
    mock.verify(times(2), command("GET", "lock"));
    mock.verify(times(2), script(UNLOCK));
    List<RecordedCommand> journal = mock.journal();
    List<String> lines = journal.stream()
        .map(c -> c.name() + " " + String.join(" ", c.args()) + " <- " + c.script()).toList();
    assertThat(lines.subList(lines.size() - 5, lines.size())).containsExactly(
        "GET lock <- " + sha, "DEL lock <- " + sha, "EVAL " + UNLOCK + " 1 lock me <- null",
        "GET lock <- " + sha, "EVAL " + UNLOCK + " 1 lock me <- null");
    RecordedCommand del = journal.get(journal.size() - 4);
    RecordedCommand eval = journal.get(journal.size() - 3);
    assertThat(del.clientName()).as("the client that ran the script").isEqualTo("locker");
    assertThat(del.clientId()).isEqualTo(eval.clientId());
    assertThat(del.replyKind()).isEqualTo(ReplyKind.INTEGER);
    assertThat(del.toString()).endsWith("(from script " + sha + ")");
  }

  @Test
  void script_matchesEvalBySource_andEvalshaBySha_beforeTheScriptIsCached() {
    String sha = LuaScripts.sha1hex(UNLOCK.getBytes(StandardCharsets.UTF_8));
    mock.when(script(UNLOCK)).thenReturn(integer(7));
    try (Wire w = new Wire(server)) {
      assertThat(w.callArgs("EVALSHA", sha, "1", "lock", "me")).isEqualTo(":7\r\n");
      assertThat(w.callArgs("EVALSHA", sha.toUpperCase(), "1", "lock", "me")).isEqualTo(":7\r\n");
      assertThat(w.callArgs("EVAL", UNLOCK, "1", "lock", "me")).isEqualTo(":7\r\n");
      assertThat(w.callArgs("EVAL", UNLOCK + " ", "1", "lock", "me"))
          .as("another source runs for real").isEqualTo(":0\r\n");
    }
    mock.verify(times(1), command("GET", "lock")); // only the script that ran for real
    mock.verify(never(), command("DEL"));
  }

  @Test
  void scriptSha_andScriptContaining_seeTheSourceCachedUnderAnEvalshasSha() {
    String cached = "return redis.call('incr', KEYS[1])";
    String sha;
    try (Wire w = new Wire(server)) {
      String loaded = w.callArgs("SCRIPT", "LOAD", cached);
      sha = loaded.substring(loaded.indexOf("\r\n") + 2, loaded.length() - 2);
      assertThat(sha).isEqualTo(LuaScripts.sha1hex(cached.getBytes(StandardCharsets.UTF_8)));
      mock.when(scriptContaining("'incr'").withKey("stubbed")).thenReturn(value("fragment"));
      assertThat(w.callArgs("EVALSHA", sha, "1", "stubbed")).isEqualTo("$8\r\nfragment\r\n");
      assertThat(w.callArgs("EVALSHA", sha, "1", "real")).as("keys of EVALSHA are its KEYS")
          .isEqualTo(":1\r\n");
      mock.when(scriptSha(sha.toUpperCase())).thenReturn(value("by sha"));
      assertThat(w.callArgs("EVAL", cached, "1", "real")).isEqualTo("$6\r\nby sha\r\n");
      assertThat(w.callArgs("EVAL", "return 1", "0")).isEqualTo(":1\r\n");
    }
    // The EVALSHA that ran, and the EVAL its SHA-1 stub answered.
    mock.verify(times(2), scriptContaining("redis.call('incr'").withKey("real"));
    assertThat(server.data().get("real")).isEqualTo("1");
    assertThatThrownBy(() -> mock.verify(times(1), scriptContaining("decr")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("script containing \"decr\"");
  }

  @Test
  void data_listsTheCachedScripts_andAssertionsReadThem() {
    assertThat(server.data().scripts()).isEmpty();
    dev.cortado.assertj.CortadoAssertions.assertThat(server.data()).hasNoScripts();
    try (Wire w = new Wire(server)) {
      w.callArgs("EVAL", "return 2", "0");
      w.callArgs("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 1");
    }
    assertThat(server.data(3).scripts()).as("server-wide").containsExactlyInAnyOrderEntriesOf(
        java.util.Map.of(LuaScripts.sha1hex("return 2".getBytes()), "return 2",
            LuaScripts.sha1hex("#!lua flags=no-writes\nreturn 1".getBytes()),
            "#!lua flags=no-writes\nreturn 1"));
    dev.cortado.assertj.CortadoAssertions.assertThat(server.data()).hasScript("return 2");
    assertThatThrownBy(() -> dev.cortado.assertj.CortadoAssertions.assertThat(server.data())
        .hasScript("return 3")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("to hold \"return 3\", but it holds 2:");
    assertThatThrownBy(() -> dev.cortado.assertj.CortadoAssertions.assertThat(server.data())
        .hasNoScripts()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be empty, but it holds 2");
  }

  @Test
  void reset_forgetsTheScripts_asAFreshServer() {
    try (Wire w = new Wire(server)) {
      w.callArgs("SCRIPT", "LOAD", "return 1");
      w.call("FLUSHALL");
      assertThat(w.callArgs("SCRIPT", "EXISTS", LuaScripts.sha1hex("return 1".getBytes())))
          .as("FLUSHALL keeps scripts, as in Redis").isEqualTo("*1\r\n:1\r\n");
      server.reset();
      assertThat(w.callArgs("SCRIPT", "EXISTS", LuaScripts.sha1hex("return 1".getBytes())))
          .isEqualTo("*1\r\n:0\r\n");
    }
  }
}
