package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ALLOW_BUSY;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.NO_MANDATORY_KEYS;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.SKIP_MONITOR;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;
import dev.cortado.script.LuaScripts;
import dev.cortado.script.ScriptHost;
import dev.cortado.server.Connection;
import dev.cortado.server.RunningScript;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Lua scripting (eval.c, script_lua.c): EVAL, EVALSHA, their read-only forms and SCRIPT. A script
 * runs on the server's loop like any command, so nothing else runs meanwhile; its redis.call goes
 * through the dispatcher as the server's script client, with Redis's checks for scripts.
 */
final class ScriptCommands {
  /** Shebang flags (eval.c's scripts_flags_def), as bits. */
  static final int FLAG_NO_WRITES = 1;
  static final int FLAG_ALLOW_OOM = 1 << 1;
  static final int FLAG_ALLOW_STALE = 1 << 2;
  static final int FLAG_NO_CLUSTER = 1 << 3;
  static final int FLAG_ALLOW_CROSS_SLOT = 1 << 4;
  /** No shebang: a script of Redis before 7.0, run with the old rules. */
  static final int FLAG_EVAL_COMPAT = 1 << 5;
  private static final String[] FLAG_NAMES =
      {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};

  private ScriptCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ScriptCommands");
      String g = "scripting";
      int evalFlags = NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLE_KEYS;
      String cost = "Depends on the script that is executed.";
      t.add("eval", -3, evalFlags | CommandSpec.MAY_REPLICATE, 0, 0, 0, g,
          "Execute a Lua script server side", "eval")
          .docs("2.6.0", cost).acl("slow").keySpecs(scriptKeys(true, true))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
      t.add("evalsha", -3, evalFlags | CommandSpec.MAY_REPLICATE, 0, 0, 0, g,
          "Execute a Lua script server side", "evalsha")
          .docs("2.6.0", cost).acl("slow").keySpecs(scriptKeys(true, false))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
      t.add("eval_ro", -3, evalFlags | READONLY, 0, 0, 0, g,
          "Execute a read-only Lua script server side", "evalRo")
          .docs("7.0.0", cost).acl("slow", "scripting").keySpecs(scriptKeys(false, true))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
      t.add("evalsha_ro", -3, evalFlags | READONLY, 0, 0, 0, g,
          "Execute a read-only Lua script server side", "evalshaRo")
          .docs("7.0.0", cost).acl("slow", "scripting").keySpecs(scriptKeys(false, false))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
      t.container("script", g, "A container for Lua scripts management commands")
          .docs("2.6.0", "Depends on subcommand.");
      t.sub("script", "load", 3, NOSCRIPT | STALE, 0, 0, 0,
          "Load the specified Lua script into the script cache.", "scriptLoad")
          .docs("2.6.0", "O(N) with N being the length in bytes of the script body.").acl("slow")
          .tips("request_policy:all_nodes", "response_policy:all_succeeded");
      t.sub("script", "exists", -3, NOSCRIPT, 0, 0, 0,
          "Check existence of scripts in the script cache.", "scriptExists")
          .docs("2.6.0", "O(N) with N being the number of scripts to check (so checking a single "
              + "script is an O(1) operation).").acl("slow")
          .tips("request_policy:all_shards", "response_policy:agg_logical_and");
      t.sub("script", "flush", -2, NOSCRIPT, 0, 0, 0,
          "Remove all the scripts from the script cache.", "scriptFlush")
          .docs("2.6.0", "O(N) with N being the number of scripts in cache").acl("slow")
          .tips("request_policy:all_nodes", "response_policy:all_succeeded");
      t.sub("script", "kill", 2, NOSCRIPT | ALLOW_BUSY, 0, 0, 0,
          "Kill the script currently in execution.", "scriptKill")
          .docs("2.6.0", "O(1)").acl("slow")
          .tips("request_policy:all_shards", "response_policy:one_succeeded");
      t.sub("script", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "scriptHelp")
          .docs("5.0.0", "O(1)").acl("slow");
    }
  }

  // EVAL script numkeys [key [key ...]] [arg [arg ...]]
  static Reply eval(Call c) {
    return evalBody(c, false);
  }

  // EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]
  static Reply evalRo(Call c) {
    return evalBody(c, true);
  }

  // EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]
  static Reply evalsha(Call c) {
    return evalSha(c, false);
  }

  // EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]
  static Reply evalshaRo(Call c) {
    return evalSha(c, true);
  }

  private static Reply evalBody(Call c, boolean readOnlyCommand) {
    int numkeys = numkeys(c);
    byte[] body = c.arg(1);
    String sha = LuaScripts.sha1hex(body);
    LuaScripts scripts = scripts(c.server);
    compileIfNew(scripts, sha, body);
    return run(c, scripts, sha, numkeys, readOnlyCommand);
  }

  /** Compiles and caches a body not cached yet, with its shebang's flags; Redis's errors. */
  private static void compileIfNew(LuaScripts scripts, String sha, byte[] body) {
    if (scripts.isCached(sha)) {
      return;
    }
    int flags = FLAG_EVAL_COMPAT;
    int shebangEnd = 0;
    if (body.length >= 2 && body[0] == '#' && body[1] == '!') {
      shebangEnd = indexOf(body, (byte) '\n');
      if (shebangEnd < 0) {
        throw Call.error(Errors.SHEBANG_INVALID);
      }
      flags = shebangFlags(new String(body, 0, shebangEnd, StandardCharsets.ISO_8859_1));
    }
    // The shebang line goes, its newline stays: errors keep the script's own line numbers.
    String error = scripts.compile(sha, body, shebangEnd, flags);
    if (error != null) {
      throw Call.error(error);
    }
  }

  private static Reply evalSha(Call c, boolean readOnlyCommand) {
    int numkeys = numkeys(c);
    String sha = new String(c.arg(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    LuaScripts scripts = c.server.scripts;
    if (scripts == null || c.arg(1).length != 40 || !scripts.isCached(sha)) {
      throw Call.error(Errors.NOSCRIPT);
    }
    return run(c, scripts, sha, numkeys, readOnlyCommand);
  }

  /**
   * The keys of EVAL, FCALL and their kin: numkeys of them after the numkeys at index 2, read and
   * written as far as Redis can tell; EVAL's and FCALL's specs carry a note saying so.
   */
  static KeySpec scriptKeys(boolean write, boolean noted) {
    KeySpec spec = KeySpec.index(2).keynum(0, 1, 1);
    if (write) {
      spec.flags("RW", "access", "update");
    } else {
      spec.flags("RO", "access");
    }
    if (noted) {
      spec.notes("We cannot tell how the keys will be used so we assume the worst, "
          + (write ? "RW and UPDATE" : "RO and ACCESS"));
    }
    return spec;
  }

  /** EVAL's numkeys, checked against the arguments as Redis checks it. */
  private static int numkeys(Call c) {
    return numkeys(c, Errors.NOT_INTEGER);
  }

  /** numkeys (EVAL, FCALL), with the command's own error for one that is not an integer. */
  static int numkeys(Call c, String notAnInteger) {
    if (!Numbers.isLong(c.arg(2))) {
      throw Call.error(notAnInteger);
    }
    long numkeys = Numbers.parseLong(c.arg(2), 0);
    if (numkeys > c.argc() - 3) {
      throw Call.error(Errors.NUMKEYS_TOO_BIG);
    }
    if (numkeys < 0) {
      throw Call.error(Errors.NUMKEYS_NEGATIVE);
    }
    return (int) numkeys;
  }

  private static Reply run(Call c, LuaScripts scripts, String sha, int numkeys,
      boolean readOnlyCommand) {
    int flags = scripts.flags(sha);
    boolean compat = (flags & FLAG_EVAL_COMPAT) != 0;
    if (readOnlyCommand && !compat && (flags & FLAG_NO_WRITES) == 0) {
      throw Call.error(Errors.SCRIPT_WRITE_FLAG_RO);
    }
    boolean readOnly = readOnlyCommand || (flags & FLAG_NO_WRITES) != 0;
    byte[][] keys = Arrays.copyOfRange(c.args, 3, 3 + numkeys);
    byte[][] argv = Arrays.copyOfRange(c.args, 3 + numkeys, c.argc());
    Connection client = scriptClient(c.server);
    client.db = c.connection.db;
    RunningScript running = new RunningScript(c.connection, true, "f_" + sha, c.args,
        scripts::kill);
    return whileRunning(c, running, () -> scripts.run(sha, keys, argv,
        new Host(c, sha, client, readOnly, running), c.server.config.number("busy-reply-threshold")));
  }

  /**
   * Runs a script or function as the server's running script, which other clients see (BUSY,
   * SCRIPT KILL, FUNCTION STATS) once it has run past busy-reply-threshold.
   */
  static Reply whileRunning(Call c, RunningScript running, Supplier<Reply> script) {
    c.server.runningScript = running;
    try {
      return script.get();
    } finally {
      c.server.runningScript = null;
      running.end();
    }
  }

  /** The shebang's flags, with Redis's errors for another engine, flag or option. */
  private static int shebangFlags(String shebang) {
    String[] parts = shebang.trim().split("[ \\t\\r\\v\\f]+");
    if (!parts[0].equals("#!lua")) {
      throw Call.error(Errors.shebangEngine(parts[0]));
    }
    int flags = 0;
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].startsWith("flags=")) {
        throw Call.error(Errors.shebangOption(parts[i]));
      }
      String list = parts[i].substring(6);
      if (list.isEmpty()) {
        continue;
      }
      for (String flag : list.split(",", -1)) {
        int bit = Arrays.asList(FLAG_NAMES).indexOf(flag);
        if (bit < 0) {
          throw Call.error(Errors.shebangFlag(flag));
        }
        flags |= 1 << bit;
      }
    }
    return flags;
  }

  /** What a running script's redis.call reaches: the dispatcher, as the script client. */
  static final class Host implements ScriptHost {
    private final Call caller;
    /** What the journal names the script by: its SHA-1, or the function's name. */
    private final String script;
    private final Connection client;
    private final boolean readOnly;
    private final RunningScript running;

    Host(Call caller, String script, Connection client, boolean readOnly, RunningScript running) {
      this.caller = caller;
      this.script = script;
      this.client = client;
      this.readOnly = readOnly;
      this.running = running;
    }

    @Override
    public void whileBusy() {
      running.serveOthers(caller.server);
    }

    @Override
    public Reply call(byte[][] args, int protocol) {
      client.protocol = protocol;
      return caller.dispatcher.runForScript(caller.connection, script, client, args, readOnly);
    }

    @Override
    public Boolean aclAllows(byte[][] args) {
      return AclCommands.allows(caller.server, caller.dispatcher.table(), caller.connection, args);
    }
  }

  // SCRIPT LOAD script
  static Reply scriptLoad(Call c) {
    byte[] body = c.arg(2);
    String sha = LuaScripts.sha1hex(body);
    compileIfNew(scripts(c.server), sha, body);
    return Reply.bulk(sha);
  }

  // SCRIPT EXISTS sha1 [sha1 ...]
  static Reply scriptExists(Call c) {
    LuaScripts scripts = c.server.scripts;
    List<Reply> out = new ArrayList<>(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      String sha = c.str(i).toLowerCase(Locale.ROOT);
      out.add(scripts != null && c.arg(i).length == 40 && scripts.isCached(sha)
          ? Reply.ONE : Reply.ZERO);
    }
    return Reply.array(out);
  }

  // SCRIPT FLUSH [ASYNC | SYNC]
  static Reply scriptFlush(Call c) {
    if (c.argc() > 3 || (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async"))) {
      throw Call.error(Errors.SCRIPT_FLUSH_OPTION);
    }
    if (c.server.scripts != null) {
      c.server.scripts.flush();
    }
    return Reply.OK;
  }

  // SCRIPT KILL: reaches the server only while a script is busy and other clients are served.
  static Reply scriptKill(Call c) {
    return kill(c, true);
  }

  /** SCRIPT KILL ({@code eval}) or FUNCTION KILL, with Redis's refusals in Redis's order. */
  static Reply kill(Call c, boolean eval) {
    RunningScript running = c.server.runningScript;
    if (running == null) {
      throw Call.error(Errors.NOTBUSY);
    }
    if (running.wrote()) {
      throw Call.error(Errors.UNKILLABLE);
    }
    if (eval != running.eval) {
      throw Call.error(running.eval ? Errors.BUSY_EVAL : Errors.BUSY_FUNCTION);
    }
    running.kill();
    return Reply.OK;
  }

  // SCRIPT HELP
  static Reply scriptHelp(Call c) {
    return Call.helpReply("SCRIPT",
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.");
  }

  /** The server's interpreter, made on first use. */
  static LuaScripts scripts(ServerState server) {
    if (server.scripts == null) {
      server.scripts = new LuaScripts(ConnectionCommands.REDIS_VERSION);
    }
    return server.scripts;
  }

  /** The pseudo-client scripts' commands run as (Redis's lua client), made on first use. */
  static Connection scriptClient(ServerState server) {
    if (server.scriptClient == null) {
      server.scriptClient = Connection.scriptClient(server.clock.millis());
    }
    return server.scriptClient;
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
