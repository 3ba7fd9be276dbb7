package dev.cortado.command;

import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Fault;
import dev.cortado.protocol.PinnedReply;
import dev.cortado.protocol.Reply;
import dev.cortado.server.CommandExecutor;
import dev.cortado.server.Connection;
import dev.cortado.server.Interceptor;
import dev.cortado.server.RunningScript;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one path every command takes: the mock layer's stubs and journal, then look it up, check arity
 * and authentication, queue it inside MULTI, or run its handler and turn a {@link RedisException}
 * into the error reply.
 */
public final class Dispatcher implements CommandExecutor {
  /** What runs at once inside MULTI instead of being queued: Redis's list in processCommand. */
  /** Commands a replica repeats as such rather than key by key. */
  private static final Set<String> WHOLE_DATABASE = Set.of("flushall", "flushdb", "swapdb");
  /** Commands whose writes reach the replication stream as the commands they ran. */
  private static final Set<String> PROPAGATED_BY_PARTS = Set.of("exec", "eval", "evalsha",
      "eval_ro", "evalsha_ro", "fcall", "fcall_ro");
  /**
   * Writes a replica can run itself to the same effect: no clock, no randomness, no TTL argument, no
   * blocking. Ships as the command instead of a copy of the key's value, which matters for big
   * collections (a copy made each write O(N)); so do the writes a handler rewrites for replicas
   * as Redis does (Call.propagateAs: XADD, XTRIM, the EXPIRE family, SET and GETEX with a TTL,
   * GETDEL, the FLOAT increments, SPOP, the blocking and multi-key pops, RESTORE); any other write
   * ships its keys' states.
   */
  private static final Set<String> REPLAYABLE = Set.of("hset", "hsetnx", "hmset", "hdel",
      "hincrby", "hincrbyfloat", "sadd", "srem", "smove", "sinterstore", "sunionstore",
      "sdiffstore", "zadd", "zincrby", "zrem", "zremrangebyscore", "zremrangebyrank",
      "zremrangebylex", "zunionstore", "zinterstore", "zdiffstore", "zrangestore", "zpopmin",
      "zpopmax", "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "lset", "linsert", "lrem",
      "ltrim", "rpoplpush", "lmove", "append", "setrange", "setbit", "pfadd", "pfmerge", "geoadd",
      "xdel", "xack", "persist", "rename", "renamenx", "copy", "xsetid", "xgroup|create",
      "xgroup|setid", "xgroup|destroy", "xgroup|delconsumer");
  private static final Set<String> NOT_QUEUED =
      Set.of("exec", "discard", "multi", "watch", "quit", "reset");

  /** What a RESP2 client subscribed to anything may still run (Redis's processCommand). */
  private static final Set<String> ALLOWED_WHILE_SUBSCRIBED = Set.of("ping", "subscribe",
      "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset");

  private final ServerState server;
  private final CommandTable table;
  private final Interceptor mock;
  private final Interceptor.KeyFinder keyFinder = new Interceptor.KeyFinder() {
    @Override
    public List<byte[]> keys(byte[][] args) {
      return keysOf(args);
    }

    @Override
    public byte[] scriptSource(String sha) {
      return server.scripts == null ? null : server.scripts.source(sha);
    }
  };

  /** SLOWLOG's entries: commands run through this dispatcher, so this server's. */
  final SlowLogCommands slowLog = new SlowLogCommands();
  /** CLIENT PAUSE: this server's pause and the commands waiting for its end. */
  final ClientPause pause;
  /** maxmemory's eviction pool and used_memory's peak, this server's. */
  final Eviction eviction = new Eviction();
  /** LATENCY's events, this server's. */
  final LatencyCommands.Monitor latency = new LatencyCommands.Monitor();

  public Dispatcher(ServerState server, CommandTable table) {
    this(server, table, Interceptor.NONE);
  }

  public Dispatcher(ServerState server, CommandTable table, Interceptor mock) {
    this.server = server;
    this.table = table;
    this.mock = mock;
    this.pause = new ClientPause(server, this);
    server.serveReadyKeysWith(() -> Blocking.serveReadyKeys(server, this));
    server.replayCommandsWith(this::replay);
    latency.server = server;
    server.recordLatencyWith(latency);
    // SHUTDOWN SAVE writes the RDB file as SAVE does (nothing without one configured).
    server.shutdownSave = () -> RdbFiles.save(server) ? null : "Error trying to save the DB";
  }

  CommandTable table() {
    return table;
  }

  /**
   * Declares an ACL user as ACL SETUSER would, before the server serves anyone (the builder's
   * users); a rule Redis rejects throws IllegalArgumentException with Redis's error.
   */
  public void declareUser(String name, List<byte[]> rules) {
    String error = AclCommands.setUser(server, table, null,
        name.getBytes(StandardCharsets.ISO_8859_1), rules);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
  }

  /** Writes nothing: a reply CLIENT REPLY OFF or SKIP dropped. */
  private static final Reply NO_REPLY = Reply.raw(new byte[0]);

  /**
   * Loads the users of the server's {@code aclfile}, if it has one, before the server serves
   * anyone; a file Redis would refuse to start with throws IllegalStateException with its errors.
   */
  public void loadAclFile() {
    String file = server.config.get("aclfile");
    if (file != null && !file.isEmpty()) {
      String error = AclFile.load(server, table, file, null);
      if (error != null) {
        throw new IllegalStateException("Aborting startup because of ACL errors: " + error);
      }
    }
  }

  @Override
  public Reply execute(Connection connection, byte[][] args) {
    if (server.partitioned) {
      return dev.cortado.protocol.Fault.noReply(); // cut off from its clients: nothing comes back
    }
    if (!connection.replyOff && !connection.skipNextReply) {
      return executeCommand(connection, args);
    }
    // CLIENT REPLY: SKIP drops the reply of the command after it; OFF drops every reply.
    connection.beginReplyCheck();
    return endReplyCheck(connection, executeCommand(connection, args));
  }

  /** Drops the reply of a command sent under CLIENT REPLY OFF or SKIP, now or when it comes. */
  private Reply endReplyCheck(Connection connection, Reply reply) {
    boolean dropping = connection.dropsReply();
    boolean stillToDrop = connection.replyStillToDrop();
    if (reply instanceof dev.cortado.protocol.Parked parked) {
      // A blocked command's reply comes later: Redis drops it then too (its SKIP flag lasts until
      // the client is unblocked, and OFF cannot change while it waits). A command CLIENT PAUSE
      // holds runs again later with its SKIP restored (reprocess), which decides then.
      if (dropping && !pause.isPostponed(parked)) {
        parked.silence();
      }
      return reply;
    }
    if (stillToDrop && !(reply instanceof Fault)) {
      return NO_REPLY;
    }
    return reply;
  }

  private Reply executeCommand(Connection connection, byte[][] args) {
    connection.lastInteraction = server.clock.millis();
    connection.hasRead = true;
    if (mock.isStubbing() && mayBeStubbed(connection, args)) {
      return intercept(connection, args);
    }
    if (!mock.isActive()) {
      return dispatch(connection, args);
    }
    int db = connection.db; // SELECT and CLIENT SETNAME change them: the journal wants them before
    byte[] name = connection.name;
    Reply reply = dispatch(connection, args);
    mock.record(connection, db, name, args, keyFinder, reply, false); // the journal alone
    return reply;
  }

  /**
   * A stub never answers a client that has not authenticated: AUTH comes first, as in Redis, so only
   * the commands allowed before AUTH (AUTH, HELLO...) reach the stubs then. Nor a RESP2 subscriber.
   */
  private boolean mayBeStubbed(Connection connection, byte[][] args) {
    if (!connection.authenticated && server.passwordRequired()) {
      CommandSpec spec = specOf(args);
      return spec != null && spec.has(CommandSpec.NO_AUTH);
    }
    // A RESP2 subscriber reads only pub/sub frames: while it is subscribed, no stub answers it (the
    // journal still records what it sends), so a stub can never break its pub/sub reader.
    return !(connection.protocol == 2 && connection.isSubscriber());
  }

  /**
   * The mock layer's step: a matching stub answers instead of the keyspace (inside MULTI it is
   * queued and answers in EXEC's array), strict mode refuses what no stub matches, and the journal
   * records the command with the kind of its reply.
   */
  private Reply intercept(Connection connection, byte[][] args) {
    int db = connection.db;
    byte[] name = connection.name;
    Reply reply;
    boolean stubbed = true;
    if (connection.inMulti() && !NOT_QUEUED.contains(lowerAscii(args[0]))
        && mock.hasStub(connection, args, keyFinder)) {
      connection.queue(args); // its stub answers when EXEC runs it
      reply = Reply.QUEUED;
    } else if ((reply = mock.stub(connection, args, keyFinder,
        () -> dispatch(connection, args))) == null) {
      stubbed = false;
      reply = mock.refuse(connection, args);
      if (reply != null) {
        connection.flagTransaction();
      } else {
        reply = dispatch(connection, args);
      }
    }
    mock.record(connection, db, name, args, keyFinder, reply, stubbed);
    return reply;
  }

  @Override
  public void ignored(Connection connection, byte[][] args) {
    if (mock.isActive()) {
      connection.lastInteraction = server.clock.millis();
      mock.record(connection, connection.db, connection.name, args, keyFinder, Fault.noReply(),
          true);
    }
  }

  private Reply dispatch(Connection connection, byte[][] args) {
    CommandSpec spec = table.get(args[0]);
    if (spec == null) {
      connection.lastCommand = "NULL"; // CLIENT LIST's cmd, as Redis 7.0 sets it at lookup
      return refuse(connection, null, unknownCommand(args));
    }
    if (spec.isContainer() && args.length >= 2) {
      CommandSpec sub = spec.subcommands.get(lowerAscii(args[1]));
      if (sub == null) {
        connection.lastCommand = "NULL";
        return refuse(connection, null, sanitize(Errors.unknownSubcommand(cString(args[1], 128),
            spec.name.toUpperCase(Locale.ROOT))));
      }
      spec = sub;
    }
    connection.lastCommand = spec.name; // even if refused below, as Redis does
    if (!spec.arityAccepts(args.length)) {
      return refuse(connection, spec, Errors.wrongArity(spec.name));
    }
    if (spec.name.equals("debug") && !AdminCommands.debugAllowed(server, connection)) {
      return refuse(connection, spec, Errors.DEBUG_NOT_ALLOWED); // enable-debug-command, before AUTH
    }
    if (!connection.authenticated && server.passwordRequired()
        && !spec.has(CommandSpec.NO_AUTH)) {
      return refuse(connection, spec, Errors.NOAUTH);
    }
    String denied = AclCommands.denied(server, connection, spec, args); // Redis's ACLCheckAllPerm
    if (denied != null) {
      return refuse(connection, spec, denied);
    }
    if (server.cluster != null) { // Redis's cluster redirection, right after the ACL check
      String redirect = ClusterCommands.redirect(server, connection, spec, args, this);
      if (!spec.name.equals("asking") && !connection.inMulti()) {
        connection.asking = false; // ASKING holds for the one command after it
      }
      if (redirect != null) {
        return refuse(connection, spec, redirect, false);
      }
    }
    if (server.config.maxmemory() != 0 && outOfMemory(connection, spec, args)) {
      return refuse(connection, spec, Errors.OOM);
    }
    // A read-only replica refuses writes from its clients (Redis's processCommand, after maxmemory).
    if (server.replication.isReplica() && writes(connection, spec, args)
        && "yes".equals(server.config.get("replica-read-only"))) {
      return refuse(connection, spec, Errors.READONLY_REPLICA);
    }
    if (connection.protocol == 2 && connection.isSubscriber()
        && !ALLOWED_WHILE_SUBSCRIBED.contains(spec.name)) {
      return refuse(connection, spec, Errors.onlySubscribeAllowed(spec.name));
    }
    RunningScript running = server.runningScript; // set only while a script serves others
    if (running != null && running.busy() && !spec.has(CommandSpec.ALLOW_BUSY)) {
      return refuse(connection, spec, running.eval ? Errors.BUSY_EVAL : Errors.BUSY_FUNCTION);
    }
    // A monitor is a replica inside Redis: it may not touch the keyspace.
    if (connection.monitor && spec.has(CommandSpec.WRITE | CommandSpec.READONLY
        | CommandSpec.MAY_REPLICATE)) {
      return refuse(connection, spec, Errors.REPLICA_KEYSPACE);
    }
    if (pause.holds(connection, spec, args)) {
      return pause.postpone(connection, args); // processed again from the start once it ends
    }
    if (connection.inMulti()) {
      if (spec.has(CommandSpec.NO_MULTI)) {
        return refuse(connection, spec, Errors.NOT_ALLOWED_IN_MULTI);
      }
      if (!NOT_QUEUED.contains(spec.name)) {
        connection.queue(args);
        return Reply.QUEUED; // not counted in total_commands_processed until EXEC runs it
      }
    }
    return run(connection, spec, args);
  }

  /**
   * Redis's maxmemory step of processCommand: every command first evicts what the policy allows;
   * if memory is still over the limit, a command that may grow it (DENYOOM, an EXEC queuing one)
   * is refused, and so is anything queued inside MULTI but EXEC, DISCARD, QUIT and RESET.
   */
  private boolean outOfMemory(Connection connection, CommandSpec spec, byte[][] args) {
    if (!eviction.perform(server)) {
      return false;
    }
    if (spec.has(CommandSpec.DENYOOM) || Eviction.scriptMayGrowMemory(server, spec, args)) {
      return true;
    }
    String name = spec.name;
    if (connection.inMulti() && !name.equals("exec") && !name.equals("discard")
        && !name.equals("quit") && !name.equals("reset")) {
      return true;
    }
    if (name.equals("exec") && connection.inMulti()) {
      for (byte[][] queued : connection.queuedCommands()) {
        CommandSpec q = specOf(queued);
        if (q != null && q.has(CommandSpec.DENYOOM)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Redis's is_write_command: a write, an EXEC with a write queued, or a script declared to write
   * (a shebang without no-writes; a script without one is checked command by command).
   */
  private boolean writes(Connection connection, CommandSpec spec, byte[][] args) {
    if (spec.has(CommandSpec.WRITE)) {
      return true;
    }
    if (spec.name.equals("exec") && connection.inMulti()) {
      for (byte[][] queued : connection.queuedCommands()) {
        CommandSpec q = specOf(queued);
        if (q != null && q.has(CommandSpec.WRITE)) {
          return true;
        }
      }
      return false;
    }
    return Eviction.scriptMayWrite(server, spec, args);
  }

  /**
   * A command refused before it runs (Redis's rejectCommand): inside MULTI it dooms the transaction,
   * and a refused EXEC ends the transaction with the reason.
   */
  private Reply refuse(Connection connection, CommandSpec spec, String error) {
    return refuse(connection, spec, error, true);
  }

  /**
   * {@code execAbort}: a refused EXEC says EXECABORT with the reason; a cluster redirect is the one
   * refusal EXEC answers bare (Redis's clusterRedirectClient), the transaction discarded all the same.
   */
  private Reply refuse(Connection connection, CommandSpec spec, String error, boolean execAbort) {
    if (spec != null) {
      spec.stats.rejected++;
    }
    Reply reply;
    if (spec != null && spec.name.equals("exec")) {
      connection.discardTransaction();
      reply = Reply.error(execAbort ? Errors.execAbort(error) : error);
    } else {
      connection.flagTransaction();
      reply = Reply.error(error);
    }
    countError(reply);
    return reply;
  }

  /** An error reply into INFO's errorstats and total_error_replies, once. */
  private void countError(Reply reply) {
    if (!reply.errorCounted()) {
      server.stats.errorReply(reply.errorText());
      reply.markErrorCounted();
    }
  }

  /**
   * EXEC's body once it has decided to run: every queued command in order, each as if it had just
   * arrived (they were checked when queued). Nothing else runs in between: the server has one thread.
   */
  Reply runQueued(Connection connection) {
    List<byte[][]> queued = connection.queuedCommands();
    Reply[] replies = new Reply[queued.size()];
    int[] protocols = new int[replies.length];
    for (int i = 0; i < replies.length; i++) {
      byte[][] args = queued.get(i);
      Reply stubbed = mock.isStubbing()
          ? mock.stub(connection, args, keyFinder, () -> runChecked(connection, args)) : null;
      replies[i] = stubbed != null ? stubbed : runChecked(connection, args);
      protocols[i] = connection.protocol;
    }
    // Redis writes each reply as its command runs: after a queued HELLO, in the new protocol.
    for (int i = 0; i < replies.length; i++) {
      if (protocols[i] != connection.protocol && !(replies[i] instanceof Fault)) {
        replies[i] = PinnedReply.of(replies[i], protocols[i]);
      }
    }
    return withFaultsOutside(replies);
  }

  /**
   * A queued command: checked when queued, unless a stub took it then and is used up now (it may not
   * even be a command Cortado knows).
   */
  private Reply runChecked(Connection connection, byte[][] args) {
    CommandSpec spec = specOf(args);
    if (spec == null) {
      return Reply.error(unknownCommand(args));
    }
    if (!spec.arityAccepts(args.length)) {
      return Reply.error(Errors.wrongArity(spec.name));
    }
    String denied = AclCommands.deniedAtExec(server, connection, spec, args);
    if (denied != null) {
      return Reply.error(denied);
    }
    return run(connection, spec, args);
  }

  /**
   * EXEC's array when stubs inside it act on the connection: a delay delays the whole reply, and a
   * closed, reset or silent connection means EXEC's reply never arrives, though every command ran.
   */
  private static Reply withFaultsOutside(Reply[] replies) {
    long delay = 0;
    for (int i = 0; i < replies.length; i++) {
      if (replies[i] instanceof Fault fault) {
        if (fault.kind() != Fault.Kind.DELAY) {
          return fault;
        }
        delay = Math.max(delay, fault.delayMillis());
        replies[i] = fault.reply();
      }
    }
    Reply array = Reply.array(Arrays.asList(replies));
    return delay > 0 ? Fault.delay(array, delay) : array;
  }

  /** A command CLIENT PAUSE held back, processed again now that the pause is over. */
  Reply reprocess(Connection connection, byte[][] args, boolean skipped) {
    if (!connection.replyOff && !skipped) {
      return dispatch(connection, args);
    }
    // Sent after CLIENT REPLY SKIP (or under OFF): Redis kept the flag while the client waited.
    connection.skipThisReply = skipped;
    return endReplyCheck(connection, dispatch(connection, args));
  }

  /** The command or subcommand a command names, or null when there is none. */
  CommandSpec specOf(byte[][] args) {
    CommandSpec spec = table.get(args[0]);
    if (spec != null && spec.isContainer() && args.length >= 2) {
      return spec.subcommands.get(lowerAscii(args[1]));
    }
    return spec;
  }

  /**
   * The keys of a command as COMMAND GETKEYS finds them, for stubs matched by key and client-side
   * caching; an unknown command's first argument counts as its key.
   */
  private List<byte[]> keysOf(byte[][] args) {
    CommandSpec spec = specOf(args);
    if (spec == null) {
      return table.get(args[0]) == null && args.length > 1 ? List.of(args[1]) : List.of();
    }
    int[] positions = spec.keysOf(args, 0);
    List<byte[]> keys = new ArrayList<>(positions.length);
    for (int i : positions) {
      keys.add(args[i]);
    }
    return keys;
  }

  /**
   * A command from a script's redis.call, with Redis's checks for scripts (scriptCall): unknown
   * commands, arity, commands scripts may not run, writes from a read-only script.
   */
  Reply runForScript(Connection caller, String script, Connection scriptClient, byte[][] args,
      boolean readOnlyScript) {
    Reply reply = checkAndRunForScript(caller, script, scriptClient, args, readOnlyScript);
    if (mock.isActive()) {
      mock.recordFromScript(caller, scriptClient.db, args, keyFinder, reply, script);
    }
    return reply;
  }

  private Reply checkAndRunForScript(Connection caller, String script, Connection scriptClient,
      byte[][] args, boolean readOnlyScript) {
    CommandSpec spec = specOf(args);
    if (spec == null) {
      return Reply.error(Errors.SCRIPT_UNKNOWN_COMMAND);
    }
    if (!spec.arityAccepts(args.length)) {
      return Reply.error(Errors.SCRIPT_WRONG_ARITY);
    }
    if (spec.has(CommandSpec.NOSCRIPT)) {
      return Reply.error(Errors.SCRIPT_NOT_ALLOWED);
    }
    String denied = AclCommands.deniedInScript(server, caller, spec, args); // as the caller's user
    if (denied != null) {
      return Reply.error(denied);
    }
    // A may-replicate command (PFCOUNT rewrites its cache) is a write for a read-only script.
    if (readOnlyScript && (spec.has(CommandSpec.WRITE) || spec.has(CommandSpec.MAY_REPLICATE))) {
      return Reply.error(Errors.SCRIPT_WRITE_IN_READONLY);
    }
    // Out of memory when the script started (scriptVerifyOOM): no command that may grow it,
    // unless the script has written already (Redis's SCRIPT_WRITE_DIRTY: no stopping half-way).
    RunningScript running = server.runningScript;
    boolean wrote = running != null && running.wrote();
    if (spec.has(CommandSpec.DENYOOM) && server.config.maxmemory() != 0 && eviction.outOfMemory
        && !wrote && !Eviction.scriptAllowsOom(server, script)) {
      return Reply.error(Errors.OOM);
    }
    if (spec.has(CommandSpec.WRITE) && server.replication.isReplica()
        && "yes".equals(server.config.get("replica-read-only"))) {
      return Reply.error(Errors.READONLY_REPLICA);
    }
    if (running != null) {
      // Set before it runs, whatever it answers; from now on SCRIPT KILL refuses to stop it.
      running.wrote(spec.has(CommandSpec.WRITE));
    }
    if (server.cluster != null) {
      String redirect = ClusterCommands.scriptRedirect(server, spec, args);
      if (redirect != null) {
        return Reply.error(redirect);
      }
    }
    return run(scriptClient, spec, args);
  }

  /**
   * Runs a handler; the command counts in INFO's total_commands_processed once done. A write its
   * primary shipped counts nowhere and shows in no MONITOR, SLOWLOG or LATENCY, as in Redis 7.0.
   */
  private Reply run(Connection connection, CommandSpec spec, byte[][] args) {
    server.noTouch = connection.noTouch && !spec.name.equals("touch");
    int mark = connection.startCommand();
    connection.argv = args;
    Connection caller = server.current;
    server.current = connection;
    Reply reply;
    boolean seen = !server.replaying; // a write its primary shipped: see replay()
    if (seen && !server.monitors.isEmpty() && MonitorCommands.fedBefore(spec)) {
      MonitorCommands.feed(server, connection, spec, args); // before a script's own commands
    }
    PropagationUnit unit = PropagationUnit.open(server);
    if (unit != null && WHOLE_DATABASE.contains(spec.name)) {
      server.replication.beforeWholeDatabaseOperation();
    }
    long started = System.nanoTime();
    Call call = new Call(args, connection, server, spec, this);
    boolean returned = false;
    try {
      reply = spec.handler.handle(call);
      if (spec.name.equals("config|set") && server.config.maxmemory() != 0 && !reply.isError()
          && setsMaxmemory(args)) {
        eviction.perform(server); // updateMaxmemory evicts at once, inside CONFIG SET
      }
      returned = true;
    } catch (RedisException e) {
      reply = Reply.error(e.getMessage());
      returned = true;
    } finally {
      server.noTouch = false;
      server.current = caller;
      if (unit != null && !returned) {
        unit.close(); // a failure of ours: the next command starts a unit of its own
      }
      // Counted once done, as Redis does: INFO does not count itself.
      if (seen) {
        server.stats.totalCommands++;
      }
    }
    if (unit != null) {
      List<byte[][]> shipped =
          call.propagateAs != null ? call.propagateAs : java.util.Collections.singletonList(args);
      boolean replayable = (call.propagateAs != null || REPLAYABLE.contains(spec.name))
          && !reply.isError() && unit.keysStayed();
      propagate(connection, spec, args, shipped, reply, unit, replayable);
      unit.close();
    }
    if (!seen) {
      return connection.finishCommand(mark, reply);
    }
    // Whole microseconds, as Redis's ustime() measures them (a fast command often takes 0).
    long micros = (System.nanoTime() - started) / 1000;
    latency.commandTook(spec, micros, server);
    spec.stats.called(micros, server.config.latencyTracking());
    long slowerThan = server.config.slowlogSlowerThan();
    if (micros >= slowerThan && slowerThan >= 0 && !spec.has(CommandSpec.SKIP_SLOWLOG)) {
      slowLog.record(connection, connection == server.scriptClient, args, micros, slowerThan,
          server.config.number("slowlog-max-len"), server.clock.millis());
    }
    if (reply.isError()) {
      spec.stats.failed++;
      countError(reply);
    }
    if (connection.tracking != null) {
      trackRead(connection, spec, args);
    }
    if (!server.monitors.isEmpty() && MonitorCommands.fedAfter(spec)) {
      MonitorCommands.feed(server, connection, spec, args);
    }
    // Pushes to its own connection (PUBLISH to a channel it subscribes to, a keyspace event it
    // listens to) go out just before the reply, as Redis writes them.
    return connection.finishCommand(mark, reply);
  }

  /**
   * Replication after a command: a whole-database operation goes into the stream as such; a command
   * that changed keys adds its bytes to the offset (EXEC and scripts through their commands).
   */
  private void propagate(Connection connection, CommandSpec spec, byte[][] args,
      List<byte[][]> shipped, Reply reply, PropagationUnit unit, boolean replayable) {
    if (WHOLE_DATABASE.contains(spec.name) && !reply.isError()) {
      server.replication.wholeDatabaseOperation(spec.name, connection.db, args); // a write too
    }
    if (unit.wrote() && !PROPAGATED_BY_PARTS.contains(spec.name)) {
      propagateAs(connection.db, shipped, replayable);
    }
  }

  /** Hands replication the commands a write propagates as, with their keys when replayable. */
  void propagateAs(int db, List<byte[][]> shipped, boolean replayable) {
    List<int[]> keys = new ArrayList<>(shipped.size());
    for (byte[][] command : shipped) {
      keys.add(replayable ? specOf(command).keysOf(command, 0) : NO_KEYS);
    }
    server.replication.propagated(db, shipped, replayable, keys);
  }

  private static final int[] NO_KEYS = {};

  /** Redis's master client on a replica: runs what the primary shipped as commands. */
  private Connection primaryClient;

  /** On this replica's loop: a write its primary shipped as a command, run as Redis's replicas do. */
  private void replay(int db, byte[][] args) {
    CommandSpec spec = specOf(args);
    if (spec == null) {
      return;
    }
    if (primaryClient == null) {
      primaryClient = Connection.scriptClient(server.clock.millis()); // authenticated, never blocks
    }
    primaryClient.db = db;
    server.replaying = true;
    try {
      run(primaryClient, spec, args);
    } finally {
      server.replaying = false;
    }
  }

  /** Whether CONFIG SET's arguments set maxmemory itself. */
  private static boolean setsMaxmemory(byte[][] args) {
    for (int i = 2; i < args.length; i += 2) {
      if (Ascii.equalsIgnoreCase(args[i], "maxmemory")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Client-side caching after a command of a tracking client: a read-only command's keys are
   * remembered, and CLIENT CACHING's yes/no lasts for one command (through EXEC inside MULTI).
   */
  private void trackRead(Connection connection, CommandSpec spec, byte[][] args) {
    if (spec.has(CommandSpec.READONLY) && !spec.has(CommandSpec.PUBSUB)) {
      server.tracking.remember(connection, keysOf(args));
    }
    if (connection.tracking != null && !connection.inMulti() && !spec.name.startsWith("client|")) {
      connection.tracking.caching = false;
    }
  }

  /** Redis's reply to an unknown command, quoting up to about 128 characters of its arguments. */
  static String unknownCommand(byte[][] args) {
    StringBuilder quoted = new StringBuilder();
    for (int i = 1; i < args.length && quoted.length() < 128; i++) {
      // Each argument is cut to what is left of 128 characters before its own quotes count.
      String arg = cString(args[i], 128 - quoted.length());
      quoted.append('\'').append(arg).append("' ");
    }
    return sanitize("ERR unknown command '" + cString(args[0], 128)
        + "', with args beginning with: " + quoted);
  }

  /** Bytes as C's printf("%.*s") would print them: up to the first NUL, at most max bytes. */
  static String cString(byte[] bytes, int max) {
    int n = 0;
    while (n < bytes.length && n < max && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** Newlines in an error would break the protocol; Redis turns them into spaces. */
  private static String sanitize(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  static String lowerAscii(byte[] name) {
    char[] chars = new char[name.length];
    for (int i = 0; i < name.length; i++) {
      int c = name[i] & 0xff;
      chars[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return new String(chars);
  }
}
