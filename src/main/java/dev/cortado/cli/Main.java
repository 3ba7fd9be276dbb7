package dev.cortado.cli;

import dev.cortado.CortadoServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The standalone server: {@code java -jar cortado-VERSION-standalone.jar --port 6379}. */
@Command(name = "cortado", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs a Cortado server: a Redis-compatible server, in memory, until stopped.")
public final class Main implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "6379", description = "TCP port, 0 for a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--requirepass", description = "Password clients must AUTH with.")
  String password;

  @Option(names = "--databases", defaultValue = "16", description = "Number of databases (default: ${DEFAULT-VALUE}).")
  int databases;

  @Option(names = "--protected-mode", defaultValue = "yes", description = "yes: without a password, "
      + "refuse to listen beyond loopback (default: ${DEFAULT-VALUE}).")
  String protectedMode;

  @Option(names = "--tls-cert-file", description = "PEM certificate (chain): the port speaks TLS.")
  java.nio.file.Path tlsCert;

  @Option(names = "--tls-key-file", description = "PEM private key (PKCS#8) of --tls-cert-file.")
  java.nio.file.Path tlsKey;

  @Option(names = "--dir", description = "Directory of the RDB file: with it (or --dbfilename) "
      + "dir/dbfilename is loaded at start and written by SAVE and BGSAVE.")
  java.nio.file.Path dir;

  @Option(names = "--dbfilename", description = "Name of the RDB file in --dir (dump.rdb).")
  String dbfilename;

  @Option(names = "--enable-debug-command", defaultValue = "no", description = "yes or local: "
      + "clients may run DEBUG (default: ${DEFAULT-VALUE}, as in Redis 7.0).")
  String enableDebugCommand;

  @Option(names = "--aclfile", description = "ACL file: users loaded at start, ACL LOAD and ACL "
      + "SAVE read and write it.")
  java.nio.file.Path aclFile;

  @Option(names = "--journal-limit", description = "Commands the mock journal keeps; 0 turns it "
      + "off. Default: 100000 with --admin-port (the admin interface reads it), else 0.")
  Integer journalLimit;

  @Option(names = "--admin-port", description = "Turns on the admin interface: JSON over HTTP on "
      + "this port (0 for a free one) on the --bind address, the console at /__admin/console/, and "
      + "the CORTADO.* commands on the Redis port. Off by default.")
  Integer adminPort;

  @Option(names = "--manual-clock", description = "The server's clock stands still, moved only by "
      + "the admin interface (POST /__admin/clock, CORTADO.CLOCK); it starts at the current time.")
  boolean manualClock;

  @Option(names = "--cluster", defaultValue = "0", description = "Start a Redis Cluster of this many "
      + "primaries instead of one server, on consecutive ports from --port (0: free ports).")
  int clusterMasters;

  @Option(names = "--replicas", description = "With --cluster: replicas per primary (default 0); "
      + "with --sentinel: replicas of the primary (default 1).")
  Integer replicas;

  @Option(names = "--sentinel", description = "Start a primary (on --port), its replicas (on the "
      + "next ports) and Sentinels monitoring them (from --sentinel-port), instead of one server.")
  boolean sentinel;

  @Option(names = "--sentinels", defaultValue = "3", description = "With --sentinel: how many "
      + "Sentinels (default: ${DEFAULT-VALUE}).")
  int sentinels;

  @Option(names = "--sentinel-port", defaultValue = "26379", description = "With --sentinel: the "
      + "first Sentinel's port, the others on the next ones; 0 for free ports (default: "
      + "${DEFAULT-VALUE}).")
  int sentinelPort;

  @Option(names = "--master-name", defaultValue = "mymaster", description = "With --sentinel: the "
      + "name the Sentinels monitor the primary under (default: ${DEFAULT-VALUE}).")
  String masterName;

  @Option(names = "--config", paramLabel = "FILE", description = "A redis.conf file, read as "
      + "redis-server reads it; the options given here override it. Directives Cortado does not "
      + "act on are reported on stderr, one line each.")
  java.nio.file.Path configFile;

  @Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (clusterMasters > 0 && sentinel) {
      System.err.println("cortado: --cluster and --sentinel cannot go together");
      return 1;
    }
    if (clusterMasters > 0) {
      return runCluster();
    }
    if (sentinel) {
      return runSentinel();
    }
    CortadoServer server;
    RedisConf conf = null;
    if (configFile != null) {
      try {
        conf = RedisConf.load(configFile);
      } catch (RedisConf.Fatal e) {
        String report = e.getMessage(); // Redis's multi-line report, or one line of ours
        System.err.print(report.endsWith("\n") ? report : "cortado: " + report + "\n");
        return 1;
      }
      conf.warnings().forEach(System.err::println);
      takeFromFile(conf.params());
    }
    try {
      if (!protectedMode.equals("yes") && !protectedMode.equals("no")) {
        throw new IllegalArgumentException("--protected-mode is yes or no, not " + protectedMode);
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together");
      }
      CortadoServer.Builder builder = CortadoServer.builder()
          .port(port).bind(bind).password(password).databases(databases)
          .protectedMode(protectedMode.equals("yes"))
          .journalLimit(journalLimit != null ? journalLimit : adminPort != null ? 100_000 : 0);
      if (adminPort != null) {
        builder.adminPort(adminPort);
      }
      if (manualClock) {
        builder.clock(new dev.cortado.ManualClock());
      }
      if (tlsCert != null) {
        builder.tls(tlsCert, tlsKey);
      }
      if (dir != null || dbfilename != null) {
        java.nio.file.Path base = dir == null ? java.nio.file.Path.of(".") : dir;
        builder.rdbFile(base.resolve(dbfilename == null ? "dump.rdb" : dbfilename));
      }
      builder.enableDebugCommand(enableDebugCommand);
      if (aclFile != null) {
        builder.aclFile(aclFile);
      }
      if (conf != null) {
        fileToBuilder(conf, builder);
      }
      server = builder.build();
      server.start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("cortado: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C run shutdown hooks: close the port before the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }, "cortado-shutdown"));
    if (server.adminPort() >= 0) {
      System.out.println("Cortado admin interface on http://" + bind + ":" + server.adminPort()
          + "/__admin/ (console: /__admin/console/)");
    }
    System.out.println("Cortado ready to accept connections on " + bind + ":" + server.port());
    System.out.flush();
    // Until a signal stops it, or a client's SHUTDOWN does.
    while (!stopped.await(100, TimeUnit.MILLISECONDS) && server.isRunning()) {
      // waiting
    }
    return 0;
  }

  /**
   * The first of the given options the command line has, for a mode that cannot take it: a whole
   * deployment has no admin interface (which a journal and a manual clock need), nor one file of
   * each kind.
   */
  private String firstGiven(String... options) {
    for (String option : options) {
      if (given(option)) {
        return option;
      }
    }
    return null;
  }

  private static final String[] SINGLE_SERVER_ONLY = {"--admin-port", "--aclfile", "--dir",
      "--dbfilename", "--config", "--databases", "--protected-mode", "--manual-clock",
      "--journal-limit"};

  /** --cluster N [--replicas R]: every node in this process, until a signal stops it. */
  private Integer runCluster() throws InterruptedException {
    String refused = firstGiven(SINGLE_SERVER_ONLY);
    if (refused == null) {
      refused = firstGiven("--sentinels", "--sentinel-port", "--master-name");
    }
    if (refused != null) {
      System.err.println("cortado: " + refused + " is not available with --cluster");
      return 1;
    }
    dev.cortado.CortadoCluster cluster;
    try {
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together");
      }
      dev.cortado.CortadoCluster.Builder builder = dev.cortado.CortadoCluster.builder()
          .masters(clusterMasters).replicas(replicas == null ? 0 : replicas).host(bind).firstPort(port)
          .enableDebugCommand(enableDebugCommand).journalLimit(0); // nothing here reads a journal
      if (password != null) {
        builder.password(password);
      }
      if (tlsCert != null) {
        builder.tls(tlsCert, tlsKey);
      }
      cluster = builder.build().start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("cortado: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.stop();
      stopped.countDown();
    }, "cortado-shutdown"));
    for (int i = 0; i < cluster.nodes().size(); i++) {
      System.out.println("Cortado cluster node " + i + " (" + (cluster.isPrimary(i) ? "primary"
          : "replica") + ") ready to accept connections on " + bind + ":"
          + cluster.node(i).port());
    }
    System.out.flush();
    // Until a signal stops it, or clients' SHUTDOWN has stopped every node.
    while (!stopped.await(100, TimeUnit.MILLISECONDS) && anyRunning(cluster.nodes())) {
      // waiting
    }
    cluster.stop();
    return 0;
  }

  private static boolean anyRunning(java.util.Collection<CortadoServer> servers) {
    for (CortadoServer s : servers) {
      if (s.isRunning()) {
        return true;
      }
    }
    return false;
  }

  /** --sentinel: a primary, its replicas and Sentinels in this process, until a signal stops it. */
  private Integer runSentinel() throws InterruptedException {
    String refused = firstGiven(SINGLE_SERVER_ONLY);
    if (refused == null) {
      refused = firstGiven("--tls-cert-file", "--tls-key-file");
    }
    if (refused != null) {
      System.err.println("cortado: " + refused + " is not available with --sentinel");
      return 1;
    }
    dev.cortado.CortadoSentinel deployment;
    try {
      dev.cortado.CortadoSentinel.Builder builder = dev.cortado.CortadoSentinel.builder()
          .masterName(masterName).replicas(replicas == null ? 1 : replicas).sentinels(sentinels)
          .quorum(Math.min(2, sentinels)).host(bind).firstPort(port)
          .firstSentinelPort(sentinelPort).enableDebugCommand(enableDebugCommand)
          .journalLimit(0); // nothing here reads a journal
      if (password != null) {
        builder.password(password);
      }
      deployment = builder.build().start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("cortado: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      deployment.stop();
      stopped.countDown();
    }, "cortado-shutdown"));
    System.out.println("Cortado primary '" + masterName + "' ready to accept connections on "
        + bind + ":" + deployment.primary().port());
    for (CortadoServer r : deployment.replicas()) {
      System.out.println("Cortado replica ready to accept connections on " + bind + ":"
          + r.port());
    }
    for (CortadoServer s : deployment.sentinels()) {
      System.out.println("Cortado Sentinel ready to accept connections on " + bind + ":"
          + s.port());
    }
    System.out.flush();
    java.util.List<CortadoServer> all = new java.util.ArrayList<>(deployment.replicas());
    all.add(deployment.primary());
    all.addAll(deployment.sentinels());
    // Until a signal stops it, or clients' SHUTDOWN has stopped every server.
    while (!stopped.await(100, TimeUnit.MILLISECONDS) && anyRunning(all)) {
      // waiting
    }
    deployment.stop();
    return 0;
  }

  /** Settings of the file that have an option here, unless the command line gives the option. */
  private void takeFromFile(java.util.Map<String, String> params) {
    params.forEach((name, value) -> {
      switch (name) {
        case "port" -> port = given("--port") ? port : Integer.parseInt(value);
        case "bind" -> bind = given("--bind") || value.isBlank() ? bind
            : RedisConf.listenAddress(value);
        case "requirepass" -> password = given("--requirepass") ? password
            : value.isEmpty() ? null : value;
        case "databases" -> databases = given("--databases") ? databases : Integer.parseInt(value);
        case "protected-mode" -> protectedMode = given("--protected-mode") ? protectedMode : value;
        case "enable-debug-command" -> enableDebugCommand =
            given("--enable-debug-command") ? enableDebugCommand : value;
        case "aclfile" -> aclFile = given("--aclfile") || value.isEmpty() ? aclFile
            : java.nio.file.Path.of(value);
        case "dir" -> dir = given("--dir") ? dir : java.nio.file.Path.of(value);
        case "dbfilename" -> dbfilename = given("--dbfilename") ? dbfilename : value;
        default -> { } // set through the builder's config(...)
      }
    });
  }

  /** The file's other parameters and its users. */
  private static void fileToBuilder(RedisConf conf, CortadoServer.Builder builder) {
    conf.params().forEach((name, value) -> {
      if (!OWN_OPTION.contains(name)) {
        builder.config(name, value);
      }
    });
    for (java.util.List<String> user : conf.users()) {
      // A redis.conf user starts as a new one (off, no password) before its rules: user(...)
      // begins with "on nopass", which "off resetpass" undoes.
      java.util.List<String> rules = new java.util.ArrayList<>();
      rules.add("off");
      rules.add("resetpass");
      rules.addAll(user.subList(1, user.size()));
      builder.user(user.get(0), null, rules.toArray(new String[0]));
    }
  }

  private static final java.util.Set<String> OWN_OPTION = java.util.Set.of("port", "bind",
      "requirepass", "databases", "protected-mode", "enable-debug-command", "aclfile", "dir",
      "dbfilename");

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cortado " + (v == null ? "development" : v)};
    }
  }
}
