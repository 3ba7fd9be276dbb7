package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.keyspace.StreamValue.Entry;
import dev.cortado.keyspace.StreamValue.Id;
import dev.cortado.keyspace.StreamValue.Parsed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The stream value where the wire cannot reach it cheaply: ID parsing and unsigned ordering, the
 * node model that decides approximate trimming (checked against redis-server by streams.txt), and
 * the radix tree node count XINFO prints.
 */
class StreamValueTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Id parse(String s) {
    Parsed p = Id.parse(b(s), 0, true, false);
    return p == null ? null : p.id();
  }

  private static byte[][] fields(String... fv) {
    byte[][] out = new byte[fv.length][];
    for (int i = 0; i < fv.length; i++) {
      out[i] = b(fv[i]);
    }
    return out;
  }

  private static StreamValue stream(int n, long maxEntries, long maxBytes) {
    StreamValue s = new StreamValue();
    for (int i = 1; i <= n; i++) {
      s.append(new Id(i, 0), fields("f", "v" + i), maxEntries, maxBytes);
    }
    return s;
  }

  @Test
  void ids_parseAsRedisDoes() {
    assertThat(parse("1-2")).isEqualTo(new Id(1, 2));
    assertThat(parse("5")).isEqualTo(new Id(5, 0));
    assertThat(Id.parse(b("5"), -1L, true, false).id()).isEqualTo(new Id(5, -1L));
    assertThat(parse("18446744073709551615-18446744073709551615")).isEqualTo(Id.MAX);
    assertThat(parse("18446744073709551616")).isNull();
    assertThat(parse("1-18446744073709551616")).isNull();
    // string2ull falls back on strtoull: blanks, a plus sign and leading zeros are accepted.
    assertThat(parse("007-01")).isEqualTo(new Id(7, 1));
    assertThat(parse(" 5-1")).isEqualTo(new Id(5, 1));
    assertThat(parse("+6-1")).isEqualTo(new Id(6, 1));
    assertThat(parse("-1")).isNull();
    assertThat(parse("1-")).isNull();
    assertThat(parse("")).isNull();
    assertThat(parse("abc")).isNull();
    assertThat(parse("1.5")).isNull();
    assertThat(parse("1-2 ")).isNull();
    assertThat(parse("x".repeat(200))).isNull();
    // "-" and "+" only where not strict; "ms-*" only where asked for.
    assertThat(parse("-")).isNull();
    assertThat(Id.parse(b("-"), 0, false, false).id()).isEqualTo(Id.MIN);
    assertThat(Id.parse(b("+"), 0, false, false).id()).isEqualTo(Id.MAX);
    assertThat(parse("5-*")).isNull();
    Parsed auto = Id.parse(b("5-*"), 0, true, true);
    assertThat(auto.id().ms()).isEqualTo(5);
    assertThat(auto.seqGiven()).isFalse();
  }

  @Test
  void ids_orderAsUnsignedNumbers() {
    Id big = new Id(-1L, 0); // 18446744073709551615-0
    assertThat(big.compareTo(new Id(Long.MAX_VALUE, 5))).isPositive();
    assertThat(new Id(1, -1L).compareTo(new Id(2, 0))).isNegative();
    assertThat(new Id(1, -1L).next()).isEqualTo(new Id(2, 0));
    assertThat(Id.MAX.next()).isNull();
    assertThat(new Id(2, 0).previous()).isEqualTo(new Id(1, -1L));
    assertThat(Id.MIN.previous()).isNull();
    assertThat(big.toString()).isEqualTo("18446744073709551615-0");
  }

  @Test
  void nodesCloseAtMaxEntries_countingDeletedEntries() {
    StreamValue s = stream(250, 100, 4096);
    assertThat(s.nodeCount()).isEqualTo(3);
    assertThat(s.radixTreeNodes()).isEqualTo(8); // as redis-server says for these keys
    StreamValue t = stream(99, 100, 4096);
    t.delete(new Id(5, 0));
    t.append(new Id(100, 0), fields("f", "x"), 100, 4096);
    t.append(new Id(101, 0), fields("f", "x"), 100, 4096);
    assertThat(t.nodeCount()).isEqualTo(2); // the deleted entry still fills its node
  }

  @Test
  void nodesCloseAtMaxBytes_withListpackSizes() {
    StreamValue s = new StreamValue();
    for (int i = 1; i <= 40; i++) {
      s.append(new Id(i, 0), fields("f", "x".repeat(100)), 100, 4096);
    }
    // An entry costs 105 bytes (flags, two deltas, a 101-byte string, lp-count): 37 fit.
    assertThat(s.nodeCount()).isEqualTo(2);
    assertThat(s.range(Id.MIN, Id.MAX, 0, false)).hasSize(40);
    assertThat(StreamValue.stringElement(b("12345"))).isEqualTo(4); // an integer: 3 + backlen
    assertThat(StreamValue.stringElement(b("012345"))).isEqualTo(8); // a string: 1 + 6 + 1
    assertThat(StreamValue.intElement(127)).isEqualTo(2);
    assertThat(StreamValue.intElement(-1)).isEqualTo(3);
    assertThat(StreamValue.intElement(1L << 40)).isEqualTo(10);
  }

  @Test
  void approximateTrimming_removesWholeNodesOnly() {
    StreamValue s = stream(250, 100, 4096);
    assertThat(s.trim(true, 200, Id.MIN, true, 10000)).isZero();
    assertThat(s.trim(true, 150, Id.MIN, true, 10000)).isEqualTo(100);
    assertThat(s.first().id()).isEqualTo(new Id(101, 0));
    assertThat(s.firstId()).isEqualTo(new Id(101, 0));
    assertThat(s.trim(true, 0, Id.MIN, true, 99)).isZero(); // the limit stops it first
    assertThat(s.trim(false, 0, new Id(240, 0), true, 10000)).isEqualTo(100);
    assertThat(s.length()).isEqualTo(50);
  }

  @Test
  void exactTrimming_marksEntriesInTheFirstNode() {
    StreamValue s = stream(250, 100, 4096);
    assertThat(s.trim(true, 180, Id.MIN, false, 0)).isEqualTo(70);
    assertThat(s.nodeCount()).isEqualTo(3);
    assertThat(s.first().id()).isEqualTo(new Id(71, 0));
    assertThat(s.trim(false, 0, new Id(150, 0), false, 0)).isEqualTo(79);
    assertThat(s.nodeCount()).isEqualTo(2);
    assertThat(s.first().id()).isEqualTo(new Id(150, 0));
  }

  @Test
  void ranges_skipDeletedEntries_inBothDirections() {
    StreamValue s = stream(250, 100, 4096);
    for (int i = 90; i <= 110; i++) {
      s.delete(new Id(i, 0));
    }
    s.deleted(List.of(new Id(110, 0)));
    List<Id> ids = new ArrayList<>();
    for (Entry e : s.range(new Id(88, 0), new Id(112, 5), 0, false)) {
      ids.add(e.id());
    }
    assertThat(ids).containsExactly(new Id(88, 0), new Id(89, 0), new Id(111, 0), new Id(112, 0));
    List<Entry> back = s.range(new Id(88, 0), new Id(112, 5), 3, true);
    assertThat(back).extracting(Entry::id)
        .containsExactly(new Id(112, 0), new Id(111, 0), new Id(89, 0));
    assertThat(s.get(new Id(95, 0))).isNull();
    assertThat(s.get(new Id(96, 1))).isNull();
    assertThat(s.maxDeletedId()).isEqualTo(new Id(110, 0));
  }

  @Test
  void xdelOfANodesLastEntry_removesTheNode() {
    StreamValue s = stream(150, 100, 4096);
    for (int i = 101; i <= 150; i++) {
      assertThat(s.delete(new Id(i, 0))).isTrue();
    }
    assertThat(s.nodeCount()).isEqualTo(1);
    assertThat(s.delete(new Id(101, 0))).isFalse();
    assertThat(s.length()).isEqualTo(100);
  }

  @Test
  void copy_sharesNoState() {
    StreamValue s = stream(3, 100, 4096);
    StreamValue.Group g = s.createGroup(b("g"), Id.MIN, StreamValue.INVALID_ENTRIES_READ);
    StreamValue.Consumer c = g.createConsumer(b("c"), 0);
    StreamValue.Pending p = new StreamValue.Pending(new Id(1, 0), 0, 1, c);
    g.pending.put(p.id, p);
    c.pending.put(p.id, p);
    StreamValue copy = s.copy();
    copy.delete(new Id(1, 0));
    copy.group(b("g")).pending.clear();
    assertThat(s.length()).isEqualTo(3);
    assertThat(s.get(new Id(1, 0))).isNotNull();
    assertThat(s.group(b("g")).pending).hasSize(1);
    assertThat(copy.group(b("g")).consumer(b("c")).pending).hasSize(1);
    assertThat(copy.group(b("g")).consumer(b("c"))).isNotSameAs(c);
  }

  @Test
  void lag_followsEntriesAddedAndTombstones() {
    StreamValue s = stream(4, 100, 4096);
    StreamValue.Group g = s.createGroup(b("g"), Id.MIN, StreamValue.INVALID_ENTRIES_READ);
    assertThat(s.lag(g)).isEqualTo(4); // before the first entry: entries-added - length
    g.lastId = new Id(2, 0);
    g.entriesRead = 2;
    assertThat(s.lag(g)).isEqualTo(2);
    s.delete(new Id(3, 0));
    s.deleted(List.of(new Id(3, 0)));
    g.entriesRead = StreamValue.INVALID_ENTRIES_READ;
    assertThat(s.lag(g)).isNull(); // a tombstone ahead: unknown
    g.lastId = new Id(4, 0);
    assertThat(s.lag(g)).isZero();
  }
}
