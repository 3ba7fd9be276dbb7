package dev.cortado;

import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.times;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.assertj.CortadoAssertions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster's data view, its shared mock layer, its assertions and TLS on every node. */
class CortadoClusterTest {
  private static CortadoCluster cluster;

  @BeforeAll
  static void start() {
    cluster = CortadoCluster.builder().masters(3).replicas(1).build().start();
  }

  @AfterAll
  static void stop() {
    cluster.stop();
  }

  @AfterEach
  void reset() {
    cluster.reset();
  }

  @Test
  void data_writesEachKeyOnTheNodeThatOwnsItsSlot_andClientsReadItThere() {
    // slots: user:1 -> 10778 (node 1), user:4 -> 15039 (node 2), config -> 4717 (node 0)
    cluster.data().set("user:1", "ada").set("user:4", "bob").hset("config", "mode", "on");
    for (String key : List.of("user:1", "user:4", "config")) {
      CortadoServer owner = cluster.nodeFor(key);
      assertThat(cluster.data().serverFor(key)).isSameAs(owner);
      assertThat(owner.data().exists(key)).as(key).isTrue();
      for (CortadoServer other : cluster.nodes().subList(0, 3)) {
        if (other != owner) {
          assertThat(other.data().exists(key)).as("%s on %s", key, other).isFalse();
        }
      }
      try (TestClient c = new TestClient(owner)) {
        assertThat(c.call("TYPE", key)).isEqualTo(key.equals("config") ? "+hash\r\n" : "+string\r\n");
      }
    }
    assertThat(cluster.nodeFor("user:1")).isNotSameAs(cluster.nodeFor("user:4"));
    assertThat(cluster.data().get("user:4")).isEqualTo("bob");
    assertThat(cluster.data().keys()).containsExactly("config", "user:1", "user:4");
    assertThat(cluster.data().size()).isEqualTo(3);
    assertThat(cluster.data().del("user:1", "user:4", "nothing")).isEqualTo(2);
    assertThat(cluster.data().dump()).contains("\"config\" hash").doesNotContain("user:1");
    cluster.data().flush();
    assertThat(cluster.data().size()).isZero();
  }

  @Test
  void data_replicasFollowWhatItWrites() {
    cluster.data().set("user:1", "ada");
    int owner = cluster.nodes().indexOf(cluster.nodeFor("user:1"));
    try (TestClient c = new TestClient(cluster.node(owner))) {
      assertThat(c.call("WAIT", "1", "5000")).isEqualTo(":1\r\n");
    }
    assertThat(cluster.node(owner + 3).data().get("user:1")).isEqualTo("ada");
  }

  @Test
  void assertions_tellWhichNodeHoldsAKey() {
    cluster.data().set("user:1", "ada");
    CortadoServer owner = cluster.nodeFor("user:1");
    CortadoAssertions.assertThat(cluster).key("user:1").isOn(owner).hasValue("ada");
    CortadoServer elsewhere = cluster.node(0) == owner ? cluster.node(1) : cluster.node(0);
    assertThatThrownBy(() -> CortadoAssertions.assertThat(cluster).key("user:1").isOn(elsewhere))
        .isInstanceOf(AssertionError.class).hasMessageContaining("its slot is served by");
    assertThatThrownBy(() -> CortadoAssertions.assertThat(cluster).key("user:4").isOn(cluster.nodeFor("user:4")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void mock_isSharedByEveryNode_stubsAnswerAndOneJournalRecordsThemAll() {
    assertThat(cluster.node(0).mock()).isSameAs(cluster.mock()).isSameAs(cluster.node(4).mock());
    cluster.mock().when(command("GET", "user:1")).thenReturn(value("stubbed"));
    cluster.data().set("user:4", "bob");
    try (TestClient one = new TestClient(cluster.nodeFor("user:1"));
        TestClient two = new TestClient(cluster.nodeFor("user:4"))) {
      assertThat(one.call("GET", "user:1")).isEqualTo("$7\r\nstubbed\r\n");
      assertThat(two.call("GET", "user:4")).isEqualTo("$3\r\nbob\r\n");
    }
    cluster.mock().verify(times(1), command("GET", "user:1"));
    cluster.mock().verify(times(1), command("GET", "user:4"));
    assertThat(cluster.mock().journal()).extracting(c -> c.args().get(0))
        .containsSubsequence("user:1", "user:4");
  }

  @Test
  void mock_verifyWithinWaitsForACommandOnAnyNode() throws Exception {
    Thread sender = new Thread(() -> {
      try (TestClient c = new TestClient(cluster.nodeFor("user:4"))) {
        c.call("SET", "user:4", "late");
      }
    });
    sender.start();
    cluster.mock().verifyWithin(Duration.ofSeconds(5), times(1), command("SET", "user:4", "late"));
    sender.join();
  }

  @Test
  void tls_everyNodeServesTlsAndTheTopologyNamesThosePorts() throws IOException {
    try (CortadoCluster secure = CortadoCluster.builder().masters(3).tlsSelfSigned().build().start()) {
      for (CortadoServer node : secure.nodes()) {
        assertThat(node.isTls()).isTrue();
      }
      CortadoServer first = secure.node(0);
      String slots = tlsCall(first, "CLUSTER SLOTS\r\n");
      for (CortadoServer node : secure.nodes()) {
        assertThat(slots).contains(":" + node.port() + "\r\n");
      }
      assertThat(tlsCall(secure.nodeFor("user:1"), "PING\r\n")).isEqualTo("+PONG\r\n");
    }
  }

  private static String tlsCall(CortadoServer server, String inline) throws IOException {
    try (SSLSocket socket = (SSLSocket) server.tlsClientContext().getSocketFactory()
        .createSocket(server.host(), server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(inline.getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[8192];
      int n = socket.getInputStream().read(buf);
      return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
  }
}
