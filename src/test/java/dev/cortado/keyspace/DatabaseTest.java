package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  private static final long START = 1_700_000_000_000L;

  private final long[] now = {START};
  private final Stats stats = new Stats();
  private final Database db = new Database(0, () -> now[0], stats);

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static StringValue value(String s) {
    return new StringValue(key(s));
  }

  private List<String> allKeys() {
    return db.keys(key("*")).stream().map(DatabaseTest::str).sorted().toList();
  }

  private List<String> scanAll(int count) {
    List<String> out = new ArrayList<>();
    long cursor = 0;
    do {
      Database.ScanPage page = db.scan(cursor, count, (k, v) -> true);
      page.keys().forEach(k -> out.add(str(k)));
      cursor = page.cursor();
    } while (cursor != 0);
    return out;
  }

  // ---------------------------------------------------------------- expiry

  @Test
  void expiredKeys_areNeverVisible() {
    db.put(key("live"), value("1"));
    db.put(key("gone"), value("2"), START + 100);
    now[0] = START + 101;

    assertThat(db.get(key("gone"))).isNull();
    assertThat(db.lookupRead(key("gone"))).isNull();
    assertThat(db.exists(key("gone"))).isFalse();
    assertThat(allKeys()).containsExactly("live");
    assertThat(scanAll(10)).containsExactly("live");
    assertThat(db.entries()).extracting(e -> str(e.getKey())).containsExactly("live");
    assertThat(db.size()).isEqualTo(1);
    assertThat(str(db.randomKey(new Random(1)))).isEqualTo("live");
  }

  @Test
  void expiry_keyLivesThroughItsDeadlineMillisecond() {
    db.put(key("k"), value("v"), START + 100);
    now[0] = START + 100;
    assertThat(db.exists(key("k"))).isTrue();
    now[0] = START + 101;
    assertThat(db.exists(key("k"))).isFalse();
  }

  @Test
  void activeExpire_removesDueKeysAndCountsThem() {
    for (int i = 0; i < 100; i++) {
      db.put(key("k" + i), value("v"), START + 10 + i);
    }
    db.put(key("forever"), value("v"));
    assertThat(db.expiringKeys()).isEqualTo(100);

    now[0] = START + 59; // k0..k48 are past their deadline, k49 is at it
    db.activeExpire();
    assertThat(stats.expiredKeys).isEqualTo(49);
    assertThat(db.size()).isEqualTo(52);
    assertThat(db.expiringKeys()).isEqualTo(51);

    now[0] = START + 10_000;
    db.activeExpire();
    assertThat(stats.expiredKeys).isEqualTo(100);
    assertThat(db.size()).isEqualTo(1);
    assertThat(db.expiringKeys()).isZero();
  }

  @Test
  void expiry_isCountedOnceWhicheverPathFindsIt() {
    db.put(key("a"), value("v"), START + 5);
    db.put(key("b"), value("v"), START + 5);
    db.put(key("c"), value("v"), START + 5);
    now[0] = START + 2_000;
    assertThat(db.remove(key("a"))).isNull();
    assertThat(db.lookupRead(key("b"))).isNull();
    db.activeExpire();
    assertThat(stats.expiredKeys).isEqualTo(3);
    assertThat(stats.keyspaceMisses).isEqualTo(1);
  }

  @Test
  void put_withoutDeadlineClearsTheOldOne() {
    db.put(key("k"), value("1"), START + 10);
    db.put(key("k"), value("2"));
    assertThat(db.expiringKeys()).isZero();
    now[0] = START + 1_000;
    assertThat(db.get(key("k"))).isNotNull();
    assertThat(stats.expiredKeys).isZero();
  }

  @Test
  void put_withTheSameDeadlineKeepsIt() {
    db.put(key("k"), value("1"), START + 10);
    db.put(key("k"), value("2"), START + 10); // SET ... KEEPTTL
    assertThat(db.expiringKeys()).isEqualTo(1);
    now[0] = START + 11;
    assertThat(db.get(key("k"))).isNull();
    assertThat(stats.expiredKeys).isEqualTo(1);
  }

  @Test
  void put_ofTheSameValueWithANewDeadlineForgetsTheOldOne() {
    StringValue v = value("1");
    db.put(key("k"), v, START + 10);
    db.put(key("k"), v, START + 1_000);
    assertThat(db.expiringKeys()).isEqualTo(1);
    now[0] = START + 500;
    assertThat(db.get(key("k"))).isSameAs(v);
    db.put(key("k"), v);
    assertThat(db.expiringKeys()).isZero();
  }

  @Test
  void put_withAPastDeadlineIsExpiredAtOnce() {
    db.put(key("k"), value("1"), START - 1);
    assertThat(db.get(key("k"))).isNull();
    assertThat(db.size()).isZero();
    assertThat(stats.expiredKeys).isEqualTo(1);
  }

  @Test
  void setExpiry_movesAndRemovesTheDeadline() {
    StringValue v = value("1");
    db.put(key("k"), v, START + 10);
    db.setExpiry(key("k"), v, START + 1_000);
    assertThat(v.expiresAt()).isEqualTo(START + 1_000);
    now[0] = START + 500;
    assertThat(db.get(key("k"))).isSameAs(v);

    db.setExpiry(key("k"), v, Value.NO_EXPIRY);
    assertThat(db.expiringKeys()).isZero();
    now[0] = START + 100_000;
    assertThat(db.get(key("k"))).isSameAs(v);
    assertThat(stats.expiredKeys).isZero();
  }

  @Test
  void setExpiry_inThePastDeletesWithoutCountingAnExpiry() {
    StringValue v = value("1");
    db.put(key("k"), v);
    db.setExpiry(key("k"), v, START);
    assertThat(db.get(key("k"))).isNull();
    assertThat(stats.expiredKeys).isZero();
  }

  @Test
  void setExpiry_centuriesAwayDoesNotOverflow() {
    // 10^13 ms (317 years) in nanoseconds overflows a long: deadlines must stay in milliseconds.
    StringValue v = value("1");
    db.put(key("k"), v);
    db.setExpiry(key("k"), v, START + 10_000_000_000_000L);
    db.put(key("j"), value("2"), Long.MAX_VALUE);
    now[0] = START + 10L * 365 * 24 * 3600 * 1000;
    assertThat(db.get(key("k"))).isSameAs(v);
    assertThat(db.get(key("j"))).isNotNull();
  }

  @Test
  void remove_returnsTheLiveValueOnly() {
    StringValue v = value("1");
    db.put(key("k"), v);
    assertThat(db.remove(key("k"))).isSameAs(v);
    assertThat(db.remove(key("k"))).isNull();
    assertThat(db.size()).isZero();
    assertThat(scanAll(10)).isEmpty();
  }

  // ---------------------------------------------------------------- lookups

  @Test
  void lookups_countStatsAndTouchAsRedisDoes() {
    StringValue v = value("1");
    db.put(key("k"), v);
    now[0] = START + 5_000;

    db.lookupReadNoTouch(key("k"));
    db.lookupReadNoTouch(key("nokey"));
    assertThat(v.accessedAt()).isEqualTo(START);
    db.lookupWrite(key("k"));
    assertThat(v.accessedAt()).isEqualTo(START + 5_000);
    now[0] = START + 9_000;
    db.lookupRead(key("k"));
    assertThat(v.accessedAt()).isEqualTo(START + 9_000);
    db.get(key("k"));
    db.exists(key("k"));

    assertThat(stats.keyspaceHits).isEqualTo(2);
    assertThat(stats.keyspaceMisses).isEqualTo(1);
  }

  // ---------------------------------------------------------------- SWAPDB, FLUSHDB

  @Test
  void swapWith_keepsExpiryBookkeepingWithTheContents() {
    Database other = new Database(1, () -> now[0], stats);
    db.put(key("mine"), value("0"), START + 100);
    db.put(key("kept"), value("0"));
    other.put(key("theirs"), value("1"), START + 200);

    db.swapWith(other);
    assertThat(allKeys()).containsExactly("theirs");
    assertThat(db.expiringKeys()).isEqualTo(1);
    assertThat(other.expiringKeys()).isEqualTo(1);
    assertThat(other.size()).isEqualTo(2);

    now[0] = START + 150;
    other.activeExpire();
    assertThat(other.keys(key("*"))).extracting(DatabaseTest::str).containsExactly("kept");
    assertThat(db.exists(key("theirs"))).isTrue();
    now[0] = START + 250;
    db.activeExpire();
    assertThat(db.size()).isZero();
    assertThat(stats.expiredKeys).isEqualTo(2);
  }

  @Test
  void clear_dropsKeysAndDeadlines() {
    db.put(key("a"), value("1"), START + 10);
    db.put(key("b"), value("1"));
    db.clear();
    assertThat(db.size()).isZero();
    assertThat(db.expiringKeys()).isZero();
    assertThat(scanAll(5)).isEmpty();
    now[0] = START + 100;
    db.activeExpire();
    assertThat(stats.expiredKeys).isZero();
  }

  // ---------------------------------------------------------------- SCAN, RANDOMKEY

  @Test
  void scan_withoutChangesReturnsEachKeyExactlyOnce() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      db.put(key("key:" + i), value("v"));
      expected.add("key:" + i);
    }
    for (int count : new int[] {1, 3, 10, 999, 1_000, 5_000}) {
      List<String> seen = scanAll(count);
      assertThat(seen).hasSize(1_000);
      assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }
  }

  @Test
  void scan_cursorBeyondTheHashSpaceIsDone() {
    db.put(key("a"), value("1"));
    for (long cursor : new long[] {Database.MAX_CURSOR + 1, Long.MAX_VALUE, -1L, Long.MIN_VALUE}) {
      Database.ScanPage page = db.scan(cursor, 10, (k, v) -> true);
      assertThat(page.cursor()).isZero();
      assertThat(page.keys()).isEmpty();
    }
    assertThat(db.scan(Database.MAX_CURSOR, 10, (k, v) -> true).cursor()).isZero();
  }

  @Test
  void scan_filterSeesLiveValues() {
    db.put(key("a"), value("1"));
    db.put(key("b"), value("2"));
    Database.ScanPage page = db.scan(0, 10, (k, v) -> ((StringValue) v).bytes()[0] == '2');
    assertThat(page.keys()).extracting(DatabaseTest::str).containsExactly("b");
    assertThat(page.visited()).isEqualTo(2);
  }

  @Test
  void randomKey_returnsEveryKeySometimes() {
    for (int i = 0; i < 5; i++) {
      db.put(key("k" + i), value("v"));
    }
    Random random = new Random(42);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      seen.add(str(db.randomKey(random)));
    }
    assertThat(seen).containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4");
    db.clear();
    assertThat(db.randomKey(random)).isNull();
  }

  /**
   * SCAN's promise under churn: with keys inserted, deleted, overwritten and expiring between calls,
   * and a different COUNT on every call, a key present for the whole iteration is returned at least
   * once, no call returns a key that is not live, and each call visits at most COUNT keys (keys
   * sharing a 62-bit hash could add to that; random keys here do not) and at least COUNT unless it is
   * the last.
   */
  @Property(tries = 200)
  void scan_returnsEveryKeyPresentThroughout(
      @ForAll @IntRange(min = 0, max = 400) int initialKeys,
      @ForAll @IntRange(min = 1, max = 40) int maxCount,
      @ForAll @IntRange(min = 0, max = 20) int changesPerCall,
      @ForAll long seed) {
    long[] clock = {START};
    Stats counters = new Stats();
    Database d = new Database(0, () -> clock[0], counters);
    Random random = new Random(seed);
    Map<String, Long> model = new HashMap<>(); // key -> deadline, NO_EXPIRY for none
    int nextKey = 0;
    for (; nextKey < initialKeys; nextKey++) {
      putRandom(d, model, "k" + nextKey, clock[0], random);
    }
    Set<String> throughout = new HashSet<>(model.keySet()); // shrinks as keys go away
    Set<String> returned = new HashSet<>();

    long cursor = 0;
    int calls = 0;
    do {
      int count = 1 + random.nextInt(maxCount);
      Set<String> live = liveKeys(model, clock[0]);
      Database.ScanPage page = d.scan(cursor, count, (k, v) -> true);
      for (byte[] k : page.keys()) {
        assertThat(live).contains(str(k));
        returned.add(str(k));
      }
      assertThat(page.visited()).isLessThanOrEqualTo(count);
      if (page.cursor() != 0) {
        assertThat(page.visited()).isEqualTo(count);
      }
      cursor = page.cursor();

      for (int i = 0; i < changesPerCall; i++) {
        List<String> keys = new ArrayList<>(liveKeys(model, clock[0]));
        keys.sort(null); // a HashSet's order would make runs differ for one seed
        switch (random.nextInt(4)) {
          case 0 -> putRandom(d, model, "k" + nextKey++, clock[0], random);
          case 1 -> {
            if (!keys.isEmpty()) {
              String k = keys.get(random.nextInt(keys.size()));
              d.remove(key(k));
              model.remove(k);
              throughout.remove(k);
            }
          }
          case 2 -> {
            if (!keys.isEmpty()) { // an overwrite without TTL keeps the key present
              String k = keys.get(random.nextInt(keys.size()));
              d.put(key(k), value("new"));
              model.put(k, Value.NO_EXPIRY);
            }
          }
          default -> clock[0] += random.nextInt(30);
        }
      }
      Set<String> stillLive = liveKeys(model, clock[0]);
      throughout.retainAll(stillLive);
      model.keySet().retainAll(stillLive);
      assertThat(++calls).isLessThan(100_000);
    } while (cursor != 0);

    assertThat(returned).containsAll(throughout);
  }

  private static void putRandom(Database d, Map<String, Long> model, String k, long now,
      Random random) {
    long deadline = random.nextInt(3) == 0 ? now + random.nextInt(200) : Value.NO_EXPIRY;
    d.put(key(k), value("v"), deadline);
    model.put(k, deadline);
  }

  private static Set<String> liveKeys(Map<String, Long> model, long now) {
    Set<String> live = new HashSet<>();
    model.forEach((k, deadline) -> {
      if (deadline == Value.NO_EXPIRY || deadline >= now) {
        live.add(k);
      }
    });
    return live;
  }
}
