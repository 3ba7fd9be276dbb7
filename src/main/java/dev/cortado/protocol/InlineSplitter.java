package dev.cortado.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an inline command line into arguments with Redis's quoting rules (sdssplitargs). Public
 * because a redis.conf line is split the same way (cli's --config).
 */
public final class InlineSplitter {
  private InlineSplitter() {}

  /** The arguments, or null when quotes are unbalanced. */
  public static byte[][] split(byte[] line) {
    // sdssplitargs reads a C string: a NUL ends the line (and so leaves a quote unbalanced).
    for (int i = 0; i < line.length; i++) {
      if (line[i] == 0) {
        line = Arrays.copyOf(line, i);
        break;
      }
    }
    List<byte[]> args = new ArrayList<>();
    int p = 0;
    int n = line.length;
    while (true) {
      while (p < n && isSpace(line[p])) {
        p++;
      }
      if (p >= n || line[p] == 0) {
        return args.toArray(new byte[0][]);
      }
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = p < n ? line[p] : 0;
        if (inDouble) {
          if (c == '\\' && at(line, p + 1) == 'x' && isHex(at(line, p + 2)) && isHex(at(line, p + 3))) {
            current.write(hex(at(line, p + 2)) * 16 + hex(at(line, p + 3)));
            p += 3;
          } else if (c == '\\' && at(line, p + 1) != 0) {
            p++;
            current.write(switch (line[p]) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'a' -> 7;
              default -> line[p];
            });
          } else if (c == '"') {
            // A closing quote must be followed by a space or nothing at all.
            if (at(line, p + 1) != 0 && !isSpace((byte) at(line, p + 1))) {
              return null;
            }
            done = true;
          } else if (c == 0) {
            return null;
          } else {
            current.write(c);
          }
        } else if (inSingle) {
          if (c == '\\' && at(line, p + 1) == '\'') {
            p++;
            current.write('\'');
          } else if (c == '\'') {
            if (at(line, p + 1) != 0 && !isSpace((byte) at(line, p + 1))) {
              return null;
            }
            done = true;
          } else if (c == 0) {
            return null;
          } else {
            current.write(c);
          }
        } else {
          switch (c) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"' -> inDouble = true;
            case '\'' -> inSingle = true;
            default -> current.write(c);
          }
        }
        if (p < n) {
          p++;
        }
      }
      args.add(current.toByteArray());
    }
  }

  private static int at(byte[] line, int i) {
    return i < line.length ? line[i] : 0;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hex(int c) {
    return Character.digit(c, 16);
  }
}
