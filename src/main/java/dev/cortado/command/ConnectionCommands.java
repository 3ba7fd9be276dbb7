package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ALLOW_BUSY;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.NO_AUTH;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Parked;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET and the CLIENT container. */
final class ConnectionCommands {
  private ConnectionCommands() {}

  /** The Redis version whose behaviour Cortado matches: the one its differential suite runs against. */
  static final String REDIS_VERSION = "7.0.15";

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ConnectionCommands");
      String g = "connection";
      t.add("ping", -1, FAST, 0, 0, 0, g, "Returns the server's liveliness response.", "ping")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.add("echo", 2, LOADING | STALE | FAST, 0, 0, 0, g, "Returns the given string.", "echo");
      t.add("hello", -1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, 0, 0, 0, g,
          "Handshakes with the Redis server.", "hello");
      t.add("auth", -2, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, 0, 0, 0, g,
          "Authenticates the connection.", "auth");
      t.add("select", 2, LOADING | STALE | FAST, 0, 0, 0, g,
          "Changes the selected database.", "select");
      t.add("quit", -1, ALLOW_BUSY | NOSCRIPT | LOADING | STALE | FAST | NO_AUTH, 0, 0, 0, g,
          "Closes the connection.", "quit");
      t.add("reset", 1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, 0, 0, 0, g,
          "Resets the connection.", "reset");
      t.add("wait", 3, NOSCRIPT, 0, 0, 0, "generic",
          "Wait for the synchronous replication of all the write commands sent in the context of the "
              + "current connection", "waitForReplicas")
          .docs("3.0.0", "O(1)").tips("request_policy:all_shards", "response_policy:agg_min")
          .withoutGroupCategory().acl("connection"); // Redis's @connection, not the group's @keyspace
      ClientCommands.Rows.register(table);
    }
  }

  // PING [message]
  static Reply ping(Call c) {
    if (c.argc() > 2) {
      throw Call.error(Errors.wrongArity("ping"));
    }
    if (c.connection.protocol == 2 && c.connection.isSubscriber()) {
      // Subscribed RESP2 clients read only arrays: Redis answers ["pong", message].
      return Reply.array(List.of(Reply.bulk("pong"), Reply.bulk(c.argc() == 1 ? new byte[0] : c.arg(1))));
    }
    return c.argc() == 1 ? Reply.PONG : Reply.bulk(c.arg(1));
  }

  /**
   * WAIT numreplicas timeout: a server without replicas has none to wait for, so it answers 0 at
   * once when none are asked for, and otherwise when the timeout passes on the server's clock (0:
   * never), as Redis does.
   */
  static Reply waitForReplicas(Call c) {
    if (c.server.replication.isReplica()) {
      throw Call.error(Errors.WAIT_ON_REPLICA);
    }
    long wanted = c.longArg(1); // checked first, as Redis does
    long timeout = timeoutMillis(c.arg(2));
    if (c.server.replication.hasReplicas()) {
      if (c.connection.inMulti()) {
        wanted = 0; // no blocking inside EXEC: the count as it is now
      }
      return c.server.replication.waitFor(wanted,
          timeout == 0 ? Parked.FOREVER : c.now() + timeout);
    }
    Reply acknowledged = Reply.ZERO;
    if (wanted <= 0 || c.connection.inMulti()) {
      return acknowledged;
    }
    Parked parked = new Parked(timeout == 0 ? Parked.FOREVER : c.now() + timeout, acknowledged);
    c.server.parked.add(parked);
    return parked;
  }

  /** A blocking command's timeout in milliseconds, with Redis's errors. */
  static long timeoutMillis(byte[] arg) {
    if (!Numbers.isLong(arg)) {
      throw Call.error(Errors.TIMEOUT_NOT_INTEGER);
    }
    long ms = Call.parseLong(arg);
    if (ms < 0) {
      throw Call.error(Errors.TIMEOUT_NEGATIVE);
    }
    return ms;
  }

  // ECHO message
  static Reply echo(Call c) {
    return Reply.bulk(c.arg(1));
  }

  // HELLO [protover [AUTH username password] [SETNAME clientname]]
  static Reply hello(Call c) {
    long version = 0;
    if (c.argc() >= 2) {
      byte[] v = c.arg(1);
      if (!Numbers.isLong(v)) {
        throw Call.error("ERR Protocol version is not an integer or out of range");
      }
      version = Call.parseLong(v);
      if (version < 2 || version > 3) {
        throw Call.error(Errors.NOPROTO);
      }
    }
    byte[] user = null;
    byte[] pass = null;
    byte[] name = null;
    for (int j = 2; j < c.argc(); j++) {
      int more = c.argc() - 1 - j;
      if (c.is(j, "auth") && more >= 2) {
        user = c.arg(j + 1);
        pass = c.arg(j + 2);
        j += 2;
      } else if (c.is(j, "setname") && more >= 1) {
        name = c.arg(j + 1);
        ClientCommands.validateName(name);
        j++;
      } else {
        throw Call.error("ERR Syntax error in HELLO option '" + Dispatcher.cString(c.arg(j), 1 << 20)
            + "'");
      }
    }
    Connection conn = c.connection;
    if (user != null && !AclCommands.authenticate(c.server, conn, c.arg(0),
        new String(user, StandardCharsets.ISO_8859_1), pass)) {
      throw Call.error(Errors.WRONGPASS);
    }
    if (!conn.authenticated) {
      throw Call.error("NOAUTH HELLO must be called with the client already authenticated, "
          + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate "
          + "the client and select the RESP protocol version at the same time");
    }
    if (name != null) {
      conn.name = name.length == 0 ? null : name;
    }
    if (version != 0) {
      conn.protocol = (int) version;
    }
    List<Reply> map = new ArrayList<>(14);
    map.add(Reply.bulk("server"));
    map.add(Reply.bulk("redis"));
    map.add(Reply.bulk("version"));
    map.add(Reply.bulk(REDIS_VERSION));
    map.add(Reply.bulk("proto"));
    map.add(Reply.integer(conn.protocol));
    map.add(Reply.bulk("id"));
    map.add(Reply.integer(conn.id));
    map.add(Reply.bulk("mode"));
    map.add(Reply.bulk(c.server.sentinel != null ? "sentinel"
        : c.server.cluster == null ? "standalone" : "cluster"));
    if (c.server.sentinel == null) { // a Sentinel has no role here, as in Redis
      map.add(Reply.bulk("role"));
      map.add(Reply.bulk(c.server.replication.isReplica() ? "replica" : "master"));
    }
    map.add(Reply.bulk("modules"));
    map.add(Reply.EMPTY_ARRAY);
    return Reply.map(map);
  }

  // AUTH [username] password
  static Reply auth(Call c) {
    if (c.argc() > 3) {
      throw Call.error(Errors.SYNTAX);
    }
    if (c.argc() == 2 && c.server.acl.defaultUser.nopass) { // even when the default user is off
      throw Call.error(Errors.AUTH_NO_PASSWORD);
    }
    String user = c.argc() == 3 ? c.str(1) : "default";
    if (!AclCommands.authenticate(c.server, c.connection, c.arg(0), user,
        c.arg(c.argc() - 1))) {
      throw Call.error(Errors.WRONGPASS);
    }
    return Reply.OK;
  }

  // SELECT index
  static Reply select(Call c) {
    int index = c.intArg(1);
    if (c.server.cluster != null && index != 0) {
      throw Call.error(Errors.SELECT_IN_CLUSTER);
    }
    if (index < 0 || index >= c.server.databaseCount()) {
      throw Call.error(Errors.DB_INDEX);
    }
    c.connection.db = index;
    return Reply.OK;
  }

  // QUIT: answered, then the connection closes once the reply is written.
  static Reply quit(Call c) {
    c.connection.closeAfterReply = true;
    return Reply.OK;
  }

  // RESET: back to a fresh connection's state.
  static Reply reset(Call c) {
    Connection conn = c.connection;
    conn.db = 0;
    conn.protocol = 2;
    conn.name = null;
    conn.noEvict = false;
    conn.noTouch = false;
    conn.user = "default";
    conn.authenticated = !c.server.passwordRequired();
    conn.discardTransaction(); // out of MULTI, nothing watched
    c.server.pubsub.forget(conn); // no subscriptions, and no unsubscribe messages
    c.server.tracking.disable(conn);
    c.server.stopMonitoring(conn);
    return Reply.simple("RESET");
  }
}
