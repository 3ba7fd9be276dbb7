package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * maxmemory as an application meets it through Jedis, in RESP2 and RESP3, each scenario against
 * redis-server and Cortado: a cache under allkeys-lru keeps the entries it read last while it
 * makes room; a full noeviction server refuses writes with Redis's OOM error, which Jedis raises;
 * MEMORY USAGE and OBJECT FREQ answer Redis's numbers. Every expectation holds on the real Redis.
 */
class MemoryClientsTest {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of(ClientHandshakeTest.Named.of("redis"), RedisProtocol.RESP2),
                Arguments.of(ClientHandshakeTest.Named.of("redis"), RedisProtocol.RESP3),
                Arguments.of(ClientHandshakeTest.Named.of("subject"), RedisProtocol.RESP2),
                Arguments.of(ClientHandshakeTest.Named.of("subject"), RedisProtocol.RESP3));
    }

    private static Jedis jedis(ClientHandshakeTest.Named target, RedisProtocol protocol) {
        Server s = target.server();
        return new Jedis(new HostAndPort(s.host(), s.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).build());
    }

    private static long usedMemory(Jedis jedis) {
        for (String line : jedis.info("memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()));
            }
        }
        throw new IllegalStateException("no used_memory");
    }

    private static void restore(Jedis jedis) {
        jedis.configSet("maxmemory", "0");
        jedis.configSet("maxmemory-policy", "noeviction");
        jedis.flushAll();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void lruCacheKeepsTheEntriesReadLast(ClientHandshakeTest.Named target, RedisProtocol protocol)
            throws InterruptedException {
        try (Jedis jedis = jedis(target, protocol)) {
            try {
                // A freshly started redis-server evicts far more than it makes room for the first
                // time through (its used_memory grows by tens of KB while idle and on the first
                // evictions): the first run warms up, the second is measured.
                fillReadAndOverflow(jedis);
                int[] kept = fillReadAndOverflow(jedis);
                int hot = kept[0];
                int cold = kept[1];
                System.out.printf("%s %s: %d of 100 read entries and %d of 200 others kept%n",
                        target, protocol, hot, cold);
                // Redis samples: what must hold is that the entries read last are kept far more
                // often than the others (random eviction would keep both alike).
                assertThat(hot / 100.0 - cold / 200.0).as("read entries kept more often")
                        .isGreaterThan(0.3);
                assertThat(cold).as("entries never read").isLessThan(120);
                assertThat(jedis.info("stats")).containsPattern("evicted_keys:[1-9]");
            } finally {
                restore(jedis);
            }
        }
    }

    /**
     * 300 cache entries, the first 100 read two seconds later (the LRU clock counts whole
     * seconds), then maxmemory at the memory used and 150 more written, never refused: the cache
     * makes room. Answers how many read entries and how many others are left.
     */
    private static int[] fillReadAndOverflow(Jedis jedis) throws InterruptedException {
        jedis.configSet("maxmemory", "0");
        jedis.flushAll();
        jedis.configSet("maxmemory-policy", "allkeys-lru");
        String page = "p".repeat(200);
        for (int i = 0; i < 300; i++) {
            jedis.set("cache:" + i, page);
        }
        Thread.sleep(2100);
        for (int i = 0; i < 100; i++) {
            assertThat(jedis.get("cache:" + i)).isEqualTo(page);
        }
        jedis.configSet("maxmemory", Long.toString(usedMemory(jedis)));
        for (int i = 300; i < 450; i++) {
            jedis.set("cache:" + i, page);
        }
        int hot = 0;
        int cold = 0;
        for (int i = 0; i < 300; i++) {
            if (jedis.exists("cache:" + i)) {
                if (i < 100) {
                    hot++;
                } else {
                    cold++;
                }
            }
        }
        return new int[] {hot, cold};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void noevictionRefusesWritesWithRedisesError(ClientHandshakeTest.Named target,
            RedisProtocol protocol) {
        try (Jedis jedis = jedis(target, protocol)) {
            try {
                jedis.flushAll();
                jedis.set("m:s", "hello");
                assertThat(jedis.memoryUsage("m:s")).isEqualTo(64L);
                jedis.rpush("m:l", "a", "b", "c");
                assertThat(jedis.memoryUsage("m:l")).isEqualTo(144L);
                assertThat(jedis.memoryUsage("m:none")).isNull();
                jedis.configSet("maxmemory", "1");
                assertThatThrownBy(() -> jedis.set("m:t", "v"))
                        .isInstanceOf(JedisDataException.class).hasMessage(OOM);
                assertThat(jedis.get("m:s")).isEqualTo("hello");
                assertThat(jedis.del("m:s")).isEqualTo(1L);
                jedis.configSet("maxmemory", "0");
                jedis.configSet("maxmemory-policy", "allkeys-lfu");
                jedis.set("m:f", "v");
                assertThat(jedis.objectFreq("m:f")).isEqualTo(5L);
            } finally {
                restore(jedis);
            }
        }
    }
}
