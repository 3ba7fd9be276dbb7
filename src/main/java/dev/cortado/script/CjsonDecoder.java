package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;

/**
 * cjson.decode: JSON text as Lua values, as lua-cjson 2.1.0 reads it. It reads the string as C
 * does, so a byte 0 ends it; strings keep their bytes (no UTF-8 check), \\u escapes become UTF-8;
 * numbers are whatever strtod reads (with decode_invalid_numbers on, also hex, inf, nan and a
 * leading '+'); null is cjson.null. Errors name the token found and its 1-based position.
 */
final class CjsonDecoder {
  private enum Type {
    T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL,
    T_COLON, T_COMMA, T_END, T_WHITESPACE, T_ERROR, T_UNKNOWN
  }

  /** One token: its type, where it starts (0-based) and its value or, for T_ERROR, the error. */
  private static final class Token {
    Type type;
    int index;
    LuaValue value;
    String error;
  }

  private final CjsonLib.Config cfg;
  private final byte[] b;
  private final int base;
  private final int limit;
  private int ptr;
  private int depth;
  private byte[] tmp = new byte[32];
  private int tmpLen;

  private CjsonDecoder(CjsonLib.Config cfg, LuaString s) {
    this.cfg = cfg;
    this.b = s.m_bytes;
    this.base = s.m_offset;
    this.limit = s.m_offset + s.m_length;
    this.ptr = base;
  }

  static LuaValue decode(CjsonLib.Config cfg, LuaString s) {
    if (s.m_length >= 2 && (s.m_bytes[s.m_offset] == 0 || s.m_bytes[s.m_offset + 1] == 0)) {
      throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
    }
    CjsonDecoder d = new CjsonDecoder(cfg, s);
    Token token = new Token();
    d.next(token);
    LuaValue v = d.value(token, 1); // the argument is the only slot on the stack
    d.next(token);
    if (token.type != Type.T_END) {
      throw d.parseError("the end", token);
    }
    return v;
  }

  /** The byte at {@code i} as C sees the string: 0 past its end. */
  private int at(int i) {
    return i < limit ? b[i] & 0xff : 0;
  }

  private LuaError parseError(String expected, Token token) {
    String found = token.type == Type.T_ERROR ? token.error : token.type.name();
    return new LuaError("Expected " + expected + " but found " + found + " at character "
        + (token.index + 1));
  }

  private void error(Token token, String what) {
    token.type = Type.T_ERROR;
    token.index = ptr - base;
    token.error = what;
  }

  private static Type typeOf(int c) {
    switch (c) {
      case '{': return Type.T_OBJ_BEGIN;
      case '}': return Type.T_OBJ_END;
      case '[': return Type.T_ARR_BEGIN;
      case ']': return Type.T_ARR_END;
      case ',': return Type.T_COMMA;
      case ':': return Type.T_COLON;
      case 0: return Type.T_END;
      case ' ': case '\t': case '\n': case '\r': return Type.T_WHITESPACE;
      case 'f': case 'i': case 'I': case 'n': case 'N': case 't': case '"': case '+': case '-':
        return Type.T_UNKNOWN;
      default:
        return c >= '0' && c <= '9' ? Type.T_UNKNOWN : Type.T_ERROR;
    }
  }

  private void next(Token token) {
    int ch;
    while (true) {
      ch = at(ptr);
      token.type = typeOf(ch);
      if (token.type != Type.T_WHITESPACE) {
        break;
      }
      ptr++;
    }
    token.index = ptr - base;
    token.value = null;
    if (token.type == Type.T_ERROR) {
      error(token, "invalid token");
      return;
    }
    if (token.type == Type.T_END) {
      return;
    }
    if (token.type != Type.T_UNKNOWN) {
      ptr++;
      return;
    }
    if (ch == '"') {
      string(token);
    } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
      if (!cfg.decodeInvalidNumbers && isInvalidNumber()) {
        error(token, "invalid number");
        return;
      }
      number(token);
    } else if (startsWith("true")) {
      token.type = Type.T_BOOLEAN;
      token.value = LuaValue.TRUE;
      ptr += 4;
    } else if (startsWith("false")) {
      token.type = Type.T_BOOLEAN;
      token.value = LuaValue.FALSE;
      ptr += 5;
    } else if (startsWith("null")) {
      token.type = Type.T_NULL;
      ptr += 4;
    } else if (cfg.decodeInvalidNumbers && isInvalidNumber()) {
      number(token); // only inf, nan and '+' get here: other bad tokens stay "invalid token"
    } else {
      error(token, "invalid token");
    }
  }

  private boolean startsWith(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (at(ptr + i) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** What strict JSON forbids but strtod reads: a leading '+', hex, leading zeros, inf, nan. */
  private boolean isInvalidNumber() {
    int p = ptr;
    if (at(p) == '+') {
      return true;
    }
    if (at(p) == '-') {
      p++;
    }
    if (at(p) == '0') {
      int c2 = at(p + 1);
      return (c2 | 0x20) == 'x' || (c2 >= '0' && c2 <= '9');
    } else if (at(p) <= '9') {
      return false;
    }
    return matchesIgnoreCase(p, "inf") || matchesIgnoreCase(p, "nan");
  }

  private boolean matchesIgnoreCase(int p, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      int c = at(p + i);
      if (c == 0 || (c | 0x20) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void number(Token token) {
    CjsonNumbers.Scan scan = CjsonNumbers.strtod(b, ptr, limit);
    if (scan.end == ptr) {
      error(token, "invalid number");
      return;
    }
    token.type = Type.T_NUMBER;
    token.value = LuaValue.valueOf(scan.value);
    ptr = scan.end;
  }

  private void string(Token token) {
    ptr++; // the opening quote
    tmpLen = 0;
    int ch;
    while ((ch = at(ptr)) != '"') {
      if (ch == 0) {
        error(token, "unexpected end of string");
        return;
      }
      if (ch == '\\') {
        int esc = at(ptr + 1);
        if (esc == 'u') {
          if (unicodeEscape()) {
            continue;
          }
          error(token, "invalid unicode escape code");
          return;
        }
        ch = switch (esc) {
          case '"', '\\', '/' -> esc;
          case 'b' -> '\b';
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'f' -> '\f';
          case 'r' -> '\r';
          default -> -1;
        };
        if (ch < 0) {
          error(token, "invalid escape code");
          return;
        }
        ptr++;
      }
      put(ch);
      ptr++;
    }
    ptr++; // the closing quote
    token.type = Type.T_STRING;
    token.value = LuaString.valueOf(tmp, 0, tmpLen);
  }

  private int hex4(int p) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int c = at(p + i);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        d = (c | 0x20) - 'a' + 10;
      } else {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  /** A \\uXXXX escape (or a surrogate pair of two) at ptr, appended as UTF-8; false if invalid. */
  private boolean unicodeEscape() {
    int cp = hex4(ptr + 2);
    if (cp < 0) {
      return false;
    }
    int escapeLen = 6;
    if ((cp & 0xF800) == 0xD800) {
      if ((cp & 0x400) != 0) {
        return false; // a low surrogate first
      }
      if (at(ptr + 6) != '\\' || at(ptr + 7) != 'u') {
        return false;
      }
      int low = hex4(ptr + 8);
      if (low < 0 || (low & 0xFC00) != 0xDC00) {
        return false;
      }
      cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
      escapeLen = 12;
    }
    if (cp <= 0x7F) {
      put(cp);
    } else if (cp <= 0x7FF) {
      put((cp >> 6) | 0xC0);
      put((cp & 0x3F) | 0x80);
    } else if (cp <= 0xFFFF) {
      put((cp >> 12) | 0xE0);
      put(((cp >> 6) & 0x3F) | 0x80);
      put((cp & 0x3F) | 0x80);
    } else {
      put((cp >> 18) | 0xF0);
      put(((cp >> 12) & 0x3F) | 0x80);
      put(((cp >> 6) & 0x3F) | 0x80);
      put((cp & 0x3F) | 0x80);
    }
    ptr += escapeLen;
    return true;
  }

  private void put(int c) {
    if (tmpLen == tmp.length) {
      // a decoded string is never longer than the text it comes from, so this stays in bounds
      tmp = java.util.Arrays.copyOf(tmp, (int) Math.min((long) tmp.length * 2, limit - base + 4L));
    }
    tmp[tmpLen++] = (byte) c;
  }

  /** {@code top}: the stack slots in use before the value is pushed (Lua 5.1 C stack). */
  private LuaValue value(Token token, int top) {
    switch (token.type) {
      case T_STRING:
      case T_NUMBER:
      case T_BOOLEAN:
        return token.value;
      case T_NULL:
        return CjsonNull.NULL;
      case T_OBJ_BEGIN:
        return object(top);
      case T_ARR_BEGIN:
        return array(top);
      default:
        throw parseError("value", token);
    }
  }

  /** A level deeper: past decode_max_depth, or where Lua's C stack would run out, an error. */
  private void descend(int top, int slots) {
    depth++;
    if (depth > cfg.decodeMaxDepth || top + slots > CjsonEncoder.MAX_C_STACK) {
      throw new LuaError("Found too many nested data structures (" + depth + ") at character "
          + (ptr - base));
    }
  }

  private LuaTable object(int top) {
    descend(top, 3); // table, key, value
    LuaTable t = new LuaTable();
    Token token = new Token();
    next(token);
    if (token.type == Type.T_OBJ_END) {
      depth--;
      return t;
    }
    while (true) {
      if (token.type != Type.T_STRING) {
        throw parseError("object key string", token);
      }
      LuaValue key = token.value;
      next(token);
      if (token.type != Type.T_COLON) {
        throw parseError("colon", token);
      }
      next(token);
      t.rawset(key, value(token, top + 2));
      next(token);
      if (token.type == Type.T_OBJ_END) {
        depth--;
        return t;
      }
      if (token.type != Type.T_COMMA) {
        throw parseError("comma or object end", token);
      }
      next(token);
    }
  }

  private LuaTable array(int top) {
    descend(top, 2); // table, value
    LuaTable t = new LuaTable();
    Token token = new Token();
    next(token);
    if (token.type == Type.T_ARR_END) {
      depth--;
      return t;
    }
    for (int i = 1; ; i++) {
      t.rawset(i, value(token, top + 1));
      next(token);
      if (token.type == Type.T_ARR_END) {
        depth--;
        return t;
      }
      if (token.type != Type.T_COMMA) {
        throw parseError("comma or array end", token);
      }
      next(token);
    }
  }
}
