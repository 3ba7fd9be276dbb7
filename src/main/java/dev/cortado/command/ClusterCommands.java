package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.FAST;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NO_ASYNC_LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.keyspace.KeySlot;
import dev.cortado.protocol.Reply;
import dev.cortado.server.ClusterTopology;
import dev.cortado.server.ClusterView;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis Cluster as a node answers it: CLUSTER's subcommands, ASKING, READONLY and READWRITE, and the
 * routing step the dispatcher runs before each command with keys (MOVED, ASK, CROSSSLOT, TRYAGAIN,
 * CLUSTERDOWN). A standalone server answers them all with "cluster support disabled", as Redis.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  private static final int ADMIN_FLAGS = ADMIN | STALE | NO_ASYNC_LOADING;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ClusterCommands");
      String g = "cluster";
      t.container("cluster", g, "A container for cluster commands")
          .docs("3.0.0", "Depends on subcommand.");
      String nodes = "O(N) where N is the total number of Cluster nodes";
      t.sub("cluster", "info", 2, STALE, 0, 0, 0, "Provides info about Redis Cluster node state",
          "clusterInfo").docs("3.0.0", "O(1)").tips("nondeterministic_output");
      t.sub("cluster", "myid", 2, STALE, 0, 0, 0, "Return the node id", "clusterMyid")
          .docs("3.0.0", "O(1)");
      t.sub("cluster", "slots", 2, STALE, 0, 0, 0, "Get array of Cluster slot to node mappings",
          "clusterSlots").docs("3.0.0", nodes).tips("nondeterministic_output");
      t.sub("cluster", "shards", 2, STALE, 0, 0, 0, "Get array of cluster slots to node mappings",
          "clusterShards").docs("7.0.0", "O(N) where N is the total number of cluster nodes")
          .tips("nondeterministic_output");
      t.sub("cluster", "nodes", 2, STALE, 0, 0, 0, "Get Cluster config for the node", "clusterNodes")
          .docs("3.0.0", nodes).tips("nondeterministic_output");
      t.sub("cluster", "links", 2, STALE, 0, 0, 0,
          "Returns a list of all TCP links to and from peer nodes in cluster", "clusterLinks")
          .docs("7.0.0", nodes).tips("nondeterministic_output");
      t.sub("cluster", "keyslot", 3, STALE, 0, 0, 0, "Returns the hash slot of the specified key",
          "clusterKeyslot").docs("3.0.0", "O(N) where N is the number of bytes in the key");
      t.sub("cluster", "countkeysinslot", 3, STALE, 0, 0, 0,
          "Return the number of local keys in the specified hash slot", "clusterCountkeysinslot")
          .docs("3.0.0", "O(1)");
      t.sub("cluster", "getkeysinslot", 4, STALE, 0, 0, 0,
          "Return local key names in the specified hash slot", "clusterGetkeysinslot")
          .docs("3.0.0", "O(log(N)) where N is the number of requested keys")
          .tips("nondeterministic_output");
      t.sub("cluster", "replicas", 3, ADMIN | STALE, 0, 0, 0,
          "List replica nodes of the specified master node", "clusterReplicas")
          .docs("5.0.0", "O(1)").tips("nondeterministic_output");
      t.sub("cluster", "slaves", 3, ADMIN | STALE, 0, 0, 0,
          "List replica nodes of the specified master node", "clusterReplicas")
          .docs("3.0.0", "O(1)").tips("nondeterministic_output");
      t.sub("cluster", "count-failure-reports", 3, ADMIN | STALE, 0, 0, 0,
          "Return the number of failure reports active for a given node", "clusterCountFailureReports")
          .docs("3.0.0", "O(N) where N is the number of failure reports")
          .tips("nondeterministic_output");
      t.sub("cluster", "saveconfig", 2, ADMIN_FLAGS, 0, 0, 0,
          "Forces the node to save cluster state on disk", "clusterSaveconfig").docs("3.0.0", "O(1)");
      t.sub("cluster", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "clusterHelp").docs("5.0.0", "O(1)");
      t.sub("cluster", "failover", -2, ADMIN_FLAGS, 0, 0, 0,
          "Forces a replica to perform a manual failover of its master.", "clusterFailover")
          .docs("3.0.0", "O(1)");
      t.sub("cluster", "setslot", -4, ADMIN_FLAGS, 0, 0, 0, "Bind a hash slot to a specific node",
          "clusterSetslot").docs("3.0.0", "O(1)");
      t.sub("cluster", "addslots", -3, ADMIN_FLAGS, 0, 0, 0,
          "Assign new hash slots to receiving node", "clusterAddslots")
          .docs("3.0.0", "O(N) where N is the total number of hash slot arguments");
      t.sub("cluster", "addslotsrange", -4, ADMIN_FLAGS, 0, 0, 0,
          "Assign new hash slots to receiving node", "clusterAddslotsrange")
          .docs("7.0.0", "O(N) where N is the total number of the slots between the start slot and "
              + "end slot arguments.");
      t.sub("cluster", "delslots", -3, ADMIN_FLAGS, 0, 0, 0,
          "Set hash slots as unbound in receiving node", "clusterDelslots")
          .docs("3.0.0", "O(N) where N is the total number of hash slot arguments");
      t.sub("cluster", "delslotsrange", -4, ADMIN_FLAGS, 0, 0, 0,
          "Set hash slots as unbound in receiving node", "clusterDelslotsrange")
          .docs("7.0.0", "O(N) where N is the total number of the slots between the start slot and "
              + "end slot arguments.");
      t.sub("cluster", "flushslots", 2, ADMIN_FLAGS, 0, 0, 0,
          "Delete a node's own slots information", "clusterFlushslots").docs("3.0.0", "O(1)");
      t.sub("cluster", "bumpepoch", 2, ADMIN_FLAGS, 0, 0, 0,
          "Advance the cluster config epoch", "clusterBumpepoch").docs("3.0.0", "O(1)")
          .tips("nondeterministic_output");
      t.sub("cluster", "replicate", 3, ADMIN_FLAGS, 0, 0, 0,
          "Reconfigure a node as a replica of the specified master node", "clusterReplicate")
          .docs("3.0.0", "O(1)");
      t.sub("cluster", "meet", -4, ADMIN_FLAGS, 0, 0, 0, "Force a node cluster to handshake with "
          + "another node", "clusterMeet").docs("3.0.0", "O(1)");
      t.sub("cluster", "forget", 3, ADMIN_FLAGS, 0, 0, 0, "Remove a node from the nodes table",
          "clusterForget").docs("3.0.0", "O(1)");
      t.sub("cluster", "reset", -2, ADMIN | NOSCRIPT | STALE, 0, 0, 0, "Reset a Redis Cluster node",
          "clusterReset").docs("3.0.0", "O(N) where N is the number of known nodes. The command may "
              + "execute a FLUSHALL as a side effect.");
      t.sub("cluster", "set-config-epoch", 3, ADMIN_FLAGS, 0, 0, 0,
          "Set the configuration epoch in a new node", "clusterSetConfigEpoch").docs("3.0.0", "O(1)");
      t.add("asking", 1, FAST, 0, 0, 0, g, "Sent by cluster clients after an -ASK redirect", "asking")
          .docs("3.0.0", "O(1)").acl("connection");
      t.add("readonly", 1, LOADING | STALE | FAST, 0, 0, 0, g,
          "Enables read queries for a connection to a cluster replica node", "readonly")
          .docs("3.0.0", "O(1)").acl("connection");
      t.add("readwrite", 1, LOADING | STALE | FAST, 0, 0, 0, g,
          "Disables read queries for a connection to a cluster replica node", "readwrite")
          .docs("3.0.0", "O(1)").acl("connection");
    }
  }

  // ---- routing

  /**
   * Redis's getNodeByQuery for a command about to run or be queued (EXEC: every queued command):
   * null when this node serves it, else the redirect or refusal error. Commands without keys pass.
   */
  static String redirect(ServerState server, Connection connection, CommandSpec spec,
      byte[][] args, Dispatcher dispatcher) {
    ClusterView cluster = server.cluster;
    List<byte[]> keys = new ArrayList<>();
    if (spec.name.equals("exec")) {
      if (!connection.inMulti()) {
        return null;
      }
      for (byte[][] command : connection.queuedCommands()) {
        CommandSpec s = dispatcher.specOf(command);
        if (s != null) {
          for (int i : s.keysOf(command, 0)) {
            keys.add(command[i]);
          }
        }
      }
    } else {
      for (int i : spec.keysOf(args, 0)) {
        keys.add(args[i]);
      }
    }
    if (keys.isEmpty()) {
      return null;
    }
    int slot = KeySlot.of(keys.get(0));
    boolean multipleKeys = false;
    for (byte[] key : keys) {
      if (KeySlot.of(key) != slot) {
        return Errors.CROSSSLOT;
      }
      multipleKeys |= !java.util.Arrays.equals(key, keys.get(0));
    }
    ClusterTopology.Node owner = cluster.owner(slot);
    if (owner == null) {
      return Errors.CLUSTERDOWN_UNBOUND;
    }
    if (!cluster.ok()) {
      return Errors.CLUSTERDOWN; // cluster-require-full-coverage: a slot without a live owner
    }
    ClusterTopology.Move move = cluster.topology.move(slot);
    boolean migrating = move != null && move.migrating() && owner == cluster.myself
        && move.from() == cluster.myself;
    boolean importing = move != null && move.importing() && move.to() == cluster.myself;
    if (migrating || importing) {
      int missing = 0;
      for (byte[] key : keys) {
        if (!server.db(0).exists(key)) {
          missing++;
        }
      }
      if (migrating && missing > 0) { // some here, some gone: neither node can serve it now
        return missing < keys.size() ? Errors.TRYAGAIN
            : "ASK " + slot + " " + move.to().host + ":" + move.to().port;
      }
      if (importing && (connection.asking || spec.has(CommandSpec.ASKING))) {
        return multipleKeys && missing > 0 ? Errors.TRYAGAIN : null;
      }
    }
    if (owner == cluster.myself) {
      return null;
    }
    boolean write = spec.has(CommandSpec.WRITE) || spec.name.equals("exec");
    if (connection.readOnlyCluster && !write && cluster.myself.primary == owner) {
      return null; // a replica reads its primary's slots for a READONLY client
    }
    return "MOVED " + slot + " " + owner.host + ":" + owner.port;
  }

  /** A script's redis.call on a cluster node: keys another node owns are refused. */
  static String scriptRedirect(ServerState server, CommandSpec spec, byte[][] args) {
    ClusterView cluster = server.cluster;
    for (int i : spec.keysOf(args, 0)) {
      ClusterTopology.Node owner = cluster.owner(KeySlot.of(args[i]));
      if (owner != cluster.myself) {
        return Errors.SCRIPT_NON_LOCAL_KEY;
      }
    }
    return null;
  }

  /**
   * PUBLISH reaches the subscribers of every node, as the cluster bus carries it in Redis: handed to
   * each other node's loop, in order (SPUBLISH stays in its shard).
   */
  static void publishToOtherNodes(ClusterView cluster, byte[] channel, byte[] message) {
    for (ClusterTopology.Node n : cluster.nodes()) {
      if (n != cluster.myself && !n.failed) {
        ServerState target = n.state;
        n.loop.execute(() -> target.pubsub.publish(channel, message));
      }
    }
  }

  // ---- ASKING, READONLY, READWRITE

  static Reply asking(Call c) {
    clusterOnly(c);
    c.connection.asking = true;
    return Reply.OK;
  }

  static Reply readonly(Call c) {
    clusterOnly(c);
    c.connection.readOnlyCluster = true;
    return Reply.OK;
  }

  static Reply readwrite(Call c) {
    clusterOnly(c);
    c.connection.readOnlyCluster = false;
    return Reply.OK;
  }

  private static ClusterView clusterOnly(Call c) {
    ClusterView cluster = c.server.cluster;
    if (cluster == null) {
      throw Call.error(Errors.CLUSTER_DISABLED);
    }
    return cluster;
  }

  // ---- CLUSTER

  static Reply clusterInfo(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology topology = cluster.topology;
    int assigned = 0;
    int failing = 0;
    for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
      ClusterTopology.Node owner = cluster.owner(slot);
      if (owner != null) {
        assigned++;
        if (owner.failed) {
          failing++;
        }
      }
    }
    String text = "cluster_state:" + (cluster.ok() ? "ok" : "fail") + "\r\n"
        + "cluster_slots_assigned:" + assigned + "\r\n"
        + "cluster_slots_ok:" + (assigned - failing) + "\r\n"
        + "cluster_slots_pfail:0\r\n"
        + "cluster_slots_fail:" + failing + "\r\n"
        + "cluster_known_nodes:" + cluster.nodes().size() + "\r\n"
        + "cluster_size:" + topology.size() + "\r\n"
        + "cluster_current_epoch:" + topology.currentEpoch() + "\r\n"
        + "cluster_my_epoch:" + cluster.myself.epoch() + "\r\n"
        + "cluster_stats_messages_sent:0\r\n"
        + "cluster_stats_messages_received:0\r\n"
        + "total_cluster_links_buffer_limit_exceeded:0\r\n";
    return Reply.verbatim("txt", text.getBytes(StandardCharsets.US_ASCII));
  }

  static Reply clusterMyid(Call c) {
    return Reply.bulk(clusterOnly(c).myself.id);
  }

  static Reply clusterSlots(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology topology = cluster.topology;
    List<ClusterTopology.Node> known = cluster.nodes();
    List<int[]> ranges = new ArrayList<>();
    List<ClusterTopology.Node> owners = new ArrayList<>();
    for (ClusterTopology.Node n : known) {
      if (n.isPrimary()) {
        for (int[] r : topology.ranges(n)) {
          ranges.add(r);
          owners.add(n);
        }
      }
    }
    Integer[] order = new Integer[ranges.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(ranges.get(a)[0], ranges.get(b)[0]));
    List<Reply> out = new ArrayList<>(order.length);
    for (int i : order) {
      ClusterTopology.Node primary = owners.get(i);
      List<Reply> entry = new ArrayList<>();
      entry.add(Reply.integer(ranges.get(i)[0]));
      entry.add(Reply.integer(ranges.get(i)[1]));
      entry.add(slotsNode(primary));
      for (ClusterTopology.Node n : known) {
        if (n.primary == primary) {
          entry.add(slotsNode(n));
        }
      }
      out.add(Reply.array(entry));
    }
    return Reply.array(out);
  }

  private static Reply slotsNode(ClusterTopology.Node n) {
    return Reply.array(List.of(Reply.bulk(n.host), Reply.integer(n.port), Reply.bulk(n.id),
        Reply.map(List.of())));
  }

  static Reply clusterShards(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology topology = cluster.topology;
    List<ClusterTopology.Node> known = cluster.nodes();
    List<Reply> out = new ArrayList<>();
    for (ClusterTopology.Node primary : known) {
      if (!primary.isPrimary()) {
        continue;
      }
      List<Reply> slots = new ArrayList<>();
      for (int[] r : topology.ranges(primary)) {
        slots.add(Reply.integer(r[0]));
        slots.add(Reply.integer(r[1]));
      }
      List<Reply> members = new ArrayList<>();
      members.add(shardNode(primary));
      for (ClusterTopology.Node n : known) {
        if (n.primary == primary) {
          members.add(shardNode(n));
        }
      }
      out.add(Reply.map(List.of(Reply.bulk("slots"), Reply.array(slots),
          Reply.bulk("nodes"), Reply.array(members))));
    }
    return Reply.array(out);
  }

  private static Reply shardNode(ClusterTopology.Node n) {
    return Reply.map(List.of(
        Reply.bulk("id"), Reply.bulk(n.id),
        Reply.bulk("port"), Reply.integer(n.port),
        Reply.bulk("ip"), Reply.bulk(n.host),
        Reply.bulk("endpoint"), Reply.bulk(n.host),
        Reply.bulk("role"), Reply.bulk(n.isPrimary() ? "master" : "replica"),
        Reply.bulk("replication-offset"), Reply.integer(n.state.replication.offset()),
        Reply.bulk("health"), Reply.bulk(n.failed ? "fail" : "online")));
  }

  static Reply clusterNodes(Call c) {
    ClusterView cluster = clusterOnly(c);
    StringBuilder text = new StringBuilder();
    for (ClusterTopology.Node n : cluster.nodes()) {
      text.append(nodeLine(cluster, n, c.now())).append('\n');
    }
    return Reply.verbatim("txt", text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** One CLUSTER NODES line: id, address, flags, primary, ping, pong, epoch, link, slots. */
  private static String nodeLine(ClusterView cluster, ClusterTopology.Node n, long now) {
    ClusterTopology.Node primary = n.primary;
    StringBuilder line = new StringBuilder();
    line.append(n.id).append(' ').append(n.host).append(':').append(n.port).append('@')
        .append(n.busPort()).append(' ')
        .append(n == cluster.myself ? "myself," : "").append(n.isPrimary() ? "master" : "slave")
        .append(n.failed ? ",fail" : "")
        .append(' ').append(primary == null ? "-" : primary.id)
        .append(" 0 ").append(n == cluster.myself ? 0 : now).append(' ').append(n.epoch())
        .append(n.failed ? " disconnected" : " connected");
    for (int[] r : cluster.topology.ranges(n)) {
      line.append(' ').append(r[0]);
      if (r[1] != r[0]) {
        line.append('-').append(r[1]);
      }
    }
    if (n == cluster.myself) { // open slots, as redis-cli --cluster check reads them
      for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
        ClusterTopology.Move m = cluster.topology.move(slot);
        if (m != null && m.migrating() && m.from() == n) {
          line.append(" [").append(slot).append("->-").append(m.to().id).append(']');
        }
        if (m != null && m.importing() && m.to() == n) {
          line.append(" [").append(slot).append("-<-").append(m.from().id).append(']');
        }
      }
    }
    return line.toString();
  }

  static Reply clusterLinks(Call c) {
    ClusterView cluster = clusterOnly(c);
    List<Reply> out = new ArrayList<>();
    for (ClusterTopology.Node n : cluster.nodes()) {
      if (n == cluster.myself) {
        continue;
      }
      for (String direction : new String[] {"to", "from"}) {
        out.add(Reply.map(List.of(
            Reply.bulk("direction"), Reply.bulk(direction),
            Reply.bulk("node"), Reply.bulk(n.id),
            Reply.bulk("create-time"), Reply.integer(c.server.startedAt),
            Reply.bulk("events"), Reply.bulk("r"),
            Reply.bulk("send-buffer-allocated"), Reply.integer(0),
            Reply.bulk("send-buffer-used"), Reply.integer(0))));
      }
    }
    return Reply.array(out);
  }

  static Reply clusterKeyslot(Call c) {
    clusterOnly(c);
    return Reply.integer(KeySlot.of(c.arg(2)));
  }

  static Reply clusterCountkeysinslot(Call c) {
    clusterOnly(c);
    long slot = c.longArg(2);
    if (slot < 0 || slot >= KeySlot.SLOTS) {
      throw Call.error(Errors.INVALID_SLOT);
    }
    return Reply.integer(c.server.db(0).countKeysInSlot((int) slot));
  }

  static Reply clusterGetkeysinslot(Call c) {
    clusterOnly(c);
    long slot = c.longArg(2);
    long max = c.longArg(3);
    if (slot < 0 || slot >= KeySlot.SLOTS || max < 0) {
      throw Call.error(Errors.INVALID_SLOT_OR_COUNT);
    }
    List<Reply> out = new ArrayList<>();
    for (byte[] key : c.server.db(0).keysInSlot((int) slot, (int) Math.min(max, Integer.MAX_VALUE))) {
      out.add(Reply.bulk(key));
    }
    return Reply.array(out);
  }

  static Reply clusterReplicas(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology.Node primary = node(cluster, c.str(2));
    if (!primary.isPrimary()) {
      throw Call.error(Errors.NOT_A_MASTER);
    }
    List<Reply> out = new ArrayList<>();
    for (ClusterTopology.Node n : cluster.nodes()) {
      if (n.primary == primary) {
        out.add(Reply.bulk(nodeLine(cluster, n, c.now())));
      }
    }
    return Reply.array(out);
  }

  /**
   * CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica: it catches up with its primary (everything the
   * primary shipped is applied first, as Redis's manual failover waits for the offsets to match),
   * then takes over. As in Redis, OK comes at once and the switch follows.
   */
  static Reply clusterFailover(Call c) {
    ClusterView cluster = clusterOnly(c);
    if (c.argc() > 3) {
      throw Call.error(Errors.SYNTAX);
    }
    boolean force = false;
    if (c.argc() == 3) {
      if (c.is(2, "force") || c.is(2, "takeover")) {
        force = true;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    ClusterTopology.Node me = cluster.myself;
    ClusterTopology.Node primary = me.primary;
    if (primary == null) {
      throw Call.error(Errors.FAILOVER_ON_MASTER);
    }
    if (primary.failed && !force) {
      throw Call.error(Errors.FAILOVER_MASTER_DOWN);
    }
    ClusterTopology topology = cluster.topology;
    if (primary.failed) {
      topology.failover(me);
    } else {
      ServerState old = primary.state;
      java.util.concurrent.Executor mine = me.loop;
      primary.loop.execute(() -> {
        old.replication.ship(); // queued on this replica's loop before the switch below
        mine.execute(() -> topology.failover(me));
      });
    }
    return Reply.OK;
  }

  // CLUSTER SETSLOT slot IMPORTING node-id | MIGRATING node-id | STABLE | NODE node-id
  static Reply clusterSetslot(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology.Node me = cluster.myself;
    if (!me.isPrimary()) {
      throw Call.error("ERR Please use SETSLOT only with masters.");
    }
    int slot = slotArg(c, 2);
    ClusterTopology topology = cluster.topology;
    if (c.is(3, "migrating") && c.argc() == 5) {
      if (topology.owner(slot) != me) {
        throw Call.error("ERR I'm not the owner of hash slot " + slot);
      }
      ClusterTopology.Node to = known(cluster, c.str(4));
      topology.migrating(slot, me, to);
    } else if (c.is(3, "importing") && c.argc() == 5) {
      if (topology.owner(slot) == me) {
        throw Call.error("ERR I'm already the owner of hash slot " + slot);
      }
      ClusterTopology.Node from = known(cluster, c.str(4));
      topology.importing(slot, from, me);
    } else if (c.is(3, "stable") && c.argc() == 4) {
      topology.stable(slot, me);
    } else if (c.is(3, "node") && c.argc() == 5) {
      ClusterTopology.Node n = node(cluster, c.str(4));
      if (!n.isPrimary()) {
        throw Call.error("ERR Target node is not a master");
      }
      if (topology.owner(slot) == me && n != me && c.server.db(0).countKeysInSlot(slot) != 0) {
        throw Call.error("ERR Can't assign hashslot " + slot + " to a different node while I still"
            + " hold keys for this hash slot.");
      }
      ClusterTopology.Move move = topology.move(slot);
      boolean imported = move != null && move.importing() && move.to() == me;
      topology.give(slot, n);
      if (n == me && imported) {
        topology.bumpEpoch(me); // as Redis, so the new owner's claim wins everywhere
      }
    } else {
      throw Call.error("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
    }
    return Reply.OK;
  }

  /** A node for SETSLOT MIGRATING/IMPORTING: known, and a primary. */
  private static ClusterTopology.Node known(ClusterView cluster, String id) {
    for (ClusterTopology.Node n : cluster.nodes()) {
      if (n.id.equals(id)) {
        if (!n.isPrimary()) {
          throw Call.error("ERR Target node is not a master");
        }
        return n;
      }
    }
    throw Call.error("ERR I don't know about node " + id);
  }

  private static int slotArg(Call c, int i) {
    byte[] arg = c.arg(i);
    long slot = dev.cortado.protocol.Numbers.isLong(arg) ? Call.parseLong(arg) : -1;
    if (slot < 0 || slot >= KeySlot.SLOTS) {
      throw Call.error(Errors.INVALID_OR_OUT_OF_RANGE_SLOT);
    }
    return (int) slot;
  }

  static Reply clusterAddslots(Call c) {
    return changeSlots(c, false, true);
  }

  static Reply clusterDelslots(Call c) {
    return changeSlots(c, false, false);
  }

  static Reply clusterAddslotsrange(Call c) {
    return changeSlots(c, true, true);
  }

  static Reply clusterDelslotsrange(Call c) {
    return changeSlots(c, true, false);
  }

  /** ADDSLOTS, DELSLOTS and their RANGE forms: every slot checked, then all changed at once. */
  private static Reply changeSlots(Call c, boolean ranges, boolean add) {
    ClusterView cluster = clusterOnly(c);
    if (ranges && c.argc() % 2 == 1) {
      throw Call.error(Errors.wrongArity("cluster|" + (add ? "addslotsrange" : "delslotsrange")));
    }
    // One pass in argument order, as Redis's checkSlotAssignmentsOrReply: the first bad slot says.
    ClusterTopology topology = cluster.topology;
    java.util.BitSet slots = new java.util.BitSet(KeySlot.SLOTS);
    for (int i = 2; i < c.argc(); i += ranges ? 2 : 1) {
      int start = slotArg(c, i);
      int end = ranges ? slotArg(c, i + 1) : start;
      if (start > end) {
        throw Call.error("ERR start slot number " + start + " is greater than end slot number "
            + end);
      }
      for (int slot = start; slot <= end; slot++) {
        if (add && cluster.owner(slot) != null) {
          throw Call.error("ERR Slot " + slot + " is already busy");
        }
        if (!add && cluster.owner(slot) == null) {
          throw Call.error("ERR Slot " + slot + " is already unassigned");
        }
        if (slots.get(slot)) {
          throw Call.error("ERR Slot " + slot + " specified multiple times");
        }
        slots.set(slot);
      }
    }
    for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
      if (add) {
        topology.give(slot, cluster.myself);
      } else {
        topology.unassign(slot);
      }
    }
    return Reply.OK;
  }

  static Reply clusterFlushslots(Call c) {
    ClusterView cluster = clusterOnly(c);
    if (c.server.db(0).size() != 0) {
      throw Call.error("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
    }
    for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
      if (cluster.owner(slot) == cluster.myself) {
        cluster.topology.unassign(slot);
      }
    }
    return Reply.OK;
  }

  static Reply clusterBumpepoch(Call c) {
    ClusterView cluster = clusterOnly(c);
    boolean bumped = cluster.topology.bumpEpoch(cluster.myself);
    return Reply.simple((bumped ? "BUMPED " : "STILL ") + cluster.myself.configEpoch);
  }

  static Reply clusterReplicate(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology.Node n = node(cluster, c.str(2));
    ClusterTopology.Node me = cluster.myself;
    if (n == me) {
      throw Call.error("ERR Can't replicate myself");
    }
    if (!n.isPrimary()) {
      throw Call.error("ERR I can only replicate a master, not a replica.");
    }
    if (me.isPrimary() && (!cluster.topology.ranges(me).isEmpty() || c.server.db(0).size() != 0)) {
      throw Call.error("ERR To set a master the node must be empty and without assigned slots.");
    }
    cluster.topology.replicate(me, n);
    return Reply.OK;
  }

  /**
   * CLUSTER MEET ip port [bus-port]: a cluster node of this JVM on that address joins this node's
   * cluster (both become one, as after Redis's handshake and gossip). Any other valid address gets
   * OK and nothing more, as a Redis whose handshake never completes.
   */
  static Reply clusterMeet(Call c) {
    ClusterView cluster = clusterOnly(c);
    if (c.argc() > 5) {
      throw Call.error(Errors.subcommandSyntax(c.str(1), "CLUSTER"));
    }
    String ip = c.str(2);
    byte[] portArg = c.arg(3);
    if (!dev.cortado.protocol.Numbers.isLong(portArg)) {
      throw Call.error("ERR Invalid TCP base port specified: " + c.str(3));
    }
    long port = Call.parseLong(portArg);
    long busPort = port + 10000;
    if (c.argc() == 5) {
      if (!dev.cortado.protocol.Numbers.isLong(c.arg(4))) {
        throw Call.error("ERR Invalid TCP bus port specified: " + c.str(4));
      }
      busPort = Call.parseLong(c.arg(4));
    }
    if (!isIpLiteral(ip) || port <= 0 || port > 65535 || busPort <= 0 || busPort > 65535) {
      throw Call.error("ERR Invalid node address specified: " + ip + ":" + c.str(3));
    }
    ServerState other = dev.cortado.server.Replication.runningAt(ip, (int) port);
    ClusterView theirs = other == null ? null : other.cluster;
    if (theirs != null) {
      ClusterTopology.meet(cluster.topology, theirs.topology);
    }
    return Reply.OK;
  }

  /** Whether Redis's inet_pton takes the address: a dotted IPv4 quad or an IPv6 literal. */
  static boolean isIpLiteral(String ip) {
    if (ip.indexOf(':') >= 0) {
      try {
        return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    String[] parts = ip.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) < '0' || part.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  static Reply clusterForget(Call c) {
    ClusterView cluster = clusterOnly(c);
    ClusterTopology.Node n = node(cluster, c.str(2));
    if (n == cluster.myself) {
      throw Call.error("ERR I tried hard but I can't forget myself...");
    }
    if (cluster.myself.primary == n) {
      throw Call.error("ERR Can't forget my master!");
    }
    cluster.topology.forget(cluster.myself, n);
    return Reply.OK;
  }

  /**
   * CLUSTER RESET [HARD|SOFT]: the node forgets every other one and its slots; a replica becomes an
   * empty primary. A primary holding keys refuses, as Redis's.
   */
  static Reply clusterReset(Call c) {
    ClusterView cluster = clusterOnly(c);
    if (c.argc() > 3) {
      throw Call.error(Errors.subcommandSyntax(c.str(1), "CLUSTER"));
    }
    boolean hard = false;
    if (c.argc() == 3) {
      if (c.is(2, "hard")) {
        hard = true;
      } else if (!c.is(2, "soft")) {
        throw Call.error(Errors.SYNTAX);
      }
    }
    ClusterTopology.Node me = cluster.myself;
    if (me.isPrimary() && c.server.db(0).size() != 0) {
      throw Call.error("ERR CLUSTER RESET can't be called with master nodes containing keys");
    }
    if (!me.isPrimary()) {
      c.server.replication.stopReplicating();
      c.server.flushAll();
    }
    cluster.topology.reset(me, hard);
    return Reply.OK;
  }

  static Reply clusterSetConfigEpoch(Call c) {
    ClusterView cluster = clusterOnly(c);
    long epoch = c.longArg(2);
    if (epoch < 0) {
      throw Call.error("ERR Invalid config epoch specified: " + epoch);
    }
    if (cluster.nodes().size() > 1) {
      throw Call.error("ERR The user can assign a config epoch only when the node does not know "
          + "any other node.");
    }
    if (cluster.myself.configEpoch != 0) {
      throw Call.error("ERR Node config epoch is already non-zero");
    }
    cluster.topology.setConfigEpoch(cluster.myself, epoch);
    return Reply.OK;
  }

  static Reply clusterCountFailureReports(Call c) {
    node(clusterOnly(c), c.str(2));
    return Reply.integer(0); // nodes in one JVM never fail each other
  }

  private static ClusterTopology.Node node(ClusterView cluster, String id) {
    for (ClusterTopology.Node n : cluster.nodes()) {
      if (n.id.equals(id)) {
        return n;
      }
    }
    throw Call.error("ERR Unknown node " + id);
  }

  static Reply clusterSaveconfig(Call c) {
    clusterOnly(c);
    return Reply.OK; // the configuration lives in the JVM, not in nodes.conf
  }

  static Reply clusterHelp(Call c) {
    clusterOnly(c);
    return Call.helpReply("CLUSTER",
        "ADDSLOTS <slot> [<slot> ...]",
        "    Assign slots to current node.",
        "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
        "    Assign slots which are between <start-slot> and <end-slot> to current node.",
        "BUMPEPOCH",
        "    Advance the cluster config epoch.",
        "COUNT-FAILURE-REPORTS <node-id>",
        "    Return number of failure reports for <node-id>.",
        "COUNTKEYSINSLOT <slot>",
        "    Return the number of keys in <slot>.",
        "DELSLOTS <slot> [<slot> ...]",
        "    Delete slots information from current node.",
        "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
        "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
        "FAILOVER [FORCE|TAKEOVER]",
        "    Promote current replica node to being a master.",
        "FORGET <node-id>",
        "    Remove a node from the cluster.",
        "GETKEYSINSLOT <slot> <count>",
        "    Return key names stored by current node in a slot.",
        "FLUSHSLOTS",
        "    Delete current node own slots information.",
        "INFO",
        "    Return information about the cluster.",
        "KEYSLOT <key>",
        "    Return the hash slot for <key>.",
        "MEET <ip> <port> [<bus-port>]",
        "    Connect nodes into a working cluster.",
        "MYID",
        "    Return the node id.",
        "NODES",
        "    Return cluster configuration seen by node. Output format:",
        "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
        "REPLICATE <node-id>",
        "    Configure current node as replica to <node-id>.",
        "RESET [HARD|SOFT]",
        "    Reset current node (default: soft).",
        "SET-CONFIG-EPOCH <epoch>",
        "    Set config epoch of current node.",
        "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
        "    Set slot state.",
        "REPLICAS <node-id>",
        "    Return <node-id> replicas.",
        "SAVECONFIG",
        "    Force saving cluster configuration on disk.",
        "SLOTS",
        "    Return information about slots range mappings. Each range is made of:",
        "    start, end, master and replicas IP addresses, ports and ids",
        "SHARDS",
        "    Return information about slot range mappings and the nodes associated with them.",
        "LINKS",
        "    Return information about all network links between this node and its peers.",
        "    Output format is an array where each array element is a map containing attributes of a link");
  }
}
