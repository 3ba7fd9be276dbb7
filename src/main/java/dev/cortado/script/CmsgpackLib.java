package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.VarArgFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code cmsgpack} library for scripts: lua-cmsgpack 0.4.0 as Redis 7.0 bundles it.
 * pack(...) concatenates its arguments' encodings; unpack returns every value of a stream,
 * unpack_one and unpack_limit the next offset (-1 at the end) then the values. A number that a C
 * int64 holds exactly is an integer, another one a float32 when that is exact, else a float64; a
 * table is an array when its keys are exactly 1..n, else a map; tables nested 16 deep become nil.
 * Lua 5.1's C stack limit (LUAI_MAXCSTACK) bounds arguments, results and nesting: the slots the C
 * code would use are counted, so the same inputs fail with the same "stack overflow (...)".
 */
final class CmsgpackLib {
  private CmsgpackLib() {}

  private static final int MAX_C_STACK = CjsonEncoder.MAX_C_STACK;
  private static final int MAX_NESTING = 16;
  private static final int MAX_OUTPUT = Integer.MAX_VALUE - 16;

  /** The library's table, as scripts see it under the global `cmsgpack`. */
  static LuaTable create() {
    LuaTable t = new LuaTable();
    t.rawset("pack", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return pack(args);
      }
    });
    t.rawset("unpack", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return unpack(args, "unpack", 0, 0, args.narg());
      }
    });
    t.rawset("unpack_one", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        long offset = optInteger(args, 2, "unpack_one");
        return unpack(args, "unpack_one", 1, offset, Math.min(args.narg(), 1));
      }
    });
    t.rawset("unpack_limit", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        long limit = checkInteger(args, 2, "unpack_limit");
        long offset = optInteger(args, 3, "unpack_limit");
        return unpack(args, "unpack_limit", limit, offset, Math.min(args.narg(), 1));
      }
    });
    t.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
    t.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
    t.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
    t.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
    return t;
  }

  /** luaL_checkstack: {@code top} slots in use, {@code n} more wanted. */
  private static void checkStack(int top, int n, String what) {
    if (top + n > MAX_C_STACK) {
      throw new LuaError("stack overflow (" + what + ")");
    }
  }

  private static long checkInteger(Varargs args, int index, String fname) {
    LuaValue v = args.arg(index);
    Double d = CjsonNumbers.toNumber(v);
    if (d == null) {
      String got = index > args.narg() ? "no value" : v.typename();
      throw CjsonLib.argError(index, fname, "number expected, got " + got);
    }
    return CjsonNumbers.toCLong(d);
  }

  private static long optInteger(Varargs args, int index, String fname) {
    return args.arg(index).isnil() ? 0 : checkInteger(args, index, fname);
  }

  // ---- packing ----

  private static Varargs pack(Varargs args) {
    int nargs = args.narg();
    if (nargs == 0) {
      throw CjsonLib.argError(0, "pack", "MessagePack pack needs input.");
    }
    if (nargs + nargs > MAX_C_STACK) {
      throw CjsonLib.argError(0, "pack", "Too many arguments for MessagePack pack.");
    }
    Packer p = new Packer();
    int top = nargs;
    for (int i = 1; i <= nargs; i++) {
      checkStack(top, 1, "in function mp_check");
      p.value(args.arg(i), 0, top + 1);
      top++; // the argument's encoding stays on the stack until the final concat
    }
    return LuaString.valueOf(p.out, 0, p.len);
  }

  private static final class Packer {
    byte[] out = new byte[64];
    int len;

    private void ensure(long more) {
      long need = len + more;
      if (need <= out.length) {
        return;
      }
      if (need > MAX_OUTPUT) {
        throw new LuaError("not enough memory", 0);
      }
      out = java.util.Arrays.copyOf(out, (int) Math.max(need, Math.min(2L * out.length, MAX_OUTPUT)));
    }

    private void put(int b) {
      ensure(1);
      out[len++] = (byte) b;
    }

    private void putBigEndian(long v, int bytes) {
      ensure(bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out[len++] = (byte) (v >>> (8 * i));
      }
    }

    /** {@code top}: the stack slots in use, the value being the last. */
    void value(LuaValue v, int level, int top) {
      int type = v.type();
      if (type == LuaValue.TTABLE && level == MAX_NESTING) {
        type = LuaValue.TNIL; // how the C library survives tables that contain themselves
      }
      switch (type) {
        case LuaValue.TSTRING -> bytes(v.checkstring());
        case LuaValue.TBOOLEAN -> put(v.toboolean() ? 0xc3 : 0xc2);
        case LuaValue.TNUMBER -> number(v.todouble());
        case LuaValue.TTABLE -> table((LuaTable) v, level, top);
        default -> put(0xc0);
      }
    }

    private void bytes(LuaString s) {
      int n = s.m_length;
      if (n < 32) {
        put(0xa0 | n);
      } else if (n <= 0xff) {
        put(0xd9);
        put(n);
      } else if (n <= 0xffff) {
        put(0xda);
        putBigEndian(n, 2);
      } else {
        put(0xdb);
        putBigEndian(n, 4);
      }
      ensure(n);
      System.arraycopy(s.m_bytes, s.m_offset, out, len, n);
      len += n;
    }

    private void number(double d) {
      long l = CjsonNumbers.toCLong(d);
      if (!Double.isInfinite(d) && (double) l == d) {
        integer(l);
        return;
      }
      float f = (float) d;
      if (d == (double) f) {
        put(0xca);
        putBigEndian(Float.floatToRawIntBits(f), 4);
      } else {
        put(0xcb);
        putBigEndian(Double.doubleToRawLongBits(d), 8);
      }
    }

    private void integer(long n) {
      if (n >= 0) {
        if (n <= 127) {
          put((int) n);
        } else if (n <= 0xff) {
          put(0xcc);
          put((int) n);
        } else if (n <= 0xffff) {
          put(0xcd);
          putBigEndian(n, 2);
        } else if (n <= 0xffffffffL) {
          put(0xce);
          putBigEndian(n, 4);
        } else {
          put(0xcf);
          putBigEndian(n, 8);
        }
      } else {
        if (n >= -32) {
          put((int) n);
        } else if (n >= -128) {
          put(0xd0);
          put((int) n);
        } else if (n >= -32768) {
          put(0xd1);
          putBigEndian(n, 2);
        } else if (n >= -2147483648L) {
          put(0xd2);
          putBigEndian(n, 4);
        } else {
          put(0xd3);
          putBigEndian(n, 8);
        }
      }
    }

    private void header(long n, int fix, int sixteen, int thirtyTwo) {
      if (n <= 15) {
        put(fix | (int) n);
      } else if (n <= 65535) {
        put(sixteen);
        putBigEndian(n, 2);
      } else {
        put(thirtyTwo);
        putBigEndian(n, 4);
      }
    }

    private void table(LuaTable t, int level, int top) {
      if (isArray(t, top)) {
        int n = t.rawlen();
        header(n, 0x90, 0xdc, 0xdd);
        checkStack(top, 1, "in function mp_encode_lua_table_as_array");
        for (int j = 1; j <= n; j++) {
          value(t.get(j), level + 1, top + 1);
        }
        return;
      }
      checkStack(top, 3, "in function mp_encode_lua_table_as_map");
      long count = 0;
      LuaValue k = LuaValue.NIL;
      while (!(k = t.next(k).arg1()).isnil()) {
        count++;
      }
      header(count, 0x80, 0xde, 0xdf);
      k = LuaValue.NIL;
      while (true) {
        Varargs next = t.next(k);
        k = next.arg1();
        if (k.isnil()) {
          break;
        }
        value(k, level + 1, top + 3); // a copy of the key, above the key and the value
        value(next.arg(2), level + 1, top + 2);
      }
    }

    /** Keys exactly 1..n: all positive numbers a C int holds, the largest equal to their count. */
    private static boolean isArray(LuaTable t, int top) {
      checkStack(top, 2, "in function table_is_an_array");
      int count = 0;
      int max = 0;
      LuaValue k = LuaValue.NIL;
      while (!(k = t.next(k).arg1()).isnil()) {
        double n;
        if (k.type() != LuaValue.TNUMBER || (n = k.todouble()) <= 0
            || Double.isInfinite(n) || CjsonNumbers.toCInt(n) != n) {
          return false;
        }
        max = n > max ? (int) n : max;
        count++;
      }
      return max == count;
    }
  }

  // ---- unpacking ----

  /**
   * mp_unpack_full: {@code top} is what is on the stack under the results (unpack keeps all its
   * arguments there, unpack_one and unpack_limit only the string).
   */
  private static Varargs unpack(Varargs args, String fname, long limit, long offset, int top) {
    LuaValue arg = args.arg1();
    if (args.narg() < 1 || (arg.type() != LuaValue.TSTRING && arg.type() != LuaValue.TNUMBER)) {
      String got = args.narg() < 1 ? "no value" : arg.typename();
      throw CjsonLib.argError(1, fname, "string expected, got " + got);
    }
    LuaString s = arg.checkstring();
    int len = s.m_length;
    if (offset < 0 || limit < 0) {
      // sic: the C library reports the input's length as the limit
      throw new LuaError("Invalid request to unpack with offset of " + (int) offset
          + " and limit of " + len + ".");
    } else if (offset > len) {
      throw new LuaError("Start offset " + (int) offset + " greater than input length " + len + ".");
    }
    boolean decodeAll = limit == 0 && offset == 0;
    if (decodeAll) {
      limit = Integer.MAX_VALUE;
    }
    Unpacker u = new Unpacker(s.m_bytes, s.m_offset + (int) offset, s.m_offset + len);
    List<LuaValue> values = new ArrayList<>();
    for (int cnt = 0; u.left() > 0 && cnt < limit; cnt++) {
      values.add(u.value(top + cnt));
    }
    int n = values.size();
    if (decodeAll) {
      return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }
    checkStack(top + n, 1, "in function mp_unpack_full");
    LuaValue[] out = new LuaValue[n + 1];
    out[0] = LuaValue.valueOf(u.left() == 0 ? -1 : u.p - s.m_offset);
    for (int i = 0; i < n; i++) {
      out[i + 1] = values.get(i);
    }
    return LuaValue.varargsOf(out);
  }

  private static final class Unpacker {
    final byte[] b;
    int p;
    final int end;

    Unpacker(byte[] b, int p, int end) {
      this.b = b;
      this.p = p;
      this.end = end;
    }

    int left() {
      return end - p;
    }

    private void need(long n) {
      if (left() < n) {
        throw new LuaError("Missing bytes in input.");
      }
    }

    private int u8(int i) {
      return b[p + i] & 0xff;
    }

    private long big(int from, int bytes) {
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v = v << 8 | u8(from + i);
      }
      return v;
    }

    private LuaValue string(int header, long n) {
      need(header + n);
      LuaString s = LuaString.valueOf(b, p + header, (int) n);
      p += header + (int) n;
      return s;
    }

    /** One value; {@code top}: the stack slots in use before it is pushed. */
    LuaValue value(int top) {
      need(1);
      checkStack(top, 1, "too many return values at once; use unpack_one or unpack_limit instead.");
      int c = u8(0);
      switch (c) {
        case 0xcc:
          need(2);
          p += 2;
          return LuaValue.valueOf(b[p - 1] & 0xff);
        case 0xd0:
          need(2);
          p += 2;
          return LuaValue.valueOf(b[p - 1]);
        case 0xcd:
          need(3);
          return number(big(1, 2), 3);
        case 0xd1:
          need(3);
          return number((short) big(1, 2), 3);
        case 0xce:
          need(5);
          return number(big(1, 4), 5);
        case 0xd2:
          need(5);
          return number((int) big(1, 4), 5);
        case 0xcf:
        case 0xd3:
          need(9);
          return number(big(1, 8), 9); // an unsigned 64-bit one reads as a signed C long
        case 0xc0:
          p++;
          return LuaValue.NIL;
        case 0xc3:
          p++;
          return LuaValue.TRUE;
        case 0xc2:
          p++;
          return LuaValue.FALSE;
        case 0xca: {
          need(5);
          float f = Float.intBitsToFloat((int) big(1, 4));
          p += 5;
          return LuaValue.valueOf((double) f);
        }
        case 0xcb: {
          need(9);
          double d = Double.longBitsToDouble(big(1, 8));
          p += 9;
          return LuaValue.valueOf(d);
        }
        case 0xd9:
          need(2);
          return string(2, u8(1));
        case 0xda:
          need(3);
          return string(3, big(1, 2));
        case 0xdb: {
          need(5);
          long n = big(1, 4);
          p += 5;
          return string(0, n);
        }
        case 0xdc: {
          need(3);
          long n = big(1, 2);
          p += 3;
          return array(n, top);
        }
        case 0xdd: {
          need(5);
          long n = big(1, 4);
          p += 5;
          return array(n, top);
        }
        case 0xde: {
          need(3);
          long n = big(1, 2);
          p += 3;
          return map(n, top);
        }
        case 0xdf: {
          need(5);
          long n = big(1, 4);
          p += 5;
          return map(n, top);
        }
        default:
          if ((c & 0x80) == 0) {
            p++;
            return LuaValue.valueOf(c);
          } else if ((c & 0xe0) == 0xe0) {
            p++;
            return LuaValue.valueOf((byte) c);
          } else if ((c & 0xe0) == 0xa0) {
            return string(1, c & 0x1f);
          } else if ((c & 0xf0) == 0x90) {
            p++;
            return array(c & 0xf, top);
          } else if ((c & 0xf0) == 0x80) {
            p++;
            return map(c & 0xf, top);
          }
          throw new LuaError("Bad data format in input.");
      }
    }

    private LuaValue number(long v, int size) {
      p += size;
      return LuaValue.valueOf((double) v);
    }

    private LuaTable array(long n, int top) {
      LuaTable t = new LuaTable();
      checkStack(top + 1, 1, "in function mp_decode_to_lua_array");
      for (long i = 1; i <= n; i++) {
        LuaValue v = value(top + 2); // above the table and the index
        t.rawset(LuaValue.valueOf((double) i), v);
      }
      return t;
    }

    private LuaTable map(long n, int top) {
      LuaTable t = new LuaTable();
      for (long i = 0; i < n; i++) {
        LuaValue k = value(top + 1);
        LuaValue v = value(top + 2);
        if (k.isnil()) {
          throw new LuaError("table index is nil", 0); // raised by Lua itself: no position
        }
        if (k.type() == LuaValue.TNUMBER && Double.isNaN(k.todouble())) {
          throw new LuaError("table index is NaN", 0);
        }
        t.rawset(k, v);
      }
      return t;
    }
  }
}
