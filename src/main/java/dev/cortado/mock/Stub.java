package dev.cortado.mock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A stub: the commands it matches and what it answers. The first stub (in the order they were made)
 * that matches a command and has uses left answers it; unmatched commands go to the keyspace.
 *
 * <p>Made by {@link RedisMock#when} (answers as often as it matches, until limited with
 * {@link #times}) or {@link RedisMock#expect} (an expectation: each response once, and
 * {@link RedisMock#verifyExpectationsMet()} checks they were all used).
 */
public final class Stub {
  private static final int UNLIMITED = -1;

  private final Object lock;
  private final CommandPattern pattern;
  private final boolean expectation;
  private List<Response> responses = List.of(Mock.passThrough());
  private boolean responsesGiven;
  private int limit = UNLIMITED;
  private int uses;

  Stub(Object lock, CommandPattern pattern, boolean expectation) {
    this.lock = lock;
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.expectation = expectation;
  }

  /**
   * The answers, in turn: the first use answers {@code first}, the next the second response... and
   * the last one repeats (or, for an expectation, each is used once).
   */
  public Stub thenReturn(Response first, Response... more) {
    List<Response> all = new ArrayList<>(1 + more.length);
    all.add(Objects.requireNonNull(first, "response"));
    all.addAll(Arrays.asList(more));
    all.forEach(r -> Objects.requireNonNull(r, "response"));
    synchronized (lock) {
      responses = List.copyOf(all);
      responsesGiven = true;
    }
    return this;
  }

  /** Answers at most {@code n} times, then lets commands through to what comes next. */
  public Stub times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a stub answers at least once: " + n);
    }
    synchronized (lock) {
      limit = n;
    }
    return this;
  }

  public Stub once() {
    return times(1);
  }

  /** Answers every matching command, however many. */
  public Stub always() {
    synchronized (lock) {
      limit = Integer.MAX_VALUE;
    }
    return this;
  }

  /** How many commands it has answered. */
  public int uses() {
    synchronized (lock) {
      return uses;
    }
  }

  /** The most it answers; {@link Integer#MAX_VALUE} when unlimited. */
  int limit() {
    if (limit != UNLIMITED) {
      return limit;
    }
    return expectation ? responses.size() : Integer.MAX_VALUE;
  }

  /** Counted by {@link RedisMock#verifyExpectationsMet()}: expectations and stubs given times(n). */
  boolean isExpectation() {
    return limit() != Integer.MAX_VALUE;
  }

  boolean hasUsesLeft() {
    return uses < limit();
  }

  boolean matches(RecordedCommand command) {
    return pattern.matches(command);
  }

  CommandPattern pattern() {
    return pattern;
  }

  /** Spends one use; the caller holds the lock. */
  Response use() {
    Response r = responses.get(Math.min(uses, responses.size() - 1));
    uses++;
    return r;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      String answers = responsesGiven ? " -> " + String.join(", ", responses.stream()
          .map(Response::toString).toList()) : " -> pass through";
      int max = limit();
      return pattern + answers + " (used " + uses
          + (max == Integer.MAX_VALUE ? "" : " of " + max) + ")";
    }
  }
}
