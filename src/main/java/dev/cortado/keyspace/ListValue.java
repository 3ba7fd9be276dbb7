package dev.cortado.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Redis list: a growable circular array of elements, so that pushes and pops at either end cost
 * O(1) (amortised), and reading or replacing an element by index costs O(1), where Redis's quicklist
 * walks its nodes (O(N)). Insertion and removal in the middle move the shorter side, O(N) as in
 * Redis. A removal of many elements (LREM, LTRIM, LPOP with a count) is one pass, not one shift per
 * element.
 *
 * <p>Redis 7.0 keeps every list as a "quicklist" (a list of listpack nodes, each at most
 * list-max-listpack-size), whatever its size: its OBJECT ENCODING never says anything else (the
 * "listpack" encoding for small lists came with 7.2). The node size changes only memory, never a
 * reply, so this type has one representation.
 */
public final class ListValue extends Value {
  private static final byte[][] EMPTY = new byte[0][];
  private static final int MIN_CAPACITY = 4;

  /** The ring; {@code elements[(head + i) & (elements.length - 1)]} is element i. Length: 2^k. */
  private byte[][] elements = EMPTY;
  private int head;
  private int size;

  /** An empty list; Redis deletes a list left empty, so a command pushes into it at once. */
  public ListValue() {}

  @Override
  public String typeName() {
    return "list";
  }

  @Override
  public String encoding() {
    return "quicklist";
  }

  /** A copy (COPY): the elements are immutable arrays, so sharing them is safe. */
  @Override
  public ListValue copy() {
    ListValue copy = new ListValue();
    copy.elements = toArray(capacityFor(size));
    copy.size = size;
    return copy;
  }

  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  private int slot(int index) {
    return (head + index) & (elements.length - 1);
  }

  /** Element {@code index} in [0, size). */
  public byte[] get(int index) {
    return elements[slot(index)];
  }

  /** Replaces element {@code index} in [0, size). */
  public void set(int index, byte[] element) {
    elements[slot(index)] = element;
  }

  /**
   * A Redis index (negative counts from the tail) as a position in [0, size), or -1 when it is
   * outside the list.
   */
  public int position(long index) {
    long i = index < 0 ? size + index : index;
    return i >= 0 && i < size ? (int) i : -1;
  }

  public void pushHead(byte[] element) {
    ensureCapacity(size + 1);
    head = (head - 1) & (elements.length - 1);
    elements[head] = element;
    size++;
  }

  public void pushTail(byte[] element) {
    ensureCapacity(size + 1);
    elements[slot(size)] = element;
    size++;
  }

  /** Removes and returns the first element of a non-empty list. */
  public byte[] popHead() {
    byte[] element = elements[head];
    elements[head] = null;
    head = (head + 1) & (elements.length - 1);
    size--;
    shrinkIfSparse();
    return element;
  }

  /** Removes and returns the last element of a non-empty list. */
  public byte[] popTail() {
    int at = slot(size - 1);
    byte[] element = elements[at];
    elements[at] = null;
    size--;
    shrinkIfSparse();
    return element;
  }

  /** The elements in [from, to] (positions, both in range), head to tail. */
  public List<byte[]> range(int from, int to) {
    List<byte[]> out = new ArrayList<>(Math.max(0, to - from + 1));
    for (int i = from; i <= to; i++) {
      out.add(get(i));
    }
    return out;
  }

  /** Every element, head to tail. */
  public List<byte[]> elements() {
    return size == 0 ? List.of() : range(0, size - 1);
  }

  /** Removes the first {@code n} elements (at most size). O(n). */
  public void removeHead(int n) {
    for (int i = 0; i < n; i++) {
      elements[slot(i)] = null;
    }
    head = size == n ? 0 : slot(n);
    size -= n;
    shrinkIfSparse();
  }

  /** Removes the last {@code n} elements (at most size). O(n). */
  public void removeTail(int n) {
    for (int i = size - n; i < size; i++) {
      elements[slot(i)] = null;
    }
    size -= n;
    if (size == 0) {
      head = 0;
    }
    shrinkIfSparse();
  }

  /**
   * Inserts an element so that it becomes element {@code index} (0..size), moving the shorter side.
   */
  public void insert(int index, byte[] element) {
    if (index == 0) {
      pushHead(element);
      return;
    }
    if (index == size) {
      pushTail(element);
      return;
    }
    ensureCapacity(size + 1);
    if (index < size / 2) {
      head = (head - 1) & (elements.length - 1);
      for (int i = 0; i < index; i++) {
        elements[slot(i)] = elements[slot(i + 1)];
      }
    } else {
      for (int i = size; i > index; i--) {
        elements[slot(i)] = elements[slot(i - 1)];
      }
    }
    elements[slot(index)] = element;
    size++;
  }

  /** The first position in [from, size) holding an element equal to {@code element}, or -1. */
  public int indexOf(byte[] element, int from) {
    for (int i = from; i < size; i++) {
      if (Arrays.equals(get(i), element)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * LREM: removes up to {@code limit} elements equal to {@code element} (0: all of them), from the
   * head when {@code fromHead}, else from the tail. One compacting pass; returns how many went.
   */
  public long removeAll(byte[] element, long limit, boolean fromHead) {
    // Which positions go: walk in the requested direction until the limit.
    boolean[] gone = null;
    long removed = 0;
    for (int k = 0; k < size && (limit == 0 || removed < limit); k++) {
      int i = fromHead ? k : size - 1 - k;
      if (Arrays.equals(get(i), element)) {
        if (gone == null) {
          gone = new boolean[size];
        }
        gone[i] = true;
        removed++;
      }
    }
    if (removed == 0) {
      return 0;
    }
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!gone[i]) {
        elements[slot(kept++)] = get(i);
      }
    }
    for (int i = kept; i < size; i++) {
      elements[slot(i)] = null;
    }
    size = kept;
    if (size == 0) {
      head = 0;
    }
    shrinkIfSparse();
    return removed;
  }

  private void ensureCapacity(int needed) {
    if (needed <= elements.length) {
      return;
    }
    if (needed > 1 << 30) {
      throw new IllegalStateException("list too long");
    }
    elements = toArray(capacityFor(needed));
    head = 0;
  }

  /** Halves the ring when it is at most a quarter full, so a drained queue gives memory back. */
  private void shrinkIfSparse() {
    if (elements.length > MIN_CAPACITY * 4 && size <= elements.length / 4) {
      elements = toArray(elements.length / 2);
      head = 0;
    }
  }

  private static int capacityFor(int n) {
    int c = MIN_CAPACITY;
    while (c < n) {
      c <<= 1;
    }
    return c;
  }

  /** The elements in order, at the start of a new array of the given length (>= size). */
  private byte[][] toArray(int length) {
    byte[][] out = new byte[length][];
    if (size > 0) {
      int first = Math.min(size, elements.length - head);
      System.arraycopy(elements, head, out, 0, first);
      System.arraycopy(elements, 0, out, first, size - first);
    }
    return out;
  }

  @Override
  public String toString() {
    List<String> shown = new ArrayList<>(size);
    for (byte[] e : elements()) {
      shown.add(new String(e, StandardCharsets.ISO_8859_1));
    }
    return shown.toString();
  }
}
