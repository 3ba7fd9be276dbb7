package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT LIST / INFO buffer fields by their meaning, as redis-server 7.0.15 shows them: the running
 * command's own request in qbuf and its arguments in argv-mem, a blocked command's arguments, the
 * requests held behind a paused one, multi-mem inside MULTI, omem growing while a client does not
 * read; and cmd=NULL after an unknown command. Exact values match Redis where they can (qbuf=26
 * and argv-mem=10 for CLIENT INFO, multi-mem 29 for SET a 1).
 */
class ClientListBuffersTest {
  private CortadoServer server;

  @BeforeEach
  void start() {
    server = CortadoServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static long field(String line, String name) {
    Matcher m = Pattern.compile(" " + Pattern.quote(name) + "=(\\d+)").matcher(line);
    assertThat(m.find()).as(name + " in " + line).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void ownClientInfo_countsItsOwnRequestAndArguments() {
    try (TestClient c = new TestClient(server)) {
      String info = c.bulk("CLIENT", "INFO");
      assertThat(field(info, "qbuf")).isEqualTo(26);
      assertThat(field(info, "argv-mem")).isEqualTo(10);
      assertThat(field(info, "multi-mem")).isZero();
      assertThat(field(info, "tot-mem")).isGreaterThanOrEqualTo(36);
      assertThat(info).contains(" events=r ");
    }
  }

  @Test
  void multiMem_growsWithQueuedCommands_andIsGoneAfterExec() {
    try (TestClient admin = new TestClient(server); TestClient c = new TestClient(server)) {
      String id = c.call("CLIENT", "ID").substring(1).trim();
      c.call("MULTI");
      assertThat(field(admin.bulk("CLIENT", "LIST", "ID", id), "multi-mem")).isZero();
      c.call("SET", "a", "1");
      assertThat(field(admin.bulk("CLIENT", "LIST", "ID", id), "multi-mem")).isEqualTo(29);
      c.call("SET", "abcdefghij", "0123456789");
      String line = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(field(line, "multi-mem")).isEqualTo(76);
      assertThat(field(line, "argv-mem")).as("nothing runs").isZero();
      assertThat(field(line, "qbuf")).isZero();
      c.call("EXEC");
      assertThat(field(admin.bulk("CLIENT", "LIST", "ID", id), "multi-mem")).isZero();
    }
  }

  @Test
  void aBlockedCommandKeepsItsArguments_andAPausedOneItsPipelineInQbuf() throws Exception {
    try (TestClient admin = new TestClient(server); TestClient b = new TestClient(server);
        TestClient p = new TestClient(server)) {
      String bid = b.call("CLIENT", "ID").substring(1).trim();
      b.send("BLPOP", "lst", "0");
      String line = "";
      for (int i = 0; i < 100 && !line.contains(" flags=b "); i++) {
        line = admin.bulk("CLIENT", "LIST", "ID", bid);
      }
      assertThat(field(line, "argv-mem")).isEqualTo(9);
      assertThat(line).contains(" cmd=blpop ");

      String pid = p.call("CLIENT", "ID").substring(1).trim();
      admin.call("CLIENT", "PAUSE", "100000", "WRITE");
      p.send("SET", "k", "1");
      p.send("PUBLISH", "c", "m"); // 31 bytes as sent
      p.send("ECHO", "x"); // 21
      line = admin.bulk("CLIENT", "LIST", "ID", pid);
      for (int i = 0; i < 100 && field(line, "qbuf") < 52; i++) {
        Thread.sleep(10);
        line = admin.bulk("CLIENT", "LIST", "ID", pid);
      }
      assertThat(field(line, "qbuf")).isEqualTo(52);
      assertThat(field(line, "argv-mem")).isEqualTo(5);
      admin.call("CLIENT", "UNPAUSE");
      assertThat(p.read()).isEqualTo("+OK\r\n");
      assertThat(p.read()).isEqualTo(":0\r\n");
      assertThat(p.read()).isEqualTo("$1\r\nx\r\n");
      assertThat(field(admin.bulk("CLIENT", "LIST", "ID", pid), "qbuf")).isZero();
    }
  }

  @Test
  void omemGrows_whileAClientDoesNotRead() throws Exception {
    try (TestClient admin = new TestClient(server);
        Socket lazy = new Socket()) {
      lazy.setReceiveBufferSize(4096);
      lazy.connect(new java.net.InetSocketAddress(server.host(), server.port()));
      OutputStream out = lazy.getOutputStream();
      out.write("*2\r\n$9\r\nSUBSCRIBE\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String lazyLine = "";
      for (int i = 0; i < 100 && !lazyLine.contains(" sub=1 "); i++) {
        String all = admin.bulk("CLIENT", "LIST", "TYPE", "pubsub");
        lazyLine = all.isBlank() ? "" : all.trim();
      }
      String message = "x".repeat(64 * 1024);
      for (int i = 0; i < 300; i++) { // 19 MB: past what the sockets hold, under the hard limit
        admin.call("PUBLISH", "big", message);
      }
      String line = admin.bulk("CLIENT", "LIST", "TYPE", "pubsub");
      assertThat(field(line, "omem")).as(line).isGreaterThan(1024 * 1024);
      assertThat(field(line, "oll")).isPositive();
      assertThat(field(line, "tot-mem")).isGreaterThanOrEqualTo(field(line, "omem"));
      assertThat(line).contains(" events=rw ");
    }
  }

  @Test
  void cmdIsNullAfterAnUnknownCommand_andTheNameAfterARefusedOne() {
    try (TestClient admin = new TestClient(server); TestClient c = new TestClient(server)) {
      String id = c.call("CLIENT", "ID").substring(1).trim();
      c.call("NOPE");
      assertThat(admin.bulk("CLIENT", "LIST", "ID", id)).contains(" cmd=NULL ");
      c.call("GET");
      assertThat(admin.bulk("CLIENT", "LIST", "ID", id)).contains(" cmd=get ");
      c.call("CLIENT", "NOPE");
      assertThat(admin.bulk("CLIENT", "LIST", "ID", id)).contains(" cmd=NULL ");
    }
  }

  /**
   * Redis's own buffers as its cron resizes them, on a manual clock (hz 10: a tick each 100 ms).
   * Each figure is what redis-server 7.0.15 printed after the same steps.
   */
  @Test
  void replyAndQueryBuffers_followRedisCron_andTotMemAddsThemUp() {
    ManualClock clock = new ManualClock();
    try (CortadoServer s = CortadoServer.builder().clock(clock).build().start();
        TestClient admin = new TestClient(s); TestClient c = new TestClient(s);
        TestClient idle = new TestClient(s)) {
      String id = c.call("CLIENT", "ID").substring(1).trim();
      String idleId = idle.call("CLIENT", "ID").substring(1).trim();
      String line = admin.bulk("CLIENT", "LIST", "ID", id);
      // A new client: 16 KB reply buffer, its query buffer's first read (20480 bytes allocated).
      assertThat(field(line, "rbs")).isEqualTo(16384);
      assertThat(field(line, "qbuf-free")).isEqualTo(20474);
      assertThat(field(line, "tot-mem")).isEqualTo(768 + 20480 + 16384);
      clock.advance(java.time.Duration.ofMillis(150));
      // The first tick: the peak (CLIENT ID's reply) restarts, the buffer shrinks to 1 KB.
      line = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(field(line, "rbs")).isEqualTo(1024);
      assertThat(field(line, "rbp")).isZero();
      c.call("SET", "big", "x".repeat(3000));
      c.call("GET", "big"); // fills the 1 KB buffer: the peak is the buffer
      line = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(field(line, "rbp")).isEqualTo(1024);
      clock.advance(java.time.Duration.ofMillis(100));
      line = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(field(line, "rbs")).as("a full buffer doubles").isEqualTo(2048);
      assertThat(field(line, "tot-mem")).isEqualTo(768 + 20480 + 2048);
      clock.advance(java.time.Duration.ofMillis(5000));
      line = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(field(line, "rbp")).as("the peak restarts every 5 s").isZero();
      assertThat(field(line, "rbs")).isEqualTo(1024);
      // Idle for more than 2 seconds: the cron gave the query buffer back.
      assertThat(field(line, "qbuf-free")).isZero();
      assertThat(field(line, "tot-mem")).isEqualTo(768 + 8 + 1024);
      idle.call("SUBSCRIBE", "a", "b", "c");
      idle.call("PSUBSCRIBE", "p*");
      line = admin.bulk("CLIENT", "LIST", "ID", idleId);
      // Three channels (3 dictEntries, 4 buckets) and a pattern (a list node).
      assertThat(field(line, "tot-mem")).isEqualTo(768 + 20480 + 1024 + 3 * 24 + 4 * 8 + 24);
      c.call("WATCH", "k1", "k2");
      c.call("MULTI");
      c.call("GET", "k");
      c.call("SET", "a", "1");
      c.call("SET", "b", "2");
      line = admin.bulk("CLIENT", "LIST", "ID", id);
      assertThat(field(line, "multi-mem")).isEqualTo(20 + 29 + 29);
      // Room for 4 queued commands (24 bytes each), two watched keys (56 bytes each).
      assertThat(field(line, "tot-mem")).isEqualTo(768 + 20480 + 1024 + 78 + 4 * 24 + 2 * 56);
    }
  }

  @Test
  void fd_isTheLowestFreeNumber_fromEight() {
    try (TestClient a = new TestClient(server); TestClient b = new TestClient(server)) {
      assertThat(field(a.bulk("CLIENT", "INFO"), "fd")).isEqualTo(8);
      assertThat(field(b.bulk("CLIENT", "INFO"), "fd")).isEqualTo(9);
      a.close();
      try (TestClient c = new TestClient(server)) {
        long fd = field(c.bulk("CLIENT", "INFO"), "fd");
        assertThat(fd).as("8 once the first client is gone, else 10").isIn(8L, 10L);
      }
    }
  }
}
