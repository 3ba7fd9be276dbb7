package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.TestClient;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user writes: the annotation, and the server injected wherever JUnit takes parameters. */
@EmbeddedRedis(manualClock = true)
class EmbeddedRedisInjectionTest {
  private static CortadoServer fromBeforeAll;
  private final CortadoServer fromConstructor;
  private final int portFromConstructor;
  private String uriFromBeforeEach;

  EmbeddedRedisInjectionTest(CortadoServer redis, @RedisPort int port) {
    this.fromConstructor = redis;
    this.portFromConstructor = port;
  }

  @BeforeAll
  static void beforeAll(CortadoServer redis) {
    fromBeforeAll = redis;
  }

  @BeforeEach
  void beforeEach(@RedisUri String uri) {
    uriFromBeforeEach = uri;
  }

  @Test
  void everyInjectionPoint_getsTheSameRunningServer(CortadoServer redis, @RedisPort int port,
      @RedisPort Integer boxedPort, @RedisUri String uri, @RedisUri URI uriObject) {
    assertThat(redis.isRunning()).isTrue();
    assertThat(fromConstructor).isSameAs(redis);
    assertThat(fromBeforeAll).isSameAs(redis);
    assertThat(port).isEqualTo(redis.port()).isEqualTo(portFromConstructor).isEqualTo(boxedPort);
    assertThat(uri).isEqualTo("redis://127.0.0.1:" + port).isEqualTo(uriFromBeforeEach);
    assertThat(uriObject).isEqualTo(URI.create(uri));
    try (TestClient client = new TestClient(redis)) {
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void manualClock_isTheServersClock(CortadoServer redis, ManualClock clock) {
    assertThat(redis.clock()).isSameAs(clock);
    redis.data().set("k", "v", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));
    assertThat(redis.data().exists("k")).isFalse();
  }

  @AfterAll
  static void afterAll(CortadoServer redis) {
    assertThat(redis.isRunning()).as("still running in @AfterAll").isTrue();
  }
}
