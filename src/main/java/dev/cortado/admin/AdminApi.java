package dev.cortado.admin;

import static dev.cortado.mock.Mock.anyCommand;
import static dev.cortado.mock.Mock.command;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.RedisData;
import dev.cortado.keyspace.Glob;
import dev.cortado.mock.ArgumentMatcher;
import dev.cortado.mock.CommandPattern;
import dev.cortado.mock.Mock;
import dev.cortado.mock.MockSupport;
import dev.cortado.mock.RecordedCommand;
import dev.cortado.mock.RedisMock;
import dev.cortado.mock.Response;
import dev.cortado.mock.Stub;
import dev.cortado.mock.Times;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin core: JSON-shaped requests (maps, lists, strings, numbers) mapped onto the Java API a
 * JVM test uses ({@link RedisMock}, {@link Mock}, {@link RedisData}, {@link ManualClock},
 * {@link CortadoServer#reset()}). The HTTP port and the CORTADO.* commands are two doors to it; each
 * operation has a name ({@code "stub"}, {@code "verify"}...) and takes one JSON object.
 *
 * <p>Thread-safety is the Java API's: every call it makes hops onto the server's loop or takes the
 * mock's lock. An operation called on the loop itself (a CORTADO.* command) must not wait, so
 * {@code withinMs} is refused there.
 */
final class AdminApi {
  /** Journal entries one read returns at most, whatever {@code limit} asks. */
  static final int MAX_JOURNAL_ENTRIES = 10_000;
  /** Keys one listing returns at most. */
  static final int MAX_KEYS = 1_000;
  /** Elements of one container value shown at most. */
  static final int MAX_ELEMENTS = 1_000;
  /** Longest wait a verification may ask for. */
  static final long MAX_WAIT_MILLIS = 60_000;

  /** An operation's outcome: an HTTP status and a JSON value. */
  record Result(int status, Object body) {
    static Result ok(Object body) {
      return new Result(200, body);
    }
  }

  /** A request the admin refuses: its HTTP status and message. */
  static final class AdminException extends RuntimeException {
    final int status;

    AdminException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final CortadoServer server;
  /**
   * Each stub's id, given when the admin first sees it (added here, or listed after the test's own
   * code added it): ids stay put when another stub is removed. They start again from 0 once no stub
   * is left, as after a reset.
   */
  private final Map<Stub, Integer> stubIds = new IdentityHashMap<>();
  private int nextStubId;
  private volatile int adminPort = -1;

  AdminApi(CortadoServer server) {
    this.server = server;
  }

  void adminPort(int port) {
    this.adminPort = port;
  }

  /**
   * Runs an operation. {@code mayWait} is false on the server's loop (CORTADO.* commands), where a
   * verification must not wait for commands to arrive.
   */
  Result call(String operation, Map<String, Object> params, boolean mayWait) {
    try {
      return switch (operation) {
        case "info" -> Result.ok(info());
        case "stubs" -> Result.ok(stubs());
        case "stub" -> Result.ok(addStub(params));
        case "remove-stub" -> Result.ok(removeStub(params));
        case "mode" -> Result.ok(mode(params));
        case "journal" -> Result.ok(journal(params));
        case "clear-journal" -> {
          server.mock().clearJournal();
          yield Result.ok(Map.of("cleared", true));
        }
        case "verify" -> verify(params, mayWait);
        case "count" -> Result.ok(Map.of("count",
            server.mock().count(pattern(object(params, "match", true)))));
        case "verify-expectations" -> check(() -> server.mock().verifyExpectationsMet());
        case "verify-in-order" -> verifyInOrder(params);
        case "verify-no-unexpected" -> check(() -> server.mock().verifyNoUnexpectedCommands());
        case "clock" -> Result.ok(clock(params));
        case "reset" -> {
          server.reset();
          yield Result.ok(Map.of("reset", true));
        }
        case "reset-mock" -> {
          server.mock().reset();
          yield Result.ok(Map.of("reset", true));
        }
        case "keys" -> Result.ok(keys(params));
        case "key" -> key(params);
        case "put-key" -> Result.ok(putKey(params));
        case "delete-key" -> Result.ok(Map.of("deleted", data(params).del(keyParam(params))));
        case "flush" -> {
          server.flushAll();
          yield Result.ok(Map.of("flushed", true));
        }
        default -> throw new AdminException(404, "no admin operation " + operation);
      };
    } catch (AdminException e) {
      return new Result(e.status, error(e.getMessage()));
    } catch (IllegalArgumentException | ArithmeticException e) { // ArithmeticException: overflow
      return new Result(400, error(e.getMessage()));
    } catch (IllegalStateException e) {
      return new Result(409, error(e.getMessage()));
    }
  }

  static Map<String, Object> error(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", message == null ? "error" : message);
    return out;
  }

  // ---- info

  private Map<String, Object> info() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", server.host());
    out.put("port", server.isRunning() ? server.port() : null);
    out.put("adminPort", adminPort < 0 ? null : adminPort);
    out.put("running", server.isRunning());
    out.put("manualClock", server.clock() instanceof ManualClock);
    out.put("journal", server.mock().isJournalOn());
    return out;
  }

  // ---- stubs

  /** The ids of the stubs there are now, in matching order, numbering those not seen before. */
  private synchronized Map<Stub, Integer> stubIds() {
    List<Stub> all = server.mock().stubs();
    if (all.isEmpty()) {
      stubIds.clear();
      nextStubId = 0;
    }
    Set<Stub> live = Collections.newSetFromMap(new IdentityHashMap<>());
    live.addAll(all);
    stubIds.keySet().retainAll(live); // removed through the Java API, or by a reset
    Map<Stub, Integer> ids = new LinkedHashMap<>();
    for (Stub s : all) {
      ids.put(s, stubIds.computeIfAbsent(s, x -> nextStubId++));
    }
    return ids;
  }

  private Map<String, Object> stubs() {
    List<Object> out = new ArrayList<>();
    for (Map.Entry<Stub, Integer> e : stubIds().entrySet()) {
      Stub s = e.getKey();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.getValue());
      m.put("uses", s.uses());
      m.put("description", s.toString());
      out.add(m);
    }
    return Map.of("stubs", out);
  }

  /**
   * {"match": pattern, "respond": response or [responses], "times": n, "expectation": bool}: a
   * stub (as {@code when}) or an expectation (as {@code expect}).
   */
  private Map<String, Object> addStub(Map<String, Object> params) {
    requireKnown(params, "stub", "match", "respond", "times", "expectation");
    CommandPattern pattern = pattern(object(params, "match", true));
    List<Response> responses = new ArrayList<>();
    Object respond = params.get("respond");
    if (respond instanceof List<?> list) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("respond: give at least one response");
      }
      for (Object r : list) {
        responses.add(response(asObject(r, "respond[]")));
      }
    } else if (respond != null) {
      responses.add(response(asObject(respond, "respond")));
    }
    boolean expectation = bool(params, "expectation", false);
    Long times = number(params, "times");
    // Build it fully before adding it: a bad response must not leave a half-made stub behind.
    RedisMock mock = server.mock();
    Stub stub;
    int id;
    synchronized (this) { // two admin threads adding at once get ids in the order they added
      stubIds(); // the stubs before it numbered first
      stub = expectation ? mock.expect(pattern) : mock.when(pattern);
      id = stubIds().get(stub);
    }
    if (!responses.isEmpty()) {
      stub.thenReturn(responses.get(0), responses.subList(1, responses.size())
          .toArray(new Response[0]));
    }
    if (times != null) {
      stub.times(Math.toIntExact(Math.min(times, Integer.MAX_VALUE)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("description", stub.toString());
    return out;
  }

  /** {"id": n}: removes that stub (404 when there is none). */
  private Map<String, Object> removeStub(Map<String, Object> params) {
    requireKnown(params, "remove-stub", "id");
    Long id = number(params, "id");
    if (id == null) {
      throw new IllegalArgumentException("id: give the stub's id, as GET stubs lists it");
    }
    synchronized (this) {
      for (Map.Entry<Stub, Integer> e : stubIds().entrySet()) {
        if (e.getValue() == id.longValue() && server.mock().remove(e.getKey())) {
          stubIds.remove(e.getKey());
          return Map.of("removed", id);
        }
      }
    }
    throw new AdminException(404, "no stub " + id);
  }

  private Map<String, Object> mode(Map<String, Object> params) {
    requireKnown(params, "mode", "strict", "inOrder");
    RedisMock mock = server.mock();
    if (params.containsKey("strict")) {
      mock.strict(bool(params, "strict", false));
    }
    if (params.containsKey("inOrder")) {
      mock.inOrder(bool(params, "inOrder", false));
    }
    return Map.of("mock", mock.toString());
  }

  /**
   * A command pattern: {"command": "GET" (any when absent; "CLIENT SETNAME" names a subcommand),
   * "args": [matchers] (exactly these), "argsStartingWith": [matchers], "key": matcher, "db": n,
   * "client": name}. A matcher is a string or number (equal), or {"any": true}, {"glob": "user:*"},
   * {"regex": "..."}.
   */
  static CommandPattern pattern(Map<String, Object> m) {
    requireKnown(m, "match", "command", "args", "argsStartingWith", "key", "db", "client");
    Object name = m.get("command");
    CommandPattern p;
    if (name == null) {
      p = anyCommand();
    } else if (name instanceof String s && !s.isBlank()) {
      p = command(s);
    } else {
      throw new IllegalArgumentException("match.command is a command name");
    }
    if (m.containsKey("args") && m.containsKey("argsStartingWith")) {
      throw new IllegalArgumentException("match: args and argsStartingWith do not go together");
    }
    if (m.get("args") != null) {
      p = p.withArgs(matchers(m.get("args"), "args"));
    } else if (m.get("argsStartingWith") != null) {
      p = p.withArgsStartingWith(matchers(m.get("argsStartingWith"), "argsStartingWith"));
    }
    if (m.get("key") != null) {
      p = p.withKey(matcher(m.get("key"), "key"));
    }
    Long db = number(m, "db");
    if (db != null) {
      p = p.inDatabase(Math.toIntExact(db));
    }
    if (m.get("client") != null) {
      p = p.fromClient(string(m, "client"));
    }
    return p;
  }

  private static Object[] matchers(Object list, String what) {
    if (!(list instanceof List<?> l)) {
      throw new IllegalArgumentException("match." + what + " is an array");
    }
    Object[] out = new Object[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = matcher(l.get(i), what + "[" + i + "]");
    }
    return out;
  }

  private static ArgumentMatcher matcher(Object v, String what) {
    if (v instanceof String s) {
      return Mock.eq(s);
    }
    if (v instanceof Long || v instanceof Double) {
      return Mock.eq(numberText(v));
    }
    if (v instanceof Map<?, ?> raw) {
      Map<String, Object> m = asObject(raw, what);
      if (m.size() == 1) {
        Map.Entry<String, Object> e = m.entrySet().iterator().next();
        switch (e.getKey()) {
          case "any":
            return Mock.any();
          case "glob":
            return Mock.glob(asString(e.getValue(), what + ".glob"));
          case "regex":
            return Mock.regex(asString(e.getValue(), what + ".regex"));
          case "eq":
            return Mock.eq(asString(e.getValue(), what + ".eq"));
          default:
            break;
        }
      }
    }
    throw new IllegalArgumentException("match." + what + ": a string, a number, {\"any\": true}, "
        + "{\"glob\": \"...\"}, {\"regex\": \"...\"} or {\"eq\": \"...\"}");
  }

  /** Mock's named Redis errors, by name: {"redisError": "LOADING"}. */
  private static final Map<String, Response> REDIS_ERRORS = Map.of("LOADING", Mock.LOADING,
      "BUSY", Mock.BUSY, "READONLY", Mock.READONLY, "OOM", Mock.OOM, "NOSCRIPT", Mock.NOSCRIPT,
      "MASTERDOWN", Mock.MASTERDOWN, "CLUSTERDOWN", Mock.CLUSTERDOWN, "TRYAGAIN", Mock.TRYAGAIN);

  /**
   * A response: exactly one of {"value": s}, {"values": [s or null]}, {"integer": n}, {"nil": true},
   * {"nilArray": true}, {"status": s}, {"ok": true}, {"error": "ERR text"}, {"redisError": "LOADING"},
   * {"double": d}, {"bool": b}, {"array": [responses]}, {"map": [k, v, ...]}, {"passThrough": true},
   * {"fault": "closeConnection" | "resetConnection" | "noReply" | "garbled"}; plus "delayMs".
   */
  static Response response(Map<String, Object> m) {
    Long delay = number(m, "delayMs");
    List<String> kinds = new ArrayList<>(m.keySet());
    kinds.remove("delayMs");
    if (kinds.size() != 1) {
      throw new IllegalArgumentException("a response has exactly one of value, values, integer, "
          + "nil, nilArray, status, ok, error, redisError, double, bool, array, map, passThrough, "
          + "fault (and optionally delayMs), not " + kinds);
    }
    String kind = kinds.get(0);
    Object v = m.get(kind);
    Response r = switch (kind) {
      case "value" -> v == null ? Mock.nil() : Mock.value(asString(v, "value"));
      case "values" -> {
        if (!(v instanceof List<?> l)) {
          throw new IllegalArgumentException("values is an array of strings");
        }
        String[] items = new String[l.size()];
        for (int i = 0; i < items.length; i++) {
          items[i] = l.get(i) == null ? null : asString(l.get(i), "values[]");
        }
        yield Mock.values(items);
      }
      case "integer" -> Mock.integer(asLong(v, "integer"));
      case "nil" -> Mock.nil();
      case "nilArray" -> Mock.nilArray();
      case "status" -> Mock.status(asString(v, "status"));
      case "ok" -> Mock.ok();
      case "error" -> Mock.error(asString(v, "error"));
      case "redisError" -> {
        Response e = REDIS_ERRORS.get(asString(v, "redisError").toUpperCase(Locale.ROOT));
        if (e == null) {
          throw new IllegalArgumentException("redisError is one of "
              + new java.util.TreeSet<>(REDIS_ERRORS.keySet()));
        }
        yield e;
      }
      case "double" -> {
        if (!(v instanceof Number n)) {
          throw new IllegalArgumentException("double is a number");
        }
        yield Mock.doubleValue(n.doubleValue());
      }
      case "bool" -> {
        if (!(v instanceof Boolean b)) {
          throw new IllegalArgumentException("bool is true or false");
        }
        yield Mock.bool(b);
      }
      case "array", "map", "set" -> {
        if (!(v instanceof List<?> l)) {
          throw new IllegalArgumentException(kind + " is an array of responses");
        }
        Response[] items = new Response[l.size()];
        for (int i = 0; i < items.length; i++) {
          items[i] = response(asObject(l.get(i), kind + "[]"));
        }
        yield kind.equals("array") ? Mock.array(items) : kind.equals("map") ? Mock.map(items)
            : Mock.set(items);
      }
      case "passThrough" -> Mock.passThrough();
      case "fault" -> switch (asString(v, "fault")) {
        case "closeConnection" -> Mock.closeConnection();
        case "resetConnection" -> Mock.resetConnection();
        case "noReply" -> Mock.noReply();
        case "garbled" -> Mock.garbled();
        default -> throw new IllegalArgumentException(
            "fault is closeConnection, resetConnection, noReply or garbled");
      };
      default -> throw new IllegalArgumentException("unknown response kind " + kind);
    };
    if (delay != null) {
      r = r.delayedBy(Duration.ofMillis(delay));
    }
    return r;
  }

  // ---- journal

  /**
   * The journal, oldest first, filtered: "since" (entries after this sequence number), "client"
   * (name or id), "command" (name), "key" (a glob on the command's keys), "limit" (the newest n).
   */
  private Map<String, Object> journal(Map<String, Object> params) {
    requireKnown(params, "journal", "since", "client", "command", "key", "limit");
    RedisMock mock = server.mock();
    if (!mock.isJournalOn()) {
      throw new IllegalStateException("the journal is off (journal limit 0)");
    }
    long since = numberOrText(params, "since", 0);
    long limit = Math.max(0, Math.min(numberOrText(params, "limit", 1000), MAX_JOURNAL_ENTRIES));
    String client = text(params, "client");
    String name = text(params, "command");
    String key = text(params, "key");
    byte[] keyGlob = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    long last = MockSupport.journalSequence(mock); // first: an entry arriving now comes after it
    List<RecordedCommand> after = MockSupport.journalAfter(mock, since);
    List<RecordedCommand> kept = new ArrayList<>();
    for (RecordedCommand c : after) {
      last = Math.max(last, c.sequence());
      if (client != null && !client.equals(c.clientName())
          && !client.equals(Long.toString(c.clientId()))) {
        continue;
      }
      if (name != null && !c.name().equalsIgnoreCase(name)) {
        continue;
      }
      if (keyGlob != null && c.keys().stream()
          .noneMatch(k -> Glob.matches(keyGlob, k.getBytes(StandardCharsets.UTF_8)))) {
        continue;
      }
      kept.add(c);
    }
    int from = (int) Math.max(0, kept.size() - limit);
    List<Object> entries = new ArrayList<>();
    for (RecordedCommand c : kept.subList(from, kept.size())) {
      entries.add(entry(c));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("last", last);
    out.put("matched", kept.size());
    out.put("entries", entries);
    return out;
  }

  static Map<String, Object> entry(RecordedCommand c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", c.sequence());
    m.put("time", c.time().toString());
    m.put("clientId", c.clientId());
    m.put("client", c.clientName());
    m.put("db", c.database());
    m.put("command", c.name());
    m.put("args", c.args());
    m.put("keys", c.keys());
    m.put("reply", c.replyKind().name().toLowerCase(Locale.ROOT));
    m.put("error", c.errorText());
    m.put("stubbed", c.stubbed());
    m.put("script", c.script());
    return m;
  }

  // ---- verification

  /**
   * {"match": pattern, and one of "times": n, "atLeast": n, "atMost": n, "never": true (at least
   * once when none), "withinMs": wait up to this long}: 200 {"ok": true, "count": n}, or 409 with
   * the near-miss message the Java API's AssertionError carries.
   */
  private Result verify(Map<String, Object> params, boolean mayWait) {
    requireKnown(params, "verify", "match", "times", "atLeast", "atMost", "never", "withinMs");
    CommandPattern pattern = pattern(object(params, "match", true));
    Times times = times(params);
    Long within = number(params, "withinMs");
    if (within != null && !mayWait) {
      throw new IllegalArgumentException("withinMs cannot wait on the Redis port: verify over HTTP");
    }
    RedisMock mock = server.mock();
    try {
      if (within != null) {
        mock.verifyWithin(Duration.ofMillis(Math.max(0, Math.min(within, MAX_WAIT_MILLIS))), times,
            pattern);
      } else {
        mock.verify(times, pattern);
      }
    } catch (AssertionError e) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ok", false);
      out.put("count", mock.count(pattern));
      out.put("message", e.getMessage());
      return new Result(409, out);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", true);
    out.put("count", mock.count(pattern));
    return Result.ok(out);
  }

  private static Times times(Map<String, Object> params) {
    int given = 0;
    Times t = Mock.atLeast(1);
    for (String k : List.of("times", "atLeast", "atMost", "never")) {
      if (params.get(k) == null) {
        continue;
      }
      given++;
      t = switch (k) {
        case "times" -> Mock.times(count(params, k));
        case "atLeast" -> Mock.atLeast(count(params, k));
        case "atMost" -> Mock.atMost(count(params, k));
        default -> {
          if (!Boolean.TRUE.equals(params.get(k))) {
            throw new IllegalArgumentException("never is true");
          }
          yield Mock.never();
        }
      };
    }
    if (given > 1) {
      throw new IllegalArgumentException("give one of times, atLeast, atMost, never");
    }
    return t;
  }

  private static int count(Map<String, Object> params, String k) {
    long n = asLong(params.get(k), k);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(k + " is a count from 0");
    }
    return (int) n;
  }

  private Result verifyInOrder(Map<String, Object> params) {
    requireKnown(params, "verify-in-order", "matches");
    Object list = params.get("matches");
    if (!(list instanceof List<?> l) || l.isEmpty()) {
      throw new IllegalArgumentException("matches is a non-empty array of patterns");
    }
    CommandPattern[] patterns = new CommandPattern[l.size()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = pattern(asObject(l.get(i), "matches[]"));
    }
    return check(() -> server.mock().verifyInOrder(patterns));
  }

  private static Result check(Runnable verification) {
    try {
      verification.run();
    } catch (AssertionError e) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ok", false);
      out.put("message", e.getMessage());
      return new Result(409, out);
    }
    return Result.ok(Map.of("ok", true));
  }

  // ---- clock

  /**
   * Without arguments, the time. {"advanceMs": n} moves a manual clock forward, {"setMillis": n} or
   * {"set": "2030-01-01T00:00:00Z"} puts it at an instant, {"reset": true} back at its start.
   */
  private Map<String, Object> clock(Map<String, Object> params) {
    requireKnown(params, "clock", "advanceMs", "setMillis", "set", "reset");
    Clock clock = server.clock();
    if (!params.isEmpty()) {
      if (!(clock instanceof ManualClock manual)) {
        throw new IllegalStateException("the server has no manual clock: start it with "
            + "--manual-clock (builder: clock(new ManualClock()))");
      }
      if (params.size() > 1) {
        throw new IllegalArgumentException("give one of advanceMs, setMillis, set, reset");
      }
      if (params.containsKey("advanceMs")) {
        long ms = asLong(params.get("advanceMs"), "advanceMs");
        if (ms < 0) {
          throw new IllegalArgumentException("advanceMs cannot be negative: use setMillis to go back");
        }
        manual.advance(Duration.ofMillis(ms));
      } else if (params.containsKey("setMillis")) {
        manual.set(Instant.ofEpochMilli(asLong(params.get("setMillis"), "setMillis")));
      } else if (params.containsKey("set")) {
        try {
          manual.set(Instant.parse(asString(params.get("set"), "set")));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("set is an ISO-8601 instant such as "
              + "2030-01-01T00:00:00Z");
        }
      } else if (Boolean.TRUE.equals(params.get("reset"))) {
        manual.reset();
      } else {
        throw new IllegalArgumentException("reset is true");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Instant now = clock.instant();
    out.put("manual", clock instanceof ManualClock);
    out.put("now", now.toString());
    out.put("millis", now.toEpochMilli());
    return out;
  }

  // ---- data

  private RedisData data(Map<String, Object> params) {
    long db = numberOrText(params, "db", 0);
    if (db < 0 || db > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("db is a database number");
    }
    if (!server.isRunning()) {
      throw new IllegalStateException("server not running");
    }
    return server.data((int) db);
  }

  private static String keyParam(Map<String, Object> params) {
    String key = text(params, "key");
    if (key == null) {
      throw new IllegalArgumentException("key is required");
    }
    return key;
  }

  /** {"db": n, "match": glob, "limit": n}: keys sorted, each with its type and TTL. */
  private Map<String, Object> keys(Map<String, Object> params) {
    requireKnown(params, "keys", "db", "match", "limit");
    RedisData data = data(params);
    String match = text(params, "match");
    long limit = Math.min(Math.max(0, numberOrText(params, "limit", 200)), MAX_KEYS);
    List<String> keys = data.keys(match == null || match.isEmpty() ? "*" : match);
    List<Object> out = new ArrayList<>();
    for (String k : keys.subList(0, (int) Math.min(limit, keys.size()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", k);
      m.put("type", data.type(k));
      m.put("ttlMs", ttlMillis(data, k));
      out.add(m);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("db", data.index());
    result.put("total", keys.size());
    result.put("size", data.size());
    result.put("keys", out);
    return result;
  }

  private static Long ttlMillis(RedisData data, String key) {
    Optional<Duration> ttl = data.ttl(key);
    return ttl.map(Duration::toMillis).orElse(null);
  }

  /** {"db": n, "key": k}: its type, TTL and value (containers shortened to MAX_ELEMENTS). */
  private Result key(Map<String, Object> params) {
    requireKnown(params, "key", "db", "key");
    RedisData data = data(params);
    String key = keyParam(params);
    String type = data.type(key);
    if (type.equals("none")) {
      return new Result(404, error("no such key: " + key));
    }
    Object value = switch (type) {
      case "string" -> data.get(key);
      case "hash" -> shorten(data.hgetAll(key));
      case "list" -> shorten(data.lrange(key));
      case "set" -> shorten(new ArrayList<>(data.smembers(key)));
      case "zset" -> shorten(data.zrangeWithScores(key));
      case "stream" -> shorten(data.xrange(key));
      default -> null;
    };
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("db", data.index());
    out.put("type", type);
    out.put("ttlMs", ttlMillis(data, key));
    out.put("value", value);
    return Result.ok(out);
  }

  private static List<?> shorten(List<?> list) {
    return list.size() <= MAX_ELEMENTS ? list : list.subList(0, MAX_ELEMENTS);
  }

  private static Map<?, ?> shorten(Map<?, ?> map) {
    if (map.size() <= MAX_ELEMENTS) {
      return map;
    }
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (out.size() == MAX_ELEMENTS) {
        break;
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * {"db": n, "key": k, and one of "string": s, "hash": {f: v}, "list": [..], "set": [..],
   * "zset": {member: score}; "ttlMs": n}: replaces the key, as a client's DEL and write would.
   */
  private Map<String, Object> putKey(Map<String, Object> params) {
    requireKnown(params, "put-key", "db", "key", "string", "hash", "list", "set", "zset", "ttlMs");
    RedisData data = data(params);
    String key = keyParam(params);
    List<String> kinds = new ArrayList<>();
    for (String k : List.of("string", "hash", "list", "set", "zset")) {
      if (params.containsKey(k)) {
        kinds.add(k);
      }
    }
    if (kinds.size() != 1) {
      throw new IllegalArgumentException("give the value as one of string, hash, list, set, zset");
    }
    Long ttl = number(params, "ttlMs");
    if (ttl != null && ttl <= 0) {
      throw new IllegalArgumentException("ttlMs is positive");
    }
    String kind = kinds.get(0);
    Object v = params.get(kind);
    // Checked before the old value goes: a bad request changes nothing.
    Runnable write = switch (kind) {
      case "string" -> {
        String s = asString(v, "string");
        yield () -> data.set(key, s);
      }
      case "hash" -> {
        Map<String, String> fields = new LinkedHashMap<>();
        asObject(v, "hash").forEach((f, x) -> fields.put(f, asString(x, "hash." + f)));
        requireNonEmpty(fields.isEmpty(), "hash");
        yield () -> data.hset(key, fields);
      }
      case "list", "set" -> {
        if (!(v instanceof List<?> l)) {
          throw new IllegalArgumentException(kind + " is an array of strings");
        }
        String[] items = new String[l.size()];
        for (int i = 0; i < items.length; i++) {
          items[i] = asString(l.get(i), kind + "[]");
        }
        requireNonEmpty(items.length == 0, kind);
        yield kind.equals("list") ? () -> data.rpush(key, items) : () -> data.sadd(key, items);
      }
      default -> {
        Map<String, Double> scores = new LinkedHashMap<>();
        asObject(v, "zset").forEach((member, score) -> {
          if (!(score instanceof Number n)) {
            throw new IllegalArgumentException("zset." + member + " is a number");
          }
          scores.put(member, n.doubleValue());
        });
        requireNonEmpty(scores.isEmpty(), "zset");
        yield () -> data.zadd(key, scores);
      }
    };
    data.del(key);
    write.run();
    if (ttl != null) {
      data.expire(key, Duration.ofMillis(ttl));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("type", data.type(key));
    out.put("ttlMs", ttlMillis(data, key));
    return out;
  }

  private static void requireNonEmpty(boolean empty, String kind) {
    if (empty) {
      throw new IllegalArgumentException(kind + " cannot be empty: Redis keeps no empty " + kind);
    }
  }

  // ---- parameters

  private static void requireKnown(Map<String, Object> params, String operation, String... known) {
    Set<String> allowed = Set.of(known);
    for (String k : params.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(operation + ": unknown field \"" + k + "\" (known: "
            + String.join(", ", known) + ")");
      }
    }
  }

  private static Map<String, Object> object(Map<String, Object> params, String k, boolean required) {
    Object v = params.get(k);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException(k + " is required");
      }
      return Map.of();
    }
    return asObject(v, k);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asObject(Object v, String what) {
    if (!(v instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(what + " is a JSON object");
    }
    return (Map<String, Object>) v;
  }

  private static String asString(Object v, String what) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long || v instanceof Double) {
      return numberText(v);
    }
    throw new IllegalArgumentException(what + " is a string");
  }

  private static String numberText(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  private static long asLong(Object v, String what) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) { // query parameters come as text
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // the message below
      }
    }
    throw new IllegalArgumentException(what + " is an integer");
  }

  private static Long number(Map<String, Object> params, String k) {
    Object v = params.get(k);
    return v == null ? null : asLong(v, k);
  }

  private static long numberOrText(Map<String, Object> params, String k, long otherwise) {
    Long n = number(params, k);
    return n == null ? otherwise : n;
  }

  private static String string(Map<String, Object> params, String k) {
    return asString(params.get(k), k);
  }

  private static String text(Map<String, Object> params, String k) {
    Object v = params.get(k);
    if (v == null) {
      return null;
    }
    String s = asString(v, k);
    return s.isEmpty() ? null : s;
  }

  private static boolean bool(Map<String, Object> params, String k, boolean otherwise) {
    Object v = params.get(k);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if ("true".equals(v) || "false".equals(v)) {
      return Boolean.parseBoolean((String) v);
    }
    throw new IllegalArgumentException(k + " is true or false");
  }
}
