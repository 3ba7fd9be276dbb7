package dev.cortado.mock;

import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Stubs made and the journal read from test threads while clients hammer the server. */
class ConcurrentStubbingTest {
  @Test
  void stubbingAndReadingWhileClientsRun() throws Exception {
    int clients = 4;
    int calls = 1500;
    try (CortadoServer server = CortadoServer.builder().build().start()) {
      server.data().set("k", "real");
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        results.add(pool.submit(() -> {
          List<String> replies = new ArrayList<>();
          try (Wire w = new Wire(server)) {
            for (int i = 0; i < calls; i++) {
              replies.add(w.call("GET k"));
            }
          }
          return replies;
        }));
      }
      for (int i = 0; i < 300; i++) {
        server.mock().when(command("GET", "other:" + i)).thenReturn(value("x"));
        // Read on the server's loop: a snapshot between two commands, never half an entry.
        List<RecordedCommand> snapshot = server.mock().journal();
        for (int j = 0; j < snapshot.size(); j++) {
          assertThat(snapshot.get(j).sequence()).isEqualTo(j + 1);
          assertThat(snapshot.get(j).name()).isEqualTo("GET");
        }
      }
      server.mock().when(command("GET", "k")).thenReturn(value("stubbed"));
      for (Future<List<String>> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).hasSize(calls)
            .allMatch(r -> r.equals("$4\r\nreal\r\n") || r.equals("$7\r\nstubbed\r\n"));
      }
      pool.shutdown();
      assertThat(server.mock().journal()).hasSize(clients * calls);
      assertThat(server.mock().journal()).extracting(RecordedCommand::sequence)
          .isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void theJournalOutlivesItsServerAndClearsWhileClientsRun() throws Exception {
    CortadoServer server = CortadoServer.builder().build().start();
    try (Wire w = new Wire(server)) {
      String[] incrs = new String[2_000];
      java.util.Arrays.fill(incrs, "INCR n");
      w.send(incrs);
      Thread clearer = new Thread(() -> {
        for (int i = 0; i < 50; i++) {
          server.mock().clearJournal();
        }
      });
      clearer.start();
      for (int i = 1; i <= 2_000; i++) {
        assertThat(w.reply()).isEqualTo(":" + i + "\r\n");
      }
      clearer.join();
      w.call("SET last 1");
    }
    server.stop();
    List<RecordedCommand> after = server.mock().journal(); // read in place: nothing records now
    assertThat(after).last().satisfies(c -> assertThat(c.args()).containsExactly("last", "1"));
    assertThat(after).extracting(RecordedCommand::sequence).doesNotHaveDuplicates().isSorted();
    server.mock().clearJournal();
    assertThat(server.mock().journal()).isEmpty();
  }
}
