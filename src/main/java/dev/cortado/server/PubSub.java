package dev.cortado.server;

import dev.cortado.keyspace.Glob;
import dev.cortado.protocol.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One server's publish/subscribe registry: who subscribes to which channel, pattern and shard
 * channel, and delivery of messages as push frames. Keyspace notifications are published through
 * it too. Touched only on the server's event loop, like the rest of {@link ServerState}.
 *
 * <p>Subscribers of a channel are kept in the order they subscribed, and a message reaches them in
 * that order, then the pattern subscribers, pattern by pattern (Redis 7.0 keeps patterns in a hash
 * table, so the order across patterns is its hash order there; here it is subscription order).
 */
public final class PubSub {
  private static final Reply MESSAGE = Reply.bulk("message");
  private static final Reply PMESSAGE = Reply.bulk("pmessage");
  private static final Reply SMESSAGE = Reply.bulk("smessage");

  private final Map<Name, Set<Connection>> channels = new LinkedHashMap<>();
  private final Map<Name, Set<Connection>> patterns = new LinkedHashMap<>();
  private final Map<Name, Set<Connection>> shardChannels = new LinkedHashMap<>();
  /**
   * Observers inside the JVM (a test's recorder): they see every message published to a channel
   * matching one of their patterns, and are no subscriber (PUBLISH and PUBSUB do not count them).
   */
  private final List<Observer> observers = new ArrayList<>(0);

  /** Sees published messages whose channel matches one of its glob patterns. */
  public interface Observer {
    List<byte[]> patterns();

    void published(byte[] pattern, byte[] channel, byte[] message);
  }

  public void observe(Observer observer) {
    observers.add(observer);
  }

  public void stopObserving(Observer observer) {
    observers.remove(observer);
  }

  /** A channel or pattern: bytes with value equality. */
  public record Name(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Name n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** The three kinds of subscription, each with its own registry and confirmation words. */
  public enum Kind {
    CHANNEL("subscribe", "unsubscribe"),
    PATTERN("psubscribe", "punsubscribe"),
    SHARD("ssubscribe", "sunsubscribe");

    final Reply subscribed;
    final Reply unsubscribed;

    Kind(String subscribe, String unsubscribe) {
      this.subscribed = Reply.bulk(subscribe);
      this.unsubscribed = Reply.bulk(unsubscribe);
    }
  }

  private Map<Name, Set<Connection>> registry(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD -> shardChannels;
    };
  }

  /** Subscribes and returns the confirmation frame (pushed in RESP3, an array in RESP2). */
  public Reply subscribe(Connection c, Kind kind, byte[] name) {
    Name n = new Name(name);
    if (c.subscriptions(kind).add(n)) {
      registry(kind).computeIfAbsent(n, x -> new LinkedHashSet<>(2)).add(c);
    }
    return Reply.push(List.of(kind.subscribed, Reply.bulk(name), Reply.integer(c.subscriptionCount(kind))));
  }

  /** Unsubscribes one name (subscribed or not) and returns the confirmation frame. */
  public Reply unsubscribe(Connection c, Kind kind, byte[] name) {
    Name n = new Name(name);
    if (c.subscriptions(kind).remove(n)) {
      Set<Connection> subscribers = registry(kind).get(n);
      if (subscribers != null && subscribers.remove(c) && subscribers.isEmpty()) {
        registry(kind).remove(n);
      }
    }
    return Reply.push(List.of(kind.unsubscribed, Reply.bulk(name), Reply.integer(c.subscriptionCount(kind))));
  }

  /**
   * Unsubscribes from every name of a kind, one frame each; with none, the one frame Redis sends
   * with a null name.
   */
  public List<Reply> unsubscribeAll(Connection c, Kind kind) {
    List<Reply> frames = new ArrayList<>();
    for (Name n : new ArrayList<>(c.subscriptions(kind))) {
      frames.add(unsubscribe(c, kind, n.bytes()));
    }
    if (frames.isEmpty()) {
      frames.add(Reply.push(List.of(kind.unsubscribed, Reply.NULL, Reply.integer(c.subscriptionCount(kind)))));
    }
    return frames;
  }

  /** Drops every subscription of a connection silently: RESET, or a closed connection. */
  public void forget(Connection c) {
    for (Kind kind : Kind.values()) {
      for (Name n : new ArrayList<>(c.subscriptions(kind))) {
        unsubscribe(c, kind, n.bytes());
      }
    }
  }

  /** PUBLISH: delivers to the channel's subscribers, then to matching patterns; returns how many. */
  public long publish(byte[] channel, byte[] message) {
    if (!observers.isEmpty()) {
      tellObservers(channel, message);
    }
    long receivers = 0;
    Set<Connection> direct = channels.get(new Name(channel));
    if (direct != null) {
      Reply frame = Reply.push(List.of(MESSAGE, Reply.bulk(channel), Reply.bulk(message)));
      for (Connection c : direct) {
        c.push(frame);
        receivers++;
      }
    }
    if (!patterns.isEmpty()) {
      Reply channelReply = null;
      Reply messageReply = null;
      for (Map.Entry<Name, Set<Connection>> e : patterns.entrySet()) {
        if (!Glob.matches(e.getKey().bytes(), channel)) {
          continue;
        }
        if (channelReply == null) {
          channelReply = Reply.bulk(channel);
          messageReply = Reply.bulk(message);
        }
        Reply frame = Reply.push(List.of(PMESSAGE, Reply.bulk(e.getKey().bytes()), channelReply, messageReply));
        for (Connection c : e.getValue()) {
          c.push(frame);
          receivers++;
        }
      }
    }
    return receivers;
  }

  private void tellObservers(byte[] channel, byte[] message) {
    for (Observer o : observers.toArray(new Observer[0])) {
      for (byte[] pattern : o.patterns()) {
        if (Glob.matches(pattern, channel)) {
          o.published(pattern, channel, message);
          break;
        }
      }
    }
  }

  /** SPUBLISH: delivers to the shard channel's subscribers; returns how many. */
  public long publishShard(byte[] channel, byte[] message) {
    Set<Connection> subscribers = shardChannels.get(new Name(channel));
    if (subscribers == null) {
      return 0;
    }
    Reply frame = Reply.push(List.of(SMESSAGE, Reply.bulk(channel), Reply.bulk(message)));
    for (Connection c : subscribers) {
      c.push(frame);
    }
    return subscribers.size();
  }

  /** Whether anyone listens at all: keyspace events are built only then. */
  public boolean hasSubscribers() {
    return !channels.isEmpty() || !patterns.isEmpty() || !observers.isEmpty();
  }

  /** Channels (or shard channels) with at least one subscriber, matching a pattern if given. */
  public List<byte[]> activeChannels(boolean shard, byte[] pattern) {
    List<byte[]> out = new ArrayList<>();
    for (Name n : (shard ? shardChannels : channels).keySet()) {
      if (pattern == null || Glob.matches(pattern, n.bytes())) {
        out.add(n.bytes());
      }
    }
    return out;
  }

  /** Subscribers of a channel (or shard channel), for PUBSUB NUMSUB. */
  public int subscriberCount(boolean shard, byte[] channel) {
    Set<Connection> s = (shard ? shardChannels : channels).get(new Name(channel));
    return s == null ? 0 : s.size();
  }

  /** Distinct patterns subscribed to by anyone, for PUBSUB NUMPAT. */
  public int patternCount() {
    return patterns.size();
  }

  /** Channels and patterns with subscribers, for INFO's pubsub_channels and pubsub_patterns. */
  public int channelCount() {
    return channels.size();
  }
}
