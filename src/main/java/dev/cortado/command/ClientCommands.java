package dev.cortado.command;

import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;

/** CLIENT and its subcommands. */
final class ClientCommands {
  private ClientCommands() {}

  static void register(CommandTable t) {
    t.container("client", "connection", "A container for client connection commands.");
    t.sub("client", "id", 2, NOSCRIPT | LOADING | STALE, 0, 0, 0,
        "Returns the unique client ID of the connection.", ClientCommands::id);
    t.sub("client", "setname", 3, NOSCRIPT | LOADING | STALE, 0, 0, 0,
        "Sets the connection name.", ClientCommands::setName);
    t.sub("client", "getname", 2, NOSCRIPT | LOADING | STALE, 0, 0, 0,
        "Returns the name of the connection.", ClientCommands::getName);
  }

  // CLIENT ID
  static Reply id(Call c) {
    return Reply.integer(c.connection.id);
  }

  // CLIENT SETNAME name
  static Reply setName(Call c) {
    byte[] name = c.arg(2);
    validateName(name);
    c.connection.name = name.length == 0 ? null : name;
    return Reply.OK;
  }

  // CLIENT GETNAME
  static Reply getName(Call c) {
    return Reply.bulk(c.connection.name);
  }

  /** Client names may not contain spaces, newlines or other special characters. */
  static void validateName(byte[] name) {
    for (byte b : name) {
      if (b < '!' || b > '~') {
        throw Call.error("ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
  }
}
