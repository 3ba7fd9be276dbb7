package dev.cortado.boot3.details;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.boot3.GreetingApp;
import dev.cortado.junit.EmbeddedRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A TLS-only server with a self-signed certificate: Boot receives an SSL bundle that trusts it, and
 * Lettuce verifies the certificate and its host name as usual.
 */
@EmbeddedRedis(tls = true, password = "s3cret")
@SpringBootTest(classes = GreetingApp.class)
class TlsTest {
  @Autowired
  StringRedisTemplate template;
  @Autowired
  LettuceConnectionFactory connectionFactory;

  @Test
  void theApplicationSpeaksTls(CortadoServer redis) {
    assertThat(redis.isTls()).isTrue();
    assertThat(connectionFactory.isUseSsl()).isTrue();
    template.opsForValue().set("secure", "yes");
    assertThat(redis.data().get("secure")).isEqualTo("yes");
  }
}
