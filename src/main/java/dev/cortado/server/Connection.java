package dev.cortado.server;

import dev.cortado.keyspace.Watcher;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;

/**
 * What the server knows about one client connection: selected database, protocol, name, auth, its
 * transaction (MULTI queue) and watched keys. Read and written only on the server's event loop thread.
 */
public final class Connection {
  public final long id;
  public final Channel channel;
  public final long createdAt;
  public int db;
  /** 2 or 3, switched by HELLO. */
  public int protocol = 2;
  public byte[] name;
  public String libName;
  public String libVersion;
  public boolean authenticated;
  public String user = "default";
  public long lastInteraction;
  public String lastCommand = "NULL";
  public boolean noEvict;
  public boolean noTouch;
  /** Set by QUIT or a protocol error: close once the pending replies are written. */
  public boolean closeAfterReply;
  /** WATCH: the keys this client watches and whether one of them changed. */
  public final Watcher watcher = new Watcher();
  /** Commands queued since MULTI; null outside a transaction. */
  private List<byte[][]> queued;
  /** A command was refused while queueing (Redis's CLIENT_DIRTY_EXEC): EXEC will abort. */
  private boolean transactionFlagged;

  public Connection(long id, Channel channel, long now) {
    this.id = id;
    this.channel = channel;
    this.createdAt = now;
    this.lastInteraction = now;
    // However the connection ends (QUIT, CLIENT KILL, reset by peer), its watches go with it.
    channel.closeFuture().addListener(f -> watcher.unwatchAll());
  }

  /** Between MULTI and EXEC, DISCARD or RESET. */
  public boolean inMulti() {
    return queued != null;
  }

  /** MULTI: starts queueing. */
  public void beginTransaction() {
    queued = new ArrayList<>(2);
  }

  /**
   * Queues a command for EXEC. Once the transaction is bound to fail (a refused command or a changed
   * watched key) commands are answered but no longer kept, as Redis does; CLIENT LIST shows it.
   */
  public void queue(byte[][] args) {
    if (!transactionFlagged && !watcher.isDirty()) {
      queued.add(args);
    }
  }

  /** The queued commands, in order; empty outside a transaction. */
  public List<byte[][]> queuedCommands() {
    return queued == null ? List.of() : queued;
  }

  /** Marks the transaction to fail with EXECABORT; outside MULTI it does nothing. */
  public void flagTransaction() {
    if (queued != null) {
      transactionFlagged = true;
    }
  }

  public boolean transactionFlagged() {
    return transactionFlagged;
  }

  /** Ends the transaction and forgets watched keys: EXEC, DISCARD, RESET (Redis's discardTransaction). */
  public void discardTransaction() {
    queued = null;
    transactionFlagged = false;
    watcher.reset();
  }

  public String address() {
    return String.valueOf(channel.remoteAddress()).replaceFirst("^.*/", "");
  }

  public String localAddress() {
    return String.valueOf(channel.localAddress()).replaceFirst("^.*/", "");
  }
}
