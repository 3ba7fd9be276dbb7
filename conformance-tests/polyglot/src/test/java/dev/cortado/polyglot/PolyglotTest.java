package dev.cortado.polyglot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin interface from other languages: the standalone jar runs as its own process with
 * {@code --admin-port 0 --manual-clock}, and each script (Python, Node.js, the console in headless
 * Chromium) stubs a failure, moves the clock and verifies what its code sent. A script's output is
 * shown when it fails.
 */
class PolyglotTest {
  private static final Pattern READY = Pattern.compile("ready to accept connections on .*:(\\d+)$");
  private static final Pattern ADMIN = Pattern.compile("admin interface on http://.*:(\\d+)/__admin/");
  private static final Path DIR = Path.of(System.getProperty("polyglot.dir", "."));
  private static Process server;
  private static int port;
  private static int adminPort;
  private static final StringBuilder serverOutput = new StringBuilder();

  @BeforeAll
  static void startTheStandaloneJar() throws Exception {
    String jar = System.getProperty("cortado.jar", "");
    if (jar.isEmpty()) {
      jar = Path.of(CortadoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    }
    assertThat(jar).as("the Cortado jar").endsWith(".jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server = new ProcessBuilder(java, "-jar", jar, "--port", "0", "--admin-port", "0",
        "--manual-clock").redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      serverOutput.append(line).append('\n');
      Matcher admin = ADMIN.matcher(line);
      if (admin.find()) {
        adminPort = Integer.parseInt(admin.group(1));
      }
      Matcher ready = READY.matcher(line);
      if (ready.find()) {
        port = Integer.parseInt(ready.group(1));
        break;
      }
    }
    assertThat(port).as("Redis port; the server said:\n" + serverOutput).isPositive();
    assertThat(adminPort).as("admin port; the server said:\n" + serverOutput).isPositive();
    Thread drain = new Thread(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          synchronized (serverOutput) {
            serverOutput.append(l).append('\n');
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "cortado-output");
    drain.setDaemon(true);
    drain.start();

    // npm ci once per checkout: the lock file pins node-redis and playwright-core.
    if (!Files.exists(DIR.resolve("node/node_modules/.package-lock.json"))) {
      Result npm = run(DIR.resolve("node"), 300, "npm", "ci", "--no-audit", "--no-fund");
      assertThat(npm.exit).as("npm ci:\n" + npm.output).isZero();
    }
  }

  @AfterAll
  static void stopIt() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  record Result(int exit, String output) {}

  private static Result run(Path dir, int timeoutSeconds, String... command) throws Exception {
    return run(dir, timeoutSeconds, Map.of(), command);
  }

  private static Result run(Path dir, int timeoutSeconds, Map<String, String> env,
      String... command) throws Exception {
    File log = Files.createTempFile("cortado-polyglot", ".log").toFile();
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log);
      pb.environment().putAll(env);
      pb.environment().put("CORTADO_PORT", Integer.toString(port));
      pb.environment().put("CORTADO_ADMIN_PORT", Integer.toString(adminPort));
      Process p = pb.start();
      boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String output = Files.readString(log.toPath());
      return new Result(done ? p.exitValue() : -1, (done ? "" : "TIMED OUT\n") + output);
    } finally {
      log.delete();
    }
  }

  private static String failureReport(String what, Result r) {
    synchronized (serverOutput) {
      return what + " exited " + r.exit + ". Its output:\n" + r.output
          + "\nThe server's output:\n" + serverOutput;
    }
  }

  @Test
  void pythonWithDebiansRedisClient() throws Exception {
    Result r = run(DIR.resolve("python"), 120, "/usr/bin/python3", "admin_test.py");
    assertThat(r.exit).as(failureReport("admin_test.py", r)).isZero();
    assertThat(r.output).contains("ok - the code retried past LOADING", "python: 13 passed, 0 failed");
  }

  @Test
  void nodeWithNodeRedis() throws Exception {
    Result r = run(DIR.resolve("node"), 120, "node", "admin-test.js");
    assertThat(r.exit).as(failureReport("admin-test.js", r)).isZero();
    assertThat(r.output).contains("ok - fails open on the stubbed error", "node: 17 passed, 0 failed");
  }

  @Test
  void theConsoleInHeadlessChromium() throws Exception {
    Path shots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    Files.createDirectories(shots);
    List<String> names = List.of("1-keys.png", "2-journal-stub.png", "3-clock.png", "4-reset.png");
    for (String n : names) {
      Files.deleteIfExists(shots.resolve(n));
    }
    Result r = run(DIR.resolve("node"), 180, Map.of("SCREENSHOT_DIR", shots.toAbsolutePath()
        .toString(), "CHROMIUM", "/usr/bin/chromium"), "node", "console-test.js");
    assertThat(r.exit).as(failureReport("console-test.js", r)).isZero();
    assertThat(r.output).contains("ok - greeting listed as a string", "console: 14 passed, 0 failed");
    for (String n : names) {
      Path shot = shots.resolve(n);
      assertThat(shot).as("screenshot kept").exists();
      assertThat(Files.size(shot)).as(n).isGreaterThan(1000);
    }
  }
}
