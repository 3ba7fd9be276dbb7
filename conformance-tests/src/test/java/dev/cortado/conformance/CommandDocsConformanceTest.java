package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * COMMAND DOCS of every command and subcommand the subject lists, byte for byte against
 * redis-server in RESP2 and RESP3: argument trees, history, doc flags, subcommands. Also several
 * names in one call, and unknown names. A container's subcommands are compared sorted by name, as
 * Redis lists them in its hash order.
 */
@Timeout(120)
class CommandDocsConformanceTest {

  private static List<String> names(byte[] commandList) {
    List<String> names = new ArrayList<>();
    for (Resp.Node n : Resp.parse(commandList).children()) {
      names.add(new String(n.payload(), StandardCharsets.UTF_8));
    }
    return names;
  }

  /**
   * The reply with every "subcommands" map's entries sorted by name (Redis lists them in its
   * command dict's hash order, which changes with each process), keeping only the subcommands in
   * {@code both} (a container's subcommands that only one server has are left out; each
   * subcommand's docs are compared on their own).
   */
  static byte[] subcommandsSorted(byte[] reply, java.util.Collection<String> both) {
    return Resp.encode(sortSubcommands(Resp.parse(reply), both));
  }

  private static Resp.Node sortSubcommands(Resp.Node n, java.util.Collection<String> both) {
    if (!n.isAggregate()) {
      return n;
    }
    List<Resp.Node> children = new ArrayList<>();
    for (Resp.Node child : n.children()) {
      children.add(sortSubcommands(child, both));
    }
    for (int i = 0; i + 1 < children.size(); i++) {
      Resp.Node key = children.get(i);
      Resp.Node value = children.get(i + 1);
      if (key.payload() != null && "subcommands".equals(new String(key.payload(), StandardCharsets.UTF_8))
          && value.isAggregate()) {
        List<List<Resp.Node>> pairs = new ArrayList<>();
        for (int j = 0; j + 1 < value.children().size(); j += 2) {
          if (both.contains(new String(value.children().get(j).payload(), StandardCharsets.UTF_8))) {
            pairs.add(List.of(value.children().get(j), value.children().get(j + 1)));
          }
        }
        pairs.sort(java.util.Comparator.comparing(
            p -> new String(p.get(0).payload(), StandardCharsets.UTF_8)));
        List<Resp.Node> sorted = new ArrayList<>();
        pairs.forEach(sorted::addAll);
        String size = Integer.toString(value.type() == '%' ? sorted.size() / 2 : sorted.size());
        children.set(i + 1, new Resp.Node(value.type(), size, value.payload(), sorted));
      }
    }
    return new Resp.Node(n.type(), n.line(), n.payload(), children);
  }

  private static java.util.Set<String> commonNames(RespConnection redis, RespConnection subject)
      throws IOException {
    java.util.Set<String> common = new java.util.HashSet<>(names(subject.call("COMMAND", "LIST")));
    common.retainAll(names(redis.call("COMMAND", "LIST")));
    return common;
  }

  private static RespConnection open(Server s, int protocol) throws IOException {
    RespConnection c = RespConnection.to(s);
    if (protocol == 3) {
      c.call("HELLO", "3");
    }
    return c;
  }

  @ParameterizedTest(name = "RESP{0}")
  @ValueSource(ints = {2, 3})
  void everyCommandsDocsEqualRedis(int protocol) throws IOException {
    try (RespConnection redis = open(Servers.reference(), protocol);
        RespConnection subject = open(Servers.subject(), protocol)) {
      List<String> subjectNames = names(subject.call("COMMAND", "LIST"));
      List<String> redisNames = names(redis.call("COMMAND", "LIST"));
      // Commands of later Redis versions the subject has (CLIENT SETINFO...) have docs of its own.
      subjectNames.retainAll(redisNames);
      assertThat(subjectNames).hasSizeGreaterThan(250);
      List<String> differing = new ArrayList<>();
      for (String name : subjectNames) {
        byte[] expected = subcommandsSorted(redis.call("COMMAND", "DOCS", name), subjectNames);
        byte[] actual = subcommandsSorted(subject.call("COMMAND", "DOCS", name), subjectNames);
        if (!java.util.Arrays.equals(expected, actual)) {
          differing.add(name + "\n  redis:   " + Escape.bytes(expected) + "\n  subject: "
              + Escape.bytes(actual));
        }
      }
      assertThat(differing).as("COMMAND DOCS differs").isEmpty();
    }
  }

  @ParameterizedTest(name = "RESP{0}")
  @ValueSource(ints = {2, 3})
  void severalNamesUnknownNamesAndCase(int protocol) throws IOException {
    try (RespConnection redis = open(Servers.reference(), protocol);
        RespConnection subject = open(Servers.subject(), protocol)) {
      String[][] calls = {
          {"COMMAND", "DOCS", "get", "set", "zadd"},
          {"COMMAND", "DOCS", "nosuchcommand"},
          {"COMMAND", "DOCS", "GET", "nosuch", "Config|Get", "config|nosuch", "get|x"},
          {"COMMAND", "DOCS", "xinfo", "object", "config"},
          {"COMMAND", "DOCS", ""},
      };
      for (String[] call : calls) {
        assertThat(Escape.bytes(subcommandsSorted(subject.call(call), commonNames(redis, subject))))
            .as(String.join(" ", call))
            .isEqualTo(Escape.bytes(subcommandsSorted(redis.call(call), commonNames(redis, subject))));
      }
    }
  }
}
