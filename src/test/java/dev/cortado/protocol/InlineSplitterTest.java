package dev.cortado.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

class InlineSplitterTest {
  private static String split(String line) {
    byte[][] args = InlineSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
    if (args == null) {
      return null;
    }
    return Arrays.stream(args).map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList().toString();
  }

  @Test
  void split_plainWords() {
    assertThat(split("  set  key\tvalue ")).isEqualTo("[set, key, value]");
  }

  @Test
  void split_doubleQuotedEscapes() {
    assertThat(split("\"a\\tb\\x7a\\\"\"")).isEqualTo("[a\tbz\"]");
    assertThat(split("\"\\xZZ\"")).isEqualTo("[xZZ]");
  }

  @Test
  void split_quoteMustBeFollowedBySpace() {
    assertThat(split("\"a\"b")).isNull();
    assertThat(split("'a'b")).isNull();
    assertThat(split("'open")).isNull();
  }

  @Test
  void split_quoteInsideWordStartsQuotedPart() {
    assertThat(split("ab\"c d\"")).isEqualTo("[abc d]");
  }

  @Test
  void split_emptyLineHasNoArguments() {
    assertThat(split("")).isEqualTo("[]");
  }
}
