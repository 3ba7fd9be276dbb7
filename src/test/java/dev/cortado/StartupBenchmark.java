package dev.cortado;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Startup benchmark, run by bench/startup.sh (not a test: it prints figures, asserts nothing).
 *
 * <ul>
 *   <li>{@code first}: in a fresh JVM, the time from main() to the first PING reply of the first
 *       server started: class loading, the shared loop group, binding, one round trip.
 *   <li>{@code warm N}: after a first server, N times start a server, connect, PING, read the reply
 *       (the time measured), then stop it; prints the median and other percentiles.
 * </ul>
 */
public final class StartupBenchmark {
  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

  private StartupBenchmark() {}

  public static void main(String[] args) throws IOException {
    long t0 = System.nanoTime();
    if (args.length > 0 && args[0].equals("first")) {
      CortadoServer server = startAndPing();
      long elapsed = System.nanoTime() - t0;
      server.stop();
      System.out.printf("first %.2f%n", elapsed / 1e6);
      return;
    }
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    startAndPing().stop();
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      CortadoServer server = startAndPing();
      ms[i] = (System.nanoTime() - start) / 1e6;
      server.stop();
    }
    Arrays.sort(ms);
    System.out.printf("warm n=%d median %.3f p90 %.3f p99 %.3f min %.3f max %.3f%n", n,
        ms[n / 2], ms[n * 9 / 10], ms[Math.min(n - 1, n * 99 / 100)], ms[0], ms[n - 1]);
  }

  /** Starts a server and returns once its first PING reply has been read. */
  private static CortadoServer startAndPing() throws IOException {
    CortadoServer server = CortadoServer.builder().build().start();
    try (Socket socket = new Socket(server.host(), server.port())) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(PING);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      if (!new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
        throw new IllegalStateException("unexpected reply " + Arrays.toString(reply));
      }
    }
    return server;
  }
}
