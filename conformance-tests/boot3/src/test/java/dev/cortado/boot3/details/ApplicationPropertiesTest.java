package dev.cortado.boot3.details;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.boot3.GreetingApp;
import dev.cortado.junit.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * An application whose properties name another Redis: the connection details win over host and
 * port, as Testcontainers' do; the database index stays the application's choice.
 */
@EmbeddedRedis
@SpringBootTest(classes = GreetingApp.class, properties = {
    "spring.data.redis.host=redis.invalid",
    "spring.data.redis.port=1",
    "spring.data.redis.database=2"})
class ApplicationPropertiesTest {
  @Autowired
  StringRedisTemplate template;

  @Test
  void theDetailsWinOverHostAndPortAndKeepTheDatabase(CortadoServer redis) {
    template.opsForValue().set("k", "v");
    assertThat(redis.data(2).get("k")).isEqualTo("v");
    assertThat(redis.data().exists("k")).isFalse();
  }
}
