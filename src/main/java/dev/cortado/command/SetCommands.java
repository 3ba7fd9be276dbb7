package dev.cortado.command;

import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Commands on set values, after Redis 7.0's t_set.c: SINTER, SMEMBERS, SINTERSTORE and SINTERCARD
 * share one generic; SUNION, SDIFF and their STORE variants another. Results are built as Redis
 * builds them (a new intset, converted by the add that breaks its rules), so their encoding, and with
 * it their order, is the one Redis gives them. A set left empty is deleted. Writes send Redis
 * 7.0's keyspace events after the change: the command's own, then "del" for a set it emptied; a
 * write that changes nothing sends none.
 */
final class SetCommands {
  private SetCommands() {}

  /** SPOP rebuilds the set from its survivors when it keeps fewer than 1/5 of the popped count. */
  private static final long SPOP_MOVE_STRATEGY_MUL = 5;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("SetCommands");
      String g = "set";
      String interCost = "O(N*M) worst case where N is the cardinality of the smallest set and M is "
          + "the number of sets.";
      String unionCost = "O(N) where N is the total number of elements in all given sets.";
      String anyOrder = "nondeterministic_output_order";
      String random = "nondeterministic_output";
      t.add("sadd", -3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Add one or more members to a set",
          "sadd")
          .docs("1.0.0", "O(1) for each element added, so O(N) to add N elements when the command is "
              + "called with multiple arguments.")
          .keySpecFlags("RW", "insert");
      t.add("srem", -3, WRITE | FAST, 1, 1, 1, g, "Remove one or more members from a set", "srem")
          .docs("1.0.0", "O(N) where N is the number of members to be removed.")
          .keySpecFlags("RW", "delete");
      t.add("sismember", 3, READONLY | FAST, 1, 1, 1, g,
          "Determine if a given value is a member of a set", "sismember")
          .docs("1.0.0", "O(1)").keySpecFlags("RO");
      t.add("smismember", -3, READONLY | FAST, 1, 1, 1, g,
          "Returns the membership associated with the given elements for a set", "smismember")
          .docs("6.2.0", "O(N) where N is the number of elements being checked for membership");
      t.add("smembers", 2, READONLY, 1, 1, 1, g, "Get all the members in a set", "sinter")
          .docs("1.0.0", "O(N) where N is the set cardinality.").tips(anyOrder);
      t.add("scard", 2, READONLY | FAST, 1, 1, 1, g, "Get the number of members in a set", "scard")
          .docs("1.0.0", "O(1)").keySpecFlags("RO");
      t.add("spop", -2, WRITE | FAST, 1, 1, 1, g,
          "Remove and return one or multiple random members from a set", "spop")
          .docs("1.0.0", "Without the count argument O(1), otherwise O(N) where N is the value of the "
              + "passed count.")
          .tips(random).keySpecFlags("RW", "access", "delete");
      t.add("srandmember", -2, READONLY, 1, 1, 1, g, "Get one or multiple random members from a set",
          "srandmember")
          .docs("1.0.0", "Without the count argument O(1), otherwise O(N) where N is the absolute "
              + "value of the passed count.")
          .tips(random);
      t.add("smove", 4, WRITE | FAST, 1, 2, 1, g, "Move a member from one set to another", "smove")
          .docs("1.0.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "RW", "insert"));
      t.add("sinter", -2, READONLY, 1, -1, 1, g, "Intersect multiple sets", "sinter")
          .docs("1.0.0", interCost).tips(anyOrder);
      // The keys follow numkeys, which the (first, last, step) triple cannot say: movablekeys.
      t.add("sintercard", -3, READONLY | MOVABLE_KEYS, 0, 0, 0, g,
          "Intersect multiple sets and return the cardinality of the result", "sintercard")
          .docs("7.0.0", interCost).keySpecs(ZSetCommands.sources(1))
          .keysFallback(KeySpec.numkeys(0, 1, 2));
      t.add("sinterstore", -3, WRITE | DENYOOM, 1, -1, 1, g,
          "Intersect multiple sets and store the resulting set in a key", "sinterstore")
          .docs("1.0.0", interCost)
          .keySpecs(KeySpec.key(1, "RW", "update"), KeySpec.rest(2, "RO", "access"));
      t.add("sunion", -2, READONLY, 1, -1, 1, g, "Add multiple sets", "sunion")
          .docs("1.0.0", unionCost).tips(anyOrder);
      t.add("sunionstore", -3, WRITE | DENYOOM, 1, -1, 1, g,
          "Add multiple sets and store the resulting set in a key", "sunionstore")
          .docs("1.0.0", unionCost)
          .keySpecs(KeySpec.key(1, "OW", "update"), KeySpec.rest(2, "RO", "access"));
      t.add("sdiff", -2, READONLY, 1, -1, 1, g, "Subtract multiple sets", "sdiff")
          .docs("1.0.0", unionCost).tips(anyOrder);
      t.add("sdiffstore", -3, WRITE | DENYOOM, 1, -1, 1, g,
          "Subtract multiple sets and store the resulting set in a key", "sdiffstore")
          .docs("1.0.0", unionCost)
          .keySpecs(KeySpec.key(1, "OW", "update"), KeySpec.rest(2, "RO", "access"));
      t.add("sscan", -3, READONLY, 1, 1, 1, g, "Incrementally iterate Set elements", "sscan")
          .docs("2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough "
              + "command calls for the cursor to return back to 0. N is the number of elements "
              + "inside the collection..")
          .tips(random);
    }
  }

  // SADD key member [member ...]
  static Reply sadd(Call c) {
    byte[] key = c.arg(1);
    SetValue set = asSet(c.db().lookupWrite(key));
    boolean created = set == null;
    if (created) {
      set = new SetValue();
    }
    long maxIntset = maxIntsetEntries(c);
    int added = 0;
    for (int i = 2; i < c.argc(); i++) {
      if (set.add(c.arg(i), maxIntset)) {
        added++;
      }
    }
    if (created) {
      c.db().put(key, set);
    } else if (added > 0) {
      c.db().signalModified(key);
    }
    if (added > 0) {
      c.notify(KeyspaceEvents.SET, "sadd", key);
    }
    return Reply.integer(added);
  }

  // SREM key member [member ...]
  static Reply srem(Call c) {
    byte[] key = c.arg(1);
    SetValue set = asSet(c.db().lookupWrite(key));
    if (set == null) {
      return Reply.ZERO;
    }
    int removed = 0;
    for (int i = 2; i < c.argc() && !set.isEmpty(); i++) {
      if (set.remove(c.arg(i))) {
        removed++;
      }
    }
    if (removed > 0) {
      c.notify(KeyspaceEvents.SET, "srem", key);
      c.db().changedInPlace(key, set);
    }
    return Reply.integer(removed);
  }

  // SISMEMBER key member
  static Reply sismember(Call c) {
    SetValue set = readSet(c, c.arg(1));
    return set != null && set.contains(c.arg(2)) ? Reply.ONE : Reply.ZERO;
  }

  // SMISMEMBER key member [member ...]: a missing key is an empty set, not an error.
  static Reply smismember(Call c) {
    SetValue set = readSet(c, c.arg(1));
    List<Reply> out = new ArrayList<>(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      out.add(set != null && set.contains(c.arg(i)) ? Reply.ONE : Reply.ZERO);
    }
    return Reply.array(out);
  }

  // SCARD key
  static Reply scard(Call c) {
    SetValue set = readSet(c, c.arg(1));
    return Reply.integer(set == null ? 0 : set.size());
  }

  // SPOP key [count]
  private static final byte[] SREM = {'S', 'R', 'E', 'M'};

  static Reply spop(Call c) {
    if (c.argc() == 3) {
      return spopWithCount(c);
    }
    if (c.argc() > 3) {
      throw Call.error(Errors.SYNTAX);
    }
    byte[] key = c.arg(1);
    SetValue set = asSet(c.db().lookupWrite(key));
    if (set == null) {
      return Reply.NULL;
    }
    byte[] member = set.pop(c.server.random);
    c.notify(KeyspaceEvents.SET, "spop", key);
    c.db().changedInPlace(key, set);
    c.propagateAs(SREM, key, member); // the pick, as Redis propagates it
    return Reply.bulk(member);
  }

  /** SPOP key count: a set reply; the count is checked before the key, as Redis does. */
  private static Reply spopWithCount(Call c) {
    long count = c.rangeArg(2, 0, Long.MAX_VALUE, Errors.NOT_POSITIVE);
    byte[] key = c.arg(1);
    SetValue set = asSet(c.db().lookupWrite(key));
    if (set == null || count == 0) {
      return Reply.set(List.of());
    }
    long remaining = set.size() - count;
    if (remaining <= 0) {
      // Redis answers through SUNION of the one set: a hashtable of integers comes out ascending.
      List<byte[]> all = union(List.of(set), maxIntsetEntries(c)).members();
      c.notify(KeyspaceEvents.SET, "spop", key);
      c.db().remove(key);
      c.notify(KeyspaceEvents.GENERIC, "del", key);
      c.propagateAs(Call.deletion(c, "lazyfree-lazy-server-del"), key); // as Redis propagates it
      return setReply(all);
    }
    Random random = c.server.random;
    List<byte[]> popped;
    if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
      popped = new ArrayList<>((int) count);
      for (long i = 0; i < count; i++) {
        popped.add(set.pop(random));
      }
    } else {
      // Most of the set goes: pick the survivors into a new set (which may be an intset again) and
      // answer the rest in the old set's order, as Redis does.
      long maxIntset = maxIntsetEntries(c);
      SetValue survivors = new SetValue();
      for (long i = 0; i < remaining; i++) {
        survivors.add(set.pop(random), maxIntset);
      }
      popped = set.members();
      set.replaceContents(survivors);
    }
    c.db().signalModified(key);
    c.notify(KeyspaceEvents.SET, "spop", key);
    for (byte[] member : popped) { // one SREM per member, in MULTI/EXEC, as Redis 7.0 propagates
      c.propagateAs(SREM, key, member);
    }
    return setReply(popped);
  }

  // SRANDMEMBER key [count]
  static Reply srandmember(Call c) {
    if (c.argc() == 3) {
      return srandmemberWithCount(c);
    }
    if (c.argc() > 3) {
      throw Call.error(Errors.SYNTAX);
    }
    SetValue set = readSet(c, c.arg(1));
    return set == null ? Reply.NULL : Reply.bulk(set.random(c.server.random));
  }

  /**
   * SRANDMEMBER key count: an array of distinct members for a positive count (the whole set, in its
   * order, when the count reaches its size), of possibly repeated ones for a negative count.
   */
  private static Reply srandmemberWithCount(Call c) {
    long count = c.rangeArg(2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
    SetValue set = readSet(c, c.arg(1));
    if (set == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    // Redis serves a count of 1 as one pick of the negative count's kind (t_set.c's case 1).
    return Reply.bulks(RandomPicks.sample(count == 1 ? -1 : count, set.size(), set::memberAt,
        set::members, RandomPicks.MAX_REPEATED_PICKS, c.server.random));
  }

  // SMOVE source destination member
  static Reply smove(Call c) {
    byte[] source = c.arg(1);
    byte[] destination = c.arg(2);
    byte[] member = c.arg(3);
    Value src = c.db().lookupWrite(source);
    Value dst = c.db().lookupWrite(destination);
    if (src == null) {
      return Reply.ZERO; // even when the destination holds another type, as in Redis
    }
    SetValue from = asSet(src);
    SetValue to = asSet(dst);
    if (from == to) {
      return from.contains(member) ? Reply.ONE : Reply.ZERO;
    }
    if (!from.remove(member)) {
      return Reply.ZERO;
    }
    // Redis's order: "srem" and any "del" of the source, then "new" and "sadd" of the destination.
    c.notify(KeyspaceEvents.SET, "srem", source);
    c.db().changedInPlace(source, from);
    if (to == null) {
      to = new SetValue();
      to.add(member, maxIntsetEntries(c));
      c.db().put(destination, to);
    } else if (to.add(member, maxIntsetEntries(c))) {
      c.db().signalModified(destination);
    } else {
      return Reply.ONE; // the destination had the member: no "sadd"
    }
    c.notify(KeyspaceEvents.SET, "sadd", destination);
    return Reply.ONE;
  }

  // SINTER key [key ...]   and   SMEMBERS key
  static Reply sinter(Call c) {
    return sinterGeneric(c, 1, c.argc() - 1, null, false, 0);
  }

  // SINTERSTORE destination key [key ...]
  static Reply sinterstore(Call c) {
    return sinterGeneric(c, 2, c.argc() - 2, c.arg(1), false, 0);
  }

  // SINTERCARD numkeys key [key ...] [LIMIT limit]
  static Reply sintercard(Call c) {
    long numKeys = c.rangeArg(1, 1, Long.MAX_VALUE, Errors.NUMKEYS_NOT_POSITIVE);
    if (numKeys > c.argc() - 2) {
      throw Call.error(Errors.NUMKEYS_TOO_MANY);
    }
    long limit = 0; // no limit
    for (int i = 2 + (int) numKeys; i < c.argc(); i++) {
      if (c.is(i, "limit") && i + 1 < c.argc()) {
        limit = c.rangeArg(++i, 0, Long.MAX_VALUE, Errors.LIMIT_NEGATIVE);
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    return sinterGeneric(c, 2, (int) numKeys, null, true, limit);
  }

  /**
   * SINTER, SMEMBERS, SINTERSTORE and SINTERCARD. Every key is looked up first (a missing key makes
   * the result empty, but a later key of another type is still WRONGTYPE); then the smallest set is
   * walked in its own order and each member kept when every other set has it.
   *
   * @param destination the key SINTERSTORE writes, or null
   * @param cardinalityOnly SINTERCARD: count, stopping at {@code limit} when it is not 0
   */
  private static Reply sinterGeneric(Call c, int firstKey, int numKeys, byte[] destination,
      boolean cardinalityOnly, long limit) {
    List<SetValue> sets = new ArrayList<>(numKeys);
    boolean anyMissing = false;
    for (int i = firstKey; i < firstKey + numKeys; i++) {
      SetValue set = readSet(c, c.arg(i));
      if (set == null) {
        anyMissing = true;
      } else {
        sets.add(set);
      }
    }
    if (anyMissing) {
      if (destination != null) {
        removeDestination(c, destination);
        return Reply.ZERO;
      }
      return cardinalityOnly ? Reply.ZERO : Reply.set(List.of());
    }
    // Smallest first; a stable sort, like the merge sort behind glibc's qsort, keeps ties in order.
    sets.sort(Comparator.comparingInt(SetValue::size));
    SetValue smallest = sets.get(0);
    SetValue stored = destination != null ? new SetValue() : null;
    long maxIntset = maxIntsetEntries(c);
    List<byte[]> found = new ArrayList<>();
    long cardinality = 0;
    for (byte[] member : smallest.members()) {
      if (!inAll(sets, member)) {
        continue;
      }
      cardinality++;
      if (cardinalityOnly) {
        if (limit != 0 && cardinality >= limit) {
          break;
        }
      } else if (stored != null) {
        stored.add(member, maxIntset);
      } else {
        found.add(member);
      }
    }
    if (cardinalityOnly) {
      return Reply.integer(cardinality);
    }
    return stored != null ? store(c, destination, stored, "sinterstore") : setReply(found);
  }

  private static boolean inAll(List<SetValue> sets, byte[] member) {
    for (int j = 1; j < sets.size(); j++) {
      if (sets.get(j) != sets.get(0) && !sets.get(j).contains(member)) {
        return false;
      }
    }
    return true;
  }

  // SUNION key [key ...]
  static Reply sunion(Call c) {
    return sunionDiffGeneric(c, 1, null, false);
  }

  // SUNIONSTORE destination key [key ...]
  static Reply sunionstore(Call c) {
    return sunionDiffGeneric(c, 2, c.arg(1), false);
  }

  // SDIFF key [key ...]
  static Reply sdiff(Call c) {
    return sunionDiffGeneric(c, 1, null, true);
  }

  // SDIFFSTORE destination key [key ...]
  static Reply sdiffstore(Call c) {
    return sunionDiffGeneric(c, 2, c.arg(1), true);
  }

  /**
   * SUNION, SDIFF and their STORE variants: the result is built into a new set (which stays an
   * intset while it can, so integer results come out ascending), then answered or stored. A missing
   * key is an empty set.
   */
  private static Reply sunionDiffGeneric(Call c, int firstKey, byte[] destination, boolean diff) {
    List<SetValue> sets = new ArrayList<>(c.argc() - firstKey);
    for (int i = firstKey; i < c.argc(); i++) {
      sets.add(readSet(c, c.arg(i)));
    }
    long maxIntset = maxIntsetEntries(c);
    SetValue result = diff ? difference(sets, maxIntset) : union(sets, maxIntset);
    if (destination == null) {
      return setReply(result.members());
    }
    return store(c, destination, result, diff ? "sdiffstore" : "sunionstore");
  }

  /** The union of sets (null ones are empty), added in argument order. */
  private static SetValue union(List<SetValue> sets, long maxIntset) {
    SetValue result = new SetValue();
    for (SetValue set : sets) {
      if (set != null) {
        for (byte[] member : set.members()) {
          result.add(member, maxIntset);
        }
      }
    }
    return result;
  }

  /**
   * The first set minus the others (null ones are empty), with Redis's choice between its two
   * algorithms, because the choice decides the result's encoding: the first adds only the survivors,
   * the second adds the whole first set and then removes, and a set that became a hashtable stays
   * one. The first key named again makes the result empty.
   */
  private static SetValue difference(List<SetValue> sets, long maxIntset) {
    SetValue result = new SetValue();
    SetValue first = sets.get(0);
    if (first == null || sets.subList(1, sets.size()).contains(first)) {
      return result;
    }
    long walkFirst = 0; // algorithm 1: each member of the first set looked up in every set
    long addAll = 0; // algorithm 2: every member of every set visited once
    for (SetValue set : sets) {
      if (set != null) {
        walkFirst += first.size();
        addAll += set.size();
      }
    }
    if (walkFirst / 2 <= addAll) {
      for (byte[] member : first.members()) {
        if (!inAny(sets, member)) {
          result.add(member, maxIntset);
        }
      }
      return result;
    }
    for (byte[] member : first.members()) {
      result.add(member, maxIntset);
    }
    for (int j = 1; j < sets.size() && !result.isEmpty(); j++) {
      if (sets.get(j) != null) {
        for (byte[] member : sets.get(j).members()) {
          result.remove(member);
        }
      }
    }
    return result;
  }

  /** Whether any set after the first has the member. */
  private static boolean inAny(List<SetValue> sets, byte[] member) {
    for (int j = 1; j < sets.size(); j++) {
      if (sets.get(j) != null && sets.get(j).contains(member)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A *STORE command's write: the result replaces whatever the destination held (any type, and its
   * TTL); an empty result deletes the destination instead. Replies with the result's size.
   *
   * @param event the command's keyspace event ("sinterstore"...), sent when a result is stored
   */
  private static Reply store(Call c, byte[] destination, SetValue result, String event) {
    if (result.isEmpty()) {
      removeDestination(c, destination);
      return Reply.ZERO;
    }
    c.db().put(destination, result);
    c.notify(KeyspaceEvents.SET, event, destination);
    return Reply.integer(result.size());
  }

  /** An empty *STORE result: deletes the destination, with a "del" event only if it existed. */
  private static void removeDestination(Call c, byte[] destination) {
    if (c.db().remove(destination) != null) {
      c.notify(KeyspaceEvents.GENERIC, "del", destination);
    }
  }

  // SSCAN key cursor [MATCH pattern] [COUNT count]
  static Reply sscan(Call c) {
    long cursor = c.cursorArg(2);
    SetValue set = readSet(c, c.arg(1));
    if (set == null) {
      return KeyCommands.scanReply(0, Reply.EMPTY_ARRAY); // options unread, as in Redis
    }
    KeyCommands.ScanOptions options = KeyCommands.scanOptions(c, 3, false);
    SetValue.ScanPage page = set.scan(cursor, options.count(), options::matches);
    return KeyCommands.scanReply(page.cursor(), Reply.bulks(page.members()));
  }

  // ---------------------------------------------------------------- helpers

  /** The set at a key for a read (counts a hit or miss): null when missing, else WRONGTYPE. */
  private static SetValue readSet(Call c, byte[] key) {
    return asSet(c.db().lookupRead(key));
  }

  private static SetValue asSet(Value v) {
    if (v == null || v instanceof SetValue) {
      return (SetValue) v;
    }
    throw Call.error(Errors.WRONGTYPE);
  }

  /**
   * After an in-place removal, and after its own event: delete the key when the set is empty (with
   * Redis's "del" event), else tell WATCH.
   */
  private static long maxIntsetEntries(Call c) {
    return c.server.config.number("set-max-intset-entries");
  }

  private static Reply setReply(List<byte[]> members) {
    List<Reply> items = new ArrayList<>(members.size());
    for (byte[] m : members) {
      items.add(Reply.bulk(m));
    }
    return Reply.set(items);
  }
}
