package dev.cortado.keyspace;

import dev.cortado.protocol.Numbers;

/** A Redis string: bytes, immutable here; writes replace the value. */
public final class StringValue extends Value {
  private static final long NOT_AN_INTEGER = Long.MIN_VALUE;
  private static final int EMBSTR_LIMIT = 44;
  /** Redis shares one object for each integer below this (OBJ_SHARED_INTEGERS). */
  private static final long SHARED_INTEGERS = 10000;

  /** How Redis built the string, which decides what OBJECT ENCODING reports. */
  private enum Form {
    /** Through tryObjectEncoding (SET, MSET, APPEND to a new key...): "int" when it is one. */
    ENCODED,
    /** Created as is (INCRBYFLOAT's result): "embstr" or "raw" by length, never "int". */
    PLAIN,
    /** Grown in place by APPEND or SETRANGE: "raw" whatever the content. */
    RAW
  }

  private final byte[] bytes;
  private final Form form;
  /** COPY duplicates the object, so even a small integer is no longer the shared one. */
  private final boolean duplicate;

  public StringValue(byte[] bytes) {
    this(bytes, Form.ENCODED, false);
  }

  /** A string Redis stores "raw" when {@code raw} (built by APPEND or SETRANGE). */
  public StringValue(byte[] bytes, boolean raw) {
    this(bytes, raw ? Form.RAW : Form.ENCODED, false);
  }

  private StringValue(byte[] bytes, Form form, boolean duplicate) {
    this.bytes = bytes;
    this.form = form;
    this.duplicate = duplicate;
  }

  /** A string Redis creates without trying the integer encoding, as INCRBYFLOAT does. */
  public static StringValue plain(byte[] bytes) {
    return new StringValue(bytes, Form.PLAIN, false);
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
    if (form == Form.RAW) {
      return "raw";
    }
    if (isInteger()) {
      return "int";
    }
    return bytes.length <= EMBSTR_LIMIT ? "embstr" : "raw";
  }

  /** Whether Redis would store this as a shared integer object (OBJECT REFCOUNT says INT_MAX). */
  public boolean isSharedInteger() {
    if (duplicate || !isInteger()) {
      return false;
    }
    long v = Numbers.parseLong(bytes, NOT_AN_INTEGER);
    return v >= 0 && v < SHARED_INTEGERS;
  }

  private boolean isInteger() {
    return form == Form.ENCODED && Numbers.isLong(bytes);
  }

  @Override
  public Value copy() {
    return new StringValue(bytes, form, true);
  }
}
