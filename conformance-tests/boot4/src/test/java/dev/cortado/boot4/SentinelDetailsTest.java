package dev.cortado.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoSentinel;
import dev.cortado.junit.EmbeddedRedisSentinel;
import dev.cortado.boot4.GreetingApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code @EmbeddedRedisSentinel} on a Boot test: Boot's auto-configuration gets the Sentinels and
 * the master's name as connection details and asks them where the primary is.
 */
@EmbeddedRedisSentinel(replicas = 1, sentinels = 3)
@SpringBootTest(classes = GreetingApp.class)
class SentinelDetailsTest {
  @Autowired
  StringRedisTemplate template;
  @Autowired
  LettuceConnectionFactory connectionFactory;

  @Test
  void theAutoConfiguredConnectionGoesThroughTheSentinels(CortadoSentinel sentinel) {
    assertThat(connectionFactory.getSentinelConfiguration()).isNotNull();
    assertThat(connectionFactory.getSentinelConfiguration().getMaster().getName())
        .isEqualTo("mymaster");
    assertThat(connectionFactory.getSentinelConfiguration().getSentinels()).hasSize(3);
    template.opsForValue().set("boot:sentinel", "v");
    assertThat(sentinel.primary().data().get("boot:sentinel")).isEqualTo("v");
  }
}
