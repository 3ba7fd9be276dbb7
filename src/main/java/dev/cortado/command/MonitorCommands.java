package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.util.List;

/**
 * MONITOR, and the lines monitors receive. As in Redis 7.0 a command is fed after it ran (so EXEC's
 * queued commands come before "EXEC", and SELECT shows the database it selected), except the
 * scripting commands (flagged skip_monitor), which are fed before they run so that their
 * redis.call commands, fed as {@code [db lua]}, follow them. Commands refused before running and
 * admin commands are not fed; passwords are replaced by "(redacted)" as the commands that take them
 * redact them in Redis.
 */
final class MonitorCommands {
  private MonitorCommands() {}

  /** Writes nothing: MONITOR sent by a client that already monitors gets no answer in Redis. */
  private static final Reply NOTHING = Reply.raw(new byte[0]);
  private static final byte[] REDACTED =
      "(redacted)".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("MonitorCommands");
      t.add("monitor", 1, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0, "server",
          "Listen for all requests received by the server in real time", "monitor")
          .docs("1.0.0", null);
    }
  }

  // MONITOR
  static Reply monitor(Call c) {
    Connection conn = c.connection;
    // Inside EXEC (or a script) a client expects one reply per command: Redis's DENY_BLOCKING.
    if (conn.inMulti() || conn.denyBlocking) {
      throw Call.error(Errors.MONITOR_DENY_BLOCKING);
    }
    if (conn.monitor) {
      return NOTHING;
    }
    conn.monitor = true;
    c.server.monitors.add(conn);
    return Reply.OK;
  }

  /** Whether the command is fed to monitors, and when: before it runs (scripts) or after. */
  static boolean fedBefore(CommandSpec spec) {
    return spec.has(CommandSpec.SKIP_MONITOR);
  }

  static boolean fedAfter(CommandSpec spec) {
    return !spec.has(CommandSpec.SKIP_MONITOR) && !spec.has(ADMIN);
  }

  /**
   * Sends one command's line to every monitor: {@code +<seconds>.<micros> [<db> <addr>] "arg"...},
   * a simple string in both protocols. A monitor's own command's line follows its reply.
   */
  static void feed(ServerState server, Connection from, CommandSpec spec, byte[][] args) {
    List<Connection> monitors = server.monitors;
    if (monitors.isEmpty()) {
      return;
    }
    Reply line = Reply.simple(line(server.clock.micros(), from.db,
        from == server.scriptClient ? "lua" : from.address(), redact(spec, args)));
    for (int i = 0; i < monitors.size(); i++) {
      Connection monitor = monitors.get(i);
      if (monitor.replyOff || monitor == from && monitor.skipThisReply) {
        continue; // CLIENT REPLY OFF/SKIP drops monitor lines too: Redis writes them as replies
      }
      if (monitor == from) {
        monitor.pushAfterReply(line);
      } else {
        monitor.push(line);
      }
    }
  }

  /** The text of a monitor line, arguments quoted as Redis's sdscatrepr quotes them. */
  static String line(long micros, int db, String client, byte[][] args) {
    StringBuilder sb = new StringBuilder(32 + args.length * 8);
    long seconds = Math.floorDiv(micros, 1_000_000L);
    long fraction = Math.floorMod(micros, 1_000_000L);
    sb.append(seconds).append('.');
    String us = Long.toString(fraction);
    for (int i = us.length(); i < 6; i++) {
      sb.append('0');
    }
    sb.append(us).append(" [").append(db).append(' ').append(client).append(']');
    for (byte[] arg : args) {
      sb.append(' ');
      repr(sb, arg);
    }
    return sb.toString();
  }

  /** sdscatrepr: quoted, \\ and \" escaped, C escapes for \n \r \t \a \b, \xhh for the rest. */
  static void repr(StringBuilder sb, byte[] arg) {
    sb.append('"');
    for (byte b : arg) {
      int ch = b & 0xff;
      switch (ch) {
        case '\\', '"' -> sb.append('\\').append((char) ch);
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 7 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        default -> {
          if (ch >= 0x20 && ch <= 0x7e) {
            sb.append((char) ch);
          } else {
            sb.append("\\x").append(Character.forDigit(ch >> 4, 16))
                .append(Character.forDigit(ch & 0xf, 16));
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * The arguments as monitors see them: the secrets AUTH, HELLO ... AUTH and MIGRATE ... AUTH/AUTH2
   * take are redacted where Redis's commands redact them, that is once their parsing reached them.
   */
  static byte[][] redact(CommandSpec spec, byte[][] args) {
    switch (spec.name) {
      case "auth" -> {
        if (args.length > 3) {
          return args; // a syntax error comes first
        }
        byte[][] out = args.clone();
        for (int i = 1; i < out.length; i++) {
          out[i] = REDACTED;
        }
        return out;
      }
      case "hello" -> {
        return redactHello(args);
      }
      case "migrate" -> {
        return redactMigrate(args);
      }
      default -> {
        return args;
      }
    }
  }

  private static byte[][] redactHello(byte[][] args) {
    int j = 1;
    if (args.length >= 2) {
      byte[] v = args[1];
      // Only a supported protocol version gets to the options.
      if (!(v.length == 1 && (v[0] == '2' || v[0] == '3'))) {
        return args;
      }
      j = 2;
    }
    byte[][] out = args;
    for (; j < args.length; j++) {
      int more = args.length - 1 - j;
      if (is(args[j], "auth") && more >= 2) {
        if (out == args) {
          out = args.clone();
        }
        out[j + 1] = REDACTED;
        out[j + 2] = REDACTED;
        j += 2;
      } else if (is(args[j], "setname") && more >= 1) {
        j++;
      } else {
        break;
      }
    }
    return out;
  }

  private static byte[][] redactMigrate(byte[][] args) {
    byte[][] out = args;
    for (int j = 6; j < args.length; j++) {
      int more = args.length - 1 - j;
      if (is(args[j], "copy") || is(args[j], "replace")) {
        continue;
      }
      if (is(args[j], "auth") && more >= 1) {
        out = out == args ? args.clone() : out;
        out[++j] = REDACTED;
      } else if (is(args[j], "auth2") && more >= 2) {
        out = out == args ? args.clone() : out;
        out[++j] = REDACTED;
        out[++j] = REDACTED;
      } else {
        break; // KEYS or a syntax error ends the parsing
      }
    }
    return out;
  }

  private static boolean is(byte[] arg, String word) {
    return Dispatcher.lowerAscii(arg).equals(word);
  }
}
