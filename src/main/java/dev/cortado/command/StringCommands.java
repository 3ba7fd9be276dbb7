package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Reply;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands on string values: GET/SET and their variants, ranges, counters and LCS. Reads go through
 * {@link Call#readString} (which counts keyspace hits and misses), writes through
 * {@link Call#writeString}, as Redis's lookupKeyRead and lookupKeyWrite do.
 */
final class StringCommands {
  private StringCommands() {}

  private static final byte[] EMPTY = new byte[0];

  static void register(CommandTable t) {
    String g = "string";
    String rangeCost = "O(N) where N is the length of the returned string. The complexity is "
        + "ultimately determined by the returned length, but because creating a substring from an "
        + "existing string is very cheap, it can be considered O(1) for small strings.";
    t.add("get", 2, READONLY | FAST, 1, 1, 1, g, "Get the value of a key", StringCommands::get)
        .docs("1.0.0", "O(1)");
    t.add("set", -3, WRITE | DENYOOM, 1, 1, 1, g, "Set the string value of a key",
        StringCommands::set)
        .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update", "variable_flags");
    t.add("setnx", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Set the value of a key, only if the key does not exist", StringCommands::setnx)
        .docs("1.0.0", "O(1)").keySpecFlags("OW", "insert");
    t.add("setex", 4, WRITE | DENYOOM, 1, 1, 1, g, "Set the value and expiration of a key",
        StringCommands::setex)
        .docs("2.0.0", "O(1)").keySpecFlags("OW", "update");
    t.add("psetex", 4, WRITE | DENYOOM, 1, 1, 1, g,
        "Set the value and expiration in milliseconds of a key", StringCommands::psetex)
        .docs("2.6.0", "O(1)").keySpecFlags("OW", "update");
    t.add("getset", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Set the string value of a key and return its old value", StringCommands::getset)
        .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("getdel", 2, WRITE | FAST, 1, 1, 1, g, "Get the value of a key and delete the key",
        StringCommands::getdel)
        .docs("6.2.0", "O(1)").keySpecFlags("RW", "access", "delete");
    t.add("getex", -2, WRITE | FAST, 1, 1, 1, g,
        "Get the value of a key and optionally set its expiration", StringCommands::getex)
        .docs("6.2.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("mget", -2, READONLY | FAST, 1, -1, 1, g, "Get the values of all the given keys",
        StringCommands::mget)
        .docs("1.0.0", "O(N) where N is the number of keys to retrieve.")
        .tips("request_policy:multi_shard");
    t.add("mset", -3, WRITE | DENYOOM, 1, -1, 2, g, "Set multiple keys to multiple values",
        StringCommands::mset)
        .docs("1.0.1", "O(N) where N is the number of keys to set.").keySpecFlags("OW", "update")
        .tips("request_policy:multi_shard", "response_policy:all_succeeded");
    t.add("msetnx", -3, WRITE | DENYOOM, 1, -1, 2, g,
        "Set multiple keys to multiple values, only if none of the keys exist",
        StringCommands::msetnx)
        .docs("1.0.1", "O(N) where N is the number of keys to set.").keySpecFlags("OW", "insert")
        .tips("request_policy:multi_shard", "response_policy:agg_min");
    t.add("append", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Append a value to a key",
        StringCommands::append)
        .docs("2.0.0", "O(1). The amortized time complexity is O(1) assuming the appended value is "
            + "small and the already present value is of any size, since the dynamic string "
            + "library used by Redis will double the free space available on every reallocation.")
        .keySpecFlags("RW", "insert");
    t.add("strlen", 2, READONLY | FAST, 1, 1, 1, g, "Get the length of the value stored in a key",
        StringCommands::strlen)
        .docs("2.2.0", "O(1)").keySpecFlags("RO");
    t.add("getrange", 4, READONLY, 1, 1, 1, g, "Get a substring of the string stored at a key",
        StringCommands::getrange)
        .docs("2.4.0", rangeCost);
    t.add("substr", 4, READONLY, 1, 1, 1, g, "Get a substring of the string stored at a key",
        StringCommands::getrange)
        .docs("1.0.0", rangeCost);
    t.add("setrange", 4, WRITE | DENYOOM, 1, 1, 1, g,
        "Overwrite part of a string at key starting at the specified offset",
        StringCommands::setrange)
        .docs("2.2.0", "O(1), not counting the time taken to copy the new string in place. "
            + "Usually, this string is very small so the amortized complexity is O(1). Otherwise, "
            + "complexity is O(M) with M being the length of the value argument.");
    t.add("incr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Increment the integer value of a key by one", StringCommands::incr)
        .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("decr", 2, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Decrement the integer value of a key by one", StringCommands::decr)
        .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("incrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Increment the integer value of a key by the given amount", StringCommands::incrby)
        .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("decrby", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Decrement the integer value of a key by the given number", StringCommands::decrby)
        .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("incrbyfloat", 3, WRITE | DENYOOM | FAST, 1, 1, 1, g,
        "Increment the float value of a key by the given amount", StringCommands::incrbyfloat)
        .docs("2.6.0", "O(1)").keySpecFlags("RW", "access", "update");
    t.add("lcs", -3, READONLY, 1, 2, 1, g, "Find longest common substring", StringCommands::lcs)
        .docs("7.0.0", "O(N*M) where N and M are the lengths of s1 and s2, respectively");
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

  /**
   * The one implementation behind SET, SETNX, SETEX, PSETEX and GETSET, in Redis's order: the
   * expire time is checked first, then GET reads the old value (WRONGTYPE stops everything),
   * then NX or XX may skip the write. With GET the reply is always the old value.
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
    return old != null ? old : done;
  }

  // GETDEL key
  static Reply getdel(Call c) {
    StringValue v = c.readString(c.arg(1));
    if (v == null) {
      return Reply.NULL;
    }
    c.db().remove(c.arg(1));
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
      // A deadline already passed (EXAT/PXAT in the past) deletes the key.
      c.db().setExpiry(key, v, deadline(c, o.ttl, o.time));
    } else if (o.ttl == Opt.PERSIST) {
      c.db().setExpiry(key, v, Value.NO_EXPIRY);
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
      return Reply.integer(tail.length);
    }
    byte[] head = old.bytes();
    checkLength(c, head.length, tail.length);
    byte[] joined = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, joined, head.length, tail.length);
    overwrite(c, key, old, new StringValue(joined, true));
    return Reply.integer(joined.length);
  }

  // STRLEN key
  static Reply strlen(Call c) {
    StringValue v = c.readString(c.arg(1));
    return v == null ? Reply.ZERO : Reply.integer(v.bytes().length);
  }

  // GETRANGE key start end (also SUBSTR key start end)
  static Reply getrange(Call c) {
    long start = c.longArg(2);
    long end = c.longArg(3);
    StringValue v = c.readString(c.arg(1));
    if (v == null) {
      return Reply.bulk(EMPTY);
    }
    byte[] s = v.bytes();
    long len = s.length;
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
    return Reply.bulk(Arrays.copyOfRange(s, (int) start, (int) end + 1));
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
    byte[] current = old == null ? EMPTY : old.bytes();
    if (patch.length == 0) {
      return Reply.integer(current.length); // nothing to write: no key is created, none is changed
    }
    checkLength(c, offset, patch.length);
    int at = (int) offset;
    byte[] updated = Arrays.copyOf(current, Math.max(current.length, at + patch.length));
    System.arraycopy(patch, 0, updated, at, patch.length);
    overwrite(c, key, old, new StringValue(updated, true));
    return Reply.integer(updated.length);
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

  /**
   * C's {@code long double} as Redis uses it for INCRBYFLOAT on x86-64: the x87 80-bit extended
   * format (64-bit significand; subnormals down to 2^-16445; overflow at 2^16384), read by glibc's
   * correctly rounded strtold, added with round-half-even and printed with {@code %.17Lf}. Java
   * has no such type, so a value is an exact significand times a power of two, rounded to that
   * format after every step.
   * Package-private so HINCRBYFLOAT can share it.
   */
  static final class LongDouble {
    static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, false);
    private static final LongDouble INFINITY = new LongDouble(BigInteger.ZERO, 0, true);

    private static final int SIGNIFICAND_BITS = 64;
    /** The exponent of the smallest subnormal, 2^-16445. */
    private static final int MIN_EXPONENT = -16445;
    /** Magnitudes of 2^16384 and up are infinite. */
    private static final int OVERFLOW_BITS = 16384;
    /** Redis's MAX_LONG_DOUBLE_CHARS: longer text is not a float. */
    private static final int MAX_CHARS = 5 * 1024;
    /** Decimal exponents past these bounds overflow or underflow whatever the digits. */
    private static final int MAX_DECIMAL_EXPONENT = 4933;
    private static final int MIN_DECIMAL_EXPONENT = -4952;
    /** Parsed exponents are clamped here: far beyond any finite result, far from int overflow. */
    private static final int EXPONENT_CLAMP = 1_000_000;
    private static final BigInteger FIVE = BigInteger.valueOf(5);

    // strtold's grammar, whole string, C locale: no spaces; at least one digit in the mantissa.
    private static final Pattern INFINITE = Pattern.compile("[+-]?(?i:inf|infinity)");
    private static final Pattern DECIMAL =
        Pattern.compile("([+-]?)(?=\\.?[0-9])([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");
    private static final Pattern HEX = Pattern.compile(
        "([+-]?)0[xX](?=\\.?[0-9a-fA-F])([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?"
            + "(?:[pP]([+-]?[0-9]+))?");

    /** Signed; the value is significand * 2^exponent. */
    private final BigInteger significand;
    private final int exponent;
    private final boolean infinite;

    private LongDouble(BigInteger significand, int exponent, boolean infinite) {
      this.significand = significand;
      this.exponent = exponent;
      this.infinite = infinite;
    }

    boolean isInfinite() {
      return infinite;
    }

    /**
     * Parses text as Redis's string2ld does, or returns null: the whole text must be a number (NaN,
     * spaces and overflowing or underflowing-to-zero values are not; "inf" is).
     */
    static LongDouble parse(byte[] bytes) {
      if (bytes.length == 0 || bytes.length >= MAX_CHARS) {
        return null;
      }
      String s = new String(bytes, StandardCharsets.ISO_8859_1);
      if (INFINITE.matcher(s).matches()) {
        return INFINITY;
      }
      Matcher m = HEX.matcher(s);
      LongDouble v;
      if (m.matches()) {
        v = fromHex(m);
      } else if ((m = DECIMAL.matcher(s)).matches()) {
        v = fromDecimal(m);
      } else {
        return null;
      }
      // strtold reports ERANGE for these and Redis refuses them.
      return v == null || v.infinite ? null : v;
    }

    /** Groups: sign, integer digits, fraction digits, exponent. */
    private static LongDouble fromDecimal(Matcher m) {
      boolean negative = m.group(1).equals("-");
      String fraction = m.group(3) == null ? "" : m.group(3);
      String digits = (m.group(2) + fraction).replaceFirst("^0+", "");
      if (digits.isEmpty()) {
        return ZERO;
      }
      int exp10 = exponent(m.group(4)) - fraction.length();
      // The value lies in [10^(n-1+exp10), 10^(n+exp10)) for n significant digits.
      if (digits.length() - 1 + exp10 >= MAX_DECIMAL_EXPONENT) {
        return INFINITY;
      }
      if (digits.length() + exp10 <= MIN_DECIMAL_EXPONENT) {
        return null; // rounds to zero
      }
      BigInteger n = new BigInteger(digits);
      LongDouble v = exp10 >= 0
          ? quotient(negative, n.multiply(BigInteger.TEN.pow(exp10)), BigInteger.ONE)
          : quotient(negative, n, BigInteger.TEN.pow(-exp10));
      return v.significand.signum() == 0 ? null : v;
    }

    /** Groups: sign, integer hex digits, fraction hex digits, binary exponent. */
    private static LongDouble fromHex(Matcher m) {
      boolean negative = m.group(1).equals("-");
      String fraction = m.group(3) == null ? "" : m.group(3);
      BigInteger n = new BigInteger(m.group(2) + fraction, 16);
      if (n.signum() == 0) {
        return ZERO;
      }
      LongDouble v = round(negative, n, exponent(m.group(4)) - 4 * fraction.length(), false);
      return v.significand.signum() == 0 ? null : v;
    }

    private static int exponent(String text) {
      if (text == null) {
        return 0;
      }
      BigInteger e = new BigInteger(text);
      return e.max(BigInteger.valueOf(-EXPONENT_CLAMP)).min(BigInteger.valueOf(EXPONENT_CLAMP))
          .intValue();
    }

    /** num / den (both positive), correctly rounded. */
    private static LongDouble quotient(boolean negative, BigInteger num, BigInteger den) {
      // Scale so the integer quotient has 66 or 67 bits: enough for a round bit and a sticky bit.
      int e = num.bitLength() - den.bitLength() - SIGNIFICAND_BITS - 2;
      BigInteger[] qr = e >= 0
          ? num.divideAndRemainder(den.shiftLeft(e))
          : num.shiftLeft(-e).divideAndRemainder(den);
      return round(negative, qr[0], e, qr[1].signum() != 0);
    }

    /**
     * Rounds +-(q + a fraction of one unit, when inexact) * 2^e to 64 significant bits, or fewer
     * for subnormals, half to even.
     */
    private static LongDouble round(boolean negative, BigInteger q, int e, boolean inexact) {
      int shift = Math.max(q.bitLength() - SIGNIFICAND_BITS, MIN_EXPONENT - e);
      if (shift > 0) {
        boolean half = q.testBit(shift - 1);
        boolean belowHalf = inexact || q.signum() != 0 && q.getLowestSetBit() < shift - 1;
        q = q.shiftRight(shift);
        e += shift;
        if (half && (belowHalf || q.testBit(0))) {
          q = q.add(BigInteger.ONE);
          if (q.bitLength() > SIGNIFICAND_BITS) {
            q = q.shiftRight(1);
            e++;
          }
        }
      }
      if (q.signum() == 0) {
        return ZERO;
      }
      if (q.bitLength() + e > OVERFLOW_BITS) {
        return INFINITY;
      }
      return new LongDouble(negative ? q.negate() : q, e, false);
    }

    /** The rounded sum; infinite when it overflows or either side is infinite (NaN included). */
    LongDouble plus(LongDouble other) {
      if (infinite || other.infinite) {
        return INFINITY;
      }
      int e = Math.min(exponent, other.exponent);
      BigInteger sum = significand.shiftLeft(exponent - e)
          .add(other.significand.shiftLeft(other.exponent - e));
      return round(sum.signum() < 0, sum.abs(), e, false);
    }

    /**
     * printf("%.17Lf") with the trailing zeros (and a bare point) removed, and "-0" as "0": Redis's
     * ld2string in LD_STR_HUMAN mode. glibc prints the exact binary value rounded half to even.
     */
    String toHumanString() {
      BigDecimal exact = exponent >= 0
          ? new BigDecimal(significand.shiftLeft(exponent))
          : new BigDecimal(significand.multiply(FIVE.pow(-exponent)), -exponent);
      String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
      s = s.substring(0, end);
      return s.equals("-0") ? "0" : s;
    }
  }
}
