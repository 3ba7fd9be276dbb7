package dev.cortado.server;

import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one event loop group every server in the JVM shares: daemon threads, created on first use, one
 * per core.
 *
 * <p>NIO by default: native epoll makes the first start in a fresh JVM about 30 ms slower (copying
 * the library out of its jar, loading it and its classes) and measured no faster with
 * redis-benchmark over loopback. With {@code -Dcortado.epoll=true} it is used where it loads.
 */
public final class EventLoops {
  private EventLoops() {}

  private static final boolean EPOLL = epollWanted();
  private static final MultiThreadIoEventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
      Math.max(1, Runtime.getRuntime().availableProcessors()),
      new DefaultThreadFactory("cortado", true),
      handlerFactory());

  private static boolean epollWanted() {
    if (!Boolean.getBoolean("cortado.epoll")) {
      return false;
    }
    try {
      return Epoll.isAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private static IoHandlerFactory handlerFactory() {
    return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  static EventLoop next() {
    return (EventLoop) GROUP.next();
  }

  static Class<? extends ServerChannel> serverChannelType() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static String transportName() {
    return EPOLL ? "epoll" : "nio";
  }
}
