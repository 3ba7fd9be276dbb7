package dev.cortado.server;

import dev.cortado.protocol.Fault;
import dev.cortado.protocol.ProtocolError;
import dev.cortado.protocol.Reply;
import dev.cortado.protocol.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One per connection: decodes requests, runs each through the executor, and writes replies. Replies to
 * a batch of pipelined requests are gathered in one buffer and flushed once the batch is read. It also
 * acts out the mock layer's {@link Fault}s: a delayed reply holds back the requests behind it (reading
 * stops meanwhile, so they stay few), and a closed, reset or silent connection takes nothing more.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private final ServerState state;
  private final CommandExecutor executor;
  private final RespDecoder decoder;
  private Connection connection;
  private ByteBuf pending;
  /** A delayed reply is on its way: requests wait in the backlog. */
  private boolean waiting;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>();
  /** A fault ended this connection's answers: input is read and dropped. */
  private boolean silent;

  ConnectionHandler(ServerState state, CommandExecutor executor) {
    this.state = state;
    this.executor = executor;
    this.decoder = new RespDecoder(Long.parseLong(state.config.get("proto-max-bulk-len")),
        () -> connection != null && !connection.authenticated);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.pipeline().addBefore(ctx.name(), "resp-decoder", decoder);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connection = state.connect(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (connection != null) {
      state.disconnect(connection);
    }
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (connection.closeAfterReply || silent) {
      return; // Redis ignores whatever follows QUIT or a protocol error
    }
    if (waiting) {
      backlog.add(msg);
      return;
    }
    process(ctx, msg);
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
  }

  private void emit(ChannelHandlerContext ctx, Reply reply) {
    if (reply instanceof Fault fault) {
      actOut(ctx, fault);
      return;
    }
    if (pending == null) {
      pending = ctx.alloc().ioBuffer();
    }
    reply.writeTo(pending, connection.protocol);
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

  /** The delay is over: send the reply, then answer what waited, unless another delay comes. */
  private void resume(ChannelHandlerContext ctx, Reply reply) {
    if (!ctx.channel().isActive()) {
      return;
    }
    waiting = false;
    emit(ctx, reply);
    while (!waiting && !silent && !connection.closeAfterReply && !backlog.isEmpty()) {
      process(ctx, backlog.poll());
    }
    if (!waiting) {
      backlog.clear(); // left only after a close or silence, which ignore it
      flush(ctx);
      if (!silent && !connection.closeAfterReply) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flush(ctx);
    ctx.fireChannelReadComplete();
  }

  private void flush(ChannelHandlerContext ctx) {
    if (pending != null) {
      ByteBuf out = pending;
      pending = null;
      if (connection.closeAfterReply) {
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.writeAndFlush(out);
    } else if (connection.closeAfterReply) {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An I/O error (reset by peer...) ends this connection only.
    ctx.close();
  }

  private void release() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }
}
