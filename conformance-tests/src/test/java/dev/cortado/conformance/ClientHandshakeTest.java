package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Real clients connect with their own handshakes (HELLO, CLIENT SETINFO, SELECT, SETNAME; see
 * shared/CLIENTS.md) and run a few commands. Each test runs against the real Redis too, so a test
 * that fails there is a broken test, not a broken server.
 */
class ClientHandshakeTest {

    private static ClientResources lettuceResources;

    @BeforeAll
    static void resources() {
        lettuceResources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    }

    @AfterAll
    static void shutdown() {
        if (lettuceResources != null) {
            lettuceResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of(Named.of("redis")), Arguments.of(Named.of("subject")));
    }

    /** Resolved lazily so that a missing redis-server skips (or, on CI, fails) inside the test. */
    record Named(String role) {
        static Named of(String role) {
            return new Named(role);
        }

        Server server() {
            return role.equals("redis") ? Servers.reference() : Servers.subject();
        }

        @Override
        public String toString() {
            return role;
        }
    }

    // --- Jedis

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedisDefaultResp2(Named target) {
        Server s = target.server();
        try (Jedis jedis = new Jedis(s.host(), s.port())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            roundTrip(jedis, "jedis:default");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedisWithNameAndDatabase(Named target) {
        // Pipelined CLIENT SETNAME / SETINFO (errors collected), then SELECT (errors fatal).
        Server s = target.server();
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .clientName("conformance").database(3).timeoutMillis(5000).build();
        try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()), config)) {
            assertThat(jedis.clientGetname()).isEqualTo("conformance");
            roundTrip(jedis, "jedis:db3");
            jedis.set("jedis:db3:marker", "x");
        }
        try (RespConnection raw = RespConnection.to(s)) {
            raw.call("SELECT", "3");
            assertThat(Escape.bytes(raw.call("GETDEL", "jedis:db3:marker"))).as("the key landed in db 3")
                    .isEqualTo("$1\\r\\nx\\r\\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedisResp3(Named target) {
        Server s = target.server();
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP3).clientName("conformance3").timeoutMillis(5000).build();
        try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()), config)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            roundTrip(jedis, "jedis:resp3");
            assertThat(jedis.ttl("jedis:resp3:ttl")).isBetween(99L, 100L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedisRedisClientNegotiates(Named target) {
        // Jedis 8's RedisClient negotiates HELLO 3 and falls back to RESP2 on NOPROTO/unknown command.
        Server s = target.server();
        try (RedisClient client = RedisClient.builder().hostAndPort(s.host(), s.port()).build()) {
            assertThat(client.ping()).isEqualTo("PONG");
            client.set("jedis8:k", "v", SetParams.setParams().ex(100));
            assertThat(client.get("jedis8:k")).isEqualTo("v");
            assertThat(client.incrBy("jedis8:n", 5)).isEqualTo(5L);
            assertThat(client.incrByFloat("jedis8:f", 1.5)).isEqualTo(1.5);
            assertThat(client.mget("jedis8:k", "jedis8:none")).containsExactly("v", null);
            assertThat(client.del("jedis8:k", "jedis8:n", "jedis8:f")).isEqualTo(3L);
        }
    }

    private static void roundTrip(Jedis jedis, String prefix) {
        assertThat(jedis.set(prefix + ":k", "v")).isEqualTo("OK");
        assertThat(jedis.get(prefix + ":k")).isEqualTo("v");
        assertThat(jedis.set(prefix + ":ttl", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
        assertThat(jedis.exists(prefix + ":k")).isTrue();
        assertThat(jedis.incr(prefix + ":n")).isEqualTo(1L);
        assertThat(jedis.get(prefix + ":missing")).isNull();
        assertThat(jedis.expire(prefix + ":k", 50)).isEqualTo(1L);
        assertThat(jedis.ttl(prefix + ":k")).isBetween(49L, 50L);
        for (int i = 0; i < 30; i++) {
            jedis.set(prefix + ":scan:" + i, "x");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(prefix + ":scan:*").count(7));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertThat(seen).hasSize(30);
        assertThat(jedis.del(seen.toArray(new String[0]))).isEqualTo(30L);
        assertThat(jedis.del(prefix + ":k", prefix + ":n")).isEqualTo(2L);
    }

    // --- Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuceDefaultResp3(Named target) {
        // HELLO 3, then CLIENT SETINFO (errors only logged); the HELLO map's field types must match.
        lettuce(target.server(), null, 0, "lettuce:resp3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuceResp2WithDatabaseAndName(Named target) {
        lettuce(target.server(), ProtocolVersion.RESP2, 2, "lettuce:resp2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuceResp3WithDatabaseAndName(Named target) {
        // SELECT after HELLO is awaited: a failure fails the connection.
        lettuce(target.server(), ProtocolVersion.RESP3, 5, "lettuce:resp3db");
    }

    private static void lettuce(Server s, ProtocolVersion protocol, int db, String prefix) {
        RedisURI uri = RedisURI.builder().withHost(s.host()).withPort(s.port()).withDatabase(db)
                .withClientName("conformance").withTimeout(Duration.ofSeconds(5)).build();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(lettuceResources, uri);
        if (protocol != null) {
            client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        }
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.ping()).isEqualTo("PONG");
            assertThat(r.clientGetname()).isEqualTo("conformance");
            assertThat(r.set(prefix + ":k", "v")).isEqualTo("OK");
            assertThat(r.get(prefix + ":k")).isEqualTo("v");
            assertThat(r.set(prefix + ":k", "w", SetArgs.Builder.nx())).isNull();
            assertThat(r.set(prefix + ":t", "v", SetArgs.Builder.px(100_000))).isEqualTo("OK");
            assertThat(r.pttl(prefix + ":t")).isBetween(90_000L, 100_000L);
            assertThat(r.incrbyfloat(prefix + ":f", 2.5)).isEqualTo(2.5);
            assertThat(r.mget(prefix + ":k", prefix + ":none"))
                    .extracting(kv -> kv.getValueOrElse(null)).containsExactly("v", null);
            assertThat(r.exists(prefix + ":k", prefix + ":k")).isEqualTo(2L);
            assertThat(r.expire(prefix + ":k", 50)).isTrue();
            assertThat(r.ttl(prefix + ":k")).isBetween(49L, 50L);
            for (int i = 0; i < 30; i++) {
                r.set(prefix + ":scan:" + i, "x");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            io.lettuce.core.KeyScanCursor<String> page = r.scan(io.lettuce.core.ScanArgs.Builder.matches(prefix + ":scan:*").limit(7));
            seen.addAll(page.getKeys());
            while (!page.isFinished()) {
                page = r.scan(page, io.lettuce.core.ScanArgs.Builder.matches(prefix + ":scan:*").limit(7));
                seen.addAll(page.getKeys());
            }
            assertThat(seen).hasSize(30);
            assertThat(r.del(seen.toArray(new String[0]))).isEqualTo(30L);
            assertThat(r.del(prefix + ":k", prefix + ":t", prefix + ":f")).isEqualTo(3L);
            assertThat(r.dbsize()).isNotNegative();
            List<String> keys = r.keys(prefix + ":*");
            assertThat(keys).isEmpty();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
