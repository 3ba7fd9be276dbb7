package dev.cortado.junit6;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static dev.cortado.mock.Mock.any;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.error;
import static dev.cortado.mock.Mock.never;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.junit.EmbeddedRedis;
import dev.cortado.mock.CommandPattern;
import dev.cortado.mock.RedisMock;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Spring Boot application with a repository-style cache: {@code @Cacheable} lookups in Redis,
 * configured by Spring Boot alone — the connection from the properties {@code @EmbeddedRedis}
 * publishes, the cache manager from {@code spring.cache.*} — and a pull counter on
 * {@code StringRedisTemplate}. Hits are counted at the database, keys and TTLs read from the
 * server, and the commands the cache sent checked in the mock layer's journal.
 *
 * <p>On Lettuce, Spring Data Redis writes and evicts cache entries asynchronously by default: the
 * cached method returns before its SET (or UNLINK) reaches Redis. The tests wait for it in the
 * journal ({@link #awaitCommands}), as an application would not, so that no write lands late in
 * the next test.
 */
@EmbeddedRedis(manualClock = true, systemProperties = {
    "spring.data.redis.host={host}",
    "spring.data.redis.port={port}"})
@SpringBootTest(classes = SpringBootCacheTest.App.class, properties = {
    "spring.cache.type=redis",
    "spring.cache.cache-names=repositories",
    "spring.cache.redis.time-to-live=10m"})
@DirtiesContext
class SpringBootCacheTest {
  static final String KEY = "repositories::gitlab-org/app";   // Spring's "cache name::key"
  /** The cache's write, as Spring Data Redis sends it: the TTL in milliseconds. */
  static final CommandPattern PUT = command("SET", KEY, any(), "PX", "600000");

  record Repository(long id, String path, String name) implements Serializable {}

  /** The metadata database behind the cache, counting its queries. */
  static class RepositoryStore {
    final AtomicInteger queries = new AtomicInteger();

    Repository findByPath(String path) {
      queries.incrementAndGet();
      return path.startsWith("missing/") ? null
          : new Repository(42, path, path.substring(path.lastIndexOf('/') + 1));
    }
  }

  /** The service under test: repositories by path, cached ten minutes; pulls counted per day. */
  static class RepositoryService {
    private final RepositoryStore store;
    private final StringRedisTemplate redis;

    RepositoryService(RepositoryStore store, StringRedisTemplate redis) {
      this.store = store;
      this.redis = redis;
    }

    @Cacheable(cacheNames = "repositories", key = "#p0", unless = "#result == null")
    public Repository findByPath(String path) {
      return store.findByPath(path);
    }

    @CacheEvict(cacheNames = "repositories", key = "#p0")
    public void renamed(String path) {
      // the eviction is the point
    }

    public long recordPull(String path) {
      String key = "pulls:" + path;
      Long pulls = redis.opsForValue().increment(key);
      if (pulls != null && pulls == 1) {
        redis.expire(key, Duration.ofDays(1));
      }
      return pulls == null ? 0 : pulls;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  static class App {
    @Bean
    RepositoryStore repositoryStore() {
      return new RepositoryStore();
    }

    @Bean
    RepositoryService repositoryService(RepositoryStore store, StringRedisTemplate redis) {
      return new RepositoryService(store, redis);
    }
  }

  @Autowired
  RepositoryService service;

  @Autowired
  RepositoryStore store;

  @Autowired
  StringRedisTemplate template;

  @Autowired
  CacheManager cacheManager;

  @BeforeEach
  void countFromZero() {
    store.queries.set(0);   // the server itself was reset by the extension
  }

  @Test
  void springBootMadeARedisCacheManager() {
    assertThat(cacheManager).isInstanceOf(RedisCacheManager.class);
    assertThat(cacheManager.getCacheNames()).containsExactly("repositories");
  }

  /** Waits until the journal holds {@code n} commands matching; fails listing the closest ones. */
  static void awaitCommands(RedisMock mock, int n, CommandPattern pattern) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (mock.count(pattern) < n) {
      if (System.nanoTime() > deadline) {
        mock.verify(times(n), pattern);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Test
  void aRepeatedLookupIsServedFromRedisUntilItsTtlRunsOut(CortadoServer server, ManualClock clock) {
    Repository app = service.findByPath("gitlab-org/app");
    awaitCommands(server.mock(), 1, PUT);
    assertThat(service.findByPath("gitlab-org/app")).isEqualTo(app);

    assertThat(store.queries).hasValue(1);
    assertThat(server).containsOnlyKeys(KEY);
    assertThat(server).key(KEY).hasType("string").hasTtl(Duration.ofMinutes(10));
    assertThat(template.getExpire(KEY)).isEqualTo(600);
    RedisMock mock = server.mock();
    mock.verify(times(2), command("GET", KEY));
    mock.verify(times(1), PUT);
    mock.verifyInOrder(command("GET", KEY), command("SET").withArgsStartingWith(KEY), command("GET", KEY));

    clock.advance(Duration.ofMinutes(10));
    assertThat(server).key(KEY).exists();   // through its last millisecond, as in Redis
    clock.advance(Duration.ofMillis(1));
    assertThat(server).key(KEY).doesNotExist();
    assertThat(service.findByPath("gitlab-org/app")).isEqualTo(app);
    assertThat(store.queries).hasValue(2);
    awaitCommands(mock, 2, PUT);
  }

  @Test
  void unknownRepositoriesAreNotCached(CortadoServer server) {
    assertThat(service.findByPath("missing/nothing")).isNull();
    assertThat(service.findByPath("missing/nothing")).isNull();

    assertThat(store.queries).hasValue(2);
    assertThat(server).isEmpty();
    server.mock().verify(never(), command("SET"));
  }

  @Test
  void aRenameEvictsTheEntry(CortadoServer server) {
    service.findByPath("gitlab-org/app");
    awaitCommands(server.mock(), 1, PUT);
    assertThat(server).key(KEY).exists();

    service.renamed("gitlab-org/app");

    awaitCommands(server.mock(), 1, command("UNLINK", KEY));   // not DEL: Spring Data Redis unlinks
    assertThat(template.hasKey(KEY)).isFalse();
    service.findByPath("gitlab-org/app");
    assertThat(store.queries).hasValue(2);
    awaitCommands(server.mock(), 2, PUT);
  }

  @Test
  void aStubbedHitNeverReachesTheDatabase(RedisMock mock) {
    Repository stubbed = new Repository(7, "acme/stubbed", "from the stub");
    byte[] serialized = new JdkSerializationRedisSerializer().serialize(stubbed);   // the cache's default format
    mock.when(command("GET", "repositories::acme/stubbed")).thenReturn(value(serialized));

    assertThat(service.findByPath("acme/stubbed")).isEqualTo(stubbed);

    assertThat(store.queries).hasValue(0);
    mock.verify(never(), command("SET"));
  }

  @Test
  void aRedisErrorFailsTheLookupWithSpringsDefaultErrorHandler(RedisMock mock) {
    mock.when(command("GET", KEY)).thenReturn(error("ERR injected")).once();

    assertThatThrownBy(() -> service.findByPath("gitlab-org/app"))
        .hasRootCauseMessage("ERR injected");
    assertThat(store.queries).as("the lookup failed before the database").hasValue(0);

    assertThat(service.findByPath("gitlab-org/app").name()).isEqualTo("app");   // the stub is used up
    awaitCommands(mock, 1, PUT);
  }

  @Test
  void pullsAreCountedForADay(CortadoServer server, ManualClock clock) {
    service.recordPull("gitlab-org/app");
    service.recordPull("gitlab-org/app");
    clock.advance(Duration.ofHours(23));

    assertThat(service.recordPull("gitlab-org/app")).isEqualTo(3);
    assertThat(server).key("pulls:gitlab-org/app").hasValue("3").hasTtl(Duration.ofHours(1));
    server.mock().verify(times(1), command("PEXPIRE", "pulls:gitlab-org/app", "86400000"));   // a Duration: ms

    clock.advance(Duration.ofHours(1).plusMillis(1));
    assertThat(template.opsForValue().get("pulls:gitlab-org/app")).isNull();
  }
}
