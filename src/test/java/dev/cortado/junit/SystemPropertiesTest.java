package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.Examples.Example;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The extension can publish the connection as system properties, which frameworks read: Spring Boot
 * builds its Redis connection from spring.data.redis.host and spring.data.redis.port, so a
 * {@code @SpringBootTest} under {@code @EmbeddedRedis(systemProperties = ...)} needs no other code.
 */
class SystemPropertiesTest {
  private static final String HOST = "spring.data.redis.host";
  private static final String PORT = "spring.data.redis.port";
  private static final String URL = "spring.data.redis.url";
  private static final String PASSWORD = "spring.data.redis.password";
  private static final String OLD = "cortado.test.had-a-value";

  @AfterEach
  void clear() {
    for (String p : new String[] {HOST, PORT, URL, PASSWORD, OLD}) {
      System.clearProperty(p);
    }
  }

  @Example
  @EmbeddedRedis(password = "pw", systemProperties = {
      "spring.data.redis.host={host}",
      "spring.data.redis.port={port}",
      "spring.data.redis.url={uri}",
      "spring.data.redis.password={password}",
      "cortado.test.had-a-value=replaced on {host}"})
  static class SpringBootStyle {
    @Test
    void propertiesDescribeTheServer(CortadoServer redis) {
      assertThat(System.getProperty(HOST)).isEqualTo("127.0.0.1");
      assertThat(System.getProperty(PORT)).isEqualTo(Integer.toString(redis.port()));
      assertThat(System.getProperty(URL)).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(System.getProperty(PASSWORD)).isEqualTo("pw");
      assertThat(System.getProperty(OLD)).isEqualTo("replaced on 127.0.0.1");
    }
  }

  @Test
  void propertiesAreSetWhileTheServerRuns_andRestoredAfter() {
    System.setProperty(OLD, "original");
    EngineExecutionResults results = Examples.run(SpringBootStyle.class);
    CortadoExtensionLifecycleTest.assertAllPassed(results);
    assertThat(System.getProperty(HOST)).isNull();
    assertThat(System.getProperty(PORT)).isNull();
    assertThat(System.getProperty(OLD)).isEqualTo("original");
  }

  @Example
  static class PerTest {
    static String portSeen;

    @RegisterExtension
    CortadoExtension redis = CortadoExtension.builder()
        .systemProperty("spring.data.redis.port", "{port}").build();

    @Test
    void test() {
      portSeen = System.getProperty(PORT);
      assertThat(portSeen).isEqualTo(Integer.toString(redis.server().port()));
    }
  }

  @Test
  void builder_publishesForAPerTestServerToo() {
    PerTest.portSeen = null;
    CortadoExtensionLifecycleTest.assertAllPassed(Examples.run(PerTest.class));
    assertThat(PerTest.portSeen).isNotNull();
    assertThat(System.getProperty(PORT)).isNull();
  }

  @Example
  @EmbeddedRedis(systemProperties = "no-equals-sign")
  static class Malformed {
    @Test
    void test() {}
  }

  @Test
  void malformedProperty_failsTheClassWithAnExplanation() {
    EngineExecutionResults results = Examples.run(Malformed.class);
    assertThat(results.containerEvents().failed().list())
        .singleElement()
        .satisfies(e -> assertThat(e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
            .orElseThrow()).hasMessageContaining("expected name=value"));
  }
}
