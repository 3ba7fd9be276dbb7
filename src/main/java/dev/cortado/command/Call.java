package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One command being executed: its arguments, the connection it came from and the server. */
final class Call {
  final byte[][] args;
  final Connection connection;
  final ServerState server;
  final CommandSpec spec;
  final Dispatcher dispatcher;

  Call(byte[][] args, Connection connection, ServerState server, CommandSpec spec,
      Dispatcher dispatcher) {
    this.args = args;
    this.connection = connection;
    this.server = server;
    this.spec = spec;
    this.dispatcher = dispatcher;
  }

  /**
   * What replicas get instead of this command, as Redis's rewriteClientCommandVector and
   * alsoPropagate: forms they can run to the same effect (XADD with the ID it generated, PEXPIREAT
   * for a relative TTL, one SREM per member SPOP took), or null to ship the command as sent (if
   * replayable) or its keys' states. More than one goes inside MULTI/EXEC, as Redis 7.0 wraps them.
   */
  java.util.List<byte[][]> propagateAs;

  private static final byte[] DEL = {'D', 'E', 'L'};
  private static final byte[] UNLINK = {'U', 'N', 'L', 'I', 'N', 'K'};

  /**
   * The command a deletion propagates as: UNLINK when the given lazyfree parameter is on (as Redis
   * chooses between shared.del and shared.unlink), else DEL.
   */
  static byte[] deletion(Call c, String lazyfreeParameter) {
    return "yes".equals(c.server.config.get(lazyfreeParameter)) ? UNLINK : DEL;
  }

  /**
   * Replicas get nothing for this command but what it adds with {@link #propagateAs(byte[]...)}, as
   * Redis's preventCommandPropagation (XREADGROUP, XCLAIM, XAUTOCLAIM).
   */
  void propagateNothing() {
    if (propagateAs == null) {
      propagateAs = new java.util.ArrayList<>(1);
    }
  }

  /** Adds a command replicas get instead of this one (see {@link #propagateAs}). */
  void propagateAs(byte[]... command) {
    if (propagateAs == null) {
      propagateAs = new java.util.ArrayList<>(1);
    }
    propagateAs.add(command);
  }

  int argc() {
    return args.length;
  }

  byte[] arg(int i) {
    return args[i];
  }

  /** An argument as text; Latin-1 so every byte maps to one char and back. */
  String str(int i) {
    return new String(args[i], StandardCharsets.ISO_8859_1);
  }

  /** An argument lower-cased, for matching option names. */
  String option(int i) {
    return str(i).toLowerCase(Locale.ROOT);
  }

  /** Whether argument i is the given option word, case-insensitively. */
  boolean is(int i, String word) {
    // Bytes, no String per test: option parsing runs on every ZADD, SET...
    return i < args.length && Ascii.equalsIgnoreCase(args[i], word);
  }

  long longArg(int i) {
    return parseLong(args[i]);
  }

  static long parseLong(byte[] bytes) {
    long value = Numbers.parseLong(bytes, Long.MIN_VALUE);
    if (value == Long.MIN_VALUE && !Numbers.isLong(bytes)) { // one parse unless at the sentinel
      throw new RedisException(Errors.NOT_INTEGER);
    }
    return value;
  }

  /** An integer argument that must fit an int, with Redis's error otherwise. */
  int intArg(int i) {
    long v = longArg(i);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new RedisException(
          "ERR value is out of range, value must between -2147483648 and 2147483647");
    }
    return (int) v;
  }

  /**
   * An integer argument in [min, max], as Redis's getRangeLongFromObjectOrReply: with a message,
   * every failure answers it; without, "not an integer" or the range itself.
   */
  long rangeArg(int i, long min, long max, String message) {
    byte[] arg = args[i];
    if (!Numbers.isLong(arg)) {
      throw error(message != null ? message : Errors.NOT_INTEGER);
    }
    long value = Numbers.parseLong(arg, 0);
    if (value < min || value > max) {
      throw error(message != null ? message : Errors.outOfRange(min, max));
    }
    return value;
  }

  Database db() {
    return server.db(connection.db);
  }

  /**
   * A keyspace event for a key of the selected database, after the change (Redis 7.0's event names;
   * class from {@link dev.cortado.keyspace.KeyspaceEvents}).
   */
  void notify(int type, String event, byte[] key) {
    db().notify(type, event, key);
  }

  long now() {
    return server.clock.millis();
  }

  /** proto-max-bulk-len: the longest string a command may build (APPEND, SETRANGE, LCS...). */
  long protoMaxBulkLen() {
    return server.config.number("proto-max-bulk-len");
  }

  /** The string at a key for a read: null when missing, WRONGTYPE when it holds another type. */
  StringValue readString(byte[] key) {
    return asString(db().lookupRead(key));
  }

  /** The string at a key for a write: no hit/miss counting. */
  StringValue writeString(byte[] key) {
    return asString(db().lookupWrite(key));
  }

  static StringValue asString(Value v) {
    if (v == null) {
      return null;
    }
    if (v instanceof StringValue s) {
      return s;
    }
    throw new RedisException(Errors.WRONGTYPE);
  }

  static RedisException error(String text) {
    return new RedisException(text);
  }

  /**
   * A SCAN cursor: an unsigned 64-bit decimal read as C's strtoul reads it, which Redis uses: an
   * optional sign ("-1" wraps to 2^64-1), leading zeros, the empty string as 0, and only the bytes
   * before a NUL. Anything else is "ERR invalid cursor".
   */
  long cursorArg(int i) {
    byte[] s = args[i];
    int end = 0;
    while (end < s.length && s[end] != 0) {
      end++;
    }
    if (end == 0) {
      return 0;
    }
    int p = 0;
    boolean negative = s[0] == '-';
    if (s[0] == '+' || s[0] == '-') {
      p++;
    }
    if (p == end) {
      throw error(Errors.INVALID_CURSOR); // a sign alone
    }
    long limit = Long.divideUnsigned(-1L, 10);
    long value = 0;
    for (; p < end; p++) {
      int d = s[p] - '0';
      if (d < 0 || d > 9 || Long.compareUnsigned(value, limit) > 0 || (value == limit && d > 5)) {
        throw error(Errors.INVALID_CURSOR);
      }
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }

  /** A help reply as Redis's addReplyHelp builds it: header, the lines, then HELP's own entry. */
  static Reply helpReply(String command, String... lines) {
    List<Reply> out = new ArrayList<>(lines.length + 3);
    out.add(Reply.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
    for (String line : lines) {
      out.add(Reply.simple(line));
    }
    out.add(Reply.simple("HELP"));
    out.add(Reply.simple("    Prints this help."));
    return Reply.array(out);
  }
}
