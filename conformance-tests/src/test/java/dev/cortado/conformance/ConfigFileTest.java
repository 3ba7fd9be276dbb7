package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standalone jar started with {@code --config FILE} against redis-server started with the same
 * file: every parameter the file sets reads back the same through CONFIG GET. The jar is
 * {@code -Dconformance.cortado.jar} when given, else the one {@code mvn install} builds.
 */
class ConfigFileTest {
    /** Set per server by the command line, or shown differently by design (README: differences). */
    private static final Set<String> NOT_COMPARED = Set.of("port", "bind", "dir", "include", "user",
            "rename-command", "loadmodule", "daemonize", "logfile", "pidfile");

    /** Appended to every file: both servers in the foreground, logging to stdout, in a temp dir. */
    private static final String FOREGROUND = "\ndaemonize no\nlogfile \"\"\npidfile \"\"\n";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"redis-conf/settings.conf", "/etc/redis/redis.conf"})
    void configGetShowsWhatRedisShowsForTheSameFile(String source) throws Exception {
        RealRedis.requireBinary();
        String text;
        if (source.startsWith("/")) {
            assumeTrue(Files.isReadable(Path.of(source)), source + " not installed");
            text = Files.readString(Path.of(source), StandardCharsets.ISO_8859_1);
        } else {
            try (var in = ConfigFileTest.class.getClassLoader().getResourceAsStream(source)) {
                text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        Path conf = tmp.resolve("redis.conf");
        Files.writeString(conf, text + FOREGROUND + "dir " + tmp + "\n", StandardCharsets.ISO_8859_1);
        String password = password(text);

        Process redis = null;
        Process cortado = null;
        try {
            int redisPort = freePort();
            redis = start(List.of(RealRedis.requireBinary().toString(), conf.toString(),
                    "--port", Integer.toString(redisPort)), tmp.resolve("redis.log"));
            int cortadoPort = freePort();
            cortado = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar().toString(), "--config", conf.toString(),
                    "--port", Integer.toString(cortadoPort)), tmp.resolve("cortado.log"));
            try (RespConnection r = connect(redisPort, redis, tmp.resolve("redis.log"), password);
                 RespConnection c = connect(cortadoPort, cortado, tmp.resolve("cortado.log"), password)) {
                SoftAssertions soft = new SoftAssertions();
                Set<String> names = names(text);
                assertThat(names).as("directives of %s", source).isNotEmpty();
                for (String name : names) {
                    soft.assertThat(Escape.bytes(c.call("CONFIG", "GET", name), 500))
                            .as("CONFIG GET %s", name)
                            .isEqualTo(Escape.bytes(r.call("CONFIG", "GET", name), 500));
                }
                soft.assertThat(Escape.bytes(c.call("CONFIG", "GET", "bind"), 500))
                        .as("CONFIG GET bind: Cortado listens on the first address")
                        .contains(firstBind(r));
                soft.assertAll();
            }
        } finally {
            stop(cortado);
            stop(redis);
        }
    }

    /** A file Redis refuses: the jar refuses it too, with the same report on stderr, byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {
        "foo bar",
        "port 7000\nmaxmemory lots",
        "\n\nappendonly maybe",
        "requirepass \"abc",
        "requirepass \"a\"b",
        "port 1 2",
        "save 900",
        "client-output-buffer-limit master 0 0 0",
        "client-output-buffer-limit normal 0 0",
        "notify-keyspace-events Q",
        "maxmemory-policy bogus",
        "rename-command nosuch x",
        "dbfilename a/b",
        "foo.bar",
        "cluster-enabled yes\nreplicaof 127.0.0.1 6379",
        "include {tmp}/bad-include.conf"})
    void aFileRedisRefusesIsRefusedWithRedisReport(String text) throws Exception {
        RealRedis.requireBinary();
        Files.writeString(tmp.resolve("bad-include.conf"), "port 7001\nshutdown-on-sigint bogus\n");
        Path conf = Files.writeString(tmp.resolve("bad.conf"), text.replace("{tmp}", tmp.toString()) + "\n");
        String redis = refusal(List.of(RealRedis.requireBinary().toString(), conf.toString()));
        String cortado = refusal(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "--config", conf.toString()));
        assertThat(redis).as("redis-server's report").contains("*** FATAL CONFIG FILE ERROR");
        assertThat(cortado).isEqualTo(redis);
    }

    /** What a process that must refuse to start prints on stderr (its exit code must be 1). */
    private String refusal(List<String> command) throws Exception {
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " started instead of refusing the file");
        }
        assertThat(p.exitValue()).as("exit code of %s", command).isEqualTo(1);
        return Files.readString(err, StandardCharsets.ISO_8859_1);
    }

    /** The parameter names the file sets (first word of each directive), lower case. */
    private static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String name = t.split("[ \t]+", 2)[0].toLowerCase(Locale.ROOT);
            if (!NOT_COMPARED.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The requirepass of the sample file (sdssplitargs of its quoted value), or null. */
    private static String password(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("requirepass ")) {
                String quoted = line.substring("requirepass ".length()).trim();
                return quoted.substring(1, quoted.length() - 1).replace("\\x65", "e");
            }
        }
        return null;
    }

    private static String firstBind(RespConnection r) throws IOException {
        String reply = Escape.bytes(r.call("CONFIG", "GET", "bind"), 500);
        // *2 $4 bind $N "a b": the first address, without Redis's optional mark
        String value = reply.substring(reply.lastIndexOf("\\r\\n", reply.length() - 5) + 4);
        String first = value.split(" ")[0].replace("\\r\\n", "");
        return first.startsWith("-") ? first.substring(1) : first;
    }

    private static Path jar() {
        String given = System.getProperty("conformance.cortado.jar", "").trim();
        Path jar = Path.of(given.isEmpty() ? System.getProperty("cortado.standalone.jar", "missing") : given);
        assertThat(jar).as("standalone jar (run `mvn install` at the root first, or give "
                + "-Dconformance.cortado.jar)").exists();
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** A connection once the process answers (authenticated when the file sets a password). */
    private static RespConnection connect(int port, Process p, Path log, String password)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                RespConnection c = new RespConnection("127.0.0.1", port, Duration.ofSeconds(5));
                if (password != null) {
                    assertThat(new String(c.call("AUTH", password), StandardCharsets.ISO_8859_1))
                            .isEqualTo("+OK\r\n");
                }
                return c;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("did not listen on " + port + ":\n" + Files.readString(log));
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
