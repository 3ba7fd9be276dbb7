package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.Stats;
import dev.cortado.keyspace.Value;
import dev.cortado.server.Config;
import dev.cortado.server.EventLoops;
import dev.cortado.server.ServerState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text of INFO: Redis 7.0's sections, with its field names in its order, CRLF line endings and
 * a blank line between sections. Values Cortado has (clients, keys, hits, commands, configuration)
 * are real; memory is the JVM's heap; values with no JVM counterpart (fork, AOF, replication
 * offsets, network bytes) read as an idle Redis with persistence off would show them.
 */
final class ServerInfo {
  private ServerInfo() {}

  /** The sections plain INFO (or INFO default) prints. */
  static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
      "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

  /** Every section, in the order Redis prints them. */
  private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory",
      "persistence", "stats", "replication", "cpu", "module_list", "commandstats", "errorstats",
      "latencystats", "cluster", "keyspace");

  /** Section names are case-insensitive; "modules" is another name for the module list. */
  static String text(Call c, Set<String> requested, boolean all) {
    StringBuilder out = new StringBuilder();
    for (String section : ALL_SECTIONS) {
      boolean wanted = all || requested.contains(section)
          || section.equals("module_list") && requested.contains("modules");
      if (!wanted) {
        continue;
      }
      if (out.length() > 0) {
        out.append("\r\n");
      }
      Lines lines = new Lines(out);
      switch (section) {
        case "server" -> server(c, lines);
        case "clients" -> clients(c, lines);
        case "memory" -> memory(c, lines);
        case "persistence" -> persistence(c, lines);
        case "stats" -> stats(c, lines);
        case "replication" -> replication(c, lines);
        case "cpu" -> cpu(lines);
        case "module_list" -> lines.header("Modules");
        case "commandstats" -> commandStats(c, lines);
        case "errorstats" -> errorStats(c, lines);
        case "latencystats" -> latencyStats(c, lines);
        case "cluster" -> lines.header("Cluster").field("cluster_enabled", c.server.cluster == null ? 0 : 1);
        case "keyspace" -> keyspace(c, lines);
        default -> throw new IllegalStateException(section);
      }
    }
    return out.toString();
  }

  private static void server(Call c, Lines l) {
    ServerState s = c.server;
    long uptime = (c.now() - s.startedAt) / 1000;
    int hz = Integer.parseInt(s.config.get("hz"));
    l.header("Server")
        .field("redis_version", ConnectionCommands.REDIS_VERSION)
        .field("redis_git_sha1", "00000000")
        .field("redis_git_dirty", 0)
        .field("redis_build_id", "0")
        .field("redis_mode", c.server.sentinel != null ? "sentinel"
            : c.server.cluster == null ? "standalone" : "cluster")
        .field("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + machine())
        .field("arch_bits", System.getProperty("sun.arch.data.model", "64"))
        .field("monotonic_clock", "JVM System.nanoTime")
        .field("multiplexing_api", EventLoops.transportName())
        .field("atomicvar_api", "jvm")
        .field("gcc_version", "0.0.0")
        .field("process_id", ProcessHandle.current().pid())
        .field("process_supervised", "no")
        .field("run_id", s.runId)
        .field("tcp_port", s.config.get("port"))
        .field("server_time_usec", s.clock.micros())
        .field("uptime_in_seconds", uptime)
        .field("uptime_in_days", uptime / (3600 * 24))
        .field("hz", hz)
        .field("configured_hz", hz)
        .field("lru_clock", c.now() / 1000 & ((1 << 24) - 1))
        .field("executable", "")
        .field("config_file", "")
        .field("io_threads_active", 0);
  }

  /** The machine name as uname prints it (x86_64, not Java's amd64). */
  private static String machine() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  private static void clients(Call c, Lines l) {
    l.header("Clients")
        .field("connected_clients", c.server.clients.size())
        .field("cluster_connections", 0)
        .field("maxclients", c.server.config.get("maxclients"))
        .field("client_recent_max_input_buffer", 0)
        .field("client_recent_max_output_buffer", 0)
        .field("blocked_clients", c.server.blockedClients)
        .field("tracking_clients", c.server.tracking.clientCount())
        .field("clients_in_timeout_table", c.server.clientsInTimeoutTable);
  }

  private static void memory(Call c, Lines l) {
    Runtime rt = Runtime.getRuntime();
    // used_memory is the model MEMORY USAGE and maxmemory use (MemoryCommands); rss the JVM's.
    long used = MemoryCommands.usedMemory(c.server, c.dispatcher.eviction);
    long peak = c.dispatcher.eviction.peak;
    long overhead = MemoryCommands.STARTUP + MemoryCommands.clientsMemory(c.server);
    for (int i = 0; i < c.server.databaseCount(); i++) {
      overhead += c.server.db(i).mainDictOverhead() + c.server.db(i).expiresDictOverhead();
    }
    long dataset = used - overhead;
    long net = Math.max(1, used - MemoryCommands.STARTUP);
    long rss = rt.totalMemory();
    long system = systemMemory(rt);
    Config config = c.server.config;
    long maxmemory = Long.parseUnsignedLong(config.get("maxmemory"));
    l.header("Memory")
        .field("used_memory", used)
        .field("used_memory_human", human(used))
        .field("used_memory_rss", rss)
        .field("used_memory_rss_human", human(rss))
        .field("used_memory_peak", peak)
        .field("used_memory_peak_human", human(peak))
        .field("used_memory_peak_perc", String.format(java.util.Locale.ROOT, "%.2f%%",
            (float) used * 100 / peak))
        .field("used_memory_overhead", overhead)
        .field("used_memory_startup", MemoryCommands.STARTUP)
        .field("used_memory_dataset", dataset)
        .field("used_memory_dataset_perc", String.format(java.util.Locale.ROOT, "%.2f%%",
            (float) dataset * 100 / net))
        .field("allocator_allocated", used)
        .field("allocator_active", rss)
        .field("allocator_resident", rss)
        .field("total_system_memory", system)
        .field("total_system_memory_human", human(system))
        .field("used_memory_lua", 0)
        .field("used_memory_vm_eval", 0)
        .field("used_memory_lua_human", "0B")
        .field("used_memory_scripts_eval", 0)
        .field("number_of_cached_scripts",
            c.server.scripts == null ? 0 : c.server.scripts.cachedCount())
        .field("number_of_functions", 0)
        .field("number_of_libraries", 0)
        .field("used_memory_vm_functions", 0)
        .field("used_memory_vm_total", 0)
        .field("used_memory_vm_total_human", "0B")
        .field("used_memory_functions", 0)
        .field("used_memory_scripts", 0)
        .field("used_memory_scripts_human", "0B")
        .field("maxmemory", Long.toUnsignedString(maxmemory))
        .field("maxmemory_human", human(maxmemory))
        .field("maxmemory_policy", config.get("maxmemory-policy"))
        .field("allocator_frag_ratio", ratio(rss, used))
        .field("allocator_frag_bytes", rss - used)
        .field("allocator_rss_ratio", "1.00")
        .field("allocator_rss_bytes", 0)
        .field("rss_overhead_ratio", "1.00")
        .field("rss_overhead_bytes", 0)
        .field("mem_fragmentation_ratio", ratio(rss, used))
        .field("mem_fragmentation_bytes", rss - used)
        .field("mem_not_counted_for_evict", 0)
        .field("mem_replication_backlog", 0)
        .field("mem_total_replication_buffers", 0)
        .field("mem_clients_slaves", 0)
        .field("mem_clients_normal", MemoryCommands.clientsMemory(c.server))
        .field("mem_cluster_links", 0)
        .field("mem_aof_buffer", 0)
        .field("mem_allocator", "jvm")
        .field("active_defrag_running", 0)
        .field("lazyfree_pending_objects", 0)
        .field("lazyfreed_objects", 0);
  }

  /** Physical memory when the JVM tells it (HotSpot, OpenJ9), else the heap's limit. */
  private static long systemMemory(Runtime rt) {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return rt.maxMemory();
  }

  private static void persistence(Call c, Lines l) {
    dev.cortado.server.Persistence p = c.server.persistence;
    long started = (p.lastSave < 0 ? c.server.startedAt : p.lastSave) / 1000;
    l.header("Persistence")
        .field("loading", 0)
        .field("async_loading", 0)
        .field("current_cow_peak", 0)
        .field("current_cow_size", 0)
        .field("current_cow_size_age", 0)
        .field("current_fork_perc", "0.00")
        .field("current_save_keys_processed", 0)
        .field("current_save_keys_total", 0)
        .field("rdb_changes_since_last_save", 0)
        .field("rdb_bgsave_in_progress", 0)
        .field("rdb_last_save_time", started)
        .field("rdb_last_bgsave_status", p.lastBgsaveOk ? "ok" : "err")
        .field("rdb_last_bgsave_time_sec", p.lastBgsaveSeconds)
        .field("rdb_current_bgsave_time_sec", -1)
        .field("rdb_saves", p.saves)
        .field("rdb_last_cow_size", 0)
        .field("rdb_last_load_keys_expired", p.lastLoadKeysExpired)
        .field("rdb_last_load_keys_loaded", p.lastLoadKeysLoaded)
        .field("aof_enabled", c.server.config.get("appendonly").equals("yes") ? 1 : 0)
        .field("aof_rewrite_in_progress", 0)
        .field("aof_rewrite_scheduled", 0)
        .field("aof_last_rewrite_time_sec", -1)
        .field("aof_current_rewrite_time_sec", -1)
        .field("aof_last_bgrewrite_status", "ok")
        .field("aof_rewrites", 0)
        .field("aof_rewrites_consecutive_failures", 0)
        .field("aof_last_write_status", "ok")
        .field("aof_last_cow_size", 0)
        .field("module_fork_in_progress", 0)
        .field("module_fork_last_cow_size", 0);
  }

  private static void stats(Call c, Lines l) {
    Stats st = c.server.stats;
    l.header("Stats")
        .field("total_connections_received", st.totalConnections)
        .field("total_commands_processed", st.totalCommands)
        .field("instantaneous_ops_per_sec", 0)
        .field("total_net_input_bytes", 0)
        .field("total_net_output_bytes", 0)
        .field("total_net_repl_input_bytes", 0)
        .field("total_net_repl_output_bytes", 0)
        .field("instantaneous_input_kbps", "0.00")
        .field("instantaneous_output_kbps", "0.00")
        .field("instantaneous_input_repl_kbps", "0.00")
        .field("instantaneous_output_repl_kbps", "0.00")
        .field("rejected_connections", st.rejectedConnections)
        .field("sync_full", 0)
        .field("sync_partial_ok", 0)
        .field("sync_partial_err", 0)
        .field("expired_keys", st.expiredKeys)
        .field("expired_stale_perc", "0.00")
        .field("expired_time_cap_reached_count", 0)
        .field("expire_cycle_cpu_milliseconds", 0)
        .field("evicted_keys", st.evictedKeys)
        .field("evicted_clients", 0)
        .field("total_eviction_exceeded_time", 0)
        .field("current_eviction_exceeded_time", 0)
        .field("keyspace_hits", st.keyspaceHits)
        .field("keyspace_misses", st.keyspaceMisses)
        .field("pubsub_channels", 0)
        .field("pubsub_patterns", 0)
        .field("pubsubshard_channels", 0)
        .field("latest_fork_usec", 0)
        .field("total_forks", 0)
        .field("migrate_cached_sockets", 0)
        .field("slave_expires_tracked_keys", 0)
        .field("active_defrag_hits", 0)
        .field("active_defrag_misses", 0)
        .field("active_defrag_key_hits", 0)
        .field("active_defrag_key_misses", 0)
        .field("total_active_defrag_time", 0)
        .field("current_active_defrag_time", 0)
        .field("tracking_total_keys", c.server.tracking.keyCount())
        .field("tracking_total_items", c.server.tracking.keyCount())
        .field("tracking_total_prefixes", c.server.tracking.prefixCount())
        .field("unexpected_error_replies", 0)
        .field("total_error_replies", c.server.stats.totalErrorReplies)
        .field("dump_payload_sanitizations", 0)
        .field("total_reads_processed", 0)
        .field("total_writes_processed", 0)
        .field("io_threaded_reads_processed", 0)
        .field("io_threaded_writes_processed", 0)
        .field("reply_buffer_shrinks", 0)
        .field("reply_buffer_expands", 0);
  }

  private static void replication(Call c, Lines l) {
    dev.cortado.server.Replication replication = c.server.replication;
    dev.cortado.server.Replication.Link up = replication.upstream();
    boolean isReplica = up != null;
    l.header("Replication").field("role", isReplica ? "slave" : "master");
    if (isReplica) {
      l.field("master_host", up.primaryHost())
          .field("master_port", up.primaryPort())
          .field("master_link_status", up.up() ? "up" : "down")
          .field("master_last_io_seconds_ago", up.up() ? 0 : -1)
          .field("master_sync_in_progress", up.syncing() ? 1 : 0)
          .field("slave_read_repl_offset", replication.offset())
          .field("slave_repl_offset", replication.offset());
      if (!up.up()) {
        l.field("master_link_down_since_seconds", -1);
      }
      l.field("slave_priority", c.server.config.get("replica-priority"))
          .field("slave_read_only", "yes".equals(c.server.config.get("replica-read-only")) ? 1 : 0)
          .field("replica_announced", "yes".equals(c.server.config.get("replica-announced")) ? 1 : 0);
    }
    List<dev.cortado.server.Replication.Link> replicas = replication.replicas();
    l.field("connected_slaves", replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      dev.cortado.server.Replication.Link r = replicas.get(i);
      l.field("slave" + i, "ip=" + c.server.options.bind() + ",port=" + r.replicaPort()
          + ",state=online,offset=" + r.acked() + ",lag=0");
    }
    long offset = replication.offset();
    boolean active = isReplica || !replicas.isEmpty() || offset > 0;
    l.field("master_failover_state", "no-failover")
        .field("master_replid", replicationId(c.server.runId))
        .field("master_replid2", "0".repeat(40))
        .field("master_repl_offset", offset)
        .field("second_repl_offset", -1)
        .field("repl_backlog_active", active ? 1 : 0)
        .field("repl_backlog_size", c.server.config.get("repl-backlog-size"))
        .field("repl_backlog_first_byte_offset", active ? 1 : 0)
        .field("repl_backlog_histlen", offset);
  }

  /** A replication id distinct from the run id, as in Redis, yet stable for the server's life. */
  private static String replicationId(String runId) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-1").digest(runId.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-1
    }
  }

  /**
   * CPU time from the JVM. It reports the process's time as one figure, counted here as user time;
   * the "main thread" is the event loop thread running this command.
   */
  private static void cpu(Lines l) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long threadCpu = Math.max(0, threads.getCurrentThreadCpuTime());
    long threadUser = Math.max(0, threads.getCurrentThreadUserTime());
    long processCpu = threadCpu;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      processCpu = Math.max(threadCpu, os.getProcessCpuTime());
    }
    l.header("CPU")
        .field("used_cpu_sys", seconds(0))
        .field("used_cpu_user", seconds(processCpu))
        .field("used_cpu_sys_children", seconds(0))
        .field("used_cpu_user_children", seconds(0))
        .field("used_cpu_sys_main_thread", seconds(threadCpu - threadUser))
        .field("used_cpu_user_main_thread", seconds(threadUser));
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
  }

  /** db0:keys=N,expires=M,avg_ttl=T for each database holding keys; avg_ttl is exact, in ms. */
  private static void keyspace(Call c, Lines l) {
    l.header("Keyspace");
    long now = c.now();
    for (int i = 0; i < c.server.databaseCount(); i++) {
      Database db = c.server.db(i);
      long keys = db.size();
      if (keys == 0) {
        continue;
      }
      // Keys a pause keeps past their deadline count, with no time left (entries() omits them).
      long expires = db.expiringKeys();
      long ttlSum = 0;
      for (Map.Entry<byte[], Value> e : db.entries()) {
        long deadline = e.getValue().expiresAt();
        if (deadline != Value.NO_EXPIRY) {
          ttlSum += Math.max(0, deadline - now);
        }
      }
      l.line("db" + i + ":keys=" + keys + ",expires=" + expires + ",avg_ttl="
          + (expires == 0 ? 0 : ttlSum / expires));
    }
  }

  /** Bytes (unsigned) as Redis's bytesToHuman prints them: 1023B, 1.00K, 1.15M, 23.54G... */
  static String human(long n) {
    if (n < 0) {
      return Long.toUnsignedString(n) + "B"; // 2^63 and beyond: past petabytes, Redis prints bytes
    }
    if (n < 1024) {
      return n + "B";
    }
    double scale = 1024;
    for (char unit : "KMGTP".toCharArray()) {
      if (n < scale * 1024) {
        return String.format(Locale.ROOT, "%.2f%c", n / scale, unit);
      }
      scale *= 1024;
    }
    return n + "B";
  }

  private static String ratio(long a, long b) {
    return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : (double) a / b);
  }

  /** Builds one section: a "# Name" header, then "field:value" lines, each ending in CRLF. */
  /**
   * Each command that ran or was refused, subcommands after their container, in the table's order
   * (Redis lists them in its dictionary's hash order, which differs).
   */
  private static void commandStats(Call c, Lines l) {
    l.header("Commandstats");
    for (CommandSpec spec : statsOrder(c)) {
      CommandStats st = spec.stats;
      l.line("cmdstat_" + spec.name + ":calls=" + st.calls + ",usec=" + st.micros
          + ",usec_per_call=" + String.format(Locale.ROOT, "%.2f",
              st.calls == 0 ? 0.0 : (double) st.micros / st.calls)
          + ",rejected_calls=" + st.rejected + ",failed_calls=" + st.failed);
    }
  }

  private static List<CommandSpec> statsOrder(Call c) {
    List<CommandSpec> specs = new java.util.ArrayList<>();
    for (CommandSpec spec : c.dispatcher.table().all()) {
      if (spec.stats.reported()) {
        specs.add(spec);
      }
      for (CommandSpec sub : spec.subcommands.values()) {
        if (sub.stats.reported()) {
          specs.add(sub);
        }
      }
    }
    return specs;
  }

  /** Error replies by code, in byte order as Redis's radix tree lists them. */
  private static void errorStats(Call c, Lines l) {
    l.header("Errorstats");
    for (Map.Entry<String, Long> e : c.server.stats.errorCodes.entrySet()) {
      l.line("errorstat_" + e.getKey() + ":count=" + e.getValue());
    }
  }

  /**
   * The percentiles latency-tracking-info-percentiles names, in microseconds with three decimals,
   * for each command with latencies recorded; nothing while latency-tracking is off.
   */
  private static void latencyStats(Call c, Lines l) {
    l.header("Latencystats");
    if (!c.server.config.latencyTracking()) {
      return;
    }
    String configured = c.server.config.get("latency-tracking-info-percentiles").trim();
    String[] percentiles = configured.isEmpty() ? new String[0] : configured.split("\\s+");
    for (CommandSpec spec : statsOrder(c)) {
      LatencyHistogram h = spec.stats.latencies();
      if (h == null) {
        continue;
      }
      StringBuilder line = new StringBuilder("latency_percentiles_usec_").append(spec.name)
          .append(':');
      for (int i = 0; i < percentiles.length; i++) {
        double p = Double.parseDouble(percentiles[i]);
        line.append(i == 0 ? "" : ",").append('p')
            .append(new java.math.BigDecimal(percentiles[i]).stripTrailingZeros().toPlainString())
            .append('=').append(String.format(Locale.ROOT, "%.3f", h.valueAtPercentile(p) / 1000.0));
      }
      l.line(line.toString());
    }
  }

  private static final class Lines {
    private final StringBuilder out;

    Lines(StringBuilder out) {
      this.out = out;
    }

    Lines header(String name) {
      return line("# " + name);
    }

    Lines field(String name, Object value) {
      return line(name + ":" + value);
    }

    Lines line(String text) {
      out.append(text).append("\r\n");
      return this;
    }
  }
}
