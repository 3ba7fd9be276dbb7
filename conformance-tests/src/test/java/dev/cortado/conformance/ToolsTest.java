package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.CortadoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** redis-cli, redis-benchmark and the standalone jar, used the way people use them. */
class ToolsTest {
    private static CortadoServer server;

    @BeforeAll
    static void start() {
        server = CortadoServer.builder().build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Runs a command to completion and returns its standard output and error together. */
    private static String run(List<String> command, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code of %s, output:%n%s", command, text).isZero();
        return text;
    }

    private static List<String> cli(String... args) {
        return cli(server.port(), args);
    }

    private static List<String> cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs redis-cli against real Redis and against Cortado; the printed output must be the same. */
    private static String cliOnBoth(String... args) throws Exception {
        String expected = run(cli(Servers.reference().port(), args), null);
        String actual = run(cli(args), null);
        assertThat(actual).as("redis-cli %s", String.join(" ", args)).isEqualTo(expected);
        return actual;
    }

    private static void requireTool(String name) {
        boolean present = RealRedis.binaryAvailable() || System.getenv("CI") != null;
        assumeTrue(present, name + " is not installed");
    }

    @Test
    void redisCli_printsWhatItPrintsForRedis() throws Exception {
        requireTool("redis-cli");
        assertThat(cliOnBoth("SET", "tool:greeting", "hello world")).isEqualTo("OK\n");
        assertThat(cliOnBoth("GET", "tool:greeting")).isEqualTo("hello world\n");
        cliOnBoth("STRLEN", "tool:greeting");
        cliOnBoth("GET", "tool:missing");
        cliOnBoth("INCR", "tool:greeting");
        assertThat(cliOnBoth("NOSUCHCOMMAND")).startsWith("ERR unknown command 'NOSUCHCOMMAND'");
        cliOnBoth("DEL", "tool:greeting");
    }

    @Test
    void redisCli_resp3() throws Exception {
        requireTool("redis-cli");
        cliOnBoth("SET", "tool:r3", "v");
        assertThat(cliOnBoth("-3", "GET", "tool:r3")).isEqualTo("v\n");
        cliOnBoth("-3", "GET", "tool:missing");
        cliOnBoth("-3", "EXISTS", "tool:r3");
        cliOnBoth("-3", "DEL", "tool:r3");
    }

    @Test
    void redisCli_scanWithPattern() throws Exception {
        requireTool("redis-cli");
        for (int i = 0; i < 120; i++) {
            run(cli("SET", "scan:" + i, "x"), null);
        }
        run(cli("SET", "other", "x"), null);
        String out = run(cli("--scan", "--pattern", "scan:*"), null);
        List<String> keys = out.lines().sorted().distinct().toList();
        assertThat(keys).hasSize(120).allMatch(k -> k.startsWith("scan:"));
    }

    @Test
    void redisCli_interactiveSession() throws Exception {
        requireTool("redis-cli");
        assumeTrue(onPath("tmux") || System.getenv("CI") != null, "tmux is not installed");
        // tmux gives redis-cli a real terminal, so it runs its interactive mode (line editing, and
        // COMMAND DOCS for hints); each line waits for its reply on the screen before the next.
        String session = "cortado-cli-" + server.port();
        run(List.of("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
            String.join(" ", cli())), null);
        try {
            typeAndAwait(session, "", "127.0.0.1:" + server.port() + ">");
            typeAndAwait(session, "SET tool:i 41", "OK");
            typeAndAwait(session, "INCR tool:i", "(integer) 42");
            typeAndAwait(session, "GET tool:i", "\"42\"");
            typeAndAwait(session, "HELLO 3", "proto");
            // Argument hints come from COMMAND DOCS, shown as a command is typed.
            run(List.of("tmux", "send-keys", "-t", session, "SET tool:k v "), null);
            typeAndAwait(session, "", "SET tool:k v [NX|XX] [GET] [EX seconds|PX milliseconds");
            run(List.of("tmux", "send-keys", "-t", session, "C-u"), null);
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Types a line (none when empty) and waits until the expected text shows after it. */
    private static void typeAndAwait(String session, String line, String expected) throws Exception {
        if (!line.isEmpty()) {
            run(List.of("tmux", "send-keys", "-t", session, line, "Enter"), null);
        }
        String screen = "";
        for (int i = 0; i < 100; i++) {
            screen = run(List.of("tmux", "capture-pane", "-p", "-t", session), null);
            int typed = line.isEmpty() ? 0 : screen.lastIndexOf(line);
            if (typed >= 0 && screen.indexOf(expected, typed + line.length()) >= 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + expected + "' after '" + line + "'; screen:\n" + screen);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void redisBenchmark_runsSetAndGet() throws Exception {
        requireTool("redis-benchmark");
        String out = run(List.of("redis-benchmark", "-p", Integer.toString(server.port()),
            "-t", "set,get,incr", "-n", "2000", "-c", "10", "-q"), null);
        assertThat(out).containsPattern("SET: [0-9.]+ requests per second")
            .containsPattern("GET: [0-9.]+ requests per second")
            .containsPattern("INCR: [0-9.]+ requests per second");
    }

    /** The standalone jar started with {@code args}, its output and errors in one stream. */
    private static Process startStandalone(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("cortado.standalone.jar", "missing"));
        assertThat(jar).as("standalone jar (run `mvn install` at the root first)").exists();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void standaloneJar_printsReadyLineServesAndStopsOnSigterm() throws Exception {
        Process p = startStandalone("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            Matcher m = Pattern.compile("Cortado ready to accept connections on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(ready));
            assertThat(m.matches()).as("ready line: %s", ready).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (RespConnection c = new RespConnection("127.0.0.1", port)) {
                assertThat(new String(c.call("PING"), StandardCharsets.ISO_8859_1)).isEqualTo("+PONG\r\n");
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            try (ServerSocket again = new ServerSocket(port)) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void standaloneJar_exitsAfterShutdown() throws Exception {
        Process p = startStandalone("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = Pattern.compile(".*:(\\d+)").matcher(String.valueOf(out.readLine()));
            assertThat(m.matches()).isTrue();
            try (RespConnection c = new RespConnection("127.0.0.1", Integer.parseInt(m.group(1)))) {
                assertThat(new String(c.call("SHUTDOWN", "ABORT"), StandardCharsets.ISO_8859_1))
                    .isEqualTo("-ERR No shutdown in progress.\r\n");
                c.send(Commands.bytes("SHUTDOWN", "NOSAVE"));
                assertThat(c.readUntilClose()).isEmpty();
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited after SHUTDOWN").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void standaloneJar_sentinel_primaryReplicasAndSentinelsThatNameIt() throws Exception {
        Process p = startStandalone("--sentinel", "--port", "0",
            "--sentinel-port", "0", "--sentinels", "2", "--master-name", "orders");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                lines.add(out.readLine());
            }
            assertThat(lines.get(0)).matches("Cortado primary 'orders' ready to accept connections on 127\\.0\\.0\\.1:\\d+");
            assertThat(lines.get(1)).matches("Cortado replica ready to accept connections on 127\\.0\\.0\\.1:\\d+");
            assertThat(lines.subList(2, 4)).allMatch(l -> l.matches("Cortado Sentinel ready to accept connections on 127\\.0\\.0\\.1:\\d+"));
            String primaryPort = lines.get(0).substring(lines.get(0).lastIndexOf(':') + 1);
            String sentinelPort = lines.get(3).substring(lines.get(3).lastIndexOf(':') + 1);
            try (RespConnection s = new RespConnection("127.0.0.1", Integer.parseInt(sentinelPort))) {
                assertThat(new String(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "orders"), StandardCharsets.ISO_8859_1))
                    .isEqualTo("*2\r\n$9\r\n127.0.0.1\r\n$" + primaryPort.length() + "\r\n" + primaryPort + "\r\n");
            }
            try (RespConnection c = new RespConnection("127.0.0.1", Integer.parseInt(primaryPort))) {
                assertThat(new String(c.call("ROLE"), StandardCharsets.ISO_8859_1)).startsWith("*3\r\n$6\r\nmaster\r\n");
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void standaloneJar_cluster_redisCliFollowsRedirects() throws Exception {
        requireTool("redis-cli");
        Process p = startStandalone("--cluster", "3", "--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).matches("Cortado cluster node 0 \\(primary\\) ready to accept connections on 127\\.0\\.0\\.1:\\d+");
            out.readLine();
            out.readLine();
            String port = first.substring(first.lastIndexOf(':') + 1);
            // user:1 hashes to slot 10778, node 1's: redis-cli -c follows the MOVED there.
            assertThat(run(List.of("redis-cli", "-c", "-p", port, "SET", "user:1", "ada"), null)).isEqualTo("OK\n");
            assertThat(run(List.of("redis-cli", "-c", "-p", port, "GET", "user:1"), null)).isEqualTo("ada\n");
            try (RespConnection c = new RespConnection("127.0.0.1", Integer.parseInt(port))) {
                assertThat(new String(c.call("GET", "user:1"), StandardCharsets.ISO_8859_1)).startsWith("-MOVED 10778 127.0.0.1:");
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void standaloneJar_help() throws Exception {
        Path jar = Path.of(System.getProperty("cortado.standalone.jar", "missing"));
        assumeTrue(Files.exists(jar), "standalone jar not built");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(java, "-jar", jar.toString(), "--help"), null);
        assertThat(out).contains("--port").contains("--bind").contains("--requirepass")
            .contains("--databases").contains("--enable-debug-command").contains("--aclfile");
    }
}
