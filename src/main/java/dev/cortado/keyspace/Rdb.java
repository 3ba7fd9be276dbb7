package dev.cortado.keyspace;

import dev.cortado.protocol.Numbers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values in Redis 7.0's serialization (rdb.c, RDB version 10): what DUMP returns, RESTORE reads and
 * an RDB file holds per key. Written from Cortado's own encodings so that the bytes are Redis's
 * wherever Redis's are deterministic: strings, intsets, listpacks, skiplists (written tail first)
 * and streams; hashtable-encoded hashes and sets come in Cortado's order. Read with bounds checked
 * everywhere: a forged length fails as {@link Malformed} before any allocation it claims.
 */
public final class Rdb {
  /** The RDB version Redis 7.0 writes; a newer one is refused. */
  public static final int VERSION = 10;

  static final int TYPE_STRING = 0;
  static final int TYPE_LIST = 1;
  static final int TYPE_SET = 2;
  static final int TYPE_ZSET = 3;
  static final int TYPE_HASH = 4;
  static final int TYPE_ZSET_2 = 5;
  static final int TYPE_SET_INTSET = 11;
  static final int TYPE_STREAM_LISTPACKS = 15;
  static final int TYPE_HASH_LISTPACK = 16;
  static final int TYPE_ZSET_LISTPACK = 17;
  static final int TYPE_LIST_QUICKLIST_2 = 18;
  static final int TYPE_STREAM_LISTPACKS_2 = 19;

  /** quicklist's node container for listpacks (QUICKLIST_NODE_CONTAINER_PACKED). */
  private static final int CONTAINER_PACKED = 2;
  private static final int CONTAINER_PLAIN = 1;
  /** quicklist's byte limits for a negative list-max-listpack-size (-1 to -5). */
  private static final int[] NODE_BYTES = {4096, 8192, 16384, 32768, 65536};
  private static final int NODE_SAFETY_LIMIT = 8192;
  /** quicklist's estimate of an element's listpack overhead, whatever its size. */
  private static final int SIZE_ESTIMATE_OVERHEAD = 8;
  private static final int STREAM_DELETED = 1;
  private static final int STREAM_SAMEFIELDS = 2;

  private Rdb() {}

  /** A payload or file that cannot be read; RESTORE answers "Bad data format". */
  public static final class Malformed extends RuntimeException {
    public Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What shapes the bytes: the encoding limits (as for OBJECT ENCODING), list-max-listpack-size
   * and rdbcompression.
   */
  public record Settings(long hashEntries, long hashValue, long setIntsetEntries,
      long zsetEntries, long zsetValue, long listFill, boolean compress) {
    /** Read from CONFIG GET-style names. */
    public static Settings from(Function<String, String> config) {
      return new Settings(num(config, "hash-max-listpack-entries"),
          num(config, "hash-max-listpack-value"), num(config, "set-max-intset-entries"),
          num(config, "zset-max-listpack-entries"), num(config, "zset-max-listpack-value"),
          num(config, "list-max-listpack-size"),
          !"no".equalsIgnoreCase(config.apply("rdbcompression")));
    }

    private static long num(Function<String, String> config, String name) {
      return Long.parseLong(config.apply(name));
    }
  }

  // ================================================================ DUMP / RESTORE

  /** DUMP's payload: the type, the value, the RDB version (2 bytes LE) and a CRC-64 (8 bytes LE). */
  public static byte[] dump(Value v, Settings s) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Out out = new Out(buf, s.compress());
    out.writeValue(v, s);
    out.write(VERSION & 0xff);
    out.write(VERSION >> 8);
    out.writeCrc();
    return buf.toByteArray();
  }

  /** verifyDumpPayload: at least a footer, a version Redis 7.0 reads, the CRC-64 of the rest. */
  public static boolean verify(byte[] payload) {
    if (payload.length < 10) {
      return false;
    }
    int footer = payload.length - 10;
    int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
    if (version > VERSION) {
      return false;
    }
    long crc = Crc64.of(payload, 0, payload.length - 8);
    for (int i = 0; i < 8; i++) {
      if ((byte) (crc >>> (8 * i)) != payload[footer + 2 + i]) {
        return false;
      }
    }
    return true;
  }

  /** The value of a verified payload; {@link Malformed} when it is not one Redis would load. */
  public static Value restore(byte[] payload, Settings s) {
    // Redis reads from the whole buffer: a value may run into the footer, and bytes left over
    // between the value and the footer are ignored.
    In in = new In(payload, payload.length);
    int type = in.u8();
    Value v = in.readValue(type, s);
    if (v == null) {
      throw new Malformed("empty key");
    }
    return v;
  }

  /**
   * Sets the idle time a value arrives with (RESTORE IDLETIME, an RDB file's IDLE): its LRU clock
   * that many seconds back, wrapping as Redis's 24-bit clock does (objectSetLRUOrLFU).
   */
  public static void setIdle(Value v, long now, long idleSeconds) {
    v.accessedAt = now - Math.min(idleSeconds, now / 1000) * 1000;
    long at = ((now / 1000) & Lfu.LRU_CLOCK_MAX) - (idleSeconds & Lfu.LRU_CLOCK_MAX);
    v.lru = (int) (at < 0 ? at + Lfu.LRU_CLOCK_MAX : at);
  }

  /** Sets the LFU counter a value arrives with (RESTORE FREQ under an LFU policy). */
  public static void setFrequency(Value v, long now, int frequency) {
    v.lru = Lfu.minutes(now) << 8 | frequency;
  }

  // ================================================================ files

  /**
   * Writes a whole RDB file (RdbFile). {@code functions} is FUNCTION DUMP's payload without its
   * footer, empty when there are no libraries.
   */
  public static void writeFile(OutputStream out, Database[] dbs, Settings s, long nowMillis,
      long usedMemory, byte[] functions, boolean checksum) {
    RdbFile.write(out, dbs, s, nowMillis, usedMemory, functions, checksum);
  }

  /**
   * What a file load found: keys loaded, keys skipped as already expired, and the function
   * libraries as a FUNCTION RESTORE payload (null when the file has none).
   */
  public record Loaded(long keys, long expired, byte[] functions) {}

  /** Loads a file into empty databases; {@link Malformed} with the reason when it cannot. */
  public static Loaded loadFile(byte[] file, Database[] dbs, Settings s, long now) {
    return RdbFile.load(file, dbs, s, now);
  }

  // ================================================================ writing

  /** An RDB writer: counts and CRCs what it writes. */
  static final class Out {
    private final OutputStream out;
    private final boolean compress;
    private long crc;
    private final byte[] one = new byte[1];

    Out(OutputStream out, boolean compress) {
      this.out = out;
      this.compress = compress;
    }

    void write(int b) {
      one[0] = (byte) b;
      write(one, 0, 1);
    }

    void write(byte[] b, int off, int len) {
      crc = Crc64.update(crc, b, off, off + len);
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(byte[] b) {
      write(b, 0, b.length);
    }

    /** The CRC-64 of everything written so far, 8 bytes LE (not itself part of the CRC). */
    void writeCrc() {
      writeCrc(crc);
    }

    void writeCrc(long value) {
      byte[] b = new byte[8];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (value >>> (8 * i));
      }
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** rdbSaveLen: 6 bits, 14 bits, 32 bits or 64 bits (big-endian), by size. */
    void writeLength(long n) {
      if (n >= 0 && n < 64) {
        write((int) n);
      } else if (n >= 0 && n < 16384) {
        write(0x40 | (int) (n >> 8));
        write((int) n & 0xff);
      } else if (n >= 0 && n <= 0xFFFFFFFFL) {
        write(0x80);
        writeBigEndian(n, 4);
      } else {
        write(0x81);
        writeBigEndian(n, 8);
      }
    }

    private void writeBigEndian(long n, int size) {
      for (int shift = 8 * (size - 1); shift >= 0; shift -= 8) {
        write((int) (n >>> shift) & 0xff);
      }
    }

    void writeLittleEndian(long n, int size) {
      for (int i = 0; i < size; i++) {
        write((int) (n >>> (8 * i)) & 0xff);
      }
    }

    /**
     * rdbSaveRawString: a canonical integer of up to 11 characters that fits 32 bits as an encoded
     * integer; longer than 20 bytes LZF-compressed when that saves at least 4 bytes; else raw.
     */
    void writeString(byte[] s) {
      if (s.length <= 11 && s.length > 0) {
        long v = Numbers.parseLong(s, Long.MIN_VALUE);
        if (v != Long.MIN_VALUE) {
          if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
            write(0xC0);
            writeLittleEndian(v, 1);
            return;
          } else if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
            write(0xC1);
            writeLittleEndian(v, 2);
            return;
          } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            write(0xC2);
            writeLittleEndian(v, 4);
            return;
          }
        }
      }
      if (compress && s.length > 20) {
        byte[] packed = Lzf.compress(s, s.length - 4);
        if (packed != null) {
          write(0xC3);
          writeLength(packed.length);
          writeLength(s.length);
          write(packed);
          return;
        }
      }
      writeLength(s.length);
      write(s);
    }

    void writeString(String s) {
      writeString(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeValue(Value v, Settings s) {
      if (v instanceof StringValue str) {
        write(TYPE_STRING);
        writeString(str.bytes());
      } else if (v instanceof ListValue list) {
        writeList(list, s.listFill());
      } else if (v instanceof SetValue set) {
        writeSet(set);
      } else if (v instanceof HashValue hash) {
        writeHash(hash);
      } else if (v instanceof ZSetValue zset) {
        writeZSet(zset);
      } else if (v instanceof StreamValue stream) {
        writeStream(stream);
      } else {
        throw new IllegalStateException("no RDB form for " + v.typeName());
      }
    }

    private void writeList(ListValue list, long fill) {
      write(TYPE_LIST_QUICKLIST_2);
      List<byte[]> nodes = new ArrayList<>();
      Listpack node = null;
      for (int i = 0; i < list.size(); i++) {
        byte[] e = list.get(i);
        if (node == null || !allowInsert(node, fill, e.length)) {
          if (node != null) {
            nodes.add(node.toBytes());
          }
          node = new Listpack();
        }
        node.add(e);
      }
      if (node != null) {
        nodes.add(node.toBytes());
      }
      writeLength(nodes.size());
      for (byte[] lp : nodes) {
        writeLength(CONTAINER_PACKED);
        writeString(lp);
      }
    }

    /**
     * quicklist's _quicklistNodeAllowInsert: whether a pushed element of {@code sz} bytes still goes
     * into the tail node. Exact for lists built by RPUSH; Redis's nodes also remember where LPUSH
     * and LINSERT split them, which a list of elements cannot.
     */
    private static boolean allowInsert(Listpack node, long fill, int sz) {
      long newSize = (long) node.size() + sz + SIZE_ESTIMATE_OVERHEAD;
      if (fill < 0) {
        long offset = -fill - 1;
        return offset < NODE_BYTES.length && newSize <= NODE_BYTES[(int) offset];
      }
      return newSize <= NODE_SAFETY_LIMIT && node.count() < fill;
    }

    private void writeSet(SetValue set) {
      List<byte[]> members = set.members();
      if (set.encoding().equals("intset")) {
        write(TYPE_SET_INTSET);
        long[] values = new long[members.size()];
        int width = 2;
        for (int i = 0; i < values.length; i++) {
          values[i] = Numbers.parseLong(members.get(i), 0);
          if (values[i] < Short.MIN_VALUE || values[i] > Short.MAX_VALUE) {
            width = Math.max(width, 4);
          }
          if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
            width = 8;
          }
        }
        byte[] blob = new byte[8 + width * values.length];
        putLittleEndian(blob, 0, width, 4);
        putLittleEndian(blob, 4, values.length, 4);
        for (int i = 0; i < values.length; i++) {
          putLittleEndian(blob, 8 + i * width, values[i], width);
        }
        writeString(blob);
        return;
      }
      write(TYPE_SET);
      writeLength(members.size());
      for (byte[] m : members) {
        writeString(m);
      }
    }

    private void writeHash(HashValue hash) {
      List<Map.Entry<byte[], byte[]>> entries = hash.entries();
      if (hash.encoding().equals("listpack")) {
        write(TYPE_HASH_LISTPACK);
        Listpack lp = new Listpack();
        for (Map.Entry<byte[], byte[]> e : entries) {
          lp.add(e.getKey()).add(e.getValue());
        }
        writeString(lp.toBytes());
        return;
      }
      write(TYPE_HASH);
      writeLength(entries.size());
      for (Map.Entry<byte[], byte[]> e : entries) {
        writeString(e.getKey());
        writeString(e.getValue());
      }
    }

    private void writeZSet(ZSetValue zset) {
      if (zset.encoding().equals("listpack")) {
        write(TYPE_ZSET_LISTPACK);
        Listpack lp = new Listpack();
        for (ZSetValue.Node n = zset.first(); n != null; n = n.next()) {
          lp.add(n.member()).add(ScoreText.listpack(n.score()));
        }
        writeString(lp.toBytes());
        return;
      }
      // Tail first, so that loading inserts at the head in O(1) (rdbSaveObject's reason).
      write(TYPE_ZSET_2);
      writeLength(zset.size());
      for (ZSetValue.Node n = zset.last(); n != null; n = n.previous()) {
        writeString(n.member());
        writeLittleEndian(Double.doubleToRawLongBits(n.score()), 8);
      }
    }

    private void writeStream(StreamValue s) {
      write(TYPE_STREAM_LISTPACKS_2);
      writeLength(s.nodes().size());
      for (StreamValue.Node node : s.nodes().values()) {
        writeString(idKey(node.master));
        writeString(nodeListpack(node));
      }
      writeLength(s.length());
      writeLength(s.lastId().ms());
      writeLength(s.lastId().seq());
      writeLength(s.firstId().ms());
      writeLength(s.firstId().seq());
      writeLength(s.maxDeletedId().ms());
      writeLength(s.maxDeletedId().seq());
      writeLength(s.entriesAdded());
      java.util.Collection<StreamValue.Group> groups = s.groups();
      writeLength(groups.size());
      for (StreamValue.Group g : groups) {
        writeString(g.name);
        writeLength(g.lastId.ms());
        writeLength(g.lastId.seq());
        writeLength(g.entriesRead);
        writeLength(g.pending.size());
        for (StreamValue.Pending p : g.pending.values()) {
          write(idKey(p.id));
          writeLittleEndian(p.deliveryTime, 8);
          writeLength(p.deliveryCount);
        }
        writeLength(g.consumers.size());
        for (StreamValue.Consumer c : g.consumers.values()) {
          writeString(c.name);
          writeLittleEndian(c.seenTime, 8);
          writeLength(c.pending.size());
          for (StreamValue.Id id : c.pending.keySet()) {
            write(idKey(id));
          }
        }
      }
    }
  }

  /** A stream ID as the 16 big-endian bytes Redis's rax keys use. */
  static byte[] idKey(StreamValue.Id id) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (id.ms() >>> (56 - 8 * i));
      b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
    }
    return b;
  }

  /** A stream node as t_stream.c lays it out: the master entry, then each entry, deleted or not. */
  static byte[] nodeListpack(StreamValue.Node node) {
    Listpack lp = new Listpack();
    lp.addInt(node.live).addInt(node.size - node.live).addInt(node.masterFields.length);
    for (byte[] f : node.masterFields) {
      lp.add(f);
    }
    lp.addInt(0);
    for (int i = 0; i < node.size; i++) {
      boolean deleted = node.data[i] == null;
      byte[][] fields = deleted ? node.tombstones[i] : node.data[i];
      boolean same = node.sameFieldsAsMaster(fields);
      int n = fields.length / 2;
      StreamValue.Id id = node.ids[i];
      lp.addInt((deleted ? STREAM_DELETED : 0) | (same ? STREAM_SAMEFIELDS : 0));
      lp.addInt(id.ms() - node.master.ms()).addInt(id.seq() - node.master.seq());
      if (!same) {
        lp.addInt(n);
      }
      for (int j = 0; j < n; j++) {
        if (!same) {
          lp.add(fields[2 * j]);
        }
        lp.add(fields[2 * j + 1]);
      }
      lp.addInt(n + 3 + (same ? 0 : n + 1));
    }
    return lp.toBytes();
  }

  private static void putLittleEndian(byte[] b, int at, long v, int size) {
    for (int i = 0; i < size; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  // ================================================================ reading

  /** An RDB reader over bytes in memory, never past {@code limit}. */
  static final class In {
    private final byte[] in;
    private final int limit;
    int pos;

    In(byte[] in, int limit) {
      this.in = in;
      this.limit = limit;
    }

    int u8() {
      if (pos >= limit) {
        throw new Malformed("truncated");
      }
      return in[pos++] & 0xff;
    }

    byte[] raw(long n) {
      if (n < 0 || n > limit - pos) {
        throw new Malformed("truncated");
      }
      byte[] out = Arrays.copyOfRange(in, pos, pos + (int) n);
      pos += (int) n;
      return out;
    }

    long littleEndian(int size) {
      if (limit - pos < size) {
        throw new Malformed("truncated");
      }
      long v = 0;
      for (int i = 0; i < size; i++) {
        v |= (in[pos + i] & 0xffL) << (8 * i);
      }
      pos += size;
      return v;
    }

    private long bigEndian(int size) {
      if (limit - pos < size) {
        throw new Malformed("truncated");
      }
      long v = 0;
      for (int i = 0; i < size; i++) {
        v = v << 8 | (in[pos++] & 0xff);
      }
      return v;
    }

    /** rdbLoadLen; an encoded-value marker where a length belongs is refused. */
    long length() {
      int first = u8();
      switch (first >> 6) {
        case 0:
          return first & 0x3f;
        case 1:
          return (first & 0x3f) << 8 | u8();
        case 2:
          if (first == 0x80) {
            return bigEndian(4);
          } else if (first == 0x81) {
            return bigEndian(8);
          }
          throw new Malformed("length encoding");
        default:
          throw new Malformed("encoded length");
      }
    }

    /** A count of things still to read, each at least one byte: more than remain is a lie. */
    long count() {
      long n = length();
      if (n < 0 || n > limit - pos) {
        throw new Malformed("count");
      }
      return n;
    }

    /** An RDB string: raw, an encoded integer or LZF. */
    byte[] string() {
      int first = u8();
      if ((first >> 6) == 3) {
        switch (first & 0x3f) {
          case 0:
            return integer(1);
          case 1:
            return integer(2);
          case 2:
            return integer(4);
          case 3:
            return lzf();
          default:
            throw new Malformed("string encoding");
        }
      }
      pos--;
      return raw(length());
    }

    private byte[] integer(int size) {
      long v = littleEndian(size);
      v = (v << (64 - 8 * size)) >> (64 - 8 * size);
      return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] lzf() {
      long packedLength = length();
      long length = length();
      byte[] packed = raw(packedLength);
      // A back reference expands 3 bytes to at most 264: a longer claim cannot be honest.
      if (length == 0 || length > packedLength * 88 || length > Integer.MAX_VALUE - 8) {
        throw new Malformed("lzf length");
      }
      byte[] out = new byte[(int) length];
      if (Lzf.decompress(packed, out) != length) {
        throw new Malformed("lzf data");
      }
      return out;
    }

    /** A binary double (RDB_TYPE_ZSET_2). */
    double binaryDouble() {
      return Double.longBitsToDouble(littleEndian(8));
    }

    /** An old-style double (RDB_TYPE_ZSET): a length byte, 253 nan, 254 inf, 255 -inf. */
    double textDouble() {
      int len = u8();
      switch (len) {
        case 253:
          return Double.NaN;
        case 254:
          return Double.POSITIVE_INFINITY;
        case 255:
          return Double.NEGATIVE_INFINITY;
        default:
          return parseScore(raw(len));
      }
    }

    /**
     * rdbLoadObject for the types Redis 7.0 writes (and the older plain ones it still reads).
     * Null for an empty container, which Redis skips ("empty keys skipped").
     */
    Value readValue(int type, Settings s) {
      switch (type) {
        case TYPE_STRING:
          return new StringValue(string());
        case TYPE_LIST: {
          long n = count();
          ListValue list = new ListValue();
          for (long i = 0; i < n; i++) {
            list.pushTail(string());
          }
          return list.isEmpty() ? null : list;
        }
        case TYPE_LIST_QUICKLIST_2:
          return readQuicklist();
        case TYPE_SET:
          return readSet(s);
        case TYPE_SET_INTSET:
          return readIntset(s);
        case TYPE_HASH:
          return readHash(s);
        case TYPE_HASH_LISTPACK:
          return readHashListpack(s);
        case TYPE_ZSET:
        case TYPE_ZSET_2:
          return readZSet(s, type == TYPE_ZSET_2);
        case TYPE_ZSET_LISTPACK:
          return readZSetListpack(s);
        case TYPE_STREAM_LISTPACKS:
        case TYPE_STREAM_LISTPACKS_2:
          return readStream(type == TYPE_STREAM_LISTPACKS_2);
        default:
          throw new Malformed("unknown type " + type);
      }
    }

    private Value readQuicklist() {
      long nodes = count();
      ListValue list = new ListValue();
      for (long i = 0; i < nodes; i++) {
        long container = length();
        byte[] data = string();
        if (container == CONTAINER_PLAIN) {
          list.pushTail(data);
        } else if (container == CONTAINER_PACKED) {
          List<Listpack.Element> elements = Listpack.parse(data);
          if (elements.isEmpty()) {
            continue; // Redis skips an empty node
          }
          for (Listpack.Element e : elements) {
            list.pushTail(e.bytes());
          }
        } else {
          throw new Malformed("quicklist container");
        }
      }
      return list.isEmpty() ? null : list;
    }

    private Value readSet(Settings s) {
      long n = count();
      SetValue set = new SetValue();
      for (long i = 0; i < n; i++) {
        if (!set.add(string(), s.setIntsetEntries())) {
          throw new Malformed("duplicate set member");
        }
      }
      return set.isEmpty() ? null : set;
    }

    private Value readIntset(Settings s) {
      byte[] blob = string();
      if (blob.length < 8) {
        throw new Malformed("intset");
      }
      long width = (blob[0] & 0xffL) | (blob[1] & 0xffL) << 8 | (blob[2] & 0xffL) << 16
          | (blob[3] & 0xffL) << 24;
      long n = (blob[4] & 0xffL) | (blob[5] & 0xffL) << 8 | (blob[6] & 0xffL) << 16
          | (blob[7] & 0xffL) << 24;
      if ((width != 2 && width != 4 && width != 8) || 8 + n * width != blob.length) {
        throw new Malformed("intset");
      }
      SetValue set = new SetValue();
      long previous = 0;
      for (int i = 0; i < n; i++) {
        long v = 0;
        for (int k = 0; k < width; k++) {
          v |= (blob[8 + i * (int) width + k] & 0xffL) << (8 * k);
        }
        v = (v << (64 - 8 * width)) >> (64 - 8 * width);
        if (i > 0 && v <= previous) {
          throw new Malformed("intset order");
        }
        previous = v;
        set.add(Long.toString(v).getBytes(StandardCharsets.US_ASCII), s.setIntsetEntries());
      }
      return set.isEmpty() ? null : set;
    }

    private Value readHash(Settings s) {
      long n = count();
      HashValue hash = new HashValue();
      for (long i = 0; i < n; i++) {
        byte[] field = string();
        byte[] value = string();
        if (!hash.put(field, value, s.hashEntries(), s.hashValue())) {
          throw new Malformed("duplicate hash field");
        }
      }
      return hash.isEmpty() ? null : hash;
    }

    private Value readHashListpack(Settings s) {
      List<Listpack.Element> elements = Listpack.parse(string());
      if (elements.size() % 2 != 0) {
        throw new Malformed("hash listpack");
      }
      HashValue hash = new HashValue();
      for (int i = 0; i < elements.size(); i += 2) {
        // A listpack payload converts by its length only (rdbLoadObject), not its values' sizes.
        if (!hash.put(elements.get(i).bytes(), elements.get(i + 1).bytes(), s.hashEntries(),
            Long.MAX_VALUE)) {
          throw new Malformed("duplicate hash field");
        }
      }
      return hash.isEmpty() ? null : hash;
    }

    private Value readZSet(Settings s, boolean binary) {
      long n = count();
      ZSetValue zset = new ZSetValue();
      for (long i = 0; i < n; i++) {
        byte[] member = string();
        double score = binary ? binaryDouble() : textDouble();
        if (Double.isNaN(score)) {
          throw new Malformed("zset NaN score");
        }
        if (zset.put(member, score, s.zsetEntries(), s.zsetValue()) != ZSetValue.Change.ADDED) {
          throw new Malformed("duplicate zset member");
        }
      }
      return zset.isEmpty() ? null : zset;
    }

    private Value readZSetListpack(Settings s) {
      List<Listpack.Element> elements = Listpack.parse(string());
      if (elements.size() % 2 != 0) {
        throw new Malformed("zset listpack");
      }
      ZSetValue zset = new ZSetValue();
      for (int i = 0; i < elements.size(); i += 2) {
        Listpack.Element score = elements.get(i + 1);
        double d = score.isInt() ? score.num() : parseScore(score.str());
        if (zset.put(elements.get(i).bytes(), d, s.zsetEntries(), Long.MAX_VALUE)
            != ZSetValue.Change.ADDED) {
          throw new Malformed("duplicate zset member");
        }
      }
      return zset.isEmpty() ? null : zset;
    }

    private StreamValue.Id id() {
      return new StreamValue.Id(length(), length());
    }

    private static StreamValue.Id idFromKey(byte[] k) {
      long ms = 0;
      long seq = 0;
      for (int i = 0; i < 8; i++) {
        ms = ms << 8 | (k[i] & 0xff);
        seq = seq << 8 | (k[8 + i] & 0xff);
      }
      return new StreamValue.Id(ms, seq);
    }

    private Value readStream(boolean v2) {
      StreamValue stream = new StreamValue();
      long nodes = count();
      StreamValue.Id previous = null;
      for (long i = 0; i < nodes; i++) {
        byte[] key = string();
        if (key.length != 16) {
          throw new Malformed("stream node key");
        }
        StreamValue.Id master = idFromKey(key);
        if (previous != null && master.compareTo(previous) <= 0) {
          throw new Malformed("stream node order");
        }
        StreamValue.Node node = readStreamNode(master, Listpack.parse(string()));
        previous = node.lastId();
        stream.addNode(node);
      }
      long length = length();
      StreamValue.Id last = id();
      StreamValue.Id first;
      StreamValue.Id maxDeleted;
      long added;
      if (v2) {
        first = id();
        maxDeleted = id();
        added = length();
      } else {
        // Pre-7.0 streams: what streamGetEdgeID and the stream's length give, as Redis loads them.
        StreamValue.Entry e = stream.first();
        first = e == null ? StreamValue.Id.MIN : e.id();
        maxDeleted = StreamValue.Id.MIN;
        added = length;
      }
      stream.restoreState(length, last, first, maxDeleted, added);
      long live = 0;
      for (StreamValue.Node n : stream.nodes().values()) {
        live += n.live;
      }
      if (live != length || (previous != null && previous.compareTo(last) > 0)) {
        throw new Malformed("stream length");
      }
      long groups = count();
      for (long g = 0; g < groups; g++) {
        byte[] name = string();
        StreamValue.Id lastId = id();
        long entriesRead = v2 ? length() : StreamValue.INVALID_ENTRIES_READ;
        StreamValue.Group group = stream.createGroup(name, lastId, entriesRead);
        if (group == null) {
          throw new Malformed("duplicate group");
        }
        long pending = count();
        for (long p = 0; p < pending; p++) {
          StreamValue.Id id = idFromKey(raw(16));
          long time = littleEndian(8);
          long deliveries = length();
          if (group.pending.put(id, new StreamValue.Pending(id, time, deliveries, null)) != null) {
            throw new Malformed("duplicate pending entry");
          }
        }
        long consumers = count();
        for (long c = 0; c < consumers; c++) {
          byte[] consumerName = string();
          long seen = littleEndian(8);
          StreamValue.Consumer consumer = group.createConsumer(consumerName, seen);
          if (consumer == null) {
            throw new Malformed("duplicate consumer");
          }
          long owned = count();
          for (long p = 0; p < owned; p++) {
            StreamValue.Pending nack = group.pending.get(idFromKey(raw(16)));
            if (nack == null || nack.consumer != null) {
              throw new Malformed("consumer pending entry");
            }
            nack.consumer = consumer;
            consumer.pending.put(nack.id, nack);
          }
        }
        for (StreamValue.Pending p : group.pending.values()) {
          if (p.consumer == null) {
            throw new Malformed("pending entry without consumer");
          }
        }
      }
      return stream;
    }

    /** One node's listpack back into entries, deleted ones kept as tombstones. */
    private static StreamValue.Node readStreamNode(StreamValue.Id master,
        List<Listpack.Element> lp) {
      int[] at = {0};
      long count = intElement(lp, at);
      long deleted = intElement(lp, at);
      long numFields = intElement(lp, at);
      if (numFields < 0 || numFields > lp.size()) {
        throw new Malformed("stream master fields");
      }
      byte[][] masterFields = new byte[(int) numFields * 2][];
      for (int i = 0; i < numFields; i++) {
        masterFields[2 * i] = element(lp, at).bytes();
        masterFields[2 * i + 1] = masterFields[2 * i];
      }
      if (intElement(lp, at) != 0) {
        throw new Malformed("stream master terminator");
      }
      StreamValue.Node node = new StreamValue.Node(master, masterFields);
      List<Integer> gone = new ArrayList<>();
      while (at[0] < lp.size()) {
        long flags = intElement(lp, at);
        long ms = master.ms() + intElement(lp, at);
        long seq = master.seq() + intElement(lp, at);
        StreamValue.Id id = new StreamValue.Id(ms, seq);
        boolean same = (flags & STREAM_SAMEFIELDS) != 0;
        long n = same ? numFields : intElement(lp, at);
        if (n < 0 || n > lp.size()) {
          throw new Malformed("stream entry fields");
        }
        byte[][] fields = new byte[(int) n * 2][];
        for (int j = 0; j < n; j++) {
          fields[2 * j] = same ? masterFields[2 * j] : element(lp, at).bytes();
          fields[2 * j + 1] = element(lp, at).bytes();
        }
        if (intElement(lp, at) != n + 3 + (same ? 0 : n + 1)) {
          throw new Malformed("stream entry lp-count");
        }
        if (node.size > 0 && id.compareTo(node.lastId()) <= 0 || id.compareTo(master) < 0) {
          throw new Malformed("stream entry order");
        }
        node.append(id, fields);
        if ((flags & STREAM_DELETED) != 0) {
          gone.add(node.size - 1);
        }
      }
      for (int i : gone) {
        node.markDeleted(i);
      }
      if (node.size == 0 || node.live != count || node.size - node.live != deleted
          || node.live == 0) {
        throw new Malformed("stream node counters");
      }
      return node;
    }

    private static Listpack.Element element(List<Listpack.Element> lp, int[] at) {
      if (at[0] >= lp.size()) {
        throw new Malformed("stream listpack truncated");
      }
      return lp.get(at[0]++);
    }

    private static long intElement(List<Listpack.Element> lp, int[] at) {
      Listpack.Element e = element(lp, at);
      if (e.isInt()) {
        return e.num();
      }
      long v = Numbers.parseLong(e.str(), Long.MIN_VALUE);
      if (v == Long.MIN_VALUE) {
        throw new Malformed("stream integer");
      }
      return v;
    }
  }

  /** A score written as text (zzlStrtod / old RDB doubles): NaN and garbage are refused. */
  static double parseScore(byte[] s) {
    String t = new String(s, StandardCharsets.US_ASCII);
    double d;
    if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("+inf")) {
      d = Double.POSITIVE_INFINITY;
    } else if (t.equalsIgnoreCase("-inf")) {
      d = Double.NEGATIVE_INFINITY;
    } else {
      try {
        d = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new Malformed("score");
      }
    }
    if (Double.isNaN(d)) {
      throw new Malformed("score");
    }
    return d;
  }
}
