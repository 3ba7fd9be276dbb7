package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The geohash arithmetic and C's number formatting behind the geo commands, where the wire shows
 * only a few samples. Expected values are what redis-server 7.0 answers (GEOADD's score, GEOPOS,
 * GEOHASH) or what C's printf prints.
 */
class GeoHashTest {

  @Test
  void encode_isRedisScore() {
    // GEOADD Sicily 13.361389 38.115556 Palermo -> ZSCORE 3479099956230698
    assertThat(GeoHash.encodeWgs84(13.361389, 38.115556)).isEqualTo(3479099956230698L);
    assertThat(GeoHash.encodeWgs84(15.087269, 37.502669)).isEqualTo(3479447370796909L);
    assertThat(GeoHash.encodeWgs84(-200, 0)).isEqualTo(-1);
    assertThat(GeoHash.encodeWgs84(0, 85.06)).isEqualTo(-1);
  }

  @Test
  void interleave_roundTrips() {
    Random r = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      long lat = r.nextInt() & 0xFFFFFFFFL;
      long lon = r.nextInt() & 0xFFFFFFFFL;
      long separated = GeoHash.deinterleave(GeoHash.interleave(lat, lon));
      assertThat(separated & 0xFFFFFFFFL).isEqualTo(lat);
      assertThat(separated >>> 32).isEqualTo(lon);
    }
  }

  @Test
  void decodeScore_isGeopos() {
    double[] xy = new double[2];
    double[] scratch = new double[4];
    GeoHash.decodeScore(3479099956230698.0, xy, scratch);
    assertThat(GeoHash.human(xy[0])).isEqualTo("13.36138933897018433");
    assertThat(GeoHash.human(xy[1])).isEqualTo("38.11555639549629859");
    // ZADD z -1 neg: (uint64_t)-1.0 is all ones, clamped to the limits
    GeoHash.decodeScore(-1, xy, scratch);
    assertThat(GeoHash.human(xy[0])).isEqualTo("180");
    assertThat(GeoHash.human(xy[1])).isEqualTo("85.0511287799999991");
    // ZADD z 1e30 huge: gcc's conversion gives 0
    GeoHash.decodeScore(1e30, xy, scratch);
    assertThat(GeoHash.human(xy[0])).isEqualTo("-179.99999731779098511");
    assertThat(GeoHash.human(xy[1])).isEqualTo("-85.05112751263942528");
  }

  @Test
  void scoreBits_followsGccOnX86() {
    assertThat(GeoHash.scoreBits(-1.0)).isEqualTo(-1L);
    assertThat(GeoHash.scoreBits(1.5)).isEqualTo(1L);
    assertThat(GeoHash.scoreBits(0x1p63)).isEqualTo(Long.MIN_VALUE);
    assertThat(GeoHash.scoreBits(1e30)).isZero();
    assertThat(GeoHash.scoreBits(Double.POSITIVE_INFINITY)).isZero();
    assertThat(GeoHash.scoreBits(-1e30)).isEqualTo(Long.MIN_VALUE);
    assertThat(GeoHash.cvttsd2si(1e30)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void standardHash_isGeohash() {
    assertThat(new String(GeoHash.standardHash(3479099956230698.0), StandardCharsets.US_ASCII))
        .isEqualTo("sqc8b49rny0");
    assertThat(new String(GeoHash.standardHash(-1), StandardCharsets.US_ASCII))
        .isEqualTo("bp05b5048p0");
    assertThat(new String(GeoHash.standardHash(1e30), StandardCharsets.US_ASCII))
        .isEqualTo("00bh0hbj200");
  }

  @Test
  void distance_isGeodist() {
    double[] a = new double[2];
    double[] b = new double[2];
    double[] scratch = new double[4];
    GeoHash.decodeScore(3479099956230698.0, a, scratch);
    GeoHash.decodeScore(3479447370796909.0, b, scratch);
    assertThat(GeoHash.fixed(GeoHash.distance(a[0], a[1], b[0], b[1]) / 1000, 4))
        .isEqualTo("166.2742");
    // Same longitude: the meridian shortcut
    assertThat(GeoHash.distance(10, 0, 10, 1)).isEqualTo(GeoHash.latDistance(0, 1));
  }

  @Test
  void estimateSteps_followsRedis() {
    assertThat(GeoHash.estimateSteps(0, 0)).isEqualTo(26);
    assertThat(GeoHash.estimateSteps(1, 0)).isEqualTo(24);
    assertThat(GeoHash.estimateSteps(200_000, 0)).isEqualTo(6);
    assertThat(GeoHash.estimateSteps(200_000, 70)).isEqualTo(5);
    assertThat(GeoHash.estimateSteps(200_000, -81)).isEqualTo(4);
    assertThat(GeoHash.estimateSteps(1e9, 0)).isEqualTo(1);
  }

  @Test
  void fixed_isPrintf() {
    assertThat(GeoHash.fixed(200, 6)).isEqualTo("200.000000");
    assertThat(GeoHash.fixed(-0.0000001, 6)).isEqualTo("-0.000000");
    assertThat(GeoHash.fixed(-0.0, 6)).isEqualTo("-0.000000");
    assertThat(GeoHash.fixed(0.0000005, 6)).isEqualTo("0.000000"); // just below half: 4.99e-7
    assertThat(GeoHash.fixed(0.125, 2)).isEqualTo("0.12"); // an exact tie goes to even
    assertThat(GeoHash.fixed(0.375, 2)).isEqualTo("0.38");
    assertThat(GeoHash.fixed(0.15, 1)).isEqualTo("0.1"); // 0.1499999... in binary
    assertThat(GeoHash.fixed(Double.POSITIVE_INFINITY, 6)).isEqualTo("inf");
    assertThat(GeoHash.fixed(Double.NEGATIVE_INFINITY, 6)).isEqualTo("-inf");
    assertThat(GeoHash.fixed(1e300, 6)).startsWith("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000");
  }

  @Test
  void fixedFast_agreesWithExactDecimals() {
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      double d = switch (i % 5) {
        case 0 -> r.nextDouble() * 180;
        case 1 -> r.nextDouble() * 2e7;
        case 2 -> r.nextDouble() * 1e-3;
        case 3 -> Math.scalb(r.nextDouble(), -r.nextInt(1100));
        default -> Math.round(r.nextDouble() * 1e6) / 1e4 + (r.nextBoolean() ? 0.00005 : 0);
      };
      int decimals = new int[] {4, 6, 17}[i % 3];
      String exact = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
      String fast = GeoHash.fixedFast(d, decimals);
      if (fast != null) {
        assertThat(fast).as("%s with %d decimals", d, decimals).isEqualTo(exact);
      }
      assertThat(GeoHash.fixed(d, decimals)).isEqualTo(exact);
    }
    assertThat(GeoHash.fixedFast(180, 17)).isEqualTo("180.00000000000000000");
    assertThat(GeoHash.fixedFast(Double.MIN_VALUE, 4)).isEqualTo("0.0000");
  }

  @Test
  void human_trimsZeros() {
    assertThat(GeoHash.human(180)).isEqualTo("180");
    assertThat(GeoHash.human(-0.0)).isEqualTo("0");
    assertThat(GeoHash.human(0.5)).isEqualTo("0.5");
    assertThat(GeoHash.human(-85.05112878)).isEqualTo("-85.0511287799999991");
    assertThat(GeoHash.human(1e-18)).isEqualTo("0");
    assertThat(GeoHash.human(-1e-18)).isEqualTo("0");
  }

  /** Redis 7.0.15: GEOSEARCH ... COUNT 3 over ties answers d j a (its pqsort's swaps). */
  @Test
  void partialSort_leavesTiesWhereRedisDoes() {
    record P(String name, double dist) {}
    List<P> points = new ArrayList<>(List.of(new P("i", 0.1113), new P("g", 0.1097),
        new P("a", 0.0003), new P("b", 0.0003), new P("c", 0.0003), new P("d", 0.0003),
        new P("j", 0.0003), new P("e", 0.1095), new P("f", 0.1095), new P("h", 0.1112)));
    Comparator<P> asc = (x, y) -> x.dist > y.dist ? 1 : x.dist == y.dist ? 0 : -1;
    GeoCommands.partialSort(points, asc, 0, 2);
    assertThat(points.subList(0, 3)).extracting(P::name).containsExactly("d", "j", "a");
    assertThat(points).extracting(P::name)
        .containsExactly("d", "j", "a", "b", "c", "e", "f", "g", "h", "i");
  }
}
