package dev.cortado.mock;

import dev.cortado.protocol.Fault;
import dev.cortado.protocol.Reply;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a stub does with a command: answers a value or an error (in the connection's RESP2 or RESP3),
 * runs it for real, acts on the connection (close, reset, silence, garbled or truncated bytes), or
 * computes the answer; optionally after a delay. Immutable; made by {@link Mock}'s factories.
 */
public final class Response {
  enum Kind { REPLY, PASS_THROUGH, ANSWER, CLOSE, RESET, NO_REPLY }

  private final Kind kind;
  private final Reply reply;
  private final Function<RecordedCommand, Response> answer;
  private final long delayMillis;
  private final String text;

  private Response(Kind kind, Reply reply, Function<RecordedCommand, Response> answer,
      long delayMillis, String text) {
    this.kind = kind;
    this.reply = reply;
    this.answer = answer;
    this.delayMillis = delayMillis;
    this.text = text;
  }

  static Response reply(Reply reply, String text) {
    return new Response(Kind.REPLY, reply, null, 0, text);
  }

  static Response of(Kind kind, Reply reply, String text) {
    return new Response(kind, reply, null, 0, text);
  }

  static Response answer(Function<RecordedCommand, Response> answer) {
    return new Response(Kind.ANSWER, null, Objects.requireNonNull(answer, "answer"), 0, "answer(...)");
  }

  /**
   * The same response, sent after {@code delay} of real time (the server's manual clock does not
   * count: this simulates the network). Replies pipelined behind it wait; other connections don't.
   */
  public Response delayedBy(Duration delay) {
    long millis = delay.toMillis();
    if (millis < 0) {
      throw new IllegalArgumentException("a delay cannot be negative: " + delay);
    }
    return new Response(kind, reply, answer, millis, text);
  }

  boolean isPassThrough() {
    return kind == Kind.PASS_THROUGH && delayMillis == 0;
  }

  /** A value: only values can be elements of {@link Mock#array} and the like. */
  Reply value() {
    if (kind != Kind.REPLY || delayMillis != 0) {
      throw new IllegalArgumentException(this + " cannot be part of an aggregate reply");
    }
    return reply;
  }

  /**
   * The reply the connection gets: {@code real} runs the command for real (pass-through), and a
   * computed answer sees the command.
   */
  Reply toReply(RecordedCommand command, java.util.function.Supplier<Reply> real) {
    Reply out = switch (kind) {
      case REPLY -> reply;
      case PASS_THROUGH -> real.get();
      case ANSWER -> Objects.requireNonNull(answer.apply(command),
          "the answer function returned null").toReply(command, real);
      case CLOSE -> Fault.close(reply);
      case RESET -> Fault.reset();
      case NO_REPLY -> Fault.noReply();
    };
    return delayMillis > 0 ? Fault.delay(out, delayMillis) : out;
  }

  @Override
  public String toString() {
    return delayMillis > 0 ? text + " after " + delayMillis + " ms" : text;
  }
}
