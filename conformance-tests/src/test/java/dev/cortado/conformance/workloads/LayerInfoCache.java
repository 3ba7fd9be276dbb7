package dev.cortado.conformance.workloads;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A container registry's layer-info cache in front of its blob storage: which blobs each
 * repository links ({@code repository::<name>::blobs}, a set of digests) and, once per digest,
 * where the blob lives and how long it is ({@code blobs::<digest>}, a hash with {@code path} and
 * {@code length}). A blob is served from the cache only when the repository links it; otherwise a
 * pull must go to storage, which also checks the caller may see it.
 */
final class LayerInfoCache {

    record BlobInfo(String digest, String path, long length) {}

    /** The storage backend: slow, authoritative, and per repository. */
    interface BlobStore {
        Optional<BlobInfo> stat(String repository, String digest);
    }

    private final JedisPool pool;
    private final BlobStore store;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    LayerInfoCache(JedisPool pool, BlobStore store) {
        this.pool = pool;
        this.store = store;
    }

    static String repositoryKey(String repository) {
        return "repository::" + repository + "::blobs";
    }

    static String blobKey(String digest) {
        return "blobs::" + digest;
    }

    Optional<BlobInfo> stat(String repository, String digest) {
        Optional<BlobInfo> cached = cached(repository, digest);
        if (cached.isPresent()) {
            hits.incrementAndGet();
            return cached;
        }
        misses.incrementAndGet();
        Optional<BlobInfo> found = store.stat(repository, digest);
        found.ifPresent(info -> link(repository, info));
        return found;
    }

    private Optional<BlobInfo> cached(String repository, String digest) {
        try (Jedis jedis = pool.getResource()) {
            if (!jedis.sismember(repositoryKey(repository), digest)) {
                return Optional.empty();
            }
            List<String> fields = jedis.hmget(blobKey(digest), "path", "length");
            // A half-written or foreign hash is a miss; storage will rewrite it.
            if (fields.get(0) == null || fields.get(1) == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new BlobInfo(digest, fields.get(0), Long.parseLong(fields.get(1))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** Records a blob and links it to a repository, both or neither (MULTI/EXEC). */
    void link(String repository, BlobInfo info) {
        try (Jedis jedis = pool.getResource()) {
            Transaction tx = jedis.multi();
            tx.hset(blobKey(info.digest()), Map.of("path", info.path(), "length", Long.toString(info.length())));
            tx.sadd(repositoryKey(repository), info.digest());
            tx.exec();
        }
    }

    /**
     * Cross-repository mount: a blob the source repository links becomes linked in the target
     * without touching storage. False when the source does not link it (the client must upload).
     */
    boolean mount(String from, String to, String digest) {
        try (Jedis jedis = pool.getResource()) {
            if (!jedis.sismember(repositoryKey(from), digest) || !jedis.exists(blobKey(digest))) {
                return false;
            }
            jedis.sadd(repositoryKey(to), digest);
            return true;
        }
    }

    /** The blob was unlinked from the repository (deleted tag, garbage collection); others keep it. */
    void unlink(String repository, String digest) {
        try (Jedis jedis = pool.getResource()) {
            jedis.srem(repositoryKey(repository), digest);
        }
    }

    /** Every digest the repository links, page by page (SSCAN), as garbage collection walks it. */
    Set<String> linkedBlobs(String repository) {
        Set<String> digests = new HashSet<>();
        try (Jedis jedis = pool.getResource()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().count(50);
            do {
                ScanResult<String> page = jedis.sscan(repositoryKey(repository), cursor, params);
                digests.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return digests;
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }
}
