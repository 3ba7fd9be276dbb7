package dev.cortado.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One reply to a client, written in the connection's protocol: RESP2, or RESP3 after {@code HELLO 3}.
 * RESP3-only types (map, set, double, boolean, null, verbatim, big number, push) degrade to their
 * RESP2 equivalents exactly as Redis degrades them.
 */
public abstract class Reply {
  public static final int RESP2 = 2;
  public static final int RESP3 = 3;

  private static final byte[] CRLF = {'\r', '\n'};

  public static final Reply OK = simple("OK");
  public static final Reply QUEUED = simple("QUEUED");
  public static final Reply PONG = simple("PONG");
  public static final Reply NULL = new Null(false);
  /** Null where RESP2 sends a null array ({@code *-1}) rather than a null bulk string. */
  public static final Reply NULL_ARRAY = new Null(true);
  public static final Reply ZERO = integer(0);
  public static final Reply ONE = integer(1);
  public static final Reply EMPTY_ARRAY = array(List.of());

  Reply() {}

  public abstract void writeTo(ByteBuf out, int protocol);

  /** True for error replies: MULTI/EXEC and the journal need to know. */
  public boolean isError() {
    return false;
  }

  /** The text of an error reply (without the dash), else null. */
  public String errorText() {
    return null;
  }

  /**
   * Whether this error is already in INFO's error stats: counted where a command answered it, a
   * script that passes it on does not count it again (Redis's ERR_REPLY_FLAG_NO_STATS_UPDATE).
   */
  public boolean errorCounted() {
    return false;
  }

  /** Marks an error reply as counted in the error stats (no effect on other replies). */
  public void markErrorCounted() {}

  /**
   * For readers of a reply rather than writers (a script's redis.call): the bytes of a bulk string
   * or of a simple string, shared (not to be changed); null for every other reply.
   */
  public byte[] textBytes() {
    return null;
  }

  /** Whether this is an integer reply whose value {@link #integerValue()} gives. */
  public boolean isPlainInteger() {
    return false;
  }

  /** An integer reply's value; only when {@link #isPlainInteger()}. */
  public long integerValue() {
    throw new UnsupportedOperationException("not an integer reply: " + this);
  }

  /**
   * The RESP3 type byte this reply starts with ({@code '+'}, {@code '-'}, {@code ':'}, {@code '$'},
   * {@code '*'}, {@code '%'}...), whatever protocol it is written in; 0 when nothing is written
   * (a fault) and {@code '?'} for raw bytes. The mock journal reports it.
   */
  public abstract char type();

  /** Bytes written as they are, in either protocol: the mock layer's garbled frames. */
  public static Reply raw(byte[] bytes) {
    return new Raw(bytes.clone());
  }

  /** The first half of the reply's encoding, in the connection's protocol: a truncated frame. */
  public static Reply truncated(Reply reply) {
    return new Truncated(reply);
  }

  /** A simple string; Latin-1, so a char taken from a client's byte goes back as that byte. */
  public static Reply simple(String text) {
    return new Line('+', text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** An error; the text starts with its code, e.g. {@code "ERR syntax error"}. Latin-1. */
  public static Reply error(String text) {
    return new Line('-', text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** An error a script passes on from a command, already counted in the error stats. */
  public static Reply countedError(String text) {
    Line line = new Line('-', text.getBytes(StandardCharsets.ISO_8859_1));
    line.counted = true;
    return line;
  }

  public static Reply integer(long value) {
    return new Int(value);
  }

  public static Reply bulk(byte[] value) {
    return value == null ? NULL : new Bulk(value);
  }

  public static Reply bulk(String value) {
    return value == null ? NULL : new Bulk(value.getBytes(StandardCharsets.UTF_8));
  }

  public static Reply array(List<Reply> items) {
    return new Aggregate('*', '*', items);
  }

  /** Key-value pairs, flattened: k1, v1, k2, v2... A map in RESP3, a flat array in RESP2. */
  public static Reply map(List<Reply> keysAndValues) {
    return new Aggregate('%', '*', keysAndValues);
  }

  public static Reply set(List<Reply> items) {
    return new Aggregate('~', '*', items);
  }

  public static Reply push(List<Reply> items) {
    return new Aggregate('>', '*', items);
  }

  /**
   * Several frames written back to back as one reply: SUBSCRIBE's confirmations, or the pushes a
   * command made to its own connection followed by its reply. Inside EXEC's array it counts as one
   * element, as in Redis's output buffer.
   */
  public static Reply sequence(List<Reply> frames) {
    return frames.size() == 1 ? frames.get(0) : new Sequence(frames);
  }

  public static Reply bool(boolean value) {
    return new Bool(value);
  }

  /** A double already formatted the way Redis formats it; a bulk string in RESP2. */
  public static Reply dbl(String formatted) {
    return new Dbl(formatted.getBytes(StandardCharsets.US_ASCII));
  }

  public static Reply bigNumber(String digits) {
    return new BigNum(digits.getBytes(StandardCharsets.US_ASCII));
  }

  /** A verbatim string ({@code =}) in RESP3 with a three-letter format such as "txt"; bulk in RESP2. */
  public static Reply verbatim(String format, byte[] text) {
    return new Verbatim(format, text);
  }

  public static Reply bulks(List<byte[]> values) {
    Reply[] items = new Reply[values.size()];
    for (int i = 0; i < items.length; i++) {
      items[i] = bulk(values.get(i));
    }
    return array(Arrays.asList(items));
  }

  static void writeLength(ByteBuf out, char type, long length) {
    out.writeByte(type);
    writeDecimal(out, length);
    out.writeBytes(CRLF);
  }

  static void writeDecimal(ByteBuf out, long value) {
    if (value >= 0 && value < 10) {
      out.writeByte('0' + (int) value);
    } else {
      out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    }
  }

  static void writeBulk(ByteBuf out, byte[] bytes) {
    writeLength(out, '$', bytes.length);
    out.writeBytes(bytes);
    out.writeBytes(CRLF);
  }

  /** A simple string or an error: one line. */
  static final class Line extends Reply {
    private final byte type;
    private final byte[] text;
    private boolean counted;

    Line(char type, byte[] text) {
      this.type = (byte) type;
      this.text = text;
    }

    @Override
    public char type() {
      return (char) type;
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      out.writeByte(type);
      out.writeBytes(text);
      out.writeBytes(CRLF);
    }

    @Override
    public boolean isError() {
      return type == '-';
    }

    @Override
    public byte[] textBytes() {
      return type == '+' ? text : null;
    }

    @Override
    public String errorText() {
      return type == '-' ? new String(text, StandardCharsets.ISO_8859_1) : null;
    }

    @Override
    public boolean errorCounted() {
      return counted;
    }

    @Override
    public void markErrorCounted() {
      counted = true;
    }

    @Override
    public String toString() {
      return (char) type + new String(text, StandardCharsets.ISO_8859_1);
    }
  }

  static final class Int extends Reply {
    private final long value;

    Int(long value) {
      this.value = value;
    }

    @Override
    public char type() {
      return ':';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      writeLength(out, ':', value);
    }

    @Override
    public boolean isPlainInteger() {
      return true;
    }

    @Override
    public long integerValue() {
      return value;
    }

    @Override
    public String toString() {
      return ":" + value;
    }
  }

  static final class Bulk extends Reply {
    private final byte[] value;

    Bulk(byte[] value) {
      this.value = value;
    }

    @Override
    public char type() {
      return '$';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      writeBulk(out, value);
    }

    @Override
    public byte[] textBytes() {
      return value;
    }

    @Override
    public String toString() {
      return "$" + new String(value, StandardCharsets.UTF_8);
    }
  }

  static final class Null extends Reply {
    private final boolean array;

    Null(boolean array) {
      this.array = array;
    }

    @Override
    public char type() {
      return '_';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      if (protocol == RESP3) {
        out.writeByte('_').writeBytes(CRLF);
      } else {
        out.writeByte(array ? '*' : '$').writeByte('-').writeByte('1').writeBytes(CRLF);
      }
    }

    @Override
    public String toString() {
      return "(nil)";
    }
  }

  static final class Aggregate extends Reply {
    private final char resp3Type;
    private final char resp2Type;
    private final List<Reply> items;

    Aggregate(char resp3Type, char resp2Type, List<Reply> items) {
      this.resp3Type = resp3Type;
      this.resp2Type = resp2Type;
      this.items = items;
    }

    @Override
    public char type() {
      return resp3Type;
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      int size = items.size();
      if (protocol == RESP3) {
        writeLength(out, resp3Type, resp3Type == '%' ? size / 2 : size);
      } else {
        writeLength(out, resp2Type, size);
      }
      for (Reply item : items) {
        item.writeTo(out, protocol);
      }
    }

    @Override
    public String toString() {
      return resp3Type + items.toString();
    }
  }

  static final class Sequence extends Reply {
    private final List<Reply> frames;

    Sequence(List<Reply> frames) {
      this.frames = frames;
    }

    private Reply last() {
      return frames.get(frames.size() - 1);
    }

    @Override
    public char type() {
      return last().type();
    }

    @Override
    public boolean isError() {
      return last().isError();
    }

    @Override
    public boolean errorCounted() {
      return last().errorCounted();
    }

    @Override
    public void markErrorCounted() {
      last().markErrorCounted();
    }

    @Override
    public String errorText() {
      return last().errorText();
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      for (Reply frame : frames) {
        frame.writeTo(out, protocol);
      }
    }

    @Override
    public String toString() {
      return frames.toString();
    }
  }

  static final class Bool extends Reply {
    private final boolean value;

    Bool(boolean value) {
      this.value = value;
    }

    @Override
    public char type() {
      return '#';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      if (protocol == RESP3) {
        out.writeByte('#').writeByte(value ? 't' : 'f').writeBytes(CRLF);
      } else {
        writeLength(out, ':', value ? 1 : 0);
      }
    }
  }

  static final class Dbl extends Reply {
    private final byte[] text;

    Dbl(byte[] text) {
      this.text = text;
    }

    @Override
    public char type() {
      return ',';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      if (protocol == RESP3) {
        out.writeByte(',').writeBytes(text).writeBytes(CRLF);
      } else {
        writeBulk(out, text);
      }
    }
  }

  static final class BigNum extends Reply {
    private final byte[] digits;

    BigNum(byte[] digits) {
      this.digits = digits;
    }

    @Override
    public char type() {
      return '(';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      if (protocol == RESP3) {
        out.writeByte('(').writeBytes(digits).writeBytes(CRLF);
      } else {
        writeBulk(out, digits);
      }
    }
  }

  static final class Verbatim extends Reply {
    private final String format;
    private final byte[] text;

    Verbatim(String format, byte[] text) {
      this.format = format;
      this.text = text;
    }

    @Override
    public char type() {
      return '=';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      if (protocol == RESP3) {
        writeLength(out, '=', text.length + 4L);
        out.writeCharSequence(format, StandardCharsets.US_ASCII);
        out.writeByte(':').writeBytes(text).writeBytes(CRLF);
      } else {
        writeBulk(out, text);
      }
    }
  }

  static final class Raw extends Reply {
    private final byte[] bytes;

    Raw(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public char type() {
      return '?';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      out.writeBytes(bytes);
    }
  }

  static final class Truncated extends Reply {
    private final Reply reply;

    Truncated(Reply reply) {
      this.reply = reply;
    }

    @Override
    public char type() {
      return '?';
    }

    @Override
    public void writeTo(ByteBuf out, int protocol) {
      ByteBuf whole = io.netty.buffer.Unpooled.buffer();
      try {
        reply.writeTo(whole, protocol);
        out.writeBytes(whole, Math.max(1, whole.readableBytes() / 2));
      } finally {
        whole.release();
      }
    }
  }
}
