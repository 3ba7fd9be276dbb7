package dev.cortado.keyspace;

/** Counters INFO reports. Written only on the server's event loop thread. */
public final class Stats {
  public long keyspaceHits;
  public long keyspaceMisses;
  public long expiredKeys;
  public long evictedKeys;
  public long totalCommands;
  public long totalConnections;
  public long rejectedConnections;

  public void reset() {
    keyspaceHits = 0;
    keyspaceMisses = 0;
    expiredKeys = 0;
    evictedKeys = 0;
    totalCommands = 0;
    totalConnections = 0;
    rejectedConnections = 0;
  }
}
