package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * KeyTable against a model map: lookups, inserts and removals through growth, shrinking and spill
 * growth, with the table kept in hash order; SCAN's promise across resizes between calls.
 */
class KeyTableTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] k) {
    return new String(k, StandardCharsets.UTF_8);
  }

  private static StringValue value(String s) {
    return new StringValue(b(s));
  }

  /** Keys whose hashes all lie in the top 1/256 of hash space: their homes pile up at the end. */
  private static List<String> keysAtTheTop(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < n; i++) {
      String k = "top" + i;
      if (Key.hash(b(k)) >>> 54 == 0xff) {
        keys.add(k);
      }
    }
    return keys;
  }

  /** Every key, in table order, must be in non-decreasing hash order, and found where it is. */
  private static void assertOrdered(KeyTable t, Map<String, String> model) {
    List<byte[]> order = new ArrayList<>();
    t.forEach((k, v) -> order.add(k));
    assertThat(order).hasSize(model.size());
    for (int i = 1; i < order.size(); i++) {
      assertThat(Key.hash(order.get(i - 1))).isLessThanOrEqualTo(Key.hash(order.get(i)));
    }
    assertThat(t.size()).isEqualTo(model.size());
  }

  @Test
  void randomOperations_matchAModel_andKeepHashOrder() {
    Random random = new Random(7);
    KeyTable t = new KeyTable();
    Map<String, String> model = new HashMap<>();
    List<String> pool = new ArrayList<>(keysAtTheTop(60)); // a long last run: the spill grows
    for (int i = 0; i < 3000; i++) {
      pool.add("k" + i);
    }
    for (int step = 0; step < 40_000; step++) {
      // Phases: mostly adding, then mostly removing (down past 1/8 full: shrinking), and again.
      boolean adding = (step / 10_000) % 2 == 0 ? random.nextInt(10) < 8 : random.nextInt(10) < 2;
      String k = pool.get(random.nextInt(pool.size()));
      byte[] key = b(k);
      long h = Key.hash(key);
      int slot = t.find(key, h);
      assertThat(slot >= 0).as(k).isEqualTo(model.containsKey(k));
      if (slot >= 0) {
        assertThat(str(t.keyAt(slot))).isEqualTo(k);
        assertThat(str(((StringValue) t.valueAt(slot)).bytes())).isEqualTo(model.get(k));
      }
      if (adding) {
        String v = "v" + step;
        if (slot >= 0) {
          t.setValue(slot, value(v));
        } else {
          int at = t.add(key, h, value(v));
          assertThat(str(t.keyAt(at))).isEqualTo(k);
        }
        model.put(k, v);
      } else if (slot >= 0) {
        t.removeAt(slot);
        model.remove(k);
      }
      if (step % 1000 == 0) {
        assertOrdered(t, model);
      }
    }
    assertOrdered(t, model);
    for (String k : pool) {
      assertThat(t.find(b(k), Key.hash(b(k))) >= 0).isEqualTo(model.containsKey(k));
    }
  }

  @Test
  void aLastRunLongerThanTheSpillSlots_doublesThem() {
    KeyTable t = new KeyTable();
    Map<String, String> model = new HashMap<>();
    for (String k : keysAtTheTop(100)) {
      t.add(b(k), Key.hash(b(k)), value(k));
      model.put(k, k);
    }
    assertThat(t.spill()).isGreaterThanOrEqualTo(64); // 16 at first: the run of homes at the end
    assertOrdered(t, model);
    for (String k : model.keySet()) {
      assertThat(t.find(b(k), Key.hash(b(k)))).isNotNegative();
    }
  }

  @Test
  void keysSharingTheirTop32HashBits_areBothFound_inHashOrder() {
    // Two keys with the same top 32 bits of their 62-bit hash (found by search), differing below.
    Map<Integer, String> byTop = new HashMap<>();
    String a = null;
    String c = null;
    for (int i = 0; a == null; i++) {
      String k = "t" + i;
      String other = byTop.putIfAbsent((int) (Key.hash(b(k)) >>> 30), k);
      if (other != null) {
        a = other;
        c = k;
      }
    }
    assertThat(Key.hash(b(a))).isNotEqualTo(Key.hash(b(c)));
    KeyTable t = new KeyTable();
    for (String k : List.of(c, a, "x", "y", "z")) {
      t.add(b(k), Key.hash(b(k)), value(k));
    }
    Map<String, String> model = new HashMap<>();
    for (String k : List.of(c, a, "x", "y", "z")) {
      model.put(k, k);
      assertThat(t.find(b(k), Key.hash(b(k)))).isNotNegative();
    }
    assertOrdered(t, model);
    // A SCAN of COUNT 1 from each key's own hash starts with that key.
    for (String k : List.of(a, c)) {
      List<String> page = new ArrayList<>();
      t.scan(Key.hash(b(k)), 1, (key, v) -> page.add(str(key)));
      assertThat(page).containsExactly(k);
    }
    t.removeAt(t.find(b(a), Key.hash(b(a))));
    assertThat(t.find(b(c), Key.hash(b(c)))).isNotNegative();
    assertThat(t.find(b(a), Key.hash(b(a)))).isEqualTo(-1);
  }

  /**
   * Between SCAN calls the table grows and shrinks (thousands of keys come and go): every key
   * present throughout is returned, every page but the last has COUNT keys, and the cursor only
   * moves forward.
   */
  @Test
  void scan_acrossResizesBetweenCalls_returnsEveryKeyPresentThroughout() {
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      KeyTable t = new KeyTable();
      Set<String> throughout = new HashSet<>();
      for (int i = 0; i < 500; i++) {
        String k = "stay" + seed + ":" + i;
        t.add(b(k), Key.hash(b(k)), value(k));
        throughout.add(k);
      }
      for (String k : keysAtTheTop(40)) {
        t.add(b(k), Key.hash(b(k)), value(k));
        throughout.add(k);
      }
      List<String> churn = new ArrayList<>();
      Set<String> returned = new HashSet<>();
      long cursor = 0;
      long previous = 0;
      int n = 0;
      do {
        int count = 1 + random.nextInt(50);
        List<String> page = new ArrayList<>();
        cursor = t.scan(cursor, count, (k, v) -> page.add(str(k)));
        returned.addAll(page);
        if (cursor != 0) {
          assertThat(page).hasSize(count);
          assertThat(cursor).isGreaterThan(previous);
          previous = cursor;
        }
        // Grow by thousands, or drain them (shrinking the table), between calls.
        if (random.nextBoolean()) {
          for (int i = 0; i < 1 + random.nextInt(3000); i++) {
            String k = "churn" + seed + ":" + n++;
            t.add(b(k), Key.hash(b(k)), value(k));
            churn.add(k);
          }
        } else {
          while (!churn.isEmpty()) {
            String k = churn.remove(churn.size() - 1);
            t.removeAt(t.find(b(k), Key.hash(b(k))));
          }
        }
      } while (cursor != 0);
      assertThat(returned).containsAll(throughout);
    }
  }

  @Test
  void fullScan_visitsEachKeyOnce_inHashOrder() {
    KeyTable t = new KeyTable();
    TreeMap<Long, String> byHash = new TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      String k = "key:" + i;
      t.add(b(k), Key.hash(b(k)), value(k));
      byHash.put(Key.hash(b(k)), k);
    }
    List<String> all = new ArrayList<>();
    long cursor = 0;
    do {
      cursor = t.scan(cursor, 7, (k, v) -> all.add(str(k)));
    } while (cursor != 0);
    assertThat(all).containsExactlyElementsOf(byHash.values());
    // A cursor past the largest hash ends at once.
    assertThat(t.scan(Key.MAX_HASH + 1, 10, (k, v) -> all.add("no"))).isZero();
    assertThat(t.scan(-1, 10, (k, v) -> all.add("no"))).isZero();
  }

  @Test
  void randomSlot_reachesEveryKey_andIsMinusOneWhenEmpty() {
    KeyTable t = new KeyTable();
    Random random = new Random(1);
    assertThat(t.randomSlot(random)).isEqualTo(-1);
    for (String k : List.of("a", "b", "c", "d", "e")) {
      t.add(b(k), Key.hash(b(k)), value(k));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      seen.add(str(t.keyAt(t.randomSlot(random))));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    List<String> ordered = new ArrayList<>(seen);
    ordered.sort(Comparator.naturalOrder());
    for (String k : ordered) {
      t.removeAt(t.find(b(k), Key.hash(b(k))));
    }
    assertThat(t.size()).isZero();
    assertThat(t.randomSlot(random)).isEqualTo(-1);
  }
}
