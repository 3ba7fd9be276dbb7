package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.luaj.vm2.NumberText;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Acl;

import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The ACL container: users, their rules, the log and dry runs, as Redis 7.0's aclCommand. */
final class AclCommands {
  private AclCommands() {}

  private static final int ACL = ADMIN | NOSCRIPT | LOADING | STALE;
  private static final int PLAIN = NOSCRIPT | LOADING | STALE;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("AclCommands");
      t.container("acl", "server", "A container for Access List Control commands ")
          .docs("6.0.0", "Depends on subcommand.");
      t.sub("acl", "cat", -2, PLAIN, 0, 0, 0,
          "List the ACL categories or the commands inside a category", "cat")
          .docs("6.0.0", "O(1) since the categories and commands are a fixed set.");
      t.sub("acl", "deluser", -3, ACL, 0, 0, 0,
          "Remove the specified ACL users and the associated rules", "delUser")
          .docs("6.0.0", "O(1) amortized time considering the typical user.");
      t.sub("acl", "dryrun", -4, ACL, 0, 0, 0,
          "Returns whether the user can execute the given command without executing the command.",
          "dryRun").docs("7.0.0", "O(1).");
      t.sub("acl", "genpass", -2, PLAIN, 0, 0, 0,
          "Generate a pseudorandom secure password to use for ACL users", "genPass")
          .docs("6.0.0", "O(1)");
      t.sub("acl", "getuser", 3, ACL, 0, 0, 0, "Get the rules for a specific ACL user", "getUser")
          .docs("6.0.0",
              "O(N). Where N is the number of password, command and pattern rules that the user has.");
      t.sub("acl", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "help").docs("6.0.0", "O(1)");
      t.sub("acl", "list", 2, ACL, 0, 0, 0, "List the current ACL rules in ACL config file format",
          "list").docs("6.0.0", "O(N). Where N is the number of configured users.");
      t.sub("acl", "load", 2, ACL, 0, 0, 0, "Reload the ACLs from the configured ACL file", "load")
          .docs("6.0.0", "O(N). Where N is the number of configured users.");
      t.sub("acl", "log", -2, ACL, 0, 0, 0, "List latest events denied because of ACLs in place",
          "log").docs("6.0.0", "O(N) with N being the number of entries shown.");
      t.sub("acl", "save", 2, ACL, 0, 0, 0, "Save the current ACL rules in the configured ACL file",
          "save").docs("6.0.0", "O(N). Where N is the number of configured users.");
      t.sub("acl", "setuser", -3, ACL, 0, 0, 0, "Modify or create the rules for a specific ACL user",
          "setUser").docs("6.0.0", "O(N). Where N is the number of rules provided.");
      t.sub("acl", "users", 2, ACL, 0, 0, 0, "List the username of all the configured ACL rules",
          "users").docs("6.0.0", "O(N). Where N is the number of configured users.");
      t.sub("acl", "whoami", 2, PLAIN, 0, 0, 0,
          "Return the name of the user associated to the current connection", "whoAmI")
          .docs("6.0.0", "O(1)");
    }
  }

  private static String name(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static boolean pubsubAllChannels(ServerState server) {
    return "allchannels".equals(server.config.get("acl-pubsub-default"));
  }

  // ACL SETUSER username [rule [rule ...]]: staged on a copy, so one bad rule changes nothing.
  static Reply setUser(Call c) {
    String error = setUser(c.server, c.dispatcher.table(), c.connection, c.arg(2),
        Arrays.asList(c.args).subList(3, c.argc()));
    if (error != null) {
      throw Call.error(error);
    }
    return Reply.OK;
  }

  /**
   * Creates or changes a user with rules (ACL SETUSER's body, also the builder's users); returns
   * Redis's error, or null once applied. {@code caller} (may be null) is closed after its reply if
   * the change disconnects it.
   */
  static String setUser(ServerState server, CommandTable table, Connection caller,
      byte[] nameBytes, List<byte[]> rules) {
    for (byte b : nameBytes) {
      if (b == ' ' || (b >= '\t' && b <= '\r') || b == 0) {
        return Errors.ACL_USERNAME_SPACES;
      }
    }
    String username = name(nameBytes);
    int[] open = new int[1];
    List<byte[]> merged = AclRules.mergeSelectors(rules, open);
    if (merged == null) {
      return Errors.aclUnmatchedParenthesis(Dispatcher.cString(rules.get(open[0]),
          Integer.MAX_VALUE));
    }
    Acl acl = server.acl;
    Acl.User existing = acl.users.get(username);
    Acl.User staged = existing != null ? existing.copy(username)
        : new Acl.User(username, pubsubAllChannels(server));
    for (byte[] rule : merged) {
      try {
        AclRules.apply(table, staged, rule, pubsubAllChannels(server));
      } catch (AclRules.RuleException e) {
        return Errors.aclSetUserModifier(Dispatcher.cString(rule, Integer.MAX_VALUE),
            e.getMessage());
      }
    }
    if (existing == null) {
      acl.users.put(username, staged);
    } else {
      close(server, caller, acl.subscribersLosingChannels(server.clients.values(), staged, existing));
      existing.copyFrom(staged);
    }
    return null;
  }

  // ACL DELUSER username [username ...]: the default user stays; its clients are disconnected.
  static Reply delUser(Call c) {
    for (int i = 2; i < c.argc(); i++) {
      if (name(c.arg(i)).equals("default")) {
        throw Call.error(Errors.ACL_DEFAULT_NOT_REMOVABLE);
      }
    }
    long deleted = 0;
    for (int i = 2; i < c.argc(); i++) {
      Acl.User u = c.server.acl.users.remove(name(c.arg(i)));
      if (u != null) {
        deleted++;
        disconnectClientsOf(c, u.name);
      }
    }
    return Reply.integer(deleted);
  }

  /** Redis's ACLFreeUserAndKillClients: back to the default user, unauthenticated, and closed. */
  private static void disconnectClientsOf(Call c, String username) {
    List<Connection> victims = new ArrayList<>();
    for (Connection conn : c.server.clients.values()) {
      if (conn.user.equals(username)) {
        victims.add(conn);
      }
    }
    for (Connection conn : victims) {
      conn.user = "default";
      conn.authenticated = false;
    }
    close(c.server, c.connection, victims);
  }

  /** Closes clients at once; the calling client once its reply is out, as Redis does. */
  private static void close(ServerState server, Connection caller, List<Connection> victims) {
    for (Connection conn : victims) {
      if (conn == caller) {
        conn.closeAfterReply = true; // the reply goes out first, as in Redis
      } else {
        conn.channel.close();
        server.disconnect(conn);
      }
    }
  }

  // ACL GETUSER username
  static Reply getUser(Call c) {
    Acl.User u = c.server.acl.users.get(name(c.arg(2)));
    if (u == null) {
      return Reply.NULL;
    }
    CommandTable table = c.dispatcher.table();
    List<Reply> map = new ArrayList<>();
    map.add(Reply.bulk("flags"));
    map.add(Reply.set(AclRules.flags(u).stream().map(Reply::bulk).toList()));
    map.add(Reply.bulk("passwords"));
    map.add(Reply.array(u.passwords.stream().map(Reply::bulk).toList()));
    describeSelector(table, u.root(), map);
    map.add(Reply.bulk("selectors"));
    List<Reply> selectors = new ArrayList<>();
    for (Acl.Selector s : u.selectors.subList(1, u.selectors.size())) {
      List<Reply> one = new ArrayList<>(6);
      describeSelector(table, s, one);
      selectors.add(Reply.map(one));
    }
    map.add(Reply.array(selectors));
    return Reply.map(map);
  }

  private static void describeSelector(CommandTable table, Acl.Selector s, List<Reply> map) {
    map.add(Reply.bulk("commands"));
    map.add(Reply.bulk(AclRules.describeCommands(table, s)));
    map.add(Reply.bulk("keys"));
    map.add(Reply.bulk(AclRules.keysDescription(s)));
    map.add(Reply.bulk("channels"));
    map.add(Reply.bulk(AclRules.channelsDescription(s)));
  }

  // ACL LIST
  static Reply list(Call c) {
    List<Reply> out = new ArrayList<>();
    for (Acl.User u : c.server.acl.users.values()) {
      out.add(Reply.bulk(("user " + u.name + " " + AclRules.describeUser(c.dispatcher.table(), u))
          .getBytes(StandardCharsets.ISO_8859_1)));
    }
    return Reply.array(out);
  }

  // ACL USERS
  static Reply users(Call c) {
    List<Reply> out = new ArrayList<>();
    for (String u : c.server.acl.users.keySet()) {
      out.add(Reply.bulk(u.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return Reply.array(out);
  }

  // ACL WHOAMI
  static Reply whoAmI(Call c) {
    return Reply.bulk(c.connection.user.getBytes(StandardCharsets.ISO_8859_1));
  }

  // ACL LOAD / ACL SAVE: the aclfile given to the server (builder, --aclfile), or Redis's error.
  static Reply load(Call c) {
    String file = c.server.config.get("aclfile");
    if (file.isEmpty()) {
      throw Call.error(Errors.ACL_NO_FILE);
    }
    String error = AclFile.load(c.server, c.dispatcher.table(), file, c.connection);
    if (error != null) {
      throw Call.error("ERR " + error);
    }
    return Reply.OK;
  }

  static Reply save(Call c) {
    String file = c.server.config.get("aclfile");
    if (file.isEmpty()) {
      throw Call.error(Errors.ACL_NO_FILE);
    }
    if (!AclFile.save(c.server, c.dispatcher.table(), file)) {
      throw Call.error(Errors.ACL_SAVE_FAILED);
    }
    return Reply.OK;
  }

  // ACL CAT [category]
  static Reply cat(Call c) {
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax("CAT", "ACL"));
    }
    if (c.argc() == 2) {
      return Reply.array(CommandSpec.ACL_CATEGORIES.stream().map(Reply::bulk).toList());
    }
    String category = name(c.arg(2)).toLowerCase(Locale.ROOT);
    if (!CommandSpec.ACL_CATEGORIES.contains(category)) {
      throw Call.error(Errors.aclUnknownCategory(Dispatcher.cString(c.arg(2), 128)));
    }
    return Reply.array(AclRules.commandsIn(c.dispatcher.table(), category).stream()
        .map(Reply::bulk).toList());
  }

  // ACL GENPASS [bits]: hex digits from the server's random source (seeded servers repeat).
  static Reply genPass(Call c) {
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax("GENPASS", "ACL"));
    }
    long bits = c.argc() == 3 ? c.longArg(2) : 256;
    if (bits <= 0 || bits > 4096) {
      throw Call.error(Errors.ACL_GENPASS_BITS);
    }
    int chars = (int) ((bits + 3) / 4);
    byte[] random = new byte[(chars + 1) / 2];
    c.server.random.nextBytes(random);
    return Reply.bulk(HexFormat.of().formatHex(random).substring(0, chars));
  }

  // ACL LOG [count | RESET]
  static Reply log(Call c) {
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax("LOG", "ACL"));
    }
    Acl acl = c.server.acl;
    long count = 10;
    if (c.argc() == 3) {
      if (c.is(2, "reset")) {
        acl.log.clear();
        return Reply.OK;
      }
      count = Math.max(0, c.longArg(2));
    }
    List<Reply> out = new ArrayList<>();
    long now = c.now();
    for (Acl.LogEntry e : acl.log) {
      if (out.size() >= count) {
        break;
      }
      out.add(Reply.map(List.of(
          Reply.bulk("count"), Reply.integer(e.count),
          Reply.bulk("reason"), Reply.bulk(e.reason),
          Reply.bulk("context"), Reply.bulk(e.context),
          Reply.bulk("object"), Reply.bulk(e.object),
          Reply.bulk("username"), Reply.bulk(e.username.getBytes(StandardCharsets.ISO_8859_1)),
          Reply.bulk("age-seconds"), Reply.dbl(NumberText.g17((now - e.createdAt) / 1000.0)),
          Reply.bulk("client-info"),
          Reply.bulk(e.clientInfo.getBytes(StandardCharsets.ISO_8859_1)))));
    }
    return Reply.array(out);
  }

  // ACL DRYRUN username command [arg ...]
  static Reply dryRun(Call c) {
    Acl.User u = c.server.acl.users.get(name(c.arg(2)));
    if (u == null) {
      throw Call.error(Errors.aclUserNotFound(Dispatcher.cString(c.arg(2), Integer.MAX_VALUE)));
    }
    byte[][] args = Arrays.copyOfRange(c.args, 3, c.argc());
    CommandSpec spec = c.dispatcher.table().get(args[0]);
    if (spec != null && spec.isContainer() && args.length >= 2) {
      spec = spec.subcommands.get(Dispatcher.lowerAscii(args[1]));
    }
    if (spec == null) {
      throw Call.error(Errors.aclCommandNotFound(Dispatcher.cString(args[0], Integer.MAX_VALUE)));
    }
    if (!spec.arityAccepts(args.length)) {
      throw Call.error(Errors.wrongArity(spec.name));
    }
    int[] at = new int[1];
    int result = AclRules.check(u, spec, args, at);
    return switch (result) {
      case AclRules.OK -> Reply.OK;
      case AclRules.DENIED_CMD ->
          Reply.bulk("This user has no permissions to run the '" + spec.name + "' command");
      case AclRules.DENIED_KEY -> Reply.bulk(("This user has no permissions to access the '"
          + name(args[at[0]]) + "' key").getBytes(StandardCharsets.ISO_8859_1));
      default -> Reply.bulk(("This user has no permissions to access the '"
          + name(args[at[0]]) + "' channel").getBytes(StandardCharsets.ISO_8859_1));
    };
  }

  // ACL HELP
  static Reply help(Call c) {
    return Call.helpReply("ACL",
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.");
  }

  /**
   * The Dispatcher's ACL step (Redis's ACLCheckAllPerm in processCommand): null when the client's
   * user may run the command, else the NOPERM error, after logging the denial.
   */
  static String denied(ServerState server, Connection conn, CommandSpec spec, byte[][] args) {
    return deniedAs(server, conn, spec, args, conn.inMulti() ? "multi" : "toplevel");
  }

  /** EXEC's second look at a queued command, in case the rules changed since it was queued. */
  static String deniedAtExec(ServerState server, Connection conn, CommandSpec spec,
      byte[][] args) {
    return deniedAs(server, conn, spec, args, "exec");
  }

  /** A script's redis.call (scriptVerifyACL): runs as the caller's user; logged with its client. */
  static String deniedInScript(ServerState server, Connection caller, CommandSpec spec,
      byte[][] args) {
    return deniedAs(server, caller, spec, args, "lua");
  }

  /**
   * The one ACL check (Redis's ACLCheckAllPerm): null when the connection's user may run the
   * command; else the denial goes into ACL LOG and the error for what was denied (command, key or
   * channel) comes back, worded for where it happened: "toplevel", "multi" (queued), "exec" (EXEC
   * checking again; logged as multi) or "lua".
   */
  private static String deniedAs(ServerState server, Connection conn, CommandSpec spec,
      byte[][] args, String where) {
    Acl.User u = server.acl.user(conn.user);
    if (u.unrestricted()) {
      return null;
    }
    int[] at = new int[1];
    int result = AclRules.check(u, spec, args, at);
    if (result == AclRules.OK) {
      return null;
    }
    AclRules.log(server, conn, AclRules.reasonName(result), where.equals("exec") ? "multi" : where,
        AclRules.deniedObject(result, spec, args, at[0]), u.name);
    return switch (where) {
      case "lua" -> switch (result) {
        case AclRules.DENIED_CMD -> Errors.SCRIPT_NOPERM_COMMAND;
        case AclRules.DENIED_KEY -> Errors.SCRIPT_NOPERM_KEY;
        default -> Errors.SCRIPT_NOPERM_CHANNEL;
      };
      case "exec" -> Errors.nopermChangedBeforeExec(switch (result) {
        case AclRules.DENIED_CMD -> "no permission to execute the command or subcommand";
        case AclRules.DENIED_KEY -> "no permission to touch the specified keys";
        default -> "no permission to access one of the channels used as arguments";
      });
      default -> switch (result) {
        case AclRules.DENIED_CMD -> Errors.nopermCommand(spec.name);
        case AclRules.DENIED_KEY -> Errors.NOPERM_KEY;
        default -> Errors.NOPERM_CHANNEL;
      };
    };
  }

  /** redis.acl_check_cmd: whether the caller's user may run it; null for an unknown command. */
  static Boolean allows(ServerState server, CommandTable table, Connection caller,
      byte[][] args) {
    CommandSpec spec = table.get(args[0]);
    if (spec != null && spec.isContainer() && args.length >= 2) {
      spec = spec.subcommands.get(Dispatcher.lowerAscii(args[1]));
    }
    if (spec == null) {
      return null;
    }
    Acl.User u = server.acl.user(caller.user);
    return u.unrestricted() || AclRules.check(u, spec, args, new int[1]) == AclRules.OK;
  }

  /** AUTH and HELLO AUTH: checks the credentials; a failure is logged with the user named. */
  static boolean authenticate(ServerState server, Connection conn, byte[] command, String username,
      byte[] password) {
    Acl.User u = server.acl.users.get(username);
    if (u != null && u.accepts(password)) {
      conn.authenticated = true;
      conn.user = u.name;
      return true;
    }
    AclRules.log(server, conn, "auth", conn.inMulti() ? "multi" : "toplevel", command, username);
    return false;
  }

  /** CONFIG SET requirepass: the default user's passwords follow it, as in Redis. */
  static void requirePassChanged(ServerState server) {
    server.acl.setDefaultPassword(server.config.requirePass());
  }
}
