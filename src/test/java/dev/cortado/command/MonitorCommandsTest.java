package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Monitor lines and redaction; expected texts from redis-server 7.0.15's MONITOR output. */
class MonitorCommandsTest {
  private final CommandTable table = CommandTable.standard();

  private static byte[][] args(String... a) {
    return Arrays.stream(a).map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
  }

  private String[] redacted(String... a) {
    CommandSpec spec = table.get(a[0].getBytes(StandardCharsets.ISO_8859_1));
    return Arrays.stream(MonitorCommands.redact(spec, args(a)))
        .map(b -> new String(b, StandardCharsets.ISO_8859_1)).toArray(String[]::new);
  }

  @Test
  void line_quotesAsSdscatrepr_withSixDigitMicros() {
    assertThat(MonitorCommands.line(1_796_524_963_006_373L, 0, "127.0.0.1:39926",
        args("SET", "k", "v\"\\\n\u0001\u00ff")))
        .isEqualTo("1796524963.006373 [0 127.0.0.1:39926] \"SET\" \"k\" \"v\\\"\\\\\\n\\x01\\xff\"");
    assertThat(MonitorCommands.line(5, 3, "lua", args("a\r\t\u0007\b", "", " ~\u007f")))
        .isEqualTo("0.000005 [3 lua] \"a\\r\\t\\a\\b\" \"\" \" ~\\x7f\"");
  }

  @Test
  void auth_isRedactedUnlessItsSyntaxIsWrong() {
    assertThat(redacted("AUTH", "pw")).containsExactly("AUTH", "(redacted)");
    assertThat(redacted("auth", "u", "pw")).containsExactly("auth", "(redacted)", "(redacted)");
    assertThat(redacted("AUTH", "a", "b", "c")).containsExactly("AUTH", "a", "b", "c");
  }

  @Test
  void hello_redactsAuthOnceTheVersionAndEarlierOptionsParse() {
    assertThat(redacted("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "n"))
        .containsExactly("HELLO", "3", "AUTH", "(redacted)", "(redacted)", "SETNAME", "n");
    assertThat(redacted("HELLO", "2", "SETNAME", "q", "auth", "default", "x"))
        .containsExactly("HELLO", "2", "SETNAME", "q", "auth", "(redacted)", "(redacted)");
    assertThat(redacted("HELLO", "4", "AUTH", "u", "p")).containsExactly("HELLO", "4", "AUTH", "u", "p");
    assertThat(redacted("HELLO", "3", "AUTH", "u")).containsExactly("HELLO", "3", "AUTH", "u");
    assertThat(redacted("HELLO", "3", "FOO", "AUTH", "u", "p"))
        .containsExactly("HELLO", "3", "FOO", "AUTH", "u", "p");
  }

  @Test
  void migrate_redactsAuthAndAuth2Passwords() {
    String[] cmd = {"MIGRATE", "h", "1", "k", "0", "1", "COPY", "AUTH", "pw", "AUTH2", "u", "p2",
        "KEYS", "a"};
    CommandSpec spec = new CommandTable().family("MonitorCommands")
        .add("migrate", -6, 0, 0, 0, 0, "keyspace", "test", "monitor");
    assertThat(Arrays.stream(MonitorCommands.redact(spec, args(cmd)))
        .map(b -> new String(b, StandardCharsets.ISO_8859_1)))
        .containsExactly("MIGRATE", "h", "1", "k", "0", "1", "COPY", "AUTH", "(redacted)", "AUTH2",
            "(redacted)", "(redacted)", "KEYS", "a");
  }

  @Test
  void otherCommands_keepTheirArguments() {
    byte[][] a = args("SET", "auth", "pw");
    assertThat(MonitorCommands.redact(table.get(a[0]), a)).isSameAs(a);
  }
}
