package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many pipelining clients on one key at once: every INCR must run exactly once and atomically, and
 * each connection must read its replies in order (so strictly increasing values).
 */
class PipelinedIncrLoadTest {
  private static final int CONNECTIONS = 50;
  private static final int INCRS = 20_000;
  /** Commands per write: a client pipelining in batches, not one 540 KB write. */
  private static final int BATCH = 500;
  private static final byte[] INCR = "*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void fiftyPipeliningConnections_countExactlyToAMillion() throws Exception {
    try (CortadoServer server = CortadoServer.builder().build().start()) {
      List<Socket> sockets = new ArrayList<>();
      // A writer and a reader per connection, so neither side waits on the other's buffers.
      ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS);
      try {
        for (int c = 0; c < CONNECTIONS; c++) {
          Socket s = new Socket(server.host(), server.port());
          s.setSoTimeout(30_000);
          sockets.add(s);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        List<Future<String>> readers = new ArrayList<>();
        for (Socket s : sockets) {
          writers.add(pool.submit(() -> {
            go.await();
            write(s.getOutputStream());
            return null;
          }));
          readers.add(pool.submit(() -> read(s.getInputStream())));
        }
        long start = System.nanoTime();
        go.countDown();
        for (int c = 0; c < CONNECTIONS; c++) {
          writers.get(c).get(60, TimeUnit.SECONDS);
          assertThat(readers.get(c).get(60, TimeUnit.SECONDS)).as("connection %d", c).isNull();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("%d connections x %d pipelined INCRs: %d ms (%.0f commands/s)%n", CONNECTIONS,
            INCRS, millis, CONNECTIONS * (double) INCRS / Math.max(1, millis) * 1000);
      } finally {
        pool.shutdownNow();
        for (Socket s : sockets) {
          s.close();
        }
      }
      try (TestClient client = new TestClient(server)) {
        assertThat(client.call("GET", "counter")).isEqualTo("$7\r\n1000000\r\n");
      }
    }
  }

  private static void write(OutputStream out) throws IOException {
    byte[] batch = new byte[INCR.length * BATCH];
    for (int i = 0; i < BATCH; i++) {
      System.arraycopy(INCR, 0, batch, i * INCR.length, INCR.length);
    }
    for (int sent = 0; sent < INCRS; sent += BATCH) {
      out.write(batch);
    }
    out.flush();
  }

  /** Reads every reply; null if all were integers, strictly increasing, else what went wrong. */
  private static String read(InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw, 64 * 1024);
    long previous = 0;
    for (int i = 0; i < INCRS; i++) {
      int type = in.read();
      if (type != ':') {
        return "reply " + i + " is not an integer: starts with " + (type < 0 ? "EOF" : "'" + (char) type + "'");
      }
      long value = 0;
      for (int c; (c = in.read()) != '\r'; ) {
        if (c < '0' || c > '9') {
          return "reply " + i + ": unexpected byte " + c;
        }
        value = value * 10 + (c - '0');
      }
      if (in.read() != '\n') {
        return "reply " + i + ": CR without LF";
      }
      if (value <= previous) {
        return "reply " + i + " is " + value + " after " + previous;
      }
      previous = value;
    }
    return null;
  }
}
