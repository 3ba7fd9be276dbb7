package dev.cortado.keyspace;

import dev.cortado.protocol.Numbers;

import java.util.Arrays;

/**
 * A Redis string: bytes in a buffer that may have spare capacity, so that SETBIT, BITFIELD,
 * SETRANGE and APPEND write in place as Redis's sds strings do, instead of copying the whole value
 * on every write.
 *
 * <p>Copy on share: once the buffer may be held outside this value (handed out by {@link #bytes()}
 * for a reply, a script or RedisData; given to a constructor, as a client's argument is; shared
 * with a COPY), the next write copies it first. So a reply taken before a write never changes.
 */
public final class StringValue extends Value {
  private static final long NOT_AN_INTEGER = Long.MIN_VALUE;
  private static final int EMBSTR_LIMIT = 44;
  /** Redis shares one object for each integer below this (OBJ_SHARED_INTEGERS). */
  private static final long SHARED_INTEGERS = 10000;
  /** Growth doubles up to this, then adds this much, as sds's SDS_MAX_PREALLOC. */
  private static final int MAX_PREALLOC = 1024 * 1024;
  /** The longest Java array; a value may not grow past it whatever proto-max-bulk-len says. */
  public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  // How Redis built the string, which decides what OBJECT ENCODING reports. Bytes, not an enum:
  // a reference would take this object from 48 to 56 bytes (issue #16).
  /** Through tryObjectEncoding (SET, MSET, APPEND to a new key...): "int" when it is one. */
  private static final byte ENCODED = 0;
  /** Created as is (INCRBYFLOAT's result): "embstr" or "raw" by length, never "int". */
  private static final byte PLAIN = 1;
  /** Grown or written in place (APPEND, SETRANGE, SETBIT...): "raw" whatever the content. */
  private static final byte RAW = 2;
  private static final int KIND = 3;
  /**
   * Above the kind, once a command wrote the value in place: the header of the sds Redis writes it
   * in, as an index into {@link #HEADERS} (0 until then: an sds made to measure). Its alloc is then
   * the buffer's length, which reads never trim, so a later write grows when Redis's would (DEBUG
   * SDSLEN, MEMORY USAGE). Packed here, not in fields of their own: those would take this object
   * from 48 to 56 bytes.
   */
  private static final int HEADER_SHIFT = 2;
  private static final int[] HEADERS = {0, 1, 3, 5, 9, 17};

  /** The bytes up to {@link #length}; zeros after it. Exactly {@code length} long unless pinned. */
  private byte[] buf;
  private int length;
  /** The buffer may be held outside this value: a write copies it first. */
  private boolean shared;
  private byte form;
  /** COPY duplicates the object, so even a small integer is no longer the shared one. */
  private final boolean duplicate;

  public StringValue(byte[] bytes) {
    this(bytes, ENCODED, false);
  }

  /** A string Redis stores "raw" when {@code raw} (built by APPEND or SETRANGE). */
  public StringValue(byte[] bytes, boolean raw) {
    this(bytes, raw ? RAW : ENCODED, false);
  }

  private StringValue(byte[] bytes, byte form, boolean duplicate) {
    this.buf = bytes;
    this.length = bytes.length;
    this.shared = true; // the caller's array (a client's argument may be journaled or queued)
    this.form = form;
    this.duplicate = duplicate;
  }

  /** A string Redis creates without trying the integer encoding, as INCRBYFLOAT does. */
  public static StringValue plain(byte[] bytes) {
    return new StringValue(bytes, PLAIN, false);
  }

  /**
   * A "raw" string that takes ownership of {@code bytes}, a fresh array nobody else holds (a
   * zero-filled bitmap, BITOP's result, a new SETRANGE): later writes need not copy it.
   */
  public static StringValue rawOwned(byte[] bytes) {
    StringValue v = new StringValue(bytes, RAW, false);
    v.shared = false;
    return v;
  }

  /**
   * The value as an array of exactly its length, which the caller may keep (and so this value's
   * next write copies). Commands that only read should use {@link #length()}, {@link #readBuffer()}
   * or {@link #copyRange} instead.
   */
  public byte[] bytes() {
    if (buf.length != length) {
      if (pinnedHeader() != 0) {
        return Arrays.copyOf(buf, length); // the spare room is the sds's alloc: kept
      }
      buf = Arrays.copyOf(buf, length); // trimmed once; repeated reads hand out the same array
    }
    shared = true;
    return buf;
  }

  public int length() {
    return length;
  }

  /**
   * The buffer itself, for a command that reads in place: only bytes below {@link #length()} are
   * the value's. Never kept past the command, never handed out, never written.
   */
  public byte[] readBuffer() {
    return buf;
  }

  /** A fresh copy of the bytes in [from, to). */
  public byte[] copyRange(int from, int to) {
    return Arrays.copyOfRange(buf, from, to);
  }

  /**
   * The buffer for a write in place: owned by this value (copied first if shared), at least
   * {@code newLength} long and zero-padded up to it, the length raised to it when longer. The
   * value is "raw" from now on, as Redis's dbUnshareStringValue makes it. Valid during the
   * current command only.
   */
  public byte[] writable(int newLength) {
    int target = Math.max(length, newLength);
    // Redis writes into the sds it has (a fresh exact copy, unless already raw and grown), and
    // grows it only past its alloc, jemalloc's slack included.
    pinSds();
    long capacity = buf.length;
    if (target > capacity) {
      // sdsMakeRoomFor's greedy growth: double while small, then 1 MB at a time; sdshdr8 at least.
      long grown = target < MAX_PREALLOC ? 2L * target : (long) target + MAX_PREALLOC;
      int header = Math.max(3, MemoryUsage.sdsHeader(grown));
      capacity = Math.min(Math.min(sdsUsable(header, grown) - header - 1, sdsMaxAlloc(header)),
          MAX_LENGTH);
      form = withHeader(header);
    }
    if (shared || buf.length != capacity) {
      buf = Arrays.copyOf(buf, (int) capacity); // zero-fills past the old bytes
      shared = false;
    }
    length = target;
    form = (byte) (form & ~KIND | RAW);
    return buf;
  }

  /**
   * Makes the value "raw" without writing it, as Redis's dbUnshareStringValue does before a bit
   * command looks at the bytes, even when it then changes nothing.
   */
  public void markRaw() {
    pinSds();
    form = (byte) (form & ~KIND | RAW);
  }

  /**
   * Before a write in place: the sds dbUnshareStringValue leaves to write in becomes this value's
   * own, a raw string's as it is, anything else a fresh copy made for exactly its length.
   */
  private void pinSds() {
    if (pinnedHeader() != 0) {
      return;
    }
    int alloc = (int) Math.min(encoding().equals("raw") ? sdsAlloc() : exactSdsAlloc(length),
        MAX_LENGTH);
    if (buf.length != alloc) {
      buf = Arrays.copyOf(buf, alloc); // zeros past the length: the sds's spare room
      shared = false;
    }
    form = withHeader(MemoryUsage.sdsHeader(length));
  }

  /** The header size of the sds this value was pinned to, 0 if none. */
  private int pinnedHeader() {
    return HEADERS[form >> HEADER_SHIFT];
  }

  private byte withHeader(int header) {
    int index = Arrays.binarySearch(HEADERS, header);
    return (byte) (form & KIND | index << HEADER_SHIFT);
  }

  private int kind() {
    return form & KIND;
  }

  /** The alloc of Redis's sds for this value: what it holds before it must grow. */
  public long sdsAlloc() {
    if (pinnedHeader() != 0) {
      return buf.length;
    }
    if (kind() == RAW) {
      return exactSdsAlloc(length);
    }
    long exact = exactSdsAlloc(length);
    // tryObjectEncoding's trimStringObjectIfNeeded: spare room above a tenth of the length goes
    // (COPY's duplicate is a fresh sds that keeps it).
    return kind() == ENCODED && !duplicate && exact - length > length / 10 ? length : exact;
  }

  /** DEBUG SDSLEN's val_sds_avail: the sds's spare room (an embstr's is none). */
  public long sdsAvail() {
    return encoding().equals("embstr") ? 0 : sdsAlloc() - length;
  }

  /**
   * The sds's allocation as zmalloc_size reports it (getStringObjectSdsUsedMemory): a raw string's
   * own block, or an embstr's share of the block it shares with its object (16 bytes).
   */
  public long sdsAllocation() {
    if (encoding().equals("embstr")) {
      return MemoryUsage.allocLong(16 + 3 + length + 1) - 16; // robj, sdshdr8, bytes: one block
    }
    int header = pinnedHeader() != 0 ? pinnedHeader() : MemoryUsage.sdsHeader(length);
    return sdsUsable(header, sdsAlloc());
  }

  /**
   * The alloc of an sds made by sdsnewlen for exactly {@code len} bytes: what jemalloc's block
   * holds past the header, except in an sdshdr5, which records no alloc.
   */
  public static long exactSdsAlloc(long len) {
    int header = MemoryUsage.sdsHeader(len);
    if (header == 1) {
      return len;
    }
    return Math.min(sdsUsable(header, len) - header - 1, sdsMaxAlloc(header));
  }

  private static long sdsMaxAlloc(int header) {
    return switch (header) {
      case 3 -> 255;
      case 5 -> 65535;
      case 9 -> 0xffffffffL;
      default -> Long.MAX_VALUE;
    };
  }

  /** The jemalloc block for a header, {@code len} bytes and the terminator. */
  private static long sdsUsable(int header, long len) {
    return MemoryUsage.allocLong(header + len + 1);
  }

  @Override
  public String typeName() {
    return "string";
  }

  @Override
  public String encoding() {
    if (kind() == RAW) {
      return "raw";
    }
    if (isInteger()) {
      return "int";
    }
    return length <= EMBSTR_LIMIT ? "embstr" : "raw";
  }

  /** Whether Redis would store this as a shared integer object (OBJECT REFCOUNT says INT_MAX). */
  public boolean isSharedInteger() {
    if (duplicate || !isInteger()) {
      return false;
    }
    long v = Numbers.parseLong(buf, NOT_AN_INTEGER);
    return v >= 0 && v < SHARED_INTEGERS;
  }

  private boolean isInteger() {
    // Only RAW values are ever written in place, so the other forms' buffers are exact.
    return kind() == ENCODED && Numbers.isLong(buf);
  }

  @Override
  public Value copy() {
    // Both hold the buffer from now on; whichever is written first copies it.
    shared = true;
    StringValue copy = new StringValue(buf, (byte) kind(), true); // a fresh sds, made to measure
    copy.length = length;
    return copy;
  }
}
