package dev.cortado.mock;

import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Quoting;
import dev.cortado.server.Interceptor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One command as the server received it: when, from which connection, in which database, with which
 * arguments, and what kind of reply it got. Entries of the {@link RedisMock#journal() journal}; also
 * what {@link Mock#arg custom matchers} and {@link Mock#answer answers} see.
 */
public final class RecordedCommand {
  private final long timeMillis;
  private final long clientId;
  private final String clientName;
  private final int database;
  private final byte[][] args;
  private final Interceptor.KeyFinder keyFinder;
  private List<byte[]> keys;
  private boolean sourceLookedUp;
  private byte[] cachedSource;
  // Set once the reply is known, before the entry is published under the mock's lock.
  long sequence;
  ReplyKind replyKind = ReplyKind.NONE;
  String errorText;
  boolean stubbed;
  String script;

  RecordedCommand(long timeMillis, long clientId, String clientName, int database,
      byte[][] args, Interceptor.KeyFinder keyFinder) {
    this.timeMillis = timeMillis;
    this.clientId = clientId;
    this.clientName = clientName;
    this.database = database;
    this.args = args;
    this.keyFinder = keyFinder;
  }

  /** 1 for the first command the server received since the journal was last cleared, then 2... */
  public long sequence() {
    return sequence;
  }

  /** When it arrived, by the server's clock (a manual clock if the server has one). */
  public Instant time() {
    return Instant.ofEpochMilli(timeMillis);
  }

  /** The connection's id, as CLIENT ID and CLIENT LIST show it. */
  public long clientId() {
    return clientId;
  }

  /** The connection's name (CLIENT SETNAME), or null. */
  public String clientName() {
    return clientName;
  }

  /** The database the connection had selected. */
  public int database() {
    return database;
  }

  /** The command name in upper case, e.g. {@code "GET"}. */
  public String name() {
    return text(args[0]).toUpperCase(Locale.ROOT);
  }

  /** The arguments after the name, as UTF-8 text. */
  public List<String> args() {
    List<String> out = new ArrayList<>(args.length - 1);
    for (int i = 1; i < args.length; i++) {
      out.add(text(args[i]));
    }
    return Collections.unmodifiableList(out);
  }

  /** The argument at {@code index} (0 = the first after the name) as bytes: Redis is binary-safe. */
  public byte[] argBytes(int index) {
    return args[index + 1].clone();
  }

  /** How many arguments follow the name. */
  public int argCount() {
    return args.length - 1;
  }

  /** The keys among the arguments, as the command table places them; for unknown commands the first. */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (byte[] key : keyBytes()) {
      out.add(text(key));
    }
    return out;
  }

  /** The kind of reply the client got; {@link ReplyKind#NONE} when none was sent. */
  public ReplyKind replyKind() {
    return replyKind;
  }

  /** The error text when the reply was an error, else null. */
  public String errorText() {
    return errorText;
  }

  /** Whether a stub answered it (or queued it, inside MULTI) rather than the keyspace. */
  public boolean stubbed() {
    return stubbed;
  }

  /**
   * The script that ran this command with {@code redis.call} or {@code redis.pcall}: its SHA-1 (as
   * EVALSHA names it); null for a command a client sent. Such a command carries the id and name of
   * the client that ran the script, and comes in the journal before that script's EVAL, which is
   * recorded once it has replied.
   */
  public String script() {
    return script;
  }

  /**
   * The Lua source this command runs: EVAL's (and EVAL_RO's) script argument; for EVALSHA (and
   * EVALSHA_RO) the source the server has cached under that SHA-1 (SCRIPT LOAD or an earlier EVAL),
   * or null when it has none. Null for other commands.
   */
  public String scriptSource() {
    byte[] source = scriptSourceBytes();
    return source == null ? null : text(source);
  }

  byte[] scriptSourceBytes() {
    if (args.length < 2) {
      return null;
    }
    byte[] name = args[0];
    if (Ascii.equalsIgnoreCase(name, "eval") || Ascii.equalsIgnoreCase(name, "eval_ro")) {
      return args[1];
    }
    if (Ascii.equalsIgnoreCase(name, "evalsha") || Ascii.equalsIgnoreCase(name, "evalsha_ro")) {
      if (!sourceLookedUp) {
        sourceLookedUp = true;
        cachedSource = keyFinder.scriptSource(
            new String(args[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
      }
      return cachedSource;
    }
    return null;
  }

  byte[][] rawArgs() {
    return args;
  }

  List<byte[]> keyBytes() {
    if (keys == null) {
      keys = keyFinder.keys(args);
    }
    return keys;
  }

  /** The command as redis-cli would echo it: {@code GET "user:1"}. */
  String commandLine() {
    return commandLine(args);
  }

  static String commandLine(byte[][] args) {
    StringBuilder sb = new StringBuilder(text(args[0]).toUpperCase(Locale.ROOT));
    for (int i = 1; i < args.length; i++) {
      sb.append(' ').append(Quoting.quote(args[i]));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "#" + sequence + " db" + database + (clientName == null ? "" : " client=" + clientName)
        + " " + commandLine() + " -> " + replyKind.name().toLowerCase(Locale.ROOT)
        + (errorText == null ? "" : " \"" + errorText + "\"") + (stubbed ? " (stubbed)" : "")
        + (script == null ? "" : " (from script " + script + ")");
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
