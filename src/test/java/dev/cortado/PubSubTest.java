package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.mock.Mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound path for pushes and parked replies, through real sockets: messages, keyspace events
 * of expiry on a manual clock, WAIT's timeout on that clock, a subscriber that never reads, and
 * stubs held behind AUTH. Replies are compared with redis-server's in conformance-tests.
 */
class PubSubTest {
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
  void publishFromTheTest_reachesChannelAndPatternSubscribers() {
    try (TestClient sub = new TestClient(server)) {
      sub.call("SUBSCRIBE", "orders");
      assertThat(sub.call("PSUBSCRIBE", "ord*")).isEqualTo("*3\r\n$10\r\npsubscribe\r\n$4\r\nord*\r\n:2\r\n");

      assertThat(server.publish("orders", "42")).isEqualTo(2);
      assertThat(sub.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$6\r\norders\r\n$2\r\n42\r\n");
      assertThat(sub.read()).isEqualTo("*4\r\n$8\r\npmessage\r\n$4\r\nord*\r\n$6\r\norders\r\n$2\r\n42\r\n");
      assertThat(server.publish("other", "x")).isZero();
    }
  }

  @Test
  void recorder_seesWhatIsPublished_andKeyspaceEvents_withoutBeingASubscriber() {
    try (PublishedMessages orders = server.recordMessages("orders.*", "__keyevent@0__:expired");
        TestClient c = new TestClient(server)) {
      assertThat(c.call("PUBLISH", "orders.created", "{\"id\":42}")).as("no subscriber counted")
          .isEqualTo(":0\r\n");
      c.call("PUBLISH", "invoices.paid", "7");
      c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
      c.call("SET", "cart", "x", "PX", "10");
      clock.advance(Duration.ofMillis(11));

      dev.cortado.assertj.CortadoAssertions.assertThat(orders)
          .received("orders.*", "{\"id\":42}")
          .received("__keyevent@0__:expired", "cart")
          .hasCount(2);
      assertThat(orders.messages("orders.*")).extracting(PublishedMessages.Message::channel)
          .containsExactly("orders.created");
      assertThatThrownBy(() -> dev.cortado.assertj.CortadoAssertions.assertThat(orders)
          .receivedWithin(Duration.ofMillis(50), "orders.*", "{\"id\":43}"))
          .hasMessageContaining("Expected a message \"{\\\"id\\\":43}\" on a channel matching \"orders.*\" within PT0.05S")
          .hasMessageContaining("2 arrived:")
          .hasMessageContaining("orders.created: \"{\\\"id\\\":42}\"");
    }
  }

  @Test
  void directWrites_sendTheMatchingCommandsEvents() {
    try (PublishedMessages events = server.recordMessages("__keyevent@0__:*");
        TestClient c = new TestClient(server)) {
      c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
      RedisData db = server.data();
      db.set("s", "v", Duration.ofMinutes(1)).hset("h", "f", "v").sadd("set", "a");
      db.srem("set", "a");
      db.del("s", "nothing");
      assertThat(events.messages()).extracting(m -> m.channel().substring(15) + " " + m.message())
          .containsExactly("set s", "expire s", "hset h", "sadd set", "srem set", "del set", "del s");
    }
  }

  @Test
  void recorder_waitsForAMessagePublishedLater() throws Exception {
    try (PublishedMessages jobs = server.recordMessages("jobs")) {
      Thread publisher = new Thread(() -> {
        try (TestClient c = new TestClient(server)) {
          Thread.sleep(100);
          c.call("PUBLISH", "jobs", "done");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      publisher.start();
      dev.cortado.assertj.CortadoAssertions.assertThat(jobs).receivedWithin(Duration.ofSeconds(5), "jobs", "done");
      publisher.join();
      jobs.close();
      server.publish("jobs", "after close");
      assertThat(jobs.messages()).hasSize(1);
    }
  }

  @Test
  void tracking_redirectsInvalidations_toAResp2Subscriber_orAResp3Client() {
    try (TestClient tracker = new TestClient(server); TestClient sink = new TestClient(server);
        TestClient writer = new TestClient(server)) {
      String sinkId = sink.call("CLIENT", "ID").substring(1).trim();
      sink.call("SUBSCRIBE", "__redis__:invalidate");
      assertThat(tracker.call("CLIENT", "TRACKING", "on", "REDIRECT", sinkId)).isEqualTo("+OK\r\n");
      assertThat(tracker.call("CLIENT", "GETREDIR")).isEqualTo(":" + sinkId + "\r\n");
      tracker.call("GET", "k");
      writer.call("SET", "k", "v");
      assertThat(sink.read()).isEqualTo(
          "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
      writer.call("FLUSHALL");
      assertThat(sink.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n");
      assertThat(tracker.hasUnread()).isFalse();
    }
  }

  @Test
  void tracking_aRedirectThatWentAway_isReportedToAResp3Client() throws Exception {
    try (TestClient tracker = new TestClient(server); TestClient writer = new TestClient(server)) {
      tracker.call("HELLO", "3");
      String goneId;
      try (TestClient gone = new TestClient(server)) {
        goneId = gone.call("CLIENT", "ID").substring(1).trim();
        tracker.call("CLIENT", "TRACKING", "on", "REDIRECT", goneId);
      }
      for (int i = 0; i < 100 && writer.call("CLIENT", "LIST", "ID", goneId).contains("id=" + goneId); i++) {
        Thread.sleep(10);
      }
      tracker.call("GET", "k");
      writer.call("SET", "k", "v");
      assertThat(tracker.read()).isEqualTo(">2\r\n$21\r\ntracking-redir-broken\r\n:" + goneId + "\r\n");
      assertThat(tracker.call("CLIENT", "TRACKINGINFO")).contains("broken_redirect");
    }
  }

  @Test
  void resp3Pushes_interleaveWithReplies() {
    try (TestClient sub = new TestClient(server); TestClient pub = new TestClient(server)) {
      sub.call("HELLO", "3");
      assertThat(sub.call("SUBSCRIBE", "ch")).isEqualTo(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
      assertThat(sub.call("SET", "k", "v")).as("RESP3 subscribers run any command").isEqualTo("+OK\r\n");
      pub.call("PUBLISH", "ch", "m1");
      assertThat(sub.call("GET", "k")).as("the push came first").startsWith(">3\r\n$7\r\nmessage");
      assertThat(sub.read()).isEqualTo("$1\r\nv\r\n");
      assertThat(sub.call("PUBLISH", "ch", "self")).as("a push to itself precedes the reply")
          .isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$4\r\nself\r\n");
      assertThat(sub.read()).isEqualTo(":1\r\n");
    }
  }

  @Test
  void expiredEvents_followTheManualClock_fromActiveAndLazyExpiry() {
    try (TestClient c = new TestClient(server); TestClient ev = new TestClient(server)) {
      c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
      ev.call("SUBSCRIBE", "__keyevent@0__:expired");
      c.call("SET", "session", "abc", "PX", "1000");
      c.call("SET", "other", "x", "PX", "5000");

      clock.advance(Duration.ofMillis(1001));
      assertThat(ev.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$7\r\nsession\r\n");

      clock.set(clock.instant().plusSeconds(10)); // no pass yet: the next read finds it expired
      assertThat(c.call("GET", "other")).isEqualTo("$-1\r\n");
      assertThat(ev.read()).endsWith("$5\r\nother\r\n");
    }
  }

  @Test
  void expiredEvent_insideExec_reachesTheSubscriber() {
    try (TestClient c = new TestClient(server); TestClient ev = new TestClient(server)) {
      c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
      ev.call("PSUBSCRIBE", "__keyevent@0__:*");
      c.call("SET", "k", "v", "PX", "10");
      c.call("MULTI");
      c.call("GET", "k");
      clock.set(clock.instant().plusSeconds(1)); // moved without an expiry pass
      assertThat(c.call("EXEC")).isEqualTo("*1\r\n$-1\r\n");
      assertThat(ev.read()).isEqualTo("*4\r\n$8\r\npmessage\r\n$16\r\n__keyevent@0__:*\r\n"
          + "$22\r\n__keyevent@0__:expired\r\n$1\r\nk\r\n");
    }
  }

  @Test
  void waitTimesOutOnTheServersClock_andHoldsTheRequestsBehindIt() {
    try (TestClient c = new TestClient(server)) {
      c.send("WAIT", "1", "5000");
      c.send("PING");
      assertThat(c.hasUnread()).isFalse();
      assertThat(waitForBlocked(1)).isTrue();
      clock.advance(Duration.ofMillis(5001));
      assertThat(c.read()).isEqualTo(":0\r\n");
      assertThat(c.read()).isEqualTo("+PONG\r\n");
      assertThat(c.call("WAIT", "0", "0")).isEqualTo(":0\r\n");
    }
  }

  @Test
  void aBlockedClientThatLeaves_isForgotten() throws Exception {
    try (TestClient c = new TestClient(server)) {
      c.send("WAIT", "1", "0");
      assertThat(waitForBlocked(1)).isTrue();
    }
    assertThat(waitForBlocked(0)).isTrue();
  }

  private boolean waitForBlocked(int n) {
    try (TestClient info = new TestClient(server)) {
      for (int i = 0; i < 200; i++) {
        if (info.info("clients", "blocked_clients").equals(String.valueOf(n))) {
          return true;
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Test
  void aSubscriberThatNeverReads_isDisconnectedAtThePubsubLimit_andOthersGoOn() throws Exception {
    try (TestClient admin = new TestClient(server);
        Socket slow = new Socket(server.host(), server.port())) {
      admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 60");
      slow.setReceiveBufferSize(4096);
      OutputStream out = slow.getOutputStream();
      out.write("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nfeed\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = slow.getInputStream();
      in.readNBytes(33); // the confirmation; nothing more is read
      String payload = "x".repeat(16 * 1024);
      long delivered = 0;
      for (int i = 0; i < 400 && (delivered = server.publish("feed", payload)) == 1; i++) {
        // 400 x 16 KiB = 6.4 MB, far over the hard limit
      }
      assertThat(delivered).as("the slow subscriber was dropped").isZero();
      assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(admin.call("PUBSUB", "NUMSUB", "feed")).isEqualTo("*2\r\n$4\r\nfeed\r\n:0\r\n");
    }
  }

  @Test
  void stubsNeverAnswerAClientThatHasNotAuthenticated() {
    server.stop();
    server = CortadoServer.builder().clock(clock).password("secret").build().start();
    server.mock().when(Mock.command("GET", "k")).thenReturn(Mock.value("stubbed"));
    server.mock().when(Mock.command("X.CUSTOM")).thenReturn(Mock.value("custom"));
    try (TestClient c = new TestClient(server)) {
      assertThat(c.call("GET", "k")).startsWith("-NOAUTH");
      assertThat(c.call("X.CUSTOM")).startsWith("-ERR unknown command 'X.CUSTOM'");
      c.call("AUTH", "secret");
      assertThat(c.call("GET", "k")).isEqualTo("$7\r\nstubbed\r\n");
      assertThat(c.call("X.CUSTOM")).as("stubs for unknown commands still work").isEqualTo("$6\r\ncustom\r\n");
    }
  }
}
