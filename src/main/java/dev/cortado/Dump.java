package dev.cortado;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.ListValue;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.StreamValue;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.protocol.Quoting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Renders a database as readable text: what {@link RedisData#dump()} and failed assertions show. */
final class Dump {
  /** Keys shown before the dump says how many more there are. */
  static final int MAX_KEYS = 100;
  /** Bytes of one string shown before it is cut. */
  static final int MAX_STRING = 200;
  /** Elements of one hash, set, list or sorted set shown before it is cut. */
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
      Quoting.quote(sb, e.getKey(), Integer.MAX_VALUE);
      sb.append(' ').append(v.typeName());
      value(sb, v);
      if (v.expiresAt() != Value.NO_EXPIRY) {
        sb.append(" (ttl ").append(Duration.ofMillis(Math.max(0, v.expiresAt() - now))).append(')');
      }
    }
    return sb.toString();
  }

  /** The value after its type name; every type of the sealed {@link Value} needs a branch. */
  private static void value(StringBuilder sb, Value v) {
    if (v instanceof StringValue s) {
      sb.append(' ');
      Quoting.quote(sb, s.bytes(), MAX_STRING);
    } else if (v instanceof HashValue h) {
      elements(sb, "{}", h.entries(), "fields", (out, e) -> {
        Quoting.quote(out, e.getKey(), MAX_STRING);
        out.append(": ");
        Quoting.quote(out, e.getValue(), MAX_STRING);
      });
    } else if (v instanceof SetValue set) {
      elements(sb, "[]", set.members(), "members", (out, m) -> Quoting.quote(out, m, MAX_STRING));
    } else if (v instanceof ListValue list) {
      elements(sb, "[]", list.elements(), "elements", (out, e) -> Quoting.quote(out, e, MAX_STRING));
    } else if (v instanceof ZSetValue z) {
      List<ZSetValue.Node> nodes = new ArrayList<>(z.size());
      for (ZSetValue.Node n = z.first(); n != null; n = n.next()) {
        nodes.add(n);
      }
      elements(sb, "{}", nodes, "members", (out, n) -> {
        Quoting.quote(out, n.member(), MAX_STRING);
        out.append(": ").append(ZSetValue.formatScore(n.score()));
      });
    } else if (v instanceof StreamValue stream) {
      List<StreamValue.Entry> entries =
          stream.range(StreamValue.Id.MIN, StreamValue.Id.MAX, MAX_ELEMENTS + 1, false);
      sb.append(' ').append('{');
      for (int i = 0; i < entries.size(); i++) {
        if (i == MAX_ELEMENTS) {
          sb.append(", ... (").append(stream.length()).append(" entries)");
          break;
        }
        StreamValue.Entry e = entries.get(i);
        sb.append(i == 0 ? "" : ", ").append(e.id()).append(": ");
        sb.append('[');
        for (int f = 0; f < e.fields().length; f++) {
          sb.append(f == 0 ? "" : ", ");
          Quoting.quote(sb, e.fields()[f], MAX_STRING);
        }
        sb.append(']');
      }
      sb.append('}');
    } else {
      throw new AssertionError("unknown value type " + v.typeName());
    }
  }

  /** A container's first {@link #MAX_ELEMENTS} elements between brackets, then its size if cut. */
  private static <E> void elements(StringBuilder sb, String brackets, List<E> elements,
      String noun, BiConsumer<StringBuilder, E> show) {
    sb.append(' ').append(brackets.charAt(0));
    for (int i = 0; i < elements.size(); i++) {
      if (i == MAX_ELEMENTS) {
        sb.append(", ... (").append(elements.size()).append(' ').append(noun).append(')');
        break;
      }
      sb.append(i == 0 ? "" : ", ");
      show.accept(sb, elements.get(i));
    }
    sb.append(brackets.charAt(1));
  }
}
