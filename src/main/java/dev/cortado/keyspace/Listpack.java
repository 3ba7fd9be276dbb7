package dev.cortado.keyspace;

import dev.cortado.protocol.Numbers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's listpack bytes (listpack.c), written and read for DUMP and RDB files: a 6-byte header
 * (total bytes, element count), elements each as encoding, data and back-length, and 0xFF. A string
 * that is a canonical 64-bit integer is stored as an integer, as lpAppend does.
 */
final class Listpack {
  private static final int HEADER = 6;
  private static final int END = 0xFF;
  /** The header's count saturates here; the real count is then found by walking. */
  private static final int UNKNOWN_COUNT = 65535;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int count;
  private final byte[] scratch = new byte[9];

  Listpack() {
    out.write(new byte[HEADER], 0, HEADER);
  }

  /** Bytes the listpack would have if finished now (header, elements, end byte). */
  int size() {
    return out.size() + 1;
  }

  int count() {
    return count;
  }

  Listpack add(byte[] s) {
    long v = Numbers.parseLong(s, Long.MIN_VALUE);
    if (v != Long.MIN_VALUE || Numbers.isLong(s)) {
      return addInt(v);
    }
    int len = s.length;
    int enc;
    if (len < 64) {
      scratch[0] = (byte) (0x80 | len);
      enc = 1;
    } else if (len < 4096) {
      scratch[0] = (byte) (0xE0 | (len >> 8));
      scratch[1] = (byte) len;
      enc = 2;
    } else {
      scratch[0] = (byte) 0xF0;
      for (int i = 0; i < 4; i++) {
        scratch[1 + i] = (byte) (len >>> (8 * i));
      }
      enc = 5;
    }
    out.write(scratch, 0, enc);
    out.write(s, 0, len);
    backlen(enc + (long) len);
    count++;
    return this;
  }

  Listpack add(String s) {
    return add(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  Listpack addInt(long v) {
    int n;
    if (v >= 0 && v <= 127) {
      scratch[0] = (byte) v;
      n = 1;
    } else if (v >= -4096 && v <= 4095) {
      long u = v < 0 ? (1L << 13) + v : v;
      scratch[0] = (byte) ((u >> 8) | 0xC0);
      scratch[1] = (byte) u;
      n = 2;
    } else if (v >= -32768 && v <= 32767) {
      n = fixed(0xF1, v, 2);
    } else if (v >= -8388608 && v <= 8388607) {
      n = fixed(0xF2, v, 3);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      n = fixed(0xF3, v, 4);
    } else {
      n = fixed(0xF4, v, 8);
    }
    out.write(scratch, 0, n);
    backlen(n);
    count++;
    return this;
  }

  /** A tag and {@code size} little-endian bytes of {@code v} (two's complement truncates). */
  private int fixed(int tag, long v, int size) {
    scratch[0] = (byte) tag;
    for (int i = 0; i < size; i++) {
      scratch[1 + i] = (byte) (v >>> (8 * i));
    }
    return 1 + size;
  }

  /** lpEncodeBacklen: the entry's length, readable from its last byte backwards. */
  private void backlen(long l) {
    if (l <= 127) {
      out.write((int) l);
    } else if (l < 16383) {
      out.write((int) (l >> 7));
      out.write((int) (l & 127) | 128);
    } else if (l < 2097151) {
      out.write((int) (l >> 14));
      out.write((int) ((l >> 7) & 127) | 128);
      out.write((int) (l & 127) | 128);
    } else if (l < 268435455) {
      out.write((int) (l >> 21));
      out.write((int) ((l >> 14) & 127) | 128);
      out.write((int) ((l >> 7) & 127) | 128);
      out.write((int) (l & 127) | 128);
    } else {
      out.write((int) (l >> 28));
      out.write((int) ((l >> 21) & 127) | 128);
      out.write((int) ((l >> 14) & 127) | 128);
      out.write((int) ((l >> 7) & 127) | 128);
      out.write((int) (l & 127) | 128);
    }
  }

  byte[] toBytes() {
    byte[] b = out.toByteArray();
    b = java.util.Arrays.copyOf(b, b.length + 1);
    b[b.length - 1] = (byte) END;
    int total = b.length;
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) (total >>> (8 * i));
    }
    int n = Math.min(count, UNKNOWN_COUNT);
    b[4] = (byte) n;
    b[5] = (byte) (n >>> 8);
    return b;
  }

  // ---------------------------------------------------------------- reading

  /** A listpack element: an integer ({@code str} null) or a string. */
  record Element(byte[] str, long num) {
    byte[] bytes() {
      return str != null ? str : Long.toString(num).getBytes(StandardCharsets.US_ASCII);
    }

    boolean isInt() {
      return str == null;
    }
  }

  /**
   * Every element of a listpack, checking its frame: the header's size, the end byte, each
   * element's length and back-length, and the header's count when it is not saturated.
   */
  static List<Element> parse(byte[] lp) {
    if (lp.length < HEADER + 1) {
      throw new Rdb.Malformed("listpack too short");
    }
    long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16
        | (lp[3] & 0xffL) << 24;
    int declared = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
    if (total != lp.length || (lp[lp.length - 1] & 0xff) != END) {
      throw new Rdb.Malformed("listpack frame");
    }
    List<Element> out = new ArrayList<>();
    int p = HEADER;
    int end = lp.length - 1;
    while (p < end) {
      int b = lp[p] & 0xff;
      int start = p;
      Element e;
      if ((b & 0x80) == 0) {
        e = new Element(null, b);
        p += 1;
      } else if ((b & 0xC0) == 0x80) {
        int len = b & 0x3f;
        e = new Element(slice(lp, p + 1, len, end), 0);
        p += 1 + len;
      } else if ((b & 0xE0) == 0xC0) {
        need(lp, p, 2, end);
        long u = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
        e = new Element(null, u >= (1 << 12) ? u - (1 << 13) : u);
        p += 2;
      } else if ((b & 0xF0) == 0xE0) {
        need(lp, p, 2, end);
        int len = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
        e = new Element(slice(lp, p + 2, len, end), 0);
        p += 2 + len;
      } else if (b == 0xF0) {
        need(lp, p, 5, end);
        long len = le(lp, p + 1, 4);
        if (len > end - p - 5) {
          throw new Rdb.Malformed("listpack string");
        }
        e = new Element(slice(lp, p + 5, (int) len, end), 0);
        p += 5 + (int) len;
      } else if (b >= 0xF1 && b <= 0xF4) {
        int size = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
        need(lp, p, 1 + size, end);
        long v = le(lp, p + 1, size);
        v = (v << (64 - 8 * size)) >> (64 - 8 * size);
        e = new Element(null, v);
        p += 1 + size;
      } else {
        throw new Rdb.Malformed("listpack encoding");
      }
      long entryLen = p - start;
      int bl = entryLen <= 127 ? 1 : entryLen < 16383 ? 2 : entryLen < 2097151 ? 3
          : entryLen < 268435455 ? 4 : 5;
      if (p + bl > end) {
        throw new Rdb.Malformed("listpack back-length");
      }
      p += bl;
      out.add(e);
    }
    if (declared != UNKNOWN_COUNT && declared != out.size()) {
      throw new Rdb.Malformed("listpack count");
    }
    return out;
  }

  private static void need(byte[] lp, int p, int n, int end) {
    if (p + n > end) {
      throw new Rdb.Malformed("listpack truncated");
    }
  }

  private static byte[] slice(byte[] lp, int from, int len, int end) {
    if (from + len > end) {
      throw new Rdb.Malformed("listpack truncated");
    }
    return java.util.Arrays.copyOfRange(lp, from, from + len);
  }

  private static long le(byte[] b, int from, int size) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      v |= (b[from + i] & 0xffL) << (8 * i);
    }
    return v;
  }
}
