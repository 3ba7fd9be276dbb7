package dev.cortado.classpath;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A redis-server from PATH on a free loopback port, the other half of each parameterized test. */
final class RealRedis implements AutoCloseable {
  private final Process process;
  final int port;

  private RealRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RealRedis start() throws Exception {
    String binary = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "redis-server"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst().orElse(null);
    if (binary == null) {
      // On CI a missing oracle fails the run: a green build that compared nothing would be a lie.
      Assertions.assertNotEquals("true", System.getenv("CI"), "redis-server not on PATH and CI=true");
      Assumptions.abort("redis-server not on PATH");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return new RealRedis(process, port);
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(3, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
