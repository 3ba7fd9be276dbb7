package dev.cortado.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C's {@code long double} as Redis uses it for INCRBYFLOAT on x86-64: the x87 80-bit extended
 * format (64-bit significand; subnormals down to 2^-16445; overflow at 2^16384), read by glibc's
 * correctly rounded strtold, added with round-half-even and printed with {@code %.17Lf}. Java
 * has no such type, so a value is an exact significand times a power of two, rounded to that
 * format after every step. INCRBYFLOAT and HINCRBYFLOAT share it.
 */
final class LongDouble {
  static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, false);
  private static final LongDouble INFINITY = new LongDouble(BigInteger.ZERO, 0, true);

  private static final int SIGNIFICAND_BITS = 64;
  /** The exponent of the smallest subnormal, 2^-16445. */
  private static final int MIN_EXPONENT = -16445;
  /** Magnitudes of 2^16384 and up are infinite. */
  private static final int OVERFLOW_BITS = 16384;
  /** Redis's MAX_LONG_DOUBLE_CHARS: longer text is not a float. */
  private static final int MAX_CHARS = 5 * 1024;
  /** Decimal exponents past these bounds overflow or underflow whatever the digits. */
  private static final int MAX_DECIMAL_EXPONENT = 4933;
  private static final int MIN_DECIMAL_EXPONENT = -4952;
  /** Parsed exponents are clamped here: far beyond any finite result, far from int overflow. */
  private static final int EXPONENT_CLAMP = 1_000_000;
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  // strtold's grammar, whole string, C locale: no spaces; at least one digit in the mantissa.
  private static final Pattern INFINITE = Pattern.compile("[+-]?(?i:inf|infinity)");
  private static final Pattern DECIMAL =
      Pattern.compile("([+-]?)(?=\\.?[0-9])([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");
  private static final Pattern HEX = Pattern.compile(
      "([+-]?)0[xX](?=\\.?[0-9a-fA-F])([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?"
          + "(?:[pP]([+-]?[0-9]+))?");

  /** Signed; the value is significand * 2^exponent. */
  private final BigInteger significand;
  private final int exponent;
  private final boolean infinite;

  private LongDouble(BigInteger significand, int exponent, boolean infinite) {
    this.significand = significand;
    this.exponent = exponent;
    this.infinite = infinite;
  }

  boolean isInfinite() {
    return infinite;
  }

  /**
   * Parses text as Redis's string2ld does, or returns null: the whole text must be a number (NaN,
   * spaces and overflowing or underflowing-to-zero values are not; "inf" is).
   */
  static LongDouble parse(byte[] bytes) {
    if (bytes.length == 0 || bytes.length >= MAX_CHARS) {
      return null;
    }
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    if (INFINITE.matcher(s).matches()) {
      return INFINITY;
    }
    Matcher m = HEX.matcher(s);
    LongDouble v;
    if (m.matches()) {
      v = fromHex(m);
    } else if ((m = DECIMAL.matcher(s)).matches()) {
      v = fromDecimal(m);
    } else {
      return null;
    }
    // strtold reports ERANGE for these and Redis refuses them.
    return v == null || v.infinite ? null : v;
  }

  /** Groups: sign, integer digits, fraction digits, exponent. */
  private static LongDouble fromDecimal(Matcher m) {
    boolean negative = m.group(1).equals("-");
    String fraction = m.group(3) == null ? "" : m.group(3);
    String digits = (m.group(2) + fraction).replaceFirst("^0+", "");
    if (digits.isEmpty()) {
      return ZERO;
    }
    int exp10 = exponent(m.group(4)) - fraction.length();
    // The value lies in [10^(n-1+exp10), 10^(n+exp10)) for n significant digits.
    if (digits.length() - 1 + exp10 >= MAX_DECIMAL_EXPONENT) {
      return INFINITY;
    }
    if (digits.length() + exp10 <= MIN_DECIMAL_EXPONENT) {
      return null; // rounds to zero
    }
    BigInteger n = new BigInteger(digits);
    LongDouble v = exp10 >= 0
        ? quotient(negative, n.multiply(BigInteger.TEN.pow(exp10)), BigInteger.ONE)
        : quotient(negative, n, BigInteger.TEN.pow(-exp10));
    return v.significand.signum() == 0 ? null : v;
  }

  /** Groups: sign, integer hex digits, fraction hex digits, binary exponent. */
  private static LongDouble fromHex(Matcher m) {
    boolean negative = m.group(1).equals("-");
    String fraction = m.group(3) == null ? "" : m.group(3);
    BigInteger n = new BigInteger(m.group(2) + fraction, 16);
    if (n.signum() == 0) {
      return ZERO;
    }
    LongDouble v = round(negative, n, exponent(m.group(4)) - 4 * fraction.length(), false);
    return v.significand.signum() == 0 ? null : v;
  }

  private static int exponent(String text) {
    if (text == null) {
      return 0;
    }
    BigInteger e = new BigInteger(text);
    return e.max(BigInteger.valueOf(-EXPONENT_CLAMP)).min(BigInteger.valueOf(EXPONENT_CLAMP))
        .intValue();
  }

  /** num / den (both positive), correctly rounded. */
  private static LongDouble quotient(boolean negative, BigInteger num, BigInteger den) {
    // Scale so the integer quotient has 66 or 67 bits: enough for a round bit and a sticky bit.
    int e = num.bitLength() - den.bitLength() - SIGNIFICAND_BITS - 2;
    BigInteger[] qr = e >= 0
        ? num.divideAndRemainder(den.shiftLeft(e))
        : num.shiftLeft(-e).divideAndRemainder(den);
    return round(negative, qr[0], e, qr[1].signum() != 0);
  }

  /**
   * Rounds +-(q + a fraction of one unit, when inexact) * 2^e to 64 significant bits, or fewer
   * for subnormals, half to even.
   */
  private static LongDouble round(boolean negative, BigInteger q, int e, boolean inexact) {
    int shift = Math.max(q.bitLength() - SIGNIFICAND_BITS, MIN_EXPONENT - e);
    if (shift > 0) {
      boolean half = q.testBit(shift - 1);
      boolean belowHalf = inexact || q.signum() != 0 && q.getLowestSetBit() < shift - 1;
      q = q.shiftRight(shift);
      e += shift;
      if (half && (belowHalf || q.testBit(0))) {
        q = q.add(BigInteger.ONE);
        if (q.bitLength() > SIGNIFICAND_BITS) {
          q = q.shiftRight(1);
          e++;
        }
      }
    }
    if (q.signum() == 0) {
      return ZERO;
    }
    if (q.bitLength() + e > OVERFLOW_BITS) {
      return INFINITY;
    }
    return new LongDouble(negative ? q.negate() : q, e, false);
  }

  /**
   * ceil(this * 1000), the product first rounded to long double: how Redis turns a timeout in
   * seconds into milliseconds (ftval *= 1000.0, then ceill). Finite values only.
   */
  BigInteger timesThousandCeiling() {
    BigInteger product = significand.multiply(BigInteger.valueOf(1000));
    LongDouble r = round(product.signum() < 0, product.abs(), exponent, false);
    if (r.exponent >= 0) {
      return r.significand.shiftLeft(r.exponent);
    }
    // ceil(x) = -floor(-x), and an arithmetic right shift floors.
    return r.significand.negate().shiftRight(-r.exponent).negate();
  }

  /** The rounded sum; infinite when it overflows or either side is infinite (NaN included). */
  LongDouble plus(LongDouble other) {
    if (infinite || other.infinite) {
      return INFINITY;
    }
    int e = Math.min(exponent, other.exponent);
    BigInteger sum = significand.shiftLeft(exponent - e)
        .add(other.significand.shiftLeft(other.exponent - e));
    return round(sum.signum() < 0, sum.abs(), e, false);
  }

  /**
   * printf("%.17Lf") with the trailing zeros (and a bare point) removed, and "-0" as "0": Redis's
   * ld2string in LD_STR_HUMAN mode. glibc prints the exact binary value rounded half to even.
   */
  String toHumanString() {
    BigDecimal exact = exponent >= 0
        ? new BigDecimal(significand.shiftLeft(exponent))
        : new BigDecimal(significand.multiply(FIVE.pow(-exponent)), -exponent);
    String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    s = s.substring(0, end);
    return s.equals("-0") ? "0" : s;
  }
}
