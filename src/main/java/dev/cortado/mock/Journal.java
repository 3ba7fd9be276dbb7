package dev.cortado.mock;

import dev.cortado.protocol.Reply;
import dev.cortado.server.Interceptor;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands received, newest last, in a ring of parallel arrays: recording one costs no
 * allocation (the arguments are the request's own arrays, kept as they are), which keeps a
 * journaling server within a few percent of one without. Entries become {@link RecordedCommand}s
 * only when read. Not thread-safe: {@link RedisMock} guards it.
 */
final class Journal {
  /** The newest entries are kept within this many bytes of arguments too. */
  static final long MAX_BYTES = 64L << 20;
  private static final int FIRST_CAPACITY = 1024;

  private final int limit;
  /** Per entry: its arguments, the client's name (or null), its error reply (or null). */
  private Object[] refs = new Object[0];
  /** Per entry: the time, then client id, database, reply type and "stubbed" packed in one long. */
  private long[] meta = new long[0];
  /**
   * Each entry's {@link #size}, kept so that dropping the oldest entry does not read its arguments
   * again: by then they are cold in the CPU cache, several misses per entry.
   */
  private int[] sizes = new int[0];
  private int capacity;
  private int head;
  private int count;
  private long bytes;
  private long dropped;
  /** The sequence number of the oldest entry kept. */
  private long firstSequence = 1;
  private Interceptor.KeyFinder keyFinder = a -> List.of();

  Journal(int limit) {
    this.limit = limit;
  }

  // Three arrays, not one per field: recording writes to three places in memory, not nine.
  void add(long time, long clientId, byte[] clientName, int database, byte[][] argv,
      Interceptor.KeyFinder keys, Reply reply, boolean wasStubbed) {
    if (keyFinder != keys) {
      keyFinder = keys; // the same finder every time: one store, not one per command
    }
    if (count == capacity) {
      if (capacity < limit) {
        grow(Math.min(limit, Math.max(FIRST_CAPACITY, capacity * 2)));
      } else {
        dropOldest();
      }
    }
    int i = index(count);
    int size = size(argv);
    refs[3 * i] = argv;
    refs[3 * i + 1] = clientName;
    refs[3 * i + 2] = reply.isError() ? reply : null;
    meta[2 * i] = time;
    // client id: 35 bits, database: 20 bits (Redis allows 16 by default), reply type: 8, stubbed: 1
    meta[2 * i + 1] = clientId << 29 | (database & 0xfffffL) << 9 | (reply.type() & 0xffL) << 1
        | (wasStubbed ? 1 : 0);
    sizes[i] = size;
    count++;
    bytes += size;
    while (bytes > MAX_BYTES && count > 1) {
      dropOldest();
    }
  }

  private void dropOldest() {
    bytes -= sizes[head];
    refs[3 * head] = null;
    refs[3 * head + 1] = null;
    refs[3 * head + 2] = null;
    head = index(1);
    count--;
    firstSequence++;
    dropped++;
  }

  /** The ring position of the j-th entry from the oldest (j <= count): a compare, not a division. */
  private int index(int j) {
    int i = head + j;
    return i < capacity ? i : i - capacity;
  }

  private void grow(int newCapacity) {
    Object[] r = new Object[3 * newCapacity];
    long[] m = new long[2 * newCapacity];
    int[] z = new int[newCapacity];
    for (int j = 0; j < count; j++) {
      int from = index(j);
      System.arraycopy(refs, 3 * from, r, 3 * j, 3);
      System.arraycopy(meta, 2 * from, m, 2 * j, 2);
      z[j] = sizes[from];
    }
    refs = r;
    meta = m;
    sizes = z;
    capacity = newCapacity;
    head = 0;
  }

  /** About what an entry keeps alive (capped: requests over 2 GiB count as 2 GiB). */
  private static int size(byte[][] argv) {
    long n = 64;
    for (byte[] a : argv) {
      n += 16 + a.length;
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  int size() {
    return count;
  }

  long dropped() {
    return dropped;
  }

  /** Every entry kept, oldest first. */
  List<RecordedCommand> entries() {
    List<RecordedCommand> out = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      out.add(entry(j));
    }
    return out;
  }

  private RecordedCommand entry(int j) {
    int i = index(j);
    byte[] name = (byte[]) refs[3 * i + 1];
    Reply error = (Reply) refs[3 * i + 2];
    long packed = meta[2 * i + 1];
    RecordedCommand c = new RecordedCommand(meta[2 * i], packed >>> 29,
        name == null ? null : RecordedCommand.text(name), (int) (packed >>> 9) & 0xfffff,
        (byte[][]) refs[3 * i], keyFinder);
    c.sequence = firstSequence + j;
    c.replyKind = ReplyKind.of((char) ((packed >>> 1) & 0xff));
    c.errorText = error == null ? null : error.errorText();
    c.stubbed = (packed & 1) != 0;
    return c;
  }

  void clear() {
    java.util.Arrays.fill(refs, null);
    head = 0;
    count = 0;
    bytes = 0;
    dropped = 0;
    firstSequence = 1;
  }
}
