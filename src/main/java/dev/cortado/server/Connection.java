package dev.cortado.server;

import io.netty.channel.Channel;

/**
 * What the server knows about one client connection: selected database, protocol, name, auth. Read and
 * written only on the server's event loop thread.
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

  public Connection(long id, Channel channel, long now) {
    this.id = id;
    this.channel = channel;
    this.createdAt = now;
    this.lastInteraction = now;
  }

  public String address() {
    return String.valueOf(channel.remoteAddress()).replaceFirst("^.*/", "");
  }

  public String localAddress() {
    return String.valueOf(channel.localAddress()).replaceFirst("^.*/", "");
  }
}
