package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionCommandsTest {
  private final Harness h = new Harness();

  @Test
  void ping_withAndWithoutMessage() {
    assertThat(h.resp("PING")).isEqualTo("+PONG\r\n");
    assertThat(h.resp("ping", "hi")).isEqualTo("$2\r\nhi\r\n");
    assertThat(h.resp("PING", "a", "b"))
        .isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
  }

  @Test
  void unknownCommand_quotesArgumentsWithTrailingSpace() {
    assertThat(h.resp("FOO", "bar", "baz"))
        .isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n");
    assertThat(h.resp("FOO")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: \r\n");
  }

  @Test
  void hello3_switchesToResp3AndRepliesWithMap() {
    String reply = h.resp("HELLO", "3");
    assertThat(reply).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
    assertThat(reply).contains("$5\r\nproto\r\n:3\r\n");
    assertThat(h.connection.protocol).isEqualTo(3);
    assertThat(h.resp("GET", "missing")).isEqualTo("_\r\n");
  }

  @Test
  void hello_rejectsUnknownProtocolWithNoproto() {
    assertThat(h.resp("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
    assertThat(h.resp("HELLO", "x"))
        .isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
  }

  @Test
  void password_requiresAuthBeforeOtherCommands() {
    Harness secured = new Harness("secret");
    assertThat(secured.resp("GET", "a")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(secured.resp("AUTH", "wrong"))
        .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    assertThat(secured.resp("AUTH", "default", "secret")).isEqualTo("+OK\r\n");
    assertThat(secured.resp("GET", "a")).isEqualTo("$-1\r\n");
  }

  @Test
  void select_changesDatabaseAndChecksRange() {
    h.resp("SET", "k", "v");
    assertThat(h.resp("SELECT", "1")).isEqualTo("+OK\r\n");
    assertThat(h.resp("GET", "k")).isEqualTo("$-1\r\n");
    assertThat(h.resp("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
  }
}
