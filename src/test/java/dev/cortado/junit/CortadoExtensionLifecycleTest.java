package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.junit.Examples.Example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** Where the extension is registered decides how long a server lives; JUnit stops it in all cases. */
class CortadoExtensionLifecycleTest {
  /** Servers the examples saw, in order. */
  static final List<CortadoServer> seen = Collections.synchronizedList(new ArrayList<>());

  static void see(CortadoServer server) {
    seen.add(server);
  }

  private static List<CortadoServer> run(Class<?>... examples) {
    seen.clear();
    EngineExecutionResults results = Examples.run(examples);
    assertAllPassed(results);
    return new ArrayList<>(seen);
  }

  static void assertAllPassed(EngineExecutionResults results) {
    List<String> failures = new ArrayList<>();
    for (Event e : results.allEvents().failed().list()) {
      failures.add(e.getTestDescriptor().getDisplayName() + ": "
          + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
              .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
              .map(Throwable::toString).orElse("?"));
    }
    assertThat(failures).as("failed examples").isEmpty();
    assertThat(results.testEvents().succeeded().count()).as("tests run").isPositive();
  }

  private static void assertStoppedAndPortFree(List<CortadoServer> servers) throws IOException {
    for (CortadoServer s : servers.stream().distinct().toList()) {
      assertThat(s.isRunning()).as("%s running", s).isFalse();
      try (ServerSocket again = new ServerSocket(s.port(), 1, InetAddress.getByName(s.host()))) {
        assertThat(again.getLocalPort()).isEqualTo(s.port());
      }
    }
  }

  // ---- one server per class

  @Example
  @EmbeddedRedis
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Declarative {
    @Test
    @Order(1)
    void first(CortadoServer redis) {
      see(redis);
      redis.data().set("left-by", "first");
    }

    @Test
    @Order(2)
    void second(CortadoServer redis) {
      see(redis);
      assertThat(redis.data().size()).as("reset before each test").isZero();
    }
  }

  @Test
  void annotation_startsOneServerPerClass_resetBetweenTests_andStopsItAfter() throws IOException {
    List<CortadoServer> servers = run(Declarative.class);
    assertThat(servers).hasSize(2);
    assertThat(servers.get(0)).isSameAs(servers.get(1));
    assertStoppedAndPortFree(servers);
  }

  @Example
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class StaticField {
    @RegisterExtension
    static CortadoExtension redis = CortadoExtension.builder().build();

    @Test
    @Order(1)
    void first() {
      see(redis.server());
      redis.server().data().set("k", "v");
    }

    @Test
    @Order(2)
    void second(CortadoServer injected) {
      see(injected);
      assertThat(injected).isSameAs(redis.server());
      assertThat(injected.data().size()).isZero();
    }
  }

  @Test
  void staticField_startsOneServerPerClass() throws IOException {
    List<CortadoServer> servers = run(StaticField.class);
    assertThat(servers).hasSize(2);
    assertThat(servers.get(0)).isSameAs(servers.get(1));
    assertStoppedAndPortFree(servers);
  }

  // ---- one server per test

  @Example
  static class InstanceField {
    @RegisterExtension
    CortadoExtension redis = CortadoExtension.builder().build();

    @Test
    void first(CortadoServer injected) {
      see(redis.server());
      assertThat(injected).isSameAs(redis.server());
    }

    @Test
    void second() {
      see(redis.server());
    }

    @Test
    void third() {
      see(redis.server());
    }
  }

  @Test
  void instanceField_startsOneServerPerTest() throws IOException {
    List<CortadoServer> servers = run(InstanceField.class);
    assertThat(servers).hasSize(3).doesNotHaveDuplicates();
    assertStoppedAndPortFree(servers);
  }

  // ---- reset

  @Example
  @EmbeddedRedis(resetBetweenTests = false, manualClock = true)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class NoReset {
    @Test
    @Order(1)
    void first(CortadoServer redis, ManualClock clock) {
      redis.data().set("k", "v");
      clock.advance(Duration.ofHours(1));
    }

    @Test
    @Order(2)
    void second(CortadoServer redis, ManualClock clock) {
      see(redis);
      assertThat(redis.data().get("k")).isEqualTo("v");
      assertThat(clock.instant()).isEqualTo(clock.start().plus(Duration.ofHours(1)));
    }
  }

  @Test
  void resetBetweenTests_false_keepsDataAndTime() {
    assertThat(run(NoReset.class)).hasSize(1);
  }

  @Example
  @EmbeddedRedis(clockStart = "2030-01-01T00:00:00Z")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class ClockReset {
    @Test
    @Order(1)
    void first(ManualClock clock, CortadoServer redis) {
      assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
      redis.data().set("session", "abc", Duration.ofHours(2));
      clock.advance(Duration.ofHours(1));
    }

    @Test
    @Order(2)
    void second(ManualClock clock, CortadoServer redis) {
      see(redis);
      assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
      assertThat(redis.data().exists("session")).isFalse();
    }
  }

  @Test
  void reset_rewindsTheManualClockToItsStart() {
    assertThat(run(ClockReset.class)).hasSize(1);
  }

  @Example
  @EmbeddedRedis
  static class BeforeAllData {
    @BeforeAll
    static void seed(CortadoServer redis) {
      redis.data().set("fixture", "x");
    }

    @Test
    void test(CortadoServer redis) {
      see(redis);
      assertThat(redis.data().exists("fixture")).as("@BeforeAll data is reset away").isFalse();
    }
  }

  @Test
  void reset_happensBeforeEachTest_soBeforeAllDataIsGone() {
    assertThat(run(BeforeAllData.class)).hasSize(1);
  }

  // ---- @Nested

  @Example
  @EmbeddedRedis
  static class Outer {
    @Test
    void outer(CortadoServer redis) {
      see(redis);
      redis.data().set("outer", "1");
    }

    @Nested
    class Inner {
      @Test
      void inner(CortadoServer redis) {
        see(redis);
        assertThat(redis.data().exists("outer")).isFalse();
        redis.data().set("inner", "1");
      }

      @Nested
      class Deeper {
        @Test
        void deeper(CortadoServer redis) {
          see(redis);
          assertThat(redis.data().size()).isZero();
        }
      }
    }
  }

  @Test
  void nestedClasses_shareTheEnclosingServer_resetBeforeEachOfTheirTests() throws IOException {
    List<CortadoServer> servers = run(Outer.class);
    assertThat(servers).hasSize(3);
    assertThat(servers).containsOnly(servers.get(0));
    assertStoppedAndPortFree(servers);
  }

  @Example
  static class NestedWithStaticField {
    @RegisterExtension
    static CortadoExtension redis = CortadoExtension.builder().build();

    @Test
    void outer(CortadoServer injected) {
      see(injected);
    }

    @Nested
    class Inner {
      @Test
      void inner(CortadoServer injected) {
        see(injected);
        assertThat(injected).isSameAs(redis.server());
      }
    }
  }

  @Test
  void nestedClasses_shareAStaticFieldsServer() {
    List<CortadoServer> servers = run(NestedWithStaticField.class);
    assertThat(servers).hasSize(2).containsOnly(servers.get(0));
  }

  // ---- several servers, failures

  @Example
  static class TwoServers {
    @RegisterExtension
    static CortadoExtension cache = CortadoExtension.builder().build();
    @RegisterExtension
    static CortadoExtension sessions = CortadoExtension.builder().databases(2).build();

    @Test
    void test() {
      see(cache.server());
      see(sessions.server());
      cache.server().data().set("k", "cache");
      assertThat(sessions.server().data().exists("k")).isFalse();
      assertThat(cache.server().port()).isNotEqualTo(sessions.server().port());
    }
  }

  @Test
  void twoExtensionsInOneClass_haveTheirOwnServers() throws IOException {
    List<CortadoServer> servers = run(TwoServers.class);
    assertThat(servers).hasSize(2).doesNotHaveDuplicates();
    assertStoppedAndPortFree(servers);
  }

  @Example
  @EmbeddedRedis
  static class FailingBeforeAll {
    @BeforeAll
    static void fail(CortadoServer redis) {
      see(redis);
      throw new IllegalStateException("set-up failed");
    }

    @Test
    void never() {}
  }

  @Example
  @EmbeddedRedis
  static class FailingTest {
    @Test
    void fails(CortadoServer redis) {
      see(redis);
      throw new AssertionError("test failed");
    }
  }

  @Test
  void aFailingClass_stillStopsItsServer() throws IOException {
    seen.clear();
    EngineExecutionResults results = Examples.run(FailingBeforeAll.class, FailingTest.class);
    assertThat(results.allEvents().failed().count()).isEqualTo(2);
    assertThat(seen).hasSize(2);
    assertStoppedAndPortFree(seen);
  }
}
