package dev.cortado.keyspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * DEBUG DIGEST and DIGEST-VALUE as Redis computes them: SHA1s of the data, xored together where
 * order does not matter (set members, hash fields, sorted-set members, keys) and chained where it
 * does (list elements, stream entries), so equal data gives Redis's own hex.
 */
public final class ValueDigest {
  private ValueDigest() {}

  private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

  /** The digest of every key of every database: 40 zeros when all are empty. */
  public static String dataset(Database[] databases) {
    byte[] all = new byte[20];
    for (int j = 0; j < databases.length; j++) {
      var entries = databases[j].entries();
      if (entries.isEmpty()) {
        continue;
      }
      mix(all, int32(j));
      for (Map.Entry<byte[], Value> e : entries) {
        byte[] one = new byte[20];
        mix(one, e.getKey());
        addValue(one, e.getValue());
        xor(all, one);
      }
    }
    return hex(all);
  }

  /** The digest of one value (DIGEST-VALUE), or 40 zeros for a missing key. */
  public static String value(Value v) {
    byte[] digest = new byte[20];
    if (v != null) {
      addValue(digest, v);
    }
    return hex(digest);
  }

  private static void addValue(byte[] digest, Value v) {
    if (v instanceof StringValue s) {
      mix(digest, int32(0));
      mix(digest, s.bytes());
    } else if (v instanceof ListValue l) {
      mix(digest, int32(1));
      for (byte[] element : l.elements()) {
        mix(digest, element);
      }
    } else if (v instanceof SetValue s) {
      mix(digest, int32(2));
      for (byte[] member : s.members()) {
        xor(digest, member);
      }
    } else if (v instanceof ZSetValue z) {
      mix(digest, int32(3));
      for (ZSetValue.Node n = z.first(); n != null; n = n.next()) {
        byte[] one = new byte[20];
        mix(one, n.member());
        mix(one, ScoreText.g17(n.score()).getBytes(StandardCharsets.US_ASCII));
        xor(digest, one);
      }
    } else if (v instanceof HashValue h) {
      mix(digest, int32(4));
      for (Map.Entry<byte[], byte[]> e : h.entries()) {
        byte[] one = new byte[20];
        mix(one, e.getKey());
        mix(one, e.getValue());
        xor(digest, one);
      }
    } else if (v instanceof StreamValue s) {
      mix(digest, int32(6));
      s.forEach(StreamValue.Id.MIN, StreamValue.Id.MAX, false, entry -> {
        // Redis writes the ID as "ms.seq" here, not "ms-seq".
        mix(digest, (Long.toUnsignedString(entry.id().ms()) + "."
            + Long.toUnsignedString(entry.id().seq())).getBytes(StandardCharsets.US_ASCII));
        for (byte[] field : entry.fields()) {
          mix(digest, field);
        }
        return true;
      });
    }
    if (v.expiresAt() != Value.NO_EXPIRY) {
      xor(digest, EXPIRE_MARK);
    }
  }

  private static byte[] int32(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-1
    }
  }

  /** Redis's xorDigest: digest ^= SHA1(data). */
  private static void xor(byte[] digest, byte[] data) {
    byte[] hash = sha1(data);
    for (int i = 0; i < 20; i++) {
      digest[i] ^= hash[i];
    }
  }

  /** Redis's mixDigest: digest = SHA1(digest ^ SHA1(data)). */
  private static void mix(byte[] digest, byte[] data) {
    xor(digest, data);
    System.arraycopy(sha1(digest), 0, digest, 0, 20);
  }

  private static String hex(byte[] digest) {
    StringBuilder b = new StringBuilder(40);
    for (byte x : digest) {
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }
}
