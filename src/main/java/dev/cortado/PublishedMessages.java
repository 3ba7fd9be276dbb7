package dev.cortado;

import dev.cortado.server.PubSub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What was published on a server to channels matching some glob patterns, recorded from the moment
 * {@link CortadoServer#recordMessages(String...)} returns: messages the code under test PUBLISHes, and
 * keyspace events ({@code __keyevent@0__:expired}...) once {@code notify-keyspace-events} enables
 * them. The recorder is no subscriber: PUBLISH's count and PUBSUB do not see it. Thread-safe; close it
 * to stop recording.
 *
 * <pre>{@code
 * PublishedMessages orders = redis.recordMessages("orders.*");
 * ... code under test ...
 * assertThat(orders).receivedWithin(Duration.ofSeconds(2), "orders.*", "{\"id\":42}");
 * }</pre>
 */
public final class PublishedMessages implements AutoCloseable {
  /** One published message: its channel, its payload and the recorder's pattern it matched. */
  public record Message(String pattern, String channel, String message, byte[] messageBytes) {
    @Override
    public String toString() {
      return channel + ": " + quote(message);
    }
  }

  private final CortadoServer server;
  private final List<byte[]> patterns = new ArrayList<>();
  private final List<Message> received = new ArrayList<>();
  private final PubSub.Observer observer = new PubSub.Observer() {
    @Override
    public List<byte[]> patterns() {
      return patterns;
    }

    @Override
    public void published(byte[] pattern, byte[] channel, byte[] message) {
      synchronized (received) {
        received.add(new Message(utf8(pattern), utf8(channel), utf8(message), message.clone()));
        received.notifyAll();
      }
    }
  };

  PublishedMessages(CortadoServer server, String... patterns) {
    this.server = server;
    for (String p : patterns) {
      this.patterns.add(p.getBytes(StandardCharsets.UTF_8));
    }
    server.onLoop(s -> {
      s.pubsub.observe(observer);
      return null;
    });
  }

  /** The glob patterns recorded, as given. */
  public List<String> patterns() {
    List<String> out = new ArrayList<>();
    patterns.forEach(p -> out.add(utf8(p)));
    return out;
  }

  /** Every message recorded so far, in the order published. */
  public List<Message> messages() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The recorded messages whose channel matches a glob pattern ({@code *} for all). */
  public List<Message> messages(String channelPattern) {
    byte[] p = channelPattern.getBytes(StandardCharsets.UTF_8);
    List<Message> out = new ArrayList<>();
    for (Message m : messages()) {
      if (dev.cortado.keyspace.Glob.matches(p, m.channel().getBytes(StandardCharsets.UTF_8))) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * Waits until a recorded message satisfies the condition (one recorded before the call counts) and
   * returns it, or returns null once the timeout has passed.
   */
  public Message await(Predicate<Message> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (Message m : received) {
          if (condition.test(m)) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Forgets what was recorded; recording goes on. */
  public void clear() {
    synchronized (received) {
      received.clear();
    }
  }

  /** Stops recording; what was recorded stays readable. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.onLoop(s -> {
        s.pubsub.stopObserving(observer);
        return null;
      });
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
