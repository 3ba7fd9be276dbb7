package dev.cortado.conformance.workloads;

import static dev.cortado.mock.Mock.OOM;
import static dev.cortado.mock.Mock.READONLY;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.error;
import static dev.cortado.mock.Mock.integer;
import static dev.cortado.mock.Mock.never;
import static dev.cortado.mock.Mock.nil;
import static dev.cortado.mock.Mock.ok;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.assertj.CortadoAssertions;
import dev.cortado.conformance.workloads.RepositoryCache.Repository;
import dev.cortado.conformance.workloads.RepositoryCacheTest.Database;
import dev.cortado.junit.EmbeddedRedis;
import dev.cortado.mock.CommandPattern;
import dev.cortado.mock.RecordedCommand;
import dev.cortado.mock.RedisMock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1 with the mock layer: the registry's repository cache tested the way the original Go
 * code was, with go-redis/redismock — expectations for the GET and the SET with its TTL, injected
 * error replies, expectations in order, strict mode and stubbed binary (MessagePack) values — but
 * through the real Lettuce client against a real server (Cortado only: mocks are its feature).
 *
 * <p>For readers coming from Go: {@code mock.ExpectGet(k).RedisNil()} is
 * {@code mock.expect(command("GET", k)).thenReturn(nil())}, {@code .SetErr(err)} is
 * {@code .thenReturn(error("ERR ..."))}, {@code mock.MatchExpectationsInOrder(true)} is
 * {@code mock.inOrder(true)} and {@code mock.ExpectationsWereMet()} is
 * {@code mock.verifyExpectationsMet()}. A command without an expectation reaches the real keyspace
 * (partial mocking) unless {@code mock.strict(true)} refuses it, as redismock does.
 */
@EmbeddedRedis
class RepositoryCacheMockTest {

    private static final int DB = 1;
    private static final RedisCodec<String, byte[]> BINARY = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final ClientResources RESOURCES = DefaultClientResources.builder()
            .ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    private static final Repository APP = RepositoryCacheTest.APP;
    private static final String PATH = APP.path();
    private static final String KEY = "registry:db:{repository:gitlab-org/app}";
    /** MessagePack, as the cache writes it: binary, not UTF-8 text. */
    private static final byte[] APP_BYTES = RepositoryCache.encode(APP);

    private CortadoServer redis;
    private RedisMock mock;
    private RedisClient client;
    private Database db;
    private RepositoryCache cache;

    @BeforeEach
    void connect(CortadoServer server, RedisMock redisMock) {
        redis = server;
        mock = redisMock; // the extension reset the server: no stubs, an empty journal
        client = RedisClient.create(RESOURCES, RedisURI.builder().withHost(server.host()).withPort(server.port())
                .withDatabase(DB).withTimeout(Duration.ofSeconds(5)).build());
        db = new Database().with(APP);
        cache = new RepositoryCache(client.connect(BINARY), db);
    }

    @AfterEach
    void disconnect() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @AfterAll
    static void closeResources() {
        RESOURCES.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** SET key value EX 1800: what Lettuce sends for {@code set(key, value, SetArgs.Builder.ex(Duration))}. */
    private static CommandPattern setWithTtl(byte[] value) {
        return command("SET", KEY, value, "EX", "1800");
    }

    @Test
    void aMissGoesToTheDatabaseAndIsWrittenBackWithItsTtl() {
        mock.inOrder(true);                                                // mock.MatchExpectationsInOrder(true)
        mock.expect(command("GET", KEY).inDatabase(DB)).thenReturn(nil()); // mock.ExpectGet(key).RedisNil()
        // mock.ExpectSet(key, bytes, 30*time.Minute).SetVal("OK")
        mock.expect(setWithTtl(APP_BYTES)).thenReturn(ok());

        assertThat(cache.find(PATH)).contains(APP);

        mock.verifyExpectationsMet();                                      // mock.ExpectationsWereMet()
        mock.verifyNoUnexpectedCommands();
        assertThat(db.queries).hasValue(1);
        assertThat(cache.l2Misses()).isEqualTo(1);
        assertThat(cache.redisErrors()).isZero();
        // The journal shows the exact command: SET with EX in seconds, not SETEX nor PX.
        RecordedCommand set = mock.find(command("SET")).get(0);
        assertThat(set.args().subList(2, 4)).containsExactly("EX", "1800");
        assertThat(set.argBytes(1)).isEqualTo(APP_BYTES);
        assertThat(set.keys()).containsExactly(KEY);
        assertThat(set.database()).isEqualTo(DB);
        // Both answers came from stubs: nothing reached the keyspace.
        CortadoAssertions.assertThat(redis).db(DB).isEmpty();

        assertThat(cache.find(PATH)).as("the second lookup is served in process").contains(APP);
        mock.verify(times(1), command("GET", KEY));
    }

    @Test
    void aStubbedMessagePackValueIsAHitWithoutTheDatabase() throws IOException {
        mock.strict(true); // anything but this GET (and the connection's set-up) gets an error
        mock.when(command("GET", KEY)).thenReturn(value(APP_BYTES));

        assertThat(cache.find(PATH)).contains(APP);

        assertThat(db.queries).as("the database was never asked").hasValue(0);
        assertThat(cache.l2Hits()).isEqualTo(1);
        assertThat(cache.redisErrors()).isZero();
        mock.verifyNoUnexpectedCommands();
        mock.verify(never(), command("SET"));
        assertThat(RepositoryCache.decode(APP_BYTES)).isEqualTo(APP);
        assertThat(APP_BYTES[0] & 0xff).as("a MessagePack fixmap of 8 fields").isEqualTo(0x88);
    }

    @Test
    void aGetAnsweredWithAnErrorFallsThroughToTheDatabaseAndStillFillsRedis() {
        // mock.ExpectGet(key).SetErr(errors.New("FAIL"))
        mock.expect(command("GET", KEY)).thenReturn(error("ERR FAIL"));
        mock.expect(setWithTtl(APP_BYTES)); // no answer given: once, for real (the keyspace answers)

        assertThat(cache.find(PATH)).contains(APP);

        mock.verifyExpectationsMet();
        assertThat(db.queries).hasValue(1);
        assertThat(cache.redisErrors()).isEqualTo(1);
        assertThat(mock.find(command("GET", KEY))).singleElement()
                .satisfies(get -> assertThat(get.errorText()).isEqualTo("ERR FAIL"))
                .satisfies(get -> assertThat(get.stubbed()).isTrue());
        // The SET passed through: the keyspace holds the value with its 30 minutes.
        assertThat(redis.data(DB).getBytes(KEY)).isEqualTo(APP_BYTES);
        CortadoAssertions.assertThat(redis).db(DB).key(KEY)
                .hasTtlBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }

    @Test
    void aFailingSetStillReturnsTheRepository() {
        mock.expect(command("GET", KEY)).thenReturn(nil());
        mock.expect(setWithTtl(APP_BYTES)).thenReturn(OOM);                  // maxmemory reached

        assertThat(cache.find(PATH)).contains(APP);
        assertThat(cache.find(PATH)).as("from the in-process level").contains(APP);

        mock.verifyExpectationsMet();
        assertThat(cache.redisErrors()).isEqualTo(1);
        assertThat(db.queries).hasValue(1);
        mock.verify(times(1), command("GET", KEY));
        CortadoAssertions.assertThat(redis).db(DB).isEmpty();
    }

    @Test
    void inOrderExpectationsCatchASetBeforeTheGet() {
        // Expectations written in the wrong order: with inOrder(true) only the first pending one may
        // match, so the GET is unmatched (it reaches the keyspace: a miss) and its expectation is left.
        mock.inOrder(true);
        mock.expect(setWithTtl(APP_BYTES)).thenReturn(ok());
        mock.expect(command("GET", KEY)).thenReturn(value(APP_BYTES));

        assertThat(cache.find(PATH)).contains(APP);

        assertThat(db.queries).as("the stubbed hit was never used").hasValue(1);
        assertThatThrownBy(mock::verifyExpectationsMet)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expectations not met:\n"
                        + "  GET \"registry:db:{repository:gitlab-org/app}\" -> value(107 bytes) (used 0 of 1)\n"
                        + "Commands received (connection set-up aside):");
        assertThatThrownBy(mock::verifyNoUnexpectedCommands)
                .hasMessageContaining("1 command arrived unmatched")
                .hasMessageContaining("GET \"registry:db:{repository:gitlab-org/app}\" -> null");
        mock.verifyInOrder(command("GET", KEY), command("SET").withArgsStartingWith(KEY));
    }

    @Test
    void strictModeRefusesTheSetNobodyExpected() {
        mock.strict(true);
        mock.expect(command("GET", KEY)).thenReturn(nil());

        assertThat(cache.find(PATH)).as("a refused SET does not fail the lookup").contains(APP);

        mock.verifyExpectationsMet();
        assertThat(cache.redisErrors()).isEqualTo(1);
        RecordedCommand refused = mock.find(command("SET")).get(0);
        assertThat(refused.stubbed()).isFalse();
        assertThat(refused.errorText()).startsWith("ERR Cortado strict mock: no stub matches SET");
        assertThatThrownBy(mock::verifyNoUnexpectedCommands)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 command arrived unmatched")
                .hasMessageContaining("SET \"registry:db:{repository:gitlab-org/app}\"")
                .hasMessageContaining("\"EX\" \"1800\"");
        CortadoAssertions.assertThat(redis).db(DB).isEmpty();
    }

    @Test
    void garbageInRedisIsReloadedAndOverwritten() {
        mock.when(command("GET", KEY)).thenReturn(value(new byte[] {(byte) 0xc1, 0x00, (byte) 0xff})).once();
        mock.expect(command("SET").withArgsStartingWith(KEY).where("a MessagePack repository 42", c -> {
            try {
                return RepositoryCache.decode(c.argBytes(1)).id() == 42;
            } catch (IOException e) {
                return false;
            }
        }));                                                                 // redismock's CustomMatch

        assertThat(cache.find(PATH)).contains(APP);

        mock.verifyExpectationsMet();
        assertThat(cache.l2Hits()).isZero();
        assertThat(db.queries).hasValue(1);
        assertThat(redis.data(DB).getBytes(KEY)).isEqualTo(APP_BYTES);
    }

    @Test
    void invalidationDeletesTheRedisEntryAndTheNextLookupReloads() {
        mock.inOrder(true);
        mock.expect(command("GET", KEY)).thenReturn(value(APP_BYTES));
        mock.expect(command("DEL", KEY)).thenReturn(integer(1));
        mock.expect(command("GET", KEY)).thenReturn(nil());
        mock.expect(setWithTtl(APP_BYTES)).thenReturn(ok());

        cache.find(PATH);
        cache.invalidate(PATH);
        assertThat(cache.find(PATH)).contains(APP);

        mock.verifyExpectationsMet();
        mock.verifyNoUnexpectedCommands();
        assertThat(db.queries).hasValue(1);
        assertThat(cache.l2Hits()).isEqualTo(1);
    }

    @Test
    void aFailedDeleteStillForgetsTheInProcessEntry() {
        mock.when(command("GET", KEY)).thenReturn(value(APP_BYTES));
        mock.expect(command("DEL", KEY)).thenReturn(READONLY);               // failed over to a replica

        cache.find(PATH);
        cache.invalidate(PATH);
        cache.find(PATH);

        mock.verifyExpectationsMet();
        assertThat(cache.redisErrors()).isEqualTo(1);
        mock.verify(times(2), command("GET", KEY));                          // L1 was cleared all the same
        assertThat(mock.journal()).extracting(RecordedCommand::name)
                .filteredOn(n -> List.of("GET", "DEL", "SET").contains(n))
                .containsExactly("GET", "DEL", "GET");
    }
}
