package dev.cortado.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random sequences of bitmap and string commands on a few keys (SETBIT, SETRANGE, APPEND,
 * BITOP, BITFIELD, BITFIELD_RO, BITCOUNT, BITPOS, GET, GETRANGE...), with MULTI blocks and the odd
 * wrong type or bad argument, against redis-server and the subject: every reply, the keyspace
 * events of the whole run and the final values must be equal. The seed is printed; rerun one with
 * {@code -Dbits.seed=N}, and make runs longer with {@code -Dbits.rounds=N}.
 */
@Timeout(300)
class BitRandomTest {
    private static final String[] KEYS = {"b1", "b2", "b3"};
    private static final String[] UNITS = {"BYTE", "BIT", "bit", "byte"};

    @Test
    void repliesEventsAndValuesMatchRealRedis() throws Exception {
        Assumptions.assumeTrue(RealRedis.binaryAvailable() || "true".equalsIgnoreCase(System.getenv("CI")),
                "redis-server not on PATH");
        long seed = Long.getLong("bits.seed", System.nanoTime());
        int rounds = Integer.getInteger("bits.rounds", 8);
        System.out.println("BitRandomTest seed: " + seed + " (rerun with -Dbits.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            runRound(random, round, seed);
        }
    }

    private static void runRound(Random random, int round, long seed) throws Exception {
        boolean resp3 = random.nextInt(3) == 0;
        List<List<String>> commands = RandomRun.sequence(random, 150 + random.nextInt(100), 25, 4,
                BitRandomTest::command, List.of());
        RandomRun.compare(commands, resp3, "seed " + seed + ", round " + round,
                new String[] {"b1", "b2", "b3", "s", "w"});
    }

    private static List<String> command(Random r) {
        String k = key(r);
        int pick = r.nextInt(100);
        if (pick < 22) {
            return List.of("SETBIT", k, offset(r), r.nextInt(30) == 0 ? "2" : String.valueOf(r.nextInt(2)));
        }
        if (pick < 28) {
            return List.of("GETBIT", k, offset(r));
        }
        if (pick < 34) {
            return List.of("SETRANGE", k, String.valueOf(r.nextInt(r.nextBoolean() ? 20 : 300)), value(r));
        }
        if (pick < 39) {
            return List.of("APPEND", k, value(r));
        }
        if (pick < 47) {
            return bitop(r);
        }
        if (pick < 60) {
            return bitfield(r, r.nextInt(6) == 0);
        }
        if (pick < 72) {
            return bitcount(r, k);
        }
        if (pick < 84) {
            return bitpos(r, k);
        }
        if (pick < 89) {
            return List.of("GET", k);
        }
        if (pick < 92) {
            return List.of("GETRANGE", k, index(r), index(r));
        }
        if (pick < 94) {
            return List.of("STRLEN", k);
        }
        if (pick < 96) {
            return List.of("SET", k, r.nextBoolean() ? value(r) : String.valueOf(r.nextInt(1000)));
        }
        if (pick < 97) {
            return List.of("DEL", k);
        }
        if (pick < 98) {
            return List.of("COPY", k, key(r), "REPLACE");
        }
        return List.of("LPUSH", "w", "x"); // w holds a list: WRONGTYPE for the bit commands
    }

    private static String key(Random r) {
        int pick = r.nextInt(20);
        if (pick == 0) {
            return "w";
        }
        if (pick == 1) {
            return "s";
        }
        return KEYS[r.nextInt(KEYS.length)];
    }

    /** Mostly near the start, sometimes further (a few KB), rarely bad. */
    private static String offset(Random r) {
        int pick = r.nextInt(100);
        if (pick < 70) {
            return String.valueOf(r.nextInt(200));
        }
        if (pick < 95) {
            return String.valueOf(r.nextInt(40_000));
        }
        return new String[] {"-1", "x", "4294967296", "1.5"}[r.nextInt(4)]; // 2^32-1 would build 512 MB
    }

    private static String index(Random r) {
        int pick = r.nextInt(10);
        if (pick < 6) {
            return String.valueOf(r.nextInt(40) - 20);
        }
        if (pick < 9) {
            return String.valueOf(r.nextInt(400) - 200);
        }
        return new String[] {"0", "-1", "100000", "-100000", "x"}[r.nextInt(5)];
    }

    private static String value(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(6); n > 0; n--) {
            int pick = r.nextInt(4);
            sb.append((char) (pick == 0 ? 0 : pick == 1 ? 0xff : r.nextInt(256)));
        }
        return sb.toString();
    }

    private static List<String> bitop(Random r) {
        List<String> c = new ArrayList<>();
        c.add("BITOP");
        String op = new String[] {"AND", "OR", "XOR", "NOT", "and", "FOO"}[r.nextInt(r.nextInt(20) == 0 ? 6 : 5)];
        c.add(op);
        c.add(key(r));
        int sources = op.equalsIgnoreCase("NOT") && r.nextInt(10) != 0 ? 1 : 1 + r.nextInt(3);
        for (int i = 0; i < sources; i++) {
            c.add(r.nextInt(8) == 0 ? "missing" : key(r));
        }
        return c;
    }

    private static List<String> bitfield(Random r, boolean readOnly) {
        List<String> c = new ArrayList<>();
        c.add(readOnly ? "BITFIELD_RO" : "BITFIELD");
        c.add(key(r));
        for (int n = r.nextInt(5); n > 0; n--) {
            int pick = r.nextInt(readOnly ? 12 : 10);
            if (pick < 2) {
                c.add("OVERFLOW");
                c.add(new String[] {"WRAP", "SAT", "FAIL", "sat"}[r.nextInt(r.nextInt(30) == 0 ? 4 : 3)]);
                continue;
            }
            String op = pick < 5 || readOnly && r.nextInt(10) != 0 ? "GET" : pick < 7 ? "SET" : "INCRBY";
            c.add(op);
            boolean signed = r.nextBoolean();
            int bits = 1 + r.nextInt(signed ? 64 : 63);
            c.add((signed ? "i" : "u") + (r.nextInt(40) == 0 ? "64" : String.valueOf(bits)));
            c.add(r.nextInt(4) == 0 ? "#" + r.nextInt(20) : String.valueOf(r.nextInt(r.nextBoolean() ? 64 : 600)));
            if (!op.equals("GET")) {
                c.add(number(r));
            }
        }
        return c;
    }

    private static String number(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> String.valueOf(r.nextLong());
            case 1 -> new String[] {"9223372036854775807", "-9223372036854775808", "0", "-1", "1"}[r.nextInt(5)];
            case 2 -> String.valueOf(1L << r.nextInt(63));
            case 3 -> String.valueOf(-(1L << r.nextInt(63)));
            default -> String.valueOf(r.nextInt(600) - 300);
        };
    }

    private static List<String> bitcount(Random r, String k) {
        List<String> c = new ArrayList<>(List.of("BITCOUNT", k));
        int shape = r.nextInt(4);
        if (shape >= 1) {
            c.add(index(r));
            c.add(index(r));
        }
        if (shape >= 2) {
            c.add(UNITS[r.nextInt(UNITS.length)]);
        }
        return c;
    }

    private static List<String> bitpos(Random r, String k) {
        List<String> c = new ArrayList<>(List.of("BITPOS", k, r.nextInt(40) == 0 ? "2" : String.valueOf(r.nextInt(2))));
        int shape = r.nextInt(4);
        if (shape >= 1) {
            c.add(index(r));
        }
        if (shape >= 2) {
            c.add(index(r));
        }
        if (shape >= 3) {
            c.add(UNITS[r.nextInt(UNITS.length)]);
        }
        return c;
    }
}
