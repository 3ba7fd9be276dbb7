package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bitmap commands on string values, after Redis 7.0's bitops.c: SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD and BITFIELD_RO. Bit 0 is the most significant bit of the first byte. Writes go
 * through {@link StringValue#writable} (in place, copy on share), so a SETBIT on a large bitmap
 * costs no copy of it; reads look at the buffer in place. Arguments are parsed, keys looked up and
 * types checked in Redis's order, which decides the error a wrong call gets.
 */
final class BitCommands {
  private BitCommands() {}

  /** Eight bytes at a time, for counting and scanning; the order does not matter to a count. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("BitCommands");
      String g = "bitmap";
      String perOp = "O(1) for each subcommand specified";
      t.add("setbit", 4, WRITE | DENYOOM, 1, 1, 1, g,
          "Sets or clears the bit at offset in the string value stored at key", "setbit")
          .docs("2.2.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("getbit", 3, READONLY | FAST, 1, 1, 1, g,
          "Returns the bit value at offset in the string value stored at key", "getbit")
          .docs("2.2.0", "O(1)");
      t.add("bitcount", -2, READONLY, 1, 1, 1, g, "Count set bits in a string", "bitcount")
          .docs("2.6.0", "O(N)");
      t.add("bitpos", -3, READONLY, 1, 1, 1, g, "Find first bit set or clear in a string", "bitpos")
          .docs("2.8.7", "O(N)");
      t.add("bitop", -4, WRITE | DENYOOM, 2, -1, 1, g, "Perform bitwise operations between strings",
          "bitop")
          .docs("2.6.0", "O(N)").keySpecs(KeySpec.key(2, "OW", "update"), KeySpec.rest(3, "RO", "access"));
      t.add("bitfield", -2, WRITE | DENYOOM, 1, 1, 1, g,
          "Perform arbitrary bitfield integer operations on strings", "bitfield")
          .docs("3.2.0", perOp)
          .keySpecs(KeySpec.key(1, "RW", "access", "update", "variable_flags")
              .notes("This command allows both access and modification of the key"))
          .keysFallback(KeySpec.bitfieldKeys());
      t.add("bitfield_ro", -2, READONLY | FAST, 1, 1, 1, g,
          "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
          "bitfieldRo")
          .docs("6.0.0", perOp);
    }
  }

  // SETBIT key offset value
  static Reply setbit(Call c) {
    byte[] key = c.arg(1);
    long offset = bitOffset(c, c.arg(2), false, 0);
    int on = (int) c.rangeArg(3, 0, 1, Errors.BIT_VALUE);
    int index = byteIndex(offset);
    int mask = 0x80 >>> (int) (offset & 7);
    StringValue v = c.writeString(key);
    if (v == null) {
      byte[] created = new byte[index + 1];
      created[index] = (byte) (on == 1 ? mask : 0);
      c.db().put(key, StringValue.rawOwned(created));
      c.notify(KeyspaceEvents.STRING, "setbit", key);
      return Reply.ZERO;
    }
    boolean grows = index >= v.length();
    v.markRaw(); // Redis unshares the string first: "raw" even when nothing changes
    byte[] buf = v.readBuffer();
    int old = index < v.length() && (buf[index] & mask) != 0 ? 1 : 0;
    if (grows || old != on) {
      buf = v.writable(index + 1); // copies only when the buffer is shared or too short
      buf[index] = (byte) (on == 1 ? buf[index] | mask : buf[index] & ~mask);
      c.db().signalModified(key);
      c.notify(KeyspaceEvents.STRING, "setbit", key); // only for a change, as Redis 7.0
    }
    return old == 1 ? Reply.ONE : Reply.ZERO;
  }

  // GETBIT key offset
  static Reply getbit(Call c) {
    long offset = bitOffset(c, c.arg(2), false, 0);
    StringValue v = c.readString(c.arg(1));
    if (v == null || (offset >>> 3) >= v.length()) {
      return Reply.ZERO;
    }
    int b = v.readBuffer()[(int) (offset >>> 3)];
    return (b & (0x80 >>> (int) (offset & 7))) != 0 ? Reply.ONE : Reply.ZERO;
  }

  // BITCOUNT key [start end [BYTE | BIT]]
  static Reply bitcount(Call c) {
    StringValue v = c.readString(c.arg(1));
    if (v == null) {
      return Reply.ZERO; // before the range is parsed, as in Redis
    }
    long len = v.length();
    long start;
    long end;
    int firstMask = 0; // bits of the first byte before the range (BIT unit)
    int lastMask = 0; // bits of the last byte after it
    if (c.argc() == 4 || c.argc() == 5) {
      start = c.longArg(2);
      end = c.longArg(3);
      if (start < 0 && end < 0 && start > end) {
        return Reply.ZERO; // before the unit is parsed
      }
      boolean bits = unit(c, 4);
      long total = bits ? len << 3 : len;
      start = clampIndex(start, total);
      end = Math.min(clampIndex(end, total), total - 1);
      if (bits && start <= end) {
        firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
        lastMask = (1 << (7 - (end & 7))) - 1;
        start >>= 3;
        end >>= 3;
      }
    } else if (c.argc() == 2) {
      start = 0;
      end = len - 1;
    } else {
      throw Call.error(Errors.SYNTAX);
    }
    if (start > end) {
      return Reply.ZERO;
    }
    byte[] p = v.readBuffer();
    long count = popcount(p, (int) start, (int) end + 1);
    count -= Integer.bitCount(p[(int) start] & firstMask);
    count -= Integer.bitCount(p[(int) end] & lastMask);
    return Reply.integer(count);
  }

  // BITPOS key bit [start [end [BYTE | BIT]]]
  static Reply bitpos(Call c) {
    long bit = c.longArg(2);
    if (bit != 0 && bit != 1) {
      throw Call.error(Errors.BITPOS_BIT);
    }
    StringValue v = c.readString(c.arg(1));
    if (v == null) {
      return Reply.integer(bit == 1 ? -1 : 0); // an endless run of zeros
    }
    long len = v.length();
    long start;
    long end;
    boolean bits = false;
    boolean endGiven = false;
    if (c.argc() >= 4 && c.argc() <= 6) {
      start = c.longArg(3);
      bits = unit(c, 5);
      if (c.argc() >= 5) {
        end = c.longArg(4);
        endGiven = true;
      } else {
        end = bits ? (len << 3) + 7 : len - 1;
      }
      long total = bits ? len << 3 : len;
      start = clampIndex(start, total);
      end = Math.min(clampIndex(end, total), total - 1);
    } else if (c.argc() == 3) {
      start = 0;
      end = len - 1;
    } else {
      throw Call.error(Errors.SYNTAX);
    }
    if (start > end) {
      return Reply.integer(-1); // an empty range holds neither a 0 nor a 1
    }
    long fromBit = bits ? start : start << 3;
    long toBit = bits ? end : (end << 3) + 7;
    long pos = firstBit(v.readBuffer(), fromBit, toBit, (int) bit);
    if (pos >= 0 || bit == 1 || endGiven) {
      return Reply.integer(pos);
    }
    // No clear bit and no end given: the string reads as padded with zeros on the right.
    return Reply.integer(((toBit >>> 3) + 1) << 3);
  }

  // BITOP AND | OR | XOR | NOT destkey key [key ...]
  static Reply bitop(Call c) {
    Op op;
    if (c.is(1, "and")) {
      op = Op.AND;
    } else if (c.is(1, "or")) {
      op = Op.OR;
    } else if (c.is(1, "xor")) {
      op = Op.XOR;
    } else if (c.is(1, "not")) {
      op = Op.NOT;
    } else {
      throw Call.error(Errors.SYNTAX);
    }
    if (op == Op.NOT && c.argc() != 4) {
      throw Call.error(Errors.BITOP_NOT_ONE_KEY);
    }
    byte[] dest = c.arg(2);
    int n = c.argc() - 3;
    byte[][] sources = new byte[n][];
    int[] lengths = new int[n];
    int maxLen = 0;
    for (int j = 0; j < n; j++) {
      Value found = c.db().lookupRead(c.arg(j + 3)); // a missing key reads as zeros
      StringValue s = Call.asString(found);
      if (s != null) {
        sources[j] = s.readBuffer();
        lengths[j] = s.length();
        maxLen = Math.max(maxLen, lengths[j]);
      }
    }
    if (maxLen == 0) {
      if (c.db().remove(dest) != null) {
        c.notify(KeyspaceEvents.GENERIC, "del", dest); // an empty result deletes the destination
      }
      return Reply.ZERO;
    }
    byte[] res = new byte[maxLen];
    if (sources[0] != null) {
      System.arraycopy(sources[0], 0, res, 0, lengths[0]); // zeros past its end
    }
    if (op == Op.NOT) {
      for (int i = 0; i < maxLen; i++) {
        res[i] = (byte) ~res[i];
      }
    }
    for (int j = 1; j < n; j++) {
      combine(op, res, sources[j], lengths[j]);
    }
    c.db().put(dest, StringValue.rawOwned(res)); // no TTL kept, "raw" as Redis's createObject
    c.notify(KeyspaceEvents.STRING, "set", dest);
    return Reply.integer(maxLen);
  }

  private enum Op { AND, OR, XOR, NOT }

  /** res = res op src, src read as zeros past its length; eight bytes at a time. */
  private static void combine(Op op, byte[] res, byte[] src, int len) {
    if (op == Op.AND) {
      Arrays.fill(res, len, res.length, (byte) 0);
    }
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long a = (long) LONGS.get(res, i);
      long b = (long) LONGS.get(src, i);
      LONGS.set(res, i, op == Op.AND ? a & b : op == Op.OR ? a | b : a ^ b);
    }
    for (; i < len; i++) {
      int a = res[i];
      int b = src[i];
      res[i] = (byte) (op == Op.AND ? a & b : op == Op.OR ? a | b : a ^ b);
    }
  }

  // BITFIELD key [GET type offset | [OVERFLOW WRAP | SAT | FAIL] SET type offset value |
  //     INCRBY type offset increment ...]
  static Reply bitfield(Call c) {
    return bitfieldGeneric(c, false);
  }

  // BITFIELD_RO key [GET type offset ...]
  static Reply bitfieldRo(Call c) {
    return bitfieldGeneric(c, true);
  }

  private static final int GET = 0;
  private static final int SET = 1;
  private static final int INCRBY = 2;
  private static final int WRAP = 0;
  private static final int SAT = 1;
  private static final int FAIL = 2;

  /** One parsed BITFIELD operation; the overflow mode is the one in force where it was given. */
  private record FieldOp(int opcode, boolean signed, int bits, long offset, long value,
      int overflow) {}

  /**
   * BITFIELD and BITFIELD_RO: every operation is parsed before the key is looked up (so a bad one
   * fails the whole command), then they run in order; one "setbit" event if any write changed
   * a bit or the string was created or grown.
   */
  private static Reply bitfieldGeneric(Call c, boolean readOnly) {
    byte[] key = c.arg(1);
    List<FieldOp> ops = new ArrayList<>();
    int overflow = WRAP;
    boolean writes = false;
    long highestBit = 0;
    for (int j = 2; j < c.argc(); j++) {
      int remaining = c.argc() - j - 1;
      int opcode;
      if (c.is(j, "get") && remaining >= 2) {
        opcode = GET;
      } else if (c.is(j, "set") && remaining >= 3) {
        opcode = SET;
      } else if (c.is(j, "incrby") && remaining >= 3) {
        opcode = INCRBY;
      } else if (c.is(j, "overflow") && remaining >= 1) {
        j++;
        if (c.is(j, "wrap")) {
          overflow = WRAP;
        } else if (c.is(j, "sat")) {
          overflow = SAT;
        } else if (c.is(j, "fail")) {
          overflow = FAIL;
        } else {
          throw Call.error(Errors.BITFIELD_OVERFLOW_TYPE);
        }
        continue;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
      byte[] type = c.arg(j + 1);
      boolean signed = type.length > 0 && type[0] == 'i';
      int bits = fieldBits(type);
      long offset = bitOffset(c, c.arg(j + 2), true, bits);
      long value = 0;
      if (opcode != GET) {
        writes = true;
        highestBit = Math.max(highestBit, offset + bits - 1);
        value = c.longArg(j + 3);
      }
      ops.add(new FieldOp(opcode, signed, bits, offset, value, overflow));
      j += opcode == GET ? 2 : 3;
    }
    StringValue v;
    boolean dirty = false;
    if (!writes) {
      v = c.readString(key);
    } else {
      if (readOnly) {
        throw Call.error(Errors.BITFIELD_RO_GET_ONLY);
      }
      int needed = byteIndex(highestBit) + 1;
      v = c.writeString(key);
      if (v == null) {
        v = StringValue.rawOwned(new byte[needed]);
        c.db().put(key, v);
        dirty = true;
      } else {
        dirty = needed > v.length();
        v.writable(needed); // owned and long enough before the first write
      }
    }
    List<Reply> replies = new ArrayList<>(ops.size());
    int changes = 0;
    for (FieldOp op : ops) {
      byte[] p = v == null ? null : v.readBuffer();
      int len = v == null ? 0 : v.length();
      long old = getField(p, len, op.offset, op.bits, op.signed);
      if (op.opcode == GET) {
        replies.add(Reply.integer(old));
        continue;
      }
      long delta = op.opcode == INCRBY ? op.value : 0;
      long start = op.opcode == INCRBY ? old : op.value;
      long[] wrapped = new long[1];
      int over = op.signed
          ? signedOverflow(start, delta, op.bits, op.overflow, wrapped)
          : unsignedOverflow(start, delta, op.bits, op.overflow, wrapped);
      if (over != 0 && op.overflow == FAIL) {
        replies.add(Reply.NULL); // nothing written
        continue;
      }
      long updated = over != 0 ? wrapped[0] : start + delta;
      replies.add(Reply.integer(op.opcode == INCRBY ? updated : old));
      setField(p, op.offset, op.bits, updated);
      if (dirty || old != updated) {
        changes++;
      }
    }
    if (changes > 0) {
      c.db().signalModified(key);
      c.notify(KeyspaceEvents.STRING, "setbit", key);
    }
    return Reply.array(replies);
  }

  /** A bitfield type, "i1".."i64" or "u1".."u63"; the digits end at a NUL, as C reads them. */
  private static int fieldBits(byte[] type) {
    if (type.length == 0 || type[0] != 'i' && type[0] != 'u') {
      throw Call.error(Errors.BITFIELD_TYPE);
    }
    int end = 1;
    while (end < type.length && type[end] != 0) {
      end++;
    }
    long bits = Numbers.parseLong(Arrays.copyOfRange(type, 1, end), -1);
    if (bits < 1 || bits > (type[0] == 'i' ? 64 : 63)) {
      throw Call.error(Errors.BITFIELD_TYPE);
    }
    return (int) bits;
  }

  /**
   * A bit offset: a non-negative integer whose byte lies below proto-max-bulk-len; with
   * {@code hash}, "#N" means N fields of {@code bits} bits (the product wraps as Redis's C does).
   */
  private static long bitOffset(Call c, byte[] arg, boolean hash, int bits) {
    boolean fields = hash && bits > 0 && arg.length > 0 && arg[0] == '#';
    byte[] digits = fields ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
    if (!Numbers.isLong(digits)) {
      throw Call.error(Errors.BIT_OFFSET);
    }
    long offset = Numbers.parseLong(digits, 0);
    if (fields) {
      offset *= bits;
    }
    if (offset < 0 || (offset >> 3) >= c.protoMaxBulkLen()) {
      throw Call.error(Errors.BIT_OFFSET);
    }
    return offset;
  }

  /** The byte holding a bit that a write reaches; a Java array stops short of 2 GB. */
  private static int byteIndex(long bitOffset) {
    long index = bitOffset >>> 3;
    if (index >= StringValue.MAX_LENGTH) {
      throw Call.error(Errors.STRING_TOO_LONG); // only with proto-max-bulk-len above 2 GB
    }
    return (int) index;
  }

  /** BYTE or BIT at argument i when given (BIT: true); a syntax error for anything else. */
  private static boolean unit(Call c, int i) {
    if (i >= c.argc()) {
      return false;
    }
    if (c.is(i, "bit")) {
      return true;
    }
    if (c.is(i, "byte")) {
      return false;
    }
    throw Call.error(Errors.SYNTAX);
  }

  /** A negative index counts from the end; what stays negative is clamped to 0. */
  private static long clampIndex(long index, long total) {
    if (index < 0) {
      index += total;
    }
    return Math.max(0, index);
  }

  /** The number of set bits in bytes [from, to), eight bytes at a time. */
  static long popcount(byte[] p, int from, int to) {
    long count = 0;
    int i = from;
    for (; i + 32 <= to; i += 32) { // four independent counts per round
      count += Long.bitCount((long) LONGS.get(p, i)) + Long.bitCount((long) LONGS.get(p, i + 8))
          + Long.bitCount((long) LONGS.get(p, i + 16)) + Long.bitCount((long) LONGS.get(p, i + 24));
    }
    for (; i + 8 <= to; i += 8) {
      count += Long.bitCount((long) LONGS.get(p, i));
    }
    for (; i < to; i++) {
      count += Integer.bitCount(p[i] & 0xff);
    }
    return count;
  }

  /**
   * The first bit equal to {@code bit} in bits [fromBit, toBit] of p, or -1. Whole bytes that
   * cannot hold it are skipped eight at a time.
   */
  static long firstBit(byte[] p, long fromBit, long toBit, int bit) {
    long pos = fromBit;
    for (; pos <= toBit && (pos & 7) != 0; pos++) {
      if (bitAt(p, pos) == bit) {
        return pos;
      }
    }
    if (pos > toBit) {
      return -1;
    }
    int i = (int) (pos >>> 3);
    int fullEnd = (int) ((toBit + 1) >>> 3); // bytes before this one lie wholly in the range
    long skipWord = bit == 1 ? 0 : -1L;
    byte skipByte = (byte) skipWord;
    if (bit == 1) { // 32 bytes per test while nothing is set
      while (i + 32 <= fullEnd && ((long) LONGS.get(p, i) | (long) LONGS.get(p, i + 8)
          | (long) LONGS.get(p, i + 16) | (long) LONGS.get(p, i + 24)) == 0) {
        i += 32;
      }
    } else { // and while everything is
      while (i + 32 <= fullEnd && ((long) LONGS.get(p, i) & (long) LONGS.get(p, i + 8)
          & (long) LONGS.get(p, i + 16) & (long) LONGS.get(p, i + 24)) == -1L) {
        i += 32;
      }
    }
    while (i + 8 <= fullEnd && (long) LONGS.get(p, i) == skipWord) {
      i += 8;
    }
    while (i < fullEnd && p[i] == skipByte) {
      i++;
    }
    if (i < fullEnd) {
      int b = (bit == 1 ? p[i] : ~p[i]) & 0xff;
      return ((long) i << 3) + Integer.numberOfLeadingZeros(b) - 24;
    }
    for (pos = (long) fullEnd << 3; pos <= toBit; pos++) {
      if (bitAt(p, pos) == bit) {
        return pos;
      }
    }
    return -1;
  }

  private static int bitAt(byte[] p, long pos) {
    return (p[(int) (pos >>> 3)] >> (7 - (int) (pos & 7))) & 1;
  }

  /** A field of {@code bits} bits at a bit offset, most significant first; zeros past len. */
  private static long getField(byte[] p, int len, long offset, int bits, boolean signed) {
    long value = 0;
    for (int k = 0; k < bits; k++) {
      long pos = offset + k;
      int bit = (pos >>> 3) < len ? bitAt(p, pos) : 0;
      value = (value << 1) | bit;
    }
    if (signed && bits < 64) {
      value = (value << (64 - bits)) >> (64 - bits); // extend the sign bit
    }
    return value;
  }

  private static void setField(byte[] p, long offset, int bits, long value) {
    for (int k = 0; k < bits; k++) {
      long pos = offset + k;
      int index = (int) (pos >>> 3);
      int mask = 0x80 >>> (int) (pos & 7);
      boolean one = ((value >>> (bits - 1 - k)) & 1) != 0;
      p[index] = (byte) (one ? p[index] | mask : p[index] & ~mask);
    }
  }

  /**
   * Whether value + incr overflows an unsigned field (value read as unsigned 64 bits, so a
   * negative SET value is far too big): 1 above, -1 below, 0 not. On overflow {@code out[0]} gets
   * the value to store under WRAP (the sum modulo 2^bits) or SAT (the limit crossed).
   */
  static int unsignedOverflow(long value, long incr, int bits, int mode, long[] out) {
    long max = (1L << bits) - 1; // bits <= 63
    int over;
    if (Long.compareUnsigned(value, max) > 0 || incr > 0 && incr > max - value) {
      over = 1;
    } else if (incr < 0 && incr < -value) {
      over = -1;
    } else {
      return 0;
    }
    out[0] = mode == SAT ? (over > 0 ? max : 0) : (value + incr) & max;
    return over;
  }

  /**
   * Whether value + incr overflows a signed field of {@code bits} bits: 1 above, -1 below, 0
   * not. On overflow {@code out[0]} gets the value to store under WRAP (the sum's low bits,
   * sign-extended) or SAT (the limit crossed).
   */
  static int signedOverflow(long value, long incr, int bits, int mode, long[] out) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    long min = -max - 1;
    long maxIncr = max - value; // may wrap; read only once value is known to be in range
    long minIncr = min - value;
    int over;
    if (value > max || bits != 64 && incr > maxIncr || value >= 0 && incr > 0 && incr > maxIncr) {
      over = 1;
    } else if (value < min || bits != 64 && incr < minIncr
        || value < 0 && incr < 0 && incr < minIncr) {
      over = -1;
    } else {
      return 0;
    }
    if (mode == SAT) {
      out[0] = over > 0 ? max : min;
    } else {
      long sum = value + incr;
      out[0] = bits == 64 ? sum : (sum << (64 - bits)) >> (64 - bits);
    }
    return over;
  }
}
