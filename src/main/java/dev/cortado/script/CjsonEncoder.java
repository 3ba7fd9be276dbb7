package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;

/**
 * cjson.encode: a Lua value as JSON text, as lua-cjson 2.1.0 writes it. Tables whose keys are all
 * positive integers are arrays (holes as null) unless too sparse; other tables objects, in the
 * order {@code next} visits them. Nesting stops at encode_max_depth, or where Lua 5.1's C stack
 * (LUAI_MAXCSTACK slots, counted as cjson uses them) would run out.
 */
final class CjsonEncoder {
  /** Lua 5.1's LUAI_MAXCSTACK: the stack slots a C function may use. */
  static final int MAX_C_STACK = 8000;
  /** Java arrays end before 2 GiB; where Redis would need that much, the script fails instead. */
  private static final int MAX_OUTPUT = Integer.MAX_VALUE - 16;

  private static final byte[][] ESCAPES = new byte[256][];

  static {
    for (int c = 0; c < 32; c++) {
      ESCAPES[c] = String.format("\\u%04x", c).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    ESCAPES['\b'] = ascii("\\b");
    ESCAPES['\t'] = ascii("\\t");
    ESCAPES['\n'] = ascii("\\n");
    ESCAPES['\f'] = ascii("\\f");
    ESCAPES['\r'] = ascii("\\r");
    ESCAPES['"'] = ascii("\\\"");
    ESCAPES['\\'] = ascii("\\\\");
    ESCAPES['/'] = ascii("\\/");
    ESCAPES[127] = ascii("\\u007f");
  }

  private final CjsonLib.Config cfg;
  private byte[] out = new byte[64];
  private int len;

  private CjsonEncoder(CjsonLib.Config cfg) {
    this.cfg = cfg;
  }

  static LuaString encode(CjsonLib.Config cfg, LuaValue value) {
    CjsonEncoder e = new CjsonEncoder(cfg);
    e.value(value, 0, 1); // the argument is the only slot on the stack
    return LuaString.valueOf(e.out, 0, e.len);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static LuaError cannot(LuaValue v, String reason) {
    return new LuaError("Cannot serialise " + v.typename() + ": " + reason);
  }

  /** {@code top}: the stack slots in use, the value being the last. */
  private void value(LuaValue v, int depth, int top) {
    switch (v.type()) {
      case LuaValue.TSTRING -> string(v.checkstring());
      case LuaValue.TNUMBER -> number(v);
      case LuaValue.TBOOLEAN -> append(v.toboolean() ? "true" : "false");
      case LuaValue.TNIL -> append("null");
      case LuaValue.TTABLE -> {
        int d = depth + 1;
        if (d > cfg.encodeMaxDepth || top + 3 > MAX_C_STACK) {
          throw new LuaError("Cannot serialise, excessive nesting (" + d + ")");
        }
        LuaTable t = (LuaTable) v;
        int n = arrayLength(t);
        if (n > 0) {
          array(t, n, d, top);
        } else {
          object(t, d, top);
        }
      }
      default -> {
        if (v == CjsonNull.NULL) {
          append("null");
        } else {
          throw cannot(v, "type not supported");
        }
      }
    }
  }

  /**
   * The array length of a table whose keys are all integers >= 1 (the largest), or -1: an object.
   * The largest key is kept in a C int, so one past INT_MAX turns it negative (an object).
   */
  private int arrayLength(LuaTable t) {
    int max = 0;
    int items = 0;
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs next = t.next(k);
      k = next.arg1();
      if (k.isnil()) {
        break;
      }
      double key;
      if (k.type() == LuaValue.TNUMBER && (key = k.todouble()) != 0
          && Math.floor(key) == key && key >= 1) {
        if (key > max) {
          max = CjsonNumbers.toCInt(key);
        }
        items++;
        continue;
      }
      return -1;
    }
    if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
      if (!cfg.sparseConvert) {
        throw cannot(t, "excessively sparse array");
      }
      return -1;
    }
    return max;
  }

  private void array(LuaTable t, int n, int depth, int top) {
    append('[');
    for (int i = 1; i <= n; i++) {
      if (i > 1) {
        append(',');
      }
      value(t.rawget(i), depth, top + 1);
    }
    append(']');
  }

  private void object(LuaTable t, int depth, int top) {
    append('{');
    boolean comma = false;
    LuaValue k = LuaValue.NIL;
    while (true) {
      Varargs next = t.next(k);
      k = next.arg1();
      if (k.isnil()) {
        break;
      }
      if (comma) {
        append(',');
      }
      comma = true;
      if (k.type() == LuaValue.TNUMBER) {
        append('"');
        number(k);
        append('"');
        append(':');
      } else if (k.type() == LuaValue.TSTRING) {
        string(k.checkstring());
        append(':');
      } else {
        throw cannot(k, "table key must be a number or string");
      }
      value(next.arg(2), depth, top + 2);
    }
    append('}');
  }

  private void number(LuaValue v) {
    double d = v.todouble();
    boolean invalid = Double.isNaN(d) || Double.isInfinite(d);
    if (cfg.encodeInvalidNumbers == 0) {
      if (invalid) {
        throw cannot(v, "must not be NaN or Inf");
      }
    } else if (cfg.encodeInvalidNumbers == 1) {
      if (Double.isNaN(d)) {
        append("nan"); // never "-nan": cjson writes it itself
        return;
      }
    } else if (invalid) {
      append("null");
      return;
    }
    append(CjsonNumbers.formatG(d, cfg.encodePrecision));
  }

  private void string(LuaString s) {
    ensure(2L + s.m_length);
    append('"');
    byte[] b = s.m_bytes;
    for (int i = s.m_offset, end = s.m_offset + s.m_length; i < end; i++) {
      byte[] esc = ESCAPES[b[i] & 0xff];
      if (esc == null) {
        append((char) (b[i] & 0xff));
      } else {
        ensure(esc.length);
        System.arraycopy(esc, 0, out, len, esc.length);
        len += esc.length;
      }
    }
    append('"');
  }

  private void append(String ascii) {
    ensure(ascii.length());
    for (int i = 0; i < ascii.length(); i++) {
      out[len++] = (byte) ascii.charAt(i);
    }
  }

  private void append(char c) {
    ensure(1);
    out[len++] = (byte) c;
  }

  private void ensure(long more) {
    long need = len + more;
    if (need <= out.length) {
      return;
    }
    if (need > MAX_OUTPUT) {
      throw new LuaError("not enough memory", 0); // Lua's memory error: no position
    }
    long size = Math.max(need, Math.min((long) out.length * 2, MAX_OUTPUT));
    out = java.util.Arrays.copyOf(out, (int) size);
  }
}
