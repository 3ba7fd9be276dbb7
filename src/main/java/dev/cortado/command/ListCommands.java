package dev.cortado.command;

import static dev.cortado.command.CommandSpec.BLOCKING;
import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.ListValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Commands on list values, after Redis 7.0's t_list.c: the order in which each command parses its
 * arguments, looks its key up and checks its type is Redis's, because it decides which error a
 * wrong call gets. A list left empty is deleted ("del" after the command's own event); writes send
 * Redis 7.0's keyspace events after the change.
 */
final class ListCommands {
  private ListCommands() {}

  private static final boolean HEAD = true;
  private static final boolean TAIL = false;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ListCommands");
      String g = "list";
      String pushCost = "O(1) for each element added, so O(N) to add N elements when the command is "
          + "called with multiple arguments.";
      String popCost = "O(N) where N is the number of elements returned";
      t.add("lpush", -3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Prepend one or multiple elements to a "
          + "list", "lpush").docs("1.0.0", pushCost).keySpecFlags("RW", "insert");
      t.add("rpush", -3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Append one or multiple elements to a "
          + "list", "rpush").docs("1.0.0", pushCost).keySpecFlags("RW", "insert");
      t.add("lpushx", -3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Prepend an element to a list, only "
          + "if the list exists", "lpushx").docs("2.2.0", pushCost).keySpecFlags("RW", "insert");
      t.add("rpushx", -3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Append an element to a list, only "
          + "if the list exists", "rpushx").docs("2.2.0", pushCost).keySpecFlags("RW", "insert");
      t.add("lpop", -2, WRITE | FAST, 1, 1, 1, g, "Remove and get the first elements in a list",
          "lpop").docs("1.0.0", popCost).keySpecFlags("RW", "access", "delete");
      t.add("rpop", -2, WRITE | FAST, 1, 1, 1, g, "Remove and get the last elements in a list",
          "rpop").docs("1.0.0", popCost).keySpecFlags("RW", "access", "delete");
      t.add("lrange", 4, READONLY, 1, 1, 1, g, "Get a range of elements from a list", "lrange")
          .docs("1.0.0", "O(S+N) where S is the distance of start offset from HEAD for small lists, "
              + "from nearest end (HEAD or TAIL) for large lists; and N is the number of elements "
              + "in the specified range.")
          .keySpecFlags("RO", "access");
      t.add("llen", 2, READONLY | FAST, 1, 1, 1, g, "Get the length of a list", "llen")
          .docs("1.0.0", "O(1)").keySpecFlags("RO");
      t.add("lindex", 3, READONLY, 1, 1, 1, g, "Get an element from a list by its index", "lindex")
          .docs("1.0.0", "O(N) where N is the number of elements to traverse to get to the element "
              + "at index. This makes asking for the first or the last element of the list O(1).")
          .keySpecFlags("RO", "access");
      t.add("lset", 4, WRITE | DENYOOM, 1, 1, 1, g, "Set the value of an element in a list by its "
          + "index", "lset").docs("1.0.0", "O(N) where N is the length of the list. Setting either "
          + "the first or the last element of the list is O(1).").keySpecFlags("RW", "update");
      t.add("lrem", 4, WRITE, 1, 1, 1, g, "Remove elements from a list", "lrem")
          .docs("1.0.0", "O(N+M) where N is the length of the list and M is the number of elements "
              + "removed.")
          .keySpecFlags("RW", "delete");
      t.add("ltrim", 4, WRITE, 1, 1, 1, g, "Trim a list to the specified range", "ltrim")
          .docs("1.0.0", "O(N) where N is the number of elements to be removed by the operation.")
          .keySpecFlags("RW", "delete");
      t.add("linsert", 5, WRITE | DENYOOM, 1, 1, 1, g, "Insert an element before or after another "
          + "element in a list", "linsert")
          .docs("2.2.0", "O(N) where N is the number of elements to traverse before seeing the value "
              + "pivot. This means that inserting somewhere on the left end on the list (head) can "
              + "be considered O(1) and inserting somewhere on the right end (tail) is O(N).")
          .keySpecFlags("RW", "insert");
      t.add("lpos", -3, READONLY, 1, 1, 1, g, "Return the index of matching elements on a list",
          "lpos")
          .docs("6.0.6", "O(N) where N is the number of elements in the list, for the average case. "
              + "When searching for elements near the head or the tail of the list, or when the "
              + "MAXLEN option is provided, the command may run in constant time.")
          .keySpecFlags("RO", "access");
      t.add("rpoplpush", 3, WRITE | DENYOOM, 1, 2, 1, g, "Remove the last element in a list, "
          + "prepend it to another list and return it", "rpoplpush")
          .docs("1.2.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "RW", "insert"));
      t.add("lmove", 5, WRITE | DENYOOM, 1, 2, 1, g, "Pop an element from a list, push it to "
          + "another list and return it", "lmove")
          .docs("6.2.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "RW", "insert"));
      // The keys follow numkeys, which the (first, last, step) triple cannot say: movablekeys.
      t.add("lmpop", -4, WRITE | MOVABLE_KEYS, 0, 0, 0, g, "Pop elements from a list", "lmpop")
          .docs("7.0.0", "O(N+M) where N is the number of provided keys and M is the number of "
              + "elements returned.")
          .keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RW", "access", "delete"))
          .keysFallback(KeySpec.numkeys(0, 1, 2));
      t.add("blpop", -3, WRITE | NOSCRIPT | BLOCKING, 1, -2, 1, g, "Remove and get the first "
          + "element in a list, or block until one is available", "blpop")
          .docs("2.0.0", "O(N) where N is the number of provided keys.")
          .keySpecFlags("RW", "access", "delete");
      t.add("brpop", -3, WRITE | NOSCRIPT | BLOCKING, 1, -2, 1, g, "Remove and get the last "
          + "element in a list, or block until one is available", "brpop")
          .docs("2.0.0", "O(N) where N is the number of provided keys.")
          .keySpecFlags("RW", "access", "delete");
      t.add("brpoplpush", 4, WRITE | DENYOOM | NOSCRIPT | BLOCKING, 1, 2, 1, g, "Pop an element "
          + "from a list, push it to another list and return it; or block until one is available",
          "brpoplpush").docs("2.2.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "RW", "insert"));
      t.add("blmove", 6, WRITE | DENYOOM | NOSCRIPT | BLOCKING, 1, 2, 1, g, "Pop an element from "
          + "a list, push it to another list and return it; or block until one is available",
          "blmove").docs("6.2.0", "O(1)").keySpecs(KeySpec.key(1, "RW", "access", "delete"), KeySpec.key(2, "RW", "insert"));
      t.add("blmpop", -5, WRITE | BLOCKING | MOVABLE_KEYS, 0, 0, 0, g, "Pop elements from a list, "
          + "or block until one is available", "blmpop")
          .docs("7.0.0", "O(N+M) where N is the number of provided keys and M is the number of "
              + "elements returned.")
          .keySpecs(KeySpec.index(2).keynum(0, 1, 1).flags("RW", "access", "delete"))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
    }
  }

  // LPUSH key element [element ...]
  static Reply lpush(Call c) {
    return push(c, HEAD, false);
  }

  // RPUSH key element [element ...]
  static Reply rpush(Call c) {
    return push(c, TAIL, false);
  }

  // LPUSHX key element [element ...]
  static Reply lpushx(Call c) {
    return push(c, HEAD, true);
  }

  // RPUSHX key element [element ...]
  static Reply rpushx(Call c) {
    return push(c, TAIL, true);
  }

  /** The four pushes: a missing key is created ("new", then the push's event), or 0 for the X forms. */
  private static Reply push(Call c, boolean head, boolean onlyIfExists) {
    byte[] key = c.arg(1);
    ListValue list = asList(c.db().lookupWrite(key));
    boolean created = list == null;
    if (created) {
      if (onlyIfExists) {
        return Reply.ZERO;
      }
      list = new ListValue();
    }
    for (int i = 2; i < c.argc(); i++) {
      if (head) {
        list.pushHead(c.arg(i));
      } else {
        list.pushTail(c.arg(i));
      }
    }
    if (created) {
      c.db().put(key, list);
    } else {
      c.db().signalModified(key);
    }
    c.notify(KeyspaceEvents.LIST, head ? "lpush" : "rpush", key);
    return Reply.integer(list.size());
  }

  // LPOP key [count]
  static Reply lpop(Call c) {
    return pop(c, HEAD);
  }

  // RPOP key [count]
  static Reply rpop(Call c) {
    return pop(c, TAIL);
  }

  /**
   * LPOP and RPOP: without a count one element (a bulk string, null when missing); with one an array
   * of up to count elements in pop order (a null array when missing, an empty one for count 0).
   */
  private static Reply pop(Call c, boolean head) {
    if (c.argc() > 3) {
      throw Call.error(Errors.wrongArity(c.spec.name));
    }
    boolean hasCount = c.argc() == 3;
    long count = hasCount ? c.rangeArg(2, 0, Long.MAX_VALUE, Errors.NOT_POSITIVE) : 0;
    byte[] key = c.arg(1);
    ListValue list = asList(c.db().lookupWrite(key));
    if (list == null) {
      return hasCount ? Reply.NULL_ARRAY : Reply.NULL;
    }
    if (hasCount && count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    Reply reply;
    if (!hasCount) {
      reply = Reply.bulk(head ? list.popHead() : list.popTail());
    } else {
      reply = Reply.bulks(popRange(list, head, count));
    }
    removed(c, key, list, head);
    return reply;
  }

  /** Removes up to count elements from one end; returns them in pop order. */
  private static List<byte[]> popRange(ListValue list, boolean head, long count) {
    int n = (int) Math.min(count, list.size());
    List<byte[]> out = new ArrayList<>(n);
    int size = list.size();
    if (head) {
      out.addAll(list.range(0, n - 1));
      list.removeHead(n);
    } else {
      for (int i = size - 1; i >= size - n; i--) {
        out.add(list.get(i));
      }
      list.removeTail(n);
    }
    return out;
  }

  /** Redis's listElementsRemoved: the pop's event, then deletion ("del") of a list left empty. */
  private static void removed(Call c, byte[] key, ListValue list, boolean head) {
    c.notify(KeyspaceEvents.LIST, head ? "lpop" : "rpop", key);
    c.db().changedInPlace(key, list);
  }

  // LRANGE key start stop
  static Reply lrange(Call c) {
    long start = c.longArg(2);
    long end = c.longArg(3);
    ListValue list = readList(c, c.arg(1));
    if (list == null) {
      return Reply.EMPTY_ARRAY;
    }
    int[] range = range(list.size(), start, end);
    if (range == null) {
      return Reply.EMPTY_ARRAY;
    }
    return Reply.bulks(list.range(range[0], range[1]));
  }

  /**
   * LRANGE's and LTRIM's range: negative indexes count from the tail, start is clamped to 0 and end
   * to the last element. Null when the range is empty.
   */
  private static int[] range(int length, long start, long end) {
    if (start < 0) {
      start = length + start;
    }
    if (end < 0) {
      end = length + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= length) {
      return null;
    }
    if (end >= length) {
      end = length - 1;
    }
    return new int[] {(int) start, (int) end};
  }

  // LLEN key
  static Reply llen(Call c) {
    ListValue list = readList(c, c.arg(1));
    return Reply.integer(list == null ? 0 : list.size());
  }

  // LINDEX key index: the key is looked up and type-checked before the index is parsed.
  static Reply lindex(Call c) {
    ListValue list = readList(c, c.arg(1));
    if (list == null) {
      return Reply.NULL;
    }
    int at = list.position(c.longArg(2));
    return at < 0 ? Reply.NULL : Reply.bulk(list.get(at));
  }

  // LSET key index element
  static Reply lset(Call c) {
    byte[] key = c.arg(1);
    ListValue list = asList(c.db().lookupWrite(key));
    if (list == null) {
      throw Call.error(Errors.NO_SUCH_KEY);
    }
    int at = list.position(c.longArg(2));
    if (at < 0) {
      throw Call.error(Errors.INDEX_OUT_OF_RANGE);
    }
    list.set(at, c.arg(3));
    c.db().signalModified(key);
    c.notify(KeyspaceEvents.LIST, "lset", key);
    return Reply.OK;
  }

  // LREM key count element
  static Reply lrem(Call c) {
    long count = c.longArg(2);
    byte[] key = c.arg(1);
    ListValue list = asList(c.db().lookupWrite(key));
    if (list == null) {
      return Reply.ZERO;
    }
    boolean fromHead = count >= 0;
    // Redis negates a negative count; LLONG_MIN stays negative and so removes every match.
    long limit = fromHead ? count : -count;
    long removed = list.removeAll(c.arg(3), limit < 0 ? 0 : limit, fromHead);
    if (removed > 0) {
      c.notify(KeyspaceEvents.LIST, "lrem", key);
      c.db().changedInPlace(key, list);
    }
    return Reply.integer(removed);
  }

  // LTRIM key start stop: the "ltrim" event is sent even when nothing was removed.
  static Reply ltrim(Call c) {
    long start = c.longArg(2);
    long end = c.longArg(3);
    byte[] key = c.arg(1);
    ListValue list = asList(c.db().lookupWrite(key));
    if (list == null) {
      return Reply.OK;
    }
    int[] range = range(list.size(), start, end);
    if (range == null) {
      list.removeTail(list.size());
    } else {
      list.removeTail(list.size() - 1 - range[1]);
      list.removeHead(range[0]);
    }
    c.notify(KeyspaceEvents.LIST, "ltrim", key);
    c.db().changedInPlace(key, list);
    return Reply.OK;
  }

  // LINSERT key BEFORE|AFTER pivot element: the position word is checked before the key.
  static Reply linsert(Call c) {
    boolean after;
    if (c.is(2, "after")) {
      after = true;
    } else if (c.is(2, "before")) {
      after = false;
    } else {
      throw Call.error(Errors.SYNTAX);
    }
    byte[] key = c.arg(1);
    ListValue list = asList(c.db().lookupWrite(key));
    if (list == null) {
      return Reply.ZERO;
    }
    int at = list.indexOf(c.arg(3), 0);
    if (at < 0) {
      return Reply.integer(-1);
    }
    list.insert(after ? at + 1 : at, c.arg(4));
    c.db().signalModified(key);
    c.notify(KeyspaceEvents.LIST, "linsert", key);
    return Reply.integer(list.size());
  }

  // LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
  static Reply lpos(Call c) {
    long rank = 1;
    long count = -1; // not given
    long maxlen = 0;
    for (int j = 3; j < c.argc(); j++) {
      boolean more = j + 1 < c.argc();
      if (c.is(j, "rank") && more) {
        rank = c.longArg(++j);
        if (rank == 0) {
          throw Call.error(Errors.RANK_ZERO);
        }
      } else if (c.is(j, "count") && more) {
        count = c.rangeArg(++j, 0, Long.MAX_VALUE, Errors.COUNT_NEGATIVE);
      } else if (c.is(j, "maxlen") && more) {
        maxlen = c.rangeArg(++j, 0, Long.MAX_VALUE, Errors.MAXLEN_NEGATIVE);
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    boolean fromHead = true;
    if (rank < 0) {
      rank = -rank; // LLONG_MIN stays negative: every match then counts, as in Redis
      fromHead = false;
    }
    ListValue list = readList(c, c.arg(1));
    if (list == null) {
      return count != -1 ? Reply.EMPTY_ARRAY : Reply.NULL;
    }
    byte[] element = c.arg(2);
    int size = list.size();
    List<Reply> found = count != -1 ? new ArrayList<>() : null;
    long matches = 0;
    for (int index = 0; index < size && (maxlen == 0 || index < maxlen); index++) {
      int at = fromHead ? index : size - index - 1;
      if (!java.util.Arrays.equals(list.get(at), element)) {
        continue;
      }
      matches++;
      if (matches >= rank) {
        if (found == null) {
          return Reply.integer(at);
        }
        found.add(Reply.integer(at));
        if (count != 0 && matches - rank + 1 >= count) {
          break;
        }
      }
    }
    return found != null ? Reply.array(found) : Reply.NULL;
  }

  // RPOPLPUSH source destination
  static Reply rpoplpush(Call c) {
    return move(c, TAIL, HEAD);
  }

  // LMOVE source destination LEFT|RIGHT LEFT|RIGHT: both words are checked before the keys.
  static Reply lmove(Call c) {
    boolean from = side(c, 3);
    boolean to = side(c, 4);
    return move(c, from, to);
  }

  /** LEFT (the head) or RIGHT (the tail), else a syntax error. */
  private static boolean side(Call c, int i) {
    if (c.is(i, "right")) {
      return TAIL;
    }
    if (c.is(i, "left")) {
      return HEAD;
    }
    throw Call.error(Errors.SYNTAX);
  }

  /**
   * LMOVE and RPOPLPUSH: a missing source answers null whatever the destination holds; otherwise a
   * destination of another type is WRONGTYPE. Redis's event order: "new" and the push for the
   * destination, then the pop and any "del" for the source. Source and destination may be one list
   * (a rotation).
   */
  private static Reply move(Call c, boolean from, boolean to) {
    byte[] source = c.arg(1);
    byte[] destination = c.arg(2);
    ListValue src = asList(c.db().lookupWrite(source));
    if (src == null) {
      return Reply.NULL;
    }
    ListValue dst = asList(c.db().lookupWrite(destination));
    byte[] value = from == HEAD ? src.popHead() : src.popTail();
    boolean created = dst == null;
    if (created) {
      dst = new ListValue();
    }
    if (to == HEAD) {
      dst.pushHead(value);
    } else {
      dst.pushTail(value);
    }
    if (created) {
      c.db().put(destination, dst);
    } else {
      c.db().signalModified(destination);
    }
    c.notify(KeyspaceEvents.LIST, to == HEAD ? "lpush" : "rpush", destination);
    removed(c, source, src, from);
    return Reply.bulk(value);
  }

  private static final byte[] LPOP = {'L', 'P', 'O', 'P'};
  private static final byte[] RPOP = {'R', 'P', 'O', 'P'};
  private static final byte[] LMOVE = {'L', 'M', 'O', 'V', 'E'};
  private static final byte[] RPOPLPUSH = {'R', 'P', 'O', 'P', 'L', 'P', 'U', 'S', 'H'};

  // LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
  static Reply lmpop(Call c) {
    MultiPop pop = MultiPop.parse(c, 1, "left", "right");
    for (byte[] key : pop.keys()) {
      ListValue list = asList(c.db().lookupWrite(key));
      if (list != null) {
        return popWithKey(c, key, list, pop.first(), pop.count());
      }
    }
    return Reply.NULL_ARRAY;
  }

  /** Up to count elements from one end of a non-empty list, answered as [key, [elements]]. */
  private static Reply popWithKey(Call c, byte[] key, ListValue list, boolean head, long count) {
    List<byte[]> popped = popRange(list, head, count);
    removed(c, key, list, head);
    // Replicas get LPOP/RPOP of what it took, as Redis rewrites LMPOP and BLMPOP.
    c.propagateAs(head ? LPOP : RPOP, key,
        Long.toString(popped.size()).getBytes(StandardCharsets.US_ASCII));
    return Reply.array(List.of(Reply.bulk(key), Reply.bulks(popped)));
  }

  // ---------------------------------------------------------------- blocking

  // BLPOP key [key ...] timeout
  static Reply blpop(Call c) {
    return blockingPop(c, HEAD);
  }

  // BRPOP key [key ...] timeout
  static Reply brpop(Call c) {
    return blockingPop(c, TAIL);
  }

  /** BLPOP and BRPOP: the timeout is read first, then the keys; a list answers [key, element]. */
  private static Reply blockingPop(Call c, boolean head) {
    long timeout = Blocking.timeoutArg(c, c.argc() - 1);
    List<byte[]> keys = List.of(Arrays.copyOfRange(c.args, 1, c.argc() - 1));
    return Blocking.popOrBlock(c, keys, timeout, ListValue.class,
        (served, key, value) -> popOne(served, key, (ListValue) value, head));
  }

  private static Reply popOne(Call c, byte[] key, ListValue list, boolean head) {
    byte[] element = head ? list.popHead() : list.popTail();
    removed(c, key, list, head);
    c.propagateAs(head ? LPOP : RPOP, key); // as Redis rewrites BLPOP and BRPOP
    return Reply.array(List.of(Reply.bulk(key), Reply.bulk(element)));
  }

  // BRPOPLPUSH source destination timeout
  static Reply brpoplpush(Call c) {
    return blockingMove(c, TAIL, HEAD, 3);
  }

  // BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout: the words before the timeout.
  static Reply blmove(Call c) {
    boolean from = side(c, 3);
    boolean to = side(c, 4);
    return blockingMove(c, from, to, 5);
  }

  /** BLMOVE and BRPOPLPUSH: LMOVE at once when the source has elements, else wait on it. */
  private static Reply blockingMove(Call c, boolean from, boolean to, int timeoutAt) {
    long timeout = Blocking.timeoutArg(c, timeoutAt);
    if (asList(c.db().lookupWrite(c.arg(1))) != null) {
      return movedForReplicas(c, move(c, from, to));
    }
    if (Blocking.mayNotBlock(c)) {
      return Reply.NULL;
    }
    // A timeout answers a null array, as for every blocked pop in 7.0 (not LMOVE's null bulk).
    return Blocking.block(c, List.of(c.arg(1)), timeout, Reply.NULL_ARRAY, ListValue.class,
        (served, key, value) -> movedForReplicas(served, move(served, from, to)));
  }

  /** BLMOVE goes to replicas as LMOVE, BRPOPLPUSH as RPOPLPUSH: without the timeout, as Redis. */
  private static Reply movedForReplicas(Call c, Reply moved) {
    if (c.argc() == 6) {
      c.propagateAs(LMOVE, c.arg(1), c.arg(2), c.arg(3), c.arg(4));
    } else {
      c.propagateAs(RPOPLPUSH, c.arg(1), c.arg(2));
    }
    return moved;
  }

  // BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
  static Reply blmpop(Call c) {
    MultiPop pop = MultiPop.parse(c, 2, "left", "right");
    long timeout = Blocking.timeoutArg(c, 1); // read after the other arguments, as in Redis
    return Blocking.popOrBlock(c, pop.keys(), timeout, ListValue.class, (served, key, value) ->
        popWithKey(served, key, (ListValue) value, pop.first(), pop.count()));
  }

  // ---------------------------------------------------------------- helpers

  /** The list at a key for a read (counts a hit or miss): null when missing, else WRONGTYPE. */
  private static ListValue readList(Call c, byte[] key) {
    return asList(c.db().lookupRead(key));
  }

  private static ListValue asList(Value v) {
    if (v == null || v instanceof ListValue) {
      return (ListValue) v;
    }
    throw Call.error(Errors.WRONGTYPE);
  }

}
