package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SLOWLOG (slowlog.c): each command that took at least {@code slowlog-log-slower-than}
 * microseconds, newest first, at most {@code slowlog-max-len} of them; at most 32 arguments of at
 * most 128 bytes each are kept, and secrets (AUTH's, HELLO AUTH's, ACL SETUSER's, CONFIG SET of a
 * password) are logged as "(redacted)", as Redis logs them.
 */
final class SlowLogCommands {
  private static final int MAX_ARGS = 32;
  private static final int MAX_STRING = 128;
  private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);
  private static final Set<String> SECRET_CONFIGS = Set.of("requirepass", "masterauth", "masteruser");

  /** One logged command. */
  private record Entry(long id, long unixSeconds, long micros, byte[][] args, String peer,
      byte[] name) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long nextId;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("SlowLogCommands");
      String g = "server";
      int flags = ADMIN | LOADING | STALE;
      t.container("slowlog", g, "A container for slow log commands")
          .docs("2.2.12", "Depends on subcommand.");
      // In Redis's order (its command table's hash order), which COMMAND INFO and DOCS list.
      t.sub("slowlog", "reset", 2, flags, 0, 0, 0, "Clear all entries from the slow log",
          "slowlogReset")
          .docs("2.2.12", "O(N) where N is the number of entries in the slowlog")
          .tips("request_policy:all_nodes", "response_policy:all_succeeded");
      t.sub("slowlog", "len", 2, flags, 0, 0, 0, "Get the slow log's length", "slowlogLen")
          .docs("2.2.12", "O(1)")
          .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output");
      t.sub("slowlog", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "slowlogHelp")
          .docs("6.2.0", "O(1)");
      t.sub("slowlog", "get", -2, flags, 0, 0, 0, "Get the slow log's entries", "slowlogGet")
          .docs("2.2.12", "O(N) where N is the number of entries returned")
          .tips("request_policy:all_nodes", "nondeterministic_output");
    }
  }

  /**
   * Logs a command that ran for {@code micros} if that is slow enough (Redis's
   * slowlogPushEntryIfNeeded); a negative threshold logs nothing.
   */
  void record(Connection connection, boolean scriptClient, byte[][] args, long micros,
      long slowerThan, long maxLen, long nowMillis) {
    if (slowerThan < 0 || micros < slowerThan) {
      return;
    }
    byte[][] redacted = redacted(args);
    int argc = Math.min(redacted.length, MAX_ARGS);
    byte[][] kept = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      if (i == argc - 1 && argc != redacted.length) {
        kept[i] = ("... (" + (redacted.length - argc + 1) + " more arguments)")
            .getBytes(StandardCharsets.US_ASCII);
      } else if (redacted[i].length > MAX_STRING) {
        byte[] cut = new byte[MAX_STRING];
        System.arraycopy(redacted[i], 0, cut, 0, MAX_STRING);
        byte[] more = ("... (" + (redacted[i].length - MAX_STRING) + " more bytes)")
            .getBytes(StandardCharsets.US_ASCII);
        kept[i] = concat(cut, more);
      } else {
        kept[i] = redacted[i];
      }
    }
    String peer = scriptClient ? "?:0" : connection.address();
    byte[] name = scriptClient || connection.name == null ? new byte[0] : connection.name;
    entries.addFirst(new Entry(nextId++, nowMillis / 1000, micros, kept, peer, name));
    while (entries.size() > maxLen) {
      entries.removeLast();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The arguments with Redis's redactions (redactClientCommandArgument's callers). */
  private static byte[][] redacted(byte[][] args) {
    int from = -1;
    byte[][] out = null;
    if (Ascii.equalsIgnoreCase(args[0], "auth")) {
      from = 1;
    } else if (Ascii.equalsIgnoreCase(args[0], "acl") && args.length > 1
        && Ascii.equalsIgnoreCase(args[1], "setuser")) {
      from = 2;
    }
    if (from > 0) {
      out = args.clone();
      for (int i = from; i < out.length; i++) {
        out[i] = REDACTED;
      }
      return out;
    }
    if (Ascii.equalsIgnoreCase(args[0], "hello")) {
      for (int i = 2; i + 2 < args.length; i++) {
        if (Ascii.equalsIgnoreCase(args[i], "auth")) {
          out = out == null ? args.clone() : out;
          out[i + 1] = REDACTED;
          out[i + 2] = REDACTED;
          i += 2;
        }
      }
    } else if (Ascii.equalsIgnoreCase(args[0], "config") && args.length > 1
        && Ascii.equalsIgnoreCase(args[1], "set")) {
      for (int i = 2; i + 1 < args.length; i += 2) {
        String name = new String(args[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (SECRET_CONFIGS.contains(name)) {
          out = out == null ? args.clone() : out;
          out[i + 1] = REDACTED;
        }
      }
    }
    return out == null ? args : out;
  }

  private static SlowLogCommands log(Call c) {
    return c.dispatcher.slowLog;
  }

  // SLOWLOG GET [count]
  static Reply slowlogGet(Call c) {
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax(c.str(1), "SLOWLOG"));
    }
    long count = 10;
    if (c.argc() == 3) {
      count = Numbers.isLong(c.arg(2)) ? Numbers.parseLong(c.arg(2), -2) : -2;
      if (count < -1) {
        throw Call.error(Errors.SLOWLOG_COUNT);
      }
    }
    List<Reply> out = new ArrayList<>();
    Iterator<Entry> it = log(c).entries.iterator();
    while (it.hasNext() && (count == -1 || out.size() < count)) {
      Entry e = it.next();
      List<Reply> args = new ArrayList<>(e.args.length);
      for (byte[] arg : e.args) {
        args.add(Reply.bulk(arg));
      }
      out.add(Reply.array(List.of(Reply.integer(e.id), Reply.integer(e.unixSeconds),
          Reply.integer(e.micros), Reply.array(args), Reply.bulk(e.peer), Reply.bulk(e.name))));
    }
    return Reply.array(out);
  }

  // SLOWLOG LEN
  static Reply slowlogLen(Call c) {
    return Reply.integer(log(c).entries.size());
  }

  // SLOWLOG RESET
  static Reply slowlogReset(Call c) {
    log(c).entries.clear();
    return Reply.OK;
  }

  // SLOWLOG HELP
  static Reply slowlogHelp(Call c) {
    return Call.helpReply("SLOWLOG",
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.");
  }
}
