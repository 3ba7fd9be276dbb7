package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.CortadoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values and files crossing between redis-server and the subject: a value built in Redis is DUMPed
 * there and RESTOREd in the subject, and the reverse; an RDB file saved by one is loaded by the
 * other (and accepted by redis-check-rdb); {@code redis-cli --rdb} reads one from the subject;
 * MIGRATE moves keys from the subject to Redis. After each crossing both sides must show the same
 * value (type, encoding, contents, TTL) through ordinary commands.
 */
class DumpRestoreCrossTest {
    private static Server redis;
    private static Server subject;
    private static RespConnection onRedis;
    private static RespConnection onSubject;

    @BeforeAll
    static void connect() throws IOException {
        redis = Servers.reference();
        subject = Servers.subject();
        onRedis = RespConnection.to(redis);
        onSubject = RespConnection.to(subject);
        // Encodings decide the bytes: both sides at Redis's defaults, whatever ran before.
        for (RespConnection c : List.of(onRedis, onSubject)) {
            run(c, "CONFIG", "SET", "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64",
                "set-max-intset-entries", "512", "zset-max-listpack-entries", "128",
                "zset-max-listpack-value", "64", "list-max-listpack-size", "-2",
                "stream-node-max-entries", "100", "stream-node-max-bytes", "4096",
                "rdbcompression", "yes");
        }
    }

    @AfterAll
    static void close() {
        onRedis.close();
        onSubject.close();
    }

    /** Each scenario: a name and the commands that build the key "x" (and maybe "y"). */
    static Stream<Arguments> values() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("int string", List.of("SET x 123")));
        out.add(Arguments.of("long string", List.of("SET x " + "abc".repeat(500))));
        out.add(Arguments.of("binary string", List.of("SET x \"\\x00\\xff\\r\\n\"")));
        out.add(Arguments.of("string with TTL", List.of("SET x v PX 100000")));
        out.add(Arguments.of("small list", List.of("RPUSH x a 1 -2 300 70000 b")));
        out.add(Arguments.of("big list", List.of(many("RPUSH x", 2000, i -> "item-" + i))));
        out.add(Arguments.of("list of big elements",
            List.of(many("RPUSH x", 50, i -> "e" + i + "-" + "x".repeat(700)))));
        out.add(Arguments.of("intset", List.of("SADD x 5 -3 100000 9223372036854775807")));
        out.add(Arguments.of("hashtable set", List.of(many("SADD x", 600, i -> "m" + i))));
        out.add(Arguments.of("listpack hash", List.of("HSET x f v n 12 neg -7")));
        out.add(Arguments.of("hashtable hash", List.of(many("HSET x", 300, i -> "f" + i + " v" + i))));
        out.add(Arguments.of("listpack zset", List.of("ZADD x 1 a 2.5 b -inf c 0.1 d 1e30 e")));
        out.add(Arguments.of("skiplist zset",
            List.of(many("ZADD x", 300, i -> (i * 0.37) + " m" + i))));
        out.add(Arguments.of("stream", List.of("XADD x 1-1 a 1 b 2", "XADD x 1-2 a 3 b 4",
            "XADD x 2-0 c 5", "XDEL x 1-2", "XGROUP CREATE x g 0",
            "XREADGROUP GROUP g alice COUNT 1 STREAMS x >", "XGROUP CREATECONSUMER x g bob",
            "XGROUP CREATE x g2 $")));
        out.add(Arguments.of("emptied stream", List.of("XADD x 1-1 f v", "XTRIM x MAXLEN 0")));
        List<String> stream = new ArrayList<>();
        for (int i = 1; i <= 350; i++) {
            stream.add("XADD x " + i + "-0 f " + i + " g v" + (i % 7));
        }
        stream.add("XDEL x 5-0 6-0 150-0");
        stream.add("XGROUP CREATE x grp 0");
        stream.add("XREADGROUP GROUP grp c1 COUNT 30 STREAMS x >");
        out.add(Arguments.of("stream of several nodes", stream));
        return out.stream();
    }

    private static String many(String prefix, int n, java.util.function.IntFunction<String> item) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(item.apply(i));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void dumpedByRedisRestoresInTheSubjectAndBack(String name, List<String> setup) throws Exception {
        run(onRedis, "DEL", "x", "x2");
        run(onSubject, "DEL", "x", "x2");
        for (String line : setup) {
            run(onRedis, args(line));
        }
        byte[] payload = bulk(onRedis.call("DUMP", "x"));
        long pttl = Long.parseLong(text(onRedis.call("PTTL", "x")).substring(1).trim());
        String ttl = Long.toString(Math.max(0, pttl));
        assertThat(text(onSubject.call(b("RESTORE"), b("x"), b(ttl), payload))).isEqualTo("+OK\r\n");
        assertSameValue("x", "x", name + " (Redis to subject)");
        byte[] back = bulk(onSubject.call("DUMP", "x"));
        if (!name.startsWith("hashtable")) {
            // Only dict-ordered encodings may differ, as they do between two Redis servers.
            assertThat(Escape.bytes(back)).as("DUMP of %s", name).isEqualTo(Escape.bytes(payload));
        }
        assertThat(text(onRedis.call(b("RESTORE"), b("x2"), b(ttl), back))).isEqualTo("+OK\r\n");
        assertSameValue("x2", "x", name + " (subject back to Redis)");
        run(onRedis, "DEL", "x", "x2");
        run(onSubject, "DEL", "x", "x2");
    }

    /** The value at {@code redisKey} in Redis and at {@code subjectKey} in the subject agree. */
    private static void assertSameValue(String redisKey, String subjectKey, String what)
            throws IOException {
        assertThat(view(onSubject, subjectKey)).as(what).isEqualTo(view(onRedis, redisKey));
    }

    /** A value as commands show it, with dict-ordered replies sorted. */
    static List<String> view(RespConnection c, String key) throws IOException {
        List<String> out = new ArrayList<>();
        String type = text(c.call("TYPE", key));
        out.add(type);
        out.add(text(c.call("OBJECT", "ENCODING", key)));
        long pttl = Long.parseLong(text(c.call("PTTL", key)).substring(1).trim());
        out.add(pttl < 0 ? "ttl " + pttl : "ttl " + (pttl > 0 ? "positive" : "zero"));
        switch (type) {
            case "+string\r\n" -> out.add(text(c.call("GET", key)));
            case "+list\r\n" -> out.add(text(c.call("LRANGE", key, "0", "-1")));
            case "+set\r\n" -> out.add(sorted(c.call("SMEMBERS", key)));
            case "+hash\r\n" -> out.add(sorted(c.call("HGETALL", key)));
            case "+zset\r\n" -> out.add(text(c.call("ZRANGE", key, "0", "-1", "WITHSCORES")));
            case "+stream\r\n" -> {
                out.add(text(c.call("XRANGE", key, "-", "+")));
                out.add(text(c.call("XINFO", "STREAM", key, "FULL")));
            }
            default -> out.add("no such key");
        }
        return out;
    }

    private static String sorted(byte[] reply) {
        Resp.Node n = Resp.parse(reply);
        List<String> items = new ArrayList<>();
        for (Resp.Node child : n.children()) {
            items.add(Escape.bytes(child.payload()));
        }
        items.sort(null);
        return items.toString();
    }

    @Test
    void anRdbFileSavedBySubjectLoadsInRedisAndPassesRedisCheckRdb() throws Exception {
        requireRedis();
        Path dir = Files.createTempDirectory("cortado-rdb");
        Path file = dir.resolve("dump.rdb");
        CortadoServer cortado = CortadoServer.builder().rdbFile(file).build().start();
        try (RespConnection c = new RespConnection("127.0.0.1", cortado.port())) {
            populate(c);
            assertThat(text(c.call("SAVE"))).isEqualTo("+OK\r\n");
            assertThat(run(List.of("redis-check-rdb", file.toString()))).contains("RDB looks OK");
            try (Redis loaded = Redis.start(dir, "dump.rdb");
                 RespConnection r = new RespConnection("127.0.0.1", loaded.port)) {
                for (int db = 0; db < 2; db++) {
                    run(c, "SELECT", Integer.toString(db));
                    run(r, "SELECT", Integer.toString(db));
                    assertThat(text(r.call("DBSIZE"))).isEqualTo(text(c.call("DBSIZE")));
                    for (String key : KEYS) {
                        assertThat(view(r, key)).as("%s in db %d", key, db).isEqualTo(view(c, key));
                    }
                }
                assertThat(text(r.call("FUNCTION", "LIST"))).isEqualTo(text(c.call("FUNCTION", "LIST")));
            }
        } finally {
            cortado.stop();
        }
    }

    @Test
    void anRdbFileSavedByRedisLoadsInTheSubject() throws Exception {
        requireRedis();
        Path dir = Files.createTempDirectory("cortado-rdb");
        try (Redis source = Redis.start(dir, "from-redis.rdb");
             RespConnection r = new RespConnection("127.0.0.1", source.port)) {
            populate(r);
            assertThat(text(r.call("SAVE"))).isEqualTo("+OK\r\n");
            CortadoServer cortado = CortadoServer.builder()
                .rdbFile(dir.resolve("from-redis.rdb")).build().start();
            try (RespConnection c = new RespConnection("127.0.0.1", cortado.port())) {
                for (int db = 0; db < 2; db++) {
                    run(c, "SELECT", Integer.toString(db));
                    run(r, "SELECT", Integer.toString(db));
                    assertThat(text(c.call("DBSIZE"))).isEqualTo(text(r.call("DBSIZE")));
                    for (String key : KEYS) {
                        assertThat(view(c, key)).as("%s in db %d", key, db).isEqualTo(view(r, key));
                    }
                }
                assertThat(text(c.call("FUNCTION", "LIST"))).isEqualTo(text(r.call("FUNCTION", "LIST")));
            } finally {
                cortado.stop();
            }
        }
    }

    @Test
    void redisCliRdbReadsASnapshotFromTheSubject() throws Exception {
        requireRedis();
        Path dir = Files.createTempDirectory("cortado-rdb");
        Path file = dir.resolve("cli.rdb");
        run(onSubject, "SET", "cli:rdb", "value");
        String out = run(List.of("redis-cli", "-h", subject.host(), "-p",
            Integer.toString(subject.port()), "--rdb", file.toString()));
        assertThat(out).contains("Transfer finished with success");
        assertThat(run(List.of("redis-check-rdb", file.toString()))).contains("RDB looks OK");
        run(onSubject, "DEL", "cli:rdb");
    }

    @Test
    void migrateMovesKeysFromTheSubjectToRedis() throws Exception {
        run(onSubject, "DEL", "mig:a", "mig:b", "mig:c");
        run(onRedis, "DEL", "mig:a", "mig:b", "mig:c");
        run(onSubject, "SET", "mig:a", "1");
        run(onSubject, "RPUSH", "mig:b", "x", "y");
        run(onSubject, "SET", "mig:c", "v", "PX", "100000");
        String port = Integer.toString(redis.port());
        assertThat(text(onSubject.call("MIGRATE", redis.host(), port, "mig:a", "0", "5000")))
            .isEqualTo("+OK\r\n");
        assertThat(text(onSubject.call("EXISTS", "mig:a"))).isEqualTo(":0\r\n");
        assertThat(text(onRedis.call("GET", "mig:a"))).isEqualTo("$1\r\n1\r\n");
        assertThat(text(onSubject.call("MIGRATE", redis.host(), port, "", "0", "5000", "COPY",
            "KEYS", "mig:b", "mig:c", "mig:none"))).isEqualTo("+OK\r\n");
        assertThat(text(onSubject.call("EXISTS", "mig:b", "mig:c"))).isEqualTo(":2\r\n");
        assertThat(view(onRedis, "mig:b")).isEqualTo(view(onSubject, "mig:b"));
        assertThat(view(onRedis, "mig:c")).isEqualTo(view(onSubject, "mig:c"));
        assertThat(text(onSubject.call("MIGRATE", redis.host(), port, "mig:b", "0", "5000")))
            .startsWith("-ERR Target instance replied with error: BUSYKEY");
        assertThat(text(onSubject.call("MIGRATE", redis.host(), port, "mig:b", "0", "5000",
            "REPLACE"))).isEqualTo("+OK\r\n");
        assertThat(text(onSubject.call("MIGRATE", redis.host(), port, "mig:none", "0", "5000")))
            .isEqualTo("+NOKEY\r\n");
        run(onRedis, "DEL", "mig:a", "mig:b", "mig:c");
        run(onSubject, "DEL", "mig:a", "mig:b", "mig:c");
    }

    @Test
    void migrateBetweenTwoCortadoServersInOneJvm() throws Exception {
        // Several servers share the JVM's loop threads: MIGRATE must not wait on its own loop.
        List<CortadoServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                servers.add(CortadoServer.builder().build().start());
            }
            CortadoServer from = servers.get(0);
            for (CortadoServer to : servers.subList(1, servers.size())) {
                try (RespConnection a = new RespConnection("127.0.0.1", from.port());
                     RespConnection b = new RespConnection("127.0.0.1", to.port())) {
                    run(a, "ZADD", "z", "1", "a", "2", "b");
                    assertThat(text(a.call("MIGRATE", "127.0.0.1", Integer.toString(to.port()), "z",
                        "3", "2000"))).isEqualTo("+OK\r\n");
                    run(b, "SELECT", "3");
                    assertThat(text(b.call("ZRANGE", "z", "0", "-1", "WITHSCORES")))
                        .isEqualTo("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
                    assertThat(text(a.call("EXISTS", "z"))).isEqualTo(":0\r\n");
                }
            }
        } finally {
            servers.forEach(CortadoServer::stop);
        }
    }

    private static final List<String> KEYS = List.of("s", "n", "l", "big", "set", "ints", "h",
        "hbig", "z", "zbig", "x", "ttl");

    /** One key of each type and encoding, in two databases, and a function library. */
    private static void populate(RespConnection c) throws IOException {
        run(c, "FLUSHALL");
        for (int db = 0; db < 2; db++) {
            run(c, "SELECT", Integer.toString(db));
            run(c, "SET", "s", "hello" + db);
            run(c, "SET", "n", "42");
            run(c, "RPUSH", "l", "a", "b", "3");
            run(c, args(many("RPUSH big", 1500, i -> "element-" + i)));
            run(c, args(many("SADD set", 100, i -> "m" + i)));
            run(c, "SADD", "ints", "1", "2", "-3");
            run(c, "HSET", "h", "f", "v");
            run(c, args(many("HSET hbig", 200, i -> "f" + i + " " + i)));
            run(c, "ZADD", "z", "1", "a", "0.5", "b");
            run(c, args(many("ZADD zbig", 200, i -> i + ".25 m" + i)));
            run(c, "XADD", "x", "1-1", "f", "v");
            run(c, "XGROUP", "CREATE", "x", "g", "0");
            run(c, "XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", ">");
            run(c, "SET", "ttl", "v", "PX", "500000");
        }
        run(c, "SELECT", "0");
        run(c, "FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f', function() "
            + "return 1 end)");
    }

    private static void requireRedis() {
        assumeTrue(RealRedis.binaryAvailable() || System.getenv("CI") != null,
            "redis-server is not installed");
    }

    /** A redis-server of this test's own, with its RDB file in {@code dir}. */
    private record Redis(Process process, int port) implements AutoCloseable {
        static Redis start(Path dir, String file) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--dbfilename", file).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(p.isAlive()).as("redis-server runs; log: %s",
                    readLog(dir, port)).isTrue();
                try (RespConnection c = new RespConnection("127.0.0.1", port, Duration.ofSeconds(1))) {
                    if (text(c.call("PING")).equals("+PONG\r\n")) {
                        return new Redis(p, port);
                    }
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            p.destroyForcibly();
            throw new AssertionError("redis-server did not start: " + readLog(dir, port));
        }

        private static String readLog(Path dir, int port) {
            try {
                return Files.readString(dir.resolve("redis-" + port + ".log"));
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", command, text).isZero();
        return text;
    }

    private static void run(RespConnection c, String... args) throws IOException {
        byte[] reply = c.call(args);
        assertThat(reply[0]).as("%s -> %s", Arrays.toString(args), Escape.bytes(reply))
            .isNotEqualTo((byte) '-');
    }

    private static void run(RespConnection c, byte[][] args) throws IOException {
        byte[] reply = c.call(args);
        assertThat(reply[0]).as("%s -> %s", Escape.command(args), Escape.bytes(reply))
            .isNotEqualTo((byte) '-');
    }

    private static byte[][] args(String line) {
        return CaseFile.split(line).toArray(new byte[0][]);
    }

    private static byte[] bulk(byte[] reply) {
        Resp.Node n = Resp.parse(reply);
        assertThat(n.type()).as("bulk reply %s", Escape.bytes(reply)).isEqualTo('$');
        return n.payload();
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
