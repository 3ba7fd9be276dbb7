package dev.cortado.conformance.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.conformance.TestServers.Endpoint;
import dev.cortado.conformance.workloads.LayerInfoCache.BlobInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import redis.clients.jedis.RedisProtocol;

/** Scenario 4: the registry's layer-info cache (Jedis through a JedisPool) against Redis and Cortado. */
class LayerInfoCacheTest {

    private static final int DB = 4;

    static List<Target> servers() {
        return Target.both().toList();
    }

    /** Fake blob storage: what each repository holds, counting stat calls. */
    static final class Storage implements LayerInfoCache.BlobStore {
        final Map<String, Map<String, BlobInfo>> repositories = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        Storage put(String repository, BlobInfo info) {
            repositories.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(info.digest(), info);
            return this;
        }

        @Override
        public Optional<BlobInfo> stat(String repository, String digest) {
            calls.incrementAndGet();
            return Optional.ofNullable(repositories.getOrDefault(repository, Map.of()).get(digest));
        }
    }

    static String digest(int n) {
        return String.format("sha256:%064x", 0xabcdefL * (n + 1));
    }

    static BlobInfo blob(int n, long length) {
        String d = digest(n);
        return new BlobInfo(d, "/docker/registry/v2/blobs/sha256/" + d.substring(7, 9) + "/" + d.substring(7) + "/data", length);
    }

    private static JedisPool pool(Endpoint server, int maxTotal) {
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(maxTotal);
        config.setMaxIdle(maxTotal);
        // RESP3 here (the other Jedis scenario speaks RESP2): HELLO 3 on every pooled connection,
        // SMEMBERS and SSCAN pages as RESP3 sets.
        return new JedisPool(config, new HostAndPort(server.host(), server.port()), DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP3).database(DB).clientName("layer-info-cache").timeoutMillis(5000).build());
    }

    private static Jedis inspector(Endpoint server) {
        Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().database(DB).timeoutMillis(5000).build());
        jedis.flushDB();
        return jedis;
    }

    /** keyspace_hits and keyspace_misses from INFO stats: what the registry's cache dashboard graphs. */
    static long[] keyspaceStats(Jedis redis) {
        long hits = -1;
        long misses = -1;
        for (String line : redis.info("stats").split("\r\n")) {
            if (line.startsWith("keyspace_hits:")) {
                hits = Long.parseLong(line.substring(14));
            } else if (line.startsWith("keyspace_misses:")) {
                misses = Long.parseLong(line.substring(16));
            }
        }
        assertThat(hits).as("INFO stats keyspace_hits").isNotNegative();
        assertThat(misses).as("INFO stats keyspace_misses").isNotNegative();
        return new long[] {hits, misses};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void firstPullGoesToStorageAndTheNextIsServedFromRedis(Target target) {
        Endpoint server = target.shared();
        BlobInfo layer = blob(1, 27_145_915);
        Storage storage = new Storage().put("group/app", layer);
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            LayerInfoCache cache = new LayerInfoCache(pool, storage);

            assertThat(cache.stat("group/app", layer.digest())).contains(layer);
            assertThat(storage.calls).hasValue(1);
            assertThat(redis.sismember("repository::group/app::blobs", layer.digest())).isTrue();
            assertThat(redis.hmget("blobs::" + layer.digest(), "path", "length", "mediatype"))
                    .containsExactly(layer.path(), "27145915", null);
            assertThat(redis.ttl("blobs::" + layer.digest())).as("layer info never expires").isEqualTo(-1L);

            long[] before = keyspaceStats(redis);
            assertThat(cache.stat("group/app", layer.digest())).contains(layer);
            long[] after = keyspaceStats(redis);
            assertThat(storage.calls).hasValue(1);
            assertThat(after[0] - before[0]).as("keyspace_hits: SISMEMBER and HMGET found their keys").isEqualTo(2);
            assertThat(after[1] - before[1]).as("keyspace_misses").isZero();
            assertThat(cache.hits()).isEqualTo(1);
            assertThat(cache.misses()).isEqualTo(1);
            try (Jedis pooled = pool.getResource()) {
                assertThat(pooled.clientInfo()).contains("name=layer-info-cache ", " db=4 ", " resp=3");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void unknownBlobsAreNotCached(Target target) {
        Endpoint server = target.shared();
        Storage storage = new Storage();
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            LayerInfoCache cache = new LayerInfoCache(pool, storage);

            long[] before = keyspaceStats(redis);
            assertThat(cache.stat("group/app", digest(9))).isEmpty();
            assertThat(cache.stat("group/app", digest(9))).isEmpty();
            long[] after = keyspaceStats(redis);

            assertThat(storage.calls).hasValue(2);
            assertThat(redis.dbSize()).isZero();
            assertThat(after[1] - before[1]).as("keyspace_misses: one SISMEMBER on a missing set each").isEqualTo(2);
            assertThat(after[0] - before[0]).as("keyspace_hits").isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aBlobIsServedOnlyToRepositoriesThatLinkIt(Target target) {
        Endpoint server = target.shared();
        BlobInfo base = blob(2, 3_000_000);
        Storage storage = new Storage().put("team/a", base).put("team/b", base);
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            LayerInfoCache cache = new LayerInfoCache(pool, storage);
            cache.stat("team/a", base.digest());

            assertThat(cache.stat("team/b", base.digest())).as("known blob, unlinked repository").contains(base);
            assertThat(storage.calls).hasValue(2);
            assertThat(cache.stat("team/c", base.digest())).as("storage refuses: not in team/c").isEmpty();
            assertThat(storage.calls).hasValue(3);

            assertThat(cache.mount("team/a", "team/c", base.digest())).isTrue();
            assertThat(cache.mount("team/x", "team/d", base.digest())).as("source does not link it").isFalse();
            assertThat(cache.stat("team/c", base.digest())).contains(base);
            assertThat(storage.calls).as("a mounted blob is served from Redis").hasValue(3);

            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "repository::*"))
                    .containsExactlyInAnyOrder("repository::team/a::blobs", "repository::team/b::blobs",
                            "repository::team/c::blobs");
            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "blobs::*")).containsExactly("blobs::" + base.digest());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void unlinkingForgetsTheMembershipButKeepsTheBlob(Target target) {
        Endpoint server = target.shared();
        BlobInfo layer = blob(3, 512);
        Storage storage = new Storage().put("a", layer).put("b", layer);
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            LayerInfoCache cache = new LayerInfoCache(pool, storage);
            cache.stat("a", layer.digest());
            cache.stat("b", layer.digest());

            cache.unlink("a", layer.digest());

            assertThat(redis.exists("repository::a::blobs")).as("the last member gone, the set is gone").isFalse();
            assertThat(redis.smembers("repository::b::blobs")).containsExactly(layer.digest());
            assertThat(redis.hgetAll("blobs::" + layer.digest()))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("path", layer.path(), "length", "512"));
            storage.repositories.get("a").clear();
            assertThat(cache.stat("a", layer.digest())).isEmpty();
            assertThat(cache.stat("b", layer.digest())).contains(layer);
            assertThat(storage.calls).hasValue(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void halfWrittenOrBadHashesAreMissesAndGetRewritten(Target target) {
        Endpoint server = target.shared();
        BlobInfo partial = blob(4, 10);
        BlobInfo garbled = blob(5, 6_442_450_944L); // 6 GiB: past int
        Storage storage = new Storage().put("r", partial).put("r", garbled);
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            redis.sadd("repository::r::blobs", partial.digest(), garbled.digest());
            redis.hset("blobs::" + partial.digest(), "path", partial.path());
            redis.hset("blobs::" + garbled.digest(), Map.of("path", garbled.path(), "length", "6 GiB"));
            LayerInfoCache cache = new LayerInfoCache(pool, storage);

            assertThat(cache.stat("r", partial.digest())).contains(partial);
            assertThat(cache.stat("r", garbled.digest())).contains(garbled);
            assertThat(storage.calls).hasValue(2);
            assertThat(redis.hget("blobs::" + partial.digest(), "length")).isEqualTo("10");
            assertThat(redis.hget("blobs::" + garbled.digest(), "length")).isEqualTo("6442450944");
            assertThat(cache.stat("r", garbled.digest())).contains(garbled);
            assertThat(storage.calls).hasValue(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void garbageCollectionWalksEveryLinkedBlob(Target target) {
        Endpoint server = target.shared();
        Storage storage = new Storage();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            BlobInfo b = blob(i, 1000 + i);
            storage.put("big/repo", b);
            expected.add(b.digest());
        }
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 4)) {
            LayerInfoCache cache = new LayerInfoCache(pool, storage);
            expected.forEach(d -> cache.stat("big/repo", d));

            assertThat(redis.scard("repository::big/repo::blobs")).isEqualTo(300);
            assertThat(redis.objectEncoding("repository::big/repo::blobs")).isEqualTo("hashtable");
            assertThat(cache.linkedBlobs("big/repo")).isEqualTo(expected);
            assertThat(cache.linkedBlobs("empty/repo")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void concurrentPullsShareASmallPool(Target target) throws Exception {
        Endpoint server = target.shared();
        Storage storage = new Storage();
        List<String> repositories = List.of("ci/api", "ci/web", "ci/worker");
        for (String r : repositories) {
            for (int i = 0; i < 20; i++) {
                storage.put(r, blob(i, 100L * i));
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try (Jedis redis = inspector(server); JedisPool pool = pool(server, 3)) {
            LayerInfoCache cache = new LayerInfoCache(pool, storage);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                String repository = repositories.get(t % 3);
                results.add(threads.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 20; i++) {
                        Optional<BlobInfo> info = cache.stat(repository, digest(i));
                        wrong += info.equals(Optional.of(blob(i, 100L * i))) ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
            }
            for (String r : repositories) {
                assertThat(redis.scard(LayerInfoCache.repositoryKey(r))).isEqualTo(20);
            }
            assertThat(ProtectedBranchesCacheTest.scanAll(redis, "blobs::*")).hasSize(20);
            assertThat(storage.calls.get()).isBetween(60, 240);
            assertThat(cache.hits() + cache.misses()).isEqualTo(240);
            assertThat(pool.getNumActive()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }
}
