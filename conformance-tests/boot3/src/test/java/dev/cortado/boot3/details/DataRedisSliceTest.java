package dev.cortado.boot3.details;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.data.redis.DataRedisTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Boot's Redis slice: only the Redis auto-configuration, connected to Cortado the same way. */
@EmbeddedRedis
@DataRedisTest
class DataRedisSliceTest {
  @Autowired
  StringRedisTemplate template;

  @Test
  void theSliceTalksToCortado(CortadoServer redis) {
    template.opsForList().rightPushAll("queue", "a", "b", "c");
    assertThat(redis).key("queue").hasType("list").hasOnlyElements("a", "b", "c");
    assertThat(template.opsForList().leftPop("queue")).isEqualTo("a");
  }
}
