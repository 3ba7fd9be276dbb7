package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.TestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The standalone server started with --config: the file's settings, overridden by the flags. */
class MainConfigTest {
  @TempDir
  Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs Main until a client's SHUTDOWN stops it; returns its exit code. */
  private static CompletableFuture<Integer> run(String... args) {
    return CompletableFuture.supplyAsync(() -> new CommandLine(new Main()).execute(args));
  }

  static TestClient connect(int port, CompletableFuture<Integer> main) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return new TestClient("127.0.0.1", port);
      } catch (RuntimeException notYet) {
        if (main.isDone() || System.nanoTime() > deadline) {
          throw new AssertionError("Main did not listen on " + port + " (exit "
              + (main.isDone() ? main.get() : "none") + ")", notYet);
        }
        Thread.sleep(20);
      }
    }
  }

  @Test
  void theFilesSettingsApplyAndTheFlagsOverrideThem() throws Exception {
    int filePort = freePort();
    int flagPort = freePort();
    Path conf = Files.writeString(dir.resolve("redis.conf"), String.join("\n",
        "port " + filePort,
        "databases 4",
        "maxmemory 10mb",
        "maxmemory-policy allkeys-lru",
        "notify-keyspace-events KEA",
        "daemonize yes",
        "save 900 1",
        "save 300 10",
        "hash-max-listpack-entries 1",
        "slave-read-only no",
        ""));
    CompletableFuture<Integer> main = run("--config", conf.toString(), "--port",
        Integer.toString(flagPort), "--dbfilename", "x.rdb", "--dir", dir.toString());
    try (TestClient c = connect(flagPort, main)) {
      assertThat(c.call("CONFIG", "GET", "port")).endsWith("$" + Integer.toString(flagPort).length()
          + "\r\n" + flagPort + "\r\n");
      assertThat(c.call("CONFIG", "GET", "databases")).endsWith("$1\r\n4\r\n");
      assertThat(c.call("SELECT", "4")).isEqualTo("-ERR DB index is out of range\r\n");
      assertThat(c.call("CONFIG", "GET", "maxmemory")).endsWith("\r\n10485760\r\n");
      assertThat(c.call("CONFIG", "GET", "maxmemory-policy")).endsWith("\r\nallkeys-lru\r\n");
      assertThat(c.call("CONFIG", "GET", "notify-keyspace-events")).endsWith("\r\nAKE\r\n");
      assertThat(c.call("CONFIG", "GET", "daemonize")).endsWith("\r\nyes\r\n");
      assertThat(c.call("CONFIG", "GET", "save")).endsWith("\r\n900 1 300 10\r\n");
      assertThat(c.call("CONFIG", "GET", "replica-read-only")).endsWith("\r\nno\r\n");
      assertThat(c.call("CONFIG", "GET", "dbfilename")).endsWith("\r\nx.rdb\r\n");
      c.call("HSET", "h", "a", "1", "b", "2");
      assertThat(c.call("OBJECT", "ENCODING", "h")).isEqualTo("$9\r\nhashtable\r\n");
      c.send("SHUTDOWN", "NOSAVE");
    }
    assertThat(main.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aBadLineStopsTheStartWithRedisReport() throws Exception {
    Path conf = Files.writeString(dir.resolve("redis.conf"), "port 7000\nmaxmemory lots\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new Main()).execute("--config", conf.toString());
    } finally {
      System.setErr(saved);
    }
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""

        *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
        Reading the configuration file, at line 2
        >>> 'maxmemory lots'
        argument must be a memory value
        """);
  }

  @Test
  void ignoredDirectivesAreReportedAndTheServerStarts() throws Exception {
    int port = freePort();
    Path conf = Files.writeString(dir.resolve("redis.conf"),
        "port " + port + "\nlogfile /nonexistent/redis.log\nrename-command KEYS \"\"\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    CompletableFuture<Integer> main;
    try {
      main = run("--config", conf.toString());
      try (TestClient c = connect(port, main)) {
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        c.send("SHUTDOWN", "NOSAVE");
      }
      assertThat(main.get(10, TimeUnit.SECONDS)).isZero();
    } finally {
      System.setErr(saved);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
        "cortado: ignoring 'rename-command KEYS \"\"': Cortado does not rename or remove commands\n"
        + "cortado: ignoring 'logfile /nonexistent/redis.log': Cortado does not act on logfile"
        + " (CONFIG GET shows the value)\n");
  }

  @Test
  void usersOfTheFileStartOffWithoutPasswordLikeRedisOnes() throws Exception {
    int port = freePort();
    Path conf = Files.writeString(dir.resolve("redis.conf"),
        "port " + port + "\nuser alice on >pw ~app:* +get\nuser bob\n");
    CompletableFuture<Integer> main = run("--config", conf.toString());
    try (TestClient c = connect(port, main)) {
      assertThat(c.call("AUTH", "alice", "pw")).isEqualTo("+OK\r\n");
      assertThat(c.call("ACL", "LIST")).isNotNull(); // alice may not run ACL: an error, no crash
      assertThat(c.call("AUTH", "bob", "")).startsWith("-WRONGPASS");
    }
    try (TestClient c = connect(port, main)) {
      // As redis-server shows them for the same lines.
      assertThat(c.call("ACL", "GETUSER", "bob")).contains("off");
      assertThat(c.call("ACL", "LIST")).contains("user alice on #")
          .contains(" ~app:* resetchannels -@all +get")
          .contains("user bob off resetchannels -@all");
      c.send("SHUTDOWN", "NOSAVE");
    }
    assertThat(main.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void builderConfigChecksAsRedisAndIsReadBack() {
    assertThatThrownBy(() -> CortadoServer.builder().config("maxmemory", "lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxmemory: argument must be a memory value");
    assertThatThrownBy(() -> CortadoServer.builder().config("nosuch", "1"))
        .hasMessage("unknown configuration parameter nosuch");
    assertThatThrownBy(() -> CortadoServer.builder().config("port", "1"))
        .hasMessage("port is set with its own builder method");
    try (CortadoServer s = CortadoServer.builder().config("hash-max-ziplist-entries", "1")
        .config("client-output-buffer-limit", "normal 1mb 2mb 3")
        .config("client-output-buffer-limit", "pubsub 0 0 0").build().start();
         TestClient c = new TestClient(s)) {
      assertThat(c.call("CONFIG", "GET", "hash-max-listpack-entries")).endsWith("\r\n1\r\n");
      assertThat(c.call("CONFIG", "GET", "client-output-buffer-limit")).endsWith(
          "\r\nnormal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 0 0 0\r\n");
    }
  }
}
