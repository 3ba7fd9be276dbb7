package dev.cortado.server;

import dev.cortado.keyspace.MemoryUsage;
import dev.cortado.keyspace.Watcher;
import dev.cortado.protocol.Reply;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the server knows about one client connection: selected database, protocol, name, auth, its
 * transaction (MULTI queue) and watched keys. Read and written only on the server's event loop thread.
 */
public final class Connection {
  public final long id;
  public final Channel channel;
  public final long createdAt;
  public int db;
  /** 2 or 3, switched by HELLO. */
  public int protocol = 2;
  public byte[] name;
  public String libName;
  public String libVersion;
  public boolean authenticated;
  public String user = "default";
  public long lastInteraction;
  public String lastCommand = "NULL";
  public boolean noEvict;
  public boolean noTouch;
  /** Cluster READONLY: reads of its primary's slots served by a replica. */
  public boolean readOnlyCluster;
  /** Cluster ASKING: the next command may use a slot this node is importing. */
  public boolean asking;
  /** Sent MONITOR: receives every command's line, and may not touch the keyspace. */
  public boolean monitor;
  /** The command running or waiting now (blocked, or held by CLIENT PAUSE): CLIENT LIST's argv-mem. */
  public byte[][] argv;
  /** Its handler, for CLIENT LIST's buffer fields; null for connections without one (scripts'). */
  ConnectionHandler handler;
  /** CLIENT REPLY OFF: replies (and monitor lines) are dropped; pushes still go out. */
  public boolean replyOff;
  /** CLIENT REPLY SKIP: the next command's reply is dropped. */
  public boolean skipNextReply;
  /** The reply of the command running now is dropped (the one after CLIENT REPLY SKIP). */
  public boolean skipThisReply;
  /** {@link #finishCommand} has dealt with CLIENT REPLY for the running command. */
  private boolean replyDecided;
  /** Set by QUIT or a protocol error: close once the pending replies are written. */
  public boolean closeAfterReply;
  /** WATCH: the keys this client watches and whether one of them changed. */
  public final Watcher watcher = new Watcher();
  /** Commands queued since MULTI; null outside a transaction. */
  private List<byte[][]> queued;
  /** A command was refused while queueing (Redis's CLIENT_DIRTY_EXEC): EXEC will abort. */
  private boolean transactionFlagged;
  /** Pub/sub subscriptions, each kind in the order made. */
  private final Set<PubSub.Name> channels = new LinkedHashSet<>(0);
  private final Set<PubSub.Name> patterns = new LinkedHashSet<>(0);
  private final Set<PubSub.Name> shardChannels = new LinkedHashSet<>(0);
  /** Where pushes go when this connection is not running a command: its handler's outbound path. */
  private Consumer<Reply> outbound = frame -> {};
  /** Commands of this connection running now (EXEC nests them): its own pushes wait for the reply. */
  private int running;
  /** Pushes to this connection made by its own running command, written just before its reply. */
  private List<Reply> ownPushes;
  /** Pushes its own command made that Redis writes after the whole reply: tracking invalidations. */
  private List<Reply> pushesAfterReply;
  /** The reply this client is blocked on (BLPOP, WAIT...), or null: CLIENT UNBLOCK, flags=b. */
  public dev.cortado.protocol.Parked blockedOn;
  /** CLIENT TRACKING settings; null when tracking is off. */
  public Tracking.Settings tracking;

  /**
   * CLIENT LIST's fd: a descriptor number as the kernel would hand them out to a default
   * redis-server's clients (the lowest free one, from 8); -1 for clients without a socket.
   */
  public int fd = -1;
  /** The client has sent something: Redis has read into its query buffer (16 KB at a time). */
  public boolean hasRead;
  /** Redis's reply buffer size (CLIENT LIST rbs): 16 KB at first, then resized by its cron. */
  private long replyBufferSize = REPLY_CHUNK_BYTES;
  /** Its peak use since the last reset (rbp), reset every 5 seconds. */
  private long replyBufferPeak;
  private long replyPeakResetAt;
  /** When the cron model last caught up with the server's clock. */
  private long replyCronAt;

  /** A client that may not block (the script client): blocking commands time out at once. */
  public boolean denyBlocking;

  /**
   * The pseudo-client a server's scripts run their commands as (Redis's lua client): always
   * authenticated, never blocking, on a channel that goes nowhere.
   */
  public static Connection scriptClient(long now) {
    Connection c = new Connection(0, new io.netty.channel.embedded.EmbeddedChannel(), now);
    c.authenticated = true;
    c.denyBlocking = true;
    return c;
  }

  public Connection(long id, Channel channel, long now) {
    this.id = id;
    this.channel = channel;
    this.createdAt = now;
    this.lastInteraction = now;
    // Redis's first cron visit restarts the peak (its last reset time starts at 0): the replies
    // before that tick never show in rbp.
    this.replyPeakResetAt = Long.MIN_VALUE / 2;
    this.replyCronAt = now;
    // However the connection ends (QUIT, CLIENT KILL, reset by peer), its watches go with it.
    channel.closeFuture().addListener(f -> watcher.unwatchAll());
  }

  /** Sets where pushes go; the connection's handler does it once. */
  void outbound(Consumer<Reply> sink) {
    this.outbound = sink;
  }

  /**
   * Sends a push frame (a pub/sub message, a keyspace event...) after everything already written.
   * While this connection's own command runs, the frame waits and goes out just before that
   * command's reply, as Redis writes it to the output buffer at that moment.
   */
  public void push(Reply frame) {
    if (running > 0) {
      if (ownPushes == null) {
        ownPushes = new ArrayList<>(2);
      }
      ownPushes.add(frame);
    } else {
      outbound.accept(frame);
    }
  }

  /**
   * A push Redis writes after the reply of the command running now (after EXEC's whole array), or
   * at once when none runs: a client's invalidation of a key it changed itself.
   */
  public void pushAfterReply(Reply frame) {
    if (running > 0) {
      if (pushesAfterReply == null) {
        pushesAfterReply = new ArrayList<>(2);
      }
      pushesAfterReply.add(frame);
    } else {
      outbound.accept(frame);
    }
  }

  /** Whether one of this connection's commands is running now. */
  public boolean isRunning() {
    return running > 0;
  }

  /** A command of this connection starts; returns the mark {@link #finishCommand} needs. */
  public int startCommand() {
    running++;
    return ownPushes == null ? 0 : ownPushes.size();
  }

  /** The command's reply preceded by the pushes it made to its own connection since {@code mark}. */
  public Reply finishCommand(int mark, Reply reply) {
    running--;
    // CLIENT REPLY OFF/SKIP: the pushes it made still go out, and (un)subscribe confirmations,
    // which Redis sends as pushes too.
    if (running == 0 && dropsReply()) {
      replyDecided = true;
      if (!(reply instanceof dev.cortado.protocol.Parked) && reply.type() != '>') {
        reply = null;
      }
    }
    if (ownPushes != null && ownPushes.size() > mark) {
      List<Reply> frames = ownPushes.subList(mark, ownPushes.size());
      List<Reply> all = new ArrayList<>(frames);
      frames.clear();
      if (reply != null) {
        all.add(reply);
      }
      reply = Reply.sequence(all);
    }
    if (running == 0 && pushesAfterReply != null && !pushesAfterReply.isEmpty()) {
      List<Reply> all = new ArrayList<>(pushesAfterReply.size() + 1);
      if (reply != null) {
        all.add(reply);
      }
      all.addAll(pushesAfterReply);
      pushesAfterReply.clear();
      reply = Reply.sequence(all);
    }
    return reply == null ? Reply.raw(new byte[0]) : reply;
  }

  /** A command arrives while CLIENT REPLY is OFF or SKIP was sent: this one's reply may go. */
  public void beginReplyCheck() {
    replyDecided = false;
    skipThisReply = skipNextReply;
    skipNextReply = false;
  }

  /** Whether this command's reply is to be dropped: CLIENT REPLY OFF, or SKIP before it. */
  public boolean dropsReply() {
    return replyOff || skipThisReply;
  }

  /**
   * Called once a client's command is done: whether its reply still has to be dropped (it was
   * refused, or answered by a stub, without reaching {@link #finishCommand}). Clears the marks.
   */
  public boolean replyStillToDrop() {
    boolean drop = dropsReply() && !replyDecided;
    replyDecided = false;
    skipThisReply = false;
    return drop;
  }

  /**
   * CLIENT LIST's view of this connection's buffers: input bytes waiting (unparsed, or parsed and
   * held behind a blocked command), room in the input buffer, replies gathered but not yet handed
   * to the socket (obl), the socket's queue in blocks (oll) and bytes (omem), then 1/0 for reading
   * and for waiting to write.
   */
  public long[] bufferStats() {
    if (handler == null) {
      return new long[] {0, 0, 0, 0, 0, channel.isActive() ? 1 : 0, 0};
    }
    return handler.bufferStats();
  }

  // Redis 7.0's reply buffer: PROTO_REPLY_CHUNK_BYTES, PROTO_REPLY_MIN_BYTES, the peak's reset.
  private static final long REPLY_CHUNK_BYTES = 16 * 1024;
  private static final long REPLY_MIN_BYTES = 1024;
  private static final long PEAK_RESET_MILLIS = 5000;
  /** Cron ticks simulated one by one; past them the buffer has settled (see replyBufferCron). */
  private static final long TICKS_STEPPED = 200;

  /** Replies of one write to the socket: the part that fit Redis's buffer counts toward its peak. */
  void repliesWritten(long bytes, long now) {
    replyBufferCron(now);
    replyBufferPeak = Math.max(replyBufferPeak, Math.min(bytes, replyBufferSize));
  }

  /** CLIENT LIST's rbs and rbp now. */
  public long[] replyBuffer(long now) {
    replyBufferCron(now);
    return new long[] {replyBufferSize, replyBufferPeak};
  }

  /**
   * Redis's clientsCronResizeOutputBuffer at each cron tick (hz times a second, every client at
   * each tick as with a few clients) since the last call: the buffer shrinks to the peak (at
   * least 1 KB) once the peak is under half of it, doubles (up to 16 KB) when the peak filled it,
   * and the peak restarts every 5 seconds. Run lazily, on the server's clock.
   */
  private void replyBufferCron(long now) {
    long period = Math.max(1, 1000 / Math.max(1, hz()));
    long ticks = now / period - replyCronAt / period;
    replyCronAt = now;
    long tick = now / period - ticks;
    for (long i = 1; i <= Math.min(ticks, TICKS_STEPPED); i++) {
      long at = (tick + i) * period;
      long half = replyBufferSize / 2;
      if (half >= REPLY_MIN_BYTES && replyBufferPeak < half) {
        replyBufferSize = MemoryUsage.allocLong(Math.max(REPLY_MIN_BYTES, replyBufferPeak + 1));
      } else if (replyBufferSize * 2 < REPLY_CHUNK_BYTES * 2 && replyBufferPeak == replyBufferSize) {
        replyBufferSize = Math.min(REPLY_CHUNK_BYTES, replyBufferSize * 2);
      }
      if (at - replyPeakResetAt >= PEAK_RESET_MILLIS) {
        replyBufferPeak = 0; // nothing waits in the buffer at cron time: written each loop
        replyPeakResetAt = at;
      }
    }
    if (ticks > TICKS_STEPPED) {
      // A long quiet stretch: the peak was reset to 0, so the buffer is at its floor; the resets
      // go on every 5 seconds from the last one stepped.
      replyBufferPeak = 0;
      if (replyBufferSize / 2 >= REPLY_MIN_BYTES) {
        replyBufferSize = REPLY_MIN_BYTES;
      }
      long every = (PEAK_RESET_MILLIS + period - 1) / period;
      long last = replyPeakResetAt / period;
      replyPeakResetAt = (last + (now / period - last) / every * every) * period;
    }
  }

  private int hz() {
    return handler == null ? 10 : (int) handler.hz();
  }

  /** The size of a request as clients send it (a multibulk): CLIENT LIST's qbuf counts these. */
  public static long requestLength(byte[][] args) {
    long n = 1 + Integer.toString(args.length).length() + 2;
    for (byte[] a : args) {
      n += 1 + Integer.toString(a.length).length() + 2 + a.length + 2;
    }
    return n;
  }

  /** The subscriptions of one kind, in the order made. */
  Set<PubSub.Name> subscriptions(PubSub.Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD -> shardChannels;
    };
  }

  /**
   * The count a (un)subscribe confirmation carries: channels plus patterns, or shard channels alone,
   * as Redis 7.0 counts them.
   */
  int subscriptionCount(PubSub.Kind kind) {
    return kind == PubSub.Kind.SHARD ? shardChannels.size() : channels.size() + patterns.size();
  }

  /** Subscribed to anything: a RESP2 client may then only (un)subscribe, PING, QUIT and RESET. */
  public boolean isSubscriber() {
    return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
  }

  /** Channels, patterns, shard channels: CLIENT LIST's sub, psub, ssub. */
  public int subscriptionCount(char kind) {
    return kind == 'p' ? patterns.size() : kind == 's' ? shardChannels.size() : channels.size();
  }

  /** Between MULTI and EXEC, DISCARD or RESET. */
  public boolean inMulti() {
    return queued != null;
  }

  /** MULTI: starts queueing. */
  public void beginTransaction() {
    queued = new ArrayList<>(2);
  }

  /**
   * Queues a command for EXEC. Once the transaction is bound to fail (a refused command or a changed
   * watched key) commands are answered but no longer kept, as Redis does; CLIENT LIST shows it.
   */
  public void queue(byte[][] args) {
    if (!transactionFlagged && !watcher.isDirty()) {
      queued.add(args);
    }
  }

  /** The queued commands, in order; empty outside a transaction. */
  public List<byte[][]> queuedCommands() {
    return queued == null ? List.of() : queued;
  }

  /** Marks the transaction to fail with EXECABORT; outside MULTI it does nothing. */
  public void flagTransaction() {
    if (queued != null) {
      transactionFlagged = true;
    }
  }

  public boolean transactionFlagged() {
    return transactionFlagged;
  }

  /** Ends the transaction and forgets watched keys: EXEC, DISCARD, RESET (Redis's discardTransaction). */
  public void discardTransaction() {
    queued = null;
    transactionFlagged = false;
    watcher.reset();
  }

  public String address() {
    return String.valueOf(channel.remoteAddress()).replaceFirst("^.*/", "");
  }

  public String localAddress() {
    return String.valueOf(channel.localAddress()).replaceFirst("^.*/", "");
  }
}
