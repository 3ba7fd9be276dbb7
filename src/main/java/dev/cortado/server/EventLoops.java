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
 * per core. Native epoll where it loads, NIO elsewhere.
 */
public final class EventLoops {
  private EventLoops() {}

  private static final boolean EPOLL = epollUsable();
  private static final MultiThreadIoEventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
      Math.max(1, Runtime.getRuntime().availableProcessors()),
      new DefaultThreadFactory("cortado", true),
      handlerFactory());

  private static boolean epollUsable() {
    try {
      return !Boolean.getBoolean("cortado.nio") && Epoll.isAvailable();
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
