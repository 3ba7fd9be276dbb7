package dev.cortado.command;

import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.PUBSUB;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;
import dev.cortado.server.PubSub;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH, SPUBLISH and PUBSUB, after Redis
 * 7.0's pubsub.c. Confirmations are pushes in RESP3 and arrays in RESP2, one per name, written as
 * one reply; messages reach subscribers through {@link PubSub}.
 */
final class PubSubCommands {
  private PubSubCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("PubSubCommands");
      String g = "pubsub";
      int subscribing = PUBSUB | NOSCRIPT | LOADING | STALE;
      t.add("subscribe", -2, subscribing, 0, 0, 0, g,
          "Listen for messages published to the given channels", "subscribe")
          .docs("2.0.0", "O(N) where N is the number of channels to subscribe to.");
      t.add("unsubscribe", -1, subscribing, 0, 0, 0, g,
          "Stop listening for messages posted to the given channels", "unsubscribe")
          .docs("2.0.0", "O(N) where N is the number of clients already subscribed to a channel.");
      t.add("psubscribe", -2, subscribing, 0, 0, 0, g,
          "Listen for messages published to channels matching the given patterns", "psubscribe")
          .docs("2.0.0", "O(N) where N is the number of patterns the client is already subscribed to.");
      t.add("punsubscribe", -1, subscribing, 0, 0, 0, g,
          "Stop listening for messages posted to channels matching the given patterns",
          "punsubscribe")
          .docs("2.0.0", "O(N+M) where N is the number of patterns the client is already subscribed "
              + "and M is the number of total patterns subscribed in the system (by any client).");
      t.add("ssubscribe", -2, subscribing, 1, -1, 1, g,
          "Listen for messages published to the given shard channels", "ssubscribe")
          .docs("7.0.0", "O(N) where N is the number of shard channels to subscribe to.")
          .keySpecFlags("not_key");
      t.add("sunsubscribe", -1, subscribing, 1, -1, 1, g,
          "Stop listening for messages posted to the given shard channels", "sunsubscribe")
          .docs("7.0.0", "O(N) where N is the number of clients already subscribed to a shard channel.")
          .keySpecFlags("not_key");
      t.add("publish", 3, PUBSUB | LOADING | STALE | FAST | CommandSpec.MAY_REPLICATE, 0, 0, 0,
          g,
          "Post a message to a channel", "publish")
          .docs("2.0.0", "O(N+M) where N is the number of clients subscribed to the receiving channel "
              + "and M is the total number of subscribed patterns (by any client).");
      t.add("spublish", 3, PUBSUB | LOADING | STALE | FAST | CommandSpec.MAY_REPLICATE, 1, 1, 1,
          g,
          "Post a message to a shard channel", "spublish")
          .docs("7.0.0", "O(N) where N is the number of clients subscribed to the receiving shard "
              + "channel.")
          .keySpecFlags("not_key");
      t.container("pubsub", g, "A container for Pub/Sub commands");
      t.sub("pubsub", "channels", -2, PUBSUB | LOADING | STALE, 0, 0, 0,
          "List active channels", "channels");
      t.sub("pubsub", "numpat", 2, PUBSUB | LOADING | STALE, 0, 0, 0,
          "Get the count of unique patterns pattern subscriptions", "numpat");
      t.sub("pubsub", "numsub", -2, PUBSUB | LOADING | STALE, 0, 0, 0,
          "Get the count of subscribers for channels", "numsub");
      t.sub("pubsub", "shardchannels", -2, PUBSUB | LOADING | STALE, 0, 0, 0,
          "List active shard channels", "shardchannels");
      t.sub("pubsub", "shardnumsub", -2, PUBSUB | LOADING | STALE, 0, 0, 0,
          "Get the count of subscribers for shard channels", "shardnumsub");
      t.sub("pubsub", "help", 2, LOADING | STALE, 0, 0, 0, "Show helpful text about the different "
          + "subcommands", "help").withoutGroupCategory(); // @slow alone, as in Redis
    }
  }

  static Reply subscribe(Call c) {
    return subscribeEach(c, PubSub.Kind.CHANNEL);
  }

  static Reply psubscribe(Call c) {
    return subscribeEach(c, PubSub.Kind.PATTERN);
  }

  static Reply ssubscribe(Call c) {
    return subscribeEach(c, PubSub.Kind.SHARD);
  }

  private static Reply subscribeEach(Call c, PubSub.Kind kind) {
    List<Reply> frames = new ArrayList<>(c.argc() - 1);
    for (int i = 1; i < c.argc(); i++) {
      frames.add(c.server.pubsub.subscribe(c.connection, kind, c.arg(i)));
    }
    return Reply.sequence(frames);
  }

  static Reply unsubscribe(Call c) {
    return unsubscribeEach(c, PubSub.Kind.CHANNEL);
  }

  static Reply punsubscribe(Call c) {
    return unsubscribeEach(c, PubSub.Kind.PATTERN);
  }

  static Reply sunsubscribe(Call c) {
    return unsubscribeEach(c, PubSub.Kind.SHARD);
  }

  private static Reply unsubscribeEach(Call c, PubSub.Kind kind) {
    if (c.argc() == 1) {
      return Reply.sequence(c.server.pubsub.unsubscribeAll(c.connection, kind));
    }
    List<Reply> frames = new ArrayList<>(c.argc() - 1);
    for (int i = 1; i < c.argc(); i++) {
      frames.add(c.server.pubsub.unsubscribe(c.connection, kind, c.arg(i)));
    }
    return Reply.sequence(frames);
  }

  static Reply publish(Call c) {
    long receivers = c.server.pubsub.publish(c.arg(1), c.arg(2));
    if (c.server.cluster != null) {
      ClusterCommands.publishToOtherNodes(c.server.cluster, c.arg(1), c.arg(2));
    }
    return Reply.integer(receivers); // this node's receivers only, as in Redis Cluster
  }

  static Reply spublish(Call c) {
    return Reply.integer(c.server.pubsub.publishShard(c.arg(1), c.arg(2)));
  }

  // PUBSUB CHANNELS [pattern]
  static Reply channels(Call c) {
    return activeChannels(c, false);
  }

  // PUBSUB SHARDCHANNELS [pattern]
  static Reply shardchannels(Call c) {
    return activeChannels(c, true);
  }

  private static Reply activeChannels(Call c, boolean shard) {
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax(c.str(1), "PUBSUB"));
    }
    return Reply.bulks(c.server.pubsub.activeChannels(shard, c.argc() == 3 ? c.arg(2) : null));
  }

  // PUBSUB NUMSUB [channel ...]
  static Reply numsub(Call c) {
    return subscriberCounts(c, false);
  }

  // PUBSUB SHARDNUMSUB [channel ...]
  static Reply shardnumsub(Call c) {
    return subscriberCounts(c, true);
  }

  private static Reply subscriberCounts(Call c, boolean shard) {
    List<Reply> pairs = new ArrayList<>((c.argc() - 2) * 2);
    for (int i = 2; i < c.argc(); i++) {
      pairs.add(Reply.bulk(c.arg(i)));
      pairs.add(Reply.integer(c.server.pubsub.subscriberCount(shard, c.arg(i))));
    }
    return Reply.array(pairs);
  }

  // PUBSUB NUMPAT
  static Reply numpat(Call c) {
    return Reply.integer(c.server.pubsub.patternCount());
  }

  static Reply help(Call c) {
    return Call.helpReply("PUBSUB",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)");
  }
}
