// Starts jedis-mock (the pure-Java alternative) on a port for bench/run.sh; run as a source file.
import com.github.fppt.jedismock.RedisServer;

public class JedisMockServer {
  public static void main(String[] args) throws Exception {
    RedisServer server = RedisServer.newRedisServer(Integer.parseInt(args[0])).start();
    System.out.println("jedis-mock ready on " + server.getBindPort());
    Thread.currentThread().join();
  }
}
