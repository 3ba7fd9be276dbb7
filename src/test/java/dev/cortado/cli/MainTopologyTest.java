package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.TestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The standalone jar's --cluster and --sentinel: the options a whole deployment takes reach every
 * node, the ones it cannot take are refused by name, and it ends once clients have shut every
 * server down.
 */
class MainTopologyTest {
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static TestClient connect(int port, CompletableFuture<Integer> main) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return new TestClient("127.0.0.1", port);
      } catch (RuntimeException notYet) {
        if (main.isDone() || System.nanoTime() > deadline) {
          throw new AssertionError("Main did not listen on " + port, notYet);
        }
        Thread.sleep(20);
      }
    }
  }

  private static void shutDown(int port, CompletableFuture<Integer> main) throws Exception {
    try (TestClient c = connect(port, main)) {
      c.send("SHUTDOWN", "NOSAVE");
    }
  }

  @Test
  void aClusterTakesDebugForEveryNode_andEndsWhenItsNodesAreShutDown() throws Exception {
    int port = freePort();
    CompletableFuture<Integer> main = CompletableFuture.supplyAsync(() -> new CommandLine(
        new Main()).execute("--cluster", "1", "--port", Integer.toString(port),
        "--enable-debug-command", "yes"));
    try (TestClient c = connect(port, main)) {
      assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
      assertThat(c.bulk("CLUSTER", "INFO")).contains("cluster_state:ok");
    }
    shutDown(port, main);
    assertThat(main.get(10, TimeUnit.SECONDS)).isEqualTo(0);
  }

  @Test
  void aSentinelDeploymentTakesDebugForItsDataNodes() throws Exception {
    int port = freePort();
    int sentinelPort = freePort();
    CompletableFuture<Integer> main = CompletableFuture.supplyAsync(() -> new CommandLine(
        new Main()).execute("--sentinel", "--replicas", "0", "--sentinels", "1", "--port",
        Integer.toString(port), "--sentinel-port", Integer.toString(sentinelPort),
        "--enable-debug-command", "yes"));
    try (TestClient c = connect(port, main)) {
      assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
    }
    shutDown(port, main);
    shutDown(sentinelPort, main);
    assertThat(main.get(10, TimeUnit.SECONDS)).isEqualTo(0);
  }

  private static String refusal(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new Main()).execute(args);
    } finally {
      System.setErr(saved);
    }
    assertThat(exit).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void optionsOfASingleServerAreRefusedByName() {
    assertThat(refusal("--cluster", "3", "--aclfile", "users.acl"))
        .isEqualTo("cortado: --aclfile is not available with --cluster\n");
    assertThat(refusal("--cluster", "3", "--master-name", "m"))
        .isEqualTo("cortado: --master-name is not available with --cluster\n");
    assertThat(refusal("--sentinel", "--admin-port", "0"))
        .isEqualTo("cortado: --admin-port is not available with --sentinel\n");
    assertThat(refusal("--sentinel", "--tls-cert-file", "c.pem", "--tls-key-file", "k.pem"))
        .isEqualTo("cortado: --tls-cert-file is not available with --sentinel\n");
  }
}
