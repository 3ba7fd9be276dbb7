package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;

import java.nio.charset.StandardCharsets;

/**
 * Redis's error tables ({@code {err="CODE message"}}), built as its luaPushErrorBuff builds them: a
 * text starting with '-' keeps the word after it as its code (a text of one word gets ERR), any other
 * text gets the code ERR; CR and LF are trimmed from the message's ends.
 */
final class LuaErrors {
  private LuaErrors() {}

  /** The table for a command's error reply (its text, without the '-'). */
  static LuaTable fromReply(byte[] text) {
    byte[] dashed = new byte[text.length + 1];
    dashed[0] = '-';
    System.arraycopy(text, 0, dashed, 1, text.length);
    return table(dashed);
  }

  /** The table for a message of Redis's own ("Unknown Redis command called from script"...). */
  static LuaTable fromMessage(String message) {
    return table(message.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The table for any text, '-' code or not (redis.error_reply's argument). */
  static LuaTable table(byte[] text) {
    byte[] code;
    byte[] message;
    if (text.length > 0 && text[0] == '-') {
      int space = indexOf(text, (byte) ' ');
      if (space < 0) {
        code = ascii("ERR");
        message = slice(text, 1, text.length);
      } else {
        code = slice(text, 1, space);
        message = slice(text, space + 1, text.length);
      }
    } else {
      code = ascii("ERR");
      message = text;
    }
    message = trimCrLf(message);
    byte[] full = new byte[code.length + 1 + message.length];
    System.arraycopy(code, 0, full, 0, code.length);
    full[code.length] = ' ';
    System.arraycopy(message, 0, full, code.length + 1, message.length);
    LuaTable t = new LuaTable(0, 2);
    t.rawset(RespToLua.ERR, LuaString.valueUsing(full));
    return t;
  }

  /** Raises an error table, as redis.call does with a failed command. */
  static LuaError raise(LuaTable errorTable) {
    return new LuaError(errorTable);
  }

  private static byte[] trimCrLf(byte[] b) {
    int from = 0;
    int to = b.length;
    while (from < to && (b[from] == '\r' || b[from] == '\n')) {
      from++;
    }
    while (to > from && (b[to - 1] == '\r' || b[to - 1] == '\n')) {
      to--;
    }
    return from == 0 && to == b.length ? b : slice(b, from, to);
  }

  private static int indexOf(byte[] b, byte c) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] slice(byte[] b, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(b, from, out, 0, out.length);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
