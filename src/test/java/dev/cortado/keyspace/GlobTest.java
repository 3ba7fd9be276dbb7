package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Redis's glob semantics, byte for byte. Every row's expectation is what redis-server 7.0.15 answers:
 * the string is a key, and the row says whether {@code KEYS pattern} returns it. Strings are Latin-1,
 * so chars 0x80 to 0xff stand for single high bytes, which Redis compares as signed chars.
 */
class GlobTest {
  static Stream<Arguments> redisAnswers() {
    return Stream.of(
        row("*", "anything", true),
        row("a*", "a", true),
        row("a*", "abc", true),
        row("*c", "abc", true),
        row("*c", "abd", false),
        row("a*c", "ac", true),
        row("a*c", "abbbc", true),
        row("a*b*c", "axbxc", true),
        row("a*b*c", "axcxb", false),
        row("**", "x", true),
        row("**", "", false),
        row("a**", "a", true),
        row("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
        row("?", "a", true),
        row("?", "", false),
        row("?", "ab", false),
        row("h?llo", "hello", true),
        row("h?llo", "hllo", false),
        row("??", "ab", true),
        row("h[ae]llo", "hello", true),
        row("h[ae]llo", "hillo", false),
        row("h[a-c]llo", "hbllo", true),
        row("h[a-c]llo", "hdllo", false),
        row("h[c-a]llo", "hbllo", true),
        row("h[c-a]llo", "hdllo", false),
        row("h[^e]llo", "hallo", true),
        row("h[^e]llo", "hello", false),
        row("h[^a-c]llo", "hbllo", false),
        row("h[^a-c]llo", "hxllo", true),
        row("[a-]", "-", false),
        row("[a-]", "a", true),
        row("[-a]", "-", true),
        row("[]]", "]", false),
        row("[]a]", "a", false),
        row("[\\]]", "]", true),
        row("[\\]a]", "a", true),
        row("[a\\-c]", "b", false),
        row("[a\\-c]", "-", true),
        row("[^]", "a", true),
        row("[^", "a", true),
        row("[^", "^", true),
        row("[", "[", false),
        row("[", "a", false),
        row("a[", "a", false),
        row("a[", "a[", false),
        row("[abc", "a", true),
        row("[abc", "c", true),
        row("[abc", "d", false),
        row("[a-", "a", true),
        row("h\\*llo", "h*llo", true),
        row("h\\*llo", "hello", false),
        row("h\\?llo", "h?llo", true),
        row("h\\?llo", "hello", false),
        row("a\\[b", "a[b", true),
        row("a\\\\b", "a\\b", true),
        row("\\a", "a", true),
        row("a\\", "a\\", true),
        row("a\\", "a", false),
        row("\\", "\\", true),
        row("*\\", "x\\", true),
        row("[\\", "\\", true),
        row("[a\\", "\\", true),
        row("[a\\", "a", true),
        row("hello", "hello", true),
        row("hello", "Hello", false),
        row("", "", true),
        row("", "a", false),
        row("a", "", false),
        row("[\u0080-\u00ff]", "\u0090", true),
        row("[\u0080-\u00ff]", "a", false),
        row("[a-\u00ff]", "b", false),
        row("[a-\u00ff]", "\u0090", false),
        row("[\u007f-\u0080]", "a", true));
  }

  private static Arguments row(String pattern, String string, boolean matches) {
    return Arguments.of(pattern, string, matches);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" ~ \"{1}\" = {2}")
  @MethodSource("redisAnswers")
  void matches_agreesWithRedis(String pattern, String string, boolean expected) {
    assertThat(Glob.matches(latin1(pattern), latin1(string))).isEqualTo(expected);
  }

  @Test
  void matchesAll_onlyForASingleStar() {
    assertThat(Glob.matchesAll(latin1("*"))).isTrue();
    assertThat(Glob.matchesAll(latin1("**"))).isFalse();
    assertThat(Glob.matchesAll(latin1("\\*"))).isFalse();
    assertThat(Glob.matchesAll(latin1(""))).isFalse();
  }

  @Test
  void matches_starDoesNotMatchTheEmptyString() {
    // Why KEYS and SCAN special-case the pattern "*": the matcher itself never matches "".
    assertThat(Glob.matches(latin1("*"), latin1(""))).isFalse();
  }

  @Test
  void matches_nulBytesAreOrdinary() {
    assertThat(Glob.matches(latin1("a?c"), latin1("a\0c"))).isTrue();
    assertThat(Glob.matches(latin1("a\0*"), latin1("a\0xyz"))).isTrue();
    assertThat(Glob.matches(latin1("a\0"), latin1("a"))).isFalse();
    assertThat(Glob.matches(latin1("[\0-a]"), latin1("\0"))).isTrue();
    assertThat(Glob.matches(latin1("*\0"), latin1("x\0"))).isTrue();
  }

  @Test
  @Timeout(2)
  void matches_manyStarsGiveUpEarly() {
    // Without giving up after a failed '*', this would try exponentially many splits.
    String pattern = "*a".repeat(40) + "b";
    assertThat(Glob.matches(latin1(pattern), latin1("a".repeat(5_000)))).isFalse();
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
