// Startup of an in-JVM Redis for bench/compare.sh: Cortado, jedis-mock or embedded-redis, whichever
// is on the classpath, reached by reflection so one file serves all three.
//   java -cp CP CompareStartup KIND first     ms from main() to the first PING reply
//   java -cp CP CompareStartup KIND warm N    median ms of N start()-to-PING after a first start
//   java -cp CP CompareStartup KIND serve     starts one, prints "port N", runs until killed
//   java -cp CP CompareStartup KIND cluster   starts a 3-master cluster with the library's API and
//                                             prints CLUSTER INFO's cluster_state (or why not)
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public class CompareStartup {
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    String kind = args[0];
    if (args[1].equals("serve")) {
      start(kind);
      System.out.println("port " + lastPort);
      Thread.currentThread().join();
    }
    if (args[1].equals("cluster")) {
      System.out.println("cluster " + cluster(kind));
      System.exit(0);
    }
    if (args[1].equals("first")) {
      Object server = start(kind);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      stop(kind, server);
      System.out.println("first " + ms);
      return;
    }
    stop(kind, start(kind));
    int n = Integer.parseInt(args[2]);
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      Object server = start(kind);
      ms[i] = (System.nanoTime() - t) / 1e6;
      stop(kind, server);
    }
    Arrays.sort(ms);
    System.out.printf("warm %.2f%n", ms[n / 2]);
  }

  /** A started server that has answered one PING. */
  static Object start(String kind) throws Exception {
    Object server;
    int port;
    switch (kind) {
      case "cortado" -> {
        Class<?> c = Class.forName("dev.cortado.CortadoServer");
        Object builder = c.getMethod("builder").invoke(null);
        server = builder.getClass().getMethod("build").invoke(builder);
        c.getMethod("start").invoke(server);
        port = (int) c.getMethod("port").invoke(server);
      }
      case "jedis-mock" -> {
        Class<?> c = Class.forName("com.github.fppt.jedismock.RedisServer");
        server = c.getMethod("newRedisServer", int.class).invoke(null, 0);
        c.getMethod("start").invoke(server);
        port = (int) c.getMethod("getBindPort").invoke(server);
      }
      case "embedded-redis" -> {
        Class<?> c = Class.forName("redis.embedded.RedisServer");
        port = freePort();
        server = c.getConstructor(int.class).newInstance(port);
        c.getMethod("start").invoke(server);
      }
      default -> throw new IllegalArgumentException(kind);
    }
    ping(port);
    lastPort = port;
    return server;
  }

  static int lastPort;

  /** cluster_state of a 3-master cluster started through the library's own API. */
  static String cluster(String kind) {
    try {
      int port;
      switch (kind) {
        case "cortado" -> {
          Class<?> c = Class.forName("dev.cortado.CortadoCluster");
          Object b = c.getMethod("builder").invoke(null);
          b.getClass().getMethod("masters", int.class).invoke(b, 3);
          Object cluster = b.getClass().getMethod("build").invoke(b);
          c.getMethod("start").invoke(cluster);
          Object node = c.getMethod("node", int.class).invoke(cluster, 0);
          port = (int) node.getClass().getMethod("port").invoke(node);
        }
        case "embedded-redis" -> {
          Class<?> c = Class.forName("redis.embedded.RedisShardedCluster");
          Object b = c.getMethod("newRedisCluster").invoke(null);
          Class<?> bc = b.getClass();
          for (String shard : new String[] {"a", "b", "c"}) {
            bc.getMethod("shard", String.class, int.class).invoke(b, shard, 0);
          }
          bc.getMethod("ephemeral").invoke(b);
          Object cluster = bc.getMethod("build").invoke(b);
          c.getMethod("start").invoke(cluster);
          port = (int) c.getMethod("getPort").invoke(cluster);
        }
        default -> {
          return "no API for a cluster";
        }
      }
      String info = call(port, "CLUSTER", "INFO");
      int at = info.indexOf("cluster_state:");
      return at < 0 ? "no cluster_state in CLUSTER INFO: " + info.strip()
          : info.substring(at, info.indexOf('\r', at));
    } catch (Throwable e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      return "failed: " + cause;
    }
  }

  /** One command's reply, raw (enough for a bulk string such as CLUSTER INFO). */
  static String call(int port, String... args) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      StringBuilder cmd = new StringBuilder("*" + args.length + "\r\n");
      for (String a : args) {
        cmd.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
      }
      s.getOutputStream().write(cmd.toString().getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(5000);
      Thread.sleep(200);
      byte[] buf = new byte[65536];
      int n = s.getInputStream().read(buf);
      return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }
  }

  static void stop(String kind, Object server) throws Exception {
    Method stop = server.getClass().getMethod("stop");
    stop.invoke(server);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Until +PONG comes back (a server may accept connections a moment before it answers). */
  static void ping(int port) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(2000); // a server that accepted but never answers: try again
        OutputStream out = s.getOutputStream();
        out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        // +PONG from Redis and Cortado; jedis-mock answers a bulk string ($4 PONG).
        StringBuilder reply = new StringBuilder();
        int b;
        while (reply.indexOf("PONG\r\n") < 0 && reply.length() < 64 && (b = in.read()) >= 0) {
          reply.append((char) b);
        }
        if (reply.indexOf("PONG\r\n") >= 0) {
          return;
        }
      } catch (java.io.IOException notYet) {
        if (attempt > 5000) {
          throw notYet;
        }
      }
      Thread.sleep(1);
    }
  }
}
