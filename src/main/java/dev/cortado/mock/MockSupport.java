package dev.cortado.mock;

import dev.cortado.server.Interceptor;
import dev.cortado.server.Transport;

/**
 * For Cortado's own use (the server wires its mock into the dispatcher); not part of the API.
 */
public final class MockSupport {
  private MockSupport() {}

  /** A mock whose journal keeps up to {@code journalLimit} commands; 0 turns the journal off. */
  public static RedisMock newMock(int journalLimit) {
    return new RedisMock(journalLimit);
  }

  /**
   * One mock for several servers on loops of their own (a cluster's nodes): stubs answer on each,
   * and one journal records what each received.
   */
  public static RedisMock newSharedMock(int journalLimit) {
    return new RedisMock(journalLimit, true);
  }

  public static Interceptor interceptor(RedisMock mock) {
    return mock.interceptor();
  }

  /** The journal's entries after sequence number {@code after} (the admin console's polls). */
  public static java.util.List<RecordedCommand> journalAfter(RedisMock mock, long after) {
    return mock.journalAfter(after);
  }

  /** The newest journal entry's sequence number, 0 when there is none since the last clear. */
  public static long journalSequence(RedisMock mock) {
    return mock.journalSequence();
  }

  /** The admin interface is on: its CORTADO.* commands pass by stubs and journal unseen. */
  public static void hideAdminCommands(RedisMock mock) {
    mock.hideAdminCommands();
  }

  /**
   * Tells the mock which loop records into its journal (null once the server has stopped): the
   * journal is read there, so recording needs no lock.
   */
  public static void ownedBy(RedisMock mock, Transport loop) {
    mock.ownedBy(loop);
  }
}
