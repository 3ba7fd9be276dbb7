package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The deadline heap: soonest first, ties by the key's hash then bytes, and compaction. */
class DeadlinesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private record E(long at, byte[] key) {}

  private static List<E> drain(Deadlines d) {
    List<E> out = new ArrayList<>();
    while (!d.isEmpty()) {
      out.add(new E(d.firstAt(), d.firstKey()));
      d.poll();
    }
    return out;
  }

  @Test
  void pollsInDeadlineOrder_tiesByHashThenBytes() {
    Random random = new Random(3);
    Deadlines d = new Deadlines();
    List<E> added = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      E e = new E(random.nextInt(200), b("k" + i)); // many ties in 200 milliseconds
      added.add(e);
      d.add(e.at, e.key);
      if (i % 7 == 0) { // polls interleaved with adds
        E first = added.stream().min((x, y) -> Deadlines.compare(x.at, x.key, y.at, y.key)).get();
        assertThat(d.firstKey()).isSameAs(first.key);
        d.poll();
        added.remove(first);
      }
    }
    added.sort((x, y) -> Deadlines.compare(x.at, x.key, y.at, y.key));
    List<E> polled = drain(d);
    assertThat(polled).hasSize(added.size());
    for (int i = 0; i < polled.size(); i++) {
      assertThat(polled.get(i).key).isSameAs(added.get(i).key);
    }
    assertThat(Deadlines.compare(5, b("a"), 5, b("a"))).isZero();
    long ha = Key.hash(b("a"));
    long hb = Key.hash(b("b"));
    assertThat(Integer.signum(Deadlines.compare(5, b("a"), 5, b("b"))))
        .isEqualTo(Long.signum(ha - hb));
  }

  @Test
  void compact_dropsStaleEntriesAndDuplicates_andKeepsTheOrder() {
    Deadlines d = new Deadlines();
    Map<String, Long> live = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      String k = "k" + (i % 300);
      long at = 1000 + (i * 37) % 500;
      d.add(at, b(k));
      live.put(k, at); // the last deadline given stands; earlier ones are stale
    }
    d.add(live.get("k1"), b("k1")); // a duplicate of a standing entry
    d.compact((at, key) -> live.get(new String(key, StandardCharsets.UTF_8)) == at);
    assertThat(d.entries()).isEqualTo(300);
    List<E> polled = drain(d);
    for (int i = 1; i < polled.size(); i++) {
      E a = polled.get(i - 1);
      E c = polled.get(i);
      assertThat(Deadlines.compare(a.at, a.key, c.at, c.key)).isNegative();
    }
    for (E e : polled) {
      assertThat(live.get(new String(e.key, StandardCharsets.UTF_8))).isEqualTo(e.at);
    }
  }
}
