package dev.cortado.assertj;

import dev.cortado.protocol.Quoting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Quoting for failure messages. */
final class Messages {
  private Messages() {}

  static String quote(String s) {
    return s == null ? "null" : Quoting.quote(s.getBytes(StandardCharsets.UTF_8));
  }

  static String quoteAll(String... values) {
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(quote(v));
    }
    return "[" + String.join(", ", quoted) + "]";
  }
}
