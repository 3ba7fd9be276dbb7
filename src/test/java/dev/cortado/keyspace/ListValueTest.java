package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The ring buffer behind lists, against a plain ArrayList doing the same operations. */
class ListValueTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> strings(List<byte[]> elements) {
    List<String> out = new ArrayList<>();
    for (byte[] e : elements) {
      out.add(new String(e, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Test
  void isAlwaysAQuicklist() {
    ListValue list = new ListValue();
    assertThat(list.typeName()).isEqualTo("list");
    assertThat(list.encoding()).isEqualTo("quicklist");
    for (int i = 0; i < 10_000; i++) {
      list.pushTail(b("x"));
    }
    assertThat(list.encoding()).isEqualTo("quicklist");
  }

  @Test
  void positionsCountNegativeIndexesFromTheTail() {
    ListValue list = new ListValue();
    list.pushTail(b("a"));
    list.pushTail(b("b"));
    list.pushTail(b("c"));
    assertThat(list.position(0)).isZero();
    assertThat(list.position(-1)).isEqualTo(2);
    assertThat(list.position(-3)).isZero();
    assertThat(list.position(-4)).isEqualTo(-1);
    assertThat(list.position(3)).isEqualTo(-1);
    assertThat(list.position(Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(list.position(Long.MIN_VALUE)).isEqualTo(-1);
  }

  @Test
  void copySharesNoState() {
    ListValue list = new ListValue();
    list.pushTail(b("a"));
    list.pushHead(b("z"));
    ListValue copy = list.copy();
    copy.pushTail(b("b"));
    copy.set(0, b("y"));
    assertThat(strings(list.elements())).containsExactly("z", "a");
    assertThat(strings(copy.elements())).containsExactly("y", "a", "b");
  }

  @Test
  void removeAllFromEitherEnd() {
    ListValue list = new ListValue();
    for (String s : "a b a c a".split(" ")) {
      list.pushTail(b(s));
    }
    assertThat(list.removeAll(b("a"), 1, false)).isEqualTo(1);
    assertThat(strings(list.elements())).containsExactly("a", "b", "a", "c");
    assertThat(list.removeAll(b("a"), 1, true)).isEqualTo(1);
    assertThat(strings(list.elements())).containsExactly("b", "a", "c");
    assertThat(list.removeAll(b("zz"), 0, true)).isZero();
    assertThat(list.removeAll(b("a"), 0, true)).isEqualTo(1);
    assertThat(strings(list.elements())).containsExactly("b", "c");
  }

  /** Random operations on both ends and in the middle, wrapping the ring and resizing it. */
  @Property(tries = 200)
  void behavesLikeAnArrayList(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int steps) {
    Random random = new Random(seed);
    ListValue list = new ListValue();
    List<String> model = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      String e = Integer.toString(random.nextInt(8));
      int op = random.nextInt(11);
      switch (op) {
        case 0, 1 -> {
          list.pushHead(b(e));
          model.add(0, e);
        }
        case 2, 3 -> {
          list.pushTail(b(e));
          model.add(e);
        }
        case 4 -> {
          if (!model.isEmpty()) {
            assertThat(new String(list.popHead(), StandardCharsets.ISO_8859_1))
                .isEqualTo(model.remove(0));
          }
        }
        case 5 -> {
          if (!model.isEmpty()) {
            assertThat(new String(list.popTail(), StandardCharsets.ISO_8859_1))
                .isEqualTo(model.remove(model.size() - 1));
          }
        }
        case 6 -> {
          int at = random.nextInt(model.size() + 1);
          list.insert(at, b(e));
          model.add(at, e);
        }
        case 7 -> {
          int n = random.nextInt(model.size() + 1);
          list.removeHead(n);
          model.subList(0, n).clear();
        }
        case 8 -> {
          int n = random.nextInt(model.size() + 1);
          list.removeTail(n);
          model.subList(model.size() - n, model.size()).clear();
        }
        case 9 -> {
          long limit = random.nextInt(3);
          boolean fromHead = random.nextBoolean();
          long removed = list.removeAll(b(e), limit, fromHead);
          long expected = 0;
          for (int k = 0; k < model.size() && (limit == 0 || expected < limit); ) {
            int i = fromHead ? k : model.size() - 1 - k;
            if (model.get(i).equals(e)) {
              model.remove(i);
              expected++; // the next candidate now has the same k, from either end
            } else {
              k++;
            }
          }
          assertThat(removed).isEqualTo(expected);
        }
        default -> {
          if (!model.isEmpty()) {
            int at = random.nextInt(model.size());
            list.set(at, b(e));
            model.set(at, e);
          }
        }
      }
      assertThat(list.size()).isEqualTo(model.size());
      assertThat(list.isEmpty()).isEqualTo(model.isEmpty());
    }
    assertThat(strings(list.elements())).isEqualTo(model);
    if (!model.isEmpty()) {
      int from = random.nextInt(model.size());
      int to = from + random.nextInt(model.size() - from);
      assertThat(strings(list.range(from, to))).isEqualTo(model.subList(from, to + 1));
      assertThat(list.indexOf(b(model.get(to)), 0)).isEqualTo(model.indexOf(model.get(to)));
    }
    assertThat(Arrays.asList(list.copy().elements().toArray(new byte[0][])).size())
        .isEqualTo(model.size());
  }
}
