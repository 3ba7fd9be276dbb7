package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * MemoryUsage's arithmetic where the wire cannot reach it directly: jemalloc's size classes, sds
 * headers, listpack element sizes, quicklist node layout, and the running total a database keeps.
 * Expected numbers were read from redis-server 7.0.15 (MEMORY USAGE) where a value is given.
 */
class MemoryUsageTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void sizeClassesAreJemallocs() {
    assertThat(MemoryUsage.alloc(1)).isEqualTo(8);
    assertThat(MemoryUsage.alloc(9)).isEqualTo(16);
    assertThat(MemoryUsage.alloc(17)).isEqualTo(32);
    assertThat(MemoryUsage.alloc(49)).isEqualTo(64);
    assertThat(MemoryUsage.alloc(65)).isEqualTo(80);
    assertThat(MemoryUsage.alloc(104)).isEqualTo(112);
    assertThat(MemoryUsage.alloc(129)).isEqualTo(160);
    assertThat(MemoryUsage.alloc(536)).isEqualTo(640);
    assertThat(MemoryUsage.alloc(4097)).isEqualTo(5120);
    assertThat(MemoryUsage.alloc(16385)).isEqualTo(20480);
  }

  @Test
  void sdsHeadersGrowWithTheLength() {
    assertThat(MemoryUsage.sds(0)).isEqualTo(8); // sdshdr8 for the empty string: 3 + 0 + 1
    assertThat(MemoryUsage.sds(1)).isEqualTo(8); // sdshdr5: 1 + 1 + 1
    assertThat(MemoryUsage.sds(40)).isEqualTo(48); // sdshdr8: 3 + 40 + 1
    assertThat(MemoryUsage.sds(300)).isEqualTo(320); // sdshdr16: 5 + 300 + 1
  }

  @Test
  void listpackElementsAreIntegersWhenTheyReadAsOne() {
    assertThat(MemoryUsage.lpElement(b("1"))).isEqualTo(2);
    assertThat(MemoryUsage.lpElement(b("300"))).isEqualTo(3);
    assertThat(MemoryUsage.lpElement(b("70000"))).isEqualTo(5);
    assertThat(MemoryUsage.lpElement(b("01"))).isEqualTo(4); // not canonical: a string
    assertThat(MemoryUsage.lpElement(b("a"))).isEqualTo(3);
    assertThat(MemoryUsage.lpElement(new byte[100])).isEqualTo(103); // 2-byte header, 1 backlen
  }

  @Test
  void valuesCountAsRedisCountsThem() {
    // Numbers from redis-server 7.0.15's MEMORY USAGE of the same keys.
    assertThat(MemoryUsage.of(b("a"), new StringValue(b("1")), 5, -2)).isEqualTo(48);
    assertThat(MemoryUsage.of(b("c"), new StringValue(b("hello")), 5, -2)).isEqualTo(64);
    ListValue l = new ListValue();
    for (String e : new String[] {"a", "b", "c"}) {
      l.pushTail(b(e));
    }
    assertThat(MemoryUsage.of(b("l"), l, 5, -2)).isEqualTo(144);
    HashValue h = new HashValue();
    h.put(b("field1"), b("value1"), 128, 64);
    h.put(b("n"), b("12"), 128, 64);
    assertThat(MemoryUsage.of(b("h2"), h, 5, -2)).isEqualTo(80);
    SetValue s = new SetValue();
    s.add(b("1"), 512);
    s.add(b("5000000000"), 512);
    assertThat(MemoryUsage.of(b("s4"), s, 5, -2)).isEqualTo(80);
  }

  @Test
  void aLongListIsLaidOutInNodesOfTheFillsSize() {
    ListValue l = new ListValue();
    for (int i = 0; i < 10_000; i++) {
      l.pushTail(b("item" + i));
    }
    long all = MemoryUsage.ofValue(l, Long.MAX_VALUE, -2);
    long estimated = MemoryUsage.ofValue(l, 5, -2);
    // About 10 bytes an element in nodes of 8 KB: within a few percent when extrapolated.
    assertThat(all).isBetween(90_000L, 130_000L);
    assertThat((double) estimated / all).isBetween(0.95, 1.05);
    // A count fill of 128 makes more, smaller nodes: more node headers.
    assertThat(MemoryUsage.ofValue(l, Long.MAX_VALUE, 128)).isGreaterThan(all);
  }

  @Test
  void aDatabaseKeepsARunningTotalOfItsKeys() {
    long[] now = {1_700_000_000_000L};
    Database db = new Database(0, () -> now[0], new Stats());
    long empty = db.usedMemory(-2);
    assertThat(empty).isZero();
    db.put(b("a"), new StringValue(b("1")));
    long one = db.usedMemory(-2);
    assertThat(one).isEqualTo(48 + 8 * 4); // the key and the dict's first four buckets
    HashValue h = new HashValue();
    h.put(b("f"), b("v"), 128, 64);
    db.put(b("h"), h);
    long two = db.usedMemory(-2);
    assertThat(two - one).isEqualTo(64);
    h.put(b("field1"), b("value1"), 128, 64); // in place, then signalled as HSET signals it
    db.signalModified(b("h"));
    assertThat(db.usedMemory(-2) - one).isEqualTo(MemoryUsage.of(b("h"), h, 5, -2));
    db.setExpiry(b("h"), h, now[0] + 10_000); // an expires entry and its buckets
    assertThat(db.usedMemory(-2) - one)
        .isEqualTo(MemoryUsage.of(b("h"), h, 5, -2) + 24 + 8 * 4);
    db.remove(b("h"));
    assertThat(db.usedMemory(-2)).isEqualTo(one);
    now[0] += 20_000;
    db.put(b("t"), new StringValue(b("hello")), now[0] + 1);
    now[0] += 2;
    assertThat(db.usedMemory(-2)).isEqualTo(one); // expired: counted no more
  }
}
