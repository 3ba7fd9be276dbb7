package dev.cortado.conformance.workloads;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caches upstream GET responses in Redis under {@code http:<sha256 of the URI>} (URIs are long and
 * carry anything; a digest is a fixed-size, safe key) for as long as the response's
 * {@code Cache-Control: max-age} allows. {@code no-store} and non-200 responses are never cached.
 */
final class HttpResponseCache {

    record CachedResponse(int status, String contentType, String body) {}

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    private final ApiCacheClient cache;
    private final HttpClient http;

    HttpResponseCache(ApiCacheClient cache, HttpClient http) {
        this.cache = cache;
        this.http = http;
    }

    static String key(URI uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.toString().getBytes(StandardCharsets.UTF_8));
            return "http:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    CachedResponse get(URI uri) throws IOException, InterruptedException {
        String key = key(uri);
        Optional<CachedResponse> cached = cache.get(key, CachedResponse.class);
        if (cached.isPresent()) {
            return cached.get();
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        CachedResponse fresh = new CachedResponse(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        cacheLifetime(response).ifPresent(ttl -> cache.put(key, fresh, ttl));
        return fresh;
    }

    private static Optional<Duration> cacheLifetime(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        String control = response.headers().firstValue("Cache-Control").orElse("");
        if (control.contains("no-store")) {
            return Optional.empty();
        }
        Matcher m = MAX_AGE.matcher(control);
        return m.find() && Long.parseLong(m.group(1)) > 0
                ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1))))
                : Optional.empty();
    }
}
