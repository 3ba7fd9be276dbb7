package dev.cortado.boot4;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One annotation, no properties, no {@code @DirtiesContext}: Boot's auto-configured Lettuce
 * connection reaches Cortado through the RedisConnectionDetails bean the annotation supplies.
 */
@Order(1)
@EmbeddedRedis
@SpringBootTest(classes = GreetingApp.class)
class ConnectionDetailsFirstTest {
  @Autowired
  StringRedisTemplate template;
  @Autowired
  LettuceConnectionFactory connectionFactory;
  @Autowired
  ApplicationContext context;
  @Autowired
  Environment environment;

  @BeforeEach
  void sameContextAsTheOtherClass(CortadoServer redis) {
    SharedContext.check(context, redis);
  }

  @Test
  void theAutoConfiguredConnectionTalksToCortado(CortadoServer redis) {
    assertThat(environment.getProperty("spring.data.redis.port")).isNull();
    assertThat(connectionFactory.getHostName()).isEqualTo(redis.host());
    assertThat(connectionFactory.getPort()).isEqualTo(redis.port());

    template.opsForValue().set("greeting", "hello", Duration.ofMinutes(5));
    assertThat(redis).key("greeting").hasValue("hello")
        .hasTtlBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    redis.data().hset("user:1", "name", "Ada");
    assertThat(template.<String, String>opsForHash().get("user:1", "name")).isEqualTo("Ada");
  }

  @Test
  void eachTestStartsEmpty(CortadoServer redis) {
    assertThat(redis).isEmpty();
    assertThat(template.keys("*")).isEmpty();
    template.opsForValue().set("left-by", "first class");
  }
}
