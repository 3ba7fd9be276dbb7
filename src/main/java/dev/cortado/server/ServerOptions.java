package dev.cortado.server;

/** How a server was asked to start. */
public record ServerOptions(String bind, int port, String password, int databases, long seed) {
  public static final long NO_SEED = Long.MIN_VALUE;

  public ServerOptions {
    if (databases < 1) {
      throw new IllegalArgumentException("databases must be at least 1, got " + databases);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }
}
