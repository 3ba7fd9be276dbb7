package dev.cortado.boot3.details;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.boot3.GreetingApp;
import dev.cortado.junit.CortadoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The alternative without the annotation: a server per class from the extension, handed to Boot as
 * properties. Spring reads them when it builds the context, after the extension started the server.
 * The server stops with the class, so the class dirties its context rather than leave a cached one
 * pointing at a stopped server.
 */
@SpringBootTest(classes = GreetingApp.class)
@DirtiesContext
class DynamicPropertySourceTest {
  @RegisterExtension
  static CortadoExtension redis = CortadoExtension.builder().build();

  @DynamicPropertySource
  static void redisProperties(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> redis.server().host());
    registry.add("spring.data.redis.port", () -> redis.server().port());
  }

  @Autowired
  StringRedisTemplate template;

  @Test
  void propertiesReachTheServer() {
    template.opsForSet().add("tags", "x", "y");
    assertThat(redis.server().data().smembers("tags")).containsExactlyInAnyOrder("x", "y");
  }
}
