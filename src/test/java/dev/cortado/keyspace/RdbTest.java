package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RDB codec against payloads DUMP returned from redis-server 7.0.15 (captured as hex): each must
 * restore, and dump back to the same bytes, so both directions are Redis's byte for byte.
 */
class RdbTest {
  static final Rdb.Settings DEFAULTS = new Rdb.Settings(128, 64, 512, 128, 64, -2, true);

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // SET s1 12 / hello / 53 x "a" (LZF) / -70000 / 12345678901
      "00c00c0a003c2af8515c04bcd5",
      "000568656c6c6f0a006372df766534200a",
      "00c30935016161e028000161610a00c6c60ce19e614010",
      "00c290eefeff0a002875de7b13eb2800",
      "000b31323334353637383930310a00304e52d727176510",
      // RPUSH l a 1 300 -5 70000
      "120102171700000005008161020101c12c02dffb02f270110104ff0a0030c5397ccaa7e38f",
      // ZADD z 0.1 a 2 b (listpack, LZF)
      "11c31b240d24000000040081610293302e3130e005000731148162020201ff0a00ef7fb5d10ee3db1b",
      // SADD st 1 2 3; SADD st2 1 70000 -5 (intsets of 16 and 32 bits)
      "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b",
      "0b140400000003000000fbffffff01000000701101000a0086a0bbcf3a22ed25",
      // HSET h f v n 5
      "1012120000000400816602817602816e020501ff0a008490939f57b4f3c2",
      // ZADD zs 1 a 2 b 3 c 1.5 d -inf e: listpack, and skiplist (zset-max-listpack-entries 2)
      "1127270000000a00816502842d696e6605816102010181640283312e350481620202018163020301ff0a00becbab7bf02b278e",
      // a stream with a deleted entry, two groups, pending entries and an idle consumer
      "13011000000000000000010000000000000001c34047404f124f0000001f0003010101020181610281620200200900002001401102050103600902030104200b40130adfff02010181630205010620270002800f098568656c6c6f060501ff030300010101020402026731020081ffffffffffffffff0200000000000000010000000000000001affc4449a20100000100000000000000020000000000000000affc4449a2010000010205616c696365affc4449a201000002000000000000000100000000000000010000000000000002000000000000000003626f62c7fc4449a201000000026732030081ffffffffffffffff00000a0079187fbada6ea51a",
      // a stream whose only entry was deleted: no node left
      "13000005050000050501000a002ec29e198cf64e24"})
  void redisPayloadsRestoreAndDumpBackIdentically(String payload) {
    byte[] p = hex(payload);
    assertThat(Rdb.verify(p)).isTrue();
    Value v = Rdb.restore(p, DEFAULTS);
    assertThat(HexFormat.of().formatHex(Rdb.dump(v, DEFAULTS))).isEqualTo(payload);
  }

  @Test
  void aSkiplistStaysOneOnlyWhereTheLimitsSaySo() {
    String skiplist = "050501630000000000000840016200000000000000400164000000000000f83f0161000000"
        + "000000f03f0165000000000000f0ff0a00c1e8d05caf8479f2";
    Rdb.Settings two = new Rdb.Settings(128, 64, 512, 2, 64, -2, true);
    Value z = Rdb.restore(hex(skiplist), two);
    assertThat(z.encoding()).isEqualTo("skiplist");
    assertThat(HexFormat.of().formatHex(Rdb.dump(z, two))).isEqualTo(skiplist);
    // Redis converts a small skiplist to a listpack on load, as this does
    assertThat(Rdb.restore(hex(skiplist), DEFAULTS).encoding()).isEqualTo("listpack");
  }

  @Test
  void valuesBuiltHereDumpAsRedis() {
    assertThat(Rdb.dump(new StringValue(bytes("12")), DEFAULTS))
        .isEqualTo(hex("00c00c0a003c2af8515c04bcd5"));
    ListValue l = new ListValue();
    for (String e : List.of("a", "1", "300", "-5", "70000")) {
      l.pushTail(bytes(e));
    }
    assertThat(HexFormat.of().formatHex(Rdb.dump(l, DEFAULTS))).isEqualTo(
        "120102171700000005008161020101c12c02dffb02f270110104ff0a0030c5397ccaa7e38f");
    SetValue s = new SetValue();
    for (String m : List.of("1", "70000", "-5")) {
      s.add(bytes(m), 512);
    }
    assertThat(HexFormat.of().formatHex(Rdb.dump(s, DEFAULTS))).isEqualTo(
        "0b140400000003000000fbffffff01000000701101000a0086a0bbcf3a22ed25");
  }

  @Test
  void restoredValuesHoldTheData() {
    Value z = Rdb.restore(hex("11c31b240d24000000040081610293302e3130e005000731148162020201ff0a00"
        + "ef7fb5d10ee3db1b"), DEFAULTS);
    assertThat(((ZSetValue) z).score(bytes("a"))).isEqualTo(0.1);
    assertThat(((ZSetValue) z).score(bytes("b"))).isEqualTo(2.0);
    Value h = Rdb.restore(hex("1012120000000400816602817602816e020501ff0a008490939f57b4f3c2"),
        DEFAULTS);
    assertThat(((HashValue) h).get(bytes("n"))).isEqualTo(bytes("5"));
  }

  @Test
  void encodingLimitsApplyOnRestore() {
    Rdb.Settings small = new Rdb.Settings(1, 64, 2, 1, 64, -2, true);
    Value h = Rdb.restore(hex("1012120000000400816602817602816e020501ff0a008490939f57b4f3c2"),
        small);
    assertThat(h.encoding()).isEqualTo("hashtable");
    Value s = Rdb.restore(hex("0b0e02000000030000000100020003000a00a5025ce26d6e4d1b"), small);
    assertThat(s.encoding()).isEqualTo("hashtable");
  }

  @Test
  void aLongListSplitsIntoNodesOfAtMost8k() {
    ListValue l = new ListValue();
    for (int i = 0; i < 1000; i++) {
      l.pushTail(bytes("element-" + i + "-".repeat(40)));
    }
    byte[] p = Rdb.dump(l, DEFAULTS);
    ListValue back = (ListValue) Rdb.restore(p, DEFAULTS);
    assertThat(back.size()).isEqualTo(1000);
    assertThat(back.get(999)).isEqualTo(l.get(999));
    assertThat(p[1]).isGreaterThan((byte) 1); // more than one node
  }

  @Test
  void brokenPayloadsAreMalformedNotCrashes() {
    byte[] good = hex("1012120000000400816602817602816e020501ff0a008490939f57b4f3c2");
    for (int cut = 1; cut < good.length - 10; cut++) {
      byte[] body = java.util.Arrays.copyOf(good, cut);
      byte[] p = withFooter(body);
      assertThatThrownBy(() -> Rdb.restore(p, DEFAULTS)).isInstanceOf(Rdb.Malformed.class);
    }
    // a list claiming 2^32 nodes, and an LZF string claiming 2 GB
    assertThatThrownBy(() -> Rdb.restore(withFooter(hex("1280ffffffff")), DEFAULTS))
        .isInstanceOf(Rdb.Malformed.class);
    assertThatThrownBy(() -> Rdb.restore(withFooter(hex("00c3018080000000ff")), DEFAULTS))
        .isInstanceOf(Rdb.Malformed.class);
    assertThatThrownBy(() -> Rdb.restore(withFooter(hex("63")), DEFAULTS))
        .isInstanceOf(Rdb.Malformed.class);
  }

  @Test
  void verifyChecksTheVersionAndChecksum() {
    byte[] p = hex("000568656c6c6f0a006372df766534200a");
    assertThat(Rdb.verify(p)).isTrue();
    p[3] ^= 1;
    assertThat(Rdb.verify(p)).isFalse();
    byte[] newer = withFooter(hex("000568656c6c6f"), 11);
    assertThat(Rdb.verify(newer)).isFalse();
    assertThat(Rdb.verify(new byte[9])).isFalse();
  }

  @Test
  void aFileRoundTrips() {
    Database[] dbs = {new Database(0, () -> 1000L, new Stats()), new Database(1, () -> 1000L,
        new Stats())};
    dbs[0].put(bytes("a"), new StringValue(bytes("1")));
    dbs[1].put(bytes("b"), new StringValue(bytes("two")), 5000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Rdb.writeFile(out, dbs, DEFAULTS, 1000, 0, new byte[0], true);
    byte[] file = out.toByteArray();
    assertThat(new String(file, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
    Database[] into = {new Database(0, () -> 2000L, new Stats()), new Database(1, () -> 2000L,
        new Stats())};
    Rdb.Loaded loaded = Rdb.loadFile(file, into, DEFAULTS, 2000);
    assertThat(loaded.keys()).isEqualTo(2);
    assertThat(((StringValue) into[1].get(bytes("b"))).bytes()).isEqualTo(bytes("two"));
    assertThat(into[1].get(bytes("b")).expiresAt()).isEqualTo(5000);
    file[20] ^= 1;
    assertThatThrownBy(() -> Rdb.loadFile(file, into, DEFAULTS, 2000))
        .isInstanceOf(Rdb.Malformed.class);
  }

  private static byte[] withFooter(byte[] body) {
    return withFooter(body, Rdb.VERSION);
  }

  private static byte[] withFooter(byte[] body, int version) {
    byte[] out = java.util.Arrays.copyOf(body, body.length + 10);
    out[body.length] = (byte) version;
    out[body.length + 1] = 0;
    long crc = Crc64.of(out, 0, body.length + 2);
    for (int i = 0; i < 8; i++) {
      out[body.length + 2 + i] = (byte) (crc >>> (8 * i));
    }
    return out;
  }
}
