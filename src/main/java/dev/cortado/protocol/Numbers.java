package dev.cortado.protocol;

import io.netty.buffer.ByteBuf;

/** Strict decimal parsing shared by the decoder and the commands, matching Redis's string2ll. */
public final class Numbers {
  private Numbers() {}

  /** Parses bytes [from, to) of a buffer; returns {@code invalid} when they are not a valid long. */
  static long parseLong(ByteBuf in, int from, int to, long invalid) {
    int len = to - from;
    if (len <= 0 || len > 20) {
      return invalid;
    }
    // Every request line is a short count or length: digits only, read in place (no copy, no
    // allocation). Up to 18 digits cannot overflow; anything else takes string2ll's full path.
    if (len <= 18 && (len == 1 || in.getByte(from) != '0')) {
      long value = 0;
      int i = from;
      for (; i < to; i++) {
        int d = in.getByte(i) - '0';
        if (d < 0 || d > 9) {
          break;
        }
        value = value * 10 + d;
      }
      if (i == to) {
        return value;
      }
    }
    byte[] digits = new byte[len];
    in.getBytes(from, digits);
    return parseLong(digits, invalid);
  }

  /**
   * Parses a signed decimal long the way Redis's string2ll does: no leading '+', no spaces, no
   * leading zeros (except "0" itself), at most 20 characters. Returns {@code invalid} otherwise.
   */
  public static long parseLong(byte[] s, long invalid) {
    int len = s.length;
    if (len == 0 || len > 20) {
      return invalid;
    }
    if (len == 1 && s[0] == '0') {
      return 0;
    }
    int p = 0;
    boolean negative = false;
    if (s[0] == '-') {
      negative = true;
      p++;
      if (p == len) {
        return invalid;
      }
    }
    if (s[p] < '1' || s[p] > '9') {
      return invalid;
    }
    long value = 0; // accumulated as a negative number so Long.MIN_VALUE fits
    for (; p < len; p++) {
      int d = s[p] - '0';
      if (d < 0 || d > 9) {
        return invalid;
      }
      if (value < (Long.MIN_VALUE + d) / 10) {
        return invalid;
      }
      value = value * 10 - d;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return invalid;
      }
      return -value;
    }
    return value;
  }

  private static final byte[] MIN_VALUE = Long.toString(Long.MIN_VALUE).getBytes(
      java.nio.charset.StandardCharsets.US_ASCII);

  /** Whether the bytes are a valid long for {@link #parseLong(byte[], long)}. */
  public static boolean isLong(byte[] s) {
    // Long.MIN_VALUE is the sentinel; only its own digits are both valid and that value.
    return parseLong(s, Long.MIN_VALUE) != Long.MIN_VALUE || java.util.Arrays.equals(s, MIN_VALUE);
  }
}
