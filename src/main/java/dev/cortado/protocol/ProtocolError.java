package dev.cortado.protocol;

/**
 * A request the decoder cannot parse. Redis answers it with {@code -ERR Protocol error: ...} and then
 * closes the connection; the decoder emits this once and ignores every byte after it.
 */
public record ProtocolError(String message) {
  public String replyText() {
    return "ERR Protocol error: " + message;
  }
}
