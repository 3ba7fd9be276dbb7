package dev.cortado.luaj.vm2;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as Lua 5.1 prints them ({@code LUAI_NUMFFORMAT}, C's {@code "%.14g"}), which is what Redis's
 * scripts see in {@code tostring}, {@code ..} and every number sent to {@code redis.call}. Cortado's
 * change to LuaJ, whose own formatting is Java's.
 */
public final class NumberText {
  private static final MathContext FOURTEEN = new MathContext(14, RoundingMode.HALF_EVEN);
  private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

  private NumberText() {}

  /** {@code printf("%.14g", v)} as glibc prints it on x86-64. */
  public static String g14(double v) {
    return g(v, FOURTEEN);
  }

  /** {@code printf("%.17g", v)}: how Redis sends a script's numbers to commands and doubles back. */
  public static String g17(double v) {
    return g(v, SEVENTEEN);
  }

  private static String g(double v, MathContext precision) {
    if (v != v) {
      // glibc prints a NaN's sign; the NaN x86 makes (0/0, inf-inf) has it set, as does Java's on
      // x86, so the same arithmetic prints the same.
      return Double.doubleToRawLongBits(v) < 0 ? "-nan" : "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    if (v == (long) v && Math.abs(v) < 1e14) {
      return Long.toString((long) v);
    }
    BigDecimal rounded = new BigDecimal(v).round(precision);
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= precision.getPrecision()) {
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
}
