package dev.cortado.junit6.readme;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;
import dev.cortado.junit.RedisUri;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The README's Jedis example, as written there. */
@EmbeddedRedis
class CartTest {
  static RedisClient jedis;

  @BeforeAll
  static void connect(@RedisUri String uri) {
    jedis = RedisClient.create(uri);
  }

  @AfterAll
  static void disconnect() {
    jedis.close();
  }

  @Test
  void addsAnItem(CortadoServer redis) {
    jedis.hset("cart:42", "apple", "2");

    assertThat(redis).key("cart:42").hasField("apple", "2").hasNoTtl();
  }

  @Test
  void startsEmpty(CortadoServer redis) {
    redis.data().sadd("cart:42:coupons", "WELCOME");   // set-up without the network

    assertThat(jedis.smembers("cart:42:coupons")).containsExactly("WELCOME");
    assertThat(redis).hasSize(1);                      // the other test's cart is gone
  }
}
