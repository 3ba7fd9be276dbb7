package dev.cortado.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.Version;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson 3 and Lettuce 6 bring Netty 4.1 and are declared before Cortado, so this build resolves
 * Netty 4.1: the clients run on it while Cortado, in the same JVM, runs on its own relocated Netty.
 * Each scenario runs against redis-server and against Cortado.
 */
@Timeout(60) // Redisson retries a command it gets an error for instead of failing: bound the wait
class NettyFourOneClientsTest {
  static RealRedis redis;
  static CortadoServer cortado;

  @BeforeAll
  static void start() throws Exception {
    cortado = CortadoServer.builder().build().start();
    redis = RealRedis.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cortado != null) {
      cortado.stop();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static Stream<Arguments> servers() {
    return Stream.of(Arguments.of("redis-server", redis.port), Arguments.of("cortado", cortado.port()));
  }

  @Test
  void theApplicationResolvedNettyFourOne() {
    assertThat(Version.identify().get("netty-common").artifactVersion()).startsWith("4.1.");
    assertThat(Version.identify().get("netty-transport").artifactVersion()).startsWith("4.1.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void redissonBucket(String server, int port) {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://127.0.0.1:" + port)
        .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
        .setSubscriptionConnectionMinimumIdleSize(0);
    RedissonClient client = Redisson.create(config);
    try {
      RBucket<String> bucket = client.getBucket("classpath:redisson");
      bucket.set("hello", Duration.ofMinutes(5));
      assertThat(bucket.get()).isEqualTo("hello");
      assertThat(bucket.remainTimeToLive()).isBetween(1L, 300_000L);
      assertThat(bucket.getAndSet("world")).isEqualTo("hello");
      assertThat(bucket.setIfAbsent("again")).isFalse();
      assertThat(bucket.delete()).isTrue();   // getAndDelete and compareAndSet are Lua: not yet
      assertThat(bucket.isExists()).isFalse();
    } finally {
      client.shutdown();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void redissonTopics(String server, int port) throws Exception {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://127.0.0.1:" + port)
        .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2);
    RedissonClient client = Redisson.create(config);
    try {
      java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
      org.redisson.api.RTopic topic = client.getTopic("classpath:orders", org.redisson.client.codec.StringCodec.INSTANCE);
      topic.addListener(String.class, (channel, message) -> received.add(channel + " " + message));
      org.redisson.api.RPatternTopic pattern =
          client.getPatternTopic("classpath:*", org.redisson.client.codec.StringCodec.INSTANCE);
      pattern.addListener(String.class, (p, channel, message) -> received.add(p + " " + channel + " " + message));

      assertThat(topic.publish("42")).isEqualTo(2);   // the channel's and the pattern's subscriber
      assertThat(topic.countSubscribers()).isEqualTo(1);
      java.util.List<String> got = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        got.add(received.poll(5, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(got).containsExactlyInAnyOrder("classpath:orders 42", "classpath:* classpath:orders 42");
      topic.removeAllListeners();
      pattern.removeAllListeners();
      assertThat(topic.countSubscribers()).isZero();
    } finally {
      client.shutdown();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void lettuceSixCommands(String server, int port) {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      var commands = connection.sync();
      commands.del("classpath:lettuce", "classpath:counter");
      assertThat(commands.set("classpath:lettuce", "hello")).isEqualTo("OK");
      assertThat(commands.get("classpath:lettuce")).isEqualTo("hello");
      assertThat(commands.incrby("classpath:counter", 41)).isEqualTo(41L);
      assertThat(commands.incr("classpath:counter")).isEqualTo(42L);
      assertThat(commands.hset("classpath:hash", "field", "value")).isNotNull();
      assertThat(commands.hgetall("classpath:hash")).containsEntry("field", "value");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
