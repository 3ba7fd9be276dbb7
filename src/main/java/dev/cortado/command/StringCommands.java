package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.StringValue;
import dev.cortado.protocol.Reply;

/** Commands on string values. */
final class StringCommands {
  private StringCommands() {}

  static void register(CommandTable t) {
    String g = "string";
    t.add("get", 2, READONLY | FAST, 1, 1, 1, g, "Returns the string value of a key.",
        StringCommands::get);
    t.add("set", -3, WRITE | DENYOOM, 1, 1, 1, g, "Sets the string value of a key.",
        StringCommands::set);
  }

  // GET key
  static Reply get(Call c) {
    StringValue v = c.readString(c.arg(1));
    return v == null ? Reply.NULL : Reply.bulk(v.bytes());
  }

  // SET key value (options to come)
  static Reply set(Call c) {
    c.db().put(c.arg(1), new StringValue(c.arg(2)));
    return Reply.OK;
  }
}
