package dev.cortado.boot3;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;
import io.netty.util.Version;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Spring Boot 3.5 application's test as its team would write it: Boot's BOM chose Netty 4.1 and
 * JUnit 5.12, Lettuce runs on that Netty, Cortado on its own.
 */
@EmbeddedRedis(systemProperties = {
    "spring.data.redis.host={host}",
    "spring.data.redis.port={port}"})
@SpringBootTest(classes = GreetingApp.class)
@DirtiesContext
class BootThreeApplicationTest {
  @Autowired
  StringRedisTemplate template;

  @Test
  void theApplicationKeepsItsOwnVersions() {
    assertThat(Version.identify().get("netty-transport").artifactVersion()).startsWith("4.1.");
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("5.12.");
  }

  @Test
  void cachesTheGreeting(CortadoServer redis) {
    template.opsForValue().set("greeting", "hello", Duration.ofMinutes(5));

    assertThat(template.opsForValue().get("greeting")).isEqualTo("hello");
    assertThat(redis).key("greeting").hasValue("hello")
        .hasTtlBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
  }

  @Test
  void countsAndForgets(CortadoServer redis) {
    redis.data().set("visits", "41");

    assertThat(template.opsForValue().increment("visits")).isEqualTo(42L);
    assertThat(template.delete("visits")).isTrue();
    assertThat(redis).hasSize(0);
  }
}
