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

  static {
    // Before Netty's first class loads (see NettyLogging); the switches are for bench/startup.sh.
    if (!Boolean.getBoolean("cortado.bench.jul")) {
      NettyLogging.install();
    }
    // Every connection allocates unpooled buffers (Transport); Netty's default pooled allocator,
    // built at the first bind for the listening socket alone, cost about 13 ms of a first start.
    if (!Boolean.getBoolean("cortado.bench.pooled")
        && System.getProperty("io.netty.allocator.type") == null) {
      System.setProperty("io.netty.allocator.type", "unpooled");
    }
    // Channel ids (only logged) otherwise read every network interface for a MAC address: about 7
    // ms of a first start. A random id serves as well. (Relocated with Netty in the jar, these
    // properties concern Cortado's own copy only.)
    if (!Boolean.getBoolean("cortado.bench.mac")
        && System.getProperty("io.netty.machineId") == null) {
      long id = System.nanoTime() * 0x9E3779B97F4A7C15L;
      StringBuilder mac = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        int b = (int) (id >>> (8 * i)) & 0xff;
        mac.append(i == 0 ? "" : ":").append(Character.forDigit(b >> 4, 16))
            .append(Character.forDigit(b & 15, 16));
      }
      System.setProperty("io.netty.machineId", mac.toString());
      if (System.getProperty("io.netty.processId") == null) { // nor ask the OS for the pid
        System.setProperty("io.netty.processId", Integer.toString((int) (id >>> 40) & 0x3fffff));
      }
    }
    // Netty reads /etc/os-release at class initialization to pick native libraries, which this
    // copy never loads (NIO only); an empty list of classifiers skips the reading (about 3 ms).
    if (!Boolean.getBoolean("cortado.bench.osrelease")
        && System.getProperty("io.netty.osClassifiers") == null) {
      System.setProperty("io.netty.osClassifiers", "");
    }
  }

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
