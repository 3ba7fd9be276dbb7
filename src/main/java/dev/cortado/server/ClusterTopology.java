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
    /** The node it replicates, or null for a primary. */
    public final Node primary;
    public final long configEpoch;
    /** The node's server, touched only on its loop. */
    public final ServerState state;
    /** The node's loop: where other nodes hand it work (PUBLISH, as the cluster bus carries it). */
    public final Executor loop;

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

    /** The cluster bus port Redis announces: the client port plus 10000. */
    public int busPort() {
      return port + 10000;
    }
  }

  /** A slot on its way between two primaries: MIGRATING on {@code from}, IMPORTING on {@code to}. */
  public record Move(Node from, Node to) {}

  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final AtomicReferenceArray<Move> moves = new AtomicReferenceArray<>(KeySlot.SLOTS);
  private final AtomicReferenceArray<Node> owners = new AtomicReferenceArray<>(KeySlot.SLOTS);
  private final Random random;

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
    Node node = new Node(id.toString(), host, port, primary, nodes.size() + 1L, state, loop);
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
    moves.set(slot, new Move(owners.get(slot), to));
  }

  /** Closes a slot's move, giving it to its target (SETSLOT NODE on every node). */
  public void finishMove(int slot) {
    Move move = moves.getAndSet(slot, null);
    if (move != null) {
      owners.set(slot, move.to());
    }
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

  /** The highest config epoch of any node (cluster_current_epoch). */
  public long currentEpoch() {
    long max = 0;
    for (Node n : nodes) {
      max = Math.max(max, n.configEpoch);
    }
    return max;
  }
}
