package dev.cortado.conformance.workloads;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A container registry's repository lookup by path, in two levels: a small Caffeine cache in each
 * registry instance (L1, seconds) and Redis shared by all instances (L2, minutes), in front of the
 * metadata database. Values in Redis are MessagePack maps: compact, binary, and tolerant of fields
 * added by a newer release (unknown keys are skipped, missing ones read as null).
 *
 * <p>The Redis connection is injected (a {@code String -> byte[]} Lettuce connection), so tests can
 * hand it any server. Redis trouble never fails a lookup: the database answers instead.
 */
final class RepositoryCache {

    record Repository(long id, long namespaceId, String name, String path, Long parentId,
            Instant createdAt, Instant updatedAt, Long size) {}

    /** The metadata database. */
    interface RepositoryStore {
        Optional<Repository> findByPath(String path);
    }

    static final Duration DEFAULT_L1_TTL = Duration.ofSeconds(10);
    static final Duration DEFAULT_L2_TTL = Duration.ofMinutes(30);

    private final RedisCommands<String, byte[]> redis;
    private final RepositoryStore store;
    private final Duration l2Ttl;
    private final Cache<String, Repository> l1;
    private final AtomicLong l2Hits = new AtomicLong();
    private final AtomicLong l2Misses = new AtomicLong();
    private final AtomicLong redisErrors = new AtomicLong();

    RepositoryCache(StatefulRedisConnection<String, byte[]> redis, RepositoryStore store) {
        this(redis, store, DEFAULT_L1_TTL, DEFAULT_L2_TTL, Ticker.systemTicker());
    }

    RepositoryCache(StatefulRedisConnection<String, byte[]> redis, RepositoryStore store,
            Duration l1Ttl, Duration l2Ttl, Ticker ticker) {
        this.redis = redis.sync();
        this.store = store;
        this.l2Ttl = l2Ttl;
        this.l1 = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(l1Ttl).ticker(ticker).build();
    }

    /** Braces: a cluster hash tag, so one repository's keys share a slot. */
    static String key(String path) {
        return "registry:db:{repository:" + path + "}";
    }

    Optional<Repository> find(String path) {
        // Caffeine loads a key once however many threads ask; a null (not found) is not cached.
        return Optional.ofNullable(l1.get(path, this::loadFromRedisOrDatabase));
    }

    /** After a rename, delete or update: both levels forget; other instances' L1 age out. */
    void invalidate(String path) {
        l1.invalidate(path);
        try {
            redis.del(key(path));
        } catch (RedisException e) {
            redisErrors.incrementAndGet();
        }
    }

    private Repository loadFromRedisOrDatabase(String path) {
        byte[] cached = null;
        try {
            cached = redis.get(key(path));
        } catch (RedisException e) {
            redisErrors.incrementAndGet();
        }
        if (cached != null) {
            try {
                Repository r = decode(cached);
                l2Hits.incrementAndGet();
                return r;
            } catch (IOException | RuntimeException corrupt) {
                // written by something else, or truncated: reload and overwrite
            }
        }
        l2Misses.incrementAndGet();
        Optional<Repository> found = store.findByPath(path);
        found.ifPresent(r -> {
            try {
                redis.set(key(path), encode(r), SetArgs.Builder.ex(l2Ttl));
            } catch (RedisException e) {
                redisErrors.incrementAndGet();
            }
        });
        return found.orElse(null);
    }

    static byte[] encode(Repository r) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(8);
            p.packString("id").packLong(r.id());
            p.packString("namespace_id").packLong(r.namespaceId());
            p.packString("name").packString(r.name());
            p.packString("path").packString(r.path());
            p.packString("parent_id");
            if (r.parentId() == null) {
                p.packNil();
            } else {
                p.packLong(r.parentId());
            }
            p.packString("created_at").packTimestamp(r.createdAt());
            p.packString("updated_at");
            if (r.updatedAt() == null) {
                p.packNil();
            } else {
                p.packTimestamp(r.updatedAt());
            }
            p.packString("size");
            if (r.size() == null) {
                p.packNil();
            } else {
                p.packLong(r.size());
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory packing failed", e);
        }
    }

    static Repository decode(byte[] bytes) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            long id = -1;
            long namespaceId = -1;
            String name = null;
            String path = null;
            Long parentId = null;
            Instant createdAt = null;
            Instant updatedAt = null;
            Long size = null;
            int fields = u.unpackMapHeader();
            for (int i = 0; i < fields; i++) {
                String field = u.unpackString();
                if (u.tryUnpackNil()) {
                    continue;
                }
                switch (field) {
                    case "id" -> id = u.unpackLong();
                    case "namespace_id" -> namespaceId = u.unpackLong();
                    case "name" -> name = u.unpackString();
                    case "path" -> path = u.unpackString();
                    case "parent_id" -> parentId = u.unpackLong();
                    case "created_at" -> createdAt = u.unpackTimestamp();
                    case "updated_at" -> updatedAt = u.unpackTimestamp();
                    case "size" -> size = u.unpackLong();
                    default -> u.skipValue(); // a newer release's field
                }
            }
            if (u.hasNext() || id < 0 || path == null || name == null || createdAt == null) {
                throw new IOException("not a cached repository");
            }
            return new Repository(id, namespaceId, name, path, parentId, createdAt, updatedAt, size);
        }
    }

    long l2Hits() {
        return l2Hits.get();
    }

    long l2Misses() {
        return l2Misses.get();
    }

    long redisErrors() {
        return redisErrors.get();
    }
}
