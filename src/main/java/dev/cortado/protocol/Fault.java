package dev.cortado.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A reply the connection acts out rather than writes: sent late, the connection closed or reset, or
 * no reply at all. Only the mock layer makes them; the connection handler carries them out, keeping
 * the order of pipelined replies.
 */
public final class Fault extends Reply {
  /** What happens to the connection. */
  public enum Kind {
    /** {@link #reply()} is written after {@link #delayMillis()}; later replies wait behind it. */
    DELAY,
    /** {@link #reply()} (if any) is written, then the connection is closed. */
    CLOSE,
    /** The connection is reset (TCP RST): no reply. */
    RESET,
    /** Nothing is ever written again on this connection; what the client sends is ignored. */
    NO_REPLY
  }

  private final Kind kind;
  private final Reply reply;
  private final long delayMillis;

  private Fault(Kind kind, Reply reply, long delayMillis) {
    this.kind = kind;
    this.reply = reply;
    this.delayMillis = delayMillis;
  }

  public static Fault delay(Reply reply, long millis) {
    return new Fault(Kind.DELAY, reply, millis);
  }

  /** Writes {@code last} (may be null) and closes the connection. */
  public static Fault close(Reply last) {
    return new Fault(Kind.CLOSE, last, 0);
  }

  public static Fault reset() {
    return new Fault(Kind.RESET, null, 0);
  }

  public static Fault noReply() {
    return new Fault(Kind.NO_REPLY, null, 0);
  }

  public Kind kind() {
    return kind;
  }

  /** The delayed reply, or what is written before closing; null when there is none. */
  public Reply reply() {
    return reply;
  }

  public long delayMillis() {
    return delayMillis;
  }

  @Override
  public char type() {
    return kind == Kind.DELAY ? reply.type() : 0;
  }

  @Override
  public String errorText() {
    return kind == Kind.DELAY ? reply.errorText() : null;
  }

  @Override
  public boolean isError() {
    return kind == Kind.DELAY && reply.isError();
  }

  @Override
  public boolean errorCounted() {
    return reply.errorCounted();
  }

  @Override
  public void markErrorCounted() {
    reply.markErrorCounted();
  }

  /** Only reached if a fault ends up inside another reply: the reply part is all that can be sent. */
  @Override
  public void writeTo(ByteBuf out, int protocol) {
    if (reply != null) {
      reply.writeTo(out, protocol);
    }
  }

  @Override
  public String toString() {
    return kind + (kind == Kind.DELAY ? " " + delayMillis + "ms " : " ") + (reply == null ? "" : reply);
  }
}
