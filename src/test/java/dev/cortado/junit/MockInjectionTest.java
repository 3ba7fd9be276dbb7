package dev.cortado.junit;

import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.TestClient;
import dev.cortado.mock.RedisMock;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The mock is injected, and a shared server's stubs and journal do not leak into the next test. */
@EmbeddedRedis
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MockInjectionTest {
  @Test
  @Order(1)
  void stubsInOneTest(RedisMock mock, CortadoServer redis) {
    assertThat(mock).isSameAs(redis.mock());
    mock.when(command("GET", "k")).thenReturn(value("stubbed"));
    try (TestClient client = new TestClient(redis)) {
      assertThat(client.call("GET", "k")).isEqualTo("$7\r\nstubbed\r\n");
    }
  }

  @Test
  @Order(2)
  void areGoneInTheNext(RedisMock mock, CortadoServer redis) {
    assertThat(mock.stubs()).isEmpty();
    assertThat(mock.journal()).isEmpty();
    try (TestClient client = new TestClient(redis)) {
      assertThat(client.call("GET", "k")).isEqualTo("$-1\r\n");
    }
    assertThat(mock.journal()).hasSize(1);
  }
}
