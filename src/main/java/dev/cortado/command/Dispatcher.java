package dev.cortado.command;

import dev.cortado.protocol.Reply;
import dev.cortado.server.CommandExecutor;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one path every command takes: look it up, check arity and authentication, run its handler,
 * turn a {@link RedisException} into the error reply. Later steps (MULTI queueing, the mock layer, the
 * journal) belong here too, not in handlers.
 */
public final class Dispatcher implements CommandExecutor {
  private final ServerState server;
  private final CommandTable table;

  public Dispatcher(ServerState server, CommandTable table) {
    this.server = server;
    this.table = table;
  }

  CommandTable table() {
    return table;
  }

  @Override
  public Reply execute(Connection connection, byte[][] args) {
    connection.lastInteraction = server.clock.millis();
    CommandSpec spec = table.get(lowerAscii(args[0]));
    if (spec == null) {
      return Reply.error(unknownCommand(args));
    }
    if (spec.isContainer() && args.length >= 2) {
      CommandSpec sub = spec.subcommands.get(lowerAscii(args[1]));
      if (sub == null) {
        return Reply.error(sanitize(Errors.unknownSubcommand(cString(args[1], 128),
            spec.name.toUpperCase(Locale.ROOT))));
      }
      spec = sub;
    }
    if (!spec.arityAccepts(args.length)) {
      return Reply.error(Errors.wrongArity(spec.name));
    }
    if (!connection.authenticated && !spec.has(CommandSpec.NO_AUTH)) {
      return Reply.error(Errors.NOAUTH);
    }
    connection.lastCommand = spec.name;
    server.noTouch = connection.noTouch && !spec.name.equals("touch");
    try {
      return spec.handler.handle(new Call(args, connection, server, spec, this));
    } catch (RedisException e) {
      return Reply.error(e.getMessage());
    } finally {
      server.noTouch = false;
      // Counted once done, as Redis does: INFO does not count itself.
      server.stats.totalCommands++;
    }
  }

  /** Redis's reply to an unknown command, quoting up to about 128 characters of its arguments. */
  static String unknownCommand(byte[][] args) {
    StringBuilder quoted = new StringBuilder();
    for (int i = 1; i < args.length && quoted.length() < 128; i++) {
      // Each argument is cut to what is left of 128 characters before its own quotes count.
      String arg = cString(args[i], 128 - quoted.length());
      quoted.append('\'').append(arg).append("' ");
    }
    return sanitize("ERR unknown command '" + cString(args[0], 128)
        + "', with args beginning with: " + quoted);
  }

  /** Bytes as C's printf("%.*s") would print them: up to the first NUL, at most max bytes. */
  static String cString(byte[] bytes, int max) {
    int n = 0;
    while (n < bytes.length && n < max && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** Newlines in an error would break the protocol; Redis turns them into spaces. */
  private static String sanitize(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  static String lowerAscii(byte[] name) {
    char[] chars = new char[name.length];
    for (int i = 0; i < name.length; i++) {
      int c = name[i] & 0xff;
      chars[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return new String(chars);
  }
}
