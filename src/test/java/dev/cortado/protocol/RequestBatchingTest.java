package dev.cortado.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** Which requests of one read travel together to the handler, and which must go one at a time. */
class RequestBatchingTest {
  /** The decoder's events for one read, each as the requests it carries. */
  private static List<List<Object>> events(RespDecoder decoder, String input) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    channel.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.ISO_8859_1));
    List<List<Object>> out = new ArrayList<>();
    for (Object event; (event = channel.readInbound()) != null; ) {
      List<Object> requests = new ArrayList<>();
      for (Object r : RespFuzz.requests(event)) {
        requests.add(r instanceof byte[][] args ? RespFuzz.render(args) : r);
      }
      out.add(requests);
    }
    channel.finishAndReleaseAll();
    return out;
  }

  @Test
  void theRequestsOfOneReadAreOneEvent() {
    assertThat(events(new RespDecoder(), "*1\r\n$4\r\nPING\r\nECHO a\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n"))
        .containsExactly(List.of("[PING]", "[ECHO, a]", "[GET, k]"));
  }

  @Test
  void aSingleRequestIsItself() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder());
    channel.writeInbound(Unpooled.copiedBuffer("PING\r\n", StandardCharsets.ISO_8859_1));
    assertThat((Object) channel.readInbound()).isInstanceOf(byte[][].class);
    channel.finishAndReleaseAll();
  }

  @Test
  void aProtocolErrorEndsTheBatchAndTheRestIsDropped() {
    assertThat(events(new RespDecoder(), "PING\r\n*x\r\nPING\r\n"))
        .containsExactly(List.of("[PING]", new ProtocolError("invalid multibulk length")));
  }

  @Test
  void untilAuthEachRequestIsItsOwnEvent() {
    // The handler runs each before the next is parsed, so AUTH can lift the limits behind it.
    AtomicBoolean unauthenticated = new AtomicBoolean(true);
    assertThat(events(new RespDecoder(RespDecoder.DEFAULT_MAX_BULK, unauthenticated::get),
        "AUTH x\r\nPING\r\nPING\r\n"))
        .containsExactly(List.of("[AUTH, x]"), List.of("[PING]"), List.of("[PING]"));
  }

  @Test
  void resetEndsTheBatchBecauseItCanBringTheLimitsBack() {
    assertThat(events(new RespDecoder(), "PING\r\nreSeT\r\nPING\r\nRESETS\r\nPING\r\n"))
        .containsExactly(List.of("[PING]", "[reSeT]"), List.of("[PING]", "[RESETS]", "[PING]"));
  }
}
