package dev.cortado.conformance.workloads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;

/**
 * Caches "is this branch protected?" per project, the way a code-hosting application does: one
 * hash per project, one field per branch (the SHA-256 of its name, so that field names stay short
 * and never contain odd bytes), the answer encoded as {@code _b:1} / {@code _b:0}. Lookups and fills
 * are pipelined; any change to the project's protected branches drops the whole hash.
 */
final class ProtectedBranchesCache {

    /** The source of truth: the protected-branch rules in the database. */
    interface ProtectionRules {
        boolean isProtected(long projectId, String ref);
    }

    static final Duration DEFAULT_TTL = Duration.ofDays(1);
    /** More fields than this means something is filling the cache with junk: drop it. */
    static final int DEFAULT_FIELD_LIMIT = 1000;

    private static final String TRUE = "_b:1";
    private static final String FALSE = "_b:0";

    private final JedisPool pool;
    private final ProtectionRules rules;
    private final Duration ttl;
    private final int fieldLimit;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    ProtectedBranchesCache(JedisPool pool, ProtectionRules rules) {
        this(pool, rules, DEFAULT_TTL, DEFAULT_FIELD_LIMIT);
    }

    ProtectedBranchesCache(JedisPool pool, ProtectionRules rules, Duration ttl, int fieldLimit) {
        this.pool = pool;
        this.rules = rules;
        this.ttl = ttl;
        this.fieldLimit = fieldLimit;
    }

    static String key(long projectId) {
        return "cache:protected_branches:project:" + projectId;
    }

    static String field(String ref) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ref.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean isProtected(long projectId, String ref) {
        return fetchAll(projectId, List.of(ref)).get(ref);
    }

    /** One round trip for all lookups, one more for all fills. */
    Map<String, Boolean> fetchAll(long projectId, Collection<String> refs) {
        String key = key(projectId);
        Map<String, Boolean> result = new LinkedHashMap<>();
        try (Jedis jedis = pool.getResource()) {
            Map<String, Response<String>> cached = new LinkedHashMap<>();
            Pipeline lookups = jedis.pipelined();
            for (String ref : new LinkedHashSet<>(refs)) {
                cached.put(ref, lookups.hget(key, field(ref)));
            }
            lookups.sync();

            Map<String, String> fills = new LinkedHashMap<>();
            cached.forEach((ref, response) -> {
                Boolean hit = decode(response.get());
                if (hit != null) {
                    hits.incrementAndGet();
                    result.put(ref, hit);
                } else {
                    misses.incrementAndGet();
                    boolean value = rules.isProtected(projectId, ref);
                    result.put(ref, value);
                    fills.put(field(ref), value ? TRUE : FALSE);
                }
            });
            if (!fills.isEmpty()) {
                Pipeline writes = jedis.pipelined();
                writes.hset(key, fills);
                // NX: a fill never extends the hash's life; it goes a TTL after its first field.
                writes.expire(key, ttl.toSeconds(), ExpiryOption.NX);
                Response<Long> size = writes.hlen(key);
                writes.sync();
                if (size.get() > fieldLimit) {
                    jedis.unlink(key);
                }
            }
        }
        return result;
    }

    /** A protected branch was created, changed or removed: forget everything about the project. */
    void refresh(long projectId) {
        try (Jedis jedis = pool.getResource()) {
            jedis.unlink(key(projectId));
        }
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    /** Anything but the two encodings (an old format, a stray write) counts as a miss and is overwritten. */
    private static Boolean decode(String value) {
        if (TRUE.equals(value)) {
            return Boolean.TRUE;
        }
        if (FALSE.equals(value)) {
            return Boolean.FALSE;
        }
        return null;
    }
}
