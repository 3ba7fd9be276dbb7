package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.Protocol;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Lua scripts as applications send them through real clients, each scenario against redis-server
 * and Cortado: Redisson's lock (reentrant, leased, released by its owner only), its map and the
 * sorted-set operations it implements as scripts; Spring Data's {@code RedisScript} (EVALSHA, then
 * EVAL on NOSCRIPT) as a rate limiter; Jedis's and Lettuce's EVAL, EVALSHA and SCRIPT commands.
 * Every expected value is what Redis answers: a failure against the real Redis is a broken test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScriptClientsTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    // --- Redisson

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_lock(ClientHandshakeTest.Named target) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                RLock lock = client.getLock("scripts:redisson:lock");
                lock.forceUnlock();
                assertThat(lock.isLocked()).isFalse();
                lock.lock();                                                   // EVAL: hincrby + pexpire
                lock.lock();                                                   // reentrant
                assertThat(lock.isLocked()).isTrue();
                assertThat(lock.isHeldByCurrentThread()).isTrue();
                assertThat(lock.getHoldCount()).isEqualTo(2);
                assertThat(lock.remainTimeToLive()).isPositive();
                // Another thread cannot take it, nor release it.
                Boolean other = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lock.tryLock(0, 5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }).get(10, TimeUnit.SECONDS);
                assertThat(other).isFalse();
                assertThatThrownBy(() -> CompletableFuture.runAsync(lock::unlock).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalMonitorStateException.class);
                lock.unlock();
                assertThat(lock.getHoldCount()).isEqualTo(1);
                lock.unlock();                                                 // EVAL: del + publish
                assertThat(lock.isLocked()).isFalse();
                // A leased lock expires by itself.
                assertThat(lock.tryLock(0, 200, TimeUnit.MILLISECONDS)).isTrue();
                assertThat(lock.remainTimeToLive()).isBetween(1L, 200L);
                Thread.sleep(400);
                assertThat(lock.isLocked()).isFalse();
                // Released by another thread's wait: lock() waits for the unlock's message.
                lock.lock();
                CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lock.tryLock(10, 5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(100);
                lock.unlock();
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
                lock.forceUnlock();
            } finally {
                client.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_mapAndSortedSetScripts(ClientHandshakeTest.Named target) {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                RMap<String, String> map = client.getMap("scripts:redisson:map", StringCodec.INSTANCE);
                map.delete();
                assertThat(map.put("a", "1")).isNull();                        // EVAL: hget + hset
                assertThat(map.put("a", "2")).isEqualTo("1");
                assertThat(map.putIfAbsent("a", "3")).isEqualTo("2");
                assertThat(map.putIfAbsent("b", "4")).isNull();
                assertThat(map.replace("b", "5")).isEqualTo("4");
                assertThat(map.remove("a", "nope")).isFalse();
                assertThat(map.remove("a", "2")).isTrue();
                assertThat(map.readAllMap()).isEqualTo(Map.of("b", "5"));

                RScoredSortedSet<String> set = client.getScoredSortedSet("scripts:redisson:zset", StringCodec.INSTANCE);
                set.delete();
                assertThat(set.addAndGetRank(3, "c")).isEqualTo(0);            // EVAL: zadd + zrank
                assertThat(set.addAndGetRank(1, "a")).isEqualTo(0);
                assertThat(set.addAndGetRevRank(2, "b")).isEqualTo(1);
                assertThat(set.addScoreAndGetRank("a", 5)).isEqualTo(2);      // a: 6
                assertThat(set.getScore(List.of("a", "b", "nope"))).containsExactly(6.0, 2.0, null);
                assertThat(set.containsAll(List.of("a", "b"))).isTrue();
                assertThat(set.containsAll(List.of("a", "x"))).isFalse();
                assertThat(set.pollFirst()).isEqualTo("b");                    // EVAL: zrange + zremrangebyrank
                assertThat(set.pollLast(2)).containsExactly("c", "a");
                assertThat(set.isEmpty()).isTrue();
            } finally {
                client.shutdown();
            }
        }
    }

    private static RedissonClient redisson(Server s, Protocol protocol) {
        Config config = new Config().setProtocol(protocol);
        config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setRetryAttempts(0);
        return Redisson.create(config);
    }

    // --- Spring Data Redis

    /** A fixed-window rate limiter as a RedisScript: Spring sends EVALSHA and falls back to EVAL. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_redisScriptRateLimiter(ClientHandshakeTest.Named target) {
        Server s = target.server();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            template.execute((org.springframework.data.redis.core.RedisCallback<Object>) c -> {
                c.scriptingCommands().scriptFlush();
                return null;
            });
            template.delete("scripts:spring:limit");
            DefaultRedisScript<Long> limiter = new DefaultRedisScript<>("""
                    local n = redis.call('INCR', KEYS[1])
                    if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
                    if n > tonumber(ARGV[1]) then return 0 end
                    return 1
                    """, Long.class);
            long allowed = 0;
            for (int i = 0; i < 5; i++) {
                allowed += template.execute(limiter, List.of("scripts:spring:limit"), "3", "60000");
            }
            assertThat(allowed).isEqualTo(3);
            assertThat(template.opsForValue().get("scripts:spring:limit")).isEqualTo("5");
            assertThat(template.getExpire("scripts:spring:limit", TimeUnit.SECONDS)).isBetween(58L, 60L);

            DefaultRedisScript<List> listScript = new DefaultRedisScript<>(
                    "return {KEYS[1], ARGV[1], 42, redis.call('EXISTS', KEYS[1])}", List.class);
            assertThat(template.execute(listScript, List.of("scripts:spring:limit"), "x"))
                    .containsExactly("scripts:spring:limit", "x", 42L, 1L);
            DefaultRedisScript<Boolean> bool = new DefaultRedisScript<>(
                    "return redis.call('GET', KEYS[1]) == false", Boolean.class);
            assertThat(template.execute(bool, List.of("scripts:spring:nokey"))).isTrue();
        } finally {
            factory.destroy();
        }
    }

    // --- Jedis and Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    @SuppressWarnings("unchecked")
    void jedis_evalAndScriptCache(ClientHandshakeTest.Named target) {
        Server s = target.server();
        for (RedisProtocol protocol : List.of(RedisProtocol.RESP2, RedisProtocol.RESP3)) {
            try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()),
                    DefaultJedisClientConfig.builder().protocol(protocol).build())) {
                jedis.scriptFlush();
                jedis.del("scripts:jedis:k");
                Object r = jedis.eval("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])",
                        List.of("scripts:jedis:k"), List.of("v1"));
                assertThat(r).isEqualTo("v1");
                String sha = jedis.scriptLoad("return {1, 2.9, 'three', false, {ok='OK'}}");
                assertThat(sha).hasSize(40).matches("[0-9a-f]+");
                assertThat(jedis.scriptExists(sha, "0000000000000000000000000000000000000000"))
                        .containsExactly(true, false);
                assertThat((List<Object>) jedis.evalsha(sha, 0)).containsExactly(1L, 2L, "three", null, "OK");
                assertThatThrownBy(() -> jedis.eval("return redis.call('INCR', KEYS[1])", 1, "scripts:jedis:k"))
                        .isInstanceOf(JedisDataException.class)
                        .hasMessageStartingWith("ERR value is not an integer or out of range script: ")
                        .hasMessageEndingWith(", on @user_script:1.");
                assertThatThrownBy(() -> jedis.evalsha("0000000000000000000000000000000000000000", 0))
                        .isInstanceOf(JedisDataException.class)
                        .hasMessage("NOSCRIPT No matching script. Please use EVAL.");
                assertThat(jedis.evalReadonly("return redis.call('GET', KEYS[1])",
                        List.of("scripts:jedis:k"), List.of())).isEqualTo("v1");
                jedis.del("scripts:jedis:k");
            }
        }
    }

    /**
     * A runaway script stopped from another connection, as a test or an operator does it: other
     * clients get BUSY (Jedis's JedisBusyException) until SCRIPT KILL, and the script's caller gets
     * the kill's error.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_scriptKillFromAnotherClient(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        try (Jedis admin = new Jedis(s.host(), s.port(), 30_000);
                Jedis runner = new Jedis(s.host(), s.port(), 30_000)) {
            admin.configSet("busy-reply-threshold", "100");
            try {
                CompletableFuture<Object> spin = CompletableFuture.supplyAsync(
                        () -> runner.eval("local n = 0 while true do n = n + 1 end"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (true) {
                    try {
                        admin.get("scripts:jedis:busy");
                    } catch (JedisBusyException busy) {
                        assertThat(busy).hasMessage("BUSY Redis is busy running a script. "
                                + "You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
                        break;
                    }
                    assertThat(System.nanoTime()).as("BUSY within 20 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
                // A new connection is served too, and gets BUSY as well.
                try (Jedis late = new Jedis(s.host(), s.port(), 30_000)) {
                    assertThatThrownBy(late::dbSize).isInstanceOf(JedisBusyException.class);
                }
                assertThat(admin.scriptKill()).isEqualTo("OK");
                assertThatThrownBy(() -> spin.get(20, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(JedisDataException.class)
                        .hasMessageContaining("Script killed by user with SCRIPT KILL...");
                assertThat(runner.ping()).isEqualTo("PONG");
                assertThatThrownBy(admin::scriptKill).isInstanceOf(JedisDataException.class)
                        .hasMessage("NOTBUSY No scripts in execution right now.");
            } finally {
                admin.configSet("busy-reply-threshold", "5000");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_evalOutputTypes(ClientHandshakeTest.Named target) {
        Server s = target.server();
        RedisClient client = RedisClient.create(RedisURI.create(s.host(), s.port()));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> cmd = conn.sync();
            cmd.del("scripts:lettuce:h");
            Long n = cmd.eval("return redis.call('HSET', KEYS[1], 'f', ARGV[1], 'g', ARGV[2])",
                    ScriptOutputType.INTEGER, new String[] {"scripts:lettuce:h"}, "1", "2");
            assertThat(n).isEqualTo(2);
            String status = cmd.eval("return redis.status_reply('FINE')", ScriptOutputType.STATUS);
            assertThat(status).isEqualTo("FINE");
            List<Object> multi = cmd.eval("return redis.call('HMGET', KEYS[1], 'f', 'nope', 'g')",
                    ScriptOutputType.MULTI, "scripts:lettuce:h");
            assertThat(multi).containsExactly("1", null, "2");
            Boolean truth = cmd.eval("return redis.call('HEXISTS', KEYS[1], 'f') == 1",
                    ScriptOutputType.BOOLEAN, "scripts:lettuce:h");
            assertThat(truth).isTrue();
            String sha = cmd.scriptLoad("return ARGV[1] .. ARGV[2]");
            assertThat((String) cmd.evalsha(sha, ScriptOutputType.VALUE, new String[0], "a", "b")).isEqualTo("ab");
            assertThatThrownBy(() -> cmd.eval("return redis.error_reply('MYERR custom')", ScriptOutputType.STATUS))
                    .hasMessage("MYERR custom");
            cmd.del("scripts:lettuce:h");
        } finally {
            client.shutdown();
        }
    }
}
