package dev.cortado.cli;

import dev.cortado.command.CommandTable;
import dev.cortado.protocol.InlineSplitter;
import dev.cortado.server.Config;
import dev.cortado.server.ServerOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A redis.conf read as redis-server 7.0 reads it (config.c): one directive a line, {@code #}
 * comments, arguments split with sdssplitargs' quoting, {@code include} files (with wildcards),
 * later lines overriding earlier ones; a line Redis refuses stops the start with Redis's report
 * (its error text and line number). Directives Redis knows but Cortado does not act on are kept
 * (CONFIG GET shows them as Redis would) and each is reported once in {@link #warnings()}, unless
 * it only restates Redis's default.
 */
final class RedisConf {
  /** Redis's version, as its fatal config report names it. */
  private static final String REDIS_VERSION = "7.0.15";
  /** Includes nested deeper than this are refused (Redis would recurse until it crashes). */
  private static final int MAX_INCLUDE_DEPTH = 32;

  /** Parameters whose value is several arguments (MULTI_ARG_CONFIG in config.c). */
  private static final Set<String> MULTI_ARG = Set.of("save", "client-output-buffer-limit",
      "oom-score-adj-values", "bind", "replicaof", "latency-tracking-info-percentiles",
      "shutdown-on-sigint", "shutdown-on-sigterm");

  /** Old names Redis 7.0 still accepts in a file and ignores (deprecated_configs in config.c). */
  private static final Set<String> DEPRECATED = Set.of("list-max-ziplist-entries",
      "list-max-ziplist-value", "lua-replicate-commands");

  /** The parameters Cortado acts on; the others are only shown by CONFIG GET. */
  static final Set<String> ACTED_ON = Set.of("port", "bind", "requirepass", "databases",
      "cluster-enabled",
      "protected-mode", "dir", "dbfilename", "save", "enable-debug-command", "aclfile",
      "maxmemory", "maxmemory-policy", "maxmemory-samples", "maxmemory-clients", "maxclients",
      "timeout", "notify-keyspace-events", "hash-max-listpack-entries", "hash-max-listpack-value",
      "zset-max-listpack-entries", "zset-max-listpack-value", "set-max-intset-entries",
      "list-max-listpack-size", "stream-node-max-entries", "stream-node-max-bytes",
      "hll-sparse-max-bytes", "proto-max-bulk-len", "slowlog-log-slower-than", "slowlog-max-len",
      "latency-monitor-threshold", "latency-tracking", "latency-tracking-info-percentiles",
      "lfu-log-factor", "lfu-decay-time", "busy-reply-threshold", "acllog-max-len",
      "acl-pubsub-default", "client-output-buffer-limit", "rdbcompression", "rdbchecksum");

  /** Checks values as CONFIG SET would, and holds them as the file leaves them. */
  private final Config values = newConfig();
  /** Redis's defaults, to tell a directive that changes nothing. */
  private final Config defaults = newConfig();
  /** Parameters the file sets (own names), in the order first set, with their last value. */
  private final Map<String, String> params = new LinkedHashMap<>();
  /** Each parameter's last directive, for its warning. */
  private final Map<String, String> paramLines = new LinkedHashMap<>();
  /** user lines: name then rules. */
  private final List<List<String>> users = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  /** A file's first save line replaces the default list, the next ones add to it, as in Redis. */
  private boolean saveSeen;
  private CommandTable commands;

  private RedisConf() {}

  private static Config newConfig() {
    return new Config(new ServerOptions("127.0.0.1", 6379, null, 16, ServerOptions.NO_SEED));
  }

  /** Reads the file (and what it includes); a line Redis refuses throws {@link Fatal}. */
  static RedisConf load(Path file) throws Fatal {
    RedisConf conf = new RedisConf();
    conf.file(file, 0);
    conf.finish();
    return conf;
  }

  /** Reads configuration text as if it were a file (for tests). */
  static RedisConf parse(String text) throws Fatal {
    RedisConf conf = new RedisConf();
    conf.text(text, 0);
    conf.finish();
    return conf;
  }

  /**
   * The parameters the file sets, by their own names, with values as CONFIG GET shows them (but
   * notify-keyspace-events as given), in the order last set.
   */
  Map<String, String> params() {
    return params;
  }

  /** The users the file declares: each a name then its ACL rules. */
  List<List<String>> users() {
    return users;
  }

  /** One line per directive that Cortado ignores, saying which and why. */
  List<String> warnings() {
    return warnings;
  }

  private void file(Path path, int depth) throws Fatal {
    if (depth > MAX_INCLUDE_DEPTH) {
      throw new Fatal("Fatal error, includes nested deeper than " + MAX_INCLUDE_DEPTH
          + " at config file '" + path + "'");
    }
    String name = path.toString();
    if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0) {
      // As Redis: a pattern matching nothing is no error (an empty conf.d); matches in name order.
      StringBuilder all = new StringBuilder();
      for (Path match : glob(path)) {
        all.append(read(match));
      }
      text(all.toString(), depth);
      return;
    }
    text(read(path), depth);
  }

  /** Files matching a pattern in its last name (as glob(3) would match the usual conf.d/*.conf). */
  private static List<Path> glob(Path pattern) throws Fatal {
    Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
    List<Path> matches = new ArrayList<>();
    String glob = pattern.getFileName().toString();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
      for (Path p : entries) {
        matches.add(pattern.getParent() == null ? p.getFileName() : p);
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      return List.of(); // no such directory: nothing matches
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      throw new Fatal("Fatal error, bad include pattern '" + pattern + "'");
    }
    matches.sort(null);
    return matches;
  }

  private static String read(Path path) throws Fatal {
    try {
      // Bytes as they are: values keep every byte, as CONFIG SET's do.
      return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new Fatal(cantOpen(path, "No such file or directory"));
    } catch (java.nio.file.AccessDeniedException e) {
      throw new Fatal(cantOpen(path, "Permission denied"));
    } catch (IOException e) {
      throw new Fatal(cantOpen(path, Files.isDirectory(path) ? "Is a directory" : e.getMessage()));
    }
  }

  private static String cantOpen(Path path, String why) {
    return "Fatal error, can't open config file '" + path + "': " + why;
  }

  /** The lines of one file, numbered from 1 (an included file has its own numbers, as in Redis). */
  private void text(String text, int depth) throws Fatal {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = trim(lines[i]);
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      byte[][] split = InlineSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
      if (split == null) {
        throw Fatal.at(i + 1, line, "Unbalanced quotes in configuration line");
      }
      if (split.length == 0) {
        continue;
      }
      List<String> argv = new ArrayList<>(split.length);
      for (byte[] arg : split) {
        argv.add(new String(arg, StandardCharsets.ISO_8859_1));
      }
      String error = directive(argv, line, depth);
      if (error != null) {
        throw Fatal.at(i + 1, line, error);
      }
    }
  }

  /** sdstrim(line, " \t\r\n"). */
  private static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && " \t\r\n".indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Applies one directive; Redis's error text when it refuses it, else null. */
  private String directive(List<String> argv, String line, int depth) throws Fatal {
    String name = argv.get(0).toLowerCase(Locale.ROOT);
    int argc = argv.size();
    String param = Config.canonicalName(name);
    if (param != null) {
      if (!MULTI_ARG.contains(param) && argc != 2) {
        return "wrong number of arguments";
      }
      List<String> args = argv.subList(1, argc);
      if (MULTI_ARG.contains(param) && argc == 2 && !argv.get(1).isEmpty()) {
        // As Redis: one argument of a multi-argument parameter is split again ("900 1 300 10").
        byte[][] again = InlineSplitter.split(argv.get(1).getBytes(StandardCharsets.ISO_8859_1));
        args = new ArrayList<>();
        if (again != null) {
          for (byte[] a : again) {
            args.add(new String(a, StandardCharsets.ISO_8859_1));
          }
        }
      }
      return parameter(param, args, line);
    }
    if (DEPRECATED.contains(name) && argc == 2) {
      return null;
    }
    switch (name) {
      case "include" -> {
        if (argc != 2) {
          return "Bad directive or wrong number of arguments";
        }
        file(Path.of(argv.get(1)), depth + 1);
        return null;
      }
      case "rename-command" -> {
        if (argc != 3) {
          return "Bad directive or wrong number of arguments";
        }
        if (commands == null) {
          commands = CommandTable.standard();
        }
        if (!commands.exists(argv.get(1))) {
          return "No such command in rename-command";
        }
        warn(line, "Cortado does not rename or remove commands");
        return null;
      }
      case "user" -> {
        if (argc < 2) {
          return "Bad directive or wrong number of arguments";
        }
        users.add(List.copyOf(argv.subList(1, argc)));
        return null;
      }
      case "loadmodule" -> {
        if (argc < 2) {
          return "Bad directive or wrong number of arguments";
        }
        warn(line, "Cortado loads no modules");
        return null;
      }
      case "sentinel" -> {
        if (argc != 1) {
          return "sentinel directive while not in sentinel mode";
        }
        warn(line, "Cortado has no sentinel mode here");
        return null;
      }
      default -> {
        if (name.indexOf('.') >= 0) { // a module's parameter
          if (argc < 2) {
            return "Module config specified without value";
          }
          warn(line, "Cortado loads no modules");
          return null;
        }
        return "Bad directive or wrong number of arguments";
      }
    }
  }

  /** A parameter's value checked as Redis checks it in a file; Redis's reason if it refuses it. */
  private String parameter(String param, List<String> args, String line) {
    String value = String.join(" ", args);
    String error = extraCheck(param, args);
    if (error != null) {
      return error;
    }
    if (param.equals("save")) {
      // The first save line of the file replaces Redis's default list; later ones add to it;
      // save "" empties it.
      if (value.isEmpty()) {
        saveSeen = true;
      } else {
        if ((args.size() & 1) != 0) {
          return "Invalid save parameters";
        }
        String before = saveSeen ? values.get("save") : "";
        value = before.isEmpty() ? value : before + " " + value;
        saveSeen = true;
      }
    }
    String normalized;
    try {
      normalized = values.normalize(param, value);
    } catch (Config.InvalidValueException e) {
      return e.getMessage();
    }
    values.set(param, normalized);
    params.remove(param); // keeps the order in which the values are last set
    // notify-keyspace-events as given: "AKEn" shows as "AKE" yet still sends "new" events.
    params.put(param, param.equals("notify-keyspace-events") ? value : normalized);
    paramLines.put(param, line);
    return null;
  }

  /** What Redis checks in a file that CONFIG SET's value check (Config.normalize) does not. */
  private static String extraCheck(String param, List<String> args) {
    switch (param) {
      case "client-output-buffer-limit" -> {
        if (args.size() % 4 != 0) {
          return "Wrong number of arguments in buffer limit configuration.";
        }
      }
      case "oom-score-adj-values" -> {
        if (args.size() != 3) {
          return "wrong number of arguments";
        }
        for (String a : args) {
          long n;
          try {
            n = Long.parseLong(a);
          } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
          }
          if (n < -2000 || n > 2000) {
            return "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
          }
        }
      }
      case "replicaof" -> {
        if (args.size() != 2) {
          return "wrong number of arguments";
        }
      }
      case "latency-tracking-info-percentiles" -> {
        for (String a : args) {
          double d;
          try {
            d = Double.parseDouble(a);
          } catch (NumberFormatException e) {
            return "Invalid latency-tracking-info-percentiles parameters";
          }
          if (!(d >= 0 && d <= 100)) {
            return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
          }
        }
      }
      case "dbfilename" -> {
        String f = args.get(0);
        if (f.indexOf('/') >= 0 || f.indexOf('\\') >= 0) {
          return "dbfilename can't be a path, just a filename";
        }
      }
      case "dir" -> { // Redis changes into it at once and fails with strerror's text
        Path dir = Path.of(args.get(0));
        if (!Files.exists(dir)) {
          return "No such file or directory";
        }
        if (!Files.isDirectory(dir)) {
          return "Not a directory";
        }
        if (!Files.isExecutable(dir)) {
          return "Permission denied";
        }
      }
      default -> {
        return null;
      }
    }
    return null;
  }

  /** Redis's checks after the last line, and the warnings for what Cortado ignores. */
  private void finish() throws Fatal {
    if (values.get("cluster-enabled").equals("yes") && !values.get("replicaof").isEmpty()) {
      throw new Fatal(report(-1, null, "replicaof directive not allowed in cluster mode"));
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      String param = e.getKey();
      String line = paramLines.get(param);
      if (param.equals("bind")) {
        String[] addresses = e.getValue().trim().split(" +");
        if (addresses.length > 1) {
          warn(line, "Cortado listens on " + listenAddress(e.getValue()) + " only");
        }
      } else if (!ACTED_ON.contains(param) && !values.get(param).equals(defaults.get(param))) {
        warn(line, "Cortado does not act on " + param + " (CONFIG GET shows the value)");
      }
    }
  }

  /** The address Cortado listens on for a bind list: its first, without Redis's optional mark. */
  static String listenAddress(String bind) {
    String first = bind.trim().split(" +")[0];
    return first.startsWith("-") ? first.substring(1) : first;
  }

  private void warn(String line, String why) {
    warnings.add("cortado: ignoring '" + line + "': " + why);
  }

  /** Redis's report of a line it refuses (config.c loaderr); line -1: no line to show. */
  static String report(int lineNumber, String line, String error) {
    StringBuilder s = new StringBuilder("\n*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION
        + ") ***\n");
    if (lineNumber > 0) {
      s.append("Reading the configuration file, at line ").append(lineNumber).append('\n');
      s.append(">>> '").append(line).append("'\n");
    }
    return s.append(error).append('\n').toString();
  }

  /** Why the file cannot start a server: printed as is to stderr, then exit 1. */
  static final class Fatal extends Exception {
    Fatal(String report) {
      super(report, null, false, false);
    }

    static Fatal at(int lineNumber, String line, String error) {
      return new Fatal(report(lineNumber, line, error));
    }
  }
}
