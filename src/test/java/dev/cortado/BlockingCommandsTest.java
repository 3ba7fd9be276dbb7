package dev.cortado;

import static dev.cortado.mock.Mock.any;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.mock.RecordedCommand;
import dev.cortado.mock.RedisMock;
import dev.cortado.mock.ReplyKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking pops through real sockets, where a case file against redis-server cannot reach: timeouts
 * on a manual clock, a client that leaves while it waits, CLIENT UNBLOCK, writes from the test's
 * {@link RedisData}, and INFO's counts. Serving order and replies are compared with redis-server's
 * in conformance-tests (blocking-lists.txt).
 */
class BlockingCommandsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T05:06:07Z"));
  private CortadoServer server;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().clock(clock).build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aTimeoutRunsOnTheServersClock_toTheMillisecond() {
    try (TestClient c = new TestClient(server); TestClient admin = new TestClient(server)) {
      c.send("BLPOP", "l", "1.5");
      c.send("PING");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      assertThat(admin.info("clients", "clients_in_timeout_table")).isEqualTo("1");
      clock.advance(Duration.ofMillis(1499));
      assertThat(c.hasUnread()).isFalse();
      clock.advance(Duration.ofMillis(2));
      assertThat(c.read()).isEqualTo("*-1\r\n");
      assertThat(c.read()).isEqualTo("+PONG\r\n");
      assertThat(admin.info("clients", "blocked_clients")).isEqualTo("0");
      assertThat(admin.info("clients", "clients_in_timeout_table")).isEqualTo("0");
    }
  }

  @Test
  void zeroWaitsForever_andAPushServesIt() {
    try (TestClient c = new TestClient(server); TestClient other = new TestClient(server)) {
      c.send("BZPOPMIN", "z", "0");
      assertThat(waitForBlocked(other, 1)).isTrue();
      assertThat(other.info("clients", "clients_in_timeout_table")).isEqualTo("0");
      clock.advance(Duration.ofDays(400));
      assertThat(c.hasUnread()).isFalse();
      assertThat(other.call("ZADD", "z", "2", "b", "1", "a")).isEqualTo(":2\r\n");
      assertThat(c.read()).isEqualTo("*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n");
      assertThat(other.call("ZCARD", "z")).isEqualTo(":1\r\n");
    }
  }

  @Test
  void aClientThatLeavesWhileWaiting_leavesNothingBehind() {
    try (TestClient admin = new TestClient(server)) {
      try (TestClient c = new TestClient(server)) {
        c.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "10");
        assertThat(waitForBlocked(admin, 1)).isTrue();
      }
      assertThat(waitForBlocked(admin, 0)).isTrue();
      assertThat(admin.info("clients", "clients_in_timeout_table")).isEqualTo("0");
      // Nobody is served any more: the element stays where it was pushed.
      assertThat(admin.call("RPUSH", "src", "a")).isEqualTo(":1\r\n");
      assertThat(admin.call("LRANGE", "src", "0", "-1")).isEqualTo("*1\r\n$1\r\na\r\n");
      assertThat(admin.call("EXISTS", "dst")).isEqualTo(":0\r\n");
      clock.advance(Duration.ofSeconds(11)); // its timeout passes with no one to answer
      assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void clientUnblock_answersTheTimeoutReply_orAnError() {
    try (TestClient c = new TestClient(server); TestClient admin = new TestClient(server)) {
      String id = c.call("CLIENT", "ID").substring(1).trim();
      assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":0\r\n"); // not blocked yet
      c.send("BRPOP", "l", "0");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":1\r\n");
      assertThat(c.read()).isEqualTo("*-1\r\n");
      c.send("BLMPOP", "0", "1", "l", "LEFT");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      assertThat(admin.call("CLIENT", "UNBLOCK", id, "error")).isEqualTo(":1\r\n");
      assertThat(c.read()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
      assertThat(admin.call("CLIENT", "UNBLOCK", id, "maybe"))
          .isEqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
      assertThat(admin.call("RPUSH", "l", "x")).isEqualTo(":1\r\n"); // no waiter left to take it
      assertThat(admin.call("LLEN", "l")).isEqualTo(":1\r\n");
    }
  }

  @Test
  void clientList_showsTheBlockedFlagAndCommand() {
    try (TestClient c = new TestClient(server); TestClient admin = new TestClient(server)) {
      String id = c.call("CLIENT", "ID").substring(1).trim();
      c.send("BLPOP", "l", "0");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      String list = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(list).contains(" flags=b ").contains(" cmd=blpop ");
      admin.call("LPUSH", "l", "v");
      assertThat(c.read()).isEqualTo("*2\r\n$1\r\nl\r\n$1\r\nv\r\n");
      assertThat(admin.bulk("CLIENT", "LIST", "ID", id)).contains(" flags=N ");
    }
  }

  @Test
  void aWriteThroughRedisData_servesTheWaiters_inTheOrderTheyCame() {
    try (TestClient first = new TestClient(server); TestClient second = new TestClient(server);
        TestClient admin = new TestClient(server)) {
      first.send("BLPOP", "queue", "0");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      second.send("BLPOP", "queue", "0");
      assertThat(waitForBlocked(admin, 2)).isTrue();
      server.data().rpush("queue", "job-1", "job-2", "job-3");
      assertThat(first.read()).isEqualTo("*2\r\n$5\r\nqueue\r\n$5\r\njob-1\r\n");
      assertThat(second.read()).isEqualTo("*2\r\n$5\r\nqueue\r\n$5\r\njob-2\r\n");
      assertThat(server.data().lrange("queue")).containsExactly("job-3");
    }
  }

  @Test
  void flushallWhileWaiting_keepsTheWaiter_andAWaiterInAnotherDatabaseIsServedThere() {
    try (TestClient c = new TestClient(server); TestClient admin = new TestClient(server)) {
      c.call("SELECT", "3");
      c.send("BLPOP", "l", "0");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      admin.call("FLUSHALL");
      admin.call("RPUSH", "l", "db0");
      assertThat(c.hasUnread()).isFalse();
      admin.call("SELECT", "3");
      admin.call("RPUSH", "l", "db3");
      assertThat(c.read()).isEqualTo("*2\r\n$1\r\nl\r\n$3\r\ndb3\r\n");
    }
  }

  @Test
  void theJournal_recordsABlockedCommand_withTheReplyItGotInTheEnd() {
    RedisMock mock = server.mock();
    try (TestClient served = new TestClient(server); TestClient refused = new TestClient(server);
        TestClient admin = new TestClient(server)) {
      served.send("BLPOP", "l", "0");
      assertThat(waitForBlocked(admin, 1)).isTrue();
      admin.call("SET", "dst", "string");
      refused.send("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
      assertThat(waitForBlocked(admin, 2)).isTrue();
      admin.call("RPUSH", "l", "a");
      admin.call("RPUSH", "src", "b");
      assertThat(served.read()).isEqualTo("*2\r\n$1\r\nl\r\n$1\r\na\r\n");
      assertThat(refused.read()).startsWith("-WRONGTYPE");
    }
    List<RecordedCommand> journal = mock.journal();
    assertThat(journal).filteredOn(c -> c.name().equals("BLPOP"))
        .singleElement().extracting(RecordedCommand::replyKind).isEqualTo(ReplyKind.ARRAY);
    RecordedCommand blmove = journal.stream().filter(c -> c.name().equals("BLMOVE")).findFirst()
        .orElseThrow();
    assertThat(blmove.replyKind()).isEqualTo(ReplyKind.ERROR);
    assertThat(blmove.errorText()).startsWith("WRONGTYPE");
  }

  @Test
  void aStub_answersABlockingCommandAtOnce_andTheKeyIsLeftAlone() {
    RedisMock mock = server.mock();
    mock.expect(command("BRPOP").withArgs("jobs", any())).thenReturn(values("jobs", "stubbed"));
    try (TestClient c = new TestClient(server)) {
      assertThat(c.call("BRPOP", "jobs", "0"))
          .isEqualTo("*2\r\n$4\r\njobs\r\n$7\r\nstubbed\r\n");
      c.call("RPUSH", "jobs", "real");
      assertThat(c.call("LLEN", "jobs")).isEqualTo(":1\r\n");
      assertThat(c.call("BLPOP", "jobs", "0")).isEqualTo("*2\r\n$4\r\njobs\r\n$4\r\nreal\r\n");
    }
    mock.verify(times(1), command("BRPOP"));
  }

  @Test
  void aDelayedStub_answersABlockingCommand_afterItsDelay() {
    RedisMock mock = server.mock();
    mock.expect(command("BLPOP")).thenReturn(values("q", "late").delayedBy(Duration.ofMillis(300)));
    try (TestClient c = new TestClient(server)) {
      long start = System.nanoTime();
      c.send("BLPOP", "q", "0");
      c.send("PING");
      assertThat(c.read()).isEqualTo("*2\r\n$1\r\nq\r\n$4\r\nlate\r\n");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
          Duration.ofMillis(300));
      assertThat(c.read()).isEqualTo("+PONG\r\n");
    }
    assertThat(mock.journal()).extracting(RecordedCommand::name).contains("BLPOP");
  }

  private static boolean waitForBlocked(TestClient info, int n) {
    for (int i = 0; i < 300; i++) {
      if (info.info("clients", "blocked_clients").equals(String.valueOf(n))) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
