package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoCluster;
import dev.cortado.CortadoSentinel;
import dev.cortado.TestClient;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The cluster and Sentinel annotations: started once per class, injected, emptied between tests. */
class EmbeddedTopologiesTest {
  @Nested
  @EmbeddedRedisCluster(masters = 3, replicas = 1)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Cluster {
    @Test
    @Order(1)
    void aClusterIsInjected_andRoutes(CortadoCluster cluster) {
      assertThat(cluster.nodes()).hasSize(6);
      CortadoCluster.slotOf("user:1");
      try (TestClient c = new TestClient(cluster.nodeFor("user:1"))) {
        assertThat(c.call("SET", "user:1", "ada")).isEqualTo("+OK\r\n");
        assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
      }
      try (TestClient other = new TestClient(cluster.node(0) == cluster.nodeFor("user:1")
          ? cluster.node(1) : cluster.node(0))) {
        assertThat(other.call("GET", "user:1")).startsWith("-MOVED ");
      }
    }

    @Test
    @Order(2)
    void everyNodeIsEmptiedBeforeTheNextTest(CortadoCluster cluster) {
      for (int i = 0; i < cluster.nodes().size(); i++) {
        try (TestClient c = new TestClient(cluster.node(i))) {
          assertThat(c.call("DBSIZE")).as("node %d", i).isEqualTo(":0\r\n");
        }
      }
    }
  }

  @Nested
  @EmbeddedRedisSentinel(replicas = 1, sentinels = 2)
  class Sentinel {
    @Test
    void aDeploymentIsInjected_andItsSentinelsNameThePrimary(CortadoSentinel sentinel) {
      assertThat(sentinel.sentinels()).hasSize(2);
      try (TestClient s = new TestClient(sentinel.sentinels().get(0))) {
        assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")).isEqualTo(
            "*2\r\n$9\r\n127.0.0.1\r\n$" + Integer.toString(sentinel.primary().port()).length()
                + "\r\n" + sentinel.primary().port() + "\r\n");
      }
      sentinel.failover();
      try (TestClient s = new TestClient(sentinel.sentinels().get(1))) {
        assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
            .endsWith("\r\n" + sentinel.primary().port() + "\r\n");
      }
      assertThat(sentinel.replicas()).hasSize(1);
    }
  }
}
