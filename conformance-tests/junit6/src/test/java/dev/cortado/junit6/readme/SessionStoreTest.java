package dev.cortado.junit6.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.ManualClock;
import dev.cortado.junit.CortadoExtension;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's Lettuce example, as written there. */
class SessionStoreTest {
  @RegisterExtension
  static CortadoExtension redis = CortadoExtension.builder().manualClock().build();

  static RedisClient client;
  static RedisCommands<String, String> commands;

  @BeforeAll
  static void connect() {
    client = RedisClient.create(redis.server().uri());
    StatefulRedisConnection<String, String> connection = client.connect();
    commands = connection.sync();
  }

  @AfterAll
  static void disconnect() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Test
  void sessionsLastADay(ManualClock clock) {
    commands.setex("session:42", 86_400, "alice");

    clock.advance(Duration.ofHours(24));
    assertThat(commands.get("session:42")).isEqualTo("alice");   // alive through its last millisecond
    clock.advance(Duration.ofMillis(1));
    assertThat(commands.get("session:42")).isNull();
  }
}
