package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * AUTH and HELLO AUTH, differential: a redis-server started with {@code --requirepass secret} and a
 * Cortado built with {@code .password("secret")} receive the same raw bytes (RESP2 and RESP3, several
 * requests per packet), and everything they send back must be identical, except the client id in
 * HELLO's map. Unless the case ends with the connection closed, a PING follows, so each case also
 * checks whether the connection ended up authenticated. A passwordless pair covers AUTH without a
 * password, and the limits Redis puts on unauthenticated requests (10 arguments, 16 KiB each).
 */
class AuthConformanceTest {

    private static Process redisWithPassword;
    private static Server redis;
    private static CortadoServer cortado;
    private static Server cortadoWithPassword;
    private static RealRedis redisNoPassword;
    private static CortadoServer cortadoNoPasswordServer;
    private static Server cortadoNoPassword;

    @BeforeAll
    static void servers() throws IOException {
        redis = startRedisWithPassword("secret");
        cortado = CortadoServer.builder().port(0).password("secret").build().start();
        cortadoWithPassword = Server.of("cortado", cortado);
        redisNoPassword = RealRedis.start("redis-nopass");
        cortadoNoPasswordServer = CortadoServer.builder().port(0).build().start();
        cortadoNoPassword = Server.of("cortado-nopass", cortadoNoPasswordServer);
    }

    @AfterAll
    static void stop() {
        if (redisWithPassword != null) {
            redisWithPassword.destroyForcibly();
        }
        if (cortado != null) {
            cortado.stop();
        }
        if (redisNoPassword != null) {
            redisNoPassword.close();
        }
        if (cortadoNoPasswordServer != null) {
            cortadoNoPasswordServer.stop();
        }
    }

    /** One exchange: the raw request, how many replies it gets, and whether the server then closes. */
    record Case(String name, byte[] request, int replies, boolean closes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> withPassword() {
        List<Case> cases = new ArrayList<>();
        for (String[] cmd : new String[][] {{"PING"}, {"GET", "k"}, {"SET", "k", "v"}, {"SELECT", "1"},
                {"ECHO", "x"}, {"CLIENT", "ID"}, {"CLIENT", "SETNAME", "n"}, {"COMMAND", "COUNT"}, {"MULTI"},
                {"DBSIZE"}, {"INFO"}, {"CONFIG", "GET", "requirepass"}, {"FLUSHALL"}, {"EXEC"}}) {
            cases.add(new Case("before AUTH: " + String.join(" ", cmd), cmd(cmd), 1, false));
        }
        cases.addAll(List.of(
                // Unknown commands and wrong arity are refused before the authentication check.
                new Case("before AUTH: unknown command", cmd("NOSUCH", "a"), 1, false),
                new Case("before AUTH: GET without key", cmd("GET"), 1, false),
                new Case("before AUTH: inline PING", latin1("PING\r\n"), 1, false),
                new Case("AUTH without arguments", cmd("AUTH"), 1, false),
                new Case("QUIT before AUTH", cmd("QUIT"), 1, true),
                new Case("RESET before AUTH", cmd("RESET"), 1, false),
                new Case("AUTH secret, PING in one packet", cat(cmd("AUTH", "secret"), cmd("PING")), 2, false),
                new Case("AUTH default secret", cmd("AUTH", "default", "secret"), 1, false),
                new Case("AUTH with the wrong password", cmd("AUTH", "wrong"), 1, false),
                new Case("AUTH default with the wrong password", cmd("AUTH", "default", "wrong"), 1, false),
                new Case("AUTH nouser secret", cmd("AUTH", "nouser", "secret"), 1, false),
                new Case("AUTH with too many arguments", cmd("AUTH", "a", "b", "c"), 1, false),
                new Case("AUTH with an empty password", cmd("AUTH", ""), 1, false),
                new Case("auth in lower case", cmd("auth", "secret"), 1, false),
                new Case("inline AUTH then PING", latin1("AUTH secret\r\nPING\r\n"), 2, false),
                new Case("inline AUTH wrong then PING", latin1("AUTH wrong\r\nPING\r\n"), 2, false),
                new Case("wrong AUTH, right AUTH, SET, GET pipelined",
                        cat(cmd("AUTH", "wrong"), cmd("AUTH", "secret"), cmd("SET", "auth:k", "v"),
                                cmd("GET", "auth:k"), cmd("DEL", "auth:k")), 5, false),
                new Case("right AUTH then a wrong one keeps the client authenticated",
                        cat(cmd("AUTH", "secret"), cmd("AUTH", "wrong")), 2, false),
                new Case("MULTI before AUTH, then AUTH and a transaction",
                        cat(cmd("MULTI"), cmd("AUTH", "secret"), cmd("MULTI"), cmd("PING"), cmd("EXEC")), 5, false),
                new Case("AUTH inside MULTI", cat(cmd("AUTH", "secret"), cmd("MULTI"), cmd("AUTH", "secret"),
                        cmd("EXEC")), 4, false),
                new Case("RESET after AUTH logs out", cat(cmd("AUTH", "secret"), cmd("RESET")), 2, false),
                // HELLO: RESP3 from here on when it succeeds.
                new Case("HELLO 4", cmd("HELLO", "4"), 1, false),
                new Case("HELLO 3 AUTH default secret", cmd("HELLO", "3", "AUTH", "default", "secret"), 1, false),
                new Case("HELLO 2 AUTH default secret", cmd("HELLO", "2", "AUTH", "default", "secret"), 1, false),
                new Case("HELLO 3 AUTH with the wrong password", cmd("HELLO", "3", "AUTH", "default", "wrong"), 1,
                        false),
                new Case("HELLO 2 AUTH with the wrong password", cmd("HELLO", "2", "AUTH", "default", "wrong"), 1,
                        false),
                new Case("HELLO 3 AUTH nouser secret", cmd("HELLO", "3", "AUTH", "nouser", "secret"), 1, false),
                new Case("HELLO 3 AUTH without the password", cmd("HELLO", "3", "AUTH", "default"), 1, false),
                new Case("HELLO AUTH without a version", cmd("HELLO", "AUTH", "default", "secret"), 1, false),
                new Case("HELLO 3 AUTH then SETNAME, CLIENT GETNAME",
                        cat(cmd("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "n"), cmd("CLIENT", "GETNAME")),
                        2, false),
                new Case("RESP3: errors of AUTH after HELLO 3 AUTH",
                        cat(cmd("HELLO", "3", "AUTH", "default", "secret"), cmd("AUTH", "wrong"),
                                cmd("AUTH", "nouser", "secret"), cmd("AUTH", "a", "b", "c"), cmd("GET", "auth:none"),
                                cmd("AUTH", "default", "secret")), 6, false),
                new Case("RESP3: AUTH, HELLO 3, wrong AUTH, PING",
                        cat(cmd("AUTH", "secret"), cmd("HELLO", "3"), cmd("AUTH", "wrong"), cmd("PING")), 4, false),
                new Case("RESP3: RESET after HELLO 3 AUTH returns to RESP2, logged out",
                        cat(cmd("HELLO", "3", "AUTH", "default", "secret"), cmd("RESET")), 2, false),
                // Limits on requests before AUTH: more than 10 arguments or a bulk over 16 KiB closes.
                new Case("before AUTH: 11 arguments", latin1("*11\r\n"), 1, true),
                new Case("before AUTH: 11 arguments, sent in full", multibulkOf(11), 1, true),
                new Case("before AUTH: 10 arguments are refused with NOAUTH only", multibulkOf(10), 1, false),
                new Case("before AUTH: a 16385-byte bulk", latin1("*1\r\n$16385\r\n"), 1, true),
                new Case("before AUTH: AUTH with a 16385-byte password",
                        latin1("*3\r\n$4\r\nAUTH\r\n$7\r\ndefault\r\n$16385\r\n"), 1, true),
                new Case("before AUTH: a 16384-byte bulk is allowed",
                        cmd("ECHO", "x".repeat(16384)), 1, false),
                new Case("AUTH lifts the argument limit for the request behind it",
                        cat(cmd("AUTH", "secret"), multibulkOf(11)), 2, false),
                new Case("AUTH lifts the bulk limit for the request behind it",
                        cat(cmd("AUTH", "secret"), cmd("ECHO", "y".repeat(16385))), 2, false),
                new Case("HELLO AUTH lifts the limits",
                        cat(cmd("HELLO", "2", "AUTH", "default", "secret"), multibulkOf(12)), 2, false),
                new Case("a wrong AUTH keeps the limits", cat(cmd("AUTH", "wrong"), latin1("*11\r\n")), 2, true),
                new Case("RESET brings the limits back", cat(cmd("AUTH", "secret"), cmd("RESET"),
                        latin1("*1\r\n$16385\r\n")), 3, true)));
        return cases.stream().map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("withPassword")
    void withPassword(Case c) throws IOException {
        assertSame(redis, cortadoWithPassword, c);
    }

    /** Redis 7.0 says "HELLO AUTH <user> <pass>" in this error; 7.2 says "HELLO <proto> AUTH ...". */
    @Test
    void helloBeforeAuth() throws IOException {
        assertSame(redis, cortadoWithPassword, new Case("HELLO", cmd("HELLO"), 1, false));
        assertSame(redis, cortadoWithPassword, new Case("HELLO 3", cmd("HELLO", "3"), 1, false));
        assertSame(redis, cortadoWithPassword, new Case("HELLO 2", cmd("HELLO", "2"), 1, false));
        assertSame(redis, cortadoWithPassword, new Case("HELLO 3 SETNAME", cmd("HELLO", "3", "SETNAME", "n"), 1,
                false));
    }

    static Stream<Arguments> withoutPassword() {
        return Stream.of(
                new Case("AUTH secret without a password set", cmd("AUTH", "secret"), 1, false),
                new Case("AUTH default secret without a password set", cmd("AUTH", "default", "secret"), 1, false),
                new Case("AUTH nouser secret without a password set", cmd("AUTH", "nouser", "secret"), 1, false),
                new Case("AUTH with too many arguments, no password set", cmd("AUTH", "a", "b", "c"), 1, false),
                new Case("HELLO 3 AUTH default anything, no password set",
                        cmd("HELLO", "3", "AUTH", "default", "anything"), 1, false),
                new Case("HELLO 3 AUTH nouser, no password set", cmd("HELLO", "3", "AUTH", "nouser", "x"), 1, false),
                new Case("RESP3: AUTH errors, no password set",
                        cat(cmd("HELLO", "3"), cmd("AUTH", "secret"), cmd("AUTH", "nouser", "x")), 3, false),
                new Case("no limits without a password: 11 arguments", multibulkOf(11), 1, false),
                new Case("no limits without a password: a 16385-byte bulk", cmd("ECHO", "z".repeat(16385)), 1, false)
        ).map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("withoutPassword")
    void withoutPassword(Case c) throws IOException {
        assertSame(redisNoPassword, cortadoNoPassword, c);
    }

    // --- helpers

    private static void assertSame(Server reference, Server subject, Case c) throws IOException {
        String expected = transcript(reference, c);
        assertThat(expected).as("the oracle's transcript of '%s' (fix the case)", c.name())
                .doesNotContain("<missing").endsWith(c.closes() ? "<closed>" : "<open>");
        assertThat(transcript(subject, c)).as("%s: %s", c.name(), Escape.bytes(c.request(), 300))
                .isEqualTo(expected);
    }

    /**
     * The case's replies, then either what came before the server closed plus {@code <closed>}, or a
     * PING's reply plus {@code <open>}. HELLO's client id is masked: it counts connections.
     */
    private static String transcript(Server s, Case c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RespConnection conn = new RespConnection(s.host(), s.port(), Duration.ofSeconds(3))) {
            conn.sendRaw(c.request());
            for (int i = 0; i < c.replies(); i++) {
                try {
                    out.writeBytes(conn.readReply());
                } catch (IOException e) {
                    out.writeBytes(latin1("<missing reply " + (i + 1) + ": " + e.getMessage() + ">"));
                    break;
                }
            }
            if (c.closes()) {
                try {
                    out.writeBytes(conn.readUntilClose());
                    out.writeBytes(latin1("<closed>"));
                } catch (SocketTimeoutException e) {
                    out.writeBytes(latin1("<kept open: " + e.getMessage() + ">"));
                }
            } else {
                try {
                    out.writeBytes(conn.call("PING"));
                    out.writeBytes(latin1("<open>"));
                } catch (IOException e) {
                    out.writeBytes(latin1("<no reply to PING: " + e.getMessage() + ">"));
                }
            }
        }
        return Escape.bytes(out.toByteArray()).replaceAll("\\$2\\\\r\\\\nid\\\\r\\\\n:[0-9]+", "\\$2\\\\r\\\\nid\\\\r\\\\n:<id>");
    }

    private static byte[] cmd(String... args) {
        return RespConnection.encode(Commands.bytes(args));
    }

    /** A multibulk request of n one-byte arguments "x" (an unknown command once allowed to run). */
    private static byte[] multibulkOf(int n) {
        String[] args = new String[n];
        java.util.Arrays.fill(args, "x");
        return cmd(args);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** RealRedis starts servers without a password; this one is started with --requirepass. */
    private static Server startRedisWithPassword(String password) throws IOException {
        Path binary = RealRedis.requireBinary();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("redis-auth-" + port + "-", ".log");
        log.toFile().deleteOnExit();
        redisWithPassword = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--requirepass", password)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process p = redisWithPassword;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "kill-redis-auth-" + port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (RespConnection c = new RespConnection("127.0.0.1", port, Duration.ofSeconds(1))) {
                if (new String(c.call("PING"), StandardCharsets.US_ASCII).startsWith("-NOAUTH")) {
                    int ready = port;
                    return new Server() {
                        @Override
                        public String name() {
                            return "redis";
                        }

                        @Override
                        public String host() {
                            return "127.0.0.1";
                        }

                        @Override
                        public int port() {
                            return ready;
                        }

                        @Override
                        public void close() {
                            p.destroyForcibly();
                        }
                    };
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server --requirepass did not start:\n" + Files.readString(log));
    }
}
