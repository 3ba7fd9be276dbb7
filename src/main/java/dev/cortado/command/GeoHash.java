package dev.cortado.command;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The geohash arithmetic of Redis 7.0 (geohash.c, geohash_helper.c), written again from how it
 * decides: a position is a 52-bit integer, latitude and longitude cells of 26 bits each,
 * interleaved (latitude in the even bits), over Redis's latitude range of +-85.05112878 (Web
 * Mercator's). A sorted set holds it as the member's score.
 *
 * <p>Every computation keeps Redis's operations in Redis's order on IEEE doubles, so decoded
 * coordinates are bit-identical and distances agree to the last bit wherever the JVM's sin, cos
 * and asin agree with glibc's (they may differ by one unit in the last place, which a printed
 * {@code %.4f} distance practically never shows).
 */
final class GeoHash {
  private GeoHash() {}

  static final double LONG_MIN = -180;
  static final double LONG_MAX = 180;
  static final double LAT_MIN = -85.05112878;
  static final double LAT_MAX = 85.05112878;
  /** Bits per coordinate of a stored position. */
  static final int STEP_MAX = 26;
  /** Earth's quadratic mean radius for WGS-84, as Redis has it. */
  static final double EARTH_RADIUS = 6372797.560856;
  private static final double MERCATOR_MAX = 20037726.37;
  /** C's M_PI / 180.0, folded to one double as the compiler does. */
  private static final double D_R = Math.PI / 180.0;

  // ---------------------------------------------------------------- bits

  /** Spreads the low 32 bits of lat over the even bits and those of lon over the odd ones. */
  static long interleave(long lat, long lon) {
    long x = lat & 0xFFFFFFFFL;
    long y = lon & 0xFFFFFFFFL;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
    y = (y | (y << 16)) & 0x0000FFFF0000FFFFL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
    y = (y | (y << 8)) & 0x00FF00FF00FF00FFL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
    y = (y | (y << 4)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x << 2)) & 0x3333333333333333L;
    y = (y | (y << 2)) & 0x3333333333333333L;
    x = (x | (x << 1)) & 0x5555555555555555L;
    y = (y | (y << 1)) & 0x5555555555555555L;
    return x | (y << 1);
  }

  /** The inverse: the even bits gathered in the low word, the odd ones in the high word. */
  static long deinterleave(long v) {
    long x = v;
    long y = v >>> 1;
    x = x & 0x5555555555555555L;
    y = y & 0x5555555555555555L;
    x = (x | (x >>> 1)) & 0x3333333333333333L;
    y = (y | (y >>> 1)) & 0x3333333333333333L;
    x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
    y = (y | (y >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
    y = (y | (y >>> 4)) & 0x00FF00FF00FF00FFL;
    x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
    y = (y | (y >>> 8)) & 0x0000FFFF0000FFFFL;
    x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
    y = (y | (y >>> 16)) & 0x00000000FFFFFFFFL;
    return x | (y << 32);
  }

  /**
   * The cell of a point at {@code step} bits per coordinate within the given ranges, or -1 when
   * the point is outside them or Redis's limits. Offsets are truncated to integers as C's
   * conversion to uint32_t does, so a point on a range's upper end carries into the next bit.
   */
  static long encode(double lonMin, double lonMax, double latMin, double latMax, double lon,
      double lat, int step) {
    if (step > 32 || step == 0 || lon > LONG_MAX || lon < LONG_MIN || lat > LAT_MAX
        || lat < LAT_MIN || lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) {
      return -1;
    }
    double latOffset = (lat - latMin) / (latMax - latMin);
    double lonOffset = (lon - lonMin) / (lonMax - lonMin);
    latOffset *= (double) (1L << step);
    lonOffset *= (double) (1L << step);
    return interleave((long) latOffset, (long) lonOffset);
  }

  /** A point's 52-bit score (geohashEncodeWGS84 at the full step, aligned to 52 bits). */
  static long encodeWgs84(double lon, double lat) {
    return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, lon, lat, STEP_MAX);
  }

  /**
   * A cell's area within the given ranges, into {@code area}: longitude min and max, then
   * latitude min and max. The index past the last cell wraps as C's uint32_t does.
   */
  static void decode(long bits, int step, double lonMin, double lonMax, double latMin,
      double latMax, double[] area) {
    long separated = deinterleave(bits);
    double latScale = latMax - latMin;
    double lonScale = lonMax - lonMin;
    long ilato = separated & 0xFFFFFFFFL;
    long ilono = separated >>> 32;
    double cells = (double) (1L << step);
    area[0] = lonMin + (ilono * 1.0 / cells) * lonScale;
    area[1] = lonMin + (((ilono + 1) & 0xFFFFFFFFL) * 1.0 / cells) * lonScale;
    area[2] = latMin + (ilato * 1.0 / cells) * latScale;
    area[3] = latMin + (((ilato + 1) & 0xFFFFFFFFL) * 1.0 / cells) * latScale;
  }

  /**
   * The position a score stands for, into {@code xy} (longitude, latitude): the centre of its
   * full-step cell, clamped to Redis's limits. The score becomes an integer as C's conversion to
   * uint64_t does on x86-64, so any score decodes to something, as in Redis.
   */
  static void decodeScore(double score, double[] xy, double[] scratch) {
    decode(scoreBits(score), STEP_MAX, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, scratch);
    double x = (scratch[0] + scratch[1]) / 2;
    if (x > LONG_MAX) {
      x = LONG_MAX;
    }
    if (x < LONG_MIN) {
      x = LONG_MIN;
    }
    double y = (scratch[2] + scratch[3]) / 2;
    if (y > LAT_MAX) {
      y = LAT_MAX;
    }
    if (y < LAT_MIN) {
      y = LAT_MIN;
    }
    xy[0] = x;
    xy[1] = y;
  }

  /**
   * {@code (uint64_t) score} as gcc compiles it for x86-64: below 2^63 a signed truncation
   * (cvttsd2si, which answers 2^63 for anything out of range), from 2^63 on the truncation of
   * score - 2^63 with the top bit flipped.
   */
  static long scoreBits(double score) {
    if (score < 0x1p63) {
      return cvttsd2si(score);
    }
    return cvttsd2si(score - 0x1p63) ^ Long.MIN_VALUE;
  }

  /** {@code (long long) d} on x86-64: truncation, and 0x8000000000000000 out of range or NaN. */
  static long cvttsd2si(double d) {
    return d >= 0x1p63 || d < -0x1p63 || Double.isNaN(d) ? Long.MIN_VALUE : (long) d;
  }

  // ---------------------------------------------------------------- neighbours

  private static long moveX(long bits, int step, int d) {
    long x = bits & 0xAAAAAAAAAAAAAAAAL;
    long y = bits & 0x5555555555555555L;
    long zz = 0x5555555555555555L >>> (64 - step * 2);
    if (d > 0) {
      x = x + (zz + 1);
    } else {
      x = x | zz;
      x = x - (zz + 1);
    }
    x &= 0xAAAAAAAAAAAAAAAAL >>> (64 - step * 2);
    return x | y;
  }

  private static long moveY(long bits, int step, int d) {
    long x = bits & 0xAAAAAAAAAAAAAAAAL;
    long y = bits & 0x5555555555555555L;
    long zz = 0xAAAAAAAAAAAAAAAAL >>> (64 - step * 2);
    if (d > 0) {
      y = y + (zz + 1);
    } else {
      y = y | zz;
      y = y - (zz + 1);
    }
    y &= 0x5555555555555555L >>> (64 - step * 2);
    return x | y;
  }

  // ---------------------------------------------------------------- distances

  static double degRad(double ang) {
    return ang * D_R;
  }

  static double radDeg(double ang) {
    return ang / D_R;
  }

  /** Along a meridian: the haversine formula reduced, as Redis 7.0 does when longitudes agree. */
  static double latDistance(double lat1d, double lat2d) {
    return EARTH_RADIUS * Math.abs(degRad(lat2d) - degRad(lat1d));
  }

  /** The haversine great-circle distance in meters, in Redis's order of operations. */
  static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
    double lon1r = degRad(lon1d);
    double lon2r = degRad(lon2d);
    double v = Math.sin((lon2r - lon1r) / 2);
    if (v == 0.0) {
      return latDistance(lat1d, lat2d);
    }
    double lat1r = degRad(lat1d);
    double lat2r = degRad(lat2d);
    double u = Math.sin((lat2r - lat1r) / 2);
    double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
    return 2.0 * EARTH_RADIUS * Math.asin(Math.sqrt(a));
  }

  // ---------------------------------------------------------------- search areas

  /** A search shape: a circle (radius) or a box (width, height), in the unit's measure. */
  static final class Shape {
    boolean box;
    double lon;
    double lat;
    double radius;
    double width;
    double height;
    /** Meters per unit. */
    double conversion;

    /**
     * Whether a point (decoded from a score) lies in the shape; its distance from the centre, in
     * meters, goes to {@code out[0]}. Redis's geoWithinShape.
     */
    boolean contains(double lon2, double lat2, double[] out) {
      if (!box) {
        double radiusM = radius * conversion;
        // A point farther along the meridian alone than the radius (with a margin far above any
        // rounding) is outside whatever haversine computes: no sines for it.
        if (latDistance(lat2, lat) > radiusM * (1 + 1e-9)) {
          return false;
        }
        double d = distance(lon, lat, lon2, lat2);
        out[0] = d;
        return !(d > radiusM);
      }
      double widthM = width * conversion;
      double heightM = height * conversion;
      // Latitude first: cheaper, as Redis checks it.
      if (latDistance(lat2, lat) > heightM / 2) {
        return false;
      }
      if (distance(lon2, lat2, lon, lat2) > widthM / 2) {
        return false;
      }
      out[0] = distance(lon, lat, lon2, lat2);
      return true;
    }
  }

  /**
   * The nine cells to scan for a shape (geohashCalculateAreasByShapeWGS84): its own cell, then
   * north, south, east, west, north-east, north-west, south-east, south-west. Each is a pair
   * (bits, step) in {@code cells}; a step of 0 marks a cell Redis leaves out.
   */
  static void areas(Shape shape, long[] cells) {
    // The bounding box (geohashBoundingBox).
    double heightM;
    double widthM;
    if (!shape.box) {
      heightM = shape.conversion * shape.radius;
      widthM = shape.conversion * shape.radius;
    } else {
      heightM = shape.conversion * shape.height / 2;
      widthM = shape.conversion * shape.width / 2;
    }
    double longitude = shape.lon;
    double latitude = shape.lat;
    double latDelta = radDeg(heightM / EARTH_RADIUS);
    double longDeltaTop = radDeg(widthM / EARTH_RADIUS / Math.cos(degRad(latitude + latDelta)));
    double longDeltaBottom =
        radDeg(widthM / EARTH_RADIUS / Math.cos(degRad(latitude - latDelta)));
    boolean southern = latitude < 0;
    double minLon = southern ? longitude - longDeltaBottom : longitude - longDeltaTop;
    double maxLon = southern ? longitude + longDeltaBottom : longitude + longDeltaTop;
    double minLat = latitude - latDelta;
    double maxLat = latitude + latDelta;

    double radiusMeters = !shape.box ? shape.radius
        : Math.sqrt((shape.width / 2) * (shape.width / 2)
            + (shape.height / 2) * (shape.height / 2));
    radiusMeters *= shape.conversion;

    int steps = estimateSteps(radiusMeters, latitude);
    double[] area = new double[4];
    double[] side = new double[4];
    long hash = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, steps);
    neighbours(hash, steps, cells);
    decode(hash, steps, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, area);

    // A step too fine near the box's edges leaves part of it outside the nine cells: one less.
    boolean decrease = false;
    decode(cells[2], steps, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, side); // north
    if (side[3] < maxLat) {
      decrease = true;
    }
    decode(cells[4], steps, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, side); // south
    if (side[2] > minLat) {
      decrease = true;
    }
    decode(cells[6], steps, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, side); // east
    if (side[1] < maxLon) {
      decrease = true;
    }
    decode(cells[8], steps, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, side); // west
    if (side[0] > minLon) {
      decrease = true;
    }
    if (steps > 1 && decrease) {
      steps--;
      hash = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, steps);
      neighbours(hash, steps, cells);
      decode(hash, steps, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, area);
    }

    // Cells wholly beyond the box are left out.
    if (steps >= 2) {
      if (area[2] < minLat) {
        zero(cells, SOUTH, SOUTH_WEST, SOUTH_EAST);
      }
      if (area[3] > maxLat) {
        zero(cells, NORTH, NORTH_EAST, NORTH_WEST);
      }
      if (area[0] < minLon) {
        zero(cells, WEST, SOUTH_WEST, NORTH_WEST);
      }
      if (area[1] > maxLon) {
        zero(cells, EAST, SOUTH_EAST, NORTH_EAST);
      }
    }
  }

  private static final int NORTH = 1;
  private static final int SOUTH = 2;
  private static final int EAST = 3;
  private static final int WEST = 4;
  private static final int NORTH_EAST = 5;
  private static final int NORTH_WEST = 6;
  private static final int SOUTH_EAST = 7;
  private static final int SOUTH_WEST = 8;

  private static void zero(long[] cells, int... which) {
    for (int i : which) {
      cells[2 * i] = 0;
      cells[2 * i + 1] = 0;
    }
  }

  /** The cell and its eight neighbours, in Redis's scan order, as (bits, step) pairs. */
  private static void neighbours(long hash, int step, long[] cells) {
    set(cells, 0, hash, step);
    set(cells, NORTH, moveY(hash, step, 1), step);
    set(cells, SOUTH, moveY(hash, step, -1), step);
    set(cells, EAST, moveX(hash, step, 1), step);
    set(cells, WEST, moveX(hash, step, -1), step);
    set(cells, NORTH_EAST, moveY(moveX(hash, step, 1), step, 1), step);
    set(cells, NORTH_WEST, moveY(moveX(hash, step, -1), step, 1), step);
    set(cells, SOUTH_EAST, moveY(moveX(hash, step, 1), step, -1), step);
    set(cells, SOUTH_WEST, moveY(moveX(hash, step, -1), step, -1), step);
  }

  private static void set(long[] cells, int i, long bits, int step) {
    cells[2 * i] = bits;
    cells[2 * i + 1] = step;
  }

  /** geohashEstimateStepsByRadius: the cell size that keeps the radius within nine cells. */
  static int estimateSteps(double rangeMeters, double lat) {
    if (rangeMeters == 0) {
      return 26;
    }
    int step = 1;
    while (rangeMeters < MERCATOR_MAX) {
      rangeMeters *= 2;
      step++;
    }
    step -= 2;
    if (lat > 66 || lat < -66) {
      step--;
      if (lat > 80 || lat < -80) {
        step--;
      }
    }
    if (step < 1) {
      step = 1;
    }
    if (step > 26) {
      step = 26;
    }
    return step;
  }

  /** A cell's score range [min, max): its bits aligned to 52, and the next cell's. */
  static long align52(long bits, int step) {
    return bits << (52 - step * 2);
  }

  /** The standard 11-character geohash of a stored score (GEOHASH), on latitudes +-90. */
  static byte[] standardHash(double score) {
    double[] xy = new double[2];
    decodeScore(score, xy, new double[4]);
    long bits = encode(-180, 180, -90, 90, xy[0], xy[1], 26);
    byte[] out = new byte[11];
    for (int i = 0; i < 11; i++) {
      int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
      out[i] = (byte) ALPHABET.charAt(idx);
    }
    return out;
  }

  private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

  // ---------------------------------------------------------------- C's printf

  /**
   * C's {@code %.Nf} on a double (glibc: the exact binary value rounded half-to-even), "inf" and
   * "-inf" for infinities, "-" kept on a negative value that rounds to zero. Up to 17 decimals.
   */
  static String fixed(double d, int decimals) {
    if (Double.isNaN(d)) {
      return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    boolean negative = Double.doubleToRawLongBits(d) < 0;
    String digits = fixedFast(Math.abs(d), decimals);
    if (digits == null) {
      digits = new BigDecimal(Math.abs(d)).setScale(decimals, RoundingMode.HALF_EVEN)
          .toPlainString();
    }
    return negative ? "-" + digits : digits;
  }

  private static final long[] POW10 = new long[18];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /**
   * {@link #fixed} for a non-negative finite value below 2^52 whose scaled value fits 64 bits
   * (every coordinate and distance), without BigDecimal: the value is m * 2^-k, so its digits are
   * m * 10^decimals shifted right by k in 128-bit arithmetic, rounded half-to-even on the bits
   * shifted out. Null when it does not apply.
   */
  static String fixedFast(double d, int decimals) {
    long bits = Double.doubleToRawLongBits(d);
    int exponent = (int) (bits >>> 52) & 0x7FF;
    long m = bits & 0xFFFFFFFFFFFFFL;
    if (exponent == 0) {
      exponent = 1; // subnormal
    } else {
      m |= 1L << 52;
    }
    int k = 1075 - exponent; // d = m * 2^-k
    if (k <= 0 || decimals >= POW10.length) {
      return null;
    }
    long pow = POW10[decimals];
    long lo = m * pow;
    long hi = Math.multiplyHigh(m, pow); // both below 2^63: the signed high word is the unsigned one
    long q;
    int round; // the bits shifted out against half a unit: -1 below, 0 equal, 1 above
    if (k < 64) {
      if ((hi >>> k) != 0) {
        return null; // more than 64 bits of digits
      }
      q = (lo >>> k) | (hi << (64 - k));
      long rem = lo & ((1L << k) - 1);
      round = Long.compareUnsigned(rem, 1L << (k - 1));
    } else if (k == 64) {
      q = hi;
      round = Long.compareUnsigned(lo, Long.MIN_VALUE);
    } else if (k < 128) {
      q = hi >>> (k - 64);
      long remHi = hi & ((1L << (k - 64)) - 1);
      long halfHi = 1L << (k - 65);
      int c = Long.compareUnsigned(remHi, halfHi);
      round = c != 0 ? c : (lo != 0 ? 1 : 0);
    } else {
      q = 0;
      round = -1; // the product is below 2^110, half a unit at least 2^127
    }
    if (round > 0 || (round == 0 && (q & 1) != 0)) {
      q++;
      if (q == 0) {
        return null;
      }
    }
    String digits = Long.toUnsignedString(q);
    if (decimals == 0) {
      return digits;
    }
    StringBuilder sb = new StringBuilder(digits.length() + decimals + 2);
    int pad = decimals + 1 - digits.length();
    for (int i = 0; i < pad; i++) {
      sb.append('0');
    }
    sb.append(digits);
    sb.insert(sb.length() - decimals, '.');
    return sb.toString();
  }

  /**
   * Redis's "human" long double (ld2string LD_STR_HUMAN, for coordinates): {@code %.17Lf} of the
   * value, trailing zeros and a bare point removed, "-0" as "0".
   */
  static String human(double d) {
    String s = fixed(d, 17);
    int end = s.length();
    if (s.indexOf('.') >= 0) {
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
    }
    s = s.substring(0, end);
    return s.equals("-0") ? "0" : s;
  }
}
