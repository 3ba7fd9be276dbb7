package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.protocol.Fault;
import dev.cortado.protocol.Reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DEBUG, SHUTDOWN and the ACL file where the wire cannot reach (hooks, files, C parsing helpers).
 * Expected texts were taken from redis-server 7.0.15.
 */
class AdminCommandsTest {
  private final Harness h = new Harness();

  private void enableDebug() {
    h.server.config.set("enable-debug-command", "yes");
  }

  @Test
  void debug_isRefusedByDefault_afterTheArityCheck() {
    assertThat(h.resp("DEBUG", "SLEEP", "0")).isEqualTo("-" + Errors.DEBUG_NOT_ALLOWED + "\r\n");
    assertThat(h.resp("DEBUG")).isEqualTo("-ERR wrong number of arguments for 'debug' command\r\n");
    h.server.config.set("enable-debug-command", "local"); // the harness's client has no address
    assertThat(h.resp("DEBUG", "SLEEP", "0")).startsWith("-ERR DEBUG command not allowed.");
    enableDebug();
    assertThat(h.resp("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
  }

  @Test
  void debugProtocol_inResp2() {
    enableDebug();
    assertThat(h.resp("DEBUG", "PROTOCOL", "double")).isEqualTo("$5\r\n3.141\r\n");
    assertThat(h.resp("DEBUG", "PROTOCOL", "map"))
        .isEqualTo("*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n");
    assertThat(h.resp("DEBUG", "PROTOCOL", "attrib"))
        .isEqualTo("$39\r\nSome real reply following the attribute\r\n");
    assertThat(h.resp("DEBUG", "PROTOCOL", "push"))
        .isEqualTo("-ERR RESP2 is not supported by this command\r\n");
  }

  @Test
  void debugProtocol_inResp3_attributeAndPushComeFirst() {
    enableDebug();
    h.resp("HELLO", "3");
    assertThat(h.resp("DEBUG", "PROTOCOL", "attrib")).isEqualTo(
        "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
            + "$39\r\nSome real reply following the attribute\r\n");
    assertThat(h.resp("DEBUG", "PROTOCOL", "push")).isEqualTo(
        ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n");
    assertThat(h.resp("DEBUG", "PROTOCOL", "bignum"))
        .isEqualTo("(1234567999999999999999999999999999999\r\n");
  }

  @Test
  void debugSleep_blocksForTheGivenSeconds() {
    enableDebug();
    long start = System.nanoTime();
    assertThat(h.resp("DEBUG", "SLEEP", "0.2")).isEqualTo("+OK\r\n");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(190_000_000L);
  }

  @Test
  void debugSetActiveExpire_stopsTheBackgroundCycle() {
    enableDebug();
    h.resp("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    assertThat(h.server.activeExpire).isFalse();
    h.resp("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    assertThat(h.server.activeExpire).isTrue();
  }

  @Test
  void debugObject_hasRedisFields() {
    enableDebug();
    h.resp("SET", "n", "12345");
    assertThat(h.resp("DEBUG", "OBJECT", "n")).matches(
        "\\+Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:3 lru:\\d+ "
            + "lru_seconds_idle:0\r\n");
  }

  @Test
  void atoi_readsAsC() {
    assertThat(AdminCommands.atoi("12abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(12);
    assertThat(AdminCommands.atoi("  -3".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-3);
    assertThat(AdminCommands.atoi("x".getBytes(StandardCharsets.US_ASCII))).isZero();
    assertThat(AdminCommands.atoi("99999999999999999999".getBytes(StandardCharsets.US_ASCII)))
        .isNotNull(); // no overflow exception, whatever it wraps to
  }

  @Test
  void memoryValue_unitsAsRedis() {
    assertThat(AdminCommands.memoryValue("1mb")).isEqualTo(1 << 20);
    assertThat(AdminCommands.memoryValue("1k")).isEqualTo(1000);
    assertThat(AdminCommands.memoryValue("5GB")).isEqualTo(5L << 30);
    assertThat(AdminCommands.memoryValue("abc")).isEqualTo(-1);
    assertThat(AdminCommands.memoryValue("-1")).isEqualTo(-1);
    assertThat(AdminCommands.memoryValue("99999999999gb")).isEqualTo(-1);
  }

  @Test
  void shutdown_stopsThroughTheHook_andSavesOnlyWhenAsked() {
    AtomicInteger stops = new AtomicInteger();
    AtomicInteger saves = new AtomicInteger();
    h.server.onShutdown = stops::incrementAndGet;
    h.server.shutdownSave = () -> {
      saves.incrementAndGet();
      return null;
    };
    assertThat(h.resp("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
    assertThat(h.resp("SHUTDOWN", "NOSAVE", "SAVE")).isEqualTo("-ERR syntax error\r\n");
    assertThat(stops).hasValue(0);
    Reply r = h.exec(h.connection, "SHUTDOWN", "NOSAVE");
    assertThat(r).isInstanceOf(Fault.class);
    assertThat(((Fault) r).kind()).isEqualTo(Fault.Kind.NO_REPLY);
    assertThat(stops).hasValue(1);
    assertThat(saves).hasValue(0);
    h.exec(h.connection, "SHUTDOWN", "SAVE");
    assertThat(saves).hasValue(1);
  }

  @Test
  void shutdown_whoseSaveFails_isRefusedUnlessForced() {
    AtomicInteger stops = new AtomicInteger();
    h.server.onShutdown = stops::incrementAndGet;
    h.server.shutdownSave = () -> "disk full";
    assertThat(h.resp("SHUTDOWN", "SAVE")).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
    assertThat(stops).hasValue(0);
    h.exec(h.connection, "SHUTDOWN", "SAVE", "FORCE");
    assertThat(stops).hasValue(1);
  }

  @Test
  void aclFile_saveThenLoad_roundTrips(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("users.acl");
    h.server.config.set("aclfile", file.toString());
    assertThat(h.resp("ACL", "LOAD")).isEqualTo("-ERR Error loading ACLs, opening file '" + file
        + "': No such file or directory\r\n");
    h.resp("ACL", "SETUSER", "alice", "on", ">pw", "~app:*", "+get");
    assertThat(h.resp("ACL", "SAVE")).isEqualTo("+OK\r\n");
    String saved = Files.readString(file);
    assertThat(saved).isEqualTo("user alice on "
        + "#30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~app:* resetchannels "
        + "-@all +get\nuser default on nopass ~* &* +@all\n");
    h.resp("ACL", "DELUSER", "alice");
    assertThat(h.resp("ACL", "LOAD")).isEqualTo("+OK\r\n");
    assertThat(h.resp("ACL", "USERS")).isEqualTo("*2\r\n$5\r\nalice\r\n$7\r\ndefault\r\n");
  }

  @Test
  void aclFile_withErrors_changesNothing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("users.acl");
    h.server.config.set("aclfile", file.toString());
    Files.writeString(file, "user alice on\nfoo\nuser bob on badrule +nosuch +get\nuser alice off\n");
    assertThat(h.resp("ACL", "LOAD")).isEqualTo("-ERR " + file + ":2 should start with user keyword "
        + "followed by the username. " + file + ":3: Syntax error. " + file + ":3: Error in applying "
        + "operation '+nosuch': Unknown command or category name in ACL. WARNING: Duplicate user "
        + "'alice' found on line 4. WARNING: ACL errors detected, no change to the previously active "
        + "ACL rules was performed\r\n");
    assertThat(h.resp("ACL", "USERS")).isEqualTo("*1\r\n$7\r\ndefault\r\n");
  }
}
