package dev.cortado.keyspace;

import java.util.Iterator;
import java.util.Map;

/**
 * What Redis 7.0 would allocate for a key and its value, as MEMORY USAGE computes it
 * (objectComputeSize): the structures Redis would build for the value's encoding, each allocation
 * rounded up to jemalloc's size class. Small values (strings of every encoding, listpack hashes and
 * sorted sets, intsets, lists of one quicklist node) come out byte for byte as redis-server's
 * answer; for large ones Redis itself samples a few elements and extrapolates, and so does this,
 * from the same structures (node levels of Cortado's own skiplist instead of Redis's random ones,
 * quicklist nodes laid out as RPUSH would fill them).
 *
 * <p>The sizes are those of a 64-bit build: a robj is 16 bytes, a dictEntry 24, a dict 56.
 */
public final class MemoryUsage {
  static final int ROBJ = 16;
  static final int DICT_ENTRY = 24;
  private static final int DICT = 56;
  private static final int QUICKLIST = 40;
  private static final int QUICKLIST_NODE = 40;
  private static final int ZSET = 16;
  private static final int ZSKIPLIST = 32;
  /** The skiplist header node: 32 levels of (forward, span) after ele, score and backward. */
  private static final int ZSL_HEADER = alloc(24 + 16 * 32);
  /** The stream struct and what redis-server 7.0.15 counts beside it (fitted to its answers). */
  private static final int STREAM = 112;
  /** A stream's last listpack is allocated this large up front and counts so (fitted). */
  private static final int STREAM_PREALLOC = 4096;
  private static final int STREAM_CG = 40;
  private static final int STREAM_NACK = 24;
  private static final int STREAM_CONSUMER = 24;
  /** Quicklist's size limits per node for fill -1..-5 (optimization_level). */
  private static final int[] FILL_BYTES = {4096, 8192, 16384, 32768, 65536};
  /** A quicklist node's safety limit when the fill is a count. */
  private static final int SIZE_SAFETY_LIMIT = 8192;
  /** MEMORY USAGE's default number of elements sampled (OBJ_COMPUTE_SIZE_DEF_SAMPLES). */
  static final long DEFAULT_SAMPLES = 5;

  private MemoryUsage() {}

  /**
   * jemalloc's size class for an allocation: 8, 16, then steps of 16 to 64, then four classes per
   * doubling (80, 96, 112, 128, 160...), as zmalloc_size reports.
   */
  static int alloc(long size) {
    return (int) Math.min(Integer.MAX_VALUE, allocLong(size));
  }

  /** The same, unbounded: jemalloc's size class of an allocation (zmalloc_usable_size). */
  public static long allocLong(long size) {
    if (size <= 8) {
      return 8;
    }
    if (size <= 64) {
      return (size + 15) & ~15L;
    }
    long step = Long.highestOneBit(size - 1) >> 2;
    return (size + step - 1) / step * step;
  }

  /** Header bytes of an sds string of this length (sdsReqType; an empty one is an sdshdr8). */
  static int sdsHeader(long len) {
    if (len == 0) {
      return 3;
    }
    if (len < 32) {
      return 1;
    }
    if (len < 256) {
      return 3;
    }
    if (len < 65536) {
      return 5;
    }
    return len < 1L << 32 ? 9 : 17;
  }

  /** sdsZmallocSize of an sds made for exactly {@code len} bytes (sdsnewlen, sdsdup). */
  public static long sds(long len) {
    return allocLong(sdsHeader(len) + len + 1);
  }

  /** Buckets of a dict holding n entries grown one insert at a time: at least 4, a power of two. */
  static long slots(long n) {
    if (n == 0) {
      return 0;
    }
    return n <= 4 ? 4 : Long.highestOneBit(n - 1) << 1;
  }

  /** The key's share: its sds and its dictEntry in the keyspace (MEMORY USAGE adds both). */
  static long ofKey(byte[] key) {
    return sds(key.length) + DICT_ENTRY;
  }

  /** MEMORY USAGE of a key holding {@code v}, sampling up to {@code samples} elements. */
  static long of(byte[] key, Value v, long samples, int listFill) {
    return ofKey(key) + ofValue(v, samples, listFill);
  }

  /**
   * objectComputeSize: the value's object and what hangs from it; {@code listFill} is
   * list-max-listpack-size, which lays out a list's nodes.
   */
  static long ofValue(Value v, long samples, int listFill) {
    if (samples <= 0) {
      samples = Long.MAX_VALUE;
    }
    if (v instanceof StringValue s) {
      return ofString(s);
    } else if (v instanceof HashValue h) {
      return ofHash(h, samples);
    } else if (v instanceof SetValue s) {
      return ofSet(s, samples);
    } else if (v instanceof ListValue l) {
      return ofList(l, samples, listFill);
    } else if (v instanceof ZSetValue z) {
      return ofZSet(z, samples);
    } else if (v instanceof StreamValue s) {
      return ofStream(s, samples);
    }
    return ROBJ;
  }

  private static long ofString(StringValue s) {
    switch (s.encoding()) {
      case "int":
        return ROBJ;
      case "embstr":
        return alloc(ROBJ + 3 + s.length() + 1L); // object and sdshdr8 in one allocation
      default:
        // A string written in place keeps sds's spare room (its alloc, jemalloc's slack included).
        return ROBJ + s.sdsAllocation();
    }
  }

  // ------------------------------------------------------------------ listpacks

  /** Bytes of one listpack element holding this string (an integer when it reads as one). */
  static long lpElement(byte[] s) {
    return StreamValue.stringElement(s);
  }

  private static long lpBytes(long elementBytes) {
    return 6 + elementBytes + 1; // total-bytes and count header, the end byte
  }

  private static long ofHash(HashValue h, long samples) {
    if (h.encoding().equals("listpack")) {
      long bytes = 0;
      for (Map.Entry<Key, byte[]> e : h.fields.entrySet()) {
        bytes += lpElement(e.getKey().bytes) + lpElement(e.getValue());
      }
      return ROBJ + allocLong(lpBytes(bytes));
    }
    long n = h.size();
    long size = ROBJ + DICT + 8 * slots(n);
    long elements = 0;
    long sampled = 0;
    Iterator<Map.Entry<Key, byte[]>> it = h.fields.entrySet().iterator();
    while (it.hasNext() && sampled < samples) {
      Map.Entry<Key, byte[]> e = it.next();
      elements += sds(e.getKey().bytes.length) + sds(e.getValue().length) + DICT_ENTRY;
      sampled++;
    }
    return size + extrapolate(elements, sampled, n);
  }

  /** Redis's (double) elesize / samples * count, truncated as size_t. */
  private static long extrapolate(long bytes, long sampled, long count) {
    return sampled == 0 ? 0 : (long) ((double) bytes / sampled * count);
  }

  private static long ofSet(SetValue s, long samples) {
    if (s.members == null) {
      long width = 2;
      for (int i = 0; i < s.intCount; i++) {
        long x = s.ints[i];
        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
          width = 8;
          break;
        }
        if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
          width = 4;
        }
      }
      return ROBJ + allocLong(8 + width * s.intCount);
    }
    long n = s.size();
    long size = ROBJ + DICT + 8 * slots(n);
    long elements = 0;
    long sampled = 0;
    Iterator<Key> it = s.members.keySet().iterator();
    while (it.hasNext() && sampled < samples) {
      elements += DICT_ENTRY + sds(it.next().bytes.length);
      sampled++;
    }
    return size + extrapolate(elements, sampled, n);
  }

  private static long ofZSet(ZSetValue z, long samples) {
    if (z.encoding().equals("listpack")) {
      long bytes = 0;
      for (ZSetValue.Node n = z.first(); n != null; n = n.next()) {
        bytes += lpElement(n.member()) + lpElement(ScoreText.listpack(n.score())
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      return ROBJ + allocLong(lpBytes(bytes));
    }
    long count = z.size();
    long size = ROBJ + ZSET + ZSKIPLIST + DICT + 8 * slots(count) + ZSL_HEADER;
    long elements = 0;
    long sampled = 0;
    for (ZSetValue.Node n = z.first(); n != null && sampled < samples; n = n.next()) {
      elements += sds(n.member().length) + DICT_ENTRY + alloc(24 + 16L * n.forward.length);
      sampled++;
    }
    return size + extrapolate(elements, sampled, count);
  }

  // ------------------------------------------------------------------ quicklists

  /** Elements looked at when a list's layout is estimated rather than walked to its end. */
  static final int LIST_WALK = 4096;

  /**
   * A list is a quicklist in 7.0, whatever its length. Its nodes are laid out as pushes at the
   * tail fill them (list-max-listpack-size); Redis averages the first {@code samples} nodes and
   * multiplies by the number of nodes. Past {@link #LIST_WALK} elements the rest of the layout is
   * extrapolated from the elements walked, so an update costs a bounded number of steps.
   */
  static long ofList(ListValue l, long samples, int fill) {
    int n = l.size();
    long size = ROBJ + QUICKLIST;
    if (n == 0) {
      return size;
    }
    long nodeLimit = fill < 0 ? FILL_BYTES[Math.min(-fill, 5) - 1] : SIZE_SAFETY_LIMIT;
    long countLimit = fill < 0 ? Long.MAX_VALUE : Math.max(fill, 1);
    long sampledBytes = 0;
    long sampledNodes = 0;
    long nodes = 0;
    long nodeBytes = 7; // an empty listpack: header and end
    long nodeCount = 0;
    int walked = 0;
    boolean walkAll = samples == Long.MAX_VALUE;
    for (int i = 0; i < n && (walkAll || walked < LIST_WALK); i++, walked++) {
      byte[] e = l.get(i);
      long len = e.length;
      long overhead = (len < 254 ? 1 : 5) + (len < 64 ? 1 : len < 16384 ? 2 : 5);
      long grown = nodeBytes + len + overhead;
      boolean fits = fill < 0 ? grown <= nodeLimit
          : grown <= SIZE_SAFETY_LIMIT && nodeCount < countLimit;
      if (nodeCount > 0 && !fits) {
        if (sampledNodes < samples) {
          sampledBytes += QUICKLIST_NODE + allocLong(nodeBytes);
          sampledNodes++;
        }
        nodes++;
        nodeBytes = 7;
        nodeCount = 0;
      }
      nodeBytes += lpElement(e);
      nodeCount++;
    }
    // The node being filled when the walk stopped.
    if (sampledNodes < samples) {
      sampledBytes += QUICKLIST_NODE + allocLong(nodeBytes);
      sampledNodes++;
    }
    nodes++;
    if (walked < n) {
      // The rest of the list is laid out as the nodes closed so far were.
      long closed = nodes - 1;
      double perNode = closed > 0 ? (double) (walked - nodeCount) / closed : walked;
      nodes = (long) Math.ceil(n / Math.max(1.0, perNode));
    }
    return size + extrapolate(sampledBytes, sampledNodes, nodes);
  }

  // ------------------------------------------------------------------ streams

  /** Past this many nodes a stream's radix tree is estimated instead of counted. */
  private static final int RAX_COUNT_LIMIT = 1024;

  private static long raxUsage(long elements, long nodes) {
    return elements * 16 + nodes * 4 + nodes * 8 * 30; // streamRadixTreeMemoryUsage's recipe
  }

  private static long ofStream(StreamValue s, long samples) {
    int count = s.nodeCount();
    long raxNodes = count <= RAX_COUNT_LIMIT ? s.radixTreeNodes() : 2L * count;
    long size = ROBJ + STREAM + raxUsage(count, raxNodes);
    long bytes = 0;
    long sampled = 0;
    StreamValue.Node last = s.nodes.isEmpty() ? null : s.nodes.lastEntry().getValue();
    for (StreamValue.Node node : s.nodes.values()) {
      if (sampled >= samples) {
        break;
      }
      bytes += node == last ? Math.max(STREAM_PREALLOC, node.listpackBytes())
          : node.listpackBytes();
      sampled++;
    }
    if (count <= sampled) {
      size += bytes;
    } else {
      size += (sampled == 0 ? 0 : bytes / sampled) * (count - 1)
          + Math.max(STREAM_PREALLOC, last.listpackBytes());
    }
    if (s.groups != null) {
      for (StreamValue.Group g : s.groups.values()) {
        size += STREAM_CG + raxUsage(g.pending.size(), g.pending.size() + 1L)
            + (long) STREAM_NACK * g.pending.size();
        for (StreamValue.Consumer c : g.consumers.values()) {
          size += STREAM_CONSUMER + c.name.length + raxUsage(c.pending.size(), c.pending.size() + 1L);
        }
      }
    }
    return size;
  }
}
