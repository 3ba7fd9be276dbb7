package dev.cortado.conformance.workloads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The API layer's Redis client: JSON values with TTLs, multi-key and pattern invalidation (SCAN,
 * never KEYS: KEYS blocks every other client of a shared Redis), locks, counters and hit/miss
 * statistics. Redis is a cache here, never the source of truth, so when it is unreachable (or still
 * loading its dataset after a restart) every call is retried with exponential backoff and then
 * degrades: reads miss, writes are dropped, locks are refused. Other error replies are thrown.
 */
final class ApiCacheClient {

    /** Attempts per call, and the first pause between attempts (doubling after each). */
    record Retry(int attempts, Duration firstBackoff) {}

    record Stats(long hits, long misses) {
        double hitRatio() {
            return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        }
    }

    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Redis did not answer after every retry. */
    static final class CacheUnavailable extends RuntimeException {
        CacheUnavailable(RedisException cause) {
            super(cause);
        }
    }

    private final RedisCommands<String, String> redis;
    private final Supplier<StatefulRedisConnection<String, String>> dedicated;
    private final ObjectMapper json;
    private final Retry retry;
    private final Sleeper sleeper;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();

    /**
     * @param connection the shared, multiplexed connection for plain commands
     * @param dedicated opens a connection of its own for WATCH/MULTI (a transaction must not share one)
     */
    ApiCacheClient(StatefulRedisConnection<String, String> connection,
            Supplier<StatefulRedisConnection<String, String>> dedicated,
            ObjectMapper json, Retry retry, Sleeper sleeper) {
        this.redis = connection.sync();
        this.dedicated = dedicated;
        this.json = json;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    <T> Optional<T> get(String key, Class<T> type) {
        String raw;
        try {
            raw = withRetry(r -> r.get(key));
        } catch (CacheUnavailable e) {
            fallbacks.incrementAndGet();
            return Optional.empty();
        }
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(raw, type));
        } catch (JsonProcessingException stale) {
            return Optional.empty(); // an older shape of the value: a miss, overwritten on the next put
        }
    }

    void put(String key, Object value, Duration ttl) {
        String raw;
        try {
            raw = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable: " + value.getClass(), e);
        }
        try {
            withRetry(r -> r.set(key, raw, SetArgs.Builder.ex(ttl)));
        } catch (CacheUnavailable e) {
            fallbacks.incrementAndGet();
        }
    }

    <T> T getOrLoad(String key, Class<T> type, Duration ttl, Supplier<T> loader) {
        Optional<T> cached = get(key, type);
        if (cached.isPresent()) {
            return cached.get();
        }
        T value = loader.get();
        if (value != null) {
            put(key, value, ttl);
        }
        return value;
    }

    /** One DEL for all keys; the number that existed. */
    long delete(String... keys) {
        try {
            return withRetry(r -> r.del(keys));
        } catch (CacheUnavailable e) {
            fallbacks.incrementAndGet();
            return 0;
        }
    }

    /** Deletes every key matching a glob, a SCAN page at a time; the number deleted. */
    long invalidate(String pattern) {
        try {
            return withRetry(r -> {
                long deleted = 0;
                ScanArgs args = ScanArgs.Builder.matches(pattern).limit(100);
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = r.scan(cursor, args);
                    if (!page.getKeys().isEmpty()) {
                        deleted += r.del(page.getKeys().toArray(String[]::new));
                    }
                    cursor = page;
                } while (!cursor.isFinished());
                return deleted;
            });
        } catch (CacheUnavailable e) {
            fallbacks.incrementAndGet();
            return 0;
        }
    }

    /** SET lock NX EX: the token to unlock with, or empty when someone holds it (or Redis is away). */
    Optional<String> tryLock(String name, Duration ttl) {
        String token = UUID.randomUUID().toString();
        try {
            String ok = withRetry(r -> r.set("lock:" + name, token, SetArgs.Builder.nx().ex(ttl)));
            return "OK".equals(ok) ? Optional.of(token) : Optional.empty();
        } catch (CacheUnavailable e) {
            fallbacks.incrementAndGet();
            return Optional.empty();
        }
    }

    /** Releases the lock only if it is still ours: WATCH, compare, MULTI/DEL/EXEC. */
    boolean unlock(String name, String token) {
        String key = "lock:" + name;
        try (StatefulRedisConnection<String, String> own = dedicated.get()) {
            RedisCommands<String, String> tx = own.sync();
            tx.watch(key);
            if (!token.equals(tx.get(key))) {
                tx.unwatch();
                return false; // expired and taken by someone else: theirs now
            }
            tx.multi();
            tx.del(key);
            TransactionResult result = tx.exec();
            return !result.wasDiscarded() && Long.valueOf(1).equals(result.get(0));
        } catch (RedisException e) {
            fallbacks.incrementAndGet();
            return false;
        }
    }

    /** A windowed counter (rate limits): the window starts with the first increment. */
    OptionalLong increment(String name, Duration window) {
        String key = "counter:" + name;
        try {
            long value = withRetry(r -> r.incr(key));
            if (value == 1) {
                withRetry(r -> r.expire(key, window));
            }
            return OptionalLong.of(value);
        } catch (CacheUnavailable e) {
            fallbacks.incrementAndGet();
            return OptionalLong.empty();
        }
    }

    /** The server's keyspace hits and misses (INFO stats), for the cache dashboard. */
    Stats stats() {
        String info = withRetry(r -> r.info("stats"));
        return new Stats(infoField(info, "keyspace_hits"), infoField(info, "keyspace_misses"));
    }

    private static long infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO has no " + name);
    }

    long retries() {
        return retries.get();
    }

    long fallbacks() {
        return fallbacks.get();
    }

    private <R> R withRetry(Function<RedisCommands<String, String>, R> call) {
        Duration backoff = retry.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.apply(redis);
            } catch (RedisLoadingException e) {
                // LOADING: a restarted Redis reading its dataset answers shortly; an outage, as go-redis sees it
                if (attempt >= retry.attempts()) {
                    throw new CacheUnavailable(e);
                }
            } catch (RedisCommandExecutionException e) {
                throw e; // Redis answered with an error: a bug, not an outage; retrying will not help
            } catch (RedisException e) {
                if (attempt >= retry.attempts()) {
                    throw new CacheUnavailable(e);
                }
            }
            retries.incrementAndGet();
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheUnavailable(new RedisException("interrupted while backing off"));
            }
            backoff = backoff.multipliedBy(2);
        }
    }
}
