package dev.cortado.server;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one event loop group every server in the JVM shares: daemon threads, created on first use, one
 * per core.
 *
 * <p>NIO only: native epoll made the first start in a fresh JVM about 30 ms slower (copying the
 * library out of its jar, loading it and its classes), measured no faster with redis-benchmark over
 * loopback, and its library cannot be relocated with the rest of Netty without renaming it.
 */
public final class EventLoops {
  private EventLoops() {}

  private static final MultiThreadIoEventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
      Math.max(1, Runtime.getRuntime().availableProcessors()),
      new DefaultThreadFactory("cortado", true),
      NioIoHandler.newFactory());

  static EventLoop next() {
    return (EventLoop) GROUP.next();
  }

  static Class<? extends ServerChannel> serverChannelType() {
    return NioServerSocketChannel.class;
  }

  public static String transportName() {
    return "nio";
  }
}
