package dev.cortado.keyspace;

import dev.cortado.protocol.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A Redis set in one of Redis 7.0's two encodings, so that replies keep Redis's order where Redis
 * defines one.
 *
 * <ul>
 *   <li>"intset" while every member is an integer by string2ll's rules and there are at most
 *       set-max-intset-entries of them: a sorted {@code long[]}, so members come out in ascending
 *       numeric order, exactly as from Redis.
 *   <li>"hashtable" otherwise, and for good: Redis 7.0 never converts back. Members are ordered by
 *       {@link Key}'s stable hash (Redis's own order is its dict's, which nobody can rely on); an
 *       SSCAN cursor is a position in that hash space, as for SCAN.
 * </ul>
 *
 * <p>A new set starts as an empty intset and converts on the add that breaks the rules, as Redis's
 * setTypeAdd does; commands that build results (SINTERSTORE, SUNION...) build them the same way, so
 * the result's encoding, and therefore its order, is the one Redis would give it.
 */
public final class SetValue extends Value {
  /** Redis caps set-max-intset-entries at 2^30 "due to intset internals". */
  private static final long INTSET_HARD_LIMIT = 1L << 30;

  /** The intset: ascending, distinct; null once the set is a hashtable. */
  long[] ints = new long[4];
  int intCount;
  /** The hashtable: members in hash order, each with its position in {@link #slots}. */
  TreeMap<Key, Integer> members;
  /** The hashtable's members by position, so a uniform random pick is O(1). */
  private ArrayList<Key> slots;

  /** An empty set: an intset, as Redis's createIntsetObject. */
  public SetValue() {}

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public String encoding() {
    return isIntset() ? "intset" : "hashtable";
  }

  private boolean isIntset() {
    return members == null;
  }

  /** A copy in the same encoding, as Redis's setTypeDup. */
  @Override
  public SetValue copy() {
    SetValue copy = new SetValue();
    if (isIntset()) {
      copy.ints = Arrays.copyOf(ints, Math.max(intCount, 1));
      copy.intCount = intCount;
    } else {
      copy.members = new TreeMap<>(members);
      copy.slots = new ArrayList<>(slots);
    }
    return copy;
  }

  /** Takes over the members and encoding of a set built to replace this one (SPOP's rebuild). */
  public void replaceContents(SetValue from) {
    ints = from.ints;
    intCount = from.intCount;
    members = from.members;
    slots = from.slots;
  }

  public int size() {
    return isIntset() ? intCount : slots.size();
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  /**
   * Adds a member; false when it was already there. Converts to a hashtable when the member is not
   * an integer or the intset would grow past {@code maxIntsetEntries}.
   */
  public boolean add(byte[] member, long maxIntsetEntries) {
    if (!isIntset()) {
      return addToTable(new Key(member));
    }
    if (!Numbers.isLong(member)) {
      convertToTable();
      return addToTable(new Key(member));
    }
    long value = Numbers.parseLong(member, 0);
    int at = Arrays.binarySearch(ints, 0, intCount, value);
    if (at >= 0) {
      return false;
    }
    int insertAt = -at - 1;
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, intCount * 2);
    }
    System.arraycopy(ints, insertAt, ints, insertAt + 1, intCount - insertAt);
    ints[insertAt] = value;
    intCount++;
    if (intCount > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
      convertToTable();
    }
    return true;
  }

  /** Removes a member; false when it was not there. Never changes the encoding. */
  public boolean remove(byte[] member) {
    if (!isIntset()) {
      return removeFromTable(new Key(member));
    }
    int at = intIndex(member);
    if (at < 0) {
      return false;
    }
    System.arraycopy(ints, at + 1, ints, at, intCount - at - 1);
    intCount--;
    return true;
  }

  public boolean contains(byte[] member) {
    return isIntset() ? intIndex(member) >= 0 : members.containsKey(new Key(member));
  }

  /** Every member in the set's order: ascending numbers for an intset, hash order otherwise. */
  public List<byte[]> members() {
    List<byte[]> out = new ArrayList<>(size());
    if (isIntset()) {
      for (int i = 0; i < intCount; i++) {
        out.add(bytes(ints[i]));
      }
    } else {
      for (Key k : members.keySet()) {
        out.add(k.bytes);
      }
    }
    return out;
  }

  /**
   * The member at a position in [0, size): positions are not the iteration order and change when the
   * set changes; they exist so that random picks are uniform and O(1).
   */
  public byte[] memberAt(int position) {
    return isIntset() ? bytes(ints[position]) : slots.get(position).bytes;
  }

  /** A uniformly random member of a non-empty set. */
  public byte[] random(Random random) {
    return memberAt(random.nextInt(size()));
  }

  /** Removes and returns a uniformly random member of a non-empty set. */
  public byte[] pop(Random random) {
    byte[] member = random(random);
    remove(member);
    return member;
  }

  /** One SSCAN step: the members that matched and the cursor to continue from (0 when done). */
  public record ScanPage(long cursor, List<byte[]> members) {}

  /**
   * An intset is returned whole with cursor 0, whatever the cursor, as Redis does for its compact
   * encodings. A hashtable is walked from the cursor's position in hash order for about
   * {@code count} members ({@link HashCursor}).
   */
  public ScanPage scan(long cursor, long count, Predicate<byte[]> match) {
    List<byte[]> out = new ArrayList<>();
    if (isIntset()) {
      for (byte[] m : members()) {
        if (match.test(m)) {
          out.add(m);
        }
      }
      return new ScanPage(0, out);
    }
    HashCursor.Page page = HashCursor.page(members.navigableKeySet(), cursor, count);
    for (Key k : page.visited()) {
      if (match.test(k.bytes)) {
        out.add(k.bytes);
      }
    }
    return new ScanPage(page.next(), out);
  }

  private int intIndex(byte[] member) {
    if (!Numbers.isLong(member)) {
      return -1;
    }
    int at = Arrays.binarySearch(ints, 0, intCount, Numbers.parseLong(member, 0));
    return at >= 0 ? at : -1;
  }

  private void convertToTable() {
    members = new TreeMap<>();
    slots = new ArrayList<>(intCount);
    for (int i = 0; i < intCount; i++) {
      addToTable(new Key(bytes(ints[i])));
    }
    ints = null;
    intCount = 0;
  }

  private boolean addToTable(Key k) {
    if (members.putIfAbsent(k, slots.size()) != null) {
      return false;
    }
    slots.add(k);
    return true;
  }

  /** Removes from the hash order, and from the slots by moving the last slot into the hole. */
  private boolean removeFromTable(Key k) {
    Integer slot = members.remove(k);
    if (slot == null) {
      return false;
    }
    Key last = slots.remove(slots.size() - 1);
    if (slot < slots.size()) {
      slots.set(slot, last);
      members.put(last, slot);
    }
    return true;
  }

  private static byte[] bytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    List<String> shown = new ArrayList<>();
    for (byte[] m : members()) {
      shown.add(new String(m, StandardCharsets.ISO_8859_1));
    }
    return encoding() + shown;
  }
}
