package dev.cortado;

import dev.cortado.command.CommandTable;
import dev.cortado.command.Dispatcher;
import dev.cortado.mock.MockSupport;
import dev.cortado.mock.RedisMock;
import dev.cortado.server.ServerOptions;
import dev.cortado.server.ServerState;
import dev.cortado.server.Tls;
import dev.cortado.server.Transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An in-process Redis-compatible server.
 *
 * <pre>{@code
 * try (CortadoServer redis = CortadoServer.builder().build().start()) {
 *   Jedis jedis = new Jedis(redis.host(), redis.port());
 * }
 * }</pre>
 *
 * <p>Besides the network, a test can read and write the data directly with {@link #data()}, and move
 * the time with a {@link ManualClock} given to {@link Builder#clock}, and stub replies, inject faults
 * and verify the commands that arrived with {@link #mock()}. Every method is safe to call from any
 * thread.
 */
public final class CortadoServer implements AutoCloseable {
  private final ServerOptions options;
  private final Clock clock;
  private final dev.cortado.keyspace.Clock serverClock;
  private final RedisMock mock;
  private final Tls tls;
  private volatile ServerState state;
  private volatile Transport transport;
  private AutoCloseable clockSubscription;
  private volatile int port = -1;
  /** ACL users to declare at each start: the name, then ACL SETUSER's rules. */
  private final List<List<byte[]>> users;
  /** The group this server is a Sentinel of, or null for a data server. */
  private final dev.cortado.server.SentinelGroup sentinelGroup;
  /** The RDB file loaded at each start and written by SAVE, or null for none. */
  private final Path rdbFile;

  /** Parameters fixed at start (enable-debug-command, aclfile), set into CONFIG at each start. */
  private final Map<String, String> settings;
  /** The admin interface (HTTP and CORTADO.* commands), or null when off (the default). */
  private final dev.cortado.admin.AdminSupport admin;
  /** Parameters given to {@link Builder#config}, name and value as given, in order. */
  private final List<String[]> configs;
  /** A node a CortadoCluster builds: its cluster, not start(), gives it its place. */
  private final boolean clusterMember;

  private CortadoServer(Builder builder) {
    this.clusterMember = builder.clusterMember;
    this.settings = Map.copyOf(builder.settings);
    this.configs = List.copyOf(builder.configs);
    this.tls = builder.tls;
    this.users = List.copyOf(builder.users);
    this.rdbFile = builder.rdbFile;
    this.sentinelGroup = builder.sentinelGroup;
    this.options = new ServerOptions(builder.bind, builder.port, builder.password, builder.databases,
        builder.seed, builder.protectedMode, tls == null ? null : tls.serverContext());
    this.clock = builder.clock;
    this.serverClock = serverClock(builder.clock);
    this.mock = builder.sharedMock != null ? builder.sharedMock
        : MockSupport.newMock(builder.journalLimit);
    this.admin = builder.adminPort < 0 ? null
        : dev.cortado.admin.AdminSupport.of(this, builder.bind, builder.adminPort,
            builder.protectedMode);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How the server reads the time: a manual clock directly, any other clock through java.time. */
  private static dev.cortado.keyspace.Clock serverClock(Clock clock) {
    if (clock == null) {
      return dev.cortado.keyspace.Clock.system();
    }
    if (clock instanceof ManualClock manual) {
      return new dev.cortado.keyspace.Clock() {
        @Override
        public long millis() {
          return manual.millis();
        }

        @Override
        public long micros() {
          return manual.micros();
        }
      };
    }
    return new dev.cortado.keyspace.Clock() {
      @Override
      public long millis() {
        return clock.millis();
      }

      @Override
      public long micros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      }
    };
  }

  /**
   * Binds the port and starts answering; returns this server. A stopped server can be started
   * again, empty.
   */
  public synchronized CortadoServer start() {
    if (transport != null) {
      throw new IllegalStateException("already started");
    }
    refuseUnprotectedBind();
    ServerState s = new ServerState(options, serverClock);
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      s.config.set(setting.getKey(), setting.getValue());
    }
    for (String[] parameter : configs) { // in order: client-output-buffer-limit merges with the last
      s.config.set(parameter[0], s.config.normalize(parameter[0], parameter[1]));
    }
    if (clusterMember) {
      s.config.set("cluster-enabled", "yes"); // unchecked: builder.config() would parse it again
    }
    s.onShutdown = new ShutdownStop(this);
    CommandTable table = sentinelGroup == null ? CommandTable.standard() : CommandTable.sentinel();
    if (admin != null) {
      admin.registerCommands(table);
    }
    Dispatcher dispatcher = new Dispatcher(s, table, MockSupport.interceptor(mock));
    if (!users.isEmpty() && settings.containsKey("aclfile")) {
      // Redis refuses users in its configuration together with an ACL file.
      throw new IllegalStateException("users declared with user(...) and an ACL file cannot go "
          + "together: declare the users in the file");
    }
    dispatcher.loadAclFile();
    for (List<byte[]> user : users) {
      dispatcher.declareUser(new String(user.get(0), StandardCharsets.ISO_8859_1),
          user.subList(1, user.size()));
    }
    if (rdbFile != null) {
      dev.cortado.command.RdbFiles.load(s, rdbFile);
    }
    Transport t = new Transport(s, dispatcher);
    MockSupport.ownedBy(mock, t); // before the first command can be recorded
    try {
      port = t.start();
    } catch (RuntimeException e) {
      MockSupport.ownedBy(mock, null);
      throw e;
    }
    state = s;
    transport = t;
    if (sentinelGroup != null) {
      sentinelGroup.join(options.bind(), port, s, t.executor());
    }
    if (!clusterMember && "yes".equals(s.config.get("cluster-enabled"))) {
      // As redis-server --cluster-enabled yes: a node alone, until CLUSTER MEET joins it to others.
      long seed = options.seed() == ServerOptions.NO_SEED ? System.nanoTime() : options.seed();
      onLoop(st -> dev.cortado.server.ClusterTopology.lone(options.bind(), port, st, t.executor(),
          seed));
    }
    if (clock instanceof ManualClock manual) {
      clockSubscription = manual.onChange(this::clockMoved);
    }
    if (admin != null) {
      try {
        admin.start();
      } catch (RuntimeException e) {
        stop();
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return this;
  }

  /**
   * Redis's protected mode: without a password, only loopback clients may connect. Here that means
   * not listening beyond loopback at all, unless protected mode is turned off.
   */
  private void refuseUnprotectedBind() {
    if (!options.protectedMode() || password() != null) {
      return;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(options.bind()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot bind " + options.bind() + ": unknown host", e);
    }
    if (!loopback) {
      throw new IllegalStateException("protected mode: refusing to listen on " + options.bind()
          + " without a password. Set one (password(...), --requirepass) or turn protected mode off"
          + " (protectedMode(false), --protected-mode no).");
    }
  }

  /** A manual clock moved: remove what expired now, so INFO and keyspace events see it at once. */
  private void clockMoved() {
    Transport t = transport;
    if (t != null) {
      t.expireNow();
    }
  }

  /**
   * Closes the port and every connection. When this returns the port is free and no socket of this
   * server is open; no thread is left behind (servers share the JVM-wide daemon loop threads).
   */
  public synchronized void stop() {
    if (transport != null) {
      if (admin != null) {
        admin.stop();
      }
      closeClockSubscription();
      transport.stop();
      MockSupport.ownedBy(mock, null); // nothing records any more: the journal is read in place
      transport = null;
    }
  }

  /**
   * SHUTDOWN: stops the server from a thread of its own (the command runs on the server's loop,
   * which stop() waits for), unless a newer start has replaced the transport meanwhile. A class
   * rather than a lambda: a lambda would cost every first start a hidden class.
   */
  private static final class ShutdownStop implements Runnable {
    private final CortadoServer server;

    ShutdownStop(CortadoServer server) {
      this.server = server;
    }

    @Override
    public void run() {
      Transport stopping = server.transport;
      Thread t = new Thread(() -> {
        synchronized (server) {
          if (server.transport == stopping) {
            server.stop();
          }
        }
      }, "cortado-shutdown");
      t.setDaemon(true);
      t.start();
    }
  }

  private void closeClockSubscription() {
    if (clockSubscription != null) {
      try {
        clockSubscription.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      clockSubscription = null;
    }
  }

  /** Same as {@link #stop()}. */
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
    ServerState s = state;
    return transport != null && s != null ? s.boundPort : port; // CONFIG SET port moves it
  }

  /**
   * The address clients connect to: the bound address, or the loopback address when the server binds
   * every interface (0.0.0.0 or ::).
   */
  public String host() {
    String bind = options.bind();
    if (bind.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    return bind.equals("::") || bind.equals("[::]") ? "::1" : bind;
  }

  /** {@code redis://host:port}, the form most clients accept; {@code rediss://} with TLS. */
  public String uri() {
    return (tls == null ? "redis://" : "rediss://") + host() + ":" + port();
  }

  /** Whether the port speaks TLS. */
  public boolean isTls() {
    return tls != null;
  }

  /** The certificate the TLS port presents. */
  public X509Certificate tlsCertificate() {
    return requireTls().certificate();
  }

  /**
   * An SSL context that trusts this server's certificate, for clients: Jedis's
   * {@code sslSocketFactory(ctx.getSocketFactory())}, or a trust manager for Lettuce.
   */
  public SSLContext tlsClientContext() {
    return requireTls().clientContext();
  }

  /** Trust managers trusting this server's certificate: Lettuce's {@code SslOptions.trustManager}. */
  public TrustManagerFactory tlsTrustManagerFactory() {
    return requireTls().trustManagerFactory();
  }

  private Tls requireTls() {
    if (tls == null) {
      throw new IllegalStateException("this server does not use TLS: build it with tls(...)");
    }
    return tls;
  }

  /** The password clients must AUTH with, or null when none is required. */
  public String password() {
    return options.password() == null || options.password().isEmpty() ? null : options.password();
  }

  /** The clock the server lives by: the one given to the builder, else the system clock (UTC). */
  public Clock clock() {
    return clock == null ? Clock.systemUTC() : clock;
  }

  /**
   * The admin interface's HTTP port while the server runs (see {@link Builder#adminPort(int)}); -1
   * when the server has no admin interface or is stopped.
   */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** Direct access to database 0, without the network. */
  public RedisData data() {
    return data(0);
  }

  /** Direct access to a database, without the network. */
  public RedisData data(int db) {
    if (db < 0 || db >= options.databases()) {
      throw new IllegalArgumentException(
          "no database " + db + ": this server has databases 0 to " + (options.databases() - 1));
    }
    return new RedisData(this, db);
  }

  /**
   * This server's mock layer: stubs that answer instead of the keyspace, injected faults, and the
   * journal of commands received, to verify. Kept across stop and start; cleared by {@link #reset()}.
   */
  public RedisMock mock() {
    return mock;
  }

  /**
   * Publishes a message as a client's PUBLISH would, from the test: every subscriber of the channel
   * and of matching patterns receives it. Returns how many received it. Strings are UTF-8.
   */
  public long publish(String channel, String message) {
    return publish(channel.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@link #publish(String, String)} with binary channel and message. */
  public long publish(byte[] channel, byte[] message) {
    byte[] ch = channel.clone();
    byte[] msg = message.clone();
    return onLoop(s -> s.pubsub.publish(ch, msg));
  }

  /**
   * Starts recording the messages published to channels matching these glob patterns (a channel's
   * own name matches itself): what the code under test publishes, and keyspace events. See
   * {@link PublishedMessages}; assert on it with {@code CortadoAssertions.assertThat(recorder)}.
   */
  public PublishedMessages recordMessages(String... channelPatterns) {
    if (channelPatterns.length == 0) {
      throw new IllegalArgumentException("name at least one channel pattern, e.g. \"*\"");
    }
    return new PublishedMessages(this, channelPatterns);
  }

  /** Empties every database (FLUSHALL). */
  public void flushAll() {
    onLoop(s -> {
      s.flushAll();
      return null;
    });
  }

  /**
   * Returns the server to a fresh state between tests: stubs and the journal cleared, a manual clock
   * back at its start instant, every database emptied, the Lua script cache and function libraries
   * emptied (which FLUSHALL keeps, as in Redis). Connections stay open, with their selected
   * database. The JUnit extension calls this before each test.
   */
  public void reset() {
    mock.reset();
    onLoop(s -> {
      if (clock instanceof ManualClock manual) {
        manual.reset();
      }
      boolean replicated = s.replication.hasReplicas();
      if (replicated) {
        s.replication.beforeWholeDatabaseOperation();
      }
      s.flushAll();
      if (replicated) { // replicas empty too, after whatever they were still to apply
        s.replication.wholeDatabaseOperation("flushall", 0, null);
      }
      if (s.scripts != null) {
        s.scripts.flush();
        if (s.scripts.hasFunctions()) {
          s.scripts.functions().flush();
        }
      }
      return null;
    });
  }

  /**
   * Makes this server a replica of another running server of this JVM, as {@code REPLICAOF host
   * port} does: its data is replaced by a copy of the primary's, every later write of the primary
   * follows (asynchronously, as in Redis; {@code WAIT} counts it), and its clients get Redis's
   * READONLY error for writes. {@code null} makes it a primary again, keeping its data.
   */
  public CortadoServer replicaOf(CortadoServer primary) {
    if (primary == this) {
      throw new IllegalArgumentException("a server cannot replicate itself");
    }
    ServerState p = primary == null ? null : primary.state;
    if (primary != null && !primary.isRunning()) {
      throw new IllegalStateException("the primary is not running: start() it first");
    }
    String host = primary == null ? null : primary.host();
    int primaryPort = primary == null ? 0 : primary.port();
    onLoop(s -> {
      if (p == null) {
        s.replication.stopReplicating();
      } else {
        s.replication.replicate(p, host, primaryPort);
      }
      return null;
    });
    if (primary != null) {
      primary.onLoop(s -> null); // after the attachment queued there: writes from now on follow
    }
    return this;
  }

  /** The server's loop, for tasks other servers hand it (a cluster's PUBLISH). */
  java.util.concurrent.Executor loop() {
    Transport t = transport;
    if (t == null) {
      throw new IllegalStateException("server not running: start() it first");
    }
    return t.executor();
  }

  /** Runs a task on the server's loop: atomic with respect to every client command. */
  <T> T onLoop(Function<ServerState, T> task) {
    Transport t = transport;
    ServerState s = state;
    if (t == null) {
      throw new IllegalStateException("server not running: start() it first");
    }
    return t.call(() -> {
      T result = task.apply(s);
      s.serveReadyKeys(); // a direct write (RedisData) serves blocked clients as a command does
      return result;
    });
  }

  /** The run id INFO reports, as Sentinel knows it. */
  String runId() {
    return state.runId;
  }

  int databases() {
    return options.databases();
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
    private Clock clock;
    private int journalLimit = 100_000;
    /** A cluster's nodes share one mock layer. */
    RedisMock sharedMock;
    boolean clusterMember;
    private int adminPort = -1;
    private boolean protectedMode = true;
    private Tls tls;
    private final List<List<byte[]>> users = new ArrayList<>();
    private Path rdbFile;
    private dev.cortado.server.SentinelGroup sentinelGroup;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String[]> configs = new ArrayList<>();

    /** Makes the server a Sentinel of the group (CortadoSentinel builds these). */
    Builder sentinelOf(dev.cortado.server.SentinelGroup group) {
      this.sentinelGroup = group;
      return this;
    }

    private Builder() {}

    /** Parameters with a builder method of their own: config(...) would not reach what uses them. */
    private static final java.util.Set<String> OWN_METHOD = java.util.Set.of("port", "bind",
        "requirepass", "databases", "protected-mode", "dir", "dbfilename", "aclfile",
        "enable-debug-command");

    /**
     * A configuration parameter set at start, as a redis.conf line (or CONFIG SET) sets it, e.g.
     * {@code config("maxmemory-policy", "allkeys-lru")} or {@code config("notify-keyspace-events",
     * "KEA")}; CONFIG GET shows it as Redis would. A value Redis refuses throws
     * IllegalArgumentException with Redis's reason. Port, bind, requirepass, databases,
     * protected-mode, dir, dbfilename, aclfile and enable-debug-command have methods of their own.
     */
    public Builder config(String parameter, String value) {
      String name = dev.cortado.server.Config.canonicalName(
          Objects.requireNonNull(parameter, "parameter"));
      if (name == null) {
        throw new IllegalArgumentException("unknown configuration parameter " + parameter);
      }
      if (OWN_METHOD.contains(name)) {
        throw new IllegalArgumentException(name + " is set with its own builder method");
      }
      try { // checked now, so a bad value fails here rather than at start()
        new dev.cortado.server.Config(new ServerOptions(bind, 0, null, 1, seed))
            .normalize(name, Objects.requireNonNull(value, "value"));
      } catch (dev.cortado.server.Config.InvalidValueException e) {
        throw new IllegalArgumentException(parameter + ": " + e.getMessage(), e);
      }
      configs.add(new String[] {name, value});
      return this;
    }

    /**
     * An RDB file (as Redis 7.0 writes it, e.g. a {@code dump.rdb} taken from a real Redis): loaded
     * at every start when it exists, and written by SAVE and BGSAVE, which write nothing without
     * one. A file Redis would refuse fails {@link CortadoServer#start()} with the reason.
     */
    public Builder rdbFile(Path file) {
      this.rdbFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Who may run DEBUG, as Redis's {@code enable-debug-command}: "no" (the default, as in Redis
     * 7.0), "yes", or "local" (clients on a loopback address).
     */
    public Builder enableDebugCommand(String mode) {
      settings.put("enable-debug-command", checkedDebugMode(mode));
      return this;
    }

    /**
     * The ACL file (Redis's {@code aclfile}): its users are loaded at start, and ACL LOAD and ACL
     * SAVE read and write it. A missing or invalid file fails {@link CortadoServer#start()}, as it
     * stops Redis from starting.
     */
    public Builder aclFile(Path file) {
      settings.put("aclfile", file.toAbsolutePath().toString());
      return this;
    }

    /** The TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to bind; 127.0.0.1 by default. */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Requires clients to AUTH with this password (the default user's, as requirepass). */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Declares an ACL user, as {@code ACL SETUSER name on >password rules...} would (a null
     * password: {@code nopass}), e.g. {@code user("app", "secret", "~app:*", "+@all")}: clients
     * authenticate with {@code AUTH app secret} and may run only what the rules allow. The rules
     * are Redis's; one it rejects fails {@link CortadoServer#start()} with Redis's error.
     */
    public Builder user(String name, String password, String... rules) {
      List<byte[]> user = new ArrayList<>(rules.length + 3);
      user.add(Objects.requireNonNull(name, "name").getBytes(StandardCharsets.ISO_8859_1));
      user.add("on".getBytes(StandardCharsets.ISO_8859_1));
      user.add((password == null ? "nopass" : ">" + password).getBytes(StandardCharsets.ISO_8859_1));
      for (String rule : rules) {
        user.add(rule.getBytes(StandardCharsets.ISO_8859_1));
      }
      users.add(user);
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

    /**
     * The clock for TTLs, expiry and TIME; the system clock by default. Give a {@link ManualClock} to
     * move time by hand.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Protected mode (on by default, as in Redis): without a password the server only listens on a
     * loopback address; binding another one fails. Off lets anyone on the network in.
     */
    public Builder protectedMode(boolean on) {
      this.protectedMode = on;
      return this;
    }

    /**
     * Serves TLS on the port, with a PEM certificate (chain) and its PEM private key in PKCS#8 form
     * ({@code BEGIN PRIVATE KEY}); plaintext clients are disconnected.
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      this.tls = Tls.fromPem(certificateChain, privateKey);
      return this;
    }

    /**
     * Serves TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made once per JVM;
     * clients trust it through {@link CortadoServer#tlsClientContext()}.
     */
    public Builder tlsSelfSigned() {
      this.tls = Tls.selfSigned();
      return this;
    }

    /**
     * How many commands the mock journal keeps for verification (100,000 by default; it also keeps
     * no more than 64 MiB of arguments); the oldest go first. 0 turns the journal off.
     */
    public Builder journalLimit(int commands) {
      this.journalLimit = checkedJournalLimit(commands);
      return this;
    }

    /** A journal limit as every builder takes it: not negative. */
    static int checkedJournalLimit(int commands) {
      if (commands < 0) {
        throw new IllegalArgumentException("journal limit cannot be negative: " + commands);
      }
      return commands;
    }

    /** An enable-debug-command mode as every builder takes it: no, yes or local. */
    static String checkedDebugMode(String mode) {
      if (!mode.equals("no") && !mode.equals("yes") && !mode.equals("local")) {
        throw new IllegalArgumentException("enable-debug-command is yes, no or local, not " + mode);
      }
      return mode;
    }

    /**
     * Turns on the admin interface, for tests in other languages: JSON over HTTP on this port (0
     * for a free one; {@link CortadoServer#adminPort()}), bound to the same address as the Redis
     * port, with the console page at {@code /__admin/console/}; and the CORTADO.* commands on the
     * Redis port. Off by default: a server without it answers as Redis does. Anyone who can reach
     * the port can read and change the data, so keep it on loopback.
     */
    public Builder adminPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("admin port out of range: " + port);
      }
      this.adminPort = port;
      return this;
    }

    public CortadoServer build() {
      return new CortadoServer(this);
    }
  }
}
