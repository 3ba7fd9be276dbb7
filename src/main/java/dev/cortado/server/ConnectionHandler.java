package dev.cortado.server;

import dev.cortado.protocol.ProtocolError;
import dev.cortado.protocol.Reply;
import dev.cortado.protocol.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One per connection: decodes requests, runs each through the executor, and writes replies. Replies to
 * a batch of pipelined requests are gathered in one buffer and flushed once the batch is read.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private final ServerState state;
  private final CommandExecutor executor;
  private final RespDecoder decoder;
  private Connection connection;
  private ByteBuf pending;

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
    if (connection.closeAfterReply) {
      return; // Redis ignores whatever follows QUIT or a protocol error
    }
    Reply reply;
    if (msg instanceof ProtocolError error) {
      reply = Reply.error(error.replyText());
      connection.closeAfterReply = true;
    } else {
      reply = executor.execute(connection, (byte[][]) msg);
    }
    if (reply != null) {
      if (pending == null) {
        pending = ctx.alloc().ioBuffer();
      }
      reply.writeTo(pending, connection.protocol);
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
