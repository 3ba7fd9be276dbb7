package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * INFO commandstats, errorstats and latencystats, and total_error_replies, after the same commands
 * on a redis-server and a Cortado of this test's own (shared servers count other tests' commands).
 * Calls, rejected and failed calls must agree per command, error counts per code; times cannot, so
 * they are checked for shape only. Redis lists commands in its hash order: lines are compared
 * sorted.
 */
class StatsConformanceTest {
    private static TestServers.Endpoint redis;
    private static TestServers.Endpoint cortado;

    /** Each line one command, arguments split on spaces; "" is the empty string. */
    private static final List<String> COMMANDS = List.of(
            "SET s abc", "SET a 1", "GET a", "LPUSH a x", "GET", "FOO bar", "OBJECT foo",
            "CONFIG GET x", "INCR s", "HSET h f v", "HGET h f", "HGET h", "SET k v EX 0",
            "SET k v NX XX", "MULTI", "SET b 1", "GET", "EXEC", "MULTI", "INCR a", "LPUSH a x",
            "EXEC", "MULTI", "WATCH a", "DISCARD", "EXEC", "AUTH x", "AUTH a b",
            "EVAL return redis.call('set','c','1') 0",
            "EVAL return redis.pcall('incr','s') 0",
            "EVAL return redis.call('incr','s') 0",
            "EVAL redis.pcall('incr','s');return 1 0",
            "EVAL return redis.call('nope') 0",
            "EVAL return redis.error_reply('MY bad') 0",
            "EVAL return redis.error_reply('nospace') 0",
            "EVAL return redis.error_reply('lower case') 0",
            "EVAL return {err='FOO bar'} 0",
            "EVAL error('x') 0",
            "EVAL local e=redis.pcall('incr','s');return {err=e.err} 0",
            "EVAL return redis.pcall('incr','s')['ignore_error_stats_update'] 0",
            "ZADD z 1 m", "ZADD z nan m", "ZRANGE z 0 -1 WITHSCORES", "SUBSCRIBE",
            "CLIENT NOSUCH", "CLIENT SETNAME x", "PING a b");

    @BeforeAll
    static void start() {
        redis = TestServers.startReference("stats-redis");
        cortado = TestServers.startSubject("stats-subject");
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (cortado != null) {
            cortado.close();
        }
    }

    private static String run(TestServers.Endpoint server, String section) throws IOException {
        try (RespConnection c = new RespConnection(server.host(), server.port())) {
            c.call("CONFIG", "RESETSTAT");
            for (String line : COMMANDS) {
                List<String> args = new ArrayList<>();
                if (line.startsWith("EVAL ")) {
                    int last = line.lastIndexOf(' ');
                    args.add("EVAL");
                    args.add(line.substring(5, last));
                    args.add(line.substring(last + 1));
                } else {
                    for (String w : line.split(" ")) {
                        args.add(w.equals("\"\"") ? "" : w);
                    }
                }
                c.call(args.toArray(new String[0]));
            }
            String info = new String(c.call("INFO", section), StandardCharsets.ISO_8859_1);
            // INFO's own call is not counted until it is done, CONFIG RESETSTAT's is.
            List<String> lines = new ArrayList<>();
            for (String l : info.split("\r\n")) {
                if (!l.startsWith("$") && !l.isEmpty() && !l.contains("config|resetstat")) {
                    lines.add(l);
                }
            }
            return String.join("\n", lines);
        }
    }

    private static List<String> sorted(String text) {
        return text.lines().sorted().toList();
    }

    @Test
    void commandstatsAgreeOnCallsRejectedAndFailed() throws IOException {
        String expected = run(redis, "commandstats");
        String actual = run(cortado, "commandstats");
        Pattern times = Pattern.compile("usec=\\d+,usec_per_call=\\d+\\.\\d\\d,");
        assertThat(actual).matches("(?s)# Commandstats(\ncmdstat_[a-z_|]+:calls=\\d+,usec=\\d+,"
                + "usec_per_call=\\d+\\.\\d\\d,rejected_calls=\\d+,failed_calls=\\d+)+");
        assertThat(sorted(times.matcher(actual).replaceAll("")))
                .isEqualTo(sorted(times.matcher(expected).replaceAll("")));
    }

    @Test
    void errorstatsAndTotalErrorRepliesAgree() throws IOException {
        assertThat(run(cortado, "errorstats")).isEqualTo(run(redis, "errorstats"));
        String total = run(redis, "stats").lines()
                .filter(l -> l.startsWith("total_error_replies:")).findFirst().orElseThrow();
        assertThat(run(cortado, "stats").lines()).contains(total);
    }

    @Test
    void latencystatsListTheSameCommandsWithTheConfiguredPercentiles() throws IOException {
        for (String percentiles : new String[] {"50 99 99.9", "50.5 100 0", ""}) {
            String expectedShape;
            String actualShape;
            try (RespConnection r = new RespConnection(redis.host(), redis.port());
                 RespConnection c = new RespConnection(cortado.host(), cortado.port())) {
                r.call("CONFIG", "SET", "latency-tracking-info-percentiles", percentiles);
                c.call("CONFIG", "SET", "latency-tracking-info-percentiles", percentiles);
            }
            expectedShape = shape(run(redis, "latencystats"));
            actualShape = shape(run(cortado, "latencystats"));
            assertThat(actualShape).as("percentiles \"%s\"", percentiles).isEqualTo(expectedShape);
        }
    }

    /**
     * SLOWLOG with every command logged: the same entries (arguments cut and redacted as Redis cuts
     * and redacts them, client names), newest first; ids, times, durations and ports vary.
     */
    @Test
    void slowlogKeepsTheSameEntries() throws IOException {
        assertThat(slowlog(cortado)).isEqualTo(slowlog(redis));
    }

    private static List<String> slowlog(TestServers.Endpoint server) throws IOException {
        List<String[]> commands = new ArrayList<>(List.of(
                new String[] {"CLIENT", "SETNAME", "me"}, new String[] {"SET", "k", "v"},
                new String[] {"EVAL", "redis.call('set','a','1') return 1", "0"},
                new String[] {"MULTI"}, new String[] {"INCR", "x"}, new String[] {"EXEC"},
                new String[] {"AUTH", "user", "secret"}, new String[] {"GET"},
                new String[] {"NOSUCH"}, new String[] {"SET", "x".repeat(200), "v"},
                new String[] {"HELLO", "2", "AUTH", "default", "x", "SETNAME", "n"},
                new String[] {"CONFIG", "SET", "masteruser", "u"},
                new String[] {"CONFIG", "SET", "masteruser", ""},
                new String[] {"SLOWLOG", "GET", "x"}, new String[] {"SLOWLOG", "GET", "1", "2"},
                new String[] {"SLOWLOG", "LEN"}, new String[] {"SLOWLOG", "HELP"}));
        List<String> push = new ArrayList<>(List.of("RPUSH", "l"));
        for (int i = 0; i < 40; i++) {
            push.add(Integer.toString(i));
        }
        commands.add(push.toArray(new String[0]));
        List<String> out = new ArrayList<>();
        try (RespConnection c = new RespConnection(server.host(), server.port())) {
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            c.call("SLOWLOG", "RESET");
            for (String[] command : commands) {
                String reply = new String(c.call(command), StandardCharsets.ISO_8859_1);
                out.add(command[0].equals("HELLO") ? reply.replaceAll(":\\d+\r\n", ":9\r\n") : reply);
            }
            // Each entry: *6, id, time, duration, the arguments, the client's address, its name.
            String entries = new String(c.call("SLOWLOG", "GET", "-1"), StandardCharsets.ISO_8859_1);
            out.add(entries.replaceAll("\\*6\r\n:\\d+\r\n:\\d+\r\n:\\d+\r\n", "*6\r\n:id:time:micros\r\n")
                    .replaceAll("\\$\\d+\r\n127\\.0\\.0\\.1:\\d+\r\n", "\\$-\r\n127.0.0.1:port\r\n"));
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            out.add(new String(c.call("SLOWLOG", "LEN"), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** Latencies vary; their names and format must not: digits become 9. */
    private static String shape(String text) {
        return String.join("\n", sorted(text.replaceAll("=\\d+\\.\\d{3}", "=9.999")));
    }
}
