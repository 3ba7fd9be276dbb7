package dev.cortado.server;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * What the Sentinels of one in-JVM deployment share: the monitored primary's name, its data nodes
 * (primary and replicas) and the Sentinels themselves. Real Sentinels learn this by polling INFO and
 * by hello messages; Sentinels in one JVM read the same object, so they agree at once. The test's
 * thread changes it (failover, kill), the Sentinels' loops read it: volatile fields and
 * copy-on-write lists.
 */
public final class SentinelGroup {
  /** A primary or replica the Sentinels watch. */
  public static final class DataNode {
    public final String host;
    public final int port;
    public volatile String runId;
    /** The node's server, or null while it is down. */
    public volatile ServerState state;
    /** Stopped by the test: flagged s_down (and o_down for the primary). */
    public volatile boolean down;

    public DataNode(String host, int port, String runId, ServerState state) {
      this.host = host;
      this.port = port;
      this.runId = runId;
      this.state = state;
    }

    /** Sentinel's name for a replica: its address. */
    public String address() {
      return host + ":" + port;
    }
  }

  /** One Sentinel: its id and where its pub/sub lives. */
  public static final class Member {
    public final String id;
    public final String host;
    public final int port;
    final ServerState state;
    final Executor loop;

    Member(String id, String host, int port, ServerState state, Executor loop) {
      this.id = id;
      this.host = host;
      this.port = port;
      this.state = state;
      this.loop = loop;
    }
  }

  public final String masterName;
  public final int quorum;
  public final long startedAt;
  private final Random random;
  private final List<DataNode> nodes = new CopyOnWriteArrayList<>();
  private final List<Member> sentinels = new CopyOnWriteArrayList<>();
  private volatile DataNode master;
  /** The epoch of the last failover (config-epoch), and the Sentinels' current epoch. */
  private volatile long configEpoch;
  /** What SENTINEL FAILOVER runs, off the Sentinel's loop; set by whoever built the group. */
  private volatile Runnable failover = () -> {};

  public SentinelGroup(String masterName, int quorum, long seed, long startedAt) {
    this.masterName = masterName;
    this.quorum = quorum;
    this.random = new Random(seed);
    this.startedAt = startedAt;
  }

  public void addNode(DataNode node, boolean isMaster) {
    nodes.add(node);
    if (isMaster) {
      master = node;
    }
  }

  /** Adds a Sentinel; its id is 40 hex digits from the group's seed. */
  public synchronized Member join(String host, int port, ServerState state, Executor loop) {
    StringBuilder id = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      id.append(Character.forDigit(random.nextInt(16), 16));
    }
    Member m = new Member(id.toString(), host, port, state, loop);
    sentinels.add(m);
    state.sentinel = new SentinelView(this, m);
    return m;
  }

  public DataNode master() {
    return master;
  }

  public void master(DataNode node) {
    master = node;
  }

  /** The replicas: every data node but the primary, in the order they were added. */
  public List<DataNode> replicas() {
    DataNode m = master;
    return nodes.stream().filter(n -> n != m).toList();
  }

  public List<Member> sentinels() {
    return List.copyOf(sentinels);
  }

  public long configEpoch() {
    return configEpoch;
  }

  public void configEpoch(long epoch) {
    configEpoch = epoch;
  }

  public void onFailover(Runnable action) {
    this.failover = action;
  }

  /** SENTINEL FAILOVER: the failover runs on a thread of its own, as Redis answers OK at once. */
  public void startFailover() {
    Thread t = new Thread(failover, "cortado-sentinel-failover");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Publishes a Sentinel event on one Sentinel's pub/sub, through its loop; not if that Sentinel
   * no longer monitors this primary (SENTINEL REMOVE).
   */
  public void publish(Member on, String channel, String message) {
    byte[] ch = channel.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] msg = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    on.loop.execute(() -> {
      SentinelView v = on.state.sentinel;
      if (v != null && v.monitors(this)) {
        on.state.pubsub.publish(ch, msg);
      }
    });
  }

  /** The quorum one Sentinel holds for this primary (SENTINEL SET may have changed it). */
  public long quorumOf(Member on) {
    SentinelView v = on.state.sentinel;
    SentinelMaster m = v == null ? null : v.master(masterName);
    return m != null && m.group == this ? m.quorum : quorum;
  }
}
