package dev.cortado.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

class RespDecoderTest {

  /** Feeds the bytes in the given chunks and returns everything decoded, in order. */
  private static List<Object> decode(byte[] input, int... cuts) {
    return decode(new RespDecoder(1024 * 1024, () -> false), input, cuts);
  }

  private static List<Object> decode(RespDecoder decoder, byte[] input, int... cuts) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    int from = 0;
    for (int cut : cuts) {
      channel.writeInbound(Unpooled.wrappedBuffer(input, from, cut - from));
      from = cut;
    }
    channel.writeInbound(Unpooled.wrappedBuffer(input, from, input.length - from));
    List<Object> out = new ArrayList<>();
    for (Object event; (event = channel.readInbound()) != null; ) {
      for (Object o : RespFuzz.requests(event)) {
        out.add(o instanceof byte[][] args ? render(args) : o);
      }
    }
    channel.finishAndReleaseAll();
    return out;
  }

  private static String render(byte[][] args) {
    List<String> parts = new ArrayList<>();
    for (byte[] a : args) {
      parts.add(new String(a, StandardCharsets.ISO_8859_1));
    }
    return parts.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void multibulk_decodesArguments() {
    assertThat(decode(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nva\r\nl\r\n")))
        .containsExactly("[SET, k, va\r\nl]");
  }

  @Test
  void multibulk_splitAtEveryByte_decodesTheSame() {
    byte[] input = bytes("*2\r\n$4\r\nECHO\r\n$0\r\n\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
    List<Object> whole = decode(input);
    assertThat(whole).containsExactly("[ECHO, ]", "[PING]", "[PING]");
    for (int i = 1; i < input.length; i++) {
      assertThat(decode(input, i)).as("split at %d", i).isEqualTo(whole);
    }
    int[] everyByte = new int[input.length - 1];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    assertThat(decode(input, everyByte)).isEqualTo(whole);
  }

  @Test
  void emptyMultibulk_isIgnored() {
    assertThat(decode(bytes("*0\r\n*-1\r\nPING\r\n"))).containsExactly("[PING]");
  }

  @Test
  void inline_splitsOnSpacesAndHonoursQuotes() {
    assertThat(decode(bytes("SET a \"b c\\x41\\n\" 'd\\'e'\r\n")))
        .containsExactly("[SET, a, b cA\n, d'e]");
    assertThat(decode(bytes("   \r\nPING\n"))).containsExactly("[PING]");
  }

  @Test
  void protocolErrors_matchRedisTexts() {
    assertThat(decode(bytes("*abc\r\n"))).containsExactly(new ProtocolError("invalid multibulk length"));
    assertThat(decode(bytes("*1\r\n$x\r\n"))).containsExactly(new ProtocolError("invalid bulk length"));
    assertThat(decode(bytes("*1\r\n$-1\r\n"))).containsExactly(new ProtocolError("invalid bulk length"));
    assertThat(decode(bytes("*1\r\nfoo\r\n")))
        .containsExactly(new ProtocolError("expected '$', got 'f'"));
    assertThat(decode(bytes("\"unbalanced\r\n")))
        .containsExactly(new ProtocolError("unbalanced quotes in request"));
    assertThat(decode(bytes("*1\r\n$2000000\r\n"))).containsExactly(new ProtocolError("invalid bulk length"));
  }

  @Test
  void commandsBeforeAnError_areDecodedAndNothingAfter() {
    assertThat(decode(bytes("PING\r\n*x\r\nPING\r\n")))
        .containsExactly("[PING]", new ProtocolError("invalid multibulk length"));
  }

  @Test
  void tooBigInlineRequest_isRejectedWithoutWaitingForNewline() {
    byte[] big = new byte[RespDecoder.MAX_LINE + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    assertThat(decode(big)).containsExactly(new ProtocolError("too big inline request"));
  }

  @Test
  void claimedHugeCount_allocatesNothingUpFront() {
    // A client may claim 2^31-1 arguments and send one: we wait, holding one small array.
    assertThat(decode(bytes("*2147483647\r\n$1\r\na\r\n"))).isEmpty();
    assertThat(decode(bytes("*2147483648\r\n"))).containsExactly(new ProtocolError("invalid multibulk length"));
  }

  @Test
  void unauthenticatedClient_isHeldToRedisLimits() {
    RespDecoder locked = new RespDecoder(1024 * 1024, () -> true);
    assertThat(decode(locked, bytes("*11\r\n")))
        .containsExactly(new ProtocolError("unauthenticated multibulk length"));
    assertThat(decode(new RespDecoder(1024 * 1024, () -> true), bytes("*1\r\n$16385\r\n")))
        .containsExactly(new ProtocolError("unauthenticated bulk length"));
    assertThat(decode(new RespDecoder(1024 * 1024, () -> true),
        bytes("*2\r\n$4\r\nAUTH\r\n$16384\r\n" + "x".repeat(16384) + "\r\n"))).hasSize(1);
    assertThat(decode(bytes("*11\r\n"))).isEmpty();
  }

  @Property(tries = 200)
  void anyCommand_encodedAndSplitAnywhere_roundTrips(@ForAll("commands") List<byte[]> command,
      @ForAll("fraction") double splitAt) {
    StringBuilder wire = new StringBuilder("*" + command.size() + "\r\n");
    for (byte[] arg : command) {
      wire.append('$').append(arg.length).append("\r\n")
          .append(new String(arg, StandardCharsets.ISO_8859_1)).append("\r\n");
    }
    byte[] input = bytes(wire.toString());
    int cut = Math.max(1, Math.min(input.length - 1, (int) (input.length * splitAt)));
    assertThat(decode(input, cut)).containsExactly(render(command.toArray(new byte[0][])));
  }

  @Provide
  Arbitrary<List<byte[]>> commands() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Double> fraction() {
    return Arbitraries.doubles().between(0, 1);
  }
}
