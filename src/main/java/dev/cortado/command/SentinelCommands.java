package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;
import dev.cortado.protocol.Numbers;
import dev.cortado.server.SentinelGroup;
import dev.cortado.server.SentinelMaster;
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

  private static final java.nio.charset.Charset ISO = java.nio.charset.StandardCharsets.ISO_8859_1;

  /** The commands of the standard table a Sentinel keeps, as Redis's sentinelcmds. */
  static final List<String> KEPT = List.of("acl", "psubscribe", "ping", "client", "unsubscribe",
      "publish", "subscribe", "auth", "punsubscribe", "shutdown", "hello", "command");

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("SentinelCommands");
      String g = "sentinel";
      // COMMAND INFO on redis-sentinel 7.0: "admin" alone, HELP "loading" and "stale".
      int flags = ADMIN;
      t.container("sentinel", g, "A container for Sentinel commands").docs("2.8.4",
          "Depends on subcommand.");
      t.sub("sentinel", "get-master-addr-by-name", 3, flags, 0, 0, 0,
          "Get port and address of a master", "getMasterAddr").docs("2.8.4", "O(1)");
      t.sub("sentinel", "masters", 2, flags, 0, 0, 0,
          "List the monitored masters", "masters").docs("2.8.4", "O(N) where N is the number of masters");
      t.sub("sentinel", "master", 3, flags, 0, 0, 0,
          "Shows the state of a master", "master").docs("2.8.4", "O(1)");
      t.sub("sentinel", "replicas", 3, flags, 0, 0, 0,
          "List the monitored replicas", "replicas").docs("5.0.0",
          "O(N) where N is the number of replicas");
      t.sub("sentinel", "slaves", 3, flags, 0, 0, 0,
          "List the monitored slaves", "replicas").docs("2.8.0",
          "O(N) where N is the number of replicas");
      t.sub("sentinel", "sentinels", 3, flags, 0, 0, 0,
          "List the Sentinel instances", "sentinels").docs("2.8.4",
          "O(N) where N is the number of Sentinels");
      t.sub("sentinel", "myid", 2, flags, 0, 0, 0, "Get the Sentinel instance ID", "myid")
          .docs("6.2.0", "O(1)");
      t.sub("sentinel", "ckquorum", 3, flags, 0, 0, 0,
          "Check for a Sentinel quorum", "ckquorum").docs("2.8.4", null);
      t.sub("sentinel", "failover", 3, flags, 0, 0, 0,
          "Force a failover", "failover").docs("2.8.4", null);
      t.sub("sentinel", "is-master-down-by-addr", 6, flags, 0, 0, 0,
          "Check if a master is down", "isMasterDownByAddr").docs("2.8.4", "O(1)");
      t.sub("sentinel", "reset", 3, flags, 0, 0, 0,
          "Reset masters by name pattern", "reset").docs("2.8.4",
          "O(N) where N is the number of monitored masters");
      t.sub("sentinel", "flushconfig", 2, flags, 0, 0, 0,
          "Rewrite configuration file", "flushconfig").docs("2.8.4", "O(1)");
      t.sub("sentinel", "monitor", 6, flags, 0, 0, 0, "Start monitoring", "monitor")
          .docs("2.8.4", "O(1)");
      t.sub("sentinel", "remove", 3, flags, 0, 0, 0, "Stop monitoring", "remove")
          .docs("2.8.4", "O(1)");
      t.sub("sentinel", "set", -5, flags, 0, 0, 0,
          "Change the configuration of a monitored master", "set").docs("2.8.4", "O(1)");
      t.sub("sentinel", "config", -3, flags, 0, 0, 0, "Configure Sentinel", "config")
          .docs("6.2.0", "O(1)");
      t.sub("sentinel", "info-cache", -3, flags, 0, 0, 0,
          "Get cached INFO from the instances in the deployment", "infoCache")
          .docs("3.2.0", "O(N) where N is the number of instances");
      t.sub("sentinel", "pending-scripts", 2, flags, 0, 0, 0,
          "Get information about pending scripts", "pendingScripts").docs("2.8.4", null);
      t.sub("sentinel", "simulate-failure", -3, flags, 0, 0, 0, "Simulate failover scenarios",
          "simulateFailure").docs("3.2.0", null);
      t.sub("sentinel", "debug", -2, flags, 0, 0, 0,
          "List or update the current configurable parameters", "debug")
          .docs("7.0.0", "O(N) where N is the number of configurable parameters");
      t.sub("sentinel", "help", 2, LOADING | STALE, 0, 0, 0, "Show helpful text about the different "
          + "subcommands", "help").docs("6.2.0", "O(1)");
      t.add("info", -1, LOADING | STALE, 0, 0, 0, "server",
          "Get information and statistics about the server", "info")
          .docs("1.0.0", "O(1)").acl("slow", "dangerous").tips("nondeterministic_output");
      t.add("role", 1, NOSCRIPT | LOADING | STALE | FAST, 0, 0, 0, "server",
          "Return the role of the instance in the context of replication", "role")
          .docs("2.8.12", "O(1)").acl("admin", "dangerous");
    }
  }

  private static SentinelView view(Call c) {
    return c.server.sentinel;
  }

  /** The primary named, or Redis's error. */
  private static SentinelMaster master(Call c, int arg) {
    SentinelMaster m = view(c).master(c.str(arg));
    if (m == null) {
      throw Call.error(Errors.NO_SUCH_MASTER);
    }
    return m;
  }

  /** "master name ip port", Redis's %@ of a primary in its events. */
  private static String event(SentinelView v, SentinelMaster m) {
    return "master " + m.name + " " + m.host(v.announceHostnames) + " " + m.port();
  }

  static Reply getMasterAddr(Call c) {
    SentinelView v = view(c);
    SentinelMaster m = v.master(c.str(2));
    if (m == null) {
      return Reply.NULL_ARRAY;
    }
    return Reply.array(List.of(bulk(m.host(v.announceHostnames)), bulk(Integer.toString(m.port()))));
  }

  static Reply masters(Call c) {
    List<Reply> out = new ArrayList<>();
    for (SentinelMaster m : view(c).masters()) {
      out.add(masterState(c, m));
    }
    return Reply.array(out);
  }

  static Reply master(Call c) {
    return masterState(c, master(c, 2));
  }

  private static Reply masterState(Call c, SentinelMaster m) {
    SentinelView v = view(c);
    SentinelGroup.DataNode node = m.master();
    long now = c.now();
    boolean disconnected = m.disconnected();
    List<Reply> f = new ArrayList<>();
    field(f, "name", m.name);
    field(f, "ip", m.host(v.announceHostnames));
    field(f, "port", m.port());
    field(f, "runid", node.runId);
    field(f, "flags", (m.sDown() ? "s_down," : "") + (m.oDown() ? "o_down," : "") + "master"
        + (disconnected ? ",disconnected" : ""));
    field(f, "link-pending-commands", 0);
    field(f, "link-refcount", 1);
    long unseen = m.group == null ? m.lastAvailableAgo(now) : m.sDown() ? 30000 : 100;
    field(f, "last-ping-sent", disconnected ? unseen : 0);
    field(f, "last-ok-ping-reply", unseen);
    field(f, "last-ping-reply", disconnected ? unseen : 100);
    if (m.sDown()) {
      field(f, "s-down-time", m.sDownTime(now));
    }
    if (m.oDown()) {
      field(f, "o-down-time", m.oDownTime(now));
    }
    field(f, "down-after-milliseconds", m.downAfter);
    // A primary never reached has no INFO yet: Redis shows 0.
    field(f, "info-refresh", disconnected && node.runId.isEmpty() ? 0 : 1000);
    field(f, "role-reported", "master");
    field(f, "role-reported-time", now - (m.group != null ? m.group.startedAt : m.monitoredAt));
    field(f, "config-epoch", m.configEpoch());
    field(f, "num-slaves", m.replicas().size());
    field(f, "num-other-sentinels", v.others(m).size());
    field(f, "quorum", m.quorum);
    field(f, "failover-timeout", m.failoverTimeout);
    field(f, "parallel-syncs", m.parallelSyncs);
    return Reply.map(f);
  }

  /** The fields replicas and Sentinels share after name, ip, port, runid and flags. */
  private static void common(List<Reply> f, boolean down, SentinelMaster m) {
    field(f, "link-pending-commands", 0);
    field(f, "link-refcount", 1);
    field(f, "last-ping-sent", 0);
    field(f, "last-ok-ping-reply", down ? 30000 : 100);
    field(f, "last-ping-reply", 100);
    if (down) {
      field(f, "s-down-time", 0);
    }
    // SENTINEL SET down-after-milliseconds reaches the replicas and Sentinels too.
    field(f, "down-after-milliseconds", m.downAfter);
  }

  static Reply replicas(Call c) {
    SentinelMaster sm = master(c, 2);
    SentinelGroup.DataNode m = sm.master();
    List<Reply> out = new ArrayList<>();
    for (SentinelGroup.DataNode r : sm.replicas()) {
      List<Reply> f = new ArrayList<>();
      field(f, "name", r.address());
      field(f, "ip", r.host);
      field(f, "port", r.port);
      field(f, "runid", r.runId);
      field(f, "flags", r.down ? "s_down,slave,disconnected" : "slave");
      common(f, r.down, sm);
      field(f, "info-refresh", 1000);
      field(f, "role-reported", "slave");
      field(f, "role-reported-time", c.now() - (sm.group != null ? sm.group.startedAt
          : sm.monitoredAt));
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
    SentinelMaster m = master(c, 2);
    List<Reply> out = new ArrayList<>();
    for (SentinelView other : view(c).others(m)) {
      SentinelGroup.Member s = other.myself;
      List<Reply> f = new ArrayList<>();
      field(f, "name", s.id);
      field(f, "ip", s.host);
      field(f, "port", s.port);
      field(f, "runid", s.id);
      field(f, "flags", "sentinel");
      common(f, false, m);
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
    SentinelMaster m = master(c, 2);
    int usable = view(c).others(m).size() + 1;
    int majority = usable / 2 + 1;
    boolean noQuorum = usable < m.quorum;
    boolean noMajority = usable < majority;
    if (noQuorum || noMajority) {
      StringBuilder e = new StringBuilder("NOQUORUM " + usable + " usable Sentinels. ");
      if (noQuorum) {
        e.append("Not enough available Sentinels to reach the specified quorum for this master");
      }
      if (noMajority) {
        e.append(noQuorum ? ". " : "").append("Not enough available Sentinels to reach the"
            + " majority and authorize a failover");
      }
      throw Call.error(e.toString());
    }
    return Reply.simple("OK " + usable + " usable Sentinels. Quorum and failover authorization can"
        + " be reached");
  }

  static Reply failover(Call c) {
    SentinelMaster m = master(c, 2);
    // A primary added with MONITOR is not failed over here (see the README): no replica to promote.
    if (m.group == null || m.replicas().stream().allMatch(r -> r.down)) {
      throw Call.error(Errors.NOGOODSLAVE);
    }
    m.group.startFailover();
    return Reply.OK;
  }

  // SENTINEL IS-MASTER-DOWN-BY-ADDR ip port current-epoch runid
  static Reply isMasterDownByAddr(Call c) {
    SentinelView v = view(c);
    long port = c.longArg(3);
    long epoch = c.longArg(4);
    SentinelMaster found = null;
    for (SentinelMaster m : v.masters()) {
      if (m.master().host.equals(c.str(2)) && m.port() == port) {
        found = m;
        break;
      }
    }
    boolean down = found != null && found.sDown();
    boolean vote = found != null && !c.str(5).equals("*");
    return Reply.array(List.of(Reply.integer(down ? 1 : 0),
        Reply.bulk(vote ? v.myself.id : "*"), Reply.integer(vote ? epoch : 0)));
  }

  static Reply reset(Call c) {
    SentinelView v = view(c);
    int n = 0;
    for (SentinelMaster m : v.masters()) {
      if (dev.cortado.keyspace.Glob.matches(c.arg(2), m.name.getBytes(ISO))) {
        v.publish("+reset-master", event(v, m));
        n++;
      }
    }
    return Reply.integer(n);
  }

  static Reply flushconfig(Call c) {
    return Reply.OK; // the configuration lives in the JVM
  }

  // SENTINEL MONITOR name ip port quorum, checked in Redis's order.
  static Reply monitor(Call c) {
    SentinelView v = view(c);
    long quorum = Numbers.parseLong(c.arg(5), Long.MIN_VALUE);
    if (!Numbers.isLong(c.arg(5))) {
      throw Call.error(Errors.SENTINEL_INVALID_QUORUM);
    }
    if (!Numbers.isLong(c.arg(4))) {
      throw Call.error(Errors.SENTINEL_INVALID_PORT);
    }
    long port = Numbers.parseLong(c.arg(4), 0);
    if (quorum <= 0) {
      throw Call.error(Errors.SENTINEL_QUORUM);
    }
    String hostname = c.str(3);
    String ip = SentinelAddress.resolve(hostname, v.resolveHostnames);
    if (ip == null) {
      throw Call.error(Errors.SENTINEL_INVALID_ADDRESS);
    }
    if (port < 0 || port > 65535) {
      throw Call.error(Errors.SENTINEL_PORT_RANGE);
    }
    String name = c.str(2);
    SentinelMaster m = new SentinelMaster(name, ip, hostname, (int) port, quorum & 0xffffffffL,
        v.debug.get("default-down-after"), v.debug.get("default-failover-timeout"), c.now());
    if (!v.monitor(m)) {
      throw Call.error(Errors.SENTINEL_DUPLICATE_MASTER);
    }
    v.publish("+monitor", event(v, m) + " quorum " + m.quorum);
    return Reply.OK;
  }

  static Reply remove(Call c) {
    SentinelView v = view(c);
    SentinelMaster m = master(c, 2);
    v.publish("-monitor", event(v, m));
    v.remove(m.name);
    return Reply.OK;
  }

  /**
   * SENTINEL SET name option value [option value ...]: each option applies and publishes +set in
   * turn, so an error leaves the earlier ones applied, as in Redis.
   */
  static Reply set(Call c) {
    SentinelView v = view(c);
    SentinelMaster m = master(c, 2);
    for (int j = 3; j < c.argc(); j++) {
      String option = c.str(j);
      int more = c.argc() - 1 - j;
      int first = j;
      String shown = null;
      switch (option.toLowerCase(Locale.ROOT)) {
        case "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum" -> {
          if (more < 1) {
            throw Call.error(Errors.sentinelUnknownOption("SET", option));
          }
          long value = positive(c, ++j, "SET", option, 1);
          switch (option.toLowerCase(Locale.ROOT)) {
            case "down-after-milliseconds" -> m.downAfter = value;
            case "failover-timeout" -> m.failoverTimeout = value;
            case "parallel-syncs" -> m.parallelSyncs = (int) value;
            default -> m.quorum = value & 0xffffffffL;
          }
        }
        case "master-reboot-down-after-period" -> {
          if (more < 1) {
            throw Call.error(Errors.sentinelUnknownOption("SET", option));
          }
          m.masterRebootDownAfter = positive(c, ++j, "SET", option, 0);
        }
        case "notification-script", "client-reconfig-script" -> {
          if (more < 1) {
            throw Call.error(Errors.sentinelUnknownOption("SET", option));
          }
          // Redis 7.0's default, sentinel deny-scripts-reconfig yes: no script from a client.
          throw Call.error(Errors.SENTINEL_SCRIPTS_DENIED);
        }
        case "auth-pass" -> {
          if (more < 1) {
            throw Call.error(Errors.sentinelUnknownOption("SET", option));
          }
          String value = c.str(++j);
          m.authPass = value.isEmpty() ? null : value;
          shown = "******";
        }
        case "auth-user" -> {
          if (more < 1) {
            throw Call.error(Errors.sentinelUnknownOption("SET", option));
          }
          String value = c.str(++j);
          m.authUser = value.isEmpty() ? null : value;
        }
        case "rename-command" -> {
          if (more < 2) {
            throw Call.error(Errors.sentinelUnknownOption("SET", option));
          }
          String from = c.str(++j);
          String to = c.str(++j);
          if (from.isEmpty() || to.isEmpty()) {
            throw Call.error(Errors.sentinelInvalidArgument("SET", from.isEmpty() ? from : to,
                option));
          }
          // Nothing to rename: this Sentinel sends its nodes no commands.
        }
        default -> throw Call.error(Errors.sentinelUnknownOption("SET", option));
      }
      StringBuilder e = new StringBuilder(event(v, m)).append(' ').append(option);
      for (int k = first + 1; k <= j; k++) {
        e.append(' ').append(shown != null ? shown : c.str(k));
      }
      v.publish("+set", e.toString());
    }
    return Reply.OK;
  }

  /** A SET or DEBUG value: a long of at least {@code min}, else Redis's error naming it. */
  private static long positive(Call c, int i, String command, String option, long min) {
    long value = Numbers.parseLong(c.arg(i), Long.MIN_VALUE);
    if (!Numbers.isLong(c.arg(i)) || value < min) {
      throw Call.error(Errors.sentinelInvalidArgument(command, c.str(i), option));
    }
    return value;
  }

  /** SENTINEL CONFIG GET pattern | SET parameter value: Redis 7.0's six parameters. */
  static Reply config(Call c) {
    if (c.argc() == 5 && c.option(2).equals("set")) {
      return configSet(c);
    }
    if (c.argc() == 4 && c.option(2).equals("get")) {
      return configGet(c);
    }
    throw Call.error(Errors.SENTINEL_CONFIG_USAGE);
  }

  private static Reply configSet(Call c) {
    SentinelView v = view(c);
    String parameter = c.str(3);
    String value = c.str(4);
    switch (parameter.toLowerCase(Locale.ROOT)) {
      case "resolve-hostnames" -> v.resolveHostnames = yesNo(value, parameter);
      case "announce-hostnames" -> v.announceHostnames = yesNo(value, parameter);
      case "announce-ip" -> v.announceIp = value;
      case "announce-port" -> {
        long port = Numbers.parseLong(c.arg(4), Long.MIN_VALUE);
        if (!Numbers.isLong(c.arg(4)) || port < 0 || port > 65535) {
          throw Call.error(Errors.sentinelConfigInvalid(value, parameter));
        }
        v.announcePort = (int) port;
      }
      case "sentinel-user" -> v.sentinelUser = value;
      case "sentinel-pass" -> v.sentinelPass = value;
      default -> throw Call.error(Errors.sentinelConfigUnknown(parameter));
    }
    return Reply.OK;
  }

  private static boolean yesNo(String value, String parameter) {
    if (value.equalsIgnoreCase("yes")) {
      return true;
    }
    if (value.equalsIgnoreCase("no")) {
      return false;
    }
    throw Call.error(Errors.sentinelConfigInvalid(value, parameter));
  }

  private static Reply configGet(Call c) {
    SentinelView v = view(c);
    byte[] pattern = c.str(3).toLowerCase(Locale.ROOT).getBytes(ISO); // matched without case
    List<Reply> f = new ArrayList<>();
    String[][] parameters = {
        {"resolve-hostnames", v.resolveHostnames ? "yes" : "no"},
        {"announce-hostnames", v.announceHostnames ? "yes" : "no"},
        {"announce-ip", v.announceIp},
        {"announce-port", Integer.toString(v.announcePort)},
        {"sentinel-user", v.sentinelUser},
        {"sentinel-pass", v.sentinelPass}};
    for (String[] p : parameters) {
      if (dev.cortado.keyspace.Glob.matches(pattern, p[0].getBytes(ISO))) {
        field(f, p[0], p[1]);
      }
    }
    return Reply.map(f);
  }

  /**
   * SENTINEL INFO-CACHE name...: per primary named, the age and text of the INFO Sentinel last
   * read from it and from each replica. Cortado's Sentinels read their nodes' state directly and
   * poll no INFO: every entry is 0 and null, as Redis's are before the first INFO reply.
   */
  static Reply infoCache(Call c) {
    SentinelView v = view(c);
    java.util.Map<String, SentinelMaster> named = new java.util.LinkedHashMap<>();
    for (int i = 2; i < c.argc(); i++) {
      SentinelMaster m = v.master(c.str(i));
      if (m != null) {
        named.putIfAbsent(m.name, m);
      }
    }
    List<Reply> out = new ArrayList<>();
    Reply none = Reply.array(List.of(Reply.integer(0), Reply.NULL));
    for (SentinelMaster m : named.values()) {
      out.add(bulk(m.name));
      List<Reply> nodes = new ArrayList<>();
      nodes.add(none);
      for (int i = 0; i < m.replicas().size(); i++) {
        nodes.add(none);
      }
      out.add(Reply.array(nodes));
    }
    return Reply.array(out);
  }

  /** No notification or reconfiguration scripts run here (Redis refuses setting them). */
  static Reply pendingScripts(Call c) {
    return Reply.array(List.of());
  }

  /**
   * SENTINEL SIMULATE-FAILURE: the flags show in INFO's sentinel_simulate_failure_flags; Cortado's
   * Sentinels do not crash on them.
   */
  static Reply simulateFailure(Call c) {
    SentinelView v = view(c);
    v.simulateFailure = 0;
    for (int j = 2; j < c.argc(); j++) {
      switch (c.option(j)) {
        case "crash-after-election" -> v.simulateFailure |= 1;
        case "crash-after-promotion" -> v.simulateFailure |= 2;
        case "help" -> {
          return Reply.array(List.of(Reply.bulk("crash-after-election"),
              Reply.bulk("crash-after-promotion")));
        }
        default -> throw Call.error(Errors.SENTINEL_UNKNOWN_SIMULATION);
      }
    }
    return Reply.OK;
  }

  /**
   * SENTINEL DEBUG [param value ...]: Redis's timing parameters. default-down-after and
   * default-failover-timeout set what MONITOR gives a new primary; the others only show here.
   */
  static Reply debug(Call c) {
    SentinelView v = view(c);
    if (c.argc() == 2) {
      List<Reply> f = new ArrayList<>();
      for (java.util.Map.Entry<String, Long> e : v.debug.entrySet()) {
        field(f, e.getKey().toUpperCase(Locale.ROOT), e.getValue());
      }
      return Reply.map(f);
    }
    for (int j = 2; j < c.argc(); j++) {
      String option = c.str(j);
      String key = option.toLowerCase(Locale.ROOT);
      if (!v.debug.containsKey(key) || j == c.argc() - 1) {
        throw Call.error(Errors.sentinelUnknownOption("DEBUG", option));
      }
      v.debug.put(key, positive(c, ++j, "DEBUG", option, 1));
    }
    return Reply.OK;
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
      SentinelView v = view(c);
      List<SentinelMaster> masters = v.masters();
      text.append("# Sentinel\r\nsentinel_masters:").append(masters.size())
          .append("\r\nsentinel_tilt:0\r\n")
          .append("sentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\n")
          .append("sentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:")
          .append(v.simulateFailure).append("\r\n");
      int i = 0;
      for (SentinelMaster m : masters) {
        text.append("master").append(i++).append(":name=").append(m.name).append(",status=")
            .append(m.oDown() ? "odown" : m.sDown() ? "sdown" : "ok").append(",address=")
            .append(m.host(v.announceHostnames)).append(':').append(m.port())
            .append(",slaves=").append(m.replicas().size()).append(",sentinels=")
            .append(v.others(m).size() + 1).append("\r\n");
      }
    }
    return Reply.verbatim("txt", text.toString().getBytes(ISO));
  }

  /** ROLE on a Sentinel: "sentinel" and the names of the primaries it monitors. */
  static Reply role(Call c) {
    List<Reply> names = new ArrayList<>();
    for (SentinelMaster m : view(c).masters()) {
      names.add(bulk(m.name));
    }
    return Reply.array(List.of(Reply.bulk("sentinel"), Reply.array(names)));
  }

  private static void field(List<Reply> f, String name, Object value) {
    f.add(Reply.bulk(name));
    f.add(bulk(String.valueOf(value)));
  }

  /** Names and addresses are Latin-1 strings of the arguments' bytes: back to those bytes. */
  private static Reply bulk(String s) {
    return Reply.bulk(s.getBytes(ISO));
  }
}
