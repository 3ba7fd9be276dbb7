package dev.cortado.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command as declared in the table: its name, arity (Redis convention: -N means at least N),
 * flags, key positions and handler. A container command (CLIENT, CONFIG...) holds subcommands instead
 * of a handler of its own.
 */
final class CommandSpec {
  static final int WRITE = 1;
  static final int READONLY = 1 << 1;
  static final int DENYOOM = 1 << 2;
  static final int ADMIN = 1 << 3;
  static final int NOSCRIPT = 1 << 4;
  static final int LOADING = 1 << 5;
  static final int STALE = 1 << 6;
  static final int FAST = 1 << 7;
  static final int NO_AUTH = 1 << 8;
  static final int ALLOW_BUSY = 1 << 9;
  static final int PUBSUB = 1 << 10;
  static final int BLOCKING = 1 << 11;
  static final int SKIP_SLOWLOG = 1 << 12;
  static final int NO_MULTI = 1 << 13;
  static final int SENTINEL = 1 << 14;

  /** Flag names in the order COMMAND INFO lists them. */
  static final String[] FLAG_NAMES = {
      "write", "readonly", "denyoom", "admin", "noscript", "loading", "stale", "fast", "no_auth",
      "allow_busy", "pubsub", "blocking", "skip_slowlog", "no_multi", "sentinel"};

  /** Lower case; "container|sub" for subcommands, as Redis names them in errors. */
  final String name;
  final int arity;
  final int flags;
  final int firstKey;
  final int lastKey;
  final int keyStep;
  /** Redis's command group for COMMAND DOCS: "string", "generic", "connection", "server"... */
  final String group;
  final String summary;
  final Handler handler;
  final Map<String, CommandSpec> subcommands;

  CommandSpec(String name, int arity, int flags, int firstKey, int lastKey, int keyStep,
      String group, String summary, Handler handler) {
    this.name = name;
    this.arity = arity;
    this.flags = flags;
    this.firstKey = firstKey;
    this.lastKey = lastKey;
    this.keyStep = keyStep;
    this.group = group;
    this.summary = summary;
    this.handler = handler;
    this.subcommands = handler == null ? new LinkedHashMap<>() : Collections.emptyMap();
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  boolean isContainer() {
    return handler == null;
  }

  boolean arityAccepts(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }
}
