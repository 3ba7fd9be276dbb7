package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The HyperLogLog representation without the wire: hashing, dense registers, the sparse opcodes as
 * they split, join and promote, conversion and the estimator. Expected registers and counts were
 * read from redis-server 7.0.15 (PFADD, then PFDEBUG DECODE and PFCOUNT).
 */
class HyperLogLogTest {
  private static final long NO_LIMIT = 3000;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Register and value an element gets, as "index:value". */
  private static String slot(String element) {
    long h = HyperLogLog.murmur64a(b(element), HyperLogLog.SEED);
    return HyperLogLog.index(h) + ":" + HyperLogLog.runLength(h);
  }

  @Test
  void hash_picksRedisRegisterAndRunForEveryTailLength() {
    // From "PFADD k e; PFDEBUG DECODE k": Z:index v:value,1 Z:rest. Lengths 0..17 cover the 8-byte
    // blocks and every tail length.
    assertThat(slot("")).isEqualTo("5938:2");
    assertThat(slot("a")).isEqualTo("12711:2");
    assertThat(slot("ab")).isEqualTo("719:1");
    assertThat(slot("abc")).isEqualTo("9474:1");
    assertThat(slot("abcd")).isEqualTo("11070:8");
    assertThat(slot("abcde")).isEqualTo("3726:4");
    assertThat(slot("abcdef")).isEqualTo("13647:2");
    assertThat(slot("abcdefg")).isEqualTo("5634:2");
    assertThat(slot("abcdefgh")).isEqualTo("1383:1");
    assertThat(slot("abcdefghi")).isEqualTo("6903:1");
    assertThat(slot("abcdefghijklmnop")).isEqualTo("9328:1");
    assertThat(slot("abcdefghijklmnopq")).isEqualTo("4271:1");
  }

  @Test
  void runLength_countsZerosAboveTheIndexBitsAndStopsAtQPlusOne() {
    assertThat(HyperLogLog.runLength(1L << 14)).isEqualTo(1);
    assertThat(HyperLogLog.runLength(1L << 16)).isEqualTo(3);
    assertThat(HyperLogLog.runLength(0x3fffL)).isEqualTo(HyperLogLog.Q + 1);
    assertThat(HyperLogLog.runLength(1L << 63)).isEqualTo(HyperLogLog.Q);
  }

  @Test
  void denseRegisters_keepTheirValueWithoutTouchingNeighbours() {
    byte[] dense = new byte[HyperLogLog.DENSE_SIZE];
    int[] expected = new int[HyperLogLog.REGISTERS];
    Random r = new Random(1);
    for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
      expected[i] = r.nextInt(64);
      HyperLogLog.denseSet(dense, i, expected[i]);
    }
    for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
      assertThat(HyperLogLog.denseGet(dense, i)).as("register %d", i).isEqualTo(expected[i]);
    }
    // Register 1 spans bytes 0 and 1: its bits are the top two of byte 0 and low four of byte 1.
    byte[] two = new byte[HyperLogLog.DENSE_SIZE];
    HyperLogLog.denseSet(two, 1, 63);
    assertThat(two[HyperLogLog.HEADER] & 0xff).isEqualTo(0xc0);
    assertThat(two[HyperLogLog.HEADER + 1] & 0xff).isEqualTo(0x0f);
  }

  @Test
  void emptySparse_isOneXZeroOverEveryRegisterWithAValidZeroCache() {
    byte[] e = HyperLogLog.emptySparse();
    assertThat(e).hasSize(18);
    assertThat(Arrays.copyOf(e, 5)).isEqualTo(b("HYLL\u0001"));
    assertThat(e[16] & 0xff).isEqualTo(0x7f);
    assertThat(e[17] & 0xff).isEqualTo(0xff);
    assertThat(HyperLogLog.cacheValid(e)).isTrue();
    assertThat(HyperLogLog.count(e)).isZero();
    assertThat(HyperLogLog.isValid(e)).isTrue();
  }

  private static String decode(byte[] b) {
    StringBuilder out = new StringBuilder();
    int p = HyperLogLog.HEADER;
    while (p < b.length) {
      int op = b[p] & 0xff;
      if ((op & 0xc0) == 0) {
        out.append("z:").append((op & 0x3f) + 1).append(' ');
        p++;
      } else if ((op & 0xc0) == 0x40) {
        out.append("Z:").append((((op & 0x3f) << 8) | (b[p + 1] & 0xff)) + 1).append(' ');
        p += 2;
      } else {
        out.append("v:").append(((op >>> 2) & 0x1f) + 1).append(',').append((op & 3) + 1)
            .append(' ');
        p++;
      }
    }
    return out.toString().trim();
  }

  @Test
  void sparseSet_splitsZerosAndJoinsEqualNeighbours() {
    HyperLogLog.Edit e = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    assertThat(e.set(1000, 2, NO_LIMIT)).isEqualTo(1);
    assertThat(decode(e.bytes())).isEqualTo("Z:1000 v:2,1 Z:15383");
    assertThat(e.set(1020, 3, NO_LIMIT)).isEqualTo(1);
    assertThat(e.set(1021, 3, NO_LIMIT)).isEqualTo(1);
    // The example of hyperloglog.c's header comment.
    assertThat(decode(e.bytes())).isEqualTo("Z:1000 v:2,1 z:19 v:3,2 Z:15362");
    assertThat(e.set(1021, 2, NO_LIMIT)).isZero();
    assertThat(e.set(1001, 2, NO_LIMIT)).isEqualTo(1);
    assertThat(decode(e.bytes())).isEqualTo("Z:1000 v:2,2 z:18 v:3,2 Z:15362");
    // A VAL run split in the middle, then joined back.
    assertThat(e.set(1020, 5, NO_LIMIT)).isEqualTo(1);
    assertThat(decode(e.bytes())).isEqualTo("Z:1000 v:2,2 z:18 v:5,1 v:3,1 Z:15362");
    assertThat(e.set(1021, 5, NO_LIMIT)).isEqualTo(1);
    assertThat(decode(e.bytes())).isEqualTo("Z:1000 v:2,2 z:18 v:5,2 Z:15362");
    assertThat(HyperLogLog.encoding(e.bytes())).isEqualTo(HyperLogLog.SPARSE);
  }

  @Test
  void sparseSet_leavesTheStoredArrayAloneUntilAChange() {
    byte[] stored = HyperLogLog.emptySparse();
    HyperLogLog.Edit first = new HyperLogLog.Edit(stored);
    first.set(7, 3, NO_LIMIT);
    byte[] changed = first.bytes();
    HyperLogLog.Edit again = new HyperLogLog.Edit(changed);
    assertThat(again.set(7, 2, NO_LIMIT)).isZero();
    assertThat(again.changed).isFalse();
    assertThat(again.bytes()).isSameAs(changed);
    assertThat(stored).isEqualTo(HyperLogLog.emptySparse());
  }

  @Test
  void sparseSet_promotesForAValueAbove32() {
    HyperLogLog.Edit e = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    e.set(5, 32, NO_LIMIT);
    assertThat(HyperLogLog.encoding(e.bytes())).isEqualTo(HyperLogLog.SPARSE);
    assertThat(e.set(9, 33, NO_LIMIT)).isEqualTo(1);
    byte[] dense = e.bytes();
    assertThat(dense).hasSize(HyperLogLog.DENSE_SIZE);
    assertThat(HyperLogLog.encoding(dense)).isEqualTo(HyperLogLog.DENSE);
    assertThat(HyperLogLog.denseGet(dense, 5)).isEqualTo(32);
    assertThat(HyperLogLog.denseGet(dense, 9)).isEqualTo(33);
  }

  @Test
  void sparseSet_promotesWhenItWouldGrowPastTheLimit() {
    HyperLogLog.Edit e = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    // 18 bytes; splitting the XZERO in the middle makes 5 bytes of 2: 21 > 20.
    assertThat(e.set(8000, 1, 20)).isEqualTo(1);
    assertThat(HyperLogLog.encoding(e.bytes())).isEqualTo(HyperLogLog.DENSE);
    HyperLogLog.Edit f = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    assertThat(f.set(8000, 1, 21)).isEqualTo(1);
    assertThat(f.bytes()).hasSize(21);
  }

  @Test
  void toDense_keepsHeaderAndRegisters_andRefusesACorruptForm() {
    HyperLogLog.Edit e = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    e.set(0, 4, NO_LIMIT);
    e.set(16383, 7, NO_LIMIT);
    e.invalidateCache();
    assertThat(e.toDense()).isTrue();
    byte[] d = e.bytes();
    assertThat(HyperLogLog.isValid(d)).isTrue();
    assertThat(HyperLogLog.cacheValid(d)).isFalse();
    assertThat(HyperLogLog.denseGet(d, 0)).isEqualTo(4);
    assertThat(HyperLogLog.denseGet(d, 16383)).isEqualTo(7);
    assertThat(HyperLogLog.denseGet(d, 1)).isZero();

    byte[] oneShort = HyperLogLog.emptySparse();
    oneShort[17] = (byte) 0xfe;
    assertThat(new HyperLogLog.Edit(oneShort).toDense()).isFalse();
    assertThat(HyperLogLog.count(oneShort)).isEqualTo(-1);
    assertThat(HyperLogLog.mergeInto(new byte[HyperLogLog.REGISTERS], oneShort)).isFalse();
    byte[] oneLong = Arrays.copyOf(HyperLogLog.emptySparse(), 19);
    oneLong[18] = (byte) 0x80; // VAL 1 after all 16384 registers
    assertThat(new HyperLogLog.Edit(oneLong).toDense()).isFalse();
    assertThat(HyperLogLog.mergeInto(new byte[HyperLogLog.REGISTERS], oneLong)).isFalse();
  }

  @Test
  void isValid_checksMagicEncodingAndDenseLength() {
    assertThat(HyperLogLog.isValid(b("HYLL"))).isFalse();
    byte[] bad = HyperLogLog.emptySparse();
    bad[3] = 'X';
    assertThat(HyperLogLog.isValid(bad)).isFalse();
    byte[] enc = HyperLogLog.emptySparse();
    enc[4] = 2;
    assertThat(HyperLogLog.isValid(enc)).isFalse();
    byte[] dense = new byte[HyperLogLog.DENSE_SIZE];
    System.arraycopy(b("HYLL"), 0, dense, 0, 4);
    assertThat(HyperLogLog.isValid(dense)).isTrue();
    assertThat(HyperLogLog.isValid(Arrays.copyOf(dense, HyperLogLog.DENSE_SIZE - 1))).isFalse();
  }

  @Test
  void cache_isLittleEndianWithItsTopBitAsStale() {
    byte[] e = HyperLogLog.emptySparse();
    HyperLogLog.setCachedCardinality(e, 0x0102030405L);
    assertThat(e[8]).isEqualTo((byte) 5);
    assertThat(e[12]).isEqualTo((byte) 1);
    assertThat(HyperLogLog.cachedCardinality(e)).isEqualTo(0x0102030405L);
    HyperLogLog.invalidateCache(e);
    assertThat(e[15] & 0xff).isEqualTo(0x80);
    assertThat(HyperLogLog.cacheValid(e)).isFalse();
  }

  private static long countOf(int n, boolean dense) {
    HyperLogLog.Edit e = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    if (dense) {
      e.toDense();
    }
    for (int i = 0; i < n; i++) {
      e.add(b("e" + i), NO_LIMIT);
    }
    return HyperLogLog.count(e.bytes());
  }

  @Test
  void estimate_matchesRedisCounts_sparseAndDenseAlike() {
    // redis-server 7.0.15: PFADD k e0 .. e999 / e99999, then PFCOUNT k.
    assertThat(countOf(1000, false)).isEqualTo(1008);
    assertThat(countOf(1000, true)).isEqualTo(1008);
    assertThat(countOf(100_000, false)).isEqualTo(100853);
  }

  @Test
  void estimate_ofNoRegisterSetIsZero_andSigmaTauAtTheirEdges() {
    int[] histo = new int[64];
    histo[0] = HyperLogLog.REGISTERS;
    assertThat(HyperLogLog.estimate(histo)).isZero();
    assertThat(HyperLogLog.sigma(1.0)).isInfinite();
    assertThat(HyperLogLog.tau(1.0)).isZero();
    assertThat(HyperLogLog.tau(0.0)).isZero();
    assertThat(HyperLogLog.sigma(0.0)).isZero();
  }

  @Test
  void rawMerge_takesTheMaximumOfEachRegister() {
    HyperLogLog.Edit a = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    a.set(3, 5, NO_LIMIT);
    a.set(4, 1, NO_LIMIT);
    HyperLogLog.Edit c = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    c.set(3, 2, NO_LIMIT);
    c.set(4, 40, NO_LIMIT); // dense
    byte[] max = new byte[HyperLogLog.REGISTERS];
    assertThat(HyperLogLog.mergeInto(max, a.bytes())).isTrue();
    assertThat(HyperLogLog.mergeInto(max, c.bytes())).isTrue();
    assertThat(max[3]).isEqualTo((byte) 5);
    assertThat(max[4]).isEqualTo((byte) 40);
    assertThat(HyperLogLog.rawHistogram(max)[0]).isEqualTo(HyperLogLog.REGISTERS - 2);
  }

  @Test
  void selfTest_passes() {
    assertThat(HyperLogLogCommands.selfTest(new Random(3), 3000)).isNull();
  }
}
