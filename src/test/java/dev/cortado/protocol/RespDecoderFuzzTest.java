package dev.cortado.protocol;

import static dev.cortado.protocol.RespFuzz.bytes;
import static dev.cortado.protocol.RespFuzz.escape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing of the decoder (plain JUnit, no property library: every case is reproducible from
 * the seed and index printed on failure). Each input is decoded whole, split at every byte boundary,
 * one byte at a time and in random pieces; every way must give the same requests and the same
 * protocol error, and that result must be what Redis 7.0 makes of the bytes ({@link RespFuzz#model}).
 */
class RespDecoderFuzzTest {
  private static final int CASES_PER_SEED = 250;

  /** A decoder configuration: Redis's defaults, a small proto-max-bulk-len, or a client before AUTH. */
  private record Setup(long maxBulk, boolean unauthenticated) {
    RespDecoder decoder() {
      return new RespDecoder(maxBulk, () -> unauthenticated);
    }
  }

  private static final Setup[] SETUPS = {
      new Setup(RespDecoder.DEFAULT_MAX_BULK, false),
      new Setup(RespDecoder.DEFAULT_MAX_BULK, true),
      new Setup(8, false)};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void mutatedRequests_decodeAsRedisDoes_whateverTheSplit(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      byte[] valid = RespFuzz.validStream(random);
      // One case in five stays valid, so the mutated ones are measured against working requests.
      byte[] input = i % 5 == 0 ? valid : RespFuzz.mutate(valid, random);
      Setup setup = SETUPS[random.nextInt(SETUPS.length)];
      long splitSeed = random.nextLong(); // the random piece splits, replayable while minimizing
      String problem = check(input, setup, new SplittableRandom(splitSeed));
      if (problem != null) {
        byte[] smallest = RespFuzz.minimize(input, b -> check(b, setup, new SplittableRandom(splitSeed)) != null);
        fail("seed %d, case %d, %s%nframe:   \"%s\"%nminimal: \"%s\"%n%s", seed, i, setup, escape(input),
            escape(smallest), check(smallest, setup, new SplittableRandom(splitSeed)));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12})
  void validMultibulk_yieldsExactlyTheArgumentsSent_whateverTheSplit(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 60; i++) {
      List<byte[]> args = new ArrayList<>();
      int argc = 1 + random.nextInt(5);
      for (int a = 0; a < argc; a++) {
        byte[] arg = new byte[random.nextInt(40)];
        random.nextBytes(arg);
        args.add(arg);
      }
      byte[] input = RespFuzz.encode(args);
      String expected = RespFuzz.render(args);
      assertThat(decode(SETUPS[0], input)).as("seed %d, case %d", seed, i).containsExactly(expected);
      assertThat(check(input, SETUPS[0], random.split())).as("seed %d, case %d", seed, i).isNull();
    }
  }

  // --- regressions found by the fuzzing above (Redis 7.0.15 checked by hand, and in conformance-tests)

  @Test
  void nulBeforeLineEnd_hidesTheLineAsRedisStrchrDoes() {
    // Redis finds line ends with strchr on a NUL-terminated buffer: it never sees these lines end.
    assertThat(decode(SETUPS[0], bytes("PI\0NG\r\nPING\r\n"))).isEmpty();
    assertThat(decode(SETUPS[0], bytes("*1\0\r\n$4\r\nPING\r\n"))).isEmpty();
    assertThat(decode(SETUPS[0], bytes("*1\r\nfoo\0\r\n"))).isEmpty();
    assertThat(decode(SETUPS[0], bytes("ECHO \"a\0b\"\r\n"))).isEmpty();
    assertThat(decode(SETUPS[0], bytes("PING\r\n\0PING\r\n"))).containsExactly("[PING]");
    // ...until 64 KiB are buffered without a visible line end.
    byte[] stuck = new byte[RespDecoder.MAX_LINE + 2];
    Arrays.fill(stuck, (byte) 'a');
    stuck[1] = 0;
    stuck[3] = '\n';
    assertThat(decode(SETUPS[0], stuck)).containsExactly(new ProtocolError("too big inline request"));
    // A NUL inside a bulk payload is data.
    assertThat(decode(SETUPS[0], bytes("*1\r\n$4\r\nPI\0G\r\n"))).containsExactly("[PI\\x00G]");
  }

  @Test
  void expectedDollar_showsCrOrLfAsASpace() {
    // addReplyErrorFormat maps CR and LF to spaces: "got ' '", never a line break in the reply.
    assertThat(decode(SETUPS[0], bytes("*1\r\n\r\n")))
        .containsExactly(new ProtocolError("expected '$', got ' '"));
    assertThat(decode(SETUPS[0], bytes("*1\r\n\n\r\n")))
        .containsExactly(new ProtocolError("expected '$', got ' '"));
    assertThat(decode(SETUPS[0], bytes("*1\r\n\u00ff\r\n")))
        .containsExactly(new ProtocolError("expected '$', got '\u00ff'"));
  }

  @Test
  void multibulkCountOfLongMinValue_isAnEmptyRequestAsInRedis() {
    // string2ll accepts it and Redis skips counts <= 0; it is no "invalid multibulk length".
    assertThat(decode(SETUPS[0], bytes("*-9223372036854775808\r\nPING\r\n"))).containsExactly("[PING]");
    assertThat(decode(SETUPS[0], bytes("*-9223372036854775809\r\n")))
        .containsExactly(new ProtocolError("invalid multibulk length"));
    assertThat(decode(SETUPS[0], bytes("*1\r\n$-9223372036854775808\r\n")))
        .containsExactly(new ProtocolError("invalid bulk length"));
  }

  @Test
  void inlineSplitter_endsTheLineAtANul() {
    // sdssplitargs reads a C string; unreachable from the decoder now, kept true for other callers.
    assertThat(RespFuzz.render(InlineSplitter.split(bytes("PI\0NG x")))).isEqualTo("[PI]");
    assertThat(InlineSplitter.split(bytes("ECHO \"a\0b\""))).isNull();
  }

  // --- the check

  /** Null when the decoder agrees with the model, whole and split every way; else what differs. */
  private static String check(byte[] input, Setup setup, SplittableRandom random) {
    List<Object> whole;
    try {
      whole = decode(setup, input);
    } catch (RuntimeException e) {
      return "decoding it whole threw " + e;
    }
    List<Object> redis = RespFuzz.model(input, setup.unauthenticated(), setup.maxBulk());
    if (!whole.equals(redis)) {
      return "decoded whole: " + whole + "\nRedis model:   " + redis;
    }
    List<int[]> ways = new ArrayList<>();
    for (int i = 1; i < input.length; i++) {
      ways.add(new int[] {i});
    }
    int[] everyByte = new int[Math.max(0, input.length - 1)];
    Arrays.setAll(everyByte, i -> i + 1);
    ways.add(everyByte);
    for (int r = 0; r < 3 && input.length > 2; r++) {
      ways.add(random.ints(3, 1, input.length).sorted().distinct().toArray());
    }
    for (int[] cuts : ways) {
      try {
        List<Object> split = decode(setup, input, cuts);
        if (!split.equals(whole)) {
          return "split at " + Arrays.toString(cuts) + ": " + split + "\nwhole:  " + whole;
        }
      } catch (RuntimeException e) {
        return "split at " + Arrays.toString(cuts) + " threw " + e;
      }
    }
    return null;
  }

  /** Feeds the bytes in pieces ending at the given cuts; returns requests (rendered) and errors. */
  private static List<Object> decode(Setup setup, byte[] input, int... cuts) {
    EmbeddedChannel channel = new EmbeddedChannel(setup.decoder());
    try {
      int from = 0;
      for (int cut : cuts) {
        channel.writeInbound(Unpooled.wrappedBuffer(input, from, cut - from));
        from = cut;
      }
      channel.writeInbound(Unpooled.wrappedBuffer(input, from, input.length - from));
      List<Object> out = new ArrayList<>();
      for (Object event; (event = channel.readInbound()) != null; ) {
        for (Object o : RespFuzz.requests(event)) {
          out.add(o instanceof byte[][] args ? RespFuzz.render(args) : o);
        }
      }
      return out;
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
