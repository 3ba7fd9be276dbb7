package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LPosArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RDeque;
import org.redisson.api.RList;
import org.redisson.api.RQueue;
import org.redisson.api.RedissonClient;
import org.redisson.api.queue.DequeMoveArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.BoundListOperations;
import org.springframework.data.redis.core.ListOperations;
import org.springframework.data.redis.core.ListOperations.MoveFrom;
import org.springframework.data.redis.core.ListOperations.MoveTo;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LPosParams;

/**
 * Lists as applications use them through real clients, each scenario against redis-server and
 * Cortado: Spring Data Redis's list operations (bound ones and a job queue too), Redisson's
 * RQueue/RDeque/RList (only the operations Redisson sends as plain list commands: most others are
 * Lua scripts), a Jedis pipeline and Lettuce's sync and async API. Non-blocking commands only.
 * Every expected value is what Redis answers: a failure against the real Redis is a broken test.
 */
@Timeout(60) // the job queue polls until every job is taken: a lost job fails the test, not the build
class ListClientsTest {

    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    // --- Spring Data Redis

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_listOperations(ClientHandshakeTest.Named target) {
        LettuceConnectionFactory factory = springFactory(target.server());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            ListOperations<String, String> ops = template.opsForList();
            String k = "lists:spring:l";
            String src = "lists:spring:src";
            String dst = "lists:spring:dst";
            String str = "lists:spring:string";
            template.delete(List.of(k, src, dst, str));

            assertThat(ops.leftPush(k, "c")).isEqualTo(1L);
            assertThat(ops.leftPushAll(k, "b", "a")).isEqualTo(3L);          // LPUSH k b a: a first
            assertThat(ops.rightPushAll(k, "d", "e", "c")).isEqualTo(6L);
            assertThat(ops.range(k, 0, -1)).containsExactly("a", "b", "c", "d", "e", "c");
            assertThat(ops.range(k, -2, -1)).containsExactly("e", "c");
            assertThat(ops.range(k, 4, 100)).containsExactly("e", "c");
            assertThat(ops.range(k, 7, 9)).isEmpty();
            assertThat(ops.size(k)).isEqualTo(6L);
            assertThat(ops.index(k, 1)).isEqualTo("b");
            assertThat(ops.index(k, -1)).isEqualTo("c");
            assertThat(ops.index(k, 99)).isNull();
            assertThat(ops.getFirst(k)).isEqualTo("a");
            assertThat(ops.getLast(k)).isEqualTo("c");

            // LPOS, from the head and (RANK -1) from the tail
            assertThat(ops.indexOf(k, "c")).isEqualTo(2L);
            assertThat(ops.lastIndexOf(k, "c")).isEqualTo(5L);
            assertThat(ops.indexOf(k, "zz")).isNull();
            assertThat(ops.lastIndexOf(k, "zz")).isNull();

            ops.set(k, 1, "B");
            assertThat(ops.index(k, 1)).isEqualTo("B");
            ops.set(k, -1, "C");
            assertThat(ops.index(k, 5)).isEqualTo("C");
            assertThatThrownBy(() -> ops.set(k, 99, "x")).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage("ERR index out of range");
            assertThatThrownBy(() -> ops.set("lists:spring:none", 0, "x")).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage("ERR no such key");

            // LINSERT BEFORE / AFTER a pivot
            assertThat(ops.leftPush(k, "d", "c2")).isEqualTo(7L);
            assertThat(ops.rightPush(k, "a", "a2")).isEqualTo(8L);
            assertThat(ops.leftPush(k, "nope", "x")).isEqualTo(-1L);
            assertThat(ops.range(k, 0, -1)).containsExactly("a", "a2", "B", "c", "c2", "d", "e", "C");

            // LREM: 0 all, n > 0 from the head, n < 0 from the tail
            ops.rightPushAll(k, "e", "a2");
            assertThat(ops.remove(k, 0, "c")).isEqualTo(1L);
            assertThat(ops.remove(k, -1, "e")).isEqualTo(1L);               // the last e
            assertThat(ops.remove(k, 1, "a2")).isEqualTo(1L);               // the first a2
            assertThat(ops.remove(k, 1, "zz")).isZero();
            assertThat(ops.range(k, 0, -1)).containsExactly("a", "B", "c2", "d", "e", "C", "a2");

            ops.trim(k, 1, -2);
            assertThat(ops.range(k, 0, -1)).containsExactly("B", "c2", "d", "e", "C");

            // LPOP / RPOP with a count; the emptied list is gone
            assertThat(ops.leftPop(k, 2)).containsExactly("B", "c2");
            assertThat(ops.rightPop(k)).isEqualTo("C");
            assertThat(ops.rightPop(k, 5)).containsExactly("e", "d");
            assertThat(ops.size(k)).isZero();
            assertThat(template.hasKey(k)).isFalse();
            assertThat(ops.leftPop(k)).isNull();
            assertThat(ops.rightPop(k)).isNull();
            assertThat(ops.leftPushIfPresent(k, "x")).isZero();
            assertThat(ops.rightPushIfPresent(k, "x")).isZero();
            assertThat(template.hasKey(k)).isFalse();

            // LMOVE in all its directions, RPOPLPUSH
            ops.rightPushAll(src, "1", "2", "3", "4");
            assertThat(ops.move(src, Direction.LEFT, dst, Direction.RIGHT)).isEqualTo("1");
            assertThat(ops.move(MoveFrom.fromTail(src), MoveTo.toHead(dst))).isEqualTo("4");
            assertThat(ops.move(MoveFrom.fromHead(src), MoveTo.toHead(dst))).isEqualTo("2");
            assertThat(ops.range(dst, 0, -1)).containsExactly("2", "4", "1");
            assertThat(ops.rightPopAndLeftPush(src, dst)).isEqualTo("3");
            assertThat(template.hasKey(src)).isFalse();
            assertThat(ops.range(dst, 0, -1)).containsExactly("3", "2", "4", "1");
            assertThat(ops.move(src, Direction.LEFT, dst, Direction.LEFT)).isNull();
            assertThat(ops.rightPopAndLeftPush(src, dst)).isNull();
            assertThat(ops.move(dst, Direction.RIGHT, dst, Direction.LEFT)).isEqualTo("1"); // rotate
            assertThat(ops.range(dst, 0, -1)).containsExactly("1", "3", "2", "4");
            assertThat(ops.leftPushIfPresent(dst, "0")).isEqualTo(5L);
            assertThat(ops.rightPushIfPresent(dst, "5")).isEqualTo(6L);

            template.opsForValue().set(str, "v");
            assertThatThrownBy(() -> ops.leftPush(str, "x")).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThatThrownBy(() -> ops.range(str, 0, -1)).isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessage(WRONGTYPE);
            assertThatThrownBy(() -> ops.move(dst, Direction.LEFT, str, Direction.LEFT))
                    .isInstanceOf(DataAccessException.class).rootCause().hasMessage(WRONGTYPE);
            assertThat(ops.size(dst)).as("nothing moved to the wrong type").isEqualTo(6L);

            assertThat(template.delete(List.of(k, src, dst, str))).isEqualTo(2L);
        } finally {
            factory.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_boundListOperations(ClientHandshakeTest.Named target) {
        LettuceConnectionFactory factory = springFactory(target.server());
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            String key = "lists:spring:bound";
            template.delete(List.of(key, "lists:spring:bound:other"));
            BoundListOperations<String, String> recent = template.boundListOps(key);

            assertThat(recent.rightPushAll("x", "y", "z")).isEqualTo(3L);
            assertThat(recent.leftPush("w")).isEqualTo(4L);
            assertThat(recent.leftPushIfPresent("v")).isEqualTo(5L);
            assertThat(recent.rightPushIfPresent("y")).isEqualTo(6L);
            assertThat(recent.range(0, -1)).containsExactly("v", "w", "x", "y", "z", "y");
            assertThat(recent.size()).isEqualTo(6L);
            assertThat(recent.getFirst()).isEqualTo("v");
            assertThat(recent.getLast()).isEqualTo("y");
            assertThat(recent.index(2)).isEqualTo("x");
            assertThat(recent.indexOf("y")).isEqualTo(3L);
            assertThat(recent.lastIndexOf("y")).isEqualTo(5L);
            recent.set(0, "V");
            assertThat(recent.remove(1, "x")).isEqualTo(1L);
            assertThat(recent.leftPush("z", "y2")).isEqualTo(6L);          // LINSERT BEFORE z
            assertThat(recent.range(0, -1)).containsExactly("V", "w", "y", "y2", "z", "y");

            // a capped "recent items" list: push, then trim to the newest three
            recent.leftPush("new");
            recent.trim(0, 2);
            assertThat(recent.range(0, -1)).containsExactly("new", "V", "w");

            assertThat(recent.expire(Duration.ofMinutes(5))).isTrue();
            assertThat(recent.getExpire()).isBetween(299L, 300L);
            assertThat(recent.move(Direction.RIGHT, "lists:spring:bound:other", Direction.LEFT)).isEqualTo("w");
            assertThat(recent.leftPop(5)).containsExactly("new", "V");
            assertThat(recent.leftPop()).isNull();
            assertThat(recent.rightPop()).isNull();
            assertThat(template.hasKey(key)).isFalse();
            assertThat(template.opsForList().range("lists:spring:bound:other", 0, -1)).containsExactly("w");
            assertThat(template.delete("lists:spring:bound:other")).isTrue();
        } finally {
            factory.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_jobQueue_rightPushProducerLeftPopConsumers(ClientHandshakeTest.Named target) throws Exception {
        LettuceConnectionFactory factory = springFactory(target.server());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            String queue = "lists:jobs:pending";
            String done = "lists:jobs:done";
            template.delete(List.of(queue, done));
            int jobs = 200;

            Future<?> producer = pool.submit(() -> {
                for (int i = 0; i < jobs; i++) {
                    template.opsForList().rightPush(queue, "job-" + i);
                }
            });
            ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
            List<Future<List<Integer>>> consumers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                consumers.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (taken.size() < jobs && System.nanoTime() < deadline) {
                        String job = template.opsForList().leftPop(queue); // LPOP: nil while empty
                        if (job == null) {
                            Thread.sleep(1);
                            continue;
                        }
                        taken.add(job);
                        mine.add(Integer.parseInt(job.substring("job-".length())));
                        template.opsForList().rightPush(done, job);
                    }
                    return mine;
                }));
            }
            producer.get(30, TimeUnit.SECONDS);
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> consumer : consumers) {
                List<Integer> mine = consumer.get(40, TimeUnit.SECONDS);
                assertThat(mine).as("one consumer's jobs come in the order they were produced").isSorted();
                all.addAll(mine);
            }
            assertThat(all).as("every job taken exactly once")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, jobs).boxed().toList());
            assertThat(template.opsForList().size(queue)).isZero();
            assertThat(template.hasKey(queue)).isFalse();
            assertThat(template.opsForList().size(done)).isEqualTo(jobs);
            assertThat(template.delete(done)).isTrue();
        } finally {
            pool.shutdownNow();
            factory.destroy();
        }
    }

    private static LettuceConnectionFactory springFactory(Server s) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    // --- Redisson (only its operations that are plain list commands; see the notes on each)

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_queueDequeAndList(ClientHandshakeTest.Named target) {
        Server s = target.server();
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setRetryAttempts(0); // an error reply fails the call at once instead of being retried
        RedissonClient client = Redisson.create(config);
        try {
            redissonQueue(client);
            redissonDeque(client);
            redissonList(client);
        } finally {
            client.shutdown();
        }
    }

    private static void redissonQueue(RedissonClient client) {
        RQueue<String> queue = client.getQueue("lists:redisson:queue", StringCodec.INSTANCE);
        RQueue<String> other = client.getQueue("lists:redisson:queue:other", StringCodec.INSTANCE);
        queue.delete();                                                     // DEL
        other.delete();
        assertThat(queue.isEmpty()).isTrue();                               // LLEN
        assertThat(queue.poll()).isNull();                                  // LPOP
        assertThat(queue.peek()).isNull();                                  // LINDEX 0

        assertThat(queue.offer("a")).isTrue();                              // RPUSH
        assertThat(queue.addAll(List.of("b", "c", "d", "e"))).isTrue();     // RPUSH, several
        assertThat(queue.addAll(List.of())).isFalse();                      // sends nothing
        assertThat(queue.size()).isEqualTo(5);
        assertThat(queue.peek()).isEqualTo("a");
        assertThat(queue.element()).isEqualTo("a");
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.remove()).isEqualTo("b");                          // LPOP
        assertThat(queue.readAll()).containsExactly("c", "d", "e");         // LRANGE 0 -1
        assertThat(queue.remove("d")).isTrue();                             // LREM 1
        assertThat(queue.remove("zz")).isFalse();
        assertThat(queue.pollLastAndOfferFirstTo(other.getName())).isEqualTo("e"); // RPOPLPUSH
        assertThat(other.readAll()).containsExactly("e");
        assertThat(queue.poll()).isEqualTo("c");
        assertThat(queue.poll()).isNull();
        assertThat(queue.isExists()).isFalse();                             // EXISTS
        assertThat(queue.pollLastAndOfferFirstTo(other.getName())).isNull();
        assertThat(other.delete()).isTrue();
    }

    private static void redissonDeque(RedissonClient client) {
        RDeque<String> deque = client.getDeque("lists:redisson:deque", StringCodec.INSTANCE);
        RDeque<String> dest = client.getDeque("lists:redisson:deque:dest", StringCodec.INSTANCE);
        deque.delete();
        dest.delete();
        assertThat(deque.addFirstIfExists("x")).isZero();                  // LPUSHX
        assertThat(deque.addLastIfExists("x")).isZero();                   // RPUSHX
        assertThat(deque.isExists()).isFalse();

        deque.addFirst("b");                                                // LPUSH
        deque.addFirst("a");
        deque.addLast("c");                                                 // RPUSH
        assertThat(deque.addLast("d", "e")).isEqualTo(5);                   // RPUSH, several: the new length
        assertThat(deque.addFirst("y", "z")).isEqualTo(7);                  // LPUSH y z: z ends up first
        assertThat(deque.offerFirst("0")).isTrue();
        assertThat(deque.offerLast("9")).isTrue();
        assertThat(deque.addFirstIfExists("-1")).isEqualTo(10);
        assertThat(deque.addLastIfExists("10")).isEqualTo(11);
        assertThat(deque.readAll()).containsExactly("-1", "0", "z", "y", "a", "b", "c", "d", "e", "9", "10");

        assertThat(deque.peekFirst()).isEqualTo("-1");                     // LINDEX 0
        assertThat(deque.peekLast()).isEqualTo("10");                       // LRANGE -1 -1
        assertThat(deque.getLast()).isEqualTo("10");
        assertThat(deque.pollFirst()).isEqualTo("-1");                      // LPOP
        assertThat(deque.pollLast()).isEqualTo("10");                       // RPOP
        assertThat(deque.removeLast()).isEqualTo("9");
        deque.push("p");                                                    // LPUSH
        assertThat(deque.pop()).isEqualTo("p");                             // LPOP

        deque.addLast("a");
        assertThat(deque.removeLastOccurrence("a")).isTrue();               // LREM -1
        assertThat(deque.removeFirstOccurrence("z")).isTrue();              // LREM 1
        assertThat(deque.removeFirstOccurrence("zz")).isFalse();
        assertThat(deque.readAll()).containsExactly("0", "y", "a", "b", "c", "d", "e");

        // LMOVE
        assertThat(deque.move(DequeMoveArgs.pollFirst().addLastTo(dest.getName()))).isEqualTo("0");
        assertThat(deque.move(DequeMoveArgs.pollLast().addFirstTo(dest.getName()))).isEqualTo("e");
        assertThat(deque.move(DequeMoveArgs.pollLast().addLastTo(dest.getName()))).isEqualTo("d");
        assertThat(dest.readAll()).containsExactly("e", "0", "d");

        // descendingIterator: LLEN, then LINDEX from the tail
        List<String> backwards = new ArrayList<>();
        deque.descendingIterator().forEachRemaining(backwards::add);
        assertThat(backwards).containsExactly("c", "b", "a", "y");
        assertThat(deque.size()).isEqualTo(4);

        assertThat(deque.delete()).isTrue();
        assertThat(dest.delete()).isTrue();
        assertThat(deque.pollLast()).isNull();
        assertThat(deque.peekLast()).isNull();
    }

    private static void redissonList(RedissonClient client) {
        RList<String> list = client.getList("lists:redisson:list", StringCodec.INSTANCE);
        list.delete();
        assertThat(list.add("a")).isTrue();                                 // RPUSH
        assertThat(list.addAll(List.of("b", "c", "b"))).isTrue();           // RPUSH, several
        assertThat(list.addAll(0, List.of("x", "y"))).isTrue();             // index 0: LPUSH y x
        assertThat(list.readAll()).containsExactly("x", "y", "a", "b", "c", "b");
        assertThat(list.size()).isEqualTo(6);
        assertThat(list.get(0)).isEqualTo("x");                             // LINDEX
        assertThat(list.get(5)).isEqualTo("b");
        assertThat(list.get(6)).as("Redisson answers LINDEX's nil as null").isNull();

        list.fastSet(1, "Y");                                               // LSET
        assertThatThrownBy(() -> list.fastSet(6, "z")).isInstanceOf(RedisException.class)
                .hasMessageContaining("ERR index out of range");
        assertThat(list.remove("b")).isTrue();                              // LREM 1: the first b
        assertThat(list.readAll()).containsExactly("x", "Y", "a", "c", "b");
        assertThat(list.addAfter("a", "a+")).isEqualTo(6);                  // LINSERT AFTER
        assertThat(list.addBefore("x", "w")).isEqualTo(7);                  // LINSERT BEFORE
        assertThat(list.addBefore("zz", "q")).isEqualTo(-1);
        assertThat(list.range(1, 3)).containsExactly("x", "Y", "a");        // LRANGE 1 3
        assertThat(list.range(1)).containsExactly("w", "x");                // LRANGE 0 1
        assertThat(list.readAll()).containsExactly("w", "x", "Y", "a", "a+", "c", "b");

        list.trim(1, 5);                                                    // LTRIM
        assertThat(list.readAll()).containsExactly("x", "Y", "a", "a+", "c");
        assertThat(list.remove(0)).isEqualTo("x");                          // index 0: LPOP

        // iteration: LINDEX per element until nil
        List<String> seen = new ArrayList<>();
        for (Iterator<String> it = list.iterator(); it.hasNext();) {
            seen.add(it.next());
        }
        assertThat(seen).containsExactly("Y", "a", "a+", "c");
        assertThat(list).hasToString("[Y, a, a+, c]");
        assertThat(list.remainTimeToLive()).isEqualTo(-1L);                 // PTTL
        assertThat(list.delete()).isTrue();
        assertThat(list.isExists()).isFalse();
        assertThat(list.readAll()).isEmpty();
    }

    // --- Jedis

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_pipelineMixesListCommands(ClientHandshakeTest.Named target) {
        Server s = target.server();
        String a = "lists:jedis:a";
        String missing = "lists:jedis:missing";
        String str = "lists:jedis:string";
        String bulk = "lists:jedis:bulk";
        try (Jedis jedis = new Jedis(s.host(), s.port())) {
            jedis.del(a, missing, str, bulk);
            Pipeline p = jedis.pipelined();
            Response<Long> lpush = p.lpush(a, "3", "2", "1");
            Response<Long> rpush = p.rpush(a, "4", "2", "5", "2");
            Response<List<String>> all = p.lrange(a, 0, -1);
            Response<List<String>> popped = p.lpop(a, 2);
            Response<Long> first2 = p.lpos(a, "2");
            Response<Long> last2 = p.lpos(a, "2", LPosParams.lPosParams().rank(-1));
            Response<Long> second2 = p.lpos(a, "2", LPosParams.lPosParams().rank(2));
            Response<List<Long>> every2 = p.lpos(a, "2", LPosParams.lPosParams(), 0);
            Response<Long> notInFirstTwo = p.lpos(a, "2", LPosParams.lPosParams().maxlen(2));
            Response<Long> absent = p.lpos(a, "zz");
            Response<redis.clients.jedis.util.KeyValue<String, List<String>>> mpop =
                    p.lmpop(ListDirection.RIGHT, 2, missing, a);
            Response<redis.clients.jedis.util.KeyValue<String, List<String>>> mpopNone =
                    p.lmpop(ListDirection.LEFT, missing);
            Response<List<String>> popMissing = p.lpop(missing, 2);
            Response<String> popOneMissing = p.lpop(missing);
            Response<List<String>> rest = p.lrange(a, 0, -1);
            p.set(str, "v");
            Response<Long> wrongType = p.lpush(str, "x");
            Response<List<String>> afterError = p.lrange(a, 0, 0);
            p.sync();

            assertThat(lpush.get()).isEqualTo(3L);
            assertThat(rpush.get()).isEqualTo(7L);
            assertThat(all.get()).containsExactly("1", "2", "3", "4", "2", "5", "2");
            assertThat(popped.get()).containsExactly("1", "2");
            // now 3 4 2 5 2
            assertThat(first2.get()).isEqualTo(2L);
            assertThat(last2.get()).isEqualTo(4L);
            assertThat(second2.get()).isEqualTo(4L);
            assertThat(every2.get()).containsExactly(2L, 4L);
            assertThat(notInFirstTwo.get()).isNull();
            assertThat(absent.get()).isNull();
            assertThat(mpop.get().getKey()).isEqualTo(a);
            assertThat(mpop.get().getValue()).containsExactly("2", "5");
            assertThat(mpopNone.get()).isNull();
            assertThat(popMissing.get()).isNull();
            assertThat(popOneMissing.get()).isNull();
            assertThat(rest.get()).containsExactly("3", "4", "2");
            assertThatThrownBy(wrongType::get).isInstanceOf(JedisDataException.class).hasMessage(WRONGTYPE);
            assertThat(afterError.get()).containsExactly("3");

            // a long pipeline: 500 single RPUSHes, then LMPOP takes them all back in order
            Pipeline many = jedis.pipelined();
            List<Response<Long>> lengths = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                lengths.add(many.rpush(bulk, "e" + i));
            }
            Response<Long> llen = many.llen(bulk);
            Response<redis.clients.jedis.util.KeyValue<String, List<String>>> drained =
                    many.lmpop(ListDirection.LEFT, 1000, bulk);
            Response<Boolean> exists = many.exists(bulk);
            many.sync();
            assertThat(lengths.get(499).get()).isEqualTo(500L);
            assertThat(llen.get()).isEqualTo(500L);
            assertThat(drained.get().getValue())
                    .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "e" + i).toList());
            assertThat(exists.get()).isFalse();

            assertThat(jedis.del(a, str)).isEqualTo(2L);
        }
    }

    // --- Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_syncAndAsync(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
        try (StatefulRedisConnection<String, String> connection = client.connect();
             StatefulRedisConnection<String, String> batch = client.connect()) {
            String src = "lists:lettuce:src";
            String dst = "lists:lettuce:dst";
            String q = "lists:lettuce:q";
            String q2 = "lists:lettuce:q2";
            String str = "lists:lettuce:string";
            RedisCommands<String, String> sync = connection.sync();
            sync.del(src, dst, q, q2, str);

            assertThat(sync.lpush(src, "c", "b", "a")).isEqualTo(3L);
            assertThat(sync.rpoplpush(src, dst)).isEqualTo("c");
            assertThat(sync.lmove(src, dst, LMoveArgs.Builder.leftRight())).isEqualTo("a");
            assertThat(sync.lmove(src, dst, LMoveArgs.Builder.rightLeft())).isEqualTo("b");
            assertThat(sync.exists(src)).isZero();
            assertThat(sync.rpoplpush(src, dst)).isNull();
            assertThat(sync.lmove(src, dst, LMoveArgs.Builder.leftLeft())).isNull();
            assertThat(sync.lrange(dst, 0, -1)).containsExactly("b", "c", "a");
            assertThat(sync.rpoplpush(dst, dst)).isEqualTo("a");               // rotate
            assertThat(sync.lmove(dst, dst, LMoveArgs.Builder.leftRight())).isEqualTo("a");
            assertThat(sync.lrange(dst, 0, -1)).containsExactly("b", "c", "a");
            assertThat(sync.lpos(dst, "a")).isEqualTo(2L);
            assertThat(sync.lpos(dst, "a", LPosArgs.Builder.rank(-1))).isEqualTo(2L);
            assertThat(sync.lpos(dst, "zz")).isNull();
            assertThat(sync.lpop(src, 2)).isEmpty();                            // nil reply, an empty list
            KeyValue<String, List<String>> mpop = sync.lmpop(LMPopArgs.Builder.right().count(2), src, dst);
            assertThat(mpop.getKey()).isEqualTo(dst);
            assertThat(mpop.getValue()).containsExactly("a", "c");
            assertThat(sync.lmpop(LMPopArgs.Builder.left(), src)).isNull();
            sync.set(str, "v");
            assertThatThrownBy(() -> sync.lmove(dst, str, LMoveArgs.Builder.leftLeft()))
                    .hasMessage(WRONGTYPE);
            assertThat(sync.lrange(dst, 0, -1)).as("nothing moved to the wrong type").containsExactly("b");

            // async: commands on one connection are answered in order
            RedisAsyncCommands<String, String> async = connection.async();
            RedisFuture<Long> pushed = async.lpush(q, "1", "2", "3");           // 3 2 1
            RedisFuture<String> moved1 = async.rpoplpush(q, q2);
            RedisFuture<String> moved2 = async.lmove(q, q2, LMoveArgs.Builder.leftLeft());
            RedisFuture<List<String>> q2Range = async.lrange(q2, 0, -1);
            RedisFuture<List<String>> qRange = async.lrange(q, 0, -1);
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(5), pushed, moved1, moved2, q2Range, qRange)).isTrue();
            assertThat(pushed.get()).isEqualTo(3L);
            assertThat(moved1.get()).isEqualTo("1");
            assertThat(moved2.get()).isEqualTo("3");
            assertThat(q2Range.get()).containsExactly("3", "1");
            assertThat(qRange.get()).containsExactly("2");

            // async composed: move, then read both lists once it is done
            List<String> composed = async.lmove(q, q2, LMoveArgs.Builder.rightRight()).toCompletableFuture()
                    .thenCompose(moved -> async.lrange(q2, 0, -1).thenApply(range -> {
                        List<String> out = new ArrayList<>();
                        out.add(moved);
                        out.addAll(range);
                        return out;
                    }))
                    .get(5, TimeUnit.SECONDS);
            assertThat(composed).containsExactly("2", "3", "1", "2");

            // manual flushing: a batch written at once
            batch.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> b = batch.async();
            List<RedisFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(b.lpush(q, "m" + i));
            }
            RedisFuture<String> rotated = b.lmove(q, q, LMoveArgs.Builder.rightLeft());
            RedisFuture<List<String>> head = b.lrange(q, 0, 2);
            futures.add(rotated);
            futures.add(head);
            batch.flushCommands();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(5), futures.toArray(new RedisFuture[0]))).isTrue();
            assertThat(rotated.get()).isEqualTo("m0");
            assertThat(head.get()).containsExactly("m0", "m99", "m98");
            batch.setAutoFlushCommands(true);

            assertThat(sync.del(q, q2, dst, str)).isEqualTo(4L);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
