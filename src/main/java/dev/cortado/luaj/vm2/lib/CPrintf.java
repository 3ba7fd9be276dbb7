package dev.cortado.luaj.vm2.lib;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Cortado: glibc's {@code printf} conversions for one Lua 5.1 {@code string.format} item, given its
 * flags ({@code -+ #0}), width and precision. Numbers print exactly as glibc on x86-64 prints them:
 * decimal expansions are exact and round half to even, as glibc does in the default rounding mode.
 */
final class CPrintf {
  boolean leftAdjust;
  boolean zeroPad;
  boolean plus;
  boolean space;
  boolean alternate;
  /** -1 when absent. */
  int width = -1;
  /** -1 when absent; a bare '.' is 0. */
  int precision = -1;

  /** {@code %d}, {@code %i}: a signed C {@code long}. */
  String formatSigned(long value) {
    String digits = value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(value));
    String sign = value < 0 ? "-" : plus ? "+" : space ? " " : "";
    return integer(sign, "", digits, value == 0);
  }

  /** {@code %u}, {@code %x}, {@code %X}: an unsigned C {@code long}. */
  String formatUnsigned(long value, int conversion) {
    int radix = conversion == 'u' ? 10 : 16;
    String digits = Long.toUnsignedString(value, radix);
    String prefix = "";
    if (conversion == 'X') {
      digits = digits.toUpperCase(java.util.Locale.ROOT);
    }
    if (alternate && value != 0 && radix == 16) {
      prefix = conversion == 'X' ? "0X" : "0x";
    }
    return integer("", prefix, digits, value == 0);
  }

  private String integer(String sign, String prefix, String digits, boolean zero) {
    if (zero && precision == 0) {
      digits = "";
    }
    if (precision > digits.length()) {
      digits = zeros(precision - digits.length()) + digits;
    }
    return pad(sign + prefix, digits, zeroPad && precision < 0);
  }

  /** {@code %o} with its '#' rule: the first digit printed is a 0. */
  String formatOctal(long value) {
    String digits = Long.toUnsignedString(value, 8);
    if (value == 0 && precision == 0) {
      digits = "";
    }
    if (precision > digits.length()) {
      digits = zeros(precision - digits.length()) + digits;
    }
    if (alternate && (digits.isEmpty() || digits.charAt(0) != '0')) {
      digits = "0" + digits;
    }
    return pad("", digits, zeroPad && precision < 0);
  }

  /** {@code %e}, {@code %E}, {@code %f}, {@code %g}, {@code %G}. */
  String formatDouble(double x, int conversion) {
    boolean upper = conversion == 'E' || conversion == 'G';
    boolean negative = isNegative(x);
    String sign = negative ? "-" : plus ? "+" : space ? " " : "";
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      String body = Double.isNaN(x) ? "nan" : "inf";
      return pad(sign, upper ? body.toUpperCase(java.util.Locale.ROOT) : body, false);
    }
    double a = Math.abs(x);
    String body;
    switch (conversion) {
      case 'f':
        body = fixed(a, precision < 0 ? 6 : precision, alternate);
        break;
      case 'e':
      case 'E':
        body = exponential(a, precision < 0 ? 6 : precision, alternate, upper);
        break;
      default:
        body = general(a, precision < 0 ? 6 : precision == 0 ? 1 : precision, alternate, upper);
        break;
    }
    return pad(sign, body, zeroPad);
  }

  /**
   * Whether glibc prints a minus sign for {@code x}: a NaN's sign bit too, as
   * {@link dev.cortado.luaj.vm2.NumberText} (x86's 0/0, in C and in Java, has it set).
   */
  static boolean isNegative(double x) {
    if (x != x) {
      return Double.doubleToRawLongBits(x) < 0;
    }
    return x < 0 || (x == 0 && 1 / x < 0);
  }

  private static String fixed(double a, int precision, boolean alternate) {
    String s = new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    return precision == 0 && alternate ? s + "." : s;
  }

  private static String exponential(double a, int precision, boolean alternate, boolean upper) {
    String digits;
    int exponent;
    if (a == 0) {
      digits = zeros(precision + 1);
      exponent = 0;
    } else {
      BigDecimal rounded = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
      exponent = rounded.precision() - rounded.scale() - 1;
      digits = rounded.unscaledValue().toString();
      if (digits.length() < precision + 1) {
        digits = digits + zeros(precision + 1 - digits.length());
      } else if (digits.length() > precision + 1) {
        digits = digits.substring(0, precision + 1); // only trailing zeros
      }
    }
    StringBuilder out = new StringBuilder(precision + 8);
    out.append(digits.charAt(0));
    if (precision > 0 || alternate) {
      out.append('.');
    }
    out.append(digits, 1, digits.length());
    appendExponent(out, exponent, upper);
    return out.toString();
  }

  private static void appendExponent(StringBuilder out, int exponent, boolean upper) {
    out.append(upper ? 'E' : 'e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    if (e < 10) {
      out.append('0');
    }
    out.append(e);
  }

  private static String general(double a, int p, boolean alternate, boolean upper) {
    int exponent;
    if (a == 0) {
      exponent = 0;
    } else {
      BigDecimal exact = new BigDecimal(a);
      BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      exponent = rounded.precision() - rounded.scale() - 1;
      int unroundedExponent = exact.precision() - exact.scale() - 1;
      if (alternate && unroundedExponent == p - 1 && exponent == p) {
        // glibc picks the style from the unrounded number: %.0f-style digits that round up to one
        // digit more become 1.e+p, where C asks for p-1 zeros after the point ("%#g" of 999999.5).
        StringBuilder out = new StringBuilder("1.");
        appendExponent(out, exponent, upper);
        return out.toString();
      }
    }
    if (p > exponent && exponent >= -4) {
      String s = fixed(a, p - 1 - exponent, alternate);
      return alternate ? s : stripZeros(s);
    }
    String s = exponential(a, p - 1, alternate, upper);
    if (alternate) {
      return s;
    }
    int e = s.indexOf(upper ? 'E' : 'e');
    return stripZeros(s.substring(0, e)) + s.substring(e);
  }

  private static String stripZeros(String s) {
    if (s.indexOf('.') < 0) {
      return s;
    }
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }

  /** Width: spaces before (or, with '-', after), or zeros between the sign or prefix and the rest. */
  private String pad(String head, String body, boolean zeros) {
    int n = head.length() + body.length();
    if (width <= n) {
      return head + body;
    }
    if (leftAdjust) {
      return head + body + spaces(width - n);
    }
    return zeros ? head + zeros(width - n) + body : spaces(width - n) + head + body;
  }

  /** Width for {@code %c} and {@code %s}: always spaces. */
  int padding(int length) {
    return width > length ? width - length : 0;
  }

  private static String zeros(int n) {
    return "0".repeat(Math.max(n, 0));
  }

  private static String spaces(int n) {
    return " ".repeat(Math.max(n, 0));
  }
}
