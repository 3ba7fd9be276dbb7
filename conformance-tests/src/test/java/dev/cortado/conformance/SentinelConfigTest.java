package dev.cortado.conformance;

import static dev.cortado.conformance.ClusterTest.raw;
import static dev.cortado.conformance.ClusterTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoSentinel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Sentinel configured at run time, compared with redis-sentinel 7.0: one real Sentinel
 * monitoring a redis-server primary beside one Cortado Sentinel monitoring a Cortado primary, each
 * sent the same SENTINEL MONITOR, SET, REMOVE, CONFIG, DEBUG, INFO-CACHE, PENDING-SCRIPTS and
 * SIMULATE-FAILURE commands, valid and not. Raw replies are compared with ports, run ids and times
 * named; where Redis lists primaries in its hash order (MASTERS, ROLE, INFO) the entries are
 * compared sorted. The events each command publishes are compared too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SentinelConfigTest {
    private static final List<RealRedis> processes = new ArrayList<>();
    private static Path dir;
    private static CortadoSentinel cortado;

    /** One Sentinel and the primary it was started with. */
    record Deployment(String name, int primary, int sentinel) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Deployment redis;
    private static Deployment subject;

    @BeforeAll
    static void start() throws Exception {
        RealRedis.requireBinary();
        dir = Files.createTempDirectory("redis-sentinel-config");
        RealRedis primary = RealRedis.start("sentinel-config-primary");
        processes.add(primary);
        RealRedis s = RealRedis.startSentinel("sentinel-config", dir,
                "sentinel monitor mymaster 127.0.0.1 " + primary.port() + " 2\n");
        processes.add(s);
        redis = new Deployment("redis-sentinel", primary.port(), s.port());
        cortado = CortadoSentinel.builder().replicas(0).sentinels(1).build().start();
        subject = new Deployment("cortado-sentinel", cortado.primary().port(),
                cortado.sentinels().get(0).port());
        // The real Sentinel needs its first INFO from the primary before it reports a run id.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (text(raw(redis.sentinel(), "SENTINEL", "MASTER", "mymaster"))
                .contains("runid\r\n$0\r\n")) {
            assertThat(System.nanoTime()).as("never saw its primary").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (cortado != null) {
            cortado.close();
        }
        processes.forEach(RealRedis::close);
        RealRedis.deleteDir(dir);
    }

    static Stream<Arguments> deployments() {
        return Stream.of(Arguments.of(redis), Arguments.of(subject));
    }

    /** Ports and run ids named, bulk lengths blanked, the values of time fields blanked. */
    private static String normalize(Deployment d, String reply) throws IOException {
        String runId = text(raw(d.primary(), "INFO", "server")).replaceAll("(?s).*run_id:(\\w+).*",
                "$1");
        String myId = text(raw(d.sentinel(), "SENTINEL", "MYID")).split("\r\n")[1];
        String s = reply.replace(runId, "RUNID").replace(myId, "MYID")
                .replace(String.valueOf(d.primary()), "PRIMARY")
                .replace(String.valueOf(d.sentinel()), "SENTINEL");
        for (String time : List.of("last-ping-sent", "last-ok-ping-reply", "last-ping-reply",
                "info-refresh", "role-reported-time", "s-down-time", "o-down-time",
                "link-pending-commands")) {
            s = s.replaceAll("(" + time + "\r\n)\\$\\d+\r\n\\d+", "$1\\$N\r\nT");
        }
        String lengths = "(^|\r\n)([$=%*])\\d+\r\n";
        return s.replaceAll(lengths, "$1$2N\r\n").replaceAll(lengths, "$1$2N\r\n");
    }

    /** The elements of a flat reply's top-level array, sorted: Redis's hash order removed. */
    private static String sortedEntries(String reply, String separator) {
        String[] parts = reply.replaceAll("(\r\n)+$", "").split(separator);
        String[] rest = Arrays.copyOfRange(parts, 1, parts.length);
        Arrays.sort(rest);
        return parts[0] + " | " + String.join(" | ", rest);
    }

    private static String call(Deployment d, String... args) throws IOException {
        return text(raw(d.sentinel(), args));
    }

    private static List<String> transcript(Deployment d) throws Exception {
        String primary = String.valueOf(d.primary());
        List<String> out = new ArrayList<>();
        List<List<String>> commands = List.of(
                // MONITOR: arity, then each check in Redis's order.
                List.of("SENTINEL", "MONITOR"), List.of("SENTINEL", "MONITOR", "a"),
                List.of("SENTINEL", "MONITOR", "a", "127.0.0.1", "1", "2", "3"),
                List.of("SENTINEL", "MONITOR", "mymaster", "127.0.0.1", primary, "2"),
                List.of("SENTINEL", "MONITOR", "mymaster", "127.0.0.1", "70000", "2"),
                List.of("SENTINEL", "MONITOR", "mymaster", "999.0.0.1", "70000", "0"),
                List.of("SENTINEL", "MONITOR", "m", "999.0.0.1", "x", "y"),
                List.of("SENTINEL", "MONITOR", "m", "127.0.0.1", "x", "1"),
                List.of("SENTINEL", "MONITOR", "m", "127.0.0.1", " 5", "1"),
                List.of("SENTINEL", "MONITOR", "m", "127.0.0.1", "5", "01"),
                List.of("SENTINEL", "MONITOR", "m", "127.0.0.1", "5", "-1"),
                List.of("SENTINEL", "MONITOR", "m", "127.0.0.1", "-1", "1"),
                List.of("SENTINEL", "MONITOR", "m", "999.1.1.1", "5", "1"),
                List.of("SENTINEL", "MONITOR", "m", "localhost", "5", "1"),
                List.of("SENTINEL", "MONITOR", "m", " 127.0.0.1", "5", "1"),
                List.of("SENTINEL", "MONITOR", "m", "1.2.3.4.5", "5", "1"),
                // An address where nothing listens, and the first primary again under a new name.
                List.of("SENTINEL", "MONITOR", "gone", "127.1", "1", "2"),
                List.of("SENTINEL", "MONITOR", "gone", "127.0.0.1", "1", "2"),
                List.of("SENTINEL", "MONITOR", "again", "127.0.0.1", primary, "99999999999"),
                List.of("SENTINEL", "MONITOR", "v6", "::1", "2", "1"),
                List.of("SENTINEL", "MONITOR", "hex", "0x7f.0.0.3", "2", "1"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "hex"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "v6"),
                List.of("SENTINEL", "MASTER", "gone"),
                List.of("SENTINEL", "REPLICAS", "gone"),
                List.of("SENTINEL", "SENTINELS", "gone"),
                List.of("SENTINEL", "CKQUORUM", "gone"),
                List.of("SENTINEL", "FAILOVER", "gone"),
                // SET: arity, unknown names and options, each option's bounds.
                List.of("SENTINEL", "SET"), List.of("SENTINEL", "SET", "gone"),
                List.of("SENTINEL", "SET", "gone", "quorum"),
                List.of("SENTINEL", "SET", "nosuch", "quorum", "2"),
                List.of("SENTINEL", "SET", "gone", "quorum", "0"),
                List.of("SENTINEL", "SET", "gone", "quorum", "x"),
                List.of("SENTINEL", "SET", "gone", "nosuchopt", "1"),
                List.of("SENTINEL", "SET", "gone", "down-after-milliseconds", "0"),
                List.of("SENTINEL", "SET", "gone", "failover-timeout", "-1"),
                List.of("SENTINEL", "SET", "gone", "parallel-syncs", "0"),
                List.of("SENTINEL", "SET", "gone", "master-reboot-down-after-period", "-1"),
                List.of("SENTINEL", "SET", "gone", "notification-script", "/bin/true"),
                List.of("SENTINEL", "SET", "gone", "client-reconfig-script", ""),
                List.of("SENTINEL", "SET", "gone", "rename-command", "CONFIG"),
                List.of("SENTINEL", "SET", "gone", "rename-command", "", "x"),
                List.of("SENTINEL", "SET", "gone", "quorum", "3", "bogus", "1"),
                List.of("SENTINEL", "SET", "gone", "QUORUM", "4", "failover-timeout", "9000",
                        "parallel-syncs", "3", "auth-pass", "pw", "auth-user", "u",
                        "master-reboot-down-after-period", "0", "rename-command", "a", "b"),
                List.of("SENTINEL", "SET", "gone", "parallel-syncs", "4294967297"),
                List.of("SENTINEL", "MASTER", "gone"),
                // CONFIG
                List.of("SENTINEL", "CONFIG"), List.of("SENTINEL", "CONFIG", "get"),
                List.of("SENTINEL", "CONFIG", "foo", "bar"),
                List.of("SENTINEL", "CONFIG", "get", "a", "b"),
                List.of("SENTINEL", "CONFIG", "get", "*"),
                List.of("SENTINEL", "CONFIG", "GET", "ANNOUNCE*"),
                List.of("SENTINEL", "CONFIG", "get", "loglevel"),
                List.of("SENTINEL", "CONFIG", "set", "loglevel", "debug"),
                List.of("SENTINEL", "CONFIG", "set", "resolve-hostnames", "maybe"),
                List.of("SENTINEL", "CONFIG", "set", "announce-port", "70000"),
                List.of("SENTINEL", "CONFIG", "set", "announce-port", "x"),
                List.of("SENTINEL", "CONFIG", "set", "announce-port", "26999"),
                List.of("SENTINEL", "CONFIG", "set", "announce-ip", "10.1.2.3"),
                List.of("SENTINEL", "CONFIG", "set", "sentinel-user", "su"),
                List.of("SENTINEL", "CONFIG", "get", "*"),
                List.of("SENTINEL", "CONFIG", "set", "resolve-hostnames", "YES"),
                List.of("SENTINEL", "MONITOR", "named", "localhost", "3", "1"),
                List.of("SENTINEL", "CONFIG", "set", "announce-hostnames", "yes"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "named"),
                List.of("SENTINEL", "CONFIG", "set", "announce-hostnames", "no"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "named"),
                List.of("SENTINEL", "CONFIG", "set", "resolve-hostnames", "no"),
                List.of("SENTINEL", "CONFIG", "set", "announce-port", "0"),
                List.of("SENTINEL", "CONFIG", "set", "announce-ip", ""),
                List.of("SENTINEL", "CONFIG", "set", "sentinel-user", ""),
                // DEBUG
                List.of("SENTINEL", "DEBUG"),
                List.of("SENTINEL", "DEBUG", "info-period"),
                List.of("SENTINEL", "DEBUG", "script-retry-delay", "0"),
                List.of("SENTINEL", "DEBUG", "bogus", "1"),
                List.of("SENTINEL", "DEBUG", "script-retry-delay", "1000", "bogus", "1"),
                List.of("SENTINEL", "DEBUG", "SCRIPT-MAX-RUNTIME", "2000"),
                List.of("SENTINEL", "DEBUG"),
                List.of("SENTINEL", "DEBUG", "script-retry-delay", "30000",
                        "script-max-runtime", "60000"),
                // The small ones.
                List.of("SENTINEL", "INFO-CACHE"), List.of("SENTINEL", "INFO-CACHE", "nosuch"),
                List.of("SENTINEL", "INFO-CACHE", "gone", "nosuch", "gone"),
                List.of("SENTINEL", "PENDING-SCRIPTS"), List.of("SENTINEL", "PENDING-SCRIPTS", "x"),
                List.of("SENTINEL", "SIMULATE-FAILURE"),
                List.of("SENTINEL", "SIMULATE-FAILURE", "bogus"),
                List.of("SENTINEL", "FLUSHCONFIG"),
                List.of("SENTINEL", "RESET", "nomatch"),
                // REMOVE
                List.of("SENTINEL", "REMOVE"), List.of("SENTINEL", "REMOVE", "nosuch"),
                List.of("SENTINEL", "REMOVE", "a", "b"),
                List.of("SENTINEL", "REMOVE", "named"), List.of("SENTINEL", "REMOVE", "v6"),
                List.of("SENTINEL", "REMOVE", "hex"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "named"),
                // COMMAND INFO and DOCS of the subcommands.
                List.of("COMMAND", "INFO", "sentinel|monitor", "sentinel|remove", "sentinel|set",
                        "sentinel|config", "sentinel|info-cache", "sentinel|pending-scripts",
                        "sentinel|simulate-failure", "sentinel|debug", "sentinel|help",
                        "sentinel|masters"),
                List.of("COMMAND", "DOCS", "sentinel|monitor", "sentinel|set",
                        "sentinel|simulate-failure", "sentinel|config", "sentinel|debug"));
        for (List<String> command : commands) {
            String reply = normalize(d, call(d, command.toArray(new String[0])));
            if (command.contains("gone")) {
                // Nothing listens where "gone" is: redis-sentinel's link to it flips between a
                // connect in progress and refused on every 100 ms cron, so whether its flags show
                // "disconnected" depends on the instant asked (one CI run saw "master" alone).
                reply = reply.replace("master,disconnected", "master");
            }
            out.add(String.join(" ", command).replace(primary, "PRIMARY") + " -> " + reply);
        }
        // The real Sentinel reports "again" once it has connected and read its INFO.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (call(d, "SENTINEL", "MASTER", "again").contains("runid\r\n$0\r\n")) {
            assertThat(System.nanoTime()).as("never reached again").isLessThan(deadline);
            Thread.sleep(50);
        }
        out.add(normalize(d, call(d, "SENTINEL", "MASTER", "again")));
        // Redis lists primaries in its hash order.
        out.add(sortedEntries(normalize(d, call(d, "ROLE")), "\r\n\\$N\r\n"));
        out.add(sortedEntries(normalize(d, call(d, "SENTINEL", "MASTERS")), "\r\n\\*N\r\n"));
        out.add(call(d, "SENTINEL", "SIMULATE-FAILURE", "crash-after-promotion"));
        String info = normalize(d, call(d, "INFO", "sentinel")).replaceAll("master\\d+:", "master:");
        out.add(sortedEntries(info, "\r\n(?=master:)"));
        // HELP answers after clearing the flags, as Redis does.
        out.add(normalize(d, call(d, "SENTINEL", "SIMULATE-FAILURE", "HELP")));
        out.add(normalize(d, call(d, "INFO", "sentinel")).replaceAll("(?s).*(flags:\\d).*", "$1"));
        return out;
    }

    /** The events a run of MONITOR, SET and REMOVE publishes, and the s_down of an address. */
    private static List<String> events(Deployment d) throws Exception {
        List<String> events = new ArrayList<>();
        try (RespConnection sub = new RespConnection("127.0.0.1", d.sentinel(),
                Duration.ofSeconds(10))) {
            sub.call("PSUBSCRIBE", "*");
            call(d, "SENTINEL", "MONITOR", "ev", "127.0.0.1", "2", "2");
            call(d, "SENTINEL", "SET", "ev", "quorum", "3", "bogus", "1");
            call(d, "SENTINEL", "SET", "ev", "quorum", "5", "auth-pass", "pw",
                    "rename-command", "a", "b", "down-after-milliseconds", "300");
            call(d, "SENTINEL", "SET", "ev", "quorum", "0");
            call(d, "SENTINEL", "SET", "ev", "notification-script", "/bin/true");
            call(d, "SENTINEL", "SET", "ev", "quorum", "2");
            while (events.isEmpty() || !events.get(events.size() - 1).startsWith("+sdown")) {
                String[] parts = text(sub.readReply()).split("\r\n");
                events.add(parts[6] + " " + normalize(d, parts[8]));
            }
            String master = normalize(d, call(d, "SENTINEL", "MASTER", "ev"));
            events.add(master.replaceAll("(?s).*flags\r\n\\$N\r\n([^\r]*).*", "$1"));
            events.add(call(d, "SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "2", "0", "*"));
            events.add(call(d, "SENTINEL", "RESET", "e?"));
            events.add(call(d, "SENTINEL", "REMOVE", "ev"));
            for (int i = 0; i < 2; i++) {
                String[] parts = text(sub.readReply()).split("\r\n");
                events.add(parts[6] + " " + normalize(d, parts[8]));
            }
        }
        return events;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void runtimeConfigurationRepliesAsRedisSentinel(Deployment d) throws Exception {
        List<String> expected = transcript(redis);
        reset(redis);
        List<String> actual = transcript(d);
        reset(d);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("step %d", i).isEqualTo(expected.get(i));
        }
        assertThat(expected).anyMatch(s -> s.startsWith("SENTINEL MONITOR gone 127.1 1 2 -> +OK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void monitorSetAndRemovePublishRedisEvents(Deployment d) throws Exception {
        List<String> expected = events(redis);
        List<String> actual = events(d);
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).contains("+set master ev 127.0.0.1 2 auth-pass ******",
                "s_down,master,disconnected");
    }

    /** Back to the one primary each was started with. */
    private static void reset(Deployment d) throws IOException {
        for (String name : List.of("gone", "again", "named", "v6", "hex")) {
            call(d, "SENTINEL", "REMOVE", name);
        }
    }
}
