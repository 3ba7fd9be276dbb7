package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Parked;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What the blocking commands share (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP; BZPOPMIN, BZPOPMAX,
 * BZMPOP), after Redis 7.0's blocked.c: a client with nothing to pop waits on its keys and holds
 * nothing; a key that gets a value is "ready", and after the command that made it so (after EXEC
 * as a whole) its waiters are served first come, first served, one pop each, until it is empty.
 *
 * <p>A waiter is served from the key that became ready, not from the first of its keys that has
 * something: that decides which key BLPOP k1 k2 answers when one EXEC fills both, as in Redis.
 */
final class Blocking {
  private Blocking() {}

  /** Serves one blocked client from a ready key that holds its type: the reply it gets. */
  @FunctionalInterface
  interface Serve {
    Reply serve(Call c, byte[] key, Value value);
  }

  /** A client blocked on keys of one database, with what serves it and its parked reply. */
  private static final class Waiting implements Database.Waiter {
    final byte[][] args;
    final Connection connection;
    final CommandSpec spec;
    final Class<? extends Value> type;
    final Serve serve;
    final Parked parked;
    /**
     * Asked whenever its key is ready, whatever the key holds now (null when gone): a blocked
     * stream read, which may have nothing yet (its serve answers null) or must learn that its key
     * or group went away.
     */
    final boolean anyValue;

    Waiting(Call c, Class<? extends Value> type, Serve serve, Parked parked, boolean anyValue) {
      this.args = c.args;
      this.connection = c.connection;
      this.spec = c.spec;
      this.type = type;
      this.serve = serve;
      this.parked = parked;
      this.anyValue = anyValue;
    }
  }

  /**
   * Whether the client may not block and must take the timeout reply at once: inside MULTI or a
   * script, as Redis's CLIENT_DENY_BLOCKING.
   */
  static boolean mayNotBlock(Call c) {
    return c.connection.inMulti() || c.connection.denyBlocking;
  }

  /**
   * Blocks the client on {@code keys} (a key named twice counts once) until one that holds a
   * {@code type} value serves it, or the timeout (ms; 0 waits forever) sends {@code onTimeout}.
   */
  static Reply block(Call c, List<byte[]> keys, long timeoutMillis, Reply onTimeout,
      Class<? extends Value> type, Serve serve) {
    return block(c, keys, timeoutMillis, onTimeout, type, serve, false);
  }

  /**
   * As {@link #block(Call, List, long, Reply, Class, Serve)}; with {@code anyValue} the serve is
   * asked each time a key is ready whatever it holds, and answers null to go on waiting (XREAD).
   */
  static Reply block(Call c, List<byte[]> keys, long timeoutMillis, Reply onTimeout,
      Class<? extends Value> type, Serve serve, boolean anyValue) {
    Parked parked = new Parked(
        timeoutMillis == 0 ? Parked.FOREVER : c.now() + timeoutMillis, onTimeout);
    Waiting waiting = new Waiting(c, type, serve, parked, anyValue);
    Database db = c.db();
    List<byte[]> distinct = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      if (distinct.stream().noneMatch(k -> Arrays.equals(k, key))) {
        distinct.add(key);
        db.addWaiter(key, waiting);
      }
    }
    // Served, timed out, unblocked or gone: it stops waiting on every key at once.
    parked.whenDone(() -> {
      for (byte[] key : distinct) {
        db.removeWaiter(key, waiting);
      }
    });
    c.server.parked.add(parked);
    return parked;
  }

  /**
   * What BLPOP, BRPOP, BLMPOP, BZPOPMIN, BZPOPMAX and BZMPOP do once their arguments are read: the
   * first of the keys that exists is popped at once ({@code pop}), a key of another type met before
   * it is WRONGTYPE; with none, the client waits on them all (inside MULTI: a null array at once).
   */
  static Reply popOrBlock(Call c, List<byte[]> keys, long timeoutMillis,
      Class<? extends Value> type, Serve pop) {
    for (byte[] key : keys) {
      Value value = c.db().lookupWrite(key);
      if (value != null) {
        if (!type.isInstance(value)) {
          throw Call.error(Errors.WRONGTYPE);
        }
        return pop.serve(c, key, value);
      }
    }
    if (mayNotBlock(c)) {
      return Reply.NULL_ARRAY;
    }
    return block(c, keys, timeoutMillis, Reply.NULL_ARRAY, type, pop);
  }

  /**
   * Redis's handleClientsBlockedOnKeys: each ready key in the order it became ready, its waiters in
   * the order they came; a waiter for another type goes to the back of the line. Serving a BLMOVE
   * can make its destination ready, which the next round serves.
   */
  static void serveReadyKeys(ServerState server, Dispatcher dispatcher) {
    List<ServerState.ReadyKey> batch;
    while (!(batch = server.takeReadyKeys()).isEmpty()) {
      for (ServerState.ReadyKey ready : batch) {
        Database db = ready.db();
        byte[] key = ready.key();
        db.readyServed(key);
        Value value = db.get(key);
        Collection<Database.Waiter> line = db.waitersOn(key);
        // A waiter not served now goes to the back; after one round the line keeps its order.
        for (int n = line.size(); n > 0 && !line.isEmpty(); n--) {
          Waiting next = (Waiting) line.iterator().next();
          Reply reply = null;
          if (next.anyValue || (value != null && next.type.isInstance(value))) {
            reply = serve(server, dispatcher, next, db.index(), key, value);
          }
          if (reply == null) {
            line.remove(next);
            line.add(next);
            continue;
          }
          next.parked.complete(reply);
          if (value != null && db.get(key) != value) {
            break; // emptied and deleted
          }
        }
      }
    }
  }

  /**
   * Runs the waiter's pop as its own client's command would, errors included. Replicas get what it
   * propagates as (LPOP for a served BLPOP...), a unit of its own as in Redis 7.0.
   */
  private static Reply serve(ServerState server, Dispatcher dispatcher, Waiting w, int db,
      byte[] key, Value value) {
    Connection caller = server.current;
    server.current = w.connection;
    PropagationUnit unit = PropagationUnit.open(server);
    Call call = new Call(w.args, w.connection, server, w.spec, dispatcher);
    Reply reply = null;
    try {
      reply = w.serve.serve(call, key, value);
    } catch (RedisException e) {
      reply = Reply.error(e.getMessage());
    } finally {
      server.current = caller;
      if (unit != null) {
        // Without a rewritten form (a served XREADGROUP) the changed keys ship as their states.
        if (unit.wrote() && call.propagateAs != null) {
          dispatcher.propagateAs(db, call.propagateAs,
              reply != null && !reply.isError() && unit.keysStayed());
        }
        unit.close();
      }
    }
    return reply;
  }

  /**
   * A blocking command's timeout in decimal seconds, as Redis 7.0's getTimeoutFromObjectOrReply:
   * times 1000 in long double, rounded up to whole milliseconds (so anything above -1 ms waits
   * forever, like 0). 7.0 casts that to a long long unchecked: what does not fit (inf, 1e300)
   * comes out as LLONG_MIN, "timeout is negative"; what fits but overflows when the time is added
   * is never put in its timeout table, so it waits forever too.
   */
  static long timeoutArg(Call c, int i) {
    byte[] arg = c.arg(i);
    LongDouble seconds = LongDouble.parse(arg);
    if (seconds == null) {
      throw Call.error(Errors.TIMEOUT_NOT_FLOAT);
    }
    java.math.BigInteger exact = seconds.isInfinite() ? null : seconds.timesThousandCeiling();
    if (exact == null || exact.bitLength() > 63 || exact.signum() < 0) {
      throw Call.error(Errors.TIMEOUT_NEGATIVE);
    }
    long ms = exact.longValueExact();
    return ms > Long.MAX_VALUE - c.now() ? 0 : ms;
  }
}
