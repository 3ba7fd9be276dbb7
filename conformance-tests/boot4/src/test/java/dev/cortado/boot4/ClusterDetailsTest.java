package dev.cortado.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoCluster;
import dev.cortado.junit.EmbeddedRedisCluster;
import dev.cortado.boot4.GreetingApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code @EmbeddedRedisCluster} on a Boot test: Boot's auto-configuration gets the cluster's nodes
 * as connection details and builds a cluster connection, with no properties.
 */
@EmbeddedRedisCluster(masters = 3, replicas = 1)
@SpringBootTest(classes = GreetingApp.class)
class ClusterDetailsTest {
  @Autowired
  StringRedisTemplate template;
  @Autowired
  LettuceConnectionFactory connectionFactory;

  @Test
  void theAutoConfiguredConnectionIsAClusterConnection(CortadoCluster cluster) {
    assertThat(connectionFactory.getClusterConfiguration()).isNotNull();
    assertThat(connectionFactory.getClusterConfiguration().getClusterNodes()).hasSize(6);
    for (int i = 0; i < 30; i++) {
      template.opsForValue().set("boot:cluster:" + i, "v" + i);
    }
    for (int i = 0; i < 30; i++) {
      String key = "boot:cluster:" + i;
      // Each key on the node that owns its slot: the client was routed by Cortado's topology.
      assertThat(cluster.nodeFor(key).data().get(key)).isEqualTo("v" + i);
    }
  }

  @Test
  void eachTestStartsEmpty(CortadoCluster cluster) {
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.node(i).data().keys("*")).isEmpty();
    }
  }
}
