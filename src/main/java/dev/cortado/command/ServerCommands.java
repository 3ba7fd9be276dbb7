package dev.cortado.command;

import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.READONLY;

import dev.cortado.protocol.Reply;

/** Server commands: INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, COMMAND, CONFIG, FUNCTION. */
final class ServerCommands {
  private ServerCommands() {}

  static void register(CommandTable t) {
    String g = "server";
    t.add("dbsize", 1, READONLY | FAST, 0, 0, 0, g, "Returns the number of keys in the database.",
        ServerCommands::dbsize);
  }

  // DBSIZE
  static Reply dbsize(Call c) {
    return Reply.integer(c.db().size());
  }
}
