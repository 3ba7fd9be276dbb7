package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.NumberText;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * A script's return value as the reply its caller gets (Redis's luaReplyToRedisReply): strings are
 * bulk strings, numbers integers (truncated as C casts them), {@code true} 1 and {@code false} null
 * (in RESP3 mode, set by redis.setresp(3), booleans), {@code {err=...}} an error, {@code {ok=...}} a
 * status, {@code {double=...}}, {@code {big_number=...}}, {@code {verbatim_string=...}},
 * {@code {map=...}} and {@code {set=...}} their RESP3 types, any other table an array that stops at
 * its first nil.
 */
final class LuaToReply {
  /** How deep a reply may nest before Redis's "reached lua stack limit" (its Lua C stack). */
  private static final int MAX_DEPTH = 1000;
  private static final LuaString DOUBLE = LuaString.valueOf("double");
  private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
  private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
  private static final LuaString FORMAT = LuaString.valueOf("format");
  private static final LuaString STRING = LuaString.valueOf("string");
  private static final LuaString MAP = LuaString.valueOf("map");
  private static final LuaString SET = LuaString.valueOf("set");

  private LuaToReply() {}

  /** The reply for a value; {@code resp} is the script's protocol (redis.setresp). */
  static Reply convert(LuaValue value, int resp) {
    return convert(value, resp, 0);
  }

  private static Reply convert(LuaValue value, int resp, int depth) {
    switch (value.type()) {
      case LuaValue.TSTRING:
        return Reply.bulk(bytes(value.checkstring()));
      case LuaValue.TBOOLEAN:
        if (resp == 2) {
          return value.toboolean() ? Reply.ONE : Reply.NULL;
        }
        return Reply.bool(value.toboolean());
      case LuaValue.TNUMBER:
        return Reply.integer(toLongAsC(value.todouble()));
      case LuaValue.TTABLE:
        if (depth >= MAX_DEPTH) {
          return Reply.error("ERR reached lua stack limit");
        }
        return table((LuaTable) value, resp, depth);
      default:
        return Reply.NULL;
    }
  }

  private static Reply table(LuaTable t, int resp, int depth) {
    LuaValue err = t.rawget(RespToLua.ERR);
    if (err.type() == LuaValue.TSTRING) {
      String text = latin1(sanitize(bytes(err.checkstring())));
      // A command's error passed on by the script is in the error stats already.
      return t.rawget(RespToLua.IGNORE_STATS).toboolean() ? Reply.countedError(text)
          : Reply.error(text);
    }
    LuaValue ok = t.rawget(RespToLua.OK);
    if (ok.type() == LuaValue.TSTRING) {
      return Reply.simple(latin1(sanitize(bytes(ok.checkstring()))));
    }
    LuaValue dbl = t.rawget(DOUBLE);
    if (dbl.type() == LuaValue.TNUMBER) {
      return Reply.dbl(doubleText(dbl.todouble()));
    }
    LuaValue big = t.rawget(BIG_NUMBER);
    if (big.type() == LuaValue.TSTRING) {
      return Reply.bigNumber(latin1(sanitize(bytes(big.checkstring()))));
    }
    LuaValue verbatim = t.rawget(VERBATIM);
    if (verbatim.type() == LuaValue.TTABLE) {
      LuaValue format = verbatim.rawget(FORMAT);
      LuaValue string = verbatim.rawget(STRING);
      if (format.type() == LuaValue.TSTRING && string.type() == LuaValue.TSTRING
          && format.checkstring().length() == 3) {
        return Reply.verbatim(format.tojstring(), bytes(string.checkstring()));
      }
    }
    LuaValue map = t.rawget(MAP);
    if (map.type() == LuaValue.TTABLE) {
      List<Reply> items = new ArrayList<>();
      LuaValue k = LuaValue.NIL;
      while (true) {
        Varargs next = map.next(k);
        if ((k = next.arg1()).isnil()) {
          break;
        }
        items.add(convert(k, resp, depth + 1));
        items.add(convert(next.arg(2), resp, depth + 1));
      }
      return Reply.map(items);
    }
    LuaValue set = t.rawget(SET);
    if (set.type() == LuaValue.TTABLE) {
      List<Reply> items = new ArrayList<>();
      LuaValue k = LuaValue.NIL;
      while (true) {
        Varargs next = set.next(k);
        if ((k = next.arg1()).isnil()) {
          break;
        }
        items.add(convert(k, resp, depth + 1));
      }
      return Reply.set(items);
    }
    List<Reply> items = new ArrayList<>();
    for (int i = 1; ; i++) {
      LuaValue item = t.rawget(i);
      if (item.isnil()) {
        break;
      }
      items.add(convert(item, resp, depth + 1));
    }
    return Reply.array(items);
  }

  /**
   * C's (long long) cast of a double on x86-64: in range it truncates; NaN and what does not fit give
   * LLONG_MIN (cvttsd2si's "integer indefinite"), where Java would saturate.
   */
  static long toLongAsC(double d) {
    if (d != d || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  /** A double as Redis's addReplyDouble writes it: "%.17g", inf, -inf. */
  static String doubleText(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return NumberText.g17(d);
  }

  static byte[] bytes(LuaString s) {
    byte[] b = new byte[s.m_length];
    System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
    return b;
  }

  /** CR and LF become spaces: a status or error line cannot hold them. */
  private static byte[] sanitize(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\r' || b[i] == '\n') {
        b[i] = ' ';
      }
    }
    return b;
  }

  private static String latin1(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
