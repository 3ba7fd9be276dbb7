package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * C's strtod grammar as Redis reads scores (string2d) and score bounds (zslParseRange); each
 * accepted or refused text was checked with ZADD and ZCOUNT against redis-server 7.0.15.
 */
class StrtodTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static double score(String s) {
    return Strtod.string2d(b(s));
  }

  private static double bound(String s) {
    return Strtod.bound(b(s), 0);
  }

  @Test
  void scores_wholeNumbersOnly() {
    assertThat(score("1")).isEqualTo(1);
    assertThat(score("+1")).isEqualTo(1);
    assertThat(score("00012")).isEqualTo(12);
    assertThat(score(".5")).isEqualTo(0.5);
    assertThat(score("5.")).isEqualTo(5);
    assertThat(score("-.5e-3")).isEqualTo(-0.0005);
    assertThat(score("1E2")).isEqualTo(100);
    assertThat(score("0x10")).isEqualTo(16);
    assertThat(score("0x1p-2")).isEqualTo(0.25);
    assertThat(score("0X1.8P1")).isEqualTo(3);
    assertThat(score("0x.8")).isEqualTo(0.5);
    assertThat(score("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(score("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(score("1e-310")).isEqualTo(1e-310); // subnormal: ERANGE, but not zero
    assertThat(Double.doubleToRawLongBits(score("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    for (String refused : new String[] {"", " 1", "1 ", "\t1", "nan", "-nan", "nan(12)", "abc",
        "1e400", "-1e400", "1e-400", "1\u00002", "0x", "1e", "-", "infinit", "1,5", "0x1p"}) {
      assertThat(score(refused)).as(refused).isNaN();
    }
  }

  @Test
  void bounds_readUpToANul_spacesFirst_emptyIsZero() {
    assertThat(bound("")).isZero();
    assertThat(bound(" 1")).isEqualTo(1);
    assertThat(bound("\n2")).isEqualTo(2);
    assertThat(bound("3\u0000abc")).isEqualTo(3);
    assertThat(bound("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(bound("+InFiNiTy")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Strtod.bound(b("(2.5"), 1)).isEqualTo(2.5);
    assertThat(Strtod.bound(b("("), 1)).isZero();
    for (String refused : new String[] {"1 ", " ", "abc", "nan", "(1", "[1", "-", "+"}) {
      assertThat(bound(refused)).as(refused).isNaN();
    }
  }

  @Test
  void parse_stopsAtTheLongestNumber() {
    assertThat(Strtod.parse(b("12abc"), 0, 5).end()).isEqualTo(2);
    assertThat(Strtod.parse(b("0x"), 0, 2).end()).isEqualTo(1);
    assertThat(Strtod.parse(b("1e+"), 0, 3).end()).isEqualTo(1);
    assertThat(Strtod.parse(b("infinite"), 0, 8).end()).isEqualTo(3);
    assertThat(Strtod.parse(b("nan(x_1)y"), 0, 9).end()).isEqualTo(8);
    assertThat(Strtod.parse(b("  x"), 0, 3).end()).isZero(); // nothing converted: the start
    assertThat(Strtod.parse(b("1e999"), 0, 5).rangeError()).isTrue();
    assertThat(Strtod.parse(b("0e999"), 0, 5).rangeError()).isFalse();
  }
}
