package dev.cortado.command;

/**
 * C's {@code strtod} as glibc implements it (C locale), because Redis reads scores and score bounds
 * with it and its grammar decides what is accepted: leading white space, a sign, "inf"/"infinity",
 * "nan" and "nan(...)", hexadecimal floats with an optional binary exponent, decimal ones with an
 * optional exponent; the longest valid prefix is converted, correctly rounded. Two callers differ in
 * what they accept afterwards: Redis's string2d (ZADD scores, increments, weights) and zslParseRange
 * (score bounds).
 */
final class Strtod {
  private Strtod() {}

  /**
   * One conversion: the value, the index just past the text converted ({@code from} when nothing
   * could be, as strtod then leaves its end pointer at the start), and whether strtod would set
   * ERANGE (a finite text too large, or too small to be anything but zero).
   */
  record Result(double value, int end, boolean rangeError) {}

  /** Exponents are clamped here: far past any double, far from int overflow. */
  private static final int EXPONENT_CLAMP = 100_000;

  /**
   * Redis's string2d: the whole argument must be one number, with no leading space, neither
   * overflowing nor underflowing to zero, and not NaN. Returns NaN when it is not such a number.
   */
  static double string2d(byte[] s) {
    if (s.length == 0 || isSpace(s[0])) {
      return Double.NaN;
    }
    // Short integers, the usual scores and increments: exact as a long, so exact as strtod's double.
    if (s.length <= 15) {
      int p = s[0] == '-' ? 1 : 0;
      long n = 0;
      while (p < s.length && s[p] >= '0' && s[p] <= '9') {
        n = n * 10 + (s[p++] - '0');
      }
      if (p == s.length && p > (s[0] == '-' ? 1 : 0)) {
        return s[0] == '-' ? -(double) n : n;
      }
    }
    Result r = parse(s, 0, s.length);
    if (r.end != s.length || Double.isNaN(r.value)) {
      return Double.NaN;
    }
    if (r.rangeError && (Double.isInfinite(r.value) || r.value == 0)) {
      return Double.NaN;
    }
    return r.value;
  }

  /**
   * A score bound as zslParseRange reads it from argument bytes [from, length): strtod on the C
   * string (which ends at the first NUL), accepted when it stops at that end and is not NaN; an
   * empty text is 0. Returns NaN when refused.
   */
  static double bound(byte[] s, int from) {
    int end = from;
    while (end < s.length && s[end] != 0) {
      end++;
    }
    Result r = parse(s, from, end);
    if (r.end != end || Double.isNaN(r.value)) {
      return Double.NaN;
    }
    return r.value;
  }

  /** strtod over bytes [from, to). */
  static Result parse(byte[] s, int from, int to) {
    int p = from;
    while (p < to && isSpace(s[p])) {
      p++;
    }
    boolean negative = false;
    if (p < to && (s[p] == '+' || s[p] == '-')) {
      negative = s[p] == '-';
      p++;
    }
    if (matchesIgnoreCase(s, p, to, "inf")) {
      int end = matchesIgnoreCase(s, p, to, "infinity") ? p + 8 : p + 3;
      return new Result(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end, false);
    }
    if (matchesIgnoreCase(s, p, to, "nan")) {
      int end = p + 3;
      if (end < to && s[end] == '(') {
        int q = end + 1;
        while (q < to && (Character.isLetterOrDigit(s[q]) && s[q] > 0 || s[q] == '_')) {
          q++;
        }
        if (q < to && s[q] == ')') {
          end = q + 1;
        }
      }
      return new Result(Double.NaN, end, false);
    }
    if (p + 1 < to && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')
        && (hexDigit(s, p + 2, to) >= 0
            || (p + 2 < to && s[p + 2] == '.' && hexDigit(s, p + 3, to) >= 0))) {
      return hex(s, p + 2, to, negative);
    }
    return decimal(s, from, p, to, negative);
  }

  private static Result decimal(byte[] s, int from, int p, int to, boolean negative) {
    StringBuilder digits = new StringBuilder();
    boolean nonZero = false;
    int start = p;
    while (p < to && isDigit(s[p])) {
      nonZero |= s[p] != '0';
      digits.append((char) s[p++]);
    }
    int intDigits = p - start;
    int fracDigits = 0;
    if (p < to && s[p] == '.') {
      int q = p + 1;
      while (q < to && isDigit(s[q])) {
        nonZero |= s[q] != '0';
        q++;
      }
      fracDigits = q - p - 1;
      if (intDigits + fracDigits > 0) {
        digits.append('.');
        for (int i = p + 1; i < q; i++) {
          digits.append((char) s[i]);
        }
        p = q;
      }
    }
    if (intDigits + fracDigits == 0) {
      return new Result(0, from, false); // no conversion
    }
    Exponent exponent = Exponent.read(s, p, to, 'e');
    p = exponent.end;
    double value = Double.parseDouble(digits + "e" + exponent.value);
    return finish(value, negative, p, nonZero);
  }

  private static Result hex(byte[] s, int p, int to, boolean negative) {
    StringBuilder mantissa = new StringBuilder("0x");
    boolean nonZero = false;
    while (hexDigit(s, p, to) >= 0) {
      nonZero |= s[p] != '0';
      mantissa.append((char) s[p++]);
    }
    if (p < to && s[p] == '.') {
      mantissa.append('.');
      p++;
      while (hexDigit(s, p, to) >= 0) {
        nonZero |= s[p] != '0';
        mantissa.append((char) s[p++]);
      }
    }
    Exponent exponent = Exponent.read(s, p, to, 'p');
    p = exponent.end;
    double value = Double.parseDouble(mantissa + "p" + exponent.value);
    return finish(value, negative, p, nonZero);
  }

  /** An exponent part ("e-12", "P+3"), clamped; none (value 0, end unmoved) if it has no digits. */
  private record Exponent(int value, int end) {
    static Exponent read(byte[] s, int p, int to, char letter) {
      if (p >= to || (s[p] | 0x20) != letter) {
        return new Exponent(0, p);
      }
      int q = p + 1;
      boolean negative = false;
      if (q < to && (s[q] == '+' || s[q] == '-')) {
        negative = s[q] == '-';
        q++;
      }
      if (q >= to || !isDigit(s[q])) {
        return new Exponent(0, p);
      }
      long e = 0;
      while (q < to && isDigit(s[q])) {
        e = Math.min(EXPONENT_CLAMP, e * 10 + (s[q++] - '0'));
      }
      return new Exponent((int) (negative ? -e : e), q);
    }
  }

  private static Result finish(double magnitude, boolean negative, int end, boolean nonZero) {
    boolean rangeError = Double.isInfinite(magnitude) || (magnitude == 0 && nonZero);
    return new Result(negative ? -magnitude : magnitude, end, rangeError);
  }

  private static boolean matchesIgnoreCase(byte[] s, int p, int to, String word) {
    if (to - p < word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toLowerCase((char) (s[p + i] & 0xff)) != word.charAt(i)
          || (s[p + i] & 0x80) != 0) {
        return false;
      }
    }
    return true;
  }

  private static int hexDigit(byte[] s, int p, int to) {
    if (p >= to) {
      return -1;
    }
    return Character.digit(s[p] & 0x7f, 16) >= 0 && s[p] > 0 ? Character.digit(s[p], 16) : -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** C's isspace in the C locale. */
  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}
