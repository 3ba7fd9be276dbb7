package dev.cortado.server;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.StreamValue;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Parked;
import dev.cortado.protocol.Reply;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One server's part in replication between servers of this JVM: as a primary, its replicas; as a
 * replica, its primary.
 *
 * <p>Redis ships its command stream; a primary here ships, in order, commands, the state of each
 * key no command can reproduce (a copy of the value and its deadline, or its absence) and the
 * whole-database operations (FLUSHALL, FLUSHDB, SWAPDB), so a replica holds exactly what its
 * primary holds. Shipping is asynchronous as in Redis: changes gather while the primary's loop is
 * busy and go in one batch, through the replica's loop. The offsets count the bytes Redis's stream
 * would carry: SELECT, each write in Redis 7.0's propagated form, MULTI/EXEC around a unit of more
 * than one, and the DEL of an expired or evicted key.
 *
 * <p>The writes a replica can run to the same effect (HSET, LPUSH, SADD, ZADD... see the
 * dispatcher's replayable set) ship as commands, which the replica runs as Redis's replicas run the
 * stream: a write to a big collection stays O(1) (a copy of the value per write made it O(N)).
 * Writes that read the clock or draw at random ship in the forms Redis rewrites them to (SET ...
 * PXAT, SREM of what SPOP took); a stream's consumer groups ship as the parts that changed; the
 * rest (a script's writes that cannot be run again, a key that expired meanwhile) ship as key
 * states copied at shipping time.
 */
public final class Replication {
  /** Running servers by port, so REPLICAOF host port finds a primary in this JVM. */
  private static final Map<Integer, ServerState> RUNNING = new ConcurrentHashMap<>();

  private final ServerState state;

  // ------------------------------------------------------------------ as a primary
  /** This server's replicas, in the order they attached; touched on this server's loop. */
  private final List<Link> replicas = new ArrayList<>(0);
  /** master_repl_offset: the bytes of the write commands a Redis stream would have carried. */
  private long offset;
  /** The database the stream last selected: another one costs a SELECT, as in Redis. */
  private int streamDb = -1;
  /** Keys changed since the last shipment, in first-change order. */
  private LinkedHashSet<ChangedKey> changed = new LinkedHashSet<>();
  /**
   * Consumer groups changed since the last shipment (XREADGROUP, XCLAIM...), with the pending
   * entries and consumers each changed: they ship as those parts' states taken at shipment, after
   * the batch's commands, so neither the stream's whole value nor the whole group.
   */
  private Map<ChangedGroup, GroupTouch> changedGroups = new java.util.LinkedHashMap<>();
  /** The keys the running command added to {@link #changed}. */
  private final List<ChangedKey> commandMarks = new ArrayList<>(4);
  /** The shipment being built: key states and whole-database operations, in order. */
  private List<Change> outgoing = new ArrayList<>();
  /** Bumped on every change: a command that moved it wrote something. */
  private long changeCount;
  private boolean shipScheduled;
  private final List<Waiting> waiting = new ArrayList<>(0);
  /** WAITs in progress, read by replicas' loops: an ack then wakes this loop. */
  private volatile int waitingCount;
  private final Runnable shipTask = this::ship;

  // ------------------------------------------------------------------ as a replica
  /** The link to this server's primary, or null for a primary. */
  private volatile Link upstream;
  /** The offset of the primary's stream applied here (slave_repl_offset). */
  private volatile long applied;

  Replication(ServerState state) {
    this.state = state;
  }

  /** One primary-replica pair. */
  public static final class Link {
    final ServerState primary;
    final ServerState replica;
    final String primaryHost;
    final int primaryPort;
    /** The offset the replica has applied, as its REPLCONF ACK would say. */
    volatile long acked;
    /** False once the primary has stopped: master_link_status:down. */
    volatile boolean up = true;
    /**
     * The primary's snapshot has been applied, the first batch the link carries. Until then the
     * replica is syncing, as Redis's is during the transfer: its link is not yet up.
     */
    volatile boolean synced;

    /** The primary's address as REPLICAOF gave it. */
    public String primaryHost() {
      return primaryHost;
    }

    public int primaryPort() {
      return primaryPort;
    }

    /** The port the replica listens on, as its REPLCONF listening-port says. */
    public int replicaPort() {
      return replica.boundPort;
    }

    public long acked() {
      return acked;
    }

    /** Connected and synchronized: master_link_status:up. */
    public boolean up() {
      return up && synced;
    }

    /** Connected, the primary's snapshot still on its way: ROLE's "sync". */
    public boolean syncing() {
      return up && !synced;
    }

    Link(ServerState primary, ServerState replica, String primaryHost, int primaryPort) {
      this.primary = primary;
      this.replica = replica;
      this.primaryHost = primaryHost;
      this.primaryPort = primaryPort;
    }
  }

  /** What a replica applies: one key's new state, or a whole-database operation. */
  sealed interface Change permits KeyState, GroupDelta, FlushAll, FlushDb, SwapDb, Command {}

  /** A key's value (a private copy) and deadline, or null when the key is gone. */
  record KeyState(int db, byte[] key, Value value, long expiresAt) implements Change {}

  /**
   * What changed in one consumer group of the stream at a key, as it is now (Redis sends an XCLAIM
   * per pending entry): its last ID and read counter ({@code exists} false: the group is gone),
   * the named consumers (a null seen time: gone) and pending entries (a null owner: gone).
   */
  record GroupDelta(int db, byte[] key, byte[] group, boolean exists, StreamValue.Id lastId,
      long entriesRead, List<StreamValue.ConsumerChange> consumers,
      List<StreamValue.PendingChange> pending) implements Change {}

  /** The parts of a group changed since the last shipment. */
  private static final class GroupTouch {
    final java.util.Set<StreamValue.Id> pending = new LinkedHashSet<>();
    final java.util.Set<ByteBuffer> consumers = new LinkedHashSet<>();
  }

  record FlushAll() implements Change {}

  record FlushDb(int db) implements Change {}

  record SwapDb(int a, int b) implements Change {}

  /**
   * A write the replica runs itself, as Redis's replicas run the stream's commands: for a big
   * collection, one HSET or LPUSH instead of a copy of the whole value (which kept a write O(N)).
   */
  record Command(int db, byte[][] args) implements Change {}

  private record ChangedKey(int db, ByteBuffer key) {}

  private record ChangedGroup(int db, ByteBuffer key, ByteBuffer group) {}

  private record Waiting(Parked reply, long offset, long wanted) {}

  // ------------------------------------------------------------------ registry

  /** A server started listening on a port. */
  static void listening(int port, ServerState state) {
    RUNNING.put(port, state);
  }

  /** CONFIG SET port moved a server. */
  static void moved(int from, int to, ServerState state) {
    RUNNING.remove(from, state);
    RUNNING.put(to, state);
  }

  /** A server stopped: its replicas lose their link, its primary forgets it. */
  static void stopped(int port, ServerState state) {
    RUNNING.remove(port, state);
    SentinelView.stopped(state);
    Replication r = state.replication;
    for (Link link : List.copyOf(r.replicas)) {
      link.up = false;
    }
    Link up = r.upstream;
    if (up != null) {
      up.primary.transport.executor().execute(() -> up.primary.replication.replicas.remove(up));
    }
  }

  /**
   * The running servers of this JVM that replicate {@code primary}, by port: what a Sentinel
   * monitoring it discovers. Reads only volatile links, so any thread may ask.
   */
  static List<ServerState> replicasOf(ServerState primary) {
    List<ServerState> out = new ArrayList<>();
    for (ServerState s : RUNNING.values()) {
      Link up = s.replication.upstream;
      if (up != null && up.primary == primary) {
        out.add(s);
      }
    }
    out.sort(java.util.Comparator.comparingInt(s -> s.boundPort));
    return out;
  }

  /** The running server of this JVM on a port, or null. */
  public static ServerState running(int port) {
    return RUNNING.get(port);
  }

  /**
   * The running server of this JVM that {@code ip:port} reaches, or null: a server on that port,
   * addressed by a loopback address or the address it binds (CLUSTER MEET, SENTINEL MONITOR).
   */
  public static ServerState runningAt(String ip, int port) {
    ServerState s = RUNNING.get(port);
    if (s != null && (ip.startsWith("127.") || ip.equals("::1") || ip.equals(s.options.bind()))) {
      return s;
    }
    return null;
  }

  // ------------------------------------------------------------------ attaching

  /**
   * Makes this server a replica of another of this JVM (REPLICAOF host port), on this server's loop:
   * its data goes, and a full copy of the primary's follows (Redis's full resynchronization).
   */
  public void replicate(ServerState primary, String host, int port) {
    stopReplicating();
    Link link = new Link(primary, state, host, port);
    upstream = link;
    applied = 0;
    primary.transport.executor().execute(() -> primary.replication.attach(link));
  }

  /** REPLICAOF host port for a server that is not in this JVM: the link stays down. */
  public void replicateUnreachable(String host, int port) {
    stopReplicating();
    Link link = new Link(null, state, host, port);
    link.up = false;
    upstream = link;
  }

  /** REPLICAOF NO ONE: the data stays, writes are accepted again. */
  public void stopReplicating() {
    Link up = upstream;
    upstream = null;
    if (up != null && up.primary != null) {
      up.primary.transport.executor().execute(() -> up.primary.replication.replicas.remove(up));
    }
  }

  /** On the primary's loop: sends everything, then every change after it. */
  private void attach(Link link) {
    if (link.replica.replication.upstream != link) {
      return; // the replica changed its mind meanwhile
    }
    ship(); // what changed before belongs to the old replicas' stream
    List<Change> snapshot = new ArrayList<>();
    snapshot.add(new FlushAll());
    for (int i = 0; i < state.databaseCount(); i++) {
      for (Map.Entry<byte[], Value> e : state.db(i).entries()) {
        Value v = e.getValue();
        snapshot.add(new KeyState(i, e.getKey(), v.copy(), v.expiresAt()));
      }
    }
    replicas.add(link);
    send(link, snapshot, offset);
  }

  // ------------------------------------------------------------------ as a primary

  public boolean hasReplicas() {
    return !replicas.isEmpty();
  }

  /** A key of a database changed (every change passes here, Redis's signalModifiedKey). */
  void keyChanged(int db, byte[] key) {
    if (replicas.isEmpty()) {
      return;
    }
    changeCount++;
    ChangedKey k = new ChangedKey(db, ByteBuffer.wrap(key));
    if (changed.add(k)) {
      commandMarks.add(k);
    }
    if (!shipScheduled) {
      shipScheduled = true;
      state.transport.executor().execute(shipTask);
    }
  }

  /**
   * A consumer group of a stream changed: its last ID and read counter, and the given pending
   * entry or consumer if not null. Replicas get those parts (see {@link #changedGroups}).
   */
  void groupChanged(int db, byte[] key, byte[] group, StreamValue.Id pendingId, byte[] consumer) {
    if (replicas.isEmpty()) {
      return;
    }
    changeCount++;
    GroupTouch touch = changedGroups.computeIfAbsent(
        new ChangedGroup(db, ByteBuffer.wrap(key), ByteBuffer.wrap(group)), g -> new GroupTouch());
    if (pendingId != null) {
      touch.pending.add(pendingId);
    }
    if (consumer != null) {
      touch.consumers.add(ByteBuffer.wrap(consumer));
    }
    if (!shipScheduled) {
      shipScheduled = true;
      state.transport.executor().execute(shipTask);
    }
  }

  /** The change counter, read before a command runs to learn whether it wrote. */
  public long changeCount() {
    return changeCount;
  }

  /**
   * Before a whole-database operation runs: the keys changed so far are taken as they are now, so
   * the operation lands after them.
   */
  public void beforeWholeDatabaseOperation() {
    takeChangedKeys();
  }

  /** FLUSHALL, FLUSHDB or SWAPDB ran: replicas do the same at this point of the stream. */
  public void wholeDatabaseOperation(String command, int db, byte[][] args) {
    switch (command) {
      case "flushall" -> outgoing.add(new FlushAll());
      case "flushdb" -> outgoing.add(new FlushDb(db));
      default -> outgoing.add(new SwapDb(Integer.parseInt(new String(args[1])),
          Integer.parseInt(new String(args[2]))));
    }
    changeCount++;
    if (!shipScheduled) {
      shipScheduled = true;
      state.transport.executor().execute(shipTask);
    }
  }

  /** Before a command runs: the keys it changes are told apart from those changed before it. */
  public void commandStarting() {
    commandMarks.clear();
  }

  /**
   * A write command ran in database {@code db} and goes to replicas as {@code commands} (itself, or
   * the forms Redis rewrites it to): the stream grows by their bytes. Commands the replica can run
   * to the same effect ({@code replayable}: the dispatcher knows which, and that nothing expired or
   * was evicted meanwhile) go to replicas as such when every key changed is one of their
   * {@code keys} and none of those keys has a change pending from before in this batch (that change
   * ships as the key's state, taken later, so running the commands too would apply it twice).
   * Otherwise the keys ship as their states, as before. (A key changed before and again now is
   * such a pending key; another key changed on the side, already pending, ships as state.)
   */
  public void propagated(int db, List<byte[][]> commands, boolean replayable, List<int[]> keys) {
    if (replayable && !commandMarks.isEmpty() && marksOnly(db, commands, keys)) {
      changed.removeAll(commandMarks);
      for (byte[][] args : commands) {
        byte[][] copy = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
          copy[i] = args[i].clone(); // the primary may keep an argument's array in a value
        }
        outgoing.add(new Command(db, copy));
      }
    }
    commandMarks.clear();
    for (byte[][] args : commands) {
      propagated(db, args);
    }
  }

  /** Whether every key changed is one of the commands' keys, none of them pending from before. */
  private boolean marksOnly(int db, List<byte[][]> commands, List<int[]> keys) {
    for (ChangedKey mark : commandMarks) {
      if (mark.db != db || !isOneOf(mark.key, commands, keys)) {
        return false;
      }
    }
    for (int c = 0; c < commands.size(); c++) {
      for (int i : keys.get(c)) { // a key only read must not have a change pending: it reads old
        ChangedKey k = new ChangedKey(db, ByteBuffer.wrap(commands.get(c)[i]));
        if (changed.contains(k) && !commandMarks.contains(k)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isOneOf(ByteBuffer key, List<byte[][]> commands, List<int[]> keys) {
    for (int c = 0; c < commands.size(); c++) {
      for (int i : keys.get(c)) {
        if (key.equals(ByteBuffer.wrap(commands.get(c)[i]))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A command starts (or, nested in it, a command of its transaction or script): what one
   * outermost command propagates is one unit, as Redis 7.0's also_propagate.
   */
  public void enterUnit() {
    unitDepth++;
  }

  /**
   * The command entered last is done. When the outermost one propagated more than one command,
   * Redis 7.0 wrapped them in MULTI/EXEC: the stream counts those too.
   */
  public void exitUnit() {
    if (--unitDepth == 0) {
      if (unitCommands > 1) {
        offset += MULTI_EXEC_LENGTH;
      }
      unitCommands = 0;
    }
  }

  private int unitDepth;
  private int unitCommands;
  private static final long MULTI_EXEC_LENGTH =
      respLength(new byte[][] {"MULTI".getBytes()}) + respLength(new byte[][] {"EXEC".getBytes()});

  /** A write command ran in database {@code db}: the stream grows by its bytes. */
  public void propagated(int db, byte[][] args) {
    unitCommands++;
    addToStream(db, args);
  }

  private static final byte[] DEL = {'D', 'E', 'L'};
  private static final byte[] UNLINK = {'U', 'N', 'L', 'I', 'N', 'K'};

  /**
   * A key of this primary expired: the stream carries its DEL (UNLINK with lazyfree-lazy-expire),
   * as Redis propagates an expiry. One the running command reached ({@code lazy}) belongs to its
   * unit, as Redis's lazy expiry; any other goes alone, as Redis's active expiry would have sent it.
   * The deletion is no change of the command's own (it is shipped as the key's state).
   */
  public void expired(int db, byte[] key, boolean lazy, boolean unlink) {
    deletedByServer(db, key, lazy, unlink);
  }

  /**
   * A key of this primary was evicted: the stream carries its DEL (UNLINK with
   * lazyfree-lazy-eviction) alone, as Redis propagates each eviction, never inside a command's unit.
   */
  public void evicted(int db, byte[] key, boolean unlink) {
    deletedByServer(db, key, false, unlink);
  }

  private void deletedByServer(int db, byte[] key, boolean inUnit, boolean unlink) {
    if (replicas.isEmpty() || isReplica()) {
      return;
    }
    changeCount--; // the removal's keyChanged: not a write of the running command
    byte[][] deletion = {unlink ? UNLINK : DEL, key};
    if (inUnit && unitDepth > 0) {
      propagated(db, deletion);
    } else {
      addToStream(db, deletion);
    }
  }

  private void addToStream(int db, byte[][] args) {
    if (db != streamDb) {
      streamDb = db;
      offset += respLength(new byte[][] {"SELECT".getBytes(), Integer.toString(db).getBytes()});
    }
    offset += respLength(args);
  }

  private static long respLength(byte[][] args) {
    long n = 1 + digits(args.length) + 2;
    for (byte[] a : args) {
      n += 1 + digits(a.length) + 2 + a.length + 2;
    }
    return n;
  }

  private static int digits(long n) {
    return Long.toString(n).length();
  }

  /** The keys', then the groups' states as they are now, onto the shipment being built. */
  private void takeChangedKeys() {
    takeChangedKeyStates();
    if (changedGroups.isEmpty()) {
      return;
    }
    Map<ChangedGroup, GroupTouch> groups = changedGroups;
    changedGroups = new java.util.LinkedHashMap<>();
    for (Map.Entry<ChangedGroup, GroupTouch> e : groups.entrySet()) {
      ChangedGroup g = e.getKey();
      byte[] key = g.key.array();
      Value v = state.db(g.db).get(key);
      StreamValue.Group live = v instanceof StreamValue s ? s.group(g.group.array()) : null;
      outgoing.add(delta(g.db, key, g.group.array(), live, e.getValue()));
    }
  }

  /** The touched parts of a group as they are now: immutable, so every replica may share it. */
  private static GroupDelta delta(int db, byte[] key, byte[] group, StreamValue.Group live,
      GroupTouch touch) {
    if (live == null) {
      return new GroupDelta(db, key, group, false, null, 0, List.of(), List.of());
    }
    List<StreamValue.ConsumerChange> consumers = new ArrayList<>(touch.consumers.size());
    for (ByteBuffer name : touch.consumers) {
      StreamValue.Consumer c = live.consumer(name.array());
      consumers.add(new StreamValue.ConsumerChange(name.array(), c == null ? null : c.seenTime));
    }
    List<StreamValue.PendingChange> pending = new ArrayList<>(touch.pending.size());
    for (StreamValue.Id id : touch.pending) {
      StreamValue.Pending p = live.pending.get(id);
      pending.add(p == null ? new StreamValue.PendingChange(id, null, 0, 0)
          : new StreamValue.PendingChange(id, p.consumer.name, p.deliveryTime, p.deliveryCount));
    }
    return new GroupDelta(db, key, group, true, live.lastId, live.entriesRead, consumers, pending);
  }

  private void takeChangedKeyStates() {
    if (changed.isEmpty()) {
      return;
    }
    LinkedHashSet<ChangedKey> keys = changed;
    changed = new LinkedHashSet<>();
    for (ChangedKey k : keys) {
      byte[] key = k.key.array();
      // The live value, copied for each replica when shipped; reading may expire it, a change
      // that comes in the next batch.
      Value v = state.db(k.db).get(key);
      outgoing.add(new KeyState(k.db, key, v, v == null ? 0 : v.expiresAt()));
    }
  }

  /** Sends what changed to every replica (on this server's loop). */
  public void ship() {
    shipScheduled = false;
    takeChangedKeys();
    if (outgoing.isEmpty()) {
      return;
    }
    List<Change> batch = outgoing;
    outgoing = new ArrayList<>();
    for (Link link : replicas) {
      send(link, copies(batch), offset); // each its own copies: values are changed in place
    }
  }

  private static List<Change> copies(List<Change> batch) {
    List<Change> out = new ArrayList<>(batch.size());
    for (Change c : batch) {
      out.add(c instanceof KeyState k && k.value != null
          ? new KeyState(k.db, k.key, k.value.copy(), k.expiresAt) : c);
    }
    return out;
  }

  private void send(Link link, List<Change> batch, long upTo) {
    link.replica.transport.executor().execute(() -> {
      link.replica.replication.apply(link, batch, upTo);
      link.synced = true;
      link.acked = upTo;
      if (waitingCount > 0) {
        state.transport.executor().execute(this::checkWaiting);
      }
    });
  }

  /** WAIT numreplicas timeout: how many replicas have every write so far, or a parked reply. */
  public Reply waitFor(long wanted, long deadline) {
    // Counted as waiting before shipping: a replica that applies at once then tells this loop.
    waitingCount++;
    ship();
    int acked = ackedAt(offset);
    if (acked >= wanted) {
      waitingCount--;
      return Reply.integer(acked);
    }
    Parked parked = new Parked(deadline, Reply.integer(acked));
    Waiting w = new Waiting(parked, offset, wanted);
    waiting.add(w);
    parked.whenDone(() -> {
      waiting.remove(w);
      waitingCount--;
    });
    state.parked.add(parked);
    return parked;
  }

  private void checkWaiting() {
    for (Waiting w : List.copyOf(waiting)) {
      int acked = ackedAt(w.offset);
      if (acked >= w.wanted) {
        state.parked.remove(w.reply);
        w.reply.complete(Reply.integer(acked));
      }
    }
  }

  private int ackedAt(long target) {
    int n = 0;
    for (Link link : replicas) {
      if (link.acked >= target) {
        n++;
      }
    }
    return n;
  }

  // ------------------------------------------------------------------ as a replica

  /** On this replica's loop: applies a batch from its primary. */
  private void apply(Link from, List<Change> batch, long upTo) {
    if (upstream != from) {
      return; // no longer this primary's replica
    }
    for (Change c : batch) {
      if (c instanceof KeyState k) {
        Database db = state.db(k.db);
        if (k.value == null) {
          db.remove(k.key);
        } else {
          db.put(k.key, k.value, k.expiresAt);
        }
      } else if (c instanceof GroupDelta g) {
        Database db = state.db(g.db);
        if (db.get(g.key) instanceof StreamValue s) { // else the key's own state says otherwise
          s.applyGroupChange(g.group, g.exists, g.lastId, g.entriesRead, g.consumers, g.pending);
          db.changedUnwatched(g.key);
        }
      } else if (c instanceof FlushAll) {
        state.flushAll();
      } else if (c instanceof FlushDb f) {
        state.db(f.db).clear();
      } else if (c instanceof SwapDb s) {
        state.swapDatabases(s.a, s.b);
      } else if (c instanceof Command command) {
        state.replayer.replay(command.db, command.args);
      }
    }
    applied = upTo;
    state.serveReadyKeys();
  }

  /** The link to this server's primary, or null when it is a primary. */
  public Link upstream() {
    return upstream;
  }

  public boolean isReplica() {
    return upstream != null;
  }

  // ------------------------------------------------------------------ for INFO and ROLE

  public long offset() {
    return isReplica() ? applied : offset;
  }

  /** The replicas as INFO and ROLE list them: host, port, acknowledged offset. */
  public List<Link> replicas() {
    return List.copyOf(replicas);
  }
}
