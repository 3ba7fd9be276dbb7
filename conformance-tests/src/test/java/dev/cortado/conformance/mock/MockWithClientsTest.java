package dev.cortado.conformance.mock;

import static dev.cortado.mock.Mock.LOADING;
import static dev.cortado.mock.Mock.any;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.error;
import static dev.cortado.mock.Mock.map;
import static dev.cortado.mock.Mock.never;
import static dev.cortado.mock.Mock.nil;
import static dev.cortado.mock.Mock.noReply;
import static dev.cortado.mock.Mock.passThrough;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.mock.CommandPattern;
import dev.cortado.mock.RedisMock;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * The mock layer through real clients, with the code a team would write around Redis: a cache-aside
 * service that falls back to its database, a retry with backoff, a lock that must be released once,
 * and pipelines and transactions with one stubbed failure. Each scenario runs with Jedis (RESP2) and
 * Lettuce (RESP3, its default).
 */
class MockWithClientsTest {

    private static CortadoServer redis;
    private static ClientResources lettuceResources;
    private RedisMock mock;

    @BeforeAll
    static void start() {
        redis = CortadoServer.builder().build().start();
        lettuceResources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    }

    @AfterAll
    static void stop() {
        lettuceResources.shutdown(0, 2, TimeUnit.SECONDS);
        redis.stop();
    }

    @BeforeEach
    void reset() {
        redis.reset();
        mock = redis.mock();
    }

    // --- the clients, behind the small interface the services below use

    /** What the services need from Redis; every failure (error reply, time-out) is a RuntimeException. */
    interface Cache extends AutoCloseable {
        String get(String key);

        void setex(String key, long seconds, String value);

        /** SET key token NX PX millis: true when taken. */
        boolean setIfAbsent(String key, String token, long millis);

        long del(String key);

        @Override
        void close();
    }

    static Stream<Function<Duration, Cache>> clients() {
        return Stream.of(JedisCache::new, LettuceCache::new);
    }

    static final class JedisCache implements Cache {
        private final Jedis jedis;

        JedisCache(Duration timeout) {
            jedis = new Jedis(new HostAndPort(redis.host(), redis.port()),
                    DefaultJedisClientConfig.builder().socketTimeoutMillis((int) timeout.toMillis()).build());
        }

        @Override
        public String get(String key) {
            return jedis.get(key);
        }

        @Override
        public void setex(String key, long seconds, String value) {
            jedis.setex(key, seconds, value);
        }

        @Override
        public boolean setIfAbsent(String key, String token, long millis) {
            return "OK".equals(jedis.set(key, token, SetParams.setParams().nx().px(millis)));
        }

        @Override
        public long del(String key) {
            return jedis.del(key);
        }

        @Override
        public void close() {
            jedis.close();
        }

        @Override
        public String toString() {
            return "Jedis";
        }
    }

    static final class LettuceCache implements Cache {
        private final io.lettuce.core.RedisClient client;
        private final StatefulRedisConnection<String, String> connection;

        LettuceCache(Duration timeout) {
            client = io.lettuce.core.RedisClient.create(lettuceResources,
                    RedisURI.builder().withHost(redis.host()).withPort(redis.port()).withTimeout(timeout).build());
            connection = client.connect();
        }

        @Override
        public String get(String key) {
            return connection.sync().get(key);
        }

        @Override
        public void setex(String key, long seconds, String value) {
            connection.sync().setex(key, seconds, value);
        }

        @Override
        public boolean setIfAbsent(String key, String token, long millis) {
            return "OK".equals(connection.sync().set(key, token, SetArgs.Builder.nx().px(millis)));
        }

        @Override
        public long del(String key) {
            return connection.sync().del(key);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }

        @Override
        public String toString() {
            return "Lettuce";
        }
    }

    // --- 1. cache-aside with a fallback to the database

    /** Products from a slow database, cached for ten minutes; Redis trouble must not fail a request. */
    static final class ProductService {
        private final Cache cache;
        final AtomicInteger databaseLoads = new AtomicInteger();
        final AtomicInteger cacheFailures = new AtomicInteger();

        ProductService(Cache cache) {
            this.cache = cache;
        }

        String product(String id) {
            String key = "product:" + id;
            try {
                String cached = cache.get(key);
                if (cached != null) {
                    return cached;
                }
            } catch (RuntimeException e) {
                cacheFailures.incrementAndGet();
                return loadFromDatabase(id); // Redis is in trouble: don't write to it either
            }
            String loaded = loadFromDatabase(id);
            try {
                cache.setex(key, 600, loaded);
            } catch (RuntimeException e) {
                cacheFailures.incrementAndGet();
            }
            return loaded;
        }

        private String loadFromDatabase(String id) {
            databaseLoads.incrementAndGet();
            return "{\"id\":\"" + id + "\",\"name\":\"espresso cup\"}";
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void cacheAside_missThenHit_withoutStubs(Function<Duration, Cache> client) {
        try (Cache cache = client.apply(Duration.ofSeconds(5))) {
            ProductService service = new ProductService(cache);
            String first = service.product("42");
            String second = service.product("42");
            assertThat(second).isEqualTo(first);
            assertThat(service.databaseLoads).hasValue(1);
        }
        mock.verify(times(2), command("GET", "product:42"));
        mock.verify(times(1), command("SETEX", "product:42", "600", any()));
        assertThat(redis.data().ttl("product:42")).hasValueSatisfying(
                ttl -> assertThat(ttl).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(600)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void cacheAside_fallsBackToTheDatabaseOnAnErrorReply(Function<Duration, Cache> client) {
        redis.data().set("product:7", "stale but cached");
        mock.when(command("GET", "product:7")).thenReturn(error("ERR injected failure")).once();
        try (Cache cache = client.apply(Duration.ofSeconds(5))) {
            ProductService service = new ProductService(cache);
            assertThat(service.product("7")).contains("espresso cup");
            assertThat(service.cacheFailures).hasValue(1);
            assertThat(service.product("7")).as("the stub is used up").isEqualTo("stale but cached");
            assertThat(service.databaseLoads).hasValue(1);
        }
        mock.verify(never(), command("SETEX"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void cacheAside_fallsBackToTheDatabaseWhenRedisTimesOut(Function<Duration, Cache> client) {
        mock.when(command("GET", "product:9")).thenReturn(noReply());
        try (Cache cache = client.apply(Duration.ofMillis(300))) {
            ProductService service = new ProductService(cache);
            long start = System.nanoTime();
            assertThat(service.product("9")).contains("espresso cup");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(service.cacheFailures).hasValue(1);
            assertThat(service.databaseLoads).hasValue(1);
        }
    }

    // --- 2. retry with exponential backoff

    /** Retries while Redis is loading its dataset: 20 ms, 40 ms, 80 ms... up to five attempts. */
    static <T> T withRetry(java.util.function.Supplier<T> call, List<Long> sleeps) {
        long backoff = 20;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("LOADING")) {
                    throw e;
                }
                sleeps.add(backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff *= 2;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void retry_succeedsAfterTwoLoadingErrors(Function<Duration, Cache> client) {
        redis.data().set("config", "v1");
        mock.when(command("GET", "config")).thenReturn(LOADING, LOADING, passThrough());
        List<Long> sleeps = new ArrayList<>();
        try (Cache cache = client.apply(Duration.ofSeconds(5))) {
            assertThat(withRetry(() -> cache.get("config"), sleeps)).isEqualTo("v1");
        }
        assertThat(sleeps).containsExactly(20L, 40L);
        mock.verify(times(3), command("GET", "config"));
        assertThat(mock.journal()).filteredOn(c -> c.name().equals("GET"))
                .extracting(c -> c.errorText() == null ? "ok" : c.errorText().split(" ")[0])
                .containsExactly("LOADING", "LOADING", "ok");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void retry_doesNotRetryOtherErrors(Function<Duration, Cache> client) {
        mock.when(command("GET", "config")).thenReturn(error("WRONGTYPE Operation against a key holding the wrong kind of value"));
        try (Cache cache = client.apply(Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> withRetry(() -> cache.get("config"), new ArrayList<>()))
                    .hasMessageContaining("WRONGTYPE");
        }
        mock.verify(times(1), command("GET", "config"));
    }

    // --- 3. a lock released exactly once

    /** A job guarded by a Redis lock (SET NX PX, then DEL), however the job ends. */
    static boolean runExclusively(Cache cache, String lock, Runnable job) {
        String token = UUID.randomUUID().toString();
        if (!cache.setIfAbsent(lock, token, 30_000)) {
            return false;
        }
        try {
            job.run();
        } finally {
            cache.del(lock);
        }
        return true;
    }

    private static CommandPattern lockSet(String lock) {
        // Jedis and Lettuce put NX and PX in different orders.
        return command("SET").withArgsStartingWith(lock, any()).where("NX and PX", c -> {
            List<String> options = c.args().stream().map(a -> a.toUpperCase(Locale.ROOT)).toList();
            return options.contains("NX") && options.contains("PX") && c.argCount() == 5;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void lock_isTakenThenReleasedExactlyOnce(Function<Duration, Cache> client) {
        AtomicInteger runs = new AtomicInteger();
        try (Cache cache = client.apply(Duration.ofSeconds(5))) {
            assertThat(runExclusively(cache, "lock:report", runs::incrementAndGet)).isTrue();
            assertThatThrownBy(() -> runExclusively(cache, "lock:report", () -> {
                throw new IllegalStateException("job failed");
            })).hasMessage("job failed");
        }
        assertThat(runs).hasValue(1);
        mock.verify(times(2), lockSet("lock:report"));
        mock.verify(times(2), command("DEL", "lock:report"));
        mock.verifyInOrder(lockSet("lock:report"), command("DEL", "lock:report"),
                lockSet("lock:report"), command("DEL", "lock:report"));
        assertThat(redis.data().exists("lock:report")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void lock_heldElsewhere_isNeitherRunNorReleased(Function<Duration, Cache> client) {
        mock.expect(lockSet("lock:report")).thenReturn(nil());
        AtomicInteger runs = new AtomicInteger();
        try (Cache cache = client.apply(Duration.ofSeconds(5))) {
            assertThat(runExclusively(cache, "lock:report", runs::incrementAndGet)).isFalse();
        }
        assertThat(runs).hasValue(0);
        mock.verifyExpectationsMet();
        mock.verify(never(), command("DEL"));
    }

    // --- 4. pipelines and transactions with one stubbed failure

    @Test
    void jedisPipeline_oneStubbedFailure() {
        mock.when(command("GET", "b")).thenReturn(error("ERR injected"));
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            Pipeline p = jedis.pipelined();
            Response<String> set = p.set("a", "1");
            Response<String> failed = p.get("b");
            Response<Long> incr = p.incr("a");
            p.sync();
            assertThat(set.get()).isEqualTo("OK");
            assertThatThrownBy(failed::get).isInstanceOf(JedisDataException.class).hasMessage("ERR injected");
            assertThat(incr.get()).isEqualTo(2L);
        }
    }

    @Test
    void jedisTransaction_aStubbedReplyInsideExec() {
        mock.when(command("HGETALL", "profile")).thenReturn(map(value("name"), value("Ada")));
        mock.when(command("GET", "b")).thenReturn(error("ERR injected"));
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            Transaction t = jedis.multi();
            t.set("a", "1");
            Response<Map<String, String>> profile = t.hgetAll("profile");
            t.get("b");
            List<Object> results = t.exec();
            assertThat(results).hasSize(3);
            assertThat(results.get(0)).isEqualTo("OK");
            assertThat(profile.get()).containsExactly(Map.entry("name", "Ada"));
            assertThat(results.get(2)).isInstanceOf(JedisDataException.class);
        }
        assertThat(redis.data().get("a")).isEqualTo("1");
    }

    @Test
    void lettucePipeline_oneStubbedFailure_inResp3() throws Exception {
        mock.when(command("GET", "b")).thenReturn(error("ERR injected"));
        mock.when(command("HGETALL", "profile")).thenReturn(map(value("name"), value("Ada")));
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(lettuceResources,
                RedisURI.create(redis.uri()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisAsyncCommands<String, String> async = c.async();
            c.setAutoFlushCommands(false);
            RedisFuture<String> set = async.set("a", "1");
            RedisFuture<String> failed = async.get("b");
            RedisFuture<Map<String, String>> profile = async.hgetall("profile");
            RedisFuture<Long> incr = async.incr("a");
            c.flushCommands();
            LettuceFutures.awaitAll(Duration.ofSeconds(5), set, profile, incr);
            assertThat(set.get()).isEqualTo("OK");
            assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasMessageContaining("ERR injected");
            assertThat(profile.get()).containsExactly(Map.entry("name", "Ada"));
            assertThat(incr.get()).isEqualTo(2L);
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        mock.verify(command("HELLO").withArgsStartingWith("3")); // Lettuce spoke RESP3: the map was a RESP3 map
    }
}
