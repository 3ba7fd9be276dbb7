package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key specs the wire cannot reach yet (a keyword searched backwards, as MIGRATE's KEYS) and the
 * fallbacks' C parsing; the rest is compared with redis-server in command-keys.txt.
 */
class KeySpecTest {
  private static byte[][] args(String line) {
    String[] words = line.split(" ");
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  @Test
  void aKeywordSearchedFromTheEndFindsTheLastOneAndTheKeysAfterIt() {
    List<KeySpec> specs = List.of(KeySpec.key(3, "RW"),
        KeySpec.keyword("KEYS", -2).range(-1, 1, 0).flags("RW"));
    byte[][] migrate = args("MIGRATE h 1 \"\" 0 5 KEYS a b");
    assertThat(KeySpec.keysOf(specs, null, migrate, 0, null)).containsExactly(3, 7, 8);
  }

  @Test
  void anIncompleteSpecLeavesTheKeysToTheFallback() {
    List<KeySpec> specs = List.of(KeySpec.key(1), KeySpec.rest(2).flags("RW", "incomplete"));
    KeySpec.Fallback fallback = (args, from) -> new int[] {2};
    assertThat(KeySpec.keysOf(specs, fallback, args("X a b c"), 0, null)).containsExactly(2);
    assertThat(KeySpec.keysOf(specs, null, args("X a b c"), 0, null)).isEmpty();
  }

  @Test
  void aKeywordInLastPlaceHasNoKeyAfterItSoItIsNotFound() {
    List<KeySpec> specs = List.of(KeySpec.key(1), KeySpec.keyword("STORE", 2).range(0, 1, 0));
    assertThat(KeySpec.keysOf(specs, null, args("GEORADIUS g STORE"), 0, null))
        .containsExactly(1);
    assertThat(KeySpec.keysOf(specs, null, args("GEORADIUS g STORE d"), 0, null))
        .containsExactly(1, 3);
  }

  @Test
  void aCountPastTheEndFallsBackAndTheFallbackPutsTheDestinationLast() {
    List<KeySpec> specs = List.of(KeySpec.key(1, "OW"), ZSetCommands.sources(2));
    KeySpec.Fallback fallback = KeySpec.numkeys(1, 2, 3);
    List<List<String>> flags = new ArrayList<>();
    assertThat(KeySpec.keysOf(specs, fallback, args("ZUNIONSTORE d 2 a b"), 0, flags))
        .containsExactly(1, 3, 4);
    assertThat(flags).containsExactly(List.of("OW"), List.of("RO", "access"),
        List.of("RO", "access"));
    assertThat(KeySpec.keysOf(specs, fallback, args("ZUNIONSTORE d 2x a b"), 0, flags))
        .containsExactly(3, 4, 1);
    assertThat(flags).containsExactly(List.of(), List.of(), List.of());
    assertThat(KeySpec.keysOf(specs, fallback, args("ZUNIONSTORE d 3 a b"), 0, null)).isEmpty();
  }

  @Test
  void positionsCountFromTheCommandWhereverItStarts() {
    List<KeySpec> specs = List.of(ZSetCommands.sources(1));
    byte[][] getkeys = args("COMMAND GETKEYS ZUNION 2 a b");
    assertThat(KeySpec.keysOf(specs, null, getkeys, 2, null)).containsExactly(2, 3);
  }

  @Test
  void atoiReadsAsCDoes() {
    assertThat(KeySpec.atoi("12abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(12);
    assertThat(KeySpec.atoi(" \t-7".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-7);
    assertThat(KeySpec.atoi("+3".getBytes(StandardCharsets.US_ASCII))).isEqualTo(3);
    assertThat(KeySpec.atoi("x1".getBytes(StandardCharsets.US_ASCII))).isZero();
    assertThat(KeySpec.atoi(new byte[0])).isZero();
  }
}
