package dev.cortado.keyspace;

import dev.cortado.protocol.Numbers;

/** A Redis string: bytes, immutable here; writes replace the value. */
public final class StringValue extends Value {
  private static final long NOT_AN_INTEGER = Long.MIN_VALUE;
  private static final int EMBSTR_LIMIT = 44;

  private final byte[] bytes;
  /** Redis marks strings built by APPEND or SETRANGE as "raw", whatever their content. */
  private final boolean raw;

  public StringValue(byte[] bytes) {
    this(bytes, false);
  }

  public StringValue(byte[] bytes, boolean raw) {
    this.bytes = bytes;
    this.raw = raw;
  }

  public byte[] bytes() {
    return bytes;
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public String encoding() {
    if (raw) {
      return "raw";
    }
    if (isInteger()) {
      return "int";
    }
    return bytes.length <= EMBSTR_LIMIT ? "embstr" : "raw";
  }

  /** Whether Redis would store this as a shared integer object (OBJECT REFCOUNT says INT_MAX). */
  public boolean isSharedInteger() {
    if (raw || !isInteger()) {
      return false;
    }
    long v = Numbers.parseLong(bytes, NOT_AN_INTEGER);
    return v >= 0 && v < 10000;
  }

  private boolean isInteger() {
    return Numbers.isLong(bytes);
  }

  @Override
  public Value copy() {
    return new StringValue(bytes, raw);
  }
}
