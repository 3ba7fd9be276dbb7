package dev.cortado.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which commands a stub answers or a verification counts: a name (or any), arguments, a key, a
 * database, a client name, a predicate. Immutable: each {@code with...} returns a new pattern. Made
 * by {@link Mock#command(String, Object...)} and {@link Mock#anyCommand()}.
 *
 * <pre>{@code
 * command("SET").withArgs("lock", any(), "NX", "PX", any())
 * command("GET").withKey(glob("user:*")).inDatabase(1)
 * command("CLIENT SETNAME")            // a subcommand: name and first argument
 * anyCommand().fromClient("worker-1")
 * }</pre>
 */
public final class CommandPattern {
  private final String name;
  private final List<ArgumentMatcher> leading;
  private final List<ArgumentMatcher> args;
  private final boolean argsArePrefix;
  private final ArgumentMatcher key;
  private final Integer database;
  private final String clientName;
  private final Predicate<RecordedCommand> predicate;
  private final String predicateText;

  private CommandPattern(String name, List<ArgumentMatcher> leading, List<ArgumentMatcher> args,
      boolean argsArePrefix, ArgumentMatcher key, Integer database, String clientName,
      Predicate<RecordedCommand> predicate, String predicateText) {
    this.name = name;
    this.leading = leading;
    this.args = args;
    this.argsArePrefix = argsArePrefix;
    this.key = key;
    this.database = database;
    this.clientName = clientName;
    this.predicate = predicate;
    this.predicateText = predicateText;
  }

  /** "GET", or "CLIENT SETNAME": words after the first must be the first arguments (any case). */
  static CommandPattern named(String command) {
    String[] words = command.trim().split("\\s+");
    if (words[0].isEmpty()) {
      throw new IllegalArgumentException("a command name is needed");
    }
    List<ArgumentMatcher> leading = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      leading.add(Mock.eqIgnoreCase(words[i]));
    }
    return new CommandPattern(words[0].toUpperCase(Locale.ROOT), List.copyOf(leading), null, false,
        null, null, null, null, null);
  }

  static CommandPattern any() {
    return new CommandPattern(null, List.of(), null, false, null, null, null, null, null);
  }

  /**
   * The arguments (after the name and any subcommand), exactly this many: each a String or byte[]
   * (equal), a Number (its decimal text) or an {@link ArgumentMatcher}.
   */
  public CommandPattern withArgs(Object... args) {
    return new CommandPattern(name, leading, matchers(args), false, key, database, clientName,
        predicate, predicateText);
  }

  /** The first arguments; any number may follow. */
  public CommandPattern withArgsStartingWith(Object... args) {
    return new CommandPattern(name, leading, matchers(args), true, key, database, clientName,
        predicate, predicateText);
  }

  /** One of the command's keys (by the command table's key positions) matches. */
  public CommandPattern withKey(Object key) {
    return new CommandPattern(name, leading, args, argsArePrefix, Mock.matcher(key), database,
        clientName, predicate, predicateText);
  }

  /** Sent by a connection that had this database selected. */
  public CommandPattern inDatabase(int database) {
    return new CommandPattern(name, leading, args, argsArePrefix, key, database, clientName,
        predicate, predicateText);
  }

  /** Sent by a connection named so (CLIENT SETNAME, or the name option of the client library). */
  public CommandPattern fromClient(String clientName) {
    return new CommandPattern(name, leading, args, argsArePrefix, key, database,
        Objects.requireNonNull(clientName, "clientName"), predicate, predicateText);
  }

  /** Any other condition; {@code description} appears in messages. */
  public CommandPattern where(String description, Predicate<RecordedCommand> condition) {
    Objects.requireNonNull(condition, "condition");
    Predicate<RecordedCommand> both = predicate == null ? condition : predicate.and(condition);
    String text = predicateText == null ? description : predicateText + " and " + description;
    return new CommandPattern(name, leading, args, argsArePrefix, key, database, clientName, both,
        text);
  }

  private static List<ArgumentMatcher> matchers(Object[] args) {
    List<ArgumentMatcher> out = new ArrayList<>(args.length);
    for (Object arg : args) {
      out.add(Mock.matcher(arg));
    }
    return List.copyOf(out);
  }

  boolean matches(RecordedCommand c) {
    return distance(c) == 0;
  }

  /**
   * 0 when the command matches; otherwise how far it is (a different name counts most, then each
   * argument, key, database or client that differs), to rank near misses.
   */
  int distance(RecordedCommand c) {
    int d = 0;
    byte[][] argv = c.rawArgs();
    if (name != null && !name.equals(c.name())) {
      d += 10;
    }
    int given = argv.length - 1;
    for (int i = 0; i < leading.size(); i++) {
      if (i >= given || !leading.get(i).matches(argv[i + 1])) {
        d += 5;
      }
    }
    if (args != null) {
      int offset = leading.size() + 1;
      int present = Math.max(0, argv.length - offset);
      for (int i = 0; i < args.size(); i++) {
        if (i >= present || !args.get(i).matches(argv[offset + i])) {
          d++;
        }
      }
      if (!argsArePrefix && present > args.size()) {
        d += present - args.size();
      }
    }
    if (key != null && c.keyBytes().stream().noneMatch(key::matches)) {
      d++;
    }
    if (database != null && database != c.database()) {
      d++;
    }
    if (clientName != null && !clientName.equals(c.clientName())) {
      d++;
    }
    if (predicate != null && !predicate.test(c)) {
      d++;
    }
    return d;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name == null ? "any command" : name);
    for (ArgumentMatcher m : leading) {
      sb.append(' ').append(m);
    }
    if (args != null) {
      for (ArgumentMatcher m : args) {
        sb.append(' ').append(m);
      }
      if (argsArePrefix) {
        sb.append(" ...");
      }
    } else if (name != null) {
      sb.append(" (any arguments)");
    }
    if (key != null) {
      sb.append(" with key ").append(key);
    }
    if (database != null) {
      sb.append(" in db").append(database);
    }
    if (clientName != null) {
      sb.append(" from client ").append(clientName);
    }
    if (predicateText != null) {
      sb.append(" where ").append(predicateText);
    }
    return sb.toString();
  }
}
