package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Numbers;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
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
    return i < args.length && str(i).equalsIgnoreCase(word);
  }

  long longArg(int i) {
    return parseLong(args[i]);
  }

  static long parseLong(byte[] bytes) {
    if (!Numbers.isLong(bytes)) {
      throw new RedisException(Errors.NOT_INTEGER);
    }
    return Numbers.parseLong(bytes, 0);
  }

  /** An integer argument that must fit an int, with Redis's error otherwise. */
  int intArg(int i) {
    long v = longArg(i);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new RedisException(Errors.NOT_INTEGER);
    }
    return (int) v;
  }

  Database db() {
    return server.db(connection.db);
  }

  long now() {
    return server.clock.millis();
  }

  /** The string at a key for a read: null when missing, WRONGTYPE when it holds another type. */
  StringValue readString(byte[] key) {
    return asString(db().lookupRead(key));
  }

  /** The string at a key for a write: no hit/miss counting. */
  StringValue writeString(byte[] key) {
    return asString(db().get(key));
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
}
