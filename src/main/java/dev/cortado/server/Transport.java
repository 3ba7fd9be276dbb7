package dev.cortado.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Binds one server to a port. All its connections live on one event loop taken from the JVM-wide
 * group, so commands from all clients run one at a time, as in Redis, and starting a server creates
 * no thread.
 */
public final class Transport {
  private final ServerState state;
  private final CommandExecutor executor;
  private final EventLoop loop;
  private Channel serverChannel;
  /** Listening sockets opened by CONFIG SET port/bind, which replace {@link #serverChannel}. */
  private List<Channel> rebound = List.of();
  private ScheduledFuture<?> expiryTask;

  public Transport(ServerState state, CommandExecutor executor) {
    this.state = state;
    this.executor = executor;
    this.loop = EventLoops.next();
    state.transport = this;
  }

  private ServerBootstrap bootstrap() {
    return new ServerBootstrap()
        .group(loop, loop)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 511)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          // Said here, Netty need not read the @Sharable annotation: generating its proxy class
          // cost a few milliseconds of a fresh JVM's first start.
          @Override
          public boolean isSharable() {
            return true;
          }

          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ConnectionHandler(state, executor));
          }
        });
  }

  public int start() {
    ServerBootstrap bootstrap = bootstrap().channel(EventLoops.serverChannelType());
    InetSocketAddress address = new InetSocketAddress(state.options.bind(), state.options.port());
    try {
      serverChannel = bootstrap.bind(address).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + address, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot bind " + address + ": " + e.getMessage(), e);
    }
    int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    expiryTask = loop.scheduleAtFixedRate(state::expireActively, 100, 100, TimeUnit.MILLISECONDS);
    state.tracking.runBroadcastsOn(loop);
    call(() -> {
      state.boundPort = port;
      state.listener = serverChannel;
      state.config.set("port", Integer.toString(port));
      return null;
    });
    Replication.listening(port, state);
    return port;
  }

  /** The loop every command of this server runs on. */
  public java.util.concurrent.Executor executor() {
    return loop;
  }

  /** Closes the listening socket and every connection; the port is free when this returns. */
  public void stop() {
    if (serverChannel == null) {
      return;
    }
    RunningScript running = state.runningScript;
    if (running != null) {
      running.kill(); // a script that never ends would hold the loop, and this stop, forever
    }
    expiryTask.cancel(false);
    call(() -> {
      Replication.stopped(state.boundPort, state);
      return null;
    });
    serverChannel.close().syncUninterruptibly();
    List<ChannelFuture> closing = call(() -> {
      List<ChannelFuture> futures = new ArrayList<>();
      for (Channel listening : rebound) { // opened by CONFIG SET port/bind
        futures.add(listening.close());
      }
      for (Connection c : new ArrayList<>(state.clients.values())) {
        futures.add(c.channel.close());
      }
      return futures;
    });
    // Every socket is closed when stop returns: no file descriptor outlives the server.
    for (ChannelFuture f : closing) {
      f.syncUninterruptibly();
    }
    // With NIO the JDK releases a closed channel's socket only when its selector next selects (it
    // defers the close while the key is registered), and the loop runs queued tasks without
    // selecting in between. A task scheduled for later makes the loop select first: once it has run,
    // the port and the sockets are really free.
    try {
      loop.schedule(() -> null, 1, TimeUnit.MILLISECONDS).sync();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    serverChannel = null;
  }

  /**
   * CONFIG SET port / bind: listens on every address of {@code bind} (Redis's list: spaces between,
   * "*" for every IPv4 and "::*" for every IPv6 address, a leading "-" for one that may fail) at
   * {@code port} before closing the sockets listening now, so a failure keeps them; connections
   * stay open either way. Port 0 stops listening, as in Redis. On the loop; false when an address
   * cannot be bound.
   */
  public boolean listen(String bind, int port) {
    List<Channel> current = new ArrayList<>(rebound);
    if (serverChannel != null && serverChannel.isOpen() && !current.contains(serverChannel)) {
      current.add(serverChannel);
    }
    List<Channel> kept = new ArrayList<>();
    List<java.nio.channels.ServerSocketChannel> opened = new ArrayList<>();
    int bound = port;
    try {
      if (port != 0) {
        for (String address : bind.trim().split(" +")) {
          boolean optional = address.startsWith("-");
          String host = optional ? address.substring(1) : address;
          host = host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
          java.nio.channels.ServerSocketChannel ch = null;
          try {
            InetSocketAddress target =
                new InetSocketAddress(java.net.InetAddress.getByName(host), bound);
            // An address listened on already stays as it is (binding it again would fail).
            Channel same = current.stream().filter(c -> target.equals(c.localAddress()))
                .findFirst().orElse(null);
            if (same != null) {
              kept.add(same);
              continue;
            }
            ch = java.nio.channels.ServerSocketChannel.open();
            ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(target, 511);
          } catch (java.io.IOException | RuntimeException e) {
            if (ch != null) {
              ch.close();
            }
            if (optional) {
              continue;
            }
            throw e;
          }
          opened.add(ch);
          bound = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      for (java.nio.channels.ServerSocketChannel ch : opened) {
        try {
          ch.close();
        } catch (java.io.IOException ignored) {
          // closing what was just opened
        }
      }
      return false;
    }
    List<Channel> channels = new ArrayList<>(kept);
    for (java.nio.channels.ServerSocketChannel ch : opened) {
      // Netty takes the bound socket as it is; registering it on the loop starts accepting.
      io.netty.channel.socket.nio.NioServerSocketChannel netty =
          new io.netty.channel.socket.nio.NioServerSocketChannel(ch);
      io.netty.channel.ChannelFactory<io.netty.channel.ServerChannel> existing = () -> netty;
      channels.add(bootstrap().channelFactory(existing).register().channel());
    }
    for (Channel old : current) {
      if (!kept.contains(old)) {
        old.close();
      }
    }
    rebound = channels;
    Replication.moved(state.boundPort, bound, state);
    state.boundPort = bound;
    return true;
  }

  /**
   * Runs active expiry now (after a manual clock moved) and waits for it; from another Netty thread,
   * which must not block (two servers' loops waiting on each other would deadlock), it only queues
   * the pass.
   */
  public void expireNow() {
    if (!loop.inEventLoop() && Thread.currentThread() instanceof FastThreadLocalThread) {
      loop.execute(state::expireActively);
      return;
    }
    call(() -> {
      state.expireActively();
      return null;
    });
  }

  /** Runs a task on the server's loop, so it sees and leaves the same atomic state clients do. */
  public <T> T call(Callable<T> task) {
    if (loop.inEventLoop()) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return loop.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
