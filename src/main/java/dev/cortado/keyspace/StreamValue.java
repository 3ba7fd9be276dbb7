package dev.cortado.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Redis stream, after Redis 7.0's t_stream.c: entries in ID order, kept in nodes as Redis keeps
 * them in listpacks hanging from a radix tree. The node model is what makes approximate trimming
 * ({@code MAXLEN ~}, {@code MINID ~}) leave the same entries as Redis: an entry goes to the tail
 * node unless that node holds {@code stream-node-max-entries} entries (deleted ones count) or its
 * listpack's size plus the new entry's field and value lengths reaches {@code stream-node-max-bytes};
 * the listpack's size is computed with listpack's own encoding sizes. Deleted entries stay in their
 * node, flagged, as in Redis; a node whose last live entry is deleted by XDEL goes.
 *
 * <p>XADD appends to the tail node in O(1) amortised; a lookup finds the node in the ordered map of
 * nodes (O(log N)) and the entry by binary search inside it, so XRANGE costs O(log N + M).
 *
 * <p>A stream is never deleted for being empty: {@link #isEmpty()} is false, as in Redis.
 */
public final class StreamValue extends Value {

  // ---------------------------------------------------------------- IDs

  /** A stream entry ID: two unsigned 64-bit numbers, compared as such. */
  public record Id(long ms, long seq) implements Comparable<Id> {
    public static final Id MIN = new Id(0, 0);
    public static final Id MAX = new Id(-1L, -1L);

    @Override
    public int compareTo(Id o) {
      int c = Long.compareUnsigned(ms, o.ms);
      return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
      return ms == 0 && seq == 0;
    }

    /** The next ID, or null past the last possible one (Redis's streamIncrID). */
    public Id next() {
      if (seq != -1L) {
        return new Id(ms, seq + 1);
      }
      return ms == -1L ? null : new Id(ms + 1, 0);
    }

    /** The previous ID, or null before 0-0 (Redis's streamDecrID). */
    public Id previous() {
      if (seq != 0) {
        return new Id(ms, seq - 1);
      }
      return ms == 0 ? null : new Id(ms - 1, -1L);
    }

    @Override
    public String toString() {
      return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] bytes() {
      return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses an ID argument as Redis's streamGenericParseIDOrReply: "-" and "+" (unless strict),
     * {@code ms}, {@code ms-seq}, and with {@code allowAutoSeq} {@code ms-*} (seq then comes back
     * as {@link Parsed#seqGiven} false). A missing seq is {@code missingSeq}. Null when invalid.
     */
    public static Parsed parse(byte[] arg, long missingSeq, boolean strict, boolean allowAutoSeq) {
      int len = 0;
      while (len < arg.length && arg[len] != 0) {
        len++; // Redis copies the argument into a C string: it ends at a NUL
      }
      if (arg.length > 127) {
        return null;
      }
      if (len == 1 && (arg[0] == '-' || arg[0] == '+')) {
        if (strict) {
          return null;
        }
        return new Parsed(arg[0] == '-' ? MIN : MAX, true);
      }
      int dash = -1;
      for (int i = 0; i < len; i++) {
        if (arg[i] == '-') {
          dash = i;
          break;
        }
      }
      Long ms = unsignedArg(arg, 0, dash < 0 ? len : dash);
      if (ms == null) {
        return null;
      }
      if (dash < 0) {
        return new Parsed(new Id(ms, missingSeq), true);
      }
      if (allowAutoSeq && len - dash - 1 == 1 && arg[dash + 1] == '*') {
        return new Parsed(new Id(ms, 0), false);
      }
      Long seq = unsignedArg(arg, dash + 1, len);
      return seq == null ? null : new Parsed(new Id(ms, seq), true);
    }

    /**
     * Redis's string2ull: a strict decimal long long that is not negative, else what C's
     * strtoull accepts in base 10 (leading blanks, a sign, leading zeros; "-n" wraps), else null.
     */
    static Long unsignedArg(byte[] s, int from, int to) {
      Long strict = strictLong(s, from, to);
      if (strict != null) {
        return strict < 0 ? null : strict;
      }
      int p = from;
      while (p < to && (s[p] == ' ' || (s[p] >= '\t' && s[p] <= '\r'))) {
        p++;
      }
      boolean negative = false;
      if (p < to && (s[p] == '+' || s[p] == '-')) {
        negative = s[p] == '-';
        p++;
      }
      if (p >= to) {
        return null;
      }
      long value = 0;
      for (; p < to; p++) {
        int d = s[p] - '0';
        if (d < 0 || d > 9) {
          return null;
        }
        long limit = Long.divideUnsigned(-1L, 10);
        if (Long.compareUnsigned(value, limit) > 0 || (value == limit && d > 5)) {
          return null; // ERANGE
        }
        value = value * 10 + d;
      }
      return negative ? -value : value;
    }

    /** Redis's string2ll: no blanks, no '+', no leading zeros; null when not such a number. */
    static Long strictLong(byte[] s, int from, int to) {
      int n = to - from;
      if (n == 0 || n > 20) {
        return null;
      }
      if (n == 1 && s[from] == '0') {
        return 0L;
      }
      int p = from;
      boolean negative = false;
      if (s[p] == '-') {
        negative = true;
        p++;
        if (p == to) {
          return null;
        }
      }
      if (s[p] < '1' || s[p] > '9') {
        return null;
      }
      long v = 0; // accumulated negated, so that Long.MIN_VALUE fits
      for (; p < to; p++) {
        int d = s[p] - '0';
        if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
          return null;
        }
        v = v * 10 - d;
      }
      if (negative) {
        return v;
      }
      return v == Long.MIN_VALUE ? null : -v;
    }
  }

  /** A parsed ID and whether its sequence was given ({@code ms-*} leaves it to XADD). */
  public record Parsed(Id id, boolean seqGiven) {}

  /** An entry: its ID and its fields and values, flattened (field, value, field, value...). */
  public record Entry(Id id, byte[][] fields) {}

  // ---------------------------------------------------------------- nodes

  /** One listpack of Redis's radix tree: its master ID and fields, its entries, deleted or not. */
  static final class Node {
    final Id master;
    final byte[][] masterFields;
    Id[] ids = new Id[4];
    /** Fields and values of each entry; null once deleted (the flag in Redis). */
    byte[][][] data = new byte[4][][];
    int size;
    int live;
    /** The listpack's bytes but for its two counters (live and deleted), whose size varies. */
    long bytesWithoutCounters;
    /** Fields of deleted entries by index: Redis keeps them in the listpack, and DUMP writes them. */
    byte[][][] tombstones;

    Node(Id master, byte[][] fields) {
      this.master = master;
      int n = fields.length / 2;
      this.masterFields = new byte[n][];
      long bytes = 7 + intElement(n) + intElement(0); // header, end, num-fields, terminator
      for (int i = 0; i < n; i++) {
        masterFields[i] = fields[2 * i];
        bytes += stringElement(fields[2 * i]);
      }
      this.bytesWithoutCounters = bytes;
    }

    long listpackBytes() {
      return bytesWithoutCounters + intElement(live) + intElement(size - live);
    }

    Id lastId() {
      return ids[size - 1];
    }

    boolean sameFieldsAsMaster(byte[][] fields) {
      if (fields.length / 2 != masterFields.length) {
        return false;
      }
      for (int i = 0; i < masterFields.length; i++) {
        if (!Arrays.equals(fields[2 * i], masterFields[i])) {
          return false;
        }
      }
      return true;
    }

    void append(Id id, byte[][] fields) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        data = Arrays.copyOf(data, size * 2);
      }
      boolean same = sameFieldsAsMaster(fields);
      int n = fields.length / 2;
      long bytes = intElement(same ? 2 : 0) + intElement(id.ms - master.ms)
          + intElement(id.seq - master.seq);
      if (!same) {
        bytes += intElement(n);
      }
      for (int i = 0; i < n; i++) {
        if (!same) {
          bytes += stringElement(fields[2 * i]);
        }
        bytes += stringElement(fields[2 * i + 1]);
      }
      bytes += intElement(n + 3 + (same ? 0 : n + 1));
      bytesWithoutCounters += bytes;
      ids[size] = id;
      data[size] = fields;
      size++;
      live++;
    }

    /** Flags entry {@code i} deleted, keeping its fields for DUMP and RDB files. */
    void markDeleted(int i) {
      if (tombstones == null || tombstones.length < ids.length) {
        tombstones = tombstones == null ? new byte[ids.length][][]
            : Arrays.copyOf(tombstones, ids.length);
      }
      tombstones[i] = data[i];
      data[i] = null;
      live--;
    }

    /** Index of the first entry with an ID at or above {@code id} (size when none). */
    int ceilingIndex(Id id) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ids[mid].compareTo(id) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** Index of the entry with this ID, deleted or not, or -1. */
    int indexOf(Id id) {
      int i = ceilingIndex(id);
      return i < size && ids[i].equals(id) ? i : -1;
    }
  }

  /** Size in a listpack of an integer element: encoding plus back-length (listpack.c). */
  static int intElement(long v) {
    int enc;
    if (v >= 0 && v <= 127) {
      enc = 1;
    } else if (v >= -4096 && v <= 4095) {
      enc = 2;
    } else if (v >= -32768 && v <= 32767) {
      enc = 3;
    } else if (v >= -8388608 && v <= 8388607) {
      enc = 4;
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      enc = 5;
    } else {
      enc = 9;
    }
    return enc + backlen(enc);
  }

  /** Size in a listpack of a string element, which listpack stores as an integer when it is one. */
  static long stringElement(byte[] s) {
    Long asInt = Id.strictLong(s, 0, s.length);
    if (asInt != null) {
      return intElement(asInt);
    }
    long enc = s.length < 64 ? 1 + s.length : s.length < 4096 ? 2 + s.length : 5 + s.length;
    return enc + backlen(enc);
  }

  private static int backlen(long l) {
    if (l <= 127) {
      return 1;
    } else if (l < 16383) {
      return 2;
    } else if (l < 2097151) {
      return 3;
    } else if (l < 268435455) {
      return 4;
    }
    return 5;
  }

  /** Redis's STREAM_LISTPACK_MAX_SIZE: a node never grows past it, whatever the config says. */
  static final long LISTPACK_MAX_SIZE = 1L << 30;

  // ---------------------------------------------------------------- groups

  /** A pending entry: delivered to a consumer and not acknowledged (Redis's streamNACK). */
  public static final class Pending {
    public final Id id;
    public long deliveryTime;
    public long deliveryCount;
    public Consumer consumer;

    public Pending(Id id, long deliveryTime, long deliveryCount, Consumer consumer) {
      this.id = id;
      this.deliveryTime = deliveryTime;
      this.deliveryCount = deliveryCount;
      this.consumer = consumer;
    }
  }

  /** A consumer of a group, with its own pending entries. */
  public static final class Consumer {
    public final byte[] name;
    public long seenTime;
    public final TreeMap<Id, Pending> pending = new TreeMap<>();

    Consumer(byte[] name, long seenTime) {
      this.name = name;
      this.seenTime = seenTime;
    }
  }

  /** Names compared as Redis's radix tree orders them: unsigned bytes. */
  static final Comparator<byte[]> NAME_ORDER = Arrays::compareUnsigned;

  /** A consumer group (Redis's streamCG). */
  public static final class Group {
    public final byte[] name;
    public Id lastId;
    /** Logical count of entries read, or {@link #INVALID_ENTRIES_READ} when unknown. */
    public long entriesRead;
    public final TreeMap<Id, Pending> pending = new TreeMap<>();
    public final TreeMap<byte[], Consumer> consumers = new TreeMap<>(NAME_ORDER);

    Group(byte[] name, Id lastId, long entriesRead) {
      this.name = name;
      this.lastId = lastId;
      this.entriesRead = entriesRead;
    }

    public Consumer consumer(byte[] name) {
      return consumers.get(name);
    }

    /** Creates a consumer; null when it exists. */
    public Consumer createConsumer(byte[] name, long now) {
      if (consumers.containsKey(name)) {
        return null;
      }
      Consumer c = new Consumer(name, now);
      consumers.put(name, c);
      return c;
    }

    /** A copy sharing nothing that changes: consumers and pending entries are new objects. */
    public Group copy() {
      Group cg = new Group(name, lastId, entriesRead);
      for (Consumer c : consumers.values()) {
        Consumer cc = new Consumer(c.name, c.seenTime);
        cg.consumers.put(cc.name, cc);
      }
      for (Pending p : pending.values()) {
        Consumer owner = cg.consumers.get(p.consumer.name);
        Pending np = new Pending(p.id, p.deliveryTime, p.deliveryCount, owner);
        cg.pending.put(np.id, np);
        owner.pending.put(np.id, np);
      }
      return cg;
    }

    /** Deletes a consumer and its pending entries; how many it had, or -1 if none such. */
    public long deleteConsumer(byte[] name) {
      Consumer c = consumers.remove(name);
      if (c == null) {
        return -1;
      }
      for (Id id : c.pending.keySet()) {
        pending.remove(id);
      }
      return c.pending.size();
    }
  }

  /** Redis's SCG_INVALID_ENTRIES_READ. */
  public static final long INVALID_ENTRIES_READ = -1;

  // ---------------------------------------------------------------- state

  /** The nodes by master ID (Redis's radix tree). */
  final TreeMap<Id, Node> nodes = new TreeMap<>();
  private long length;
  private Id lastId = Id.MIN;
  private Id firstId = Id.MIN;
  private Id maxDeletedId = Id.MIN;
  private long entriesAdded;
  /** Created on demand, by name in unsigned byte order as Redis's rax. */
  TreeMap<byte[], Group> groups;

  public StreamValue() {}

  @Override
  public String typeName() {
    return "stream";
  }

  @Override
  public String encoding() {
    return "stream";
  }

  /** Never empty as a container: Redis keeps a stream with no entries. */
  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public StreamValue copy() {
    StreamValue s = new StreamValue();
    for (Map.Entry<Id, Node> e : nodes.entrySet()) {
      Node src = e.getValue();
      Node copy = new Node(src.master, flatten(src.masterFields));
      copy.ids = src.ids.clone();
      copy.data = src.data.clone();
      copy.size = src.size;
      copy.live = src.live;
      copy.bytesWithoutCounters = src.bytesWithoutCounters;
      copy.tombstones = src.tombstones == null ? null : src.tombstones.clone();
      s.nodes.put(e.getKey(), copy);
    }
    s.length = length;
    s.lastId = lastId;
    s.firstId = firstId;
    s.maxDeletedId = maxDeletedId;
    s.entriesAdded = entriesAdded;
    if (groups != null) {
      s.groups = new TreeMap<>(NAME_ORDER);
      for (Group g : groups.values()) {
        s.groups.put(g.name, g.copy());
      }
    }
    return s;
  }

  /** A consumer as its primary has it now: {@code seenTime} null when it is gone. */
  public record ConsumerChange(byte[] name, Long seenTime) {}

  /** A pending entry as its primary has it now: {@code owner} null when it is gone. */
  public record PendingChange(Id id, byte[] owner, long deliveryTime, long deliveryCount) {}

  /**
   * On a replica: a group's changed parts as its primary has them now ({@code exists} false: the
   * group is gone). The consumers first, so that a pending entry finds its owner.
   */
  public void applyGroupChange(byte[] name, boolean exists, Id lastDelivered, long entriesRead,
      List<ConsumerChange> consumerChanges, List<PendingChange> pendingChanges) {
    if (!exists) {
      destroyGroup(name);
      return;
    }
    Group g = group(name);
    if (g == null) {
      g = createGroup(name, lastDelivered, entriesRead);
    }
    g.lastId = lastDelivered;
    g.entriesRead = entriesRead;
    for (ConsumerChange c : consumerChanges) {
      if (c.seenTime == null) {
        g.deleteConsumer(c.name);
      } else {
        Consumer consumer = g.consumer(c.name);
        if (consumer == null) {
          consumer = g.createConsumer(c.name, c.seenTime);
        }
        consumer.seenTime = c.seenTime;
      }
    }
    for (PendingChange p : pendingChanges) {
      Pending old = g.pending.remove(p.id);
      if (old != null) {
        old.consumer.pending.remove(p.id);
      }
      if (p.owner != null) {
        Consumer owner = g.consumer(p.owner);
        if (owner == null) { // not named as changed: it existed on the primary all along
          owner = g.createConsumer(p.owner, p.deliveryTime);
        }
        Pending now = new Pending(p.id, p.deliveryTime, p.deliveryCount, owner);
        g.pending.put(p.id, now);
        owner.pending.put(p.id, now);
      }
    }
  }

  private static byte[][] flatten(byte[][] fieldNames) {
    byte[][] flat = new byte[fieldNames.length * 2][];
    for (int i = 0; i < fieldNames.length; i++) {
      flat[2 * i] = fieldNames[i];
      flat[2 * i + 1] = fieldNames[i];
    }
    return flat;
  }

  public long length() {
    return length;
  }

  public Id lastId() {
    return lastId;
  }

  public Id firstId() {
    return firstId;
  }

  public Id maxDeletedId() {
    return maxDeletedId;
  }

  public long entriesAdded() {
    return entriesAdded;
  }

  /** The nodes by master ID, for DUMP and RDB files. */
  TreeMap<Id, Node> nodes() {
    return nodes;
  }

  /** A node read from a DUMP payload or RDB file, appended after the others. */
  void addNode(Node node) {
    nodes.put(node.master, node);
  }

  /** The counters of a stream read from a DUMP payload or RDB file. */
  void restoreState(long length, Id last, Id first, Id maxDeleted, long added) {
    this.length = length;
    this.lastId = last;
    this.firstId = first;
    this.maxDeletedId = maxDeleted;
    this.entriesAdded = added;
  }

  /** Number of nodes (XINFO's radix-tree-keys). */
  public int nodeCount() {
    return nodes.size();
  }

  /** XSETID: the last ID, and entries-added / max-deleted-entry-id when given (null: unchanged). */
  public void setIds(Id last, long entriesAddedOrMinus1, Id maxDeleted) {
    lastId = last;
    if (entriesAddedOrMinus1 != -1) {
      entriesAdded = entriesAddedOrMinus1;
    }
    if (maxDeleted != null && !maxDeleted.isZero()) {
      maxDeletedId = maxDeleted;
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Appends an entry whose ID the caller checked to be above {@link #lastId()}; the node limits are
   * stream-node-max-entries and stream-node-max-bytes (0: no limit).
   */
  public void append(Id id, byte[][] fields, long maxEntries, long maxBytes) {
    Map.Entry<Id, Node> tail = nodes.lastEntry();
    Node node = tail == null ? null : tail.getValue();
    if (node != null) {
      long nodeMaxBytes = maxBytes == 0 || maxBytes > LISTPACK_MAX_SIZE
          ? LISTPACK_MAX_SIZE : maxBytes;
      long total = 0;
      for (byte[] f : fields) {
        total += f.length;
      }
      if (node.listpackBytes() + total >= nodeMaxBytes) {
        node = null;
      } else if (maxEntries != 0 && node.size >= maxEntries) {
        node = null;
      }
    }
    if (node == null) {
      node = new Node(id, fields);
      nodes.put(id, node);
    }
    node.append(id, fields);
    length++;
    entriesAdded++;
    lastId = id;
    if (length == 1) {
      firstId = id;
    }
  }

  /** XDEL of one ID: true when a live entry was deleted. Updates first and max-deleted IDs later. */
  public boolean delete(Id id) {
    Map.Entry<Id, Node> e = nodes.floorEntry(id);
    if (e == null) {
      return false;
    }
    Node node = e.getValue();
    int i = node.indexOf(id);
    if (i < 0 || node.data[i] == null) {
      return false;
    }
    if (node.live == 1) {
      nodes.remove(e.getKey());
    } else {
      node.markDeleted(i);
    }
    length--;
    return true;
  }

  /** XDEL's bookkeeping after its deletions: max-deleted-entry-id and the first ID. */
  public void deleted(List<Id> ids) {
    boolean first = false;
    for (Id id : ids) {
      if (id.equals(firstId)) {
        first = true;
      }
      if (id.compareTo(maxDeletedId) > 0) {
        maxDeletedId = id;
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    if (length == 0) {
      firstId = Id.MIN;
    } else if (first) {
      firstId = firstLiveId();
    }
  }

  /** XADD's and XTRIM's trimming (Redis's streamTrim): how many entries were removed. */
  public long trim(boolean byMaxlen, long maxlen, Id minId, boolean approx, long limit) {
    long deleted = 0;
    while (!nodes.isEmpty()) {
      if (byMaxlen && length <= maxlen) {
        break;
      }
      Map.Entry<Id, Node> first = nodes.firstEntry();
      Node node = first.getValue();
      long entries = node.live;
      if (limit != 0 && deleted + entries > limit) {
        break;
      }
      boolean removeNode = byMaxlen ? length - entries >= maxlen
          : node.lastId().compareTo(minId) < 0;
      if (removeNode) {
        nodes.pollFirstEntry();
        length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) {
        break;
      }
      for (int i = 0; i < node.size; i++) {
        boolean stop = byMaxlen ? length <= maxlen : node.ids[i].compareTo(minId) >= 0;
        if (stop) {
          break;
        }
        if (node.data[i] != null) {
          node.markDeleted(i);
          length--;
          deleted++;
        }
      }
      break;
    }
    if (length == 0) {
      firstId = Id.MIN;
    } else {
      firstId = firstLiveId();
    }
    return deleted;
  }

  // ---------------------------------------------------------------- reads

  private Id firstLiveId() {
    Entry e = first();
    return e == null ? Id.MIN : e.id();
  }

  /** The first live entry, or null. */
  public Entry first() {
    List<Entry> one = range(Id.MIN, Id.MAX, 1, false);
    return one.isEmpty() ? null : one.get(0);
  }

  /** The last live entry, or null (its ID is Redis's streamLastValidID). */
  public Entry last() {
    List<Entry> one = range(Id.MIN, Id.MAX, 1, true);
    return one.isEmpty() ? null : one.get(0);
  }

  /** The fields of a live entry, or null when there is none with that ID. */
  public byte[][] get(Id id) {
    Map.Entry<Id, Node> e = nodes.floorEntry(id);
    if (e == null) {
      return null;
    }
    int i = e.getValue().indexOf(id);
    return i < 0 ? null : e.getValue().data[i];
  }

  /** Live entries with start <= ID <= end, at most {@code count} (0: all), in order or reversed. */
  public List<Entry> range(Id start, Id end, long count, boolean reverse) {
    List<Entry> out = new ArrayList<>();
    forEach(start, end, reverse, e -> {
      out.add(e);
      return count == 0 || out.size() < count;
    });
    return out;
  }

  /** Visits live entries in [start, end] until the visitor says stop (returns false). */
  public void forEach(Id start, Id end, boolean reverse, java.util.function.Predicate<Entry> visit) {
    if (start.compareTo(end) > 0 || nodes.isEmpty()) {
      return;
    }
    if (!reverse) {
      Id from = nodes.floorKey(start);
      for (Node node : (from == null ? nodes : nodes.tailMap(from, true)).values()) {
        for (int i = node.ceilingIndex(start); i < node.size; i++) {
          if (node.ids[i].compareTo(end) > 0) {
            return;
          }
          if (node.data[i] != null && !visit.test(new Entry(node.ids[i], node.data[i]))) {
            return;
          }
        }
      }
    } else {
      for (Node node : nodes.headMap(end, true).descendingMap().values()) {
        int i = node.ceilingIndex(end);
        if (i == node.size || node.ids[i].compareTo(end) > 0) {
          i--;
        }
        for (; i >= 0; i--) {
          if (node.ids[i].compareTo(start) < 0) {
            return;
          }
          if (node.data[i] != null && !visit.test(new Entry(node.ids[i], node.data[i]))) {
            return;
          }
        }
      }
    }
  }

  /**
   * XINFO's radix-tree-nodes: the nodes of a radix tree holding the node keys (16-byte big-endian
   * IDs) with every single-child chain compressed into one node, which is the shape Redis's rax
   * has after appends in ID order and head removals. One node for an empty tree.
   */
  public long radixTreeNodes() {
    if (nodes.isEmpty()) {
      return 1;
    }
    List<byte[]> keys = new ArrayList<>(nodes.size());
    for (Id id : nodes.keySet()) {
      byte[] k = new byte[16];
      for (int i = 0; i < 8; i++) {
        k[i] = (byte) (id.ms >>> (56 - 8 * i));
        k[8 + i] = (byte) (id.seq >>> (56 - 8 * i));
      }
      keys.add(k);
    }
    return treeNodes(keys, 0, keys.size(), 0);
  }

  /** Nodes below depth {@code d} for sorted distinct keys[from, to), all 16 bytes long. */
  private static long treeNodes(List<byte[]> keys, int from, int to, int d) {
    if (d == 16) {
      return 1; // the key's own leaf
    }
    if (keys.get(from)[d] == keys.get(to - 1)[d]) {
      // One child: a compressed node over the common prefix (or a one-child node).
      int common = d;
      while (common < 16 && keys.get(from)[common] == keys.get(to - 1)[common]) {
        common++;
      }
      return 1 + treeNodes(keys, from, to, common);
    }
    long total = 1;
    int i = from;
    while (i < to) {
      int j = i;
      while (j < to && keys.get(j)[d] == keys.get(i)[d]) {
        j++;
      }
      total += treeNodes(keys, i, j, d + 1);
      i = j;
    }
    return total;
  }

  // ---------------------------------------------------------------- groups

  public Group group(byte[] name) {
    return groups == null ? null : groups.get(name);
  }

  /** Every group in name order (empty when none). */
  public java.util.Collection<Group> groups() {
    return groups == null ? List.of() : groups.values();
  }

  /** Creates a group; null when one has that name. */
  public Group createGroup(byte[] name, Id lastDelivered, long entriesRead) {
    if (groups == null) {
      groups = new TreeMap<>(NAME_ORDER);
    }
    if (groups.containsKey(name)) {
      return null;
    }
    Group g = new Group(name, lastDelivered, entriesRead);
    groups.put(name, g);
    return g;
  }

  public boolean destroyGroup(byte[] name) {
    return groups != null && groups.remove(name) != null;
  }

  /**
   * Redis's streamEstimateDistanceFromFirstEverEntry: the logical read counter of an ID, or
   * {@link #INVALID_ENTRIES_READ} when the deletions make it unknowable.
   */
  public long estimateDistance(Id id) {
    if (entriesAdded == 0) {
      return 0;
    }
    if (length == 0 && id.compareTo(lastId) < 1) {
      return entriesAdded;
    }
    int cmpLast = id.compareTo(lastId);
    if (cmpLast == 0) {
      return entriesAdded;
    } else if (cmpLast > 0) {
      return INVALID_ENTRIES_READ;
    }
    int cmpFirst = id.compareTo(firstId);
    if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
      if (cmpFirst < 0) {
        return entriesAdded - length;
      } else if (cmpFirst == 0) {
        return entriesAdded - length + 1;
      }
    }
    return INVALID_ENTRIES_READ;
  }

  /** Redis's streamRangeHasTombstones for [start, +inf). */
  public boolean hasTombstonesFrom(Id start) {
    if (length == 0 || maxDeletedId.isZero()) {
      return false;
    }
    if (firstId.compareTo(maxDeletedId) > 0) {
      return false;
    }
    return start.compareTo(maxDeletedId) <= 0;
  }

  /** A group's lag as XINFO shows it, or null when unknown. */
  public Long lag(Group g) {
    if (entriesAdded == 0) {
      return 0L;
    }
    if (g.entriesRead != INVALID_ENTRIES_READ && !hasTombstonesFrom(g.lastId)) {
      return entriesAdded - g.entriesRead;
    }
    long read = estimateDistance(g.lastId);
    return read == INVALID_ENTRIES_READ ? null : entriesAdded - read;
  }
}
