package dev.cortado.command;

import dev.cortado.protocol.Reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * COMMAND DOCS data: every command's documentation map as redis-server 7.0.15 answers it
 * (summary, since, group, complexity, doc flags, history, argument trees, subcommands), read from
 * {@code command-docs.txt}, which {@code conformance-tests/tools/gen-command-docs.py} writes from
 * the oracle's own reply. The file is read at the first COMMAND DOCS in the JVM, never at server
 * start; a command missing from it gets the docs generated from its table entry.
 */
final class CommandDocs {
  private CommandDocs() {}

  /** The file's token lines per top-level command, parsed into replies on demand. */
  private static final class Data {
    static final Map<String, String[]> BY_NAME = load();
  }

  private static Map<String, String[]> load() {
    Map<String, String[]> byName = new HashMap<>();
    try (InputStream in = CommandDocs.class.getResourceAsStream("command-docs.txt")) {
      if (in == null) {
        return byName;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String name = null;
      List<String> tokens = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("@")) {
          if (name != null) {
            byName.put(name, tokens.toArray(new String[0]));
          }
          name = line.substring(1);
          tokens.clear();
        } else if (!line.isEmpty()) {
          tokens.add(line);
        }
      }
      if (name != null) {
        byName.put(name, tokens.toArray(new String[0]));
      }
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The docs map of a command or subcommand ("config|get"), or null when the file lacks it.
   * A container lists the subcommands {@code table} has: the file's in name order, then
   * Cortado's own.
   */
  static Reply of(CommandSpec spec, CommandTable table) {
    int bar = spec.name.indexOf('|');
    String top = bar < 0 ? spec.name : spec.name.substring(0, bar);
    String[] tokens = Data.BY_NAME.get(top);
    if (tokens == null) {
      return null;
    }
    Node docs = new Parser(tokens).node();
    if (bar >= 0) {
      Node subs = docs.field("subcommands");
      docs = subs == null ? null : subs.field(spec.name);
      if (docs == null) {
        return null;
      }
    }
    return docs.toReply(table, bar < 0 ? spec : null);
  }

  /** One parsed token: a scalar's kind and text, or an aggregate's kind and children. */
  private record Node(char kind, String text, List<Node> children) {
    /** The value under a key of this map, or null. */
    Node field(String key) {
      for (int i = 0; i + 1 < children.size(); i += 2) {
        if (children.get(i).text.equals(key)) {
          return children.get(i + 1);
        }
      }
      return null;
    }

    /** The reply; a container's ({@code container} not null) subcommands are Cortado's. */
    Reply toReply(CommandTable table, CommandSpec container) {
      return switch (kind) {
        case '$' -> Reply.bulk(text);
        case '+' -> Reply.simple(text);
        case ':' -> Reply.integer(Long.parseLong(text));
        case '*' -> Reply.array(replies(children, table));
        case '~' -> Reply.set(replies(children, table));
        default -> Reply.map(mapReplies(table, container));
      };
    }

    private List<Reply> mapReplies(CommandTable table, CommandSpec container) {
      List<Reply> out = new ArrayList<>(children.size());
      for (int i = 0; i + 1 < children.size(); i += 2) {
        Node key = children.get(i);
        Node value = children.get(i + 1);
        out.add(key.toReply(table, null));
        out.add(container != null && key.text.equals("subcommands") && value.kind == '%'
            ? Reply.map(subcommands(value, table, container)) : value.toReply(table, null));
      }
      return out;
    }

    /**
     * A container's subcommands: those of the file that Cortado implements, in Redis's order,
     * then Cortado's own (later Redis versions' subcommands) with docs from the table.
     */
    private static List<Reply> subcommands(Node map, CommandTable table, CommandSpec container) {
      List<Reply> out = new ArrayList<>();
      java.util.Set<String> listed = new java.util.HashSet<>();
      for (int i = 0; i + 1 < map.children.size(); i += 2) {
        String name = map.children.get(i).text;
        if (table.find(name) != null) {
          listed.add(name);
          out.add(Reply.bulk(name));
          out.add(map.children.get(i + 1).toReply(table, null));
        }
      }
      for (CommandSpec sub : container.subcommands.values()) {
        if (!listed.contains(sub.name)) {
          out.add(Reply.bulk(sub.name));
          out.add(CommandInfo.generatedDocs(sub));
        }
      }
      return out;
    }

    private static List<Reply> replies(List<Node> nodes, CommandTable table) {
      List<Reply> out = new ArrayList<>(nodes.size());
      for (Node n : nodes) {
        out.add(n.toReply(table, null));
      }
      return out;
    }
  }

  /** Reads the prefix-order token stream of one command. */
  private static final class Parser {
    private final String[] tokens;
    private int next;

    Parser(String[] tokens) {
      this.tokens = tokens;
    }

    Node node() {
      String token = tokens[next++];
      char kind = token.charAt(0);
      String rest = token.substring(1);
      if (kind == '%' || kind == '*' || kind == '~') {
        int n = Integer.parseInt(rest) * (kind == '%' ? 2 : 1);
        List<Node> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          children.add(node());
        }
        return new Node(kind, null, children);
      }
      return new Node(kind, unescape(rest), List.of());
    }

    private static String unescape(String s) {
      if (s.indexOf('\\') < 0) {
        return s;
      }
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (ch == '\\' && i + 1 < s.length()) {
          ch = s.charAt(++i) == 'n' ? '\n' : s.charAt(i);
        }
        b.append(ch);
      }
      return b.toString();
    }
  }
}
