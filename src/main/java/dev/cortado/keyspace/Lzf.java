package dev.cortado.keyspace;

/**
 * LZF (liblzf 3.6) as Redis configures it: a 16-bit hash table, the "very fast" hash and
 * re-hashing of two positions after each match. The same input must give Redis's bytes, so the
 * search follows liblzf step for step; a slot not yet written this call matches nothing (Redis
 * leaves the table uninitialised, but checks every candidate against the input).
 */
public final class Lzf {
  private static final int HLOG = 16;
  private static final int HSIZE = 1 << HLOG;
  private static final int MAX_LIT = 1 << 5;
  private static final int MAX_OFF = 1 << 13;
  private static final int MAX_REF = (1 << 8) + (1 << 3);

  private Lzf() {}

  private static int first(byte[] in, int p) {
    return (in[p] & 0xff) << 8 | (in[p + 1] & 0xff);
  }

  private static int next(int h, byte[] in, int p) {
    return h << 8 | (in[p + 2] & 0xff);
  }

  private static int index(int h) {
    return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
  }

  /** The compressed bytes, or null if they would not fit in {@code outLimit} bytes. */
  public static byte[] compress(byte[] in, int outLimit) {
    int inEnd = in.length;
    if (inEnd == 0 || outLimit <= 0) {
      return null;
    }
    byte[] out = new byte[outLimit];
    int[] table = new int[HSIZE];
    java.util.Arrays.fill(table, -1);
    int ip = 0;
    int op = 0;
    int lit = 0;
    op++; // start a literal run
    int hval = first(in, ip);
    while (ip < inEnd - 2) {
      hval = next(hval, in, ip);
      int slot = index(hval);
      int ref = table[slot];
      table[slot] = ip;
      int off;
      // Redis 7.0's liblzf has no "ip + 4 < in_end" test (later versions added one): a match
      // may start 3 bytes before the end.
      if (ref > 0 && ref < ip && (off = ip - ref - 1) < MAX_OFF
          && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
        int len = 2;
        int maxlen = inEnd - ip - len;
        maxlen = Math.min(maxlen, MAX_REF);
        out[op - lit - 1] = (byte) (lit - 1); // end the literal run
        if (lit == 0) {
          op--; // undo an empty run
        }
        if (op + 3 + 1 >= outLimit) {
          return null;
        }
        len = matchLength(in, ref, ip, maxlen);
        len -= 2; // now the match length minus one
        ip++;
        if (len < 7) {
          out[op++] = (byte) ((off >> 8) + (len << 5));
        } else {
          out[op++] = (byte) ((off >> 8) + (7 << 5));
          out[op++] = (byte) (len - 7);
        }
        out[op++] = (byte) off;
        lit = 0;
        op++; // start a literal run
        ip += len + 1;
        if (ip >= inEnd - 2) {
          break;
        }
        ip -= 2;
        hval = first(in, ip);
        hval = next(hval, in, ip);
        table[index(hval)] = ip;
        ip++;
        hval = next(hval, in, ip);
        table[index(hval)] = ip;
        ip++;
      } else {
        if (op >= outLimit) {
          return null;
        }
        lit++;
        out[op++] = in[ip++];
        if (lit == MAX_LIT) {
          out[op - lit - 1] = (byte) (lit - 1);
          lit = 0;
          op++;
        }
      }
    }
    if (op + 3 > outLimit) {
      return null;
    }
    while (ip < inEnd) {
      // liblzf leaves this bound to the check above; a full buffer here means no gain anyway.
      if (op >= outLimit) {
        return null;
      }
      lit++;
      out[op++] = in[ip++];
      if (lit == MAX_LIT) {
        if (op >= outLimit) {
          return null;
        }
        out[op - lit - 1] = (byte) (lit - 1);
        lit = 0;
        op++;
      }
    }
    out[op - lit - 1] = (byte) (lit - 1);
    if (lit == 0) {
      op--;
    }
    return java.util.Arrays.copyOf(out, op);
  }

  /**
   * How many bytes match from ref and ip (3 are known to). liblzf first compares 16 bytes
   * unrolled without looking at maxlen when more than 16 are allowed, so near the end of the
   * input a match may run past maxlen (never past the input): kept, as its output depends on it.
   */
  private static int matchLength(byte[] in, int ref, int ip, int maxlen) {
    int len = 2;
    if (maxlen > 16) {
      for (int k = 0; k < 16; k++) {
        len++;
        if (in[ref + len] != in[ip + len]) {
          return len;
        }
      }
    }
    do {
      len++;
    } while (len < maxlen && in[ref + len] == in[ip + len]);
    return len;
  }

  /** Decompresses into {@code out}; the number of bytes written, or -1 for a corrupt input. */
  public static int decompress(byte[] in, byte[] out) {
    int ip = 0;
    int op = 0;
    if (in.length == 0) {
      return -1;
    }
    do {
      int ctrl = in[ip++] & 0xff;
      if (ctrl < (1 << 5)) {
        ctrl++;
        if (op + ctrl > out.length || ip + ctrl > in.length) {
          return -1;
        }
        System.arraycopy(in, ip, out, op, ctrl);
        op += ctrl;
        ip += ctrl;
      } else {
        int len = ctrl >> 5;
        int ref = op - ((ctrl & 0x1f) << 8) - 1;
        if (ip >= in.length) {
          return -1;
        }
        if (len == 7) {
          len += in[ip++] & 0xff;
          if (ip >= in.length) {
            return -1;
          }
        }
        ref -= in[ip++] & 0xff;
        if (op + len + 2 > out.length || ref < 0) {
          return -1;
        }
        for (int i = 0; i < len + 2; i++) {
          out[op++] = out[ref++];
        }
      }
    } while (ip < in.length);
    return op;
  }
}
