package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.VarArgFunction;

/**
 * Redis's {@code cjson} library for scripts: lua-cjson 2.1.0 as Redis 7.0 bundles it. Its settings
 * (encode_max_depth and the rest) belong to the library table, so in Redis they last from one
 * script to the next until the Lua state is rebuilt; cjson.new() makes a table with settings of its
 * own. Errors carry the texts and argument numbers of the C library.
 */
final class CjsonLib {
  private CjsonLib() {}

  /** One library table's settings (lua-cjson's json_config_t), with its defaults. */
  static final class Config {
    boolean sparseConvert = false;
    int sparseRatio = 2;
    int sparseSafe = 10;
    int encodeMaxDepth = 1000;
    int decodeMaxDepth = 1000;
    /** 0 off (an error), 1 on (inf, -inf, nan), 2 "null". */
    int encodeInvalidNumbers = 0;
    boolean decodeInvalidNumbers = true;
    boolean encodeKeepBuffer = true; // only a memory strategy in C: kept for what it reports
    int encodePrecision = 14;
  }

  private static final String[] BOOL_OPTIONS = {"off", "on"};
  private static final String[] INVALID_NUMBER_OPTIONS = {"off", "on", "null"};

  /** The library's table, as scripts see it under the global `cjson`. */
  static LuaTable create() {
    Config cfg = new Config();
    LuaTable t = new LuaTable();
    t.rawset("encode", fn(args -> {
      if (args.narg() != 1) {
        throw argError(1, "encode", "expected 1 argument");
      }
      return CjsonEncoder.encode(cfg, args.arg1());
    }));
    t.rawset("decode", fn(args -> {
      if (args.narg() != 1) {
        throw argError(1, "decode", "expected 1 argument");
      }
      LuaValue s = args.arg1();
      if (s.type() != LuaValue.TSTRING && s.type() != LuaValue.TNUMBER) {
        throw argError(1, "decode", "string expected, got " + s.typename());
      }
      return CjsonDecoder.decode(cfg, s.checkstring());
    }));
    t.rawset("encode_sparse_array", fn(args -> {
      String name = "encode_sparse_array";
      argCount(args, 3, name);
      LuaValue convert = enumOption(args, 1, name, BOOL_OPTIONS, cfg.sparseConvert ? 1 : 0,
          v -> cfg.sparseConvert = v != 0);
      LuaValue ratio = integerOption(args, 2, name, 0, Integer.MAX_VALUE, cfg.sparseRatio,
          v -> cfg.sparseRatio = v);
      LuaValue safe = integerOption(args, 3, name, 0, Integer.MAX_VALUE, cfg.sparseSafe,
          v -> cfg.sparseSafe = v);
      return LuaValue.varargsOf(convert, ratio, safe);
    }));
    t.rawset("encode_max_depth", fn(args -> {
      argCount(args, 1, "encode_max_depth");
      return integerOption(args, 1, "encode_max_depth", 1, Integer.MAX_VALUE, cfg.encodeMaxDepth,
          v -> cfg.encodeMaxDepth = v);
    }));
    t.rawset("decode_max_depth", fn(args -> {
      argCount(args, 1, "decode_max_depth");
      return integerOption(args, 1, "decode_max_depth", 1, Integer.MAX_VALUE, cfg.decodeMaxDepth,
          v -> cfg.decodeMaxDepth = v);
    }));
    t.rawset("encode_number_precision", fn(args -> {
      argCount(args, 1, "encode_number_precision");
      return integerOption(args, 1, "encode_number_precision", 1, 14, cfg.encodePrecision,
          v -> cfg.encodePrecision = v);
    }));
    t.rawset("encode_keep_buffer", fn(args -> {
      argCount(args, 1, "encode_keep_buffer");
      return enumOption(args, 1, "encode_keep_buffer", BOOL_OPTIONS, cfg.encodeKeepBuffer ? 1 : 0,
          v -> cfg.encodeKeepBuffer = v != 0);
    }));
    t.rawset("encode_invalid_numbers", fn(args -> {
      argCount(args, 1, "encode_invalid_numbers");
      return enumOption(args, 1, "encode_invalid_numbers", INVALID_NUMBER_OPTIONS,
          cfg.encodeInvalidNumbers, v -> cfg.encodeInvalidNumbers = v);
    }));
    t.rawset("decode_invalid_numbers", fn(args -> {
      argCount(args, 1, "decode_invalid_numbers");
      return enumOption(args, 1, "decode_invalid_numbers", BOOL_OPTIONS,
          cfg.decodeInvalidNumbers ? 1 : 0, v -> cfg.decodeInvalidNumbers = v != 0);
    }));
    t.rawset("new", fn(args -> create()));
    t.rawset("null", CjsonNull.NULL);
    t.rawset("_NAME", LuaValue.valueOf("cjson"));
    t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
    return t;
  }

  private interface Body {
    Varargs call(Varargs args);
  }

  private interface IntSetter {
    void set(int v);
  }

  private static VarArgFunction fn(Body body) {
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return body.call(args);
      }
    };
  }

  /**
   * luaL_argerror. Lua 5.1 names the function as its caller wrote it ("f" for a local f); the name
   * here is the one under cjson, which is how scripts call it.
   */
  static LuaError argError(int narg, String fname, String message) {
    return new LuaError("bad argument #" + narg + " to '" + fname + "' (" + message + ")");
  }

  private static void argCount(Varargs args, int max, String fname) {
    if (args.narg() > max) {
      throw argError(max + 1, fname, "found too many arguments");
    }
  }

  /**
   * An integer setting: nil leaves it, else luaL_checkinteger (the double cut to a C long, then to
   * the C int cjson keeps), range-checked; a range error always names argument 1, as cjson's does.
   * Returns the setting as it is now.
   */
  private static LuaValue integerOption(Varargs args, int index, String fname, int min, int max,
      int current, IntSetter set) {
    LuaValue v = args.arg(index);
    if (v.isnil()) {
      return LuaValue.valueOf(current);
    }
    Double d = CjsonNumbers.toNumber(v);
    if (d == null) {
      throw argError(index, fname, "number expected, got " + v.typename());
    }
    int value = (int) CjsonNumbers.toCLong(d);
    if (value < min || value > max) {
      throw argError(1, fname, "expected integer between " + min + " and " + max);
    }
    set.set(value);
    return LuaValue.valueOf(value);
  }

  /**
   * An enumerated setting: nil leaves it; a boolean is option 0 or 1; otherwise the option's name
   * (luaL_checkoption). Reported as a boolean when it is 0 or 1, else by its name.
   */
  private static LuaValue enumOption(Varargs args, int index, String fname, String[] options,
      int current, IntSetter set) {
    LuaValue v = args.arg(index);
    int setting = current;
    if (!v.isnil()) {
      if (v.isboolean()) {
        setting = v.toboolean() ? 1 : 0;
      } else {
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
          throw argError(index, fname, "string expected, got " + v.typename());
        }
        LuaString name = v.checkstring();
        setting = -1;
        for (int i = 0; i < options.length; i++) {
          if (name.equals(LuaValue.valueOf(options[i]))) {
            setting = i;
            break;
          }
        }
        if (setting < 0) {
          throw argError(index, fname, "invalid option '" + cString(name) + "'");
        }
      }
      set.set(setting);
    }
    return setting <= 1 ? LuaValue.valueOf(setting == 1) : LuaValue.valueOf(options[setting]);
  }

  /** A Lua string as C's "%s" prints it: up to its first byte 0. */
  private static String cString(LuaString s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.m_length; i++) {
      int c = s.m_bytes[s.m_offset + i] & 0xff;
      if (c == 0) {
        break;
      }
      out.append((char) c);
    }
    return out.toString();
  }
}
