package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The watch registry: which changes a database signals to the watchers of a key. */
class WatcherTest {
  private static final long START = 1_700_000_000_000L;

  private final long[] now = {START};
  private final Stats stats = new Stats();
  private final Database db0 = new Database(0, () -> now[0], stats);
  private final Database db1 = new Database(1, () -> now[0], stats);
  private final Watcher watcher = new Watcher();

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static StringValue value(String s) {
    return new StringValue(key(s));
  }

  @Test
  void nothingWatched_writesLeaveNoTrace() {
    db0.put(key("k"), value("1"));
    db0.signalModified(key("k"));
    db0.remove(key("k"));
    assertThat(db0.watchedKeyCount()).isZero();
  }

  @Test
  void put_signalsTheWatchedKeyOnly() {
    watcher.watch(db0, key("k"));
    db0.put(key("other"), value("1"));
    db1.put(key("k"), value("1"));
    assertThat(watcher.isDirty()).isFalse();
    db0.put(key("k"), value("1"));
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void remove_signalsOnlyWhenTheKeyExisted() {
    watcher.watch(db0, key("k"));
    db0.remove(key("k"));
    assertThat(watcher.isDirty()).isFalse();
    db0.put(key("j"), value("1"));
    Watcher other = new Watcher();
    db0.put(key("k"), value("1"));
    other.watch(db0, key("k"));
    db0.remove(key("k"));
    assertThat(other.isDirty()).isTrue();
  }

  @Test
  void setExpiry_signalsExceptPersistingAKeyWithoutDeadline() {
    StringValue v = value("1");
    db0.put(key("k"), v);
    watcher.watch(db0, key("k"));
    db0.setExpiry(key("k"), v, Value.NO_EXPIRY);
    assertThat(watcher.isDirty()).isFalse();
    db0.setExpiry(key("k"), v, START + 1000);
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void setExpiry_inThePast_deletesAndSignals() {
    StringValue v = value("1");
    db0.put(key("k"), v);
    watcher.watch(db0, key("k"));
    db0.setExpiry(key("k"), v, START - 1);
    assertThat(db0.get(key("k"))).isNull();
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void signalModified_marksWatchers() {
    watcher.watch(db0, key("h"));
    db0.signalModified(key("h"));
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void expiry_ofAKeyLiveWhenWatched_signals() {
    db0.put(key("k"), value("1"), START + 100);
    watcher.watch(db0, key("k"));
    now[0] = START + 101;
    assertThat(watcher.isDirty()).isFalse(); // nothing has looked yet
    watcher.expireWatchedKeys();
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void keyAlreadyExpiredWhenWatched_countsAsMissing() {
    db0.put(key("k"), value("1"), START + 100);
    now[0] = START + 101;
    watcher.watch(db0, key("k"));
    watcher.expireWatchedKeys();
    db0.remove(key("k"));
    db0.clear();
    assertThat(watcher.isDirty()).isFalse();
    db0.put(key("k"), value("2"));
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void clear_signalsOnlyWatchedKeysThatExisted() {
    Watcher missing = new Watcher();
    db0.put(key("k"), value("1"));
    watcher.watch(db0, key("k"));
    missing.watch(db0, key("nokey"));
    db0.clear();
    assertThat(watcher.isDirty()).isTrue();
    assertThat(missing.isDirty()).isFalse();
  }

  @Test
  void swap_signalsWatchedKeysPresentOnEitherSide() {
    Watcher inOther = new Watcher();
    Watcher nowhere = new Watcher();
    db1.put(key("k"), value("1"));
    watcher.watch(db0, key("k")); // missing in db0, present in db1
    inOther.watch(db1, key("k"));
    nowhere.watch(db0, key("j"));
    db0.swapWith(db1);
    assertThat(watcher.isDirty()).isTrue();
    assertThat(inOther.isDirty()).isTrue();
    assertThat(nowhere.isDirty()).isFalse();
  }

  @Test
  void swap_watchesStayWithTheDatabaseNumber() {
    db1.put(key("k"), value("1"), START + 100);
    db0.swapWith(db1); // db0 now holds k
    watcher.watch(db0, key("k"));
    now[0] = START + 101;
    watcher.expireWatchedKeys(); // the expiry happens in the store db0 holds now
    assertThat(watcher.isDirty()).isTrue();

    Watcher onOne = new Watcher();
    onOne.watch(db1, key("j"));
    db0.put(key("j"), value("1"));
    assertThat(onOne.isDirty()).isFalse();
  }

  @Test
  void change_releasesAllOfTheWatchersKeys() {
    watcher.watch(db0, key("k"));
    watcher.watch(db0, key("j"));
    watcher.watch(db1, key("k"));
    assertThat(db0.watchedKeyCount()).isEqualTo(2);
    db0.put(key("j"), value("1"));
    assertThat(db0.watchedKeyCount()).isZero();
    assertThat(db1.watchedKeyCount()).isZero();
    assertThat(watcher.size()).isZero();
    assertThat(watcher.isDirty()).isTrue();
  }

  @Test
  void reset_forgetsKeysAndChange_unwatchAllKeepsTheChange() {
    watcher.watch(db0, key("k"));
    db0.put(key("k"), value("1"));
    watcher.unwatchAll();
    assertThat(watcher.isDirty()).isTrue();
    watcher.reset();
    assertThat(watcher.isDirty()).isFalse();
    watcher.watch(db0, key("k"));
    watcher.reset();
    assertThat(db0.watchedKeyCount()).isZero();
    db0.put(key("k"), value("2"));
    assertThat(watcher.isDirty()).isFalse();
  }

  @Test
  void twoWatchersOfOneKey_bothSeeTheChange() {
    Watcher second = new Watcher();
    watcher.watch(db0, key("k"));
    second.watch(db0, key("k"));
    watcher.watch(db0, key("k"));
    assertThat(watcher.size()).isEqualTo(1);
    db0.put(key("k"), value("1"));
    assertThat(watcher.isDirty()).isTrue();
    assertThat(second.isDirty()).isTrue();
  }
  @Test
  void replaceQuietly_keepsDeadlineAndSignalsNothing() {
    db0.put(key("k"), value("1"), START + 5000);
    java.util.List<String> changes = new java.util.ArrayList<>();
    db0.sendChangesTo(k -> changes.add(new String(k, StandardCharsets.UTF_8)));
    watcher.watch(db0, key("k"));
    StringValue raw = new StringValue(key("1"), true);
    db0.replaceQuietly(key("k"), raw);
    assertThat(watcher.isDirty()).isFalse();
    assertThat(changes).isEmpty();
    assertThat(db0.get(key("k"))).isSameAs(raw);
    assertThat(raw.expiresAt()).isEqualTo(START + 5000);
    db0.replaceQuietly(key("missing"), value("x"));
    assertThat(db0.exists(key("missing"))).isFalse();
    now[0] = START + 5001;
    assertThat(db0.get(key("k"))).as("the deadline still expires it").isNull();
    assertThat(watcher.isDirty()).isTrue();
  }
}
