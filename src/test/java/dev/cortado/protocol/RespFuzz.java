package dev.cortado.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Seeded request generation, mutation and a reference model for the robustness tests. The model
 * restates Redis 7.0's processInputBuffer over a whole buffer (networking.c: strchr for line ends,
 * string2ll for lengths, sdssplitargs for inline requests), written apart from RespDecoder so that
 * the two can disagree. Kept to frames well under 64 KiB: past that limit Redis's own answer depends
 * on how its reads were cut, so no decoder can be split-independent there.
 */
public final class RespFuzz {
  private RespFuzz() {}

  private static final byte[] SPECIAL = bytes("\r\n\0*$\"'\\ \t-0123456789x");
  private static final String[] WORDS = {"PING", "ECHO", "ping", "echo", "hello", "a", "", "x y",
      "\r\n", "$3", "*1", "\"q\"", "'s'", "\\x41", "-1", "0"};

  /** One to four valid requests, multibulk or inline, concatenated. */
  public static byte[] validStream(SplittableRandom random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(4);
    for (int i = 0; i < frames; i++) {
      out.writeBytes(random.nextInt(3) == 0 ? inline(random) : multibulk(random));
    }
    return out.toByteArray();
  }

  /** A PING or ECHO as RESP: harmless on a shared server whatever a mutation makes of it. */
  public static byte[] multibulk(SplittableRandom random) {
    List<byte[]> args = new ArrayList<>();
    args.add(bytes(random.nextBoolean() ? "PING" : "ECHO"));
    int extra = random.nextInt(3);
    for (int i = 0; i < extra; i++) {
      args.add(randomArg(random));
    }
    return encode(args);
  }

  public static byte[] encode(List<byte[]> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("*" + args.size() + "\r\n"));
    for (byte[] a : args) {
      out.writeBytes(bytes("$" + a.length + "\r\n"));
      out.writeBytes(a);
      out.writeBytes(bytes("\r\n"));
    }
    return out.toByteArray();
  }

  private static byte[] randomArg(SplittableRandom random) {
    if (random.nextBoolean()) {
      return bytes(WORDS[random.nextInt(WORDS.length)]);
    }
    byte[] a = new byte[random.nextInt(24)];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
    }
    return a;
  }

  /** An inline request: words, quoted words with escapes, odd spacing, CRLF or a bare LF. */
  public static byte[] inline(SplittableRandom random) {
    StringBuilder line = new StringBuilder(random.nextBoolean() ? "PING" : "ECHO");
    int words = random.nextInt(3);
    for (int i = 0; i < words; i++) {
      line.append(random.nextInt(4) == 0 ? "  \t" : " ");
      switch (random.nextInt(4)) {
        case 0 -> line.append("w").append(random.nextInt(100));
        case 1 -> line.append("\"a b\\x4a\\n\\\"\"");
        case 2 -> line.append("'it\\'s'");
        default -> line.append("\"\"");
      }
    }
    if (random.nextInt(5) == 0) {
      line.insert(0, "  ");
    }
    line.append(random.nextInt(4) == 0 ? "\n" : "\r\n");
    return bytes(line.toString());
  }

  /** One to three mutations of the kinds a broken or hostile client produces. */
  public static byte[] mutate(byte[] input, SplittableRandom random) {
    byte[] b = input;
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      b = mutateOnce(b, random);
    }
    return b;
  }

  private static byte[] mutateOnce(byte[] b, SplittableRandom random) {
    if (b.length == 0) {
      return new byte[] {SPECIAL[random.nextInt(SPECIAL.length)]};
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(9)) {
      case 0: { // flip a bit
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << random.nextInt(8));
        return c;
      }
      case 1: // insert a byte, often one the protocol cares about
        return splice(b, at, 0, new byte[] {random.nextBoolean()
            ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256)});
      case 2: // delete a few bytes
        return splice(b, at, Math.min(b.length - at, 1 + random.nextInt(3)), new byte[0]);
      case 3: // truncate
        return Arrays.copyOf(b, at);
      case 4: // drop a CR or LF
      {
        int crlf = indexOfAny(b, at, (byte) '\r', (byte) '\n');
        return crlf < 0 ? splice(b, at, 1, new byte[0]) : splice(b, crlf, 1, new byte[0]);
      }
      case 5: // a quote where it does not belong
        return splice(b, at, 0, bytes(random.nextBoolean() ? "\"" : "'"));
      case 6: // a NUL
        return splice(b, at, random.nextInt(2), new byte[] {0});
      default: // rewrite a length: off by one, negative, huge, not a number
        return rewriteLength(b, random);
    }
  }

  private static final String[] LENGTHS = {"-1", "-2", "0", "1", "2", "10", "11", "16384", "16385",
      "536870912", "536870913", "2147483647", "2147483648", "-9223372036854775808",
      "9223372036854775807", "9223372036854775808", "99999999999999999999", "999999999999999999999",
      "01", "+1", " 1", "1 ", "", "abc", "-0", "-"};

  private static byte[] rewriteLength(byte[] b, SplittableRandom random) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '*' || b[i] == '$') {
        starts.add(i);
      }
    }
    if (starts.isEmpty()) {
      return splice(b, random.nextInt(b.length + 1), 0, bytes("*" + LENGTHS[random.nextInt(LENGTHS.length)]
          + "\r\n"));
    }
    int s = starts.get(random.nextInt(starts.size())) + 1;
    int e = s;
    while (e < b.length && b[e] != '\r') {
      e++;
    }
    String old = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    String replacement = switch (random.nextInt(3)) {
      case 0 -> LENGTHS[random.nextInt(LENGTHS.length)];
      case 1 -> Numbers.isLong(bytes(old)) ? Long.toString(Long.parseLong(old) + 1) : "1";
      default -> Numbers.isLong(bytes(old)) ? Long.toString(Long.parseLong(old) - 1) : "0";
    };
    return splice(b, s, e - s, bytes(replacement));
  }

  private static int indexOfAny(byte[] b, int from, byte x, byte y) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x || b[i] == y) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] c = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(insert, 0, c, at, insert.length);
    System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
    return c;
  }

  // --- the reference model

  /** Redis's PROTO_INLINE_MAX_SIZE. */
  private static final int INLINE_MAX = 64 * 1024;

  /**
   * What Redis 7.0 makes of these bytes arriving at once: the requests it would run (each rendered
   * by {@link #render}), then a {@link ProtocolError} if it gives up. Without an error, whatever is
   * left is an incomplete request Redis keeps waiting for.
   */
  public static List<Object> model(byte[] b, boolean unauthenticated, long maxBulk) {
    List<Object> out = new ArrayList<>();
    int n = b.length;
    int pos = 0;
    while (pos < n) {
      if (b[pos] == '*') {
        int cr = strchr(b, pos, '\r');
        if (cr < 0) {
          return tooBig(out, n - pos, "too big mbulk count string");
        }
        if (cr > n - 2) {
          return out;
        }
        BigInteger count = string2ll(b, pos + 1, cr);
        if (count == null || count.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
          return error(out, "invalid multibulk length");
        }
        if (count.compareTo(BigInteger.TEN) > 0 && unauthenticated) {
          return error(out, "unauthenticated multibulk length");
        }
        pos = cr + 2;
        if (count.signum() <= 0) {
          continue;
        }
        List<byte[]> args = new ArrayList<>();
        while (args.size() < count.intValue()) {
          cr = strchr(b, pos, '\r');
          if (cr < 0) {
            return tooBig(out, n - pos, "too big bulk count string");
          }
          if (cr > n - 2) {
            return out;
          }
          if (b[pos] != '$') {
            char got = b[pos] == '\r' || b[pos] == '\n' ? ' ' : (char) (b[pos] & 0xff);
            return error(out, "expected '$', got '" + got + "'");
          }
          BigInteger len = string2ll(b, pos + 1, cr);
          if (len == null || len.signum() < 0 || len.compareTo(BigInteger.valueOf(maxBulk)) > 0) {
            return error(out, "invalid bulk length");
          }
          if (len.intValue() > 16384 && unauthenticated) {
            return error(out, "unauthenticated bulk length");
          }
          pos = cr + 2;
          if ((long) n - pos < len.longValue() + 2) {
            return out;
          }
          args.add(Arrays.copyOfRange(b, pos, pos + len.intValue()));
          pos += len.intValue() + 2;
        }
        out.add(render(args));
      } else {
        int lf = strchr(b, pos, '\n');
        if (lf < 0) {
          return tooBig(out, n - pos, "too big inline request");
        }
        int end = lf > pos && b[lf - 1] == '\r' ? lf - 1 : lf;
        List<byte[]> args = sdssplitargs(Arrays.copyOfRange(b, pos, end));
        if (args == null) {
          return error(out, "unbalanced quotes in request");
        }
        pos = lf + 1;
        if (!args.isEmpty()) {
          out.add(render(args));
        }
      }
    }
    return out;
  }

  private static List<Object> tooBig(List<Object> out, int buffered, String message) {
    return buffered > INLINE_MAX ? error(out, message) : out;
  }

  private static List<Object> error(List<Object> out, String message) {
    out.add(new ProtocolError(message));
    return out;
  }

  /** C's strchr on a NUL-terminated buffer: the first {@code c}, or -1 if a NUL or the end comes first. */
  private static int strchr(byte[] b, int from, char c) {
    for (int i = from; i < b.length && b[i] != 0; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** string2ll: 1 to 20 characters, "0" or an optional '-' then no leading zero, and fits a long. */
  private static BigInteger string2ll(byte[] b, int from, int to) {
    String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    if (s.isEmpty() || s.length() > 20 || !s.matches("0|-?[1-9][0-9]*")) {
      return null;
    }
    BigInteger v = new BigInteger(s);
    return v.bitLength() < 64 ? v : null;
  }

  /** sdssplitargs on the line as a C string (so it ends at a NUL); null for unbalanced quotes. */
  private static List<byte[]> sdssplitargs(byte[] line) {
    List<byte[]> args = new ArrayList<>();
    int p = 0;
    while (true) {
      while (c(line, p) != 0 && isspace(c(line, p))) {
        p++;
      }
      if (c(line, p) == 0) {
        return args;
      }
      ByteArrayOutputStream cur = new ByteArrayOutputStream();
      boolean inq = false;
      boolean insq = false;
      boolean done = false;
      while (!done) {
        int ch = c(line, p);
        if (inq) {
          if (ch == '\\' && c(line, p + 1) == 'x' && hex(c(line, p + 2)) >= 0 && hex(c(line, p + 3)) >= 0) {
            cur.write(hex(c(line, p + 2)) * 16 + hex(c(line, p + 3)));
            p += 3;
          } else if (ch == '\\' && c(line, p + 1) != 0) {
            p++;
            int e = c(line, p);
            cur.write(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e == 'b' ? '\b' : e == 'a' ? 7 : e);
          } else if (ch == '"') {
            if (c(line, p + 1) != 0 && !isspace(c(line, p + 1))) {
              return null;
            }
            done = true;
          } else if (ch == 0) {
            return null;
          } else {
            cur.write(ch);
          }
        } else if (insq) {
          if (ch == '\\' && c(line, p + 1) == '\'') {
            p++;
            cur.write('\'');
          } else if (ch == '\'') {
            if (c(line, p + 1) != 0 && !isspace(c(line, p + 1))) {
              return null;
            }
            done = true;
          } else if (ch == 0) {
            return null;
          } else {
            cur.write(ch);
          }
        } else if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == 0) {
          done = true;
        } else if (ch == '"') {
          inq = true;
        } else if (ch == '\'') {
          insq = true;
        } else {
          cur.write(ch);
        }
        if (ch != 0) {
          p++;
        }
      }
      args.add(cur.toByteArray());
    }
  }

  /** The byte at i of a C string: 0 past its end or from its first NUL on. */
  private static int c(byte[] s, int i) {
    for (int j = 0; j < i && j < s.length; j++) {
      if (s[j] == 0) {
        return 0;
      }
    }
    return i < s.length ? s[i] & 0xff : 0;
  }

  private static boolean isspace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private static int hex(int c) {
    return c < 128 ? Character.digit(c, 16) : -1;
  }

  // --- helpers

  /** A request as a readable, comparable string: its arguments, escaped, in brackets. */
  /** The requests in one decoder event: a {@link RequestBatch} holds several, anything else is one. */
  static List<Object> requests(Object event) {
    if (!(event instanceof RequestBatch batch)) {
      return List.of(event);
    }
    List<Object> out = new java.util.ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      out.add(batch.get(i));
    }
    return out;
  }

  public static String render(List<byte[]> args) {
    List<String> parts = new ArrayList<>();
    for (byte[] a : args) {
      parts.add(escape(a));
    }
    return parts.toString();
  }

  public static String render(byte[][] args) {
    return render(Arrays.asList(args));
  }

  /** Bytes as Java-like text: printable ASCII as is, everything else escaped. */
  public static String escape(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      switch (c) {
        case '\r' -> s.append("\\r");
        case '\n' -> s.append("\\n");
        case '\t' -> s.append("\\t");
        case '\\' -> s.append("\\\\");
        default -> s.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c));
      }
    }
    return s.toString();
  }

  /**
   * Shrinks a failing input: drops chunks, then single bytes, while the failure persists. Tests print
   * the result, so a failure reads as the smallest frame that still shows it.
   */
  public static byte[] minimize(byte[] input, Predicate<byte[]> fails) {
    byte[] best = input;
    for (int chunk = Math.max(1, best.length / 2); chunk >= 1; chunk /= 2) {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int at = 0; at + chunk <= best.length; at++) {
          byte[] candidate = splice(best, at, chunk, new byte[0]);
          if (fails.test(candidate)) {
            best = candidate;
            progress = true;
            break;
          }
        }
      }
    }
    return best;
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
