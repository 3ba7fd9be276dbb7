package dev.cortado;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keyspace benchmark, run by bench/keyspace.sh (not a test: it prints figures, asserts nothing).
 * Loads N string keys {@code key:N} with 13-byte values into a redis-server (its port is the first
 * argument) and into a Cortado in this JVM, then compares: bytes per key (Redis's used_memory growth
 * against the growth of this JVM's heap after GC), a full SCAN with COUNT 1000, and FLUSHALL.
 */
public final class KeyspaceBenchmark {
  private KeyspaceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int redisPort = Integer.parseInt(args[0]);
    int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    try (CortadoServer cortado = CortadoServer.builder().journalLimit(0).build().start();
        Client redis = new Client("127.0.0.1", redisPort);
        Client ours = new Client(cortado.host(), cortado.port())) {
      redis.call("FLUSHALL");
      long redisBefore = usedMemory(redis);
      load(redis, keys);
      long redisBytes = usedMemory(redis) - redisBefore;

      long heapBefore = heapAfterGc();
      load(ours, keys);
      long heapBytes = heapAfterGc() - heapBefore;
      check(redis, keys);
      check(ours, keys);

      System.out.printf(Locale.ROOT, "keys: %,d string keys key:N with 13-byte values%n", keys);
      System.out.printf(Locale.ROOT, "memory per key: redis %.1f B (used_memory), cortado %.1f B "
          + "(heap after GC), ratio %.2f (goal <= 1.5, issue #16)%n", (double) redisBytes / keys,
          (double) heapBytes / keys, (double) heapBytes / redisBytes);

      // Interleaved rounds: SCAN both, then FLUSHALL + reload both.
      List<Double> scanRedis = new ArrayList<>();
      List<Double> scanOurs = new ArrayList<>();
      List<Double> flushRedis = new ArrayList<>();
      List<Double> flushOurs = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        scanRedis.add(timeScan(redis, keys));
        scanOurs.add(timeScan(ours, keys));
        flushRedis.add(time(() -> redis.call("FLUSHALL")));
        flushOurs.add(time(() -> ours.call("FLUSHALL")));
        if (r + 1 < rounds) {
          load(redis, keys);
          load(ours, keys);
        }
      }
      double sr = median(scanRedis);
      double so = median(scanOurs);
      System.out.printf(Locale.ROOT, "full SCAN, COUNT 1000: redis %.0f ms, cortado %.0f ms, ratio "
          + "%.2f (goal <= 2) [medians of %d]%n", sr, so, so / sr, rounds);
      System.out.printf(Locale.ROOT, "FLUSHALL: redis %.0f ms, cortado %.0f ms (goal < 1000 ms) "
          + "[medians of %d]%n", median(flushRedis), median(flushOurs), rounds);
    }
  }

  private static void load(Client c, int keys) throws IOException {
    int batch = 10_000;
    for (int from = 0; from < keys; from += batch) {
      int to = Math.min(keys, from + batch);
      StringBuilder sb = new StringBuilder();
      for (int i = from; i < to; i++) {
        String key = "key:" + i;
        sb.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
            .append("\r\n$13\r\nvalue-").append(String.format(Locale.ROOT, "%07d", i % 10_000_000))
            .append("\r\n");
      }
      c.send(sb.toString());
      for (int i = from; i < to; i++) {
        c.readLine();
      }
    }
  }

  private static void check(Client c, int keys) throws IOException {
    String size = c.call("DBSIZE");
    if (!size.equals(":" + keys)) {
      throw new IllegalStateException("DBSIZE " + size + ", expected " + keys);
    }
  }

  private static double timeScan(Client c, int keys) throws IOException {
    long t0 = System.nanoTime();
    long seen = 0;
    String cursor = "0";
    do {
      c.send("*4\r\n$4\r\nSCAN\r\n$" + cursor.length() + "\r\n" + cursor + "\r\n$5\r\nCOUNT\r\n$4\r\n1000\r\n");
      c.readLine(); // *2
      c.readLine(); // $len
      cursor = c.readLine();
      int n = Integer.parseInt(c.readLine().substring(1));
      for (int i = 0; i < n; i++) {
        c.readLine();
        c.readLine();
      }
      seen += n;
    } while (!cursor.equals("0"));
    double ms = (System.nanoTime() - t0) / 1e6;
    if (seen < keys) {
      throw new IllegalStateException("SCAN saw " + seen + " of " + keys);
    }
    return ms;
  }

  interface IoAction {
    void run() throws IOException;
  }

  private static double time(IoAction action) throws IOException {
    long t0 = System.nanoTime();
    action.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  private static long usedMemory(Client c) throws IOException {
    for (String line : c.bulk("INFO", "memory").split("\r\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()));
      }
    }
    throw new IllegalStateException("no used_memory");
  }

  private static long heapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** A blocking RESP client, just enough for this benchmark (and ZSetBenchmark's). */
  static class Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Client(String host, int port) throws IOException {
      socket = new Socket(host, port);
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    void send(String resp) throws IOException {
      out.write(resp.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    String call(String... args) throws IOException {
      StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
      }
      send(sb.toString());
      return readLine();
    }

    String bulk(String... args) throws IOException {
      String header = call(args);
      byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)) + 2);
      return new String(body, StandardCharsets.ISO_8859_1);
    }

    void skipBytes(int n) throws IOException {
      if (in.readNBytes(n).length < n) {
        throw new IOException("closed");
      }
    }

    String readLine() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new IOException("closed");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
