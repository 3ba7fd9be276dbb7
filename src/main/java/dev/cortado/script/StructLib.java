package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.VarArgFunction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code struct} library for scripts (Roberto Ierusalimschy's struct 1.4 with Redis's
 * security fixes), as built on x86-64: native order little endian, long and size_t of 8 bytes,
 * int of 4, default alignment limit 8. Sizes and positions are C's size_t, so they are unsigned
 * 64-bit arithmetic here (with its wrap-around), and number conversions are C's casts as gcc
 * compiles them.
 *
 * <p>Formats: {@code < > ! !n} (order and alignment), {@code x} (a zero byte), {@code b B h H l L
 * T in In} (integers, upper case unsigned, n bytes up to 32), {@code f d}, {@code s}
 * (zero-terminated), {@code cn} (n bytes; {@code c0}: the whole string when packing, the previous
 * value as length when unpacking), space ignored.
 */
final class StructLib {
  private StructLib() {}

  /** Largest size of an {@code in} integer. */
  private static final int MAXINTSIZE = 32;
  /** Alignment of "!" without a number: that of a double in a struct on x86-64. */
  private static final int MAXALIGN = 8;
  /** Lua 5.1's LUAI_MAXCSTACK: how many values a C function may have on its stack. */
  private static final int MAX_C_STACK = 8000;
  private static final double TWO_TO_63 = 9223372036854775808.0;

  /** The library's table, as scripts see it under the global `struct`. */
  static LuaTable create() {
    LuaTable struct = new LuaTable();
    struct.rawset("pack", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return pack(args);
      }
    });
    struct.rawset("unpack", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return unpack(args);
      }
    });
    struct.rawset("size", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return size(args);
      }
    });
    return struct;
  }

  /** A format string being read (up to its first NUL: the C library sees a C string). */
  private static final class Format {
    final LuaString text;
    final int end;
    int at;
    boolean little = true;
    int align = 1;

    Format(LuaString text) {
      this.text = text;
      int nul = text.indexOf((byte) 0, 0);
      this.end = nul < 0 ? text.length() : nul;
    }

    boolean more() {
      return at < end;
    }

    int next() {
      return text.luaByte(at++);
    }

    private boolean digitAhead() {
      return at < end && text.luaByte(at) >= '0' && text.luaByte(at) <= '9';
    }

    /** A number following an option, or {@code df}; Redis's fix refuses one past INT_MAX. */
    int number(int df) {
      if (!digitAhead()) {
        return df;
      }
      int a = 0;
      do {
        int d = text.luaByte(at) - '0';
        if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - d) {
          throw new LuaError("integral size overflow");
        }
        a = a * 10 + d;
        at++;
      } while (digitAhead());
      return a;
    }

    /** The bytes option {@code opt} takes (0 for those that take none or vary). */
    long optsize(int opt) {
      switch (opt) {
        case 'B': case 'b': case 'x':
          return 1;
        case 'H': case 'h':
          return 2;
        case 'L': case 'l': case 'T': case 'd':
          return 8;
        case 'f':
          return 4;
        case 'c':
          return number(1);
        case 'i': case 'I': {
          int sz = number(4);
          if (sz > MAXINTSIZE) {
            throw new LuaError("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
          }
          return sz;
        }
        default:
          return 0;
      }
    }

    /** Padding bytes that align an item of {@code size} at {@code len} (c strings never pad). */
    int toAlign(long len, int opt, long size) {
      if (size == 0 || opt == 'c') {
        return 0;
      }
      if (Long.compareUnsigned(size, align) > 0) {
        size = align;
      }
      return (int) ((size - (len & (size - 1))) & (size - 1));
    }

    /** Order and alignment options, white space; anything else is not an option. */
    void control(int opt, String fname) {
      switch (opt) {
        case ' ':
          return;
        case '>':
          little = false;
          return;
        case '<':
          little = true;
          return;
        case '!': {
          int a = number(MAXALIGN);
          if (a <= 0 || (a & (a - 1)) != 0) {
            throw new LuaError("alignment " + a + " is not a power of 2");
          }
          align = a;
          return;
        }
        default: {
          String message = "invalid format option '" + (char) opt + "'";
          if (opt < 0x80) {
            throw LuaError.arg(1, message).named(fname);
          }
          // The C puts the option's byte in the text as it is; a Java message would become UTF-8.
          throw new ByteError("bad argument #1 to '" + fname + "' (" + message + ")");
        }
      }
    }
  }

  /**
   * An error whose text holds raw bytes, one per char (Latin-1), where LuaError's text would be
   * encoded as UTF-8. Its function is named as the library names it, not by the call site.
   */
  private static final class ByteError extends LuaError {
    ByteError(String message) {
      super(message);
    }

    @Override
    public LuaValue getMessageObject() {
      String m = getMessage();
      return m == null ? null : LuaString.valueUsing(m.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  // ---- pack ----

  private static Varargs pack(Varargs args) {
    Format fmt = new Format(checkString(args, 1, "pack"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int arg = 2;
    long total = 0;
    while (fmt.more()) {
      int opt = fmt.next();
      long size = fmt.optsize(opt);
      int pad = fmt.toAlign(total, opt, size);
      total += pad;
      for (int k = 0; k < pad; k++) {
        out.write(0);
      }
      switch (opt) {
        case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
          double n = checkNumber(args, arg++, "pack");
          // C: a negative number through long, any other straight to unsigned long.
          long value = n < 0 ? toCLong(n) : toCUnsignedLong(n);
          writeInteger(out, value, (int) size, fmt.little);
          break;
        }
        case 'x':
          out.write(0);
          break;
        case 'f': {
          float f = (float) checkNumber(args, arg++, "pack");
          writeInteger(out, Float.floatToRawIntBits(f), 4, fmt.little);
          break;
        }
        case 'd': {
          double d = checkNumber(args, arg++, "pack");
          writeInteger(out, Double.doubleToRawLongBits(d), 8, fmt.little);
          break;
        }
        case 'c': case 's': {
          LuaString s = checkString(args, arg++, "pack");
          int l = s.length();
          if (size == 0) {
            size = l;
          }
          if (Long.compareUnsigned(l, size) < 0) {
            // The C checks after moving to the next argument, so it names that one.
            throw LuaError.arg(arg, "string too short").named("pack");
          }
          out.write(s.m_bytes, s.m_offset, (int) size);
          if (opt == 's') {
            out.write(0);
            size++;
          }
          break;
        }
        default:
          fmt.control(opt, "pack");
      }
      total += size;
    }
    return LuaString.valueUsing(out.toByteArray());
  }

  /** The {@code size} low bytes of {@code value}, in order; bytes past the 8th are zero. */
  private static void writeInteger(ByteArrayOutputStream out, long value, int size,
      boolean little) {
    for (int k = 0; k < size; k++) {
      int i = little ? k : size - 1 - k;
      out.write(i < 8 ? (int) (value >>> (8 * i)) & 0xff : 0);
    }
  }

  // ---- unpack ----

  private static Varargs unpack(Varargs args) {
    Format fmt = new Format(checkString(args, 1, "unpack"));
    LuaString data = checkString(args, 2, "unpack");
    long ld = data.length();
    long pos = 1;
    if (!args.isnoneornil(3)) {
      pos = checkInteger(args, 3, "unpack");
    }
    if (pos == 0) { // the C tests the size_t, so a negative offset passes (and is too far)
      throw LuaError.arg(3, "offset must be 1 or greater").named("unpack");
    }
    pos--;
    // The C function's stack: its arguments, then its results; the next position needs one more.
    int base = args.narg();
    List<LuaValue> results = new ArrayList<>();
    while (fmt.more()) {
      int opt = fmt.next();
      long size = fmt.optsize(opt);
      pos += fmt.toAlign(pos, opt, size);
      checkFits(pos, size, ld);
      if (base + results.size() + 2 > MAX_C_STACK) {
        throw new LuaError("stack overflow (too many results)");
      }
      switch (opt) {
        case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
          long l = readInteger(data, (int) pos, (int) size, fmt.little);
          double res;
          if (Character.isLowerCase(opt)) {
            long mask = -1L << (int) (size * 8 - 1); // a shift of 64 or more: x86's, mod 64
            if ((l & mask) != 0) {
              l |= mask;
            }
            res = l;
          } else {
            res = unsignedToDouble(l);
          }
          results.add(LuaValue.valueOf(res));
          break;
        }
        case 'x':
          break;
        case 'f':
          results.add(LuaValue.valueOf(
              (double) Float.intBitsToFloat((int) readInteger(data, (int) pos, 4, fmt.little))));
          break;
        case 'd':
          results.add(LuaValue.valueOf(
              Double.longBitsToDouble(readInteger(data, (int) pos, 8, fmt.little))));
          break;
        case 'c': {
          if (size == 0) {
            // c0: the length is the previous result, if it is a number or a numeric string.
            LuaValue previous = results.isEmpty() ? LuaValue.NIL : results.get(results.size() - 1);
            LuaValue n = BitLib.tonumber(previous);
            if (n.isnil()) {
              throw new LuaError("format 'c0' needs a previous size");
            }
            size = toCUnsignedLong(n.todouble());
            results.remove(results.size() - 1);
            checkFits(pos, size, ld);
          }
          results.add(data.substring((int) pos, (int) (pos + size)));
          break;
        }
        case 's': {
          int e = data.indexOf((byte) 0, (int) pos);
          if (e < 0) {
            throw new LuaError("unfinished string in data");
          }
          size = e - pos + 1;
          results.add(data.substring((int) pos, e));
          break;
        }
        default:
          fmt.control(opt, "unpack");
      }
      pos += size;
    }
    results.add(LuaValue.valueOf((double) (pos + 1)));
    return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
  }

  /** Redis's bounds check, written to survive size_t overflow: size bytes from pos within ld. */
  private static void checkFits(long pos, long size, long ld) {
    if (Long.compareUnsigned(size, ld) > 0 || Long.compareUnsigned(pos, ld - size) > 0) {
      throw LuaError.arg(2, "data string too short").named("unpack");
    }
  }

  /**
   * The integer in {@code size} bytes at {@code pos}, least significant byte last (big endian) or
   * first; only the 8 least significant bytes count.
   */
  private static long readInteger(LuaString data, int pos, int size, boolean little) {
    long l = 0;
    for (int k = 0; k < size; k++) {
      int i = little ? size - 1 - k : k;
      l = (l << 8) | data.luaByte(pos + i);
    }
    return l;
  }

  // ---- size ----

  private static Varargs size(Varargs args) {
    Format fmt = new Format(checkString(args, 1, "size"));
    long pos = 0;
    while (fmt.more()) {
      int opt = fmt.next();
      long size = fmt.optsize(opt);
      pos += fmt.toAlign(pos, opt, size);
      if (opt == 's') {
        throw LuaError.arg(1, "option 's' has no fixed size").named("size");
      } else if (opt == 'c' && size == 0) {
        throw LuaError.arg(1, "option 'c0' has no fixed size").named("size");
      }
      if (!isAlnum(opt)) { // unknown letters and digits are passed over
        fmt.control(opt, "size");
      }
      pos += size;
    }
    return LuaValue.valueOf((double) pos);
  }

  private static boolean isAlnum(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  // ---- Lua 5.1's argument checks and C's conversions ----

  /**
   * The argument as the C sees it. Past the arguments given, pack finds the nil it pushes to mark
   * their end, so a missing argument is "nil" there, not "no value".
   */
  private static String typeName(Varargs args, int narg, String fname) {
    if (narg > args.narg()) {
      return fname.equals("pack") && narg >= 2 && narg == args.narg() + 1 ? "nil" : "no value";
    }
    return args.arg(narg).typename();
  }

  /** luaL_checklstring: a string, or a number as tostring prints it. */
  private static LuaString checkString(Varargs args, int narg, String fname) {
    LuaValue v = args.arg(narg);
    if (narg <= args.narg() && (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER)) {
      return v.checkstring();
    }
    throw LuaError.arg(narg, "string expected, got " + typeName(args, narg, fname)).named(fname);
  }

  /** luaL_checknumber: a number, or a string Lua converts to one. */
  private static double checkNumber(Varargs args, int narg, String fname) {
    LuaValue v = args.arg(narg);
    LuaValue n = narg <= args.narg() ? BitLib.tonumber(v) : LuaValue.NIL;
    if (!n.isnil()) {
      return n.todouble();
    }
    throw LuaError.arg(narg, "number expected, got " + typeName(args, narg, fname)).named(fname);
  }

  /** luaL_checkinteger: luaL_checknumber's value cast to long (lua_Integer). */
  private static long checkInteger(Varargs args, int narg, String fname) {
    return toCLong(checkNumber(args, narg, fname));
  }

  /** C's {@code (long) d} on x86-64: out of range or NaN gives LONG_MIN. */
  private static long toCLong(double d) {
    if (d != d || d >= TWO_TO_63 || d < -TWO_TO_63) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  /** C's {@code (unsigned long) d} as gcc compiles it for x86-64. */
  private static long toCUnsignedLong(double d) {
    if (!(d >= TWO_TO_63)) {
      return toCLong(d);
    }
    return toCLong(d - TWO_TO_63) ^ Long.MIN_VALUE;
  }

  /** C's conversion of an unsigned long to double, rounding to nearest. */
  private static double unsignedToDouble(long n) {
    if (n >= 0) {
      return n;
    }
    return ((n >>> 1) | (n & 1)) * 2.0;
  }
}
