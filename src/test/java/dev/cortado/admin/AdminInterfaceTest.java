package dev.cortado.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.TestClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin interface end to end: HTTP JSON and CORTADO.* commands against a running server. */
class AdminInterfaceTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private CortadoServer server;
  private TestClient redis;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().clock(clock).adminPort(0).build().start();
    redis = new TestClient(server);
  }

  @AfterEach
  void stop() {
    redis.close();
    server.stop();
  }

  record Answer(int status, Map<String, Object> json, String text) {}

  private Answer http(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.adminPort() + "/__admin/" + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Object> json = r.headers().firstValue("Content-Type").orElse("")
          .startsWith("application/json") ? AdminApi.asObject(Json.parse(r.body()), "reply") : null;
      return new Answer(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> ok(String method, String path, String body) {
    Answer a = http(method, path, body);
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.json();
  }

  @Test
  void aDefaultServerHasNoAdminInterfaceAndAnswersCortadoCommandsAsRedis() {
    try (CortadoServer plain = CortadoServer.builder().build().start();
        TestClient c = new TestClient(plain)) {
      assertThat(plain.adminPort()).isEqualTo(-1);
      // Byte for byte what redis-server 7.0.15 answers.
      assertThat(c.call("CORTADO.STUB", "{\"a\":1}")).isEqualTo(
          "-ERR unknown command 'CORTADO.STUB', with args beginning with: '{\"a\":1}' \r\n");
      assertThat(c.call("COMMAND", "INFO", "cortado.verify"))
          .isEqualTo(c.call("COMMAND", "INFO", "nosuchcommand"));
      assertThat(plain.mock().journal()).extracting(r -> r.name()).contains("CORTADO.STUB");
    }
  }

  @Test
  void anHttpStubAnswersAClientAndTheJournalMarksIt() {
    Map<String, Object> stub = ok("POST", "stubs", "{\"match\": {\"command\": \"GET\", \"args\": "
        + "[\"user:1\"]}, \"respond\": [{\"redisError\": \"LOADING\"}, {\"passThrough\": true}]}");
    assertThat(stub.get("id")).isEqualTo(0L);
    redis.call("SET", "user:1", "ada");
    assertThat(redis.call("GET", "user:1")).isEqualTo("-LOADING Redis is loading the dataset in memory\r\n");
    assertThat(redis.call("GET", "user:1")).isEqualTo("$3\r\nada\r\n");
    assertThat(redis.call("GET", "other")).isEqualTo("$-1\r\n");

    Map<String, Object> journal = ok("GET", "journal?command=get&key=user:*", null);
    List<?> entries = (List<?>) journal.get("entries");
    assertThat(entries).hasSize(2);
    Map<?, ?> first = (Map<?, ?>) entries.get(0);
    assertThat(first.get("stubbed")).isEqualTo(true);
    assertThat(first.get("reply")).isEqualTo("error");
    assertThat(first.get("error")).isEqualTo("LOADING Redis is loading the dataset in memory");
    assertThat(first.get("args")).isEqualTo(List.of("user:1"));
    assertThat(first.get("time")).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(journal.get("last")).isEqualTo(4L);
    assertThat((List<?>) ok("GET", "journal?since=3", null).get("entries")).hasSize(1);
    assertThat(ok("GET", "journal?since=4", null)).containsEntry("last", 4L)
        .containsEntry("entries", List.of());
    ok("DELETE", "journal", null);
    // A reader polling since=4 learns of the clear from "last" going back.
    assertThat(ok("GET", "journal?since=4", null)).containsEntry("last", 0L);
    redis.call("PING");
    assertThat(ok("GET", "journal?since=0", null)).containsEntry("last", 1L);

    Map<?, ?> listed = (Map<?, ?>) ((List<?>) ok("GET", "stubs", null).get("stubs")).get(0);
    assertThat(listed.get("uses")).isEqualTo(2L);
  }

  @Test
  void verificationPassesOrFailsWithNearMisses() {
    redis.call("SET", "lock", "1", "NX");
    redis.call("DEL", "lock");
    assertThat(ok("POST", "verify", "{\"match\": {\"command\": \"DEL\", \"args\": [\"lock\"]}, "
        + "\"times\": 1}")).isEqualTo(Map.of("ok", true, "count", 1L));
    Answer failed = http("POST", "verify", "{\"match\": {\"command\": \"DEL\", \"args\": "
        + "[\"lok\"]}}");
    assertThat(failed.status()).isEqualTo(409);
    assertThat(failed.json().get("ok")).isEqualTo(false);
    assertThat((String) failed.json().get("message"))
        .startsWith("Expected DEL \"lok\" at least once, but it arrived 0 times.")
        .contains("Closest commands received (of 2):", "#2 db0 DEL \"lock\"");
    assertThat(ok("POST", "count", "{\"match\": {\"argsStartingWith\": [\"lock\"]}}"))
        .isEqualTo(Map.of("count", 2L));
    assertThat(ok("POST", "verify/in-order", "{\"matches\": [{\"command\": \"SET\"}, "
        + "{\"command\": \"DEL\"}]}")).isEqualTo(Map.of("ok", true));
    assertThat(http("POST", "verify/in-order", "{\"matches\": [{\"command\": \"DEL\"}, "
        + "{\"command\": \"SET\"}]}").status()).isEqualTo(409);
    assertThat(http("POST", "verify/no-unexpected", "").status()).isEqualTo(409);
    ok("POST", "stubs", "{\"match\": {\"command\": \"PING\"}, \"expectation\": true}");
    assertThat(http("POST", "verify/expectations", null).json().get("message").toString())
        .startsWith("Expectations not met:");
  }

  @Test
  void verifyWithinWaitsForACommandSentLater() throws Exception {
    Thread later = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      try (TestClient c = new TestClient(server)) {
        c.call("INCR", "n");
      }
    });
    later.start();
    assertThat(ok("POST", "verify", "{\"match\": {\"command\": \"INCR\"}, \"times\": 1, "
        + "\"withinMs\": 5000}").get("ok")).isEqualTo(true);
    later.join();
  }

  @Test
  void theManualClockMovesTtls() {
    redis.call("SET", "session", "abc", "EX", "100");
    Map<String, Object> moved = ok("POST", "clock", "{\"advanceMs\": 30000}");
    assertThat(moved.get("now")).isEqualTo("2030-01-01T00:00:30Z");
    assertThat(redis.call("TTL", "session")).isEqualTo(":70\r\n");
    ok("POST", "clock", "{\"advanceMs\": 70001}"); // Redis expires a key once its time has passed
    assertThat(redis.call("EXISTS", "session")).isEqualTo(":0\r\n");
    assertThat(ok("POST", "clock", "{\"set\": \"2031-01-01T00:00:00Z\"}").get("millis"))
        .isEqualTo(Instant.parse("2031-01-01T00:00:00Z").toEpochMilli());
    assertThat(http("POST", "clock", "{\"advanceMs\": -1}").status()).isEqualTo(400);
    assertThat(ok("GET", "clock", null).get("manual")).isEqualTo(true);
  }

  @Test
  void aServerOnTheSystemClockRefusesToMoveIt() {
    try (CortadoServer system = CortadoServer.builder().adminPort(0).build().start()) {
      HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.adminPort()
          + "/__admin/clock")).POST(HttpRequest.BodyPublishers.ofString("{\"advanceMs\":1}")).build();
      HttpResponse<String> a = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      assertThat(a.statusCode()).isEqualTo(409);
      assertThat(a.body()).contains("no manual clock");
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void dataIsSetUpAndReadDirectly() {
    ok("PUT", "key?key=user:1", "{\"hash\": {\"name\": \"Ada\"}, \"ttlMs\": 5000}");
    ok("PUT", "key", "{\"key\": \"tags\", \"set\": [\"a\", \"b\"], \"db\": 0}");
    ok("PUT", "key?key=top", "{\"zset\": {\"ada\": 10.5, \"bob\": 2}}");
    ok("PUT", "key?key=q", "{\"list\": [\"x\", \"y\"]}");
    ok("PUT", "key?key=s", "{\"string\": \"v\"}");
    assertThat(redis.call("HGET", "user:1", "name")).isEqualTo("$3\r\nAda\r\n");
    assertThat(redis.call("PTTL", "user:1")).isEqualTo(":5000\r\n");
    Map<String, Object> keys = ok("GET", "keys?match=*", null);
    assertThat(keys.get("total")).isEqualTo(5L);
    assertThat(((List<?>) keys.get("keys")).stream().map(k -> ((Map<?, ?>) k).get("key")).toList())
        .isEqualTo(List.of("q", "s", "tags", "top", "user:1"));
    Map<String, Object> top = ok("GET", "key?key=top", null);
    assertThat(top.get("type")).isEqualTo("zset");
    assertThat(top.get("value")).isEqualTo(Map.of("bob", 2L, "ada", 10.5));
    assertThat(ok("GET", "key?key=q", null).get("value")).isEqualTo(List.of("x", "y"));
    assertThat(http("GET", "key?key=missing", null).status()).isEqualTo(404);
    assertThat(ok("DELETE", "key?key=s", null).get("deleted")).isEqualTo(1L);
    assertThat(http("PUT", "key?key=bad", "{\"list\": []}").status()).isEqualTo(400);
    assertThat(http("PUT", "key?key=s", "{\"string\": \"a\", \"list\": [\"b\"]}").status())
        .isEqualTo(400);
    assertThat(redis.call("EXISTS", "bad")).isEqualTo(":0\r\n");
    ok("POST", "flush", null);
    assertThat(redis.call("DBSIZE")).isEqualTo(":0\r\n");
  }

  @Test
  void badRequestsGetAReasonAndChangeNothing() {
    assertThat(http("POST", "stubs", "{\"match\": ").status()).isEqualTo(400);
    Answer unknownField = http("POST", "stubs", "{\"match\": {\"command\": \"GET\"}, \"x\": 1}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.json().get("error").toString()).contains("unknown field \"x\"");
    assertThat(http("POST", "stubs", "{\"match\": {}, \"respond\": {\"fault\": \"boom\"}}")
        .status()).isEqualTo(400);
    assertThat(http("POST", "stubs", "{\"match\": {}, \"respond\": {\"value\": \"a\", "
        + "\"integer\": 1}}").status()).isEqualTo(400);
    assertThat(http("POST", "stubs", "[1]").status()).isEqualTo(400);
    assertThat((List<?>) ok("GET", "stubs", null).get("stubs")).isEmpty();
    assertThat(http("GET", "nothing", null).status()).isEqualTo(404);
    assertThat(http("PUT", "stubs", null).status()).isEqualTo(404);
    assertThat(http("POST", "reset", "x".repeat(AdminHttp.MAX_BODY + 1)).status()).isEqualTo(413);
    assertThat(http("POST", "reset", "[".repeat(100_000)).status()).isEqualTo(400);
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void faultsAndDelaysComeFromJson() {
    ok("POST", "stubs", "{\"match\": {\"command\": \"ECHO\"}, \"respond\": {\"value\": \"late\", "
        + "\"delayMs\": 150}}");
    long t0 = System.nanoTime();
    assertThat(redis.call("ECHO", "x")).isEqualTo("$4\r\nlate\r\n");
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(140).toNanos());
    ok("POST", "stubs", "{\"match\": {\"command\": \"GET\"}, \"respond\": {\"fault\": "
        + "\"closeConnection\"}}");
    redis.send("GET", "k");
    assertThatThrownBy(redis::read).isInstanceOf(RuntimeException.class);
    try (TestClient c = new TestClient(server)) {
      ok("POST", "stubs", "{\"match\": {\"command\": \"HGETALL\"}, \"respond\": {\"map\": "
          + "[{\"value\": \"f\"}, {\"integer\": 1}]}}");
      assertThat(c.call("HGETALL", "h")).isEqualTo("*2\r\n$1\r\nf\r\n:1\r\n");
    }
  }

  @Test
  void oneStubIsRemovedByItsId_andTheOthersKeepTheirs() {
    for (String v : List.of("a", "b", "c")) {
      ok("POST", "stubs", "{\"match\": {\"command\": \"GET\", \"args\": [\"" + v
          + "\"]}, \"respond\": {\"value\": \"stub-" + v + "\"}}");
    }
    assertThat(ok("DELETE", "stubs?id=1", null)).containsEntry("removed", 1L);
    assertThat(redis.call("GET", "b")).isEqualTo("$-1\r\n"); // no stub: the keyspace answers
    assertThat(redis.call("GET", "c")).isEqualTo("$6\r\nstub-c\r\n");
    List<?> listed = (List<?>) ok("GET", "stubs", null).get("stubs");
    assertThat(listed.stream().map(m -> ((Map<?, ?>) m).get("id")).toList())
        .isEqualTo(List.of(0L, 2L));
    Answer again = http("DELETE", "stubs?id=1", null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json()).containsEntry("error", "no stub 1");
    assertThat(http("DELETE", "stubs", null).status()).isEqualTo(400);
    // A new stub gets a new id; the Redis port removes one alike.
    assertThat(ok("POST", "stubs", "{\"match\": {\"command\": \"PING\"}}")).containsEntry("id", 3L);
    assertThat(redis.bulk("CORTADO.UNSTUB", "{\"id\": 0}")).isEqualTo("{\"removed\":0}");
    assertThat(redis.call("GET", "a")).isEqualTo("$-1\r\n");
    // Removed through the Java API, a stub leaves the list; the remaining ids stand.
    server.mock().remove(server.mock().stubs().get(0));
    listed = (List<?>) ok("GET", "stubs", null).get("stubs");
    assertThat(listed.stream().map(m -> ((Map<?, ?>) m).get("id")).toList())
        .isEqualTo(List.of(3L));
    // Once no stub is left (a reset), ids start from 0 again.
    ok("POST", "mock/reset", null);
    assertThat(ok("POST", "stubs", "{\"match\": {\"command\": \"PING\"}}")).containsEntry("id", 0L);
  }

  @Test
  void cortadoCommandsOnTheRedisPortAreUnseenByStubsAndJournal() {
    assertThat(redis.bulk("CORTADO.STUB", "{\"match\": {\"command\": \"GET\"}, \"respond\": "
        + "{\"error\": \"ERR boom\"}}")).startsWith("{\"id\":0,");
    assertThat(redis.call("GET", "a")).isEqualTo("-ERR boom\r\n");
    assertThat(redis.bulk("CORTADO.VERIFY", "{\"match\": {\"command\": \"GET\"}, \"times\": 1}"))
        .isEqualTo("{\"ok\":true,\"count\":1}");
    String failed = redis.call("CORTADO.VERIFY", "{\"match\": {\"command\": \"SET\"}}");
    assertThat(failed).startsWith("-VERIFYFAILED Expected SET (any arguments) at least once, "
        + "but it arrived 0 times. | Closest commands received (of 1): |   #1 db0 GET \"a\"");
    assertThat(failed.indexOf('\n')).isEqualTo(failed.length() - 1);
    assertThat(redis.call("CORTADO.VERIFY", "{\"match\": {}, \"withinMs\": 10}"))
        .startsWith("-ERR withinMs cannot wait on the Redis port");
    assertThat(redis.call("CORTADO.STUB", "nope")).startsWith("-ERR invalid JSON at offset 0");
    assertThat(redis.call("CORTADO.STUB", "{}", "{}")).startsWith("-ERR wrong number of arguments");
    redis.call("SET", "session", "x", "EX", "10");
    assertThat(redis.bulk("CORTADO.CLOCK", "{\"advanceMs\": 4000}")).contains("\"manual\":true");
    assertThat(redis.call("TTL", "session")).isEqualTo(":6\r\n");
    assertThat(redis.bulk("CORTADO.JOURNAL", "{\"command\": \"TTL\"}")).contains("\"matched\":1");
    // Strict mode refuses unmatched commands, never the admin's own.
    redis.bulk("CORTADO.MODE", "{\"strict\": true}");
    assertThat(redis.call("SET", "x", "1")).startsWith("-ERR Cortado strict mock");
    // GET a, SET session, TTL session, SET x: the CORTADO.* commands between them are not counted.
    assertThat(redis.bulk("CORTADO.COUNT", "{\"match\": {}}")).isEqualTo("{\"count\":4}");
    assertThat(server.mock().journal()).noneMatch(c -> c.name().startsWith("CORTADO."));
    assertThat(redis.call("MULTI")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CORTADO.INFO")).isEqualTo(
        "-ERR Command not allowed inside a transaction\r\n");
    redis.call("DISCARD");
    assertThat(redis.bulk("CORTADO.RESET")).isEqualTo("{\"reset\":true}");
    assertThat(server.mock().stubs()).isEmpty();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(redis.call("EXISTS", "session")).isEqualTo(":0\r\n");
  }

  @Test
  void theConsoleIsServed() {
    Answer page = http("GET", "console/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("<title>Cortado console</title>", "console.js");
    assertThat(http("GET", "console/console.js", null).text()).contains("journal?since=");
    assertThat(http("GET", "console/console.css", null).status()).isEqualTo(200);
    assertThat(http("GET", "console/../AdminApi.class", null).status()).isEqualTo(404);
  }

  @Test
  void theAdminPortFollowsTheServerAcrossStopAndStart() throws Exception {
    int port = server.adminPort();
    assertThat(port).isPositive();
    assertThat(ok("GET", "info", null).get("port")).isEqualTo((long) server.port());
    server.stop();
    assertThat(server.adminPort()).isEqualTo(-1);
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__admin/info"))
        .build();
    assertThatThrownBy(() -> HTTP.send(r, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    server.start();
    redis.close();
    redis = new TestClient(server);
    assertThat(ok("GET", "info", null).get("adminPort")).isEqualTo((long) server.adminPort());
  }

  @Test
  void anAdminPortAlreadyTakenFailsTheStartAndFreesTheRedisPort() {
    int taken = server.adminPort();
    CortadoServer second = CortadoServer.builder().adminPort(taken).build();
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot bind the admin port");
    assertThat(second.isRunning()).isFalse();
    assertThatThrownBy(() -> CortadoServer.builder().adminPort(70000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inProtectedModeTheAdminInterfaceStaysOnLoopbackEvenWithAPassword() throws Exception {
    String external = null;
    for (java.net.NetworkInterface n : java.util.Collections.list(
        java.net.NetworkInterface.getNetworkInterfaces())) {
      for (java.net.InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
        if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
          external = a.getHostAddress();
        }
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "no non-loopback address");
    CortadoServer exposed = CortadoServer.builder().bind(external).password("secret").adminPort(0)
        .build();
    assertThatThrownBy(exposed::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("protected mode: the admin interface has no password");
    assertThat(exposed.isRunning()).isFalse();
    try (CortadoServer open = CortadoServer.builder().bind(external).password("secret")
        .protectedMode(false).adminPort(0).build().start()) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + external
          + ":" + open.adminPort() + "/__admin/info")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  /** Every operation, every field, hostile values: a 4xx with a reason, never a crash or a hang. */
  @Test
  void hostileValuesGetAReasonNeverAServerError() {
    AdminApi api = new AdminApi(server);
    List<String> operations = List.of("info", "stubs", "stub", "mode", "journal", "clear-journal",
        "verify", "count", "verify-expectations", "verify-in-order", "verify-no-unexpected", "clock",
        "keys", "key", "put-key", "delete-key");
    List<String> fields = List.of("match", "respond", "times", "expectation", "strict", "inOrder",
        "since", "client", "command", "key", "limit", "atLeast", "atMost", "never", "withinMs",
        "matches", "advanceMs", "setMillis", "set", "reset", "db", "string", "hash", "list", "set",
        "zset", "ttlMs", "nope");
    List<Object> values = java.util.Arrays.asList(-1L, Long.MAX_VALUE, Long.MIN_VALUE, "x", "",
        List.of(), List.of(List.of()), Map.of(), Map.of("command", 5L), null, true, 1.5, -1e300);
    for (String op : operations) {
      for (String field : fields) {
        for (Object value : values) {
          Map<String, Object> params = new java.util.HashMap<>();
          params.put(field, value);
          if (!field.equals("match")) {
            params.put("match", Map.of("command", "NOPE"));
          }
          if (op.equals("verify") && field.equals("withinMs")) {
            continue; // a real wait: covered by verifyWithinWaitsForACommandSentLater
          }
          AdminApi.Result r = api.call(op, params, true);
          assertThat(r.status()).as(op + " " + params + " -> " + r.body()).isLessThan(500);
        }
      }
    }
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }
}
