package dev.cortado.command;

import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.protocol.Reply;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MEMORY (object.c's memoryCommand) and the memory model behind it, INFO's used_memory and
 * maxmemory.
 *
 * <p>The model: used_memory is what an empty Redis 7.0 allocates at startup ({@link #STARTUP}),
 * plus a fixed {@link #PER_CLIENT} per connected client (Redis's client struct with its 16 KB
 * reply buffer), plus every database's keyspace: each key's MEMORY USAGE (Redis's own arithmetic,
 * five samples), its expires entry, and both dicts' buckets. The keyspace part is a running total
 * that each database keeps on its one mutation path; only keys changed since it was last asked are
 * measured again.
 */
final class MemoryCommands {
  /** used_memory_startup of redis-server 7.0.15 (jemalloc, 64 bits), measured. */
  static final long STARTUP = 876_256;
  /** What a connected client adds to Redis's used_memory: its struct and 16 KB reply buffer. */
  static final long PER_CLIENT = 20_480;
  /** functions.caches of an instance with no library (Redis's functionsMemoryOverhead). */
  private static final long FUNCTIONS_CACHES = 200;

  private MemoryCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("MemoryCommands");
      String g = "server";
      t.container("memory", g, "A container for memory diagnostics commands")
          .docs("4.0.0", "Depends on subcommand.");
      // In Redis's order (its command table's hash order), which COMMAND INFO and DOCS list.
      t.sub("memory", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands", "memoryHelp")
          .docs("4.0.0", "O(1)");
      t.sub("memory", "usage", -3, READONLY, 2, 2, 1, "Estimate the memory usage of a key",
          "memoryUsage")
          .docs("4.0.0", "O(N) where N is the number of samples.").keySpecFlags("RO");
      t.sub("memory", "purge", 2, 0, 0, 0, 0, "Ask the allocator to release memory", "memoryPurge")
          .docs("4.0.0", "Depends on how much memory is allocated, could be slow")
          .tips("request_policy:all_shards", "response_policy:all_succeeded");
      t.sub("memory", "stats", 2, 0, 0, 0, 0, "Show memory usage details", "memoryStats")
          .docs("4.0.0", "O(1)")
          .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
      t.sub("memory", "doctor", 2, 0, 0, 0, 0, "Outputs memory problems report", "memoryDoctor")
          .docs("4.0.0", "O(1)")
          .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
      t.sub("memory", "malloc-stats", 2, 0, 0, 0, 0, "Show allocator internal stats",
          "memoryMallocStats")
          .docs("4.0.0", "Depends on how much memory is allocated, could be slow")
          .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special");
      LatencyCommands.Rows.register(table);
    }
  }

  // ------------------------------------------------------------------ the model

  /** list-max-listpack-size, which lays out a list's quicklist nodes. */
  static int listFill(ServerState server) {
    return (int) server.config.number("list-max-listpack-size");
  }

  /** The keyspace's share of used_memory, over every database. */
  static long keyspaceMemory(ServerState server) {
    int fill = listFill(server);
    long total = 0;
    for (int i = 0; i < server.databaseCount(); i++) {
      total += server.db(i).usedMemory(fill);
    }
    return total;
  }

  /** The clients' share of used_memory (MEMORY STATS's clients.normal). */
  static long clientsMemory(ServerState server) {
    return PER_CLIENT * server.clients.size();
  }

  /** INFO's used_memory as the model has it, and the peak it has reached. */
  static long usedMemory(ServerState server, Eviction eviction) {
    long used = STARTUP + clientsMemory(server) + keyspaceMemory(server);
    eviction.peak = Math.max(eviction.peak, used);
    return used;
  }

  // ------------------------------------------------------------------ MEMORY

  // MEMORY HELP
  static Reply memoryHelp(Call c) {
    return Call.helpReply("MEMORY",
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).");
  }

  // MEMORY USAGE key [SAMPLES count]
  static Reply memoryUsage(Call c) {
    long samples = 5;
    for (int j = 3; j < c.argc(); j++) {
      if (c.is(j, "samples") && j + 1 < c.argc()) {
        samples = c.longArg(j + 1);
        if (samples < 0) {
          throw Call.error(Errors.SYNTAX);
        }
        if (samples == 0) {
          samples = Long.MAX_VALUE;
        }
        j++;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    // Redis finds the key in the dict directly: no hit or miss, no access time, no event.
    Long usage = c.db().memoryUsage(c.arg(2), samples, listFill(c.server));
    return usage == null ? Reply.NULL : Reply.integer(usage);
  }

  // MEMORY PURGE
  static Reply memoryPurge(Call c) {
    return Reply.OK;
  }

  // MEMORY MALLOC-STATS
  static Reply memoryMallocStats(Call c) {
    Runtime rt = Runtime.getRuntime();
    String text = "___ Begin jvm heap statistics ___\n"
        + "Allocator: jvm (Cortado models Redis's jemalloc size classes)\n"
        + "used: " + (rt.totalMemory() - rt.freeMemory()) + "\n"
        + "committed: " + rt.totalMemory() + "\n"
        + "max: " + rt.maxMemory() + "\n"
        + "--- End jvm heap statistics ---\n";
    return Reply.verbatim("txt", text.getBytes(StandardCharsets.US_ASCII));
  }

  // MEMORY DOCTOR
  static Reply memoryDoctor(Call c) {
    long used = usedMemory(c.server, c.dispatcher.eviction);
    long peak = c.dispatcher.eviction.peak;
    String report;
    if (used < 5L * 1024 * 1024) {
      report = "Hi Sam, this instance is empty or is using very little memory, my issues detector "
          + "can't be used in these conditions. Please, leave for your mission on Earth and fill "
          + "it with some data. The new Sam and I will be back to our programming as soon as I "
          + "finished rebooting.\n";
    } else if ((float) peak / used > 1.5) {
      report = "Sam, I detected a few issues in this Redis instance memory implants:\n\n"
          + " * Peak memory: In the past this instance used more than 150% the memory that is "
          + "currently using. The allocator is normally not able to release memory after a peak, "
          + "so you can expect to see a big fragmentation ratio, however this is actually harmless "
          + "and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) "
          + "is currently bigger than expected, the memory will be used as soon as you fill the "
          + "Redis instance with more data. If the memory peak was only occasional and you want to "
          + "try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other "
          + "option is to shutdown and restart the instance.\n\n"
          + "I'm here to keep you safe, Sam. I want to help you.\n";
    } else {
      report = "Hi Sam, I can't find any memory issue in your instance. I can only account for "
          + "what occurs on this base.\n";
    }
    return Reply.verbatim("txt", report.getBytes(StandardCharsets.US_ASCII));
  }

  // MEMORY STATS
  static Reply memoryStats(Call c) {
    ServerState s = c.server;
    long total = usedMemory(s, c.dispatcher.eviction);
    long peak = c.dispatcher.eviction.peak;
    long clients = clientsMemory(s);
    long overhead = STARTUP + clients + FUNCTIONS_CACHES;
    List<Reply> out = new ArrayList<>();
    field(out, "peak.allocated", peak);
    field(out, "total.allocated", total);
    field(out, "startup.allocated", STARTUP);
    field(out, "replication.backlog", 0);
    field(out, "clients.slaves", 0);
    field(out, "clients.normal", clients);
    field(out, "cluster.links", 0);
    field(out, "aof.buffer", 0);
    field(out, "lua.caches", 0);
    field(out, "functions.caches", FUNCTIONS_CACHES);
    long keys = 0;
    for (int i = 0; i < s.databaseCount(); i++) {
      Database db = s.db(i);
      long n = db.size();
      if (n == 0) {
        continue;
      }
      keys += n;
      long main = db.mainDictOverhead();
      long expires = db.expiresDictOverhead();
      overhead += main + expires;
      out.add(Reply.bulk("db." + i));
      List<Reply> dbStats = new ArrayList<>();
      field(dbStats, "overhead.hashtable.main", main);
      field(dbStats, "overhead.hashtable.expires", expires);
      field(dbStats, "overhead.hashtable.slot-to-keys", 0);
      out.add(Reply.map(dbStats));
    }
    long net = total > STARTUP ? total - STARTUP : 1;
    long dataset = total - overhead;
    field(out, "overhead.total", overhead);
    field(out, "keys.count", keys);
    field(out, "keys.bytes-per-key", keys == 0 ? 0 : net / keys);
    field(out, "dataset.bytes", dataset);
    ratio(out, "dataset.percentage", (float) dataset * 100 / net);
    ratio(out, "peak.percentage", (float) total * 100 / peak);
    // The allocator's view: the model has no fragmentation, so every ratio is 1.
    field(out, "allocator.allocated", total);
    field(out, "allocator.active", total);
    field(out, "allocator.resident", total);
    ratio(out, "allocator-fragmentation.ratio", 1);
    field(out, "allocator-fragmentation.bytes", 0);
    ratio(out, "allocator-rss.ratio", 1);
    field(out, "allocator-rss.bytes", 0);
    ratio(out, "rss-overhead.ratio", 1);
    field(out, "rss-overhead.bytes", 0);
    ratio(out, "fragmentation", 1);
    field(out, "fragmentation.bytes", 0);
    return Reply.map(out);
  }

  private static void field(List<Reply> out, String name, long value) {
    out.add(Reply.bulk(name));
    out.add(Reply.integer(value));
  }

  /** A float ratio as Redis's addReplyDouble prints it (%.17g of the float widened). */
  private static void ratio(List<Reply> out, String name, float value) {
    out.add(Reply.bulk(name));
    out.add(Reply.dbl(ZSetValue.formatScore(value)));
  }
}
