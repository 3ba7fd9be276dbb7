package dev.cortado;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Renders a database as readable text: what {@link RedisData#dump()} and failed assertions show. */
final class Dump {
  /** Keys shown before the dump says how many more there are. */
  static final int MAX_KEYS = 100;
  /** Bytes of one string shown before it is cut. */
  static final int MAX_STRING = 200;
  /** Elements of one hash or set shown before it is cut. */
  static final int MAX_ELEMENTS = 20;

  private Dump() {}

  /** Runs on the server's loop. */
  static String of(Database db) {
    List<Map.Entry<byte[], Value>> entries = new ArrayList<>(db.entries());
    entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    StringBuilder sb = new StringBuilder("db ").append(db.index());
    if (entries.isEmpty()) {
      return sb.append(", empty").toString();
    }
    sb.append(", ").append(entries.size()).append(entries.size() == 1 ? " key:" : " keys:");
    long now = db.now();
    int shown = 0;
    for (Map.Entry<byte[], Value> e : entries) {
      if (shown++ == MAX_KEYS) {
        sb.append("\n  ... and ").append(entries.size() - MAX_KEYS).append(" more");
        break;
      }
      Value v = e.getValue();
      sb.append("\n  ");
      quote(sb, e.getKey(), Integer.MAX_VALUE);
      sb.append(' ').append(v.typeName());
      value(sb, v);
      if (v.expiresAt() != Value.NO_EXPIRY) {
        sb.append(" (ttl ").append(Duration.ofMillis(Math.max(0, v.expiresAt() - now))).append(')');
      }
    }
    return sb.toString();
  }

  private static void value(StringBuilder sb, Value v) {
    if (v instanceof StringValue s) {
      sb.append(' ');
      quote(sb, s.bytes(), MAX_STRING);
    } else if (v instanceof HashValue h) {
      sb.append(" {");
      int shown = 0;
      for (Map.Entry<byte[], byte[]> e : h.entries()) {
        if (shown == MAX_ELEMENTS) {
          sb.append(", ... (").append(h.size()).append(" fields)");
          break;
        }
        sb.append(shown++ == 0 ? "" : ", ");
        quote(sb, e.getKey(), MAX_STRING);
        sb.append(": ");
        quote(sb, e.getValue(), MAX_STRING);
      }
      sb.append('}');
    } else if (v instanceof SetValue set) {
      sb.append(" [");
      int shown = 0;
      for (byte[] m : set.members()) {
        if (shown == MAX_ELEMENTS) {
          sb.append(", ... (").append(set.size()).append(" members)");
          break;
        }
        sb.append(shown++ == 0 ? "" : ", ");
        quote(sb, m, MAX_STRING);
      }
      sb.append(']');
    }
  }

  /**
   * Quotes bytes as redis-cli does ({@code "a\r\n\x00"}), except that valid UTF-8 text beyond ASCII
   * is shown as text rather than as escaped bytes.
   */
  static void quote(StringBuilder sb, byte[] bytes, int max) {
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
