package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.STALE;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.Glob;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Generic keyspace commands: DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, COPY, MOVE, SWAPDB, the EXPIRE
 * and TTL families, PERSIST, TOUCH and the OBJECT container.
 *
 * <p>Lookups follow Redis's flags: reads count keyspace hits and misses, writes do not; EXISTS, TYPE,
 * TTL and OBJECT leave the access time alone, other reads and writes touch it.
 */
final class KeyCommands {
  private KeyCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("KeyCommands");
      String g = "generic";
      String multiShard = "request_policy:multi_shard";
      String aggSum = "response_policy:agg_sum";
      t.add("del", -2, WRITE, 1, -1, 1, g, "Delete a key", "del")
          .docs("1.0.0", "O(N) where N is the number of keys that will be removed. When a key to "
              + "remove holds a value other than a string, the individual complexity for this key is "
              + "O(M) where M is the number of elements in the list, set, sorted set or hash. Removing "
              + "a single key that holds a string value is O(1).")
          .tips(multiShard, aggSum).keySpecFlags("RM", "delete");
      t.add("unlink", -2, WRITE | FAST, 1, -1, 1, g,
          "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
              + "blocking.", "del")
          .docs("4.0.0", "O(1) for each key removed regardless of its size. Then the command does "
              + "O(N) work in a different thread in order to reclaim memory, where N is the number of "
              + "allocations the deleted objects where composed of.")
          .tips(multiShard, aggSum).keySpecFlags("RM", "delete");
      t.add("exists", -2, READONLY | FAST, 1, -1, 1, g, "Determine if a key exists", "exists")
          .docs("1.0.0", "O(N) where N is the number of keys to check.")
          .tips(multiShard, aggSum).keySpecFlags("RO");
      t.add("type", 2, READONLY | FAST, 1, 1, 1, g, "Determine the type stored at key", "type")
          .docs("1.0.0", "O(1)").keySpecFlags("RO");
      t.add("keys", 2, READONLY, 0, 0, 0, g, "Find all keys matching the given pattern", "keys")
          .docs("1.0.0", "O(N) with N being the number of keys in the database, under the "
              + "assumption that the key names in the database and the given pattern have limited "
              + "length.")
          .acl("dangerous").tips("request_policy:all_shards", "nondeterministic_output_order");
      t.add("scan", -2, READONLY, 0, 0, 0, g, "Incrementally iterate the keys space", "scan")
          .docs("2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough "
              + "command calls for the cursor to return back to 0. N is the number of elements "
              + "inside the collection.")
          .tips("nondeterministic_output", "request_policy:special");
      t.add("randomkey", 1, READONLY, 0, 0, 0, g, "Return a random key from the keyspace",
          "randomkey")
          .docs("1.0.0", "O(1)").tips("request_policy:all_shards", "nondeterministic_output");
      t.add("rename", 3, WRITE, 1, 2, 1, g, "Rename a key", "rename")
          .docs("1.0.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "OW", "update"));
      t.add("renamenx", 3, WRITE | FAST, 1, 2, 1, g,
          "Rename a key, only if the new key does not exist", "renamenx")
          .docs("1.0.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "OW", "insert"));
      t.add("copy", -3, WRITE | DENYOOM, 1, 2, 1, g, "Copy a key", "copy")
          .docs("6.2.0", "O(N) worst case for collections, where N is the number of nested items. "
              + "O(1) for string values.")
          .keySpecs(KeySpec.key(1, "RO", "access"), KeySpec.key(2, "OW", "update"));
      t.add("move", 3, WRITE | FAST, 1, 1, 1, g, "Move a key to another database", "move")
          .docs("1.0.0", "O(1)").keySpecFlags("RW", "access", "update");
      t.add("swapdb", 3, WRITE | FAST, 0, 0, 0, g, "Swaps two Redis databases", "swapdb")
          .docs("4.0.0", "O(N) where N is the count of clients watching or blocking on keys from "
              + "both databases.")
          .acl("dangerous");
      t.add("touch", -2, READONLY | FAST, 1, -1, 1, g,
          "Alters the last access time of a key(s). Returns the number of existing keys specified.",
          "touch")
          .docs("3.2.1", "O(N) where N is the number of keys that will be touched.")
          .tips(multiShard, aggSum).keySpecFlags("RO");
      t.add("expire", -3, WRITE | FAST, 1, 1, 1, g, "Set a key's time to live in seconds", "expire")
          .docs("1.0.0", "O(1)");
      t.add("pexpire", -3, WRITE | FAST, 1, 1, 1, g, "Set a key's time to live in milliseconds",
          "pexpire")
          .docs("2.6.0", "O(1)");
      t.add("expireat", -3, WRITE | FAST, 1, 1, 1, g,
          "Set the expiration for a key as a UNIX timestamp", "expireat")
          .docs("1.2.0", "O(1)");
      t.add("pexpireat", -3, WRITE | FAST, 1, 1, 1, g,
          "Set the expiration for a key as a UNIX timestamp specified in milliseconds", "pexpireat")
          .docs("2.6.0", "O(1)");
      t.add("ttl", 2, READONLY | FAST, 1, 1, 1, g, "Get the time to live for a key in seconds", "ttl")
          .docs("1.0.0", "O(1)").tips("nondeterministic_output");
      t.add("pttl", 2, READONLY | FAST, 1, 1, 1, g, "Get the time to live for a key in milliseconds",
          "pttl")
          .docs("2.6.0", "O(1)").tips("nondeterministic_output");
      t.add("expiretime", 2, READONLY | FAST, 1, 1, 1, g,
          "Get the expiration Unix timestamp for a key", "expiretime")
          .docs("7.0.0", "O(1)");
      t.add("pexpiretime", 2, READONLY | FAST, 1, 1, 1, g,
          "Get the expiration Unix timestamp for a key in milliseconds", "pexpiretime")
          .docs("7.0.0", "O(1)");
      t.add("persist", 2, WRITE | FAST, 1, 1, 1, g, "Remove the expiration from a key", "persist")
          .docs("2.2.0", "O(1)");

      t.container("object", g, "A container for object introspection commands")
          .docs("2.2.3", "Depends on subcommand.");
      // Subcommands in the order Redis 7.0 lists them in COMMAND INFO.
      t.sub("object", "freq", 3, READONLY, 2, 2, 1,
          "Get the logarithmic access frequency counter of a Redis object", "objectFreq")
          .docs("4.0.0", "O(1)").tips("nondeterministic_output").keySpecFlags("RO");
      t.sub("object", "refcount", 3, READONLY, 2, 2, 1,
          "Get the number of references to the value of the key", "objectRefcount")
          .docs("2.2.3", "O(1)").tips("nondeterministic_output").keySpecFlags("RO");
      t.sub("object", "idletime", 3, READONLY, 2, 2, 1,
          "Get the time since a Redis object was last accessed", "objectIdletime")
          .docs("2.2.3", "O(1)").tips("nondeterministic_output").keySpecFlags("RO");
      t.sub("object", "encoding", 3, READONLY, 2, 2, 1,
          "Inspect the internal encoding of a Redis object", "objectEncoding")
          .docs("2.2.3", "O(1)").tips("nondeterministic_output").keySpecFlags("RO");
      t.sub("object", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "objectHelp")
          .docs("6.2.0", "O(1)");
    }
  }

  // DEL key [key ...]   and   UNLINK key [key ...]
  static Reply del(Call c) {
    long n = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().remove(c.arg(i)) != null) {
        c.notify(KeyspaceEvents.GENERIC, "del", c.arg(i));
        n++;
      }
    }
    return Reply.integer(n);
  }

  // EXISTS key [key ...]   (a key named twice counts twice)
  static Reply exists(Call c) {
    long n = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().lookupReadNoTouch(c.arg(i)) != null) {
        n++;
      }
    }
    return Reply.integer(n);
  }

  // TYPE key
  static Reply type(Call c) {
    return Reply.simple(typeName(c.db().lookupReadNoTouch(c.arg(1))));
  }

  private static String typeName(Value v) {
    return v == null ? "none" : v.typeName();
  }

  // KEYS pattern
  static Reply keys(Call c) {
    return Reply.bulks(c.db().keys(c.arg(1)));
  }

  // SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
  static Reply scan(Call c) {
    long cursor = c.cursorArg(1);
    ScanOptions options = scanOptions(c, 2, true);
    BiPredicate<byte[], Value> filter = (key, value) -> {
      if (!options.matches(key)) {
        return false;
      }
      if (options.type() != null) {
        c.server.stats.keyspaceHits++; // Redis looks each candidate up to read its type
        return typeName(value).equalsIgnoreCase(options.type());
      }
      return true;
    };
    Database.ScanPage page = c.db().scan(cursor, options.count(), filter);
    return scanReply(page.cursor(), Reply.bulks(page.keys()));
  }

  /** SCAN's reply, shared with HSCAN, SSCAN and ZSCAN: the next cursor as a string, then items. */
  static Reply scanReply(long cursor, Reply items) {
    return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(cursor)), items));
  }

  /** SCAN's options: MATCH's pattern (null for all), COUNT, and TYPE (null for any). */
  record ScanOptions(byte[] pattern, long count, String type) {
    boolean matches(byte[] element) {
      return pattern == null || Glob.matches(pattern, element);
    }
  }

  /**
   * Parses MATCH, COUNT and (for SCAN itself) TYPE from argument {@code from} on, as Redis's
   * scanGenericCommand does; the family's other commands pass {@code allowType} false.
   */
  static ScanOptions scanOptions(Call c, int from, boolean allowType) {
    byte[] pattern = null;
    long count = 10;
    String type = null;
    for (int i = from; i < c.argc(); i += 2) {
      boolean hasValue = i + 1 < c.argc();
      if (c.is(i, "count") && hasValue) {
        count = c.longArg(i + 1);
        if (count < 1) {
          throw Call.error(Errors.SYNTAX);
        }
      } else if (c.is(i, "match") && hasValue) {
        // "*" matches everything, the empty key included, so it means no pattern at all.
        pattern = Glob.matchesAll(c.arg(i + 1)) ? null : c.arg(i + 1);
      } else if (allowType && c.is(i, "type") && hasValue) {
        type = Dispatcher.cString(c.arg(i + 1), Integer.MAX_VALUE);
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    return new ScanOptions(pattern, count, type);
  }

  // RANDOMKEY
  static Reply randomkey(Call c) {
    return Reply.bulk(c.db().randomKey(c.server.random));
  }

  // RENAME key newkey
  static Reply rename(Call c) {
    return renameGeneric(c, false);
  }

  // RENAMENX key newkey
  static Reply renamenx(Call c) {
    return renameGeneric(c, true);
  }

  /**
   * Moves the value and its TTL to the new name; NX refuses to replace an existing key. A replaced
   * target is deleted first, as Redis does, so the new name is a new key ("new" event).
   */
  private static Reply renameGeneric(Call c, boolean nx) {
    Database db = c.db();
    byte[] from = c.arg(1);
    byte[] to = c.arg(2);
    Value value = db.lookupWrite(from);
    if (value == null) {
      throw Call.error(Errors.NO_SUCH_KEY);
    }
    if (Arrays.equals(from, to)) {
      return nx ? Reply.ZERO : Reply.OK;
    }
    boolean replacing = db.lookupWrite(to) != null;
    if (replacing && nx) {
      return Reply.ZERO;
    }
    long expiresAt = value.expiresAt();
    db.remove(from);
    if (replacing) {
      db.remove(to);
    }
    db.put(to, value, expiresAt);
    c.notify(KeyspaceEvents.GENERIC, "rename_from", from);
    c.notify(KeyspaceEvents.GENERIC, "rename_to", to);
    return nx ? Reply.ONE : Reply.OK;
  }

  // COPY source destination [DB destination-db] [REPLACE]
  static Reply copy(Call c) {
    int target = c.connection.db;
    boolean replace = false;
    for (int j = 3; j < c.argc(); j++) {
      if (c.is(j, "replace")) {
        replace = true;
      } else if (c.is(j, "db") && j + 1 < c.argc()) {
        target = dbIndexArg(c, ++j);
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    byte[] key = c.arg(1);
    byte[] newKey = c.arg(2);
    if (target == c.connection.db && Arrays.equals(key, newKey)) {
      throw Call.error(Errors.SAME_OBJECT);
    }
    Value value = c.db().lookupRead(key);
    if (value == null) {
      return Reply.ZERO;
    }
    Database dst = c.server.db(target);
    if (dst.lookupWrite(newKey) != null) {
      if (!replace) {
        return Reply.ZERO;
      }
      dst.remove(newKey); // deleted, then added: a "new" key for Redis too
    }
    dst.put(newKey, value.copy(), value.expiresAt());
    dst.notify(KeyspaceEvents.GENERIC, "copy_to", newKey);
    return Reply.ONE;
  }

  // MOVE key db
  static Reply move(Call c) {
    int target = dbIndexArg(c, 2);
    if (target == c.connection.db) {
      throw Call.error(Errors.SAME_OBJECT);
    }
    byte[] key = c.arg(1);
    Database src = c.db();
    Value value = src.lookupWrite(key);
    if (value == null) {
      return Reply.ZERO;
    }
    Database dst = c.server.db(target);
    if (dst.lookupWrite(key) != null) {
      return Reply.ZERO;
    }
    long expiresAt = value.expiresAt();
    src.remove(key);
    dst.put(key, value, expiresAt);
    src.notify(KeyspaceEvents.GENERIC, "move_from", key);
    dst.notify(KeyspaceEvents.GENERIC, "move_to", key);
    return Reply.ONE;
  }

  /** A database number argument: an int, then in range, with SELECT's errors. */
  private static int dbIndexArg(Call c, int i) {
    int index = c.intArg(i);
    if (index < 0 || index >= c.server.databaseCount()) {
      throw Call.error(Errors.DB_INDEX);
    }
    return index;
  }

  // SWAPDB index1 index2
  static Reply swapdb(Call c) {
    int first = intArgOr(c, 1, Errors.INVALID_FIRST_DB);
    int second = intArgOr(c, 2, Errors.INVALID_SECOND_DB);
    int count = c.server.databaseCount();
    if (first < 0 || first >= count || second < 0 || second >= count) {
      throw Call.error(Errors.DB_INDEX);
    }
    if (first != second) {
      c.server.swapDatabases(first, second);
    }
    return Reply.OK;
  }

  /** An int argument whose parse error is the command's own text rather than the generic one. */
  private static int intArgOr(Call c, int i, String error) {
    try {
      return c.intArg(i);
    } catch (RedisException e) {
      throw Call.error(error);
    }
  }

  // TOUCH key [key ...]
  static Reply touch(Call c) {
    long n = 0;
    for (int i = 1; i < c.argc(); i++) {
      if (c.db().lookupRead(c.arg(i)) != null) {
        n++;
      }
    }
    return Reply.integer(n);
  }

  // EXPIRE key seconds [NX | XX | GT | LT]
  static Reply expire(Call c) {
    return expireGeneric(c, c.now(), true);
  }

  // PEXPIRE key milliseconds [NX | XX | GT | LT]
  static Reply pexpire(Call c) {
    return expireGeneric(c, c.now(), false);
  }

  // EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
  static Reply expireat(Call c) {
    return expireGeneric(c, 0, true);
  }

  // PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
  static Reply pexpireat(Call c) {
    return expireGeneric(c, 0, false);
  }

  private static final int EXPIRE_NX = 1;
  private static final int EXPIRE_XX = 1 << 1;
  private static final int EXPIRE_GT = 1 << 2;
  private static final int EXPIRE_LT = 1 << 3;

  /**
   * The four EXPIRE variants: the time is relative to {@code basetime} (0 for the *AT forms), in
   * seconds or milliseconds. A deadline not in the future deletes the key and still answers 1.
   */
  private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);

  private static Reply expireGeneric(Call c, long basetime, boolean seconds) {
    int flags = expireOptions(c);
    long when = c.longArg(2);
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw Call.error(Errors.invalidExpireTime(c.spec.name));
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - basetime) {
      throw Call.error(Errors.invalidExpireTime(c.spec.name));
    }
    when += basetime;

    Database db = c.db();
    byte[] key = c.arg(1);
    Value value = db.lookupWrite(key);
    if (value == null || !expireConditionHolds(flags, value.expiresAt(), when)) {
      return Reply.ZERO;
    }
    if (when <= c.now()) {
      db.remove(key);
      c.notify(KeyspaceEvents.GENERIC, "del", key);
      c.propagateAs(Call.deletion(c, "lazyfree-lazy-expire"), key);
    } else {
      db.setExpiry(key, value, when);
      c.notify(KeyspaceEvents.GENERIC, "expire", key);
      // Replicas get the absolute deadline, as Redis propagates PEXPIREAT: no copy of the value.
      c.propagateAs(PEXPIREAT, key, Long.toString(when).getBytes(StandardCharsets.US_ASCII));
    }
    return Reply.ONE;
  }

  /** NX, XX, GT, LT against the current deadline; no deadline counts as an infinite TTL. */
  private static boolean expireConditionHolds(int flags, long current, long when) {
    boolean persistent = current == Value.NO_EXPIRY;
    if ((flags & EXPIRE_NX) != 0 && !persistent) {
      return false;
    }
    if ((flags & EXPIRE_XX) != 0 && persistent) {
      return false;
    }
    if ((flags & EXPIRE_GT) != 0 && (persistent || when <= current)) {
      return false;
    }
    return (flags & EXPIRE_LT) == 0 || persistent || when < current;
  }

  /** Parses NX, XX, GT, LT (any case, repeats allowed) before the time argument is read, as Redis. */
  private static int expireOptions(Call c) {
    int flags = 0;
    for (int j = 3; j < c.argc(); j++) {
      if (c.is(j, "nx")) {
        flags |= EXPIRE_NX;
      } else if (c.is(j, "xx")) {
        flags |= EXPIRE_XX;
      } else if (c.is(j, "gt")) {
        flags |= EXPIRE_GT;
      } else if (c.is(j, "lt")) {
        flags |= EXPIRE_LT;
      } else {
        throw Call.error(Errors.unsupportedOption(Dispatcher.cString(c.arg(j), Integer.MAX_VALUE)));
      }
    }
    if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
      throw Call.error(Errors.EXPIRE_NX_WITH_OTHERS);
    }
    if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
      throw Call.error(Errors.EXPIRE_GT_AND_LT);
    }
    return flags;
  }

  // TTL key
  static Reply ttl(Call c) {
    return ttlGeneric(c, false, false);
  }

  // PTTL key
  static Reply pttl(Call c) {
    return ttlGeneric(c, true, false);
  }

  // EXPIRETIME key
  static Reply expiretime(Call c) {
    return ttlGeneric(c, false, true);
  }

  // PEXPIRETIME key
  static Reply pexpiretime(Call c) {
    return ttlGeneric(c, true, true);
  }

  /**
   * -2 for a missing key, -1 without a TTL, else the remaining time (or the absolute deadline) in ms,
   * or in seconds rounded to nearest. Rounding is unsigned so a deadline near 2^63 ms does not wrap,
   * which is what Redis's compiled C answers.
   */
  private static Reply ttlGeneric(Call c, boolean millis, boolean absolute) {
    Value value = c.db().lookupReadNoTouch(c.arg(1));
    if (value == null) {
      return Reply.integer(-2);
    }
    long expiresAt = value.expiresAt();
    if (expiresAt == Value.NO_EXPIRY) {
      return Reply.integer(-1);
    }
    long ttl = Math.max(0, absolute ? expiresAt : expiresAt - c.now());
    return Reply.integer(millis ? ttl : Long.divideUnsigned(ttl + 500, 1000));
  }

  // PERSIST key
  static Reply persist(Call c) {
    byte[] key = c.arg(1);
    Value value = c.db().lookupWrite(key);
    if (value == null || value.expiresAt() == Value.NO_EXPIRY) {
      return Reply.ZERO;
    }
    c.db().setExpiry(key, value, Value.NO_EXPIRY);
    c.notify(KeyspaceEvents.GENERIC, "persist", key);
    return Reply.ONE;
  }

  // OBJECT ENCODING key
  static Reply objectEncoding(Call c) {
    Value value = c.db().lookupReadNoNotify(c.arg(2));
    return value == null ? Reply.NULL : Reply.bulk(value.encoding());
  }

  // OBJECT FREQ key
  static Reply objectFreq(Call c) {
    Value value = c.db().lookupReadNoNotify(c.arg(2));
    if (value == null) {
      return Reply.NULL;
    }
    if (!lfuPolicy(c)) {
      throw Call.error(Errors.LFU_NOT_SELECTED);
    }
    // The key's LFU counter, decayed by the lfu-decay-time periods since it was last decremented.
    return Reply.integer(value.lfuFrequency(c.now(), c.server.config.number("lfu-decay-time")));
  }

  // OBJECT IDLETIME key
  static Reply objectIdletime(Call c) {
    Value value = c.db().lookupReadNoNotify(c.arg(2));
    if (value == null) {
      return Reply.NULL;
    }
    if (lfuPolicy(c)) {
      throw Call.error(Errors.LFU_SELECTED);
    }
    // Redis's LRU clock ticks in whole seconds, so idle time is a difference of whole seconds.
    return Reply.integer(value.lruIdleSeconds(c.now()));
  }

  private static boolean lfuPolicy(Call c) {
    return c.server.config.lfuPolicy();
  }

  // OBJECT REFCOUNT key
  static Reply objectRefcount(Call c) {
    Value value = c.db().lookupReadNoNotify(c.arg(2));
    if (value == null) {
      return Reply.NULL;
    }
    // Small integers are Redis's shared objects, whose refcount reads as INT_MAX.
    boolean shared = value instanceof StringValue s && s.isSharedInteger();
    return Reply.integer(shared ? Integer.MAX_VALUE : 1);
  }

  // OBJECT HELP
  static Reply objectHelp(Call c) {
    return Call.helpReply("OBJECT",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.");
  }
}
