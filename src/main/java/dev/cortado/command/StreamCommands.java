package dev.cortado.command;

import static dev.cortado.command.CommandSpec.BLOCKING;
import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.STALE;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.StreamValue;
import dev.cortado.keyspace.StreamValue.Consumer;
import dev.cortado.keyspace.StreamValue.Entry;
import dev.cortado.keyspace.StreamValue.Group;
import dev.cortado.keyspace.StreamValue.Id;
import dev.cortado.keyspace.StreamValue.Parsed;
import dev.cortado.keyspace.StreamValue.Pending;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Commands on streams, after Redis 7.0's t_stream.c: the order in which each command parses its
 * arguments, looks its key up and checks its type is Redis's, because it decides which error a
 * wrong call gets. IDs from {@code *}, delivery and idle times all come from the server's clock.
 * A stream left without entries stays (XDEL and XTRIM never delete the key).
 */
final class StreamCommands {
  private StreamCommands() {}

  /** Redis's XREAD_BLOCKED_DEFAULT_COUNT: a blocked XREAD without COUNT gets at most this many. */
  private static final long BLOCKED_DEFAULT_COUNT = 1000;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("StreamCommands");
      String g = "stream";
      String random = "nondeterministic_output";
      t.add("xadd", -5, WRITE | DENYOOM | FAST, 1, 1, 1, g, "Appends a new entry to a stream",
          "xadd").docs("5.0.0", "O(1) when adding a new entry, O(N) when trimming where N being the "
              + "number of entries evicted.").tips(random)
          .keySpecs(KeySpec.key(1, "RW", "update")
              .notes("UPDATE instead of INSERT because of the optional trimming feature"));
      t.add("xrange", -4, READONLY, 1, 1, 1, g, "Return a range of elements in a stream, with IDs "
          + "matching the specified IDs interval", "xrange")
          .docs("5.0.0", "O(N) with N being the number of elements being returned. If N is constant "
              + "(e.g. always asking for the first 10 elements with COUNT), you can consider it "
              + "O(1).").keySpecFlags("RO", "access");
      t.add("xrevrange", -4, READONLY, 1, 1, 1, g, "Return a range of elements in a stream, with "
          + "IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) "
          + "compared to XRANGE", "xrevrange")
          .docs("5.0.0", "O(N) with N being the number of elements returned. If N is constant (e.g. "
              + "always asking for the first 10 elements with COUNT), you can consider it O(1).")
          .keySpecFlags("RO", "access");
      t.add("xlen", 2, READONLY | FAST, 1, 1, 1, g, "Return the number of entries in a stream",
          "xlen").docs("5.0.0", "O(1)").keySpecFlags("RO");
      t.add("xdel", -3, WRITE | FAST, 1, 1, 1, g, "Removes the specified entries from the stream. "
          + "Returns the number of items actually deleted, that may be different from the number of "
          + "IDs passed in case certain IDs do not exist.", "xdel")
          .docs("5.0.0", "O(1) for each single item to delete in the stream, regardless of the "
              + "stream size.").keySpecFlags("RW", "delete");
      t.add("xtrim", -4, WRITE, 1, 1, 1, g, "Trims the stream to (approximately if '~' is passed) "
          + "a certain size", "xtrim")
          .docs("5.0.0", "O(N), with N being the number of evicted entries. Constant times are very "
              + "small however, since entries are organized in macro nodes containing multiple "
              + "entries that can be released with a single deallocation.")
          .tips(random).keySpecFlags("RW", "delete");
      t.add("xsetid", -3, WRITE | DENYOOM | FAST, 1, 1, 1, g, "An internal command for replicating "
          + "stream values", "xsetid").docs("5.0.0", "O(1)").keySpecFlags("RW", "update");
      t.add("xread", -4, READONLY | BLOCKING | MOVABLE_KEYS, 0, 0, 0, g, "Return never seen "
          + "elements in multiple streams, with IDs greater than the ones reported by the caller "
          + "for each stream. Can block.", "xread")
          .docs("5.0.0", "For each stream mentioned: O(N) with N being the number of elements being "
              + "returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the "
              + "BLOCK option is used, XADD will pay O(M) time in order to serve the M clients "
              + "blocked on the stream getting new data.").keySpecFlags("RO", "access")
          .keySpecs(KeySpec.keyword("STREAMS", 1).range(-1, 1, 2).flags("RO", "access"))
          .keysFallback(KeySpec.streamKeys());
      t.add("xreadgroup", -7, WRITE | BLOCKING | MOVABLE_KEYS, 0, 0, 0, g, "Return new entries "
          + "from a stream using a consumer group, or access the history of the pending entries for "
          + "a given consumer. Can block.", "xreadgroup")
          .docs("5.0.0", "For each stream mentioned: O(M) with M being the number of elements "
              + "returned. If M is constant (e.g. always asking for the first 10 elements with "
              + "COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD "
              + "will pay the O(N) time in order to serve the N clients blocked on the stream "
              + "getting new data.").keySpecFlags("RO", "access")
          .keySpecs(KeySpec.keyword("STREAMS", 4).range(-1, 1, 2).flags("RO", "access"))
          .keysFallback(KeySpec.streamKeys());
      t.add("xack", -4, WRITE | FAST, 1, 1, 1, g, "Marks a pending message as correctly processed, "
          + "effectively removing it from the pending entries list of the consumer group. Return "
          + "value of the command is the number of messages successfully acknowledged, that is, the "
          + "IDs we were actually able to resolve in the PEL.", "xack")
          .docs("5.0.0", "O(1) for each message ID processed.").keySpecFlags("RW", "update");
      t.add("xpending", -3, READONLY, 1, 1, 1, g, "Return information and entries from a stream "
          + "consumer group pending entries list, that are messages fetched but never "
          + "acknowledged.", "xpending")
          .docs("5.0.0", "O(N) with N being the number of elements returned, so asking for a small "
              + "fixed number of entries per call is O(1). O(M), where M is the total number of "
              + "entries scanned when used with the IDLE filter. When the command returns just the "
              + "summary and the list of consumers is small, it runs in O(1) time; otherwise, an "
              + "additional O(N) time for iterating every consumer.")
          .tips(random).keySpecFlags("RO", "access");
      t.add("xclaim", -6, WRITE | FAST, 1, 1, 1, g, "Changes (or acquires) ownership of a message "
          + "in a consumer group, as if the message was delivered to the specified consumer.",
          "xclaim").docs("5.0.0", "O(log N) with N being the number of messages in the PEL of the "
              + "consumer group.").tips(random).keySpecFlags("RW", "update");
      t.add("xautoclaim", -6, WRITE | FAST, 1, 1, 1, g, "Changes (or acquires) ownership of "
          + "messages in a consumer group, as if the messages were delivered to the specified "
          + "consumer.", "xautoclaim").docs("6.2.0", "O(1) if COUNT is small.").tips(random)
          .keySpecFlags("RW", "delete");
      // Subcommands in the order Redis lists them (its dict order), as COMMAND INFO shows them.
      t.container("xgroup", g, "A container for consumer groups commands").docs("5.0.0",
          "Depends on subcommand.");
      t.sub("xgroup", "create", -5, WRITE | DENYOOM, 2, 2, 1, "Create a consumer group.",
          "xgroupCreate").docs("5.0.0", "O(1)").keySpecFlags("RW", "insert");
      t.sub("xgroup", "createconsumer", 5, WRITE | DENYOOM, 2, 2, 1, "Create a consumer in a "
          + "consumer group.", "xgroupCreateconsumer").docs("6.2.0", "O(1)")
          .keySpecFlags("RW", "insert");
      t.sub("xgroup", "delconsumer", 5, WRITE, 2, 2, 1, "Delete a consumer from a consumer group.",
          "xgroupDelconsumer").docs("5.0.0", "O(1)").keySpecFlags("RW", "delete");
      t.sub("xgroup", "help", 2, LOADING | STALE, 0, 0, 0, "Show helpful text about the different "
          + "subcommands", "xgroupHelp").docs("5.0.0", "O(1)");
      t.sub("xgroup", "setid", -5, WRITE, 2, 2, 1, "Set a consumer group to an arbitrary last "
          + "delivered ID value.", "xgroupSetid").docs("5.0.0", "O(1)")
          .keySpecFlags("RW", "update");
      t.sub("xgroup", "destroy", 4, WRITE, 2, 2, 1, "Destroy a consumer group.", "xgroupDestroy")
          .docs("5.0.0", "O(N) where N is the number of entries in the group's pending entries list "
              + "(PEL).").keySpecFlags("RW", "delete");
      t.container("xinfo", g, "A container for stream introspection commands").docs("5.0.0",
          "Depends on subcommand.");
      t.sub("xinfo", "stream", -3, READONLY, 2, 2, 1, "Get information about a stream",
          "xinfoStream").docs("5.0.0", "O(1)").keySpecFlags("RO", "access");
      t.sub("xinfo", "help", 2, LOADING | STALE, 0, 0, 0, "Show helpful text about the different "
          + "subcommands", "xinfoHelp").docs("5.0.0", "O(1)");
      t.sub("xinfo", "groups", 3, READONLY, 2, 2, 1, "List the consumer groups of a stream",
          "xinfoGroups").docs("5.0.0", "O(1)").keySpecFlags("RO", "access");
      t.sub("xinfo", "consumers", 4, READONLY, 2, 2, 1, "List the consumers in a consumer group",
          "xinfoConsumers").docs("5.0.0", "O(1)").tips(random).keySpecFlags("RO", "access");
    }
  }

  // ---------------------------------------------------------------- XADD, XTRIM

  private static final int TRIM_NONE = 0;
  private static final int TRIM_MAXLEN = 1;
  private static final int TRIM_MINID = 2;

  /** XADD's and XTRIM's options, as Redis's streamParseAddOrTrimArgsOrReply leaves them. */
  private static final class AddArgs {
    boolean noMkStream;
    int strategy = TRIM_NONE;
    boolean approx;
    long limit;
    long maxlen;
    Id minId = Id.MIN;
    Id id;
    boolean seqGiven = true;
    /** Where the ID is (XADD): the fields follow it. */
    int idPos;
    /** Where "~" and the MAXLEN or MINID threshold are, rewritten for replicas. */
    int approxPos;
    int thresholdPos;
  }

  private static AddArgs parseAddOrTrim(Call c, boolean xadd) {
    AddArgs a = new AddArgs();
    boolean limitGiven = false;
    int i = 2;
    for (; i < c.argc(); i++) {
      int more = c.argc() - 1 - i;
      byte[] opt = c.arg(i);
      if (xadd && opt.length >= 1 && opt[0] == '*' && (opt.length == 1 || opt[1] == 0)) {
        break; // an automatic ID
      } else if (c.is(i, "maxlen") && more > 0) {
        if (a.strategy != TRIM_NONE) {
          throw Call.error(Errors.XTRIM_MAXLEN_AND_MINID);
        }
        a.approx = false;
        if (more >= 2 && isWord(c.arg(i + 1), '~')) {
          a.approx = true;
          a.approxPos = ++i;
        } else if (more >= 2 && isWord(c.arg(i + 1), '=')) {
          i++;
        }
        a.thresholdPos = i + 1;
        a.maxlen = c.longArg(i + 1);
        if (a.maxlen < 0) {
          throw Call.error(Errors.XTRIM_MAXLEN_NEGATIVE);
        }
        i++;
        a.strategy = TRIM_MAXLEN;
      } else if (c.is(i, "minid") && more > 0) {
        if (a.strategy != TRIM_NONE) {
          throw Call.error(Errors.XTRIM_MAXLEN_AND_MINID);
        }
        a.approx = false;
        if (more >= 2 && isWord(c.arg(i + 1), '~')) {
          a.approx = true;
          a.approxPos = ++i;
        } else if (more >= 2 && isWord(c.arg(i + 1), '=')) {
          i++;
        }
        a.thresholdPos = i + 1;
        a.minId = strictId(c.arg(i + 1));
        i++;
        a.strategy = TRIM_MINID;
      } else if (c.is(i, "limit") && more > 0) {
        a.limit = c.longArg(i + 1);
        if (a.limit < 0) {
          throw Call.error(Errors.XTRIM_LIMIT_NEGATIVE);
        }
        limitGiven = true;
        i++;
      } else if (xadd && c.is(i, "nomkstream")) {
        a.noMkStream = true;
      } else if (xadd) {
        Parsed p = Id.parse(opt, 0, true, true);
        if (p == null) {
          throw Call.error(Errors.INVALID_STREAM_ID);
        }
        a.id = p.id();
        a.seqGiven = p.seqGiven();
        break;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    if (a.limit != 0 && a.strategy == TRIM_NONE) {
      throw Call.error(Errors.XTRIM_LIMIT_NO_STRATEGY);
    }
    if (!xadd && a.strategy == TRIM_NONE) {
      throw Call.error(Errors.XTRIM_NO_STRATEGY);
    }
    if (c.server.replaying) {
      // The primary's form: its trim made exact, so the replica trims to the same entries.
      a.limit = 0;
    } else if (limitGiven) {
      if (!a.approx) {
        throw Call.error(Errors.XTRIM_LIMIT_WITHOUT_TILDE);
      }
    } else {
      // Approximate trimming does at most 100 nodes' worth of work unless told otherwise.
      a.limit = a.approx ? 100 * c.server.config.number("stream-node-max-entries") : 0;
    }
    a.idPos = i;
    return a;
  }

  private static boolean isWord(byte[] arg, char c) {
    return arg.length >= 1 && arg[0] == c && (arg.length == 1 || arg[1] == 0);
  }

  // XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [...]
  static Reply xadd(Call c) {
    AddArgs a = parseAddOrTrim(c, true);
    int fieldPos = a.idPos + 1;
    int fieldArgs = c.argc() - fieldPos;
    if (fieldArgs < 2 || fieldArgs % 2 == 1) {
      throw Call.error(Errors.wrongArity(c.spec.name));
    }
    if (a.id != null && a.seqGiven && a.id.isZero()) {
      throw Call.error(Errors.XADD_ID_ZERO);
    }
    byte[] key = c.arg(1);
    StreamValue s = asStream(c.db().lookupWrite(key));
    boolean created = false;
    if (s == null) {
      if (a.noMkStream) {
        return Reply.NULL;
      }
      s = new StreamValue();
      c.db().put(key, s);
      created = true;
    }
    Id last = s.lastId();
    if (last.ms() == -1L && last.seq() == -1L) {
      throw Call.error(Errors.XADD_EXHAUSTED);
    }
    Id id;
    if (a.id == null) {
      long now = c.now();
      id = Long.compareUnsigned(now, last.ms()) > 0 ? new Id(now, 0) : last.next();
    } else if (!a.seqGiven && a.id.ms() == last.ms()) {
      if (last.seq() == -1L) {
        throw Call.error(Errors.XADD_TOO_LARGE);
      }
      id = new Id(last.ms(), last.seq() + 1);
    } else {
      id = a.id;
    }
    if (id.compareTo(last) <= 0) {
      throw Call.error(Errors.XADD_ID_TOO_SMALL);
    }
    byte[][] fields = Arrays.copyOfRange(c.args, fieldPos, c.argc());
    long total = 0;
    for (byte[] f : fields) {
      total += f.length;
    }
    if (total > (1L << 30)) {
      throw Call.error(Errors.XADD_TOO_LARGE);
    }
    s.append(id, fields, c.server.config.number("stream-node-max-entries"),
        c.server.config.number("stream-node-max-bytes"));
    if (!created) {
      c.db().signalModified(key);
    }
    c.notify(KeyspaceEvents.STREAM, "xadd", key);
    if (a.strategy != TRIM_NONE && trim(s, a) > 0) {
      c.notify(KeyspaceEvents.STREAM, "xtrim", key);
    }
    c.db().signalKeyAsReady(key);
    // Replicas get the ID it chose and an approximate trim made exact, as Redis rewrites them.
    byte[][] shipped = c.args.clone();
    if (a.id == null || !a.seqGiven) {
      shipped[a.idPos] = id.bytes();
    }
    c.propagateAs(approximateMadeExact(shipped, s, a));
    return Reply.bulk(id.bytes());
  }

  private static long trim(StreamValue s, AddArgs a) {
    return s.trim(a.strategy == TRIM_MAXLEN, a.maxlen, a.minId, a.approx, a.limit);
  }

  // XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
  static Reply xtrim(Call c) {
    AddArgs a = parseAddOrTrim(c, false);
    byte[] key = c.arg(1);
    StreamValue s = asStream(c.db().lookupWrite(key));
    if (s == null) {
      return Reply.ZERO;
    }
    long deleted = trim(s, a);
    if (deleted > 0) {
      c.notify(KeyspaceEvents.STREAM, "xtrim", key);
      c.db().signalModified(key);
      c.propagateAs(approximateMadeExact(c.args.clone(), s, a));
    }
    return Reply.integer(deleted);
  }

  private static final byte[] EXACT = {'='};

  /**
   * An approximate trim as Redis propagates it (streamRewriteApproxSpecifier and
   * streamRewriteTrimArgument): "=" for "~", and the threshold where the trim stopped, the length
   * left (MAXLEN) or the first entry left (MINID), so the replica keeps the same entries.
   */
  private static byte[][] approximateMadeExact(byte[][] shipped, StreamValue s, AddArgs a) {
    if (a.approx) {
      shipped[a.approxPos] = EXACT;
      if (a.strategy == TRIM_MAXLEN) {
        shipped[a.thresholdPos] = Long.toString(s.length()).getBytes(StandardCharsets.US_ASCII);
      } else {
        Entry first = s.first();
        shipped[a.thresholdPos] = (first == null ? Id.MAX : first.id()).bytes();
      }
    }
    return shipped;
  }

  // ---------------------------------------------------------------- reads

  // XRANGE key start end [COUNT count]
  static Reply xrange(Call c) {
    return range(c, false);
  }

  // XREVRANGE key end start [COUNT count]
  static Reply xrevrange(Call c) {
    return range(c, true);
  }

  private static Reply range(Call c, boolean reverse) {
    Id start = intervalStart(c.arg(reverse ? 3 : 2));
    Id end = intervalEnd(c.arg(reverse ? 2 : 3));
    long count = -1;
    for (int j = 4; j < c.argc(); j++) {
      if (c.is(j, "count") && c.argc() - j - 1 >= 1) {
        count = Math.max(0, c.longArg(j + 1));
        j++;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    StreamValue s = asStream(c.db().lookupRead(c.arg(1)));
    if (s == null) {
      return Reply.EMPTY_ARRAY;
    }
    if (count == 0) {
      return Reply.NULL_ARRAY; // 7.0's answer to COUNT 0 (or below) on a stream
    }
    return entries(s.range(start, end, count == -1 ? 0 : count, reverse));
  }

  /** A range's start: "(" makes it exclusive (then "-" and "+" are invalid). */
  private static Id intervalStart(byte[] arg) {
    if (arg.length > 1 && arg[0] == '(') {
      Id id = strictId(Arrays.copyOfRange(arg, 1, arg.length));
      Id next = id.next();
      if (next == null) {
        throw Call.error(Errors.XRANGE_INVALID_START);
      }
      return next;
    }
    return id(arg, 0);
  }

  private static Id intervalEnd(byte[] arg) {
    if (arg.length > 1 && arg[0] == '(') {
      Parsed p = Id.parse(Arrays.copyOfRange(arg, 1, arg.length), -1L, true, false);
      if (p == null) {
        throw Call.error(Errors.INVALID_STREAM_ID);
      }
      Id previous = p.id().previous();
      if (previous == null) {
        throw Call.error(Errors.XRANGE_INVALID_END);
      }
      return previous;
    }
    return id(arg, -1L);
  }

  /** An ID where "-" and "+" are allowed, with the given missing sequence. */
  private static Id id(byte[] arg, long missingSeq) {
    Parsed p = Id.parse(arg, missingSeq, false, false);
    if (p == null) {
      throw Call.error(Errors.INVALID_STREAM_ID);
    }
    return p.id();
  }

  /** An ID where "-" and "+" are not allowed; a missing sequence is 0. */
  private static Id strictId(byte[] arg) {
    Parsed p = Id.parse(arg, 0, true, false);
    if (p == null) {
      throw Call.error(Errors.INVALID_STREAM_ID);
    }
    return p.id();
  }

  /** Null when the argument is not a strict ID (no error). */
  private static Id strictIdOrNull(byte[] arg) {
    Parsed p = Id.parse(arg, 0, true, false);
    return p == null ? null : p.id();
  }

  static Reply entry(Id id, byte[][] fields) {
    return Reply.array(List.of(Reply.bulk(id.bytes()), Reply.bulks(Arrays.asList(fields))));
  }

  private static Reply entries(List<Entry> list) {
    List<Reply> out = new ArrayList<>(list.size());
    for (Entry e : list) {
      out.add(entry(e.id(), e.fields()));
    }
    return Reply.array(out);
  }

  // XLEN key
  static Reply xlen(Call c) {
    StreamValue s = asStream(c.db().lookupRead(c.arg(1)));
    return Reply.integer(s == null ? 0 : s.length());
  }

  // XDEL key id [id ...]: the key is looked up before the IDs are read.
  static Reply xdel(Call c) {
    byte[] key = c.arg(1);
    StreamValue s = asStream(c.db().lookupWrite(key));
    if (s == null) {
      return Reply.ZERO;
    }
    Id[] ids = new Id[c.argc() - 2];
    for (int j = 2; j < c.argc(); j++) {
      ids[j - 2] = strictId(c.arg(j));
    }
    List<Id> deleted = new ArrayList<>();
    for (Id id : ids) {
      if (s.delete(id)) {
        deleted.add(id);
      }
    }
    s.deleted(deleted);
    if (!deleted.isEmpty()) {
      c.db().signalModified(key);
      c.notify(KeyspaceEvents.STREAM, "xdel", key);
    }
    return Reply.integer(deleted.size());
  }

  // XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
  static Reply xsetid(Call c) {
    Id id = strictId(c.arg(2));
    long entriesAdded = -1;
    Id maxDeleted = Id.MIN;
    for (int i = 3; i < c.argc(); ) {
      boolean more = i + 1 < c.argc();
      if (c.is(i, "entriesadded") && more) {
        entriesAdded = c.longArg(i + 1);
        if (entriesAdded < 0) {
          throw Call.error(Errors.XSETID_ENTRIES_ADDED_NEGATIVE);
        }
        i += 2;
      } else if (c.is(i, "maxdeletedid") && more) {
        maxDeleted = strictId(c.arg(i + 1));
        if (id.compareTo(maxDeleted) < 0) {
          throw Call.error(Errors.XSETID_BELOW_MAX_DELETED);
        }
        i += 2;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    byte[] key = c.arg(1);
    StreamValue s = asStream(c.db().lookupWrite(key));
    if (s == null) {
      throw Call.error(Errors.NO_SUCH_KEY);
    }
    if (s.length() > 0) {
      Entry last = s.last();
      if (id.compareTo(last.id()) < 0) {
        throw Call.error(Errors.XSETID_BELOW_TOP);
      }
      if (entriesAdded != -1 && s.length() > entriesAdded) {
        throw Call.error(Errors.XSETID_ENTRIES_ADDED_SMALL);
      }
    }
    s.setIds(id, entriesAdded, maxDeleted); // 7.0 signals no change here: WATCH holds
    c.db().changedUnwatched(key);
    c.notify(KeyspaceEvents.STREAM, "xsetid", key);
    return Reply.OK;
  }

  // ---------------------------------------------------------------- XREAD, XREADGROUP

  /** What XREAD and XREADGROUP read from their arguments. */
  private static final class ReadArgs {
    long timeout = -1; // no BLOCK
    long count;
    boolean noack;
    byte[] group;
    byte[] consumer;
    int streamsArg;
    int streams;
    Id[] ids;
    Group[] groups;
  }

  // XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
  static Reply xread(Call c) {
    return read(c, false);
  }

  // XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key [...] id [...]
  static Reply xreadgroup(Call c) {
    return read(c, true);
  }

  private static Reply read(Call c, boolean xreadgroup) {
    if (xreadgroup) {
      c.propagateNothing(); // only the XCLAIMs of what it delivers, as Redis
    }
    ReadArgs r = new ReadArgs();
    for (int i = 1; i < c.argc(); i++) {
      int more = c.argc() - i - 1;
      if (c.is(i, "block") && more > 0) {
        if (c.connection.denyBlocking) {
          throw Call.error("ERR " + c.str(0) + " command is not allowed with BLOCK option from "
              + "scripts");
        }
        i++;
        r.timeout = blockTimeout(c, i);
      } else if (c.is(i, "count") && more > 0) {
        i++;
        r.count = Math.max(0, c.longArg(i));
      } else if (c.is(i, "streams") && more > 0) {
        r.streamsArg = i + 1;
        int n = c.argc() - r.streamsArg;
        if (n % 2 != 0) {
          throw Call.error(Errors.XREAD_UNBALANCED);
        }
        r.streams = n / 2;
        break;
      } else if (c.is(i, "group") && more >= 2) {
        if (!xreadgroup) {
          throw Call.error(Errors.XREAD_GROUP_OPTION);
        }
        r.group = c.arg(i + 1);
        r.consumer = c.arg(i + 2);
        i += 2;
      } else if (c.is(i, "noack")) {
        if (!xreadgroup) {
          throw Call.error(Errors.XREAD_NOACK_OPTION);
        }
        r.noack = true;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    if (r.streamsArg == 0) {
      throw Call.error(Errors.SYNTAX);
    }
    if (xreadgroup && r.group == null) {
      throw Call.error(Errors.XREADGROUP_MISSING_GROUP);
    }
    r.ids = new Id[r.streams];
    r.groups = r.group != null ? new Group[r.streams] : null;
    for (int k = 0; k < r.streams; k++) {
      byte[] key = c.arg(r.streamsArg + k);
      byte[] idArg = c.arg(r.streamsArg + r.streams + k);
      StreamValue s = asStream(c.db().lookupRead(key));
      if (r.group != null) {
        Group g = s == null ? null : s.group(r.group);
        if (g == null) {
          throw Call.error("NOGROUP No such key '" + text(key) + "' or consumer group '"
              + text(r.group) + "' in XREADGROUP with GROUP option");
        }
        r.groups[k] = g;
      }
      if (Arrays.equals(idArg, DOLLAR)) {
        if (xreadgroup) {
          throw Call.error(Errors.XREADGROUP_DOLLAR);
        }
        r.ids[k] = s != null ? s.lastId() : Id.MIN;
      } else if (Arrays.equals(idArg, GREATER)) {
        if (!xreadgroup) {
          throw Call.error(Errors.XREAD_GREATER);
        }
        r.ids[k] = Id.MAX; // ">": the group's last delivered ID, resolved when served
      } else {
        r.ids[k] = strictId(idArg);
      }
    }
    List<Reply> served = new ArrayList<>();
    for (int k = 0; k < r.streams; k++) {
      byte[] key = c.arg(r.streamsArg + k);
      StreamValue s = asStream(c.db().lookupRead(key));
      if (s == null) {
        continue;
      }
      Id gt = r.ids[k];
      boolean now = false;
      boolean history = false;
      Consumer consumer = null;
      if (r.groups != null) {
        if (!gt.equals(Id.MAX)) {
          now = true;
          history = true;
        } else if (s.length() > 0) {
          Id last = r.groups[k].lastId;
          if (s.last().id().compareTo(last) > 0) {
            now = true;
            gt = last;
          }
        }
      } else if (s.length() > 0 && s.last().id().compareTo(gt) > 0) {
        now = true;
      }
      if (now) {
        if (r.groups != null) {
          // 7.0 creates (or sees) the consumer only for a stream it serves now.
          consumer = reader(c, key, r.groups[k], r);
        }
        Id start = gt.next();
        Reply list = history
            ? history(c, key, s, start == null ? Id.MAX : start, r.count, r.groups[k], consumer)
            : deliver(c, key, s, start, r.count, r.groups == null ? null : r.groups[k], consumer,
                r.noack);
        served.add(Reply.bulk(key));
        served.add(list);
      }
    }
    if (!served.isEmpty()) {
      return keyedReply(c, served);
    }
    if (r.timeout != -1) {
      if (Blocking.mayNotBlock(c)) {
        return Reply.NULL_ARRAY;
      }
      List<byte[]> keys = new ArrayList<>(r.streams);
      for (int k = 0; k < r.streams; k++) {
        keys.add(c.arg(r.streamsArg + k));
      }
      long count = r.count != 0 ? r.count : BLOCKED_DEFAULT_COUNT;
      return Blocking.block(c, keys, r.timeout, Reply.NULL_ARRAY, StreamValue.class,
          (served2, key, value) -> serveBlocked(served2, key, value, keys, r, count), true);
    }
    return Reply.NULL_ARRAY;
  }

  private static final byte[] DOLLAR = {'$'};
  private static final byte[] GREATER = {'>'};

  /** [[key, entries], ...] in RESP2, {key: entries, ...} in RESP3. */
  private static Reply keyedReply(Call c, List<Reply> keysAndEntries) {
    if (c.connection.protocol >= 3) {
      return Reply.map(keysAndEntries);
    }
    List<Reply> out = new ArrayList<>(keysAndEntries.size() / 2);
    for (int i = 0; i < keysAndEntries.size(); i += 2) {
      out.add(Reply.array(List.of(keysAndEntries.get(i), keysAndEntries.get(i + 1))));
    }
    return Reply.array(out);
  }

  /**
   * A blocked XREAD or XREADGROUP when one of its keys is ready (Redis's
   * serveClientsBlockedOnStreamKey): null while it has nothing for the client.
   */
  private static Reply serveBlocked(Call c, byte[] key, Value value, List<byte[]> keys,
      ReadArgs r, long count) {
    int k = 0;
    while (!Arrays.equals(keys.get(k), key)) {
      k++;
    }
    if (!(value instanceof StreamValue s)) {
      // XREAD waits on through a deletion; XREADGROUP's group went with the key.
      return r.group == null ? null : Reply.error(Errors.XREADGROUP_KEY_DELETED);
    }
    Id gt = r.ids[k];
    Group group = null;
    if (r.group != null) {
      group = s.group(r.group);
      if (group == null) {
        return Reply.error(Errors.XREADGROUP_GROUP_DESTROYED);
      }
      gt = group.lastId;
    }
    if (s.lastId().compareTo(gt) <= 0) {
      return null;
    }
    Consumer consumer = group == null ? null : reader(c, key, group, r);
    Reply list = deliver(c, key, s, gt.next(), count, group, consumer, r.noack);
    return keyedReply(c, List.of(Reply.bulk(key), list));
  }

  private static final byte[] XCLAIM = ascii("XCLAIM");
  private static final byte[] XGROUP = ascii("XGROUP");
  private static final byte[] SETID = ascii("SETID");
  private static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
  private static final byte[] ZERO_IDLE = ascii("0");
  private static final byte[] TIME = ascii("TIME");
  private static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
  private static final byte[] FORCE = ascii("FORCE");
  private static final byte[] JUSTID = ascii("JUSTID");
  private static final byte[] LASTID = ascii("LASTID");

  /**
   * How Redis 7.0 tells replicas of one pending entry's new state (streamPropagateXCLAIM): what the
   * offset counts. Replicas get the entry's and the group's state instead (see
   * Database.groupChanged).
   */
  private static void propagateClaim(Call c, byte[] key, Group g, byte[] id, Pending p) {
    c.propagateAs(XCLAIM, key, g.name, p.consumer.name, ZERO_IDLE, id, TIME,
        ascii(Long.toString(p.deliveryTime)), RETRYCOUNT, ascii(Long.toString(p.deliveryCount)),
        FORCE, JUSTID, LASTID, g.lastId.bytes());
  }

  /** Redis 7.0's streamPropagateGroupID: the group's last ID and read counter. */
  private static void propagateLastId(Call c, byte[] key, Group g) {
    c.propagateAs(XGROUP, SETID, key, g.name, g.lastId.bytes(), ENTRIESREAD,
        ascii(Long.toString(g.entriesRead)));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] CREATECONSUMER = ascii("CREATECONSUMER");

  /**
   * XREADGROUP's consumer, as {@link #consumer}. One it creates with NOACK reaches replicas as
   * XGROUP CREATECONSUMER, as Redis 7.0 propagates it (without NOACK the XCLAIMs create it there).
   */
  private static Consumer reader(Call c, byte[] key, Group g, ReadArgs r) {
    boolean created = r.noack && g.consumer(r.consumer) == null;
    Consumer consumer = consumer(c, key, g, r.consumer);
    if (created) {
      c.propagateAs(XGROUP, CREATECONSUMER, key, g.name, r.consumer);
    }
    return consumer;
  }

  /** The consumer, created (with its event) when new; either way it is seen now. */
  private static Consumer consumer(Call c, byte[] key, Group g, byte[] name) {
    Consumer consumer = g.consumer(name);
    if (consumer == null) {
      consumer = g.createConsumer(name, c.now());
      c.notify(KeyspaceEvents.STREAM, "xgroup-createconsumer", key);
    }
    consumer.seenTime = c.now();
    c.db().groupChanged(key, g.name, null, name);
    return consumer;
  }

  /**
   * New entries from {@code start} (Redis's streamReplyWithRange): with a group, its last
   * delivered ID and read counter move on, and each entry goes to the consumer's pending list
   * (unless NOACK), taken from another consumer if it was there.
   */
  private static Reply deliver(Call c, byte[] key, StreamValue s, Id start, long count,
      Group group, Consumer consumer, boolean noack) {
    List<Entry> list = start == null ? List.of() : s.range(start, Id.MAX, count, false);
    if (group != null && !list.isEmpty()) {
      c.db().groupChanged(key, group.name, null, null); // its last ID moves
    }
    List<Reply> out = new ArrayList<>(list.size());
    long now = c.now();
    boolean lastIdMoved = false;
    for (Entry e : list) {
      Id id = e.id();
      if (group != null && id.compareTo(group.lastId) > 0) {
        if (group.entriesRead != StreamValue.INVALID_ENTRIES_READ
            && !s.hasTombstonesFrom(id)) {
          group.entriesRead++;
        } else if (s.entriesAdded() != 0) {
          group.entriesRead = s.estimateDistance(id);
        }
        group.lastId = id;
        lastIdMoved = true;
      }
      out.add(entry(id, e.fields()));
      if (group != null && !noack) {
        Pending p = group.pending.get(id);
        if (p == null) {
          p = new Pending(id, now, 1, consumer);
          group.pending.put(id, p);
          consumer.pending.put(id, p);
        } else {
          p.consumer.pending.remove(id);
          p.consumer = consumer;
          p.deliveryTime = now;
          p.deliveryCount = 1;
          consumer.pending.put(id, p);
        }
        propagateClaim(c, key, group, id.bytes(), p);
        c.db().groupChanged(key, group.name, id, null);
      }
    }
    if (noack && lastIdMoved) {
      propagateLastId(c, key, group); // with NOACK no XCLAIM carries it, as in Redis 7.0
    }
    return Reply.array(out);
  }

  /**
   * A consumer's own pending entries from {@code start} (XREADGROUP with an ID): one deleted since
   * comes back as [id, nil] and keeps its delivery count; the others are delivered again.
   */
  private static Reply history(Call c, byte[] key, StreamValue s, Id start, long count,
      Group group, Consumer consumer) {
    List<Reply> out = new ArrayList<>();
    long now = c.now();
    for (Pending p : consumer.pending.tailMap(start, true).values()) {
      if (count != 0 && out.size() >= count) {
        break;
      }
      byte[][] fields = s.get(p.id);
      if (fields == null) {
        out.add(Reply.array(List.of(Reply.bulk(p.id.bytes()), Reply.NULL_ARRAY)));
      } else {
        p.deliveryTime = now;
        p.deliveryCount++;
        c.db().groupChanged(key, group.name, p.id, null); // Redis 7.0 propagates nothing here
        out.add(entry(p.id, fields));
      }
    }
    return Reply.array(out);
  }

  /** XREAD's BLOCK in milliseconds (Redis's getTimeoutFromObjectOrReply, UNIT_MILLISECONDS). */
  private static long blockTimeout(Call c, int i) {
    long ms;
    try {
      ms = c.longArg(i);
    } catch (RedisException e) {
      throw Call.error(Errors.TIMEOUT_NOT_INTEGER);
    }
    if (ms < 0) {
      throw Call.error(Errors.TIMEOUT_NEGATIVE);
    }
    return ms > Long.MAX_VALUE - c.now() ? 0 : ms; // what overflows never times out, as in 7.0
  }

  // ---------------------------------------------------------------- groups

  // XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
  static Reply xgroupCreate(Call c) {
    return xgroup(c, "create");
  }

  // XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
  static Reply xgroupSetid(Call c) {
    return xgroup(c, "setid");
  }

  // XGROUP DESTROY key group
  static Reply xgroupDestroy(Call c) {
    return xgroup(c, "destroy");
  }

  // XGROUP CREATECONSUMER key group consumer
  static Reply xgroupCreateconsumer(Call c) {
    return xgroup(c, "createconsumer");
  }

  // XGROUP DELCONSUMER key group consumer
  static Reply xgroupDelconsumer(Call c) {
    return xgroup(c, "delconsumer");
  }

  /** Redis's xgroupCommand: options, then the key, then the group, then the subcommand. */
  private static Reply xgroup(Call c, String sub) {
    boolean mkstream = false;
    long entriesRead = StreamValue.INVALID_ENTRIES_READ;
    if (sub.equals("create") || sub.equals("setid")) {
      for (int i = 5; i < c.argc(); ) {
        if (sub.equals("create") && c.is(i, "mkstream")) {
          mkstream = true;
          i++;
        } else if (c.is(i, "entriesread") && i + 1 < c.argc()) {
          entriesRead = c.longArg(i + 1);
          if (entriesRead < 0 && entriesRead != StreamValue.INVALID_ENTRIES_READ) {
            throw Call.error(Errors.XGROUP_ENTRIESREAD);
          }
          i += 2;
        } else {
          throw Call.error(Errors.subcommandSyntax(c.str(1), "XGROUP"));
        }
      }
    }
    byte[] key = c.arg(2);
    StreamValue s = asStream(c.db().lookupWrite(key));
    byte[] name = c.arg(3);
    Group group = s == null ? null : s.group(name);
    if (group == null && !sub.equals("create") && !sub.equals("destroy")) {
      if (s == null) {
        throw Call.error(Errors.XGROUP_NO_KEY);
      }
      throw Call.error(noGroup(name, key));
    }
    if (s == null && !(sub.equals("create") && mkstream)) {
      throw Call.error(Errors.XGROUP_NO_KEY);
    }
    switch (sub) {
      case "create": {
        if (c.argc() > 8) {
          throw Call.error(Errors.subcommandSyntax(c.str(1), "XGROUP"));
        }
        Id id = Arrays.equals(c.arg(4), DOLLAR) ? (s != null ? s.lastId() : Id.MIN)
            : strictId(c.arg(4));
        if (s == null) {
          s = new StreamValue();
          c.db().put(key, s);
        }
        if (s.createGroup(name, id, entriesRead) == null) {
          throw Call.error(Errors.BUSYGROUP);
        }
        c.db().changedUnwatched(key);
        c.notify(KeyspaceEvents.STREAM, "xgroup-create", key);
        return Reply.OK;
      }
      case "setid": {
        if (c.argc() != 5 && c.argc() != 7) {
          throw Call.error(Errors.subcommandSyntax(c.str(1), "XGROUP"));
        }
        Id id = Arrays.equals(c.arg(4), DOLLAR) ? s.lastId() : id(c.arg(4), 0);
        group.lastId = id;
        group.entriesRead = entriesRead;
        c.db().changedUnwatched(key);
        c.notify(KeyspaceEvents.STREAM, "xgroup-setid", key);
        return Reply.OK;
      }
      case "destroy": {
        if (group == null) {
          return Reply.ZERO;
        }
        s.destroyGroup(name);
        c.db().changedUnwatched(key);
        c.notify(KeyspaceEvents.STREAM, "xgroup-destroy", key);
        c.db().signalKeyAsReady(key); // blocked XREADGROUP clients get NOGROUP
        return Reply.ONE;
      }
      case "createconsumer": {
        Consumer created = group.createConsumer(c.arg(4), c.now());
        if (created == null) {
          return Reply.ZERO;
        }
        c.db().groupChanged(key, group.name, null, c.arg(4));
        c.notify(KeyspaceEvents.STREAM, "xgroup-createconsumer", key);
        return Reply.ONE;
      }
      default: { // delconsumer
        long pending = group.deleteConsumer(c.arg(4));
        if (pending < 0) {
          return Reply.ZERO;
        }
        c.db().changedUnwatched(key);
        c.notify(KeyspaceEvents.STREAM, "xgroup-delconsumer", key);
        return Reply.integer(pending);
      }
    }
  }

  static Reply xgroupHelp(Call c) {
    return Call.helpReply("XGROUP",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.");
  }

  private static String noGroup(byte[] group, byte[] key) {
    return "NOGROUP No such consumer group '" + text(group) + "' for key name '" + text(key)
        + "'";
  }

  private static String noKeyOrGroup(byte[] key, byte[] group) {
    return "NOGROUP No such key '" + text(key) + "' or consumer group '" + text(group) + "'";
  }

  // XACK key group id [id ...]
  static Reply xack(Call c) {
    StreamValue s = asStream(c.db().lookupRead(c.arg(1)));
    Group g = s == null ? null : s.group(c.arg(2));
    if (g == null) {
      return Reply.ZERO;
    }
    Id[] ids = new Id[c.argc() - 3];
    for (int j = 3; j < c.argc(); j++) {
      ids[j - 3] = strictId(c.arg(j));
    }
    long acked = 0;
    for (Id id : ids) {
      Pending p = g.pending.remove(id);
      if (p != null) {
        p.consumer.pending.remove(id);
        acked++;
      }
    }
    if (acked > 0) {
      c.db().changedUnwatched(c.arg(1));
    }
    return Reply.integer(acked);
  }

  // XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
  static Reply xpending(Call c) {
    int argc = c.argc();
    if (argc != 3 && (argc < 6 || argc > 9)) {
      throw Call.error(Errors.SYNTAX);
    }
    long minIdle = 0;
    long count = 0;
    Id start = null;
    Id end = null;
    byte[] consumerName = null;
    if (argc >= 6) {
      int at = 3;
      if (c.is(3, "idle")) {
        minIdle = c.longArg(4);
        if (argc < 8) {
          throw Call.error(Errors.SYNTAX);
        }
        at += 2;
      }
      count = Math.max(0, c.longArg(at + 2));
      start = intervalStart(c.arg(at));
      end = intervalEnd(c.arg(at + 1));
      if (at + 3 < argc) {
        consumerName = c.arg(at + 3);
      }
    }
    StreamValue s = asStream(c.db().lookupRead(c.arg(1)));
    Group g = s == null ? null : s.group(c.arg(2));
    if (g == null) {
      throw Call.error(noKeyOrGroup(c.arg(1), c.arg(2)));
    }
    if (argc == 3) {
      if (g.pending.isEmpty()) {
        return Reply.array(List.of(Reply.ZERO, Reply.NULL, Reply.NULL, Reply.NULL_ARRAY));
      }
      List<Reply> consumers = new ArrayList<>();
      for (Consumer consumer : g.consumers.values()) {
        if (!consumer.pending.isEmpty()) {
          consumers.add(Reply.array(List.of(Reply.bulk(consumer.name),
              Reply.bulk(Long.toString(consumer.pending.size())))));
        }
      }
      return Reply.array(List.of(Reply.integer(g.pending.size()),
          Reply.bulk(g.pending.firstKey().bytes()), Reply.bulk(g.pending.lastKey().bytes()),
          Reply.array(consumers)));
    }
    Map<Id, Pending> pel = g.pending;
    if (consumerName != null) {
      Consumer consumer = g.consumer(consumerName);
      if (consumer == null) {
        return Reply.EMPTY_ARRAY;
      }
      pel = consumer.pending;
    }
    long now = c.now();
    List<Reply> out = new ArrayList<>();
    if (start.compareTo(end) <= 0) {
      for (Pending p : ((java.util.NavigableMap<Id, Pending>) pel).subMap(start, true, end, true)
          .values()) {
        if (count == 0) {
          break;
        }
        if (minIdle != 0 && now - p.deliveryTime < minIdle) {
          continue;
        }
        count--;
        out.add(Reply.array(List.of(Reply.bulk(p.id.bytes()), Reply.bulk(p.consumer.name),
            Reply.integer(Math.max(0, now - p.deliveryTime)), Reply.integer(p.deliveryCount))));
      }
    }
    return Reply.array(out);
  }

  // XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds]
  //     [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
  static Reply xclaim(Call c) {
    byte[] key = c.arg(1);
    StreamValue s = asStream(c.db().lookupRead(key));
    Group g = s == null ? null : s.group(c.arg(2));
    if (g == null) {
      throw Call.error(noKeyOrGroup(key, c.arg(2)));
    }
    long minIdle = longOr(c, 4, Errors.XCLAIM_MIN_IDLE);
    if (minIdle < 0) {
      minIdle = 0;
    }
    c.propagateNothing(); // only an XCLAIM per entry it changed, as Redis
    int j = 5;
    List<Id> ids = new ArrayList<>();
    for (; j < c.argc(); j++) {
      Id id = strictIdOrNull(c.arg(j));
      if (id == null) {
        break;
      }
      ids.add(id);
    }
    long now = c.now();
    long deliveryTime = -1;
    long retryCount = -1;
    boolean force = false;
    boolean justId = false;
    Id lastId = Id.MIN;
    for (; j < c.argc(); j++) {
      int more = c.argc() - 1 - j;
      if (c.is(j, "force")) {
        force = true;
      } else if (c.is(j, "justid")) {
        justId = true;
      } else if (c.is(j, "idle") && more > 0) {
        j++;
        deliveryTime = now - longOr(c, j, Errors.XCLAIM_IDLE);
      } else if (c.is(j, "time") && more > 0) {
        j++;
        deliveryTime = longOr(c, j, Errors.XCLAIM_TIME);
      } else if (c.is(j, "retrycount") && more > 0) {
        j++;
        retryCount = longOr(c, j, Errors.XCLAIM_RETRYCOUNT);
      } else if (c.is(j, "lastid") && more > 0) {
        j++;
        lastId = strictId(c.arg(j));
      } else {
        throw Call.error("ERR Unrecognized XCLAIM option '" + c.str(j) + "'");
      }
    }
    boolean propagateLastId = false; // unless an XCLAIM carries it
    if (lastId.compareTo(g.lastId) > 0) {
      g.lastId = lastId;
      c.db().groupChanged(key, g.name, null, null);
      propagateLastId = true;
    }
    if (deliveryTime != -1) {
      if (deliveryTime < 0 || deliveryTime > now) {
        deliveryTime = now; // a bogus time is taken as now, not refused
      }
    } else {
      deliveryTime = now;
    }
    Consumer consumer = null;
    List<Reply> out = new ArrayList<>();
    byte[] name = c.arg(3);
    for (int n = 0; n < ids.size(); n++) {
      Id id = ids.get(n);
      byte[] idArg = c.arg(5 + n); // Redis propagates the ID as given
      Pending p = g.pending.get(id);
      byte[][] fields = s.get(id);
      if (fields == null) {
        if (p != null) { // gone from the stream: gone from the PEL
          propagateClaim(c, key, g, idArg, p);
          propagateLastId = false;
          g.pending.remove(id);
          p.consumer.pending.remove(id);
          c.db().groupChanged(key, g.name, id, null);
        }
        continue;
      }
      if (force && p == null) {
        p = new Pending(id, now, 1, null); // Redis's streamCreateNACK: delivered once
        g.pending.put(id, p);
      }
      if (p == null) {
        continue;
      }
      if (p.consumer != null && minIdle != 0 && now - p.deliveryTime < minIdle) {
        continue;
      }
      if (consumer == null) {
        consumer = consumer(c, key, g, name);
      }
      if (p.consumer != consumer && p.consumer != null) {
        p.consumer.pending.remove(id);
      }
      p.deliveryTime = deliveryTime;
      if (retryCount >= 0) {
        p.deliveryCount = retryCount;
      } else if (!justId) {
        p.deliveryCount++;
      }
      if (p.consumer != consumer) {
        consumer.pending.put(id, p);
        p.consumer = consumer;
      }
      out.add(justId ? Reply.bulk(id.bytes()) : entry(id, fields));
      propagateClaim(c, key, g, idArg, p);
      propagateLastId = false;
      c.db().groupChanged(key, g.name, id, null);
    }
    if (propagateLastId) {
      propagateLastId(c, key, g);
    }
    return Reply.array(out);
  }

  /** A number argument whose failure is the given error text. */
  private static long longOr(Call c, int i, String error) {
    try {
      return c.longArg(i);
    } catch (RedisException e) {
      throw Call.error(error);
    }
  }

  // XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
  static Reply xautoclaim(Call c) {
    byte[] key = c.arg(1);
    long minIdle = longOr(c, 4, Errors.XAUTOCLAIM_MIN_IDLE);
    if (minIdle < 0) {
      minIdle = 0;
    }
    Id start = intervalStart(c.arg(5));
    long count = 100;
    boolean justId = false;
    for (int j = 6; j < c.argc(); j++) {
      int more = c.argc() - 1 - j;
      if (c.is(j, "count") && more > 0) {
        count = c.rangeArg(j + 1, 1, Long.MAX_VALUE / 16, Errors.XAUTOCLAIM_COUNT);
        j++;
      } else if (c.is(j, "justid")) {
        justId = true;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    StreamValue s = asStream(c.db().lookupRead(key));
    Group g = s == null ? null : s.group(c.arg(2));
    if (g == null) {
      throw Call.error(noKeyOrGroup(key, c.arg(2)));
    }
    if (count > XAUTOCLAIM_MAX_COUNT) {
      // Redis allocates count IDs up front and fails when the allocation does.
      throw Call.error(Errors.XAUTOCLAIM_COUNT_TOO_HIGH);
    }
    c.propagateNothing(); // only an XCLAIM per entry it changed, as Redis
    long attempts = count * 10;
    long now = c.now();
    Consumer consumer = null;
    List<Reply> claimed = new ArrayList<>();
    List<Reply> deleted = new ArrayList<>();
    byte[] name = c.arg(3);
    Iterator<Pending> it = g.pending.tailMap(start, true).values().iterator();
    Id cursor = Id.MIN;
    while (true) {
      if (attempts-- == 0 || count == 0) {
        if (it.hasNext()) {
          cursor = it.next().id;
        }
        break;
      }
      if (!it.hasNext()) {
        break;
      }
      Pending p = it.next();
      byte[][] fields = s.get(p.id);
      if (fields == null) {
        propagateClaim(c, key, g, p.id.bytes(), p); // as Redis tells replicas of the deletion
        it.remove();
        p.consumer.pending.remove(p.id);
        c.db().groupChanged(key, g.name, p.id, null);
        deleted.add(Reply.bulk(p.id.bytes()));
        count--;
        continue;
      }
      if (minIdle != 0 && now - p.deliveryTime < minIdle) {
        continue;
      }
      if (consumer == null) {
        consumer = consumer(c, key, g, name);
      }
      if (p.consumer != consumer) {
        p.consumer.pending.remove(p.id);
      }
      p.deliveryTime = now;
      if (!justId) {
        p.deliveryCount++;
      }
      if (p.consumer != consumer) {
        consumer.pending.put(p.id, p);
        p.consumer = consumer;
      }
      claimed.add(justId ? Reply.bulk(p.id.bytes()) : entry(p.id, fields));
      propagateClaim(c, key, g, p.id.bytes(), p);
      c.db().groupChanged(key, g.name, p.id, null);
      count--;
    }
    return Reply.array(List.of(Reply.bulk(cursor.bytes()), Reply.array(claimed),
        Reply.array(deleted)));
  }

  /**
   * The COUNT above which Redis's up-front allocation of count IDs (16 bytes each) fails on a
   * machine like the ones tests run on: Cortado answers Redis's error from 2^30 (16 GiB) on.
   */
  private static final long XAUTOCLAIM_MAX_COUNT = 1L << 30;

  // ---------------------------------------------------------------- XINFO

  static Reply xinfoHelp(Call c) {
    return Call.helpReply("XINFO",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.");
  }

  /** XINFO's key: it must exist. */
  private static StreamValue infoKey(Call c) {
    StreamValue s = asStream(c.db().lookupRead(c.arg(2)));
    if (s == null) {
      throw Call.error(Errors.NO_SUCH_KEY);
    }
    return s;
  }

  // XINFO STREAM key [FULL [COUNT count]]
  static Reply xinfoStream(Call c) {
    StreamValue s = infoKey(c);
    boolean full = false;
    long count = 10;
    if (c.argc() > 3) {
      if (c.is(3, "full")) {
        full = true;
        if (c.argc() == 6 && c.is(4, "count")) {
          count = Math.max(0, c.longArg(5));
        } else if (c.argc() > 4) {
          throw Call.error(Errors.subcommandSyntax(c.str(1), "XINFO"));
        }
      } else {
        throw Call.error(Errors.subcommandSyntax(c.str(1), "XINFO"));
      }
    }
    List<Reply> out = new ArrayList<>();
    field(out, "length", Reply.integer(s.length()));
    field(out, "radix-tree-keys", Reply.integer(s.nodeCount()));
    field(out, "radix-tree-nodes", Reply.integer(s.radixTreeNodes()));
    field(out, "last-generated-id", Reply.bulk(s.lastId().bytes()));
    field(out, "max-deleted-entry-id", Reply.bulk(s.maxDeletedId().bytes()));
    field(out, "entries-added", Reply.integer(s.entriesAdded()));
    field(out, "recorded-first-entry-id", Reply.bulk(s.firstId().bytes()));
    if (!full) {
      field(out, "groups", Reply.integer(s.groups().size()));
      Entry first = s.first();
      Entry last = s.last();
      field(out, "first-entry", first == null ? Reply.NULL : entry(first.id(), first.fields()));
      field(out, "last-entry", last == null ? Reply.NULL : entry(last.id(), last.fields()));
      return Reply.map(out);
    }
    field(out, "entries", entries(s.range(Id.MIN, Id.MAX, count, false)));
    List<Reply> groups = new ArrayList<>();
    for (Group g : s.groups()) {
      List<Reply> gr = new ArrayList<>();
      field(gr, "name", Reply.bulk(g.name));
      field(gr, "last-delivered-id", Reply.bulk(g.lastId.bytes()));
      field(gr, "entries-read", entriesRead(g));
      field(gr, "lag", lag(s, g));
      field(gr, "pel-count", Reply.integer(g.pending.size()));
      List<Reply> pel = new ArrayList<>();
      for (Pending p : g.pending.values()) {
        if (count != 0 && pel.size() >= count) {
          break;
        }
        pel.add(Reply.array(List.of(Reply.bulk(p.id.bytes()), Reply.bulk(p.consumer.name),
            Reply.integer(p.deliveryTime), Reply.integer(p.deliveryCount))));
      }
      field(gr, "pending", Reply.array(pel));
      List<Reply> consumers = new ArrayList<>();
      for (Consumer consumer : g.consumers.values()) {
        List<Reply> cr = new ArrayList<>();
        field(cr, "name", Reply.bulk(consumer.name));
        field(cr, "seen-time", Reply.integer(consumer.seenTime));
        field(cr, "pel-count", Reply.integer(consumer.pending.size()));
        List<Reply> own = new ArrayList<>();
        for (Pending p : consumer.pending.values()) {
          if (count != 0 && own.size() >= count) {
            break;
          }
          own.add(Reply.array(List.of(Reply.bulk(p.id.bytes()), Reply.integer(p.deliveryTime),
              Reply.integer(p.deliveryCount))));
        }
        field(cr, "pending", Reply.array(own));
        consumers.add(Reply.map(cr));
      }
      field(gr, "consumers", Reply.array(consumers));
      groups.add(Reply.map(gr));
    }
    field(out, "groups", Reply.array(groups));
    return Reply.map(out);
  }

  private static Reply entriesRead(Group g) {
    return g.entriesRead != StreamValue.INVALID_ENTRIES_READ ? Reply.integer(g.entriesRead)
        : Reply.NULL;
  }

  private static Reply lag(StreamValue s, Group g) {
    Long lag = s.lag(g);
    return lag == null ? Reply.NULL : Reply.integer(lag);
  }

  private static void field(List<Reply> out, String name, Reply value) {
    out.add(Reply.bulk(name));
    out.add(value);
  }

  // XINFO GROUPS key
  static Reply xinfoGroups(Call c) {
    StreamValue s = infoKey(c);
    List<Reply> out = new ArrayList<>();
    for (Group g : s.groups()) {
      List<Reply> gr = new ArrayList<>();
      field(gr, "name", Reply.bulk(g.name));
      field(gr, "consumers", Reply.integer(g.consumers.size()));
      field(gr, "pending", Reply.integer(g.pending.size()));
      field(gr, "last-delivered-id", Reply.bulk(g.lastId.bytes()));
      field(gr, "entries-read", entriesRead(g));
      field(gr, "lag", lag(s, g));
      out.add(Reply.map(gr));
    }
    return Reply.array(out);
  }

  // XINFO CONSUMERS key group
  static Reply xinfoConsumers(Call c) {
    StreamValue s = infoKey(c);
    Group g = s.group(c.arg(3));
    if (g == null) {
      throw Call.error(noGroup(c.arg(3), c.arg(2)));
    }
    long now = c.now();
    List<Reply> out = new ArrayList<>();
    for (Consumer consumer : g.consumers.values()) {
      List<Reply> cr = new ArrayList<>();
      field(cr, "name", Reply.bulk(consumer.name));
      field(cr, "pending", Reply.integer(consumer.pending.size()));
      field(cr, "idle", Reply.integer(Math.max(0, now - consumer.seenTime)));
      out.add(Reply.map(cr));
    }
    return Reply.array(out);
  }

  // ---------------------------------------------------------------- helpers

  private static StreamValue asStream(Value v) {
    if (v == null || v instanceof StreamValue) {
      return (StreamValue) v;
    }
    throw Call.error(Errors.WRONGTYPE);
  }

  /** Bytes as Redis prints them in an error with %s: up to a NUL. */
  private static String text(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
  }
}
