package dev.cortado.protocol;

import io.netty.buffer.ByteBuf;

import java.util.function.Consumer;

/**
 * A reply that is not known yet: a blocking command's (WAIT, and the blocking list and stream
 * commands) answer, completed later by an event or by its timeout on the server's clock. The
 * connection sends nothing in its place: it holds the requests behind it, in order, until the reply
 * is complete, then writes it and goes on, as a client blocked in Redis does.
 *
 * <p>Used only on the server's event loop; completing it twice keeps the first reply.
 */
public final class Parked extends Reply {
  /** No timeout: waits until completed (a timeout argument of 0). */
  public static final long FOREVER = Long.MAX_VALUE;

  /** Shared by every server's loop, so atomic: two parked replies never share an order. */
  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE =
      new java.util.concurrent.atomic.AtomicLong();

  private final long deadline;
  private final Reply onTimeout;
  /** Orders parked replies with the same deadline: the older one times out first. */
  private final long order = SEQUENCE.getAndIncrement();

  /** Creation order, to break ties between equal deadlines. */
  public long order() {
    return order;
  }
  private Consumer<Reply> listener;
  private Runnable onDone;
  private Reply result;
  private boolean cancelled;
  /** Its client had replies off (CLIENT REPLY OFF/SKIP) when it was sent: nothing goes out for it. */
  private boolean silenced;

  /**
   * @param deadline when it times out, in the server clock's Unix milliseconds, or {@link #FOREVER}
   * @param onTimeout the reply sent when the deadline passes first
   */
  public Parked(long deadline, Reply onTimeout) {
    this.deadline = deadline;
    this.onTimeout = onTimeout;
  }

  public long deadline() {
    return deadline;
  }

  /** Sends {@code reply} in this one's place; false if it was already complete or cancelled. */
  public boolean complete(Reply reply) {
    if (isDone()) {
      return false;
    }
    result = reply;
    done();
    if (listener != null) {
      listener.accept(reply);
    }
    return true;
  }

  /** The deadline has passed: the timeout reply goes. */
  public boolean timeOut() {
    return complete(onTimeout);
  }

  /** The client went away: nothing will be sent. */
  public void cancel() {
    if (!isDone()) {
      cancelled = true;
      done();
    }
  }

  /**
   * What to do once this reply is complete or cancelled, whichever comes first (undo a blocked
   * command's registrations on its keys, note the reply in the journal); each runs once, in the
   * order given, before the reply is sent.
   */
  public void whenDone(Runnable cleanup) {
    Runnable before = onDone;
    onDone = before == null ? cleanup : () -> {
      before.run();
      cleanup.run();
    };
  }

  /** The reply sent in this one's place, or null while it waits (or if it was cancelled). */
  public Reply result() {
    return result;
  }

  private void done() {
    Runnable r = onDone;
    onDone = null;
    if (r != null) {
      r.run();
    }
  }

  /**
   * The client sent this command under CLIENT REPLY OFF or SKIP: whatever completes it later (an
   * event, its timeout, CLIENT UNBLOCK) is not sent, as Redis keeps the reply flags of a blocked
   * client until it is unblocked.
   */
  public void silence() {
    silenced = true;
  }

  /** Whether the reply is to be dropped when it comes ({@link #silence}). */
  public boolean isSilenced() {
    return silenced;
  }

  public boolean isDone() {
    return result != null || cancelled;
  }

  /** The connection's handler says where the reply goes once known (at once if it already is). */
  public void whenComplete(Consumer<Reply> listener) {
    this.listener = listener;
    if (result != null) {
      listener.accept(result);
    }
  }

  @Override
  public char type() {
    return result == null ? 0 : result.type();
  }

  @Override
  public void writeTo(ByteBuf out, int protocol) {
    if (result != null) { // the handler writes the result itself; this is for a completed one
      result.writeTo(out, protocol);
    }
  }

  @Override
  public String toString() {
    return result == null ? "(parked)" : result.toString();
  }
}
