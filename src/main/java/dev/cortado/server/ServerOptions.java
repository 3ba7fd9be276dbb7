package dev.cortado.server;

import io.netty.handler.ssl.SslContext;

/**
 * How a server was asked to start. {@code tls} null means plain TCP; {@code protectedMode} refuses a
 * non-loopback bind without a password, as Redis's protected mode refuses such clients.
 */
public record ServerOptions(String bind, int port, String password, int databases, long seed,
    boolean protectedMode, SslContext tls) {
  public static final long NO_SEED = Long.MIN_VALUE;

  public ServerOptions {
    if (databases < 1) {
      throw new IllegalArgumentException("databases must be at least 1, got " + databases);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  public ServerOptions(String bind, int port, String password, int databases, long seed) {
    this(bind, port, password, databases, seed, true, null);
  }
}
