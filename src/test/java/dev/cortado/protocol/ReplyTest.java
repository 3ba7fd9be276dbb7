package dev.cortado.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class ReplyTest {
  private static String write(Reply reply, int protocol) {
    ByteBuf buf = Unpooled.buffer();
    reply.writeTo(buf, protocol);
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void nulls_differByProtocol() {
    assertThat(write(Reply.NULL, 2)).isEqualTo("$-1\r\n");
    assertThat(write(Reply.NULL_ARRAY, 2)).isEqualTo("*-1\r\n");
    assertThat(write(Reply.NULL, 3)).isEqualTo("_\r\n");
  }

  @Test
  void map_isFlatArrayInResp2() {
    Reply map = Reply.map(List.of(Reply.bulk("a"), Reply.integer(1)));
    assertThat(write(map, 3)).isEqualTo("%1\r\n$1\r\na\r\n:1\r\n");
    assertThat(write(map, 2)).isEqualTo("*2\r\n$1\r\na\r\n:1\r\n");
  }

  @Test
  void resp3Scalars_degradeInResp2() {
    assertThat(write(Reply.bool(true), 3)).isEqualTo("#t\r\n");
    assertThat(write(Reply.bool(true), 2)).isEqualTo(":1\r\n");
    assertThat(write(Reply.dbl("1.5"), 3)).isEqualTo(",1.5\r\n");
    assertThat(write(Reply.dbl("1.5"), 2)).isEqualTo("$3\r\n1.5\r\n");
    assertThat(write(Reply.verbatim("txt", "hi".getBytes()), 3)).isEqualTo("=6\r\ntxt:hi\r\n");
    assertThat(write(Reply.verbatim("txt", "hi".getBytes()), 2)).isEqualTo("$2\r\nhi\r\n");
    assertThat(write(Reply.set(List.of(Reply.bulk("x"))), 3)).isEqualTo("~1\r\n$1\r\nx\r\n");
    assertThat(write(Reply.push(List.of()), 3)).isEqualTo(">0\r\n");
    assertThat(write(Reply.bigNumber("12345678901234567890"), 3)).isEqualTo("(12345678901234567890\r\n");
  }

  @Test
  void errorText_keepsEachByte() {
    assertThat(write(Reply.error("ERR \u00e9"), 2).getBytes(StandardCharsets.ISO_8859_1))
        .containsExactly('-', 'E', 'R', 'R', ' ', 0xe9, '\r', '\n');
  }
}
