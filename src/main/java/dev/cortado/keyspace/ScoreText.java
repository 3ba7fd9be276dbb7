package dev.cortado.keyspace;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Sorted-set scores as text, the way Redis 7.0 writes them: C's {@code printf("%.17g")} for replies
 * (addReplyDouble) and for ZSCAN on a skiplist, and a listpack's own form for ZSCAN on a listpack.
 * Java's {@code %g} differs from C's (it keeps trailing zeros and switches to exponents elsewhere),
 * so the rules are written out here.
 */
final class ScoreText {
  private ScoreText() {}

  private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
  /** Integral doubles below this print in full under %.17g (at most 17 digits, no exponent). */
  private static final double PLAIN_INTEGER_LIMIT = 1e17;
  /** Redis's double2ll stores integral scores in [-2^62, 2^62] as listpack integers. */
  private static final double LISTPACK_INTEGER_LIMIT = 0x1p62;

  /**
   * {@code %.17g} as glibc prints it: 17 significant digits correctly rounded (ties to even),
   * trailing zeros and a bare point removed, an exponent of at least two digits when the decimal
   * exponent is below -4 or at least 17; "inf", "-inf", and "-0" for negative zero.
   */
  static String g17(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(d)) {
      return "nan"; // never a score: ZADD and the range parsers refuse it
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < PLAIN_INTEGER_LIMIT) {
      return Long.toString((long) d);
    }
    BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN_DIGITS);
    int exponent = rounded.precision() - rounded.scale() - 1; // of the leading digit
    if (exponent < -4 || exponent >= 17) {
      String digits = rounded.unscaledValue().abs().toString();
      int end = digits.length();
      while (end > 1 && digits.charAt(end - 1) == '0') {
        end--;
      }
      StringBuilder sb = new StringBuilder(24);
      if (d < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (end > 1) {
        sb.append('.').append(digits, 1, end);
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs).toString();
    }
    return rounded.stripTrailingZeros().toPlainString();
  }

  /**
   * How a listpack holds a score, which ZSCAN shows as it is: an integer when the score is integral
   * within [-2^62, 2^62] (negative zero included, hence "0"), else d2string's "%.17g".
   */
  static String listpack(double d) {
    if (d >= -LISTPACK_INTEGER_LIMIT && d <= LISTPACK_INTEGER_LIMIT && d == Math.rint(d)) {
      return Long.toString((long) d);
    }
    return g17(d);
  }
}
