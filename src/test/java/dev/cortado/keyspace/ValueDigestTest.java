package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The expected digests are what redis-server 7.0.15 answers to DEBUG DIGEST-VALUE and DIGEST. */
class ValueDigestTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final long[] now = {1_700_000_000_000L};
  private final Stats stats = new Stats();

  private Database db(int index) {
    return new Database(index, () -> now[0], stats);
  }

  @Test
  void missingKey_isZeros() {
    assertThat(ValueDigest.value(null)).isEqualTo("0".repeat(40));
    assertThat(ValueDigest.dataset(new Database[] {db(0), db(1)})).isEqualTo("0".repeat(40));
  }

  @Test
  void stringsListsAndSets() {
    assertThat(ValueDigest.value(new StringValue(b("123"))))
        .isEqualTo("89f7f51b707418f666d5b45e053bd5bbbf82ac2b");
    ListValue list = new ListValue();
    for (String e : new String[] {"a", "b", "12"}) {
      list.pushTail(b(e));
    }
    assertThat(ValueDigest.value(list)).isEqualTo("4fddf5ecfb89aa53ce571890ffcd91dc9c8824bf");
    SetValue set = new SetValue();
    for (String m : new String[] {"x", "y", "5"}) {
      set.add(b(m), 512);
    }
    assertThat(ValueDigest.value(set)).isEqualTo("9ab0175c08c7ea91e0aa7ce3701a4de6bb59341a");
  }

  @Test
  void sortedSetsUseG17Scores_hashesPairFieldsWithValues() {
    ZSetValue z = new ZSetValue();
    z.put(b("a"), 1.5, 128, 64);
    z.put(b("b"), 2, 128, 64);
    z.put(b("c"), 0.1, 128, 64);
    z.put(b("d"), 1e20, 128, 64);
    assertThat(ValueDigest.value(z)).isEqualTo("3e55850bfe1db1c1fe5756a887e3886e44c1f86b");
    HashValue h = new HashValue();
    h.put(b("f"), b("v"), 128, 64);
    h.put(b("g"), b("7"), 128, 64);
    assertThat(ValueDigest.value(h)).isEqualTo("42e8aee1f7247f7f7997132f31f0ea5085e70d29");
  }

  @Test
  void streamsAndExpiry() {
    StreamValue x = new StreamValue();
    x.append(new StreamValue.Id(5, 1), new byte[][] {b("a"), b("1"), b("b"), b("2")}, 100, 4096);
    x.append(new StreamValue.Id(6, 0), new byte[][] {b("c"), b("3")}, 100, 4096);
    assertThat(ValueDigest.value(x)).isEqualTo("effce66f78bd92b814ae9ef8dd7c4939f04aca17");
    Database d = db(0);
    d.put(b("e"), new StringValue(b("v")), now[0] + 100_000);
    assertThat(ValueDigest.value(d.get(b("e"))))
        .isEqualTo("311b17018163335616e089f6b951c82c477335ac");
  }

  @Test
  void dataset_mixesEachDatabaseIndexAndKey() {
    Database[] all = {db(0), db(1), db(2), db(3)};
    all[0].put(b("a"), new StringValue(b("1")));
    all[3].put(b("b"), new StringValue(b("xy")));
    assertThat(ValueDigest.dataset(all)).isEqualTo("897ed497fb6bb4a4dc674fa8969b87dee2186bc6");
  }
}
