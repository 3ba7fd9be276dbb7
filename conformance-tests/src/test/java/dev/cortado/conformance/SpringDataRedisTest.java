package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Spring Data Redis (Lettuce underneath, RESP3 handshake with CLIENT SETINFO) doing what Spring
 * applications do: values with TTLs, a SET NX lock, counters, SCAN-based clearing and INFO for the
 * health check. Runs against the real Redis too.
 */
class SpringDataRedisTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void templateRoundTrips(ClientHandshakeTest.Named target) {
        Server s = target.server();
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(s.host(), s.port());
        config.setDatabase(1);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            String p = "spring:";
            template.opsForValue().set(p + "cache", "{\"a\":1}", Duration.ofMinutes(10));
            assertThat(template.opsForValue().get(p + "cache")).isEqualTo("{\"a\":1}");
            assertThat(template.getExpire(p + "cache")).isBetween(599L, 600L);

            assertThat(template.opsForValue().setIfAbsent(p + "lock", "me", Duration.ofSeconds(30))).isTrue();
            assertThat(template.opsForValue().setIfAbsent(p + "lock", "you", Duration.ofSeconds(30))).isFalse();
            assertThat(template.opsForValue().increment(p + "hits")).isEqualTo(1L);
            assertThat(template.opsForValue().increment(p + "hits", 4)).isEqualTo(5L);

            for (int i = 0; i < 25; i++) {
                template.opsForValue().set(p + "page:" + i, "x");
            }
            Set<String> found = new HashSet<>();
            try (Cursor<String> cursor = template.scan(ScanOptions.scanOptions().match(p + "page:*").count(5).build())) {
                cursor.forEachRemaining(found::add);
            }
            assertThat(found).hasSize(25);
            assertThat(template.delete(found)).isEqualTo(25L);
            assertThat(template.delete(Set.of(p + "cache", p + "lock", p + "hits"))).isEqualTo(3L);
            assertThat(template.hasKey(p + "cache")).isFalse();

            try (RedisConnection connection = factory.getConnection()) {
                Properties info = connection.serverCommands().info();
                assertThat(info.getProperty("redis_version")).startsWith("7.");
                assertThat(connection.serverCommands().dbSize()).isZero();
            }
        } finally {
            factory.destroy();
        }
    }
}
