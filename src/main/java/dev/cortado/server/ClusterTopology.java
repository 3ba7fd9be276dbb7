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
    public final String host;
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

    Node(String id, String host, int port, Node primary, long configEpoch, ServerState state,
        Executor loop) {
      this.id = id;
      this.host = host;
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

  public ClusterTopology(long seed) {
    this.random = new Random(seed);
  }

  /** Adds a node; its id is 40 hex digits from the cluster's seed. */
  public synchronized Node add(String host, int port, Node primary, ServerState state,
      Executor loop) {
    StringBuilder id = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      id.append(Character.forDigit(random.nextInt(16), 16));
    }
    currentEpoch++;
    Node node = new Node(id.toString(), host, port, primary, currentEpoch, state, loop);
    nodes.add(node);
    state.cluster = new ClusterView(this, node);
    state.db(0).trackSlots();
    return node;
  }

  /** Gives slots from..to (inclusive) to a primary. */
  public void assign(int from, int to, Node node) {
    for (int slot = from; slot <= to; slot++) {
      owners.set(slot, node);
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

  /** Primaries that own at least one slot (Redis's cluster_size). */
  public int size() {
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
