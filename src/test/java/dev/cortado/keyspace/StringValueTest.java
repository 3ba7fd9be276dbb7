package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Encodings and refcounts as redis-server 7.0.15 reports them for the same strings. */
class StringValueTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void encoding_ofSetValues() {
    assertThat(new StringValue(b("-1")).encoding()).isEqualTo("int");
    assertThat(new StringValue(b("9223372036854775807")).encoding()).isEqualTo("int");
    for (String notInt : new String[] {"12345678901234567890", "-0", "+1", "01", "1.5", ""}) {
      assertThat(new StringValue(b(notInt)).encoding()).as(notInt).isEqualTo("embstr");
    }
    assertThat(new StringValue(b("x".repeat(44))).encoding()).isEqualTo("embstr");
    assertThat(new StringValue(b("x".repeat(45))).encoding()).isEqualTo("raw");
  }

  @Test
  void encoding_ofAppendedValuesIsRaw() {
    assertThat(new StringValue(b("15"), true).encoding()).isEqualTo("raw");
  }

  @Test
  void encoding_ofPlainValuesIsNeverInt() {
    assertThat(StringValue.plain(b("1")).encoding()).isEqualTo("embstr");
    assertThat(StringValue.plain(b("1".repeat(45))).encoding()).isEqualTo("raw");
    assertThat(StringValue.plain(b("1")).isSharedInteger()).isFalse();
  }

  @Test
  void copy_keepsTheEncoding() {
    assertThat(StringValue.plain(b("1")).copy().encoding()).isEqualTo("embstr");
    assertThat(new StringValue(b("1"), true).copy().encoding()).isEqualTo("raw");
    assertThat(new StringValue(b("1")).copy().encoding()).isEqualTo("int");
  }

  @Test
  void isSharedInteger_forZeroTo9999() {
    assertThat(new StringValue(b("0")).isSharedInteger()).isTrue();
    assertThat(new StringValue(b("9999")).isSharedInteger()).isTrue();
    assertThat(new StringValue(b("10000")).isSharedInteger()).isFalse();
    assertThat(new StringValue(b("-1")).isSharedInteger()).isFalse();
    assertThat(new StringValue(b("5"), true).isSharedInteger()).isFalse();
    assertThat(((StringValue) new StringValue(b("5")).copy()).isSharedInteger()).isFalse();
  }
}
