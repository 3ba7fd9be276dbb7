package dev.cortado.command;

import dev.cortado.protocol.Parked;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.util.ArrayDeque;

/**
 * CLIENT PAUSE of one server. While it holds, a client's command that it covers (every command
 * under ALL; under WRITE those that write or may replicate: PUBLISH, EVAL, PFCOUNT, and EXEC of a
 * transaction holding one) waits, and the client's later requests wait behind it, as a blocked
 * client's do: Redis's postponed clients, counted in blocked_clients and flagged b. When the pause
 * ends (its time on the server's clock, or CLIENT UNPAUSE) each waiting command is processed again
 * from the start, in the order they came. Monitors are never paused (replicas in Redis).
 */
final class ClientPause {
  static final int NONE = 0;
  static final int WRITE = 1;
  static final int ALL = 2;

  private final ServerState server;
  private final Dispatcher dispatcher;
  private int type = NONE;
  private long end;
  /** Times the pause out on the server's clock, with blocked clients' deadlines. */
  private Parked timer;
  private final ArrayDeque<Postponed> postponed = new ArrayDeque<>();

  /** {@code skipped}: sent after CLIENT REPLY SKIP, whose effect waits with it. */
  private record Postponed(Connection connection, byte[][] args, Parked reply, boolean skipped) {}

  ClientPause(ServerState server, Dispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
  }

  /**
   * Pauses until {@code end} (server-clock ms). A pause already in force keeps the later end and
   * the stricter type, as Redis's pauseClients does.
   */
  void pause(long end, int type) {
    if (this.type == NONE) {
      this.type = type;
      this.end = end;
    } else {
      this.type = Math.max(this.type, type);
      this.end = Math.max(this.end, end);
    }
    server.clientPauseEnd = this.end; // keys stop expiring until then
    if (timer != null) {
      server.parked.remove(timer);
      timer.cancel();
    }
    Parked t = new Parked(this.end, Reply.OK);
    t.whenComplete(done -> unpause());
    timer = t;
    server.parked.add(t);
  }

  /** Ends the pause: the postponed commands run again, each after what runs now. */
  void unpause() {
    type = NONE;
    server.clientPauseEnd = -1;
    if (timer != null) {
      server.parked.remove(timer);
      timer.cancel();
      timer = null;
    }
    if (!postponed.isEmpty()) {
      resumeNext(new ArrayDeque<>(postponed));
      postponed.clear();
    }
  }

  /**
   * Redis serves unblocked clients once the command that unpaused is done, each client's held
   * command then the requests behind it, before the next client: so one at a time, each task
   * queued behind the previous client's resumption.
   */
  private void resumeNext(ArrayDeque<Postponed> queue) {
    Postponed p = queue.poll();
    if (p == null) {
      return;
    }
    p.connection().channel.eventLoop().execute(() -> {
      if (!p.reply().isDone()) {
        p.reply().complete(dispatcher.reprocess(p.connection(), p.args(), p.skipped()));
      }
      resumeNext(queue);
    });
  }

  /** Whether this command has to wait for the end of the pause. */
  boolean holds(Connection connection, CommandSpec spec, byte[][] args) {
    if (type == NONE || connection.monitor || connection == server.scriptClient) {
      return false;
    }
    if (end < server.clock.millis()) {
      unpause();
      return false;
    }
    return type == ALL || mayReplicate(connection, spec);
  }

  /** The reply the client waits on instead: the command's own, once the pause is over. */
  Reply postpone(Connection connection, byte[][] args) {
    Parked reply = new Parked(Parked.FOREVER, Reply.NULL);
    connection.argv = args;
    postponed.add(new Postponed(connection, args, reply, connection.skipThisReply));
    return reply;
  }

  /** A reply that a postponed client waits on (CLIENT UNBLOCK leaves those alone). */
  boolean isPostponed(Parked reply) {
    for (Postponed p : postponed) {
      if (p.reply() == reply) {
        return true;
      }
    }
    return false;
  }

  private boolean mayReplicate(Connection connection, CommandSpec spec) {
    if (writes(spec)) {
      return true;
    }
    if (spec.name.equals("exec")) {
      for (byte[][] queued : connection.queuedCommands()) {
        CommandSpec q = dispatcher.specOf(queued);
        if (q != null && writes(q)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean writes(CommandSpec spec) {
    return spec.has(CommandSpec.WRITE | CommandSpec.MAY_REPLICATE);
  }
}
