package dev.cortado.command;

import dev.cortado.server.Replication;
import dev.cortado.server.ServerState;

/**
 * One command's bracket for replication, around its handler: a dispatched command, or a blocked
 * client's pop served later. Opened only when the server has replicas. It tells whether the command
 * wrote, and whether a key expired or was evicted meanwhile (the replica's copy of that key may not
 * have gone the same way, so the command must not be replayed); nested ones (a transaction's or a
 * script's commands) make one unit, whose commands Redis 7.0 wraps in MULTI/EXEC.
 */
final class PropagationUnit {
  private final ServerState server;
  private final long changesBefore;
  private final long expiredBefore;
  private final long evictedBefore;

  private PropagationUnit(ServerState server) {
    this.server = server;
    Replication replication = server.replication;
    replication.enterUnit();
    replication.commandStarting();
    changesBefore = replication.changeCount();
    expiredBefore = server.stats.expiredKeys;
    evictedBefore = server.stats.evictedKeys;
  }

  /** A unit for the command about to run, or null when no replica hears of it. */
  static PropagationUnit open(ServerState server) {
    return server.replication.hasReplicas() ? new PropagationUnit(server) : null;
  }

  /** Whether the command changed anything replicas must learn of. */
  boolean wrote() {
    return server.replication.changeCount() != changesBefore;
  }

  /** Whether no key expired or was evicted while the command ran. */
  boolean keysStayed() {
    return server.stats.expiredKeys == expiredBefore && server.stats.evictedKeys == evictedBefore;
  }

  void close() {
    server.replication.exitUnit();
  }
}
