package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.TestClient;
import dev.cortado.junit.Examples.Example;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Test classes run in parallel (JUnit's parallel execution, turned on here for the examples only):
 * each class gets its own server on its own free port, and none sees another's data.
 */
class CortadoExtensionParallelTest {
  private static final int CLASSES = 4;
  /** Every class's @BeforeAll waits here: it opens only if all classes run at the same time. */
  static volatile CyclicBarrier allStarted;
  static final Map<String, Integer> portByClass = new ConcurrentHashMap<>();
  static final Set<String> threads = ConcurrentHashMap.newKeySet();

  @EmbeddedRedis
  abstract static class ParallelExample {
    @BeforeAll
    static void waitForTheOthers() throws Exception {
      allStarted.await(30, TimeUnit.SECONDS);
    }

    @RepeatedTest(5)
    void ownsItsServer(CortadoServer redis) {
      String me = getClass().getSimpleName();
      threads.add(Thread.currentThread().getName());
      portByClass.merge(me, redis.port(), (a, b) -> {
        assertThat(b).as("same server for every test of the class").isEqualTo(a);
        return a;
      });
      try (TestClient client = new TestClient(redis)) {
        assertThat(client.call("DBSIZE")).as("reset before each test").isEqualTo(":0\r\n");
        for (int i = 0; i < 100; i++) {
          client.call("SET", "owner", me);
          client.call("INCR", "count");
          assertThat(client.call("GET", "owner")).isEqualTo("$" + me.length() + "\r\n" + me + "\r\n");
        }
        assertThat(redis.data().get("count")).isEqualTo("100");
      }
    }

    @Nested
    class Inner {
      @Test
      void sharesTheEnclosingServer(CortadoServer redis) {
        assertThat(redis.port()).isEqualTo(portByClass.get(ParallelExample.this.getClass().getSimpleName()));
      }
    }
  }

  @Example
  static class First extends ParallelExample {}

  @Example
  static class Second extends ParallelExample {}

  @Example
  static class Third extends ParallelExample {}

  @Example
  static class Fourth extends ParallelExample {}

  @Test
  void classesInParallel_eachGetItsOwnServerOnItsOwnPort() {
    allStarted = new CyclicBarrier(CLASSES);
    portByClass.clear();
    threads.clear();
    EngineExecutionResults results = Examples.run(Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(CLASSES)),
        First.class, Second.class, Third.class, Fourth.class);
    CortadoExtensionLifecycleTest.assertAllPassed(results);
    assertThat(results.testEvents().succeeded().count()).isEqualTo(CLASSES * 6);
    assertThat(portByClass).hasSize(CLASSES);
    assertThat(Set.copyOf(portByClass.values())).hasSize(CLASSES);
    assertThat(threads).hasSizeGreaterThanOrEqualTo(CLASSES);
  }
}
