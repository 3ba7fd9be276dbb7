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
  private byte[][][] args = new byte[0][][];
  private long[] times = new long[0];
  private long[] clientIds = new long[0];
  private byte[][] clientNames = new byte[0][];
  private int[] databases = new int[0];
  private char[] kinds = new char[0];
  private Reply[] errors = new Reply[0];
  private boolean[] stubbed = new boolean[0];
  /**
   * Each entry's {@link #size}, kept so that dropping the oldest entry does not read its arguments
   * again: by then they are cold in the CPU cache, several misses per entry.
   */
  private int[] sizes = new int[0];
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

  void add(long time, long clientId, byte[] clientName, int database, byte[][] argv,
      Interceptor.KeyFinder keys, Reply reply, boolean wasStubbed) {
    keyFinder = keys;
    if (count == args.length) {
      if (args.length < limit) {
        grow(Math.min(limit, Math.max(FIRST_CAPACITY, args.length * 2)));
      } else {
        dropOldest();
      }
    }
    int i = index(count);
    int size = size(argv);
    args[i] = argv;
    times[i] = time;
    clientIds[i] = clientId;
    clientNames[i] = clientName;
    databases[i] = database;
    kinds[i] = reply.type();
    errors[i] = reply.isError() ? reply : null;
    stubbed[i] = wasStubbed;
    sizes[i] = size;
    count++;
    bytes += size;
    while (bytes > MAX_BYTES && count > 1) {
      dropOldest();
    }
  }

  private void dropOldest() {
    bytes -= sizes[head];
    args[head] = null;
    clientNames[head] = null;
    errors[head] = null;
    head = index(1);
    count--;
    firstSequence++;
    dropped++;
  }

  /** The ring position of the j-th entry from the oldest (j <= count): a compare, not a division. */
  private int index(int j) {
    int i = head + j;
    return i < args.length ? i : i - args.length;
  }

  private void grow(int capacity) {
    byte[][][] a = new byte[capacity][][];
    long[] t = new long[capacity];
    long[] c = new long[capacity];
    byte[][] n = new byte[capacity][];
    int[] d = new int[capacity];
    char[] k = new char[capacity];
    Reply[] e = new Reply[capacity];
    boolean[] s = new boolean[capacity];
    int[] z = new int[capacity];
    for (int j = 0; j < count; j++) {
      int from = index(j);
      a[j] = args[from];
      t[j] = times[from];
      c[j] = clientIds[from];
      n[j] = clientNames[from];
      d[j] = databases[from];
      k[j] = kinds[from];
      e[j] = errors[from];
      s[j] = stubbed[from];
      z[j] = sizes[from];
    }
    args = a;
    times = t;
    clientIds = c;
    clientNames = n;
    databases = d;
    kinds = k;
    errors = e;
    stubbed = s;
    sizes = z;
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
    String name = clientNames[i] == null ? null : RecordedCommand.text(clientNames[i]);
    RecordedCommand c = new RecordedCommand(times[i], clientIds[i], name, databases[i], args[i],
        keyFinder);
    c.sequence = firstSequence + j;
    c.replyKind = ReplyKind.of(kinds[i]);
    c.errorText = errors[i] == null ? null : errors[i].errorText();
    c.stubbed = stubbed[i];
    return c;
  }

  void clear() {
    for (int j = 0; j < count; j++) {
      int i = index(j);
      args[i] = null;
      clientNames[i] = null;
      errors[i] = null;
    }
    head = 0;
    count = 0;
    bytes = 0;
    dropped = 0;
    firstSequence = 1;
  }
}
