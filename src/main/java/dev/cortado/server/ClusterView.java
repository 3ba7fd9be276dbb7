package dev.cortado.server;

import dev.cortado.keyspace.KeySlot;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster node's own place in its cluster: the shared topology and which node it is. Nodes share
 * one topology, but each sees it without the nodes it was told to forget (CLUSTER FORGET).
 */
public final class ClusterView {
  public final ClusterTopology topology;
  public final ClusterTopology.Node myself;

  ClusterView(ClusterTopology topology, ClusterTopology.Node myself) {
    this.topology = topology;
    this.myself = myself;
  }

  /** The nodes this one knows, in the order they joined. */
  public List<ClusterTopology.Node> nodes() {
    List<ClusterTopology.Node> all = topology.nodes();
    if (myself.forgotten.isEmpty()) {
      return all;
    }
    List<ClusterTopology.Node> known = new ArrayList<>(all.size());
    for (ClusterTopology.Node n : all) {
      if (topology.knows(myself, n)) {
        known.add(n);
      }
    }
    return known;
  }

  /** A known node by id, or null. */
  public ClusterTopology.Node node(String id) {
    for (ClusterTopology.Node n : nodes()) {
      if (n.id.equals(id)) {
        return n;
      }
    }
    return null;
  }

  /** The slot's owner as this node sees it: a forgotten owner leaves the slot unassigned here. */
  public ClusterTopology.Node owner(int slot) {
    ClusterTopology.Node owner = topology.owner(slot);
    if (owner == null || myself.forgotten.isEmpty() || topology.knows(myself, owner)) {
      return owner;
    }
    return null;
  }

  /**
   * cluster_state:ok as this node sees it. Every keyed command asks: once this node has forgotten
   * a node, the walk over the slots is redone at most every 100 ms, as Redis's own state updates
   * in its cron rather than per command.
   */
  public boolean ok() {
    if (!topology.ok()) {
      return false;
    }
    if (myself.forgotten.isEmpty()) {
      return true;
    }
    long now = System.nanoTime();
    if (now - okCheckedAt > 100_000_000L || okCheckedAt == 0) {
      boolean ok = true;
      for (int slot = 0; slot < KeySlot.SLOTS && ok; slot++) {
        ok = owner(slot) != null;
      }
      okCached = ok;
      okCheckedAt = now;
    }
    return okCached;
  }

  /** When {@link #ok()} last walked the slots, and what it found (read on the node's loop). */
  private long okCheckedAt;
  private boolean okCached;
}
