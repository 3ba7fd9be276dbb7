package dev.cortado.keyspace;

/** A typed value in the keyspace with its expiry deadline; subclasses add the data. */
public abstract class Value {
  public static final long NO_EXPIRY = -1;

  /** Unix time in ms after which the key is gone, or {@link #NO_EXPIRY}. Set through Database. */
  long expiresAt = NO_EXPIRY;
  /** Last access in Unix ms of the server clock, for OBJECT IDLETIME. Set through Database. */
  long accessedAt;

  /** The name TYPE reports: "string", "hash", "set"... */
  public abstract String typeName();

  /** The name OBJECT ENCODING reports. */
  public abstract String encoding();

  /** A deep copy for COPY: the copy shares nothing mutable with this value. */
  public abstract Value copy();

  public final long expiresAt() {
    return expiresAt;
  }

  /** When a command last read or wrote this value (Unix ms), for OBJECT IDLETIME. */
  public final long accessedAt() {
    return accessedAt;
  }
}
