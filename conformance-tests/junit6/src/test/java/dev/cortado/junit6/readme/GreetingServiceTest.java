package dev.cortado.junit6.readme;

import static dev.cortado.assertj.CortadoAssertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The README's Spring Boot example, as written there (GreetingApp stands for your application). */
@EmbeddedRedis
@SpringBootTest(classes = GreetingApp.class)
class GreetingServiceTest {
  @Autowired
  StringRedisTemplate template;

  @Test
  void cachesTheGreeting(CortadoServer redis) {
    template.opsForValue().set("greeting", "hello", Duration.ofMinutes(5));

    assertThat(redis).key("greeting").hasValue("hello")
        .hasTtlBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
  }
}
