package dev.cortado.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Random picks with a count, for HRANDFIELD, SRANDMEMBER and ZRANDMEMBER, from the server's seeded
 * Random so that a seed gives the same picks. The value answers its element at a position in
 * [0, size) in O(1), so every pick is uniform and a reply costs O(count) whatever the size.
 */
final class RandomPicks {
  private RandomPicks() {}

  /**
   * The most picks a negative count may ask for: Redis builds any such reply until memory runs out,
   * Cortado refuses with {@link Errors#REPLY_TOO_LARGE}, which states this number.
   */
  static final long MAX_REPEATED_PICKS = 1 << 24;

  /**
   * The elements answered for a count other than 0 from a non-empty value: for a negative count,
   * that many independent picks, so an element may come up more than once; for a positive one, that
   * many distinct elements in random order, or the whole value in its own order once the count
   * reaches its size, as Redis does.
   *
   * @param at the element at a position in [0, size)
   * @param all every element, in the value's order
   * @param maxRepeats the most picks a negative count may ask for (REPLY_TOO_LARGE beyond)
   */
  static <E> List<E> sample(long count, int size, IntFunction<E> at, Supplier<List<E>> all,
      long maxRepeats, Random random) {
    if (count < 0) {
      if (-count > maxRepeats) {
        throw Call.error(Errors.REPLY_TOO_LARGE);
      }
      List<E> picks = new ArrayList<>((int) -count);
      for (long i = 0; i < -count; i++) {
        picks.add(at.apply(random.nextInt(size)));
      }
      return picks;
    }
    if (count >= size) {
      return all.get();
    }
    return distinct((int) count, size, at, random);
  }

  /**
   * {@code count} distinct elements in random order: the first steps of a Fisher-Yates shuffle of the
   * positions, with only the swapped positions remembered, so it costs O(count) whatever the size.
   */
  private static <E> List<E> distinct(int count, int size, IntFunction<E> at, Random random) {
    Map<Integer, Integer> swapped = new HashMap<>();
    List<E> picks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(size - i);
      int picked = swapped.getOrDefault(j, j);
      swapped.put(j, swapped.getOrDefault(i, i));
      picks.add(at.apply(picked));
    }
    return picks;
  }
}
