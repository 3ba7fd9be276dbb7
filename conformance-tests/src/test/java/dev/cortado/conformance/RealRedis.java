package dev.cortado.conformance;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server from PATH on a free loopback port: the oracle every reply is compared with.
 * Processes are killed on {@link #close()} and, as a safety net, by a JVM shutdown hook.
 */
final class RealRedis implements Server {

    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static RealRedis shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final String name;

    private RealRedis(Process process, int port, Path log, String name, Path dir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.name = name;
        this.dir = dir;
    }

    /**
     * The server's own working directory: a dump.rdb one test's server writes (SAVE, SHUTDOWN,
     * DEBUG RELOAD) is never loaded by the next server started, as it was from the shared working
     * directory (it made EvictionConformanceTest's Redis evict far more than needed).
     */
    private final Path dir;

    /** One oracle per JVM; cases isolate themselves with FLUSHALL and fresh connections. */
    static synchronized RealRedis shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start("redis");
        }
        return shared;
    }

    /** Starts a new redis-server, or skips the test (fails it on CI) when there is none. */
    static RealRedis start(String name) {
        return start(name, List.of());
    }

    /** A new redis-server with more arguments (e.g. a cluster node's); {@code {port}} is its port. */
    static RealRedis start(String name, List<String> extraArgs) {
        Path binary = requireBinary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port can be taken between probe and bind
            try {
                return launch(binary, freePort(), name, extraArgs);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start redis-server", last);
    }

    /**
     * A real Sentinel: redis-server in Sentinel mode with a configuration file of its own (Sentinel
     * rewrites it), written from {@code config} with {port} replaced.
     */
    static RealRedis startSentinel(String name, Path dir, String config) {
        Path binary = requireBinary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                int port = freePort();
                Path conf = dir.resolve("sentinel-" + port + ".conf");
                Files.writeString(conf, config.replace("{port}", String.valueOf(port)));
                return launch(binary, port, name, List.of("--sentinel"), conf);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start redis-server --sentinel", last);
    }

    /**
     * The redis-server binary, or an aborted test with a message nobody can miss.
     * On CI (CI=true) a missing oracle fails: a green run that compared nothing would be a lie.
     */
    /** Deletes a directory the real servers wrote in (files only, as they leave it), if any. */
    static void deleteDir(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
        java.nio.file.Files.deleteIfExists(dir);
    }

    static Path requireBinary() {
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            printMissingBinaryWarning();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("redis-server not on PATH and CI=true: refusing to skip the conformance suite");
            }
            Assumptions.abort("redis-server not on PATH");
        }
        return binary.get();
    }

    static void printMissingBinaryWarning() {
        String msg = "\n"
                    + "************************************************************************\n"
                    + "*  redis-server NOT FOUND (PATH or -Dconformance.redis-server): the    *\n"
                    + "*  conformance tests against real Redis are SKIPPED.                   *\n"
                    + "*  Install Redis 7 (e.g. apt-get install redis-server).                *\n"
                    + "************************************************************************\n";
        System.err.println(msg);
    }

    static boolean binaryAvailable() {
        return binary().isPresent();
    }

    /** {@code -Dconformance.redis-server=PATH} picks another build (e.g. a newer Redis); else PATH. */
    private static Optional<Path> binary() {
        String override = System.getProperty("conformance.redis-server", "").trim();
        if (!override.isEmpty()) {
            Path p = Path.of(override);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return findOnPath("redis-server");
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RealRedis launch(Path binary, int port, String name, List<String> extraArgs)
            throws IOException {
        return launch(binary, port, name, extraArgs, null);
    }

    /** With a configuration file, which redis-server takes as its first argument. */
    private static RealRedis launch(Path binary, int port, String name, List<String> extraArgs,
            Path configFile) throws IOException {
        Path log = Files.createTempFile("redis-" + port + "-", ".log");
        log.toFile().deleteOnExit();
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
        if (configFile != null) {
            command.add(configFile.toString());
        }
        Path dir = Files.createTempDirectory("redis-" + port + "-dir");
        command.addAll(List.of(
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", dir.toString())); // a test's own --dir, given after, wins
        for (String arg : extraArgs) {
            command.add(arg.replace("{port}", String.valueOf(port)));
        }
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RealRedis redis = new RealRedis(p, port, log, name, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(redis::kill, "kill-redis-" + port));
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with " + p.exitValue() + ":\n" + redis.logText());
            }
            try (RespConnection c = new RespConnection("127.0.0.1", port, Duration.ofSeconds(1))) {
                // The process we started, not a leftover redis-server that holds the port.
                String info = new String(c.call("INFO", "server"), StandardCharsets.US_ASCII);
                if (info.contains("\r\nprocess_id:" + p.pid() + "\r\n")) {
                    return redis;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(20);
        }
        redis.kill();
        throw new IOException("redis-server did not answer PING within " + STARTUP + ":\n" + redis.logText());
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void kill() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        kill();
        try {
            deleteDir(dir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
