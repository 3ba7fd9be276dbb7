package dev.cortado;

import dev.cortado.command.CommandTable;
import dev.cortado.command.Dispatcher;
import dev.cortado.keyspace.Clock;
import dev.cortado.server.ServerOptions;
import dev.cortado.server.ServerState;
import dev.cortado.server.Transport;

/**
 * An in-process Redis-compatible server.
 *
 * <pre>{@code
 * try (CortadoServer redis = CortadoServer.builder().build().start()) {
 *   Jedis jedis = new Jedis(redis.host(), redis.port());
 * }
 * }</pre>
 */
public final class CortadoServer implements AutoCloseable {
  private final ServerOptions options;
  private final Clock clock;
  private ServerState state;
  private Transport transport;
  private int port = -1;

  private CortadoServer(Builder builder) {
    this.options = new ServerOptions(builder.bind, builder.port, builder.password, builder.databases,
        builder.seed);
    this.clock = builder.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts answering; returns this server. */
  public synchronized CortadoServer start() {
    if (transport != null) {
      throw new IllegalStateException("already started");
    }
    state = new ServerState(options, clock);
    Transport t = new Transport(state, new Dispatcher(state, CommandTable.standard()));
    port = t.start();
    transport = t;
    return this;
  }

  /** Closes the port and every connection; the port is free when this returns. */
  public synchronized void stop() {
    if (transport != null) {
      transport.stop();
      transport = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    return transport != null;
  }

  /** The port the server listens on (the free port picked when built with port 0). */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  public String host() {
    return options.bind();
  }

  /** {@code redis://host:port}, the form most clients accept. */
  public String uri() {
    return "redis://" + host() + ":" + port();
  }

  @Override
  public String toString() {
    return "CortadoServer[" + (port < 0 ? "not started" : uri()) + "]";
  }

  /** Server settings; every one has Redis's default except the port, which is a free one. */
  public static final class Builder {
    private String bind = "127.0.0.1";
    private int port = 0;
    private String password;
    private int databases = 16;
    private long seed = ServerOptions.NO_SEED;
    private Clock clock = Clock.system();

    private Builder() {}

    /** The TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to bind; 127.0.0.1 by default. */
    public Builder bind(String address) {
      this.bind = address;
      return this;
    }

    /** Requires clients to AUTH with this password (the default user's, as requirepass). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Number of databases, 16 by default as in Redis. */
    public Builder databases(int databases) {
      this.databases = databases;
      return this;
    }

    /** Seeds every random choice (RANDOMKEY...) so a test sees the same ones each run. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public CortadoServer build() {
      return new CortadoServer(this);
    }
  }
}
