package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.server.Connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. Expected replies, and which writes break a WATCH, are what
 * redis-server 7.0.15 answers to the same commands.
 */
class TransactionCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String QUEUED = "+QUEUED\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String NULL_ARRAY = "*-1\r\n";
  private static final String EXECABORT =
      "-EXECABORT Transaction discarded because of previous errors.\r\n";

  private final Harness h = new Harness();
  /** A second client of the same server. */
  private final Connection other = h.newConnection();

  private static String bulk(String s) {
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  private static String integer(long n) {
    return ":" + n + "\r\n";
  }

  private static String array(String... items) {
    return "*" + items.length + "\r\n" + String.join("", items);
  }

  /** MULTI, PING, EXEC on the main connection: whether the watch held. */
  private String execPing() {
    assertThat(h.resp("MULTI")).isEqualTo(OK);
    assertThat(h.resp("PING")).isEqualTo(QUEUED);
    return h.resp("EXEC");
  }

  private String clientInfo() {
    return h.resp(other, "CLIENT", "LIST", "ID", Long.toString(h.connection.id));
  }

  // ---------------------------------------------------------------- MULTI / EXEC / DISCARD

  @Test
  void exec_runsQueuedCommandsInOrderAndReturnsTheirReplies() {
    assertThat(h.resp("MULTI")).isEqualTo(OK);
    assertThat(h.resp("SET", "k", "1")).isEqualTo(QUEUED);
    assertThat(h.resp("INCR", "k")).isEqualTo(QUEUED);
    assertThat(h.resp("GET", "k")).isEqualTo(QUEUED);
    assertThat(h.resp(other, "GET", "k")).isEqualTo(NIL); // nothing ran yet
    assertThat(h.resp("EXEC")).isEqualTo(array(OK, integer(2), bulk("2")));
    assertThat(h.resp("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
  }

  @Test
  void exec_ofEmptyTransaction_isEmptyArray() {
    h.resp("MULTI");
    assertThat(h.resp("EXEC")).isEqualTo("*0\r\n");
  }

  @Test
  void withoutMulti_execAndDiscardAreErrors() {
    assertThat(h.resp("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
    assertThat(h.resp("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
  }

  @Test
  void arityErrors_ofTransactionCommands() {
    assertThat(h.resp("MULTI", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'multi' command\r\n");
    assertThat(h.resp("DISCARD", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'discard' command\r\n");
    assertThat(h.resp("WATCH")).isEqualTo("-ERR wrong number of arguments for 'watch' command\r\n");
    assertThat(h.resp("UNWATCH", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'unwatch' command\r\n");
  }

  @Test
  void exec_withArguments_abortsWithTheReason_evenOutsideMulti() {
    String abort = "-EXECABORT Transaction discarded because of: wrong number of arguments for "
        + "'exec' command\r\n";
    assertThat(h.resp("EXEC", "x")).isEqualTo(abort);

    h.resp("MULTI");
    h.resp("SET", "k", "1");
    assertThat(h.resp("EXEC", "x")).isEqualTo(abort);
    assertThat(h.resp("GET", "k")).isEqualTo(NIL);
    assertThat(h.resp("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
  }

  @Test
  void exec_withArguments_alsoDropsWatchedKeys() {
    h.resp("WATCH", "k");
    h.resp("EXEC", "x");
    h.resp(other, "SET", "k", "1");
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
  }

  @Test
  void nestedMulti_isAnErrorThatDoesNotAbort() {
    h.resp("MULTI");
    assertThat(h.resp("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\r\n");
    assertThat(h.resp("SET", "k", "1")).isEqualTo(QUEUED);
    assertThat(h.resp("EXEC")).isEqualTo(array(OK));
  }

  @Test
  void watchInsideMulti_isAnErrorThatDoesNotAbort() {
    h.resp("MULTI");
    assertThat(h.resp("WATCH", "k")).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
    h.resp(other, "SET", "k", "1"); // not watched: the WATCH above did nothing
    assertThat(h.resp("SET", "k", "2")).isEqualTo(QUEUED);
    assertThat(h.resp("EXEC")).isEqualTo(array(OK));
  }

  @Test
  void discard_dropsTheQueue() {
    h.resp("MULTI");
    h.resp("SET", "k", "1");
    assertThat(h.resp("DISCARD")).isEqualTo(OK);
    assertThat(h.resp("GET", "k")).isEqualTo(NIL);
    assertThat(h.resp("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
  }

  // ---------------------------------------------------------------- errors while queueing

  @Test
  void unknownCommandWhileQueueing_abortsExec() {
    h.resp("MULTI");
    h.resp("SET", "k", "1");
    assertThat(h.resp("FOO", "bar"))
        .isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n");
    assertThat(h.resp("SET", "j", "1")).isEqualTo(QUEUED);
    assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
    assertThat(h.resp("EXISTS", "k", "j")).isEqualTo(integer(0));
    assertThat(h.resp("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
  }

  @Test
  void arityErrorWhileQueueing_abortsExec() {
    h.resp("MULTI");
    assertThat(h.resp("GET", "k", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
    assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
  }

  @Test
  void unknownSubcommandOrSubcommandArityWhileQueueing_abortsExec() {
    h.resp("MULTI");
    assertThat(h.resp("CLIENT", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
    h.resp("MULTI");
    assertThat(h.resp("CONFIG", "GET"))
        .isEqualTo("-ERR wrong number of arguments for 'config|get' command\r\n");
    assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
  }

  @Test
  void transactionCommandArityErrorsInsideMulti_abortExec() {
    for (String[] bad : List.of(new String[] {"MULTI", "x"}, new String[] {"DISCARD", "x"},
        new String[] {"WATCH"})) {
      h.resp("MULTI");
      assertThat(h.resp(bad)).startsWith("-ERR wrong number of arguments");
      assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
    }
  }

  @Test
  void noMultiCommand_isRefusedAndAbortsExec() {
    h.resp("MULTI");
    assertThat(h.resp("SAVE")).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
    assertThat(h.resp("PING")).isEqualTo(QUEUED);
    assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
  }

  @Test
  void execAbort_winsOverABrokenWatch() {
    h.resp("WATCH", "k");
    h.resp(other, "SET", "k", "1");
    h.resp("MULTI");
    h.resp("FOO");
    assertThat(h.resp("EXEC")).isEqualTo(EXECABORT);
  }

  @Test
  void withPassword_execUnauthenticatedAbortsWithNoauth() {
    Harness secured = new Harness("pw");
    assertThat(secured.resp("MULTI")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(secured.resp("EXEC")).isEqualTo(
        "-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n");
    assertThat(secured.resp("DISCARD")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(secured.resp("WATCH", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(secured.resp("UNWATCH")).isEqualTo("-NOAUTH Authentication required.\r\n");
  }

  @Test
  void authInsideMulti_isQueuedAndItsErrorIsOneElement() {
    Harness secured = new Harness("pw");
    secured.resp("AUTH", "pw");
    secured.resp("MULTI");
    assertThat(secured.resp("AUTH", "pw")).isEqualTo(QUEUED);
    assertThat(secured.resp("AUTH", "bad")).isEqualTo(QUEUED);
    assertThat(secured.resp("EXEC")).isEqualTo(array(OK,
        "-WRONGPASS invalid username-password pair or user is disabled.\r\n"));
  }

  // ---------------------------------------------------------------- inside EXEC

  @Test
  void runtimeErrorInsideExec_isOneElementAndTheOthersStillRun() {
    h.resp("SET", "s", "x");
    h.resp("MULTI");
    h.resp("INCR", "s");
    h.resp("SET", "k", "2");
    h.resp("SELECT", "99");
    h.resp("GET", "k");
    assertThat(h.resp("EXEC")).isEqualTo(array(
        "-ERR value is not an integer or out of range\r\n", OK,
        "-ERR DB index is out of range\r\n", bulk("2")));
  }

  @Test
  void selectInsideMulti_appliesToTheFollowingCommands() {
    h.resp("SET", "k", "db0");
    h.resp("MULTI");
    h.resp("SELECT", "1");
    h.resp("SET", "k", "db1");
    h.resp("GET", "k");
    assertThat(h.resp("EXEC")).isEqualTo(array(OK, OK, bulk("db1")));
    assertThat(h.resp("GET", "k")).isEqualTo(bulk("db1"));
    h.resp("SELECT", "0");
    assertThat(h.resp("GET", "k")).isEqualTo(bulk("db0"));
  }

  @Test
  void execReply_isInTheConnectionsProtocol() {
    h.resp("HELLO", "3");
    h.resp("MULTI");
    h.resp("GET", "nokey");
    assertThat(h.resp("EXEC")).isEqualTo(array("_\r\n"));
  }

  @Test
  void helloInsideMulti_repliesBeforeItInTheOldProtocolAfterItInTheNew() {
    String hello3 = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
        + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:" + h.connection.id + "\r\n$4\r\nmode\r\n"
        + "$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
    h.resp("MULTI");
    h.resp("GET", "nokey");
    h.resp("HELLO", "3");
    h.resp("GET", "nokey");
    assertThat(h.resp("EXEC")).isEqualTo(array(NIL, hello3, "_\r\n"));

    h.resp("MULTI");
    h.resp("GET", "nokey");
    h.resp("HELLO", "2");
    h.resp("GET", "nokey");
    assertThat(h.resp("EXEC")).startsWith("*3\r\n_\r\n*14\r\n").endsWith("*0\r\n$-1\r\n");
  }

  @Test
  void clientInfoInsideExec_seesTheTransactionAndExecAsLastCommand() {
    h.resp("MULTI");
    h.resp("SET", "a", "1");
    h.resp("CLIENT", "INFO");
    String reply = h.resp("EXEC");
    assertThat(reply).contains(" flags=x ").contains(" multi=2 ").contains(" cmd=exec ");
    assertThat(clientInfo()).contains(" flags=N ").contains(" multi=-1 ").contains(" cmd=exec ");
  }

  @Test
  void totalCommands_countsMultiExecAndWhatRan_notQueueingNorRefused() {
    long before = h.server.stats.totalCommands;
    h.resp("MULTI");
    h.resp("SET", "x", "1");
    h.resp("GET", "x");
    h.resp("EXEC");
    assertThat(h.server.stats.totalCommands - before).isEqualTo(4);

    before = h.server.stats.totalCommands;
    h.resp("MULTI");
    h.resp("SET", "x", "1");
    h.resp("FOO");
    h.resp("EXEC");
    assertThat(h.server.stats.totalCommands - before).isEqualTo(2);

    before = h.server.stats.totalCommands;
    h.resp("MULTI");
    h.resp("SET", "x", "1");
    h.resp("DISCARD");
    assertThat(h.server.stats.totalCommands - before).isEqualTo(2);
  }

  // ---------------------------------------------------------------- QUIT, RESET

  @Test
  void quitInsideMulti_answersOkAndClosesWithoutRunningTheQueue() {
    h.resp("MULTI");
    h.resp("SET", "q", "1");
    assertThat(h.resp("QUIT")).isEqualTo(OK);
    assertThat(h.connection.closeAfterReply).isTrue();
    assertThat(h.resp(other, "GET", "q")).isEqualTo(NIL);
  }

  @Test
  void resetInsideMulti_endsTheTransactionAndTheWatch() {
    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("SET", "k", "7");
    assertThat(h.resp("RESET")).isEqualTo("+RESET\r\n");
    assertThat(h.connection.inMulti()).isFalse();
    assertThat(h.connection.watcher.size()).isZero();
    h.resp(other, "SET", "k", "8");
    assertThat(h.resp("GET", "k")).isEqualTo(bulk("8"));
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
    assertThat(h.resp("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
  }

  // ---------------------------------------------------------------- CLIENT LIST

  @Test
  void clientList_showsMultiFlagAndQueuedCount() {
    assertThat(clientInfo()).contains(" flags=N ").contains(" multi=-1 ");
    h.resp("MULTI");
    assertThat(clientInfo()).contains(" flags=x ").contains(" multi=0 ").contains(" cmd=multi ");
    h.resp("SET", "a", "1");
    h.resp("SET", "b", "2");
    assertThat(clientInfo()).contains(" flags=x ").contains(" multi=2 ").contains(" cmd=set ");
    h.resp("DISCARD");
    assertThat(clientInfo()).contains(" flags=N ").contains(" multi=-1 ");
  }

  @Test
  void clientList_showsDirtyFlag_evenOutsideMulti() {
    h.resp("WATCH", "k");
    assertThat(clientInfo()).contains(" flags=N ");
    h.resp(other, "SET", "k", "1");
    assertThat(clientInfo()).contains(" flags=d ");
    h.resp("MULTI");
    assertThat(clientInfo()).contains(" flags=xd ");
    assertThat(h.resp("EXEC")).isEqualTo(NULL_ARRAY);
    assertThat(clientInfo()).contains(" flags=N ");
  }

  @Test
  void doomedTransaction_answersQueuedButStopsKeeping() {
    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("SET", "x", "1");
    h.resp(other, "SET", "k", "2");
    assertThat(h.resp("SET", "y", "2")).isEqualTo(QUEUED);
    assertThat(clientInfo()).contains(" flags=xd ").contains(" multi=1 ");
    assertThat(h.resp("EXEC")).isEqualTo(NULL_ARRAY);

    h.resp("MULTI");
    h.resp("SET", "x", "1");
    h.resp("FOO");
    assertThat(h.resp("SET", "y", "2")).isEqualTo(QUEUED);
    assertThat(clientInfo()).contains(" flags=x ").contains(" multi=1 ");
    h.resp("DISCARD");
  }

  // ---------------------------------------------------------------- WATCH

  @Test
  void watch_brokenByAnotherClientsWrite_execReturnsNullArray() {
    assertThat(h.resp("WATCH", "k")).isEqualTo(OK);
    h.resp(other, "SET", "k", "1");
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
    // EXEC ended the watch: the next transaction runs.
    h.resp(other, "SET", "k", "2");
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
  }

  @Test
  void watch_brokenInResp3_isNull() {
    h.resp("HELLO", "3");
    h.resp("WATCH", "k");
    h.resp(other, "SET", "k", "1");
    assertThat(execPing()).isEqualTo("_\r\n");
  }

  @Test
  void watch_brokenByOwnWriteBeforeMulti() {
    h.resp("WATCH", "k");
    h.resp("SET", "k", "1");
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void watch_brokenWhileQueueing() {
    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("SET", "x", "1");
    h.resp(other, "DEL", "nothing");
    h.resp(other, "SET", "k", "1");
    assertThat(h.resp("EXEC")).isEqualTo(NULL_ARRAY);
    assertThat(h.resp("GET", "x")).isEqualTo(NIL);
  }

  @Test
  void watch_notBrokenByTheTransactionsOwnWrites() {
    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("SET", "k", "6");
    h.resp("GET", "k");
    assertThat(h.resp("EXEC")).isEqualTo(array(OK, bulk("6")));
  }

  @Test
  void watch_brokenByAnotherClientsTransaction() {
    h.resp("WATCH", "k");
    h.resp(other, "MULTI");
    h.resp(other, "SET", "k", "1");
    h.resp(other, "EXEC");
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void watch_ofSameKeyTwice_isOneWatch() {
    h.resp("WATCH", "k", "k");
    h.resp("WATCH", "k");
    assertThat(h.connection.watcher.size()).isEqualTo(1);
    h.resp(other, "SET", "k", "1");
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void watch_isPerDatabase() {
    h.resp("SELECT", "1");
    h.resp("WATCH", "k");
    h.resp("SELECT", "0");
    h.resp(other, "SET", "k", "db0"); // same name, other database
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));

    h.resp("SELECT", "1");
    h.resp("WATCH", "k");
    h.resp("SELECT", "0");
    h.resp(other, "SELECT", "1");
    h.resp(other, "SET", "k", "db1");
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void watch_whenAlreadyBroken_answersOkAndExecStillFails() {
    h.resp("WATCH", "k");
    h.resp(other, "SET", "k", "1");
    assertThat(h.resp("WATCH", "j")).isEqualTo(OK);
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void unwatch_forgetsKeysAndABrokenWatch() {
    h.resp("WATCH", "k");
    h.resp(other, "SET", "k", "1");
    assertThat(h.resp("UNWATCH")).isEqualTo(OK);
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
    h.resp("WATCH", "k");
    h.resp("UNWATCH");
    h.resp(other, "SET", "k", "2");
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
  }

  @Test
  void discard_andAbortedExec_forgetWatchedKeys() {
    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("DISCARD");
    h.resp(other, "SET", "k", "1");
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));

    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("FOO");
    h.resp("EXEC");
    h.resp(other, "SET", "k", "2");
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
  }

  @Test
  void watch_brokenByExpiryOfAKeyLiveWhenWatched_evenIfNothingLookedAtIt() {
    h.resp("SET", "k", "1", "PX", "100");
    h.resp("WATCH", "k");
    h.resp("MULTI");
    h.resp("PING");
    h.clock.advance(101);
    assertThat(h.resp("EXEC")).isEqualTo(NULL_ARRAY);
  }

  @Test
  void watch_ofAKeyAlreadyExpired_isNotBrokenByItsRemoval() {
    h.resp("SET", "k", "1", "PX", "100");
    h.clock.advance(101);
    h.resp("WATCH", "k");
    h.resp(other, "DEL", "k");
    h.resp(other, "FLUSHDB");
    assertThat(execPing()).isEqualTo(array("+PONG\r\n"));
  }

  @Test
  void watch_ofAKeyAlreadyExpired_isBrokenWhenItIsWrittenAgain() {
    h.resp("SET", "k", "1", "PX", "100");
    h.clock.advance(101);
    h.resp("WATCH", "k");
    h.resp(other, "SET", "k", "2");
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void watch_brokenByInPlaceModificationSignal() {
    h.resp("WATCH", "h");
    h.server.db(0).signalModified("h".getBytes(StandardCharsets.UTF_8));
    assertThat(execPing()).isEqualTo(NULL_ARRAY);
  }

  @Test
  void closedConnection_releasesItsWatches() {
    h.resp(other, "WATCH", "k", "j");
    assertThat(h.server.db(0).watchedKeyCount()).isEqualTo(2);
    other.channel.close();
    assertThat(h.server.db(0).watchedKeyCount()).isZero();
  }

  @Test
  void brokenWatch_releasesItsKeys() {
    h.resp("WATCH", "k", "j");
    h.resp(other, "SET", "k", "1");
    assertThat(h.server.db(0).watchedKeyCount()).isZero();
  }

  /**
   * Setup, then WATCH k on the main connection, then a write by another client, and whether Redis
   * 7.0.15 fails the EXEC. Commands are space-separated and joined by " | "; "" is the empty string;
   * SLEEP n advances the clock.
   */
  static Stream<Arguments> writesAfterWatch() {
    return Stream.of(
        kept("SET k 1", ""),
        broken("", "SET k 1"),
        broken("SET k 1", "SET k 1"),
        kept("SET k 1", "SETNX k 2"),
        kept("SET k 1", "SET k 2 NX"),
        kept("", "SET k 2 XX"),
        kept("", "DEL k"),
        broken("SET k 1", "DEL k"),
        broken("SET k 1", "UNLINK k"),
        kept("", "EXPIRE k 100"),
        broken("SET k 1", "EXPIRE k 100"),
        kept("SET k 1 EX 100", "EXPIRE k 200 NX"),
        broken("SET k 1", "EXPIRE k -1"),
        broken("SET k 1", "PEXPIREAT k 1"),
        kept("SET k 1", "PERSIST k"),
        broken("SET k 1 EX 100", "PERSIST k"),
        broken("SET k 1", "INCRBY k 0"),
        kept("SET k x", "INCR k"),
        broken("SET k 1", "APPEND k \"\""),
        broken("", "APPEND k \"\""),
        kept("SET k 1", "SETRANGE k 0 \"\""),
        kept("", "SETRANGE k 5 \"\""),
        kept("SET k 1 EX 100", "GETEX k"),
        kept("SET k 1", "GETEX k PERSIST"),
        broken("SET k 1 EX 100", "GETEX k PERSIST"),
        broken("SET k 1", "GETEX k EX 100"),
        kept("", "GETDEL k"),
        broken("SET k 1", "GETDEL k"),
        kept("SET k 1", "MSETNX k 2 j 3"),
        kept("SET j 1", "MSETNX k 2 j 3"),
        broken("", "MSET j 1 k 2"),
        kept("SET k 1", "GET k"),
        broken("SET k 1", "RENAME k j"),
        broken("SET j 1", "RENAME j k"),
        kept("SET k 1", "RENAME k k"),
        kept("SET j 1 | SET k 1", "RENAMENX j k"),
        broken("SET k 1", "MOVE k 1"),
        kept("SET k 1 | SELECT 1 | SET k 1 | SELECT 0", "MOVE k 1"),
        broken("SELECT 1 | SET k 1", "SELECT 1 | MOVE k 0"),
        broken("SET j 1", "COPY j k"),
        kept("SET k 1", "COPY k j"),
        kept("SET j 1 | SET k 1", "COPY j k"),
        broken("SET j 1 | SET k 1", "COPY j k REPLACE"),
        kept("SELECT 1 | SET j 1", "SELECT 1 | COPY j k DB 2"),
        broken("SELECT 1 | SET j 1", "SELECT 1 | COPY j k DB 0"),
        kept("SET x 1", "FLUSHDB"),
        broken("SET k 1", "FLUSHDB"),
        kept("", "FLUSHDB"),
        broken("SET k 1", "FLUSHALL"),
        kept("SET x 1", "FLUSHALL"),
        kept("SELECT 1 | SET k 1", "SELECT 1 | FLUSHDB"),
        kept("", "SWAPDB 0 1"),
        broken("SET k 1", "SWAPDB 0 1"),
        broken("SELECT 1 | SET k 1", "SWAPDB 0 1"),
        kept("SELECT 1 | SET k 1", "SWAPDB 1 2"),
        kept("SET k 1", "SWAPDB 0 0"),
        kept("SELECT 1 | SET k 1 PX 100 | SLEEP 101", "SWAPDB 0 1"));
  }

  private static Arguments broken(String setup, String write) {
    return Arguments.of(setup, write, true);
  }

  private static Arguments kept(String setup, String write) {
    return Arguments.of(setup, write, false);
  }

  @ParameterizedTest(name = "{0} | WATCH k | {1} -> broken={2}")
  @MethodSource("writesAfterWatch")
  void watch_breaksExactlyWhenRedisDoes(String setup, String write, boolean broken) {
    for (String command : setup.split("\\|")) {
      assertThat(run(other, command)).doesNotStartWith("-"); // a broken setup proves nothing
    }
    h.resp(other, "SELECT", "0");
    h.resp("WATCH", "k");
    for (String command : write.split("\\|")) {
      run(other, command); // may fail on purpose (INCR of a non-number)
    }
    assertThat(execPing()).isEqualTo(broken ? NULL_ARRAY : array("+PONG\r\n"));
  }

  /** Runs one space-separated command and returns its reply; SLEEP n advances the clock instead. */
  private String run(Connection c, String command) {
    List<String> args = new ArrayList<>();
    for (String word : command.trim().split(" +")) {
      if (!word.isEmpty()) {
        args.add(word.equals("\"\"") ? "" : word);
      }
    }
    if (args.isEmpty()) {
      return "";
    }
    if (args.get(0).equals("SLEEP")) {
      h.clock.advance(Long.parseLong(args.get(1)));
      return "";
    }
    return h.resp(c, args.toArray(new String[0]));
  }
}
