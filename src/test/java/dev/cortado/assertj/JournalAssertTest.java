package dev.cortado.assertj;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static dev.cortado.mock.Mock.any;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.times;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.TestClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JournalAssertTest {
  static CortadoServer server;

  @BeforeAll
  static void start() {
    server = CortadoServer.builder().build().start();
    server.mock().expect(command("GET", "config"));
    try (TestClient client = new TestClient(server)) {
      client.call("SET", "lock", "me", "NX", "PX", "100");
      client.call("GET", "config");
      client.call("DEL", "lock");
    }
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void passingAssertionsChain() {
    assertThat(server.mock())
        .received(command("SET").withArgs("lock", any(), "NX", "PX", any()))
        .received(times(1), command("DEL", "lock"))
        .didNotReceive(command("DEL", "other"))
        .receivedInOrder(command("SET"), command("DEL"))
        .hasMetAllExpectations();
  }

  @Test
  void failuresCarryTheMocksMessage() {
    assertThatThrownBy(() -> assertThat(server.mock()).received(times(2), command("DEL", "lock")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected DEL \"lock\" exactly 2 times, but it arrived once.");
    assertThatThrownBy(() -> assertThat(server.mock()).receivedNothingUnexpected())
        .hasMessageContaining("2 commands arrived unmatched")
        .hasMessageContaining("SET \"lock\"");
    assertThatThrownBy(() -> assertThat(server.mock()).receivedInOrder(command("DEL"), command("SET")))
        .hasMessageContaining("no SET");
  }
}
