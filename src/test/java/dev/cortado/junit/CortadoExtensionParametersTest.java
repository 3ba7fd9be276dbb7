package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.junit.Examples.Example;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class CortadoExtensionParametersTest {
  private static List<String> failures(EngineExecutionResults results) {
    return results.testEvents().failed().list().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::getMessage).orElse("?"))
        .toList();
  }

  @Example
  @EmbeddedRedis
  static class WrongTypes {
    @Test
    void portAsString(@RedisPort String port) {}

    @Test
    void uriAsInt(@RedisUri int uri) {}

    @Test
    void clockWithoutManualClock(ManualClock clock) {}
  }

  @Test
  void misdeclaredParameters_failWithAnExplanation() {
    List<String> messages = failures(Examples.run(WrongTypes.class));
    assertThat(messages).hasSize(3);
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("@RedisPort goes on an int parameter"));
    assertThat(messages).anySatisfy(
        m -> assertThat(m).contains("@RedisUri goes on a String or a java.net.URI parameter"));
    assertThat(messages).anySatisfy(
        m -> assertThat(m).contains("runs on the system clock").contains("manualClock = true"));
  }

  @Example
  @EmbeddedRedis
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstance {
    static CortadoServer constructed;
    private final CortadoServer redis;

    PerClassInstance(CortadoServer redis) {
      this.redis = redis;
      constructed = redis;
    }

    @Test
    void first(CortadoServer injected) {
      assertThat(injected).isSameAs(redis);
      assertThat(redis.isRunning()).isTrue();
    }

    @Test
    void second(CortadoServer injected) {
      assertThat(injected).isSameAs(redis);
    }
  }

  @Test
  void perClassLifecycle_constructorInjection_startsTheServerBeforeBeforeAll() {
    PerClassInstance.constructed = null;
    EngineExecutionResults results = Examples.run(PerClassInstance.class);
    assertThat(failures(results)).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
    assertThat(PerClassInstance.constructed.isRunning()).isFalse();
  }

  @Example
  static class Programmatic {
    @org.junit.jupiter.api.extension.RegisterExtension
    static CortadoExtension redis = CortadoExtension.builder()
        .password("s3cret").databases(4).seed(7).manualClock(java.time.Instant.EPOCH).build();

    @Test
    void settingsApply(CortadoServer server, ManualClock clock) {
      assertThat(server.password()).isEqualTo("s3cret");
      assertThat(clock.instant()).isEqualTo(java.time.Instant.EPOCH);
      assertThat(server.data(3).size()).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.data(4))
          .isInstanceOf(IllegalArgumentException.class);
      try (dev.cortado.TestClient c = new dev.cortado.TestClient(server)) {
        assertThat(c.call("PING")).startsWith("-NOAUTH");
      }
    }
  }

  @Test
  void builderSettings_reachTheServer() {
    EngineExecutionResults results = Examples.run(Programmatic.class);
    assertThat(failures(results)).isEmpty();
    assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
  }

  @Test
  void server_beforeAnyStart_explainsWhy() {
    CortadoExtension extension = CortadoExtension.builder().build();
    org.assertj.core.api.Assertions.assertThatThrownBy(extension::server)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("starts before the first test");
  }
}
