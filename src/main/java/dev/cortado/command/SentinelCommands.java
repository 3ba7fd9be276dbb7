package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;
import dev.cortado.server.SentinelGroup;
import dev.cortado.server.SentinelView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Sentinel's commands: SENTINEL's subcommands, and the Sentinel forms of INFO and ROLE. A
 * Sentinel's table holds only what Redis's Sentinel mode keeps (PING, AUTH, HELLO, CLIENT,
 * COMMAND, ACL, SHUTDOWN, the pub/sub commands) and these; anything else is an unknown command.
 */
final class SentinelCommands {
  private SentinelCommands() {}

  /** The commands of the standard table a Sentinel keeps, as Redis's sentinelcmds. */
  static final List<String> KEPT = List.of("acl", "psubscribe", "ping", "client", "unsubscribe",
      "publish", "subscribe", "auth", "punsubscribe", "shutdown", "hello", "command");

  static void register(CommandTable table) {
    CommandTable.Family t = table.family(SentinelCommands.class);
    String g = "sentinel";
    int flags = ADMIN | NOSCRIPT | LOADING | STALE;
    t.container("sentinel", g, "A container for Sentinel commands").docs("2.8.4",
        "Depends on subcommand.");
    t.sub("sentinel", "get-master-addr-by-name", 3, flags, 0, 0, 0,
        "Get port and address of a master with that name", "getMasterAddr").docs("2.8.4", "O(1)");
    t.sub("sentinel", "masters", 2, flags, 0, 0, 0,
        "List the monitored masters and their state", "masters").docs("2.8.4", "O(N)");
    t.sub("sentinel", "master", 3, flags, 0, 0, 0,
        "Shows the state of a master", "master").docs("2.8.4", "O(1)");
    t.sub("sentinel", "replicas", 3, flags, 0, 0, 0,
        "List the monitored replicas", "replicas").docs("5.0.0", "O(N)");
    t.sub("sentinel", "slaves", 3, flags, 0, 0, 0,
        "List the monitored slaves", "replicas").docs("2.8.0", "O(N)");
    t.sub("sentinel", "sentinels", 3, flags, 0, 0, 0,
        "List the Sentinel instances", "sentinels").docs("2.8.4", "O(N)");
    t.sub("sentinel", "myid", 2, flags, 0, 0, 0, "Get the Sentinel instance ID", "myid")
        .docs("6.2.0", "O(1)");
    t.sub("sentinel", "ckquorum", 3, flags, 0, 0, 0,
        "Check for a Sentinel quorum", "ckquorum").docs("2.8.4", "O(1)");
    t.sub("sentinel", "failover", 3, flags, 0, 0, 0,
        "Force a failover", "failover").docs("2.8.4", "O(1)");
    t.sub("sentinel", "is-master-down-by-addr", 6, flags, 0, 0, 0,
        "Determine whether a master Redis instance is down", "isMasterDownByAddr")
        .docs("2.8.4", "O(1)");
    t.sub("sentinel", "reset", 3, flags, 0, 0, 0,
        "Reset masters by name pattern", "reset").docs("2.8.4", "O(N)");
    t.sub("sentinel", "flushconfig", 2, flags, 0, 0, 0,
        "Rewrite the Sentinel configuration file", "flushconfig").docs("2.8.4", "O(1)");
    t.sub("sentinel", "help", 2, flags, 0, 0, 0, "Show helpful text about the different "
        + "subcommands", "help").docs("6.2.0", "O(1)");
    t.add("info", -1, LOADING | STALE, 0, 0, 0, "server",
        "Get information and statistics about the server", "info")
        .docs("1.0.0", "O(1)").acl("slow", "dangerous").tips("nondeterministic_output");
    t.add("role", 1, NOSCRIPT | LOADING | STALE | FAST, 0, 0, 0, "server",
        "Return the role of the instance in the context of replication", "role")
        .docs("2.8.12", "O(1)").acl("admin", "dangerous");
  }

  private static SentinelView view(Call c) {
    return c.server.sentinel;
  }

  /** The group named, or Redis's error: each Sentinel here monitors one primary. */
  private static SentinelGroup group(Call c, int arg) {
    SentinelGroup g = view(c).group;
    if (!c.str(arg).equals(g.masterName)) {
      throw Call.error(Errors.NO_SUCH_MASTER);
    }
    return g;
  }

  static Reply getMasterAddr(Call c) {
    SentinelGroup g = view(c).group;
    if (!c.str(2).equals(g.masterName)) {
      return Reply.NULL_ARRAY;
    }
    SentinelGroup.DataNode m = g.master();
    return Reply.array(List.of(Reply.bulk(m.host), Reply.bulk(Integer.toString(m.port))));
  }

  static Reply masters(Call c) {
    return Reply.array(List.of(masterState(c, view(c).group)));
  }

  static Reply master(Call c) {
    return masterState(c, group(c, 2));
  }

  private static Reply masterState(Call c, SentinelGroup g) {
    SentinelGroup.DataNode m = g.master();
    List<Reply> f = new ArrayList<>();
    field(f, "name", g.masterName);
    field(f, "ip", m.host);
    field(f, "port", m.port);
    field(f, "runid", m.runId);
    field(f, "flags", m.down ? "s_down,o_down,master" : "master");
    common(f, m.down);
    field(f, "info-refresh", 1000);
    field(f, "role-reported", "master");
    field(f, "role-reported-time", c.now() - g.startedAt);
    if (m.down) {
      field(f, "s-down-time", 0);
      field(f, "o-down-time", 0);
    }
    field(f, "config-epoch", g.configEpoch());
    field(f, "num-slaves", g.replicas().size());
    field(f, "num-other-sentinels", g.sentinels().size() - 1);
    field(f, "quorum", g.quorum);
    field(f, "failover-timeout", 180000);
    field(f, "parallel-syncs", 1);
    return Reply.map(f);
  }

  /** The fields every instance kind shares after name, ip, port, runid and flags. */
  private static void common(List<Reply> f, boolean down) {
    field(f, "link-pending-commands", 0);
    field(f, "link-refcount", 1);
    field(f, "last-ping-sent", 0);
    field(f, "last-ok-ping-reply", down ? 30000 : 100);
    field(f, "last-ping-reply", 100);
    field(f, "down-after-milliseconds", 30000);
  }

  static Reply replicas(Call c) {
    SentinelGroup g = group(c, 2);
    SentinelGroup.DataNode m = g.master();
    List<Reply> out = new ArrayList<>();
    for (SentinelGroup.DataNode r : g.replicas()) {
      List<Reply> f = new ArrayList<>();
      field(f, "name", r.address());
      field(f, "ip", r.host);
      field(f, "port", r.port);
      field(f, "runid", r.runId);
      field(f, "flags", r.down ? "s_down,slave,disconnected" : "slave");
      common(f, r.down);
      field(f, "info-refresh", 1000);
      field(f, "role-reported", "slave");
      field(f, "role-reported-time", c.now() - g.startedAt);
      field(f, "master-link-down-time", 0);
      field(f, "master-link-status", r.down || m.down ? "err" : "ok");
      field(f, "master-host", m.host);
      field(f, "master-port", m.port);
      field(f, "slave-priority", 100);
      long offset = 0;
      dev.cortado.server.ServerState s = r.state;
      if (s != null) {
        offset = s.replication.offset();
      }
      field(f, "slave-repl-offset", offset);
      field(f, "replica-announced", 1);
      out.add(Reply.map(f));
    }
    return Reply.array(out);
  }

  static Reply sentinels(Call c) {
    SentinelGroup g = group(c, 2);
    List<Reply> out = new ArrayList<>();
    for (SentinelGroup.Member s : g.sentinels()) {
      if (s == view(c).myself) {
        continue;
      }
      List<Reply> f = new ArrayList<>();
      field(f, "name", s.id);
      field(f, "ip", s.host);
      field(f, "port", s.port);
      field(f, "runid", s.id);
      field(f, "flags", "sentinel");
      common(f, false);
      field(f, "last-hello-message", 500);
      field(f, "voted-leader", "?");
      field(f, "voted-leader-epoch", 0);
      out.add(Reply.map(f));
    }
    return Reply.array(out);
  }

  static Reply myid(Call c) {
    return Reply.bulk(view(c).myself.id);
  }

  static Reply ckquorum(Call c) {
    SentinelGroup g = group(c, 2);
    int usable = g.sentinels().size();
    int majority = usable / 2 + 1;
    if (usable < g.quorum) {
      throw Call.error("NOQUORUM " + usable + " usable Sentinels. Not enough available Sentinels to"
          + " reach the specified quorum for this master");
    }
    if (usable < majority) {
      throw Call.error("NOQUORUM " + usable + " usable Sentinels. Not enough available Sentinels to"
          + " reach the majority and authorize a failover");
    }
    return Reply.simple("OK " + usable + " usable Sentinels. Quorum and failover authorization can"
        + " be reached");
  }

  static Reply failover(Call c) {
    SentinelGroup g = group(c, 2);
    if (g.replicas().stream().allMatch(r -> r.down)) {
      throw Call.error(Errors.NOGOODSLAVE);
    }
    g.startFailover();
    return Reply.OK;
  }

  // SENTINEL IS-MASTER-DOWN-BY-ADDR ip port current-epoch runid
  static Reply isMasterDownByAddr(Call c) {
    SentinelGroup g = view(c).group;
    SentinelGroup.DataNode m = g.master();
    boolean down = m.down && m.host.equals(c.str(2)) && Integer.toString(m.port).equals(c.str(3));
    boolean vote = !c.str(5).equals("*");
    return Reply.array(List.of(Reply.integer(down ? 1 : 0),
        Reply.bulk(vote ? view(c).myself.id : "*"), Reply.integer(vote ? c.longArg(4) : 0)));
  }

  static Reply reset(Call c) {
    SentinelGroup g = view(c).group;
    return Reply.integer(dev.cortado.keyspace.Glob.matches(c.arg(2),
        g.masterName.getBytes(java.nio.charset.StandardCharsets.UTF_8)) ? 1 : 0);
  }

  static Reply flushconfig(Call c) {
    return Reply.OK; // the configuration lives in the JVM
  }

  static Reply help(Call c) {
    return Call.helpReply("SENTINEL",
        "CKQUORUM <master-name>",
        "    Check if the current Sentinel configuration is able to reach the quorum",
        "    needed to failover a master and the majority needed to authorize the",
        "    failover.",
        "CONFIG SET <param> <value>",
        "    Set a global Sentinel configuration parameter.",
        "CONFIG GET <param>",
        "    Get global Sentinel configuration parameter.",
        "DEBUG [<param> <value> ...]",
        "    Show a list of configurable time parameters and their values (milliseconds).",
        "    Or update current configurable parameters values (one or more).",
        "GET-MASTER-ADDR-BY-NAME <master-name>",
        "    Return the ip and port number of the master with that name.",
        "FAILOVER <master-name>",
        "    Manually failover a master node without asking for agreement from other",
        "    Sentinels",
        "FLUSHCONFIG",
        "    Force Sentinel to rewrite its configuration on disk, including the current",
        "    Sentinel state.",
        "INFO-CACHE <master-name>",
        "    Return last cached INFO output from masters and all its replicas.",
        "IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>",
        "    Check if the master specified by ip:port is down from current Sentinel's",
        "    point of view.",
        "MASTER <master-name>",
        "    Show the state and info of the specified master.",
        "MASTERS",
        "    Show a list of monitored masters and their state.",
        "MONITOR <name> <ip> <port> <quorum>",
        "    Start monitoring a new master with the specified name, ip, port and quorum.",
        "MYID",
        "    Return the ID of the Sentinel instance.",
        "PENDING-SCRIPTS",
        "    Get pending scripts information.",
        "REMOVE <master-name>",
        "    Remove master from Sentinel's monitor list.",
        "REPLICAS <master-name>",
        "    Show a list of replicas for this master and their state.",
        "RESET <pattern>",
        "    Reset masters for specific master name matching this pattern.",
        "SENTINELS <master-name>",
        "    Show a list of Sentinel instances for this master and their state.",
        "SET <master-name> <option> <value> [<option> <value> ...]",
        "    Set configuration parameters for certain masters.",
        "SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]",
        "    Simulate a Sentinel crash.");
  }

  /** INFO on a Sentinel: its sections are server, clients, stats, cpu and sentinel. */
  static Reply info(Call c) {
    Set<String> requested = new LinkedHashSet<>();
    boolean all = false;
    for (int i = 1; i < c.argc(); i++) {
      String s = c.str(i).toLowerCase(Locale.ROOT);
      if (s.equals("all") || s.equals("everything")) {
        all = true;
      } else if (s.equals("default")) {
        requested.addAll(List.of("server", "clients", "stats", "cpu", "sentinel"));
      } else {
        requested.add(s);
      }
    }
    if (c.argc() == 1 || all) {
      requested.addAll(List.of("server", "clients", "stats", "cpu", "sentinel"));
    }
    Set<String> plain = new LinkedHashSet<>(requested);
    plain.retainAll(Set.of("server", "clients", "stats", "cpu"));
    StringBuilder text = new StringBuilder(ServerInfo.text(c, plain, false));
    if (requested.contains("sentinel")) {
      if (text.length() > 0) {
        text.append("\r\n");
      }
      SentinelGroup g = view(c).group;
      SentinelGroup.DataNode m = g.master();
      text.append("# Sentinel\r\nsentinel_masters:1\r\nsentinel_tilt:0\r\n")
          .append("sentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\n")
          .append("sentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\n")
          .append("master0:name=").append(g.masterName).append(",status=")
          .append(m.down ? "odown" : "ok").append(",address=").append(m.address())
          .append(",slaves=").append(g.replicas().size()).append(",sentinels=")
          .append(g.sentinels().size()).append("\r\n");
    }
    return Reply.verbatim("txt", text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** ROLE on a Sentinel: "sentinel" and the names of the primaries it monitors. */
  static Reply role(Call c) {
    return Reply.array(List.of(Reply.bulk("sentinel"),
        Reply.array(List.of(Reply.bulk(view(c).group.masterName)))));
  }

  private static void field(List<Reply> f, String name, Object value) {
    f.add(Reply.bulk(name));
    f.add(Reply.bulk(String.valueOf(value)));
  }
}
