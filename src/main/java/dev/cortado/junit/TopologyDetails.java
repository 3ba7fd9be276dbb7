package dev.cortado.junit;

import dev.cortado.CortadoCluster;
import dev.cortado.CortadoSentinel;
import dev.cortado.CortadoServer;

import java.util.ArrayList;
import java.util.List;

/**
 * What Boot needs of a deployment, whichever Boot line asks: the cluster's nodes, or the Sentinels
 * and the name they monitor, and the data nodes' password.
 */
record TopologyDetails(boolean sentinel, String masterName, List<String> hosts, List<Integer> ports,
    String password) {
  static TopologyDetails of(AutoCloseable deployment) {
    List<String> hosts = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    if (deployment instanceof CortadoCluster cluster) {
      for (CortadoServer node : cluster.nodes()) {
        hosts.add(node.host());
        ports.add(node.port());
      }
      return new TopologyDetails(false, null, hosts, ports, cluster.node(0).password());
    }
    CortadoSentinel sentinel = (CortadoSentinel) deployment;
    for (CortadoServer s : sentinel.sentinels()) {
      hosts.add(s.host());
      ports.add(s.port());
    }
    return new TopologyDetails(true, sentinel.masterName(), hosts, ports,
        sentinel.primary().password());
  }
}
