package dev.cortado.server;

import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The script or function running now (Redis's script run context): what BUSY, SCRIPT KILL,
 * FUNCTION KILL and FUNCTION STATS look at.
 *
 * <p>A script runs on the server's loop, so no other client is read while it runs. Once it has run
 * past busy-reply-threshold, {@link #serveOthers} reads the other clients itself, as Redis's
 * processEventsWhileBlocked does: a selector of its own tells which of their sockets have bytes, and
 * Netty's own read of each channel runs them through the pipeline, on this thread. Their commands
 * then get BUSY, except the few Redis allows (SCRIPT KILL, FUNCTION KILL, FUNCTION STATS, AUTH,
 * MULTI...). New clients are accepted the same way. The caller's own connection is not read, as
 * Redis protects it.
 */
public final class RunningScript {
  /** The client that sent EVAL or FCALL. */
  public final Connection caller;
  /** EVAL (SCRIPT KILL stops it) rather than FCALL (FUNCTION KILL does). */
  public final boolean eval;
  /** FUNCTION STATS' name: the function's, or f_ and the script's SHA-1. */
  public final String name;
  /** The caller's command, as FUNCTION STATS shows it. */
  public final byte[][] command;
  private final Runnable kill;
  private final long startNanos = System.nanoTime();
  /** Past busy-reply-threshold: other clients are served and get BUSY. */
  private boolean busy;
  /** A write command ran: SCRIPT KILL refuses to stop it halfway (Redis's SCRIPT_WRITE_DIRTY). */
  private boolean wrote;
  private Selector selector;
  /** Reading the other clients failed once: they wait for the script's end instead. */
  private boolean cannotServe;

  public RunningScript(Connection caller, boolean eval, String name, byte[][] command, Runnable kill) {
    this.caller = caller;
    this.eval = eval;
    this.name = name;
    this.command = command;
    this.kill = kill;
  }

  public boolean busy() {
    return busy;
  }

  public boolean wrote() {
    return wrote;
  }

  public void wrote(boolean wrote) {
    this.wrote = this.wrote || wrote;
  }

  /** Stops the script at its next instruction; safe from any thread. */
  public void kill() {
    kill.run();
  }

  public long durationMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Every few milliseconds once busy: reads whatever the other clients of {@code state} sent and
   * runs it through their pipelines. Never throws: a failure leaves the clients waiting instead.
   */
  public void serveOthers(ServerState state) {
    busy = true;
    if (cannotServe) {
      return;
    }
    try {
      if (selector == null) {
        selector = Selector.open();
        if (state.listener instanceof AbstractNioChannel nio && nio.isOpen()) {
          nio.unsafe().ch().register(selector, SelectionKey.OP_ACCEPT, nio);
        }
      }
      for (Connection c : state.clients.values()) { // clients accepted meanwhile too
        if (c != caller && c.channel instanceof AbstractNioChannel nio && nio.isOpen()) {
          SelectableChannel socket = nio.unsafe().ch();
          if (socket.keyFor(selector) == null) {
            socket.register(selector, SelectionKey.OP_READ, nio);
          }
        }
      }
      if (selector.selectNow() == 0) {
        return;
      }
      for (SelectionKey key : selector.selectedKeys()) {
        Channel channel = (Channel) key.attachment();
        if (!key.isValid() || !channel.isOpen()) {
          key.cancel();
        } else if (channel.config().isAutoRead()) { // a client held back stays held back
          // Netty's own read: bytes through the pipeline, or, on the listener, a new client
          // registered with the loop and its pipeline made, all on this thread.
          ((AbstractNioChannel) channel).unsafe().read();
        }
      }
      selector.selectedKeys().clear();
    } catch (IOException | RuntimeException e) {
      cannotServe = true; // the other clients are served when the script ends instead
      end();
    }
  }

  /** When the script ends: the selector goes, and with it its hold on the clients' sockets. */
  public void end() {
    Selector s = selector;
    selector = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing is left to release
      }
    }
  }
}
