package dev.cortado.command;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Redis's HyperLogLog, byte for byte: the bytes of a string value, as hyperloglog.c lays them out.
 *
 * <p>A 16-byte header ("HYLL", the encoding, three unused bytes, the cached cardinality as 8 bytes
 * little endian whose top bit says "stale"), then either 16384 6-bit registers packed from the low
 * bit of each byte up (dense), or a run-length form (sparse) of three opcodes: ZERO {@code 00xxxxxx}
 * (1 to 64 zero registers), XZERO {@code 01xxxxxx yyyyyyyy} (1 to 16384 zero registers) and VAL
 * {@code 1vvvvvxx} (1 to 4 registers of value 1 to 32). A sparse value becomes dense when a register
 * needs more than 32 or when it would grow past hll-sparse-max-bytes.
 *
 * <p>Elements are hashed with MurmurHash64A (seed 0xadc83b19, 8-byte blocks read little endian as
 * Redis does on x86): the low 14 bits pick the register, the run of zeros above them, plus one, is
 * the value. The cardinality is Ertl's improved estimator over the histogram of register values,
 * computed in the same floating-point order as Redis so every count is identical.
 *
 * <p>An {@link Edit} changes a value: it reads the stored bytes and copies them only at the first
 * real change, so a PFADD that changes nothing copies nothing.
 */
final class HyperLogLog {
  private HyperLogLog() {}

  static final int HEADER = 16;
  static final int P = 14;
  /** Bits of the hash above the register index; a run is at most Q + 1. */
  static final int Q = 64 - P;
  static final int REGISTERS = 1 << P;
  static final int DENSE_SIZE = HEADER + REGISTERS * 6 / 8;
  static final int DENSE = 0;
  static final int SPARSE = 1;
  static final int MAX_ENCODING = SPARSE;
  static final int SPARSE_VAL_MAX_VALUE = 32;
  static final int SPARSE_VAL_MAX_LEN = 4;
  static final int SPARSE_ZERO_MAX_LEN = 64;
  static final int SPARSE_XZERO_MAX_LEN = 16384;
  static final long SEED = 0xadc83b19L;
  /** 0.5 / ln(2), the bias constant of the estimator for m -> infinity. */
  private static final double ALPHA_INF = 0.721347520444481703680;
  private static final long MURMUR_M = 0xc6a4a7935bd1e995L;
  private static final int MURMUR_R = 47;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // ------------------------------------------------------------------ hashing

  /** MurmurHash64A as Redis computes it on a little-endian machine. */
  static long murmur64a(byte[] data, long seed) {
    int len = data.length;
    long h = seed ^ ((long) len * MURMUR_M);
    int blocks = len - (len & 7);
    for (int i = 0; i < blocks; i += 8) {
      long k = (long) LONG_LE.get(data, i);
      k *= MURMUR_M;
      k ^= k >>> MURMUR_R;
      k *= MURMUR_M;
      h ^= k;
      h *= MURMUR_M;
    }
    int rest = len & 7;
    if (rest > 0) {
      // The tail bytes, highest first, then one multiply (C's fall-through switch).
      for (int i = rest - 1; i >= 0; i--) {
        h ^= (data[blocks + i] & 0xffL) << (8 * i);
      }
      h *= MURMUR_M;
    }
    h ^= h >>> MURMUR_R;
    h *= MURMUR_M;
    h ^= h >>> MURMUR_R;
    return h;
  }

  /** The register an element's hash selects. */
  static int index(long hash) {
    return (int) (hash & (REGISTERS - 1));
  }

  /** The value the hash offers its register: the zeros above the index bits, plus one (1..Q+1). */
  static int runLength(long hash) {
    long rest = (hash >>> P) | (1L << Q); // the sentinel bit bounds the run at Q + 1
    return Long.numberOfTrailingZeros(rest) + 1;
  }

  // ------------------------------------------------------------------ header

  /** A new, empty HyperLogLog as PFADD creates it: sparse, one XZERO, a valid cached 0. */
  static byte[] emptySparse() {
    byte[] b = new byte[HEADER + 2];
    b[0] = 'H';
    b[1] = 'Y';
    b[2] = 'L';
    b[3] = 'L';
    b[4] = SPARSE;
    b[HEADER] = (byte) (0x40 | ((SPARSE_XZERO_MAX_LEN - 1) >>> 8));
    b[HEADER + 1] = (byte) ((SPARSE_XZERO_MAX_LEN - 1) & 0xff);
    return b;
  }

  /** Whether a string is a HyperLogLog Redis accepts (isHLLObjectOrReply's checks). */
  static boolean isValid(byte[] b) {
    if (b.length < HEADER || b[0] != 'H' || b[1] != 'Y' || b[2] != 'L' || b[3] != 'L') {
      return false;
    }
    int encoding = b[4] & 0xff;
    if (encoding > MAX_ENCODING) {
      return false;
    }
    return encoding != DENSE || b.length == DENSE_SIZE;
  }

  static int encoding(byte[] b) {
    return b[4] & 0xff;
  }

  static boolean cacheValid(byte[] b) {
    return (b[HEADER - 1] & 0x80) == 0;
  }

  static long cachedCardinality(byte[] b) {
    long card = 0;
    for (int i = 7; i >= 0; i--) {
      card = (card << 8) | (b[8 + i] & 0xff);
    }
    return card;
  }

  static void setCachedCardinality(byte[] b, long card) {
    for (int i = 0; i < 8; i++) {
      b[8 + i] = (byte) (card >>> (8 * i));
    }
  }

  static void invalidateCache(byte[] b) {
    b[HEADER - 1] |= (byte) 0x80;
  }

  // ------------------------------------------------------------------ dense registers

  /** Register i of a dense value (registers from {@code HEADER}); the byte past the end reads 0. */
  static int denseGet(byte[] b, int i) {
    int bit = i * 6;
    int at = HEADER + (bit >>> 3);
    int shift = bit & 7;
    int b0 = b[at] & 0xff;
    int b1 = at + 1 < b.length ? b[at + 1] & 0xff : 0;
    return ((b0 >>> shift) | (b1 << (8 - shift))) & 63;
  }

  static void denseSet(byte[] b, int i, int value) {
    int bit = i * 6;
    int at = HEADER + (bit >>> 3);
    int shift = bit & 7;
    b[at] = (byte) ((b[at] & ~(63 << shift)) | (value << shift));
    if (at + 1 < b.length) { // for the last register the high part is empty
      int high = 8 - shift;
      b[at + 1] = (byte) ((b[at + 1] & ~(63 >>> high)) | (value >>> high));
    }
  }

  // ------------------------------------------------------------------ sparse opcodes

  private static boolean isZero(int op) {
    return (op & 0xc0) == 0;
  }

  private static boolean isXZero(int op) {
    return (op & 0xc0) == 0x40;
  }

  private static boolean isVal(int op) {
    return (op & 0x80) != 0;
  }

  private static int zeroLen(int op) {
    return (op & 0x3f) + 1;
  }

  private static int xzeroLen(int op, int next) {
    return (((op & 0x3f) << 8) | next) + 1;
  }

  private static int valValue(int op) {
    return ((op >>> 2) & 0x1f) + 1;
  }

  private static int valLen(int op) {
    return (op & 3) + 1;
  }

  private static byte val(int value, int len) {
    return (byte) (0x80 | ((value - 1) << 2) | (len - 1));
  }

  /** Writes a run of zeros as ZERO or XZERO at {@code at}; returns the bytes written. */
  private static int zeros(byte[] out, int at, int len) {
    if (len > SPARSE_ZERO_MAX_LEN) {
      out[at] = (byte) (0x40 | ((len - 1) >>> 8));
      out[at + 1] = (byte) ((len - 1) & 0xff);
      return 2;
    }
    out[at] = (byte) (len - 1);
    return 1;
  }

  // ------------------------------------------------------------------ counting

  /** Adds the register histogram of a stored value; false when a sparse one does not cover 16384. */
  static boolean histogram(byte[] b, int[] histo) {
    if (encoding(b) == DENSE) {
      denseHistogram(b, histo);
      return true;
    }
    return sparseHistogram(b, b.length, histo);
  }

  private static void denseHistogram(byte[] b, int[] histo) {
    // Three bytes hold four registers.
    for (int at = HEADER; at < DENSE_SIZE; at += 3) {
      int b0 = b[at] & 0xff;
      int b1 = b[at + 1] & 0xff;
      int b2 = b[at + 2] & 0xff;
      histo[b0 & 63]++;
      histo[((b0 >>> 6) | (b1 << 2)) & 63]++;
      histo[((b1 >>> 4) | (b2 << 4)) & 63]++;
      histo[b2 >>> 2]++;
    }
  }

  private static boolean sparseHistogram(byte[] b, int len, int[] histo) {
    long idx = 0; // a hostile string of many XZEROs must not wrap it
    int p = HEADER;
    while (p < len) {
      int op = b[p] & 0xff;
      if (isZero(op)) {
        int run = zeroLen(op);
        idx += run;
        histo[0] += run;
        p++;
      } else if (isXZero(op)) {
        int run = xzeroLen(op, p + 1 < len ? b[p + 1] & 0xff : 0);
        idx += run;
        histo[0] += run;
        p += 2;
      } else {
        int run = valLen(op);
        idx += run;
        histo[valValue(op)] += run;
        p++;
      }
    }
    return idx == REGISTERS;
  }

  /** The histogram of plain byte registers (PFCOUNT of several keys merges into these). */
  static int[] rawHistogram(byte[] registers) {
    int[] histo = new int[64];
    for (byte r : registers) {
      histo[r]++;
    }
    return histo;
  }

  /** Ertl's improved estimator, operation for operation as Redis's hllCount. */
  static long estimate(int[] histo) {
    double m = REGISTERS;
    double z = m * tau((m - histo[Q + 1]) / m);
    for (int j = Q; j >= 1; j--) {
      z += histo[j];
      z *= 0.5;
    }
    z += m * sigma(histo[0] / m);
    return Math.round(ALPHA_INF * m * m / z); // llroundl: halves away from zero, z > 0 here
  }

  /** Ertl's sigma(x) = x + sum over k >= 1 of x^(2^k) * 2^(k-1), summed until it stops changing. */
  static double sigma(double x) {
    if (x == 1.0) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = x;
    double weight = 1;
    double previous;
    do {
      x *= x;
      previous = sum;
      sum += x * weight;
      weight += weight;
    } while (previous != sum);
    return sum;
  }

  /** Ertl's tau(x), by successive square roots until the sum stops changing. */
  static double tau(double x) {
    if (x == 0.0 || x == 1.0) {
      return 0.0;
    }
    double sum = 1 - x;
    double weight = 1.0;
    double previous;
    do {
      x = Math.sqrt(x);
      previous = sum;
      weight *= 0.5;
      double d = 1 - x;
      sum -= d * d * weight; // pow(d, 2) is the correctly rounded square, as d * d
    } while (previous != sum);
    return sum / 3;
  }

  /**
   * The cardinality of one stored value from its registers (not the cache), or -1 when a sparse
   * value is corrupt.
   */
  static long count(byte[] b) {
    int[] histo = new int[64];
    if (!histogram(b, histo)) {
      return -1;
    }
    return estimate(histo);
  }

  // ------------------------------------------------------------------ merging

  /**
   * Raises {@code max[i]} to register i of a stored value (hllMerge); false when a sparse value is
   * corrupt.
   */
  static boolean mergeInto(byte[] max, byte[] b) {
    if (encoding(b) == DENSE) {
      for (int at = HEADER, i = 0; at < DENSE_SIZE; at += 3, i += 4) {
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        int b2 = b[at + 2] & 0xff;
        raise(max, i, b0 & 63);
        raise(max, i + 1, ((b0 >>> 6) | (b1 << 2)) & 63);
        raise(max, i + 2, ((b1 >>> 4) | (b2 << 4)) & 63);
        raise(max, i + 3, b2 >>> 2);
      }
      return true;
    }
    int len = b.length;
    int i = 0;
    int p = HEADER;
    while (p < len) {
      int op = b[p] & 0xff;
      int run = isZero(op) ? zeroLen(op)
          : isXZero(op) ? xzeroLen(op, p + 1 < len ? b[p + 1] & 0xff : 0) : valLen(op);
      if (run + i > REGISTERS) {
        return false; // any run past the last register is corrupt (the CVE-2025-32023 fix)
      }
      if (isVal(op)) {
        int value = valValue(op);
        for (int k = 0; k < run; k++) {
          raise(max, i + k, value);
        }
        p++;
      } else {
        p += isXZero(op) ? 2 : 1;
      }
      i += run;
    }
    return i == REGISTERS;
  }

  private static void raise(byte[] max, int i, int value) {
    if (value > max[i]) {
      max[i] = (byte) value;
    }
  }

  // ------------------------------------------------------------------ changing a value

  /**
   * A value being changed: the stored array until the first change, then a private copy with room
   * to grow (a sparse value grows by up to 3 bytes per register set).
   */
  static final class Edit {
    private byte[] b;
    private int len;
    private boolean owned;
    /** Whether any byte differs from the stored value. */
    boolean changed;

    Edit(byte[] stored) {
      this.b = stored;
      this.len = stored.length;
    }

    /** A brand-new value that is already private. */
    static Edit fresh(byte[] value) {
      Edit e = new Edit(value);
      e.owned = true;
      e.changed = true;
      return e;
    }

    int encoding() {
      return b[4] & 0xff;
    }

    /** The bytes now: the stored array itself when nothing changed. */
    byte[] bytes() {
      if (!owned) {
        return b;
      }
      return b.length == len ? b : Arrays.copyOf(b, len);
    }

    /** Makes the buffer private with room for {@code extra} more bytes. */
    private void own(int extra) {
      if (!owned) {
        b = Arrays.copyOf(b, len + Math.max(extra, encoding() == DENSE ? 0 : 64));
        owned = true;
      } else if (b.length < len + extra) {
        b = Arrays.copyOf(b, Math.max(len + extra, b.length * 2));
      }
      changed = true;
    }

    /** The sparse byte at {@code i}, or 0 past the end (Redis reads the string's NUL there). */
    private int at(int i) {
      return i < len ? b[i] & 0xff : 0;
    }

    void invalidateCache() {
      if (cacheValid(b)) {
        own(0);
        HyperLogLog.invalidateCache(b);
      }
    }

    void setCachedCardinality(long card) {
      own(0);
      HyperLogLog.setCachedCardinality(b, card);
    }

    /** PFADD of one element: 1 if a register grew, 0 if not, -1 if the sparse form is corrupt. */
    int add(byte[] element, long sparseMaxBytes) {
      long hash = murmur64a(element, SEED);
      return set(index(hash), runLength(hash), sparseMaxBytes);
    }

    /** Raises register {@code index} to {@code count}: 1 if it grew, 0 if not, -1 if corrupt. */
    int set(int index, int count, long sparseMaxBytes) {
      if (encoding() == DENSE) {
        return denseRaise(index, count);
      }
      return sparseSet(index, count, sparseMaxBytes);
    }

    private int denseRaise(int index, int count) {
      if (count <= denseGet(b, index)) {
        return 0;
      }
      own(0);
      denseSet(b, index, count);
      return 1;
    }

    /** Converts a sparse value to dense; false (and no change) when the sparse form is corrupt. */
    boolean toDense() {
      if (encoding() == DENSE) {
        return true;
      }
      byte[] dense = new byte[DENSE_SIZE];
      System.arraycopy(b, 0, dense, 0, HEADER); // magic, unused bytes and the cache come along
      dense[4] = DENSE;
      int idx = 0;
      int p = HEADER;
      while (p < len) {
        int op = b[p] & 0xff;
        int run = isZero(op) ? zeroLen(op) : isXZero(op) ? xzeroLen(op, at(p + 1)) : valLen(op);
        if (run + idx > REGISTERS) {
          return false; // any run past the last register is corrupt, as in mergeInto
        }
        if (isVal(op)) {
          int value = valValue(op);
          for (int k = 0; k < run; k++) {
            denseSet(dense, idx + k, value);
          }
          p++;
        } else {
          p += isXZero(op) ? 2 : 1;
        }
        idx += run;
      }
      if (idx != REGISTERS) {
        return false;
      }
      b = dense;
      len = DENSE_SIZE;
      owned = true;
      changed = true;
      return true;
    }

    /**
     * hllSparseSet: finds the opcode covering the register, splits it around the new VAL, then
     * merges equal neighbouring VALs; promotes to dense when the value needs more than 5 bits or the
     * string would grow past {@code sparseMaxBytes}.
     */
    private int sparseSet(int index, int count, long sparseMaxBytes) {
      if (count > SPARSE_VAL_MAX_VALUE) {
        return promote(index, count);
      }
      // Step 1: the opcode covering the register.
      int end = len;
      int p = HEADER;
      long first = 0; // long: a hostile run of XZEROs must not wrap it
      int prev = -1;
      int span = 0;
      while (p < end) {
        int op = b[p] & 0xff;
        int opLen = 1;
        if (isZero(op)) {
          span = zeroLen(op);
        } else if (isVal(op)) {
          span = valLen(op);
        } else {
          span = xzeroLen(op, at(p + 1));
          opLen = 2;
        }
        if (index <= first + span - 1) {
          break;
        }
        prev = p;
        p += opLen;
        first += span;
      }
      if (span == 0 || p >= end) {
        return -1;
      }
      int op = b[p] & 0xff;
      int next = isXZero(op) ? p + 2 : p + 1;
      if (next >= end) {
        next = -1;
      }
      boolean zero = isZero(op);
      boolean xzero = isXZero(op);
      boolean value = isVal(op);
      int run = zero ? zeroLen(op) : xzero ? xzeroLen(op, at(p + 1)) : valLen(op);

      // Step 2: the easy cases change one byte.
      if (value) {
        if (valValue(op) >= count) {
          return 0;
        }
        if (run == 1) {
          own(0);
          b[p] = val(count, 1);
          mergeNeighbours(prev, end);
          return 1;
        }
      }
      if (zero && run == 1) {
        own(0);
        b[p] = val(count, 1);
        mergeNeighbours(prev, end);
        return 1;
      }
      // Otherwise split the opcode into up to three: before, the register, after.
      byte[] seq = new byte[5];
      int n = 0;
      int last = (int) (first + span - 1); // covers index, so within the registers
      if (zero || xzero) {
        if (index != first) {
          n += zeros(seq, n, (int) (index - first));
        }
        seq[n++] = val(count, 1);
        if (index != last) {
          n += zeros(seq, n, last - index);
        }
      } else {
        int current = valValue(op);
        if (index != first) {
          seq[n++] = val(current, (int) (index - first));
        }
        seq[n++] = val(count, 1);
        if (index != last) {
          seq[n++] = val(current, last - index);
        }
      }
      // Step 3: put the sequence in place of the opcode.
      int oldLen = xzero ? 2 : 1;
      int delta = n - oldLen;
      if (delta > 0 && (long) len + delta > sparseMaxBytes) {
        return promote(index, count);
      }
      own(Math.max(delta, 0));
      if (delta != 0 && next != -1) {
        System.arraycopy(b, next, b, next + delta, end - next);
      }
      len += delta;
      System.arraycopy(seq, 0, b, p, n);
      end += delta;
      mergeNeighbours(prev, end);
      return 1;
    }

    /** Step 4: from the opcode before the change, up to 5 opcodes, joins equal adjacent VALs. */
    private void mergeNeighbours(int prev, int end) {
      int p = prev >= 0 ? prev : HEADER;
      int scan = 5;
      while (p < end && scan-- > 0) {
        int op = b[p] & 0xff;
        if (isXZero(op)) {
          p += 2;
          continue;
        }
        if (isZero(op)) {
          p++;
          continue;
        }
        if (p + 1 < end && isVal(b[p + 1] & 0xff)) {
          int nextOp = b[p + 1] & 0xff;
          int v = valValue(op);
          if (v == valValue(nextOp)) {
            int joined = valLen(op) + valLen(nextOp);
            if (joined <= SPARSE_VAL_MAX_LEN) {
              b[p + 1] = val(v, joined);
              System.arraycopy(b, p + 1, b, p, end - p - 1);
              len--;
              end--;
              continue; // try the joined one with its right neighbour
            }
          }
        }
        p++;
      }
    }

    private int promote(int index, int count) {
      if (!toDense()) {
        return -1;
      }
      denseRaise(index, count); // necessarily raises it: the sparse form could not hold it
      return 1;
    }
  }
}
