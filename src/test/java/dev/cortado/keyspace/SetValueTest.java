package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Encodings as redis-server 7.0.15 reports them (OBJECT ENCODING), and the set's bookkeeping. */
class SetValueTest {
  private static final long MAX_INTSET = 512;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> strings(List<byte[]> members) {
    List<String> out = new ArrayList<>();
    for (byte[] m : members) {
      out.add(new String(m, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  private static SetValue of(String... members) {
    SetValue set = new SetValue();
    for (String m : members) {
      set.add(b(m), MAX_INTSET);
    }
    return set;
  }

  @Test
  void intset_isAscendingAndConvertsOnANonInteger() {
    SetValue set = of("10", "-3", "7", "10");
    assertThat(set.encoding()).isEqualTo("intset");
    assertThat(set.size()).isEqualTo(3);
    assertThat(strings(set.members())).containsExactly("-3", "7", "10");
    assertThat(set.add(b("x"), MAX_INTSET)).isTrue();
    assertThat(set.encoding()).isEqualTo("hashtable");
    assertThat(set.remove(b("x"))).isTrue();
    assertThat(set.encoding()).isEqualTo("hashtable");
    assertThat(set.contains(b("7"))).isTrue();
    assertThat(set.typeName()).isEqualTo("set");
  }

  @Test
  void intset_convertsPastTheLimit_cappedAtTwoToTheThirty() {
    SetValue set = new SetValue();
    set.add(b("1"), 1);
    assertThat(set.encoding()).isEqualTo("intset");
    set.add(b("2"), 1);
    assertThat(set.encoding()).isEqualTo("hashtable");
    SetValue zero = new SetValue();
    zero.add(b("1"), 0);
    assertThat(zero.encoding()).isEqualTo("hashtable");
    SetValue huge = new SetValue();
    huge.add(b("1"), Long.MAX_VALUE);
    assertThat(huge.encoding()).isEqualTo("intset");
  }

  @Test
  void intset_membersAreCanonicalNumbersOnly() {
    SetValue set = of("1");
    assertThat(set.contains(b("01"))).isFalse();
    assertThat(set.contains(b("+1"))).isFalse();
    assertThat(set.remove(b("1.0"))).isFalse();
    assertThat(set.encoding()).isEqualTo("intset");
  }

  @Test
  void copy_keepsTheEncodingAndIsDeep() {
    SetValue ints = of("1", "2");
    SetValue intsCopy = ints.copy();
    intsCopy.add(b("3"), MAX_INTSET);
    assertThat(ints.size()).isEqualTo(2);
    assertThat(intsCopy.encoding()).isEqualTo("intset");
    SetValue table = of("1", "a");
    table.remove(b("a"));
    SetValue tableCopy = table.copy();
    assertThat(tableCopy.encoding()).isEqualTo("hashtable");
    tableCopy.remove(b("1"));
    assertThat(table.contains(b("1"))).isTrue();
    SetValue empty = new SetValue().copy();
    empty.add(b("5"), MAX_INTSET);
    empty.add(b("6"), MAX_INTSET);
    assertThat(strings(empty.members())).containsExactly("5", "6");
  }

  @Test
  void scan_ofAnIntsetIgnoresTheCursor() {
    SetValue set = of("3", "1", "2");
    SetValue.ScanPage page = set.scan(12345, 1, m -> true);
    assertThat(page.cursor()).isZero();
    assertThat(strings(page.members())).containsExactly("1", "2", "3");
  }

  @Test
  void scan_ofAHashtablePastTheLastHashIsDone() {
    SetValue set = of("a", "b");
    SetValue.ScanPage page = set.scan(-1L, 10, m -> true);
    assertThat(page.cursor()).isZero();
    assertThat(page.members()).isEmpty();
  }

  /**
   * Against a plain Java set, under random adds and removes in both encodings: same members, the
   * positions used for random picks cover each member exactly once, and the order is ascending for an
   * intset.
   */
  @Property(tries = 100)
  void matchesAModelSet(@ForAll @IntRange(min = 1, max = 300) int operations,
      @ForAll @IntRange(min = 0, max = 40) int maxIntset, @ForAll long seed) {
    Random random = new Random(seed);
    SetValue set = new SetValue();
    Set<String> model = new HashSet<>();
    for (int i = 0; i < operations; i++) {
      String member = random.nextInt(10) == 0 ? "s" + random.nextInt(20)
          : Integer.toString(random.nextInt(60) - 30);
      if (random.nextInt(3) == 0) {
        assertThat(set.remove(b(member))).isEqualTo(model.remove(member));
      } else {
        assertThat(set.add(b(member), maxIntset)).isEqualTo(model.add(member));
      }
      assertThat(set.size()).isEqualTo(model.size());
    }
    assertThat(strings(set.members())).containsExactlyInAnyOrderElementsOf(model);
    List<String> byPosition = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      byPosition.add(new String(set.memberAt(i), StandardCharsets.ISO_8859_1));
    }
    assertThat(byPosition).containsExactlyInAnyOrderElementsOf(model);
    for (String m : model) {
      assertThat(set.contains(b(m))).isTrue();
    }
    if (set.encoding().equals("intset")) {
      assertThat(set.members().stream().map(m -> Long.parseLong(new String(m))).toList())
          .isSorted();
    }
    while (!set.isEmpty()) {
      assertThat(model.remove(new String(set.pop(random), StandardCharsets.ISO_8859_1))).isTrue();
    }
    assertThat(model).isEmpty();
  }
}
