package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.ListValue;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Reply;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO, after Redis 7.0's sort.c: how the options are parsed (and so which error a wrong
 * call gets), which elements are looked at, how weights are read and compared, and what STORE writes.
 *
 * <ul>
 *   <li>Options are read left to right before the key is looked up; a later ASC/DESC, LIMIT, BY or
 *       STORE replaces an earlier one, GETs add up. A BY pattern without {@code *} means "do not
 *       sort", and stays meant even if a later BY has one, as in Redis.
 *   <li>Numeric weights are read as C's strtod reads them (leading blanks, hex, inf, the bytes
 *       before a NUL), and one that does not parse whole, is NaN, or overflows or underflows fails
 *       the command after every weight was read ("One or more scores can't be converted into
 *       double"). A missing weight is 0; equal weights fall back to comparing the elements' bytes,
 *       so the order is total.
 *   <li>ALPHA compares bytes: as C's strcmp (up to a NUL byte) when replying, as memcmp when
 *       storing, which is what Redis's strcoll and compareStringObjects do in the C (or C.UTF-8)
 *       locale it runs under. With BY, a missing weight sorts first.
 *   <li>The sort is stable. Redis sorts with the C library's qsort, which glibc implements as a
 *       merge sort, so elements whose weights tie keep the container's order there too; only BY
 *       with a LIMIT (Redis's own partial quicksort) leaves ties in an order nobody can rely on.
 *   <li>"Do not sort" keeps the container's order: a list's (DESC reverses it, LIMIT slices it), a
 *       sorted set's score order (likewise), a set's iteration order (DESC ignored). With STORE a
 *       set is sorted ALPHA instead, as Redis does so that what it replicates is deterministic.
 * </ul>
 */
final class SortCommand {
  private SortCommand() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("SortCommand");
      String cost = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and "
          + "M the number of returned elements. When the elements are not sorted, complexity is O(N).";
      // Redis gives SORT no @keyspace category, unlike the rest of its group. The BY/GET and STORE keys have
      // "unknown" specs, so their keys are found by parsing the options (sortGetKeys).
      KeySpec sorted = KeySpec.index(1).range(0, 1, 0).flags("RO", "access");
      KeySpec patterns = KeySpec.unknown().flags("RO", "access").notes("For the optional BY/GET "
          + "keyword. It is marked 'unknown' because the key names derive from the content of the "
          + "key we sort");
      t.add("sort", -2, WRITE | DENYOOM | MOVABLE_KEYS, 1, 1, 1, "generic",
          "Sort the elements in a list, set or sorted set", "sort")
          .docs("1.0.0", cost).acl("set", "sortedset", "list", "dangerous")
          .withoutGroupCategory()
          .keySpecs(sorted, patterns, KeySpec.unknown().flags("OW", "update").notes("For the "
              + "optional STORE keyword. It is marked 'unknown' because the keyword can appear "
              + "anywhere in the argument array"))
          .keysFallback(new SortKeys(true));
      t.add("sort_ro", -2, READONLY | MOVABLE_KEYS, 1, 1, 1, "generic",
          "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", "sortRo")
          .docs("7.0.0", cost).acl("set", "sortedset", "list", "dangerous")
          .withoutGroupCategory().keySpecs(sorted, patterns).keysFallback(new SortKeys(false));
    }
  }

  /**
   * SORT's keys as Redis's sortGetKeys finds them: the sorted key, then the last STORE's
   * destination, skipping LIMIT's two arguments and BY's and GET's one. SORT_RO has only the first.
   */
  private record SortKeys(boolean store) implements KeySpec.Fallback {
    @Override
    public int[] keys(byte[][] args, int from) {
      int argc = args.length - from;
      int destination = 0;
      for (int i = 2; store && i < argc; i++) {
        byte[] arg = args[from + i];
        if (Ascii.equalsIgnoreCase(arg, "limit")) {
          i += 2;
        } else if (Ascii.equalsIgnoreCase(arg, "store") && i + 1 < argc) {
          destination = i + 1; // the last STORE counts, as SORT itself takes it
        } else if (Ascii.equalsIgnoreCase(arg, "get") || Ascii.equalsIgnoreCase(arg, "by")) {
          i++;
        }
      }
      return destination == 0 ? new int[] {1} : new int[] {1, destination};
    }

    @Override
    public java.util.List<String> flagsOf(byte[][] args, int from, int nth) {
      return nth == 0 ? java.util.List.of("RO", "access") : java.util.List.of("OW", "update");
    }
  }

  // SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dest]
  static Reply sort(Call c) {
    return sort(c, false);
  }

  // SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
  static Reply sortRo(Call c) {
    return sort(c, true);
  }

  /** One element being sorted, with its weight: a number, or bytes (ALPHA with BY; null: none). */
  private static final class Item {
    final byte[] element;
    double score;
    byte[] weight;

    Item(byte[] element) {
      this.element = element;
    }
  }

  private static Reply sort(Call c, boolean readOnly) {
    boolean desc = false;
    boolean alpha = false;
    boolean dontSort = false;
    long limitStart = 0;
    long limitCount = -1;
    byte[] by = null;
    byte[] store = null;
    List<byte[]> gets = new ArrayList<>();
    for (int j = 2; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (c.is(j, "asc")) {
        desc = false;
      } else if (c.is(j, "desc")) {
        desc = true;
      } else if (c.is(j, "alpha")) {
        alpha = true;
      } else if (c.is(j, "limit") && left >= 2) {
        limitStart = c.longArg(j + 1);
        limitCount = c.longArg(j + 2);
        j += 2;
      } else if (!readOnly && c.is(j, "store") && left >= 1) {
        store = c.arg(++j);
      } else if (c.is(j, "by") && left >= 1) {
        by = c.arg(++j);
        if (indexOf(by, (byte) '*', 0) < 0) {
          dontSort = true; // a constant weight: nothing to sort, no key to read
        }
      } else if (c.is(j, "get") && left >= 1) {
        gets.add(c.arg(++j));
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }

    Value value = c.db().lookupRead(c.arg(1));
    // A list or sorted set has an order of its own: "do not sort" keeps it, DESC reverses it.
    boolean ordered = true;
    if (value instanceof SetValue) {
      ordered = false;
      if (dontSort && store != null) {
        // What is stored must not depend on the set's internal order: Redis sorts ALPHA then
        // (and from a script too, which Cortado does not run yet).
        dontSort = false;
        alpha = true;
        by = null;
      }
    } else if (value instanceof ZSetValue zset) {
      zset.toSkiplist(); // as Redis 7.0's SORT converts whatever it reads, even for LIMIT 0 0
    } else if (value != null && !(value instanceof ListValue)) {
      throw Call.error(Errors.WRONGTYPE);
    }

    // LIMIT, clamped to the collection first so that no sum overflows.
    int n = size(value);
    long start = Math.min(Math.max(limitStart, 0), n);
    long count = Math.min(Math.max(limitCount, -1), n);
    long end = count < 0 ? n - 1 : start + count - 1;
    if (start >= n) {
      start = n - 1;
      end = n - 2;
    }
    if (end >= n) {
      end = n - 1;
    }

    List<Item> items = new ArrayList<>();
    if (ordered && dontSort) {
      // Only the range asked for is read, in the container's order (reversed for DESC).
      for (byte[] e : range(value, (int) start, (int) end, desc)) {
        items.add(new Item(e));
      }
      end -= start;
      start = 0;
    } else {
      for (byte[] e : elements(value)) {
        items.add(new Item(e));
      }
    }

    if (!dontSort) {
      boolean unparsable = false;
      for (Item item : items) {
        byte[] weight = item.element;
        if (by != null) {
          weight = lookupByPattern(c, by, item.element);
          if (weight == null) {
            continue; // score 0, or no weight for ALPHA
          }
        }
        if (alpha) {
          if (by != null) {
            item.weight = weight;
          }
        } else {
          double score = strtod(weight);
          if (Double.isNaN(score)) {
            unparsable = true; // Redis reads every weight before it answers the error
          } else {
            item.score = score;
          }
        }
      }
      if (unparsable) {
        throw Call.error(Errors.SORT_SCORE_NOT_DOUBLE);
      }
      Comparator<Item> order = comparator(alpha, by != null, store != null);
      items.sort(desc ? order.reversed() : order);
    }

    long rows = end - start + 1;
    long outputLength = gets.isEmpty() ? rows : gets.size() * rows;
    if (store == null) {
      List<Reply> out = new ArrayList<>((int) Math.min(outputLength, 1 << 16));
      for (long j = start; j <= end; j++) {
        byte[] element = items.get((int) j).element;
        if (gets.isEmpty()) {
          out.add(Reply.bulk(element));
        }
        for (byte[] pattern : gets) {
          out.add(Reply.bulk(lookupByPattern(c, pattern, element))); // null: a null reply
        }
      }
      return Reply.array(out);
    }

    ListValue result = new ListValue();
    for (long j = start; j <= end; j++) {
      byte[] element = items.get((int) j).element;
      if (gets.isEmpty()) {
        result.pushTail(element);
      }
      for (byte[] pattern : gets) {
        byte[] found = lookupByPattern(c, pattern, element);
        result.pushTail(found == null ? new byte[0] : found);
      }
    }
    if (outputLength > 0) {
      c.db().put(store, result); // replaces any type, drops any TTL; "new" if it did not exist
      c.notify(KeyspaceEvents.LIST, "sortstore", store);
    } else if (c.db().remove(store) != null) {
      c.notify(KeyspaceEvents.GENERIC, "del", store);
    }
    return Reply.integer(outputLength);
  }

  private static int size(Value value) {
    if (value instanceof ListValue list) {
      return list.size();
    }
    if (value instanceof SetValue set) {
      return set.size();
    }
    return value instanceof ZSetValue zset ? zset.size() : 0; // missing: an empty list
  }

  /**
   * Every element to sort: a list's in order, a set's in its iteration order, a sorted set's in
   * score order. Redis reads a sorted set from its hash table here; the order only matters for
   * elements that tie, and a sorted set's members are distinct.
   */
  private static List<byte[]> elements(Value value) {
    if (value instanceof ListValue list) {
      return list.elements();
    }
    if (value instanceof SetValue set) {
      return set.members();
    }
    return value == null ? List.of() : zsetMembers(value);
  }

  /**
   * Positions [from, to] of a list or sorted set in its order, or counted from its end when
   * {@code reverse} (BY with a constant: nothing is sorted). A sorted set is walked from the node at
   * the first rank, as Redis walks its skiplist.
   */
  private static List<byte[]> range(Value value, int from, int to, boolean reverse) {
    List<byte[]> out = new ArrayList<>(Math.max(0, to - from + 1));
    if (to < from) {
      return out;
    }
    if (value instanceof ZSetValue zset) {
      ZSetValue.Node node = zset.at(reverse ? zset.size() - 1 - from : from);
      for (int i = from; i <= to; i++) {
        out.add(node.member());
        node = reverse ? node.previous() : node.next();
      }
      return out;
    }
    ListValue list = (ListValue) value;
    for (int i = from; i <= to; i++) {
      out.add(list.get(reverse ? list.size() - 1 - i : i));
    }
    return out;
  }

  /**
   * The members of a sorted set in ascending score order (ties by member bytes); WRONGTYPE for any
   * other value.
   */
  static List<byte[]> zsetMembers(Value value) {
    if (value instanceof ZSetValue zset) {
      return zset.members();
    }
    throw Call.error(Errors.WRONGTYPE);
  }

  /** Redis's sortCompare without the DESC negation. */
  private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean storing) {
    if (!alpha) {
      return (a, b) -> {
        if (a.score > b.score) {
          return 1;
        }
        if (a.score < b.score) {
          return -1;
        }
        return compareBinary(a.element, b.element); // a total order: the result is deterministic
      };
    }
    if (byPattern) {
      return (a, b) -> {
        if (a.weight == null || b.weight == null) {
          return a.weight == b.weight ? 0 : a.weight == null ? -1 : 1;
        }
        return storing ? compareBinary(a.weight, b.weight) : compareCString(a.weight, b.weight);
      };
    }
    return storing
        ? (a, b) -> compareBinary(a.element, b.element)
        : (a, b) -> compareCString(a.element, b.element);
  }

  /** memcmp over the common length, then the shorter first (Redis's compareStringObjects). */
  static int compareBinary(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int d = (a[i] & 0xff) - (b[i] & 0xff);
      if (d != 0) {
        return d;
      }
    }
    return a.length - b.length;
  }

  /**
   * strcmp: unsigned bytes up to the first NUL, which is how strcoll compares in the C and C.UTF-8
   * locales (Redis's collateStringObjects).
   */
  static int compareCString(byte[] a, byte[] b) {
    for (int i = 0; ; i++) {
      int x = i < a.length ? a[i] & 0xff : 0;
      int y = i < b.length ? b[i] & 0xff : 0;
      if (x != y) {
        return x - y;
      }
      if (x == 0) {
        return 0;
      }
    }
  }

  /**
   * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first {@code *} is replaced
   * by the element, and a "->field" after it reads that field of a hash instead of a string. Null
   * when the pattern has no {@code *}, the key is missing or holds another type, or the field is
   * missing. Patterns are C strings in the searches (a NUL byte ends them), as in Redis.
   */
  static byte[] lookupByPattern(Call c, byte[] pattern, byte[] element) {
    if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
      return element;
    }
    int star = indexOf(pattern, (byte) '*', 0);
    if (star < 0) {
      return null;
    }
    int arrow = indexOfArrow(pattern, star + 1);
    byte[] field = null;
    int keyEnd = pattern.length;
    if (arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0) {
      field = java.util.Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
      keyEnd = arrow;
    }
    byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
    Value v = c.db().lookupRead(key);
    if (field != null) {
      return v instanceof HashValue hash ? hash.get(field) : null;
    }
    return v instanceof StringValue s ? s.bytes() : null;
  }

  /** strchr: the first {@code b} at or after {@code from} and before any NUL, or -1. */
  private static int indexOf(byte[] s, byte b, int from) {
    for (int i = from; i < s.length && s[i] != 0; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** strstr(s + from, "->"): the position of the first "->" before any NUL, or -1. */
  private static int indexOfArrow(byte[] s, int from) {
    for (int i = from; i + 1 < s.length && s[i] != 0; i++) {
      if (s[i] == '-' && s[i + 1] == '>') {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- strtod

  /**
   * A weight as Redis 7.0 reads it: glibc's strtod over the bytes up to the first NUL, which must all
   * be consumed. NaN stands for every failure: nothing or not everything parsed, a NaN, an overflow
   * (ERANGE: a finite number too large) or an inexact underflow (ERANGE: a nonzero number that
   * rounds to a subnormal or to zero). Infinities and exact subnormals are fine. An empty string is
   * 0, as strtod leaves its end pointer on the terminating NUL.
   */
  static double strtod(byte[] s) {
    int len = 0;
    while (len < s.length && s[len] != 0) {
      len++;
    }
    if (len == 0) {
      return 0;
    }
    int p = 0;
    while (p < len && isSpace(s[p])) {
      p++;
    }
    boolean negative = false;
    if (p < len && (s[p] == '+' || s[p] == '-')) {
      negative = s[p] == '-';
      p++;
    }
    double magnitude;
    if (startsWithIgnoreCase(s, p, len, "inf")) {
      int q = p + 3;
      if (startsWithIgnoreCase(s, p, len, "infinity")) {
        q = p + 8;
      }
      if (q != len) {
        return Double.NaN;
      }
      magnitude = Double.POSITIVE_INFINITY;
    } else if (p + 1 < len && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')
        && hasHexMantissa(s, p + 2, len)) {
      magnitude = hex(s, p + 2, len);
    } else {
      magnitude = decimal(s, p, len);
    }
    return negative ? -magnitude : magnitude;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }

  private static boolean startsWithIgnoreCase(byte[] s, int from, int end, String word) {
    if (end - from < word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toLowerCase((char) (s[from + i] & 0xff)) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static int hexDigit(byte b) {
    return Character.digit((char) (b & 0xff), 16);
  }

  /** Whether a hex significand (at least one digit, with an optional point) starts at {@code p}. */
  private static boolean hasHexMantissa(byte[] s, int p, int end) {
    if (p < end && hexDigit(s[p]) >= 0) {
      return true;
    }
    return p + 1 < end && s[p] == '.' && hexDigit(s[p + 1]) >= 0;
  }

  /**
   * The magnitude of a decimal number from {@code p}, which must run to {@code end}: digits with an
   * optional point (at least one digit), then an optional exponent (only if it has digits; else
   * the "e" is left unparsed, and so the whole fails).
   */
  private static double decimal(byte[] s, int p, int end) {
    int mantissaStart = p;
    int digits = 0;
    boolean nonZero = false;
    while (p < end && isDigit(s[p])) {
      nonZero |= s[p] != '0';
      digits++;
      p++;
    }
    if (p < end && s[p] == '.') {
      p++;
      while (p < end && isDigit(s[p])) {
        nonZero |= s[p] != '0';
        digits++;
        p++;
      }
    }
    if (digits == 0) {
      return Double.NaN; // no conversion
    }
    String mantissa = new String(s, mantissaStart, p - mantissaStart,
        java.nio.charset.StandardCharsets.ISO_8859_1);
    String exponent = "";
    if (p < end && (s[p] == 'e' || s[p] == 'E')) {
      int q = p + 1;
      if (q < end && (s[q] == '+' || s[q] == '-')) {
        q++;
      }
      if (q < end && isDigit(s[q])) {
        while (q < end && isDigit(s[q])) {
          q++;
        }
        exponent = new String(s, p, q - p, java.nio.charset.StandardCharsets.ISO_8859_1);
        p = q;
      }
    }
    if (p != end) {
      return Double.NaN;
    }
    String text = mantissa + exponent;
    double d = Double.parseDouble(text); // correctly rounded, as glibc's strtod
    if (Double.isInfinite(d)) {
      return Double.NaN; // overflow
    }
    if (nonZero && d < Double.MIN_NORMAL) {
      if (d == 0) {
        return Double.NaN; // underflow to zero
      }
      try {
        if (new BigDecimal(d).compareTo(new BigDecimal(text)) != 0) {
          return Double.NaN; // an inexact subnormal
        }
      } catch (NumberFormatException e) {
        return Double.NaN; // an exponent beyond any subnormal's
      }
    }
    return d;
  }

  /** The magnitude of a hex float after its "0x", which must run to {@code end}. */
  private static double hex(byte[] s, int p, int end) {
    StringBuilder mantissa = new StringBuilder();
    int fractionDigits = 0;
    while (p < end && hexDigit(s[p]) >= 0) {
      mantissa.append((char) s[p++]);
    }
    if (p < end && s[p] == '.') {
      p++;
      while (p < end && hexDigit(s[p]) >= 0) {
        mantissa.append((char) s[p++]);
        fractionDigits++;
      }
    }
    long binaryExponent = 0;
    if (p < end && (s[p] == 'p' || s[p] == 'P')) {
      int q = p + 1;
      boolean negative = false;
      if (q < end && (s[q] == '+' || s[q] == '-')) {
        negative = s[q] == '-';
        q++;
      }
      if (q < end && isDigit(s[q])) {
        while (q < end && isDigit(s[q])) {
          binaryExponent = Math.min(binaryExponent * 10 + (s[q] - '0'), 1_000_000_000L);
          q++;
        }
        if (negative) {
          binaryExponent = -binaryExponent;
        }
        p = q;
      }
    }
    if (p != end) {
      return Double.NaN;
    }
    BigInteger bits = new BigInteger(mantissa.toString(), 16);
    if (bits.signum() == 0) {
      return 0;
    }
    // value = bits * 2^exponent, with the trailing zero bits moved into the exponent
    long exponent = binaryExponent - 4L * fractionDigits;
    int zeros = bits.getLowestSetBit();
    bits = bits.shiftRight(zeros);
    exponent += zeros;
    long top = exponent + bits.bitLength() - 1; // the leading bit's power of two
    if (top > 1023) {
      return Double.NaN; // overflow, even before rounding
    }
    if (top < -1080) {
      return Double.NaN; // far below the smallest subnormal: underflow
    }
    double d = Double.parseDouble("0x" + bits.toString(16) + "p" + exponent);
    if (Double.isInfinite(d)) {
      return Double.NaN; // rounded up past the largest double
    }
    if (d < Double.MIN_NORMAL && exponent < -1074) {
      return Double.NaN; // a subnormal that lost bits
    }
    return d;
  }
}
