package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ALLOW_BUSY;
import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.NO_MANDATORY_KEYS;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.SKIP_MONITOR;
import static dev.cortado.command.CommandSpec.STALE;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.protocol.Reply;
import dev.cortado.script.LuaFunctions;
import dev.cortado.script.LuaScripts;
import dev.cortado.server.Connection;
import dev.cortado.server.RunningScript;
import dev.cortado.server.ServerState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Redis 7.0's functions (functions.c): the FUNCTION container (LOAD, LIST, DELETE, FLUSH, DUMP,
 * RESTORE, STATS, KILL, HELP), FCALL and FCALL_RO. The libraries live in
 * {@link dev.cortado.script.LuaFunctions}; a function runs on the loop as EVAL's scripts do, its
 * redis.call going through the dispatcher as the script client.
 */
final class FunctionCommands {
  private FunctionCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("FunctionCommands");
      String g = "scripting";
      int fcallFlags = NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLE_KEYS;
      String cost = "Depends on the function that is executed.";
      t.add("fcall", -3, fcallFlags | CommandSpec.MAY_REPLICATE, 0, 0, 0, g,
          "Invoke a function", "fcall")
          .docs("7.0.0", cost).acl("slow").keySpecs(ScriptCommands.scriptKeys(true, true))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
      t.add("fcall_ro", -3, fcallFlags | READONLY, 0, 0, 0, g, "Invoke a read-only function",
          "fcallRo")
          .docs("7.0.0", cost).acl("slow", "scripting") // no @read
          .keySpecs(ScriptCommands.scriptKeys(false, true)).keysFallback(KeySpec.numkeys(0, 2, 3));
      t.container("function", g, "A container for function commands")
          .docs("7.0.0", "Depends on subcommand.");
      // In Redis's order (its command table's hash order), which COMMAND INFO and DOCS list.
      t.sub("function", "restore", -3, WRITE | DENYOOM | NOSCRIPT, 0, 0, 0,
          "Restore all the functions on the given payload", "functionRestore")
          .docs("7.0.0", "O(N) where N is the number of functions on the payload").acl("slow")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.sub("function", "list", -2, NOSCRIPT, 0, 0, 0, "List information about all the functions",
          "functionList")
          .docs("7.0.0", "O(N) where N is the number of functions").acl("slow")
          .tips("nondeterministic_output_order");
      t.sub("function", "delete", 3, WRITE | NOSCRIPT, 0, 0, 0, "Delete a function by name",
          "functionDelete")
          .docs("7.0.0", "O(1)").acl("slow")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.sub("function", "dump", 2, NOSCRIPT, 0, 0, 0,
          "Dump all functions into a serialized binary payload", "functionDump")
          .docs("7.0.0", "O(N) where N is the number of functions").acl("slow");
      t.sub("function", "load", -3, WRITE | DENYOOM | NOSCRIPT, 0, 0, 0,
          "Create a function with the given arguments (name, code, description)", "functionLoad")
          .docs("7.0.0", "O(1) (considering compilation time is redundant)").acl("slow")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.sub("function", "flush", -2, WRITE | NOSCRIPT, 0, 0, 0, "Deleting all functions",
          "functionFlush")
          .docs("7.0.0", "O(N) where N is the number of functions deleted").acl("slow")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.sub("function", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "functionHelp")
          .docs("7.0.0", "O(1)").acl("slow");
      t.sub("function", "kill", 2, NOSCRIPT | ALLOW_BUSY, 0, 0, 0,
          "Kill the function currently in execution.", "functionKill")
          .docs("7.0.0", "O(1)").acl("slow")
          .tips("request_policy:all_shards", "response_policy:one_succeeded");
      t.sub("function", "stats", 2, NOSCRIPT | ALLOW_BUSY, 0, 0, 0,
          "Return information about the function currently running (name, description, duration)",
          "functionStats")
          .docs("7.0.0", "O(1)").acl("slow")
          .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
    }
  }

  // FCALL function numkeys [key [key ...]] [arg [arg ...]]
  static Reply fcall(Call c) {
    return fcall(c, false);
  }

  // FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]
  static Reply fcallRo(Call c) {
    return fcall(c, true);
  }

  /** fcallCommandGeneric: the function first, then numkeys, then the flags against the command. */
  private static Reply fcall(Call c, boolean readOnlyCommand) {
    LuaScripts scripts = c.server.scripts;
    LuaFunctions.Function f = scripts == null || !scripts.hasFunctions() ? null
        : scripts.functions().find(c.arg(1));
    if (f == null) {
      throw Call.error(Errors.FUNCTION_NOT_FOUND);
    }
    int n = ScriptCommands.numkeys(c, Errors.FCALL_NUMKEYS);
    boolean noWrites = (f.flags() & LuaFunctions.FLAG_NO_WRITES) != 0;
    if (readOnlyCommand && !noWrites) {
      throw Call.error(Errors.SCRIPT_WRITE_FLAG_RO);
    }
    byte[][] keys = Arrays.copyOfRange(c.args, 3, 3 + n);
    byte[][] argv = Arrays.copyOfRange(c.args, 3 + n, c.argc());
    Connection client = ScriptCommands.scriptClient(c.server);
    client.db = c.connection.db;
    RunningScript running = new RunningScript(c.connection, false, f.name(), c.args, scripts::kill);
    return ScriptCommands.whileRunning(c, running, () -> scripts.functions().call(f, keys, argv,
        new ScriptCommands.Host(c, f.name(), client, readOnlyCommand || noWrites, running),
        c.server.config.number("busy-reply-threshold")));
  }

  // FUNCTION LOAD [REPLACE] function-code
  static Reply functionLoad(Call c) {
    boolean replace = false;
    for (int i = 2; i < c.argc() - 1; i++) {
      if (!c.is(i, "replace")) {
        throw Call.error(oneLine(Errors.functionUnknownOption(Dispatcher.cString(c.arg(i),
            Integer.MAX_VALUE))));
      }
      replace = true;
    }
    return functions(c.server).load(c.arg(c.argc() - 1), replace);
  }

  // FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
  static Reply functionList(Call c) {
    boolean withCode = false;
    byte[] pattern = null;
    for (int i = 2; i < c.argc(); i++) {
      if (!withCode && c.is(i, "withcode")) {
        withCode = true;
      } else if (pattern == null && c.is(i, "libraryname")) {
        if (i == c.argc() - 1) {
          throw Call.error(Errors.LIBRARY_NAME_MISSING);
        }
        pattern = c.arg(++i);
      } else {
        throw Call.error(oneLine(Errors.unknownArgument(Dispatcher.cString(c.arg(i),
            Integer.MAX_VALUE))));
      }
    }
    LuaScripts scripts = c.server.scripts;
    return scripts == null || !scripts.hasFunctions() ? Reply.EMPTY_ARRAY
        : scripts.functions().list(pattern, withCode);
  }

  // FUNCTION DELETE library-name
  static Reply functionDelete(Call c) {
    LuaScripts scripts = c.server.scripts;
    if (scripts == null || !scripts.hasFunctions() || !scripts.functions().delete(c.arg(2))) {
      throw Call.error(Errors.LIBRARY_NOT_FOUND);
    }
    return Reply.OK;
  }

  // FUNCTION FLUSH [ASYNC | SYNC]
  static Reply functionFlush(Call c) {
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax(Dispatcher.cString(c.arg(1), 128),
          c.str(0).toUpperCase(Locale.ROOT)));
    }
    if (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async")) {
      throw Call.error(Errors.FUNCTION_FLUSH_MODE);
    }
    LuaScripts scripts = c.server.scripts;
    if (scripts != null && scripts.hasFunctions()) {
      scripts.functions().flush();
    }
    return Reply.OK;
  }

  // FUNCTION DUMP
  static Reply functionDump(Call c) {
    boolean compress = !"no".equalsIgnoreCase(c.server.config.get("rdbcompression"));
    return Reply.bulk(functions(c.server).dump(compress));
  }

  // FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]
  static Reply functionRestore(Call c) {
    if (c.argc() > 4) {
      throw Call.error(Errors.subcommandSyntax(Dispatcher.cString(c.arg(1), 128),
          c.str(0).toUpperCase(Locale.ROOT)));
    }
    LuaFunctions.RestorePolicy policy = LuaFunctions.RestorePolicy.APPEND;
    if (c.argc() == 4) {
      if (c.is(3, "append")) {
        policy = LuaFunctions.RestorePolicy.APPEND;
      } else if (c.is(3, "replace")) {
        policy = LuaFunctions.RestorePolicy.REPLACE;
      } else if (c.is(3, "flush")) {
        policy = LuaFunctions.RestorePolicy.FLUSH;
      } else {
        throw Call.error(Errors.RESTORE_POLICY);
      }
    }
    return functions(c.server).restore(c.arg(2), policy);
  }

  // FUNCTION STATS
  static Reply functionStats(Call c) {
    RunningScript running = c.server.runningScript;
    if (running != null && running.eval) {
      throw Call.error(Errors.BUSY_EVAL); // Redis's answer while an EVAL, not a function, runs
    }
    Reply script = null;
    if (running != null) {
      List<Reply> command = new ArrayList<>(running.command.length);
      for (byte[] arg : running.command) {
        command.add(Reply.bulk(arg));
      }
      script = Reply.map(List.of(
          Reply.bulk("name"), Reply.bulk(running.name),
          Reply.bulk("command"), Reply.array(command),
          Reply.bulk("duration_ms"), Reply.integer(running.durationMillis())));
    }
    return functions(c.server).stats(script);
  }

  // FUNCTION KILL: reaches the server only while a script is busy and other clients are served.
  static Reply functionKill(Call c) {
    return ScriptCommands.kill(c, false);
  }

  // FUNCTION HELP
  static Reply functionHelp(Call c) {
    return Call.helpReply(c.str(0).toUpperCase(Locale.ROOT),
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using "
            + "FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a "
            + "restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
            + "abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, "
            + "replace the old",
        "      libraries with the new libraries (notice that even on this option there is a "
            + "chance of failure",
        "      in case of functions name collision with another library).");
  }

  /** An error quoting an argument: Redis turns its newlines into spaces to keep the protocol. */
  private static String oneLine(String error) {
    return error.replace('\r', ' ').replace('\n', ' ');
  }

  /** The server's libraries, with the interpreter made on first use. */
  private static LuaFunctions functions(ServerState server) {
    return ScriptCommands.scripts(server).functions();
  }
}
