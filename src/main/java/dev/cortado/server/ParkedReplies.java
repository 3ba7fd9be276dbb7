package dev.cortado.server;

import dev.cortado.protocol.Parked;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * The parked replies of one server that have a deadline, soonest first: the active-expiry tick and a
 * {@code ManualClock.advance} time them out, so a blocking command's timeout follows the server's
 * clock. A reply completed or cancelled early is removed at once, so memory follows the number of
 * clients blocked now.
 */
public final class ParkedReplies {
  private final TreeSet<Parked> byDeadline = new TreeSet<>(
      Comparator.comparingLong(Parked::deadline).thenComparingLong(p -> p.order()));

  /** Remembers a parked reply until it completes or its deadline passes. */
  public void add(Parked parked) {
    if (parked.deadline() != Parked.FOREVER) {
      byDeadline.add(parked);
    }
  }

  /** Forgets a parked reply that completed, or whose client went away. */
  public void remove(Parked parked) {
    byDeadline.remove(parked);
  }

  /** Times out every parked reply whose deadline has passed (Redis keeps it through that ms). */
  void timeOutDue(long now) {
    while (!byDeadline.isEmpty() && byDeadline.first().deadline() < now) {
      byDeadline.pollFirst().timeOut();
    }
  }

  public int size() {
    return byDeadline.size();
  }
}
