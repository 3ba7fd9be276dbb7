package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ALLOW_BUSY;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.SKIP_SLOWLOG;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. Queueing between MULTI and EXEC is a step of the
 * {@link Dispatcher}, which also runs EXEC's queue; the watch registry lives with each database
 * ({@link dev.cortado.keyspace.Watcher}).
 */
final class TransactionCommands {
  private TransactionCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("TransactionCommands");
      String g = "transactions";
      int flags = NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY;
      t.add("multi", 1, flags, 0, 0, 0, g, "Mark the start of a transaction block", "multi")
          .docs("1.2.0", "O(1)");
      t.add("exec", 1, NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG, 0, 0, 0, g,
          "Execute all commands issued after MULTI", "exec")
          .docs("1.2.0", "Depends on commands in the transaction");
      t.add("discard", 1, flags, 0, 0, 0, g, "Discard all commands issued after MULTI", "discard")
          .docs("2.0.0", "O(N), when N is the number of queued commands");
      t.add("watch", -2, flags, 1, -1, 1, g,
          "Watch the given keys to determine execution of the MULTI/EXEC block", "watch")
          .docs("2.2.0", "O(1) for every key.").keySpecFlags("RO");
      t.add("unwatch", 1, flags, 0, 0, 0, g, "Forget about all watched keys", "unwatch")
          .docs("2.2.0", "O(1)");
    }
  }

  // MULTI
  static Reply multi(Call c) {
    if (c.connection.inMulti()) {
      throw Call.error(Errors.MULTI_NESTED); // an error, but the transaction goes on
    }
    c.connection.beginTransaction();
    return Reply.OK;
  }

  // EXEC
  static Reply exec(Call c) {
    Connection conn = c.connection;
    if (!conn.inMulti()) {
      throw Call.error(Errors.EXEC_WITHOUT_MULTI);
    }
    // Redis 7.0 fails EXEC when a watched key has expired since WATCH, even if nothing looked at it.
    conn.watcher.expireWatchedKeys();
    if (conn.transactionFlagged()) {
      conn.discardTransaction();
      throw Call.error(Errors.EXECABORT);
    }
    if (conn.watcher.isDirty()) {
      conn.discardTransaction();
      return Reply.NULL_ARRAY;
    }
    conn.watcher.reset(); // the block's own writes must not count as changes
    try {
      return c.dispatcher.runQueued(conn);
    } finally {
      conn.discardTransaction();
    }
  }

  // DISCARD
  static Reply discard(Call c) {
    if (!c.connection.inMulti()) {
      throw Call.error(Errors.DISCARD_WITHOUT_MULTI);
    }
    c.connection.discardTransaction();
    return Reply.OK;
  }

  // WATCH key [key ...]
  static Reply watch(Call c) {
    Connection conn = c.connection;
    if (conn.inMulti()) {
      throw Call.error(Errors.WATCH_INSIDE_MULTI); // not queued, and the transaction goes on
    }
    if (conn.watcher.isDirty()) {
      return Reply.OK; // EXEC will fail anyway: no point in watching more
    }
    for (int i = 1; i < c.argc(); i++) {
      conn.watcher.watch(c.db(), c.arg(i));
    }
    return Reply.OK;
  }

  // UNWATCH
  static Reply unwatch(Call c) {
    c.connection.watcher.reset();
    return Reply.OK;
  }
}
