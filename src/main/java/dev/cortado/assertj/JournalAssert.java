package dev.cortado.assertj;

import dev.cortado.mock.CommandPattern;
import dev.cortado.mock.Mock;
import dev.cortado.mock.RedisMock;
import dev.cortado.mock.Times;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the commands a server received (its mock journal) and on its expectations. Failure
 * messages are the mock's own: the closest commands that did arrive.
 */
public final class JournalAssert extends AbstractAssert<JournalAssert, RedisMock> {
  JournalAssert(RedisMock actual) {
    super(actual, JournalAssert.class);
  }

  /** At least one command matching the pattern arrived. */
  public JournalAssert received(CommandPattern pattern) {
    return received(Mock.atLeast(1), pattern);
  }

  /** As many commands matching the pattern arrived as {@code times} says. */
  public JournalAssert received(Times times, CommandPattern pattern) {
    isNotNull();
    return check(() -> actual.verify(times, pattern));
  }

  /** No command matching the pattern arrived. */
  public JournalAssert didNotReceive(CommandPattern pattern) {
    return received(Mock.never(), pattern);
  }

  /** Commands matching the patterns arrived in this order (others may come between). */
  public JournalAssert receivedInOrder(CommandPattern... patterns) {
    isNotNull();
    return check(() -> actual.verifyInOrder(patterns));
  }

  /** Every command but connection set-up was answered by a stub. */
  public JournalAssert receivedNothingUnexpected() {
    isNotNull();
    return check(actual::verifyNoUnexpectedCommands);
  }

  /** Every expectation (and stub limited with {@code times}) was used up. */
  public JournalAssert hasMetAllExpectations() {
    isNotNull();
    return check(actual::verifyExpectationsMet);
  }

  private JournalAssert check(Runnable verification) {
    try {
      verification.run();
    } catch (AssertionError e) {
      failWithMessage("%s", e.getMessage());
    }
    return this;
  }
}
