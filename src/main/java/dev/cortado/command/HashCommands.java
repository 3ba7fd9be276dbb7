package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commands on hash values. Reads look the key up with {@code lookupRead} (counting keyspace hits
 * and misses), writes with {@code lookupWrite}, as Redis's lookupKeyRead and lookupKeyWrite do. A
 * write that empties a hash deletes the key; one that changes a hash in place signals it for WATCH.
 * Writes send Redis 7.0's keyspace events after the change; a write that changes nothing sends none.
 */
final class HashCommands {
  private HashCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("HashCommands");
      String g = "hash";
      String allFields = "O(N) where N is the size of the hash.";
      t.add("hset", -4, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Set the string value of a hash field",
          "hset")
          .docs("2.0.0", "O(1) for each field/value pair added, so O(N) to add N field/value pairs "
              + "when the command is called with multiple field/value pairs.");
      t.add("hsetnx", 4, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Set the value of a hash field, only if the field does not exist", "hsetnx")
          .docs("2.0.0", "O(1)").keySpecFlags("RW", "insert");
      t.add("hmset", -4, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Set multiple hash fields to multiple values", "hmset")
          .docs("2.0.0", "O(N) where N is the number of fields being set.");
      t.add("hget", 3, READONLY | FAST, 1, 1, 1, g, "Get the value of a hash field", "hget")
          .docs("2.0.0", "O(1)");
      t.add("hmget", -3, READONLY | FAST, 1, 1, 1, g, "Get the values of all the given hash fields",
          "hmget")
          .docs("2.0.0", "O(N) where N is the number of fields being requested.");
      t.add("hgetall", 2, READONLY, 1, 1, 1, g, "Get all the fields and values in a hash", "hgetall")
          .docs("2.0.0", allFields).tips("nondeterministic_output_order");
      t.add("hkeys", 2, READONLY, 1, 1, 1, g, "Get all the fields in a hash", "hkeys")
          .docs("2.0.0", allFields).tips("nondeterministic_output_order");
      t.add("hvals", 2, READONLY, 1, 1, 1, g, "Get all the values in a hash", "hvals")
          .docs("2.0.0", allFields).tips("nondeterministic_output_order");
      t.add("hdel", -3, WRITE | FAST, 1, 1, 1, g, "Delete one or more hash fields", "hdel")
          .docs("2.0.0", "O(N) where N is the number of fields to be removed.")
          .keySpecFlags("RW", "delete");
      t.add("hexists", 3, READONLY | FAST, 1, 1, 1, g, "Determine if a hash field exists", "hexists")
          .docs("2.0.0", "O(1)").keySpecFlags("RO");
      t.add("hlen", 2, READONLY | FAST, 1, 1, 1, g, "Get the number of fields in a hash", "hlen")
          .docs("2.0.0", "O(1)").keySpecFlags("RO");
      t.add("hstrlen", 3, READONLY | FAST, 1, 1, 1, g, "Get the length of the value of a hash field",
          "hstrlen")
          .docs("3.2.0", "O(1)").keySpecFlags("RO");
      t.add("hincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Increment the integer value of a hash field by the given number", "hincrby")
          .docs("2.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("hincrbyfloat", 4, WRITE | DENYOOM | FAST, 1, 1, 1, g,
          "Increment the float value of a hash field by the given amount", "hincrbyfloat")
          .docs("2.6.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("hrandfield", -2, READONLY, 1, 1, 1, g, "Get one or multiple random fields from a hash",
          "hrandfield")
          .docs("6.2.0", "O(N) where N is the number of fields returned")
          .tips("nondeterministic_output");
      t.add("hscan", -3, READONLY, 1, 1, 1, g,
          "Incrementally iterate hash fields and associated values", "hscan")
          // The doubled period is Redis's own.
          .docs("2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough "
              + "command calls for the cursor to return back to 0. N is the number of elements "
              + "inside the collection..")
          .tips("nondeterministic_output");
    }
  }

  /** The hash at a key for a read (counts a hit or miss): null when missing, else WRONGTYPE. */
  private static HashValue readHash(Call c, byte[] key) {
    return asHash(c.db().lookupRead(key));
  }

  /** The hash at a key for a write (no hit/miss counting): null when missing, else WRONGTYPE. */
  private static HashValue writeHash(Call c, byte[] key) {
    return asHash(c.db().lookupWrite(key));
  }

  private static HashValue asHash(Value v) {
    if (v == null || v instanceof HashValue) {
      return (HashValue) v;
    }
    throw Call.error(Errors.WRONGTYPE);
  }

  /** Sets a field under the configured listpack limits; true when the field is new. */
  private static boolean put(Call c, HashValue h, byte[] field, byte[] value) {
    return h.put(field, value, config(c, "hash-max-listpack-entries"),
        config(c, "hash-max-listpack-value"));
  }

  private static long config(Call c, String name) {
    return c.server.config.number(name);
  }

  /** Stores a hash a write created, or tells WATCH that an existing one changed in place. */
  private static void saved(Call c, byte[] key, HashValue h, boolean created) {
    if (created) {
      c.db().put(key, h);
    } else {
      c.db().signalModified(key);
    }
  }

  // HSET key field value [field value ...]
  static Reply hset(Call c) {
    return hsetGeneric(c, false);
  }

  // HMSET key field value [field value ...]
  static Reply hmset(Call c) {
    return hsetGeneric(c, true);
  }

  /** HSET answers how many fields are new; HMSET, its deprecated twin, answers OK. */
  private static Reply hsetGeneric(Call c, boolean ok) {
    if (c.argc() % 2 == 1) {
      throw Call.error(Errors.wrongArity(c.spec.name));
    }
    byte[] key = c.arg(1);
    HashValue h = writeHash(c, key);
    boolean created = h == null;
    if (created) {
      h = new HashValue();
    }
    long added = 0;
    for (int i = 2; i < c.argc(); i += 2) {
      if (put(c, h, c.arg(i), c.arg(i + 1))) {
        added++;
      }
    }
    saved(c, key, h, created);
    c.notify(KeyspaceEvents.HASH, "hset", key); // HMSET too, and even when no field is new
    return ok ? Reply.OK : Reply.integer(added);
  }

  // HSETNX key field value
  static Reply hsetnx(Call c) {
    byte[] key = c.arg(1);
    HashValue h = writeHash(c, key);
    if (h != null && h.get(c.arg(2)) != null) {
      return Reply.ZERO;
    }
    boolean created = h == null;
    if (created) {
      h = new HashValue();
    }
    put(c, h, c.arg(2), c.arg(3));
    saved(c, key, h, created);
    c.notify(KeyspaceEvents.HASH, "hset", key);
    return Reply.ONE;
  }

  // HGET key field
  static Reply hget(Call c) {
    HashValue h = readHash(c, c.arg(1));
    return h == null ? Reply.NULL : Reply.bulk(h.get(c.arg(2)));
  }

  // HMGET key field [field ...]   (a missing key reads as an empty hash)
  static Reply hmget(Call c) {
    HashValue h = readHash(c, c.arg(1));
    List<Reply> values = new ArrayList<>(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      values.add(h == null ? Reply.NULL : Reply.bulk(h.get(c.arg(i))));
    }
    return Reply.array(values);
  }

  // HGETALL key   (a map in RESP3)
  static Reply hgetall(Call c) {
    HashValue h = readHash(c, c.arg(1));
    List<Reply> items = new ArrayList<>();
    if (h != null) {
      for (Map.Entry<byte[], byte[]> e : h.entries()) {
        items.add(Reply.bulk(e.getKey()));
        items.add(Reply.bulk(e.getValue()));
      }
    }
    return Reply.map(items);
  }

  // HKEYS key
  static Reply hkeys(Call c) {
    return allOf(c, true);
  }

  // HVALS key
  static Reply hvals(Call c) {
    return allOf(c, false);
  }

  /** Every field (HKEYS) or every value (HVALS), in iteration order. */
  private static Reply allOf(Call c, boolean fields) {
    HashValue h = readHash(c, c.arg(1));
    if (h == null) {
      return Reply.EMPTY_ARRAY;
    }
    List<Reply> items = new ArrayList<>(h.size());
    for (Map.Entry<byte[], byte[]> e : h.entries()) {
      items.add(Reply.bulk(fields ? e.getKey() : e.getValue()));
    }
    return Reply.array(items);
  }

  // HDEL key field [field ...]
  static Reply hdel(Call c) {
    byte[] key = c.arg(1);
    HashValue h = writeHash(c, key);
    if (h == null) {
      return Reply.ZERO;
    }
    long deleted = 0;
    for (int i = 2; i < c.argc(); i++) {
      if (h.remove(c.arg(i))) {
        deleted++;
      }
    }
    if (deleted == 0) {
      return Reply.ZERO; // no event for fields that were not there
    }
    c.notify(KeyspaceEvents.HASH, "hdel", key);
    c.db().changedInPlace(key, h); // an emptied hash is deleted, its TTL with it
    return Reply.integer(deleted);
  }

  // HEXISTS key field
  static Reply hexists(Call c) {
    HashValue h = readHash(c, c.arg(1));
    return h != null && h.get(c.arg(2)) != null ? Reply.ONE : Reply.ZERO;
  }

  // HLEN key
  static Reply hlen(Call c) {
    HashValue h = readHash(c, c.arg(1));
    return Reply.integer(h == null ? 0 : h.size());
  }

  // HSTRLEN key field
  static Reply hstrlen(Call c) {
    HashValue h = readHash(c, c.arg(1));
    byte[] value = h == null ? null : h.get(c.arg(2));
    return Reply.integer(value == null ? 0 : value.length);
  }

  // HINCRBY key field increment
  static Reply hincrby(Call c) {
    long increment = c.longArg(3);
    byte[] key = c.arg(1);
    byte[] field = c.arg(2);
    HashValue h = writeHash(c, key);
    byte[] old = h == null ? null : h.get(field);
    long value = 0;
    if (old != null) {
      if (!Numbers.isLong(old)) {
        throw Call.error(Errors.HASH_VALUE_NOT_INTEGER);
      }
      value = Numbers.parseLong(old, 0);
    }
    long result;
    try {
      result = Math.addExact(value, increment);
    } catch (ArithmeticException e) {
      throw Call.error(Errors.OVERFLOW);
    }
    setField(c, key, h, field, ascii(Long.toString(result)));
    c.notify(KeyspaceEvents.HASH, "hincrby", key);
    return Reply.integer(result);
  }

  private static final byte[] HSET = {'H', 'S', 'E', 'T'};

  // HINCRBYFLOAT key field increment   (long double arithmetic, as INCRBYFLOAT)
  static Reply hincrbyfloat(Call c) {
    LongDouble increment = LongDouble.parse(c.arg(3));
    if (increment == null) {
      throw Call.error(Errors.NOT_FLOAT);
    }
    if (increment.isInfinite()) {
      throw Call.error(Errors.NAN_OR_INFINITY);
    }
    byte[] key = c.arg(1);
    byte[] field = c.arg(2);
    HashValue h = writeHash(c, key);
    byte[] old = h == null ? null : h.get(field);
    LongDouble value = old == null ? LongDouble.ZERO : LongDouble.parse(old);
    if (value == null) {
      throw Call.error(Errors.HASH_VALUE_NOT_FLOAT);
    }
    LongDouble sum = value.plus(increment);
    if (sum.isInfinite()) {
      throw Call.error(Errors.INCR_FLOAT_NAN);
    }
    byte[] text = ascii(sum.toHumanString());
    setField(c, key, h, field, text); // a long result (1e100) converts to hashtable, as in Redis
    c.notify(KeyspaceEvents.HASH, "hincrbyfloat", key);
    c.propagateAs(HSET, key, field, text); // the result, not the float arithmetic, as Redis
    return Reply.bulk(text);
  }

  /** Writes one field of the hash at a key (null: create the hash), after every check passed. */
  private static void setField(Call c, byte[] key, HashValue h, byte[] field, byte[] value) {
    boolean created = h == null;
    if (created) {
      h = new HashValue();
    }
    put(c, h, field, value);
    saved(c, key, h, created);
  }

  // HRANDFIELD key [count [WITHVALUES]]
  static Reply hrandfield(Call c) {
    if (c.argc() == 2) {
      HashValue h = readHash(c, c.arg(1));
      if (h == null) {
        return Reply.NULL;
      }
      List<Map.Entry<byte[], byte[]>> entries = h.entries();
      return Reply.bulk(entries.get(c.server.random.nextInt(entries.size())).getKey());
    }
    // Redis checks the count, then the syntax, then WITHVALUES' range, all before the lookup.
    long count = c.longArg(2);
    if (count == Long.MIN_VALUE) {
      throw Call.error(Errors.outOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
    }
    boolean withValues = c.argc() == 4;
    if (c.argc() > 4 || withValues && !c.is(3, "withvalues")) {
      throw Call.error(Errors.SYNTAX);
    }
    if (withValues && Math.abs(count) > Long.MAX_VALUE / 2) {
      throw Call.error(Errors.VALUE_OUT_OF_RANGE);
    }
    HashValue h = readHash(c, c.arg(1));
    if (h == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<Map.Entry<byte[], byte[]>> entries = h.entries();
    // With values, each pick is two elements of the reply.
    long maxRepeats = RandomPicks.MAX_REPEATED_PICKS / (withValues ? 2 : 1);
    List<Map.Entry<byte[], byte[]>> picks = RandomPicks.sample(count, entries.size(), entries::get,
        () -> entries, maxRepeats, c.server.random);
    return randomReply(c, picks, withValues);
  }

  /** Fields alone; with values a flat array in RESP2 and [field, value] pairs in RESP3. */
  private static Reply randomReply(Call c, List<Map.Entry<byte[], byte[]>> picks,
      boolean withValues) {
    boolean pairs = withValues && c.connection.protocol == Reply.RESP3;
    List<Reply> items = new ArrayList<>(withValues && !pairs ? picks.size() * 2 : picks.size());
    for (Map.Entry<byte[], byte[]> e : picks) {
      Reply field = Reply.bulk(e.getKey());
      if (pairs) {
        items.add(Reply.array(List.of(field, Reply.bulk(e.getValue()))));
      } else {
        items.add(field);
        if (withValues) {
          items.add(Reply.bulk(e.getValue()));
        }
      }
    }
    return Reply.array(items);
  }

  // HSCAN key cursor [MATCH pattern] [COUNT count]
  static Reply hscan(Call c) {
    long cursor = c.cursorArg(2);
    HashValue h = readHash(c, c.arg(1));
    if (h == null) {
      return KeyCommands.scanReply(0, Reply.EMPTY_ARRAY); // Redis parses no option then
    }
    KeyCommands.ScanOptions options = KeyCommands.scanOptions(c, 3, false);
    HashValue.ScanPage page = h.scan(cursor, options.count(), options::matches);
    return KeyCommands.scanReply(page.cursor(), Reply.bulks(page.fieldsAndValues()));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
