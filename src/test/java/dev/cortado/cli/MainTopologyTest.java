package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.TestClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
  private static void shutDown(int port, CompletableFuture<Integer> main) throws Exception {
    try (TestClient c = MainConfigTest.connect(port, main)) {
      c.send("SHUTDOWN", "NOSAVE");
    }
  }

  @Test
  void aClusterTakesDebugForEveryNode_andEndsWhenItsNodesAreShutDown() throws Exception {
    int port = MainConfigTest.freePort();
    CompletableFuture<Integer> main = CompletableFuture.supplyAsync(() -> new CommandLine(
        new Main()).execute("--cluster", "1", "--port", Integer.toString(port),
        "--enable-debug-command", "yes"));
    try (TestClient c = MainConfigTest.connect(port, main)) {
      assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
      assertThat(c.bulk("CLUSTER", "INFO")).contains("cluster_state:ok");
    }
    shutDown(port, main);
    assertThat(main.get(10, TimeUnit.SECONDS)).isEqualTo(0);
  }

  @Test
  void aSentinelDeploymentTakesDebugForItsDataNodes() throws Exception {
    int port = MainConfigTest.freePort();
    int sentinelPort = MainConfigTest.freePort();
    CompletableFuture<Integer> main = CompletableFuture.supplyAsync(() -> new CommandLine(
        new Main()).execute("--sentinel", "--replicas", "0", "--sentinels", "1", "--port",
        Integer.toString(port), "--sentinel-port", Integer.toString(sentinelPort),
        "--enable-debug-command", "yes"));
    try (TestClient c = MainConfigTest.connect(port, main)) {
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
