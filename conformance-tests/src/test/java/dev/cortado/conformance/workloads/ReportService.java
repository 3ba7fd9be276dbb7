package dev.cortado.conformance.workloads;

import java.util.List;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/**
 * The reporting service's read side: responses from an upstream API cached for a few hours, and
 * finished reports cached for good (a finished report never changes; a running one must not be
 * cached, or clients would poll a stale "running" forever).
 */
class ReportService {

    record ApiResponse(String endpoint, int status, List<String> items) {}

    record Report(String id, String owner, boolean finished, long rows) {}

    /** The expensive things behind the cache: the upstream API and the report store. */
    interface Backend {
        ApiResponse callApi(String endpoint, String query);

        Report loadReport(String id);
    }

    private final Backend backend;

    ReportService(Backend backend) {
        this.backend = backend;
    }

    // #p0/#p1: no -parameters flag needed for the key expression.
    @Cacheable(cacheNames = ReportCacheConfig.API_CACHE, key = "#p0 + '?' + #p1")
    public ApiResponse callApi(String endpoint, String query) {
        return backend.callApi(endpoint, query);
    }

    /** One upstream call at a time per key, even under a burst of identical requests. */
    @Cacheable(cacheNames = ReportCacheConfig.API_CACHE, key = "'sync:' + #p0", sync = true)
    public ApiResponse callApiOnce(String endpoint) {
        return backend.callApi(endpoint, "");
    }

    @Cacheable(cacheNames = ReportCacheConfig.REPORT_CACHE, key = "#p0", unless = "#result == null || !#result.finished()")
    public Report report(String id) {
        return backend.loadReport(id);
    }

    @CacheEvict(cacheNames = ReportCacheConfig.REPORT_CACHE, key = "#p0")
    public void reportChanged(String id) {
        // the eviction is the point
    }

    @CacheEvict(cacheNames = ReportCacheConfig.API_CACHE, allEntries = true)
    public void clearApiResponses() {
        // the eviction is the point
    }
}
