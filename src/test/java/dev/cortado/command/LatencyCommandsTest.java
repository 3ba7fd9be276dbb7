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
}
