package dev.cortado.script;

import dev.cortado.luaj.vm2.Globals;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaFunction;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.NumberText;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.VarArgFunction;
import dev.cortado.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * One server's Lua scripting: the sandboxed interpreter (a fork of LuaJ, see dev.cortado.luaj), the
 * script cache by SHA-1 and the running of a script. Runs on the server's loop thread, one script at
 * a time, as Redis runs them. Created when the first script arrives: a server that never runs one
 * never loads the interpreter.
 */
public final class LuaScripts {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final LuaString KEYS = LuaString.valueOf("KEYS");
  private static final LuaString ARGV = LuaString.valueOf("ARGV");

  /** EVAL's Lua world; SCRIPT FLUSH makes a new one, as Redis makes a new Lua state. */
  private Globals globals;
  private final ScriptGuard guard = new ScriptGuard();
  private final Rand48 random = new Rand48();
  private final Map<String, Compiled> cache = new HashMap<>();
  private final String redisVersion;
  private final int redisVersionNum;
  /** FUNCTION's libraries, made with the first FUNCTION LOAD or RESTORE. */
  private LuaFunctions functions;

  /** The script running now: the host its commands go to and its protocol (redis.setresp). */
  private ScriptHost host;
  private int resp = 2;

  public LuaScripts(String redisVersion) {
    this.redisVersion = redisVersion;
    String[] parts = redisVersion.split("\\.");
    this.redisVersionNum = Integer.parseInt(parts[0]) << 16 | Integer.parseInt(parts[1]) << 8
        | Integer.parseInt(parts[2]);
    this.globals = Sandbox.create(redisTable(), guard, random);
    Sandbox.seal(globals, true);
  }

  /** SHA-1 of a script body, lower-case hex: its name in the cache. */
  public static String sha1hex(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(body);
      char[] out = new char[40];
      for (int i = 0; i < 20; i++) {
        out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
        out[2 * i + 1] = HEX[digest[i] & 0xf];
      }
      return new String(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A cached script: its function, the flags of its shebang line and its source (as sent). */
  private record Compiled(LuaFunction function, int flags, byte[] source) {}

  public boolean isCached(String sha) {
    return cache.containsKey(sha);
  }

  /** The shebang flags a cached script was loaded with (the caller's encoding); -1 if not cached. */
  public int flags(String sha) {
    Compiled c = cache.get(sha);
    return c == null ? -1 : c.flags;
  }

  /** The source a cached script was sent with (shebang included), or null. */
  public byte[] source(String sha) {
    Compiled c = cache.get(sha);
    return c == null ? null : c.source;
  }

  /** The SHA-1s of the cached scripts. */
  public java.util.Set<String> shas() {
    return java.util.Set.copyOf(cache.keySet());
  }

  /** The function libraries (FUNCTION, FCALL): a Lua world of their own, made on first use. */
  public LuaFunctions functions() {
    if (functions == null) {
      // One generator for both worlds: Redis keeps one rand48 state for EVAL and functions.
      functions = new LuaFunctions(this, Sandbox.create(redisTable(), guard, random), guard);
    }
    return functions;
  }

  /** Whether a function library was ever loaded, without making the libraries' interpreter. */
  public boolean hasFunctions() {
    return functions != null;
  }

  /**
   * SCRIPT FLUSH: the cache goes, and the Lua world with it (library settings such as cjson's,
   * anything a script left in a table), as Redis starts a new Lua state. math.random's sequence goes
   * on: Redis keeps its generator outside Lua.
   */
  public void flush() {
    cache.clear();
    globals = Sandbox.create(redisTable(), guard, random);
    Sandbox.seal(globals, true);
  }

  /** INFO's number_of_cached_scripts. */
  public int cachedCount() {
    return cache.size();
  }

  /**
   * Compiles a body (without its shebang line, whose newline it keeps) and caches it under its SHA-1.
   * Returns null, or the error text of a body that does not compile.
   */
  public String compile(String sha, byte[] body, int flags) {
    return compile(sha, body, 0, flags);
  }

  /** As above, for a source whose body starts at {@code from} (after its shebang line). */
  public String compile(String sha, byte[] source, int from, int flags) {
    if (cache.containsKey(sha)) {
      return null;
    }
    try {
      LuaValue f = globals.load(new ByteArrayInputStream(source, from, source.length - from),
          "@user_script", "t", globals);
      cache.put(sha, new Compiled((LuaFunction) f, flags, source));
      return null;
    } catch (LuaError e) {
      return "ERR Error compiling script (new function): " + e.getMessage();
    }
  }

  /**
   * Runs a cached script (callers compile it first) with its KEYS and ARGV; returns the reply its
   * caller gets, in RESP terms chosen by the script's redis.setresp. A script still running after
   * {@code busyAfterMillis} of real time (busy-reply-threshold) lets the host serve other clients
   * ({@link ScriptHost#whileBusy}) until it ends or is killed.
   */
  public Reply run(String sha, byte[][] keys, byte[][] argv, ScriptHost host,
      long busyAfterMillis) {
    LuaFunction f = cache.get(sha).function;
    Sandbox.seal(globals, false);
    globals.rawset(KEYS, array(keys));
    globals.rawset(ARGV, array(argv));
    Sandbox.seal(globals, true);
    return invoke(f, LuaValue.NONE, sha, "@user_script", host, busyAfterMillis);
  }

  /**
   * SCRIPT KILL, FUNCTION KILL, or the server stopping (from any thread): the running script stops
   * at its next instruction with Redis's "Script killed by user" error, which pcall cannot catch.
   */
  public void kill() {
    guard.kill(ScriptGuard.KILLED);
  }

  /**
   * Runs a script's body or a function's callback with these arguments; an error reply names it
   * ("script: name, on @chunk:line."). Shared by EVAL and FCALL: one redis table, one guard.
   */
  Reply invoke(LuaFunction f, Varargs args, String name, String chunk, ScriptHost host,
      long timeLimitMillis) {
    this.host = host;
    this.resp = 2;
    guard.reset(timeLimitMillis, host::whileBusy);
    try {
      LuaValue result = f.invoke(args).arg1();
      return LuaToReply.convert(result, resp);
    } catch (LuaError e) {
      return errorReply(e, name);
    } catch (StackOverflowError e) {
      // A backstop: the guard's depth limit stops Lua recursion first, but library calls nest too.
      return Reply.error("ERR " + chunk.substring(1) + ":1: stack overflow script: " + name
          + ", on " + chunk + ":1.");
    } catch (RuntimeException e) {
      // An interpreter fault must not cost the client its connection: the script fails instead.
      return Reply.error("ERR Error running script " + name + ": " + e);
    } finally {
      this.host = null;
    }
  }

  /**
   * The reply for an error that ended a script, as Redis's error handler and luaCallFunction shape
   * it: a string becomes "ERR msg", a table keeps its err text, and where the error was raised
   * follows as "script: sha, on @user_script:line.".
   */
  private static Reply errorReply(LuaError e, String sha) {
    LuaValue object = e.getMessageObject();
    String message;
    boolean counted = false;
    if (object != null && object.istable()) {
      LuaValue err = object.rawget(RespToLua.ERR);
      message = err.isstring() ? latin1(err.checkstring()) : "ERR unknown error";
      counted = object.rawget(RespToLua.IGNORE_STATS).toboolean();
    } else {
      // Strings and numbers as their text; true, false, nil... as tostring names them.
      message = "ERR " + (object == null ? "nil"
          : object.isstring() ? latin1(object.tostring().checkstring()) : object.tojstring());
    }
    StringBuilder text = new StringBuilder(message);
    if (e.raisedInSource != null && e.raisedAtLine >= 0) {
      text.append(" script: ").append(sha).append(", on ").append(e.raisedInSource).append(':')
          .append(e.raisedAtLine).append('.');
    }
    String sanitized = text.toString().replace('\r', ' ').replace('\n', ' ');
    return counted ? Reply.countedError(sanitized) : Reply.error(sanitized);
  }

  static LuaTable array(byte[][] items) {
    LuaTable t = new LuaTable(items.length, 0);
    for (int i = 0; i < items.length; i++) {
      t.rawset(i + 1, LuaString.valueUsing(items[i]));
    }
    return t;
  }

  private static String latin1(LuaString s) {
    return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
  }

  // ---- the redis table ----

  private LuaTable redisTable() {
    LuaTable redis = new LuaTable();
    redis.rawset("call", new Call(true));
    redis.rawset("pcall", new Call(false));
    redis.rawset("error_reply", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
          return LuaErrors.fromMessage("wrong number or type of arguments");
        }
        byte[] text = LuaToReply.bytes(args.arg1().checkstring());
        // A text without its '-' reads as an error reply's: its first word is the code.
        return text.length > 0 && text[0] == '-' ? LuaErrors.table(text) : LuaErrors.fromReply(text);
      }
    });
    redis.rawset("status_reply", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
          return LuaErrors.fromMessage("wrong number or type of arguments");
        }
        LuaTable t = new LuaTable(0, 1);
        t.rawset(RespToLua.OK, args.arg1());
        return t;
      }
    });
    redis.rawset("sha1hex", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() != 1) {
          throw LuaErrors.raise(LuaErrors.fromMessage("wrong number of arguments"));
        }
        LuaValue v = args.arg1();
        byte[] bytes = v.isstring() ? LuaToReply.bytes(v.checkstring()) : new byte[0];
        return LuaValue.valueOf(sha1hex(bytes));
      }
    });
    redis.rawset("log", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() < 2) {
          throw LuaErrors.raise(LuaErrors.fromMessage("redis.log() requires two arguments or more."));
        }
        if (args.arg1().type() != LuaValue.TNUMBER) {
          throw LuaErrors.raise(LuaErrors.fromMessage("First argument must be a number (log level)."));
        }
        int level = (int) args.arg1().todouble();
        if (level < 0 || level > 3) {
          throw LuaErrors.raise(LuaErrors.fromMessage("Invalid debug level."));
        }
        return LuaValue.NONE; // the server log: Cortado has none to write
      }
    });
    redis.rawset("setresp", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() != 1) {
          throw LuaErrors.raise(LuaErrors.fromMessage("redis.setresp() requires one argument."));
        }
        LuaValue n = args.arg1().tonumber(); // lua_tonumber: what is no number is 0
        int v = n.isnil() ? 0 : (int) n.todouble();
        if (v != 2 && v != 3) {
          throw LuaErrors.raise(LuaErrors.fromMessage("RESP version must be 2 or 3."));
        }
        resp = v;
        return LuaValue.NONE;
      }
    });
    redis.rawset("set_repl", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.narg() != 1) {
          throw LuaErrors.raise(LuaErrors.fromMessage("redis.set_repl() requires one argument."));
        }
        int flags = (int) args.arg1().checkdouble();
        if ((flags & ~3) != 0) {
          throw LuaErrors.raise(LuaErrors.fromMessage(
              "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."));
        }
        return LuaValue.NONE;
      }
    });
    redis.rawset("replicate_commands", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.TRUE;
      }
    });
    redis.rawset("breakpoint", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.FALSE;
      }
    });
    redis.rawset("debug", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.NONE;
      }
    });
    redis.rawset("acl_check_cmd", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        byte[][] argv = commandArgs(args);
        Boolean allowed = host == null ? null : host.aclAllows(argv);
        if (allowed == null) {
          throw LuaErrors.raise(LuaErrors.fromMessage(
              "Invalid command passed to redis.acl_check_cmd()"));
        }
        return LuaValue.valueOf(allowed);
      }
    });
    redis.rawset("REDIS_VERSION", LuaValue.valueOf(redisVersion));
    redis.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(redisVersionNum));
    redis.rawset("LOG_DEBUG", LuaValue.valueOf(0));
    redis.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
    redis.rawset("LOG_NOTICE", LuaValue.valueOf(2));
    redis.rawset("LOG_WARNING", LuaValue.valueOf(3));
    redis.rawset("REPL_NONE", LuaValue.valueOf(0));
    redis.rawset("REPL_AOF", LuaValue.valueOf(1));
    redis.rawset("REPL_SLAVE", LuaValue.valueOf(2));
    redis.rawset("REPL_REPLICA", LuaValue.valueOf(2));
    redis.rawset("REPL_ALL", LuaValue.valueOf(3));
    return redis;
  }

  /**
   * A command's arguments from Lua: strings as they are, numbers as "%.17g" (Lua's own "%.14g" would
   * lose precision), anything else Redis's error.
   */
  private static byte[][] commandArgs(Varargs args) {
    int n = args.narg();
    if (n == 0) {
      throw LuaErrors.raise(LuaErrors.fromMessage(
          "Please specify at least one argument for this redis lib call"));
    }
    byte[][] argv = new byte[n][];
    for (int i = 0; i < n; i++) {
      LuaValue a = args.arg(i + 1);
      if (a.type() == LuaValue.TNUMBER) {
        argv[i] = NumberText.g17(a.todouble()).getBytes(StandardCharsets.ISO_8859_1);
      } else if (a.type() == LuaValue.TSTRING) {
        argv[i] = LuaToReply.bytes(a.checkstring());
      } else {
        throw LuaErrors.raise(LuaErrors.fromMessage(
            "Lua redis lib command arguments must be strings or integers"));
      }
    }
    return argv;
  }

  /** redis.call (raises a command's error) and redis.pcall (returns it as a table). */
  private final class Call extends VarArgFunction {
    private final boolean raise;

    Call(boolean raise) {
      this.raise = raise;
    }

    @Override
    public Varargs invoke(Varargs args) {
      byte[][] argv;
      try {
        argv = commandArgs(args);
      } catch (LuaError e) {
        if (raise) {
          throw e;
        }
        return e.getMessageObject();
      }
      Reply reply = host.call(argv, resp);
      LuaValue direct = RespToLua.direct(reply);
      if (direct != null) {
        return direct;
      }
      ByteBuf buf = Unpooled.buffer();
      try {
        reply.writeTo(buf, resp);
        LuaValue value = RespToLua.convert(ByteBufUtil.getBytes(buf));
        if (reply.errorCounted() && value.istable()) {
          // The command's error is in the error stats already: passed on, it is not counted again
          // (Redis marks the table so, and a script can see the mark).
          value.rawset(RespToLua.IGNORE_STATS, LuaValue.TRUE);
        }
        if (raise && reply.isError()) {
          throw new LuaError(value);
        }
        return value;
      } finally {
        buf.release();
      }
    }
  }
}
