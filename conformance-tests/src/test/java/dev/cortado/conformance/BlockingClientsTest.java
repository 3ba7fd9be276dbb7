package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.UnblockType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RBlockingDeque;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RFuture;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.api.queue.DequeMoveArgs;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Blocking commands through real clients, each scenario against redis-server and Cortado: a waiter
 * on one connection, confirmed blocked from another (CLIENT LIST shows it with flag {@code b} and
 * its command, INFO's {@code blocked_clients} counts it) before a third connection serves it.
 * Lettuce (BLPOP, BRPOP, BLMOVE as a reliable queue, BZPOPMIN/BZPOPMAX, time-outs, several
 * waiters in order, CLIENT UNBLOCK), Jedis from two threads, Spring Data's {@code leftPop(key,
 * Duration)} (Spring sends blocking commands on a dedicated connection of the factory), Redisson's
 * RBlockingQueue/RBlockingDeque and RScoredSortedSet's takes (only what it sends as plain blocking
 * commands), and CLIENT UNBLOCK's raw replies compared byte for byte between the two servers. Every
 * wait is bounded: a waiter that is never served fails its test in seconds.
 */
@Timeout(30)
class BlockingClientsTest {

    /** Longest wait for a client to show as blocked, or for a reply that must come. */
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    // --- Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_blpopServedByAnotherConnectionsPush(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = lettuceClient(s);
        try (StatefulRedisConnection<String, String> waiter = client.connect();
             StatefulRedisConnection<String, String> pusher = client.connect();
             StatefulRedisConnection<String, String> observer = client.connect()) {
            String key = "blocking:lettuce:jobs";
            RedisCommands<String, String> push = pusher.sync();
            push.del(key);
            long waiterId = waiter.sync().clientId();

            RedisFuture<KeyValue<String, String>> popped = waiter.async().blpop(0, key);
            Map<String, String> blocked = awaitBlocked(observer.sync(), id(waiterId));
            assertThat(blocked.get("cmd")).isEqualTo("blpop");
            assertThat(popped.isDone()).as("nothing to pop yet").isFalse();
            assertThat(push.exists(key)).isZero();

            assertThat(push.rpush(key, "job-1", "job-2")).as("RPUSH answers the length it made").isEqualTo(2L);
            KeyValue<String, String> got = popped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(got.getKey()).isEqualTo(key);
            assertThat(got.getValue()).isEqualTo("job-1");
            assertThat(push.lrange(key, 0, -1)).containsExactly("job-2");

            Map<String, String> after = client(observer.sync(), id(waiterId));
            assertThat(after.get("flags")).as("served: no longer blocked").isEqualTo("N");
            assertThat(after.get("cmd")).isEqualTo("blpop");
            assertThat(waiter.sync().ping()).as("the waiter's connection goes on").isEqualTo("PONG");
            assertThat(push.del(key)).isEqualTo(1L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_timeoutsExpireWithANullAnswer(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient resp3 = lettuceClient(s);
        io.lettuce.core.RedisClient resp2 = lettuceClient(s);
        resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> three = resp3.connect();
             StatefulRedisConnection<String, String> two = resp2.connect()) {
            String key = "blocking:lettuce:empty";
            three.sync().del(key, key + ":dst");
            for (StatefulRedisConnection<String, String> c : List.of(three, two)) {
                RedisCommands<String, String> sync = c.sync();
                String protocol = c == three ? "RESP3" : "RESP2";
                long start = System.nanoTime();
                assertThat(sync.brpop(0.2, key)).as(protocol + " BRPOP").isNull();     // *-1 / _
                long brpopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(brpopMillis).as("BRPOP waited its 0.2 s").isBetween(150L, 3000L);
                assertThat(sync.blpop(0.05, key, key + ":other")).as(protocol + " BLPOP").isNull();
                assertThat(sync.blmove(key, key + ":dst", LMoveArgs.Builder.leftRight(), 0.05)).as(protocol + " BLMOVE").isNull();
                assertThat(sync.bzpopmin(0.05, key)).as(protocol + " BZPOPMIN").isNull();
                assertThat(sync.exists(key, key + ":dst")).isZero();
                assertThat(sync.ping()).isEqualTo("PONG");
            }
            // a timeout of 1 (integer seconds, as most clients send it)
            long start = System.nanoTime();
            assertThat(three.sync().blpop(1, key)).isNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 4000L);
            assertThatThrownBy(() -> three.sync().blpop(-1, key)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR timeout is negative");
        } finally {
            resp3.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resp2.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * The reliable-queue pattern: a worker BLMOVEs the oldest job into its processing list (so a crash
     * loses nothing), LREMs it when done; a reaper puts the jobs of a dead worker back in the queue.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_blmoveReliableQueue(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = lettuceClient(s);
        StatefulRedisConnection<String, String> worker = client.connect();   // dies mid-way; shutdown closes the rest
        try (StatefulRedisConnection<String, String> producer = client.connect();
             StatefulRedisConnection<String, String> observer = client.connect()) {
            String queue = "blocking:reliable:queue";
            String processing = "blocking:reliable:processing";
            RedisCommands<String, String> p = producer.sync();
            p.del(queue, processing);
            long workerId = worker.sync().clientId();

            // the worker waits on an empty queue
            RedisFuture<String> taken = worker.async().blmove(queue, processing, LMoveArgs.Builder.rightLeft(), 5.0);
            assertThat(awaitBlocked(observer.sync(), id(workerId)).get("cmd")).isEqualTo("blmove");
            assertThat(p.lpush(queue, "job-1")).isEqualTo(1L);
            assertThat(taken.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("job-1");
            assertThat(p.exists(queue)).as("the job left the queue").isZero();
            assertThat(p.lrange(processing, 0, -1)).as("and sits in processing").containsExactly("job-1");
            assertThat(worker.sync().lrem(processing, 1, "job-1")).as("done").isEqualTo(1L);
            assertThat(p.exists(processing)).isZero();

            // jobs waiting: BLMOVE answers at once, oldest first
            p.lpush(queue, "job-2", "job-3", "job-4");
            assertThat(worker.sync().blmove(queue, processing, LMoveArgs.Builder.rightLeft(), 1.0)).isEqualTo("job-2");
            assertThat(worker.sync().blmove(queue, processing, LMoveArgs.Builder.rightLeft(), 1.0)).isEqualTo("job-3");
            // the worker dies with two jobs in processing; a reaper returns them to the front of the line
            // (the queue's tail), the oldest last so that it is taken first
            worker.close();
            assertThat(p.lmove(processing, queue, LMoveArgs.Builder.leftRight())).isEqualTo("job-3");
            assertThat(p.lmove(processing, queue, LMoveArgs.Builder.leftRight())).isEqualTo("job-2");
            assertThat(p.lrange(queue, 0, -1)).containsExactly("job-4", "job-3", "job-2");
            try (StatefulRedisConnection<String, String> next = client.connect()) {
                assertThat(next.sync().blmove(queue, processing, LMoveArgs.Builder.rightLeft(), 1.0)).isEqualTo("job-2");
                // BRPOPLPUSH, BLMOVE's older spelling
                assertThat(next.sync().brpoplpush(1, queue, processing)).isEqualTo("job-3");
                assertThat(p.lrange(processing, 0, -1)).containsExactly("job-3", "job-2");
            }
            assertThat(p.del(queue, processing)).isEqualTo(2L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_bzpopServedByZaddZunionstoreAndTransactions(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = lettuceClient(s);
        try (StatefulRedisConnection<String, String> waiter = client.connect();
             StatefulRedisConnection<String, String> writer = client.connect();
             StatefulRedisConnection<String, String> observer = client.connect()) {
            String z1 = "blocking:{z}:one";
            String z2 = "blocking:{z}:two";
            String src = "blocking:{z}:src";
            String list = "blocking:{z}:list";
            RedisCommands<String, String> w = writer.sync();
            w.del(z1, z2, src, list, list + ":src");
            long waiterId = waiter.sync().clientId();

            // BZPOPMIN on two keys, served by a ZADD of several members to the second: the lowest score
            RedisFuture<KeyValue<String, ScoredValue<String>>> min = waiter.async().bzpopmin(0, z1, z2);
            assertThat(awaitBlocked(observer.sync(), id(waiterId)).get("cmd")).isEqualTo("bzpopmin");
            assertThat(w.zadd(z2, 3.0, "c", 1.0, "a", 2.0, "b")).isEqualTo(3L);
            KeyValue<String, ScoredValue<String>> got = min.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(got.getKey()).isEqualTo(z2);
            assertThat(got.getValue().getValue()).isEqualTo("a");
            assertThat(got.getValue().getScore()).isEqualTo(1.0);
            assertThat(w.zrange(z2, 0, -1)).containsExactly("b", "c");

            // BZPOPMAX served by ZUNIONSTORE creating the key
            RedisFuture<KeyValue<String, ScoredValue<String>>> max = waiter.async().bzpopmax(0, z1);
            assertThat(awaitBlocked(observer.sync(), id(waiterId)).get("cmd")).isEqualTo("bzpopmax");
            w.zadd(src, 10.0, "x", 20.0, "y");
            assertThat(w.zunionstore(z1, src, z2)).isEqualTo(4L);
            KeyValue<String, ScoredValue<String>> top = max.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(top.getKey()).isEqualTo(z1);
            assertThat(top.getValue().getValue()).isEqualTo("y");
            assertThat(top.getValue().getScore()).isEqualTo(20.0);
            assertThat(w.zrange(z1, 0, -1)).containsExactly("b", "c", "x");

            // ZADD inside MULTI: the waiter is served after EXEC, with what EXEC left
            w.del(z1);
            RedisFuture<KeyValue<String, ScoredValue<String>>> inTx = waiter.async().bzpopmin(0, z1);
            awaitBlocked(observer.sync(), id(waiterId));
            w.multi();
            w.zadd(z1, 5, "five");
            w.zadd(z1, 4, "four");
            w.zrem(z1, "four");
            TransactionResult exec = w.exec();
            assertThat(exec.wasDiscarded()).isFalse();
            assertThat(exec).hasSize(3);
            KeyValue<String, ScoredValue<String>> afterExec = inTx.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(afterExec.getValue().getValue()).isEqualTo("five");
            assertThat(w.exists(z1)).isZero();

            // BLPOP served by an LMOVE into its list
            RedisFuture<KeyValue<String, String>> moved = waiter.async().blpop(0, list);
            awaitBlocked(observer.sync(), id(waiterId));
            w.rpush(list + ":src", "m1", "m2");
            assertThat(w.lmove(list + ":src", list, LMoveArgs.Builder.leftRight())).isEqualTo("m1");
            assertThat(moved.get(WAIT.toSeconds(), TimeUnit.SECONDS).getValue()).isEqualTo("m1");
            assertThat(w.exists(list)).isZero();
            assertThat(w.del(z2, src, list + ":src")).isEqualTo(3L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Waiters on one list are served in the order they blocked, one element each; a waiter whose
     * connection closes leaves the line (a consumer that crashed takes nothing with it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_waitersServedFirstComeFirstServed(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = lettuceClient(s);
        io.lettuce.core.RedisClient resp2 = lettuceClient(s);
        resp2.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        List<StatefulRedisConnection<String, String>> waiters = new ArrayList<>();
        try (StatefulRedisConnection<String, String> pusher = client.connect();
             StatefulRedisConnection<String, String> observer = client.connect()) {
            String key = "blocking:fifo";
            RedisCommands<String, String> push = pusher.sync();
            push.del(key);
            waiters.add(resp2.connect());                                         // one RESP2 waiter among RESP3 ones
            for (int i = 1; i < 5; i++) {
                waiters.add(client.connect());
            }
            List<RedisFuture<KeyValue<String, String>>> pops = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (StatefulRedisConnection<String, String> waiter : waiters) {
                long id = waiter.sync().clientId();
                ids.add(id);
                pops.add(waiter.async().blpop(0, key));
                awaitBlocked(observer.sync(), id(id));                            // in this order, one after the other
            }
            int blockedBefore = blockedClients(observer.sync());
            assertThat(blockedBefore).isGreaterThanOrEqualTo(5);

            assertThat(push.rpush(key, "a")).isEqualTo(1L);
            assertThat(pops.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS).getValue()).isEqualTo("a");
            assertThat(client(observer.sync(), id(ids.get(0))).get("flags")).isEqualTo("N");
            assertThat(pops.get(1).isDone()).isFalse();

            // the second waiter goes away while blocked
            waiters.get(1).close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (observer.sync().clientList().contains("id=" + ids.get(1) + " ") && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(observer.sync().clientList()).doesNotContain("id=" + ids.get(1) + " ");
            assertThat(blockedClients(observer.sync())).as("served one, lost one").isEqualTo(blockedBefore - 2);

            assertThat(push.rpush(key, "b", "c")).isEqualTo(2L);
            assertThat(pops.get(2).get(WAIT.toSeconds(), TimeUnit.SECONDS).getValue()).isEqualTo("b");
            assertThat(pops.get(3).get(WAIT.toSeconds(), TimeUnit.SECONDS).getValue()).isEqualTo("c");
            assertThat(push.exists(key)).isZero();
            assertThat(pops.get(4).isDone()).as("the last waiter still waits").isFalse();
            assertThat(client(observer.sync(), id(ids.get(4))).get("flags")).isEqualTo("b");

            // the waiter that remains gets the head of the next push
            assertThat(push.lpush(key, "d", "e")).isEqualTo(2L);
            assertThat(pops.get(4).get(WAIT.toSeconds(), TimeUnit.SECONDS).getValue()).isEqualTo("e");
            assertThat(push.lrange(key, 0, -1)).containsExactly("d");
            assertThat(blockedClients(observer.sync())).isEqualTo(blockedBefore - 5);
            assertThat(push.del(key)).isEqualTo(1L);
        } finally {
            waiters.stream().filter(StatefulRedisConnection::isOpen).forEach(StatefulRedisConnection::close);
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resp2.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_clientUnblockTimeoutAndError(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = lettuceClient(s);
        try (StatefulRedisConnection<String, String> waiter = client.connect();
             StatefulRedisConnection<String, String> admin = client.connect()) {
            String key = "blocking:unblock";
            RedisCommands<String, String> a = admin.sync();
            a.del(key);
            long waiterId = waiter.sync().clientId();
            assertThat(a.clientUnblock(waiterId, UnblockType.TIMEOUT)).as("not blocked: 0").isZero();
            assertThat(a.clientUnblock(987_654_321L, UnblockType.ERROR)).as("no such client: 0").isZero();

            // TIMEOUT: the waiter gets the answer of an expired timeout
            RedisFuture<KeyValue<String, String>> first = waiter.async().blpop(0, key);
            awaitBlocked(a, id(waiterId));
            assertThat(a.clientUnblock(waiterId, UnblockType.TIMEOUT)).isEqualTo(1L);
            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
            assertThat(a.clientUnblock(waiterId, UnblockType.TIMEOUT)).as("no longer blocked").isZero();

            // ERROR: the waiter gets -UNBLOCKED
            RedisFuture<KeyValue<String, ScoredValue<String>>> second = waiter.async().bzpopmin(0, key);
            awaitBlocked(a, id(waiterId));
            assertThat(a.clientUnblock(waiterId, UnblockType.ERROR)).isEqualTo(1L);
            assertThatThrownBy(() -> second.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RedisCommandExecutionException.class).hasMessage(UNBLOCKED);

            // the connection is fine afterwards and a later push is not lost to the unblocked waiter
            assertThat(waiter.sync().ping()).isEqualTo("PONG");
            a.rpush(key, "kept");
            assertThat(a.lrange(key, 0, -1)).containsExactly("kept");
            assertThatThrownBy(() -> a.dispatch(io.lettuce.core.protocol.CommandType.CLIENT,
                    new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                            .add("UNBLOCK").add(waiterId).add("LATER")))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            assertThat(a.del(key)).isEqualTo(1L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    // --- Jedis

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_blpopServedFromAnotherThread(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        String key = "blocking:jedis:q";
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Jedis waiter = new Jedis(s.host(), s.port());
             Jedis other = new Jedis(s.host(), s.port())) {
            other.del(key);
            long waiterId = waiter.clientId();

            Future<List<String>> popped = pool.submit(() -> waiter.blpop(5, key));   // BLPOP key 5
            awaitBlocked(other::clientList, () -> other.info("clients"), id(waiterId), "blpop");
            assertThat(other.rpush(key, "hello", "world")).isEqualTo(2L);
            assertThat(popped.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(key, "hello");
            assertThat(other.lrange(key, 0, -1)).containsExactly("world");

            // BRPOP with a double timeout that expires: Jedis answers null
            long start = System.nanoTime();
            assertThat(pool.submit(() -> waiter.brpop(0.3, "blocking:jedis:none")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250L);

            // CLIENT UNBLOCK ... ERROR reaches Jedis as a JedisDataException with Redis's text
            Future<List<String>> unblocked = pool.submit(() -> waiter.blpop(0, "blocking:jedis:none"));
            awaitBlocked(other::clientList, () -> other.info("clients"), id(waiterId), "blpop");
            assertThat(other.clientUnblock(waiterId, redis.clients.jedis.args.UnblockType.ERROR)).isEqualTo(1L);
            assertThatThrownBy(() -> unblocked.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .cause().isInstanceOf(JedisDataException.class).hasMessage(UNBLOCKED);
            assertThat(waiter.ping()).isEqualTo("PONG");
            assertThat(other.del(key)).isEqualTo(1L);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- Spring Data Redis

    /**
     * {@code opsForList().leftPop(key, Duration)} is BLPOP. Spring's Lettuce connection sends it on a
     * dedicated connection from the factory, so the template's shared connection stays free for the
     * push that serves it; the factory names its connections, which is how the test finds the waiter.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_leftPopWithTimeout(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        String name = "spring-blocking-" + target;
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()),
                LettuceClientConfiguration.builder().clientName(name).build());
        factory.afterPropertiesSet();
        factory.start();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        io.lettuce.core.RedisClient observerClient = lettuceClient(s);
        try (StatefulRedisConnection<String, String> observer = observerClient.connect()) {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            String key = "blocking:spring:tasks";
            String dst = "blocking:spring:working";
            String zkey = "blocking:spring:delayed";
            template.delete(List.of(key, dst, zkey));

            Future<String> popped = pool.submit(() -> template.opsForList().leftPop(key, Duration.ofSeconds(5)));
            Map<String, String> blocked = awaitBlocked(observer.sync(), named(name));
            assertThat(blocked.get("cmd")).isEqualTo("blpop");
            assertThat(template.opsForList().rightPush(key, "task-1")).as("on the shared connection").isEqualTo(1L);
            assertThat(popped.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("task-1");
            assertThat(template.hasKey(key)).isFalse();

            // a timeout that expires: null, after about a second (Spring sends whole seconds)
            long start = System.nanoTime();
            assertThat(template.opsForList().rightPop(key, Duration.ofSeconds(1))).isNull();     // BRPOP key 1
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 4000L);

            // BLMOVE and BRPOPLPUSH with a wait, each served by a push
            Future<String> moved = pool.submit(() -> template.opsForList()
                    .move(key, Direction.LEFT, dst, Direction.RIGHT, Duration.ofSeconds(5)));
            assertThat(awaitBlocked(observer.sync(), named(name)).get("cmd")).isEqualTo("blmove");
            template.opsForList().rightPushAll(key, "task-2", "task-3");
            assertThat(moved.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("task-2");
            assertThat(template.opsForList().rightPopAndLeftPush(key, dst, Duration.ofSeconds(1))).isEqualTo("task-3");
            assertThat(template.opsForList().range(dst, 0, -1)).containsExactly("task-3", "task-2");

            // BZPOPMIN through opsForZSet().popMin(key, Duration), served by ZADD
            Future<TypedTuple<String>> min = pool.submit(() -> template.opsForZSet().popMin(zkey, Duration.ofSeconds(5)));
            assertThat(awaitBlocked(observer.sync(), named(name)).get("cmd")).isEqualTo("bzpopmin");
            template.opsForZSet().add(zkey, "later", 200);
            template.opsForZSet().add(zkey, "sooner", 100);
            TypedTuple<String> first = min.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(first.getValue()).as("served by the first ZADD").isEqualTo("later");
            assertThat(first.getScore()).isEqualTo(200.0);
            assertThat(template.opsForZSet().range(zkey, 0, -1)).containsExactly("sooner");
            assertThat(template.delete(List.of(dst, zkey))).isEqualTo(2L);
        } finally {
            pool.shutdownNow();
            observerClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            factory.destroy();
        }
    }

    // --- Redisson

    /**
     * Redisson's RBlockingQueue and RBlockingDeque, and RScoredSortedSet's takes, over plain blocking
     * commands (each line names the command). Left out: {@code drainTo(..)} (both forms), which Redisson runs as a Lua script (EVAL),
     * not in Cortado yet. Redisson 4.3.1's {@code RBlockingDeque.pollFromAny(timeout, unit, names)} drops
     * the other names (it calls the queue's one-key form), so the multi-key poll is the queue's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_blockingQueueAndDeque(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        String name = "redisson-blocking-" + target;
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
                .setClientName(name)
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setRetryAttempts(0);
        RedissonClient redisson = Redisson.create(config);
        io.lettuce.core.RedisClient observerClient = lettuceClient(s);
        try (StatefulRedisConnection<String, String> observer = observerClient.connect()) {
            RedisCommands<String, String> obs = observer.sync();
            RBlockingQueue<String> queue = redisson.getBlockingQueue("blocking:redisson:queue", StringCodec.INSTANCE);
            RBlockingQueue<String> other = redisson.getBlockingQueue("blocking:redisson:other", StringCodec.INSTANCE);
            RBlockingDeque<String> deque = redisson.getBlockingDeque("blocking:redisson:deque", StringCodec.INSTANCE);
            RBlockingDeque<String> dest = redisson.getBlockingDeque("blocking:redisson:dest", StringCodec.INSTANCE);
            redisson.getKeys().delete(queue.getName(), other.getName(), deque.getName(), dest.getName());

            // take(): BLPOP queue 0, served by put() (RPUSH) on another pooled connection
            RFuture<String> taken = queue.takeAsync();
            assertThat(awaitBlocked(obs, named(name)).get("cmd")).isEqualTo("blpop");
            queue.put("order-1");
            assertThat(taken.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("order-1");
            // take() itself, on this thread, with an element already there
            queue.put("order-2");
            assertThat(queue.take()).isEqualTo("order-2");

            // poll(timeout): BLPOP queue 1
            long start = System.nanoTime();
            assertThat(queue.poll(1, TimeUnit.SECONDS)).isNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 4000L);
            queue.offer("order-3");
            assertThat(queue.poll(1, TimeUnit.SECONDS)).isEqualTo("order-3");

            // pollFromAny: BLPOP queue other 2, served on the second key
            CompletableFuture<String> any = CompletableFuture.supplyAsync(() -> {
                try {
                    return queue.pollFromAny(2, TimeUnit.SECONDS, other.getName());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(awaitBlocked(obs, named(name)).get("cmd")).isEqualTo("blpop");
            other.offer("from-other");
            assertThat(any.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("from-other");

            // pollLastAndOfferFirstTo with a wait: BRPOPLPUSH
            RFuture<String> relayed = queue.pollLastAndOfferFirstToAsync(other.getName(), 5, TimeUnit.SECONDS);
            assertThat(awaitBlocked(obs, named(name)).get("cmd")).isEqualTo("brpoplpush");
            queue.addAll(List.of("r1", "r2"));
            assertThat(relayed.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("r2");
            assertThat(other.readAll()).containsExactly("r2");
            assertThat(queue.readAll()).containsExactly("r1");

            // blocking-deque: takeLast (BRPOP), takeFirst (BLPOP), putFirst (LPUSH), move with a wait (BLMOVE)
            RFuture<String> last = deque.takeLastAsync();
            assertThat(awaitBlocked(obs, named(name)).get("cmd")).isEqualTo("brpop");
            deque.putFirst("b");
            assertThat(last.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("b");
            deque.putFirst("y");
            deque.putFirst("x");
            deque.putLast("z");
            assertThat(deque.takeFirst()).isEqualTo("x");
            assertThat(deque.takeLast()).isEqualTo("z");
            assertThat(deque.pollLast(1, TimeUnit.SECONDS)).isEqualTo("y");            // BRPOP deque 1
            CompletableFuture<String> dequeMove = CompletableFuture.supplyAsync(
                    () -> deque.move(Duration.ofSeconds(5), DequeMoveArgs.pollFirst().addLastTo(dest.getName())));
            assertThat(awaitBlocked(obs, named(name)).get("cmd")).isEqualTo("blmove");
            deque.putLast("moving");
            assertThat(dequeMove.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("moving");
            assertThat(dest.readAll()).containsExactly("moving");

            // pollFirstFromAny with a count: BLMPOP 2 2 deque dest LEFT COUNT 2
            Map<String, List<String>> batch = deque.pollFirstFromAny(Duration.ofSeconds(2), 2, dest.getName());
            assertThat(batch).containsExactly(Map.entry(dest.getName(), List.of("moving")));

            // a scored sorted set as a priority queue: takeFirst is BZPOPMIN key 0, served by ZADD
            RScoredSortedSet<String> byPriority = redisson.getScoredSortedSet("blocking:redisson:prio", StringCodec.INSTANCE);
            byPriority.delete();
            RFuture<String> next = byPriority.takeFirstAsync();
            assertThat(awaitBlocked(obs, named(name)).get("cmd")).isEqualTo("bzpopmin");
            byPriority.add(2, "p2");
            assertThat(next.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("p2");
            byPriority.addAll(Map.of("p1", 1.0, "p3", 3.0));
            assertThat(byPriority.takeLast()).isEqualTo("p3");                    // BZPOPMAX key 0
            assertThat(byPriority.pollFirst(1, TimeUnit.SECONDS)).isEqualTo("p1"); // BZPOPMIN key 1
            assertThat(byPriority.isExists()).isFalse();

            // subscribeOnElements: Redisson takes (BLPOP) in a loop and hands each element over, in order
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            int listener = queue.subscribeOnElements(received::add);
            try {
                assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("r1, left in the queue").isEqualTo("r1");
                awaitBlocked(obs, named(name));
                queue.addAll(List.of("e1", "e2", "e3"));
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    events.add(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
                assertThat(events).containsExactly("e1", "e2", "e3");
            } finally {
                queue.unsubscribe(listener);
            }
            assertThat(redisson.getKeys().delete(queue.getName(), other.getName(), deque.getName(), dest.getName()))
                    .isEqualTo(1L);                                                    // only other has elements left
        } finally {
            observerClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            redisson.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    // --- CLIENT UNBLOCK's raw replies, redis-server and Cortado side by side

    /**
     * The bytes a waiter receives when CLIENT UNBLOCK ends its wait (TIMEOUT: a null; ERROR:
     * -UNBLOCKED ...), in RESP2 and RESP3, and the bytes of CLIENT UNBLOCK's own replies: both
     * servers must send the same.
     */
    @Test
    void clientUnblock_rawRepliesMatchRedis() throws Exception {
        Server redis = Servers.reference();
        Server subject = Servers.subject();
        for (String protocol : List.of("2", "3")) {
            for (String reason : List.of("TIMEOUT", "ERROR")) {
                for (String command : List.of("BLPOP", "BZPOPMAX", "BLMOVE", "BLMPOP", "BZMPOP", "WAIT")) {
                    List<String> expected = unblockTranscript(redis, protocol, reason, command);
                    List<String> actual = unblockTranscript(subject, protocol, reason, command);
                    assertThat(actual).as("RESP%s CLIENT UNBLOCK %s of %s: redis-server %s", protocol, reason, command, expected)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    private static List<String> unblockTranscript(Server s, String protocol, String reason, String command) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String key = "blocking:raw:" + command.toLowerCase();
        try (RespConnection waiter = RespConnection.to(s);
             RespConnection admin = RespConnection.to(s)) {
            if (protocol.equals("3")) {
                waiter.call("HELLO", "3");
            }
            admin.call("DEL", key, key + ":dst");
            String id = new String(waiter.call("CLIENT", "ID"), StandardCharsets.US_ASCII).substring(1).trim();
            out.add("unblock not blocked: " + Escape.bytes(admin.call("CLIENT", "UNBLOCK", id, reason)));
            switch (command) {
                case "BLPOP" -> waiter.send(Commands.bytes("BLPOP", key, "0"));
                case "BZPOPMAX" -> waiter.send(Commands.bytes("BZPOPMAX", key, "0"));
                case "BLMPOP" -> waiter.send(Commands.bytes("BLMPOP", "0", "2", key, key + ":dst", "RIGHT", "COUNT", "3"));
                case "BZMPOP" -> waiter.send(Commands.bytes("BZMPOP", "0", "1", key, "MAX"));
                case "WAIT" -> waiter.send(Commands.bytes("WAIT", "1", "0"));             // no replica will ever ack
                default -> waiter.send(Commands.bytes("BLMOVE", key, key + ":dst", "LEFT", "RIGHT", "0"));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            String line;
            while (!(line = clientLine(new String(admin.call("CLIENT", "LIST"), StandardCharsets.UTF_8), id)).contains(" flags=b ")) {
                if (System.nanoTime() > deadline) {
                    fail(s.name() + ": " + command + " did not block");
                }
                Thread.sleep(2);
            }
            Map<String, String> f = fields(line);
            out.add("listed: flags=" + f.get("flags") + " cmd=" + f.get("cmd"));
            out.add("bad reason: " + Escape.bytes(admin.call("CLIENT", "UNBLOCK", id, "SOON")));
            out.add("no id: " + Escape.bytes(admin.call("CLIENT", "UNBLOCK", "notanumber", reason)));
            out.add("unblock: " + Escape.bytes(admin.call("CLIENT", "UNBLOCK", id, reason)));
            out.add("waiter got: " + Escape.bytes(waiter.readReply()));
            out.add("again: " + Escape.bytes(admin.call("CLIENT", "UNBLOCK", id, reason)));
            out.add("then: " + Escape.bytes(waiter.call("PING")));
            out.add("key: " + Escape.bytes(admin.call("EXISTS", key, key + ":dst")));
        }
        return out;
    }

    private static String clientLine(String clientList, String id) {
        return clientList.lines().filter(l -> l.startsWith("id=" + id + " ")).findFirst().orElse("");
    }

    // --- helpers

    private static io.lettuce.core.RedisClient lettuceClient(Server s) {
        return io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
    }

    private static Predicate<Map<String, String>> id(long id) {
        return f -> String.valueOf(id).equals(f.get("id"));
    }

    private static Predicate<Map<String, String>> named(String name) {
        return f -> name.equals(f.get("name"));
    }

    /** Polls CLIENT LIST until a client that matches shows flag b; checks INFO counts it too. */
    private static Map<String, String> awaitBlocked(RedisCommands<String, String> observer, Predicate<Map<String, String>> which) {
        return awaitBlocked(observer::clientList, () -> observer.info("clients"), which, null);
    }

    private static Map<String, String> awaitBlocked(Supplier<String> clientList, Supplier<String> infoClients,
            Predicate<Map<String, String>> which, String command) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = clientList.get();
            for (String line : last.split("\n")) {
                Map<String, String> f = fields(line);
                if (which.test(f) && f.getOrDefault("flags", "").contains("b")) {
                    if (command != null) {
                        assertThat(f.get("cmd")).isEqualTo(command);
                    }
                    assertThat(blockedClients(infoClients.get())).as("INFO clients blocked_clients").isGreaterThanOrEqualTo(1);
                    return f;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return fail("no matching client blocked within " + WAIT + "; CLIENT LIST:\n" + last);
    }

    private static Map<String, String> client(RedisCommands<String, String> observer, Predicate<Map<String, String>> which) {
        return observer.clientList().lines().map(BlockingClientsTest::fields).filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("client not in CLIENT LIST"));
    }

    private static int blockedClients(RedisCommands<String, String> observer) {
        return blockedClients(observer.info("clients"));
    }

    private static int blockedClients(String info) {
        return info.lines().filter(l -> l.startsWith("blocked_clients:")).findFirst()
                .map(l -> Integer.parseInt(l.substring("blocked_clients:".length()).trim()))
                .orElseThrow(() -> new AssertionError("no blocked_clients in INFO clients:\n" + info));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : line.trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return f;
    }
}
