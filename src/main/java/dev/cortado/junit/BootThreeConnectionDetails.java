package dev.cortado.junit;

import dev.cortado.CortadoServer;

import org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails;

/**
 * The embedded server's connection for Spring Boot 3 (3.1 and later), which moved it in Boot 4 (see
 * {@link BootFourConnectionDetails}). Loaded only when Boot 3's interface is present.
 */
final class BootThreeConnectionDetails implements RedisConnectionDetails {
  private final CortadoServer server;

  BootThreeConnectionDetails(CortadoServer server) {
    this.server = server;
  }

  @Override
  public String getPassword() {
    return server.password();
  }

  @Override
  public Standalone getStandalone() {
    // Boot 3 asks the standalone connection for TLS; Boot 4 asks the details themselves.
    return Standalone.of(server.host(), server.port(), 0, SpringSsl.bundle(server));
  }

  @Override
  public String toString() {
    return "Cortado " + server.uri();
  }
}
