package dev.cortado.conformance.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cortado.conformance.TestServers.Endpoint;
import dev.cortado.conformance.workloads.HttpResponseCache.CachedResponse;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 5 (the parts without the mock layer): an API cache client on Lettuce with JSON values,
 * invalidation, locks, counters, INFO statistics, an HTTP response cache, and what happens when
 * Redis goes away (a dedicated server per test, stopped or its connection killed mid-test).
 */
class ApiCacheClientTest {

    private static final int DB = 5;
    /** A fixed reconnect delay, so a killed connection stays down long enough to be seen down. */
    private static final ClientResources RESOURCES = DefaultClientResources.builder()
            .reconnectDelay(Delay.constant(Duration.ofMillis(300))).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RedisClient> clients = new ArrayList<>();
    private final List<Duration> backoffs = new CopyOnWriteArrayList<>();

    record User(long id, String name, List<String> roles) {}

    static List<Target> servers() {
        return Target.both().toList();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RedisClient::shutdown);
    }

    @AfterAll
    static void closeResources() {
        RESOURCES.shutdown();
    }

    private RedisClient client(Endpoint server) {
        RedisClient client = RedisClient.create(RESOURCES, RedisURI.builder().withHost(server.host())
                .withPort(server.port()).withDatabase(DB).withTimeout(Duration.ofSeconds(2)).build());
        // Fail fast while disconnected (the default queues commands until reconnected): the
        // client's own retry and fallback decide what happens.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        clients.add(client);
        return client;
    }

    /** The client under test; its backoff pauses are recorded, then really slept. */
    private ApiCacheClient cacheClient(RedisClient client, StatefulRedisConnection<String, String> connection) {
        return new ApiCacheClient(connection, client::connect, JSON,
                new ApiCacheClient.Retry(5, Duration.ofMillis(100)), d -> { // up to 1.5 s: room for a slow reconnect
                    backoffs.add(d);
                    Thread.sleep(d.toMillis());
                });
    }

    private ApiCacheClient cacheClient(Endpoint server) {
        RedisClient client = client(server);
        return cacheClient(client, client.connect());
    }

    private RedisCommands<String, String> inspector(Endpoint server) {
        RedisCommands<String, String> redis = client(server).connect().sync();
        redis.flushdb();
        return redis;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jsonValuesRoundTripWithTheirTtl(Target target) {
        Endpoint server = target.shared();
        RedisCommands<String, String> redis = inspector(server);
        ApiCacheClient cache = cacheClient(server);
        User ada = new User(7, "Ada Lovelace", List.of("admin", "ops"));

        cache.put("api:users:7", ada, Duration.ofMinutes(5));

        assertThat(redis.get("api:users:7")).isEqualTo("{\"id\":7,\"name\":\"Ada Lovelace\",\"roles\":[\"admin\",\"ops\"]}");
        assertThat(redis.ttl("api:users:7")).isBetween(298L, 300L);
        assertThat(cache.get("api:users:7", User.class)).contains(ada);
        assertThat(cache.get("api:users:8", User.class)).isEmpty();

        redis.set("api:users:9", "{\"id\":\"not a number\"}");
        assertThat(cache.get("api:users:9", User.class)).as("an old shape is a miss").isEmpty();

        AtomicInteger loads = new AtomicInteger();
        User loaded = cache.getOrLoad("api:users:8", User.class, Duration.ofSeconds(30),
                () -> new User(8 + loads.getAndIncrement(), "Grace", List.of()));
        User again = cache.getOrLoad("api:users:8", User.class, Duration.ofSeconds(30),
                () -> new User(8 + loads.getAndIncrement(), "Grace", List.of()));
        assertThat(again).isEqualTo(loaded);
        assertThat(loads).hasValue(1);
        assertThat(redis.pttl("api:users:8")).isBetween(29_000L, 30_000L);
        assertThat(cache.retries()).isZero();
        assertThat(cache.fallbacks()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void multiKeyDeleteAndPatternInvalidation(Target target) {
        Endpoint server = target.shared();
        RedisCommands<String, String> redis = inspector(server);
        ApiCacheClient cache = cacheClient(server);
        for (int i = 0; i < 230; i++) {
            cache.put("api:users:" + i, new User(i, "u" + i, List.of()), Duration.ofMinutes(10));
        }
        for (int i = 0; i < 40; i++) {
            cache.put("api:orders:" + i, Map.of("id", i), Duration.ofMinutes(10));
        }
        cache.put("api:users", "the list, not a user", Duration.ofMinutes(10));

        assertThat(cache.delete("api:users:1", "api:users:2", "api:users:2", "api:users:none")).isEqualTo(2);
        assertThat(cache.invalidate("api:users:*")).isEqualTo(228);
        assertThat(cache.invalidate("api:users:*")).isZero();

        Set<String> left = new HashSet<>();
        ScanIterator.scan(redis).forEachRemaining(left::add);
        assertThat(left).hasSize(41).contains("api:users", "api:orders:0", "api:orders:39");
        assertThat(cache.invalidate("api:orders:[0-9]")).as("glob classes work as in Redis").isEqualTo(10);
        assertThat(redis.dbsize()).isEqualTo(31);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void locksAreExclusiveExpireAndAreReleasedOnlyByTheirOwner(Target target) throws Exception {
        Endpoint server = target.shared();
        RedisCommands<String, String> redis = inspector(server);
        ApiCacheClient cache = cacheClient(server);

        Optional<String> token = cache.tryLock("rebuild-index", Duration.ofSeconds(30));
        assertThat(token).isPresent();
        assertThat(cache.tryLock("rebuild-index", Duration.ofSeconds(30))).isEmpty();
        assertThat(redis.ttl("lock:rebuild-index")).isBetween(28L, 30L);
        assertThat(cache.unlock("rebuild-index", "someone-else")).isFalse();
        assertThat(redis.get("lock:rebuild-index")).isEqualTo(token.get());
        assertThat(cache.unlock("rebuild-index", token.get())).isTrue();
        assertThat(redis.exists("lock:rebuild-index")).isZero();
        assertThat(cache.unlock("rebuild-index", token.get())).as("already released").isFalse();

        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<String>>> claims = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                claims.add(threads.submit(() -> {
                    go.await();
                    return cache.tryLock("nightly-report", Duration.ofMinutes(1));
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<Optional<String>> c : claims) {
                c.get(30, TimeUnit.SECONDS).ifPresent(winners::add);
            }
            assertThat(winners).hasSize(1);
            assertThat(redis.get("lock:nightly-report")).isEqualTo(winners.get(0));
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void countersCountEveryIncrementAndExpireOnce(Target target) throws Exception {
        Endpoint server = target.shared();
        RedisCommands<String, String> redis = inspector(server);
        ApiCacheClient cache = cacheClient(server);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        cache.increment("requests:client-42", Duration.ofMinutes(1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(redis.get("counter:requests:client-42")).isEqualTo("400");
        assertThat(redis.ttl("counter:requests:client-42")).isBetween(58L, 60L);
        assertThat(cache.increment("requests:client-42", Duration.ofMinutes(1))).hasValue(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void hitAndMissStatisticsComeFromInfo(Target target) {
        Endpoint server = target.shared();
        inspector(server);
        ApiCacheClient cache = cacheClient(server);
        cache.put("api:users:1", new User(1, "a", List.of()), Duration.ofMinutes(1));
        ApiCacheClient.Stats before = cache.stats();

        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("api:users:1", User.class)).isPresent();
        }
        assertThat(cache.get("api:users:2", User.class)).isEmpty();
        assertThat(cache.get("api:users:3", User.class)).isEmpty();
        cache.put("api:users:4", new User(4, "d", List.of()), Duration.ofMinutes(1)); // writes count as neither
        cache.increment("views", Duration.ofMinutes(1));
        cache.delete("api:users:4");

        ApiCacheClient.Stats after = cache.stats();
        assertThat(after.hits() - before.hits()).isEqualTo(3);
        assertThat(after.misses() - before.misses()).isEqualTo(2);
        assertThat(new ApiCacheClient.Stats(3, 2).hitRatio()).isEqualTo(0.6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void httpResponsesAreCachedUnderTheDigestOfTheirUri(Target target) throws Exception {
        Endpoint server = target.shared();
        RedisCommands<String, String> redis = inspector(server);
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            served.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = ("{\"path\":\"" + path + "\",\"query\":\"" + exchange.getRequestURI().getRawQuery() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", path.equals("/live") ? "no-store" : "public, max-age=120");
            exchange.sendResponseHeaders(path.equals("/missing") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        HttpClient http = HttpClient.newHttpClient(); // AutoCloseable only from Java 21
        try {
            HttpResponseCache responses = new HttpResponseCache(cacheClient(server), http);
            String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
            URI catalog = URI.create(base + "/v2/_catalog?n=100&last=gitlab-org%2Fapp");

            CachedResponse first = responses.get(catalog);
            CachedResponse second = responses.get(catalog);
            responses.get(URI.create(base + "/live"));
            responses.get(URI.create(base + "/live"));
            responses.get(URI.create(base + "/missing"));
            responses.get(URI.create(base + "/missing"));

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"path\":\"/v2/_catalog\",\"query\":\"n=100&last=gitlab-org%2Fapp\"}");
            assertThat(second).isEqualTo(first);
            assertThat(served.get("/v2/_catalog")).hasValue(1);
            assertThat(served.get("/live")).as("no-store").hasValue(2);
            assertThat(served.get("/missing")).as("404").hasValue(2);

            String key = HttpResponseCache.key(catalog);
            assertThat(key).matches("http:[0-9a-f]{64}");
            Set<String> keys = new HashSet<>();
            ScanIterator.scan(redis, ScanArgs.Builder.matches("http:*")).forEachRemaining(keys::add);
            assertThat(keys).containsExactly(key);
            assertThat(redis.ttl(key)).isBetween(118L, 120L);
        } finally {
            upstream.stop(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aDroppedConnectionIsRetriedWithBackoffUntilItIsBack(Target target) throws Exception {
        try (Endpoint own = target.dedicated("api-cache-reconnect")) {
            RedisClient client = client(own);
            StatefulRedisConnection<String, String> connection = client.connect();
            ApiCacheClient cache = cacheClient(client, connection);
            cache.put("api:users:1", new User(1, "a", List.of()), Duration.ofMinutes(1));
            long id = connection.sync().clientId();
            RedisCommands<String, String> admin = client(own).connect().sync();

            assertThat(admin.clientKill(KillArgs.Builder.id(id))).isEqualTo(1L);
            awaitOpen(connection, false);
            Optional<User> user = cache.get("api:users:1", User.class);

            assertThat(user).as("answered once Lettuce reconnected").contains(new User(1, "a", List.of()));
            assertThat(cache.retries()).isBetween(1L, 4L);
            assertThat(cache.fallbacks()).isZero();
            assertThat(backoffs).isEqualTo(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                    Duration.ofMillis(800)).subList(0, backoffs.size()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void whenRedisStopsTheApplicationCarriesOnWithoutIt(Target target) throws Exception {
        Endpoint own = target.dedicated("api-cache-fallback");
        boolean stopped = false;
        try {
            RedisClient client = client(own);
            StatefulRedisConnection<String, String> connection = client.connect();
            ApiCacheClient cache = new ApiCacheClient(connection, client::connect, JSON,
                    new ApiCacheClient.Retry(3, Duration.ofMillis(20)), d -> backoffs.add(d)); // no real sleeping
            cache.put("api:users:1", new User(1, "a", List.of()), Duration.ofMinutes(1));
            assertThat(cache.get("api:users:1", User.class)).isPresent();

            own.close(); // Redis goes away mid-test
            stopped = true;
            awaitOpen(connection, false);

            assertThat(cache.get("api:users:1", User.class)).isEmpty();
            assertThat(backoffs).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
            AtomicInteger loads = new AtomicInteger();
            User loaded = cache.getOrLoad("api:users:1", User.class, Duration.ofMinutes(1),
                    () -> new User(1, "from the database " + loads.incrementAndGet(), List.of()));
            assertThat(loaded.name()).isEqualTo("from the database 1");
            assertThat(cache.tryLock("rebuild", Duration.ofSeconds(10))).as("no lock without Redis").isEmpty();
            assertThat(cache.increment("views", Duration.ofMinutes(1))).isEmpty();
            assertThat(cache.invalidate("api:*")).isZero();
            assertThat(cache.delete("api:users:1")).isZero();
            // get, getOrLoad (get + put), tryLock, increment, invalidate, delete: 7 calls, each 3 attempts
            assertThat(cache.fallbacks()).isEqualTo(7);
            assertThat(cache.retries()).isEqualTo(14);
        } finally {
            if (!stopped) {
                own.close();
            }
        }
    }

    private static void awaitOpen(StatefulRedisConnection<?, ?> connection, boolean open) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (connection.isOpen() != open) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection still " + (open ? "closed" : "open") + " after 5 s");
            }
            Thread.sleep(2);
        }
    }
}
