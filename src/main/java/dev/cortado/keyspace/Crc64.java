package dev.cortado.keyspace;

/** Redis's CRC-64 (Jones polynomial, reflected, initial value 0, no final xor). */
public final class Crc64 {
  /** 0xad93d23594c935a9 with its bits reversed, for the reflected (LSB-first) form. */
  private static final long POLY = 0x95ac9329ac4bc9b5L;
  private static final long[] TABLE = new long[256];

  static {
    for (int i = 0; i < 256; i++) {
      long crc = i;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private Crc64() {}

  public static long of(byte[] data) {
    return of(data, 0, data.length);
  }

  public static long of(byte[] data, int from, int to) {
    return update(0, data, from, to);
  }

  /** Continues a CRC over more bytes, for a file written in pieces. */
  public static long update(long crc, byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      crc = TABLE[(int) (crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    }
    return crc;
  }
}
