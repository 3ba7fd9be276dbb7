package dev.cortado;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Sorted-set benchmark, run by bench/zset.sh (not a test: it prints figures, asserts nothing).
 * Loads one sorted set of N members {@code member:i} with seeded random scores into a
 * redis-server (its port is the first argument) and into a Cortado in this JVM, then times, in
 * interleaved rounds, pipelined batches of ZRANK, ZRANGE by rank, ZRANGEBYSCORE with LIMIT and
 * ZSCORE on random members and bounds, and compares memory (Redis's used_memory growth against
 * this JVM's heap growth after GC).
 */
public final class ZSetBenchmark {
  private static final int BATCH = 1000;

  private ZSetBenchmark() {}

  public static void main(String[] args) throws Exception {
    int redisPort = Integer.parseInt(args[0]);
    int members = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int queries = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    double[] scores = new double[members];
    Random random = new Random(42);
    for (int i = 0; i < members; i++) {
      scores[i] = Math.floor(random.nextDouble() * 1e9) / 1000; // 3 decimals, some ties
    }
    try (CortadoServer cortado = CortadoServer.builder().journalLimit(0).build().start();
        Client redis = new Client("127.0.0.1", redisPort);
        Client ours = new Client(cortado.host(), cortado.port())) {
      redis.call("FLUSHALL");
      List<Double> loadRedis = new ArrayList<>();
      List<Double> loadOurs = new ArrayList<>();
      long redisBefore = usedMemory(redis);
      loadRedis.add(load(redis, scores));
      long redisBytes = usedMemory(redis) - redisBefore;
      long heapBefore = heapAfterGc();
      loadOurs.add(load(ours, scores));
      long heapBytes = heapAfterGc() - heapBefore;
      check(redis, members);
      check(ours, members);

      System.out.printf(Locale.ROOT, "one sorted set of %,d members (member:i, random scores); "
          + "%,d queries per test, pipelined %d at a time%n", members, queries, BATCH);
      System.out.printf(Locale.ROOT, "memory per member: redis %.1f B (used_memory), cortado %.1f B"
          + " (heap after GC), ratio %.2f (goal <= 3)%n", (double) redisBytes / members,
          (double) heapBytes / members, (double) heapBytes / redisBytes);

      String[] names = {"ZRANK", "ZRANGE rank, 10", "ZRANGEBYSCORE LIMIT 0 10", "ZSCORE"};
      List<IntFunction<String>> commands = List.of(
          i -> resp("ZRANK", "z", "member:" + i),
          i -> resp("ZRANGE", "z", String.valueOf(i), String.valueOf(i + 9)),
          i -> resp("ZRANGEBYSCORE", "z", String.valueOf(scores[i]), "+inf", "LIMIT", "0", "10"),
          i -> resp("ZSCORE", "z", "member:" + i));
      List<List<Double>> redisTimes = new ArrayList<>();
      List<List<Double>> ourTimes = new ArrayList<>();
      for (int t = 0; t < names.length; t++) {
        redisTimes.add(new ArrayList<>());
        ourTimes.add(new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        for (int t = 0; t < names.length; t++) {
          long seed = 1000L * r + t;
          redisTimes.get(t).add(timeQueries(redis, commands.get(t), members, queries, seed));
          ourTimes.get(t).add(timeQueries(ours, commands.get(t), members, queries, seed));
        }
        if (r + 1 < rounds) { // reload: load time is a figure of its own
          redis.call("FLUSHALL");
          ours.call("FLUSHALL");
          loadRedis.add(load(redis, scores));
          loadOurs.add(load(ours, scores));
        }
      }
      System.out.printf(Locale.ROOT, "%-26s %12s %12s %8s%n", "test (median of " + rounds + ")",
          "redis ms", "cortado ms", "ratio");
      row("ZADD load, 100 per ZADD", median(loadRedis), median(loadOurs));
      for (int t = 0; t < names.length; t++) {
        row(names[t], median(redisTimes.get(t)), median(ourTimes.get(t)));
      }
      System.out.println("goal: each ratio <= 2 (Cortado time / Redis time)");
    }
  }

  private static void row(String name, double redisMs, double ourMs) {
    System.out.printf(Locale.ROOT, "%-26s %12.0f %12.0f %8.2f%n", name, redisMs, ourMs,
        ourMs / redisMs);
  }

  /** ZADD z s1 m1 ... s100 m100, pipelined: the whole set, in ms. */
  private static double load(Client c, double[] scores) throws IOException {
    long t0 = System.nanoTime();
    int perCommand = 100;
    int inFlight = 0;
    StringBuilder sb = new StringBuilder();
    for (int from = 0; from < scores.length; from += perCommand) {
      int to = Math.min(scores.length, from + perCommand);
      List<String> args = new ArrayList<>();
      args.add("ZADD");
      args.add("z");
      for (int i = from; i < to; i++) {
        args.add(String.valueOf(scores[i]));
        args.add("member:" + i);
      }
      sb.append(resp(args.toArray(new String[0])));
      if (++inFlight == 100) {
        c.send(sb.toString());
        sb.setLength(0);
        for (; inFlight > 0; inFlight--) {
          c.skipReply();
        }
      }
    }
    c.send(sb.toString());
    for (; inFlight > 0; inFlight--) {
      c.skipReply();
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double timeQueries(Client c, IntFunction<String> command, int members,
      int queries, long seed) throws IOException {
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    for (int done = 0; done < queries; done += BATCH) {
      int n = Math.min(BATCH, queries - done);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(command.apply(random.nextInt(members)));
      }
      c.send(sb.toString());
      for (int i = 0; i < n; i++) {
        c.skipReply();
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void check(KeyspaceBenchmark.Client c, int members) throws IOException {
    String size = c.call("ZCARD", "z");
    if (!size.equals(":" + members)) {
      throw new IllegalStateException("ZCARD " + size + ", expected " + members);
    }
  }

  static String resp(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString();
  }

  private static long usedMemory(KeyspaceBenchmark.Client c) throws IOException {
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

  /** KeyspaceBenchmark's client, able to skip any reply. */
  static final class Client extends KeyspaceBenchmark.Client {
    Client(String host, int port) throws IOException {
      super(host, port);
    }

    void skipReply() throws IOException {
      String line = readLine();
      switch (line.charAt(0)) {
        case '$' -> {
          int n = Integer.parseInt(line.substring(1));
          if (n >= 0) {
            skipBytes(n + 2);
          }
        }
        case '*' -> {
          int n = Integer.parseInt(line.substring(1));
          for (int i = 0; i < n; i++) {
            skipReply();
          }
        }
        case '-' -> throw new IOException("error reply: " + line);
        default -> { } // +, :
      }
    }
  }
}
