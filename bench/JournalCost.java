// Two Cortado servers in one JVM for bench/journal.sh: one without the mock journal, one with it.
// Sharing a JVM means sharing JIT-compiled code, so the two differ only by what recording costs,
// not by how two JVMs happened to compile the server. Run as a source file on the standalone jar.
import dev.cortado.CortadoServer;

public class JournalCost {
  public static void main(String[] args) throws Exception {
    int limit = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    CortadoServer off = CortadoServer.builder().journalLimit(0).build().start();
    CortadoServer on = CortadoServer.builder().journalLimit(limit).build().start();
    System.out.println(off.port() + " " + on.port());
    Thread.currentThread().join();
  }
}
