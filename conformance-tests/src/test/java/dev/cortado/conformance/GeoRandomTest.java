package dev.cortado.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A few hundred random points in one geo set of both servers, then random GEOSEARCH, GEORADIUS,
 * GEORADIUSBYMEMBER, GEOSEARCHSTORE, GEODIST, GEOPOS and GEOHASH calls: every reply must be the
 * oracle's, byte for byte, in RESP2 and RESP3. Points cluster (so searches find many, and COUNT
 * has to choose), sit on the antimeridian and near the latitude limits, or repeat a position
 * exactly (ties in distance, which COUNT's partial sort orders as Redis does).
 *
 * <p>Each run uses fixed seeds plus a fresh one; a failure names its seed. Rerun one with
 * {@code -Dgeo.seed=N} (several: comma-separated).
 *
 * <p>Radii stay below about 5,000 km and no two points differ by less than a printed digit: the
 * JVM's sin, cos and asin may differ from glibc's in the last bit (README), which a distance
 * printed with {@code %.4f} does not show but the order of two points 1e-9 m apart could.
 */
class GeoRandomTest {

    private static final int POINTS = 300;
    private static final int QUERIES = 200;
    private static final double LAT_MAX = 85.05112878;
    private static final String[] UNITS = {"m", "km", "mi", "ft", "KM", "Mi"};

    static Stream<Arguments> seeds() {
        String fixed = System.getProperty("geo.seed", "").trim();
        List<Long> seeds = new ArrayList<>();
        if (!fixed.isEmpty()) {
            for (String s : fixed.split(",")) {
                seeds.add(Long.parseLong(s.trim()));
            }
        } else {
            seeds.add(1L);
            seeds.add(2L);
            seeds.add(System.nanoTime());
        }
        return seeds.stream().flatMap(seed -> Stream.of(Arguments.of(seed, 2), Arguments.of(seed, 3)));
    }

    @ParameterizedTest(name = "seed {0}, RESP{1}")
    @MethodSource("seeds")
    void randomGeoRepliesMatchRealRedis(long seed, int protocol) {
        Random r = new Random(seed);
        String where = "GeoRandomTest seed " + seed + " (rerun with -Dgeo.seed=" + seed + "), RESP" + protocol;
        try (DualConnection both = new DualConnection(Servers.reference(), Servers.subject())) {
            if (protocol == 3) {
                both.check(Mode.ANY, Commands.bytes("HELLO", "3"), where);
            }
            both.check(Mode.EXACT, Commands.bytes("FLUSHALL"), where);
            List<String[]> positions = new ArrayList<>();
            for (int i = 0; i < POINTS; i += 10) {
                List<String> add = new ArrayList<>(List.of("GEOADD", "g"));
                for (int j = i; j < i + 10; j++) {
                    String[] pos = !positions.isEmpty() && r.nextInt(20) == 0
                            ? positions.get(r.nextInt(positions.size())) // the very same position
                            : position(r);
                    positions.add(pos);
                    add.add(pos[0]);
                    add.add(pos[1]);
                    add.add("p" + j);
                }
                both.check(Mode.EXACT, Commands.bytes(add.toArray(new String[0])), where);
            }
            for (int q = 0; q < QUERIES; q++) {
                for (String[] cmd : query(r)) {
                    both.check(Mode.EXACT, Commands.bytes(cmd), where + ", query " + (q + 1));
                }
            }
        }
    }

    /** A position as GEOADD arguments: mostly clustered, some global, some at the limits. */
    private static String[] position(Random r) {
        double lon;
        double lat;
        int kind = r.nextInt(20);
        if (kind < 9) { // a cluster around Rome
            lon = 12 + 2 * r.nextDouble();
            lat = 41 + 1.5 * r.nextDouble();
        } else if (kind < 11) { // at or near the antimeridian
            lon = switch (r.nextInt(4)) {
                case 0 -> 180;
                case 1 -> -180;
                case 2 -> 179 + r.nextDouble();
                default -> -180 + r.nextDouble();
            };
            lat = -60 + 120 * r.nextDouble();
        } else if (kind < 13) { // near the latitude limits
            lon = -180 + 360 * r.nextDouble();
            lat = switch (r.nextInt(4)) {
                case 0 -> LAT_MAX;
                case 1 -> -LAT_MAX;
                case 2 -> 80 + (LAT_MAX - 80) * r.nextDouble();
                default -> -LAT_MAX + (LAT_MAX - 80) * r.nextDouble();
            };
        } else if (kind < 14) { // round numbers: cell edges
            lon = r.nextInt(361) - 180;
            lat = r.nextInt(171) - 85;
        } else {
            lon = -180 + 360 * r.nextDouble();
            lat = -LAT_MAX + 2 * LAT_MAX * r.nextDouble();
        }
        return new String[] {number(r, lon), number(r, lat)};
    }

    private static String number(Random r, double d) {
        return r.nextInt(4) == 0 ? String.format(java.util.Locale.ROOT, "%.4f", d) : Double.toString(d);
    }

    /** A centre: usually in the cluster, else anywhere a point may be. */
    private static String[] centre(Random r) {
        return r.nextInt(3) == 0 ? position(r)
                : new String[] {number(r, 12 + 2 * r.nextDouble()), number(r, 41 + 1.5 * r.nextDouble())};
    }

    private static String length(Random r) {
        double d = switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 5 * r.nextDouble();
            case 2 -> 50 * r.nextDouble();
            case 3 -> 300 * r.nextDouble();
            default -> 3000 * r.nextDouble();
        };
        return String.format(java.util.Locale.ROOT, "%.3f", d);
    }

    private static String member(Random r) {
        return "p" + r.nextInt(POINTS + 5); // a few that do not exist
    }

    /** The options every search takes, shuffled: WITH*, ASC|DESC, COUNT [ANY]. */
    private static List<String> options(Random r, boolean with) {
        List<List<String>> opts = new ArrayList<>();
        if (with) {
            for (String w : new String[] {"WITHDIST", "WITHCOORD", "WITHHASH"}) {
                if (r.nextInt(3) == 0) {
                    opts.add(List.of(w));
                }
            }
        }
        if (r.nextInt(3) == 0) {
            opts.add(List.of(r.nextBoolean() ? "ASC" : "DESC"));
        }
        if (r.nextInt(3) == 0) {
            List<String> count = new ArrayList<>(List.of("COUNT", String.valueOf(1 + r.nextInt(r.nextBoolean() ? 5 : 60))));
            if (r.nextInt(4) == 0) {
                count.add("ANY");
            }
            opts.add(count);
        }
        java.util.Collections.shuffle(opts, r);
        List<String> out = new ArrayList<>();
        opts.forEach(out::addAll);
        return out;
    }

    private static List<String> shape(Random r) {
        return r.nextBoolean()
                ? List.of("BYRADIUS", length(r), UNITS[r.nextInt(UNITS.length)])
                : List.of("BYBOX", length(r), length(r), UNITS[r.nextInt(UNITS.length)]);
    }

    private static List<String> from(Random r) {
        if (r.nextInt(3) == 0) {
            return List.of("FROMMEMBER", member(r));
        }
        String[] c = centre(r);
        return List.of("FROMLONLAT", c[0], c[1]);
    }

    private static List<String[]> query(Random r) {
        List<String> cmd = new ArrayList<>();
        List<String[]> out = new ArrayList<>();
        int kind = r.nextInt(20);
        if (kind < 7) {
            cmd.addAll(List.of("GEOSEARCH", "g"));
            cmd.addAll(from(r));
            cmd.addAll(shape(r));
            cmd.addAll(options(r, true));
        } else if (kind < 10) {
            String[] c = centre(r);
            cmd.addAll(List.of(r.nextBoolean() ? "GEORADIUS" : "GEORADIUS_RO", "g", c[0], c[1], length(r),
                    UNITS[r.nextInt(UNITS.length)]));
            cmd.addAll(options(r, true));
        } else if (kind < 12) {
            cmd.addAll(List.of(r.nextBoolean() ? "GEORADIUSBYMEMBER" : "GEORADIUSBYMEMBER_RO", "g", member(r),
                    length(r), UNITS[r.nextInt(UNITS.length)]));
            cmd.addAll(options(r, true));
        } else if (kind < 14) {
            cmd.addAll(List.of("GEOSEARCHSTORE", "dst", "g"));
            cmd.addAll(from(r));
            cmd.addAll(shape(r));
            cmd.addAll(options(r, false));
            out.add(cmd.toArray(new String[0]));
            out.add(new String[] {"ZRANGE", "dst", "0", "-1", "WITHSCORES"});
            return out;
        } else if (kind < 16) {
            cmd.addAll(List.of("GEODIST", "g", member(r), member(r)));
            if (r.nextBoolean()) {
                cmd.add(UNITS[r.nextInt(UNITS.length)]);
            }
        } else if (kind < 18) {
            cmd.addAll(List.of("GEOPOS", "g", member(r), member(r), member(r)));
        } else {
            cmd.addAll(List.of("GEOHASH", "g", member(r), member(r), member(r)));
        }
        out.add(cmd.toArray(new String[0]));
        return out;
    }
}
