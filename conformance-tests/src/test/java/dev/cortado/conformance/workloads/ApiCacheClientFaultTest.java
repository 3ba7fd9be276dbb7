package dev.cortado.conformance.workloads;

import static dev.cortado.mock.Mock.LOADING;
import static dev.cortado.mock.Mock.anyCommand;
import static dev.cortado.mock.Mock.closeConnection;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.error;
import static dev.cortado.mock.Mock.glob;
import static dev.cortado.mock.Mock.never;
import static dev.cortado.mock.Mock.noReply;
import static dev.cortado.mock.Mock.passThrough;
import static dev.cortado.mock.Mock.regex;
import static dev.cortado.mock.Mock.resetConnection;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortado.CortadoServer;
import dev.cortado.RedisData;
import dev.cortado.assertj.CortadoAssertions;
import dev.cortado.junit.EmbeddedRedis;
import dev.cortado.mock.ReplyKind;
import dev.cortado.mock.CommandPattern;
import dev.cortado.mock.RecordedCommand;
import dev.cortado.mock.RedisMock;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5 with faults from the mock layer: the API cache client's retry, backoff and fallback
 * when Redis times out, drops or resets the connection, is still loading its dataset, answers too
 * late, or fails in the middle of a pattern invalidation. Cortado only: the faults are injected at
 * the wire, for the real Lettuce client, where a stopped server ({@link ApiCacheClientTest}) can
 * only show the outage as a whole.
 */
@EmbeddedRedis
class ApiCacheClientFaultTest {

    private static final int DB = 5;
    /** Reconnects quickly after a dropped connection, well inside the client's first backoff. */
    private static final ClientResources RESOURCES = DefaultClientResources.builder()
            .ioThreadPoolSize(2).computationThreadPoolSize(2)
            .reconnectDelay(Delay.constant(Duration.ofMillis(10))).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** For the dropped connections: pauses of 50, 100... 800 ms leave room for two reconnects. */
    private static final int ATTEMPTS = 6;
    private static final String KEY = "api:users:7";
    private static final ApiCacheClientTest.User ADA = new ApiCacheClientTest.User(7, "Ada", List.of("admin"));
    private static final String ADA_JSON = "{\"id\":7,\"name\":\"Ada\",\"roles\":[\"admin\"]}";
    private static final ApiCacheClientTest.User FROM_DATABASE =
            new ApiCacheClientTest.User(7, "Ada (from the database)", List.of());

    private final List<RedisClient> clients = new ArrayList<>();
    private final List<Duration> backoffs = new CopyOnWriteArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    private CortadoServer redis;
    private RedisMock mock;
    private RedisData data;

    @BeforeEach
    void server(CortadoServer server, RedisMock redisMock) {
        redis = server;
        mock = redisMock; // reset by the extension before each test: no stubs, an empty journal
        data = server.data(DB);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
    }

    @AfterAll
    static void closeResources() {
        RESOURCES.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * The client under test on a Lettuce connection with this command time-out; fails fast while
     * disconnected, as in {@link ApiCacheClientTest}. Backoff pauses are recorded, then slept.
     */
    private ApiCacheClient cacheClient(Duration timeout, ApiCacheClient.Retry retry) {
        RedisClient client = RedisClient.create(RESOURCES, RedisURI.builder().withHost(redis.host())
                .withPort(redis.port()).withDatabase(DB).withTimeout(timeout).build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        clients.add(client);
        StatefulRedisConnection<String, String> connection = client.connect();
        return new ApiCacheClient(connection, client::connect, JSON, retry, d -> {
            backoffs.add(d);
            Thread.sleep(d.toMillis());
        });
    }

    private ApiCacheClientTest.User loadFromDatabase() {
        loads.incrementAndGet();
        return FROM_DATABASE;
    }

    private static CommandPattern getUser() {
        return command("GET", KEY);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheLoaderAnswers() throws Exception {
        mock.when(getUser()).thenReturn(noReply()); // this connection answers nothing more
        ApiCacheClient cache = cacheClient(Duration.ofMillis(150), new ApiCacheClient.Retry(2, Duration.ofMillis(10)));

        long start = System.nanoTime();
        ApiCacheClientTest.User user = cache.getOrLoad(KEY, ApiCacheClientTest.User.class, Duration.ofMinutes(1),
                this::loadFromDatabase);

        assertThat(user).isEqualTo(FROM_DATABASE);
        assertThat(loads).hasValue(1);
        // GET and its retry time out; so do SET and its retry on the silent connection (Lettuce does
        // not reconnect after a time-out): two calls degraded, one retry each.
        assertThat(cache.fallbacks()).isEqualTo(2);
        assertThat(cache.retries()).isEqualTo(2);
        assertThat(backoffs).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        // A silent connection runs nothing more: the first GET hung, the rest were only seen.
        mock.verify(times(2), getUser());
        assertThat(mock.find(command("SET"))).hasSize(2)
                .allSatisfy(set -> assertThat(set.replyKind()).isEqualTo(ReplyKind.NONE));
        assertThat(mock.find(getUser()).get(0).stubbed()).isTrue();
        CortadoAssertions.assertThat(redis).db(DB).isEmpty();
    }

    @Test
    void twoClosedConnectionsAreRetriedAndTheThirdGetSucceeds() throws Exception {
        data.set(KEY, ADA_JSON);
        mock.when(getUser()).thenReturn(closeConnection()).times(2); // FIN instead of a reply, twice
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(ATTEMPTS, Duration.ofMillis(50)));

        assertThat(cache.get(KEY, ApiCacheClientTest.User.class)).contains(ADA);

        assertThat(cache.fallbacks()).isZero();
        mock.verifyExpectationsMet(); // both closes used up
        mock.verify(times(3), getUser());
        assertThat(mock.find(getUser())).extracting(RecordedCommand::stubbed).containsExactly(true, true, false);
        // Each close made Lettuce reconnect: three handshakes, each selecting the database again.
        mock.verify(times(3), command("SELECT", String.valueOf(DB)));
        assertThat(mock.find(getUser())).extracting(RecordedCommand::clientId).doesNotHaveDuplicates();
        assertBackoffsDouble(cache, 2);
    }

    @Test
    void aResetConnectionIsRetriedOnTheNextOne() throws Exception {
        data.set(KEY, ADA_JSON);
        mock.when(getUser()).thenReturn(resetConnection()).once(); // TCP RST: "connection reset by peer"
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(ATTEMPTS, Duration.ofMillis(50)));

        assertThat(cache.get(KEY, ApiCacheClientTest.User.class)).contains(ADA);

        assertThat(cache.fallbacks()).isZero();
        mock.verify(times(2), getUser());
        assertThat(mock.find(getUser())).extracting(RecordedCommand::clientId).doesNotHaveDuplicates();
        assertBackoffsDouble(cache, 1);
    }

    /**
     * With REJECT_COMMANDS a retry that comes before Lettuce has reconnected (its reconnect timer
     * ticks every 100 ms or so) fails at once, without reaching the server, and is retried in turn:
     * at least {@code faults} retries, their pauses doubling from the first. The server's count of
     * GETs is the exact one.
     */
    private void assertBackoffsDouble(ApiCacheClient cache, int faults) {
        assertThat(cache.retries()).isBetween((long) faults, (long) ATTEMPTS - 1);
        assertThat(backoffs).hasSize((int) cache.retries());
        for (int i = 0; i < backoffs.size(); i++) {
            assertThat(backoffs.get(i)).isEqualTo(Duration.ofMillis(50L << i));
        }
    }

    @Test
    void twoLoadingErrorsAreRetriedAndTheThirdGetReachesTheKeyspace() throws Exception {
        data.set(KEY, ADA_JSON);
        // A restarted Redis still reading its RDB file: LOADING twice, then the real answer.
        mock.when(getUser()).thenReturn(LOADING, LOADING, passThrough());
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(5, Duration.ofMillis(5)));

        assertThat(cache.get(KEY, ApiCacheClientTest.User.class)).contains(ADA);

        assertThat(cache.retries()).isEqualTo(2);
        assertThat(cache.fallbacks()).isZero();
        assertThat(backoffs).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10));
        mock.verify(times(3), getUser());
        assertThat(mock.find(getUser())).extracting(c -> c.errorText() == null ? "hit" : c.errorText().split(" ")[0])
                .containsExactly("LOADING", "LOADING", "hit");
        assertThat(mock.find(getUser())).extracting(RecordedCommand::clientId).as("the same connection throughout")
                .containsOnly(mock.find(getUser()).get(0).clientId());
    }

    @Test
    void loadingForLongerThanTheRetriesLastIsAMissAndTheWriteIsDropped() throws Exception {
        mock.when(anyCommand().withKey(glob("api:users:*"))).thenReturn(LOADING); // GET and SET alike
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(3, Duration.ofMillis(1)));

        ApiCacheClientTest.User user = cache.getOrLoad(KEY, ApiCacheClientTest.User.class, Duration.ofMinutes(1),
                this::loadFromDatabase);

        assertThat(user).isEqualTo(FROM_DATABASE);
        assertThat(cache.fallbacks()).isEqualTo(2);
        mock.verify(times(3), getUser());
        mock.verify(times(3), command("SET").withArgsStartingWith(KEY));
        CortadoAssertions.assertThat(redis).db(DB).isEmpty();
    }

    @Test
    void otherErrorRepliesAreNotRetried() {
        mock.when(getUser()).thenReturn(error("WRONGTYPE Operation against a key holding the wrong kind of value"));
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(5, Duration.ofMillis(5)));

        assertThatThrownBy(() -> cache.get(KEY, ApiCacheClientTest.User.class))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("WRONGTYPE");

        assertThat(cache.retries()).isZero();
        mock.verify(times(1), getUser());
    }

    @Test
    void aReplyLaterThanTheTimeOutIsNotUsedAndDoesNotConfuseLaterReplies() throws Exception {
        // The stale value arrives 800 ms late, after the client's 200 ms time-out.
        mock.when(getUser()).thenReturn(value("{\"id\":7,\"name\":\"stale\",\"roles\":[]}")
                .delayedBy(Duration.ofMillis(800))).once();
        data.set("api:users:8", "{\"id\":8,\"name\":\"Grace\",\"roles\":[]}");
        ApiCacheClient cache = cacheClient(Duration.ofMillis(200), new ApiCacheClient.Retry(1, Duration.ofMillis(1)));

        ApiCacheClientTest.User user = cache.getOrLoad(KEY, ApiCacheClientTest.User.class, Duration.ofMinutes(1),
                this::loadFromDatabase);

        assertThat(user).isEqualTo(FROM_DATABASE);
        // The SET waits on the server behind the delayed reply, so it times out too...
        assertThat(cache.fallbacks()).isEqualTo(2);
        // ...but the server still runs it once the delay is over: a timed-out write may have happened.
        awaitJournal(command("SET").withArgsStartingWith(KEY, regex(".*from the database.*")));
        CortadoAssertions.assertThat(redis).db(DB).key(KEY)
                .hasTtlBetween(Duration.ofSeconds(59), Duration.ofMinutes(1));
        // Lettuce discarded the late replies with their timed-out commands: the next GET gets its own.
        assertThat(cache.get("api:users:8", ApiCacheClientTest.User.class))
                .contains(new ApiCacheClientTest.User(8, "Grace", List.of()));
        assertThat(cache.get(KEY, ApiCacheClientTest.User.class)).contains(FROM_DATABASE);
        mock.verifyInOrder(getUser(), command("SET").withArgsStartingWith(KEY), command("GET", "api:users:8"), getUser());
    }

    private void awaitJournal(CommandPattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (mock.count(pattern) == 0) {
            if (System.nanoTime() > deadline) {
                mock.verify(pattern); // fails, listing what did arrive
            }
            Thread.sleep(5);
        }
    }

    private void fillUsers(int n) {
        for (int i = 0; i < n; i++) {
            data.set("api:users:" + i, "{}");
        }
        data.set("api:orders:1", "{}");
    }

    /** A SCAN for a page after the first: its cursor is not 0. */
    private static CommandPattern laterScanPage() {
        return command("SCAN").withArgsStartingWith(regex("[1-9][0-9]*"), "MATCH", "api:users:*");
    }

    @Test
    void anErrorOnAScanPageFailsTheInvalidationHalfWay() {
        fillUsers(250);
        mock.when(laterScanPage()).thenReturn(error("ERR injected")).once();
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(5, Duration.ofMillis(5)));

        assertThatThrownBy(() -> cache.invalidate("api:users:*"))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessage("ERR injected");

        // The first page was deleted before the second SCAN failed; the error is not retried.
        assertThat(cache.retries()).isZero();
        mock.verify(times(2), command("SCAN"));
        List<RecordedCommand> deletes = mock.find(command("DEL"));
        assertThat(deletes).hasSize(1);
        int firstPage = deletes.get(0).argCount();
        assertThat(firstPage).isBetween(1, 249);
        assertThat(data.keys("api:users:*")).hasSize(250 - firstPage);

        assertThat(cache.invalidate("api:users:*")).as("the stub is used up").isEqualTo(250 - firstPage);
        assertThat(data.keys()).containsExactly("api:orders:1");
    }

    @Test
    void aFirstScanAnsweredWithAnErrorDeletesNothing() {
        fillUsers(10);
        mock.when(command("SCAN", "0", "MATCH", "api:users:*", "COUNT", "100")).thenReturn(error("ERR injected"));
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(5, Duration.ofMillis(5)));

        assertThatThrownBy(() -> cache.invalidate("api:users:*")).hasMessage("ERR injected");

        mock.verify(times(1), command("SCAN"));
        mock.verify(never(), command("DEL"));
        assertThat(data.size()).isEqualTo(11L);
    }

    @Test
    void loadingOnAScanPageRestartsTheInvalidationFromTheFirstPage() {
        fillUsers(250);
        mock.when(laterScanPage()).thenReturn(LOADING).once();
        ApiCacheClient cache = cacheClient(Duration.ofSeconds(2), new ApiCacheClient.Retry(5, Duration.ofMillis(5)));

        long deleted = cache.invalidate("api:users:*");

        assertThat(data.keys()).containsExactly("api:orders:1");
        assertThat(cache.retries()).isEqualTo(1);
        mock.verifyInOrder(command("SCAN", "0", "MATCH", "api:users:*", "COUNT", "100"), laterScanPage(),
                command("SCAN", "0", "MATCH", "api:users:*", "COUNT", "100"));
        // The retry starts again from cursor 0 and counts only what it deleted itself: the first
        // attempt's page is missing from the total the caller sees.
        int firstAttempt = mock.find(command("DEL")).get(0).argCount();
        assertThat(deleted).isEqualTo(250 - firstAttempt);
    }
}
