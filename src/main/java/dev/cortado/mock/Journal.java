package dev.cortado.mock;

import dev.cortado.protocol.Parked;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Interceptor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest {@code limit} commands received, in chunks of {@value #CHUNK}: each keeps the requests'
 * own argument arrays (the decoder makes new ones per request) and two longs per command. They
 * become {@link RecordedCommand}s only when read.
 *
 * <p>Why chunks, each a new object: while a chunk is young, storing a young request into it costs G1
 * no barrier work, where a long-lived ring would make each store mark a card and fence. Why keep
 * arrays rather than copy bytes: a copy measured slower (bench/journal.sh), and most entries are
 * dropped unread. Recording only appends; entries past the limit are skipped when read and let go a
 * chunk at a time.
 *
 * <p>Not thread-safe: one thread (the server's loop) reads and writes it.
 */
final class Journal {
  /** The bytes the kept requests hold stay within this (the newest is kept, however long). */
  static final long MAX_BYTES = 64L << 20;
  static final int CHUNK = 1024;

  private final int limit;
  /** Oldest first; the last is being filled. */
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private Chunk filling;
  /** Entries held, from the oldest chunk's {@code first}: the shown ones and those past the limit. */
  private long held;
  /** Entries recorded since the journal was cleared. */
  private long recorded;
  private long bytes;
  private Interceptor.KeyFinder keyFinder = a -> List.of();

  private static final class Chunk {
    /**
     * Per entry: its arguments, or an {@link Extra} when it has a client name, an error or came
     * from a script.
     */
    final Object[] refs = new Object[CHUNK];
    /** Per entry: the time, then client id, database, reply type and "stubbed" packed. */
    final long[] meta = new long[2 * CHUNK];
    int size;
    /** What its entries from {@code first} on keep alive, by {@link Journal#size(byte[][])}. */
    long bytes;
    /** Entries before it were dropped to stay within {@link #MAX_BYTES}. */
    int first;
  }

  private record Extra(byte[][] argv, byte[] clientName, Reply error, String script) {}

  Journal(int limit) {
    this.limit = limit;
  }

  void add(long time, long clientId, byte[] clientName, int database, byte[][] argv,
      Interceptor.KeyFinder keys, Reply reply, boolean wasStubbed) {
    add(time, clientId, clientName, database, argv, keys, reply, wasStubbed, null);
  }

  /** {@code script}: the script that ran the command (its SHA-1 or function name), or null. */
  void add(long time, long clientId, byte[] clientName, int database, byte[][] argv,
      Interceptor.KeyFinder keys, Reply reply, boolean wasStubbed, String script) {
    if (keyFinder != keys) {
      keyFinder = keys; // the same finder every time: one store, not one per command
    }
    Chunk c = filling;
    if (c == null || c.size == CHUNK) {
      c = filling = newChunk();
    }
    char type = reply.type();
    int i = c.size++;
    c.refs[i] = clientName == null && type != '-' && script == null ? argv
        : new Extra(argv, clientName, type == '-' ? reply : null, script);
    c.meta[2 * i] = time;
    // client id: 35 bits, database: 20 bits (Redis allows 16 by default), reply type: 8, stubbed: 1
    c.meta[2 * i + 1] = clientId << 29 | (database & 0xfffffL) << 9 | (type & 0xffL) << 1
        | (wasStubbed ? 1 : 0);
    if (reply instanceof Parked parked && !parked.isDone()) {
      // A blocked command is recorded when it arrives; its reply's kind once it is sent (on this
      // loop too). Cancelled (the client left): it stays NONE.
      Chunk chunk = c;
      parked.whenDone(() -> {
        if (parked.result() != null) {
          replied(chunk, i, argv, clientName, parked.result(), script);
        }
      });
    }
    int size = size(argv);
    c.bytes += size;
    bytes += size;
    held++;
    recorded++;
    while (bytes > MAX_BYTES && held > 1) {
      dropOldest();
    }
  }

  /** Notes the reply a parked entry finally got: its kind, and its text for an error. */
  private static void replied(Chunk c, int i, byte[][] argv, byte[] clientName, Reply reply,
      String script) {
    char type = reply.type();
    if (type == '-' || clientName != null || script != null) {
      c.refs[i] = new Extra(argv, clientName, type == '-' ? reply : null, script);
    }
    c.meta[2 * i + 1] = (c.meta[2 * i + 1] & ~(0xffL << 1)) | (type & 0xffL) << 1;
  }

  /** A new chunk to fill, after letting go of those holding only entries past the limit. */
  private Chunk newChunk() {
    Chunk oldest;
    while ((oldest = chunks.peekFirst()) != null && held - (oldest.size - oldest.first) >= limit) {
      chunks.removeFirst();
      held -= oldest.size - oldest.first;
      bytes -= oldest.bytes;
    }
    Chunk c = new Chunk();
    chunks.addLast(c);
    return c;
  }

  private void dropOldest() {
    Chunk c = chunks.peekFirst();
    Object ref = c.refs[c.first];
    int size = size(ref instanceof Extra e ? e.argv() : (byte[][]) ref); // a rare path: read again
    c.bytes -= size;
    bytes -= size;
    c.refs[c.first++] = null;
    held--;
    if (c.first == c.size && c.size == CHUNK) {
      chunks.removeFirst();
    }
  }

  /** About what an entry keeps alive (capped: requests over 2 GiB count as 2 GiB). */
  private static int size(byte[][] argv) {
    long n = 16 + 4L * argv.length;
    for (byte[] a : argv) {
      n += 16 + a.length;
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /** How many entries a reader sees: the newest, up to the limit. */
  int size() {
    return (int) Math.min(held, limit);
  }

  /** Commands recorded since the journal was cleared: the newest one's sequence number. */
  long recorded() {
    return recorded;
  }

  /** Commands recorded since the journal was cleared that it no longer shows. */
  long dropped() {
    return recorded - size();
  }

  /** Every entry shown, oldest first. */
  List<RecordedCommand> entries() {
    return entriesAfter(0);
  }

  /**
   * The entries shown whose sequence number is above {@code after}, oldest first: a poll for what
   * is new makes objects only for that (the admin console's live journal).
   */
  List<RecordedCommand> entriesAfter(long after) {
    int shown = size();
    long firstShown = recorded - shown + 1;
    long alreadySeen = after >= recorded ? shown : Math.max(0, after - firstShown + 1);
    List<RecordedCommand> out = new ArrayList<>((int) (shown - alreadySeen));
    long skip = held - shown + alreadySeen;
    long sequence = firstShown + alreadySeen;
    for (Chunk c : chunks) {
      for (int i = c.first; i < c.size; i++) {
        if (skip > 0) {
          skip--;
          continue;
        }
        out.add(entry(c, i, sequence++));
      }
    }
    return out;
  }

  private RecordedCommand entry(Chunk c, int i, long sequence) {
    Object ref = c.refs[i];
    Extra extra = ref instanceof Extra e ? e : null;
    byte[][] args = extra == null ? (byte[][]) ref : extra.argv();
    long packed = c.meta[2 * i + 1];
    byte[] name = extra == null ? null : extra.clientName();
    RecordedCommand r = new RecordedCommand(c.meta[2 * i], packed >>> 29,
        name == null ? null : RecordedCommand.text(name), (int) (packed >>> 9) & 0xfffff, args,
        keyFinder);
    r.sequence = sequence;
    r.replyKind = ReplyKind.of((char) ((packed >>> 1) & 0xff));
    r.errorText = extra == null || extra.error() == null ? null : extra.error().errorText();
    r.stubbed = (packed & 1) != 0;
    r.script = extra == null ? null : extra.script();
    r.scriptSourceBytes(); // looked up here, on the loop that owns the script cache
    return r;
  }

  void clear() {
    chunks.clear();
    filling = null;
    held = 0;
    recorded = 0;
    bytes = 0;
  }
}
