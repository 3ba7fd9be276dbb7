package dev.cortado.luaj.vm2.lib;

import dev.cortado.luaj.vm2.LuaString;

/**
 * Cortado: the C library's number parsing as Lua 5.1 uses it, on glibc in the C locale: {@code strtod}
 * (through {@code luaO_str2d}, behind {@code tonumber(s)} and the number arguments of
 * {@code string.format}) and {@code strtoul} (behind {@code tonumber(s, base)}).
 *
 * <p>Lua hands these functions C strings, so a string is read only up to its first NUL byte.
 */
final class CNumberScan {
  /** glibc's {@code strtod("nan")}: a quiet NaN with the sign bit clear, which glibc prints as "nan". */
  static final double C_NAN = Double.longBitsToDouble(0x7ff8000000000000L);
  /** glibc's {@code strtod("-nan")}, printed "-nan" (also the NaN an x86 {@code 0/0} makes). */
  static final double C_NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);

  private static final double TWO_TO_63 = 9.223372036854775808E18;

  private final byte[] bytes;
  private final int offset;
  private final int length; // up to the first NUL

  /** Set by the scans: the index just past the characters used, or the start if there were none. */
  private int end;

  private CNumberScan(LuaString s) {
    bytes = s.m_bytes;
    offset = s.m_offset;
    int n = 0;
    while (n < s.m_length && bytes[offset + n] != 0) {
      n++;
    }
    length = n;
  }

  /** The byte at {@code i} as C sees it: 0 at and past the end. */
  private int at(int i) {
    return i < length ? bytes[offset + i] & 0xff : 0;
  }

  /** C's {@code isspace} in the C locale. */
  static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static int digitValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    return 99;
  }

  /** True if only spaces follow {@code i} in the C string. */
  private boolean onlySpacesFrom(int i) {
    while (isSpace(at(i))) {
      i++;
    }
    return i >= length;
  }

  /**
   * Lua 5.1's {@code luaO_str2d}: the string as a number, or null if it is not one. Leading and
   * trailing white space is allowed; the rest is whatever {@code strtod} accepts whole (decimal and
   * hexadecimal floating point, "inf", "infinity", "nan", "nan(...)").
   */
  static Double str2d(LuaString s) {
    CNumberScan scan = new CNumberScan(s);
    double v = scan.strtod();
    if (scan.end == 0) {
      return null;
    }
    int c = scan.at(scan.end);
    if (c == 'x' || c == 'X') {
      v = unsignedToDouble(scan.strtoul(16));
    }
    return scan.onlySpacesFrom(scan.end) ? v : null;
  }

  /**
   * Lua 5.1's {@code tonumber(s, base)} for a base other than 10: {@code strtoul(s, base)} (white
   * space, a sign, "0x" for base 16; a negative number wraps around, one too large gives
   * {@code ULONG_MAX}) must use at least one digit and leave nothing but white space.
   */
  static Double strtoulNumber(LuaString s, int base) {
    CNumberScan scan = new CNumberScan(s);
    long n = scan.strtoul(base);
    if (scan.end == 0 || !scan.onlySpacesFrom(scan.end)) {
      return null;
    }
    return unsignedToDouble(n);
  }

  /** C's conversion of an {@code unsigned long} to {@code double}, rounding to nearest. */
  static double unsignedToDouble(long n) {
    if (n >= 0) {
      return n;
    }
    return ((n >>> 1) | (n & 1)) * 2.0;
  }

  /** glibc's {@code strtoul}; sets {@link #end}. */
  private long strtoul(int base) {
    int p = 0;
    while (isSpace(at(p))) {
      p++;
    }
    boolean negative = false;
    if (at(p) == '+' || at(p) == '-') {
      negative = at(p) == '-';
      p++;
    }
    if (base == 16 && at(p) == '0' && (at(p + 1) | 0x20) == 'x' && digitValue(at(p + 2)) < 16) {
      p += 2;
    }
    int start = p;
    long value = 0;
    boolean overflow = false;
    int d;
    while ((d = digitValue(at(p))) < base) {
      if (!overflow) {
        long high = Math.multiplyHigh(value, base) + ((value >> 63) & base); // unsigned high word
        long low = value * base;
        long sum = low + d;
        if (high != 0 || Long.compareUnsigned(sum, low) < 0) {
          overflow = true;
        } else {
          value = sum;
        }
      }
      p++;
    }
    if (p == start) {
      end = 0;
      return 0;
    }
    end = p;
    if (overflow) {
      return -1L; // ULONG_MAX
    }
    return negative ? -value : value;
  }

  private boolean matchesIgnoreCase(int p, String word) {
    for (int k = 0; k < word.length(); k++) {
      if ((at(p + k) | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** glibc's {@code strtod} in the C locale; sets {@link #end}. */
  private double strtod() {
    int p = 0;
    while (isSpace(at(p))) {
      p++;
    }
    boolean negative = false;
    if (at(p) == '+' || at(p) == '-') {
      negative = at(p) == '-';
      p++;
    }
    if (matchesIgnoreCase(p, "inf")) {
      p += 3;
      if (matchesIgnoreCase(p, "inity")) {
        p += 5;
      }
      end = p;
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (matchesIgnoreCase(p, "nan")) {
      p += 3;
      if (at(p) == '(') {
        int q = p + 1;
        while (digitValue(at(q)) < 36 || at(q) == '_') {
          q++;
        }
        if (at(q) == ')') {
          p = q + 1;
        }
      }
      end = p;
      return negative ? C_NEGATIVE_NAN : C_NAN;
    }
    if (at(p) == '0' && (at(p + 1) | 0x20) == 'x') {
      double hex = hexFloat(p + 2, negative);
      if (end != 0) {
        return hex;
      }
      // "0x" without hex digits: strtod reads the "0" alone
    }
    int numberStart = p;
    int digits = 0;
    while (at(p) >= '0' && at(p) <= '9') {
      p++;
      digits++;
    }
    if (at(p) == '.') {
      p++;
      while (at(p) >= '0' && at(p) <= '9') {
        p++;
        digits++;
      }
    }
    if (digits == 0) {
      end = 0;
      return 0;
    }
    int mantissaEnd = p;
    if ((at(p) | 0x20) == 'e') {
      int q = p + 1;
      if (at(q) == '+' || at(q) == '-') {
        q++;
      }
      if (at(q) >= '0' && at(q) <= '9') {
        while (at(q) >= '0' && at(q) <= '9') {
          q++;
        }
        p = q;
      }
    }
    end = p;
    StringBuilder text = new StringBuilder(p - numberStart + 1);
    if (negative) {
      text.append('-');
    }
    for (int i = numberStart; i < mantissaEnd; i++) {
      text.append((char) at(i));
    }
    if (p > mantissaEnd) {
      // Java reads an exponent into an int: keep it within range, which changes nothing (any
      // exponent this large already over- or underflows).
      text.append('e');
      int q = mantissaEnd + 1;
      boolean negativeExponent = at(q) == '-';
      if (at(q) == '+' || at(q) == '-') {
        q++;
      }
      while (q < p - 1 && at(q) == '0') {
        q++;
      }
      if (p - q > 9) {
        text.append(negativeExponent ? "-999999999" : "999999999");
      } else {
        if (negativeExponent) {
          text.append('-');
        }
        for (int i = q; i < p; i++) {
          text.append((char) at(i));
        }
      }
    }
    return Double.parseDouble(text.toString());
  }

  /** The hexadecimal float whose digits start at {@code p}, or {@link #end} 0 if there are none. */
  private double hexFloat(int p, boolean negative) {
    StringBuilder text = new StringBuilder();
    text.append(negative ? "-0x" : "0x");
    int digits = 0;
    while (digitValue(at(p)) < 16) {
      text.append((char) at(p++));
      digits++;
    }
    if (at(p) == '.') {
      text.append('.');
      p++;
      while (digitValue(at(p)) < 16) {
        text.append((char) at(p++));
        digits++;
      }
    }
    if (digits == 0) {
      end = 0;
      return 0;
    }
    long exponent = 0;
    if ((at(p) | 0x20) == 'p') {
      int q = p + 1;
      boolean negativeExponent = at(q) == '-';
      if (at(q) == '+' || at(q) == '-') {
        q++;
      }
      if (at(q) >= '0' && at(q) <= '9') {
        while (at(q) >= '0' && at(q) <= '9') {
          exponent = Math.min(exponent * 10 + (at(q) - '0'), 100_000_000L);
          q++;
        }
        if (negativeExponent) {
          exponent = -exponent;
        }
        p = q;
      }
    }
    end = p;
    text.append('p').append(exponent);
    return Double.parseDouble(text.toString());
  }

  /** C's {@code (long) d} on x86-64: a value out of range, or NaN, becomes {@code LONG_MIN}. */
  static long toCLong(double d) {
    if (d != d || d >= TWO_TO_63 || d < -TWO_TO_63) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  /** C's {@code (unsigned long) d} as gcc compiles it for x86-64. */
  static long toCUnsignedLong(double d) {
    if (!(d >= TWO_TO_63)) {
      return toCLong(d);
    }
    return toCLong(d - TWO_TO_63) ^ Long.MIN_VALUE;
  }

  /** C's {@code (int) d} on x86-64: a value out of range, or NaN, becomes {@code INT_MIN}. */
  static int toCInt(double d) {
    if (d != d || d >= 2147483648.0 || d <= -2147483649.0) {
      return Integer.MIN_VALUE;
    }
    return (int) d;
  }
}
