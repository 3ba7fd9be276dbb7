package dev.cortado.junit;

import dev.cortado.CortadoServer;

import java.util.function.IntSupplier;

import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;

/**
 * The embedded server's connection for Spring Boot 3 (3.1 and later), which moved it in Boot 4 (see
 * {@link BootFourConnectionDetails}). Loaded only when Boot 3's interface is present.
 */
final class BootThreeConnectionDetails implements RedisConnectionDetails {
  private final CortadoServer server;
  /** spring.data.redis.database, read when Boot asks: the user's choice, as with properties. */
  private final IntSupplier database;
  /** The user the application connects as (@EmbeddedRedis's connectAs), or the default user. */
  private final Settings.Credentials credentials;

  BootThreeConnectionDetails(CortadoServer server, IntSupplier database,
      Settings.Credentials credentials) {
    this.server = server;
    this.database = database;
    this.credentials = credentials;
  }

  @Override
  public String getUsername() {
    return credentials.username();
  }

  @Override
  public String getPassword() {
    return credentials.password();
  }

  @Override
  public Standalone getStandalone() {
    // Boot 3 asks the standalone connection for TLS; Boot 4 asks the details themselves.
    return Standalone.of(server.host(), server.port(), database.getAsInt(),
        SpringSsl.bundle(server));
  }

  @Override
  public String toString() {
    return "Cortado " + server.uri();
  }
}
