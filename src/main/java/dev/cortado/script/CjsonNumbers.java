package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaValue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The C library's number conversions that cjson and cmsgpack lean on, as glibc does them on x86-64:
 * {@code strtod} (cjson's decoder reads numbers with it), {@code "%.Ng"} (its encoder writes them
 * with it), Lua 5.1's {@code luaL_checkinteger} and C's casts of a double to integers.
 */
final class CjsonNumbers {
  /** Digits beyond these cannot change a correctly rounded double; the rest only count as "not 0". */
  private static final int MAX_DECIMAL_DIGITS = 800;
  private static final int MAX_HEX_DIGITS = 30;
  private static final long EXPONENT_CAP = 1_000_000_000L;
  private static final double TWO_TO_63 = 9.223372036854775808E18;

  private CjsonNumbers() {}

  /** A strtod result: the value and the index just past what was read ({@code start} if nothing). */
  static final class Scan {
    double value;
    int end;
  }

  /** The byte at {@code i} as C sees the string: 0 at and past its end. */
  private static int at(byte[] b, int i, int limit) {
    return i < limit ? b[i] & 0xff : 0;
  }

  private static int hexValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    int lower = c | 0x20;
    if (lower >= 'a' && lower <= 'f') {
      return lower - 'a' + 10;
    }
    return -1;
  }

  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static boolean matches(byte[] b, int p, int limit, String lowerWord) {
    for (int k = 0; k < lowerWord.length(); k++) {
      if ((at(b, p + k, limit) | 0x20) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * glibc's strtod over {@code b[start..limit)} (a byte 0 ends it as in C): white space, a sign, then
   * a decimal or hexadecimal float, "inf"/"infinity" or "nan"/"nan(chars)" (the chars, read as
   * strtoull base 0, become the NaN's payload). Correctly rounded; out of range gives inf or 0.
   */
  static Scan strtod(byte[] b, int start, int limit) {
    Scan out = new Scan();
    out.end = start;
    int p = start;
    while (isSpace(at(b, p, limit))) {
      p++;
    }
    boolean negative = false;
    if (at(b, p, limit) == '+' || at(b, p, limit) == '-') {
      negative = at(b, p, limit) == '-';
      p++;
    }
    if (matches(b, p, limit, "inf")) {
      p += matches(b, p + 3, limit, "inity") ? 8 : 3;
      out.value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      out.end = p;
      return out;
    }
    if (matches(b, p, limit, "nan")) {
      p += 3;
      long bits = 0x7ff8000000000000L;
      if (at(b, p, limit) == '(') {
        int q = p + 1;
        while (isNanChar(at(b, q, limit))) {
          q++;
        }
        if (at(b, q, limit) == ')') {
          Long payload = wholeStrtoull(b, p + 1, q);
          if (payload != null) {
            bits |= payload & 0x0007ffffffffffffL;
          }
          p = q + 1;
        }
      }
      out.value = Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
      out.end = p;
      return out;
    }
    if (at(b, p, limit) == '0' && (at(b, p + 1, limit) | 0x20) == 'x') {
      if (hexFloat(b, p + 2, limit, negative, out)) {
        return out;
      }
      // "0x" and no hex digit: strtod reads the 0 alone, as a decimal
    }
    decimal(b, p, limit, negative, out, start);
    return out;
  }

  private static boolean isNanChar(int c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
  }

  /** strtoull(s, base 0) of the whole of {@code b[from..to)}, or null if it stops short. */
  private static Long wholeStrtoull(byte[] b, int from, int to) {
    int p = from;
    int base = 10;
    if (p < to && b[p] == '0') {
      if (p + 1 < to && (b[p + 1] | 0x20) == 'x' && p + 2 < to && hexValue(b[p + 2] & 0xff) >= 0) {
        base = 16;
        p += 2;
      } else {
        base = 8;
      }
    }
    if (p == to) {
      return null;
    }
    long value = 0;
    boolean overflow = false;
    for (; p < to; p++) {
      int d = hexValue(b[p] & 0xff);
      if (d < 0 || d >= base) {
        return null;
      }
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, base)) > 0) {
        overflow = true;
      } else {
        long next = value * base + d;
        if (Long.compareUnsigned(next, value * base) < 0) {
          overflow = true;
        }
        value = next;
      }
    }
    return overflow ? -1L : value;
  }

  private static void decimal(byte[] b, int p, int limit, boolean negative, Scan out, int start) {
    StringBuilder digits = new StringBuilder();
    boolean sticky = false;
    long pointShift = 0; // the decimal exponent of the digit after the last one kept
    int seen = 0;
    while (at(b, p, limit) >= '0' && at(b, p, limit) <= '9') {
      int c = at(b, p, limit);
      seen++;
      if (digits.length() == 0 && c == '0') {
        // a leading zero: nothing
      } else if (digits.length() < MAX_DECIMAL_DIGITS) {
        digits.append((char) c);
      } else {
        sticky |= c != '0';
        pointShift++;
      }
      p++;
    }
    if (at(b, p, limit) == '.') {
      p++;
      while (at(b, p, limit) >= '0' && at(b, p, limit) <= '9') {
        int c = at(b, p, limit);
        seen++;
        if (digits.length() == 0 && c == '0') {
          pointShift--;
        } else if (digits.length() < MAX_DECIMAL_DIGITS) {
          digits.append((char) c);
          pointShift--;
        } else {
          sticky |= c != '0';
        }
        p++;
      }
    }
    if (seen == 0) {
      out.end = start;
      out.value = 0;
      return;
    }
    long exponent = 0;
    if ((at(b, p, limit) | 0x20) == 'e') {
      int q = p + 1;
      boolean negativeExponent = at(b, q, limit) == '-';
      if (at(b, q, limit) == '+' || at(b, q, limit) == '-') {
        q++;
      }
      if (at(b, q, limit) >= '0' && at(b, q, limit) <= '9') {
        while (at(b, q, limit) >= '0' && at(b, q, limit) <= '9') {
          exponent = Math.min(exponent * 10 + (at(b, q, limit) - '0'), EXPONENT_CAP);
          q++;
        }
        if (negativeExponent) {
          exponent = -exponent;
        }
        p = q;
      }
    }
    out.end = p;
    if (digits.length() == 0) {
      out.value = negative ? -0.0 : 0.0;
      return;
    }
    if (sticky) {
      digits.append('1');
      pointShift--;
    }
    long e = exponent + pointShift;
    // Past these the value is inf or 0 whatever its digits: keep Java's int exponent in range.
    e = Math.max(-100_000, Math.min(100_000, e));
    String text = (negative ? "-" : "") + digits + "E" + e;
    out.value = Double.parseDouble(text);
  }

  /** A hexadecimal float after "0x"; false if it has no hex digit. */
  private static boolean hexFloat(byte[] b, int p, int limit, boolean negative, Scan out) {
    StringBuilder digits = new StringBuilder();
    boolean sticky = false;
    long shift = 0; // in hex digits
    int seen = 0;
    int d;
    while ((d = hexValue(at(b, p, limit))) >= 0) {
      seen++;
      if (digits.length() == 0 && d == 0) {
        // leading zero
      } else if (digits.length() < MAX_HEX_DIGITS) {
        digits.append((char) at(b, p, limit));
      } else {
        sticky |= d != 0;
        shift++;
      }
      p++;
    }
    if (at(b, p, limit) == '.') {
      p++;
      while ((d = hexValue(at(b, p, limit))) >= 0) {
        seen++;
        if (digits.length() == 0 && d == 0) {
          shift--;
        } else if (digits.length() < MAX_HEX_DIGITS) {
          digits.append((char) at(b, p, limit));
          shift--;
        } else {
          sticky |= d != 0;
        }
        p++;
      }
    }
    if (seen == 0) {
      return false;
    }
    long exponent = 0;
    if ((at(b, p, limit) | 0x20) == 'p') {
      int q = p + 1;
      boolean negativeExponent = at(b, q, limit) == '-';
      if (at(b, q, limit) == '+' || at(b, q, limit) == '-') {
        q++;
      }
      if (at(b, q, limit) >= '0' && at(b, q, limit) <= '9') {
        while (at(b, q, limit) >= '0' && at(b, q, limit) <= '9') {
          exponent = Math.min(exponent * 10 + (at(b, q, limit) - '0'), EXPONENT_CAP);
          q++;
        }
        if (negativeExponent) {
          exponent = -exponent;
        }
        p = q;
      }
    }
    out.end = p;
    if (digits.length() == 0) {
      out.value = negative ? -0.0 : 0.0;
      return true;
    }
    if (sticky) {
      digits.append('1');
      shift--;
    }
    long e = Math.max(-100_000, Math.min(100_000, exponent + 4 * shift));
    out.value = Double.parseDouble((negative ? "-0x" : "0x") + digits + "p" + e);
    return true;
  }

  /**
   * Lua 5.1's lua_isnumber/lua_tonumber for a value: a number, or a string strtod reads whole (white
   * space around allowed, a byte 0 ends it); null otherwise.
   */
  static Double toNumber(LuaValue v) {
    if (v.type() == LuaValue.TNUMBER) {
      return v.todouble();
    }
    if (v.type() != LuaValue.TSTRING) {
      return null;
    }
    LuaString s = v.checkstring();
    int limit = s.m_offset + s.m_length;
    Scan scan = strtod(s.m_bytes, s.m_offset, limit);
    if (scan.end == s.m_offset) {
      return null;
    }
    int p = scan.end;
    while (isSpace(at(s.m_bytes, p, limit))) {
      p++;
    }
    return at(s.m_bytes, p, limit) == 0 ? scan.value : null;
  }

  /** C's {@code (long long) d} on x86-64: out of range and NaN give LLONG_MIN. */
  static long toCLong(double d) {
    if (d != d || d >= TWO_TO_63 || d < -TWO_TO_63) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  /** C's {@code (int) d} on x86-64: out of range and NaN give INT_MIN. */
  static int toCInt(double d) {
    if (d != d || d >= 2147483648.0 || d <= -2147483649.0) {
      return Integer.MIN_VALUE;
    }
    return (int) d;
  }

  /** {@code snprintf("%.<precision>g", v)} as glibc prints it. */
  static String formatG(double v, int precision) {
    if (v != v) {
      return Double.doubleToRawLongBits(v) < 0 ? "-nan" : "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < POWERS_OF_TEN[precision]) {
      return Long.toString((long) v);
    }
    BigDecimal rounded = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= precision) {
      String digits = rounded.unscaledValue().abs().toString();
      int end = digits.length();
      while (end > 1 && digits.charAt(end - 1) == '0') {
        end--;
      }
      StringBuilder out = new StringBuilder(24);
      if (v < 0) {
        out.append('-');
      }
      out.append(digits.charAt(0));
      if (end > 1) {
        out.append('.').append(digits, 1, end);
      }
      int e = Math.abs(exponent);
      out.append('e').append(exponent < 0 ? '-' : '+');
      if (e < 10) {
        out.append('0');
      }
      return out.append(e).toString();
    }
    return rounded.stripTrailingZeros().toPlainString();
  }

  private static final double[] POWERS_OF_TEN = new double[18];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }
}
