package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.NO_ASYNC_LOADING;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Replication;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * REPLICAOF (and SLAVEOF) and ROLE: replication between servers of this JVM, as {@link Replication}
 * carries it. A primary elsewhere (another process, a real Redis) cannot be reached: the replica
 * then reports its link down, as a Redis replica does while it cannot connect.
 */
final class ReplicationCommands {
  private ReplicationCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ReplicationCommands");
      String g = "server";
      t.add("replicaof", 3, ADMIN | NOSCRIPT | STALE | NO_ASYNC_LOADING, 0, 0, 0, g,
          "Make the server a replica of another instance, or promote it as master.", "replicaOf")
          .docs("5.0.0", "O(1)");
      t.add("slaveof", 3, ADMIN | NOSCRIPT | STALE | NO_ASYNC_LOADING, 0, 0, 0, g,
          "Make the server a replica of another instance, or promote it as master.", "replicaOf")
          .docs("1.0.0", "O(1)");
      t.add("role", 1, NOSCRIPT | LOADING | STALE | FAST, 0, 0, 0, g,
          "Return the role of the instance in the context of replication", "role")
          .docs("2.8.12", "O(1)").acl("admin", "dangerous");
    }
  }

  // REPLICAOF host port | NO ONE
  static Reply replicaOf(Call c) {
    ServerState server = c.server;
    if (server.cluster != null) {
      throw Call.error(Errors.REPLICAOF_IN_CLUSTER);
    }
    Replication replication = server.replication;
    if (c.is(1, "no") && c.is(2, "one")) {
      replication.stopReplicating();
      return Reply.OK;
    }
    long port = Numbers.isLong(c.arg(2)) ? Call.parseLong(c.arg(2)) : -1;
    if (port < 0 || port > 65535) {
      throw Call.error("ERR Invalid master port");
    }
    String host = new String(c.arg(1), StandardCharsets.ISO_8859_1);
    Replication.Link current = replication.upstream();
    if (current != null && current.primaryHost().equalsIgnoreCase(host)
        && current.primaryPort() == port) {
      return Reply.simple("OK Already connected to specified master");
    }
    ServerState primary = Replication.running((int) port);
    if (primary == null || primary == server) {
      replication.replicateUnreachable(host, (int) port);
    } else {
      replication.replicate(primary, host, (int) port);
    }
    return Reply.OK;
  }

  // ROLE
  static Reply role(Call c) {
    Replication replication = c.server.replication;
    Replication.Link up = replication.upstream();
    if (up != null) {
      return Reply.array(List.of(Reply.bulk("slave"), Reply.bulk(up.primaryHost()),
          Reply.integer(up.primaryPort()), Reply.bulk(up.up() ? "connected" : up.syncing() ? "sync" : "connect"),
          Reply.integer(up.up() ? replication.offset() : -1)));
    }
    List<Reply> replicas = new ArrayList<>();
    for (Replication.Link link : replication.replicas()) {
      replicas.add(Reply.array(List.of(Reply.bulk(c.server.options.bind()),
          Reply.bulk(Integer.toString(link.replicaPort())),
          Reply.bulk(Long.toString(link.acked())))));
    }
    return Reply.array(List.of(Reply.bulk("master"), Reply.integer(replication.offset()),
        Reply.array(replicas)));
  }
}
