package dev.cortado.command;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's latencies for INFO latencystats, bucketed as the HdrHistogram Redis uses for them
 * (lowest 1 ns, highest 1 s, two significant digits): 256 sub-buckets per power of two, so a
 * percentile prints as the highest value of its bucket, as Redis prints it ("p50=1.003").
 */
final class LatencyHistogram {
  private static final long LOWEST = 1;
  private static final long HIGHEST = 1_000_000_000L;
  private static final int SUB_BUCKET_HALF_MAGNITUDE = 7;
  private static final int SUB_BUCKET_HALF = 1 << SUB_BUCKET_HALF_MAGNITUDE;
  private static final int SUB_BUCKET_MASK = (2 * SUB_BUCKET_HALF) - 1;
  /** Powers of two until 256 << buckets exceeds the highest value. */
  private static final int BUCKETS = buckets();

  private final long[] counts = new long[(BUCKETS + 1) * SUB_BUCKET_HALF];
  private long total;

  private static int buckets() {
    long smallestUntrackable = 2L * SUB_BUCKET_HALF;
    int n = 1;
    while (smallestUntrackable <= HIGHEST) {
      smallestUntrackable <<= 1;
      n++;
    }
    return n;
  }

  /** Records one latency in nanoseconds, clamped into the tracked range. */
  void record(long nanos) {
    long v = Math.max(LOWEST, Math.min(HIGHEST, nanos));
    counts[index(v)]++;
    total++;
  }

  void reset() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
  }

  private static int bucketOf(long v) {
    int pow2ceiling = 64 - Long.numberOfLeadingZeros(v | SUB_BUCKET_MASK);
    return pow2ceiling - (SUB_BUCKET_HALF_MAGNITUDE + 1);
  }

  private static int index(long v) {
    int bucket = bucketOf(v);
    int sub = (int) (v >>> bucket);
    return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (sub - SUB_BUCKET_HALF);
  }

  /** The lowest value of the bucket at a counts index. */
  private static long valueAt(int index) {
    int bucket = (index >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
    int sub = (index & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF;
    if (bucket < 0) {
      sub -= SUB_BUCKET_HALF;
      bucket = 0;
    }
    return (long) sub << bucket;
  }

  private static long lowestEquivalent(long v) {
    int bucket = bucketOf(v);
    return (v >>> bucket) << bucket;
  }

  private static long highestEquivalent(long v) {
    int bucket = bucketOf(v);
    int sub = (int) (v >>> bucket);
    int range = sub >= 2 * SUB_BUCKET_HALF ? bucket + 1 : bucket;
    return lowestEquivalent(v) + (1L << range) - 1;
  }

  /** The value at a percentile (0 to 100) in nanoseconds, as hdr_value_at_percentile finds it. */
  long valueAtPercentile(double percentile) {
    double requested = Math.min(percentile, 100.0);
    long wanted = Math.max(1, (long) ((requested / 100) * total + 0.5));
    long seen = 0;
    long value = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= wanted) {
        value = valueAt(i);
        break;
      }
    }
    return percentile == 0.0 ? lowestEquivalent(value) : highestEquivalent(value);
  }

  /** Latencies recorded. */
  long total() {
    return total;
  }

  /**
   * LATENCY HISTOGRAM's distribution, as Redis walks the histogram with a log iterator from 1024 ns
   * by powers of two: for each level, the highest value of its bucket in whole microseconds and
   * how many latencies were at or below the level, only where that count grew.
   */
  List<long[]> cumulative() {
    List<long[]> out = new ArrayList<>();
    long seen = 0;
    long reported = 0;
    int i = 0;
    for (long level = 1024; reported < total; level <<= 1) {
      long lowest = lowestEquivalent(level);
      while (i < counts.length && valueAt(i) <= lowest) {
        seen += counts[i++];
      }
      if (seen > reported) {
        out.add(new long[] {highestEquivalent(level) / 1000, seen});
        reported = seen;
      }
      if (i >= counts.length) {
        break;
      }
    }
    return out;
  }
}
