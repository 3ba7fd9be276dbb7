package dev.cortado.server;

import java.util.ArrayList;
import java.util.List;

/**
 * One primary a Sentinel monitors under a name, with the settings SENTINEL SET changes. Either the
 * primary of the deployment the Sentinel was started with ({@link #group}: it follows that
 * deployment's failovers), or an address SENTINEL MONITOR named: a server of this JVM listening
 * there is watched for real (its replicas are the servers replicating it); any other address is
 * never reached, and is flagged s_down after down-after-milliseconds, as Redis flags it.
 *
 * <p>Settings are touched on the owning Sentinel's loop; the down flags and the address are also
 * read by the other Sentinels of the JVM (to count agreement and list each other), hence volatile.
 */
public final class SentinelMaster {
  public final String name;
  /** The deployment whose primary this is, or null for an address SENTINEL MONITOR gave. */
  public final SentinelGroup group;
  /** The address as an IP, and as the client gave it (shown when announce-hostnames is yes). */
  private final String ip;
  private final String hostname;
  private final int port;
  /** Redis keeps the quorum as an unsigned int and parallel-syncs as an int: values wrap so. */
  public volatile long quorum;
  public long downAfter;
  public long failoverTimeout;
  public int parallelSyncs = 1;
  public long masterRebootDownAfter;
  public String authPass;
  public String authUser;
  /** When this Sentinel started monitoring it, on the Sentinel's clock. */
  public final long monitoredAt;
  /** The last time the primary was seen up, on the Sentinel's clock. */
  long lastAvailable;
  private volatile boolean sDown;
  private volatile boolean oDown;
  long sDownSince;
  long oDownSince;
  /** The run id of the server last seen at the address ("" until one was). */
  private String lastRunId = "";

  /** The deployment's primary, as the deployment's Sentinels start with it. */
  SentinelMaster(SentinelGroup group, long quorum, long downAfter, long failoverTimeout,
      long now) {
    this.name = group.masterName;
    this.group = group;
    this.ip = null;
    this.hostname = null;
    this.port = 0;
    this.quorum = quorum;
    this.downAfter = downAfter;
    this.failoverTimeout = failoverTimeout;
    this.monitoredAt = now;
    this.lastAvailable = now;
  }

  /** SENTINEL MONITOR name ip port quorum; {@code ip} is resolved, {@code hostname} as given. */
  public SentinelMaster(String name, String ip, String hostname, int port, long quorum,
      long downAfter, long failoverTimeout, long now) {
    this.name = name;
    this.group = null;
    this.ip = ip;
    this.hostname = hostname;
    this.port = port;
    this.quorum = quorum;
    this.downAfter = downAfter;
    this.failoverTimeout = failoverTimeout;
    this.monitoredAt = now;
    this.lastAvailable = now;
  }

  /** The server of this JVM at the address, or null: nothing of ours listens there. */
  ServerState reachable() {
    if (group != null) {
      return group.master().state;
    }
    ServerState s = Replication.runningAt(ip, port);
    if (s == null || s.sentinel != null) {
      return null; // nothing of ours there, or a Sentinel: no primary
    }
    lastRunId = s.runId;
    return s;
  }

  /** The primary now: the deployment's current one, or the server at the address. */
  public SentinelGroup.DataNode master() {
    if (group != null) {
      return group.master();
    }
    ServerState s = reachable();
    SentinelGroup.DataNode node = new SentinelGroup.DataNode(ip, port, lastRunId, s);
    node.down = sDown;
    return node;
  }

  /** The address as Sentinel announces it (the hostname when announce-hostnames is yes). */
  public String host(boolean announceHostnames) {
    if (group != null) {
      return group.master().host;
    }
    return announceHostnames ? hostname : ip;
  }

  public int port() {
    return group != null ? group.master().port : port;
  }

  /** Whether two Sentinels' entries are the same primary: same name, same address. */
  boolean samePrimary(SentinelMaster other) {
    return name.equals(other.name) && master().host.equals(other.master().host)
        && port() == other.port();
  }

  /** The replicas: the deployment's, or the servers of this JVM replicating the address's. */
  public List<SentinelGroup.DataNode> replicas() {
    if (group != null) {
      return group.replicas();
    }
    ServerState s = reachable();
    if (s == null) {
      return List.of();
    }
    List<SentinelGroup.DataNode> out = new ArrayList<>();
    for (ServerState r : Replication.replicasOf(s)) {
      out.add(new SentinelGroup.DataNode(ip, r.boundPort, r.runId, r));
    }
    return out;
  }

  /** No connection to the primary: an address where none of this JVM's servers listens. */
  public boolean disconnected() {
    return group == null && reachable() == null;
  }

  public boolean sDown() {
    return group != null ? group.master().down : sDown;
  }

  public boolean oDown() {
    return group != null ? group.master().down : oDown;
  }

  public long configEpoch() {
    return group != null ? group.configEpoch() : 0;
  }

  /** Milliseconds since the flag was set (0 for the deployment's primary, killed at once). */
  public long sDownTime(long now) {
    return group != null ? 0 : now - sDownSince;
  }

  public long oDownTime(long now) {
    return group != null ? 0 : now - oDownSince;
  }

  /** Milliseconds since the primary was last seen up. */
  public long lastAvailableAgo(long now) {
    return now - lastAvailable;
  }

  /**
   * Checks an address's primary on the Sentinel's clock (Redis's sentinelCheckSubjectivelyDown and
   * sentinelCheckObjectivelyDown), publishing the events through {@code view}. The deployment's
   * primary is flagged by the deployment itself (CortadoSentinel.killPrimary).
   */
  void check(SentinelView view, long now) {
    if (group != null) {
      return;
    }
    String at = "master " + name + " " + host(view.announceHostnames) + " " + port;
    if (reachable() != null) {
      lastAvailable = now;
      if (sDown) {
        sDown = false;
        view.publish("-sdown", at);
      }
      if (oDown) {
        oDown = false;
        view.publish("-odown", at);
      }
      return;
    }
    if (!sDown && now - lastAvailable > downAfter) {
      sDown = true;
      sDownSince = now;
      view.publish("+sdown", at);
    }
    if (sDown && !oDown) {
      long agree = 1;
      for (SentinelView other : view.others(this)) {
        SentinelMaster theirs = other.master(name);
        if (theirs != null && theirs.sDown()) {
          agree++;
        }
      }
      if (agree >= quorum) {
        oDown = true;
        oDownSince = now;
        view.publish("+odown", at + " #quorum " + agree + "/" + quorum);
      }
    }
  }
}
