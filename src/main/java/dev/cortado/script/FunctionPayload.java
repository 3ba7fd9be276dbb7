package dev.cortado.script;

import dev.cortado.keyspace.Crc64;
import dev.cortado.keyspace.Lzf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes of FUNCTION DUMP and FUNCTION RESTORE, as Redis 7.0 lays them out (the function part of
 * its RDB format): per library an opcode and its code as an RDB string (LZF-compressed when that
 * saves bytes and rdbcompression is on), then the RDB version (2 bytes, little-endian) and a CRC-64
 * of everything before it (8 bytes, little-endian). Redis's own dumps restore here and ours there.
 */
final class FunctionPayload {
  /** RDB_OPCODE_FUNCTION2: a library as its code. */
  static final int OPCODE_FUNCTION = 245;
  /** RDB_OPCODE_FUNCTION_PRE_GA: 7.0 release candidates' library (name, engine, description, body). */
  static final int OPCODE_FUNCTION_PRE_GA = 246;
  /** The RDB version Redis 7.0 writes; a newer one is refused. */
  static final int RDB_VERSION = 10;
  private static final int FOOTER = 10;

  private FunctionPayload() {}

  /** Why a payload was refused, in Redis's words (the reply adds "ERR "). */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  // ---- writing

  static byte[] dump(List<byte[]> codes, boolean compress) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] code : codes) {
      out.write(OPCODE_FUNCTION);
      writeString(out, code, compress);
    }
    out.write(RDB_VERSION & 0xff);
    out.write((RDB_VERSION >> 8) & 0xff);
    long crc = Crc64.of(out.toByteArray());
    for (int i = 0; i < 8; i++) {
      out.write((int) (crc >>> (8 * i)) & 0xff);
    }
    return out.toByteArray();
  }

  /**
   * An RDB string as rdbSaveRawString writes it. Library code starts with "#!", so the integer
   * encoding Redis tries on short strings never applies.
   */
  private static void writeString(ByteArrayOutputStream out, byte[] s, boolean compress) {
    // Redis skips LZF up to 20 bytes, and keeps a result only if it saves at least 4 bytes.
    if (compress && s.length > 20) {
      byte[] packed = Lzf.compress(s, s.length - 4);
      if (packed != null) {
        out.write(0xC0 | 3); // RDB_ENCVAL << 6 | RDB_ENC_LZF
        writeLength(out, packed.length);
        writeLength(out, s.length);
        out.write(packed, 0, packed.length);
        return;
      }
    }
    writeLength(out, s.length);
    out.write(s, 0, s.length);
  }

  private static void writeLength(ByteArrayOutputStream out, long n) {
    if (n < 64) {
      out.write((int) n);
    } else if (n < 16384) {
      out.write(0x40 | (int) (n >> 8));
      out.write((int) n & 0xff);
    } else if (n <= 0xFFFFFFFFL) {
      out.write(0x80);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (n >>> shift) & 0xff);
      }
    } else {
      out.write(0x81);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (n >>> shift) & 0xff);
      }
    }
  }

  // ---- reading

  /** Whether the footer holds a version Redis 7.0 reads and the CRC-64 of the rest (verifyDumpPayload). */
  static boolean verify(byte[] payload) {
    if (payload.length < FOOTER) {
      return false;
    }
    int footer = payload.length - FOOTER;
    int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
    if (version > RDB_VERSION) {
      return false;
    }
    long crc = Crc64.of(payload, 0, payload.length - 8);
    for (int i = 0; i < 8; i++) {
      if ((byte) (crc >>> (8 * i)) != payload[footer + 2 + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The libraries of a verified payload, one code at a time, so that a library's own error comes
   * before a later entry's, as Redis reads them. Reads may run into the footer, as Redis's do.
   */
  static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] payload) {
      this.in = payload;
    }

    boolean hasNext() {
      return in.length - pos > FOOTER;
    }

    /** The next library's code (a pre-GA entry gets the shebang line Redis builds for it). */
    byte[] next() {
      int type = in[pos++] & 0xff;
      if (type == OPCODE_FUNCTION) {
        return string("Failed loading library payload");
      }
      if (type != OPCODE_FUNCTION_PRE_GA) {
        throw new Malformed("given type is not a function");
      }
      byte[] name = string("Failed loading library name");
      byte[] engine = string("Failed loading engine name");
      long hasDescription = length("Failed loading library description indicator");
      if (hasDescription != 0) {
        string("Failed loading library description"); // 7.0 dropped library descriptions
      }
      byte[] body = string("Failed loading library blob");
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      code.writeBytes("#!".getBytes(StandardCharsets.ISO_8859_1));
      code.writeBytes(cString(engine));
      code.writeBytes(" name=".getBytes(StandardCharsets.ISO_8859_1));
      code.writeBytes(cString(name));
      code.write('\n');
      code.writeBytes(cString(body));
      return code.toByteArray();
    }

    /** sdscatfmt's %s: a string up to its first NUL. */
    private static byte[] cString(byte[] s) {
      for (int i = 0; i < s.length; i++) {
        if (s[i] == 0) {
          return java.util.Arrays.copyOf(s, i);
        }
      }
      return s;
    }

    /** An RDB string: raw, an encoded integer or LZF; {@code failure} if it cannot be read. */
    private byte[] string(String failure) {
      if (pos >= in.length) {
        throw new Malformed(failure);
      }
      int first = in[pos] & 0xff;
      if ((first >> 6) == 3) {
        pos++;
        switch (first & 0x3f) {
          case 0:
            return integer(1, failure);
          case 1:
            return integer(2, failure);
          case 2:
            return integer(4, failure);
          case 3:
            return lzf(failure);
          default:
            throw new Malformed(failure);
        }
      }
      long n = length(failure);
      return bytes(n, failure);
    }

    private byte[] integer(int size, String failure) {
      if (in.length - pos < size) {
        throw new Malformed(failure);
      }
      long v = 0;
      for (int i = 0; i < size; i++) {
        v |= (long) (in[pos + i] & 0xff) << (8 * i);
      }
      pos += size;
      v = (v << (64 - 8 * size)) >> (64 - 8 * size); // sign-extend
      return Long.toString(v).getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] lzf(String failure) {
      long packedLength = length(failure);
      long length = length(failure);
      byte[] packed = bytes(packedLength, failure);
      // A back reference expands 3 bytes to at most 264: a longer claim cannot be honest, and
      // refusing it first keeps a forged length from allocating memory.
      if (length == 0 || length > packedLength * 88) {
        throw new Malformed(failure);
      }
      byte[] out = new byte[(int) length];
      if (Lzf.decompress(packed, out) != length) {
        throw new Malformed(failure);
      }
      return out;
    }

    private byte[] bytes(long n, String failure) {
      if (n < 0 || n > in.length - pos) {
        throw new Malformed(failure);
      }
      byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
      pos += (int) n;
      return out;
    }

    /** An RDB length (rdbLoadLen); an encoded-value marker or a broken one fails. */
    private long length(String failure) {
      if (pos >= in.length) {
        throw new Malformed(failure);
      }
      int first = in[pos++] & 0xff;
      switch (first >> 6) {
        case 0:
          return first & 0x3f;
        case 1:
          if (pos >= in.length) {
            throw new Malformed(failure);
          }
          return (first & 0x3f) << 8 | (in[pos++] & 0xff);
        case 3:
          return first & 0x3f; // an encoding marker where a plain length belongs: Redis reads its bits
        default:
          int size = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
          if (size < 0 || in.length - pos < size) {
            throw new Malformed(failure);
          }
          long v = 0;
          for (int i = 0; i < size; i++) {
            v = v << 8 | (in[pos++] & 0xff);
          }
          return v;
      }
    }
  }
}
