package dev.cortado.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.protocol.Reply;
import dev.cortado.server.Interceptor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The journal's rings: what goes in comes out, in order, across wraps, growth and drops. */
class JournalTest {
  static final Interceptor.KeyFinder NO_KEYS = a -> List.of();

  static byte[][] argv(String... words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  static void add(Journal j, long time, byte[][] argv) {
    j.add(time, 7, null, 0, argv, NO_KEYS, Reply.OK, false);
  }

  @Test
  void everyFieldComesBackAsRecorded() {
    Journal j = new Journal(10);
    byte[] name = "worker-1".getBytes(StandardCharsets.UTF_8);
    j.add(1234, 42, name, 3, argv("SET", "k", "v"), NO_KEYS, Reply.OK, true);
    j.add(1235, (1L << 35) - 1, null, 15, argv("GET", "x"),
        NO_KEYS, Reply.error("WRONGTYPE Operation against a key holding the wrong kind of value"),
        false);

    List<RecordedCommand> e = j.entries();
    assertThat(e).hasSize(2);
    RecordedCommand first = e.get(0);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.time().toEpochMilli()).isEqualTo(1234);
    assertThat(first.clientId()).isEqualTo(42);
    assertThat(first.clientName()).isEqualTo("worker-1");
    assertThat(first.database()).isEqualTo(3);
    assertThat(first.name()).isEqualTo("SET");
    assertThat(first.args()).containsExactly("k", "v");
    assertThat(first.replyKind()).isEqualTo(ReplyKind.SIMPLE_STRING);
    assertThat(first.errorText()).isNull();
    assertThat(first.stubbed()).isTrue();
    RecordedCommand second = e.get(1);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.clientId()).isEqualTo((1L << 35) - 1);
    assertThat(second.clientName()).isNull();
    assertThat(second.database()).isEqualTo(15);
    assertThat(second.replyKind()).isEqualTo(ReplyKind.ERROR);
    assertThat(second.errorText())
        .isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(second.stubbed()).isFalse();
  }

  @Test
  void entriesAfterASequenceNumberAreTheNewOnesAcrossChunksAndTheLimit() {
    Journal j = new Journal(3000);
    for (int i = 1; i <= 5000; i++) { // 2000 dropped, over several chunks
      add(j, i, argv("INCR", "k" + i));
    }
    assertThat(j.recorded()).isEqualTo(5000);
    assertThat(j.entriesAfter(0)).extracting(RecordedCommand::sequence)
        .isEqualTo(j.entries().stream().map(RecordedCommand::sequence).toList());
    assertThat(j.entriesAfter(0)).first().extracting(RecordedCommand::sequence).isEqualTo(2001L);
    List<RecordedCommand> tail = j.entriesAfter(4997);
    assertThat(tail).extracting(RecordedCommand::sequence).containsExactly(4998L, 4999L, 5000L);
    assertThat(tail.get(0).args()).containsExactly("k4998");
    assertThat(j.entriesAfter(3500)).hasSize(1500);
    assertThat(j.entriesAfter(5000)).isEmpty();
    assertThat(j.entriesAfter(Long.MAX_VALUE)).isEmpty();
    assertThat(j.entriesAfter(-5)).hasSize(3000);
    j.clear();
    assertThat(j.recorded()).isZero();
    assertThat(j.entriesAfter(4997)).isEmpty();
  }

  @Test
  void keepsTheNewestUpToTheLimitAndCountsTheDropped() {
    Journal j = new Journal(3);
    for (int i = 1; i <= 10; i++) {
      add(j, i, argv("INCR", "k" + i));
    }
    List<RecordedCommand> e = j.entries();
    assertThat(e).extracting(c -> c.args().get(0)).containsExactly("k8", "k9", "k10");
    assertThat(e).extracting(RecordedCommand::sequence).containsExactly(8L, 9L, 10L);
    assertThat(j.dropped()).isEqualTo(7);
  }

  @Test
  void keepsExactlyTheNewestAcrossChunks() {
    // A limit that is not a multiple of the chunk size, checked as chunks fill and are let go.
    int limit = Journal.CHUNK * 2 + 500;
    Journal j = new Journal(limit);
    byte[][][] recorded = new byte[Journal.CHUNK * 10 + 7][][];
    for (int n = 0; n < recorded.length; n++) {
      recorded[n] = argv("SET", "key:" + n, "v" + n);
      add(j, n, recorded[n]);
      if (n % 997 == 0 || n % Journal.CHUNK == 0 || n % Journal.CHUNK == Journal.CHUNK - 1) {
        assertKept(j, recorded, n, Math.min(limit, n + 1));
      }
    }
    assertKept(j, recorded, recorded.length - 1, limit);
    assertThat(j.dropped()).isEqualTo(recorded.length - limit);
  }

  private static void assertKept(Journal j, byte[][][] recorded, int newest, int expected) {
    List<RecordedCommand> e = j.entries();
    assertThat(e).hasSize(expected);
    for (int k = 0; k < expected; k++) {
      int n = newest - expected + 1 + k;
      assertThat(Arrays.deepEquals(e.get(k).rawArgs(), recorded[n])).as("entry %d", n).isTrue();
      assertThat(e.get(k).sequence()).isEqualTo(n + 1);
    }
  }

  @Test
  void staysWithinItsByteBudgetKeepingTheNewest() {
    Journal j = new Journal(1_000_000);
    byte[] value = new byte[100_000]; // one array, counted as each request's own
    for (int i = 0; i < 2_000; i++) {
      add(j, i, new byte[][] {"SET".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i}, value});
    }
    long kept = j.size();
    assertThat(kept * value.length).isLessThanOrEqualTo(Journal.MAX_BYTES);
    assertThat(kept).isGreaterThan(Journal.MAX_BYTES / value.length / 2);
    assertThat(j.dropped()).isEqualTo(2_000 - kept);
    List<RecordedCommand> e = j.entries();
    assertThat(e.get(e.size() - 1).rawArgs()[1][0]).isEqualTo((byte) 1999);
  }

  @Test
  void aLongRequestBeyondTheBudgetIsKeptAlone() {
    Journal j = new Journal(100);
    add(j, 1, argv("PING"));
    byte[][] huge = new byte[][] {"SET".getBytes(StandardCharsets.UTF_8), "k".getBytes(),
        new byte[(int) Journal.MAX_BYTES + 1]};
    add(j, 2, huge);
    assertThat(j.entries()).singleElement().satisfies(c -> assertThat(c.rawArgs()).isSameAs(huge));
    assertThat(j.dropped()).isEqualTo(1);
    add(j, 3, argv("GET", "k"));
    assertThat(j.entries()).extracting(RecordedCommand::name).containsExactly("GET");
  }

  @Test
  void clearStartsTheSequenceAgain() {
    Journal j = new Journal(10);
    add(j, 1, argv("PING"));
    add(j, 2, argv("PING"));
    j.clear();
    assertThat(j.entries()).isEmpty();
    add(j, 3, argv("ECHO", "hi"));
    assertThat(j.entries()).singleElement().satisfies(c -> {
      assertThat(c.sequence()).isEqualTo(1);
      assertThat(c.args()).containsExactly("hi");
    });
  }
}
