package dev.cortado.server;

import dev.cortado.keyspace.KeySlot;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The configuration every node of one in-JVM cluster shares: its nodes and which primary owns each
 * hash slot. Real nodes agree on it by gossip; nodes in one JVM read the same object, so they agree
 * at once. Nodes run on different event loops, and tests change slots from their own thread: the
 * slot table is an atomic array and the node list copy-on-write.
 */
public final class ClusterTopology {
  /** One node as the others see it. */
  public static final class Node {
    public final String id;
    /** The address others see: empty on a lone node until it meets another, as in Redis. */
    public volatile String host;
    /** The address the node binds, announced once it meets another node. */
    final String announce;
    public final int port;
    /** The node it replicates, or null for a primary; a failover changes it. */
    public volatile Node primary;
    public volatile long configEpoch;
    /** The node's server, touched only on its loop; a restart gives it a new one. */
    public volatile ServerState state;
    /** The node's loop: where other nodes hand it work (PUBLISH, as the cluster bus carries it). */
    public volatile Executor loop;
    /** Stopped by the test (kill): the others flag it "fail" and its link "disconnected". */
    public volatile boolean failed;
    /**
     * The replica that took over while this primary was down: the others still see a primary
     * without slots until it comes back and becomes a replica of it.
     */
    volatile Node successor;
    /**
     * Nodes this one was told to forget (CLUSTER FORGET), with the time the ban ends: after it, a
     * node another one still knows comes back by gossip, as in Redis.
     */
    final java.util.Map<Node, Long> forgotten = new java.util.concurrent.ConcurrentHashMap<>();

    Node(String id, String host, int port, Node primary, long configEpoch, ServerState state,
        Executor loop) {
      this.id = id;
      this.host = host;
      this.announce = host;
      this.port = port;
      this.primary = primary;
      this.configEpoch = configEpoch;
      this.state = state;
      this.loop = loop;
    }

    public boolean isPrimary() {
      return primary == null;
    }

    /** A replica's epoch is its primary's. */
    public long epoch() {
      Node p = primary;
      return p == null ? configEpoch : p.configEpoch;
    }

    /** The cluster bus port Redis announces: the client port plus 10000. */
    public int busPort() {
      return port + 10000;
    }
  }

  /**
   * A slot on its way between two primaries: MIGRATING on {@code from} and IMPORTING on {@code to}
   * (CLUSTER SETSLOT sets each half on its own node; a test's slot move sets both).
   */
  public record Move(Node from, Node to, boolean migrating, boolean importing) {}

  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final AtomicReferenceArray<Move> moves = new AtomicReferenceArray<>(KeySlot.SLOTS);
  private final AtomicReferenceArray<Node> owners = new AtomicReferenceArray<>(KeySlot.SLOTS);
  private final Random random;
  /** cluster_current_epoch: redis-cli gives each node its own at creation; failovers bump it. */
  private long currentEpoch;

  /** Set when a CLUSTER MEET joined this topology's nodes into another one. */
  private volatile ClusterTopology mergedInto;
  /** Serializes merges, which lock two topologies. */
  private static final Object MEETINGS = new Object();

  public ClusterTopology(long seed) {
    this.random = new Random(seed);
  }

  /** Adds a node; its id is 40 hex digits from the cluster's seed. */
  public synchronized Node add(String host, int port, Node primary, ServerState state,
      Executor loop) {
    currentEpoch++;
    return attach(new Node(newId(), host, port, primary, currentEpoch, state, loop));
  }

  /**
   * A node that joins later (add-node): epoch 0, as a fresh Redis node has until it owns slots or
   * collides with another primary of epoch 0.
   */
  public synchronized Node join(String host, int port, Node primary, ServerState state,
      Executor loop) {
    Node node = attach(new Node(newId(), host, port, primary, 0, state, loop));
    resolveEpochCollisions();
    return node;
  }

  /** A new node joins: its server gets its view of this topology and indexes keys by slot. */
  private Node attach(Node node) {
    nodes.add(node);
    node.state.cluster = new ClusterView(this, node);
    node.state.db(0).trackSlots();
    return node;
  }

  private String newId() {
    StringBuilder id = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      id.append(Character.forDigit(random.nextInt(16), 16));
    }
    return id.toString();
  }

  /**
   * A server started with cluster-enabled yes on its own: a cluster of one node without slots or
   * epochs, that knows its own address only once it meets another node (CLUSTER MEET), as Redis.
   */
  public static Node lone(String host, int port, ServerState state, Executor loop, long seed) {
    ClusterTopology t = new ClusterTopology(seed);
    synchronized (t) {
      t.freshUntil = System.nanoTime() + 2_000_000_000L;
      Node node = t.attach(new Node(t.newId(), host, port, null, 0, state, loop));
      node.host = "";
      t.refreshState();
      return node;
    }
  }

  /** The topology this one's nodes live in now (itself unless a MEET merged it into another). */
  public ClusterTopology current() {
    ClusterTopology t = this;
    while (t.mergedInto != null) {
      t = t.mergedInto;
    }
    return t;
  }

  /**
   * CLUSTER MEET between nodes of two topologies: they become one, the smaller's nodes joining the
   * bigger (so a CortadoCluster keeps its own). A slot both claim goes to the greater epoch, and
   * primaries sharing an epoch are told apart as Redis's collision rule does: the smaller node id
   * takes a new epoch. Each moved node's server gets its new view on its own loop.
   */
  public static void meet(ClusterTopology a, ClusterTopology b) {
    ClusterTopology into;
    ClusterTopology from;
    synchronized (MEETINGS) {
      a = a.current();
      b = b.current();
      if (a == b) {
        return;
      }
      into = a.nodes.size() >= b.nodes.size() ? a : b;
      from = into == a ? b : a;
      synchronized (into) {
        synchronized (from) {
          into.nodes.addAll(from.nodes);
          for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            Node theirs = from.owners.get(slot);
            Node ours = into.owners.get(slot);
            if (theirs != null && (ours == null || ours.epoch() < theirs.epoch())) {
              into.owners.set(slot, theirs);
            }
            if (from.moves.get(slot) != null && into.moves.get(slot) == null) {
              into.moves.set(slot, from.moves.get(slot));
            }
          }
          into.currentEpoch = Math.max(into.currentEpoch, from.currentEpoch);
          into.resolveEpochCollisions();
          for (Node n : into.nodes) {
            n.host = n.announce; // every node learns its address from the other side
          }
          from.mergedInto = into;
          into.refreshState();
        }
      }
    }
    for (Node n : from.nodes) {
      ServerState s = n.state;
      ClusterTopology t = into;
      n.loop.execute(() -> {
        if (s.cluster != null && s.cluster.myself == n) {
          s.cluster = new ClusterView(t, n);
        }
      });
    }
  }

  /** Primaries with the same config epoch: the one with the smaller id takes a new one. */
  private void resolveEpochCollisions() {
    boolean again = true;
    while (again) {
      again = false;
      for (Node x : nodes) {
        for (Node y : nodes) {
          if (x != y && x.isPrimary() && y.isPrimary() && x.configEpoch == y.configEpoch
              && x.id.compareTo(y.id) < 0) {
            currentEpoch++;
            x.configEpoch = currentEpoch;
            again = true;
          }
        }
      }
    }
  }

  /** CLUSTER FORGET on {@code viewer}: it drops {@code node} from its view for a minute at least. */
  public void forget(Node viewer, Node node) {
    viewer.forgotten.put(node, System.currentTimeMillis() + 60_000);
  }

  /**
   * Whether {@code viewer} knows {@code node}: unless it forgot it, and after the ban only if another
   * node still knows it (gossip brings it back; a node every other one forgot stays out).
   */
  boolean knows(Node viewer, Node node) {
    Long until = viewer.forgotten.get(node);
    if (until == null) {
      return true;
    }
    if (System.currentTimeMillis() < until) {
      return false;
    }
    for (Node other : nodes) {
      if (other != viewer && other != node && !other.forgotten.containsKey(node)) {
        viewer.forgotten.remove(node);
        return true;
      }
    }
    return false;
  }

  /**
   * CLUSTER RESET on a node: it leaves this topology (the others drop it, as Redis's do once it
   * stops knowing them) and starts a lone one of its own without slots; HARD also takes a new id
   * and zero epochs. Runs on the node's loop; the caller flushed a replica's data.
   */
  public Node reset(Node node, boolean hard) {
    ClusterTopology t;
    synchronized (MEETINGS) {
      synchronized (this) {
        nodes.remove(node);
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
          owners.compareAndSet(slot, node, null);
          Move m = moves.get(slot);
          if (m != null && (m.from() == node || m.to() == node)) {
            moves.set(slot, null);
          }
        }
        for (Node n : nodes) {
          n.forgotten.remove(node);
        }
        refreshState();
        t = new ClusterTopology(random.nextLong());
        if (!hard) {
          t.currentEpoch = currentEpoch;
        }
      }
    }
    synchronized (t) {
      Node lone = new Node(hard ? t.newId() : node.id, node.announce, node.port, null,
          hard ? 0 : node.configEpoch, node.state, node.loop);
      lone.host = node.host;
      t.nodes.add(lone);
      node.state.cluster = new ClusterView(t, lone);
      t.refreshState();
      return lone;
    }
  }

  /** CLUSTER SET-CONFIG-EPOCH on a node that knows no other. */
  public synchronized void setConfigEpoch(Node node, long epoch) {
    node.configEpoch = epoch;
    if (currentEpoch < epoch) {
      currentEpoch = epoch;
    }
  }

  /** Gives slots from..to (inclusive) to a primary. */
  public void assign(int from, int to, Node node) {
    assignAll(new int[] {from}, new int[] {to}, List.of(node));
  }

  /** Gives each primary its range of slots, then checks the coverage once. */
  public void assignAll(int[] from, int[] to, List<Node> primaries) {
    for (int i = 0; i < from.length; i++) {
      for (int slot = from[i]; slot <= to[i]; slot++) {
        owners.set(slot, primaries.get(i));
      }
    }
    refreshState();
  }

  /** Whether every slot has a live owner (cluster_state:ok); read before every keyed command. */
  private volatile boolean ok;

  public boolean ok() {
    return ok;
  }

  private void refreshState() {
    ok = allSlotsServed();
  }

  public Node owner(int slot) {
    return owners.get(slot);
  }

  /** The move a slot is in, or null when it is stable. */
  public Move move(int slot) {
    return moves.get(slot);
  }

  /** Opens a slot move (CLUSTER SETSLOT IMPORTING on the target, MIGRATING on the owner). */
  public void startMove(int slot, Node to) {
    moves.set(slot, new Move(owners.get(slot), to, true, true));
  }

  /** CLUSTER SETSLOT slot MIGRATING on its owner {@code from}. */
  public synchronized void migrating(int slot, Node from, Node to) {
    Move m = moves.get(slot);
    boolean importing = m != null && m.importing() && m.from() == from && m.to() == to;
    moves.set(slot, new Move(from, to, true, importing));
  }

  /** CLUSTER SETSLOT slot IMPORTING on the node {@code to} that will own it. */
  public synchronized void importing(int slot, Node from, Node to) {
    Move m = moves.get(slot);
    boolean migrating = m != null && m.migrating() && m.from() == from && m.to() == to;
    moves.set(slot, new Move(from, to, migrating, true));
  }

  /** CLUSTER SETSLOT slot STABLE on a node: its half of the move ends. */
  public synchronized void stable(int slot, Node node) {
    Move m = moves.get(slot);
    if (m == null) {
      return;
    }
    boolean migrating = m.migrating() && m.from() != node;
    boolean importing = m.importing() && m.to() != node;
    moves.set(slot, migrating || importing ? new Move(m.from(), m.to(), migrating, importing)
        : null);
  }

  /** CLUSTER SETSLOT slot NODE: the slot is the node's, and no longer on its way. */
  public synchronized void give(int slot, Node node) {
    moves.set(slot, null);
    owners.set(slot, node);
    refreshState();
  }

  /** CLUSTER DELSLOTS: nobody serves the slot. */
  public synchronized void unassign(int slot) {
    owners.set(slot, null);
    refreshState();
  }

  /** CLUSTER BUMPEPOCH: a new epoch for the node unless it has the greatest already, alone. */
  public synchronized boolean bumpEpoch(Node node) {
    long max = 0;
    int holders = 0;
    for (Node n : nodes) {
      if (n.configEpoch > max) {
        max = n.configEpoch;
        holders = 1;
      } else if (n.configEpoch == max) {
        holders++;
      }
    }
    if (node.configEpoch != 0 && node.configEpoch == max && holders == 1) {
      return false;
    }
    currentEpoch++;
    node.configEpoch = currentEpoch;
    return true;
  }

  /** CLUSTER REPLICATE on an empty primary without slots: it follows {@code primary}. */
  public synchronized void replicate(Node node, Node primary) {
    node.primary = primary;
    node.state.replication.replicate(primary.state, primary.host, primary.port);
  }

  /**
   * Closes a slot's move, giving it to its target (SETSLOT NODE on every node); the target takes a
   * new epoch, as Redis's importing node does on SETSLOT NODE.
   */
  public synchronized void finishMove(int slot) {
    Move move = moves.getAndSet(slot, null);
    if (move != null) {
      owners.set(slot, move.to());
      bumpEpoch(move.to());
    }
    refreshState();
  }

  public List<Node> nodes() {
    return nodes;
  }

  /**
   * A fresh Redis node keeps its first cluster_size of 1 for two seconds: it does not update its
   * state before (CLUSTER_WRITABLE_DELAY). Lone nodes start so.
   */
  private volatile long freshUntil = Long.MIN_VALUE;

  /** Primaries that own at least one slot (Redis's cluster_size). */
  public int size() {
    if (freshUntil != Long.MIN_VALUE && System.nanoTime() - freshUntil < 0 && nodes.size() == 1) {
      return 1;
    }
    List<Node> owning = new ArrayList<>();
    for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
      Node n = owners.get(slot);
      if (n != null && !owning.contains(n)) {
        owning.add(n);
      }
    }
    return owning.size();
  }

  public int assignedSlots() {
    int n = 0;
    for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
      if (owners.get(slot) != null) {
        n++;
      }
    }
    return n;
  }

  /** The ranges of consecutive slots a node owns, as [from, to] pairs in slot order. */
  public List<int[]> ranges(Node node) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    for (int slot = 0; slot <= KeySlot.SLOTS; slot++) {
      boolean mine = slot < KeySlot.SLOTS && owners.get(slot) == node;
      if (mine && start < 0) {
        start = slot;
      } else if (!mine && start >= 0) {
        out.add(new int[] {start, slot - 1});
        start = -1;
      }
    }
    return out;
  }

  public synchronized long currentEpoch() {
    return currentEpoch;
  }

  /**
   * A replica takes its primary's place (CLUSTER FAILOVER, or a failed primary's replica): it owns
   * the slots with a new epoch, and the old primary and its other replicas now replicate it.
   */
  public synchronized void promote(Node replica) {
    Node old = replica.primary;
    if (old == null) {
      throw new IllegalArgumentException("node " + replica.id + " is already a primary");
    }
    currentEpoch++;
    replica.configEpoch = currentEpoch;
    for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
      owners.compareAndSet(slot, old, replica);
    }
    for (Node n : nodes) {
      if (n.primary == old && n != replica) {
        n.primary = replica;
      }
    }
    replica.primary = null;
    if (old.failed) {
      old.successor = replica; // known as a primary without slots until it rejoins
    } else {
      old.primary = replica;
    }
    refreshState();
  }

  /**
   * A failover: the replica is promoted, and the old primary (unless failed) and its other replicas
   * replicate it from now on, each resynchronized in full as Redis's replicas are.
   */
  public synchronized void failover(Node replica) {
    promote(replica);
    replica.state.replication.stopReplicating();
    for (Node n : nodes) {
      if (n.primary == replica && !n.failed) {
        n.state.replication.replicate(replica.state, replica.host, replica.port);
      }
    }
  }

  /** A node stopped by the test: the others flag it "fail". */
  public synchronized void failed(Node node) {
    node.failed = true;
    refreshState();
  }

  /**
   * A partitioned node reachable again: it rejoins with its data, and a primary whose slots went
   * to its replica meanwhile becomes that replica's replica, resynchronized as Redis's is.
   */
  public synchronized void healed(Node node) {
    node.failed = false;
    Node successor = node.successor;
    if (successor != null) {
      node.successor = null;
      while (successor.primary != null) {
        successor = successor.primary;
      }
      node.primary = successor;
      node.state.replication.replicate(successor.state, successor.host, successor.port);
    }
    refreshState();
  }

  /** A node started again on its port with a new, empty server: it rejoins with its old id. */
  public synchronized void rejoin(Node node, ServerState state, Executor loop) {
    node.state = state;
    node.loop = loop;
    state.cluster = new ClusterView(this, node);
    state.db(0).trackSlots();
    node.failed = false;
    Node successor = node.successor;
    if (successor != null) {
      node.successor = null;
      while (successor.primary != null) { // failed over again meanwhile
        successor = successor.primary;
      }
      node.primary = successor;
    }
    refreshState();
    Node primary = node.primary;
    if (primary != null && !primary.failed) {
      state.replication.replicate(primary.state, primary.host, primary.port);
    }
    for (Node n : nodes) {
      if (n.primary == node && !n.failed) {
        n.state.replication.replicate(state, node.host, node.port); // as Redis's resync: empty
      }
    }
  }

  /** The replicas of a primary, in the order they joined. */
  public List<Node> replicasOf(Node primary) {
    List<Node> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n.primary == primary) {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether every slot is assigned to a node that has not failed (cluster_state:ok). */
  public boolean allSlotsServed() {
    for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
      Node n = owners.get(slot);
      if (n == null || n.failed) {
        return false;
      }
    }
    return true;
  }
}
