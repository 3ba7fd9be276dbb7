package dev.cortado.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class NumbersTest {
  private static boolean valid(String s) {
    return Numbers.isLong(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void isLong_acceptsOnlyStrictDecimals() {
    assertThat(valid("0")).isTrue();
    assertThat(valid("-1")).isTrue();
    assertThat(valid("9223372036854775807")).isTrue();
    assertThat(valid("-9223372036854775808")).isTrue();
    assertThat(valid("9223372036854775808")).isFalse();
    assertThat(valid("+1")).isFalse();
    assertThat(valid("01")).isFalse();
    assertThat(valid("-0")).isFalse();
    assertThat(valid(" 1")).isFalse();
    assertThat(valid("")).isFalse();
    assertThat(valid("-")).isFalse();
    assertThat(valid("1.0")).isFalse();
  }

  @Property
  void parseLong_roundTripsEveryLong(@ForAll long value) {
    byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    assertThat(Numbers.parseLong(text, 0)).isEqualTo(value);
    assertThat(Numbers.isLong(text)).isTrue();
  }
}
