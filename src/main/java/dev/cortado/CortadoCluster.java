package dev.cortado;

import dev.cortado.keyspace.KeySlot;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.mock.MockSupport;
import dev.cortado.mock.RedisMock;
import dev.cortado.server.ClusterTopology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster in this JVM: several {@link CortadoServer}s, each with its own keyspace and port,
 * sharing one slot map. The slots are assigned as {@code redis-cli --cluster create} assigns them,
 * so cluster clients (JedisCluster, Lettuce's RedisClusterClient, Redisson, Spring Data's cluster
 * configuration) connect to any node, read the topology with CLUSTER SLOTS, SHARDS or NODES, and
 * are redirected with MOVED as by real nodes.
 *
 * <pre>{@code
 * try (CortadoCluster cluster = CortadoCluster.builder().masters(3).build().start()) {
 *   JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()));
 * }
 * }</pre>
 */
public final class CortadoCluster implements AutoCloseable {
  private final Builder builder;
  private final List<CortadoServer> nodes = new ArrayList<>();
  private ClusterTopology topology;
  /** One mock layer for every node: a stub answers wherever its command arrives. */
  private final RedisMock mock;
  private final RedisData data = new RedisData(this);

  private CortadoCluster(Builder builder) {
    this.builder = builder;
    this.mock = MockSupport.newSharedMock(builder.journalLimit);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts every node on a free port and gives each its slots; returns this cluster. */
  public synchronized CortadoCluster start() {
    if (topology != null) {
      throw new IllegalStateException("already started");
    }
    ClusterTopology t = new ClusterTopology(builder.seed);
    try {
      List<ClusterTopology.Node> primaries = new ArrayList<>();
      for (int i = 0; i < builder.masters; i++) {
        CortadoServer server = newNode(portOf(i), i).start();
        nodes.add(server);
        primaries.add(server.onLoop(
            state -> t.add(builder.host, server.port(), null, state, server.loop())));
      }
      // Replica j of primary i, as redis-cli --cluster create --cluster-replicas pairs them.
      for (int i = 0; i < builder.masters; i++) {
        for (int j = 0; j < builder.replicas; j++) {
          CortadoServer server = newNode(portOf(nodes.size()), nodes.size()).start();
          CortadoServer primary = nodes.get(i);
          ClusterTopology.Node of = primaries.get(i);
          nodes.add(server);
          server.onLoop(state -> t.add(builder.host, server.port(), of, state, server.loop()));
          server.replicaOf(primary);
        }
      }
      // redis-cli --cluster create: 16384 / masters slots each, the rounding carried along.
      double perNode = (double) KeySlot.SLOTS / builder.masters;
      double cursor = 0;
      int first = 0;
      int[] firsts = new int[primaries.size()];
      int[] lasts = new int[primaries.size()];
      for (int i = 0; i < primaries.size(); i++) {
        int last = (int) Math.round(cursor + perNode - 1);
        if (last > KeySlot.SLOTS - 1 || i == primaries.size() - 1) {
          last = KeySlot.SLOTS - 1;
        }
        firsts[i] = first;
        lasts[i] = last;
        first = last + 1;
        cursor += perNode;
      }
      t.assignAll(firsts, lasts, primaries);
    } catch (RuntimeException e) {
      nodes.forEach(CortadoServer::stop);
      nodes.clear();
      throw e;
    }
    topology = t;
    return this;
  }

  private int portOf(int index) {
    return builder.firstPort == 0 ? 0 : builder.firstPort + index;
  }

  private CortadoServer newNode(int port, int index) {
    CortadoServer.Builder b = CortadoServer.builder().port(port).bind(builder.host);
    b.sharedMock = mock;
    b.clusterMember = true;
    if (builder.tlsChain != null) {
      b.tls(builder.tlsChain, builder.tlsKey);
    } else if (builder.tlsSelfSigned) {
      b.tlsSelfSigned();
    }
    if (builder.password != null) {
      b.password(builder.password);
    }
    b.enableDebugCommand(builder.enableDebugCommand);
    if (builder.clock != null) {
      b.clock(builder.clock);
    }
    return b.seed(builder.seed + index + 1).build();
  }

  /**
   * Empties every running node (data, mock layer, journal) and rewinds a manual clock, as {@link
   * CortadoServer#reset()} does for one server. The topology stays as it is.
   */
  public synchronized void reset() {
    running();
    for (CortadoServer n : nodes) {
      if (n.isRunning()) {
        n.reset();
      }
    }
  }

  @Override
  public String toString() {
    return "CortadoCluster[" + builder.masters + " primaries, " + builder.replicas
        + " replicas each" + (nodes.isEmpty() ? ", stopped" : ", node 0 on port " + nodes.get(0).port())
        + "]";
  }

  /** Stops every node. */
  public synchronized void stop() {
    nodes.forEach(CortadoServer::stop);
    nodes.clear();
    topology = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * A manual failover ({@code CLUSTER FAILOVER} on the replica): the replica catches up with its
   * primary, takes its slots with a new epoch, and the old primary becomes its replica. Clients see
   * MOVED to the new primary from then on.
   */
  public synchronized void failover(int replicaIndex) {
    ClusterTopology t = running();
    ClusterTopology.Node replica = topologyNode(t, replicaIndex);
    ClusterTopology.Node primary = replica.primary;
    if (primary == null) {
      throw new IllegalArgumentException("node " + replicaIndex + " is not a replica");
    }
    if (!primary.failed) {
      CortadoServer p = nodeOf(primary);
      p.onLoop(state -> {
        state.replication.ship();
        return null;
      });
    }
    nodes.get(replicaIndex).onLoop(state -> null); // every shipped change applied
    t.failover(replica);
    for (CortadoServer n : nodes) {
      if (n.isRunning()) {
        n.onLoop(state -> null); // the resynchronizations queued, so a test sees them done
      }
    }
  }

  /**
   * Stops a node, as a crash would: the others flag it "fail". A primary's first live replica takes
   * over at once (Redis does after cluster-node-timeout); a primary without one leaves its slots
   * unserved and the cluster down (CLUSTERDOWN), as with cluster-require-full-coverage.
   */
  public synchronized void kill(int index) {
    ClusterTopology t = running();
    ClusterTopology.Node node = topologyNode(t, index);
    nodes.get(index).stop();
    t.failed(node);
    if (node.isPrimary()) {
      for (ClusterTopology.Node r : t.replicasOf(node)) {
        if (!r.failed) {
          t.failover(r);
          break;
        }
      }
    }
  }

  /**
   * Starts a killed node again on its port, empty (no persistence, as a Redis without RDB/AOF): a
   * primary whose slots went to its replica comes back as that replica's replica and resyncs.
   */
  public synchronized void restart(int index) {
    ClusterTopology t = running();
    ClusterTopology.Node node = topologyNode(t, index);
    if (!node.failed) {
      throw new IllegalStateException("node " + index + " is running: kill(" + index + ") it first");
    }
    CortadoServer server = newNode(node.port, index).start();
    nodes.set(index, server);
    server.onLoop(state -> {
      t.rejoin(node, state, server.loop());
      return null;
    });
  }

  /**
   * Cuts a node off, as a network partition would: it keeps running and holding its data, but no
   * command gets a reply (clients time out). The others flag it "fail" and, for a primary, its
   * first live replica takes over, as after cluster-node-timeout.
   */
  public synchronized void partition(int index) {
    ClusterTopology t = running();
    ClusterTopology.Node node = topologyNode(t, index);
    nodes.get(index).onLoop(state -> {
      state.partitioned = true;
      return null;
    });
    t.failed(node);
    if (node.isPrimary()) {
      for (ClusterTopology.Node r : t.replicasOf(node)) {
        if (!r.failed) {
          t.failover(r);
          break;
        }
      }
    }
  }

  /**
   * Ends a partition: the node answers again; a primary that was replaced meanwhile becomes a
   * replica of its successor (its data replaced by the successor's, as Redis resyncs it).
   */
  public synchronized void heal(int index) {
    ClusterTopology t = running();
    ClusterTopology.Node node = topologyNode(t, index);
    nodes.get(index).onLoop(state -> {
      state.partitioned = false;
      return null;
    });
    t.healed(node);
    nodes.get(index).onLoop(state -> null); // the resynchronization queued
  }

  /**
   * Starts a new primary without slots that joins the cluster, as {@code redis-cli --cluster
   * add-node} does; returns its index, for {@link #moveSlot} to give it slots. Cluster clients see
   * it after their next topology refresh.
   */
  public synchronized int addPrimary() {
    return addNode(null);
  }

  /**
   * Starts a new replica of primary {@code primaryIndex} that joins the cluster, as {@code
   * redis-cli --cluster add-node --cluster-slave} does; it syncs the primary's data. Returns its
   * index.
   */
  public synchronized int addReplica(int primaryIndex) {
    ClusterTopology t = running();
    ClusterTopology.Node primary = topologyNode(t, primaryIndex);
    if (!primary.isPrimary()) {
      throw new IllegalArgumentException("node " + primaryIndex + " is a replica");
    }
    return addNode(primaryIndex);
  }

  private int addNode(Integer primaryIndex) {
    ClusterTopology t = running();
    int index = nodes.size();
    CortadoServer server = newNode(builder.firstPort == 0 ? 0 : maxPort() + 1, index).start();
    nodes.add(server);
    ClusterTopology.Node primary = primaryIndex == null ? null : topologyNode(t, primaryIndex);
    server.onLoop(state -> t.join(builder.host, server.port(), primary, state, server.loop()));
    if (primary != null) {
      server.replicaOf(nodes.get(primaryIndex));
    }
    return index;
  }

  private int maxPort() {
    int max = 0;
    for (CortadoServer n : nodes) {
      max = Math.max(max, n.port());
    }
    return max;
  }

  /** Whether a node is a primary now (failovers change it). */
  public boolean isPrimary(int index) {
    return topologyNode(running(), index).isPrimary();
  }

  /** Node {@code index}'s place in the topology, found by its port (MEET and RESET reorder). */
  private ClusterTopology.Node topologyNode(ClusterTopology t, int index) {
    if (index < 0 || index >= nodes.size()) {
      throw new IllegalArgumentException("no node " + index);
    }
    int port = nodes.get(index).port();
    for (ClusterTopology.Node n : t.nodes()) {
      if (n.port == port) {
        return n;
      }
    }
    throw new IllegalStateException("node " + index + " left the cluster (CLUSTER RESET)");
  }

  /**
   * The cluster's data, read and written directly as {@link CortadoServer#data()} does for one
   * server: each key goes to the primary that owns its slot now (its replicas follow), and
   * {@code keys()}, {@code size()}, {@code flush()} and {@code dump()} span every primary.
   */
  public RedisData data() {
    running();
    return data;
  }

  /**
   * The mock layer every node shares: a stub answers on whichever node its command reaches (a
   * cluster client sends it to the key's owner), strict mode holds on every node, and one journal
   * records what every node received, in the order they received it. {@code node(i).mock()} is the
   * same object.
   */
  public RedisMock mock() {
    return mock;
  }

  /** The nodes that are primaries now, in node order. */
  List<CortadoServer> primaries() {
    ClusterTopology t = running();
    List<CortadoServer> out = new ArrayList<>();
    for (ClusterTopology.Node n : t.nodes()) {
      if (n.isPrimary() && !n.failed) {
        for (CortadoServer server : nodes) {
          if (server.port() == n.port) {
            out.add(server);
          }
        }
      }
    }
    return out;
  }

  /** The nodes, primaries first, in the order their slots go (node 0 holds slot 0). */
  public List<CortadoServer> nodes() {
    return List.copyOf(nodes);
  }

  public CortadoServer node(int index) {
    return nodes.get(index);
  }

  /** The hash slot of a key, as CLUSTER KEYSLOT computes it (hash tags included). */
  public static int slotOf(String key) {
    return KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The node that owns a key's slot. */
  public CortadoServer nodeFor(String key) {
    ClusterTopology t = running();
    ClusterTopology.Node owner = t.owner(slotOf(key));
    for (CortadoServer n : nodes) {
      if (owner != null && n.port() == owner.port) {
        return n;
      }
    }
    throw new IllegalStateException("slot " + slotOf(key) + " is not served");
  }

  /**
   * Moves a slot and its keys to another node at once, as {@code redis-cli --cluster reshard}
   * would: afterwards every node answers MOVED for it with the new owner.
   */
  public void moveSlot(int slot, int toNode) {
    SlotMove move = startSlotMove(slot, toNode);
    move.moveAllKeys();
    move.finish();
  }

  /**
   * Opens a slot move to another node and returns it; keys move when the test says so. Meanwhile
   * clients see what they see while a real slot migrates: the old owner answers ASK for a key it
   * no longer has, the new one serves it after ASKING (TRYAGAIN for several keys not all there),
   * and MOVED to the old owner without ASKING.
   */
  public synchronized SlotMove startSlotMove(int slot, int toNode) {
    ClusterTopology t = running();
    if (slot < 0 || slot >= KeySlot.SLOTS) {
      throw new IllegalArgumentException("no slot " + slot);
    }
    if (t.move(slot) != null) {
      throw new IllegalStateException("slot " + slot + " is already moving");
    }
    ClusterTopology.Node to = topologyNode(t, toNode);
    if (t.owner(slot) == to) {
      throw new IllegalArgumentException("node " + toNode + " already owns slot " + slot);
    }
    t.startMove(slot, to);
    return new SlotMove(slot, nodeOf(t.owner(slot)), nodes.get(toNode));
  }

  private ClusterTopology running() {
    ClusterTopology t = topology;
    if (t == null) {
      throw new IllegalStateException("not started");
    }
    return t.current();
  }

  private CortadoServer nodeOf(ClusterTopology.Node node) {
    for (CortadoServer n : nodes) {
      if (n.port() == node.port) {
        return n;
      }
    }
    throw new IllegalStateException("no node on port " + node.port);
  }

  /** A slot on its way from one node to another (see {@link #startSlotMove}). */
  public final class SlotMove {
    private final int slot;
    private final CortadoServer from;
    private final CortadoServer to;

    private SlotMove(int slot, CortadoServer from, CortadoServer to) {
      this.slot = slot;
      this.from = from;
      this.to = to;
    }

    /**
     * Moves one key, as MIGRATE does: atomically, with its TTL; false if the old owner does not
     * have it.
     */
    public boolean moveKey(String key) {
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      if (KeySlot.of(k) != slot) {
        throw new IllegalArgumentException(key + " is not in slot " + slot);
      }
      return moveKey(k);
    }

    private boolean moveKey(byte[] key) {
      // The old owner's loop waits while the new owner's stores the key: no client sees it twice
      // or nowhere, as MIGRATE blocks both servers.
      return from.onLoop(state -> {
        dev.cortado.keyspace.Database db = state.db(0);
        dev.cortado.keyspace.Value value = db.get(key);
        if (value == null) {
          return false;
        }
        to.onLoop(target -> {
          target.db(0).put(key, value, value.expiresAt());
          target.db(0).notify(KeyspaceEvents.GENERIC, "restore", key); // as MIGRATE's RESTORE
          return null;
        });
        db.remove(key);
        db.notify(KeyspaceEvents.GENERIC, "del", key); // as MIGRATE on the old owner
        return true;
      });
    }

    /** Moves every key the old owner still has in the slot; returns how many. */
    public int moveAllKeys() {
      int moved = 0;
      while (true) {
        List<byte[]> batch = from.onLoop(state -> state.db(0).keysInSlot(slot, 100));
        if (batch.isEmpty()) {
          return moved;
        }
        for (byte[] key : batch) {
          if (moveKey(key)) {
            moved++;
          }
        }
      }
    }

    /** Gives the slot to the new owner: from now on clients get MOVED to it. */
    public void finish() {
      synchronized (CortadoCluster.this) {
        running().finishMove(slot);
      }
    }
  }

  /** How the cluster is built. */
  public static final class Builder {
    private int masters = 3;
    private int replicas;
    private int firstPort;
    private String host = "127.0.0.1";
    private String password;
    private Clock clock;
    private long seed = 1;
    private String enableDebugCommand = "no";
    private java.nio.file.Path tlsChain;
    private java.nio.file.Path tlsKey;
    private boolean tlsSelfSigned;
    private int journalLimit = 100_000;

    private Builder() {}

    /**
     * Every node serves TLS on its port with this PEM certificate (chain) and PKCS#8 private key,
     * as a cluster with {@code tls-cluster yes}: the topology names the TLS ports.
     */
    public Builder tls(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) {
      this.tlsChain = java.util.Objects.requireNonNull(certificateChain, "certificateChain");
      this.tlsKey = java.util.Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Every node serves TLS with Cortado's self-signed certificate for localhost, 127.0.0.1 and ::1;
     * clients trust it through {@code node(0).tlsClientContext()}.
     */
    public Builder tlsSelfSigned() {
      this.tlsSelfSigned = true;
      return this;
    }

    /**
     * How many commands the shared mock journal keeps (100,000 by default); 0 turns it off, for
     * load tests that verify nothing.
     */
    public Builder journalLimit(int commands) {
      this.journalLimit = CortadoServer.Builder.checkedJournalLimit(commands);
      return this;
    }

    /** Primaries, each with a share of the 16384 slots (default 3, as redis-cli's minimum). */
    public Builder masters(int masters) {
      if (masters < 1 || masters > KeySlot.SLOTS) {
        throw new IllegalArgumentException("masters must be between 1 and 16384");
      }
      this.masters = masters;
      return this;
    }

    /** Replicas per primary (default 0); each follows its primary's writes. */
    public Builder replicas(int perMaster) {
      if (perMaster < 0) {
        throw new IllegalArgumentException("replicas cannot be negative");
      }
      this.replicas = perMaster;
      return this;
    }

    /**
     * Node i listens on {@code firstPort + i} (primaries first, then replicas), as Redis's
     * create-cluster script lays them out; 0 (the default) gives each a free port.
     */
    public Builder firstPort(int firstPort) {
      if (firstPort < 0 || firstPort > 65535) {
        throw new IllegalArgumentException("no port " + firstPort);
      }
      this.firstPort = firstPort;
      return this;
    }

    /** The address every node binds and announces (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** requirepass of every node. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The clock every node reads (a ManualClock makes TTLs deterministic). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Who may run DEBUG on every node, as Redis's {@code enable-debug-command}: "no" (the default,
     * as in Redis 7.0), "yes", or "local" (clients on a loopback address).
     */
    public Builder enableDebugCommand(String mode) {
      this.enableDebugCommand = CortadoServer.Builder.checkedDebugMode(mode);
      return this;
    }

    /** Seeds the node ids and each node's randomness, for repeatable runs. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public CortadoCluster build() {
      return new CortadoCluster(this);
    }
  }
}
