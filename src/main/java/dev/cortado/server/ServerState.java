package dev.cortado.server;

import dev.cortado.keyspace.Clock;
import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.Stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Everything one server holds: its databases, configuration, statistics and connected clients. Touched
 * only on the server's event loop thread, which is what makes commands atomic without locks.
 */
public final class ServerState implements KeyspaceEvents.Sink {
  public final ServerOptions options;
  public final Clock clock;
  public final Stats stats = new Stats();
  public final Config config;
  /** ACL users and the ACL log; the default user takes requirepass as its password. */
  public final Acl acl;
  public final Map<Long, Connection> clients = new LinkedHashMap<>();
  public final PubSub pubsub = new PubSub();
  /** Clients that sent MONITOR, in that order: each command's line goes to them in turn. */
  public final java.util.List<Connection> monitors = new java.util.ArrayList<>(0);
  /** Client-side caching: who read which keys, and invalidations. */
  public final Tracking tracking = new Tracking(this);
  /** RDB files: whether SAVE writes one, and LASTSAVE / INFO persistence. */
  public final Persistence persistence = new Persistence();
  /** This server's replicas, or its primary. */
  public final Replication replication = new Replication(this);
  /** The client whose command runs now, or null (expiry, direct calls): for NOLOOP and own pushes. */
  public Connection current;
  /** Lua scripting, made when the first script arrives (a server that runs none loads no Lua). */
  public dev.cortado.script.LuaScripts scripts;
  /** The script or function running now, or null; read from other threads to kill it on stop. */
  public volatile RunningScript runningScript;
  /** The pseudo-client scripts' commands run as; made with the first script. */
  public Connection scriptClient;
  /** Blocked clients' replies with a deadline on this server's clock. */
  public final ParkedReplies parked = new ParkedReplies();
  /** Clients waiting for a parked reply now, for INFO's blocked_clients. */
  public int blockedClients;
  /** Blocked clients with a timeout (Redis keeps those in a table of its own). */
  public int clientsInTimeoutTable;
  /** Keys that got a value while clients wait on them, in the order signalled (Redis's ready_keys). */
  private final java.util.ArrayDeque<ReadyKey> readyKeys = new java.util.ArrayDeque<>();
  /** Serves the clients blocked on ready keys: the command layer's, set once. */
  private Runnable readyKeysServer = () -> {};
  public final long startedAt;
  public final Random random;
  public final String runId;
  private final Database[] databases;
  private long nextClientId = 1;
  /** The first descriptor a default redis-server 7.0 gives a client (after its listeners...). */
  private static final int FIRST_CLIENT_FD = 8;
  /** The fds CLIENT LIST shows for connected clients, handed out lowest first as a kernel does. */
  private final java.util.BitSet descriptors = new java.util.BitSet();
  /** Set by the dispatcher while a CLIENT NO-TOUCH client's command (other than TOUCH) runs. */
  public boolean noTouch;
  /** This node's place in its cluster, or null: a standalone server (cluster support disabled). */
  public volatile ClusterView cluster;
  /** A test cut this node off (CortadoCluster.partition): commands get no reply. Loop only. */
  public boolean partitioned;
  /** A Sentinel's group, or null for a data server. */
  public volatile SentinelView sentinel;
  /** The listening socket, which a busy script keeps accepting on (see RunningScript). */
  public io.netty.channel.Channel listener;
  /** Ephemeral port actually bound, for INFO and CONFIG GET port. */
  public volatile int boundPort;
  /** The sockets this server listens on; CONFIG SET port/bind moves them. */
  public Transport transport;

  /**
   * CLIENT PAUSE (WRITE or ALL) holds until this server-clock millisecond, or -1 when none; set by
   * the pause itself. Meanwhile the dataset stays still, as in Redis 7.0: no key expires and
   * nothing is evicted.
   */
  public long clientPauseEnd = -1;

  /** Whether clients are paused now: a pause whose end has passed is over (Redis's check). */
  public boolean clientsPaused() {
    return clientPauseEnd >= 0 && clientPauseEnd >= clock.millis();
  }

  /** DEBUG SET-ACTIVE-EXPIRE: whether the background cycle removes due keys. */
  public boolean activeExpire = true;
  /** Where latency events other than commands' go (the LATENCY monitor); null until set. */
  private LatencyEvents latencyEvents;
  /**
   * What times the expire cycle and eviction for LATENCY, in nanoseconds; null is System.nanoTime.
   * A test sets it to make those take as long as it needs.
   */
  public java.util.function.LongSupplier latencyClock;
  /** Stops this server for SHUTDOWN, from another thread; set by whoever started it, or null. */
  public Runnable onShutdown;
  /**
   * Saves the data before SHUTDOWN when Redis would (SAVE, or save points without NOSAVE): null
   * when saved, else why not. Null (nothing to save): Cortado keeps no files until an RDB writer
   * installs itself here. (No lambdas as defaults: each costs the first start a hidden class.)
   */
  public java.util.function.Supplier<String> shutdownSave;

  public ServerState(ServerOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.config = new Config(options);
    this.acl = new Acl(options.password());
    this.startedAt = clock.millis();
    this.random = options.seed() == ServerOptions.NO_SEED ? new Random() : new Random(options.seed());
    this.runId = hex40(new Random(random.nextLong()));
    this.databases = new Database[options.databases()];
    dev.cortado.keyspace.Lfu lfu = new dev.cortado.keyspace.Lfu(config::lfuPolicy,
        () -> config.number("lfu-log-factor"), () -> config.number("lfu-decay-time"), random);
    for (int i = 0; i < databases.length; i++) {
      databases[i] = new Database(i, clock, stats);
      databases[i].useLfu(lfu);
      databases[i].suppressTouchWhen(() -> noTouch);
      databases[i].pauseExpiryWhen(this::clientsPaused);
      databases[i].sendEventsTo(this);
      int index = i;
      databases[i].sendChangesTo(key -> keyChanged(index, key));
      databases[i].sendUnwatchedChangesTo(key -> replication.keyChanged(index, key));
      databases[i].sendGroupChangesTo((key, group, pendingId, consumer) ->
          replication.groupChanged(index, key, group, pendingId, consumer));
      databases[i].whenReady((db, key) -> readyKeys.add(new ReadyKey(db, key)));
    }
  }

  /** The latency monitor's side that samples events: latencyAddSampleIfNeeded. */
  public interface LatencyEvents {
    /** Records {@code millis} for the event if latency-monitor-threshold is on and reached. */
    void sampleIfNeeded(String event, long millis);
  }

  /** Says where latency events go; the dispatcher does it once. */
  public void recordLatencyWith(LatencyEvents events) {
    this.latencyEvents = events;
  }

  /** A monotonic time in nanoseconds for latency measurement (see {@link #latencyClock}). */
  public long latencyNanos() {
    return latencyClock == null ? System.nanoTime() : latencyClock.getAsLong();
  }

  /** An event (expire-cycle, eviction-del...) that took {@code millis}, for LATENCY. */
  public void latencySample(String event, long millis) {
    if (latencyEvents != null) {
      latencyEvents.sampleIfNeeded(event, millis);
    }
  }

  /** A key of a database that can now serve clients blocked on it. */
  public record ReadyKey(Database db, byte[] key) {}

  /** Runs a write its primary shipped as a command, as Redis's master client does. */
  public interface Replayer {
    void replay(int db, byte[][] args);
  }

  Replayer replayer;
  /** Set while a write the primary shipped runs. */
  public boolean replaying;

  /** Says who runs the writes a primary ships as commands; the dispatcher does it once. */
  public void replayCommandsWith(Replayer replayer) {
    this.replayer = replayer;
  }

  /** Says who serves blocked clients when keys become ready; the dispatcher does it once. */
  public void serveReadyKeysWith(Runnable server) {
    this.readyKeysServer = server;
  }

  /**
   * After each command (after EXEC as a whole) and each direct write: the clients blocked on keys
   * that got a value are served, as Redis's handleClientsBlockedOnKeys. Costs one check when none.
   */
  public void serveReadyKeys() {
    // While a busy script serves other clients, what it readied waits for it to end.
    if (!readyKeys.isEmpty() && runningScript == null) {
      readyKeysServer.run();
    }
  }

  /** The ready keys signalled so far, in order; the ones signalled while serving them come next. */
  public java.util.List<ReadyKey> takeReadyKeys() {
    java.util.List<ReadyKey> batch = new java.util.ArrayList<>(readyKeys);
    readyKeys.clear();
    return batch;
  }

  private static String hex40(Random r) {
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < 40; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  /**
   * Publishes a keyspace event as Redis's notifyKeyspaceEvent does: on {@code __keyspace@DB__:KEY}
   * (the event as message) then on {@code __keyevent@DB__:EVENT} (the key as message), each when
   * its class is enabled. Costs one flag test when notifications are off.
   */
  @Override
  public void notify(int type, String event, byte[] key, int db) {
    if (replaying) {
      return; // redis-server 7.0's replicas publish no keyspace event for their primary's writes
    }
    if (type == KeyspaceEvents.EXPIRED && replication.hasReplicas()) {
      replication.expired(db, key, reachedByRunningCommand(key),
          "yes".equals(config.get("lazyfree-lazy-expire")));
    } else if (type == KeyspaceEvents.EVICTED && replication.hasReplicas()) {
      replication.evicted(db, key, "yes".equals(config.get("lazyfree-lazy-eviction")));
    }
    int flags = config.keyspaceEvents();
    if ((flags & type) == 0 || !pubsub.hasSubscribers()) {
      return;
    }
    byte[] eventBytes = event.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if ((flags & KeyspaceEvents.KEYSPACE) != 0) {
      pubsub.publish(concat("__keyspace@" + db + "__:", key), eventBytes);
    }
    if ((flags & KeyspaceEvents.KEYEVENT) != 0) {
      pubsub.publish(concat("__keyevent@" + db + "__:", eventBytes), key);
    }
  }

  /**
   * Whether the command running now names this key among its arguments: Redis would have expired
   * it lazily, on that command's access (Cortado expires every due key at any access).
   */
  private boolean reachedByRunningCommand(byte[] key) {
    Connection c = current;
    byte[][] argv = c == null ? null : c.argv;
    if (argv == null) {
      return false;
    }
    if (argv != argumentsSeen) { // once per command, however many keys expire meanwhile
      argumentsSeen = argv;
      arguments = new java.util.HashSet<>(argv.length * 2);
      for (int i = 1; i < argv.length; i++) {
        arguments.add(java.nio.ByteBuffer.wrap(argv[i]));
      }
    }
    return arguments.contains(java.nio.ByteBuffer.wrap(key));
  }

  /** The running command's arguments, as a set, for {@link #reachedByRunningCommand}. */
  private byte[][] argumentsSeen;
  private java.util.Set<java.nio.ByteBuffer> arguments;

  /** A key changed in any database (Redis's signalModifiedKey): client-side caching hears of it. */
  private void keyChanged(int db, byte[] key) {
    if (!tracking.isIdle()) {
      tracking.keyChanged(key);
    }
    replication.keyChanged(db, key);
  }

  private static byte[] concat(String prefix, byte[] suffix) {
    byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = java.util.Arrays.copyOf(p, p.length + suffix.length);
    System.arraycopy(suffix, 0, out, p.length, suffix.length);
    return out;
  }

  public Database db(int index) {
    return databases[index];
  }

  public int databaseCount() {
    return databases.length;
  }

  public void swapDatabases(int a, int b) {
    databases[a].swapWith(databases[b]);
  }

  public Connection connect(io.netty.channel.Channel channel) {
    Connection c = new Connection(nextClientId++, channel, clock.millis());
    c.authenticated = !passwordRequired();
    c.fd = descriptors.nextClearBit(FIRST_CLIENT_FD);
    descriptors.set(c.fd);
    clients.put(c.id, c);
    stats.totalConnections++;
    return c;
  }

  public void disconnect(Connection c) {
    tracking.disable(c);
    if (clients.remove(c.id) != null && c.fd >= 0) {
      descriptors.clear(c.fd);
    }
    pubsub.forget(c);
    stopMonitoring(c);
  }

  /** Ends MONITOR for a client (RESET, disconnection). */
  public void stopMonitoring(Connection c) {
    if (c.monitor) {
      c.monitor = false;
      monitors.remove(c);
    }
  }

  /** Whether clients must authenticate: the default user has a password or is off (authRequired). */
  public boolean passwordRequired() {
    return acl.authRequired();
  }

  /** FLUSHALL: empties every database. */
  public void flushAll() {
    for (Database db : databases) {
      db.clear();
    }
    tracking.flushed();
  }

  /** Active expiry, run by the transport about ten times a second. */
  public void expireActively() {
    if (activeExpire) {
      long start = latencyNanos();
      for (Database db : databases) {
        db.activeExpire();
      }
      // Redis's activeExpireCycle samples its whole pass, in whole milliseconds.
      latencySample("expire-cycle", (latencyNanos() - start) / 1_000_000);
    }
    parked.timeOutDue(clock.millis());
    SentinelView v = sentinel;
    if (v != null) {
      v.tick(clock.millis());
    }
  }

  /** SHUTDOWN's save step: null when saved (or nothing to save), else the reason. */
  public String saveForShutdown() {
    return shutdownSave == null ? null : shutdownSave.get();
  }

  /** SHUTDOWN: the server stops once this command's turn on the loop is over. */
  public void shutdown() {
    if (onShutdown != null) {
      onShutdown.run();
    }
  }
}
