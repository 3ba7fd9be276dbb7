import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pub/sub load against one server (run by bench/pubsub.sh): SUBS connections subscribe to one
 * channel (and, with IDLE_CHANNELS/IDLE_PATTERNS, one more connection subscribes to that many other
 * channels and non-matching patterns); one connection publishes MESSAGES messages, pipelined 100 at a
 * time; prints delivered messages per second, measured until every subscriber has read every one.
 * Usage: java bench/PubSubLoad.java PORT SUBS MESSAGES [IDLE_CHANNELS IDLE_PATTERNS]
 */
public final class PubSubLoad {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int subs = Integer.parseInt(args[1]);
    int messages = Integer.parseInt(args[2]);
    int idleChannels = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    int idlePatterns = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    String payload = "x".repeat(32);
    // *3 $7 message $5 bench $32 xxx: every message frame has this length.
    int frame = ("*3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$32\r\n" + payload + "\r\n").length();

    List<Socket> sockets = new ArrayList<>();
    Socket idle = null;
    if (idleChannels + idlePatterns > 0) {
      idle = new Socket("127.0.0.1", port);
      sockets.add(idle);
      OutputStream out = idle.getOutputStream();
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < idleChannels; i++) {
        batch.writeBytes(command("SUBSCRIBE", "idle:" + i));
      }
      for (int i = 0; i < idlePatterns; i++) {
        batch.writeBytes(command("PSUBSCRIBE", "nomatch:" + i + ":*"));
      }
      out.write(batch.toByteArray());
      out.flush();
      drainConfirmations(idle.getInputStream(), idleChannels + idlePatterns);
    }
    CountDownLatch done = new CountDownLatch(subs);
    AtomicLong failures = new AtomicLong();
    for (int i = 0; i < subs; i++) {
      Socket s = new Socket("127.0.0.1", port);
      sockets.add(s);
      s.getOutputStream().write(command("SUBSCRIBE", "bench"));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      drainConfirmations(in, 1);
      Thread reader = new Thread(() -> {
        try {
          long want = (long) messages * frame;
          byte[] buf = new byte[65536];
          long got = 0;
          while (got < want) {
            int n = in.read(buf);
            if (n < 0) {
              failures.incrementAndGet();
              break;
            }
            got += n;
          }
        } catch (IOException e) {
          failures.incrementAndGet();
        }
        done.countDown();
      });
      reader.setDaemon(true);
      reader.start();
    }
    try (Socket pub = new Socket("127.0.0.1", port)) {
      OutputStream out = pub.getOutputStream();
      InputStream in = pub.getInputStream();
      byte[] one = command("PUBLISH", "bench", payload);
      ByteArrayOutputStream hundred = new ByteArrayOutputStream();
      for (int i = 0; i < 100; i++) {
        hundred.writeBytes(one);
      }
      byte[] batch = hundred.toByteArray();
      byte[] replies = new byte[65536];
      long start = System.nanoTime();
      for (int sent = 0; sent < messages; sent += 100) {
        out.write(batch);
        out.flush();
        int lines = 0;
        while (lines < 100) { // one ":N\r\n" reply per PUBLISH
          int n = in.read(replies);
          for (int i = 0; i < n; i++) {
            if (replies[i] == '\n') {
              lines++;
            }
          }
        }
      }
      done.await();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (failures.get() > 0) {
        System.out.println("failed " + failures.get());
      } else {
        System.out.printf("%.0f%n", (double) messages * subs / seconds);
      }
    }
    for (Socket s : sockets) {
      s.close();
    }
  }

  private static void drainConfirmations(InputStream in, int count) throws IOException {
    int lines = 0; // each confirmation is *3, $N, kind, $N, name, :N: 6 lines
    while (lines < count * 6) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      if (b == '\n') {
        lines++;
      }
    }
  }

  private static byte[] command(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
