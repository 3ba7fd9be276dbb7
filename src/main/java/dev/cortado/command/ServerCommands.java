package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.NO_ASYNC_LOADING;
import static dev.cortado.command.CommandSpec.NO_MULTI;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.SENTINEL;
import static dev.cortado.command.CommandSpec.STALE;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.Glob;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Server commands: INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, LASTSAVE, SAVE, BGSAVE, and the COMMAND and
 * CONFIG containers. COMMAND INFO and DOCS are generated from the command table.
 */
final class ServerCommands {
  private ServerCommands() {}

  private static final int CONFIG_FLAGS = ADMIN | NOSCRIPT | LOADING | STALE;
  private static final int COMMAND_FLAGS = LOADING | STALE | SENTINEL;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ServerCommands");
      String g = "server";
      t.add("info", -1, LOADING | STALE | SENTINEL, 0, 0, 0, g,
          "Get information and statistics about the server", "info")
          .docs("1.0.0", "O(1)").acl("dangerous")
          .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
      t.add("dbsize", 1, READONLY | FAST, 0, 0, 0, g, "Return the number of keys in the selected database",
          "dbsize")
          .docs("1.0.0", "O(1)").acl("keyspace")
          .tips("request_policy:all_shards", "response_policy:agg_sum");
      t.add("flushdb", -1, WRITE, 0, 0, 0, g, "Remove all keys from the current database", "flushdb")
          .docs("1.0.0", "O(N) where N is the number of keys in the selected database")
          .acl("keyspace", "dangerous")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.add("flushall", -1, WRITE, 0, 0, 0, g, "Remove all keys from all databases", "flushall")
          .docs("1.0.0", "O(N) where N is the total number of keys in all databases")
          .acl("keyspace", "dangerous")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.add("time", 1, LOADING | STALE | FAST, 0, 0, 0, g, "Return the current server time", "time")
          .docs("2.6.0", "O(1)").tips("nondeterministic_output");
      t.add("lastsave", 1, LOADING | STALE | FAST, 0, 0, 0, g,
          "Get the UNIX time stamp of the last successful save to disk", "lastsave")
          .docs("1.0.0", "O(1)").acl("admin", "dangerous").tips("nondeterministic_output");
      t.add("save", 1, NO_ASYNC_LOADING | ADMIN | NOSCRIPT | NO_MULTI, 0, 0, 0, g,
          "Synchronously save the dataset to disk", "save")
          .docs("1.0.0", "O(N) where N is the total number of keys in all databases");
      t.add("bgsave", -1, NO_ASYNC_LOADING | ADMIN | NOSCRIPT, 0, 0, 0, g,
          "Asynchronously save the dataset to disk", "bgsave")
          .docs("1.0.0", "O(1)");

      t.container("command", -1, COMMAND_FLAGS, g,
          "Get array of Redis command details", "command")
          .docs("2.8.13", "O(N) where N is the total number of Redis commands")
          .acl("connection").tips("nondeterministic_output_order");
      t.sub("command", "count", 2, COMMAND_FLAGS, 0, 0, 0, "Get total number of Redis commands",
          "commandCount")
          .docs("2.8.13", "O(1)").acl("connection");
      t.sub("command", "info", -2, COMMAND_FLAGS, 0, 0, 0,
          "Get array of specific Redis command details, or all when no argument is given.", "commandInfo")
          .docs("2.8.13", "O(N) where N is the number of commands to look up")
          .acl("connection").tips("nondeterministic_output_order");
      t.sub("command", "docs", -2, COMMAND_FLAGS, 0, 0, 0,
          "Get array of specific Redis command documentation", "commandDocs")
          .docs("7.0.0", "O(N) where N is the number of commands to look up")
          .acl("connection").tips("nondeterministic_output_order");
      t.sub("command", "list", -2, COMMAND_FLAGS, 0, 0, 0, "Get an array of Redis command names",
          "commandList")
          .docs("7.0.0", "O(N) where N is the total number of Redis commands")
          .acl("connection").tips("nondeterministic_output_order");
      t.sub("command", "getkeys", -4, COMMAND_FLAGS, 0, 0, 0,
          "Extract keys given a full Redis command", "commandGetKeys")
          .docs("2.8.13", "O(N) where N is the number of arguments to the command").acl("connection");
      t.sub("command", "getkeysandflags", -4, COMMAND_FLAGS, 0, 0, 0,
          "Extract keys and access flags given a full Redis command", "commandGetKeysAndFlags")
          .docs("7.0.0", "O(N) where N is the number of arguments to the command").acl("connection");
      t.sub("command", "help", 2, COMMAND_FLAGS, 0, 0, 0,
          "Show helpful text about the different subcommands", "commandHelp")
          .docs("5.0.0", "O(1)").acl("connection");

      t.container("config", g, "A container for server configuration commands")
          .docs("2.0.0", "Depends on subcommand.");
      t.sub("config", "get", -3, CONFIG_FLAGS, 0, 0, 0,
          "Get the values of configuration parameters", "configGet")
          .docs("2.0.0", "O(N) when N is the number of configuration parameters provided");
      t.sub("config", "set", -4, CONFIG_FLAGS, 0, 0, 0,
          "Set configuration parameters to the given values", "configSet")
          .docs("2.0.0", "O(N) when N is the number of configuration parameters provided")
          .tips("request_policy:all_nodes", "response_policy:all_succeeded");
      t.sub("config", "resetstat", 2, CONFIG_FLAGS, 0, 0, 0, "Reset the stats returned by INFO",
          "configResetStat")
          .docs("2.0.0", "O(1)");
      t.sub("config", "rewrite", 2, CONFIG_FLAGS, 0, 0, 0,
          "Rewrite the configuration file with the in memory configuration", "configRewrite")
          .docs("2.8.0", "O(1)");
      t.sub("config", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "configHelp")
          .docs("5.0.0", "O(1)");
    }
  }

  // INFO [section [section ...]]
  static Reply info(Call c) {
    Set<String> sections = new HashSet<>();
    boolean all = false;
    if (c.argc() == 1) {
      sections.addAll(ServerInfo.DEFAULT_SECTIONS);
    }
    for (int i = 1; i < c.argc(); i++) {
      String s = c.option(i);
      switch (s) {
        case "default" -> sections.addAll(ServerInfo.DEFAULT_SECTIONS);
        case "all", "everything" -> all = true;
        default -> sections.add(s);
      }
    }
    String text = ServerInfo.text(c, sections, all);
    return Reply.verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
  }

  // DBSIZE
  static Reply dbsize(Call c) {
    return Reply.integer(c.db().size());
  }

  // FLUSHDB [ASYNC | SYNC]: both drop the keys at once; a dropped cache is left to the GC.
  static Reply flushdb(Call c) {
    checkFlushMode(c);
    c.db().clear();
    c.server.tracking.flushed(); // every tracking client: all its keys are invalid
    return Reply.OK;
  }

  // FLUSHALL [ASYNC | SYNC]
  static Reply flushall(Call c) {
    checkFlushMode(c);
    for (int i = 0; i < c.server.databaseCount(); i++) {
      c.server.db(i).clear();
    }
    c.server.tracking.flushed();
    return Reply.OK;
  }

  private static void checkFlushMode(Call c) {
    if (c.argc() > 2 || c.argc() == 2 && !c.is(1, "sync") && !c.is(1, "async")) {
      throw Call.error(Errors.SYNTAX);
    }
  }

  // TIME: seconds and microseconds of the server's clock.
  static Reply time(Call c) {
    long micros = c.server.clock.micros();
    return Reply.array(List.of(Reply.bulk(Long.toString(Math.floorDiv(micros, 1_000_000L))),
        Reply.bulk(Long.toString(Math.floorMod(micros, 1_000_000L)))));
  }

  // LASTSAVE, SAVE, BGSAVE [SCHEDULE]: RDB files (RdbFiles).
  static Reply lastsave(Call c) {
    return RdbFiles.lastsaveCommand(c);
  }

  static Reply save(Call c) {
    return RdbFiles.saveCommand(c);
  }

  static Reply bgsave(Call c) {
    return RdbFiles.bgsaveCommand(c);
  }

  // COMMAND: every command's info.
  static Reply command(Call c) {
    List<Reply> all = new ArrayList<>();
    for (CommandSpec spec : c.dispatcher.table().all()) {
      all.add(CommandInfo.info(spec));
    }
    return Reply.array(all);
  }

  // COMMAND COUNT
  static Reply commandCount(Call c) {
    return Reply.integer(c.dispatcher.table().all().size());
  }

  // COMMAND INFO [command-name [command-name ...]]
  static Reply commandInfo(Call c) {
    if (c.argc() == 2) {
      return command(c);
    }
    List<Reply> out = new ArrayList<>();
    for (int i = 2; i < c.argc(); i++) {
      CommandSpec spec = c.dispatcher.table().find(c.str(i));
      out.add(spec == null ? Reply.NULL : CommandInfo.info(spec));
    }
    return Reply.array(out);
  }

  // COMMAND DOCS [command-name [command-name ...]]: unknown names are left out.
  static Reply commandDocs(Call c) {
    List<Reply> out = new ArrayList<>();
    if (c.argc() == 2) {
      for (CommandSpec spec : c.dispatcher.table().all()) {
        out.add(Reply.bulk(spec.name));
        out.add(CommandInfo.docs(spec, c.dispatcher.table()));
      }
    }
    for (int i = 2; i < c.argc(); i++) {
      CommandSpec spec = c.dispatcher.table().find(c.str(i));
      if (spec != null) {
        out.add(Reply.bulk(spec.name));
        out.add(CommandInfo.docs(spec, c.dispatcher.table()));
      }
    }
    return Reply.map(out);
  }

  // COMMAND LIST [FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]
  static Reply commandList(Call c) {
    String filter = null;
    String value = null;
    for (int i = 2; i < c.argc(); i += 3) {
      boolean filterBy = c.is(i, "filterby") && c.argc() - 1 - i == 2;
      if (!filterBy || !Set.of("module", "aclcat", "pattern").contains(c.option(i + 1))) {
        throw Call.error(Errors.SYNTAX);
      }
      filter = c.option(i + 1);
      value = c.str(i + 2);
    }
    List<Reply> names = new ArrayList<>();
    for (CommandSpec spec : c.dispatcher.table().all()) {
      List<CommandSpec> family = new ArrayList<>();
      family.add(spec);
      family.addAll(spec.subcommands.values());
      for (CommandSpec s : family) {
        if (filter == null || listed(s, filter, value)) {
          names.add(Reply.bulk(s.name));
        }
      }
    }
    return Reply.array(names);
  }

  /** Whether a command passes COMMAND LIST's filter; there are no modules, so MODULE lists none. */
  private static boolean listed(CommandSpec s, String filter, String value) {
    return switch (filter) {
      case "aclcat" -> s.aclCategoryNames().contains(value.toLowerCase(Locale.ROOT));
      case "pattern" -> Glob.matches(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
          s.name.getBytes(StandardCharsets.UTF_8));
      default -> false;
    };
  }

  // COMMAND GETKEYS command [arg [arg ...]]
  static Reply commandGetKeys(Call c) {
    List<Reply> keys = new ArrayList<>();
    for (int pos : CommandInfo.keyPositions(c, null)) {
      keys.add(Reply.bulk(c.arg(pos)));
    }
    return Reply.array(keys);
  }

  // COMMAND GETKEYSANDFLAGS command [arg [arg ...]]
  static Reply commandGetKeysAndFlags(Call c) {
    List<Reply> keys = new ArrayList<>();
    List<List<String>> flags = new ArrayList<>();
    int[] positions = CommandInfo.keyPositions(c, flags);
    for (int i = 0; i < positions.length; i++) {
      keys.add(Reply.array(List.of(Reply.bulk(c.arg(positions[i])),
          CommandInfo.simpleSet(flags.get(i)))));
    }
    return Reply.array(keys);
  }

  // COMMAND HELP
  static Reply commandHelp(Call c) {
    return Call.helpReply(c.str(0).toUpperCase(Locale.ROOT),
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.");
  }

  // CONFIG GET parameter [parameter ...]: globs match names and aliases; an exact name is echoed
  // as the client spelled it, as Redis 7.0 does.
  static Reply configGet(Call c) {
    Config config = c.server.config;
    Map<String, String> found = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 2; i < c.argc(); i++) {
      String pattern = c.str(i);
      if (pattern.chars().noneMatch(ch -> ch == '*' || ch == '?' || ch == '[')) {
        if (config.isKnown(pattern) && seen.add(pattern.toLowerCase(Locale.ROOT))) {
          found.put(pattern, config.get(pattern));
        }
        continue;
      }
      for (String[] nameValue : config.matching(pattern)) {
        if (seen.add(nameValue[0])) {
          found.put(nameValue[0], nameValue[1]);
        }
      }
    }
    List<Reply> out = new ArrayList<>();
    found.forEach((name, value) -> {
      out.add(Reply.bulk(name));
      out.add(Reply.bulk(value));
    });
    return Reply.map(out);
  }

  // CONFIG SET parameter value [parameter value ...]: all or nothing; as in Redis the first problem
  // is reported, names (unknown, read-only, repeated) before values.
  static Reply configSet(Call c) {
    if (c.argc() % 2 != 0) {
      throw Call.error(Errors.SYNTAX);
    }
    Config config = c.server.config;
    Set<String> names = new HashSet<>();
    for (int i = 2; i < c.argc(); i += 2) {
      String name = c.str(i);
      if (!config.isKnown(name)) {
        throw Call.error(Errors.unknownConfigOption(name));
      }
      String readOnly = config.readOnlyReason(name);
      if (readOnly != null) {
        throw Call.error(Errors.configSetFailed(name, readOnly));
      }
      if (!names.add(name.toLowerCase(Locale.ROOT))) {
        throw Call.error(Errors.configSetFailed(name, "duplicate parameter"));
      }
    }
    List<String> values = new ArrayList<>();
    for (int i = 2; i < c.argc(); i += 2) {
      try {
        values.add(config.normalize(c.str(i), c.str(i + 1)));
      } catch (Config.InvalidValueException e) {
        throw Call.error(Errors.configSetFailed(c.option(i), e.getMessage()));
      }
    }
    Map<String, String> previous = new LinkedHashMap<>();
    for (int i = 2; i < c.argc(); i += 2) {
      previous.put(c.str(i), config.get(c.str(i)));
      config.set(c.str(i), values.get(i / 2 - 1));
    }
    boolean moved = false;
    for (Map.Entry<String, String> e : previous.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      moved |= (name.equals("port") || name.equals("bind")) && !config.get(name).equals(e.getValue());
    }
    if (moved) { // an unchanged value is not applied, as in Redis
      listenAgain(c, config, previous);
    }
    if (names.contains("requirepass")) {
      AclCommands.requirePassChanged(c.server); // the default user's password follows it
    }
    return Reply.OK;
  }

  /**
   * CONFIG SET port / bind: the server listens where the new values say before it stops listening
   * where it did; when that fails every value of the call is restored and Redis's error names the
   * parameter. Protected mode refuses a non-loopback address without a password, as at start.
   */
  private static void listenAgain(Call c, Config config, Map<String, String> previous) {
    String name = previous.keySet().stream().filter(n -> n.equalsIgnoreCase("port")).findFirst()
        .orElseGet(() -> previous.keySet().stream().filter(n -> n.equalsIgnoreCase("bind"))
            .findFirst().orElseThrow());
    boolean ok = c.server.transport == null
        || unprotectedBindAllowed(c, config.get("bind"))
            && c.server.transport.listen(config.get("bind"), Integer.parseInt(config.get("port")));
    if (!ok) {
      previous.forEach(config::set);
      throw Call.error(Errors.configSetFailed(name,
          name.equalsIgnoreCase("port") ? Errors.PORT_UNAVAILABLE : Errors.BIND_FAILED));
    }
  }

  private static boolean unprotectedBindAllowed(Call c, String bind) {
    if (!c.server.options.protectedMode() || !c.server.config.get("requirepass").isEmpty()) {
      return true;
    }
    for (String address : bind.trim().split(" +")) {
      String host = address.startsWith("-") ? address.substring(1) : address;
      try {
        if (!java.net.InetAddress.getByName(host).isLoopbackAddress()) {
          return false;
        }
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return true;
  }

  // CONFIG RESETSTAT
  static Reply configResetStat(Call c) {
    c.server.stats.reset();
    for (CommandSpec spec : c.dispatcher.table().all()) {
      spec.stats.reset();
      for (CommandSpec sub : spec.subcommands.values()) {
        sub.stats.reset();
      }
    }
    return Reply.OK;
  }

  // CONFIG REWRITE: Cortado has no configuration file to rewrite.
  static Reply configRewrite(Call c) {
    throw Call.error(Errors.NO_CONFIG_FILE);
  }

  // CONFIG HELP
  static Reply configHelp(Call c) {
    return Call.helpReply(c.str(0).toUpperCase(Locale.ROOT),
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.");
  }
}
