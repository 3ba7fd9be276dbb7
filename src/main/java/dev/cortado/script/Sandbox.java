package dev.cortado.script;

import dev.cortado.luaj.vm2.Globals;
import dev.cortado.luaj.vm2.LoadState;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.compiler.LuaC;
import dev.cortado.luaj.vm2.lib.BaseLib;
import dev.cortado.luaj.vm2.lib.CoroutineLib;
import dev.cortado.luaj.vm2.lib.MathLib;
import dev.cortado.luaj.vm2.lib.OneArgFunction;
import dev.cortado.luaj.vm2.lib.PackageLib;
import dev.cortado.luaj.vm2.lib.StringLib;
import dev.cortado.luaj.vm2.lib.TableLib;
import dev.cortado.luaj.vm2.lib.TwoArgFunction;
import dev.cortado.luaj.vm2.lib.VarArgFunction;

import java.util.function.DoubleUnaryOperator;

/**
 * The Lua world a script sees, shaped as Redis 7.0's: Lua 5.1's base, string, table, math and
 * coroutine libraries (with the 5.1 names LuaJ's 5.2 libraries lack), no os, io, debug, print,
 * require, dofile or loadfile; globals and libraries read-only, and reading an undeclared global an
 * error.
 */
final class Sandbox {
  private Sandbox() {}

  /** Builds the globals; {@code redis} is the redis table, {@code guard} the hook to install. */
  static Globals create(LuaTable redis, ScriptGuard guard, Rand48 random) {
    Globals g = new Globals();
    g.load(new BaseLib());
    g.load(new PackageLib()); // the libraries register in package.loaded; "package" goes below
    g.load(new TableLib());
    g.load(new StringLib());
    g.load(new CoroutineLib());
    g.load(new MathLib());
    LoadState.install(g);
    LuaC.install(g);
    g.debuglib = guard; // the guard, not a debug library: scripts get no "debug" table

    for (String absent : new String[] {"dofile", "loadfile", "print", "rawlen", "require",
        "module", "package"}) {
      g.rawset(absent, LuaValue.NIL);
    }
    g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
    LuaTable table = (LuaTable) g.rawget("table");
    g.rawset("string", sharedString((LuaTable) g.rawget("string")));
    LuaTable math = (LuaTable) g.rawget("math");
    g.rawset("unpack", table.rawget("unpack"));
    g.rawset("loadstring", loadstring(g));
    g.rawset("gcinfo", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        Runtime rt = Runtime.getRuntime();
        return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
      }
    });
    table.rawset("pack", LuaValue.NIL);
    table.rawset("unpack", LuaValue.NIL); // 5.1 has only the global
    table.rawset("foreach", foreach(false));
    table.rawset("foreachi", foreach(true));
    table.rawset("setn", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        throw new LuaError("'setn' is obsolete");
      }
    });
    table.rawset("getn", lengthOf());
    table.rawset("maxn", maxn());
    math.rawset("mod", math.rawget("fmod"));
    math.rawset("log", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return LuaValue.valueOf(Math.log(args.checkdouble(1)));
      }
    });
    unary(math, "log10", Math::log10);
    unary(math, "acos", Math::acos);
    unary(math, "asin", Math::asin);
    unary(math, "atan", Math::atan);
    unary(math, "cosh", Math::cosh);
    unary(math, "sinh", Math::sinh);
    unary(math, "tanh", Math::tanh);
    math.rawset("atan2", new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue y, LuaValue x) {
        return LuaValue.valueOf(Math.atan2(y.checkdouble(), x.checkdouble()));
      }
    });
    random.install(math);
    g.rawset("pcall", errorStringPcall(g.rawget("pcall")));
    LuaValue setmetatable = g.rawget("setmetatable");
    g.rawset("setmetatable", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        if (args.arg1() instanceof LuaTable t && t.readonly) {
          throw new LuaError("Attempt to modify a readonly table", 0);
        }
        return setmetatable.invoke(args);
      }
    });
    g.rawset("rawset", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        LuaTable t = args.checktable(1);
        if (t.readonly) {
          // Redis raises it from C with no position, unlike a write by assignment.
          throw new LuaError("Attempt to modify a readonly table", 0);
        }
        if (args.narg() < 3) { // luaL_checkany on the key, then the value
          throw LuaError.arg(args.narg() < 2 ? 2 : 3, "value expected").named("rawset");
        }
        t.rawset(args.arg(2), args.arg(3)); // raises Lua's "table index is nil" / "is NaN"
        return t;
      }
    });
    g.rawset("redis", redis);
    g.rawset("__redis__err__handler", errorHandler());
    g.rawset("cjson", CjsonLib.create());
    g.rawset("cmsgpack", CmsgpackLib.create());
    g.rawset("bit", BitLib.create());
    g.rawset("struct", StructLib.create());

    // Redis's globals protection: reading an undeclared global is an error, writing one too.
    LuaTable meta = new LuaTable();
    meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
      @Override
      public LuaValue call(LuaValue table, LuaValue key) {
        throw new LuaError("Script attempted to access nonexistent global variable '"
            + key.tojstring() + "'");
      }
    });
    g.setmetatable(meta);
    for (String lib : new String[] {"table", "string", "math", "coroutine", "redis", "cjson",
        "cmsgpack", "bit", "struct"}) {
      ((LuaTable) g.rawget(lib)).readonly = true;
    }
    return g;
  }

  /** The string library every Lua world shares, as strings share one metatable. */
  private static LuaTable sharedString;

  /**
   * LuaJ keeps the strings' metatable in a static field, set by the first world made in the JVM; so
   * that {@code getmetatable('').__index == string} holds in every world (of every server), all share
   * that world's string table. It is read-only, so no world can change another's.
   */
  private static synchronized LuaTable sharedString(LuaTable fresh) {
    if (sharedString == null) {
      fresh.rawset("gfind", fresh.rawget("gmatch"));
      fresh.readonly = true;
      LuaTable meta = new LuaTable();
      meta.rawset(LuaValue.INDEX, fresh);
      meta.readonly = true;
      dev.cortado.luaj.vm2.LuaString.s_metatable = meta;
      sharedString = fresh;
    }
    return sharedString;
  }

  /** Seals the globals once everything (KEYS, ARGV and the libraries) is in place. */
  static void seal(Globals g, boolean sealed) {
    g.readonly = sealed;
  }

  private static void unary(LuaTable math, String name, DoubleUnaryOperator f) {
    math.rawset(name, new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue x) {
        return LuaValue.valueOf(f.applyAsDouble(x.checkdouble()));
      }
    });
  }

  /**
   * Redis 7.0's pcall: as Lua's, but an error table with an err string (what redis.call raises)
   * comes back as that string, as scripts written before 7.0 expect.
   */
  private static LuaValue errorStringPcall(LuaValue pcall) {
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        Varargs result = pcall.invoke(args);
        if (result.arg1().toboolean()) {
          return result;
        }
        LuaValue error = result.arg(2);
        if (error.istable() && error.rawget(RespToLua.ERR).type() == LuaValue.TSTRING) {
          return LuaValue.varargsOf(LuaValue.FALSE, error.rawget(RespToLua.ERR));
        }
        return result;
      }
    };
  }

  /** Lua 5.1's loadstring(s [, chunkname]): source text only, never a binary chunk. */
  private static LuaValue loadstring(Globals g) {
    LuaValue load = g.rawget("load");
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        LuaString s = args.checkstring(1);
        LuaValue name = args.isnoneornil(2) ? s : args.arg(2);
        return load.invoke(LuaValue.varargsOf(new LuaValue[] {s, name, LuaValue.valueOf("t")}));
      }
    };
  }

  /**
   * Lua 5.1's table.foreach / foreachi: calls f(key, value) over the table (foreachi: 1..#t) and
   * returns the first non-nil result.
   */
  private static LuaValue foreach(boolean indexed) {
    String fname = indexed ? "foreachi" : "foreach"; // not "name": LibFunction has a field so named
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        LuaTable t = args.checktable(1);
        if (!args.arg(2).isfunction()) {
          throw LuaError.argType(args, 2, "function").named(fname);
        }
        LuaValue f = args.arg(2);
        if (indexed) {
          for (int i = 1, n = t.length(); i <= n; i++) {
            LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
            if (!r.isnil()) {
              return r;
            }
          }
          return LuaValue.NIL;
        }
        LuaValue k = LuaValue.NIL;
        while (true) {
          Varargs next = t.next(k);
          if ((k = next.arg1()).isnil()) {
            return LuaValue.NIL;
          }
          LuaValue r = f.call(k, next.arg(2));
          if (!r.isnil()) {
            return r;
          }
        }
      }
    };
  }

  /**
   * The global Redis 7.0 defines as its scripts' error handler: turns an error into an error table
   * ({@code err} prefixed "ERR " unless already a table) and names the source. Cortado's own error
   * path does not go through it, and it leaves out the {@code line} Redis adds.
   */
  private static LuaValue errorHandler() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue err) {
        LuaValue e = err;
        if (!e.istable()) {
          LuaTable t = new LuaTable();
          t.rawset(RespToLua.ERR, LuaValue.valueOf("ERR " + e.tojstring()));
          e = t;
        }
        e.rawset("source", LuaValue.valueOf("@user_script"));
        return e;
      }
    };
  }

  /** table.getn: the length operator. */
  private static LuaValue lengthOf() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue t) {
        return LuaValue.valueOf(t.checktable().length());
      }
    };
  }

  /** table.maxn: the largest positive numeric key, 0 if none. */
  private static LuaValue maxn() {
    return new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue t) {
        LuaTable table = t.checktable();
        double max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
          Varargs next = table.next(k);
          if ((k = next.arg1()).isnil()) {
            break;
          }
          if (k.type() == LuaValue.TNUMBER && k.todouble() > max) {
            max = k.todouble();
          }
        }
        return LuaValue.valueOf(max);
      }
    };
  }
}
