package dev.cortado.conformance.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.conformance.TestServers.Endpoint;
import dev.cortado.conformance.workloads.ReportService.ApiResponse;
import dev.cortado.conformance.workloads.ReportService.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheManager;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Scenario 3: Spring's cache abstraction over Spring Data Redis (Lettuce) — {@code @Cacheable} with a
 * 6-hour cache and a no-expiry cache, a property that turns caching off, the in-memory fallback, and
 * task tracking with SET NX EX — in a plain Spring context built per server.
 */
class ReportCacheTest {

    private static final int DB = 3;

    static List<Target> servers() {
        return Target.both().toList();
    }

    /** The upstream API and report store, counting calls. */
    static final class Backend implements ReportService.Backend {
        final Map<String, AtomicInteger> apiCalls = new ConcurrentHashMap<>();
        final Map<String, Report> reports = new ConcurrentHashMap<>();
        final AtomicInteger reportLoads = new AtomicInteger();

        @Override
        public ApiResponse callApi(String endpoint, String query) {
            apiCalls.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
            return new ApiResponse(endpoint, 200, List.of("q=" + query, "item-1"));
        }

        @Override
        public Report loadReport(String id) {
            reportLoads.incrementAndGet();
            return reports.get(id);
        }

        int calls(String endpoint) {
            return apiCalls.getOrDefault(endpoint, new AtomicInteger()).get();
        }
    }

    private static AnnotationConfigApplicationContext spring(Map<String, Object> properties, Backend backend) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        context.registerBean(ReportService.Backend.class, () -> backend);
        context.register(ReportCacheConfig.class);
        context.refresh();
        return context;
    }

    private static Map<String, Object> redisProperties(Endpoint server) {
        Map<String, Object> p = new HashMap<>();
        p.put("reports.redis.host", server.host());
        p.put("reports.redis.port", server.port());
        p.put("reports.redis.database", DB);
        return p;
    }

    private static Jedis inspector(Endpoint server) {
        Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().database(DB).timeoutMillis(5000).build());
        jedis.flushDB();
        return jedis;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void apiResponsesAreCachedForSixHours(Target target) {
        Endpoint server = target.shared();
        Backend backend = new Backend();
        try (Jedis redis = inspector(server); var spring = spring(redisProperties(server), backend)) {
            ReportService service = spring.getBean(ReportService.class);
            assertThat(spring.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);

            ApiResponse first = service.callApi("/projects", "page=1");
            ApiResponse second = service.callApi("/projects", "page=1");
            service.callApi("/projects", "page=2");

            assertThat(second).isEqualTo(first);
            assertThat(backend.calls("/projects")).isEqualTo(2);
            String key = "apiResponses::/projects?page=1";
            assertThat(redis.get(key)).isEqualTo("{\"endpoint\":\"/projects\",\"status\":200,\"items\":[\"q=page=1\",\"item-1\"]}");
            assertThat(redis.ttl(key)).isBetween(21_598L, 21_600L);
            assertThat(redis.pttl(key)).isBetween(21_595_000L, 21_600_000L);
            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "apiResponses::*"))
                    .containsExactlyInAnyOrder(key, "apiResponses::/projects?page=2");

            RedisCache cache = (RedisCache) spring.getBean(CacheManager.class).getCache(ReportCacheConfig.API_CACHE);
            assertThat(cache.getStatistics().getHits()).isEqualTo(1);
            assertThat(cache.getStatistics().getMisses()).isEqualTo(2);
            assertThat(cache.getStatistics().getPuts()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void finishedReportsAreKeptForeverRunningOnesNeverCached(Target target) {
        Endpoint server = target.shared();
        Backend backend = new Backend();
        backend.reports.put("r-1", new Report("r-1", "ada", true, 1_204));
        backend.reports.put("r-2", new Report("r-2", "ada", false, 0));
        try (Jedis redis = inspector(server); var spring = spring(redisProperties(server), backend)) {
            ReportService service = spring.getBean(ReportService.class);

            assertThat(service.report("r-1").rows()).isEqualTo(1_204);
            assertThat(service.report("r-1").rows()).isEqualTo(1_204);
            assertThat(backend.reportLoads).as("finished: cached").hasValue(1);
            assertThat(redis.ttl("reports::r-1")).as("no expiry").isEqualTo(-1L);

            service.report("r-2");
            service.report("r-2");
            assertThat(backend.reportLoads).as("running: asked every time").hasValue(3);
            assertThat(redis.exists("reports::r-2")).isFalse();

            backend.reports.put("r-2", new Report("r-2", "ada", true, 77));
            assertThat(service.report("r-2").finished()).isTrue();
            assertThat(redis.get("reports::r-2")).isEqualTo("{\"id\":\"r-2\",\"owner\":\"ada\",\"finished\":true,\"rows\":77}");

            service.reportChanged("r-1");
            assertThat(redis.exists("reports::r-1")).isFalse();
            assertThat(service.report("r-1").rows()).isEqualTo(1_204);
            assertThat(backend.reportLoads).hasValue(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void clearingApiResponsesScansAwayThatCacheOnly(Target target) {
        Endpoint server = target.shared();
        Backend backend = new Backend();
        backend.reports.put("r-1", new Report("r-1", "bob", true, 3));
        try (Jedis redis = inspector(server); var spring = spring(redisProperties(server), backend)) {
            ReportService service = spring.getBean(ReportService.class);
            for (int i = 0; i < 250; i++) { // more than one SCAN batch of 100
                service.callApi("/pipelines", "page=" + i);
            }
            service.report("r-1");
            redis.set("apiResponsesArchive", "not the cache's"); // shares the prefix but not "::"
            assertThat(redis.dbSize()).isEqualTo(252);

            service.clearApiResponses();

            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "*"))
                    .containsExactlyInAnyOrder("reports::r-1", "apiResponsesArchive");
            service.callApi("/pipelines", "page=0");
            assertThat(backend.calls("/pipelines")).isEqualTo(251);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aBurstOfIdenticalRequestsCallsUpstreamOnce(Target target) throws Exception {
        Endpoint server = target.shared();
        Backend backend = new Backend();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (Jedis redis = inspector(server); var spring = spring(redisProperties(server), backend)) {
            ReportService service = spring.getBean(ReportService.class);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> answers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return service.callApiOnce("/dashboard");
                }));
            }
            go.countDown();
            for (Future<ApiResponse> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS).endpoint()).isEqualTo("/dashboard");
            }
            assertThat(backend.calls("/dashboard")).isEqualTo(1);
            assertThat(redis.ttl("apiResponses::sync:/dashboard")).isBetween(21_598L, 21_600L);
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aPropertySwitchesCachingOff(Target target) {
        Endpoint server = target.shared();
        Backend backend = new Backend();
        Map<String, Object> properties = redisProperties(server);
        properties.put("reports.cache.enabled", "false");
        try (Jedis redis = inspector(server); var spring = spring(properties, backend)) {
            ReportService service = spring.getBean(ReportService.class);
            assertThat(spring.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);

            service.callApi("/projects", "page=1");
            service.callApi("/projects", "page=1");

            assertThat(backend.calls("/projects")).isEqualTo(2);
            assertThat(redis.dbSize()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void withoutARedisHostTheCachesStayInProcess(Target target) {
        Endpoint server = target.shared();
        Backend backend = new Backend();
        try (Jedis redis = inspector(server); var spring = spring(Map.of(), backend)) {
            ReportService service = spring.getBean(ReportService.class);
            assertThat(spring.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);

            service.callApi("/projects", "page=1");
            service.callApi("/projects", "page=1");
            TaskTracker tasks = spring.getBean(TaskTracker.class);
            assertThat(tasks.start("ada", "t-1", Duration.ofHours(1))).isTrue();
            assertThat(tasks.start("ada", "t-2", Duration.ofHours(1))).isFalse();

            assertThat(backend.calls("/projects")).isEqualTo(1);
            assertThat(redis.dbSize()).as("Redis untouched").isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void tasksRunOncePerTaskAndOnePerUser(Target target) {
        Endpoint server = target.shared();
        try (Jedis redis = inspector(server); var spring = spring(redisProperties(server), new Backend())) {
            TaskTracker tasks = spring.getBean(TaskTracker.class);
            Duration timeout = Duration.ofMinutes(30);

            assertThat(tasks.start("ada", "export-1", timeout)).isTrue();
            assertThat(tasks.start("ada", "export-2", timeout)).as("ada already has a task").isFalse();
            assertThat(tasks.start("bob", "export-1", timeout)).as("export-1 already runs").isFalse();
            assertThat(redis.exists(TaskTracker.userKey("bob"))).as("bob's claim rolled back").isFalse();
            assertThat(tasks.activeTask("ada")).contains("export-1");
            assertThat(redis.get(TaskTracker.taskKey("export-1"))).isEqualTo("ada");
            assertThat(redis.ttl(TaskTracker.taskKey("export-1"))).isBetween(1_798L, 1_800L);
            assertThat(redis.ttl(TaskTracker.userKey("ada"))).isBetween(1_798L, 1_800L);

            tasks.finish("ada", "export-1");

            assertThat(redis.dbSize()).isZero();
            assertThat(tasks.activeTask("ada")).isEmpty();
            assertThat(tasks.start("bob", "export-1", timeout)).isTrue();
            assertThat(tasks.start("ada", "export-2", timeout)).isTrue();
            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "report-user:*"))
                    .containsExactlyInAnyOrder(TaskTracker.userKey("ada"), TaskTracker.userKey("bob"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void racingClaimsOnOneTaskHaveOneWinner(Target target) throws Exception {
        Endpoint server = target.shared();
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try (Jedis redis = inspector(server); var spring = spring(redisProperties(server), new Backend())) {
            TaskTracker tasks = spring.getBean(TaskTracker.class);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int u = 0; u < 10; u++) {
                String user = "user-" + u;
                claims.add(threads.submit(() -> {
                    go.await();
                    return tasks.start(user, "nightly", Duration.ofMinutes(5));
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> c : claims) {
                winners += c.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            String winner = redis.get(TaskTracker.taskKey("nightly"));
            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "report-user:*"))
                    .containsExactly(TaskTracker.userKey(winner));
        } finally {
            threads.shutdownNow();
        }
    }
}
