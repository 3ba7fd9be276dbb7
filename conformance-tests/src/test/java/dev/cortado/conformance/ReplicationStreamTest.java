package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a primary sends its replicas, compared with a redis-server pair by the bytes it adds to
 * {@code master_repl_offset}: a rewritten command (SET ... EX as SET ... PXAT, SPOP with a count as
 * one SREM per member, a served BLPOP as LPOP, an approximate XADD trim made exact), what goes
 * inside MULTI/EXEC (more than one propagated command from one command, transaction or script, as
 * Redis 7.0 wraps them) and the DEL of a key that expired, lazily in a command's unit or actively
 * alone. Each step runs on both pairs and must move the offset by the same number of bytes.
 */
class ReplicationStreamTest {
    private static RealRedis realPrimary;
    private static RealRedis realReplica;
    private static CortadoServer primary;
    private static CortadoServer replica;

    @BeforeAll
    static void start() throws Exception {
        RealRedis.requireBinary();
        // No replication PINGs during the test: each adds 14 bytes to the offset.
        realPrimary = RealRedis.start("stream-primary",
                List.of("--enable-debug-command", "yes", "--repl-ping-replica-period", "3600"));
        realReplica = RealRedis.start("stream-replica",
                List.of("--replicaof", "127.0.0.1", String.valueOf(realPrimary.port())));
        primary = CortadoServer.builder().enableDebugCommand("yes").build().start();
        replica = CortadoServer.builder().build().start();
        replica.replicaOf(primary);
        awaitOnline(realPrimary.port());
        awaitOnline(primary.port());
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (primary != null) {
            primary.stop();
        }
        if (realReplica != null) {
            realReplica.close();
        }
        if (realPrimary != null) {
            realPrimary.close();
        }
    }

    private static void awaitOnline(int port) throws Exception {
        try (RespConnection c = new RespConnection("127.0.0.1", port)) {
            for (int i = 0; i < 200; i++) {
                if (text(c.call("INFO", "replication")).contains("state=online")) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no replica online at port " + port);
    }

    /** One step: its setup (not measured), then what is measured. */
    private record Step(String name, String[][] setup, Action action) {}

    @FunctionalInterface
    private interface Action {
        void run(RespConnection c, int port) throws Exception;
    }

    private static Step step(String name, String[][] setup, String[]... measured) {
        return new Step(name, setup, (c, port) -> {
            for (String[] command : measured) {
                c.call(command);
            }
        });
    }

    private static String[][] setup(String[]... commands) {
        return commands;
    }

    private static String[] cmd(String... args) {
        return args;
    }

    private static final String[][] NONE = {};

    private static List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        // Rewritten, as redis-server 7.0 propagates them
        steps.add(step("SET EX", NONE, cmd("SET", "k", "v", "EX", "100")));
        steps.add(step("SET XX GET EX", setup(cmd("SET", "k", "old")),
                cmd("SET", "k", "v", "XX", "GET", "EX", "100")));
        steps.add(step("SET PXAT", NONE, cmd("SET", "k", "v", "PXAT", "99999999999999")));
        steps.add(step("SET EXAT", NONE, cmd("SET", "k", "v", "EXAT", "99999999999")));
        steps.add(step("SET KEEPTTL", NONE, cmd("SET", "k", "v", "KEEPTTL")));
        steps.add(step("SETEX", NONE, cmd("SETEX", "k", "100", "v")));
        steps.add(step("PSETEX", NONE, cmd("PSETEX", "k", "100000", "v")));
        steps.add(step("GETEX PX", setup(cmd("SET", "k", "v")), cmd("GETEX", "k", "PX", "100000")));
        steps.add(step("GETEX PERSIST", setup(cmd("SET", "k", "v", "EX", "100")),
                cmd("GETEX", "k", "PERSIST")));
        steps.add(step("GETEX PERSIST, no TTL", setup(cmd("SET", "k", "v")),
                cmd("GETEX", "k", "PERSIST")));
        steps.add(step("GETEX PXAT past", setup(cmd("SET", "k", "v")), cmd("GETEX", "k", "PXAT", "1")));
        steps.add(step("GETDEL", setup(cmd("SET", "k", "v")), cmd("GETDEL", "k")));
        steps.add(step("EXPIRE", setup(cmd("SET", "k", "v")), cmd("EXPIRE", "k", "100")));
        steps.add(step("EXPIRE past", setup(cmd("SET", "k", "v")), cmd("EXPIRE", "k", "-1")));
        steps.add(step("INCRBYFLOAT", NONE, cmd("INCRBYFLOAT", "f", "2.5")));
        steps.add(step("HINCRBYFLOAT", NONE, cmd("HINCRBYFLOAT", "h", "f", "2")));
        steps.add(step("SPOP", setup(cmd("SADD", "s", "a", "b", "c")), cmd("SPOP", "s")));
        steps.add(step("SPOP 2 of 6", setup(cmd("SADD", "s", "a", "b", "c", "d", "e", "f")),
                cmd("SPOP", "s", "2")));
        steps.add(step("SPOP 5 of 6", setup(cmd("SADD", "s", "a", "b", "c", "d", "e", "f")),
                cmd("SPOP", "s", "5")));
        steps.add(step("SPOP all", setup(cmd("SADD", "s", "1", "2", "3")), cmd("SPOP", "s", "3")));
        steps.add(step("SPOP 0", setup(cmd("SADD", "s", "a")), cmd("SPOP", "s", "0")));
        steps.add(step("LMPOP", setup(cmd("RPUSH", "l", "a", "b", "c")),
                cmd("LMPOP", "1", "l", "LEFT", "COUNT", "2")));
        steps.add(step("LMPOP past the end", setup(cmd("RPUSH", "l", "a", "b", "c")),
                cmd("LMPOP", "2", "nol", "l", "RIGHT", "COUNT", "10")));
        steps.add(step("BLMPOP at once", setup(cmd("RPUSH", "l", "a", "b", "c")),
                cmd("BLMPOP", "0", "1", "l", "LEFT")));
        steps.add(step("BLPOP at once", setup(cmd("RPUSH", "l", "a")), cmd("BLPOP", "nol", "l", "0")));
        steps.add(step("BRPOPLPUSH at once", setup(cmd("RPUSH", "l", "a")),
                cmd("BRPOPLPUSH", "l", "l2", "0")));
        steps.add(step("BLMOVE at once", setup(cmd("RPUSH", "l", "a")),
                cmd("BLMOVE", "l", "l2", "left", "RIGHT", "0")));
        steps.add(step("BZPOPMIN at once", setup(cmd("ZADD", "z", "1", "a", "2", "b")),
                cmd("BZPOPMIN", "z", "0")));
        steps.add(step("ZMPOP", setup(cmd("ZADD", "z", "1", "a", "2", "b")),
                cmd("ZMPOP", "1", "z", "MAX", "COUNT", "5")));
        steps.add(step("BZMPOP at once", setup(cmd("ZADD", "z", "1", "a", "2", "b")),
                cmd("BZMPOP", "0", "1", "z", "MIN")));
        steps.add(step("ZPOPMIN as sent", setup(cmd("ZADD", "z", "1", "a", "2", "b")),
                cmd("ZPOPMIN", "z", "5")));
        steps.add(step("XADD MAXLEN ~ trimming", setup(xadds(300)),
                cmd("XADD", "x", "MAXLEN", "~", "10", "*", "f", "v")));
        steps.add(step("XADD MAXLEN ~ LIMIT", setup(xadds(300)),
                cmd("XADD", "x", "MAXLEN", "~", "10", "LIMIT", "100", "*", "f", "v")));
        steps.add(step("XADD MAXLEN ~ not trimming", setup(xadds(5)),
                cmd("XADD", "x", "MAXLEN", "~", "1000", "*", "f", "v")));
        steps.add(step("XADD MINID ~", setup(xadds(300)),
                cmd("XADD", "x", "MINID", "~", "2", "*", "f", "v")));
        steps.add(step("XTRIM MAXLEN ~", setup(xadds(300)), cmd("XTRIM", "x", "MAXLEN", "~", "5")));
        steps.add(step("XTRIM MAXLEN ~ nothing", setup(xadds(5)), cmd("XTRIM", "x", "MAXLEN", "~", "2")));
        steps.add(step("XADD explicit ID", NONE, cmd("XADD", "x", "5-1", "f", "v")));
        steps.add(step("XADD ID with *", NONE, cmd("XADD", "x", "5-*", "f", "v")));
        steps.add(step("XGROUP CREATE", setup(cmd("XADD", "x", "1-1", "f", "v")),
                cmd("XGROUP", "CREATE", "x", "g", "0")));
        // Consumer groups: Redis 7.0 propagates XCLAIMs (and XGROUP SETID), never the command
        String[][] group = setup(cmd("XADD", "x", "1-1", "f", "v"), cmd("XADD", "x", "2-1", "f", "v"),
                cmd("XGROUP", "CREATE", "x", "g", "0"));
        String[][] delivered = setup(cmd("XADD", "x", "1-1", "f", "v"),
                cmd("XADD", "x", "2-1", "f", "v"), cmd("XGROUP", "CREATE", "x", "g", "0"),
                cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", ">"));
        steps.add(step("XREADGROUP, two entries", group,
                cmd("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "x", ">")));
        steps.add(step("XREADGROUP NOACK", group,
                cmd("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "x", ">")));
        steps.add(step("XREADGROUP NOACK, known consumer", delivered, cmd("XADD", "x", "3-1", "f", "v"),
                cmd("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "x", ">")));
        steps.add(step("XREADGROUP NOACK, history, new consumer", delivered,
                cmd("XREADGROUP", "GROUP", "g", "c3", "NOACK", "STREAMS", "x", "0")));
        steps.add(step("XREADGROUP, nothing new", delivered,
                cmd("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "x", ">")));
        steps.add(step("XREADGROUP, history", delivered,
                cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", "0")));
        steps.add(served("XREADGROUP served",
                cmd("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "x", ">"),
                cmd("XADD", "x", "3-1", "f", "v")));
        steps.add(step("XGROUP CREATECONSUMER", group, cmd("XGROUP", "CREATECONSUMER", "x", "g", "c9")));
        steps.add(step("XCLAIM", delivered, cmd("XCLAIM", "x", "g", "c2", "0", "1-1")));
        steps.add(step("XCLAIM JUSTID RETRYCOUNT, ID as given", delivered,
                cmd("XCLAIM", "x", "g", "c2", "0", "1", "2-1", "JUSTID", "RETRYCOUNT", "5")));
        steps.add(step("XCLAIM of a deleted entry", delivered, cmd("XDEL", "x", "1-1"),
                cmd("XCLAIM", "x", "g", "c2", "0", "1-1", "2-1")));
        steps.add(step("XCLAIM moving LASTID only", delivered,
                cmd("XCLAIM", "x", "g", "c2", "0", "9-9", "LASTID", "5-0")));
        steps.add(step("XCLAIM FORCE", group, cmd("XCLAIM", "x", "g", "c2", "0", "2-1", "FORCE")));
        steps.add(step("XAUTOCLAIM", delivered, cmd("XDEL", "x", "1-1"),
                cmd("XAUTOCLAIM", "x", "g", "c2", "0", "0-0")));
        steps.add(step("XACK", delivered, cmd("XACK", "x", "g", "1-1", "7-7")));
        steps.add(new Step("RESTORE TTL", setup(cmd("SET", "src", "v")), (c, port) -> {
            byte[] dump = bulk(c.call("DUMP", "src"));
            c.call(bytes("RESTORE"), bytes("k"), bytes("100000"), dump);
            c.call(bytes("RESTORE"), bytes("k"), bytes("100000"), dump, bytes("REPLACE"));
            c.call(bytes("RESTORE"), bytes("k2"), bytes("0"), dump);
            c.call(bytes("RESTORE"), bytes("k3"), bytes("99999999999999"), dump, bytes("ABSTTL"));
            c.call(bytes("RESTORE"), bytes("k3"), bytes("1"), dump, bytes("REPLACE"),
                    bytes("ABSTTL"));
        }));
        // Units: more than one propagated command goes inside MULTI/EXEC
        steps.add(step("MULTI, two writes", NONE, cmd("MULTI"), cmd("SET", "a", "1"),
                cmd("SET", "b", "2"), cmd("EXEC")));
        steps.add(step("MULTI, one write", NONE, cmd("MULTI"), cmd("GET", "a"), cmd("SET", "b", "2"),
                cmd("EXEC")));
        steps.add(step("MULTI with SPOP", NONE, cmd("MULTI"), cmd("SADD", "s", "a", "b", "c"),
                cmd("SPOP", "s", "2"), cmd("EXEC")));
        steps.add(step("EVAL, two writes", NONE,
                cmd("EVAL", "redis.call('set','x','1') redis.call('set','y','2')", "0")));
        steps.add(step("EVAL, one write", NONE, cmd("EVAL", "redis.call('set','x','1')", "0")));
        steps.add(step("EVAL, no write", NONE, cmd("EVAL", "return redis.call('get','x')", "0")));
        // Blocked clients served by another client's write: each its own unit
        steps.add(served("BLPOP served", cmd("BLPOP", "bl", "0"), cmd("LPUSH", "bl", "x")));
        steps.add(served("BLMOVE served", cmd("BLMOVE", "bl", "bl2", "LEFT", "RIGHT", "0"),
                cmd("LPUSH", "bl", "x", "y")));
        steps.add(served("BRPOPLPUSH served", cmd("BRPOPLPUSH", "bl", "bl2", "0"),
                cmd("RPUSH", "bl", "x")));
        steps.add(served("BLMPOP served", cmd("BLMPOP", "0", "1", "bl", "RIGHT", "COUNT", "5"),
                cmd("RPUSH", "bl", "x", "y")));
        steps.add(served("BZPOPMIN served", cmd("BZPOPMIN", "bz", "0"), cmd("ZADD", "bz", "1", "m")));
        steps.add(served("BZMPOP served", cmd("BZMPOP", "0", "1", "bz", "MAX", "COUNT", "3"),
                cmd("ZADD", "bz", "1", "m", "2", "n")));
        // Expiry: a DEL, in the unit of the command that met the key, or alone
        steps.add(expiring("GET of an expired key", cmd("GET", "e"), "e"));
        steps.add(expiring("SET over an expired key", cmd("SET", "e", "v2"), "e"));
        steps.add(expiring("MGET of two expired keys", cmd("MGET", "e", "e2"), "e", "e2"));
        steps.add(expiring("DEL of an expired key", cmd("DEL", "e"), "e"));
        steps.add(expiring("EXISTS of an expired key", cmd("EXISTS", "e"), "e"));
        steps.add(new Step("MULTI meeting an expired key", expiringKeys("e"), (c, port) -> {
            c.call("MULTI");
            c.call("GET", "e");
            c.call("SET", "o", "1");
            c.call("EXEC");
        }));
        steps.add(new Step("evictions", setup(cmd("SET", "v0", "x".repeat(1000)),
                cmd("SET", "v1", "x".repeat(1000)), cmd("SET", "v2", "x".repeat(1000))), (c, port) -> {
            c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            c.call("CONFIG", "SET", "maxmemory", "1"); // every key goes, each a DEL of its own
            c.call("CONFIG", "SET", "maxmemory", "0");
            c.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }));
        steps.add(new Step("active expiry", NONE, (c, port) -> {
            for (int i = 0; i < 3; i++) {
                c.call("SET", "a" + i, "v", "PX", "1");
            }
            Thread.sleep(600); // Redis's cron runs 10 times a second
        }));
        return steps;
    }

    private static String[][] xadds(int n) {
        String[][] out = new String[n][];
        for (int i = 0; i < n; i++) {
            out[i] = cmd("XADD", "x", "*", "f", Integer.toString(i));
        }
        return out;
    }

    /** A client blocks on {@code blocking}; this step measures {@code write}, which serves it. */
    private static Step served(String name, String[] blocking, String[] write) {
        return new Step(name, NONE, (c, port) -> {
            try (RespConnection waiter = new RespConnection("127.0.0.1", port)) {
                waiter.send(Commands.bytes(blocking));
                for (int i = 0; i < 200 && !text(c.call("INFO", "clients")).contains(
                        "blocked_clients:1"); i++) {
                    Thread.sleep(10);
                }
                c.call(write);
                waiter.readReply();
            }
        });
    }

    /** Keys that expire with active expiry off (run() turns it on again after each step). */
    private static String[][] expiringKeys(String... keys) {
        String[][] setup = new String[keys.length + 1][];
        setup[0] = cmd("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        for (int i = 0; i < keys.length; i++) {
            setup[i + 1] = cmd("SET", keys[i], "v", "PX", "1");
        }
        return setup;
    }

    /** This step measures {@code command}, which meets the given keys expired. */
    private static Step expiring(String name, String[] command, String... keys) {
        return new Step(name, expiringKeys(keys), (c, port) -> c.call(command));
    }

    private static List<String> run(int port) throws Exception {
        List<String> deltas = new ArrayList<>();
        try (RespConnection c = new RespConnection("127.0.0.1", port)) {
            for (Step step : steps()) {
                c.call("FLUSHALL");
                for (String[] command : step.setup()) {
                    c.call(command);
                }
                Thread.sleep(20); // past the 1 ms deadlines of the setups
                long before = offset(c);
                step.action().run(c, port);
                deltas.add(step.name() + ": " + (offset(c) - before));
                c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            }
        }
        return deltas;
    }

    @Test
    void everyStepMovesTheOffsetByRedisBytes() throws Exception {
        List<String> redis = run(realPrimary.port());
        List<String> cortado = run(primary.port());
        assertThat(cortado).containsExactlyElementsOf(redis);
    }

    private static final Pattern OFFSET = Pattern.compile("master_repl_offset:(\\d+)");

    private static long offset(RespConnection c) throws IOException {
        Matcher m = OFFSET.matcher(text(c.call("INFO", "replication")));
        if (!m.find()) {
            throw new AssertionError("no master_repl_offset");
        }
        return Long.parseLong(m.group(1));
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of a bulk reply frame ($n\r\n...\r\n). */
    private static byte[] bulk(byte[] frame) {
        int start = 0;
        while (frame[start] != '\n') {
            start++;
        }
        return java.util.Arrays.copyOfRange(frame, start + 1, frame.length - 2);
    }
}
