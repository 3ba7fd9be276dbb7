package dev.cortado.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Sentinel's own state: the primaries it monitors (the deployment's, and those SENTINEL
 * MONITOR added), SENTINEL CONFIG's and SENTINEL DEBUG's parameters. Changed on the Sentinel's
 * loop; the map of primaries is replaced whole on each MONITOR or REMOVE, so the other Sentinels of
 * the JVM read it without locks.
 */
public final class SentinelView {
  /** Every running Sentinel of this JVM: they find each other here, as hello messages would. */
  private static final List<SentinelView> ALL = new CopyOnWriteArrayList<>();

  /** SENTINEL DEBUG's parameters and Redis's defaults, in the order it lists them. */
  private static final Map<String, Long> DEBUG_DEFAULTS = debugDefaults();

  public final SentinelGroup group;
  public final SentinelGroup.Member myself;
  private volatile Map<String, SentinelMaster> masters = Map.of();

  // SENTINEL CONFIG
  public boolean resolveHostnames;
  public volatile boolean announceHostnames;
  public String announceIp = "";
  public int announcePort;
  public String sentinelUser = "";
  public String sentinelPass = "";
  /** SENTINEL SIMULATE-FAILURE's flags: 1 crash after election, 2 after promotion. */
  public int simulateFailure;
  public final Map<String, Long> debug = new LinkedHashMap<>(DEBUG_DEFAULTS);

  SentinelView(SentinelGroup group, SentinelGroup.Member myself) {
    this.group = group;
    this.myself = myself;
    restore(myself.state.clock.millis());
    ALL.add(this);
  }

  private static Map<String, Long> debugDefaults() {
    Map<String, Long> d = new LinkedHashMap<>();
    d.put("info-period", 10000L);
    d.put("ping-period", 1000L);
    d.put("ask-period", 1000L);
    d.put("publish-period", 2000L);
    d.put("default-down-after", 30000L);
    d.put("default-failover-timeout", 180000L);
    d.put("tilt-trigger", 2000L);
    d.put("tilt-period", 30000L);
    d.put("slave-reconf-timeout", 10000L);
    d.put("min-link-reconnect-period", 15000L);
    d.put("election-timeout", 10000L);
    d.put("script-max-runtime", 60000L);
    d.put("script-retry-delay", 30000L);
    return Collections.unmodifiableMap(d);
  }

  /**
   * Back to the state the Sentinel started with: the deployment's primary alone, with the
   * deployment's quorum, and every parameter at its default. On the Sentinel's loop.
   */
  public void restore(long now) {
    debug.clear();
    debug.putAll(DEBUG_DEFAULTS);
    resolveHostnames = false;
    announceHostnames = false;
    announceIp = "";
    announcePort = 0;
    sentinelUser = "";
    sentinelPass = "";
    simulateFailure = 0;
    Map<String, SentinelMaster> m = new LinkedHashMap<>();
    m.put(group.masterName, new SentinelMaster(group, group.quorum,
        debug.get("default-down-after"), debug.get("default-failover-timeout"), now));
    masters = Collections.unmodifiableMap(m);
  }

  /** The primaries, in the order they were added (Redis lists them in its hash order). */
  public List<SentinelMaster> masters() {
    return List.copyOf(masters.values());
  }

  public SentinelMaster master(String name) {
    return masters.get(name);
  }

  /** SENTINEL MONITOR: false when the name is taken. */
  public boolean monitor(SentinelMaster m) {
    if (masters.containsKey(m.name)) {
      return false;
    }
    Map<String, SentinelMaster> next = new LinkedHashMap<>(masters);
    next.put(m.name, m);
    masters = Collections.unmodifiableMap(next);
    return true;
  }

  /** SENTINEL REMOVE. */
  public void remove(String name) {
    Map<String, SentinelMaster> next = new LinkedHashMap<>(masters);
    next.remove(name);
    masters = Collections.unmodifiableMap(next);
  }

  /** Whether this Sentinel still monitors the deployment's primary (REMOVE may have dropped it). */
  boolean monitors(SentinelGroup g) {
    SentinelMaster m = masters.get(g.masterName);
    return m != null && m.group == g;
  }

  /** The other running Sentinels of this JVM that monitor the same primary, in start order. */
  public List<SentinelView> others(SentinelMaster m) {
    List<SentinelView> out = new ArrayList<>();
    for (SentinelView v : ALL) {
      if (v == this) {
        continue;
      }
      SentinelMaster theirs = v.masters.get(m.name);
      if (theirs != null && theirs.samePrimary(m)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Publishes an event on this Sentinel's pub/sub; on its loop. */
  public void publish(String channel, String message) {
    // Latin-1: names come from arguments byte for byte.
    myself.state.pubsub.publish(channel.getBytes(StandardCharsets.ISO_8859_1),
        message.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Every 100 ms on the Sentinel's loop: the down checks of the addresses it monitors. */
  void tick(long now) {
    for (SentinelMaster m : masters.values()) {
      m.check(this, now);
    }
  }

  /** The Sentinel stopped: the others no longer count it. */
  static void stopped(ServerState state) {
    SentinelView v = state.sentinel;
    if (v != null) {
      ALL.remove(v);
    }
  }
}
