package dev.cortado.command;

import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.protocol.Reply;

/** Generic keyspace commands: DEL, EXISTS, TTLs, SCAN... */
final class KeyCommands {
  private KeyCommands() {}

  static void register(CommandTable t) {
    String g = "generic";
    t.add("del", -2, WRITE, 1, -1, 1, g, "Deletes one or more keys.", KeyCommands::del);
  }

  // DEL key [key ...]
  static Reply del(Call c) {
    long n = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().remove(c.arg(i)) != null) {
        n++;
      }
    }
    return Reply.integer(n);
  }
}
