package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * LATENCY with events fed to the monitor directly (a real spike depends on the machine): LATEST,
 * HISTORY, GRAPH's sparkline (sparkline.c's fill style), DOCTOR's report and RESET, as Redis
 * formats them.
 */
class LatencyCommandsTest {
  private final Harness h = new Harness();

  private long now() {
    return h.clock.millis() / 1000;
  }

  @Test
  void samplesKeepTheHighestOfEachSecond() {
    long t = now();
    h.dispatcher.latency.add("command", 10, t - 1);
    h.dispatcher.latency.add("command", 5, t);
    h.dispatcher.latency.add("command", 20, t);
    assertThat(h.resp("LATENCY", "LATEST")).isEqualTo(
        "*1\r\n*4\r\n$7\r\ncommand\r\n:" + t + "\r\n:20\r\n:20\r\n");
    assertThat(h.resp("LATENCY", "HISTORY", "command")).isEqualTo(
        "*2\r\n*2\r\n:" + (t - 1) + "\r\n:10\r\n*2\r\n:" + t + "\r\n:20\r\n");
    assertThat(h.resp("LATENCY", "HISTORY", "COMMAND")).isEqualTo("*0\r\n");
  }

  @Test
  void graphDrawsASparklineWithAgeLabels() {
    long t = now();
    h.dispatcher.latency.add("command", 10, t - 1);
    h.dispatcher.latency.add("command", 20, t);
    String graph = "command - high 20 ms, low 10 ms (all time high 20 ms)\n" + "-".repeat(80)
        + "\n #\n |\n |\n_|\n  \n10\nss\n";
    assertThat(h.resp("LATENCY", "GRAPH", "command"))
        .isEqualTo("$" + graph.length() + "\r\n" + graph + "\r\n");
  }

  @Test
  void doctorReportsEachEventAndAdvises() {
    h.resp("CONFIG", "SET", "latency-monitor-threshold", "5");
    assertThat(h.resp("LATENCY", "DOCTOR")).contains("Dave, no latency spike was observed");
    long t = now();
    h.dispatcher.latency.add("command", 10, t - 3);
    h.dispatcher.latency.add("command", 30, t - 1);
    String report = h.resp("LATENCY", "DOCTOR");
    assertThat(report).contains("1. command: 2 latency spikes (average 20ms, mean deviation 10ms, "
        + "period 1.50 sec). Worst all time event 30ms.\n\nI have a few advices for you:\n\n"
        + "- Your current Slow Log configuration only logs events that are slower than your "
        + "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than "
        + "5000'.\n- Check your Slow Log");
  }

  @Test
  void resetForgetsEventsNamedInAnyCase() {
    long t = now();
    h.dispatcher.latency.add("command", 10, t);
    h.dispatcher.latency.add("fast-command", 10, t);
    assertThat(h.resp("LATENCY", "RESET", "COMMAND", "nosuch")).isEqualTo(":1\r\n");
    assertThat(h.resp("LATENCY", "RESET")).isEqualTo(":1\r\n");
    assertThat(h.resp("LATENCY", "LATEST")).isEqualTo("*0\r\n");
    assertThat(h.resp("LATENCY", "GRAPH", "command"))
        .isEqualTo("-ERR No samples available for event 'command'\r\n");
  }

  @Test
  void histogramGivesTheCumulativeDistributionOfACommand() {
    h.resp("SET", "a", "1");
    String reply = h.resp("LATENCY", "HISTOGRAM", "set", "nosuch");
    assertThat(reply).startsWith("*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\n"
        + "histogram_usec\r\n*2\r\n:");
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(3_000); // 3 µs
    histogram.record(3_000);
    histogram.record(100_000); // 100 µs
    assertThat(histogram.cumulative()).containsExactly(new long[] {4, 2}, new long[] {132, 3});
  }

  /** Makes every reading of the latency clock 7 ms later than the one before. */
  private void eachMeasurementTakes7Ms() {
    long[] nanos = {0};
    h.server.latencyClock = () -> nanos[0] += 7_000_000;
  }

  // Read through HISTORY: a slow test machine may add "command" events of its own.
  @Test
  void expireCycle_isSampledWhenTheActiveExpiryPassReachesTheThreshold() {
    eachMeasurementTakes7Ms();
    h.server.expireActively();
    assertThat(h.resp("LATENCY", "HISTORY", "expire-cycle")).as("threshold 0: the monitor is off")
        .isEqualTo("*0\r\n");
    h.resp("CONFIG", "SET", "latency-monitor-threshold", "8");
    h.server.expireActively();
    assertThat(h.resp("LATENCY", "HISTORY", "expire-cycle")).as("7 ms is under 8")
        .isEqualTo("*0\r\n");
    h.resp("CONFIG", "SET", "latency-monitor-threshold", "7");
    h.server.expireActively();
    long t = now();
    assertThat(h.resp("LATENCY", "HISTORY", "expire-cycle"))
        .isEqualTo("*1\r\n*2\r\n:" + t + "\r\n:7\r\n");
    h.resp("LATENCY", "RESET");
    h.server.config.set("enable-debug-command", "yes");
    h.resp("DEBUG", "SET-ACTIVE-EXPIRE", "0"); // no cycle runs, so none is sampled
    h.server.expireActively();
    assertThat(h.resp("LATENCY", "HISTORY", "expire-cycle")).isEqualTo("*0\r\n");
  }

  @Test
  void eviction_samplesEachDeletionAndTheWholeCycle() {
    h.resp("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
    h.resp("SET", "a", "v".repeat(100));
    h.resp("SET", "b", "v".repeat(100));
    h.resp("CONFIG", "SET", "latency-monitor-threshold", "1");
    eachMeasurementTakes7Ms();
    h.resp("CONFIG", "SET", "maxmemory", "1"); // evicts both keys at once
    assertThat(h.resp("DBSIZE")).isEqualTo(":0\r\n");
    long t = now();
    // Each deletion reads the clock twice (7 ms); the cycle spans both deletions (35 ms).
    assertThat(h.resp("LATENCY", "HISTORY", "eviction-del"))
        .isEqualTo("*1\r\n*2\r\n:" + t + "\r\n:7\r\n");
    assertThat(h.resp("LATENCY", "HISTORY", "eviction-cycle"))
        .isEqualTo("*1\r\n*2\r\n:" + t + "\r\n:35\r\n");
    assertThat(h.resp("LATENCY", "LATEST")).contains("$12\r\neviction-del\r\n:" + t
        + "\r\n:7\r\n:7\r\n*4\r\n$14\r\neviction-cycle\r\n:" + t + "\r\n:35\r\n:35\r\n");
    h.resp("CONFIG", "SET", "maxmemory-policy", "noeviction");
    h.resp("LATENCY", "RESET");
    assertThat(h.resp("SET", "c", "v")).startsWith("-OOM");
    assertThat(h.resp("LATENCY", "HISTORY", "eviction-cycle"))
        .as("noeviction evicts nothing, so no cycle").isEqualTo("*0\r\n");
  }

  @Test
  void doctorAdvisesOnExpiryAndEvictionEvents() {
    h.resp("CONFIG", "SET", "latency-monitor-threshold", "1");
    long t = now();
    h.dispatcher.latency.add("expire-cycle", 25, t);
    h.dispatcher.latency.add("eviction-del", 4, t);
    h.dispatcher.latency.add("eviction-cycle", 5, t);
    // Redis 7.0.15's report for the same events (hz 10).
    assertThat(h.resp("LATENCY", "DOCTOR")).contains(
        "1. expire-cycle: 1 latency spikes (average 25ms, mean deviation 0ms, period 1.00 sec). "
            + "Worst all time event 25ms.\n",
        "\nI have a few advices for you:\n\n"
            + "- In order to make the Redis keys expiring process more incremental, try to set the "
            + "'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n"
            + "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
            + "blocking operation. If you have very large objects that are often deleted, expired, "
            + "or evicted, try to fragment those objects into multiple smaller objects.\n"
            + "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large "
            + "objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster "
            + "large keys migrations (RESTORE command), may create sudden memory pressure forcing "
            + "the server to block trying to evict keys. \n");
    h.resp("CONFIG", "SET", "hz", "100");
    assertThat(h.resp("LATENCY", "DOCTOR")).doesNotContain("'hz'");
  }
}
