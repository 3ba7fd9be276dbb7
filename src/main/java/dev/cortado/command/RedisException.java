package dev.cortado.command;

/**
 * A command failed with a Redis error reply. Thrown from anywhere in a handler and turned into the
 * reply by the dispatcher; carries no stack trace because it is an answer, not a bug.
 */
final class RedisException extends RuntimeException {
  RedisException(String replyText) {
    super(replyText, null, false, false);
  }
}
