package dev.cortado.mock;

import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.Interceptor;
import dev.cortado.server.Transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One server's stubs and journal: {@code CortadoServer.mock()}. Safe to use from any thread while
 * clients talk to the server; {@code CortadoServer.reset()} (and so the JUnit extension, between
 * tests) clears it.
 *
 * <pre>{@code
 * RedisMock mock = redis.mock();
 * mock.when(command("GET", "user:1")).thenReturn(LOADING, LOADING, passThrough());
 * mock.expect(command("SET").withArgsStartingWith("lock", any(), "NX"));
 * ...
 * mock.verify(times(1), command("DEL", "lock"));
 * mock.verifyExpectationsMet();
 * }</pre>
 */
public final class RedisMock {
  /**
   * What clients send to connect and set up, and transaction control: strict mode lets them through
   * and they are never "unexpected" (their stubs still answer them).
   */
  private static final Set<String> PLUMBING = Set.of("hello", "auth", "client", "select", "ping",
      "echo", "quit", "reset", "readonly", "readwrite", "command", "multi", "exec", "discard",
      "watch", "unwatch");

  private final Object lock = new Object();
  private final int journalLimit;
  private final List<Stub> stubs = new ArrayList<>();
  private final Journal journal;
  private boolean strict;
  private boolean inOrder;
  /** Test threads in {@link #verifyWithin}: record() bumps {@link #recorded} and wakes them. */
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile long recorded;
  /**
   * The loop of the running server: the only thread that writes the journal, so recording takes no
   * lock; other threads read it there. Null while stopped, when nothing writes it.
   */
  private volatile Transport owner;
  private volatile boolean active;
  private volatile boolean stubbing;
  /** The command being matched, reused by record() when it is the same request. */
  private RecordedCommand current;
  private final Interceptor hook = new Hook();
  /**
   * The admin interface's CORTADO.* commands pass by the mock unseen (no stub answers them, the
   * journal skips them), so verifying over the Redis port does not count itself. Set only on a
   * server whose admin interface is on: elsewhere they are unknown commands like any other.
   */
  private volatile boolean hideAdminCommands;
  /**
   * Shared by the nodes of a cluster, each on a loop of its own: the journal is then written and
   * read under {@link #lock}, and no request's entry is cached between matching and recording.
   */
  private final boolean shared;

  RedisMock(int journalLimit) {
    this(journalLimit, false);
  }

  RedisMock(int journalLimit, boolean shared) {
    this.shared = shared;
    if (journalLimit < 0) {
      throw new IllegalArgumentException("journal limit cannot be negative: " + journalLimit);
    }
    this.journalLimit = journalLimit;
    this.journal = new Journal(journalLimit);
    this.active = journalLimit > 0;
  }

  Interceptor interceptor() {
    return hook;
  }

  // ---- stubbing

  /** A stub answering every command that matches (limit it with {@link Stub#times}). */
  public Stub when(CommandPattern pattern) {
    return add(new Stub(lock, pattern, false));
  }

  /**
   * An expectation, as in redismock: answers each of its responses once (once, passing through, if
   * none is given), and {@link #verifyExpectationsMet()} fails until it has been used up.
   */
  public Stub expect(CommandPattern pattern) {
    return add(new Stub(lock, pattern, true));
  }

  private Stub add(Stub stub) {
    synchronized (lock) {
      stubs.add(stub);
      updateActive();
    }
    return stub;
  }

  /**
   * Strict: a command no stub matches gets an error instead of reaching the keyspace (and is in the
   * journal). Connection set-up (HELLO, AUTH, CLIENT, SELECT, PING, ECHO, QUIT, RESET, READONLY,
   * READWRITE, COMMAND) and MULTI, EXEC, DISCARD, WATCH, UNWATCH still go through, so clients can
   * connect and transactions work (an unmatched command inside one aborts it, as Redis aborts on
   * an unknown command).
   */
  public RedisMock strict(boolean strict) {
    synchronized (lock) {
      this.strict = strict;
      updateActive();
    }
    return this;
  }

  /**
   * In order: expectations (and stubs limited with {@code times}) answer only in the order they were
   * made; a command matching a later one first is treated as unmatched.
   */
  public RedisMock inOrder(boolean inOrder) {
    synchronized (lock) {
      this.inOrder = inOrder;
    }
    return this;
  }

  /**
   * Removes one stub or expectation (made by {@link #when} or {@link #expect}); the others keep
   * their order. False when it is not (or no longer) here.
   */
  public boolean remove(Stub stub) {
    synchronized (lock) {
      boolean removed = stubs.remove(stub);
      updateActive();
      return removed;
    }
  }

  /** The stubs, in the order they match. */
  public List<Stub> stubs() {
    synchronized (lock) {
      return List.copyOf(stubs);
    }
  }

  /** Removes every stub and clears the journal; strict and in-order modes go off. */
  public void reset() {
    synchronized (lock) {
      stubs.clear();
      strict = false;
      inOrder = false;
      updateActive();
    }
    clearJournal(); // not under the lock: the loop may be waiting for it to match a stub
  }

  private void updateActive() {
    stubbing = strict || !stubs.isEmpty();
    active = journalLimit > 0 || stubbing;
  }

  // ---- journal

  /** Whether commands are recorded (the builder's journal limit is above 0). */
  public boolean isJournalOn() {
    return journalLimit > 0;
  }

  /** Every command received since the journal was last cleared, oldest first. */
  public List<RecordedCommand> journal() {
    return onJournal(journal::entries);
  }

  /** Runs a read or clear of the journal where the journal's writer runs, or here when stopped. */
  private <T> T onJournal(Callable<T> task) {
    Transport t = owner;
    if (t != null) {
      return t.call(task);
    }
    synchronized (lock) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void hideAdminCommands() {
    hideAdminCommands = true;
  }

  private boolean isAdminCommand(byte[][] args) {
    byte[] name = args[0];
    return hideAdminCommands && name.length > 8 && name[7] == '.'
        && new String(name, 0, 8, StandardCharsets.ISO_8859_1).equalsIgnoreCase("cortado.");
  }

  /** The server's loop while it runs (null when stopped): see {@link #owner}. */
  void ownedBy(Transport loop) {
    if (!shared) {
      owner = loop;
    }
  }

  /** The journal's entries after sequence number {@code after}; for the admin interface. */
  List<RecordedCommand> journalAfter(long after) {
    return onJournal(() -> journal.entriesAfter(after));
  }

  /** The sequence number of the newest command recorded (0 when none since the last clear). */
  long journalSequence() {
    return onJournal(journal::recorded);
  }

  /** The commands in the journal that match. */
  public List<RecordedCommand> find(CommandPattern pattern) {
    return journal().stream().filter(pattern::matches).toList();
  }

  /** How many commands in the journal match. */
  public int count(CommandPattern pattern) {
    return find(pattern).size();
  }

  public void clearJournal() {
    onJournal(() -> {
      journal.clear();
      return null;
    });
  }

  // ---- verification

  /** Fails unless at least one command matching the pattern arrived. */
  public void verify(CommandPattern pattern) {
    verify(Mock.atLeast(1), pattern);
  }

  /** Fails unless as many commands matching the pattern arrived as {@code times} says. */
  public void verify(Times times, CommandPattern pattern) {
    List<RecordedCommand> seen = journalForVerification();
    List<RecordedCommand> matching = seen.stream().filter(pattern::matches).toList();
    if (times.accepts(matching.size())) {
      return;
    }
    StringBuilder msg = new StringBuilder("Expected ").append(pattern).append(' ').append(times)
        .append(", but it arrived ").append(count(matching.size())).append('.');
    if (matching.isEmpty()) {
      nearMisses(msg, pattern, seen);
    } else {
      list(msg, "It arrived as:", matching);
    }
    throw failure(msg);
  }

  /**
   * Waits up to {@code timeout} for as many commands matching the pattern as {@code times} says
   * (for clients that write asynchronously), then verifies as {@link #verify(Times, CommandPattern)}.
   * Returns as soon as the count is right.
   */
  public void verifyWithin(Duration timeout, Times times, CommandPattern pattern) {
    requireJournal();
    long deadline = System.nanoTime() + timeout.toNanos();
    waiting.incrementAndGet();
    try {
      while (true) {
        long seen = recorded; // read before counting: a command recorded after it changes it
        if (times.accepts(count(pattern))) {
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        synchronized (lock) {
          if (recorded == seen) {
            lock.wait(Math.max(1, left / 1_000_000), 0);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
    verify(times, pattern);
  }

  /** Fails unless commands matching each pattern arrived in this order (others may come between). */
  public void verifyInOrder(CommandPattern... patterns) {
    List<RecordedCommand> seen = journalForVerification();
    int next = 0;
    List<RecordedCommand> found = new ArrayList<>();
    for (RecordedCommand c : seen) {
      if (next < patterns.length && patterns[next].matches(c)) {
        found.add(c);
        next++;
      }
    }
    if (next == patterns.length) {
      return;
    }
    StringBuilder msg = new StringBuilder("Expected in this order:");
    for (int i = 0; i < patterns.length; i++) {
      msg.append("\n  ").append(i + 1).append(". ").append(patterns[i]);
    }
    msg.append("\nbut ");
    if (next == 0) {
      msg.append("the first never arrived.");
    } else {
      msg.append("after ").append(found.get(next - 1)).append(",\nno ").append(patterns[next])
          .append(" arrived.");
    }
    CommandPattern missing = patterns[next];
    List<RecordedCommand> anywhere = seen.stream().filter(missing::matches).toList();
    if (anywhere.isEmpty()) {
      nearMisses(msg, missing, seen);
    } else {
      list(msg, "It arrived only before that, as:", anywhere);
    }
    throw failure(msg);
  }

  /**
   * Fails if a command arrived that no stub answered (connection set-up and transaction control
   * aside): in strict mode the ones that were refused, otherwise the ones the keyspace answered.
   */
  public void verifyNoUnexpectedCommands() {
    List<RecordedCommand> unexpected = journalForVerification().stream()
        .filter(c -> !c.stubbed() && !isPlumbing(c.rawArgs())).toList();
    if (!unexpected.isEmpty()) {
      StringBuilder msg = new StringBuilder("Expected no commands but stubbed ones, but ")
          .append(unexpected.size()).append(unexpected.size() == 1 ? " command" : " commands")
          .append(" arrived unmatched.");
      list(msg, "Unmatched:", unexpected);
      throw failure(msg);
    }
  }

  /** Fails unless every expectation (and every stub limited with {@code times}) was used up. */
  public void verifyExpectationsMet() {
    List<String> unmet = new ArrayList<>();
    synchronized (lock) {
      for (Stub s : stubs) {
        if (s.isExpectation() && s.hasUsesLeft()) {
          unmet.add(s.toString());
        }
      }
    }
    if (!unmet.isEmpty()) {
      StringBuilder msg = new StringBuilder("Expectations not met:");
      unmet.forEach(u -> msg.append("\n  ").append(u));
      List<RecordedCommand> seen = isJournalOn() ? journal().stream()
          .filter(c -> !isPlumbing(c.rawArgs())).toList() : List.of();
      if (!seen.isEmpty()) {
        list(msg, "Commands received (connection set-up aside):", seen);
      }
      throw failure(msg);
    }
  }

  private List<RecordedCommand> journalForVerification() {
    requireJournal();
    return journal();
  }

  private void requireJournal() {
    if (!isJournalOn()) {
      throw new IllegalStateException(
          "the journal is off: build the server with a journal limit above 0 to verify commands");
    }
  }

  private static String count(int n) {
    return n == 1 ? "once" : n + " times";
  }

  /** Up to three commands closest to the pattern: what WireMock calls near misses. */
  private static void nearMisses(StringBuilder msg, CommandPattern pattern, List<RecordedCommand> seen) {
    if (seen.isEmpty()) {
      msg.append("\nNo commands were received.");
      return;
    }
    List<RecordedCommand> closest = seen.stream()
        .sorted(Comparator.comparingInt(pattern::distance)
            .thenComparing(Comparator.comparingLong(RecordedCommand::sequence).reversed()))
        .limit(3).toList();
    list(msg, "Closest commands received (of " + seen.size() + "):", closest);
  }

  private static void list(StringBuilder msg, String title, List<RecordedCommand> commands) {
    msg.append('\n').append(title);
    int shown = Math.min(commands.size(), 20);
    for (int i = 0; i < shown; i++) {
      msg.append("\n  ").append(commands.get(i));
    }
    if (commands.size() > shown) {
      msg.append("\n  ... and ").append(commands.size() - shown).append(" more");
    }
  }

  private AssertionError failure(StringBuilder msg) {
    long lost = onJournal(journal::dropped);
    if (lost > 0) {
      msg.append("\n(The journal dropped its oldest ").append(lost)
          .append(" commands to stay within its limit.)");
    }
    return new AssertionError(msg.toString());
  }

  private static boolean isPlumbing(byte[][] args) {
    return PLUMBING.contains(new String(args[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
  }

  // ---- the server's side

  /** The journal entry being built for this request (the same one from matching to recording). */
  private RecordedCommand command(Connection c, byte[][] args, Interceptor.KeyFinder keys) {
    RecordedCommand cmd = shared ? null : current;
    if (cmd == null || cmd.rawArgs() != args) {
      String name = c.name == null ? null : new String(c.name, StandardCharsets.UTF_8);
      cmd = new RecordedCommand(c.lastInteraction, c.id, name, c.db, args, keys);
      if (!shared) {
        current = cmd;
      }
    }
    return cmd;
  }

  /** The first stub with uses left that matches; in order, only the next expectation may. */
  private Stub match(RecordedCommand cmd) {
    boolean pendingBefore = false;
    for (Stub s : stubs) {
      if (!s.hasUsesLeft()) {
        continue;
      }
      if (s.isExpectation() && inOrder) {
        if (pendingBefore) {
          continue;
        }
        pendingBefore = true;
      }
      if (s.matches(cmd)) {
        return s;
      }
    }
    return null;
  }

  private final class Hook implements Interceptor {
    @Override
    public boolean isActive() {
      return active;
    }

    @Override
    public boolean isStubbing() {
      return stubbing;
    }

    @Override
    public boolean hasStub(Connection c, byte[][] args, KeyFinder keys) {
      if (isAdminCommand(args)) {
        return false;
      }
      synchronized (lock) {
        return match(command(c, args, keys)) != null;
      }
    }

    @Override
    public Reply stub(Connection c, byte[][] args, KeyFinder keys, Supplier<Reply> real) {
      RecordedCommand cmd;
      Response response;
      if (isAdminCommand(args)) {
        return null;
      }
      synchronized (lock) {
        cmd = command(c, args, keys);
        Stub stub = match(cmd);
        if (stub == null) {
          return null;
        }
        response = stub.use();
      }
      // Outside the lock: a pass-through runs the command, an answer runs the test's code.
      return response.toReply(cmd, real);
    }

    @Override
    public Reply refuse(Connection c, byte[][] args) {
      synchronized (lock) {
        if (!strict || isPlumbing(args) || isAdminCommand(args)) {
          return null;
        }
        return Reply.error("ERR Cortado strict mock: no stub matches "
            + RecordedCommand.commandLine(args).replace('\r', ' ').replace('\n', ' '));
      }
    }

    @Override
    public void record(Connection c, int db, byte[] clientName, byte[][] args, KeyFinder keys,
        Reply reply, boolean stubbed) {
      if (!shared) {
        current = null;
      }
      if (journalLimit == 0 || isAdminCommand(args)) {
        return;
      }
      if (shared) {
        synchronized (lock) {
          journal.add(c.lastInteraction, c.id, clientName, db, args, keys, reply, stubbed);
          recorded++;
          if (waiting.get() > 0) {
            lock.notifyAll();
          }
        }
        return;
      }
      journal.add(c.lastInteraction, c.id, clientName, db, args, keys, reply, stubbed);
      wakeWaiters();
    }

    @Override
    public void recordFromScript(Connection caller, int db, byte[][] args, KeyFinder keys,
        Reply reply, String script) {
      if (journalLimit == 0) {
        return;
      }
      if (shared) {
        synchronized (lock) {
          journal.add(caller.lastInteraction, caller.id, caller.name, db, args, keys, reply, false,
              script);
          recorded++;
          if (waiting.get() > 0) {
            lock.notifyAll();
          }
        }
        return;
      }
      journal.add(caller.lastInteraction, caller.id, caller.name, db, args, keys, reply, false,
          script);
      wakeWaiters();
    }

    private void wakeWaiters() {
      if (waiting.get() > 0) {
        recorded++; // only this thread writes it (a shared mock counts under the lock)
        synchronized (lock) {
          lock.notifyAll();
        }
      }
    }
  }

  @Override
  public String toString() {
    int size = onJournal(journal::size);
    synchronized (lock) {
      return "RedisMock[" + stubs.size() + " stubs, " + size + " commands in the journal"
          + (strict ? ", strict" : "") + (inOrder ? ", in order" : "") + "]";
    }
  }
}
