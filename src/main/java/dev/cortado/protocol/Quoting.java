package dev.cortado.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Binary values as people read them, for dumps, journals and failure messages: quoted as redis-cli
 * quotes them ({@code "a\r\n\x00"}), except that valid UTF-8 beyond ASCII shows as text.
 */
public final class Quoting {
  private Quoting() {}

  /** The whole value, quoted. */
  public static String quote(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length + 2);
    quote(sb, bytes, Integer.MAX_VALUE);
    return sb.toString();
  }

  /** At most {@code max} bytes of the value, quoted; a longer one ends with its length. */
  public static void quote(StringBuilder sb, byte[] bytes, int max) {
    int n = Math.min(bytes.length, max);
    sb.append('"');
    String text = utf8(bytes, n);
    if (text != null) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x80) {
          escape(sb, c);
        } else {
          sb.append(c);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        escape(sb, bytes[i] & 0xff);
      }
    }
    sb.append('"');
    if (n < bytes.length) {
      sb.append("... (").append(bytes.length).append(" bytes)");
    }
  }

  /** The first n bytes as text when they are valid UTF-8 (a character cut at n counts as valid). */
  private static String utf8(byte[] bytes, int n) {
    int end = n;
    if (n < bytes.length) {
      while (end > 0 && end > n - 3 && (bytes[end] & 0xc0) == 0x80) {
        end--; // do not cut a multi-byte character in two
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, end))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void escape(StringBuilder sb, int c) {
    switch (c) {
      case '\\' -> sb.append("\\\\");
      case '"' -> sb.append("\\\"");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      default -> {
        if (c >= 0x20 && c < 0x7f) {
          sb.append((char) c);
        } else {
          sb.append(String.format("\\x%02x", c));
        }
      }
    }
  }
}
