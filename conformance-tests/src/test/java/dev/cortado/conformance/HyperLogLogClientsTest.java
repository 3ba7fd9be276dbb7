package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RHyperLogLog;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.Protocol;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.HyperLogLogOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * HyperLogLogs through real clients, each scenario against redis-server and the subject:
 * Redisson's {@code RHyperLogLog} (add, addAll, count, countWith, mergeWith, over RESP2 and RESP3)
 * as a unique-visitors counter, and Spring Data Redis's {@code opsForHyperLogLog()}. Counts are
 * estimates, so each scenario first checks them against the exact answers it expects from Redis's
 * estimator (the same numbers on both servers), then the properties any HLL has.
 */
@Timeout(120)
class HyperLogLogClientsTest {

  static Stream<Arguments> serversAndProtocols() {
    List<Arguments> out = new ArrayList<>();
    for (Arguments s : ClientHandshakeTest.servers().toList()) {
      out.add(Arguments.of(s.get()[0], Protocol.RESP2));
      out.add(Arguments.of(s.get()[0], Protocol.RESP3));
    }
    return out.stream();
  }

  static Stream<Arguments> servers() {
    return ClientHandshakeTest.servers();
  }

  private static RedissonClient redisson(Server s, Protocol protocol) {
    Config config = new Config().setProtocol(protocol);
    config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
        .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setRetryAttempts(0);
    return Redisson.create(config);
  }

  private static List<String> visitors(String prefix, int from, int to) {
    List<String> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("serversAndProtocols")
  void redisson_uniqueVisitors(ClientHandshakeTest.Named target, Protocol protocol) {
    RedissonClient client = redisson(target.server(), protocol);
    try {
      String p = "hll:redisson:" + protocol + ":";
      RHyperLogLog<String> monday = client.getHyperLogLog(p + "monday", StringCodec.INSTANCE);
      RHyperLogLog<String> tuesday = client.getHyperLogLog(p + "tuesday", StringCodec.INSTANCE);
      RHyperLogLog<String> week = client.getHyperLogLog(p + "week", StringCodec.INSTANCE);
      client.getKeys().delete(p + "monday", p + "tuesday", p + "week", p + "string");

      assertThat(monday.count()).isZero();                                   // PFCOUNT of nothing
      assertThat(monday.add("alice")).isTrue();                              // PFADD creates it
      assertThat(monday.add("alice")).as("a known visitor changes nothing").isFalse();
      assertThat(monday.count()).isEqualTo(1);
      assertThat(monday.addAll(List.of("bob", "carol", "alice"))).isTrue();
      assertThat(monday.addAll(List.of("bob", "carol"))).isFalse();
      assertThat(monday.count()).isEqualTo(3);

      assertThat(monday.addAll(visitors("m", 0, 5000))).isTrue();
      assertThat(tuesday.addAll(visitors("m", 2500, 9000))).isTrue();
      // Redis's estimator for exactly these inputs (redis-server 7.0.15).
      assertThat(monday.count()).isEqualTo(5034);
      assertThat(tuesday.count()).isEqualTo(6450);
      long union = monday.countWith(p + "tuesday");                         // PFCOUNT of two keys
      assertThat(union).isEqualTo(8905);
      assertThat(monday.count()).as("countWith leaves the key alone").isEqualTo(5034);

      week.mergeWith(p + "monday", p + "tuesday");                           // PFMERGE
      assertThat(week.count()).isEqualTo(union);
      week.mergeWith(p + "monday");
      assertThat(week.count()).as("merging a subset again adds nothing").isEqualTo(union);
      assertThat(week.countWith(p + "monday", p + "tuesday")).isEqualTo(union);
      week.mergeWith(p + "nobody");
      assertThat(week.count()).isEqualTo(union);

      RBucket<String> string = client.getBucket(p + "string", StringCodec.INSTANCE);
      string.set("not an hll");
      RHyperLogLog<String> wrong = client.getHyperLogLog(p + "string", StringCodec.INSTANCE);
      assertThatThrownBy(() -> wrong.add("x")).isInstanceOf(RedisException.class)
          .hasMessageContaining("WRONGTYPE Key is not a valid HyperLogLog string value.");
      assertThatThrownBy(() -> week.countWith(p + "string")).isInstanceOf(RedisException.class)
          .hasMessageContaining("WRONGTYPE Key is not a valid HyperLogLog string value.");
      client.getKeys().delete(p + "monday", p + "tuesday", p + "week", p + "string");
    } finally {
      client.shutdown();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void spring_hyperLogLogOperations(ClientHandshakeTest.Named target) {
    Server s = target.server();
    LettuceConnectionFactory factory =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
    factory.afterPropertiesSet();
    factory.start();
    try {
      StringRedisTemplate template = new StringRedisTemplate(factory);
      HyperLogLogOperations<String, String> hll = template.opsForHyperLogLog();
      String a = "hll:spring:a";
      String b = "hll:spring:b";
      String u = "hll:spring:union";
      template.delete(List.of(a, b, u));

      assertThat(hll.add(a, "x", "y", "z")).isEqualTo(1);
      assertThat(hll.add(a, "x")).isZero();
      assertThat(hll.size(a)).isEqualTo(3);
      assertThat(hll.add(b, visitors("s", 0, 300).toArray(new String[0]))).isEqualTo(1);
      assertThat(hll.size(b)).isEqualTo(302);
      assertThat(hll.size(a, b)).isEqualTo(305);
      assertThat(hll.union(u, a, b)).isEqualTo(305);
      // The raw bytes are Redis's sparse form: "HYLL", encoding 1.
      String raw = template.opsForValue().get(a);
      assertThat(raw).startsWith("HYLL\u0001");
      hll.delete(a);
      assertThat(template.hasKey(a)).isFalse();
      template.delete(List.of(b, u));
    } finally {
      factory.destroy();
    }
  }
}
