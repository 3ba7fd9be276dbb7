package dev.cortado.server;

/** A cluster node's own place in its cluster: the shared topology and which node it is. */
public final class ClusterView {
  public final ClusterTopology topology;
  public final ClusterTopology.Node myself;

  ClusterView(ClusterTopology topology, ClusterTopology.Node myself) {
    this.topology = topology;
    this.myself = myself;
  }
}
