package dev.cortado.keyspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A Redis hash: binary fields mapped to binary values, in one of Redis 7.0's two encodings, so that
 * OBJECT ENCODING, iteration order and HSCAN replies match Redis.
 *
 * <ul>
 *   <li>"listpack" while small: fields keep insertion order (an update stays in place), and HSCAN
 *       returns everything in one reply.
 *   <li>"hashtable" once a field or value grew longer than hash-max-listpack-value bytes, or the
 *       hash grew past hash-max-listpack-entries fields. Redis never converts back, nor does this.
 *       Fields are then ordered by the stable hash of {@link Key}, so an HSCAN cursor is a position
 *       in hash space that survives any change between calls, exactly like the keyspace's SCAN.
 * </ul>
 *
 * <p>Field and value arrays are never modified once stored, so they may be shared with replies and
 * copies.
 */
public final class HashValue extends Value {
  /** A LinkedHashMap (insertion order) while listpack, a TreeMap (hash order) once hashtable. */
  Map<Key, byte[]> fields = new LinkedHashMap<>();
  private boolean listpack = true;
  /** The entries in iteration order, built on demand, dropped at every change; indexable. */
  private List<Map.Entry<byte[], byte[]>> snapshot;

  public HashValue() {}

  @Override
  public String typeName() {
    return "hash";
  }

  @Override
  public String encoding() {
    return listpack ? "listpack" : "hashtable";
  }

  /** Same encoding and order, as Redis's hashTypeDup; the (immutable) arrays are shared. */
  @Override
  public Value copy() {
    HashValue copy = new HashValue();
    copy.listpack = listpack;
    copy.fields = listpack ? new LinkedHashMap<>(fields) : new TreeMap<>(fields);
    return copy;
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  public int size() {
    return fields.size();
  }

  /** The value of a field, or null. */
  public byte[] get(byte[] field) {
    return fields.get(new Key(field));
  }

  /**
   * Sets a field, converting to "hashtable" where Redis's hashTypeSet does: before the write when
   * the field or value is longer than {@code maxListpackValue}, after it when the hash has more
   * than {@code maxListpackEntries} fields.
   *
   * @return true when the field is new, false when an existing one was updated
   */
  public boolean put(byte[] field, byte[] value, long maxListpackEntries, long maxListpackValue) {
    if (listpack && (field.length > maxListpackValue || value.length > maxListpackValue)) {
      convertToHashtable();
    }
    snapshot = null;
    boolean added = fields.put(new Key(field), value) == null;
    if (listpack && fields.size() > maxListpackEntries) {
      convertToHashtable();
    }
    return added;
  }

  /** Removes a field; true when it was there. The caller deletes the key once the hash is empty. */
  public boolean remove(byte[] field) {
    boolean removed = fields.remove(new Key(field)) != null;
    if (removed) {
      snapshot = null;
    }
    return removed;
  }

  private void convertToHashtable() {
    fields = new TreeMap<>(fields);
    listpack = false;
  }

  /**
   * Field-value pairs in iteration order: Redis's own for a listpack, hash order for a hashtable.
   * Unmodifiable; cheap to ask again while the hash is unchanged.
   */
  public List<Map.Entry<byte[], byte[]>> entries() {
    if (snapshot == null) {
      List<Map.Entry<byte[], byte[]>> list = new ArrayList<>(fields.size());
      fields.forEach((k, v) -> list.add(Map.entry(k.bytes, v)));
      snapshot = List.copyOf(list);
    }
    return snapshot;
  }

  /** One HSCAN step: the next cursor (0 when done), the matching fields and values, flattened. */
  public record ScanPage(long cursor, List<byte[]> fieldsAndValues) {}

  /**
   * A listpack hash answers everything at once with cursor 0, whatever the cursor and count, as
   * Redis does. A hashtable visits about {@code count} fields from the cursor's position in hash
   * order ({@link HashCursor}).
   *
   * @param cursor an unsigned 64-bit cursor from a previous page, or 0
   * @param matches decides which visited fields are returned (MATCH)
   */
  public ScanPage scan(long cursor, long count, Predicate<byte[]> matches) {
    List<byte[]> out = new ArrayList<>();
    if (listpack) {
      fields.forEach((k, v) -> addIfMatching(out, k, v, matches));
      return new ScanPage(0, out);
    }
    NavigableMap<Key, byte[]> table = (NavigableMap<Key, byte[]>) fields;
    HashCursor.Page page = HashCursor.page(table.navigableKeySet(), cursor, count);
    for (Key k : page.visited()) {
      addIfMatching(out, k, table.get(k), matches);
    }
    return new ScanPage(page.next(), out);
  }

  private static void addIfMatching(List<byte[]> out, Key k, byte[] value,
      Predicate<byte[]> matches) {
    if (matches.test(k.bytes)) {
      out.add(k.bytes);
      out.add(value);
    }
  }
}
