package dev.cortado.command;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every command Cortado knows. Each command family registers its entries in a static
 * {@code register} method at the top of its class: adding a command is one entry there, one method and
 * its tests.
 */
public final class CommandTable {
  private final Map<String, CommandSpec> commands = new LinkedHashMap<>();

  /** The table with every implemented command. */
  public static CommandTable standard() {
    CommandTable t = new CommandTable();
    ConnectionCommands.register(t);
    ServerCommands.register(t);
    StringCommands.register(t);
    KeyCommands.register(t);
    TransactionCommands.register(t);
    SetCommands.register(t);
    HashCommands.register(t);
    return t;
  }

  /** Declares a command: name, arity, flags, first key, last key, key step, group, summary. */
  CommandSpec add(String name, int arity, int flags, int firstKey, int lastKey, int step,
      String group, String summary, Handler handler) {
    String n = name.toLowerCase(Locale.ROOT);
    CommandSpec spec =
        new CommandSpec(n, arity, flags, firstKey, lastKey, step, group, summary, handler);
    commands.put(n, spec);
    return spec;
  }

  /** Declares a container command such as CLIENT; its subcommands follow with {@link #sub}. */
  CommandSpec container(String name, String group, String summary) {
    String n = name.toLowerCase(Locale.ROOT);
    CommandSpec spec = new CommandSpec(n, -2, 0, 0, 0, 0, group, summary, null);
    commands.put(n, spec);
    return spec;
  }

  /**
   * Declares a container that also runs alone, as COMMAND does: the handler serves calls without a
   * subcommand, and arity and flags are its own.
   */
  CommandSpec container(String name, int arity, int flags, String group, String summary,
      Handler handler) {
    String n = name.toLowerCase(Locale.ROOT);
    CommandSpec spec = new CommandSpec(n, arity, flags, 0, 0, 0, group, summary, handler, true);
    commands.put(n, spec);
    return spec;
  }

  /** Declares a subcommand; arity counts the container's name too, as Redis does. */
  CommandSpec sub(String container, String name, int arity, int flags, int firstKey, int lastKey,
      int step, String summary, Handler handler) {
    CommandSpec parent = commands.get(container.toLowerCase(Locale.ROOT));
    String sub = name.toLowerCase(Locale.ROOT);
    CommandSpec spec = new CommandSpec(parent.name + "|" + sub, arity, flags, firstKey, lastKey,
        step, parent.group, summary, handler);
    parent.subcommands.put(sub, spec);
    return spec;
  }

  CommandSpec get(String lowerCaseName) {
    return commands.get(lowerCaseName);
  }

  /** A command or subcommand by its full name as COMMAND INFO takes it ("get", "client|id"), any case. */
  CommandSpec find(String fullName) {
    String n = fullName.toLowerCase(Locale.ROOT);
    int bar = n.indexOf('|');
    if (bar < 0) {
      return commands.get(n);
    }
    CommandSpec parent = commands.get(n.substring(0, bar));
    return parent == null ? null : parent.subcommands.get(n.substring(bar + 1));
  }

  Collection<CommandSpec> all() {
    return Collections.unmodifiableCollection(commands.values());
  }
}
