package dev.cortado.keyspace;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Cursor paging in {@link Key}'s hash order: SCAN over the keyspace, HSCAN and SSCAN over a hash or
 * set in its hashtable encoding, and ZSCAN next. A cursor is a position in the 62-bit hash space, so
 * inserts and deletes between calls never move it, a page costs about COUNT steps, and elements that
 * share a hash stay on one page: the cursor always moves forward, and an element present for the
 * whole scan is returned at least once.
 */
final class HashCursor {
  private HashCursor() {}

  /** One step: the keys visited, in hash order, and the cursor to continue from (0 when done). */
  record Page(List<Key> visited, long next) {}

  /**
   * Visits about {@code count} keys from the cursor's position on.
   *
   * @param keys ordered by hash (Key's natural order)
   * @param cursor an unsigned 64-bit cursor from a previous page, or 0; one past the largest hash
   *     ends the scan at once
   */
  static Page page(NavigableSet<Key> keys, long cursor, long count) {
    List<Key> visited = new ArrayList<>();
    if (Long.compareUnsigned(cursor, Key.MAX_HASH) > 0) {
      return new Page(visited, 0);
    }
    long lastHash = -1;
    for (Key k : keys.tailSet(Key.firstAt(cursor), true)) {
      if (visited.size() >= count && k.hash != lastHash) {
        return new Page(visited, k.hash);
      }
      lastHash = k.hash;
      visited.add(k);
    }
    return new Page(visited, 0);
  }
}
