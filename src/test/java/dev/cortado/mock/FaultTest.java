package dev.cortado.mock;

import static dev.cortado.mock.Mock.closeConnection;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.garbled;
import static dev.cortado.mock.Mock.noReply;
import static dev.cortado.mock.Mock.ok;
import static dev.cortado.mock.Mock.passThrough;
import static dev.cortado.mock.Mock.resetConnection;
import static dev.cortado.mock.Mock.truncated;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults act on one connection, keep pipelined replies in order, and leave others alone. */
class FaultTest {
  static CortadoServer server;
  RedisMock mock;

  @BeforeAll
  static void start() {
    server = CortadoServer.builder().build().start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.reset();
    mock = server.mock();
  }

  @Test
  void delay_holdsBackTheRepliesBehindIt_butNotOtherConnections() {
    mock.when(command("GET", "slow")).thenReturn(value("late").delayedBy(Duration.ofMillis(1000)));
    try (Wire w = new Wire(server); Wire other = new Wire(server)) {
      long start = System.nanoTime();
      w.send("SET a 1", "GET slow", "GET a");
      assertThat(w.reply()).isEqualTo("+OK\r\n");
      assertThat(millisSince(start)).as("replies before the delay are not held").isLessThan(800);
      assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(millisSince(start)).as("another connection is not held").isLessThan(800);
      assertThat(w.reply()).isEqualTo("$4\r\nlate\r\n");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(1000);
      assertThat(w.reply()).isEqualTo("$1\r\n1\r\n");
      assertThat(w.call("PING")).as("reading resumes").isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void delay_ofARealCommand_andTwoDelaysInOnePipeline() {
    server.data().set("k", "v");
    mock.when(command("GET")).thenReturn(passThrough().delayedBy(Duration.ofMillis(150)));
    try (Wire w = new Wire(server)) {
      long start = System.nanoTime();
      w.send("GET k", "GET k", "PING");
      assertThat(List.of(w.reply(), w.reply(), w.reply()))
          .containsExactly("$1\r\nv\r\n", "$1\r\nv\r\n", "+PONG\r\n");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void closeConnection_afterThePipelinedRepliesBeforeIt() throws IOException {
    mock.when(command("GET", "drop")).thenReturn(closeConnection());
    try (Wire w = new Wire(server); Wire other = new Wire(server)) {
      w.send("SET a 1", "GET drop", "SET b 2");
      assertThat(w.readToEnd()).isEqualTo("+OK\r\n");
      assertThat(other.call("EXISTS b")).as("nothing after the fault ran").isEqualTo(":0\r\n");
    }
    assertThat(mock.journal()).extracting(RecordedCommand::replyKind)
        .containsExactly(ReplyKind.SIMPLE_STRING, ReplyKind.NONE, ReplyKind.INTEGER);
  }

  @Test
  void resetConnection_theClientSeesAReset() {
    mock.when(command("GET", "rst")).thenReturn(resetConnection());
    try (Wire w = new Wire(server)) {
      w.send("GET rst");
      assertThatThrownBy(() -> {
        for (int i = 0; i < 2; i++) {
          if (w.read() < 0) {
            throw new AssertionError("closed without a reset");
          }
        }
      }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
    }
    try (Wire w = new Wire(server)) {
      assertThat(w.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void noReply_silencesTheConnectionForGood() throws IOException {
    mock.when(command("GET", "hang")).thenReturn(noReply());
    try (Wire w = new Wire(server); Wire other = new Wire(server)) {
      w.send("PING", "GET hang");
      assertThat(w.reply()).isEqualTo("+PONG\r\n");
      assertThat(w.silentFor(200)).isTrue();
      w.send("SET after 1");
      assertThat(w.silentFor(200)).isTrue();
      assertThat(other.call("EXISTS after")).isEqualTo(":0\r\n");
    }
    RecordedCommand ignored = mock.find(command("SET", "after", "1")).get(0);
    assertThat(ignored.replyKind()).as("seen, never run nor answered").isEqualTo(ReplyKind.NONE);
    assertThat(ignored.stubbed()).isTrue();
  }

  @Test
  void garbledAndTruncatedFrames() throws IOException {
    mock.when(command("GET", "garbled")).thenReturn(garbled());
    mock.when(command("GET", "cut")).thenReturn(truncated(value("0123456789")));
    try (Wire w = new Wire(server)) {
      w.send("GET garbled");
      assertThat(new String(new byte[] {(byte) w.read()})).isEqualTo("@");
    }
    try (Wire w = new Wire(server)) {
      w.send("GET cut");
      assertThat(w.readToEnd()).as("half of $10\\r\\n0123456789\\r\\n").isEqualTo("$10\r\n012");
    }
  }

  @Test
  void faultsInsideExec_actOnExecsReply() throws IOException {
    mock.when(command("GET", "slow")).thenReturn(value("s").delayedBy(Duration.ofMillis(200)));
    mock.when(command("GET", "drop")).thenReturn(closeConnection());
    try (Wire w = new Wire(server)) {
      long start = System.nanoTime();
      w.send("MULTI", "GET slow", "INCR n", "EXEC");
      w.reply();
      w.reply();
      w.reply();
      assertThat(w.reply()).isEqualTo("*2\r\n$1\r\ns\r\n:1\r\n");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(200);
    }
    try (Wire w = new Wire(server)) {
      w.send("MULTI", "INCR n", "GET drop", "EXEC");
      assertThat(w.readToEnd()).isEqualTo("+OK\r\n+QUEUED\r\n+QUEUED\r\n");
    }
    assertThat(server.data().get("n")).as("every queued command ran").isEqualTo("2");
  }

  @Test
  void aDelayedConnectionClosedByTheClient_isForgotten() {
    mock.when(command("GET")).thenReturn(ok().delayedBy(Duration.ofMillis(100)));
    Wire w = new Wire(server);
    w.send("GET a", "GET b");
    w.close();
    try (Wire other = new Wire(server)) {
      assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
    }
    assertThatThrownBy(w::reply).isInstanceOf(UncheckedIOException.class);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
