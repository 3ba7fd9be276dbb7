package dev.cortado;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How long a cluster of 3 primaries and 3 replicas takes from {@code start()} to a PING answered by
 * every node: "first" in a fresh JVM (class loading included), else the median of N warm starts.
 * Run by bench/cluster.sh; figures only, no pass/fail.
 */
public final class ClusterStartupBenchmark {
  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

  private ClusterStartupBenchmark() {}

  public static void main(String[] args) throws IOException {
    long t0 = System.nanoTime();
    if (args.length > 0 && args[0].equals("first")) {
      CortadoCluster cluster = startAndPing();
      long elapsed = System.nanoTime() - t0;
      cluster.stop();
      System.out.printf("first %.2f%n", elapsed / 1e6);
      return;
    }
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    startAndPing().stop();
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      CortadoCluster cluster = startAndPing();
      ms[i] = (System.nanoTime() - start) / 1e6;
      cluster.stop();
    }
    Arrays.sort(ms);
    System.out.printf("warm n=%d median %.3f p90 %.3f min %.3f max %.3f%n", n, ms[n / 2],
        ms[n * 9 / 10], ms[0], ms[n - 1]);
  }

  private static CortadoCluster startAndPing() throws IOException {
    CortadoCluster cluster = CortadoCluster.builder().masters(3).replicas(1).build().start();
    for (CortadoServer node : cluster.nodes()) {
      try (Socket socket = new Socket(node.host(), node.port())) {
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(PING);
        out.flush();
        InputStream in = socket.getInputStream();
        if (!new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
          throw new IllegalStateException("no PONG from " + node);
        }
      }
    }
    return cluster;
  }
}
