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
      new LargeStackThreadFactory(),
      NioIoHandler.newFactory());

  /**
   * Loop threads with a 64 MiB stack: scripts run on the loop, and the Lua interpreter uses the Java
   * stack for each Lua call, so Lua 5.1's depth (thousands of calls) needs more than the default
   * 1 MiB. The stack is reserved address space; only what a deep script touches is committed.
   */
  private static final class LargeStackThreadFactory extends DefaultThreadFactory {
    private static final long STACK_BYTES = 64L << 20;

    LargeStackThreadFactory() {
      super("cortado", true);
    }

    @Override
    protected Thread newThread(Runnable r, String name) {
      return new io.netty.util.concurrent.FastThreadLocalThread(threadGroup, r, name, STACK_BYTES);
    }
  }

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
