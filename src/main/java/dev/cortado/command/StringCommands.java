package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Commands on string values: GET/SET and their variants, ranges, counters and LCS. Reads go through
 * {@link Call#readString} (which counts keyspace hits and misses), writes through
 * {@link Call#writeString}, as Redis's lookupKeyRead and lookupKeyWrite do.
 */
final class StringCommands {
  private StringCommands() {}

  private static final byte[] EMPTY = new byte[0];

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("StringCommands");
      String g = "string";
      String rangeCost = "O(N) where N is the length of the returned string. The complexity is "
          + "ultimately determined by the returned length, but because creating a substring from an "
          + "existing string is very cheap, it can be considered O(1) for small strings.";
      t.add("get", 2, READONLY | FAST, 1, 1, 1, g, "Get the value of a key", "get")
          .docs("1.0.0", "O(1)");
      t.add("set", -3, WRITE | DENYOOM, 1, 1, 1, g, "Set the string value of a key", "set")
          .docs("1.0.0", "O(1)").keySpecs(KeySpec.index(1).range(0, 1, 0)
              .flags("RW", "access", "update", "variable_flags")
              .notes("RW and ACCESS due to the optional `GET` argument"))
          .keysFallback(new KeySpec.Fallback() {
            @Override
            public int[] keys(byte[][] args, int from) {
              return new int[] {1};
            }

            /** Redis's setGetKeys: the key is read too when a GET option follows the value. */
            @Override
            public List<String> flagsOf(byte[][] args, int from, int nth) {
              for (int i = from + 3; i < args.length; i++) {
                if (Ascii.equalsIgnoreCase(args[i], "get")) {
                  return List.of("RW", "access", "update");
                }
              }
              return List.of("OW", "update");
            }
          });
      t.add("setnx", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Set the value of a key, only if the key does not exist", "setnx")
          .docs("1.0.0", "O(1)").keySpecFlags("OW", "insert");
      t.add("setex", 4, WRITE | DENYOOM, 1, 1, 1, g, "Set the value and expiration of a key", "setex")
          .docs("2.0.0", "O(1)").keySpecFlags("OW", "update");
      t.add("psetex", 4, WRITE | DENYOOM, 1, 1, 1, g,
          "Set the value and expiration in milliseconds of a key", "psetex")
          .docs("2.6.0", "O(1)").keySpecFlags("OW", "update");
      t.add("getset", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Set the string value of a key and return its old value", "getset")
          .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("getdel", 2, WRITE | FAST, 1, 1, 1, g, "Get the value of a key and delete the key",
          "getdel")
          .docs("6.2.0", "O(1)").keySpecFlags("RW", "access", "delete");
      t.add("getex", -2, WRITE | FAST, 1, 1, 1, g,
          "Get the value of a key and optionally set its expiration", "getex")
          .docs("6.2.0", "O(1)")
          .keySpecs(KeySpec.key(1, "RW", "access", "update")
              .notes("RW and UPDATE because it changes the TTL"));
      t.add("mget", -2, READONLY | FAST, 1, -1, 1, g, "Get the values of all the given keys", "mget")
          .docs("1.0.0", "O(N) where N is the number of keys to retrieve.")
          .tips("request_policy:multi_shard");
      t.add("mset", -3, WRITE | DENYOOM, 1, -1, 2, g, "Set multiple keys to multiple values", "mset")
          .docs("1.0.1", "O(N) where N is the number of keys to set.").keySpecFlags("OW", "update")
          .tips("request_policy:multi_shard", "response_policy:all_succeeded");
      t.add("msetnx", -3, WRITE | DENYOOM, 1, -1, 2, g,
          "Set multiple keys to multiple values, only if none of the keys exist", "msetnx")
          .docs("1.0.1", "O(N) where N is the number of keys to set.").keySpecFlags("OW", "insert")
          .tips("request_policy:multi_shard", "response_policy:agg_min");
      t.add("append", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Append a value to a key", "append")
          .docs("2.0.0", "O(1). The amortized time complexity is O(1) assuming the appended value is "
              + "small and the already present value is of any size, since the dynamic string "
              + "library used by Redis will double the free space available on every reallocation.")
          .keySpecFlags("RW", "insert");
      t.add("strlen", 2, READONLY | FAST, 1, 1, 1, g, "Get the length of the value stored in a key",
          "strlen")
          .docs("2.2.0", "O(1)").keySpecFlags("RO");
      t.add("getrange", 4, READONLY, 1, 1, 1, g, "Get a substring of the string stored at a key",
          "getrange")
          .docs("2.4.0", rangeCost);
      t.add("substr", 4, READONLY, 1, 1, 1, g, "Get a substring of the string stored at a key",
          "getrange")
          .docs("1.0.0", rangeCost);
      t.add("setrange", 4, WRITE | DENYOOM, 1, 1, 1, g,
          "Overwrite part of a string at key starting at the specified offset", "setrange")
          .docs("2.2.0", "O(1), not counting the time taken to copy the new string in place. "
              + "Usually, this string is very small so the amortized complexity is O(1). Otherwise, "
              + "complexity is O(M) with M being the length of the value argument.");
      t.add("incr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Increment the integer value of a key by one", "incr")
          .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("decr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Decrement the integer value of a key by one", "decr")
          .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("incrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Increment the integer value of a key by the given amount", "incrby")
          .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("decrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Decrement the integer value of a key by the given number", "decrby")
          .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("incrbyfloat", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Increment the float value of a key by the given amount", "incrbyfloat")
          .docs("2.6.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("lcs", -3, READONLY, 1, 2, 1, g, "Find longest common substring", "lcs")
          .docs("7.0.0", "O(N*M) where N and M are the lengths of s1 and s2, respectively");
    }
  }

  // GET key
  static Reply get(Call c) {
    return read(c, c.arg(1));
  }

  /** The string at a key as a reply, nil when missing: GET, and the old value of SET ... GET. */
  private static Reply read(Call c, byte[] key) {
    StringValue v = c.readString(key);
    return v == null ? Reply.NULL : Reply.bulk(v.bytes());
  }

  // SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
  //     PXAT unix-time-milliseconds | KEEPTTL]
  static Reply set(Call c) {
    return setGeneric(c, c.arg(2), Options.parse(c, 3, true), Reply.OK, Reply.NULL);
  }

  // SETNX key value
  static Reply setnx(Call c) {
    return setGeneric(c, c.arg(2), Options.of(Opt.NX, null), Reply.ONE, Reply.ZERO);
  }

  // SETEX key seconds value
  static Reply setex(Call c) {
    return setGeneric(c, c.arg(3), Options.of(Opt.EX, c.arg(2)), Reply.OK, Reply.NULL);
  }

  // PSETEX key milliseconds value
  static Reply psetex(Call c) {
    return setGeneric(c, c.arg(3), Options.of(Opt.PX, c.arg(2)), Reply.OK, Reply.NULL);
  }

  // GETSET key value: SET key value GET under its old name.
  static Reply getset(Call c) {
    return setGeneric(c, c.arg(2), Options.of(Opt.GET, null), Reply.OK, Reply.NULL);
  }

  private static final byte[] SET = {'S', 'E', 'T'};
  private static final byte[] PXAT = {'P', 'X', 'A', 'T'};
  private static final byte[] KEEPTTL = {'K', 'E', 'E', 'P', 'T', 'T', 'L'};
  private static final byte[] PEXPIREAT = {'P', 'E', 'X', 'P', 'I', 'R', 'E', 'A', 'T'};
  private static final byte[] PERSIST = {'P', 'E', 'R', 'S', 'I', 'S', 'T'};

  /**
   * The one implementation behind SET, SETNX, SETEX, PSETEX and GETSET, in Redis's order: the
   * expire time is checked first, then GET reads the old value (WRONGTYPE stops everything),
   * then NX or XX may skip the write. With GET the reply is always the old value. Events: "set",
   * then "expire" when a time was given (not for KEEPTTL).
   */
  private static Reply setGeneric(Call c, byte[] value, Options o, Reply done, Reply skipped) {
    byte[] key = c.arg(1);
    long deadline = o.time == null ? Value.NO_EXPIRY : deadline(c, o.ttl, o.time);
    Reply old = o.has(Opt.GET) ? read(c, key) : null;
    Value existing = c.db().lookupWrite(key);
    if (o.has(Opt.NX) && existing != null || o.has(Opt.XX) && existing == null) {
      return old != null ? old : skipped;
    }
    if (o.has(Opt.KEEPTTL) && existing != null) {
      deadline = existing.expiresAt();
    }
    c.db().put(key, new StringValue(value), deadline);
    c.notify(KeyspaceEvents.STRING, "set", key);
    if (o.time != null) {
      c.notify(KeyspaceEvents.GENERIC, "expire", key); // even when the deadline has already passed
      if (o.ttl != Opt.PXAT) { // replicas get the deadline, as Redis propagates SET ... PXAT
        c.propagateAs(SET, key, value, PXAT, ascii(Long.toString(deadline)));
      }
    }
    return old != null ? old : done;
  }

  // GETDEL key
  static Reply getdel(Call c) {
    StringValue v = c.readString(c.arg(1));
    if (v == null) {
      return Reply.NULL;
    }
    c.db().remove(c.arg(1));
    c.notify(KeyspaceEvents.GENERIC, "del", c.arg(1));
    c.propagateAs(Call.deletion(c, "lazyfree-lazy-user-del"), c.arg(1));
    return Reply.bulk(v.bytes());
  }

  // GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
  //     PXAT unix-time-milliseconds | PERSIST]
  static Reply getex(Call c) {
    Options o = Options.parse(c, 2, false);
    byte[] key = c.arg(1);
    StringValue v = c.readString(key);
    if (v == null) {
      return Reply.NULL; // a missing key wins over a bad expire time, as in Redis
    }
    if (o.time != null) {
      long when = deadline(c, o.ttl, o.time);
      if (when <= c.now()) {
        c.db().remove(key); // EXAT/PXAT in the past deletes the key, as EXPIRE does
        c.notify(KeyspaceEvents.GENERIC, "del", key);
        c.propagateAs(Call.deletion(c, "lazyfree-lazy-expire"), key);
      } else {
        c.db().setExpiry(key, v, when);
        c.notify(KeyspaceEvents.GENERIC, "expire", key);
        c.propagateAs(PEXPIREAT, key, ascii(Long.toString(when)));
      }
    } else if (o.ttl == Opt.PERSIST && v.expiresAt() != Value.NO_EXPIRY) {
      c.db().setExpiry(key, v, Value.NO_EXPIRY); // no TTL to remove: no change, no event
      c.notify(KeyspaceEvents.GENERIC, "persist", key);
      c.propagateAs(PERSIST, key);
    }
    return Reply.bulk(v.bytes());
  }

  /**
   * The Unix-ms deadline an EX/PX/EXAT/PXAT argument names. Zero, negative and overflowing times
   * are "invalid expire time"; a relative time that wraps past Long.MAX_VALUE shows up as negative,
   * as it does in Redis's C arithmetic.
   */
  private static long deadline(Call c, Opt unit, byte[] time) {
    long n = Call.parseLong(time);
    boolean seconds = unit == Opt.EX || unit == Opt.EXAT;
    if (n <= 0 || seconds && n > Long.MAX_VALUE / 1000) {
      throw Call.error(Errors.invalidExpireTime(c.spec.name));
    }
    if (seconds) {
      n *= 1000;
    }
    if (unit == Opt.EX || unit == Opt.PX) {
      n += c.now();
    }
    if (n <= 0) {
      throw Call.error(Errors.invalidExpireTime(c.spec.name));
    }
    return n;
  }

  // MGET key [key ...]: a key holding another type reads as nil, not WRONGTYPE.
  static Reply mget(Call c) {
    List<Reply> values = new ArrayList<>(c.argc() - 1);
    for (int i = 1; i < c.argc(); i++) {
      Value v = c.db().lookupRead(c.arg(i));
      values.add(v instanceof StringValue s ? Reply.bulk(s.bytes()) : Reply.NULL);
    }
    return Reply.array(values);
  }

  // MSET key value [key value ...]
  static Reply mset(Call c) {
    return msetGeneric(c, false);
  }

  // MSETNX key value [key value ...]
  static Reply msetnx(Call c) {
    return msetGeneric(c, true);
  }

  /** MSET and MSETNX: with nx, nothing is written when any key exists. Writes drop old TTLs. */
  private static Reply msetGeneric(Call c, boolean nx) {
    if (c.argc() % 2 == 0) {
      throw Call.error(Errors.wrongArity(c.spec.name));
    }
    if (nx) {
      for (int i = 1; i < c.argc(); i += 2) {
        if (c.db().lookupWrite(c.arg(i)) != null) {
          return Reply.ZERO;
        }
      }
    }
    for (int i = 1; i < c.argc(); i += 2) {
      c.db().put(c.arg(i), new StringValue(c.arg(i + 1)));
      c.notify(KeyspaceEvents.STRING, "set", c.arg(i)); // per pair, a key named twice twice
    }
    return nx ? Reply.ONE : Reply.OK;
  }

  // APPEND key value
  static Reply append(Call c) {
    byte[] key = c.arg(1);
    byte[] tail = c.arg(2);
    StringValue old = c.writeString(key);
    if (old == null) {
      c.db().put(key, new StringValue(tail));
      c.notify(KeyspaceEvents.STRING, "append", key); // an empty tail still creates the key
      return Reply.integer(tail.length);
    }
    int head = old.length();
    checkLength(c, head, tail.length);
    byte[] buf = old.writable(head + tail.length); // in place, with sds-like spare room
    System.arraycopy(tail, 0, buf, head, tail.length);
    c.db().signalModified(key);
    c.notify(KeyspaceEvents.STRING, "append", key); // even for an empty tail
    return Reply.integer(old.length());
  }

  // STRLEN key
  static Reply strlen(Call c) {
    StringValue v = c.readString(c.arg(1));
    return v == null ? Reply.ZERO : Reply.integer(v.length());
  }

  // GETRANGE key start end (also SUBSTR key start end)
  static Reply getrange(Call c) {
    long start = c.longArg(2);
    long end = c.longArg(3);
    StringValue v = c.readString(c.arg(1));
    if (v == null) {
      return Reply.bulk(EMPTY);
    }
    long len = v.length();
    if (start < 0 && end < 0 && start > end) {
      return Reply.bulk(EMPTY); // reversed: empty even where clamping would make both ends 0
    }
    // Negative indexes count from the end; both ends are then clamped into the string.
    if (start < 0) {
      start = Math.max(0, len + start);
    }
    if (end < 0) {
      end = Math.max(0, len + end);
    }
    end = Math.min(end, len - 1);
    if (start > end || len == 0) {
      return Reply.bulk(EMPTY);
    }
    return Reply.bulk(v.copyRange((int) start, (int) end + 1));
  }

  // SETRANGE key offset value
  static Reply setrange(Call c) {
    byte[] key = c.arg(1);
    long offset = c.longArg(2);
    byte[] patch = c.arg(3);
    if (offset < 0) {
      throw Call.error(Errors.OFFSET_RANGE);
    }
    StringValue old = c.writeString(key);
    int current = old == null ? 0 : old.length();
    if (patch.length == 0) {
      return Reply.integer(current); // nothing to write: no key is created, none is changed
    }
    checkLength(c, offset, patch.length);
    int at = (int) offset;
    if (old == null) {
      byte[] created = new byte[at + patch.length];
      System.arraycopy(patch, 0, created, at, patch.length);
      c.db().put(key, StringValue.rawOwned(created));
      c.notify(KeyspaceEvents.STRING, "setrange", key);
      return Reply.integer(created.length);
    }
    byte[] buf = old.writable(at + patch.length); // in place: no copy of the rest of the value
    System.arraycopy(patch, 0, buf, at, patch.length);
    c.db().signalModified(key);
    c.notify(KeyspaceEvents.STRING, "setrange", key);
    return Reply.integer(old.length());
  }

  /** Redis's checkStringLength: a string may not grow past proto-max-bulk-len. */
  private static void checkLength(Call c, long size, long added) {
    // Java arrays stop just short of 2 GB, whatever the configured limit.
    long limit = Math.min(c.protoMaxBulkLen(), Integer.MAX_VALUE - 8);
    if (size > limit - added) {
      throw Call.error(Errors.STRING_TOO_LONG);
    }
  }

  /** Replaces the string at a key in place, keeping its TTL (Redis's dbOverwrite). */
  private static void overwrite(Call c, byte[] key, Value old, StringValue value) {
    c.db().put(key, value, old == null ? Value.NO_EXPIRY : old.expiresAt());
  }

  // INCR key
  static Reply incr(Call c) {
    return incrBy(c, 1);
  }

  // DECR key
  static Reply decr(Call c) {
    return incrBy(c, -1);
  }

  // INCRBY key increment
  static Reply incrby(Call c) {
    return incrBy(c, c.longArg(2));
  }

  // DECRBY key decrement
  static Reply decrby(Call c) {
    long decrement = c.longArg(2);
    if (decrement == Long.MIN_VALUE) {
      throw Call.error(Errors.DECREMENT_OVERFLOW); // its negation does not fit
    }
    return incrBy(c, -decrement);
  }

  /** INCR, DECR, INCRBY and DECRBY: a missing key counts as 0; the TTL is kept. */
  private static Reply incrBy(Call c, long delta) {
    byte[] key = c.arg(1);
    StringValue old = c.writeString(key);
    long value = old == null ? 0 : Call.parseLong(old.bytes());
    long result;
    try {
      result = Math.addExact(value, delta);
    } catch (ArithmeticException e) {
      throw Call.error(Errors.OVERFLOW);
    }
    overwrite(c, key, old, new StringValue(ascii(Long.toString(result))));
    c.notify(KeyspaceEvents.STRING, "incrby", key); // INCR, DECR and DECRBY too
    return Reply.integer(result);
  }

  // INCRBYFLOAT key increment
  static Reply incrbyfloat(Call c) {
    byte[] key = c.arg(1);
    StringValue old = c.writeString(key);
    LongDouble value = old == null ? LongDouble.ZERO : LongDouble.parse(old.bytes());
    LongDouble increment = LongDouble.parse(c.arg(2));
    if (value == null || increment == null) {
      throw Call.error(Errors.NOT_FLOAT);
    }
    LongDouble sum = value.plus(increment);
    if (sum.isInfinite()) {
      throw Call.error(Errors.INCR_FLOAT_NAN);
    }
    byte[] text = ascii(sum.toHumanString());
    overwrite(c, key, old, StringValue.plain(text)); // "embstr" even when it reads as an integer
    c.notify(KeyspaceEvents.STRING, "incrbyfloat", key);
    c.propagateAs(SET, key, text, KEEPTTL); // the result, not the float arithmetic, as Redis
    return Reply.bulk(text);
  }

  // LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
  static Reply lcs(Call c) {
    Value va = c.db().lookupRead(c.arg(1));
    Value vb = c.db().lookupRead(c.arg(2));
    if (va != null && !(va instanceof StringValue) || vb != null && !(vb instanceof StringValue)) {
      throw Call.error(Errors.LCS_NOT_STRINGS);
    }
    byte[] a = va == null ? EMPTY : ((StringValue) va).bytes();
    byte[] b = vb == null ? EMPTY : ((StringValue) vb).bytes();
    boolean len = false;
    boolean idx = false;
    boolean withMatchLen = false;
    long minMatchLen = 0;
    for (int j = 3; j < c.argc(); j++) {
      if (c.is(j, "idx")) {
        idx = true;
      } else if (c.is(j, "len")) {
        len = true;
      } else if (c.is(j, "withmatchlen")) {
        withMatchLen = true;
      } else if (c.is(j, "minmatchlen") && j + 1 < c.argc()) {
        minMatchLen = Math.max(0, c.longArg(++j));
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    if (len && idx) {
      throw Call.error(Errors.LCS_LEN_AND_IDX);
    }
    long cells = (a.length + 1L) * (b.length + 1L);
    if (cells * Integer.BYTES > c.protoMaxBulkLen() || cells > Integer.MAX_VALUE - 8) {
      throw Call.error(Errors.LCS_TOO_BIG);
    }
    Lcs table = new Lcs(a, b);
    if (len) {
      return Reply.integer(table.length());
    }
    return idx ? table.matches(minMatchLen, withMatchLen) : Reply.bulk(table.sequence());
  }

  /**
   * The dynamic-programming table of LCS: cell (i, j) holds the length of the longest common
   * subsequence of a[0..i) and b[0..j). Walking back from the last cell yields the sequence and its
   * matching ranges, last range first, exactly as Redis reports them.
   */
  private static final class Lcs {
    private final byte[] a;
    private final byte[] b;
    private final int[] cells;

    Lcs(byte[] a, byte[] b) {
      this.a = a;
      this.b = b;
      this.cells = new int[(a.length + 1) * (b.length + 1)];
      for (int i = 1; i <= a.length; i++) {
        for (int j = 1; j <= b.length; j++) {
          cells[at(i, j)] = a[i - 1] == b[j - 1]
              ? cell(i - 1, j - 1) + 1
              : Math.max(cell(i - 1, j), cell(i, j - 1));
        }
      }
    }

    private int at(int i, int j) {
      return i * (b.length + 1) + j;
    }

    private int cell(int i, int j) {
      return cells[at(i, j)];
    }

    int length() {
      return cell(a.length, b.length);
    }

    byte[] sequence() {
      byte[] out = new byte[length()];
      int k = out.length;
      int i = a.length;
      int j = b.length;
      while (i > 0 && j > 0) {
        if (a[i - 1] == b[j - 1]) {
          out[--k] = a[i - 1];
          i--;
          j--;
        } else if (cell(i - 1, j) > cell(i, j - 1)) {
          i--;
        } else {
          j--;
        }
      }
      return out;
    }

    /** LCS ... IDX: {"matches": [[[aStart, aEnd], [bStart, bEnd], (len)], ...], "len": n}. */
    Reply matches(long minMatchLen, boolean withMatchLen) {
      List<Reply> ranges = new ArrayList<>();
      int i = a.length;
      int j = b.length;
      int aStart = -1; // -1: no range open
      int aEnd = 0;
      int bStart = 0;
      int bEnd = 0;
      while (i > 0 && j > 0) {
        boolean emit = false;
        if (a[i - 1] == b[j - 1]) {
          if (aStart < 0) {
            aStart = aEnd = i - 1;
            bStart = bEnd = j - 1;
          } else if (aStart == i && bStart == j) {
            aStart--; // the match extends the open range backwards
            bStart--;
          } else {
            emit = true;
          }
          emit |= aStart == 0 || bStart == 0; // nothing can precede this range
          i--;
          j--;
        } else {
          if (cell(i - 1, j) > cell(i, j - 1)) {
            i--;
          } else {
            j--;
          }
          emit = aStart >= 0;
        }
        if (emit) {
          int matchLen = aEnd - aStart + 1;
          if (matchLen >= minMatchLen) {
            List<Reply> range = new ArrayList<>(3);
            range.add(Reply.array(List.of(Reply.integer(aStart), Reply.integer(aEnd))));
            range.add(Reply.array(List.of(Reply.integer(bStart), Reply.integer(bEnd))));
            if (withMatchLen) {
              range.add(Reply.integer(matchLen));
            }
            ranges.add(Reply.array(range));
          }
          aStart = -1;
        }
      }
      return Reply.map(List.of(Reply.bulk("matches"), Reply.array(ranges), Reply.bulk("len"),
          Reply.integer(length())));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The option words of SET and GETEX. Options of one group exclude each other, but one option may
   * repeat (Redis accepts {@code SET k v EX 1 EX 2}; the last time wins).
   */
  private enum Opt {
    NX(Group.CONDITION, true, false),
    XX(Group.CONDITION, true, false),
    GET(Group.NONE, true, false),
    KEEPTTL(Group.TTL, true, false),
    PERSIST(Group.TTL, false, true),
    EX(Group.TTL, true, true),
    PX(Group.TTL, true, true),
    EXAT(Group.TTL, true, true),
    PXAT(Group.TTL, true, true);

    private enum Group { NONE, CONDITION, TTL }

    private final Group group;
    private final boolean inSet;
    private final boolean inGetex;

    Opt(Group group, boolean inSet, boolean inGetex) {
      this.group = group;
      this.inSet = inSet;
      this.inGetex = inGetex;
    }

    boolean takesTime() {
      return this == EX || this == PX || this == EXAT || this == PXAT;
    }

    boolean excludes(Opt other) {
      return other != this && group != Group.NONE && group == other.group;
    }

    static Opt named(String word) {
      for (Opt o : values()) {
        if (o.name().equalsIgnoreCase(word)) {
          return o;
        }
      }
      return null;
    }
  }

  /** Parsed options: the flags given, the TTL option among them (or null) and its time argument. */
  private record Options(EnumSet<Opt> flags, Opt ttl, byte[] time) {
    static Options of(Opt option, byte[] time) {
      return new Options(EnumSet.of(option), option.group == Opt.Group.TTL ? option : null, time);
    }

    /** Parses the options of SET (forSet) or GETEX from argument {@code from} on. */
    static Options parse(Call c, int from, boolean forSet) {
      EnumSet<Opt> flags = EnumSet.noneOf(Opt.class);
      Opt ttl = null;
      byte[] time = null;
      for (int j = from; j < c.argc(); j++) {
        Opt o = Opt.named(c.str(j));
        if (o == null || !(forSet ? o.inSet : o.inGetex)
            || flags.stream().anyMatch(o::excludes)
            || o.takesTime() && j + 1 == c.argc()) {
          throw Call.error(Errors.SYNTAX);
        }
        flags.add(o);
        if (o.group == Opt.Group.TTL) {
          ttl = o;
        }
        if (o.takesTime()) {
          time = c.arg(++j);
        }
      }
      return new Options(flags, ttl, time);
    }

    boolean has(Opt o) {
      return flags.contains(o);
    }
  }
}
