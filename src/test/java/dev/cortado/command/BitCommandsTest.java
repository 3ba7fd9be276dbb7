package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.protocol.Reply;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the wire cannot show: replies taken before an in-place write keep their bytes, and the
 * word-at-a-time scans agree with a bit-by-bit reading. Expected replies are Redis 7.0.15's.
 */
class BitCommandsTest {
  private final Harness h = new Harness();

  @Test
  void aReplyTakenBeforeASetbitDoesNotChange() {
    h.resp("SETBIT", "k", "7", "1");
    Reply before = h.exec(h.connection, "GET", "k");
    h.resp("SETBIT", "k", "6", "1");
    h.resp("BITFIELD", "k", "SET", "u8", "8", "255");
    h.resp("SETRANGE", "k", "0", "z");
    h.resp("APPEND", "k", "tail");
    assertThat(Harness.render(before, 2)).isEqualTo("$1\r\n\u0001\r\n");
    assertThat(h.resp("GET", "k")).isEqualTo("$6\r\nz\u00fftail\r\n");
  }

  @Test
  void aGetQueuedInMultiKeepsItsValue() {
    h.resp("SETBIT", "k", "7", "1");
    h.resp("MULTI");
    h.resp("GET", "k");
    h.resp("SETBIT", "k", "0", "1");
    h.resp("GET", "k");
    h.resp("APPEND", "k", "x");
    assertThat(h.resp("EXEC")).isEqualTo("*4\r\n$1\r\n\u0001\r\n:0\r\n$1\r\n\u0081\r\n:2\r\n");
  }

  @Test
  void setArgumentsAreNeverWrittenThrough() {
    byte[][] set = {"SET".getBytes(), "k".getBytes(), "abc".getBytes()};
    h.dispatcher.execute(h.connection, set);
    h.resp("SETBIT", "k", "0", "1");
    h.resp("SETRANGE", "k", "1", "Z");
    assertThat(new String(set[2])).isEqualTo("abc");
    assertThat(h.resp("GET", "k")).isEqualTo("$3\r\n\u00e1Zc\r\n");
  }

  @Test
  void copyThenWriteEitherSide() {
    h.resp("SET", "k", "ab");
    h.resp("COPY", "k", "k2");
    h.resp("SETBIT", "k2", "0", "1");
    h.resp("APPEND", "k", "c");
    assertThat(h.resp("GET", "k")).isEqualTo("$3\r\nabc\r\n");
    assertThat(h.resp("GET", "k2")).isEqualTo("$2\r\n\u00e1b\r\n");
  }

  @Test
  void popcountAgreesWithCountingBitByBit() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      byte[] p = new byte[random.nextInt(100)];
      random.nextBytes(p);
      int from = p.length == 0 ? 0 : random.nextInt(p.length);
      int to = from + random.nextInt(p.length - from + 1);
      long expected = 0;
      for (int i = from; i < to; i++) {
        expected += Integer.bitCount(p[i] & 0xff);
      }
      assertThat(BitCommands.popcount(p, from, to)).isEqualTo(expected);
    }
  }

  @Test
  void firstBitAgreesWithScanningBitByBit() {
    Random random = new Random(11);
    for (int round = 0; round < 2000; round++) {
      byte[] p = new byte[1 + random.nextInt(200)];
      byte fill = random.nextBoolean() ? 0 : (byte) 0xff;
      java.util.Arrays.fill(p, fill);
      for (int flips = random.nextInt(3); flips > 0; flips--) {
        p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
      }
      long bits = p.length * 8L;
      long from = random.nextInt((int) bits);
      long to = from + random.nextInt((int) (bits - from));
      int bit = random.nextInt(2);
      long expected = -1;
      for (long pos = from; pos <= to; pos++) {
        if (((p[(int) (pos >>> 3)] >> (7 - (pos & 7))) & 1) == bit) {
          expected = pos;
          break;
        }
      }
      assertThat(BitCommands.firstBit(p, from, to, bit)).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void overflowChecksAsRedisComputesThem() {
    long[] out = new long[1];
    assertThat(BitCommands.unsignedOverflow(250, 10, 8, 0, out)).isEqualTo(1);
    assertThat(out[0]).isEqualTo(4); // WRAP
    assertThat(BitCommands.unsignedOverflow(-1, 0, 8, 1, out)).isEqualTo(1);
    assertThat(out[0]).isEqualTo(255); // SAT: a negative SET value reads as too big
    assertThat(BitCommands.unsignedOverflow(3, -4, 8, 1, out)).isEqualTo(-1);
    assertThat(out[0]).isEqualTo(0);
    assertThat(BitCommands.signedOverflow(127, 1, 8, 0, out)).isEqualTo(1);
    assertThat(out[0]).isEqualTo(-128);
    assertThat(BitCommands.signedOverflow(Long.MIN_VALUE, -1, 64, 1, out)).isEqualTo(-1);
    assertThat(out[0]).isEqualTo(Long.MIN_VALUE);
    assertThat(BitCommands.signedOverflow(-5, 3, 64, 0, out)).isZero();
  }
}
