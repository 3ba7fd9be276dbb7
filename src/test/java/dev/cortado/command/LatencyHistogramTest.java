package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Percentiles as redis-server printed them for the same latencies (INFO latencystats). */
class LatencyHistogramTest {
  @Test
  void aPercentileIsTheHighestValueOfItsBucketAndP0TheLowest() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(46_000); // SET in 46 µs: Redis printed p50=46.079, p0=45.824
    assertThat(h.valueAtPercentile(50)).isEqualTo(46_079);
    assertThat(h.valueAtPercentile(100)).isEqualTo(46_079);
    assertThat(h.valueAtPercentile(0)).isEqualTo(45_824);
  }

  @Test
  void smallValuesKeepFullPrecisionAndPercentilesRoundToTheNearestCount() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(1_000); // 1 µs: Redis prints 1.003
    assertThat(h.valueAtPercentile(50)).isEqualTo(1_003);
    h.record(2_000);
    h.record(2_000);
    h.record(17_000);
    assertThat(h.valueAtPercentile(25)).isEqualTo(1_003);
    assertThat(h.valueAtPercentile(50)).isEqualTo(2_007);
    assertThat(h.valueAtPercentile(99)).isEqualTo(17_023); // CONFIG SET's p50=17.023 in Redis
  }

  @Test
  void valuesOutsideTheTrackedRangeAreClamped() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(0);
    assertThat(h.valueAtPercentile(50)).isEqualTo(1);
    h.reset();
    h.record(5_000_000_000L);
    assertThat(h.valueAtPercentile(50)).isBetween(1_000_000_000L, 1_010_000_000L);
  }
}
