package dev.cortado.command;

import static dev.cortado.command.CommandSpec.BLOCKING;
import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.keyspace.ZSetValue.LexRange;
import dev.cortado.keyspace.ZSetValue.Node;
import dev.cortado.keyspace.ZSetValue.ScoreRange;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands on sorted sets, after Redis 7.0's t_zset.c: the order in which each command parses its
 * arguments, looks its keys up and checks their types is Redis's, because it decides which error a
 * wrong call gets. Scores are read with C's strtod rules ({@link Strtod}) and printed as
 * {@code %.17g} ({@link ZSetValue#formatScore}); a RESP3 client gets them as doubles, and member-score
 * pairs as two-element arrays. A set left empty is deleted ("del" after the command's own event).
 */
final class ZSetCommands {
  private ZSetCommands() {}

  private static final boolean MIN = true;
  private static final boolean MAX = false;

  /** The destination of ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE: key 1, overwritten. */
  private static final KeySpec DESTINATION = KeySpec.index(1).range(0, 1, 0).flags("OW", "update");

  /** Source keys read after a numkeys argument at {@code index}. */
  static KeySpec sources(int index) {
    return KeySpec.index(index).keynum(0, 1, 1).flags("RO", "access");
  }

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ZSetCommands");
      String g = "sorted-set";
      String rangeCost = "O(log(N)+M) with N being the number of elements in the sorted set and M "
          + "the number of elements returned.";
      String rangeLimitCost = "O(log(N)+M) with N being the number of elements in the sorted set "
          + "and M the number of elements being returned. If M is constant (e.g. always asking for "
          + "the first 10 elements with LIMIT), you can consider it O(log(N)).";
      String removeCost = "O(log(N)+M) with N being the number of elements in the sorted set and M "
          + "the number of elements removed by the operation.";
      String logN = "O(log(N)) with N being the number of elements in the sorted set.";
      String popCost = "O(log(N)*M) with N being the number of elements in the sorted set, and M "
          + "being the number of elements popped.";
      String unionCost = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted "
          + "sets, and M being the number of elements in the resulting sorted set.";
      String interCost = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, "
          + "K being the number of input sorted sets and M being the number of elements in the "
          + "resulting sorted set.";
      String diffCost = "O(L + (N-K)log(N)) worst case where L is the total number of elements in "
          + "all the sets, N is the size of the first set, and K is the size of the result set.";
      String random = "nondeterministic_output";

      t.add("zadd", -4, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Add one or more members to a sorted "
          + "set, or update its score if it already exists", "zadd")
          .docs("1.2.0", "O(log(N)) for each item added, where N is the number of elements in the "
              + "sorted set.");
      t.add("zincrby", 4, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Increment the score of a member in a "
          + "sorted set", "zincrby")
          .docs("1.2.0", "O(log(N)) where N is the number of elements in the sorted set.")
          .keySpecFlags("RW", "access", "update");
      t.add("zrem", -3, WRITE | FAST, 1, 1, 1, g, "Remove one or more members from a sorted set",
          "zrem")
          .docs("1.2.0", "O(M*log(N)) with N being the number of elements in the sorted set and M "
              + "the number of elements to be removed.")
          .keySpecFlags("RW", "delete");
      t.add("zscore", 3, READONLY | FAST, 1, 1, 1, g, "Get the score associated with the given "
          + "member in a sorted set", "zscore").docs("1.2.0", "O(1)");
      t.add("zmscore", -3, READONLY | FAST, 1, 1, 1, g, "Get the score associated with the given "
          + "members in a sorted set", "zmscore")
          .docs("6.2.0", "O(N) where N is the number of members being requested.");
      t.add("zcard", 2, READONLY | FAST, 1, 1, 1, g, "Get the number of members in a sorted set",
          "zcard").docs("1.2.0", "O(1)").keySpecFlags("RO");
      t.add("zcount", 4, READONLY | FAST, 1, 1, 1, g, "Count the members in a sorted set with "
          + "scores within the given values", "zcount").docs("2.0.0", logN);
      t.add("zlexcount", 4, READONLY | FAST, 1, 1, 1, g, "Count the number of members in a sorted "
          + "set between a given lexicographical range", "zlexcount").docs("2.8.9", logN);
      t.add("zrank", 3, READONLY | FAST, 1, 1, 1, g, "Determine the index of a member in a sorted "
          + "set", "zrank").docs("2.0.0", "O(log(N))");
      t.add("zrevrank", 3, READONLY | FAST, 1, 1, 1, g, "Determine the index of a member in a "
          + "sorted set, with scores ordered from high to low", "zrevrank").docs("2.0.0", "O(log(N))");
      t.add("zrange", -4, READONLY, 1, 1, 1, g, "Return a range of members in a sorted set",
          "zrange").docs("1.2.0", rangeCost);
      t.add("zrangebyscore", -4, READONLY, 1, 1, 1, g, "Return a range of members in a sorted set, "
          + "by score", "zrangebyscore").docs("1.0.5", rangeLimitCost);
      t.add("zrevrangebyscore", -4, READONLY, 1, 1, 1, g, "Return a range of members in a sorted "
          + "set, by score, with scores ordered from high to low", "zrevrangebyscore")
          .docs("2.2.0", rangeLimitCost);
      t.add("zrangebylex", -4, READONLY, 1, 1, 1, g, "Return a range of members in a sorted set, "
          + "by lexicographical range", "zrangebylex").docs("2.8.9", rangeLimitCost);
      t.add("zrevrangebylex", -4, READONLY, 1, 1, 1, g, "Return a range of members in a sorted "
          + "set, by lexicographical range, ordered from higher to lower strings.", "zrevrangebylex")
          .docs("2.8.9", rangeLimitCost);
      t.add("zrevrange", -4, READONLY, 1, 1, 1, g, "Return a range of members in a sorted set, by "
          + "index, with scores ordered from high to low", "zrevrange").docs("1.2.0", rangeCost);
      t.add("zrangestore", -5, WRITE | DENYOOM, 1, 2, 1, g, "Store a range of members from sorted "
          + "set into another key", "zrangestore")
          .docs("6.2.0", "O(log(N)+M) with N being the number of elements in the sorted set and M "
              + "the number of elements stored into the destination key.")
          .keySpecs(KeySpec.key(1, "OW", "update"), KeySpec.key(2, "RO", "access"));
      t.add("zremrangebyrank", 4, WRITE, 1, 1, 1, g, "Remove all members in a sorted set within "
          + "the given indexes", "zremrangebyrank").docs("2.0.0", removeCost)
          .keySpecFlags("RW", "delete");
      t.add("zremrangebyscore", 4, WRITE, 1, 1, 1, g, "Remove all members in a sorted set within "
          + "the given scores", "zremrangebyscore").docs("1.2.0", removeCost)
          .keySpecFlags("RW", "delete");
      t.add("zremrangebylex", 4, WRITE, 1, 1, 1, g, "Remove all members in a sorted set between "
          + "the given lexicographical range", "zremrangebylex").docs("2.8.9", removeCost)
          .keySpecFlags("RW", "delete");
      t.add("zpopmin", -2, WRITE | FAST, 1, 1, 1, g, "Remove and return members with the lowest "
          + "scores in a sorted set", "zpopmin").docs("5.0.0", popCost)
          .keySpecFlags("RW", "access", "delete");
      t.add("zpopmax", -2, WRITE | FAST, 1, 1, 1, g, "Remove and return members with the highest "
          + "scores in a sorted set", "zpopmax").docs("5.0.0", popCost)
          .keySpecFlags("RW", "access", "delete");
      // The keys follow numkeys, which the (first, last, step) triple cannot say: movablekeys.
      t.add("zmpop", -4, WRITE | MOVABLE_KEYS, 0, 0, 0, g, "Remove and return members with scores "
          + "in a sorted set", "zmpop")
          .docs("7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the "
              + "number of elements in the sorted set, and M being the number of elements popped.")
          .keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RW", "access", "delete"))
          .keysFallback(KeySpec.numkeys(0, 1, 2));
      t.add("bzpopmin", -3, WRITE | NOSCRIPT | BLOCKING | FAST, 1, -2, 1, g, "Remove and return "
          + "the member with the lowest score from one or more sorted sets, or block until one is "
          + "available", "bzpopmin").docs("5.0.0", logN).keySpecFlags("RW", "access", "delete");
      t.add("bzpopmax", -3, WRITE | NOSCRIPT | BLOCKING | FAST, 1, -2, 1, g, "Remove and return "
          + "the member with the highest score from one or more sorted sets, or block until one is "
          + "available", "bzpopmax").docs("5.0.0", logN).keySpecFlags("RW", "access", "delete");
      t.add("bzmpop", -5, WRITE | BLOCKING | MOVABLE_KEYS, 0, 0, 0, g, "Remove and return members "
          + "with scores in a sorted set or block until one is available", "bzmpop")
          .docs("7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the "
              + "number of elements in the sorted set, and M being the number of elements popped.")
          .keySpecs(KeySpec.index(2).keynum(0, 1, 1).flags("RW", "access", "delete"))
          .keysFallback(KeySpec.numkeys(0, 2, 3));
      t.add("zunion", -3, READONLY | MOVABLE_KEYS, 0, 0, 0, g, "Add multiple sorted sets", "zunion")
          .docs("6.2.0", unionCost).keySpecs(sources(1)).keysFallback(KeySpec.numkeys(0, 1, 2));
      t.add("zinter", -3, READONLY | MOVABLE_KEYS, 0, 0, 0, g, "Intersect multiple sorted sets",
          "zinter").docs("6.2.0", interCost).keySpecs(sources(1))
          .keysFallback(KeySpec.numkeys(0, 1, 2));
      t.add("zdiff", -3, READONLY | MOVABLE_KEYS, 0, 0, 0, g, "Subtract multiple sorted sets",
          "zdiff").docs("6.2.0", diffCost).keySpecs(sources(1))
          .keysFallback(KeySpec.numkeys(0, 1, 2));
      t.add("zintercard", -3, READONLY | MOVABLE_KEYS, 0, 0, 0, g, "Intersect multiple sorted sets "
          + "and return the cardinality of the result", "zintercard")
          .docs("7.0.0", "O(N*K) worst case with N being the smallest input sorted set, K being the "
              + "number of input sorted sets.")
          .keySpecs(sources(1)).keysFallback(KeySpec.numkeys(0, 1, 2));
      // The destination is key 1; the sources follow numkeys (Redis's second key spec).
      t.add("zunionstore", -4, WRITE | DENYOOM | MOVABLE_KEYS, 1, 1, 1, g, "Add multiple sorted "
          + "sets and store the resulting sorted set in a new key", "zunionstore")
          .docs("2.0.0", "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted "
              + "sets, and M being the number of elements in the resulting sorted set.")
          .keySpecs(DESTINATION, sources(2)).keysFallback(KeySpec.numkeys(1, 2, 3));
      t.add("zinterstore", -4, WRITE | DENYOOM | MOVABLE_KEYS, 1, 1, 1, g, "Intersect multiple "
          + "sorted sets and store the resulting sorted set in a new key", "zinterstore")
          .docs("2.0.0", interCost).keySpecs(DESTINATION, sources(2))
          .keysFallback(KeySpec.numkeys(1, 2, 3));
      t.add("zdiffstore", -4, WRITE | DENYOOM | MOVABLE_KEYS, 1, 1, 1, g, "Subtract multiple "
          + "sorted sets and store the resulting sorted set in a new key", "zdiffstore")
          .docs("6.2.0", diffCost).keySpecs(DESTINATION, sources(2))
          .keysFallback(KeySpec.numkeys(1, 2, 3));
      t.add("zrandmember", -2, READONLY, 1, 1, 1, g, "Get one or multiple random elements from a "
          + "sorted set", "zrandmember")
          .docs("6.2.0", "O(N) where N is the number of elements returned").tips(random);
      t.add("zscan", -3, READONLY, 1, 1, 1, g, "Incrementally iterate sorted sets elements and "
          + "associated scores", "zscan")
          // The doubled period is Redis's own.
          .docs("2.8.0", "O(1) for every call. O(N) for a complete iteration, including enough "
              + "command calls for the cursor to return back to 0. N is the number of elements "
              + "inside the collection..")
          .tips(random);
    }
  }

  // ---------------------------------------------------------------- ZADD, ZINCRBY

  // ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
  static Reply zadd(Call c) {
    return zaddGeneric(c, false);
  }

  // ZINCRBY key increment member: ZADD INCR, options included (as Redis parses them)
  static Reply zincrby(Call c) {
    return zaddGeneric(c, true);
  }

  /**
   * Redis's zaddGenericCommand: options, then the pair count, the option conflicts, every score,
   * and only then the key. A missing key is created ("new") unless XX; the event ("zadd", or
   * "zincr" with INCR) is sent only when a member was added or its score changed.
   */
  private static Reply zaddGeneric(Call c, boolean incr) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    boolean ch = false;
    int scoreIdx = 2;
    for (; scoreIdx < c.argc(); scoreIdx++) {
      if (c.is(scoreIdx, "nx")) {
        nx = true;
      } else if (c.is(scoreIdx, "xx")) {
        xx = true;
      } else if (c.is(scoreIdx, "ch")) {
        ch = true;
      } else if (c.is(scoreIdx, "incr")) {
        incr = true;
      } else if (c.is(scoreIdx, "gt")) {
        gt = true;
      } else if (c.is(scoreIdx, "lt")) {
        lt = true;
      } else {
        break;
      }
    }
    int elements = c.argc() - scoreIdx;
    if (elements % 2 != 0 || elements == 0) {
      throw Call.error(Errors.SYNTAX);
    }
    elements /= 2;
    if (nx && xx) {
      throw Call.error(Errors.ZADD_NX_AND_XX);
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw Call.error(Errors.ZADD_GT_LT_NX);
    }
    if (incr && elements > 1) {
      throw Call.error(Errors.ZADD_INCR_PAIRS);
    }
    double[] scores = new double[elements];
    for (int j = 0; j < elements; j++) {
      scores[j] = floatArg(c, scoreIdx + 2 * j, Errors.NOT_FLOAT);
    }
    byte[] key = c.arg(1);
    ZSetValue z = asZSet(c.db().lookupWrite(key));
    boolean created = z == null;
    if (created) {
      if (xx) {
        return incr ? Reply.NULL : Reply.ZERO;
      }
      z = new ZSetValue();
    }
    long maxEntries = maxListpackEntries(c);
    long maxValue = maxListpackValue(c);
    long added = 0;
    long updated = 0;
    long processed = 0;
    double result = 0;
    for (int j = 0; j < elements; j++) {
      byte[] member = c.arg(scoreIdx + 1 + 2 * j);
      double score = scores[j];
      Double current = z.score(member);
      if (current != null) {
        if (nx) {
          continue;
        }
        if (incr) {
          score += current;
          if (Double.isNaN(score)) {
            throw Call.error(Errors.SCORE_NAN); // INCR has one pair: nothing changed yet
          }
        }
        if ((lt && score >= current) || (gt && score <= current)) {
          continue;
        }
        if (z.put(member, score, maxEntries, maxValue) == ZSetValue.Change.UPDATED) {
          updated++;
        }
      } else if (!xx) {
        z.put(member, score, maxEntries, maxValue);
        added++;
      } else {
        continue;
      }
      processed++;
      result = score; // as computed: a listpack may store -0 as 0, the reply still says -0
    }
    if (created) {
      c.db().put(key, z);
    } else if (added + updated > 0) {
      c.db().signalModified(key);
    }
    if (added + updated > 0) {
      c.notify(KeyspaceEvents.ZSET, incr ? "zincr" : "zadd", key);
    }
    if (incr) {
      return processed > 0 ? score(result) : Reply.NULL;
    }
    return Reply.integer(ch ? added + updated : added);
  }

  // ---------------------------------------------------------------- reads by member

  // ZREM key member [member ...]
  static Reply zrem(Call c) {
    byte[] key = c.arg(1);
    ZSetValue z = asZSet(c.db().lookupWrite(key));
    if (z == null) {
      return Reply.ZERO;
    }
    long deleted = 0;
    for (int i = 2; i < c.argc() && !z.isEmpty(); i++) {
      if (z.remove(c.arg(i))) {
        deleted++;
      }
    }
    if (deleted > 0) {
      c.notify(KeyspaceEvents.ZSET, "zrem", key);
      c.db().changedInPlace(key, z);
    }
    return Reply.integer(deleted);
  }

  // ZSCORE key member
  static Reply zscore(Call c) {
    ZSetValue z = readZSet(c, c.arg(1));
    Double score = z == null ? null : z.score(c.arg(2));
    return score == null ? Reply.NULL : score(score);
  }

  // ZMSCORE key member [member ...]: a missing key answers a null per member.
  static Reply zmscore(Call c) {
    ZSetValue z = readZSet(c, c.arg(1));
    List<Reply> out = new ArrayList<>(c.argc() - 2);
    for (int i = 2; i < c.argc(); i++) {
      Double score = z == null ? null : z.score(c.arg(i));
      out.add(score == null ? Reply.NULL : score(score));
    }
    return Reply.array(out);
  }

  // ZCARD key
  static Reply zcard(Call c) {
    ZSetValue z = readZSet(c, c.arg(1));
    return Reply.integer(z == null ? 0 : z.size());
  }

  // ZCOUNT key min max: the range is parsed before the key is looked up.
  static Reply zcount(Call c) {
    ScoreRange range = scoreRange(c, 2, 3);
    ZSetValue z = readZSet(c, c.arg(1));
    return Reply.integer(z == null ? 0 : z.count(range));
  }

  // ZLEXCOUNT key min max
  static Reply zlexcount(Call c) {
    LexRange range = lexRange(c, 2, 3);
    ZSetValue z = readZSet(c, c.arg(1));
    return Reply.integer(z == null ? 0 : z.count(range));
  }

  // ZRANK key member
  static Reply zrank(Call c) {
    return rank(c, false);
  }

  // ZREVRANK key member
  static Reply zrevrank(Call c) {
    return rank(c, true);
  }

  private static Reply rank(Call c, boolean reverse) {
    ZSetValue z = readZSet(c, c.arg(1));
    if (z == null) {
      return Reply.NULL;
    }
    long rank = z.rank(c.arg(2));
    if (rank < 0) {
      return Reply.NULL;
    }
    return Reply.integer(reverse ? z.size() - 1 - rank : rank);
  }

  // ---------------------------------------------------------------- ranges

  /** How a ZRANGE variant selects: by index, score or member, or as its options say. */
  private enum By { AUTO, RANK, SCORE, LEX }

  /** ZRANGE's direction: fixed by the variant, or AUTO until a REV option. */
  private enum Direction { AUTO, FORWARD, REVERSE }

  // ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
  static Reply zrange(Call c) {
    return rangeGeneric(c, 1, null, By.AUTO, Direction.AUTO);
  }

  // ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
  static Reply zrangestore(Call c) {
    return rangeGeneric(c, 2, c.arg(1), By.AUTO, Direction.AUTO);
  }

  // ZREVRANGE key start stop [WITHSCORES]
  static Reply zrevrange(Call c) {
    return rangeGeneric(c, 1, null, By.RANK, Direction.REVERSE);
  }

  // ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
  static Reply zrangebyscore(Call c) {
    return rangeGeneric(c, 1, null, By.SCORE, Direction.FORWARD);
  }

  // ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
  static Reply zrevrangebyscore(Call c) {
    return rangeGeneric(c, 1, null, By.SCORE, Direction.REVERSE);
  }

  // ZRANGEBYLEX key min max [LIMIT offset count]
  static Reply zrangebylex(Call c) {
    return rangeGeneric(c, 1, null, By.LEX, Direction.FORWARD);
  }

  // ZREVRANGEBYLEX key max min [LIMIT offset count]
  static Reply zrevrangebylex(Call c) {
    return rangeGeneric(c, 1, null, By.LEX, Direction.REVERSE);
  }

  /**
   * Redis's zrangeGenericCommand: options first (a LIMIT's numbers as they come), then the
   * combinations refused, then the range (a reverse score or lex range is given max first), and
   * only then the key.
   *
   * @param first index of the source key
   * @param destination ZRANGESTORE's destination, or null to reply
   */
  private static Reply rangeGeneric(Call c, int first, byte[] destination, By by,
      Direction direction) {
    boolean store = destination != null;
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = first + 3; j < c.argc(); j++) {
      int left = c.argc() - j - 1;
      if (!store && c.is(j, "withscores")) {
        withScores = true;
      } else if (c.is(j, "limit") && left >= 2) {
        offset = c.longArg(j + 1);
        limit = c.longArg(j + 2);
        j += 2;
      } else if (direction == Direction.AUTO && c.is(j, "rev")) {
        direction = Direction.REVERSE;
      } else if (by == By.AUTO && c.is(j, "bylex")) {
        by = By.LEX;
      } else if (by == By.AUTO && c.is(j, "byscore")) {
        by = By.SCORE;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    boolean reverse = direction == Direction.REVERSE;
    if (by == By.AUTO) {
      by = By.RANK;
    }
    if (limit != -1 && by == By.RANK) { // "LIMIT 0 -1" is no limit, so it passes
      throw Call.error(Errors.LIMIT_NEEDS_BY);
    }
    if (withScores && by == By.LEX) {
      throw Call.error(Errors.WITHSCORES_BYLEX);
    }
    int minIdx = first + 1;
    int maxIdx = first + 2;
    if (reverse && by != By.RANK) {
      minIdx = first + 2;
      maxIdx = first + 1;
    }
    long start = 0;
    long end = 0;
    ScoreRange scores = null;
    LexRange lex = null;
    switch (by) {
      case SCORE -> scores = scoreRange(c, minIdx, maxIdx);
      case LEX -> lex = lexRange(c, minIdx, maxIdx);
      default -> {
        start = c.longArg(minIdx);
        end = c.longArg(maxIdx);
      }
    }
    ZSetValue z = asZSet(c.db().lookupRead(c.arg(first)));
    List<Node> found;
    ZSetValue result = null;
    if (z == null) {
      if (!store) {
        return Reply.EMPTY_ARRAY;
      }
      found = List.of();
    } else if (by == By.RANK) {
      found = byRank(z, start, end, reverse);
      // Redis sizes the destination by the range: more than the listpack limit is a skiplist.
      if (store && found.size() > maxListpackEntries(c)) {
        result = ZSetValue.skiplist();
      }
    } else if (by == By.SCORE) {
      found = byScore(z, scores, offset, limit, reverse);
    } else {
      found = byLex(z, lex, offset, limit, reverse);
    }
    if (!store) {
      return withScores ? pairs(c, found) : members(found);
    }
    if (result == null) {
      result = new ZSetValue();
    }
    long maxEntries = maxListpackEntries(c);
    long maxValue = maxListpackValue(c);
    for (Node n : found) {
      result.put(n.member(), n.score(), maxEntries, maxValue);
    }
    return store(c, destination, result, "zrangestore");
  }

  /** The nodes at ranks start..end (negative from the end), clamped as Redis clamps them. */
  private static List<Node> byRank(ZSetValue z, long start, long end, boolean reverse) {
    long[] range = rankRange(z.size(), start, end);
    if (range == null) {
      return List.of();
    }
    long size = z.size();
    List<Node> out = new ArrayList<>((int) (range[1] - range[0] + 1));
    Node n = z.at(reverse ? size - 1 - range[0] : range[0]);
    for (long i = range[0]; i <= range[1]; i++) {
      out.add(n);
      n = reverse ? n.previous() : n.next();
    }
    return out;
  }

  /**
   * A rank range as ZRANGE and ZREMRANGEBYRANK take it: negative ranks count from the end, start
   * is clamped to 0 and end to the last rank; null when nothing is in it.
   */
  private static long[] rankRange(long size, long start, long end) {
    if (start < 0) {
      start = size + start;
    }
    if (end < 0) {
      end = size + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= size) {
      return null;
    }
    return new long[] {start, Math.min(end, size - 1)};
  }

  /**
   * The nodes in a score range, after skipping {@code offset} of them, at most {@code limit}
   * (negative: no limit). A negative offset walks Redis's loop past the end: nothing.
   */
  private static List<Node> byScore(ZSetValue z, ScoreRange range, long offset, long limit,
      boolean reverse) {
    if (offset < 0 || (offset > 0 && offset >= z.size())) {
      return List.of();
    }
    Node n = reverse ? z.lastInRange(range) : z.firstInRange(range);
    if (n != null && offset > 0) {
      n = z.step(n, offset, reverse);
    }
    List<Node> out = new ArrayList<>();
    for (; n != null && limit-- != 0; n = reverse ? n.previous() : n.next()) {
      if (reverse ? !range.aboveMin(n.score()) : !range.belowMax(n.score())) {
        break;
      }
      out.add(n);
    }
    return out;
  }

  /** The nodes in a member range, as {@link #byScore}. */
  private static List<Node> byLex(ZSetValue z, LexRange range, long offset, long limit,
      boolean reverse) {
    if (offset < 0) {
      return List.of();
    }
    Node n = reverse ? z.lastInRange(range) : z.firstInRange(range);
    if (n != null && offset > 0) {
      n = z.step(n, offset, reverse);
    }
    List<Node> out = new ArrayList<>();
    for (; n != null && limit-- != 0; n = reverse ? n.previous() : n.next()) {
      if (reverse ? !range.aboveMin(n.member()) : !range.belowMax(n.member())) {
        break;
      }
      out.add(n);
    }
    return out;
  }

  // ZREMRANGEBYRANK key start stop
  static Reply zremrangebyrank(Call c) {
    long start = c.longArg(2);
    long end = c.longArg(3);
    byte[] key = c.arg(1);
    ZSetValue z = asZSet(c.db().lookupWrite(key));
    if (z == null) {
      return Reply.ZERO;
    }
    long[] range = rankRange(z.size(), start, end);
    if (range == null) {
      return Reply.ZERO;
    }
    return removed(c, key, z, z.removeRange(range[0], range[1]), "zremrangebyrank");
  }

  // ZREMRANGEBYSCORE key min max
  static Reply zremrangebyscore(Call c) {
    ScoreRange range = scoreRange(c, 2, 3);
    byte[] key = c.arg(1);
    ZSetValue z = asZSet(c.db().lookupWrite(key));
    return z == null ? Reply.ZERO : removed(c, key, z, z.removeRange(range), "zremrangebyscore");
  }

  // ZREMRANGEBYLEX key min max
  static Reply zremrangebylex(Call c) {
    LexRange range = lexRange(c, 2, 3);
    byte[] key = c.arg(1);
    ZSetValue z = asZSet(c.db().lookupWrite(key));
    return z == null ? Reply.ZERO : removed(c, key, z, z.removeRange(range), "zremrangebylex");
  }

  /** After a ZREMRANGEBY*: the event and any "del" when something went; the count. */
  private static Reply removed(Call c, byte[] key, ZSetValue z, long deleted, String event) {
    if (deleted > 0) {
      c.notify(KeyspaceEvents.ZSET, event, key);
      c.db().changedInPlace(key, z);
    }
    return Reply.integer(deleted);
  }

  // ---------------------------------------------------------------- pops

  // ZPOPMIN key [count]
  static Reply zpopmin(Call c) {
    return popCommand(c, MIN);
  }

  // ZPOPMAX key [count]
  static Reply zpopmax(Call c) {
    return popCommand(c, MAX);
  }

  /**
   * ZPOPMIN and ZPOPMAX: a flat [member, score, ...] array, empty for a missing key or a count of
   * 0; with a count, RESP3 nests each pair.
   */
  private static Reply popCommand(Call c, boolean min) {
    if (c.argc() > 3) {
      throw Call.error(Errors.SYNTAX);
    }
    boolean hasCount = c.argc() == 3;
    long count = hasCount ? c.rangeArg(2, 0, Long.MAX_VALUE, Errors.NOT_POSITIVE) : 1;
    byte[] key = c.arg(1);
    ZSetValue z = asZSet(c.db().lookupWrite(key));
    if (z == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    return pop(c, key, z, min, count, false, hasCount && resp3(c));
  }

  /**
   * The pop that ZPOPMIN, ZPOPMAX and ZMPOP share, and BZPOPMIN, BZPOPMAX and BZMPOP can reuse
   * (Redis's genericZpopCommand once it has found its set).
   *
   * <p>Contract: the caller has parsed every argument, looked {@code key} up with
   * {@code lookupWrite} and found {@code z}, a non-empty sorted set, and asks for
   * {@code count >= 1} elements. This pops min(count, size) of them from the low end
   * ({@code min}) or the high end, sends "zpopmin" or "zpopmax", then "del" and deletes the key when
   * the set is left empty (else signals the change for WATCH), and answers:
   * <ul>
   *   <li>neither flag: [member, score, member, score...] (ZPOPMIN; RESP2 with a count too)
   *   <li>{@code nested}: [[member, score], ...] (ZPOPMIN with a count in RESP3)
   *   <li>{@code withKey}: [key, member, score] (BZPOPMIN and BZPOPMAX, which pop one)
   *   <li>both: [key, [[member, score], ...]] (ZMPOP and BZMPOP, in either protocol)
   * </ul>
   * Scores are doubles in RESP3, bulk strings in RESP2.
   */
  static Reply pop(Call c, byte[] key, ZSetValue z, boolean min, long count, boolean withKey,
      boolean nested) {
    long n = Math.min(count, z.size());
    List<Reply> items = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      Node node = min ? z.first() : z.last();
      byte[] member = node.member();
      Reply score = score(node.score());
      z.remove(member);
      if (nested) {
        items.add(Reply.array(List.of(Reply.bulk(member), score)));
      } else {
        items.add(Reply.bulk(member));
        items.add(score);
      }
    }
    c.notify(KeyspaceEvents.ZSET, min ? "zpopmin" : "zpopmax", key);
    c.db().changedInPlace(key, z);
    if (withKey) { // BZPOPMIN, BZPOPMAX, ZMPOP and BZMPOP go to replicas as Redis rewrites them
      byte[] command = min ? ZPOPMIN : ZPOPMAX;
      if (nested) {
        c.propagateAs(command, key, Long.toString(n).getBytes(StandardCharsets.US_ASCII));
      } else {
        c.propagateAs(command, key);
      }
    }
    if (!withKey) {
      return Reply.array(items);
    }
    if (nested) {
      return Reply.array(List.of(Reply.bulk(key), Reply.array(items)));
    }
    List<Reply> flat = new ArrayList<>(items.size() + 1);
    flat.add(Reply.bulk(key));
    flat.addAll(items);
    return Reply.array(flat);
  }

  private static final byte[] ZPOPMIN = {'Z', 'P', 'O', 'P', 'M', 'I', 'N'};
  private static final byte[] ZPOPMAX = {'Z', 'P', 'O', 'P', 'M', 'A', 'X'};

  // ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
  static Reply zmpop(Call c) {
    MultiPop pop = MultiPop.parse(c, 1, "min", "max");
    // The first key that exists decides: another type is WRONGTYPE, later keys are not read.
    for (byte[] key : pop.keys()) {
      ZSetValue z = asZSet(c.db().lookupWrite(key));
      if (z != null) {
        return pop(c, key, z, pop.first(), pop.count(), true, true);
      }
    }
    return Reply.NULL_ARRAY;
  }

  // ---------------------------------------------------------------- blocking pops

  // BZPOPMIN key [key ...] timeout
  static Reply bzpopmin(Call c) {
    return blockingPop(c, MIN);
  }

  // BZPOPMAX key [key ...] timeout
  static Reply bzpopmax(Call c) {
    return blockingPop(c, MAX);
  }

  /** BZPOPMIN and BZPOPMAX: the timeout is read first; a set answers [key, member, score]. */
  private static Reply blockingPop(Call c, boolean min) {
    long timeout = Blocking.timeoutArg(c, c.argc() - 1);
    List<byte[]> keys = List.of(Arrays.copyOfRange(c.args, 1, c.argc() - 1));
    return Blocking.popOrBlock(c, keys, timeout, ZSetValue.class,
        (served, key, value) -> pop(served, key, (ZSetValue) value, min, 1, true, false));
  }

  // BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
  static Reply bzmpop(Call c) {
    MultiPop pop = MultiPop.parse(c, 2, "min", "max");
    long timeout = Blocking.timeoutArg(c, 1); // read after the other arguments, as in Redis
    return Blocking.popOrBlock(c, pop.keys(), timeout, ZSetValue.class, (served, key, value) ->
        pop(served, key, (ZSetValue) value, pop.first(), pop.count(), true, true));
  }

  // ---------------------------------------------------------------- ZUNION, ZINTER, ZDIFF

  private enum SetOp { UNION, INTER, DIFF }

  /** ZUNION/ZINTER's AGGREGATE. */
  private enum Aggregate { SUM, MIN, MAX }

  // ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
  static Reply zunion(Call c) {
    return setOpGeneric(c, null, 1, SetOp.UNION, false);
  }

  // ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
  static Reply zinter(Call c) {
    return setOpGeneric(c, null, 1, SetOp.INTER, false);
  }

  // ZDIFF numkeys key [key ...] [WITHSCORES]
  static Reply zdiff(Call c) {
    return setOpGeneric(c, null, 1, SetOp.DIFF, false);
  }

  // ZINTERCARD numkeys key [key ...] [LIMIT limit]
  static Reply zintercard(Call c) {
    return setOpGeneric(c, null, 1, SetOp.INTER, true);
  }

  // ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
  static Reply zunionstore(Call c) {
    return setOpGeneric(c, c.arg(1), 2, SetOp.UNION, false);
  }

  // ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
  static Reply zinterstore(Call c) {
    return setOpGeneric(c, c.arg(1), 2, SetOp.INTER, false);
  }

  // ZDIFFSTORE destination numkeys key [key ...]
  static Reply zdiffstore(Call c) {
    return setOpGeneric(c, c.arg(1), 2, SetOp.DIFF, false);
  }

  /**
   * One input of ZUNION and friends: a sorted set, a set (every member scores 1), or a missing key
   * (empty), with its weight.
   */
  private static final class Source {
    final Value value;
    double weight = 1;

    Source(Value value) {
      this.value = value;
    }

    int size() {
      if (value instanceof ZSetValue z) {
        return z.size();
      }
      return value instanceof SetValue s ? s.size() : 0;
    }

    /** The member's score (1 in a plain set), or null when absent. */
    Double score(byte[] member) {
      if (value instanceof ZSetValue z) {
        return z.score(member);
      }
      return value instanceof SetValue s && s.contains(member) ? 1.0 : null;
    }

    /** Every member with its score, until the action says to stop. */
    void forEach(MemberScore action) {
      if (value instanceof ZSetValue z) {
        for (Node n = z.first(); n != null; n = n.next()) {
          if (!action.accept(n.member(), n.score())) {
            return;
          }
        }
      } else if (value instanceof SetValue s) {
        for (byte[] member : s.members()) {
          if (!action.accept(member, 1.0)) {
            return;
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface MemberScore {
    /** False stops the walk. */
    boolean accept(byte[] member, double score);
  }

  /** A member as a hash-map key. */
  private record Member(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Member m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /**
   * Redis's zunionInterDiffGenericCommand. numkeys, then every key looked up (another type than a
   * set or sorted set is WRONGTYPE before any option is read), then the options; the result is built
   * as a skiplist, answered in score order or stored (as a listpack if it fits, the destination's
   * old value and TTL replaced; an empty result deletes the destination instead).
   *
   * @param destination the *STORE commands' destination, or null
   * @param numKeysIdx where numkeys is
   * @param cardinalityOnly ZINTERCARD: count the intersection, up to LIMIT
   */
  private static Reply setOpGeneric(Call c, byte[] destination, int numKeysIdx, SetOp op,
      boolean cardinalityOnly) {
    long numKeys = c.longArg(numKeysIdx);
    if (numKeys < 1) {
      throw Call.error(Errors.atLeastOneInputKey(c.spec.name));
    }
    if (numKeys > c.argc() - (numKeysIdx + 1)) {
      throw Call.error(Errors.SYNTAX);
    }
    int setnum = (int) numKeys;
    List<Source> sources = new ArrayList<>(setnum);
    int j = numKeysIdx + 1;
    for (int i = 0; i < setnum; i++, j++) {
      Value v = c.db().lookupRead(c.arg(j));
      if (v != null && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
        throw Call.error(Errors.WRONGTYPE);
      }
      sources.add(new Source(v));
    }
    Aggregate aggregate = Aggregate.SUM;
    boolean withScores = false;
    long limit = 0;
    boolean weighted = op != SetOp.DIFF && !cardinalityOnly;
    for (int remaining = c.argc() - j; remaining > 0; remaining = c.argc() - j) {
      if (weighted && remaining >= setnum + 1 && c.is(j, "weights")) {
        j++;
        for (Source s : sources) {
          s.weight = floatArg(c, j++, Errors.WEIGHT_NOT_FLOAT);
        }
      } else if (weighted && remaining >= 2 && c.is(j, "aggregate")) {
        j++;
        if (c.is(j, "sum")) {
          aggregate = Aggregate.SUM;
        } else if (c.is(j, "min")) {
          aggregate = Aggregate.MIN;
        } else if (c.is(j, "max")) {
          aggregate = Aggregate.MAX;
        } else {
          throw Call.error(Errors.SYNTAX);
        }
        j++;
      } else if (destination == null && !cardinalityOnly && c.is(j, "withscores")) {
        j++;
        withScores = true;
      } else if (cardinalityOnly && remaining >= 2 && c.is(j, "limit")) {
        limit = c.rangeArg(j + 1, 0, Long.MAX_VALUE, Errors.LIMIT_NEGATIVE);
        j += 2;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    if (op != SetOp.DIFF) {
      // Smallest first, ties in argument order (glibc's qsort is a merge sort here: stable). The
      // order matters: it is the order in which scores are added up.
      sources.sort(Comparator.comparingInt(Source::size));
    }
    ZSetValue result = ZSetValue.skiplist();
    long cardinality;
    switch (op) {
      case INTER -> cardinality = intersect(sources, aggregate, cardinalityOnly, limit, result);
      case UNION -> {
        union(sources, aggregate, result);
        cardinality = result.size();
      }
      default -> {
        difference(sources, result);
        cardinality = result.size();
      }
    }
    if (cardinalityOnly) {
      return Reply.integer(cardinality);
    }
    if (destination != null) {
      result.fitEncoding(maxListpackEntries(c), maxListpackValue(c));
      String event = switch (op) {
        case UNION -> "zunionstore";
        case INTER -> "zinterstore";
        default -> "zdiffstore";
      };
      return store(c, destination, result, event);
    }
    List<Node> nodes = new ArrayList<>(result.size());
    for (Node n = result.first(); n != null; n = n.next()) {
      nodes.add(n);
    }
    return withScores ? pairs(c, nodes) : members(nodes);
  }

  /**
   * The members of the smallest input found in all the others, each score the first input's
   * (weighted) aggregated with the others' in input order. Returns how many there are.
   */
  private static long intersect(List<Source> sources, Aggregate aggregate,
      boolean cardinalityOnly, long limit, ZSetValue result) {
    Source first = sources.get(0);
    long[] cardinality = {0};
    // Redis walks the smallest input from its highest member down, which nothing shows: the
    // scores do not depend on it, nor does LIMIT's count.
    first.forEach((member, own) -> {
      double score = nanToZero(first.weight * own);
      for (int k = 1; k < sources.size(); k++) {
        Source other = sources.get(k);
        double value;
        if (other.value == first.value) {
          value = own * other.weight;
        } else {
          Double found = other.score(member);
          if (found == null) {
            return true;
          }
          value = found * other.weight;
        }
        score = aggregate(score, value, aggregate);
      }
      cardinality[0]++;
      if (cardinalityOnly) {
        return limit == 0 || cardinality[0] < limit;
      }
      result.put(member, score, Long.MAX_VALUE, Long.MAX_VALUE);
      return true;
    });
    return cardinality[0];
  }

  /** Every member of any input, each score aggregated over the inputs that have it, in order. */
  private static void union(List<Source> sources, Aggregate aggregate, ZSetValue result) {
    Map<Member, double[]> accumulator = new HashMap<>();
    List<byte[]> order = new ArrayList<>();
    for (Source s : sources) {
      s.forEach((member, own) -> {
        double score = nanToZero(s.weight * own);
        double[] total = accumulator.get(new Member(member));
        if (total == null) {
          accumulator.put(new Member(member), new double[] {score});
          order.add(member);
        } else {
          total[0] = aggregate(total[0], score, aggregate);
        }
        return true;
      });
    }
    for (byte[] member : order) {
      result.put(member, accumulator.get(new Member(member))[0], Long.MAX_VALUE, Long.MAX_VALUE);
    }
  }

  /**
   * The first input's members that no other input has, with their own scores; nothing when the
   * first key is named again. Redis's two algorithms give the same members, so the cheaper by its
   * estimate is taken: look each member of the first up in the others, or add the first whole and
   * remove the others' members.
   */
  private static void difference(List<Source> sources, ZSetValue result) {
    Source first = sources.get(0);
    if (first.size() == 0) {
      return;
    }
    long lookupWork = 0;
    long removeWork = 0;
    for (int k = 0; k < sources.size(); k++) {
      if (k > 0 && sources.get(k).value == first.value) {
        return;
      }
      lookupWork += first.size();
      removeWork += sources.get(k).size();
    }
    if (lookupWork / 2 <= removeWork) {
      first.forEach((member, score) -> {
        for (int k = 1; k < sources.size(); k++) {
          if (sources.get(k).score(member) != null) {
            return true;
          }
        }
        result.put(member, score, Long.MAX_VALUE, Long.MAX_VALUE);
        return true;
      });
      return;
    }
    first.forEach((member, score) -> {
      result.put(member, score, Long.MAX_VALUE, Long.MAX_VALUE);
      return true;
    });
    for (int k = 1; k < sources.size() && !result.isEmpty(); k++) {
      sources.get(k).forEach((member, score) -> {
        result.remove(member);
        return !result.isEmpty();
      });
    }
  }

  /** Redis's zunionInterAggregate: a SUM that is NaN (inf - inf) becomes 0. */
  private static double aggregate(double target, double value, Aggregate aggregate) {
    return switch (aggregate) {
      case SUM -> nanToZero(target + value);
      case MIN -> value < target ? value : target;
      case MAX -> value > target ? value : target;
    };
  }

  private static double nanToZero(double d) {
    return Double.isNaN(d) ? 0 : d;
  }

  /**
   * A store's end (ZRANGESTORE, ZUNIONSTORE...): a non-empty result replaces the destination
   * (whatever it held, and its TTL) with the command's event; an empty one deletes it, with "del"
   * if it existed. Replies with the result's size.
   */
  private static Reply store(Call c, byte[] destination, ZSetValue result, String event) {
    if (result.isEmpty()) {
      if (c.db().remove(destination) != null) {
        c.notify(KeyspaceEvents.GENERIC, "del", destination);
      }
      return Reply.ZERO;
    }
    c.db().put(destination, result);
    c.notify(KeyspaceEvents.ZSET, event, destination);
    return Reply.integer(result.size());
  }

  // ---------------------------------------------------------------- ZRANDMEMBER, ZSCAN

  // ZRANDMEMBER key [count [WITHSCORES]]
  static Reply zrandmember(Call c) {
    if (c.argc() == 2) {
      ZSetValue z = readZSet(c, c.arg(1));
      return z == null ? Reply.NULL
          : Reply.bulk(z.at(c.server.random.nextInt(z.size())).member());
    }
    // The count, then the syntax, then WITHSCORES' range, all before the lookup.
    long count = c.rangeArg(2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
    if (c.argc() > 4 || (c.argc() == 4 && !c.is(3, "withscores"))) {
      throw Call.error(Errors.SYNTAX);
    }
    boolean withScores = c.argc() == 4;
    if (withScores && (count < Long.MIN_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
      throw Call.error(Errors.VALUE_OUT_OF_RANGE);
    }
    ZSetValue z = readZSet(c, c.arg(1));
    if (z == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    long maxRepeats = RandomPicks.MAX_REPEATED_PICKS / (withScores ? 2 : 1);
    // A count of 1 is one pick of the negative kind (t_zset.c's case 1); a count reaching the size
    // is the whole set, which Redis walks from the highest score down.
    List<Node> picks = RandomPicks.sample(count == 1 ? -1 : count, z.size(), z::at,
        () -> descending(z), maxRepeats, c.server.random);
    return withScores ? pairs(c, picks) : members(picks);
  }

  private static List<Node> descending(ZSetValue z) {
    List<Node> out = new ArrayList<>(z.size());
    for (Node n = z.last(); n != null; n = n.previous()) {
      out.add(n);
    }
    return out;
  }

  // ZSCAN key cursor [MATCH pattern] [COUNT count]
  static Reply zscan(Call c) {
    long cursor = c.cursorArg(2);
    ZSetValue z = readZSet(c, c.arg(1));
    if (z == null) {
      return KeyCommands.scanReply(0, Reply.EMPTY_ARRAY); // options unread, as in Redis
    }
    KeyCommands.ScanOptions options = KeyCommands.scanOptions(c, 3, false);
    ZSetValue.ScanPage page = z.scan(cursor, options.count(), options::matches);
    return KeyCommands.scanReply(page.cursor(), Reply.bulks(page.membersAndScores()));
  }

  // ---------------------------------------------------------------- arguments

  /**
   * A score, increment or weight as Redis's getDoubleFromObject reads it (string2d): the whole
   * argument one finite-or-"inf" number, not NaN; else {@code error}.
   */
  private static double floatArg(Call c, int i, String error) {
    double d = Strtod.string2d(c.arg(i));
    if (Double.isNaN(d)) {
      throw Call.error(error);
    }
    return d;
  }

  /** zslParseRange: "(" makes an end exclusive; strtod reads the rest; NaN is refused. */
  private static ScoreRange scoreRange(Call c, int minIdx, int maxIdx) {
    byte[] min = c.arg(minIdx);
    byte[] max = c.arg(maxIdx);
    boolean minExclusive = min.length > 0 && min[0] == '(';
    boolean maxExclusive = max.length > 0 && max[0] == '(';
    double lo = Strtod.bound(min, minExclusive ? 1 : 0);
    double hi = Strtod.bound(max, maxExclusive ? 1 : 0);
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      throw Call.error(Errors.MIN_MAX_NOT_FLOAT);
    }
    return new ScoreRange(lo, minExclusive, hi, maxExclusive);
  }

  /** zslParseLexRange: each end "[x", "(x", "-" or "+" (these two alone, up to a NUL). */
  private static LexRange lexRange(Call c, int minIdx, int maxIdx) {
    byte[] min = c.arg(minIdx);
    byte[] max = c.arg(maxIdx);
    byte[] lo = lexBound(min);
    byte[] hi = lexBound(max);
    if (lo == null || hi == null) {
      throw Call.error(Errors.MIN_MAX_NOT_STRING);
    }
    return new LexRange(lo, lo == LexRange.MINUS || lo == LexRange.PLUS || min[0] == '(',
        hi, hi == LexRange.MINUS || hi == LexRange.PLUS || max[0] == '(');
  }

  /** One lex bound: its string, a sentinel, or null when invalid. */
  private static byte[] lexBound(byte[] arg) {
    if (arg.length == 0) {
      return null;
    }
    switch (arg[0]) {
      case '+':
        return arg.length == 1 || arg[1] == 0 ? LexRange.PLUS : null;
      case '-':
        return arg.length == 1 || arg[1] == 0 ? LexRange.MINUS : null;
      case '(':
      case '[':
        return Arrays.copyOfRange(arg, 1, arg.length);
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The sorted set at a key for a read (counts a hit or miss): null when missing, else WRONGTYPE. */
  private static ZSetValue readZSet(Call c, byte[] key) {
    return asZSet(c.db().lookupRead(key));
  }

  private static ZSetValue asZSet(Value v) {
    if (v == null || v instanceof ZSetValue) {
      return (ZSetValue) v;
    }
    throw Call.error(Errors.WRONGTYPE);
  }

  private static long maxListpackEntries(Call c) {
    return c.server.config.number("zset-max-listpack-entries");
  }

  private static long maxListpackValue(Call c) {
    return c.server.config.number("zset-max-listpack-value");
  }

  private static boolean resp3(Call c) {
    return c.connection.protocol == Reply.RESP3;
  }

  /** A score: a double in RESP3, a bulk string in RESP2. */
  private static Reply score(double score) {
    return Reply.dbl(ZSetValue.formatScore(score));
  }

  private static Reply members(List<Node> nodes) {
    List<Reply> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      out.add(Reply.bulk(n.member()));
    }
    return Reply.array(out);
  }

  /** WITHSCORES: member, score, member, score... in RESP2; [member, score] pairs in RESP3. */
  private static Reply pairs(Call c, List<Node> nodes) {
    boolean nested = resp3(c);
    List<Reply> out = new ArrayList<>(nested ? nodes.size() : nodes.size() * 2);
    for (Node n : nodes) {
      Reply member = Reply.bulk(n.member());
      Reply score = score(n.score());
      if (nested) {
        out.add(Reply.array(List.of(member, score)));
      } else {
        out.add(member);
        out.add(score);
      }
    }
    return Reply.array(out);
  }
}
