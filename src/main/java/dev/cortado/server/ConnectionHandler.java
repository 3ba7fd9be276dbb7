package dev.cortado.server;

import dev.cortado.protocol.Fault;
import dev.cortado.protocol.Parked;
import dev.cortado.protocol.ProtocolError;
import dev.cortado.protocol.RequestBatch;
import dev.cortado.protocol.Reply;
import dev.cortado.protocol.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One per connection: decodes requests, runs each through the executor, and writes replies. Replies to
 * a batch of pipelined requests are gathered in one buffer and flushed once the batch is read.
 *
 * <p>Memory stays bounded whatever the client does: once 64 KiB of replies are waiting and the socket
 * will take no more (the client is not reading), the connection stops reading and holds the requests
 * already decoded until the client catches up; Redis's {@code client-output-buffer-limit} for normal
 * clients (off by default, as in Redis) closes it instead. It also enforces {@code maxclients} and
 * the idle {@code timeout}, and acts out the mock layer's {@link Fault}s: a delayed reply holds back
 * the requests behind it the same way, and a closed, reset or silent connection takes nothing more.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  /** Replies gathered for one flush before they are written out early. */
  private static final int FLUSH_BYTES = 64 * 1024;
  /** First size of the buffer pushes gather in until their flush. */
  private static final int PUSH_BUFFER_BYTES = 4096;
  /**
   * Requests a blocked client may send before reading stops. It keeps reading until then so that a
   * client that leaves while blocked is noticed, as Redis notices it.
   */
  private static final int BLOCKED_BACKLOG = 1024;
  private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private final ServerState state;
  private final CommandExecutor executor;
  private final RespDecoder decoder;
  private Connection connection;
  private ByteBuf pending;
  /** A delayed reply is on its way: requests wait in the backlog. */
  private boolean waiting;
  /** The client is not reading its replies: requests wait in the backlog. */
  private boolean held;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>();
  /** A fault, maxclients or an output limit ended this connection's answers: input is dropped. */
  private boolean silent;
  private ScheduledFuture<?> idleCheck;
  /** When the replies waiting first went over the soft output limit; 0 when under it. */
  private long overSoftLimitSince;
  private String outputLimitSetting;
  private long[] normalLimit;
  private long[] pubsubLimit;
  private ChannelHandlerContext context;
  /** Pushes are waiting in {@link #pending} and a task to flush them is queued on the loop. */
  private boolean flushQueued;

  ConnectionHandler(ServerState state, CommandExecutor executor) {
    this.state = state;
    this.executor = executor;
    this.decoder = new RespDecoder(state.config.number("proto-max-bulk-len"),
        () -> connection != null && !connection.authenticated && state.passwordRequired());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    ctx.pipeline().addBefore(ctx.name(), "resp-decoder", decoder);
    SslContext tls = state.options.tls();
    if (tls != null) {
      ctx.pipeline().addFirst("tls", tls.newHandler(ctx.alloc()));
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (state.clients.size() >= state.config.number("maxclients")) {
      silent = true; // Redis answers, closes, and never counts it as a client
      state.stats.rejectedConnections++;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(MAX_CLIENTS)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    connection = state.connect(ctx.channel());
    connection.handler = this;
    connection.outbound(this::pushed);
    idleCheck = ctx.executor().scheduleAtFixedRate(() -> closeIfIdle(ctx), 1, 1, TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  /** Redis's {@code timeout}: a client silent for that many seconds is closed (0 = never). */
  private void closeIfIdle(ChannelHandlerContext ctx) {
    long timeout = state.config.number("timeout");
    if (timeout > 0 && state.clock.millis() - connection.lastInteraction > timeout * 1000) {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (connection != null) {
      state.disconnect(connection);
    }
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    Parked blockedOn = connection == null ? null : connection.blockedOn;
    if (blockedOn != null) { // a blocked client that goes away stops waiting
      blockedOn.cancel();
      state.parked.remove(blockedOn);
      unblocked(blockedOn);
    }
    backlog.clear();
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RequestBatch batch) {
      for (int i = 0, n = batch.size(); i < n; i++) {
        read(ctx, batch.get(i));
      }
    } else {
      read(ctx, msg);
    }
  }

  /** One request, in order: answered now, held behind a delay or a full socket, or ignored. */
  private void read(ChannelHandlerContext ctx, Object msg) {
    if (silent || connection.closeAfterReply) {
      if (silent && connection != null && msg instanceof byte[][] args) {
        executor.ignored(connection, args); // a test may count the retries a silent server got
      }
      return; // Redis ignores whatever follows QUIT or a protocol error
    }
    if (connection != null) {
      connection.hasRead = true;
    }
    if (waiting || held) {
      backlog.add(msg);
      if (backlog.size() >= BLOCKED_BACKLOG) {
        ctx.channel().config().setAutoRead(false); // enough held: TCP keeps the rest
      }
      return;
    }
    process(ctx, msg);
    limitOutput(ctx);
  }

  private void process(ChannelHandlerContext ctx, Object msg) {
    Reply reply;
    if (msg instanceof ProtocolError error) {
      reply = Reply.error(error.replyText());
      connection.closeAfterReply = true;
    } else {
      reply = executor.execute(connection, (byte[][]) msg);
    }
    if (reply != null) {
      emit(ctx, reply);
    }
    // After the reply is written: pushes that serving makes (keyspace events) go after it.
    state.serveReadyKeys();
  }

  /**
   * Once enough replies have piled up, writes them out; if the socket will take no more, stops
   * reading until it drains ({@link #channelWritabilityChanged}).
   */
  private void limitOutput(ChannelHandlerContext ctx) {
    if (pending == null || pending.readableBytes() < FLUSH_BYTES) {
      return;
    }
    flush(ctx);
    if (!silent && !ctx.channel().isWritable()) {
      held = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (held && ctx.channel().isWritable()) {
      held = false;
      answerBacklog(ctx);
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void emit(ChannelHandlerContext ctx, Reply reply) {
    if (reply instanceof Fault fault) {
      actOut(ctx, fault);
      return;
    }
    if (reply instanceof Parked parked && !parked.isDone()) {
      block(ctx, parked);
      return;
    }
    if (pending == null) {
      // On the heap: an unpooled direct buffer per flush costs a malloc, a free and a Cleaner, and
      // each reply byte an Unsafe store; the JDK copies a heap buffer into its per-thread direct one.
      pending = ctx.alloc().heapBuffer();
    }
    reply.writeTo(pending, connection.protocol);
  }

  /**
   * A push from elsewhere (another client's PUBLISH, a keyspace event of expiry): written after what
   * is already waiting, and flushed by a task queued once however many pushes arrive before it runs.
   * A client that does not read is held to its output buffer limit (pubsub class for subscribers).
   */
  private void pushed(Reply frame) {
    if (silent || connection.closeAfterReply || !context.channel().isActive()) {
      return;
    }
    if (pending == null) {
      // Pushes come many at a time (a publisher's pipelined batch): start where 256 bytes would
      // have grown to, as the profile showed buffer growth as the largest cost of fan-out.
      pending = context.alloc().heapBuffer(PUSH_BUFFER_BYTES);
    }
    frame.writeTo(pending, connection.protocol);
    if (!flushQueued) {
      flushQueued = true;
      context.executor().execute(() -> {
        flushQueued = false;
        flush(context);
      });
    }
  }

  private void actOut(ChannelHandlerContext ctx, Fault fault) {
    switch (fault.kind()) {
      case DELAY -> {
        flush(ctx); // the replies before it are not held back
        waiting = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> resume(ctx, fault.reply()), fault.delayMillis(),
            TimeUnit.MILLISECONDS);
      }
      case CLOSE -> {
        if (fault.reply() != null) {
          emit(ctx, fault.reply());
        }
        connection.closeAfterReply = true;
        flush(ctx);
      }
      case RESET -> {
        flush(ctx);
        silent = true;
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0); // close sends RST
        ctx.close();
      }
      case NO_REPLY -> {
        flush(ctx);
        silent = true;
      }
    }
  }

  /**
   * A blocking command waits for its reply: the replies before it go out, and the requests behind
   * it wait (reading stops, so TCP holds the rest) until an event or its timeout completes it.
   */
  private void block(ChannelHandlerContext ctx, Parked parked) {
    flush(ctx);
    waiting = true;
    connection.blockedOn = parked;
    state.blockedClients++;
    if (parked.deadline() != Parked.FOREVER) {
      state.clientsInTimeoutTable++;
    }
    parked.whenComplete(reply -> {
      state.parked.remove(parked);
      unblocked(parked);
      // Completed from inside another client's command (or an expiry pass): this connection goes on
      // once that is done, as Redis serves unblocked clients after the command that woke them.
      ctx.executor().execute(() -> resume(ctx, parked.isSilenced() ? silenced(reply) : reply));
    });
  }

  /**
   * The reply of a command sent under CLIENT REPLY OFF/SKIP: nothing, unless it is a command held
   * by CLIENT PAUSE that blocks once it runs, whose own later reply is dropped in turn.
   */
  private static Reply silenced(Reply reply) {
    if (reply instanceof Parked next) {
      next.silence();
      return next;
    }
    return reply instanceof Fault ? reply : Reply.raw(new byte[0]);
  }

  /** Counts the client out of INFO's blocked_clients and clients_in_timeout_table. */
  private void unblocked(Parked parked) {
    state.blockedClients--;
    if (parked.deadline() != Parked.FOREVER) {
      state.clientsInTimeoutTable--;
    }
    connection.blockedOn = null;
  }

  /** The delay is over: send the reply, then answer what waited. */
  private void resume(ChannelHandlerContext ctx, Reply reply) {
    if (!ctx.channel().isActive()) {
      return;
    }
    waiting = false;
    emit(ctx, reply);
    answerBacklog(ctx);
  }

  /** Answers the requests that waited, until another delay or a full socket stops it again. */
  private void answerBacklog(ChannelHandlerContext ctx) {
    while (!waiting && !held && !silent && !connection.closeAfterReply && !backlog.isEmpty()) {
      process(ctx, backlog.poll());
      limitOutput(ctx);
    }
    if (silent || connection.closeAfterReply) {
      backlog.clear();
    }
    flush(ctx);
    if (!waiting && !held && !silent && !connection.closeAfterReply) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    state.tracking.sendBroadcasts(); // before the replies, as Redis's beforeSleep does
    flush(ctx);
    ctx.fireChannelReadComplete();
  }

  private void flush(ChannelHandlerContext ctx) {
    if (pending != null) {
      ByteBuf out = pending;
      pending = null;
      connection.repliesWritten(out.readableBytes(), state.clock.millis());
      if (overOutputLimit(ctx, out.readableBytes())) {
        out.release();
        silent = true;
        ctx.close();
        return;
      }
      if (connection.closeAfterReply) {
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.writeAndFlush(out);
    } else if (connection != null && connection.closeAfterReply) {
      ctx.close();
    }
  }

  /**
   * Redis's {@code client-output-buffer-limit}: "normal HARD SOFT SECONDS" (0 = no limit, Redis's
   * default) or, for a client subscribed to anything, the pubsub class (32mb 8mb 60 by default): over
   * the hard limit, or over the soft one for that long, the client is disconnected.
   */
  private boolean overOutputLimit(ChannelHandlerContext ctx, long adding) {
    long[] limit = outputLimit(connection.isSubscriber());
    if (limit[0] == 0 && limit[1] == 0) {
      return false;
    }
    ChannelOutboundBuffer outbound = ctx.channel().unsafe().outboundBuffer();
    long queued = adding + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    if (limit[0] > 0 && queued > limit[0]) {
      return true;
    }
    if (limit[1] > 0 && queued > limit[1]) {
      long now = System.nanoTime();
      if (overSoftLimitSince == 0) {
        overSoftLimitSince = now;
      }
      return now - overSoftLimitSince >= TimeUnit.SECONDS.toNanos(limit[2]);
    }
    overSoftLimitSince = 0;
    return false;
  }

  private long[] outputLimit(boolean subscriber) {
    String setting = state.config.get("client-output-buffer-limit");
    if (!setting.equals(outputLimitSetting)) {
      normalLimit = OutputBufferLimits.of(setting, "normal");
      pubsubLimit = OutputBufferLimits.of(setting, "pubsub");
      outputLimitSetting = setting;
    }
    return subscriber ? pubsubLimit : normalLimit;
  }

  /** The server's hz (its cron's ticks a second), which paces Redis's buffer resizing. */
  long hz() {
    return state.config.number("hz");
  }

  /** See {@link Connection#bufferStats()}. */
  long[] bufferStats() {
    long held = 0;
    for (Object request : backlog) {
      if (request instanceof byte[][] args) {
        held += Connection.requestLength(args);
      }
    }
    ChannelOutboundBuffer out = context.channel().unsafe().outboundBuffer();
    long blocks = out == null ? 0 : out.size();
    long queued = out == null ? 0 : out.totalPendingWriteBytes();
    boolean reading = context.channel().isActive() && context.channel().config().isAutoRead();
    return new long[] {decoder.bufferedBytes() + held, decoder.bufferFree(),
        pending == null ? 0 : pending.readableBytes(), blocks, queued, reading ? 1 : 0,
        blocks > 0 ? 1 : 0};
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An I/O error (reset by peer, not TLS on a TLS port...) ends this connection only.
    ctx.close();
  }

  private void release() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }
}
