package dev.cortado.mock;

import dev.cortado.keyspace.Glob;
import dev.cortado.protocol.Quoting;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Everything a mocking test writes, to import statically: command patterns, argument matchers,
 * responses (values, Redis errors, faults) and counts.
 *
 * <pre>{@code
 * import static dev.cortado.mock.Mock.*;
 *
 * RedisMock mock = redis.mock();
 * mock.when(command("GET", "config")).thenReturn(value("{\"on\":true}"));
 * mock.when(command("SET").withArgsStartingWith("lock")).thenReturn(READONLY).once();
 * mock.when(command("HGETALL").withKey(glob("user:*"))).thenReturn(ok().delayedBy(ofSeconds(2)));
 * mock.verify(times(2), command("DEL", "lock"));
 * }</pre>
 */
public final class Mock {
  private Mock() {}

  // ---- errors, byte for byte as Redis 7.0 sends them

  public static final Response LOADING = error("LOADING Redis is loading the dataset in memory");
  public static final Response BUSY = error("BUSY Redis is busy running a script. You can only call "
      + "SCRIPT KILL or SHUTDOWN NOSAVE.");
  public static final Response READONLY = error("READONLY You can't write against a read only replica.");
  public static final Response OOM = error("OOM command not allowed when used memory > 'maxmemory'.");
  public static final Response NOSCRIPT = error("NOSCRIPT No matching script. Please use EVAL.");
  public static final Response MASTERDOWN = error("MASTERDOWN Link with MASTER is down and "
      + "replica-serve-stale-data is set to 'no'.");
  public static final Response CLUSTERDOWN = error("CLUSTERDOWN The cluster is down");
  public static final Response TRYAGAIN =
      error("TRYAGAIN Multiple keys request during rehashing of slot");

  // ---- patterns

  /**
   * A command by name, any case; {@code "CLIENT SETNAME"} names a subcommand. With arguments, exactly
   * these (Strings, byte[], numbers or {@link ArgumentMatcher}s); without, any arguments.
   */
  public static CommandPattern command(String name, Object... args) {
    CommandPattern p = CommandPattern.named(Objects.requireNonNull(name, "name"));
    return args.length == 0 ? p : p.withArgs(args);
  }

  /**
   * EVAL, EVALSHA, EVAL_RO or EVALSHA_RO running this Lua source: EVAL by its text, EVALSHA by the
   * source's SHA-1, so it matches before the server has the script cached too (as a client's first
   * EVALSHA, answered NOSCRIPT by a real server).
   */
  public static CommandPattern script(String source) {
    Objects.requireNonNull(source, "source");
    String sha = dev.cortado.script.LuaScripts.sha1hex(source.getBytes(StandardCharsets.UTF_8));
    return scriptWhere("script " + abbreviate(source), sha, s -> s.equals(source));
  }

  /** EVALSHA or EVALSHA_RO of the script with this SHA-1 (any case), or EVAL of a source with it. */
  public static CommandPattern scriptSha(String sha) {
    String lower = Objects.requireNonNull(sha, "sha").toLowerCase(Locale.ROOT);
    return anyCommand().where("script with SHA-1 " + lower, c -> {
      if (isEvalsha(c)) {
        return c.args().get(0).toLowerCase(Locale.ROOT).equals(lower);
      }
      byte[] source = c.scriptSourceBytes();
      return source != null && dev.cortado.script.LuaScripts.sha1hex(source).equals(lower);
    });
  }

  /**
   * EVAL, EVALSHA or their read-only forms running a source that contains {@code fragment}: for
   * EVALSHA, the source the server has cached under that SHA-1.
   */
  public static CommandPattern scriptContaining(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    return scriptWhere("script containing " + abbreviate(fragment), null,
        s -> s.contains(fragment));
  }

  private static CommandPattern scriptWhere(String description, String sha,
      Predicate<String> source) {
    return anyCommand().where(description, c -> {
      if (sha != null && isEvalsha(c) && c.args().get(0).toLowerCase(Locale.ROOT).equals(sha)) {
        return true;
      }
      String text = c.scriptSource();
      return text != null && source.test(text);
    });
  }

  private static boolean isEvalsha(RecordedCommand c) {
    String name = c.name();
    return (name.equals("EVALSHA") || name.equals("EVALSHA_RO")) && c.argCount() > 0;
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return "\"" + (flat.length() > 40 ? flat.substring(0, 40) + "..." : flat) + "\"";
  }

  /** Every command; narrow it with {@code withKey}, {@code inDatabase}, {@code fromClient}... */
  public static CommandPattern anyCommand() {
    return CommandPattern.any();
  }

  // ---- argument matchers

  /** Equal to this text (UTF-8). */
  public static ArgumentMatcher eq(String value) {
    return eq(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Equal to these bytes. */
  public static ArgumentMatcher eq(byte[] value) {
    byte[] copy = value.clone();
    return named(arg -> Arrays.equals(arg, copy), Quoting.quote(copy));
  }

  static ArgumentMatcher eqIgnoreCase(String value) {
    return named(arg -> new String(arg, StandardCharsets.UTF_8).equalsIgnoreCase(value), value);
  }

  /** Any value. */
  public static ArgumentMatcher any() {
    return named(arg -> true, "any()");
  }

  /** The whole argument matches this regular expression (UTF-8 text). */
  public static ArgumentMatcher regex(String regex) {
    Pattern p = Pattern.compile(regex);
    return named(arg -> p.matcher(new String(arg, StandardCharsets.UTF_8)).matches(),
        "regex(" + regex + ")");
  }

  /** Matches this glob as KEYS and SCAN MATCH do: {@code *}, {@code ?}, {@code [a-z]}, {@code \}. */
  public static ArgumentMatcher glob(String glob) {
    byte[] pattern = glob.getBytes(StandardCharsets.UTF_8);
    return named(arg -> Glob.matches(pattern, arg), "glob(" + glob + ")");
  }

  /** Any condition on the argument as UTF-8 text; {@code description} appears in messages. */
  public static ArgumentMatcher arg(String description, Predicate<String> condition) {
    Objects.requireNonNull(condition, "condition");
    return named(arg -> condition.test(new String(arg, StandardCharsets.UTF_8)), description);
  }

  private static ArgumentMatcher named(ArgumentMatcher m, String text) {
    return new ArgumentMatcher() {
      @Override
      public boolean matches(byte[] argument) {
        return m.matches(argument);
      }

      @Override
      public String toString() {
        return text;
      }
    };
  }

  static ArgumentMatcher matcher(Object arg) {
    if (arg instanceof ArgumentMatcher m) {
      return m;
    }
    if (arg instanceof String s) {
      return eq(s);
    }
    if (arg instanceof byte[] b) {
      return eq(b);
    }
    if (arg instanceof Number || arg instanceof Character) {
      return eq(String.valueOf(arg));
    }
    throw new IllegalArgumentException("an argument is a String, byte[], number or ArgumentMatcher, not "
        + (arg == null ? "null" : arg.getClass().getName()));
  }

  // ---- values

  /** A bulk string (UTF-8). */
  public static Response value(String value) {
    return Response.reply(Reply.bulk(Objects.requireNonNull(value, "value; use nil()")),
        "value(\"" + value + "\")");
  }

  /** A bulk string of these bytes. */
  public static Response value(byte[] value) {
    return Response.reply(Reply.bulk(value.clone()), "value(" + value.length + " bytes)");
  }

  /** An array of bulk strings, e.g. for MGET or SMEMBERS; a null element is a nil. */
  public static Response values(String... values) {
    List<Reply> items = new ArrayList<>(values.length);
    for (String v : values) {
      items.add(Reply.bulk(v));
    }
    return Response.reply(Reply.array(items), "values" + Arrays.toString(values));
  }

  public static Response integer(long value) {
    return Response.reply(Reply.integer(value), "integer(" + value + ")");
  }

  /** Nil: {@code $-1} in RESP2, {@code _} in RESP3 (GET of a missing key). */
  public static Response nil() {
    return Response.reply(Reply.NULL, "nil()");
  }

  /** A nil array: {@code *-1} in RESP2, {@code _} in RESP3 (an aborted EXEC). */
  public static Response nilArray() {
    return Response.reply(Reply.NULL_ARRAY, "nilArray()");
  }

  /** {@code +OK}. */
  public static Response ok() {
    return status("OK");
  }

  /** A simple string such as {@code PONG}. */
  public static Response status(String text) {
    return Response.reply(Reply.simple(oneLine(text)), "status(" + text + ")");
  }

  /** A double: {@code ,3.5} in RESP3, a bulk string in RESP2. */
  public static Response doubleValue(double value) {
    String text = Double.isNaN(value) ? "nan"
        : Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf")
        : value == Math.rint(value) && Math.abs(value) < 1e17 ? Long.toString((long) value)
        : Double.toString(value);
    return Response.reply(Reply.dbl(text), "doubleValue(" + text + ")");
  }

  /** A boolean: {@code #t} in RESP3, the integer 1 or 0 in RESP2. */
  public static Response bool(boolean value) {
    return Response.reply(Reply.bool(value), "bool(" + value + ")");
  }

  /** An array of values (not errors or faults). */
  public static Response array(Response... items) {
    return Response.reply(Reply.array(replies(items)), "array" + Arrays.toString(items));
  }

  /** A map of key, value, key, value...: a RESP3 map, a flat array in RESP2. */
  public static Response map(Response... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("a map needs keys and values in pairs");
    }
    return Response.reply(Reply.map(replies(keysAndValues)), "map" + Arrays.toString(keysAndValues));
  }

  /** A RESP3 set, an array in RESP2. */
  public static Response set(Response... items) {
    return Response.reply(Reply.set(replies(items)), "set" + Arrays.toString(items));
  }

  private static List<Reply> replies(Response[] items) {
    List<Reply> out = new ArrayList<>(items.length);
    for (Response r : items) {
      out.add(r.value());
    }
    return out;
  }

  /** An error reply; the text starts with its code: {@code error("ERR something broke")}. */
  public static Response error(String text) {
    return Response.reply(Reply.error(oneLine(text)), "error(\"" + text + "\")");
  }

  /** A cluster redirection: {@code MOVED 3999 127.0.0.1:6381}. */
  public static Response moved(int slot, String hostAndPort) {
    return error("MOVED " + slot + " " + hostAndPort);
  }

  /** A cluster redirection for one command: {@code ASK 3999 127.0.0.1:6381}. */
  public static Response ask(int slot, String hostAndPort) {
    return error("ASK " + slot + " " + hostAndPort);
  }

  private static String oneLine(String text) {
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a status or error is one line: " + text);
    }
    return text;
  }

  // ---- behaviours

  /** Runs the command for real (the keyspace answers); with a delay, a slow server. */
  public static Response passThrough() {
    return Response.of(Response.Kind.PASS_THROUGH, null, "passThrough()");
  }

  /** Computes the response from the command, e.g. echoing an argument. */
  public static Response answer(Function<RecordedCommand, Response> answer) {
    return Response.answer(answer);
  }

  /** Closes the connection (FIN) instead of answering: the client sees the connection end. */
  public static Response closeConnection() {
    return Response.of(Response.Kind.CLOSE, null, "closeConnection()");
  }

  /** Resets the connection (TCP RST): the client sees "connection reset". */
  public static Response resetConnection() {
    return Response.of(Response.Kind.RESET, null, "resetConnection()");
  }

  /** Never answers, nor anything after it on this connection: the client times out. */
  public static Response noReply() {
    return Response.of(Response.Kind.NO_REPLY, null, "noReply()");
  }

  /** Bytes that are not RESP: the client's parser fails. */
  public static Response garbled() {
    return raw("@garbled\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** The first half of the response's bytes, then the connection closes: a frame cut short. */
  public static Response truncated(Response response) {
    return Response.of(Response.Kind.CLOSE, Reply.truncated(response.value()),
        "truncated(" + response + ")");
  }

  /** These bytes, exactly, whatever the protocol. */
  public static Response raw(byte[] bytes) {
    return Response.reply(Reply.raw(bytes), "raw(" + bytes.length + " bytes)");
  }

  // ---- counts, for verify

  public static Times times(int n) {
    return Times.exactly(n);
  }

  public static Times never() {
    return Times.exactly(0);
  }

  public static Times atLeast(int n) {
    return Times.atLeast(n);
  }

  public static Times atMost(int n) {
    return Times.atMost(n);
  }
}
