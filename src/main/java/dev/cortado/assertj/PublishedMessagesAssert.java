package dev.cortado.assertj;

import dev.cortado.PublishedMessages;
import dev.cortado.keyspace.Glob;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a {@link PublishedMessages} recorder saw. Failure messages list every message
 * that did arrive.
 */
public final class PublishedMessagesAssert
    extends AbstractAssert<PublishedMessagesAssert, PublishedMessages> {
  PublishedMessagesAssert(PublishedMessages actual) {
    super(actual, PublishedMessagesAssert.class);
  }

  /** Verifies a message with this payload was published to a channel matching the glob pattern. */
  public PublishedMessagesAssert received(String channelPattern, String message) {
    return receivedWithin(Duration.ZERO, channelPattern, message);
  }

  /**
   * Waits up to {@code timeout} for a message with this payload on a channel matching the glob
   * pattern (one that arrived before the call counts).
   */
  public PublishedMessagesAssert receivedWithin(Duration timeout, String channelPattern,
      String message) {
    isNotNull();
    byte[] pattern = channelPattern.getBytes(StandardCharsets.UTF_8);
    PublishedMessages.Message found;
    try {
      found = actual.await(m -> m.message().equals(message)
          && Glob.matches(pattern, m.channel().getBytes(StandardCharsets.UTF_8)), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a message", e);
    }
    if (found == null) {
      failWithMessage("Expected a message %s on a channel matching %s%s, but %s",
          Messages.quote(message), Messages.quote(channelPattern),
          timeout.isZero() ? "" : " within " + timeout, arrived(actual.messages()));
    }
    return this;
  }

  /** Verifies nothing was published to the recorded channels. */
  public PublishedMessagesAssert receivedNothing() {
    isNotNull();
    List<PublishedMessages.Message> all = actual.messages();
    if (!all.isEmpty()) {
      failWithMessage("Expected no message on %s, but %s", actual.patterns(), arrived(all));
    }
    return this;
  }

  /** Verifies how many messages were recorded. */
  public PublishedMessagesAssert hasCount(int expected) {
    isNotNull();
    List<PublishedMessages.Message> all = actual.messages();
    if (all.size() != expected) {
      failWithMessage("Expected %d message(s) on %s, but %s", expected, actual.patterns(),
          arrived(all));
    }
    return this;
  }

  private static String arrived(List<PublishedMessages.Message> all) {
    if (all.isEmpty()) {
      return "none arrived";
    }
    StringBuilder sb = new StringBuilder(all.size() + " arrived:");
    for (PublishedMessages.Message m : all) {
      sb.append("\n  ").append(m);
    }
    return sb.toString();
  }
}
