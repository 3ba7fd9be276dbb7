package dev.cortado.command;

/**
 * What INFO commandstats and latencystats report for one command: calls, time, calls refused
 * before running (rejected) and calls that answered an error (failed), as Redis counts them in
 * call() and rejectCommand(). Written on the server's loop only.
 */
final class CommandStats {
  long calls;
  long micros;
  long rejected;
  long failed;
  /** Made at the first call: most commands of a table never run. */
  private LatencyHistogram latencies;

  /** One call of {@code micros} (whole microseconds, as Redis measures with ustime()). */
  void called(long micros, boolean trackLatency) {
    calls++;
    this.micros += micros;
    if (trackLatency) {
      if (latencies == null) {
        latencies = new LatencyHistogram();
      }
      // Redis records the microseconds it measured, in nanoseconds.
      latencies.record(micros * 1000);
    }
  }

  boolean reported() {
    return calls > 0 || rejected > 0 || failed > 0;
  }

  LatencyHistogram latencies() {
    return latencies;
  }

  void reset() {
    calls = 0;
    micros = 0;
    rejected = 0;
    failed = 0;
    latencies = null;
  }
}
