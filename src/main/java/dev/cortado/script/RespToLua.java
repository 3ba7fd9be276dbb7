package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

/**
 * A command's reply, as RESP bytes, turned into the Lua value redis.call returns (Redis's
 * redisProtocolToLuaType): integers become numbers, bulk strings strings, a null bulk or null array
 * {@code false}, a status {@code {ok=...}}, an error {@code {err=...}}, arrays tables; and in RESP3
 * maps {@code {map=...}}, sets {@code {set=...}}, doubles {@code {double=...}}, booleans, big numbers
 * {@code {big_number=...}}, verbatim strings {@code {verbatim_string={format=..., string=...}}} and
 * null {@code nil}.
 */
final class RespToLua {
  static final LuaString OK = LuaString.valueOf("ok");
  static final LuaString ERR = LuaString.valueOf("err");
  static final LuaString IGNORE_STATS = LuaString.valueOf("ignore_error_stats_update");
  private static final LuaString MAP = LuaString.valueOf("map");
  private static final LuaString SET = LuaString.valueOf("set");
  private static final LuaString DOUBLE = LuaString.valueOf("double");
  private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
  private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
  private static final LuaString FORMAT = LuaString.valueOf("format");
  private static final LuaString STRING = LuaString.valueOf("string");

  private final byte[] buf;
  private int pos;

  private RespToLua(byte[] buf) {
    this.buf = buf;
  }

  /**
   * The Lua value of the replies most commands give, integers, bulk and simple strings, without
   * writing them out as RESP first; null for the rest (errors, nulls, aggregates...), which
   * {@link #convert} reads from their bytes.
   */
  static LuaValue direct(dev.cortado.protocol.Reply reply) {
    if (reply.isPlainInteger()) {
      return LuaValue.valueOf((double) reply.integerValue());
    }
    byte[] text = reply.textBytes();
    if (text == null) {
      return null;
    }
    // A copy: the keyspace may change its arrays in place (SETRANGE), Lua strings never change.
    LuaString s = LuaString.valueUsing(text.clone());
    return reply.type() == '+' ? single(OK, s) : s;
  }

  /** The Lua value of one complete RESP reply. */
  static LuaValue convert(byte[] resp) {
    return new RespToLua(resp).next();
  }

  private LuaValue next() {
    byte type = buf[pos++];
    switch (type) {
      case ':':
        return LuaValue.valueOf((double) Long.parseLong(line()));
      case '$': {
        int len = Integer.parseInt(line());
        if (len < 0) {
          return LuaValue.FALSE;
        }
        return bytes(len);
      }
      case '+':
        return single(OK, LuaString.valueOf(lineBytes()));
      case '-': {
        return LuaErrors.fromReply(lineBytes());
      }
      case '*': {
        int n = Integer.parseInt(line());
        if (n < 0) {
          return LuaValue.FALSE;
        }
        LuaTable t = new LuaTable(n, 0);
        for (int i = 1; i <= n; i++) {
          t.rawset(i, next());
        }
        return t;
      }
      case '%': {
        int n = Integer.parseInt(line());
        LuaTable map = new LuaTable(0, n);
        for (int i = 0; i < n; i++) {
          LuaValue key = next();
          LuaValue value = next();
          map.rawset(key, value);
        }
        return single(MAP, map);
      }
      case '~': {
        int n = Integer.parseInt(line());
        LuaTable set = new LuaTable(0, n);
        for (int i = 0; i < n; i++) {
          set.rawset(next(), LuaValue.TRUE);
        }
        return single(SET, set);
      }
      case '_':
        line();
        return LuaValue.NIL;
      case '#':
        return LuaValue.valueOf(line().equals("t"));
      case ',':
        return single(DOUBLE, LuaValue.valueOf(parseDouble(line())));
      case '(':
        return single(BIG_NUMBER, LuaString.valueOf(lineBytes()));
      case '=': {
        int len = Integer.parseInt(line());
        LuaString all = bytes(len);
        LuaTable verbatim = new LuaTable();
        verbatim.rawset(FORMAT, all.substring(0, 3));
        verbatim.rawset(STRING, all.substring(4, all.length()));
        return single(VERBATIM, verbatim);
      }
      default:
        throw new IllegalStateException("unexpected reply type " + (char) type);
    }
  }

  private static double parseDouble(String text) {
    return switch (text) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  private static LuaTable single(LuaString key, LuaValue value) {
    LuaTable t = new LuaTable(0, 1);
    t.rawset(key, value);
    return t;
  }

  private LuaString bytes(int len) {
    byte[] b = new byte[len];
    System.arraycopy(buf, pos, b, 0, len);
    pos += len + 2;
    return LuaString.valueUsing(b);
  }

  private byte[] lineBytes() {
    int end = pos;
    while (buf[end] != '\r') {
      end++;
    }
    byte[] b = new byte[end - pos];
    System.arraycopy(buf, pos, b, 0, b.length);
    pos = end + 2;
    return b;
  }

  private String line() {
    return new String(lineBytes(), StandardCharsets.ISO_8859_1);
  }
}
