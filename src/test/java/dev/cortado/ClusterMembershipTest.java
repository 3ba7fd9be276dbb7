package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Clusters that change members: addPrimary/addReplica, and lone nodes joined by CLUSTER MEET. */
class ClusterMembershipTest {

  @Test
  void addPrimary_joinsWithoutSlots_andMoveSlotGivesItKeys() {
    try (CortadoCluster cluster = CortadoCluster.builder().masters(3).build().start()) {
      cluster.data().set("user:1", "ada"); // slot 10778, node 1
      int added = cluster.addPrimary();
      assertThat(added).isEqualTo(3);
      CortadoServer node = cluster.node(added);
      try (TestClient c = new TestClient(cluster.node(0))) {
        String nodes = c.call("CLUSTER", "NODES");
        assertThat(nodes.lines().filter(l -> l.contains(":" + node.port() + "@"))).singleElement()
            .asString().contains(" master - ").endsWith(" 0 connected"); // no slots, epoch 0
        assertThat(c.call("CLUSTER", "INFO")).contains("cluster_known_nodes:4")
            .contains("cluster_size:3").contains("cluster_state:ok");
      }
      cluster.moveSlot(CortadoCluster.slotOf("user:1"), added);
      assertThat(cluster.nodeFor("user:1")).isSameAs(node);
      assertThat(node.data().get("user:1")).isEqualTo("ada");
      try (TestClient c = new TestClient(cluster.node(1))) {
        assertThat(c.call("GET", "user:1")).isEqualTo("-MOVED 10778 127.0.0.1:" + node.port() + "\r\n");
        assertThat(c.call("CLUSTER", "INFO")).contains("cluster_size:4");
      }
    }
  }

  @Test
  void addReplica_followsItsPrimary_andRefusesAReplicaAsPrimary() {
    try (CortadoCluster cluster = CortadoCluster.builder().masters(3).build().start()) {
      int replica = cluster.addReplica(2);
      cluster.data().set("user:4", "bob"); // slot 15039, node 2
      try (TestClient c = new TestClient(cluster.node(2))) {
        assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      }
      assertThat(cluster.node(replica).data().get("user:4")).isEqualTo("bob");
      assertThat(cluster.isPrimary(replica)).isFalse();
      assertThatThrownBy(() -> cluster.addReplica(replica))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a replica");
      cluster.failover(replica); // a failover still finds the added node
      assertThat(cluster.isPrimary(replica)).isTrue();
      assertThat(cluster.nodeFor("user:4")).isSameAs(cluster.node(replica));
    }
  }

  @Test
  void loneNodes_meetIntoOneCluster_forgetAndReset() {
    CortadoServer a = lone();
    CortadoServer b = lone();
    try (a; b; TestClient ca = new TestClient(a); TestClient cb = new TestClient(b)) {
      assertThat(ca.call("CLUSTER", "NODES")).contains("\r\n" + ca.call("CLUSTER", "MYID")
          .split("\r\n")[1] + " :" + a.port() + "@"); // no address before a MEET
      assertThat(ca.call("CLUSTER", "ADDSLOTSRANGE", "0", "8000")).isEqualTo("+OK\r\n");
      assertThat(cb.call("CLUSTER", "ADDSLOTSRANGE", "8001", "16383")).isEqualTo("+OK\r\n");
      assertThat(ca.call("CLUSTER", "SET-CONFIG-EPOCH", "5")).isEqualTo("+OK\r\n");
      assertThat(ca.call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(b.port())))
          .isEqualTo("+OK\r\n");
      assertThat(cb.call("CLUSTER", "INFO")).contains("cluster_state:ok")
          .contains("cluster_known_nodes:2").contains("cluster_current_epoch:5");
      assertThat(ca.call("SET", "user:1", "v"))
          .isEqualTo("-MOVED 10778 127.0.0.1:" + b.port() + "\r\n");
      String idA = ca.call("CLUSTER", "MYID").split("\r\n")[1];
      // b forgets a: a's slots are unassigned for b only.
      assertThat(cb.call("CLUSTER", "FORGET", idA)).isEqualTo("+OK\r\n");
      assertThat(cb.call("CLUSTER", "INFO")).contains("cluster_known_nodes:1")
          .contains("cluster_state:fail");
      assertThat(ca.call("CLUSTER", "INFO")).contains("cluster_known_nodes:2");
      // a resets: it leaves, keeps its id and epoch (SOFT), and owns nothing.
      assertThat(ca.call("CLUSTER", "RESET", "SOFT")).isEqualTo("+OK\r\n");
      assertThat(ca.call("CLUSTER", "INFO")).contains("cluster_known_nodes:1")
          .contains("cluster_slots_assigned:0").contains("cluster_my_epoch:5");
      assertThat(ca.call("CLUSTER", "MYID")).contains(idA);
      assertThat(cb.call("CLUSTER", "INFO")).contains("cluster_slots_assigned:8383");
      assertThat(ca.call("CLUSTER", "RESET", "HARD")).isEqualTo("+OK\r\n");
      assertThat(ca.call("CLUSTER", "MYID")).doesNotContain(idA);
      assertThat(ca.call("CLUSTER", "INFO")).contains("cluster_my_epoch:0")
          .contains("cluster_current_epoch:0");
    }
  }

  @Test
  void meetOfAnAddressWithoutANode_isOkAndChangesNothing_badAddressesGetRedisErrors() {
    try (CortadoServer a = lone(); CortadoServer plain = CortadoServer.builder().build().start();
        TestClient c = new TestClient(a)) {
      // a standalone server is not a cluster node: nothing to meet
      assertThat(c.call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(plain.port())))
          .isEqualTo("+OK\r\n");
      assertThat(c.call("CLUSTER", "INFO")).contains("cluster_known_nodes:1");
      for (List<String> bad : List.of(List.of("localhost", "7000"), List.of("127.0.0.1", "0"),
          List.of("256.0.0.1", "7000"), List.of("127.0.0.1", "60000"))) {
        assertThat(c.call("CLUSTER", "MEET", bad.get(0), bad.get(1)))
            .isEqualTo("-ERR Invalid node address specified: " + bad.get(0) + ":" + bad.get(1)
                + "\r\n");
      }
      assertThat(c.call("CLUSTER", "MEET", "::1", "7000")).isEqualTo("+OK\r\n");
    }
  }

  @Test
  void resetOfAPrimaryWithKeys_isRefused_aReplicaIsFlushed() {
    try (CortadoCluster cluster = CortadoCluster.builder().masters(3).replicas(1).build().start()) {
      cluster.data().set("config", "x"); // slot 4717, node 0; node 3 replicates it
      try (TestClient c = new TestClient(cluster.node(0))) {
        assertThat(c.call("CLUSTER", "RESET")).isEqualTo(
            "-ERR CLUSTER RESET can't be called with master nodes containing keys\r\n");
        assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      }
      try (TestClient c = new TestClient(cluster.node(3))) {
        assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
        assertThat(c.call("CLUSTER", "RESET")).isEqualTo("+OK\r\n");
        assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(c.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
      }
      try (TestClient c = new TestClient(cluster.node(0))) {
        assertThat(c.call("CLUSTER", "INFO")).contains("cluster_known_nodes:5");
      }
      assertThatThrownBy(() -> cluster.failover(3)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("left the cluster");
    }
  }

  private static CortadoServer lone() {
    return CortadoServer.builder().config("cluster-enabled", "yes").build().start();
  }
}
