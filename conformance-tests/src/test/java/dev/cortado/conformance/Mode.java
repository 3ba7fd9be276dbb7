package dev.cortado.conformance;

import java.util.Arrays;
import java.util.Locale;

/**
 * How two replies to the same command are compared. In case files a line may start with the
 * mode's name and a colon, e.g. {@code sorted: KEYS *}; the default is {@link #EXACT}.
 */
enum Mode {
    /** Byte for byte. */
    EXACT,
    /** Aggregates compared as multisets at every depth (KEYS, SMEMBERS, SCAN's key list). */
    SORTED,
    /** Integer replies within ±1 (seconds: TTL, EXPIRETIME); -1/-2 and anything else exact. */
    TTL,
    /** Integer replies within ±{@value #PTTL_TOLERANCE_MS} (milliseconds: PTTL, PEXPIRETIME). */
    PTTL,
    /** Both must be errors, with identical text. */
    ERROR,
    /** Only the shape: same types and aggregate sizes, values may differ (TIME, CLIENT ID, HELLO). */
    ANY,
    /** Only the top-level reply type (INFO, COMMAND: sizes differ legitimately). */
    TYPE,
    /**
     * DEBUG HTSTATS / HTSTATS-KEY reports: the same reply type and text except the figures that
     * follow the hash function's spread (slots, chain lengths and their distribution), which
     * Redis seeds at random in each process.
     */
    HTSTATS;

    static final long PTTL_TOLERANCE_MS = 250;

    String prefix() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when the replies agree, otherwise why not. */
    String mismatch(byte[] expected, byte[] actual) {
        if (this == EXACT) {
            return Arrays.equals(expected, actual) ? null : "replies differ";
        }
        if (this == HTSTATS) {
            return withoutChains(expected).equals(withoutChains(actual)) ? null
                    : "hash table reports differ (chains aside)";
        }
        Resp.Node e = Resp.parse(expected);
        Resp.Node a = Resp.parse(actual);
        return switch (this) {
            case EXACT -> throw new AssertionError();
            case SORTED -> Arrays.equals(Resp.encode(Resp.sorted(e)), Resp.encode(Resp.sorted(a)))
                    ? null : "replies differ (compared ignoring element order)";
            case TTL -> within(e, a, 1, expected, actual);
            case PTTL -> within(e, a, PTTL_TOLERANCE_MS, expected, actual);
            case ERROR -> !e.isError() ? "the oracle did not reply with an error (fix the case file)"
                    : Arrays.equals(expected, actual) ? null : "errors differ";
            case ANY -> Resp.shape(e).equals(Resp.shape(a)) ? null
                    : "shapes differ: " + Resp.shape(e) + " vs " + Resp.shape(a);
            case TYPE -> e.type() == a.type() ? null
                    : "reply types differ: '" + e.type() + "' vs '" + a.type() + "'";
            case HTSTATS -> throw new AssertionError();
        };
    }

    private static final java.util.regex.Pattern CHAIN_FIGURE = java.util.regex.Pattern.compile(
            "^( different slots| max chain length| avg chain length \\((?:counted|computed)\\)): .*$");

    /** The report with its length header (it follows the text) and chain figures blanked. */
    private static String withoutChains(byte[] reply) {
        String s = new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (s.isEmpty() || s.charAt(0) == '-') {
            return s;
        }
        StringBuilder out = new StringBuilder().append(s.charAt(0)).append('\n');
        for (String line : s.substring(s.indexOf("\r\n") + 2).split("\n")) {
            if (!line.startsWith("   ")) { // "   0: 380 (37.11%)", the distribution
                out.append(CHAIN_FIGURE.matcher(line).replaceFirst("$1: *")).append('\n');
            }
        }
        return out.toString();
    }

    private static String within(Resp.Node e, Resp.Node a, long tolerance, byte[] expected, byte[] actual) {
        Long x = e.integer();
        Long y = a.integer();
        // -1 (no TTL) and -2 (no key) are answers, not durations: they must match exactly.
        if (x == null || y == null || x < 0 || y < 0) {
            return Arrays.equals(expected, actual) ? null : "replies differ";
        }
        return Math.abs(x - y) <= tolerance ? null : "integers differ by more than " + tolerance;
    }

    static Mode fromPrefix(String p) {
        for (Mode m : values()) {
            if (m.prefix().equals(p)) {
                return m;
            }
        }
        return null;
    }
}
