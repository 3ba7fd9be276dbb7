package dev.cortado.junit6;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The older form, still supported: the extension publishes the server's host and port as Spring
 * Boot's properties before Spring builds the application (the annotation alone now hands Boot the
 * connection details as well, see {@code readme.GreetingServiceTest}). {@code @DirtiesContext} closes
 * the application with the class, and with it the server it held.
 */
@EmbeddedRedis(manualClock = true, systemProperties = {
    "spring.data.redis.host={host}",
    "spring.data.redis.port={port}"})
@SpringBootTest(classes = SpringBootRedisTest.App.class, properties = "spring.main.banner-mode=off")
@DirtiesContext
class SpringBootRedisTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Autowired
  StringRedisTemplate redis;

  @Test
  void springDataRedis_talksToTheEmbeddedServer(CortadoServer server) {
    redis.opsForValue().set("greeting", "hello", Duration.ofMinutes(5));
    assertThat(server).key("greeting").hasValue("hello").hasTtl(Duration.ofMinutes(5));
    server.data().hset("user:1", "name", "Ada");
    assertThat(redis.<String, String>opsForHash().get("user:1", "name")).isEqualTo("Ada");
  }

  @Test
  void eachTestStartsEmpty(CortadoServer server) {
    assertThat(server).isEmpty();
    assertThat(redis.keys("*")).isEmpty();
  }
}
