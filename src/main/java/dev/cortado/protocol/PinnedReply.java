package dev.cortado.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A reply that is written in a fixed protocol, whatever the connection speaks when it is sent. EXEC
 * needs it: Redis writes each queued command's reply as it runs, so after a queued HELLO the later
 * replies are in the new protocol and the earlier ones in the old.
 */
public final class PinnedReply extends Reply {
  private final Reply reply;
  private final int protocol;

  private PinnedReply(Reply reply, int protocol) {
    this.reply = reply;
    this.protocol = protocol;
  }

  /** The reply, always written in {@code protocol} ({@link #RESP2} or {@link #RESP3}). */
  public static Reply of(Reply reply, int protocol) {
    return new PinnedReply(reply, protocol);
  }

  @Override
  public void writeTo(ByteBuf out, int ignored) {
    reply.writeTo(out, protocol);
  }

  @Override
  public char type() {
    return reply.type();
  }

  @Override
  public String errorText() {
    return reply.errorText();
  }

  @Override
  public boolean isError() {
    return reply.isError();
  }

  @Override
  public boolean errorCounted() {
    return reply.errorCounted();
  }

  @Override
  public void markErrorCounted() {
    reply.markErrorCounted();
  }

  @Override
  public String toString() {
    return reply.toString();
  }
}
