package dev.cortado.server;

import static dev.cortado.protocol.RespFuzz.escape;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.TestClient;
import dev.cortado.protocol.ProtocolError;
import dev.cortado.protocol.RespDecoder;
import dev.cortado.protocol.RespFuzz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the wire, end to end: many connections send seeded mutated requests and random bytes to a
 * real server at once. Each must get one reply per request Redis would run and then, where Redis gives
 * up, the protocol error and a closed connection (or stay open where Redis waits), while a well-behaved
 * connection keeps working throughout. Byte-for-byte comparison with redis-server is in
 * conformance-tests (GarbageConformanceTest).
 */
class GarbageConnectionTest {
  private static final long SEED = 7;
  private static final int CONNECTIONS = 120;

  /** One garbage connection: what it sent, what Redis would do with it, what came back. */
  private static final class Garbage {
    final int index;
    final byte[] input;
    final List<Object> expected;
    final SocketChannel channel;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean closed;

    Garbage(int index, byte[] input, CortadoServer server) throws IOException {
      this.index = index;
      this.input = input;
      this.expected = RespFuzz.model(input, false, RespDecoder.DEFAULT_MAX_BULK);
      channel = SocketChannel.open(new InetSocketAddress(server.host(), server.port()));
      channel.configureBlocking(false);
    }

    boolean expectsClose() {
      return !expected.isEmpty() && expected.get(expected.size() - 1) instanceof ProtocolError;
    }

    int expectedReplies() {
      return expectsClose() ? expected.size() - 1 : expected.size();
    }

    void poll() throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (!closed) {
        buf.clear();
        int n;
        try {
          n = channel.read(buf);
        } catch (IOException reset) {
          n = -1;
        }
        if (n < 0) {
          closed = true;
        } else if (n == 0) {
          return;
        } else {
          received.write(buf.array(), 0, n);
        }
      }
    }

    boolean done() {
      return expectsClose() ? closed : closed || countFrames(received.toByteArray()) >= expectedReplies();
    }

    String describe() {
      return "connection " + index + " (seed " + SEED + ") sent \"" + escape(input) + "\"\nRedis would run "
          + expected + "\ngot \"" + escape(received.toByteArray()) + "\"" + (closed ? ", closed" : ", open");
    }
  }

  @Test
  void garbageConnections_getRedisErrorsAndClose_whileAnotherConnectionKeepsWorking() throws Exception {
    try (CortadoServer server = CortadoServer.builder().build().start();
        TestClient healthy = new TestClient(server)) {
      assertThat(healthy.call("SET", "k", "before")).isEqualTo("+OK\r\n");

      SplittableRandom random = new SplittableRandom(SEED);
      List<Garbage> all = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          Garbage g = new Garbage(i, garbage(random), server);
          all.add(g);
          g.channel.write(ByteBuffer.wrap(g.input));
          if (i % 10 == 0) { // the healthy connection, while garbage is arriving
            assertThat(healthy.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(healthy.call("SET", "k", "during" + i)).isEqualTo("+OK\r\n");
            assertThat(healthy.call("GET", "k")).isEqualTo("$" + ("during" + i).length() + "\r\nduring" + i + "\r\n");
          }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && !all.stream().allMatch(Garbage::done)) {
          for (Garbage g : all) {
            g.poll();
          }
          Thread.sleep(5);
        }
        Thread.sleep(200); // connections Redis keeps open must still be open a moment later
        int closes = 0;
        for (Garbage g : all) {
          g.poll();
          byte[] got = g.received.toByteArray();
          assertThat(g.closed).as("closed? %s", g.describe()).isEqualTo(g.expectsClose());
          assertThat(countFrames(got)).as("replies: %s", g.describe()).isEqualTo(g.expectedReplies()
              + (g.expectsClose() ? 1 : 0));
          if (g.expectsClose()) {
            closes++;
            String error = "-" + ((ProtocolError) g.expected.get(g.expected.size() - 1)).replyText() + "\r\n";
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).as(g.describe()).endsWith(error);
          }
        }
        // The sample must exercise both outcomes, or it tests less than it claims.
        assertThat(closes).as("connections closed by a protocol error").isBetween(10, CONNECTIONS - 10);
      } finally {
        for (Garbage g : all) {
          g.channel.close();
        }
      }
      assertThat(healthy.call("GET", "k")).isEqualTo("$" + ("during" + (CONNECTIONS - 1) / 10 * 10).length()
          + "\r\nduring" + (CONNECTIONS - 1) / 10 * 10 + "\r\n");
      assertThat(healthy.call("SET", "k", "after")).isEqualTo("+OK\r\n");
      assertThat(healthy.call("GET", "k")).isEqualTo("$5\r\nafter\r\n");
      try (TestClient fresh = new TestClient(server)) {
        assertThat(fresh.call("PING")).isEqualTo("+PONG\r\n");
      }
    }
  }

  /** Mutated requests mostly; some plain random bytes, some random bytes after a valid request. */
  private static byte[] garbage(SplittableRandom random) {
    int kind = random.nextInt(6);
    if (kind == 0 || kind == 1) {
      byte[] noise = new byte[1 + random.nextInt(200)];
      random.nextBytes(noise);
      if (kind == 1) { // a valid request first: its reply must still come before the error
        noise[0] = '*';
        byte[] valid = RespFuzz.multibulk(random);
        byte[] both = new byte[valid.length + noise.length];
        System.arraycopy(valid, 0, both, 0, valid.length);
        System.arraycopy(noise, 0, both, valid.length, noise.length);
        return both;
      }
      return noise;
    }
    return RespFuzz.mutate(RespFuzz.validStream(random), random);
  }

  /** How many complete RESP2 replies the bytes hold (errors and a server's own frames included). */
  static int countFrames(byte[] b) {
    int[] pos = {0};
    int n = 0;
    while (pos[0] < b.length && skipFrame(b, pos)) {
      n++;
    }
    return n;
  }

  private static boolean skipFrame(byte[] b, int[] pos) {
    int start = pos[0];
    int lineEnd = indexOfCrlf(b, start);
    if (lineEnd < 0) {
      return false;
    }
    char type = (char) b[start];
    pos[0] = lineEnd + 2;
    if (type == '$') {
      long len = Long.parseLong(new String(b, start + 1, lineEnd - start - 1, StandardCharsets.US_ASCII));
      if (len >= 0) {
        if (pos[0] + len + 2 > b.length) {
          return false;
        }
        pos[0] += (int) len + 2;
      }
    } else if (type == '*') {
      long count = Long.parseLong(new String(b, start + 1, lineEnd - start - 1, StandardCharsets.US_ASCII));
      for (long i = 0; i < count; i++) {
        if (pos[0] >= b.length || !skipFrame(b, pos)) {
          return false;
        }
      }
    }
    return true;
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
