package dev.cortado.script;

import dev.cortado.keyspace.Glob;
import dev.cortado.luaj.vm2.Globals;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaFunction;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.VarArgFunction;
import dev.cortado.protocol.Reply;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis 7.0's functions (functions.c, function_lua.c): libraries loaded with FUNCTION LOAD, the
 * functions they register, FCALL's running of one, and DUMP/RESTORE of them all.
 *
 * <p>Functions get a Lua world of their own, shaped as Redis's: their global table is empty and
 * read-only, and its metatable's {@code __index} is the API of the moment. While a library's code
 * runs (FUNCTION LOAD) that API holds only {@code redis.register_function}, {@code redis.log}, the
 * log levels and the version; when a function runs it is the sandbox EVAL sees, less KEYS and ARGV.
 * Locals of a library's code stay shared by its functions, as closures do.
 */
public final class LuaFunctions {
  /** The shebang flags a function may declare, as bits; the order is FUNCTION LIST's. */
  public static final int FLAG_NO_WRITES = 1;
  static final String[] FLAG_NAMES =
      {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};
  /** Redis's text for a bad library name, and (sic) for a bad function name too. */
  static final String BAD_NAME = "Library names can only contain letters, numbers, or "
      + "underscores(_) and must be at least one character long";
  /** How long a library's code may run at FUNCTION LOAD (Redis's load timeout). */
  static final long LOAD_TIME_LIMIT_MILLIS = 500;
  private static final String CHUNK = "@user_function";
  private static final LuaString INDEX = LuaValue.INDEX;

  private final LuaScripts runner;
  private final ScriptGuard guard;
  /** The functions' global table: empty; its metatable's __index is the API of the moment. */
  private final Globals globals;
  private final LuaTable globalsMeta;
  private final LuaTable runtimeApi;
  private final LuaTable loadApi;
  private Libraries current = new Libraries();
  /** The library whose code is running (FUNCTION LOAD, RESTORE); register_function adds to it. */
  private Library loading;

  LuaFunctions(LuaScripts runner, Globals sandbox, ScriptGuard guard) {
    this.runner = runner;
    this.guard = guard;
    this.globals = sandbox;
    LuaTable errorMeta = (LuaTable) sandbox.getmetatable();
    // The sandbox's globals move to a table of their own, the runtime API.
    runtimeApi = new LuaTable();
    List<LuaValue> keys = new ArrayList<>();
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs next = sandbox.next(k);
      if ((k = next.arg1()).isnil()) {
        break;
      }
      keys.add(k);
      runtimeApi.rawset(k, next.arg(2));
    }
    for (LuaValue key : keys) {
      sandbox.rawset(key, LuaValue.NIL);
    }
    runtimeApi.rawset("__redis__err__handler", LuaValue.NIL); // EVAL's alone
    LuaTable redis = (LuaTable) runtimeApi.rawget("redis");
    redis.readonly = false;
    for (String evalOnly : new String[] {"replicate_commands", "breakpoint", "debug"}) {
      redis.rawset(evalOnly, LuaValue.NIL); // EVAL's alone too (script debugging, 6.x replication)
    }
    redis.readonly = true;
    runtimeApi.rawset("_G", runtimeApi);
    runtimeApi.setmetatable(errorMeta);
    runtimeApi.readonly = true;
    loadApi = loadApi((LuaTable) runtimeApi.rawget("redis"), errorMeta);
    errorMeta.readonly = true;
    globalsMeta = new LuaTable();
    globalsMeta.rawset(INDEX, runtimeApi);
    sandbox.setmetatable(globalsMeta);
    globalsMeta.readonly = true;
    Sandbox.seal(sandbox, true);
  }

  /** What a library's code sees while it loads: redis.register_function, log and version only. */
  private LuaTable loadApi(LuaTable runtimeRedis, LuaTable errorMeta) {
    LuaTable redis = new LuaTable();
    redis.rawset("register_function", new RegisterFunction());
    for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE",
        "LOG_WARNING", "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
      redis.rawset(name, runtimeRedis.rawget(name));
    }
    redis.setmetatable(errorMeta);
    redis.readonly = true;
    LuaTable api = new LuaTable();
    api.rawset("redis", redis);
    api.setmetatable(errorMeta);
    api.readonly = true;
    return api;
  }

  /** A registered function. Names are ASCII ([A-Za-z0-9_]), compared without case. */
  public record Function(String name, Library library, LuaFunction callback, int flags,
      byte[] description) {}

  /** A library: its name (case counts), its code as loaded, its functions in registration order. */
  public static final class Library {
    final String name;
    final byte[] code;
    final Map<String, Function> functions = new LinkedHashMap<>();

    Library(String name, byte[] code) {
      this.name = name;
      this.code = code;
    }
  }

  /**
   * Libraries by name and every library's functions by lower-cased name (functionsLibCtx). Names of
   * one library differing only in case share one entry: the last registered wins.
   */
  private static final class Libraries {
    final Map<String, Library> libraries = new LinkedHashMap<>();
    final Map<String, Function> functions = new HashMap<>();

    void link(Library library) {
      libraries.put(library.name, library);
      for (Function f : library.functions.values()) {
        functions.put(lower(f.name), f);
      }
    }

    /** Counted per library: two names of one library that differ only in case both count. */
    int functionCount() {
      int n = 0;
      for (Library library : libraries.values()) {
        n += library.functions.size();
      }
      return n;
    }

    void unlink(Library library) {
      libraries.remove(library.name);
      for (Function f : library.functions.values()) {
        functions.remove(lower(f.name));
      }
    }
  }

  /** A refused load or restore, with Redis's message (the reply adds "ERR "). */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  // ---- FUNCTION LOAD

  /** FUNCTION LOAD [REPLACE] code: the library's name, or Redis's error. */
  public Reply load(byte[] code, boolean replace) {
    try {
      return Reply.bulk(create(code, replace, current));
    } catch (Refused e) {
      return error(e.getMessage());
    }
  }

  /**
   * Compiles a library, runs its code to register its functions and links it into {@code into};
   * on any failure {@code into} is as it was (a replaced library included).
   */
  private String create(byte[] code, boolean replace, Libraries into) {
    Header header = Header.parse(code);
    if (!validName(header.name)) {
      throw new Refused(BAD_NAME);
    }
    if (!new String(header.engine, StandardCharsets.ISO_8859_1).equalsIgnoreCase("lua")) {
      throw new Refused("Engine '" + latin1(header.engine) + "' not found");
    }
    String name = latin1(header.name);
    Library old = into.libraries.get(name);
    if (old != null && !replace) {
      throw new Refused("Library '" + name + "' already exists");
    }
    if (old != null) {
      into.unlink(old);
    }
    try {
      Library library = new Library(name, code);
      runLibraryCode(library, code, header.bodyFrom);
      if (library.functions.isEmpty()) {
        throw new Refused("No functions registered");
      }
      for (Function f : library.functions.values()) {
        if (into.functions.containsKey(lower(f.name))) {
          throw new Refused("Function " + f.name + " already exists");
        }
      }
      into.link(library);
      return name;
    } catch (RuntimeException e) {
      if (old != null) {
        into.link(old);
      }
      throw e;
    }
  }

  /** Compiles the body (the shebang's newline kept, so lines count as sent) and runs it. */
  private void runLibraryCode(Library library, byte[] code, int bodyFrom) {
    LuaValue chunk;
    try {
      chunk = globals.load(new ByteArrayInputStream(code, bodyFrom, code.length - bodyFrom), CHUNK,
          "t", globals);
    } catch (LuaError e) {
      throw new Refused("Error compiling function: " + e.getMessage());
    }
    setApi(loadApi);
    loading = library;
    guard.reset(LOAD_TIME_LIMIT_MILLIS, null);
    try {
      chunk.call();
    } catch (LuaError e) {
      throw new Refused("Error registering functions: " + loadErrorText(e));
    } catch (StackOverflowError e) {
      throw new Refused("Error registering functions: ERR user_function:1: stack overflow");
    } catch (Refused e) {
      throw e;
    } catch (RuntimeException e) {
      // An interpreter fault must not cost the client its connection: the load fails instead.
      throw new Refused("Error registering functions: ERR " + e);
    } finally {
      loading = null;
      setApi(runtimeApi);
    }
  }

  /** An error of a library's code as luaExtractErrorInformation reads it: a string gets "ERR ". */
  private static String loadErrorText(LuaError e) {
    LuaValue object = e.getMessageObject();
    if (object != null && object.istable()) {
      LuaValue err = object.rawget(RespToLua.ERR);
      String text = err.isstring() ? latin1(err.checkstring()) : "(null)";
      // The guard stops code past the load time limit with its SCRIPT KILL error; at load it is
      // Redis's timeout (nothing else can kill a load, and a load cannot raise tables of its own).
      return text.equals("ERR " + ScriptGuard.KILLED) ? "ERR FUNCTION LOAD timeout" : text;
    }
    return "ERR " + (object == null ? "nil"
        : object.isstring() ? latin1(object.tostring().checkstring()) : object.tojstring());
  }

  private void setApi(LuaTable api) {
    globalsMeta.readonly = false;
    globalsMeta.rawset(INDEX, api);
    globalsMeta.readonly = true;
  }

  /** redis.register_function(name, callback) or redis.register_function{...}, at load only. */
  private final class RegisterFunction extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (loading == null) {
        throw raise("redis.register_function can only be called on FUNCTION LOAD command");
      }
      int n = args.narg();
      if (n < 1 || n > 2) {
        throw raise("wrong number of arguments to redis.register_function");
      }
      LuaValue name;
      LuaValue callback;
      LuaValue description = null;
      int flags = 0;
      if (n == 2) {
        name = args.arg1();
        callback = args.arg(2);
        if (!name.isstring()) {
          throw raise("first argument to redis.register_function must be a string");
        }
        if (!callback.isfunction()) {
          throw raise("second argument to redis.register_function must be a function");
        }
      } else {
        if (!args.arg1().istable()) {
          throw raise("calling redis.register_function with a single argument is only applicable "
              + "to Lua table (representing named arguments).");
        }
        LuaTable named = (LuaTable) args.arg1();
        name = null;
        callback = null;
        LuaValue k = LuaValue.NIL;
        while (true) {
          Varargs next = named.next(k);
          if ((k = next.arg1()).isnil()) {
            break;
          }
          LuaValue v = next.arg(2);
          if (!k.isstring()) {
            throw raise("named argument key given to redis.register_function is not a string");
          }
          String key = k.type() == LuaValue.TSTRING ? latin1(k.checkstring()) : "";
          if (key.equalsIgnoreCase("function_name")) {
            if (!v.isstring()) {
              throw raise("function_name argument given to redis.register_function must be a "
                  + "string");
            }
            name = v;
          } else if (key.equalsIgnoreCase("description")) {
            if (!v.isstring()) {
              throw raise("description argument given to redis.register_function must be a "
                  + "string");
            }
            description = v;
          } else if (key.equalsIgnoreCase("callback")) {
            if (!v.isfunction()) {
              throw raise("callback argument given to redis.register_function must be a "
                  + "function");
            }
            callback = v;
          } else if (key.equalsIgnoreCase("flags")) {
            if (!v.istable()) {
              throw raise("flags argument to redis.register_function must be a table representing "
                  + "function flags");
            }
            flags = readFlags(v);
          } else {
            throw raise("unknown argument given to redis.register_function");
          }
        }
        if (name == null) {
          throw raise("redis.register_function must get a function name argument");
        }
        if (callback == null) {
          throw raise("redis.register_function must get a callback argument");
        }
      }
      byte[] nameBytes = LuaToReply.bytes(name.checkstring());
      if (!validName(nameBytes)) {
        throw raise(BAD_NAME);
      }
      String functionName = latin1(nameBytes);
      Library library = loading;
      // Case counts within a library, unlike between libraries (Redis's two dicts differ so).
      if (library.functions.containsKey(functionName)) {
        throw raise("Function already exists in the library");
      }
      library.functions.put(functionName, new Function(functionName, library,
          (LuaFunction) callback, flags,
          description == null ? null : LuaToReply.bytes(description.checkstring())));
      return LuaValue.NONE;
    }

    /** The flags array: names Redis knows, without case; anything else is an unknown flag. */
    private int readFlags(LuaValue table) {
      int flags = 0;
      for (int j = 1; ; j++) {
        LuaValue v = table.get(j);
        if (v.isnil()) {
          return flags;
        }
        int bit = -1;
        if (v.isstring()) {
          String flag = latin1(v.checkstring());
          for (int i = 0; i < FLAG_NAMES.length; i++) {
            if (FLAG_NAMES[i].equalsIgnoreCase(flag)) {
              bit = i;
            }
          }
        }
        if (bit < 0) {
          throw raise("unknown flag given");
        }
        flags |= 1 << bit;
      }
    }

    private LuaError raise(String message) {
      return LuaErrors.raise(LuaErrors.fromMessage(message));
    }
  }

  // ---- FCALL

  /** The function by name (without case), or null. */
  public Function find(byte[] name) {
    return current.functions.get(lower(latin1(name)));
  }

  /** Runs a function with its keys and arguments as its callback's two tables. */
  public Reply call(Function f, byte[][] keys, byte[][] argv, ScriptHost host,
      long timeLimitMillis) {
    return runner.invoke(f.callback(),
        LuaValue.varargsOf(LuaScripts.array(keys), LuaScripts.array(argv)), f.name(), CHUNK, host,
        timeLimitMillis);
  }

  // ---- FUNCTION LIST, DELETE, FLUSH, STATS

  /** FUNCTION LIST: libraries whose name matches the pattern (null: all; without case). */
  public Reply list(byte[] pattern, boolean withCode) {
    List<Reply> out = new ArrayList<>();
    byte[] lowerPattern = pattern == null ? null : lower(latin1(pattern))
        .getBytes(StandardCharsets.ISO_8859_1);
    for (Library library : current.libraries.values()) {
      if (lowerPattern != null && !Glob.matches(lowerPattern,
          lower(library.name).getBytes(StandardCharsets.ISO_8859_1))) {
        continue;
      }
      List<Reply> functions = new ArrayList<>();
      for (Function f : library.functions.values()) {
        List<Reply> flags = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
          if ((f.flags() & (1 << i)) != 0) {
            flags.add(Reply.simple(FLAG_NAMES[i]));
          }
        }
        functions.add(Reply.map(List.of(
            Reply.bulk("name"), Reply.bulk(f.name()),
            Reply.bulk("description"), f.description() == null ? Reply.NULL
                : Reply.bulk(f.description()),
            Reply.bulk("flags"), Reply.set(flags))));
      }
      List<Reply> fields = new ArrayList<>(List.of(
          Reply.bulk("library_name"), Reply.bulk(library.name),
          Reply.bulk("engine"), Reply.bulk("LUA"),
          Reply.bulk("functions"), Reply.array(functions)));
      if (withCode) {
        fields.add(Reply.bulk("library_code"));
        fields.add(Reply.bulk(library.code));
      }
      out.add(Reply.map(fields));
    }
    return Reply.array(out);
  }

  /** FUNCTION DELETE: whether the library was there. */
  public boolean delete(byte[] name) {
    Library library = current.libraries.get(latin1(name));
    if (library == null) {
      return false;
    }
    current.unlink(library);
    return true;
  }

  /** FUNCTION FLUSH. */
  public void flush() {
    current = new Libraries();
  }

  /** FUNCTION STATS; {@code running} is the running_script map, or null when none runs. */
  public Reply stats(Reply running) {
    return Reply.map(List.of(
        Reply.bulk("running_script"), running == null ? Reply.NULL : running,
        Reply.bulk("engines"), Reply.map(List.of(
            Reply.bulk("LUA"), Reply.map(List.of(
                Reply.bulk("libraries_count"), Reply.integer(current.libraries.size()),
                Reply.bulk("functions_count"), Reply.integer(current.functionCount())))))));
  }

  // ---- FUNCTION DUMP, RESTORE

  /** FUNCTION DUMP's payload; {@code compress} is rdbcompression. */
  public byte[] dump(boolean compress) {
    List<byte[]> codes = new ArrayList<>();
    for (Library library : current.libraries.values()) {
      codes.add(library.code);
    }
    return FunctionPayload.dump(codes, compress);
  }

  /** FUNCTION RESTORE's policies for libraries already loaded. */
  public enum RestorePolicy { APPEND, REPLACE, FLUSH }

  /** FUNCTION RESTORE: OK, or Redis's error with every library as it was. */
  public Reply restore(byte[] payload, RestorePolicy policy) {
    if (!FunctionPayload.verify(payload)) {
      return error("DUMP payload version or checksum are wrong");
    }
    Libraries restored = new Libraries();
    try {
      FunctionPayload.Reader reader = new FunctionPayload.Reader(payload);
      while (reader.hasNext()) {
        create(reader.next(), false, restored);
      }
      if (policy == RestorePolicy.FLUSH) {
        current = restored;
      } else {
        join(restored, policy == RestorePolicy.REPLACE);
      }
      return Reply.OK;
    } catch (Refused | FunctionPayload.Malformed e) {
      return error(e.getMessage());
    }
  }

  /** Adds restored libraries to the current ones (libraryJoin); all or nothing. */
  private void join(Libraries restored, boolean replace) {
    List<Library> replaced = new ArrayList<>();
    try {
      for (Library library : restored.libraries.values()) {
        Library old = current.libraries.get(library.name);
        if (old != null) {
          if (!replace) {
            throw new Refused("Library " + library.name + " already exists");
          }
          current.unlink(old);
          replaced.add(old);
        }
      }
      for (Library library : restored.libraries.values()) {
        for (Function f : library.functions.values()) {
          if (current.functions.containsKey(lower(f.name))) {
            throw new Refused("Function " + f.name + " already exists");
          }
        }
      }
    } catch (Refused e) {
      for (Library old : replaced) {
        current.link(old);
      }
      throw e;
    }
    for (Library library : restored.libraries.values()) {
      current.link(library);
    }
  }

  // ---- helpers

  private static Reply error(String message) {
    return Reply.error(("ERR " + message).replace('\r', ' ').replace('\n', ' '));
  }

  /** Letters, digits and '_', at least one (functionsVerifyName). */
  static boolean validName(byte[] name) {
    if (name.length == 0) {
      return false;
    }
    for (byte b : name) {
      boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String latin1(LuaString s) {
    return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
  }

  /**
   * A library's first line, "#!engine name=lib" (functionExtractLibMetaData): split as
   * sdssplitargs splits, the body starting at its newline.
   */
  record Header(byte[] engine, byte[] name, int bodyFrom) {
    static Header parse(byte[] code) {
      if (code.length < 2 || code[0] != '#' || code[1] != '!') {
        throw new Refused("Missing library metadata");
      }
      int newline = -1;
      for (int i = 0; i < code.length && code[i] != 0; i++) { // strchr: a NUL ends the string
        if (code[i] == '\n') {
          newline = i;
          break;
        }
      }
      if (newline < 0) {
        throw new Refused("Invalid library metadata");
      }
      List<byte[]> parts = splitArgs(java.util.Arrays.copyOf(code, newline));
      if (parts == null || parts.isEmpty()) {
        throw new Refused("Invalid library metadata");
      }
      byte[] first = parts.get(0);
      byte[] engine = java.util.Arrays.copyOfRange(first, Math.min(2, first.length), first.length);
      byte[] name = null;
      for (int i = 1; i < parts.size(); i++) {
        byte[] part = parts.get(i);
        if (part.length >= 5 && latin1(java.util.Arrays.copyOf(part, 5))
            .equalsIgnoreCase("name=")) {
          if (name != null) {
            throw new Refused("Invalid metadata value, name argument was given multiple times");
          }
          name = java.util.Arrays.copyOfRange(part, 5, part.length);
          continue;
        }
        throw new Refused("Invalid metadata value given: " + latin1(cString(part)));
      }
      if (name == null) {
        throw new Refused("Library name was not given");
      }
      return new Header(engine, name, newline);
    }

    private static byte[] cString(byte[] s) {
      for (int i = 0; i < s.length; i++) {
        if (s[i] == 0) {
          return java.util.Arrays.copyOf(s, i);
        }
      }
      return s;
    }

    /** sdssplitargs: words, "double" (with escapes) or 'single' quoted; null if unbalanced. */
    static List<byte[]> splitArgs(byte[] line) {
      List<byte[]> out = new ArrayList<>();
      int p = 0;
      int n = line.length;
      while (true) {
        while (p < n && isSpace(line[p])) {
          p++;
        }
        if (p >= n) {
          return out;
        }
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        boolean inDouble = false;
        boolean inSingle = false;
        boolean done = false;
        while (!done) {
          int c = p < n ? line[p] & 0xff : 0;
          int next = p + 1 < n ? line[p + 1] & 0xff : 0;
          if (inDouble) {
            if (c == '\\' && next == 'x' && p + 3 < n && isHex(line[p + 2]) && isHex(line[p + 3])) {
              word.write(Character.digit(line[p + 2], 16) * 16 + Character.digit(line[p + 3], 16));
              p += 3;
            } else if (c == '\\' && next != 0) {
              p++;
              word.write(switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'a' -> 7;
                default -> next;
              });
            } else if (c == '"') {
              if (next != 0 && !isSpace((byte) next)) {
                return null;
              }
              done = true;
            } else if (c == 0) {
              return null;
            } else {
              word.write(c);
            }
          } else if (inSingle) {
            if (c == '\\' && next == '\'') {
              p++;
              word.write('\'');
            } else if (c == '\'') {
              if (next != 0 && !isSpace((byte) next)) {
                return null;
              }
              done = true;
            } else if (c == 0) {
              return null;
            } else {
              word.write(c);
            }
          } else {
            switch (c) {
              case ' ', '\n', '\r', '\t', 0 -> done = true;
              case '"' -> inDouble = true;
              case '\'' -> inSingle = true;
              default -> word.write(c);
            }
          }
          if (p < n) {
            p++;
          }
        }
        out.add(word.toByteArray());
      }
    }

    private static boolean isSpace(byte b) {
      return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    private static boolean isHex(byte b) {
      return Character.digit(b, 16) >= 0;
    }
  }
}
