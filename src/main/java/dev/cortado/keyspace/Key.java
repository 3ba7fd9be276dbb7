package dev.cortado.keyspace;

import java.util.Arrays;

/**
 * A binary key with a stable 62-bit hash. The hash orders the SCAN index, so a cursor is simply a
 * position in hash space: it stays valid whatever is inserted or removed between calls.
 */
final class Key implements Comparable<Key> {
  /** The largest hash: 62 bits keep every cursor a positive long. */
  static final long MAX_HASH = 0x3fffffffffffffffL;

  final byte[] bytes;
  /** In [1, {@link #MAX_HASH}]: cursor 0 means "start" and "done". */
  final long hash;

  Key(byte[] bytes) {
    this.bytes = bytes;
    this.hash = hash(bytes);
  }

  /** A key whose hash is already known ({@link #hash(byte[])} of these bytes). */
  Key(byte[] bytes, long hash) {
    this.bytes = bytes;
    this.hash = hash;
  }

  /** A probe that sorts before every key whose hash is at least {@code hash}. */
  private Key(long hash) {
    this.bytes = null;
    this.hash = hash;
  }

  static Key firstAt(long hash) {
    return new Key(hash);
  }

  /** FNV-1a over the bytes, then a murmur3 finaliser to spread it; 62 bits, at least 1. */
  static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    h &= MAX_HASH;
    return h == 0 ? 1 : h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return (int) (hash ^ (hash >>> 32));
  }

  @Override
  public int compareTo(Key o) {
    int c = Long.compare(hash, o.hash);
    if (c != 0) {
      return c;
    }
    if (bytes == null) {
      return o.bytes == null ? 0 : -1;
    }
    if (o.bytes == null) {
      return 1;
    }
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
