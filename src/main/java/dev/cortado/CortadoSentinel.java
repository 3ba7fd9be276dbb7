package dev.cortado;

import dev.cortado.server.SentinelGroup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Sentinel deployment in this JVM: a primary, its replicas, and Sentinels that monitor them
 * under one name. Sentinel clients (Jedis's {@code JedisSentinelPool}, Lettuce's {@code
 * redis-sentinel://} URIs, Redisson's sentinel mode, Spring's {@code RedisSentinelConfiguration})
 * connect to the Sentinels, ask where the primary is, and follow a failover the test triggers:
 *
 * <pre>{@code
 * try (CortadoSentinel sentinel = CortadoSentinel.builder().replicas(1).build().start()) {
 *   JedisSentinelPool pool = new JedisSentinelPool("mymaster", sentinel.sentinelAddresses());
 *   ...
 *   sentinel.failover();   // +switch-master: the pool moves to the new primary
 * }
 * }</pre>
 *
 * <p>The Sentinels publish Redis's events ({@code +switch-master}, {@code +sdown}, ...) on their
 * pub/sub, in Redis's order, and answer SENTINEL's subcommands as Redis 7.0 does.
 */
public final class CortadoSentinel implements AutoCloseable {
  private final Builder builder;
  private final List<CortadoServer> dataNodes = new ArrayList<>();
  private final List<SentinelGroup.DataNode> watched = new ArrayList<>();
  private final List<CortadoServer> sentinels = new ArrayList<>();
  private SentinelGroup group;

  private CortadoSentinel(Builder builder) {
    this.builder = builder;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the primary, its replicas (each synced) and the Sentinels; returns this. */
  public synchronized CortadoSentinel start() {
    if (group != null) {
      throw new IllegalStateException("already started");
    }
    SentinelGroup g = new SentinelGroup(builder.masterName, builder.quorum, builder.seed,
        System.currentTimeMillis());
    try {
      for (int i = 0; i <= builder.replicas; i++) {
        CortadoServer node = dataNode(i, builder.firstPort == 0 ? 0 : builder.firstPort + i)
            .start();
        dataNodes.add(node);
        if (i > 0) {
          node.replicaOf(dataNodes.get(0));
        }
        SentinelGroup.DataNode d = new SentinelGroup.DataNode(builder.host, node.port(),
            node.runId(), node.onLoop(s -> s));
        watched.add(d);
        g.addNode(d, i == 0);
      }
      g.onFailover(() -> failover(false));
      group = g;
      for (int i = 0; i < builder.sentinels; i++) {
        int port = builder.firstSentinelPort == 0 ? 0 : builder.firstSentinelPort + i;
        CortadoServer.Builder b = CortadoServer.builder().port(port).bind(builder.host)
            .seed(builder.seed + 1000 + i).sentinelOf(g);
        sentinels.add(b.build().start());
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    return this;
  }

  private CortadoServer dataNode(int index, int port) {
    CortadoServer.Builder b = CortadoServer.builder().port(port).bind(builder.host)
        .seed(builder.seed + index + 1);
    if (builder.password != null) {
      b.password(builder.password);
    }
    b.enableDebugCommand(builder.enableDebugCommand).journalLimit(builder.journalLimit);
    if (builder.clock != null) {
      b.clock(builder.clock);
    }
    return b.build();
  }

  /**
   * Empties every running data node (data, mock layer, journal) and rewinds a manual clock. The
   * primary stays whichever node it is now. Each Sentinel forgets what it was told at run time
   * (SENTINEL MONITOR, REMOVE, SET, CONFIG SET, DEBUG): it monitors the deployment's primary alone
   * again, with the builder's quorum.
   */
  public synchronized void reset() {
    running();
    for (CortadoServer n : dataNodes) {
      if (n.isRunning()) {
        n.reset();
      }
    }
    for (CortadoServer s : sentinels) {
      if (s.isRunning()) {
        s.onLoop(state -> {
          state.sentinel.restore(state.clock.millis());
          return null;
        });
      }
    }
  }

  /** Stops the Sentinels and the data nodes. */
  public synchronized void stop() {
    sentinels.forEach(CortadoServer::stop);
    dataNodes.forEach(CortadoServer::stop);
    sentinels.clear();
    dataNodes.clear();
    watched.clear();
    group = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** The monitored primary's name (default "mymaster"). */
  public String masterName() {
    return builder.masterName;
  }

  /** The Sentinels, each on its own port. */
  public List<CortadoServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The Sentinels as "host:port", as sentinel clients take them. */
  public java.util.Set<String> sentinelAddresses() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (CortadoServer s : sentinels) {
      out.add(builder.host + ":" + s.port());
    }
    return out;
  }

  /** The primary now (a failover changes it). */
  public synchronized CortadoServer primary() {
    return serverOf(running().master());
  }

  /** The replicas now, in the order they were started. */
  public synchronized List<CortadoServer> replicas() {
    List<CortadoServer> out = new ArrayList<>();
    for (SentinelGroup.DataNode d : running().replicas()) {
      out.add(serverOf(d));
    }
    return out;
  }

  private SentinelGroup running() {
    SentinelGroup g = group;
    if (g == null) {
      throw new IllegalStateException("not started");
    }
    return g;
  }

  private CortadoServer serverOf(SentinelGroup.DataNode d) {
    return dataNodes.get(watched.indexOf(d));
  }

  /**
   * A failover, as SENTINEL FAILOVER starts it: a replica is promoted, the other replicas and the
   * old primary replicate it, and the Sentinels publish Redis's events ending with {@code
   * +switch-master}. Returns once every node has switched.
   */
  public void failover() {
    failover(false);
  }

  /**
   * Stops the primary as a crash would: the Sentinels see it down ({@code +sdown}, {@code +odown})
   * and fail over at once (Redis waits for down-after-milliseconds). The old primary stays down;
   * {@link #restartDown()} brings it back as a replica.
   */
  public synchronized void killPrimary() {
    SentinelGroup g = running();
    SentinelGroup.DataNode m = g.master();
    serverOf(m).stop();
    m.down = true;
    m.state = null;
    for (SentinelGroup.Member s : g.sentinels()) {
      g.publish(s, "+sdown", "master " + g.masterName + " " + m.host + " " + m.port);
      g.publish(s, "+odown", "master " + g.masterName + " " + m.host + " " + m.port + " #quorum "
          + g.sentinels().size() + "/" + g.quorumOf(s));
    }
    failover(true);
  }

  /** Starts every stopped data node again, empty, on its port, as a replica of the primary. */
  public synchronized void restartDown() {
    SentinelGroup g = running();
    SentinelGroup.DataNode m = g.master();
    for (int i = 0; i < watched.size(); i++) {
      SentinelGroup.DataNode d = watched.get(i);
      if (!d.down) {
        continue;
      }
      CortadoServer node = dataNode(i, d.port).start();
      dataNodes.set(i, node);
      node.replicaOf(serverOf(m));
      d.runId = node.runId();
      d.state = node.onLoop(s -> s);
      d.down = false;
      for (SentinelGroup.Member s : g.sentinels()) {
        g.publish(s, "-sdown", "slave " + d.address() + " " + d.host + " " + d.port + " @ "
            + g.masterName + " " + m.host + " " + m.port);
        g.publish(s, "+convert-to-slave", "slave " + d.address() + " " + d.host + " " + d.port
            + " @ " + g.masterName + " " + m.host + " " + m.port);
      }
    }
  }

  private synchronized void failover(boolean primaryDown) {
    SentinelGroup g = running();
    SentinelGroup.DataNode old = g.master();
    SentinelGroup.DataNode chosen = null;
    for (SentinelGroup.DataNode r : g.replicas()) {
      if (!r.down) {
        chosen = r;
        break;
      }
    }
    if (chosen == null) {
      throw new IllegalStateException("no replica to promote");
    }
    List<SentinelGroup.Member> all = g.sentinels();
    SentinelGroup.Member leader = all.get(0);
    long epoch = g.configEpoch() + 1;
    String master = "master " + g.masterName + " " + old.host + " " + old.port;
    String chosenAt = "slave " + chosen.address() + " " + chosen.host + " " + chosen.port + " @ "
        + g.masterName + " " + old.host + " " + old.port;
    for (String[] e : new String[][] {{"+new-epoch", Long.toString(epoch)},
        {"+try-failover", master}, {"+vote-for-leader", leader.id + " " + epoch},
        {"+elected-leader", master}, {"+failover-state-select-slave", master},
        {"+selected-slave", chosenAt}, {"+failover-state-send-slaveof-noone", chosenAt},
        {"+failover-state-wait-promotion", chosenAt}}) {
      g.publish(leader, e[0], e[1]);
    }
    CortadoServer promoted = serverOf(chosen);
    if (!primaryDown) {
      CortadoServer oldServer = serverOf(old);
      oldServer.onLoop(s -> {
        s.replication.ship(); // the replica gets every write before it takes over
        return null;
      });
      promoted.onLoop(s -> null);
    }
    promoted.replicaOf(null);
    g.publish(leader, "-role-change", chosenAt + " new reported role is master");
    g.publish(leader, "+promoted-slave", chosenAt);
    g.publish(leader, "+failover-state-reconf-slaves", master);
    for (SentinelGroup.DataNode r : g.replicas()) {
      if (r == chosen || r.down) {
        continue;
      }
      String at = "slave " + r.address() + " " + r.host + " " + r.port + " @ " + g.masterName
          + " " + old.host + " " + old.port;
      g.publish(leader, "+slave-reconf-sent", at);
      serverOf(r).replicaOf(promoted);
      g.publish(leader, "+slave-reconf-inprog", at);
      g.publish(leader, "+slave-reconf-done", at);
    }
    g.publish(leader, "+failover-end", master);
    g.master(chosen);
    g.configEpoch(epoch);
    String switched = g.masterName + " " + old.host + " " + old.port + " " + chosen.host + " "
        + chosen.port;
    for (SentinelGroup.Member s : all) {
      if (s != leader) {
        g.publish(s, "+config-update-from", "sentinel " + leader.id + " " + leader.host + " "
            + leader.port + " @ " + master.substring("master ".length()));
      }
      g.publish(s, "+switch-master", switched);
      for (SentinelGroup.DataNode r : g.replicas()) {
        g.publish(s, "+slave", "slave " + r.address() + " " + r.host + " " + r.port + " @ "
            + g.masterName + " " + chosen.host + " " + chosen.port);
      }
    }
    if (primaryDown) {
      for (SentinelGroup.Member s : all) {
        g.publish(s, "+sdown", "slave " + old.address() + " " + old.host + " " + old.port + " @ "
            + g.masterName + " " + chosen.host + " " + chosen.port);
      }
    } else {
      serverOf(old).replicaOf(promoted);
      for (SentinelGroup.Member s : all) {
        g.publish(s, "+convert-to-slave", "slave " + old.address() + " " + old.host + " "
            + old.port + " @ " + g.masterName + " " + chosen.host + " " + chosen.port);
      }
    }
  }

  /** How the deployment is built. */
  public static final class Builder {
    private String masterName = "mymaster";
    private int replicas = 1;
    private int sentinels = 3;
    private int quorum = 2;
    private String host = "127.0.0.1";
    private String password;
    private Clock clock;
    private long seed = 1;
    private String enableDebugCommand = "no";
    private int journalLimit = 100_000;
    private int firstPort;
    private int firstSentinelPort;

    private Builder() {}

    /**
     * The primary listens on {@code firstPort}, replica i on {@code firstPort + i}; 0 (the default)
     * gives each a free port.
     */
    public Builder firstPort(int firstPort) {
      this.firstPort = port(firstPort);
      return this;
    }

    /**
     * Sentinel i listens on {@code firstSentinelPort + i} (Redis's default is 26379); 0 (the
     * default) gives each a free port.
     */
    public Builder firstSentinelPort(int firstSentinelPort) {
      this.firstSentinelPort = port(firstSentinelPort);
      return this;
    }

    private static int port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("no port " + port);
      }
      return port;
    }

    /** The name the Sentinels monitor the primary under (default "mymaster"). */
    public Builder masterName(String name) {
      this.masterName = name;
      return this;
    }

    /** Replicas of the primary (default 1). */
    public Builder replicas(int replicas) {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas cannot be negative");
      }
      this.replicas = replicas;
      return this;
    }

    /** Sentinels (default 3: Redisson, for one, wants at least two). */
    public Builder sentinels(int sentinels) {
      if (sentinels < 1) {
        throw new IllegalArgumentException("at least one Sentinel");
      }
      this.sentinels = sentinels;
      return this;
    }

    /** Sentinels that must agree the primary is down (default 2). */
    public Builder quorum(int quorum) {
      this.quorum = quorum;
      return this;
    }

    /** The address every node binds and announces (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** requirepass of the primary and replicas (Sentinels take none). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The clock every data node reads. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Who may run DEBUG on the primary and replicas, as Redis's {@code enable-debug-command}: "no"
     * (the default, as in Redis 7.0), "yes", or "local" (clients on a loopback address).
     */
    public Builder enableDebugCommand(String mode) {
      this.enableDebugCommand = CortadoServer.Builder.checkedDebugMode(mode);
      return this;
    }

    /**
     * How many commands each data node's mock journal keeps (100,000 by default); 0 turns it off,
     * for load tests that verify nothing.
     */
    public Builder journalLimit(int commands) {
      this.journalLimit = CortadoServer.Builder.checkedJournalLimit(commands);
      return this;
    }

    /** Seeds ids and randomness, for repeatable runs. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public CortadoSentinel build() {
      return new CortadoSentinel(this);
    }
  }
}
