package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RMapCache;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RSemaphore;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.api.map.event.EntryExpiredListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.Protocol;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;
import org.springframework.integration.support.locks.DistributedLock;

/**
 * Libraries built on Lua scripts, used as their users use them, each scenario against redis-server
 * and Cortado, in RESP2 and RESP3 where the client lets one choose: Redisson's map cache (TTL'd
 * entries in {@code struct}-packed hash values, swept by its eviction scheduler), rate limiter,
 * semaphores, compare-and-set bucket and atomic long, read-write lock; Spring Integration's
 * {@code RedisLockRegistry} (spin and pub/sub locks); Bucket4j's Lettuce proxy manager
 * (compare-and-swap scripts); Lettuce's script output types, with the RESP3 values a script returns
 * after {@code redis.setresp(3)}. Every expected value is what Redis answers: a failure against the
 * real Redis is a broken test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptLibrariesTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    // --- Redisson

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_mapCacheWithTtl(ClientHandshakeTest.Named target) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try (RawLettuce raw = new RawLettuce(target.server())) {
                String name = "scripts:libs:mapcache:" + protocol;
                RMapCache<String, String> cache = client.getMapCache(name, StringCodec.INSTANCE);
                cache.delete();
                List<String> expired = new CopyOnWriteArrayList<>();
                int listener = cache.addListener((EntryExpiredListener<String, String>) e -> expired.add(e.getKey()));
                assertThat(cache.put("short", "1", 300, TimeUnit.MILLISECONDS)).isNull();      // EVAL: struct.pack, zadd, hset
                assertThat(cache.put("long", "2", 60, TimeUnit.SECONDS)).isNull();
                assertThat(cache.put("forever", "3")).isNull();
                assertThat(cache.putIfAbsent("short", "x", 1, TimeUnit.SECONDS)).isEqualTo("1");
                assertThat(cache.fastPutIfAbsent("other", "4", 60, TimeUnit.SECONDS)).isTrue();
                assertThat(cache.remove("other")).isEqualTo("4");
                assertThat(cache.get("short")).isEqualTo("1");                                 // EVAL: struct.unpack
                assertThat(cache.remainTimeToLive("short")).isBetween(1L, 300L);
                assertThat(cache.remainTimeToLive("long")).isBetween(59_000L, 60_000L);
                assertThat(cache.remainTimeToLive("forever")).isEqualTo(-1L);
                assertThat(cache.remainTimeToLive("none")).isEqualTo(-2L);
                assertThat(cache.size()).isEqualTo(3);
                assertThat(raw.cmd.hlen(name)).isEqualTo(3L);
                assertThat(raw.cmd.zcard("redisson__timeout__set:{" + name + "}")).isEqualTo(2L);

                Thread.sleep(500);
                assertThat(cache.get("short")).isNull();                                       // expired, not yet swept
                assertThat(cache.containsKey("short")).isFalse();
                assertThat(cache.readAllMap()).isEqualTo(Map.of("long", "2", "forever", "3"));
                assertThat(cache.put("long", "22", 60, TimeUnit.SECONDS)).isEqualTo("2");

                // The eviction scheduler's script removes the entry and publishes its expiry.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((raw.cmd.hlen(name) != 2 || expired.isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(raw.cmd.hlen(name)).as("entries left after the eviction task").isEqualTo(2L);
                assertThat(raw.cmd.zcard("redisson__timeout__set:{" + name + "}")).isEqualTo(1L);
                assertThat(expired).containsExactly("short");
                cache.removeListener(listener);
                cache.delete();
            } finally {
                client.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_rateLimiter(ClientHandshakeTest.Named target) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                RRateLimiter limiter = client.getRateLimiter("scripts:libs:limiter:" + protocol);
                limiter.delete();
                assertThat(limiter.trySetRate(RateType.OVERALL, 3, Duration.ofSeconds(1))).isTrue();   // EVAL: hsetnx
                assertThat(limiter.trySetRate(RateType.OVERALL, 10, Duration.ofSeconds(1))).isFalse();
                assertThat(limiter.getConfig().getRate()).isEqualTo(3L);
                assertThat(limiter.availablePermits()).isEqualTo(3L);
                int granted = 0;
                for (int i = 0; i < 5; i++) {
                    if (limiter.tryAcquire()) {                                        // EVAL: zrangebyscore, struct.pack
                        granted++;
                    }
                }
                assertThat(granted).isEqualTo(3);
                assertThat(limiter.availablePermits()).isZero();
                assertThat(limiter.tryAcquire(1)).isFalse();
                assertThatThrownBy(() -> limiter.tryAcquire(4))
                        .hasMessageContaining("Requested permits amount cannot exceed defined rate");
                // A new window: the permits come back.
                Thread.sleep(1200);
                assertThat(limiter.availablePermits()).isEqualTo(3L);
                assertThat(limiter.tryAcquire(2)).isTrue();
                assertThat(limiter.tryAcquire(2)).isFalse();
                assertThat(limiter.tryAcquire(1)).isTrue();
                // A waiting acquire gets its permit when the window moves on.
                assertThat(limiter.tryAcquire(1, Duration.ofSeconds(5))).isTrue();
                limiter.delete();
            } finally {
                client.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_semaphores(ClientHandshakeTest.Named target) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                RSemaphore sem = client.getSemaphore("scripts:libs:sem:" + protocol);
                sem.delete();
                assertThat(sem.trySetPermits(3)).isTrue();                                     // EVAL: setnx + publish
                assertThat(sem.trySetPermits(5)).isFalse();
                assertThat(sem.availablePermits()).isEqualTo(3);
                sem.acquire();                                                                 // EVAL: decrby if enough
                assertThat(sem.tryAcquire(2)).isTrue();
                assertThat(sem.tryAcquire()).isFalse();
                assertThat(sem.availablePermits()).isZero();
                assertThat(sem.tryAcquire(Duration.ofMillis(100))).isFalse();
                CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                    try {
                        return sem.tryAcquire(2, Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(100);
                sem.release();                                                                 // EVAL: incrby + publish
                assertThat(sem.availablePermits()).isEqualTo(1);
                sem.release();
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(sem.availablePermits()).isZero();
                sem.release(3);
                sem.addPermits(2);
                assertThat(sem.availablePermits()).isEqualTo(5);
                assertThat(sem.drainPermits()).isEqualTo(5);
                assertThat(sem.availablePermits()).isZero();
                sem.delete();

                RPermitExpirableSemaphore leases = client.getPermitExpirableSemaphore("scripts:libs:leases:" + protocol);
                leases.delete();
                assertThat(leases.trySetPermits(2)).isTrue();
                String leased = leases.acquire(300, TimeUnit.MILLISECONDS);                   // EVAL: zadd with expiry
                assertThat(leased).isNotNull();
                String held = leases.tryAcquire();
                assertThat(held).isNotNull().isNotEqualTo(leased);
                assertThat(leases.tryAcquire()).isNull();
                assertThat(leases.availablePermits()).isZero();
                assertThat(leases.acquiredPermits()).isEqualTo(2);
                assertThat(leases.getLeaseTime(leased)).isBetween(1L, 300L);
                Thread.sleep(500);
                assertThat(leases.availablePermits()).isEqualTo(1);                           // the lease ran out
                assertThat(leases.tryRelease(leased)).isFalse();
                assertThat(leases.updateLeaseTime(held, 10, TimeUnit.SECONDS)).isTrue();
                assertThat(leases.getLeaseTime(held)).isBetween(9_000L, 10_000L);
                assertThat(leases.tryRelease(held)).isTrue();
                assertThat(leases.availablePermits()).isEqualTo(2);
                assertThat(leases.tryRelease("0123456789abcdef0123456789abcdef")).isFalse();
                leases.delete();
            } finally {
                client.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_compareAndSet(ClientHandshakeTest.Named target) {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                RBucket<String> bucket = client.getBucket("scripts:libs:bucket:" + protocol, StringCodec.INSTANCE);
                bucket.delete();
                assertThat(bucket.compareAndSet("x", "a")).isFalse();
                assertThat(bucket.compareAndSet(null, "a")).isTrue();
                assertThat(bucket.compareAndSet(null, "z")).isFalse();
                assertThat(bucket.compareAndSet("x", "b")).isFalse();                         // EVAL: get == ARGV[1]
                assertThat(bucket.compareAndSet("a", "b")).isTrue();
                assertThat(bucket.get()).isEqualTo("b");
                assertThat(bucket.compareAndSet("b", null)).isTrue();                         // EVAL: get, del
                assertThat(bucket.isExists()).isFalse();
                bucket.set("c");
                assertThat(bucket.getAndSet("d", Duration.ofSeconds(30))).isEqualTo("c");
                assertThat(bucket.remainTimeToLive()).isBetween(29_000L, 30_000L);
                assertThat(bucket.getAndDelete()).isEqualTo("d");
                assertThat(bucket.getAndDelete()).isNull();

                RAtomicLong counter = client.getAtomicLong("scripts:libs:counter:" + protocol);
                counter.delete();
                assertThat(counter.compareAndSet(1, 5)).isFalse();
                assertThat(counter.compareAndSet(0, 5)).isTrue();                             // a missing key counts as 0
                assertThat(counter.compareAndSet(4, 6)).isFalse();
                assertThat(counter.compareAndSet(5, 7)).isTrue();
                assertThat(counter.get()).isEqualTo(7);
                assertThat(counter.getAndSet(9)).isEqualTo(7);
                assertThat(counter.getAndDelete()).isEqualTo(9);
                assertThat(counter.isExists()).isFalse();
                assertThat(counter.getAndDelete()).isZero();
            } finally {
                client.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_readWriteLock(ClientHandshakeTest.Named target) throws Exception {
        for (Protocol protocol : Protocol.values()) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                RReadWriteLock rw = client.getReadWriteLock("scripts:libs:rw:" + protocol);
                rw.readLock().forceUnlock();
                rw.writeLock().forceUnlock();
                rw.readLock().lock();                                                         // EVAL: hset mode read
                assertThat(rw.readLock().isLocked()).isTrue();
                // Readers share, a writer waits.
                assertThat(inOtherThread(() -> {
                    boolean got = rw.readLock().tryLock(0, 10, TimeUnit.SECONDS);
                    if (got) {
                        rw.readLock().unlock();
                    }
                    return got;
                })).isTrue();
                assertThat(inOtherThread(() -> rw.writeLock().tryLock(0, 10, TimeUnit.SECONDS))).isFalse();
                assertThatThrownBy(() -> CompletableFuture.runAsync(rw.readLock()::unlock).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalMonitorStateException.class);
                rw.readLock().unlock();
                assertThat(rw.readLock().isLocked()).isFalse();

                // A writer excludes readers and writers of other threads; it may read itself.
                assertThat(rw.writeLock().tryLock(0, 10, TimeUnit.SECONDS)).isTrue();         // EVAL: hset mode write
                assertThat(rw.writeLock().isHeldByCurrentThread()).isTrue();
                assertThat(inOtherThread(() -> rw.readLock().tryLock(0, 10, TimeUnit.SECONDS))).isFalse();
                assertThat(inOtherThread(() -> rw.writeLock().tryLock(0, 10, TimeUnit.SECONDS))).isFalse();
                assertThat(rw.readLock().tryLock(0, 10, TimeUnit.SECONDS)).isTrue();
                rw.readLock().unlock();
                CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> {
                    try {
                        boolean got = rw.readLock().tryLock(10, 10, TimeUnit.SECONDS);
                        if (got) {
                            rw.readLock().unlock();
                        }
                        return got;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(100);
                rw.writeLock().unlock();                                                      // EVAL: del + publish
                assertThat(reader.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(rw.writeLock().isLocked()).isFalse();
            } finally {
                client.shutdown();
            }
        }
    }

    private interface Attempt {
        boolean run() throws InterruptedException;
    }

    private static boolean inOtherThread(Attempt attempt) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return attempt.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    private static RedissonClient redisson(Server s, Protocol protocol) {
        Config config = new Config().setProtocol(protocol).setMinCleanUpDelay(1);
        config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setRetryAttempts(0);
        return Redisson.create(config);
    }

    // --- Spring Integration

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void springIntegration_redisLockRegistry(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP2, ProtocolVersion.RESP3)) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration(s.host(), s.port()),
                    LettuceClientConfiguration.builder()
                            .clientOptions(ClientOptions.builder().protocolVersion(protocol).build()).build());
            factory.afterPropertiesSet();
            factory.start();
            try {
                for (RedisLockType type : RedisLockType.values()) {
                    lockRegistry(factory, "scripts:libs:reglock:" + protocol + ":" + type, type);
                }
            } finally {
                factory.destroy();
            }
        }
    }

    private static void lockRegistry(LettuceConnectionFactory factory, String registryKey, RedisLockType type)
            throws Exception {
        StringRedisTemplate template = new StringRedisTemplate(factory);
        String key = registryKey + ":job";
        template.delete(key);
        // Two registries with one registry key: two processes sharing the lock.
        RedisLockRegistry a = new RedisLockRegistry(factory, registryKey, Duration.ofSeconds(30));
        RedisLockRegistry b = new RedisLockRegistry(factory, registryKey, Duration.ofSeconds(30));
        a.setRedisLockType(type);
        b.setRedisLockType(type);
        // Executors of our own, shut after the registries' listener containers stop (a registry shuts its
        // default one before stopping its container, which then drops late unlock messages noisily).
        ExecutorService executorA = Executors.newCachedThreadPool();
        ExecutorService executorB = Executors.newCachedThreadPool();
        a.setExecutor(executorA);
        b.setExecutor(executorB);
        try {
            DistributedLock la = a.obtain("job");
            la.lock();                                                       // EVAL: get, set px
            la.lock();                                                       // reentrant, in the JVM
            String ownerA = template.opsForValue().get(key);
            assertThat(ownerA).as("the registry's client id").hasSize(36);
            assertThat(template.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(29_000L, 30_000L);
            assertThat(inOtherThread(la::tryLock)).isFalse();

            DistributedLock lb = b.obtain("job");
            assertThat(inOtherThread(lb::tryLock)).isFalse();               // EVAL answers false
            assertThat(inOtherThread(() -> lb.tryLock(300, TimeUnit.MILLISECONDS))).isFalse();
            la.unlock();
            assertThat(template.hasKey(key)).isTrue();
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean got = lb.tryLock(10, TimeUnit.SECONDS);
                    if (got) {
                        Thread.sleep(200);
                        lb.unlock();
                    }
                    return got;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            long released = System.nanoTime();
            la.unlock();                                                     // EVAL: get, unlink (+ publish)
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released))
                    .as("the waiter took the lock when it was released").isLessThan(3_000L);
            assertThat(template.hasKey(key)).isFalse();

            // A lock whose time ran out is taken by the other process; its first owner cannot release it.
            la.lock(Duration.ofMillis(300));
            assertThat(template.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(1L, 300L);
            Thread.sleep(500);
            assertThat(template.hasKey(key)).isFalse();
            CompletableFuture<Void> holder = new CompletableFuture<>();
            CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> {
                boolean got = lb.tryLock();
                holder.join();
                b.renewLock("job", Duration.ofSeconds(20));               // EVAL: get == id, pexpire
                lb.unlock();
                return got;
            });
            Thread.sleep(200);
            assertThat(template.opsForValue().get(key)).isNotNull().isNotEqualTo(ownerA);
            assertThatThrownBy(la::unlock).isInstanceOf(ConcurrentModificationException.class);
            assertThat(template.hasKey(key)).isTrue();
            holder.complete(null);
            assertThat(taken.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(template.hasKey(key)).isFalse();
            assertThatThrownBy(() -> b.renewLock("job")).isInstanceOf(IllegalStateException.class);

            // Unused locks leave the registry's cache.
            a.expireUnusedOlderThan(0);
            Lock fresh = a.obtain("job");
            assertThat(fresh).isNotSameAs(la);
            assertThat(fresh.tryLock()).isTrue();
            fresh.unlock();
        } finally {
            a.destroy();
            b.destroy();
            executorA.shutdownNow();
            executorB.shutdownNow();
        }
    }

    // --- Bucket4j over Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void bucket4j_lettuceProxyManager(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP2, ProtocolVersion.RESP3)) {
            RedisClient client = RedisClient.create(RedisURI.create(s.host(), s.port()));
            client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> raw = conn.sync();
                String prefix = "scripts:libs:b4j:" + protocol + ":";
                raw.del(prefix + "a", prefix + "b", prefix + "greedy");
                ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(client)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(30)))
                        .build()
                        .withMapper(k -> k.getBytes(StandardCharsets.UTF_8));
                BucketConfiguration fivePerMinute = BucketConfiguration.builder()
                        .addLimit(l -> l.capacity(5).refillIntervally(5, Duration.ofMinutes(1))).build();

                Bucket a = buckets.builder().build(prefix + "a", () -> fivePerMinute);
                int passed = 0;
                for (int i = 0; i < 8; i++) {
                    if (a.tryConsume(1)) {                                   // EVAL: set nx px, then get == old, psetex
                        passed++;
                    }
                }
                assertThat(passed).isEqualTo(5);
                assertThat(a.getAvailableTokens()).isZero();
                ConsumptionProbe refused = a.tryConsumeAndReturnRemaining(1);
                assertThat(refused.isConsumed()).isFalse();
                assertThat(refused.getNanosToWaitForRefill()).isBetween(
                        TimeUnit.SECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(60));

                // Another key: another bucket, untouched by the first.
                Bucket b = buckets.builder().build(prefix + "b", () -> fivePerMinute);
                assertThat(b.tryConsume(3)).isTrue();
                ConsumptionProbe probe = b.tryConsumeAndReturnRemaining(2);
                assertThat(probe.isConsumed()).isTrue();
                assertThat(probe.getRemainingTokens()).isZero();
                assertThat(b.tryConsume(1)).isFalse();
                assertThat(raw.exists(prefix + "a", prefix + "b")).isEqualTo(2L);
                assertThat(raw.pttl(prefix + "a")).isBetween(30_000L, 90_000L);
                assertThat(buckets.getProxyConfiguration(prefix + "a")).isPresent();
                assertThat(buckets.getProxyConfiguration(prefix + "none")).isEmpty();

                // A bucket refilled greedily takes tokens again after its period.
                Bucket greedy = buckets.builder().build(prefix + "greedy", () -> BucketConfiguration.builder()
                        .addLimit(l -> l.capacity(2).refillGreedy(2, Duration.ofMillis(400))).build());
                assertThat(greedy.tryConsume(2)).isTrue();
                assertThat(greedy.tryConsume(1)).isFalse();
                Thread.sleep(500);
                assertThat(greedy.tryConsume(2)).isTrue();

                buckets.removeProxy(prefix + "a");
                assertThat(raw.exists(prefix + "a")).isZero();
                Bucket again = buckets.builder().build(prefix + "a", () -> fivePerMinute);
                assertThat(again.getAvailableTokens()).isEqualTo(5);
                raw.del(prefix + "a", prefix + "b", prefix + "greedy");
            } finally {
                client.shutdown();
            }
        }
    }

    // --- Lettuce's script output types, RESP2 and RESP3

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    @SuppressWarnings("unchecked")
    void lettuce_scriptOutputTypesBothProtocols(ClientHandshakeTest.Named target) {
        Server s = target.server();
        for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP3, ProtocolVersion.RESP2)) {
            boolean resp3 = protocol == ProtocolVersion.RESP3;
            RedisClient client = RedisClient.create(RedisURI.create(s.host(), s.port()));
            client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> cmd = conn.sync();
                String h = "scripts:libs:lettuce:h";
                String z = "scripts:libs:lettuce:z";
                cmd.del(h, z);
                cmd.hset(h, Map.of("a", "1", "b", "2"));
                cmd.zadd(z, 2.5, "m");

                // A map from redis.call under RESP3: a map to a RESP3 client, a flat array to a RESP2 one.
                String hgetall = "redis.setresp(3); return redis.call('HGETALL', KEYS[1])";
                Object all = cmd.eval(hgetall, ScriptOutputType.OBJECT, h);
                if (resp3) {
                    assertThat(all).isInstanceOf(Map.class).isEqualTo(Map.of("a", "1", "b", "2"));
                } else {
                    assertThat(all).isInstanceOf(List.class);
                    assertThat(pairs((List<?>) all)).isEqualTo(Map.of("a", "1", "b", "2"));
                }
                String sha = cmd.scriptLoad(hgetall);
                assertThat((Object) cmd.evalsha(sha, ScriptOutputType.OBJECT, h)).isEqualTo(all);
                assertThat((Object) cmd.evalReadOnly(hgetall.getBytes(StandardCharsets.UTF_8),
                        ScriptOutputType.OBJECT, new String[] {h})).isEqualTo(all);
                // Read in Lua, the RESP3 map is a table with a map field.
                assertThat((String) cmd.eval(
                        "redis.setresp(3); local r = redis.call('HGETALL', KEYS[1]); return r.map.b",
                        ScriptOutputType.VALUE, h)).isEqualTo("2");
                assertThat((Long) cmd.eval(
                        "local r = redis.call('HGETALL', KEYS[1]); return #r",
                        ScriptOutputType.INTEGER, h)).isEqualTo(4L);

                // Doubles: {double=...} and ZSCORE read under RESP3 are RESP3 doubles to a RESP3 client, bulk
                // strings to a RESP2 one. (Lettuce's single-value outputs refuse a double: MULTI takes it.)
                assertThat((List<Object>) cmd.eval("return {double=3.5}", ScriptOutputType.MULTI))
                        .containsExactly(resp3 ? (Object) 3.5 : "3.5");
                assertThat((List<Object>) cmd.eval("redis.setresp(3); return redis.call('ZSCORE', KEYS[1], 'm')",
                        ScriptOutputType.MULTI, z)).containsExactly(resp3 ? (Object) 2.5 : "2.5");
                assertThat((Long) cmd.eval(
                        "redis.setresp(3); return redis.call('ZSCORE', KEYS[1], 'm')['double'] * 2",
                        ScriptOutputType.INTEGER, z)).isEqualTo(5L);
                assertThat((String) cmd.eval("return redis.call('ZSCORE', KEYS[1], 'm')",
                        ScriptOutputType.VALUE, z)).isEqualTo("2.5");
                if (!resp3) {
                    assertThat((String) cmd.eval("return {double=3.5}", ScriptOutputType.VALUE)).isEqualTo("3.5");
                } else {
                    assertThatThrownBy(() -> cmd.eval("return {double=3.5}", ScriptOutputType.VALUE))
                            .as("a RESP3 double reply").isInstanceOf(UnsupportedOperationException.class)
                            .hasMessageContaining("does not support set(double)");
                }

                // Booleans: Lua true/false become RESP3 booleans only after redis.setresp(3); without it,
                // true is the integer 1 and false is nil, in both protocols. After setresp(3), a RESP2
                // client gets 1 and 0.
                assertThat((Long) cmd.eval("return true", ScriptOutputType.INTEGER)).isEqualTo(1L);
                assertThat((Long) cmd.eval("return false", ScriptOutputType.INTEGER)).isNull();
                if (resp3) {
                    assertThatThrownBy(() -> cmd.eval("redis.setresp(3); return false", ScriptOutputType.INTEGER))
                            .as("a RESP3 boolean reply").isInstanceOf(UnsupportedOperationException.class)
                            .hasMessageContaining("does not support set(boolean)");
                } else {
                    assertThat((Long) cmd.eval("redis.setresp(3); return false", ScriptOutputType.INTEGER))
                            .isEqualTo(0L);
                    assertThat((Long) cmd.eval("redis.setresp(3); return true", ScriptOutputType.INTEGER))
                            .isEqualTo(1L);
                }
                assertThat((Boolean) cmd.eval("redis.setresp(3); return redis.call('EXISTS', KEYS[1]) == 1",
                        ScriptOutputType.BOOLEAN, h)).isTrue();
                assertThat((Boolean) cmd.eval("redis.setresp(3); return redis.call('HEXISTS', KEYS[1], 'x') == 1",
                        ScriptOutputType.BOOLEAN, h)).isFalse();
                assertThat((Boolean) cmd.eval("return redis.call('HEXISTS', KEYS[1], 'x') == 1",
                        ScriptOutputType.BOOLEAN, h)).isFalse();
                assertThat((List<Object>) cmd.eval("redis.setresp(3); return {redis.call('HGET', KEYS[1], 'a'), "
                        + "redis.call('HEXISTS', KEYS[1], 'a') == 1, redis.call('HEXISTS', KEYS[1], 'x') == 1, "
                        + "redis.call('ZSCORE', KEYS[2], 'm'), {double=1.5}}", ScriptOutputType.OBJECT, h, z))
                        .containsExactly("1", resp3 ? (Object) true : 1L, resp3 ? (Object) false : 0L,
                                resp3 ? (Object) 2.5 : "2.5", resp3 ? (Object) 1.5 : "1.5");
                assertThat((List<Object>) cmd.eval("return {1, {double=2.25}, true, false, 'x', {ok='FINE'}}",
                        ScriptOutputType.MULTI)).containsExactly(1L, resp3 ? (Object) 2.25 : "2.25", 1L, null, "x", "FINE");
                // A RESP3 nil read in Lua after setresp(3) is nil, not false.
                assertThat((String) cmd.eval(
                        "redis.setresp(3); local v = redis.call('GET', KEYS[1]); return type(v)",
                        ScriptOutputType.VALUE, "scripts:libs:lettuce:none")).isEqualTo("nil");
                assertThat((String) cmd.eval(
                        "local v = redis.call('GET', KEYS[1]); return type(v)",
                        ScriptOutputType.VALUE, "scripts:libs:lettuce:none")).isEqualTo("boolean");

                // Maps, sets and big numbers a script builds itself.
                Object map = cmd.eval("redis.setresp(3); return {map={k={double=0.5}, t=true, n=7}}",
                        ScriptOutputType.OBJECT);
                if (resp3) {
                    assertThat(map).isEqualTo(Map.of("k", 0.5, "t", true, "n", 7L));
                } else {
                    assertThat(map).isInstanceOf(List.class);
                    assertThat(pairs((List<?>) map)).isEqualTo(Map.of("k", "0.5", "t", 1L, "n", 7L));
                }
                assertThat((Object) cmd.eval("return {set={a=true}}", ScriptOutputType.OBJECT)).isEqualTo(List.of("a"));
                assertThat((List<Object>) cmd.eval("return {{big_number='123456789012345678901234567890'}}",
                        ScriptOutputType.OBJECT)).extracting(String::valueOf)
                        .containsExactly("123456789012345678901234567890");
                assertThat((String) cmd.eval("return {big_number='1234567890123456789012'}", ScriptOutputType.VALUE))
                        .isEqualTo("1234567890123456789012");

                // The classic output types, in both protocols.
                assertThat((Long) cmd.eval("return redis.call('HLEN', KEYS[1])", ScriptOutputType.INTEGER, h))
                        .isEqualTo(2L);
                assertThat((String) cmd.eval("return {ok='FINE'}", ScriptOutputType.STATUS)).isEqualTo("FINE");
                assertThat((String) cmd.eval("return redis.call('HGET', KEYS[1], 'b')", ScriptOutputType.VALUE, h))
                        .isEqualTo("2");
                assertThatThrownBy(() -> cmd.eval("return {err='MYERR from a table'}", ScriptOutputType.OBJECT))
                        .hasMessage("MYERR from a table");
                assertThatThrownBy(() -> cmd.eval("redis.setresp(4)", ScriptOutputType.OBJECT))
                        .hasMessageContaining("RESP version must be 2 or 3");
                cmd.del(h, z);
            } finally {
                client.shutdown();
            }
        }
    }

    private static Map<Object, Object> pairs(List<?> flat) {
        Map<Object, Object> out = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(flat.get(i), flat.get(i + 1));
        }
        return out;
    }

    /** A plain Lettuce connection to look at what a library left in the keyspace. */
    private static final class RawLettuce implements AutoCloseable {
        final RedisClient client;
        final StatefulRedisConnection<String, String> conn;
        final RedisCommands<String, String> cmd;

        RawLettuce(Server s) {
            client = RedisClient.create(RedisURI.create(s.host(), s.port()));
            conn = client.connect();
            cmd = conn.sync();
        }

        @Override
        public void close() {
            conn.close();
            client.shutdown();
        }
    }

}
