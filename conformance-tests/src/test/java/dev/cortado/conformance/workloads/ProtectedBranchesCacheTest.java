package dev.cortado.conformance.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.conformance.TestServers.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Scenario 2: the protected-branches cache (Jedis, pipelined) against Redis and Cortado. */
class ProtectedBranchesCacheTest {

    private static final int DB = 2;
    // SHA-256 of the UTF-8 names, computed outside Java (sha256sum): the field names other readers of the hash expect.
    private static final String MAIN = "0d6e4079e36703ebd37c00722f5891d28b0e2811dc114b129215123adcce3605";
    private static final String RELEASE = "05c07dbfbae008d1653fc8212974ac4680b34bf3dd2b007860a3f4aaec64f789";

    static List<Target> servers() {
        return Target.both().toList();
    }

    /** The fake database: a set of protected (project, ref) pairs, counting how often it is asked. */
    static final class Rules implements ProtectedBranchesCache.ProtectionRules {
        final Set<String> protectedRefs = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();

        Rules protect(long project, String ref) {
            protectedRefs.add(project + "/" + ref);
            return this;
        }

        @Override
        public boolean isProtected(long projectId, String ref) {
            calls.incrementAndGet();
            return protectedRefs.contains(projectId + "/" + ref);
        }
    }

    private static JedisPool pool(Endpoint server, int maxTotal) {
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(maxTotal);
        return new JedisPool(config, server.host(), server.port(), 5000, null, DB);
    }

    /** A separate connection for the test's own checks, so the cache's pool is all the cache's. */
    private static Jedis inspector(Endpoint server) {
        Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().database(DB).timeoutMillis(5000).build());
        jedis.flushDB();
        return jedis;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void missFillsTheHashAndLaterLookupsHit(Target target) {
        Endpoint server = target.shared();
        Rules rules = new Rules().protect(7, "main");
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            ProtectedBranchesCache cache = new ProtectedBranchesCache(pool, rules);

            assertThat(cache.isProtected(7, "main")).isTrue();
            assertThat(rules.calls).hasValue(1);
            String key = ProtectedBranchesCache.key(7);
            assertThat(redis.hgetAll(key)).containsExactlyEntriesOf(Map.of(MAIN, "_b:1"));
            assertThat(redis.ttl(key)).isBetween(86_398L, 86_400L);

            assertThat(cache.isProtected(7, "main")).isTrue();
            assertThat(rules.calls).as("served from the hash").hasValue(1);

            // "not protected" is an answer too: cached as _b:0, and a hit next time.
            assertThat(cache.isProtected(7, "feature/login")).isFalse();
            assertThat(cache.isProtected(7, "feature/login")).isFalse();
            assertThat(rules.calls).hasValue(2);
            assertThat(redis.hget(key, ProtectedBranchesCache.field("feature/login"))).isEqualTo("_b:0");
            assertThat(redis.hlen(key)).isEqualTo(2);
            assertThat(redis.objectEncoding(key)).as("a small hash: Redis's compact encoding").isEqualTo("listpack");
            assertThat(cache.hits()).isEqualTo(2);
            assertThat(cache.misses()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void batchLookupAsksTheDatabaseOnlyForMisses(Target target) {
        Endpoint server = target.shared();
        Rules rules = new Rules().protect(7, "main").protect(7, "release/1.0");
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            ProtectedBranchesCache cache = new ProtectedBranchesCache(pool, rules);
            cache.isProtected(7, "main");

            Map<String, Boolean> answers = cache.fetchAll(7, List.of("main", "release/1.0", "wip", "main"));

            assertThat(answers).containsExactlyEntriesOf(orderedMap("main", true, "release/1.0", true, "wip", false));
            assertThat(rules.calls).as("main was cached, release/1.0 and wip were not").hasValue(3);
            assertThat(redis.hgetAll(ProtectedBranchesCache.key(7)))
                    .containsOnlyKeys(MAIN, RELEASE, ProtectedBranchesCache.field("wip"))
                    .containsEntry(RELEASE, "_b:1")
                    .containsEntry(ProtectedBranchesCache.field("wip"), "_b:0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void fillsNeverExtendTheHashesLife(Target target) {
        Endpoint server = target.shared();
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            ProtectedBranchesCache cache = new ProtectedBranchesCache(pool, new Rules());
            String key = ProtectedBranchesCache.key(9);
            cache.isProtected(9, "main");
            redis.expire(key, 100); // as if the hash were nearly a day old

            cache.fetchAll(9, List.of("a", "b", "c"));

            assertThat(redis.ttl(key)).isBetween(98L, 100L);
            assertThat(redis.hlen(key)).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void changingAProtectedBranchDropsOnlyThatProjectsHash(Target target) {
        Endpoint server = target.shared();
        Rules rules = new Rules().protect(1, "main").protect(2, "main");
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            ProtectedBranchesCache cache = new ProtectedBranchesCache(pool, rules);
            cache.fetchAll(1, List.of("main", "dev"));
            cache.fetchAll(2, List.of("main", "dev"));
            assertThat(rules.calls).hasValue(4);

            rules.protectedRefs.add("1/dev");
            cache.refresh(1);

            assertThat(redis.exists(ProtectedBranchesCache.key(1))).isFalse();
            assertThat(redis.hlen(ProtectedBranchesCache.key(2))).isEqualTo(2);
            assertThat(cache.isProtected(1, "dev")).as("the new rule is seen at once").isTrue();
            assertThat(cache.isProtected(2, "dev")).as("project 2 keeps its cached answer").isFalse();
            assertThat(rules.calls).hasValue(5);
            assertThat(scanAll(redis, "cache:protected_branches:*"))
                    .containsExactlyInAnyOrder(ProtectedBranchesCache.key(1), ProtectedBranchesCache.key(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aHashGrownPastTheLimitIsDropped(Target target) {
        Endpoint server = target.shared();
        Rules rules = new Rules().protect(3, "main");
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            ProtectedBranchesCache cache =
                    new ProtectedBranchesCache(pool, rules, ProtectedBranchesCache.DEFAULT_TTL, 5);
            cache.fetchAll(3, List.of("main", "b1", "b2", "b3", "b4"));
            assertThat(redis.hlen(ProtectedBranchesCache.key(3))).isEqualTo(5);

            Map<String, Boolean> answers = cache.fetchAll(3, List.of("main", "b5"));

            assertThat(answers).containsExactlyEntriesOf(orderedMap("main", true, "b5", false));
            assertThat(redis.exists(ProtectedBranchesCache.key(3))).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aValueInAnotherFormatIsAMissAndIsRepaired(Target target) {
        Endpoint server = target.shared();
        Rules rules = new Rules().protect(4, "main");
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            String key = ProtectedBranchesCache.key(4);
            redis.hset(key, MAIN, "true"); // written by an older release

            assertThat(new ProtectedBranchesCache(pool, rules).isProtected(4, "main")).isTrue();

            assertThat(rules.calls).hasValue(1);
            assertThat(redis.hget(key, MAIN)).isEqualTo("_b:1");
            assertThat(redis.ttl(key)).as("the first fill gives the hash its TTL").isBetween(86_398L, 86_400L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void concurrentRequestsThroughThePoolAgree(Target target) throws Exception {
        Endpoint server = target.shared();
        Rules rules = new Rules();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            refs.add("branch-" + i);
            if (i % 3 == 0) {
                rules.protect(5, "branch-" + i);
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            ProtectedBranchesCache cache = new ProtectedBranchesCache(pool, rules);
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                wrong.add(threads.submit(() -> {
                    int mistakes = 0;
                    for (int i = 0; i < 40; i++) {
                        String ref = refs.get((i + offset) % refs.size());
                        boolean expected = (Integer.parseInt(ref.substring(7)) % 3) == 0;
                        if (i % 5 == 0) {
                            mistakes += cache.fetchAll(5, refs).get(ref) == expected ? 0 : 1;
                        } else {
                            mistakes += cache.isProtected(5, ref) == expected ? 0 : 1;
                        }
                    }
                    return mistakes;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
            }
            // Racing misses may each ask the database, but every ref is asked at least once and the hash is complete.
            assertThat(rules.calls.get()).isBetween(10, 8 * 40 + 8 * 8 * 10);
            assertThat(redis.hlen(ProtectedBranchesCache.key(5))).isEqualTo(10);
            assertThat(cache.hits() + cache.misses()).isEqualTo(8 * 32 + 8 * 8 * 10);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Map<String, Boolean> orderedMap(Object... pairs) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Boolean) pairs[i + 1]);
        }
        return m;
    }

    static Set<String> scanAll(Jedis redis, String pattern) {
        Set<String> keys = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(10));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
