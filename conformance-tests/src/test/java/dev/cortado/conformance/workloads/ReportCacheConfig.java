package dev.cortado.conformance.workloads;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * The reporting service's cache wiring, plain Spring (no Boot), driven by properties:
 * <ul>
 *   <li>{@code reports.redis.host} / {@code .port} / {@code .database}: without a host the caches
 *       live in this JVM ({@link ConcurrentMapCacheManager}) — developers run it without Redis;</li>
 *   <li>{@code reports.cache.enabled=false}: no caching at all ({@link NoOpCacheManager}), to rule
 *       the cache out when chasing a stale-data bug.</li>
 * </ul>
 */
@Configuration
@EnableCaching
class ReportCacheConfig {

    static final String API_CACHE = "apiResponses";
    static final String REPORT_CACHE = "reports";
    static final Duration API_TTL = Duration.ofHours(6);

    /** True when a Redis host is configured. */
    static final class RedisConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String host = context.getEnvironment().getProperty("reports.redis.host", "");
            return !host.isBlank();
        }
    }

    @Bean
    @Conditional(RedisConfigured.class)
    LettuceConnectionFactory redisConnectionFactory(Environment env) {
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(
                env.getRequiredProperty("reports.redis.host"),
                env.getProperty("reports.redis.port", Integer.class, 6379));
        config.setDatabase(env.getProperty("reports.redis.database", Integer.class, 0));
        return new LettuceConnectionFactory(config);
    }

    @Bean
    CacheManager cacheManager(Environment env, ObjectProvider<RedisConnectionFactory> redis) {
        if (!env.getProperty("reports.cache.enabled", Boolean.class, true)) {
            return new NoOpCacheManager();
        }
        RedisConnectionFactory factory = redis.getIfAvailable();
        if (factory == null) {
            return new ConcurrentMapCacheManager(API_CACHE, REPORT_CACHE);
        }
        ObjectMapper json = new ObjectMapper();
        RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig().disableCachingNullValues();
        // SCAN, not KEYS, when a cache is cleared: KEYS blocks a shared Redis. Writes awaited, so a
        // response is in Redis before the request that computed it returns. Locking (a SET NX lock
        // key per cache) makes sync=true loads single-flight across threads and instances.
        RedisCacheWriter writer = RedisCacheWriter.create(factory, w -> w.batchStrategy(BatchStrategies.scan(100))
                .immediateWrites().enableLocking().collectStatistics());
        return RedisCacheManager.builder(writer)
                .withCacheConfiguration(API_CACHE, defaults.entryTtl(API_TTL)
                        .serializeValuesWith(SerializationPair.fromSerializer(
                                new JsonSerializer<>(json, ReportService.ApiResponse.class))))
                .withCacheConfiguration(REPORT_CACHE, defaults.entryTtl(Duration.ZERO) // finished reports never change
                        .serializeValuesWith(SerializationPair.fromSerializer(
                                new JsonSerializer<>(json, ReportService.Report.class))))
                .disableCreateOnMissingCache()
                .build();
    }

    @Bean
    ReportService reportService(ReportService.Backend backend) {
        return new ReportService(backend);
    }

    @Bean
    TaskTracker taskTracker(ObjectProvider<RedisConnectionFactory> redis) {
        RedisConnectionFactory factory = redis.getIfAvailable();
        return factory == null ? new TaskTracker.InMemory() : new TaskTracker.OnRedis(new StringRedisTemplate(factory));
    }

    /** JSON values of one type (readable with redis-cli, unlike JDK serialization). */
    static final class JsonSerializer<T> implements RedisSerializer<T> {
        private final ObjectMapper mapper;
        private final Class<T> type;

        JsonSerializer(ObjectMapper mapper, Class<T> type) {
            this.mapper = mapper;
            this.type = type;
        }

        @Override
        public byte[] serialize(T value) {
            try {
                return value == null ? null : mapper.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName(), e);
            }
        }

        @Override
        public T deserialize(byte[] bytes) {
            try {
                return bytes == null ? null : mapper.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName(), e);
            }
        }
    }
}
