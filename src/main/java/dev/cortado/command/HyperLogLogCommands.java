package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.MAY_REPLICATE;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST over string values holding Redis's HyperLogLog
 * bytes ({@link HyperLogLog}). As in Redis, a HyperLogLog is an ordinary string: GET, SET and
 * APPEND see its bytes, and a string that is not one is refused with the HLL's own WRONGTYPE text.
 *
 * <p>PFCOUNT of one key writes the cardinality it computed back into the header: a change WATCH
 * sees, with no event. Where Redis turns a string "raw" or dense in place without signalling it
 * (dbUnshareStringValue, PFDEBUG TODENSE), the new object replaces the old one quietly.
 */
final class HyperLogLogCommands {
  private HyperLogLogCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("HyperLogLogCommands");
      String g = "hyperloglog";
      t.add("pfadd", -2, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Adds the specified elements to the specified HyperLogLog.", "pfadd")
          .docs("2.8.9", "O(1) to add every element.").keySpecFlags("RW", "insert");
      t.add("pfcount", -2, READONLY | MAY_REPLICATE, 1, -1, 1, g,
          "Return the approximated cardinality of the set(s) observed by the HyperLogLog at "
              + "key(s).", "pfcount")
          .docs("2.8.9", "O(1) with a very small average constant time when called with a single "
              + "key. O(N) with N being the number of keys, and much bigger constant times, when "
              + "called with multiple keys.")
          .keySpecs(KeySpec.rest(1, "RW", "access").notes("RW because it may change the internal "
              + "representation of the key, and propagate to replicas"));
      t.add("pfmerge", -2, WRITE | DENYOOM, 1, -1, 1, g,
          "Merge N different HyperLogLogs into a single one.", "pfmerge")
          .docs("2.8.9", "O(N) to merge N HyperLogLogs, but with high constant times.")
          .keySpecs(KeySpec.key(1, "RW", "access", "insert"), KeySpec.rest(2, "RO", "access"));
      t.add("pfdebug", 3, WRITE | DENYOOM | ADMIN, 2, 2, 1, g,
          "Internal commands for debugging HyperLogLog values", "pfdebug")
          .docs("2.8.9", "N/A").keySpecFlags("RW", "access");
      t.add("pfselftest", 1, ADMIN, 0, 0, 0, g,
          "An internal command for testing HyperLogLog values", "pfselftest")
          .docs("2.8.9", "N/A");
    }
  }

  // PFADD key [element ...]
  static Reply pfadd(Call c) {
    byte[] key = c.arg(1);
    Database db = c.db();
    Value old = db.lookupWrite(key);
    HyperLogLog.Edit hll;
    int updated = 0;
    if (old == null) {
      hll = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
      updated++;
    } else {
      hll = new HyperLogLog.Edit(hllBytes(old));
    }
    long sparseMax = sparseMaxBytes(c);
    for (int j = 2; j < c.argc(); j++) {
      int r = hll.add(c.arg(j), sparseMax);
      if (r < 0) {
        // Redis changed the object in place up to the corrupt opcode, and signals nothing.
        if (hll.changed) {
          db.replaceQuietly(key, raw(hll.bytes()));
        }
        throw Call.error(Errors.HLL_CORRUPT);
      }
      updated += r;
    }
    if (updated == 0) {
      unshare(db, key, old);
      return Reply.ZERO;
    }
    hll.invalidateCache();
    store(db, key, old, hll.bytes());
    c.notify(KeyspaceEvents.STRING, "pfadd", key);
    return Reply.ONE;
  }

  // PFCOUNT key [key ...]
  static Reply pfcount(Call c) {
    Database db = c.db();
    if (c.argc() > 2) {
      byte[] max = new byte[HyperLogLog.REGISTERS];
      for (int j = 1; j < c.argc(); j++) {
        Value v = db.lookupRead(c.arg(j));
        if (v == null) {
          continue; // a missing key is an empty HyperLogLog
        }
        if (!HyperLogLog.mergeInto(max, hllBytes(v))) {
          throw Call.error(Errors.HLL_CORRUPT);
        }
      }
      return Reply.integer(HyperLogLog.estimate(HyperLogLog.rawHistogram(max)));
    }
    byte[] key = c.arg(1);
    Value v = db.lookupRead(key);
    if (v == null) {
      return Reply.ZERO;
    }
    byte[] bytes = hllBytes(v);
    if (HyperLogLog.cacheValid(bytes)) {
      unshare(db, key, v);
      return Reply.integer(HyperLogLog.cachedCardinality(bytes));
    }
    long card = HyperLogLog.count(bytes);
    if (card < 0) {
      unshare(db, key, v);
      throw Call.error(Errors.HLL_CORRUPT);
    }
    HyperLogLog.Edit hll = new HyperLogLog.Edit(bytes);
    hll.setCachedCardinality(card);
    store(db, key, v, hll.bytes()); // a change WATCH sees, without an event
    return Reply.integer(card);
  }

  // PFMERGE destkey [sourcekey ...]
  static Reply pfmerge(Call c) {
    Database db = c.db();
    byte[] max = new byte[HyperLogLog.REGISTERS];
    boolean dense = false;
    for (int j = 1; j < c.argc(); j++) {
      Value v = db.lookupRead(c.arg(j));
      if (v == null) {
        continue;
      }
      byte[] bytes = hllBytes(v);
      // One dense input makes the destination dense at once, as Redis does.
      dense |= HyperLogLog.encoding(bytes) == HyperLogLog.DENSE;
      if (!HyperLogLog.mergeInto(max, bytes)) {
        throw Call.error(Errors.HLL_CORRUPT);
      }
    }
    byte[] key = c.arg(1);
    Value old = db.lookupWrite(key); // checked as the first source already
    HyperLogLog.Edit hll = old == null
        ? HyperLogLog.Edit.fresh(HyperLogLog.emptySparse())
        : new HyperLogLog.Edit(((StringValue) old).bytes());
    if (dense && !hll.toDense()) {
      throw Call.error(Errors.HLL_CORRUPT);
    }
    long sparseMax = sparseMaxBytes(c);
    for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
      if (max[i] != 0) {
        hll.set(i, max[i], sparseMax); // valid by now: no corrupt opcode to meet
      }
    }
    hll.invalidateCache();
    store(db, key, old, hll.bytes());
    // Redis names PFMERGE's event "pfadd": a mass add of elements.
    c.notify(KeyspaceEvents.STRING, "pfadd", key);
    return Reply.OK;
  }

  // PFDEBUG subcommand key
  static Reply pfdebug(Call c) {
    byte[] key = c.arg(2);
    Database db = c.db();
    Value v = db.lookupWrite(key);
    if (v == null) {
      throw Call.error(Errors.HLL_DEBUG_NO_KEY);
    }
    byte[] bytes = hllBytes(v);
    unshare(db, key, v);
    byte[] sub = c.arg(1);
    if (Ascii.equalsIgnoreCase(sub, "getreg")) {
      HyperLogLog.Edit hll = new HyperLogLog.Edit(bytes);
      if (!hll.toDense()) {
        throw Call.error(Errors.HLL_CORRUPT);
      }
      byte[] dense = hll.bytes();
      if (hll.changed) {
        db.replaceQuietly(key, raw(dense));
      }
      List<Reply> regs = new ArrayList<>(HyperLogLog.REGISTERS);
      for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
        regs.add(Reply.integer(HyperLogLog.denseGet(dense, i)));
      }
      return Reply.array(regs);
    }
    if (Ascii.equalsIgnoreCase(sub, "decode")) {
      if (HyperLogLog.encoding(bytes) != HyperLogLog.SPARSE) {
        throw Call.error(Errors.HLL_NOT_SPARSE);
      }
      return Reply.bulk(decode(bytes));
    }
    if (Ascii.equalsIgnoreCase(sub, "encoding")) {
      return Reply.simple(HyperLogLog.encoding(bytes) == HyperLogLog.DENSE ? "dense" : "sparse");
    }
    if (Ascii.equalsIgnoreCase(sub, "todense")) {
      if (HyperLogLog.encoding(bytes) == HyperLogLog.DENSE) {
        return Reply.ZERO;
      }
      HyperLogLog.Edit hll = new HyperLogLog.Edit(bytes);
      if (!hll.toDense()) {
        throw Call.error(Errors.HLL_CORRUPT);
      }
      db.replaceQuietly(key, raw(hll.bytes()));
      return Reply.ONE;
    }
    throw Call.error(Errors.unknownPfdebugSubcommand(c.str(1)));
  }

  /** PFDEBUG DECODE's text: "z:len", "Z:len" and "v:value,len" separated by spaces. */
  private static byte[] decode(byte[] b) {
    StringBuilder out = new StringBuilder();
    int p = HyperLogLog.HEADER;
    while (p < b.length) {
      int op = b[p] & 0xff;
      if ((op & 0xc0) == 0) {
        out.append("z:").append((op & 0x3f) + 1).append(' ');
        p++;
      } else if ((op & 0xc0) == 0x40) {
        int low = p + 1 < b.length ? b[p + 1] & 0xff : 0;
        out.append("Z:").append((((op & 0x3f) << 8) | low) + 1).append(' ');
        p += 2;
      } else {
        out.append("v:").append(((op >>> 2) & 0x1f) + 1).append(',').append((op & 3) + 1)
            .append(' ');
        p++;
      }
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    return out.substring(0, end).getBytes(StandardCharsets.US_ASCII);
  }

  // PFSELFTEST
  static Reply pfselftest(Call c) {
    String failure = selfTest(c.server.random, sparseMaxBytes(c));
    if (failure != null) {
      throw Call.error(failure);
    }
    return Reply.OK;
  }

  /**
   * Redis's self-test, on this implementation: registers keep random values without disturbing
   * their neighbours; then ten million distinct elements into a dense and a sparse value that must
   * agree, within six standard errors, at every power of ten.
   */
  static String selfTest(Random random, long sparseMax) {
    byte[] dense = new byte[HyperLogLog.DENSE_SIZE];
    int[] expected = new int[HyperLogLog.REGISTERS];
    for (int cycle = 0; cycle < 1000; cycle++) {
      for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
        int r = random.nextInt(64);
        expected[i] = r;
        HyperLogLog.denseSet(dense, i, r);
      }
      for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
        int got = HyperLogLog.denseGet(dense, i);
        if (got != expected[i]) {
          return "TESTFAILED Register " + i + " should be " + expected[i] + " but is " + got;
        }
      }
    }
    byte[] empty = new byte[HyperLogLog.DENSE_SIZE];
    System.arraycopy(HyperLogLog.emptySparse(), 0, empty, 0, HyperLogLog.HEADER);
    empty[4] = HyperLogLog.DENSE;
    HyperLogLog.Edit denseHll = new HyperLogLog.Edit(empty);
    HyperLogLog.Edit sparseHll = HyperLogLog.Edit.fresh(HyperLogLog.emptySparse());
    double relErr = 1.04 / Math.sqrt(HyperLogLog.REGISTERS);
    long checkpoint = 1;
    long seed = random.nextLong();
    byte[] element = new byte[8];
    for (long j = 1; j <= 10_000_000; j++) {
      long e = j ^ seed;
      for (int k = 0; k < 8; k++) {
        element[k] = (byte) (e >>> (8 * k));
      }
      denseHll.add(element, sparseMax);
      sparseHll.add(element, sparseMax);
      if (j != checkpoint) {
        continue;
      }
      if (j < sparseMax / 2 && sparseHll.encoding() != HyperLogLog.SPARSE) {
        return "TESTFAILED sparse encoding not used";
      }
      long card = HyperLogLog.count(denseHll.bytes());
      if (card != HyperLogLog.count(sparseHll.bytes())) {
        return "TESTFAILED dense/sparse disagree";
      }
      long absErr = Math.abs(checkpoint - card);
      long maxErr = j == 10 ? 1 : (long) Math.ceil(relErr * 6 * checkpoint);
      if (absErr > maxErr) {
        return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absErr;
      }
      checkpoint *= 10;
    }
    return null;
  }

  // ------------------------------------------------------------------ helpers

  /** The bytes of a valid HyperLogLog, or the WRONGTYPE Redis gives for anything else. */
  private static byte[] hllBytes(Value v) {
    StringValue s = Call.asString(v);
    byte[] bytes = s.bytes();
    if (!HyperLogLog.isValid(bytes)) {
      throw Call.error(Errors.HLL_WRONGTYPE);
    }
    return bytes;
  }

  private static long sparseMaxBytes(Call c) {
    return c.server.config.number("hll-sparse-max-bytes");
  }

  /** Redis builds HyperLogLogs as raw strings (sdsnewlen), whatever their length. */
  private static StringValue raw(byte[] bytes) {
    return new StringValue(bytes, true);
  }

  /** A changed HyperLogLog replaces the old value, keeping its TTL (signals WATCH). */
  private static void store(Database db, byte[] key, Value old, byte[] bytes) {
    db.put(key, raw(bytes), old == null ? Value.NO_EXPIRY : old.expiresAt());
  }

  /** dbUnshareStringValue: a string read for a write becomes "raw", silently. */
  private static void unshare(Database db, byte[] key, Value v) {
    if (v != null && !"raw".equals(v.encoding())) {
      db.replaceQuietly(key, raw(((StringValue) v).bytes()));
    }
  }
}
