package dev.cortado.junit;

import dev.cortado.CortadoServer;

import java.util.function.IntSupplier;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * The embedded server's connection for Spring Boot 4, whose interface has its own package and name
 * (Boot 3's is {@link BootThreeConnectionDetails}). Loaded only when Boot 4's interface is present.
 */
final class BootFourConnectionDetails implements DataRedisConnectionDetails {
  private final CortadoServer server;
  /** spring.data.redis.database, read when Boot asks: the user's choice, as with properties. */
  private final IntSupplier database;
  /** The user the application connects as (@EmbeddedRedis's connectAs), or the default user. */
  private final Settings.Credentials credentials;

  BootFourConnectionDetails(CortadoServer server, IntSupplier database,
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
  public SslBundle getSslBundle() {
    return SpringSsl.bundle(server);
  }

  @Override
  public Standalone getStandalone() {
    return Standalone.of(server.host(), server.port(), database.getAsInt());
  }

  @Override
  public String toString() {
    return "Cortado " + server.uri();
  }
}
