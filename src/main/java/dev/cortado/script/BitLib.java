package dev.cortado.script;

import dev.cortado.luaj.vm2.Globals;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.BaseLib;
import dev.cortado.luaj.vm2.lib.VarArgFunction;

/**
 * Redis's {@code bit} library for scripts: LuaBitOp 1.0.2 as Redis 7.0 builds it for Lua 5.1 with
 * double numbers. Every operand goes through the same conversion: the number plus 2^52+2^51, whose
 * low 32 bits (the double's low mantissa word) are the operand. Results are those 32 bits read as a
 * signed int.
 */
final class BitLib {
  private BitLib() {}

  /** 2^52+2^51: adding it leaves the number, rounded to an integer, in the low mantissa bits. */
  private static final double NORMALISER = 6755399441055744.0;

  /**
   * Lua 5.1's own string-to-number conversion (strtod's forms, hex, "inf", "nan"...), which
   * lua_tonumber uses; the base library's tonumber applies it to a string argument.
   */
  private static final LuaValue TONUMBER;

  static {
    Globals g = new Globals();
    g.load(new BaseLib());
    TONUMBER = g.rawget("tonumber");
  }

  private static final String[] NAMES = {"tobit", "bnot", "band", "bor", "bxor", "lshift",
      "rshift", "arshift", "rol", "ror", "bswap", "tohex"};

  /** The library's table, as scripts see it under the global `bit`. */
  static LuaTable create() {
    LuaTable bit = new LuaTable();
    for (int op = 0; op < NAMES.length; op++) {
      bit.rawset(NAMES[op], new Op(NAMES[op], op));
    }
    return bit;
  }

  /** One of the library's functions, chosen by {@code op} (an index into {@link #NAMES}). */
  private static final class Op extends VarArgFunction {
    private final String fname;
    private final int op;

    Op(String fname, int op) {
      this.fname = fname;
      this.op = op;
      this.name = fname;
    }

    @Override
    public Varargs invoke(Varargs args) {
      int b = barg(args, 1, fname);
      switch (op) {
        case 0: // tobit
          return LuaValue.valueOf(b);
        case 1: // bnot
          return LuaValue.valueOf(~b);
        case 2: case 3: case 4: { // band, bor, bxor: the other operands from the last one down
          for (int i = args.narg(); i > 1; i--) {
            int x = barg(args, i, fname);
            b = op == 2 ? b & x : op == 3 ? b | x : b ^ x;
          }
          return LuaValue.valueOf(b);
        }
        case 5: case 6: case 7: case 8: case 9: { // shifts and rotations: the count mod 32
          int n = barg(args, 2, fname) & 31;
          switch (op) {
            case 5: return LuaValue.valueOf(b << n);
            case 6: return LuaValue.valueOf(b >>> n);
            case 7: return LuaValue.valueOf(b >> n);
            case 8: return LuaValue.valueOf(Integer.rotateLeft(b, n));
            default: return LuaValue.valueOf(Integer.rotateRight(b, n));
          }
        }
        case 10: // bswap
          return LuaValue.valueOf(Integer.reverseBytes(b));
        default: // tohex
          return tohex(args, b);
      }
    }

    /** tohex(x [, n]): n hex digits (default 8, at most 8); a negative n asks for upper case. */
    private Varargs tohex(Varargs args, int b) {
      int n = args.narg() < 2 ? 8 : barg(args, 2, fname);
      boolean upper = n < 0;
      if (upper) {
        // C's -n leaves INT_MIN negative; Redis's build then prints 8 digits, as for any n > 8.
        n = n == Integer.MIN_VALUE ? 8 : -n;
      }
      n = Math.min(n, 8);
      byte[] hex = new byte[n];
      String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
      for (int i = n - 1; i >= 0; i--) {
        hex[i] = (byte) digits.charAt(b & 15);
        b >>>= 4;
      }
      return LuaString.valueUsing(hex);
    }
  }

  /**
   * LuaBitOp's barg: lua_tonumber of the argument (a number, or a string Lua converts), normalised;
   * anything else is "number expected".
   */
  static int barg(Varargs args, int i, String fname) {
    LuaValue v = args.arg(i);
    LuaValue n = i <= args.narg() ? tonumber(v) : LuaValue.NIL;
    if (n.isnil()) {
      throw LuaError.argType(args, i, "number").named(fname);
    }
    return normalise(n.todouble());
  }

  /**
   * lua_tonumber: a number as it is, a string as Lua 5.1 converts it (with the payload glibc's
   * strtod gives "nan(n)"), nil for anything else.
   */
  static LuaValue tonumber(LuaValue v) {
    if (v.type() == LuaValue.TNUMBER) {
      return v;
    }
    if (v.type() != LuaValue.TSTRING) {
      return LuaValue.NIL;
    }
    LuaValue n = TONUMBER.call(v);
    if (!n.isnil() && Double.isNaN(n.todouble())) {
      long payload = nanPayload(v.checkstring());
      if (payload != 0) {
        return LuaValue.valueOf(
            Double.longBitsToDouble(Double.doubleToRawLongBits(n.todouble()) | payload));
      }
    }
    return n;
  }

  /** The low 32 bits of n + 2^52+2^51, as C reads them from the sum's memory. */
  static int normalise(double n) {
    if (Double.isNaN(n)) {
      // The sum is n itself (x86 keeps the operand NaN's payload): its own low bits.
      return (int) Double.doubleToRawLongBits(n);
    }
    return (int) Double.doubleToRawLongBits(n + NORMALISER);
  }

  /**
   * The payload glibc's strtod gives the NaN of "nan(chars)": the chars read by strtoull (base 0),
   * when they are all that it reads, cut to the 51 mantissa bits below the quiet bit; 0 otherwise
   * (plain "nan").
   */
  static long nanPayload(LuaString s) {
    int len = s.length();
    int p = 0;
    while (p < len && isSpace(s.luaByte(p))) {
      p++;
    }
    if (p < len && (s.luaByte(p) == '+' || s.luaByte(p) == '-')) {
      p++;
    }
    p += 3; // "nan", which the conversion has matched
    if (p >= len || s.luaByte(p) != '(') {
      return 0;
    }
    int start = p + 1;
    int close = start;
    while (close < len && (digit(s.luaByte(close)) < 36 || s.luaByte(close) == '_')) {
      close++;
    }
    if (close >= len || s.luaByte(close) != ')') {
      return 0;
    }
    int base = 10;
    int q = start;
    if (q + 1 < close && s.luaByte(q) == '0' && (s.luaByte(q + 1) | 0x20) == 'x'
        && q + 2 < close && digit(s.luaByte(q + 2)) < 16) {
      base = 16;
      q += 2;
    } else if (q < close && s.luaByte(q) == '0') {
      base = 8;
    }
    long value = 0;
    boolean overflow = false;
    for (; q < close; q++) {
      int d = digit(s.luaByte(q));
      if (d >= base) {
        return 0; // strtoull stops before the ')': the payload is not used
      }
      long next = value * base + d;
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) {
        overflow = true;
      }
      value = next;
    }
    return (overflow ? -1L : value) & 0x7ffffffffffffL;
  }

  private static int digit(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    c |= 0x20;
    return c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
