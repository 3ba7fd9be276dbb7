package dev.cortado.conformance.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cortado.conformance.TestServers.Endpoint;
import dev.cortado.conformance.workloads.RepositoryCache.Repository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Scenario 1 (the parts without the mock layer): the registry's two-level repository cache —
 * Caffeine in process, MessagePack values with a TTL in Redis (Lettuce), a counted fake database.
 */
class RepositoryCacheTest {

    private static final int DB = 1;
    private static final RedisCodec<String, byte[]> BINARY = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** One set of Lettuce threads for the class; a client per test is then cheap. */
    private static final ClientResources RESOURCES = DefaultClientResources.create();

    private final List<RedisClient> clients = new ArrayList<>();

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

    /** The metadata database, counting queries per path. */
    static final class Database implements RepositoryCache.RepositoryStore {
        final Map<String, Repository> rows = new ConcurrentHashMap<>();
        final AtomicInteger queries = new AtomicInteger();

        Database with(Repository r) {
            rows.put(r.path(), r);
            return this;
        }

        @Override
        public Optional<Repository> findByPath(String path) {
            queries.incrementAndGet();
            return Optional.ofNullable(rows.get(path));
        }
    }

    /** Caffeine's clock, moved by hand. */
    static final class FakeTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    static final Repository APP = new Repository(42, 7, "app", "gitlab-org/app", 41L,
            Instant.parse("2024-03-01T10:15:30Z"), Instant.parse("2025-01-02T03:04:05.123456789Z"), 1_234_567_890L);

    private StatefulRedisConnection<String, byte[]> connect(Endpoint server) {
        RedisClient client = RedisClient.create(RESOURCES,
                RedisURI.builder().withHost(server.host()).withPort(server.port()).withDatabase(DB).build());
        clients.add(client);
        return client.connect(BINARY);
    }

    /** A connection of the test's own, on an emptied database. */
    private RedisCommands<String, byte[]> inspector(Endpoint server) {
        RedisCommands<String, byte[]> redis = connect(server).sync();
        redis.flushdb();
        return redis;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aColdLookupFillsBothLevelsAndTheNextIsServedInProcess(Target target) {
        Endpoint server = target.shared();
        RedisCommands<String, byte[]> redis = inspector(server);
        Database db = new Database().with(APP);
        RepositoryCache cache = new RepositoryCache(connect(server), db);

        assertThat(cache.find("gitlab-org/app")).contains(APP);
        assertThat(db.queries).hasValue(1);
        String key = "registry:db:{repository:gitlab-org/app}";
        byte[] stored = redis.get(key);
        assertThat(stored).isEqualTo(RepositoryCache.encode(APP));
        assertThat(stored[0] & 0xff).as("a MessagePack fixmap of 8 fields").isEqualTo(0x88);
        assertThat(redis.ttl(key)).isBetween(1_798L, 1_800L);

        assertThat(cache.find("gitlab-org/app")).contains(APP);
        assertThat(db.queries).hasValue(1);
        assertThat(cache.l2Hits()).as("the second lookup never left the JVM").isZero();
        assertThat(cache.l2Misses()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anotherInstanceIsServedByRedis(Target target) {
        Endpoint server = target.shared();
        inspector(server);
        Database db = new Database().with(APP);
        new RepositoryCache(connect(server), db).find("gitlab-org/app");

        RepositoryCache otherInstance = new RepositoryCache(connect(server), db);

        assertThat(otherInstance.find("gitlab-org/app")).contains(APP);
        assertThat(db.queries).hasValue(1);
        assertThat(otherInstance.l2Hits()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void whenTheInProcessEntryAgesOutRedisAnswers(Target target) {
        Endpoint server = target.shared();
        inspector(server);
        Database db = new Database().with(APP);
        FakeTicker ticker = new FakeTicker();
        RepositoryCache cache = new RepositoryCache(connect(server), db,
                Duration.ofSeconds(10), RepositoryCache.DEFAULT_L2_TTL, ticker);
        cache.find("gitlab-org/app");

        ticker.advance(Duration.ofSeconds(9));
        cache.find("gitlab-org/app");
        assertThat(cache.l2Hits()).isZero();
        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.find("gitlab-org/app")).contains(APP);

        assertThat(cache.l2Hits()).isEqualTo(1);
        assertThat(db.queries).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void whenTheRedisEntryExpiresTheDatabaseAnswersAndRefillsIt(Target target) throws Exception {
        Endpoint server = target.shared();
        RedisCommands<String, byte[]> redis = inspector(server);
        Database db = new Database().with(APP);
        new RepositoryCache(connect(server), db).find("gitlab-org/app");
        String key = RepositoryCache.key("gitlab-org/app");
        redis.pexpire(key, 40); // a real, short expiry instead of waiting half an hour
        Thread.sleep(80);

        RepositoryCache freshInstance = new RepositoryCache(connect(server), db);
        assertThat(freshInstance.find("gitlab-org/app")).contains(APP);

        assertThat(db.queries).hasValue(2);
        assertThat(freshInstance.l2Misses()).isEqualTo(1);
        assertThat(redis.ttl(key)).isBetween(1_798L, 1_800L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void invalidationClearsBothLevels(Target target) throws Exception {
        Endpoint server = target.shared();
        RedisCommands<String, byte[]> redis = inspector(server);
        Repository renamed = new Repository(42, 7, "app", "gitlab-org/app", 41L, APP.createdAt(), Instant.now(), 99L);
        Database db = new Database().with(APP);
        RepositoryCache cache = new RepositoryCache(connect(server), db);
        cache.find("gitlab-org/app");
        cache.find("gitlab-org/other");

        db.with(renamed);
        cache.invalidate("gitlab-org/app");

        assertThat(redis.exists(RepositoryCache.key("gitlab-org/app"))).isZero();
        assertThat(cache.find("gitlab-org/app")).contains(renamed);
        assertThat(db.queries).hasValue(3);
        assertThat(RepositoryCache.decode(redis.get(RepositoryCache.key("gitlab-org/app")))).isEqualTo(renamed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void unknownRepositoriesAreNeverCached(Target target) {
        Endpoint server = target.shared();
        RedisCommands<String, byte[]> redis = inspector(server);
        Database db = new Database();
        RepositoryCache cache = new RepositoryCache(connect(server), db);

        assertThat(cache.find("nobody/nothing")).isEmpty();
        assertThat(cache.find("nobody/nothing")).isEmpty();

        assertThat(db.queries).hasValue(2);
        assertThat(redis.dbsize()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void garbageIsReplacedAndANewerReleasesFieldsAreSkipped(Target target) throws Exception {
        Endpoint server = target.shared();
        RedisCommands<String, byte[]> redis = inspector(server);
        Repository lib = new Repository(43, 7, "lib", "gitlab-org/lib", null, APP.createdAt(), null, null);
        Database db = new Database().with(APP).with(lib);
        redis.set(RepositoryCache.key("gitlab-org/app"), new byte[] {(byte) 0xc1, 0x00, (byte) 0xff});
        byte[] newer;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(6);
            p.packString("id").packLong(43).packString("namespace_id").packLong(7);
            p.packString("name").packString("lib").packString("path").packString("gitlab-org/lib");
            p.packString("created_at").packTimestamp(APP.createdAt());
            p.packString("migration_status").packArrayHeader(2).packString("done").packInt(3);
            newer = p.toByteArray();
        }
        redis.set(RepositoryCache.key("gitlab-org/lib"), newer);
        RepositoryCache cache = new RepositoryCache(connect(server), db);

        assertThat(cache.find("gitlab-org/app")).contains(APP);
        assertThat(cache.find("gitlab-org/lib")).contains(lib);

        assertThat(db.queries).as("only the garbage went to the database").hasValue(1);
        assertThat(redis.get(RepositoryCache.key("gitlab-org/app"))).isEqualTo(RepositoryCache.encode(APP));
        assertThat(redis.get(RepositoryCache.key("gitlab-org/lib"))).as("left as written").isEqualTo(newer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void binaryValuesComeBackByteForByte(Target target) {
        Endpoint server = target.shared();
        RedisCommands<String, byte[]> redis = inspector(server);
        Repository odd = new Repository(Long.MAX_VALUE, 0, "bücher-λ-📦", "grüppe/bücher-λ-📦", null,
                Instant.parse("1969-12-31T23:59:59.999999999Z"), Instant.ofEpochSecond(1L << 34, 1), 0L);
        Database db = new Database().with(odd);
        RepositoryCache cache = new RepositoryCache(connect(server), db);

        cache.find(odd.path());

        byte[] expected = RepositoryCache.encode(odd);
        assertThat(expected).contains((byte) 0x00, (byte) 0xff);
        assertThat(redis.get(RepositoryCache.key(odd.path()))).isEqualTo(expected);
        assertThat(redis.strlen(RepositoryCache.key(odd.path()))).isEqualTo(expected.length);
        assertThat(new RepositoryCache(connect(server), db).find(odd.path())).contains(odd);
        assertThat(db.queries).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lookupsSurviveALostRedisConnection(Target target) {
        Endpoint server = target.shared();
        inspector(server);
        Database db = new Database().with(APP);
        StatefulRedisConnection<String, byte[]> connection = connect(server);
        RepositoryCache cache = new RepositoryCache(connection, db);
        connection.close();

        assertThat(cache.find("gitlab-org/app")).contains(APP);
        cache.invalidate("gitlab-org/app");
        assertThat(cache.find("gitlab-org/app")).contains(APP);

        assertThat(db.queries).hasValue(2);
        assertThat(cache.redisErrors()).as("GET, SET, DEL, GET, SET").isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aStampedeOnAColdPathQueriesTheDatabaseOncePerInstance(Target target) throws Exception {
        Endpoint server = target.shared();
        inspector(server);
        Database db = new Database().with(APP);
        StatefulRedisConnection<String, byte[]> shared = connect(server); // Lettuce connections are thread-safe
        List<RepositoryCache> instances = List.of(new RepositoryCache(shared, db), new RepositoryCache(shared, db));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Repository>>> answers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                RepositoryCache cache = instances.get(t % 2);
                answers.add(threads.submit(() -> {
                    go.await();
                    return cache.find("gitlab-org/app");
                }));
            }
            go.countDown();
            for (Future<Optional<Repository>> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS)).contains(APP);
            }
            assertThat(db.queries.get()).isBetween(1, 2);
            long fromRedis = instances.get(0).l2Hits() + instances.get(1).l2Hits();
            assertThat(fromRedis + db.queries.get()).as("each instance loaded once").isEqualTo(2);
        } finally {
            threads.shutdownNow();
        }
    }
}
