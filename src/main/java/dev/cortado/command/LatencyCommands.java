package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Reply;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LATENCY (latency.c): the latency monitor's events recorded when a command ("command",
 * "fast-command"), the active expire cycle ("expire-cycle"), an eviction pass ("eviction-cycle") or
 * one evicted key ("eviction-del") takes at least latency-monitor-threshold milliseconds (0: off),
 * 160 samples per event, one per
 * second (the highest), with the all-time maximum; and LATENCY HISTOGRAM, the cumulative
 * distribution of each command's latencies from INFO latencystats' histograms.
 */
final class LatencyCommands {
  /** Samples kept per event (LATENCY_TS_LEN). */
  private static final int SAMPLES = 160;
  /** Width of LATENCY GRAPH's graph (LATENCY_GRAPH_COLS). */
  private static final int GRAPH_COLS = 80;

  private LatencyCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("LatencyCommands");
      String g = "server";
      int flags = ADMIN | NOSCRIPT | LOADING | STALE;
      t.container("latency", g, "A container for latency diagnostics commands")
          .docs("2.8.13", "Depends on subcommand.");
      // In Redis's order (its command table's hash order), which COMMAND INFO and DOCS list.
      t.sub("latency", "graph", 3, flags, 0, 0, 0, "Return a latency graph for the event.",
          "latencyGraph")
          .docs("2.8.13", "O(1)")
          .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special");
      t.sub("latency", "help", 2, LOADING | STALE, 0, 0, 0,
          "Show helpful text about the different subcommands.", "latencyHelp")
          .docs("2.8.13", "O(1)");
      t.sub("latency", "latest", 2, flags, 0, 0, 0,
          "Return the latest latency samples for all events.", "latencyLatest")
          .docs("2.8.13", "O(1)")
          .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special");
      t.sub("latency", "reset", -2, flags, 0, 0, 0,
          "Reset latency data for one or more events.", "latencyReset")
          .docs("2.8.13", "O(1)")
          .tips("request_policy:all_nodes", "response_policy:all_succeeded");
      t.sub("latency", "doctor", 2, flags, 0, 0, 0,
          "Return a human readable latency analysis report.", "latencyDoctor")
          .docs("2.8.13", "O(1)")
          .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special");
      t.sub("latency", "histogram", -2, flags, 0, 0, 0,
          "Return the cumulative distribution of latencies of a subset of commands or all.",
          "latencyHistogram")
          .docs("7.0.0", "O(N) where N is the number of commands with latency information being "
              + "retrieved.")
          .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special");
      t.sub("latency", "history", 3, flags, 0, 0, 0,
          "Return timestamp-latency samples for the event.", "latencyHistory")
          .docs("2.8.13", "O(1)")
          .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special");
    }
  }

  /** One event's samples: a ring of (second, milliseconds), and the all-time maximum. */
  private static final class Series {
    final long[] times = new long[SAMPLES];
    final long[] latencies = new long[SAMPLES];
    int next;
    long max;

    int last() {
      return (next + SAMPLES - 1) % SAMPLES;
    }
  }

  /** A server's latency events, in the order they first happened. */
  static final class Monitor implements ServerState.LatencyEvents {
    private final Map<String, Series> events = new LinkedHashMap<>();
    /** The server whose threshold and clock apply; set by the dispatcher. */
    ServerState server;

    /**
     * latencyAddSampleIfNeeded for the events outside commands (expire-cycle, eviction-cycle,
     * eviction-del): a threshold of 0 turns the monitor off.
     */
    @Override
    public void sampleIfNeeded(String event, long millis) {
      long threshold = server.config.number("latency-monitor-threshold");
      if (threshold > 0 && millis >= threshold) {
        add(event, millis, server.clock.millis() / 1000);
      }
    }

    /** After a command ran (Redis's call()): a sample when it took the threshold or more. */
    void commandTook(CommandSpec spec, long micros, ServerState server) {
      if (micros < 1000) {
        return; // under a millisecond: below any threshold (and the common case)
      }
      long threshold = server.config.number("latency-monitor-threshold");
      long millis = micros / 1000;
      if (threshold > 0 && millis >= threshold) {
        add(spec.has(CommandSpec.FAST) ? "fast-command" : "command", millis,
            server.clock.millis() / 1000);
      }
    }

    /** latencyAddSample: the highest latency of each second is kept. */
    void add(String event, long millis, long second) {
      Series s = events.computeIfAbsent(event, e -> new Series());
      s.max = Math.max(s.max, millis);
      int prev = s.last();
      if (s.times[prev] == second) {
        s.latencies[prev] = Math.max(s.latencies[prev], millis);
        return;
      }
      s.times[s.next] = second;
      s.latencies[s.next] = millis;
      s.next = (s.next + 1) % SAMPLES;
    }
  }

  // LATENCY HELP
  static Reply latencyHelp(Call c) {
    return Call.helpReply("LATENCY",
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the "
            + "specified command names.",
        "    If no commands are specified then all histograms are replied.");
  }

  // LATENCY LATEST
  static Reply latencyLatest(Call c) {
    List<Reply> out = new ArrayList<>();
    for (Map.Entry<String, Series> e : c.dispatcher.latency.events.entrySet()) {
      Series s = e.getValue();
      int last = s.last();
      out.add(Reply.array(List.of(Reply.bulk(e.getKey()), Reply.integer(s.times[last]),
          Reply.integer(s.latencies[last]), Reply.integer(s.max))));
    }
    return Reply.array(out);
  }

  // LATENCY HISTORY event
  static Reply latencyHistory(Call c) {
    Series s = c.dispatcher.latency.events.get(c.str(2));
    List<Reply> out = new ArrayList<>();
    if (s != null) {
      for (int j = 0; j < SAMPLES; j++) {
        int i = (s.next + j) % SAMPLES;
        if (s.times[i] != 0) {
          out.add(Reply.array(List.of(Reply.integer(s.times[i]), Reply.integer(s.latencies[i]))));
        }
      }
    }
    return Reply.array(out);
  }

  // LATENCY RESET [event ...]
  static Reply latencyReset(Call c) {
    Map<String, Series> events = c.dispatcher.latency.events;
    if (c.argc() == 2) {
      int n = events.size();
      events.clear();
      return Reply.integer(n);
    }
    int n = 0;
    for (int i = 2; i < c.argc(); i++) {
      String event = c.str(i);
      // Redis compares event names without case here (strcasecmp), unlike HISTORY and GRAPH.
      if (events.keySet().removeIf(e -> e.equalsIgnoreCase(event))) {
        n++;
      }
    }
    return Reply.integer(n);
  }

  // LATENCY GRAPH event
  static Reply latencyGraph(Call c) {
    String event = c.str(2);
    Series s = c.dispatcher.latency.events.get(event);
    if (s == null) {
      throw Call.error(Errors.noLatencySamples(event));
    }
    long now = c.now() / 1000;
    List<long[]> samples = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    long min = 0;
    long max = 0;
    for (int j = 0; j < SAMPLES; j++) {
      int i = (s.next + j) % SAMPLES;
      if (s.times[i] == 0) {
        continue;
      }
      long v = s.latencies[i];
      if (samples.isEmpty()) {
        min = max = v;
      } else {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      samples.add(new long[] {v});
      long elapsed = now - s.times[i];
      labels.add(elapsed < 60 ? elapsed + "s" : elapsed < 3600 ? elapsed / 60 + "m"
          : elapsed < 86400 ? elapsed / 3600 + "h" : elapsed / 86400 + "d");
    }
    StringBuilder graph = new StringBuilder();
    graph.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
        .append(" ms (all time high ").append(s.max).append(" ms)\n");
    graph.append("-".repeat(GRAPH_COLS)).append('\n');
    sparkline(graph, samples, labels, min, max);
    return Reply.verbatim("txt", graph.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * sparkline.c's rendering with fill, four rows: each sample a column whose height is its place
   * between the lowest and highest sample in twelve steps ("_", "o", "#" within a row, "|" below),
   * then a blank row and each label written downwards; 80 columns a block, blocks apart by a line.
   */
  private static void sparkline(StringBuilder out, List<long[]> samples, List<String> labels,
      long min, long max) {
    int rows = 4;
    String fill = "_o#";
    int steps = fill.length() * rows;
    double relmax = max - min == 0 ? 1 : max - min;
    for (int from = 0; from < samples.size(); from += GRAPH_COLS) {
      int len = Math.min(GRAPH_COLS, samples.size() - from);
      if (from != 0) {
        out.append('\n');
      }
      for (int row = 0; row < rows; row++) {
        for (int j = 0; j < len; j++) {
          double relval = samples.get(from + j)[0] - min;
          int step = (int) ((int) (relval * steps) / relmax);
          step = Math.max(0, Math.min(steps - 1, step));
          int charIndex = step - (rows - row - 1) * fill.length();
          out.append(charIndex >= 0 && charIndex < fill.length() ? fill.charAt(charIndex)
              : charIndex >= fill.length() ? '|' : ' ');
        }
        out.append('\n');
      }
      out.append(" ".repeat(len)).append('\n'); // the margin above the labels
      for (int at = 0; ; at++) {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        for (int j = 0; j < len; j++) {
          String label = labels.get(from + j);
          if (at < label.length()) {
            line.append(label.charAt(at));
            any = true;
          } else {
            line.append(' ');
          }
        }
        if (!any) {
          break;
        }
        out.append(line).append('\n');
      }
    }
  }

  // LATENCY DOCTOR
  static Reply latencyDoctor(Call c) {
    Map<String, Series> events = c.dispatcher.latency.events;
    String report;
    if (events.isEmpty() && c.server.config.number("latency-monitor-threshold") == 0) {
      report = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
          + "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in "
          + "order to enable it. If we weren't in a deep space mission I'd suggest to take a look "
          + "at https://redis.io/topics/latency-monitor.\n";
    } else if (events.isEmpty()) {
      report = "Dave, no latency spike was observed during the lifetime of this Redis instance, "
          + "not in the slightest bit. I honestly think you ought to sit down calmly, take a "
          + "stress pill, and think things over.\n";
    } else {
      report = report(events, c.server, c.now() / 1000);
    }
    return Reply.verbatim("txt", report.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * createLatencyReport for the events Cortado records: each event's spikes, average, mean
   * deviation and period, then the advice Redis gives for "command", "fast-command",
   * "expire-cycle", "eviction-del" and "eviction-cycle".
   */
  static String report(Map<String, Series> events, ServerState server, long nowSeconds) {
    long threshold = server.config.number("latency-monitor-threshold");
    long slowlog = server.config.slowlogSlowerThan();
    StringBuilder r = new StringBuilder("Dave, I have observed latency spikes in this Redis "
        + "instance. You don't mind talking about it, do you Dave?\n\n");
    boolean slowlogEnabled = false;
    boolean slowlogTuning = false;
    boolean slowlogInspect = false;
    boolean scheduler = false;
    boolean largeObjects = false;
    boolean hz = false;
    boolean massEviction = false;
    int n = 0;
    for (Map.Entry<String, Series> e : events.entrySet()) {
      Series s = e.getValue();
      long samples = 0;
      long sum = 0;
      long oldest = 0;
      for (int i = 0; i < SAMPLES; i++) {
        if (s.times[i] != 0) {
          samples++;
          sum += s.latencies[i];
          if (oldest == 0 || s.times[i] < oldest) {
            oldest = s.times[i];
          }
        }
      }
      long avg = samples == 0 ? 0 : sum / samples;
      long deviation = 0;
      for (int i = 0; i < SAMPLES; i++) {
        if (s.times[i] != 0) {
          deviation += Math.abs(avg - s.latencies[i]);
        }
      }
      long mad = samples == 0 ? 0 : deviation / samples;
      long period = samples == 0 ? 0 : Math.max(1, nowSeconds - oldest);
      r.append(++n).append(". ").append(e.getKey()).append(": ").append(samples)
          .append(" latency spikes (average ").append(avg).append("ms, mean deviation ")
          .append(mad).append("ms, period ")
          .append(String.format(java.util.Locale.ROOT, "%.2f", (double) period / samples))
          .append(" sec). Worst all time event ").append(s.max).append("ms.\n");
      if (e.getKey().equals("command")) {
        if (slowlog < 0) {
          slowlogEnabled = true;
        } else if (slowlog / 1000 > threshold) {
          slowlogTuning = true;
        }
        slowlogInspect = true;
        largeObjects = true;
      } else if (e.getKey().equals("fast-command")) {
        scheduler = true;
      } else if (e.getKey().equals("expire-cycle")) {
        hz = true;
        largeObjects = true;
      } else if (e.getKey().equals("eviction-del")) {
        largeObjects = true;
      } else if (e.getKey().equals("eviction-cycle")) {
        massEviction = true;
      }
    }
    r.append("\nI have a few advices for you:\n\n");
    if (slowlogEnabled) {
      r.append("- There are latency issues with potentially slow commands you are using. Try to "
          + "enable the Slow Log Redis feature using the command 'CONFIG SET "
          + "slowlog-log-slower-than ").append(threshold * 1000).append("'. If the Slow log is "
          + "disabled Redis is not able to log slow commands execution for you.\n");
    }
    if (slowlogTuning) {
      r.append("- Your current Slow Log configuration only logs events that are slower than your "
          + "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ")
          .append(threshold * 1000).append("'.\n");
    }
    if (slowlogInspect) {
      r.append("- Check your Slow Log to understand what are the commands you are running which "
          + "are too slow to execute. Please check https://redis.io/commands/slowlog for more "
          + "information.\n");
    }
    if (scheduler) {
      r.append("- The system is slow to execute Redis code paths not containing system calls. "
          + "This usually means the system does not provide Redis CPU time to run for long "
          + "periods. You should try to:\n"
          + "  1) Lower the system load.\n"
          + "  2) Use a computer / VM just for Redis if you are running other software in the "
          + "same system.\n"
          + "  3) Check if you have a \"noisy neighbour\" problem.\n"
          + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in "
          + "your system.\n"
          + "  5) Check if the problem is allocator-related by recompiling Redis with "
          + "MALLOC=libc, if you are using Jemalloc. However this may create fragmentation "
          + "problems.\n");
    }
    if (hz && server.config.number("hz") < 100) {
      r.append("- In order to make the Redis keys expiring process more incremental, try to set "
          + "the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
    }
    if (largeObjects) {
      r.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
          + "blocking operation. If you have very large objects that are often deleted, expired, "
          + "or evicted, try to fragment those objects into multiple smaller objects.\n");
    }
    if (massEviction) {
      r.append("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of "
          + "large objects via sets or sorted sets intersections, STORE option of SORT, Redis "
          + "Cluster large keys migrations (RESTORE command), may create sudden memory pressure "
          + "forcing the server to block trying to evict keys. \n");
    }
    return r.toString();
  }

  // LATENCY HISTOGRAM [command ...]
  static Reply latencyHistogram(Call c) {
    List<Reply> out = new ArrayList<>();
    if (c.argc() == 2) {
      for (CommandSpec spec : c.dispatcher.table().all()) {
        addWithData(out, spec);
      }
    } else {
      for (int i = 2; i < c.argc(); i++) {
        CommandSpec spec = c.dispatcher.table().find(c.str(i));
        if (spec != null) {
          addWithData(out, spec);
        }
      }
    }
    return Reply.map(out);
  }

  /** A command's distribution if it has latencies, then its subcommands' (Redis's order). */
  private static void addWithData(List<Reply> out, CommandSpec spec) {
    LatencyHistogram h = spec.stats.latencies();
    if (h != null && h.total() > 0) {
      out.add(Reply.bulk(spec.name));
      List<Reply> cdf = new ArrayList<>();
      for (long[] point : h.cumulative()) {
        cdf.add(Reply.integer(point[0]));
        cdf.add(Reply.integer(point[1]));
      }
      out.add(Reply.map(List.of(Reply.bulk("calls"), Reply.integer(h.total()),
          Reply.bulk("histogram_usec"), Reply.map(cdf))));
    }
    for (CommandSpec sub : spec.subcommands.values()) {
      addWithData(out, sub);
    }
  }
}
