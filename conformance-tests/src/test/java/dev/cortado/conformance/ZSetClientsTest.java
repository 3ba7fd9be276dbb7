package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Limit;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.ZStoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.api.SortOrder;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.redisson.config.Config;
import org.redisson.config.Protocol;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.zset.Aggregate;
import org.springframework.data.redis.connection.zset.Weights;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.resps.Tuple;

/**
 * Sorted sets as applications use them through real clients, each scenario against redis-server
 * and Cortado: Spring Data Redis's {@code opsForZSet()} (plus a leaderboard and a sliding-window
 * rate limiter in MULTI/EXEC and in a pipeline), Redisson's {@code RScoredSortedSet} (only the
 * operations it sends as plain commands; see {@link #redisson_scoredSortedSet}), a Jedis pipeline,
 * Lettuce's sync and async API with ZADD's options, ZRANGESTORE, ZRANDMEMBER, ZMSCORE and ZSCAN.
 * Every expected value is what Redis answers: a failure against the real Redis is a broken test.
 * ZRANDMEMBER's picks and a large set's ZSCAN order are not Redis's (README), so those are checked
 * as properties: membership, distinctness, counts, scores.
 */
@Timeout(60)
class ZSetClientsTest {

    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    // --- Spring Data Redis

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_zSetOperations(ClientHandshakeTest.Named target) {
        LettuceConnectionFactory factory = springFactory(target.server());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            ZSetOperations<String, String> z = template.opsForZSet();
            String k = "zsets:spring:z";
            String str = "zsets:spring:string";
            template.delete(List.of(k, str));

            assertThat(z.add(k, "a", 1)).isTrue();                               // ZADD: added
            assertThat(z.add(k, "a", 2)).as("an update adds nothing").isFalse();
            assertThat(z.score(k, "a")).isEqualTo(2.0);
            assertThat(z.addIfAbsent(k, "a", 5)).isFalse();                      // ZADD NX
            assertThat(z.score(k, "a")).isEqualTo(2.0);
            assertThat(z.add(k, tuples("b", 3, "c", 3, "d", -1.5, "e", 10))).isEqualTo(4L);
            assertThat(z.addIfAbsent(k, tuples("e", 0, "f", 11))).isEqualTo(1L);
            assertThat(z.remove(k, "f", "zz")).isEqualTo(1L);
            assertThat(z.incrementScore(k, "a", 0.5)).isEqualTo(2.5);            // ZINCRBY
            assertThat(z.incrementScore(k, "new", 4)).isEqualTo(4.0);            // ZINCRBY creates the member
            assertThat(z.incrementScore(k, "new", -0.25)).isEqualTo(3.75);

            // d -1.5, a 2.5, b 3, c 3 (equal scores: lexicographic), new 3.75, e 10
            assertThat(scored(z.rangeWithScores(k, 0, -1)))
                    .containsExactly("d=-1.5", "a=2.5", "b=3.0", "c=3.0", "new=3.75", "e=10.0");
            assertThat(z.range(k, -2, -1)).containsExactly("new", "e");
            assertThat(z.range(k, 10, 20)).isEmpty();
            assertThat(z.reverseRange(k, 0, 2)).containsExactly("e", "new", "c");
            assertThat(scored(z.reverseRangeWithScores(k, 4, 100))).containsExactly("a=2.5", "d=-1.5");
            assertThat(z.rangeByScore(k, 3, 3)).containsExactly("b", "c");
            assertThat(z.rangeByScore(k, 2.5, 4, 1, 2)).containsExactly("b", "c");   // LIMIT 1 2
            assertThat(z.rangeByScore(k, 2.5, 4, 3, 10)).containsExactly("new");
            assertThat(z.rangeByScore(k, 2.5, 4, 4, 10)).isEmpty();
            assertThat(scored(z.rangeByScoreWithScores(k, Double.NEGATIVE_INFINITY, 0))).containsExactly("d=-1.5");
            assertThat(scored(z.rangeByScoreWithScores(k, 3, Double.POSITIVE_INFINITY, 1, 2)))
                    .containsExactly("c=3.0", "new=3.75");
            assertThat(z.reverseRangeByScore(k, 0, 100, 0, 2)).containsExactly("e", "new");
            assertThat(z.reverseRangeByScore(k, 2, 3)).containsExactly("c", "b", "a");
            assertThat(z.count(k, 3, 10)).isEqualTo(4L);
            assertThat(z.count(k, 11, 20)).isZero();
            assertThat(z.rank(k, "b")).isEqualTo(2L);
            assertThat(z.reverseRank(k, "b")).isEqualTo(3L);
            assertThat(z.rank(k, "zz")).isNull();
            assertThat(z.reverseRank(k, "zz")).isNull();
            assertThat(z.score(k, "zz")).isNull();
            assertThat(z.score(k, "a", "zz", "e")).containsExactly(2.5, null, 10.0);   // ZMSCORE
            assertThat(z.size(k)).isEqualTo(6L);
            assertThat(z.zCard(k)).isEqualTo(6L);

            assertThat(z.removeRangeByScore(k, 3, 4)).isEqualTo(3L);              // b, c, new
            assertThat(z.range(k, 0, -1)).containsExactly("d", "a", "e");
            assertThat(z.removeRangeByScore(k, 100, 200)).isZero();

            // ZPOPMIN / ZPOPMAX, with and without a count; the emptied set is gone
            assertThat(scored(z.popMin(k))).isEqualTo("d=-1.5");
            assertThat(scored(z.popMax(k))).isEqualTo("e=10.0");
            assertThat(scored(z.popMin(k, 5))).containsExactly("a=2.5");
            assertThat(template.hasKey(k)).isFalse();
            assertThat(z.popMin(k)).isNull();
            assertThat(z.popMax(k, 2)).isEmpty();
            assertThat(z.size(k)).isZero();

            // popMin with a timeout is BZPOPMIN: answered at once when there is a member
            z.add(k, tuples("x", 1, "y", 2, "w", 3));
            assertThat(scored(z.popMin(k, Duration.ofSeconds(2)))).isEqualTo("x=1.0");
            assertThat(scored(z.popMax(k, Duration.ofSeconds(2)))).isEqualTo("w=3.0");
            assertThat(scored(z.popMax(k, 2))).containsExactly("y=2.0");

            // inf and the NaN a sum of infinities makes
            assertThat(z.add(k, "top", Double.POSITIVE_INFINITY)).isTrue();
            assertThat(z.score(k, "top")).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(z.incrementScore(k, "top", 1)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThatThrownBy(() -> z.incrementScore(k, "top", Double.NEGATIVE_INFINITY))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage("ERR resulting score is not a number (NaN)");
            assertThat(z.score(k, "top")).isEqualTo(Double.POSITIVE_INFINITY);

            // lexicographic ranges over equal scores
            String lex = "zsets:spring:lex";
            template.delete(lex);
            z.add(lex, tuples("a", 0, "b", 0, "c", 0, "d", 0, "e", 0));
            assertThat(z.rangeByLex(lex, org.springframework.data.domain.Range.closed("b", "d")))
                    .containsExactly("b", "c", "d");
            assertThat(z.rangeByLex(lex, org.springframework.data.domain.Range.rightOpen("b", "d")))
                    .containsExactly("b", "c");
            assertThat(z.reverseRangeByLex(lex, org.springframework.data.domain.Range.unbounded(),
                    org.springframework.data.redis.connection.Limit.limit().count(2))).containsExactly("e", "d");
            assertThat(z.lexCount(lex, org.springframework.data.domain.Range.leftOpen("a", "c"))).isEqualTo(2L);
            assertThat(z.removeRangeByLex(lex, org.springframework.data.domain.Range.closed("a", "b"))).isEqualTo(2L);
            assertThat(z.removeRange(lex, -1, -1)).isEqualTo(1L);                 // ZREMRANGEBYRANK
            assertThat(z.range(lex, 0, -1)).containsExactly("c", "d");

            template.opsForValue().set(str, "v");
            assertThatThrownBy(() -> z.add(str, "x", 1)).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThatThrownBy(() -> z.range(str, 0, -1)).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThat(template.delete(List.of(k, lex, str))).isEqualTo(3L);
        } finally {
            factory.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_unionIntersectDifferenceAndStore(ClientHandshakeTest.Named target) {
        LettuceConnectionFactory factory = springFactory(target.server());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            ZSetOperations<String, String> z = template.opsForZSet();
            String a = "zsets:spring:{agg}:a";
            String b = "zsets:spring:{agg}:b";
            String dest = "zsets:spring:{agg}:dest";
            String set = "zsets:spring:{agg}:plain-set";
            template.delete(List.of(a, b, dest, set));
            z.add(a, tuples("a", 1, "b", 2, "c", 3));
            z.add(b, tuples("b", 10, "c", 20, "d", 30));

            assertThat(z.unionAndStore(a, b, dest)).isEqualTo(4L);                // ZUNIONSTORE, SUM
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("a=1.0", "b=12.0", "c=23.0", "d=30.0");
            assertThat(z.unionAndStore(a, List.of(b), dest, Aggregate.MIN)).isEqualTo(4L);
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("a=1.0", "b=2.0", "c=3.0", "d=30.0");
            assertThat(z.unionAndStore(a, List.of(b), dest, Aggregate.SUM, Weights.of(2, -1))).isEqualTo(4L);
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("d=-30.0", "c=-14.0", "b=-6.0", "a=2.0");

            assertThat(z.intersectAndStore(a, b, dest)).isEqualTo(2L);            // ZINTERSTORE, SUM
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("b=12.0", "c=23.0");
            assertThat(z.intersectAndStore(a, List.of(b), dest, Aggregate.MAX, Weights.of(1, 2))).isEqualTo(2L);
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("b=20.0", "c=40.0");

            // a plain set takes part with score 1
            template.opsForSet().add(set, "a", "z");
            assertThat(z.unionAndStore(a, List.of(set), dest)).isEqualTo(4L);
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("z=1.0", "a=2.0", "b=2.0", "c=3.0");

            // an empty intersection deletes the destination
            assertThat(z.intersectAndStore(a, List.of("zsets:spring:{agg}:missing"), dest)).isZero();
            assertThat(template.hasKey(dest)).isFalse();

            // the reading forms: ZUNION, ZINTER, ZDIFF (WITHSCORES), ZDIFFSTORE, ZRANGESTORE
            assertThat(z.union(a, b)).containsExactly("a", "b", "c", "d");
            assertThat(scored(z.unionWithScores(a, List.of(b), Aggregate.MAX))).containsExactly("a=1.0", "b=10.0", "c=20.0", "d=30.0");
            assertThat(scored(z.intersectWithScores(a, b))).containsExactly("b=12.0", "c=23.0");
            assertThat(z.intersect(a, List.of(b, set))).isEmpty();
            assertThat(z.difference(a, b)).containsExactly("a");
            assertThat(scored(z.differenceWithScores(b, a))).containsExactly("d=30.0");
            assertThat(z.differenceAndStore(b, List.of(a), dest)).isEqualTo(1L);
            assertThat(z.range(dest, 0, -1)).containsExactly("d");
            assertThat(z.rangeAndStoreByScore(b, dest, org.springframework.data.domain.Range.closed(10, 20))).isEqualTo(2L);
            assertThat(scored(z.rangeWithScores(dest, 0, -1))).containsExactly("b=10.0", "c=20.0");
            assertThat(z.reverseRangeAndStoreByScore(b, dest, org.springframework.data.domain.Range.unbounded(),
                    org.springframework.data.redis.connection.Limit.limit().count(1))).isEqualTo(1L);
            assertThat(z.range(dest, 0, -1)).containsExactly("d");

            template.opsForValue().set(set, "now a string");
            assertThatThrownBy(() -> z.unionAndStore(a, List.of(set), dest)).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThat(z.range(dest, 0, -1)).as("a failed store leaves the destination").containsExactly("d");
            assertThat(template.delete(List.of(a, b, dest, set))).isEqualTo(4L);
        } finally {
            factory.destroy();
        }
    }

    /** A game's leaderboard: points added per game, the top three, a player's place and neighbours, weekly boards merged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_leaderboard(ClientHandshakeTest.Named target) {
        LettuceConnectionFactory factory = springFactory(target.server());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            ZSetOperations<String, String> z = template.opsForZSet();
            String week1 = "zsets:board:{game}:week1";
            String week2 = "zsets:board:{game}:week2";
            String allTime = "zsets:board:{game}:all";
            template.delete(List.of(week1, week2, allTime));

            // the results of the week's games, pipelined as a batch job would send them
            String[][] games = {{"alice", "50"}, {"bob", "30"}, {"carol", "50"}, {"dave", "10"}, {"bob", "25"},
                {"erin", "50"}, {"dave", "60"}, {"alice", "5"}};
            List<Object> totals = template.executePipelined(new SessionCallback<Object>() {
                @Override
                @SuppressWarnings("unchecked")
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    ZSetOperations<String, String> ops = (ZSetOperations<String, String>) operations.opsForZSet();
                    for (String[] game : games) {
                        ops.incrementScore(week1, game[0], Double.parseDouble(game[1]));
                    }
                    return null;
                }
            });
            assertThat(totals).containsExactly(50.0, 30.0, 50.0, 10.0, 55.0, 50.0, 70.0, 55.0);

            // ties are ordered by member, so in reverse: bob before alice, erin before carol
            assertThat(scored(z.reverseRangeWithScores(week1, 0, 2))).containsExactly("dave=70.0", "bob=55.0", "alice=55.0");
            assertThat(z.reverseRank(week1, "alice")).as("third place").isEqualTo(2L);
            assertThat(z.reverseRank(week1, "dave")).isZero();
            Long carol = z.reverseRank(week1, "carol");
            assertThat(carol).isEqualTo(4L);
            assertThat(z.reverseRange(week1, Math.max(0, carol - 1), carol + 1)).as("around carol").containsExactly("erin", "carol");
            assertThat(z.reverseRank(week1, "mallory")).as("never played").isNull();
            assertThat(z.count(week1, 50, 60)).isEqualTo(4L);
            assertThat(z.reverseRangeByScore(week1, 55, Double.POSITIVE_INFINITY)).containsExactly("dave", "bob", "alice");

            // week two, then the all-time board as the sum of both
            z.add(week2, tuples("alice", 40, "frank", 80, "carol", 5));
            assertThat(z.unionAndStore(week1, List.of(week2), allTime)).isEqualTo(6L);
            assertThat(scored(z.reverseRangeWithScores(allTime, 0, -1)))
                    .containsExactly("alice=95.0", "frank=80.0", "dave=70.0", "carol=55.0", "bob=55.0", "erin=50.0");
            // the best single week of players who played both
            assertThat(z.intersectAndStore(week1, List.of(week2), allTime, Aggregate.MAX)).isEqualTo(2L);
            assertThat(scored(z.reverseRangeWithScores(allTime, 0, -1))).containsExactly("alice=55.0", "carol=50.0");

            // keep only the top three of week one: drop ranks 0..size-4 (the lowest)
            assertThat(z.removeRange(week1, 0, -4)).isEqualTo(2L);
            assertThat(z.reverseRange(week1, 0, -1)).containsExactly("dave", "bob", "alice");
            assertThat(template.delete(List.of(week1, week2, allTime))).isEqualTo(3L);
        } finally {
            factory.destroy();
        }
    }

    /**
     * A sliding-window rate limiter (a "sliding log"): per request, in one MULTI/EXEC, drop the
     * entries older than the window (ZREMRANGEBYSCORE), log the request (ZADD), count (ZCARD) and
     * refresh the key's TTL. Allowed while the count is within the limit. Timestamps are given, not
     * read from a clock, so the outcome is exact; then the same limiter as a pipeline, and many
     * clients at the same instant: MULTI/EXEC makes every count distinct, so exactly LIMIT pass.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_slidingWindowRateLimiter(ClientHandshakeTest.Named target) throws Exception {
        LettuceConnectionFactory factory = springFactory(target.server());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            String key = "zsets:ratelimit:user:42";
            template.delete(key);
            long window = 1000;
            int limit = 3;

            long[] times = {0, 100, 200, 300, 999, 1000, 1301, 2400};
            List<Boolean> allowed = new ArrayList<>();
            List<Long> removed = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < times.length; i++) {
                List<Object> results = slidingWindowTx(template, key, times[i], "req-" + i, window);
                assertThat(results).hasSize(4);
                removed.add((Long) results.get(0));
                assertThat(results.get(1)).as("ZADD of a new request id").isEqualTo(true);
                long count = (Long) results.get(2);
                counts.add(count);
                assertThat(results.get(3)).as("PEXPIRE on the existing key").isEqualTo(true);
                allowed.add(count <= limit);
            }
            // at 1000 the window (0, 1000] drops t=0; at 1301 it drops 100, 200 and 300
            assertThat(removed).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 3L, 3L);
            assertThat(counts).containsExactly(1L, 2L, 3L, 4L, 5L, 5L, 3L, 1L);
            assertThat(allowed).containsExactly(true, true, true, false, false, false, true, true);
            assertThat(template.opsForZSet().range(key, 0, -1)).containsExactly("req-7");
            assertThat(template.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(1L, window);

            // the same steps pipelined (no atomicity, one round trip)
            template.delete(key);
            List<Long> pipelinedCounts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long now = 5000 + i * 300L;
                String member = "p-" + i;
                List<Object> results = template.executePipelined(new SessionCallback<Object>() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <K, V> Object execute(RedisOperations<K, V> operations) {
                        RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                        ops.opsForZSet().removeRangeByScore(key, Double.NEGATIVE_INFINITY, now - window);
                        ops.opsForZSet().add(key, member, now);
                        ops.opsForZSet().zCard(key);
                        ops.expire(key, Duration.ofMillis(window));
                        return null;
                    }
                });
                assertThat(results).hasSize(4);
                pipelinedCounts.add((Long) results.get(2));
            }
            // 5000, 5300, 5600, 5900: four in the window; at 6200 the window (5200, 6200] drops 5000
            assertThat(pipelinedCounts).containsExactly(1L, 2L, 3L, 4L, 4L);
            assertThat(template.opsForZSet().range(key, 0, -1)).containsExactly("p-1", "p-2", "p-3", "p-4");

            // many clients at once, at the same instant
            template.delete(key);
            int clients = 12;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String member = "burst-" + c;
                answers.add(pool.submit(() -> {
                    start.await();
                    return (Long) slidingWindowTx(template, key, 10_000, member, window).get(2);
                }));
            }
            start.countDown();
            List<Long> burst = new ArrayList<>();
            for (Future<Long> answer : answers) {
                burst.add(answer.get(20, TimeUnit.SECONDS));
            }
            assertThat(burst).as("every transaction saw its own count")
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, clients).mapToObj(i -> (long) i).toList());
            assertThat(burst.stream().filter(count -> count <= limit).count()).isEqualTo(limit);
            assertThat(template.opsForZSet().zCard(key)).isEqualTo((long) clients);
            assertThat(template.delete(key)).isTrue();
        } finally {
            pool.shutdownNow();
            factory.destroy();
        }
    }

    private static List<Object> slidingWindowTx(StringRedisTemplate template, String key, long now, String member, long window) {
        return template.execute(new SessionCallback<List<Object>>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> List<Object> execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.multi();
                ops.opsForZSet().removeRangeByScore(key, 0, now - window);
                ops.opsForZSet().add(key, member, now);
                ops.opsForZSet().zCard(key);
                ops.expire(key, Duration.ofMillis(window));
                return ops.exec();
            }
        });
    }

    private static LettuceConnectionFactory springFactory(Server s) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private static Set<TypedTuple<String>> tuples(Object... memberScore) {
        Set<TypedTuple<String>> out = new LinkedHashSet<>();
        for (int i = 0; i < memberScore.length; i += 2) {
            out.add(TypedTuple.of((String) memberScore[i], ((Number) memberScore[i + 1]).doubleValue()));
        }
        return out;
    }

    private static List<String> scored(Collection<TypedTuple<String>> tuples) {
        return tuples.stream().map(ZSetClientsTest::scored).toList();
    }

    private static String scored(TypedTuple<String> t) {
        return t == null ? null : t.getValue() + "=" + t.getScore();
    }

    // --- Redisson

    /**
     * Redisson's RScoredSortedSet through the operations it sends as plain sorted-set commands
     * (each line names the command). Left out because Redisson implements them as Lua scripts
     * (EVAL), which Cortado does not have yet (RedissonScoredSortedSet in Redisson 4.3.1):
     * {@code pollFirst()}/{@code pollLast()} without a timeout, {@code pollFirst(count)}/{@code pollLast(count)},
     * {@code pollFirstEntry()}/{@code pollLastEntry()}, {@code pollFirstEntries(count)}/{@code pollLastEntries(count)}
     * (ZRANGE + ZREMRANGEBYRANK in a script), {@code addAndGetRank}, {@code addAndGetRevRank} (one member or a map),
     * {@code addScoreAndGetRank}, {@code addScoreAndGetRevRank}, {@code replace}, {@code getScore(List)},
     * {@code revRank(Collection)}, {@code containsAll}, {@code retainAll} and {@code distributedIterator}.
     * Also left out: {@code rankEntry}/{@code revRankEntry}, which send ZRANK/ZREVRANK ... WITHSCORE, a
     * Redis 7.2 option the 7.0 oracle refuses.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_scoredSortedSet(ClientHandshakeTest.Named target) throws Exception {
        for (Protocol protocol : Protocol.values()) {                           // RESP2 (Redisson's default), RESP3
            redissonScoredSortedSet(target.server(), protocol);
        }
    }

    private static void redissonScoredSortedSet(Server s, Protocol protocol) throws Exception {
        RedissonClient client = redisson(s, protocol);
        try {
            RScoredSortedSet<String> set = client.getScoredSortedSet("zsets:redisson:{s}:main", StringCodec.INSTANCE);
            set.delete();                                                       // DEL
            assertThat(set.isEmpty()).isTrue();                                 // ZCARD
            assertThat(set.first()).isNull();                                   // ZRANGE 0 0
            assertThat(set.last()).isNull();                                    // ZRANGE -1 -1
            assertThat(set.firstScore()).isNull();                              // ZRANGE 0 0 WITHSCORES
            assertThat(set.firstEntry()).isNull();

            assertThat(set.add(10, "a")).isTrue();                              // ZADD
            assertThat(set.add(20, "a")).as("an update adds nothing").isFalse();
            assertThat(set.tryAdd(30, "a")).isFalse();                          // ZADD NX
            assertThat(set.addIfAbsent(30, "a")).isFalse();                     // ZADD NX
            assertThat(set.getScore("a")).isEqualTo(20.0);                      // ZSCORE
            assertThat(set.addIfExists(15, "a")).isTrue();                      // ZADD XX CH: changed
            assertThat(set.addIfExists(1, "zz")).isFalse();
            assertThat(set.contains("zz")).isFalse();                           // ZSCORE: nil
            Map<String, Double> more = new LinkedHashMap<>();
            more.put("b", 5.0);
            more.put("c", 25.0);
            more.put("d", 15.0);
            assertThat(set.addAll(more)).isEqualTo(3);                          // ZADD, several
            assertThat(set.addIfGreater(12, "d")).isFalse();                    // ZADD GT CH: 12 < 15
            assertThat(set.addIfGreater(16, "d")).isTrue();
            assertThat(set.addIfLess(4, "b")).isTrue();                         // ZADD LT CH
            assertThat(set.addIfLess(40, "new")).as("LT still adds a new member").isTrue();
            assertThat(set.addAllIfAbsent(Map.of("a", 0.0))).isZero();         // ZADD NX, several
            assertThat(set.addAllIfAbsent(Map.of("e", 50.0))).isEqualTo(1);
            assertThat(set.addAllIfExist(Map.of("e", 50.0))).as("same score: nothing changed").isZero(); // ZADD XX CH
            assertThat(set.addAllIfGreater(Map.of("e", 45.0))).isZero();        // ZADD GT CH
            assertThat(set.addAllIfLess(Map.of("new", 41.0))).isZero();         // ZADD LT CH
            assertThat(set.addScore("a", 2.5)).isEqualTo(17.5);                 // ZINCRBY
            // b 4, a 17.5 after d 16, c 25, new 40, e 50
            assertThat(set.size()).isEqualTo(6);
            assertThat(set.contains("a")).isTrue();
            assertThat(set.getScore("zz")).isNull();
            assertThat(set.rank("a")).isEqualTo(2);                             // ZRANK
            assertThat(set.revRank("a")).isEqualTo(3);                          // ZREVRANK
            assertThat(set.rank("zz")).isNull();
            assertThat(set.first()).isEqualTo("b");
            assertThat(set.last()).isEqualTo("e");
            assertThat(set.firstScore()).isEqualTo(4.0);
            assertThat(set.lastScore()).isEqualTo(50.0);
            assertThat(entry(set.firstEntry())).isEqualTo("b=4.0");
            assertThat(entry(set.lastEntry())).isEqualTo("e=50.0");
            assertThat(set.readAll()).containsExactly("b", "d", "a", "c", "new", "e"); // ZRANGE 0 -1
            assertThat(set.valueRange(0, 2)).containsExactly("b", "d", "a");
            assertThat(set.valueRangeReversed(0, 1)).containsExactly("e", "new");      // ZREVRANGE
            assertThat(entries(set.entryRange(0, 1))).containsExactly("b=4.0", "d=16.0"); // ZRANGE WITHSCORES
            assertThat(entries(set.entryRangeReversed(0, 0))).containsExactly("e=50.0");
            assertThat(set.valueRange(16, true, 25, false)).containsExactly("d", "a"); // ZRANGEBYSCORE 16 (25
            assertThat(set.valueRange(4, false, 100, true, 1, 2)).containsExactly("a", "c"); // ... LIMIT 1 2
            assertThat(set.valueRangeReversed(0, true, 40, true)).containsExactly("new", "c", "a", "d", "b"); // ZREVRANGEBYSCORE
            assertThat(entries(set.entryRange(40, true, Double.POSITIVE_INFINITY, true)))
                    .containsExactly("new=40.0", "e=50.0");
            assertThat(entries(set.entryRangeReversed(Double.NEGATIVE_INFINITY, true, 16, true))).containsExactly("d=16.0", "b=4.0");
            assertThat(set.count(16, true, 25, true)).isEqualTo(3);             // ZCOUNT
            assertThat(set.count(16, false, 25, false)).isEqualTo(1);

            assertThat(set.readSortAlpha(SortOrder.DESC)).containsExactly("new", "e", "d", "c", "b", "a"); // SORT ALPHA DESC

            assertThat(set.removeRangeByRank(0, 0)).isEqualTo(1);              // ZREMRANGEBYRANK: b
            assertThat(set.removeRangeByScore(40, true, Double.POSITIVE_INFINITY, true)).isEqualTo(2); // new, e
            assertThat(set.remove("d")).isTrue();                               // ZREM
            assertThat(set.remove("zz")).isFalse();
            assertThat(set.removeAll(List.of("a", "zz"))).isTrue();             // ZREM, several
            assertThat(set.readAll()).containsExactly("c");
            assertThat(set.pollFirst(Duration.ofSeconds(2))).isEqualTo("c");    // BZPOPMIN: a member waits
            assertThat(set.isExists()).isFalse();                               // EXISTS

            redissonPopsAndRandom(client);
            redissonAlgebra(client);
            redissonIteration(client);
        } finally {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    private static void redissonPopsAndRandom(RedissonClient client) throws Exception {
        RScoredSortedSet<String> q = client.getScoredSortedSet("zsets:redisson:{s}:q", StringCodec.INSTANCE);
        RScoredSortedSet<String> other = client.getScoredSortedSet("zsets:redisson:{s}:q2", StringCodec.INSTANCE);
        q.delete();
        other.delete();
        // ZMPOP on nothing: nil, which Redisson decodes as an empty list in RESP2 and as null in RESP3
        assertThat(q.pollFirstFromAny(2, other.getName())).isNullOrEmpty();

        Map<String, Double> jobs = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            jobs.put("job" + i, (double) (i * 10));
        }
        q.addAll(jobs);
        other.add(1, "urgent");
        assertThat(other.pollFirstFromAny(2, q.getName())).containsExactly("urgent"); // ZMPOP 2 q2 q MIN COUNT 2
        assertThat(q.pollFirstFromAny(2, other.getName())).containsExactly("job1", "job2");
        // ZMPOP ... MAX; async, because Redisson 4.3.1's blocking pollLastFromAny(count, names) calls pollFirstFromAnyAsync
        assertThat(q.pollLastFromAnyAsync(1, other.getName()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly("job6");
        assertThat(entries(q.pollFirstEntries(Duration.ofSeconds(2), 2))).containsExactly("job3=30.0", "job4=40.0"); // BZMPOP
        assertThat(entries(q.pollLastEntries(Duration.ofSeconds(2), 5))).containsExactly("job5=50.0");
        assertThat(q.isExists()).isFalse();

        // ZRANDMEMBER: Redis's picks are random, so check what any pick must be
        Map<String, Double> all = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            all.put("m" + i, i + 0.5);
        }
        q.addAll(all);
        assertThat(all).containsKey(q.random());
        Collection<String> three = q.random(3);
        assertThat(three).hasSize(3).doesNotHaveDuplicates();
        assertThat(all.keySet()).containsAll(three);
        assertThat(q.random(20)).as("a count above the size: every member once").containsExactlyInAnyOrderElementsOf(all.keySet());
        Map<String, Double> picked = q.randomEntries(4);
        assertThat(picked).hasSize(4);
        picked.forEach((member, score) -> assertThat(score).isEqualTo(all.get(member)));
        assertThat(q.delete()).isTrue();
        assertThat(q.random()).isNull();
        assertThat(q.random(3)).isEmpty();
    }

    private static void redissonAlgebra(RedissonClient client) {
        RScoredSortedSet<String> a = client.getScoredSortedSet("zsets:redisson:{s}:a", StringCodec.INSTANCE);
        RScoredSortedSet<String> b = client.getScoredSortedSet("zsets:redisson:{s}:b", StringCodec.INSTANCE);
        RScoredSortedSet<String> dest = client.getScoredSortedSet("zsets:redisson:{s}:dest", StringCodec.INSTANCE);
        a.delete();
        b.delete();
        dest.delete();
        a.addAll(linked("a", 1.0, "b", 2.0, "c", 3.0));
        b.addAll(linked("b", 10.0, "c", 20.0, "d", 30.0));

        assertThat(dest.union(a.getName(), b.getName())).isEqualTo(4);        // ZUNIONSTORE dest 2 a b AGGREGATE SUM
        assertThat(entries(dest.entryRange(0, -1))).containsExactly("a=1.0", "b=12.0", "c=23.0", "d=30.0");
        assertThat(dest.union(org.redisson.api.RScoredSortedSet.Aggregate.MAX, a.getName(), b.getName())).isEqualTo(4);
        assertThat(entries(dest.entryRange(0, -1))).containsExactly("a=1.0", "b=10.0", "c=20.0", "d=30.0");
        assertThat(dest.intersection(a.getName(), b.getName())).isEqualTo(2);  // ZINTERSTORE
        assertThat(entries(dest.entryRange(0, -1))).containsExactly("b=12.0", "c=23.0");
        Map<String, Double> weighted = new LinkedHashMap<>();
        weighted.put(a.getName(), 3.0);
        weighted.put(b.getName(), 0.5);
        assertThat(dest.intersection(org.redisson.api.RScoredSortedSet.Aggregate.MIN, weighted)).isEqualTo(2); // WEIGHTS 3 0.5
        assertThat(entries(dest.entryRange(0, -1))).containsExactly("b=5.0", "c=9.0");

        assertThat(a.readUnion(b.getName())).containsExactly("a", "b", "c", "d");   // ZUNION 2 a b
        assertThat(a.readIntersection(b.getName())).containsExactly("b", "c");     // ZINTER
        assertThat(a.readDiff(b.getName())).containsExactly("a");                  // ZDIFF
        assertThat(b.readDiff(a.getName())).containsExactly("d");
        assertThat(a.countIntersection(b.getName())).isEqualTo(2);                 // ZINTERCARD 2 a b
        assertThat(a.countIntersection(1, b.getName())).isEqualTo(1);              // ... LIMIT 1
        assertThat(dest.diff(b.getName(), a.getName())).isEqualTo(1);              // ZDIFFSTORE dest 2 b a
        assertThat(dest.readAll()).containsExactly("d");

        assertThat(b.rangeTo(dest.getName(), 0, 1)).isEqualTo(2);                  // ZRANGESTORE dest b 0 1
        assertThat(entries(dest.entryRange(0, -1))).containsExactly("b=10.0", "c=20.0");
        assertThat(b.rangeTo(dest.getName(), 15, true, 30, false)).isEqualTo(1);   // ... 15 (30 BYSCORE
        assertThat(dest.readAll()).containsExactly("c");
        assertThat(b.revRangeTo(dest.getName(), 0, 0)).isEqualTo(1);              // ... REV
        assertThat(dest.readAll()).containsExactly("d");

        client.getBucket("zsets:redisson:{s}:string", StringCodec.INSTANCE).set("v");
        assertThatThrownBy(() -> client.getScoredSortedSet("zsets:redisson:{s}:string", StringCodec.INSTANCE).add(1, "x"))
                .isInstanceOf(RedisException.class).hasMessageContaining(WRONGTYPE);
        assertThat(client.getKeys().delete(a.getName(), b.getName(), dest.getName(), "zsets:redisson:{s}:string")).isEqualTo(4);
    }

    /** Redisson's iterator walks ZSCAN (COUNT 10) until the cursor comes back to 0. */
    private static void redissonIteration(RedissonClient client) {
        RScoredSortedSet<String> big = client.getScoredSortedSet("zsets:redisson:{s}:big", StringCodec.INSTANCE);
        big.delete();
        Map<String, Double> members = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {                                         // above 128: the "skiplist" encoding
            members.put(String.format("m%03d", i), (double) i);
        }
        assertThat(big.addAll(members)).isEqualTo(300);
        List<String> seen = new ArrayList<>();
        big.iterator().forEachRemaining(seen::add);
        assertThat(new HashSet<>(seen)).as("SCAN returns every member at least once").isEqualTo(members.keySet());
        Map<String, Double> scored = new HashMap<>();
        big.entryIterator().forEachRemaining(e -> scored.put(e.getValue(), e.getScore()));
        assertThat(scored).isEqualTo(members);
        List<String> matched = new ArrayList<>();
        big.iterator("m1*").forEachRemaining(matched::add);                     // ZSCAN ... MATCH m1*
        assertThat(new HashSet<>(matched)).hasSize(100).allMatch(m -> m.startsWith("m1"));

        RScoredSortedSet<String> small = client.getScoredSortedSet("zsets:redisson:{s}:small", StringCodec.INSTANCE);
        small.delete();
        small.addAll(linked("z", 3.0, "y", 1.0, "x", 2.0));
        List<String> inOrder = new ArrayList<>();
        for (Iterator<String> it = small.iterator(); it.hasNext();) {
            inOrder.add(it.next());
        }
        assertThat(inOrder).as("a small set scans in score order").containsExactly("y", "x", "z");
        assertThat(client.getKeys().delete(big.getName(), small.getName())).isEqualTo(2);
    }

    private static RedissonClient redisson(Server s, Protocol protocol) {
        Config config = new Config().setProtocol(protocol);
        config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setRetryAttempts(0); // an error reply fails the call at once instead of being retried
        return Redisson.create(config);
    }

    private static Map<String, Double> linked(Object... memberScore) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < memberScore.length; i += 2) {
            out.put((String) memberScore[i], (Double) memberScore[i + 1]);
        }
        return out;
    }

    private static String entry(ScoredEntry<String> e) {
        return e == null ? null : e.getValue() + "=" + e.getScore();
    }

    private static List<String> entries(Collection<ScoredEntry<String>> es) {
        return es.stream().map(ZSetClientsTest::entry).toList();
    }

    // --- Jedis

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_pipelineMixesSortedSetCommands(ClientHandshakeTest.Named target) {
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            jedisPipeline(target.server(), protocol);
        }
    }

    private static void jedisPipeline(Server s, RedisProtocol protocol) {
        String k = "zsets:jedis:{p}:z";
        String other = "zsets:jedis:{p}:other";
        String dest = "zsets:jedis:{p}:dest";
        String str = "zsets:jedis:{p}:string";
        String jobs = "zsets:jedis:{p}:jobs";
        try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).build())) {
            jedis.del(k, other, dest, str, jobs);
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("carol", 7.0);
            scores.put("alice", 3.0);
            scores.put("bob", 3.0);
            Pipeline p = jedis.pipelined();
            Response<Long> added = p.zadd(k, scores);
            // Lists in the same pipeline: the "LPUSH, ZADD, LRANGE and ZSCORE" mix.
            Response<Long> pushed = p.lpush(jobs, "job-2", "job-1");
            Response<Double> scoreBetween = p.zscore(k, "carol");
            Response<List<String>> jobList = p.lrange(jobs, 0, -1);
            Response<Long> addedOne = p.zadd(k, 1.5, "dave");
            Response<Long> nx = p.zadd(k, 100, "dave", ZAddParams.zAddParams().nx());
            Response<Long> xxCh = p.zadd(k, Map.of("alice", 4.0, "zed", 9.0), ZAddParams.zAddParams().xx().ch());
            Response<Double> score = p.zscore(k, "alice");
            Response<Double> noScore = p.zscore(k, "zed");
            Response<List<Tuple>> withScores = p.zrangeWithScores(k, 0, -1);
            Response<Long> rank = p.zrank(k, "bob");
            Response<Long> revRank = p.zrevrank(k, "bob");
            Response<Long> noRank = p.zrank(k, "zed");
            Response<Object> rawIncr = p.sendCommand(redis.clients.jedis.Protocol.Command.ZINCRBY, k, "0.1", "dave"); // the score's bytes
            Response<Double> incr = p.zincrby(k, 0.2, "dave");
            Response<Object> rawScore = p.sendCommand(redis.clients.jedis.Protocol.Command.ZSCORE, k, "dave");
            Response<List<Double>> mscore = p.zmscore(k, "bob", "zed", "carol");
            Response<List<String>> byScore = p.zrangeByScore(k, "(3", "+inf");
            Response<List<Tuple>> byScoreLimit = p.zrangeByScoreWithScores(k, 0, 10, 1, 2);
            Response<List<Tuple>> rev = p.zrevrangeWithScores(k, 0, 1);
            Response<Long> card = p.zcard(k);
            p.zadd(other, Map.of("bob", 10.0, "erin", 1.0));
            Response<Long> union = p.zunionstore(dest, new ZParams().weights(1, 2).aggregate(ZParams.Aggregate.SUM), k, other);
            Response<List<Tuple>> unionRange = p.zrangeWithScores(dest, 0, -1);
            Response<Long> inter = p.zinterstore(dest, k, other);
            Response<List<Tuple>> interRange = p.zrangeWithScores(dest, 0, -1);
            Response<List<Tuple>> popped = p.zpopmin(k, 2);
            Response<Tuple> poppedOne = p.zpopmin(k);
            p.set(str, "v");
            Response<Long> wrongType = p.zadd(str, 1, "x");
            Response<Long> afterError = p.zcard(k);
            p.sync();

            assertThat(added.get()).isEqualTo(3L);
            assertThat(pushed.get()).isEqualTo(2L);
            assertThat(scoreBetween.get()).isEqualTo(7.0);
            assertThat(jobList.get()).containsExactly("job-1", "job-2");
            assertThat(addedOne.get()).isEqualTo(1L);
            assertThat(nx.get()).isZero();
            assertThat(xxCh.get()).as("XX CH: alice changed, zed not added").isEqualTo(1L);
            assertThat(score.get()).isEqualTo(4.0);
            assertThat(noScore.get()).isNull();
            assertThat(tuples(withScores.get())).containsExactly("dave=1.5", "bob=3.0", "alice=4.0", "carol=7.0");
            assertThat(rank.get()).isEqualTo(1L);
            assertThat(revRank.get()).isEqualTo(2L);
            assertThat(noRank.get()).isNull();
            // Redis 7.0 prints a score with %.17g: 1.5 + 0.1 shows its binary rounding, 1.6... + 0.2 is 1.8 again.
            // In RESP2 the score is a bulk string Jedis hands over raw; in RESP3 a double Jedis parses.
            assertThat(rawScore(rawIncr.get())).isEqualTo(protocol == RedisProtocol.RESP2 ? "1.6000000000000001" : "1.6");
            assertThat(incr.get()).isEqualTo(1.5 + 0.1 + 0.2).isEqualTo(1.8);
            assertThat(rawScore(rawScore.get())).isEqualTo("1.8");
            assertThat(mscore.get()).containsExactly(3.0, null, 7.0);
            assertThat(byScore.get()).containsExactly("alice", "carol");
            assertThat(tuples(byScoreLimit.get())).containsExactly("bob=3.0", "alice=4.0");
            assertThat(tuples(rev.get())).containsExactly("carol=7.0", "alice=4.0");
            assertThat(card.get()).isEqualTo(4L);
            assertThat(union.get()).isEqualTo(5L);
            assertThat(tuples(unionRange.get()))
                    .containsExactly("dave=1.8", "erin=2.0", "alice=4.0", "carol=7.0", "bob=23.0");
            assertThat(inter.get()).isEqualTo(1L);
            assertThat(tuples(interRange.get())).containsExactly("bob=13.0");
            assertThat(tuples(popped.get())).containsExactly("dave=1.8", "bob=3.0");
            assertThat(poppedOne.get().getElement()).isEqualTo("alice");
            assertThatThrownBy(wrongType::get).isInstanceOf(JedisDataException.class).hasMessage(WRONGTYPE);
            assertThat(afterError.get()).isEqualTo(1L);

            // a long pipeline: 500 ZADDs and ZRANKs, read back in one go
            Pipeline many = jedis.pipelined();
            List<Response<Long>> adds = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                adds.add(many.zadd(dest, 500 - i, "e" + i));                      // e499 lowest
            }
            List<Response<Long>> ranks = new ArrayList<>();
            for (int i = 0; i < 500; i += 50) {
                ranks.add(many.zrank(dest, "e" + i));
            }
            Response<List<Tuple>> lowest = many.zrangeWithScores(dest, 0, 2);
            many.sync();
            assertThat(adds).allMatch(r -> r.get() == 1L);
            List<Long> expectedRanks = new ArrayList<>();
            for (int i = 0; i < 500; i += 50) {
                // e(i) scores 500 - i: below it the 499 - i e(j > i), and bob (13) while 500 - i > 13
                expectedRanks.add((long) (499 - i + (500 - i > 13 ? 1 : 0)));
            }
            assertThat(ranks.stream().map(Response::get).toList()).containsExactlyElementsOf(expectedRanks);
            assertThat(tuples(lowest.get())).containsExactly("e499=1.0", "e498=2.0", "e497=3.0");
            assertThat(jedis.del(k, other, dest, str)).isEqualTo(4L);
        }
    }

    private static String rawScore(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static List<String> tuples(List<Tuple> tuples) {
        return tuples.stream().map(t -> t.getElement() + "=" + t.getScore()).toList();
    }

    // --- Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_zaddOptionsStoreRandomScan(ClientHandshakeTest.Named target) {
        Server s = target.server();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            String k = "zsets:lettuce:{l}:z";
            String dst = "zsets:lettuce:{l}:dst";
            String missing = "zsets:lettuce:{l}:missing";
            String big = "zsets:lettuce:{l}:big";
            sync.del(k, dst, big);

            // ZADD NX / XX / GT / LT / CH
            assertThat(sync.zadd(k, 1, "a")).isEqualTo(1L);
            assertThat(sync.zadd(k, ZAddArgs.Builder.nx(), 5, "a")).as("NX keeps a at 1").isZero();
            assertThat(sync.zadd(k, ZAddArgs.Builder.nx(), 2, "b")).isEqualTo(1L);
            assertThat(sync.zadd(k, ZAddArgs.Builder.xx(), 3, "c")).as("XX adds nothing").isZero();
            assertThat(sync.zscore(k, "c")).isNull();
            assertThat(sync.zadd(k, ZAddArgs.Builder.xx(), 4, "b")).as("without CH an update counts 0").isZero();
            assertThat(sync.zadd(k, ZAddArgs.Builder.xx().ch(), 5, "b")).isEqualTo(1L);
            assertThat(sync.zadd(k, ZAddArgs.Builder.xx().ch(), 5, "b")).as("same score: no change").isZero();
            assertThat(sync.zadd(k, ZAddArgs.Builder.gt().ch(), 3, "b")).as("GT refuses a lower score").isZero();
            assertThat(sync.zadd(k, ZAddArgs.Builder.gt().ch(), 6, "b")).isEqualTo(1L);
            assertThat(sync.zadd(k, ZAddArgs.Builder.lt().ch(), 0.5, "a", 9.0, "b", 7.0, "d"))
                    .as("LT CH: a lowered, b refused, d added").isEqualTo(2L);
            assertThat(sync.zadd(k, ZAddArgs.Builder.gt(), 10, "e")).as("GT adds new members").isEqualTo(1L);
            assertThat(sync.zaddincr(k, ZAddArgs.Builder.nx(), 1, "a")).as("NX INCR on a member: nil").isNull();
            assertThat(sync.zaddincr(k, ZAddArgs.Builder.xx(), 1.5, "a")).isEqualTo(2.0);
            assertThat(sync.zaddincr(k, ZAddArgs.Builder.gt(), -1, "a")).as("GT INCR that lowers: nil").isNull();
            assertThat(sync.zaddincr(k, ZAddArgs.Builder.xx(), 1, "zz")).isNull();
            assertThatThrownBy(() -> sync.zadd(k, ZAddArgs.Builder.nx().gt(), 1, "a"))
                    .hasMessage("ERR GT, LT, and/or NX options at the same time are not compatible");
            assertThatThrownBy(() -> sync.zadd(k, ZAddArgs.Builder.nx().xx(), 1, "a"))
                    .hasMessage("ERR XX and NX options at the same time are not compatible");
            assertThat(sync.zaddincr(k, 1, "a")).isEqualTo(3.0);

            // a 3, b 6, d 7, e 10
            assertThat(sync.zmscore(k, "a", "zz", "e")).containsExactly(3.0, null, 10.0);
            assertThat(sync.zmscore(missing, "a")).containsExactly((Double) null);

            // ZRANGESTORE, by rank and by score with LIMIT; an empty source deletes the destination
            assertThat(sync.zrangestore(dst, k, Range.create(1L, 2L))).isEqualTo(2L);
            assertThat(values(sync.zrangeWithScores(dst, 0, -1))).containsExactly("b=6.0", "d=7.0");
            assertThat(sync.zrangestorebyscore(dst, k, Range.create(5, 100), Limit.create(1, 5))).isEqualTo(2L);
            assertThat(values(sync.zrangeWithScores(dst, 0, -1))).containsExactly("d=7.0", "e=10.0");
            assertThat(sync.zrangestorebyscore(dst, k, Range.from(Range.Boundary.excluding(6), Range.Boundary.unbounded()),
                    Limit.unlimited())).isEqualTo(2L);
            assertThat(sync.zrange(dst, 0, -1)).containsExactly("d", "e");
            assertThat(sync.zrangestore(dst, missing, Range.create(0L, -1L))).isZero();
            assertThat(sync.exists(dst)).isZero();

            // ZRANDMEMBER: picks are random; what they must be is not
            List<String> members = List.of("a", "b", "d", "e");
            Map<String, Double> scoreOf = Map.of("a", 3.0, "b", 6.0, "d", 7.0, "e", 10.0);
            assertThat(members).contains(sync.zrandmember(k));
            assertThat(sync.zrandmember(k, 3)).hasSize(3).doesNotHaveDuplicates().isSubsetOf(members);
            assertThat(sync.zrandmember(k, 10)).as("a count above the size: all, once").containsExactlyInAnyOrderElementsOf(members);
            assertThat(sync.zrandmember(k, -10)).as("a negative count may repeat").hasSize(10).isSubsetOf(members);
            List<ScoredValue<String>> withScores = sync.zrandmemberWithScores(k, -6);
            assertThat(withScores).hasSize(6)
                    .allSatisfy(v -> assertThat(v.getScore()).isEqualTo(scoreOf.get(v.getValue())));
            ScoredValue<String> one = sync.zrandmemberWithScores(k);
            assertThat(one.getScore()).isEqualTo(scoreOf.get(one.getValue()));
            assertThat(sync.zrandmember(missing)).isNull();
            assertThat(sync.zrandmember(missing, 3)).isEmpty();
            assertThat(sync.zrandmember(k, 0)).isEmpty();

            // ZSCAN: a small set answers in one step, in score order
            ScoredValueScanCursor<String> small = sync.zscan(k);
            assertThat(small.isFinished()).isTrue();
            assertThat(small.getCursor()).isEqualTo("0");
            assertThat(values(small.getValues())).containsExactly("a=3.0", "b=6.0", "d=7.0", "e=10.0");
            assertThat(values(sync.zscan(k, ScanArgs.Builder.matches("[ab]")).getValues())).containsExactly("a=3.0", "b=6.0");
            // a large one ("skiplist"): walk the cursor; every member comes back with its score
            Object[] bulk = new Object[600];
            Map<String, Double> expected = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                String m = String.format("m%03d", i);
                bulk[2 * i] = i / 4.0;
                bulk[2 * i + 1] = m;
                expected.put(m, i / 4.0);
            }
            assertThat(sync.zadd(big, bulk)).isEqualTo(300L);
            Map<String, Double> scanned = new HashMap<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            int steps = 0;
            do {
                ScoredValueScanCursor<String> page = sync.zscan(big, cursor, ScanArgs.Builder.limit(50));
                page.getValues().forEach(v -> scanned.put(v.getValue(), v.getScore()));
                cursor = page;
                steps++;
            } while (!cursor.isFinished() && steps < 1000);
            assertThat(cursor.isFinished()).isTrue();
            assertThat(scanned).isEqualTo(expected);
            Set<String> matched = new HashSet<>();
            cursor = ScanCursor.INITIAL;
            do {
                ScoredValueScanCursor<String> page = sync.zscan(big, cursor, ScanArgs.Builder.matches("m2*").limit(100));
                page.getValues().forEach(v -> matched.add(v.getValue()));
                cursor = page;
            } while (!cursor.isFinished());
            assertThat(matched).hasSize(100).allMatch(m -> m.startsWith("m2"));
            assertThat(sync.zscan(missing).getValues()).isEmpty();
            assertThat(sync.del(k, dst, big)).isEqualTo(2L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_async(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            String a = "zsets:lettuce:{as}:a";
            String b = "zsets:lettuce:{as}:b";
            String dst = "zsets:lettuce:{as}:dst";
            async.del(a, b, dst).get(5, TimeUnit.SECONDS);

            RedisFuture<Long> addA = async.zadd(a, ScoredValue.just(1, "x"), ScoredValue.just(2, "y"), ScoredValue.just(3, "z"));
            RedisFuture<Long> addB = async.zadd(b, ZAddArgs.Builder.ch(), ScoredValue.just(10, "y"), ScoredValue.just(20, "w"));
            RedisFuture<Long> gtB = async.zadd(b, ZAddArgs.Builder.gt().ch(), 5, "y");
            RedisFuture<Double> incr = async.zincrby(a, 0.5, "x");
            RedisFuture<List<Double>> mscore = async.zmscore(a, "x", "q", "z");
            RedisFuture<Long> union = async.zunionstore(dst, ZStoreArgs.Builder.weights(1, 10).max(), a, b);
            RedisFuture<List<ScoredValue<String>>> unionRange = async.zrangeWithScores(dst, 0, -1);
            RedisFuture<Long> rank = async.zrank(dst, "w");
            RedisFuture<Long> revRank = async.zrevrank(dst, "w");
            RedisFuture<List<ScoredValue<String>>> popped = async.zpopmin(dst, 2);
            RedisFuture<ScoredValue<String>> max = async.zpopmax(dst);
            RedisFuture<io.lettuce.core.KeyValue<String, ScoredValue<String>>> blocking = async.bzpopmin(1, "zsets:lettuce:{as}:none", dst);
            RedisFuture<Long> left = async.zcard(dst);
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(5), addA, addB, gtB, incr, mscore, union, unionRange,
                    rank, revRank, popped, max, blocking, left)).isTrue();

            assertThat(addA.get()).isEqualTo(3L);
            assertThat(addB.get()).isEqualTo(2L);
            assertThat(gtB.get()).isZero();
            assertThat(incr.get()).isEqualTo(1.5);
            assertThat(mscore.get()).containsExactly(1.5, null, 3.0);
            assertThat(union.get()).isEqualTo(4L);
            assertThat(values(unionRange.get())).containsExactly("x=1.5", "z=3.0", "y=100.0", "w=200.0");
            assertThat(rank.get()).isEqualTo(3L);
            assertThat(revRank.get()).isZero();
            assertThat(values(popped.get())).containsExactly("x=1.5", "z=3.0");
            assertThat(values(List.of(max.get()))).containsExactly("w=200.0");
            assertThat(blocking.get().getKey()).isEqualTo(dst);
            assertThat(values(List.of(blocking.get().getValue()))).containsExactly("y=100.0");
            assertThat(left.get()).isZero();

            // composed: ZADD, then ZRANGESTORE, then read the copy
            List<String> composed = async.zadd(a, 0, "first").toCompletableFuture()
                    .thenCompose(n -> async.zrangestore(dst, a, Range.create(0L, 1L)))
                    .thenCompose(n -> async.zrange(dst, 0, -1))
                    .get(5, TimeUnit.SECONDS);
            assertThat(composed).containsExactly("first", "x");
            assertThat(async.del(a, b, dst).get(5, TimeUnit.SECONDS)).isEqualTo(3L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static List<String> values(List<ScoredValue<String>> values) {
        return values.stream().map(v -> v.getValue() + "=" + v.getScore()).collect(Collectors.toList());
    }
}
