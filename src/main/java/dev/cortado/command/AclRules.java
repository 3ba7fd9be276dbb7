package dev.cortado.command;

import dev.cortado.keyspace.Glob;
import dev.cortado.server.Acl;

import dev.cortado.server.Connection;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * ACL rules as Redis 7.0 applies, describes and checks them (acl.c): a user's rules change a copy,
 * commands are described back as "+@all"/"-@all", the categories that fit best, then single
 * commands, and a command is allowed when one of the user's selectors allows it, its keys and its
 * channels.
 */
final class AclRules {
  private AclRules() {}

  /** Check results, ordered as Redis's: a later selector's denial replaces an earlier lesser one. */
  static final int OK = 0;
  static final int DENIED_CMD = 1;
  static final int DENIED_KEY = 2;
  static final int DENIED_CHANNEL = 4;

  /** Categories of each command, computed once (specs are immutable once registered). */
  private static final Map<CommandSpec, Set<String>> CATEGORIES = new WeakHashMap<>();

  private static Set<String> categories(CommandSpec spec) {
    synchronized (CATEGORIES) {
      return CATEGORIES.computeIfAbsent(spec, s -> Set.copyOf(s.aclCategoryNames()));
    }
  }

  /** A rule Redis rejects, with the reason ACL SETUSER quotes. */
  static final class RuleException extends Exception {
    RuleException(String reason) {
      super(reason, null, false, false);
    }
  }

  static final String UNKNOWN = "Unknown command or category name in ACL";
  static final String SYNTAX = "Syntax error";
  static final String KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' "
      + "flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty "
      + "list of patterns";
  static final String CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the "
      + "'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to "
      + "start with an empty list of channels";
  static final String NO_SUCH_PASSWORD =
      "The password you are trying to remove from the user does not exist";
  static final String BAD_HASH = "The password hash must be exactly 64 characters and contain "
      + "only lowercase hexadecimal characters";
  static final String SUBCOMMAND_FIRST_ARG =
      "Allowing first-arg of a subcommand is not supported";

  // ---------------------------------------------------------------- applying rules (ACLSetUser)

  /** Applies one rule to a user (Redis's ACLSetUser); an empty rule does nothing. */
  static void apply(CommandTable table, Acl.User u, byte[] rule, boolean pubsubAllChannels)
      throws RuleException {
    if (rule.length == 0) {
      return;
    }
    String op = new String(rule, StandardCharsets.ISO_8859_1);
    String lower = op.toLowerCase(Locale.ROOT);
    char first = op.charAt(0);
    switch (lower) {
      case "on" -> u.enabled = true;
      case "off" -> u.enabled = false;
      case "skip-sanitize-payload" -> u.sanitize = 2;
      case "sanitize-payload" -> u.sanitize = 1;
      case "nopass" -> {
        u.nopass = true;
        u.passwords.clear();
      }
      case "resetpass" -> {
        u.nopass = false;
        u.passwords.clear();
      }
      case "clearselectors" -> clearSelectors(u);
      case "reset" -> {
        u.nopass = false;
        u.passwords.clear();
        Acl.Selector root = u.root();
        root.allKeys = false;
        root.patterns.clear();
        root.allChannels = pubsubAllChannels;
        root.channels.clear();
        u.enabled = false;
        u.sanitize = 1;
        clearSelectors(u);
        root.setAll(false);
      }
      default -> {
        if (first == '>' || first == '#') {
          String hash = first == '>' ? Acl.User.hash(Arrays.copyOfRange(rule, 1, rule.length))
              : checkedHash(op.substring(1));
          if (!u.passwords.contains(hash)) {
            u.passwords.add(hash);
          }
          u.nopass = false;
        } else if (first == '<' || first == '!') {
          String hash = first == '<' ? Acl.User.hash(Arrays.copyOfRange(rule, 1, rule.length))
              : checkedHash(op.substring(1));
          if (!u.passwords.remove(hash)) {
            throw new RuleException(NO_SUCH_PASSWORD);
          }
        } else if (first == '(' && op.charAt(op.length() - 1) == ')') {
          Acl.Selector s = new Acl.Selector(false, pubsubAllChannels);
          for (String inner : splitArgs(op.substring(1, op.length() - 1))) {
            applySelector(table, s, inner);
          }
          u.selectors.add(s);
        } else {
          applySelector(table, u.root(), op);
        }
      }
    }
  }

  private static void clearSelectors(Acl.User u) {
    u.selectors.subList(1, u.selectors.size()).clear();
  }

  private static String checkedHash(String hash) throws RuleException {
    if (hash.length() != 64) {
      throw new RuleException(BAD_HASH);
    }
    for (int i = 0; i < hash.length(); i++) {
      char c = hash.charAt(i);
      if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
        throw new RuleException(BAD_HASH);
      }
    }
    return hash;
  }

  /** Applies a selector rule (Redis's ACLSetSelector): keys, channels, commands. */
  static void applySelector(CommandTable table, Acl.Selector s, String op) throws RuleException {
    String lower = op.toLowerCase(Locale.ROOT);
    if (lower.equals("allkeys") || op.equals("~*")) {
      s.allKeys = true;
      s.patterns.clear();
    } else if (lower.equals("resetkeys")) {
      s.allKeys = false;
      s.patterns.clear();
    } else if (lower.equals("allchannels") || op.equals("&*")) {
      s.allChannels = true;
      s.channels.clear();
    } else if (lower.equals("resetchannels")) {
      s.allChannels = false;
      s.channels.clear();
    } else if (lower.equals("allcommands") || lower.equals("+@all")) {
      s.setAll(true);
    } else if (lower.equals("nocommands") || lower.equals("-@all")) {
      s.setAll(false);
    } else if (op.startsWith("~") || op.startsWith("%")) {
      addKeyPattern(s, op);
    } else if (op.startsWith("&")) {
      if (s.allChannels) {
        throw new RuleException(CHANNELS_AFTER_ALL);
      }
      String pattern = op.substring(1);
      if (hasSpaces(pattern)) {
        throw new RuleException(SYNTAX);
      }
      byte[] p = pattern.getBytes(StandardCharsets.ISO_8859_1);
      if (s.channels.stream().noneMatch(c -> Arrays.equals(c, p))) {
        s.channels.add(p);
      }
      s.allChannels = false;
    } else if (op.startsWith("+") && !op.startsWith("+@")) {
      allowCommand(table, s, op.substring(1));
    } else if (op.startsWith("-") && !op.startsWith("-@")) {
      CommandSpec cmd = lookup(table, op.substring(1));
      if (cmd == null) {
        throw new RuleException(UNKNOWN);
      }
      changePerm(s, cmd, false);
    } else if (op.startsWith("+@") || op.startsWith("-@")) {
      String category = op.substring(2).toLowerCase(Locale.ROOT);
      if (!CommandSpec.ACL_CATEGORIES.contains(category)) {
        throw new RuleException(UNKNOWN);
      }
      setCategory(table.all(), s, category, op.charAt(0) == '+');
    } else {
      throw new RuleException(SYNTAX);
    }
  }

  private static void addKeyPattern(Acl.Selector s, String op) throws RuleException {
    if (s.allKeys) {
      throw new RuleException(KEYS_AFTER_ALL);
    }
    int flags = 0;
    int offset = 1;
    if (op.charAt(0) == '%') {
      for (; offset < op.length(); offset++) {
        char c = Character.toUpperCase(op.charAt(offset));
        if (c == 'R' && (flags & Acl.Selector.READ) == 0) {
          flags |= Acl.Selector.READ;
        } else if (c == 'W' && (flags & Acl.Selector.WRITE) == 0) {
          flags |= Acl.Selector.WRITE;
        } else if (op.charAt(offset) == '~') {
          offset++;
          break;
        } else {
          throw new RuleException(SYNTAX);
        }
      }
      if (flags == 0) {
        throw new RuleException(SYNTAX); // "%~a": a permission must be named
      }
    } else {
      flags = Acl.Selector.ALL;
    }
    String pattern = op.substring(Math.min(offset, op.length()));
    if (hasSpaces(pattern)) {
      throw new RuleException(SYNTAX);
    }
    byte[] p = pattern.getBytes(StandardCharsets.ISO_8859_1);
    Acl.Selector.KeyPattern existing = null;
    for (Acl.Selector.KeyPattern k : s.patterns) {
      if (Arrays.equals(k.pattern, p)) {
        existing = k;
      }
    }
    if (existing == null) {
      s.patterns.add(new Acl.Selector.KeyPattern(p, flags));
    } else {
      existing.flags |= flags;
    }
    s.allKeys = false;
  }

  /** +command, +container|sub, or +command|first-arg for a command without subcommands. */
  private static void allowCommand(CommandTable table, Acl.Selector s, String name)
      throws RuleException {
    int bar = name.lastIndexOf('|');
    if (bar < 0) {
      CommandSpec cmd = lookup(table, name);
      if (cmd == null) {
        throw new RuleException(UNKNOWN);
      }
      changePerm(s, cmd, true);
      return;
    }
    String sub = name.substring(bar + 1);
    CommandSpec cmd = lookup(table, name.substring(0, bar));
    if (cmd == null) {
      throw new RuleException(UNKNOWN);
    }
    if (cmd.name.indexOf('|') >= 0) {
      throw new RuleException(SUBCOMMAND_FIRST_ARG);
    }
    if (sub.isEmpty()) {
      throw new RuleException(SYNTAX);
    }
    if (!cmd.subcommands.isEmpty()) {
      CommandSpec subcommand = lookup(table, name);
      if (subcommand == null) {
        throw new RuleException(UNKNOWN);
      }
      changePerm(s, subcommand, true);
    } else {
      List<String> args = s.firstArgs.computeIfAbsent(cmd.name, k -> new ArrayList<>());
      if (args.stream().noneMatch(a -> a.equalsIgnoreCase(sub))) {
        args.add(sub);
      }
    }
  }

  /** A command or "container|sub" by name, any case (Redis's ACLLookupCommand); else null. */
  static CommandSpec lookup(CommandTable table, String name) {
    String[] parts = name.toLowerCase(Locale.ROOT).split("\\|", -1);
    if (parts.length > 2) {
      return null;
    }
    CommandSpec cmd = table.get(parts[0]);
    if (cmd == null || parts.length == 1) {
      return cmd;
    }
    return cmd.subcommands.get(parts[1]);
  }

  /** Allows or denies a command and, for a container, all its subcommands. */
  private static void changePerm(Acl.Selector s, CommandSpec cmd, boolean allow) {
    s.set(cmd.name, allow);
    s.firstArgs.remove(cmd.name);
    for (CommandSpec sub : cmd.subcommands.values()) {
      s.set(sub.name, allow);
    }
  }

  private static void setCategory(Collection<CommandSpec> commands, Acl.Selector s, String category,
      boolean allow) {
    for (CommandSpec cmd : commands) {
      if (categories(cmd).contains(category)) {
        changePerm(s, cmd, allow);
      }
      if (!cmd.subcommands.isEmpty()) {
        setCategory(cmd.subcommands.values(), s, category, allow);
      }
    }
  }

  private static boolean hasSpaces(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * A selector's rules split as Redis's sdssplitargs splits them: words, double quotes with C-like
   * escapes, single quotes. Unbalanced quotes, or a closing quote not followed by a space, give no
   * rules at all, as in Redis.
   */
  static List<String> splitArgs(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      StringBuilder word = new StringBuilder();
      boolean inDouble = false;
      boolean inSingle = false;
      while (true) {
        if (inDouble) {
          if (i >= n) {
            return List.of(); // unterminated quotes
          }
          char c = text.charAt(i);
          if (c == '\\' && i + 3 < n && text.charAt(i + 1) == 'x' && isHex(text.charAt(i + 2))
              && isHex(text.charAt(i + 3))) {
            word.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
            i += 3;
          } else if (c == '\\' && i + 1 < n) {
            char e = text.charAt(++i);
            word.append(switch (e) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'a' -> (char) 7;
              default -> e;
            });
          } else if (c == '"') {
            if (i + 1 < n && !isSpace(text.charAt(i + 1))) {
              return List.of(); // a closing quote must end the word
            }
            inDouble = false;
            i++;
            break;
          } else {
            word.append(c);
          }
        } else if (inSingle) {
          if (i >= n) {
            return List.of();
          }
          char c = text.charAt(i);
          if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\'') {
            word.append('\'');
            i++;
          } else if (c == '\'') {
            if (i + 1 < n && !isSpace(text.charAt(i + 1))) {
              return List.of();
            }
            inSingle = false;
            i++;
            break;
          } else {
            word.append(c);
          }
        } else {
          if (i >= n) {
            break;
          }
          char c = text.charAt(i);
          if (isSpace(c)) {
            break;
          } else if (c == '"') {
            inDouble = true;
          } else if (c == '\'') {
            inSingle = true;
          } else {
            word.append(c);
          }
        }
        i++;
      }
      out.add(word.toString());
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0x0b;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  /**
   * ACL SETUSER's arguments with selectors spread over several joined (Redis's
   * ACLMergeSelectorArguments); null when a parenthesis is left open, with its index in {@code at}.
   */
  static List<byte[]> mergeSelectors(List<byte[]> args, int[] at) {
    List<byte[]> out = new ArrayList<>();
    StringBuilder selector = null;
    int open = -1;
    for (int j = 0; j < args.size(); j++) {
      String op = new String(args.get(j), StandardCharsets.ISO_8859_1);
      if (op.startsWith("(") && !op.endsWith(")")) {
        selector = new StringBuilder(op);
        open = j;
        continue;
      }
      if (open != -1) {
        selector.append(' ').append(op);
        if (op.endsWith(")")) {
          open = -1;
          out.add(selector.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        continue;
      }
      out.add(args.get(j));
    }
    if (open != -1) {
      at[0] = open;
      return null;
    }
    return out;
  }

  // ---------------------------------------------------------------- describing (ACL LIST, GETUSER)

  /** A user as ACL LIST shows it after "user NAME ". */
  static String describeUser(CommandTable table, Acl.User u) {
    StringBuilder out = new StringBuilder();
    out.append(u.enabled ? "on " : "off ");
    if (u.nopass) {
      out.append("nopass ");
    }
    if (u.sanitize == 2) {
      out.append("skip-sanitize-payload ");
    } else if (u.sanitize == 1) {
      out.append("sanitize-payload ");
    }
    for (String p : u.passwords) {
      out.append('#').append(p).append(' ');
    }
    for (Acl.Selector s : u.selectors) {
      String d = describeSelector(table, s);
      if (s.root) {
        out.append(d);
      } else {
        out.append(" (").append(d).append(')');
      }
    }
    return out.toString();
  }

  static List<String> flags(Acl.User u) {
    List<String> flags = new ArrayList<>(3);
    flags.add(u.enabled ? "on" : "off");
    if (u.nopass) {
      flags.add("nopass");
    }
    if (u.sanitize == 2) {
      flags.add("skip-sanitize-payload");
    } else if (u.sanitize == 1) {
      flags.add("sanitize-payload");
    }
    return flags;
  }

  private static String describeSelector(CommandTable table, Acl.Selector s) {
    StringBuilder out = new StringBuilder();
    if (s.allKeys) {
      out.append("~* ");
    } else {
      for (Acl.Selector.KeyPattern p : s.patterns) {
        out.append(patternString(p)).append(' ');
      }
    }
    if (s.allChannels) {
      out.append("&* ");
    } else {
      out.append("resetchannels ");
      for (byte[] c : s.channels) {
        out.append('&').append(new String(c, StandardCharsets.ISO_8859_1)).append(' ');
      }
    }
    return out.append(describeCommands(table, s)).toString();
  }

  static String keysDescription(Acl.Selector s) {
    if (s.allKeys) {
      return "~*";
    }
    StringBuilder out = new StringBuilder();
    for (Acl.Selector.KeyPattern p : s.patterns) {
      out.append(out.length() == 0 ? "" : " ").append(patternString(p));
    }
    return out.toString();
  }

  static String channelsDescription(Acl.Selector s) {
    if (s.allChannels) {
      return "&*";
    }
    StringBuilder out = new StringBuilder();
    for (byte[] c : s.channels) {
      out.append(out.length() == 0 ? "&" : " &").append(new String(c, StandardCharsets.ISO_8859_1));
    }
    return out.toString();
  }

  private static String patternString(Acl.Selector.KeyPattern p) {
    String prefix = switch (p.flags) {
      case Acl.Selector.READ -> "%R~";
      case Acl.Selector.WRITE -> "%W~";
      default -> "~";
    };
    return prefix + new String(p.pattern, StandardCharsets.ISO_8859_1);
  }

  /**
   * The command rules that rebuild a selector's permissions (ACLDescribeSelectorCommandRules):
   * "+@all" or "-@all" by the future-commands bit, then repeatedly the category with the fewest
   * differences among those with more in common than not, then single commands to make it exact.
   */
  static String describeCommands(CommandTable table, Acl.Selector s) {
    boolean additive = !s.base;
    StringBuilder rules = new StringBuilder(additive ? "-@all " : "+@all ");
    Acl.Selector fake = new Acl.Selector(false, false);
    fake.setAll(!additive);
    Acl.Selector temp = new Acl.Selector(false, false);
    temp.base = s.base;
    temp.flipped.addAll(s.flipped);
    Collection<CommandSpec> all = table.all();
    boolean[] applied = new boolean[CommandSpec.ACL_CATEGORIES.size()];
    while (true) {
      int best = -1;
      long minDiff = Integer.MAX_VALUE;
      long maxSame = 0;
      for (int j = 0; j < applied.length; j++) {
        if (applied[j]) {
          continue;
        }
        long[] onOff = new long[2];
        count(all, temp, CommandSpec.ACL_CATEGORIES.get(j), onOff);
        long diff = additive ? onOff[1] : onOff[0];
        long same = additive ? onOff[0] : onOff[1];
        if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
          best = j;
          minDiff = diff;
          maxSame = same;
        }
      }
      if (best == -1) {
        break;
      }
      String category = CommandSpec.ACL_CATEGORIES.get(best);
      setCategory(all, fake, category, additive);
      setCategory(all, temp, category, !additive);
      rules.append(additive ? "+@" : "-@").append(category).append(' ');
      applied[best] = true;
    }
    singleCommands(all, s, fake, rules);
    rules.setLength(rules.length() - 1);
    return rules.toString();
  }

  private static void count(Collection<CommandSpec> commands, Acl.Selector s, String category,
      long[] onOff) {
    for (CommandSpec cmd : commands) {
      // Redis 7.0 counts its own table: commands from later versions (CLIENT SETINFO...) would
      // tip the choice of a category where Redis does not take it.
      if (categories(cmd).contains(category) && !newerThanRedis70(cmd)) {
        onOff[s.allows(cmd.name) ? 0 : 1]++;
      }
      if (!cmd.subcommands.isEmpty()) {
        count(cmd.subcommands.values(), s, category, onOff);
      }
    }
  }

  private static boolean newerThanRedis70(CommandSpec cmd) {
    String since = cmd.since;
    if (since == null) {
      return false;
    }
    String[] v = since.split("\\.");
    int major = Integer.parseInt(v[0]);
    int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
    return major > 7 || major == 7 && minor > 0;
  }

  private static void singleCommands(Collection<CommandSpec> commands, Acl.Selector s,
      Acl.Selector fake, StringBuilder rules) {
    for (CommandSpec cmd : commands) {
      boolean user = s.allows(cmd.name);
      if (user != fake.allows(cmd.name)) {
        rules.append(user ? '+' : '-').append(cmd.name).append(' ');
        changePerm(fake, cmd, user);
      }
      if (!cmd.subcommands.isEmpty()) {
        singleCommands(cmd.subcommands.values(), s, fake, rules);
      }
      List<String> firstArgs = s.firstArgs.get(cmd.name);
      if (!user && firstArgs != null) {
        for (String arg : firstArgs) {
          rules.append('+').append(cmd.name).append('|').append(arg).append(' ');
        }
      }
    }
  }

  /** ACL CAT category: every command and subcommand in it, in the table's order. */
  static List<String> commandsIn(CommandTable table, String category) {
    List<String> out = new ArrayList<>();
    collect(table.all(), category, out);
    return out;
  }

  private static void collect(Collection<CommandSpec> commands, String category, List<String> out) {
    for (CommandSpec cmd : commands) {
      if (categories(cmd).contains(category)) {
        out.add(cmd.name);
      }
      if (!cmd.subcommands.isEmpty()) {
        collect(cmd.subcommands.values(), category, out);
      }
    }
  }

  // ---------------------------------------------------------------- checking (ACLCheckAllPerm)

  /**
   * Whether the user may run the command with these arguments ({@code args[0]} its name): OK or
   * the most relevant denial, Redis's pick among the selectors, with the denied argument's index in
   * {@code at[0]}.
   */
  static int check(Acl.User u, CommandSpec spec, byte[][] args, int[] at) {
    int relevant = DENIED_CMD;
    int lastIndex = 0;
    int[] local = new int[1];
    List<int[]> keys = null;
    for (Acl.Selector s : u.selectors) {
      if (keys == null && !s.allKeys && spec.hasKeys()) {
        keys = keysWithFlags(spec, args);
      }
      int r = checkSelector(s, spec, args, keys, local);
      if (r == OK) {
        return OK;
      }
      if (r > relevant || (r == relevant && local[0] > lastIndex)) {
        relevant = r;
        lastIndex = local[0];
      }
    }
    at[0] = lastIndex;
    return relevant;
  }

  /** Each key's position and its ACL need (READ and/or WRITE from access/insert/delete/update). */
  private static List<int[]> keysWithFlags(CommandSpec spec, byte[][] args) {
    List<List<String>> flags = new ArrayList<>();
    int[] positions = KeySpec.keysOf(spec.keySpecs(), spec.keysFallback, args, 0, flags);
    List<int[]> out = new ArrayList<>(positions.length);
    for (int i = 0; i < positions.length; i++) {
      List<String> f = i < flags.size() ? flags.get(i) : List.of();
      int need = 0;
      if (f.contains("access")) {
        need |= Acl.Selector.READ;
      }
      if (f.contains("insert") || f.contains("delete") || f.contains("update")) {
        need |= Acl.Selector.WRITE;
      }
      out.add(new int[] {positions[i], need});
    }
    return out;
  }

  private static int checkSelector(Acl.Selector s, CommandSpec spec, byte[][] args,
      List<int[]> keys, int[] at) {
    if (!s.allCommands && !spec.has(CommandSpec.NO_AUTH) && !s.allows(spec.name)) {
      List<String> firstArgs = s.firstArgs.get(spec.name);
      if (args.length < 2 || firstArgs == null) {
        return DENIED_CMD;
      }
      String arg = new String(args[spec.name.indexOf('|') >= 0 ? 2 : 1],
          StandardCharsets.ISO_8859_1);
      if (firstArgs.stream().noneMatch(arg::equalsIgnoreCase)) {
        return DENIED_CMD;
      }
    }
    if (!s.allKeys && keys != null) {
      for (int[] key : keys) {
        if (!keyAllowed(s, args[key[0]], key[1])) {
          at[0] = key[0];
          return DENIED_KEY;
        }
      }
    }
    if (!s.allChannels) {
      switch (spec.name) {
        case "publish", "spublish" -> {
          return channels(s, args, 1, 2, false, at);
        }
        case "subscribe", "ssubscribe" -> {
          return channels(s, args, 1, args.length, false, at);
        }
        case "psubscribe" -> {
          return channels(s, args, 1, args.length, true, at);
        }
        default -> {
        }
      }
    }
    return OK;
  }

  private static boolean keyAllowed(Acl.Selector s, byte[] key, int need) {
    for (Acl.Selector.KeyPattern p : s.patterns) {
      if ((p.flags & need) == need && Glob.matches(p.pattern, key)) {
        return true;
      }
    }
    return false;
  }

  /** Channels must match a pattern; PSUBSCRIBE's patterns must equal one, as Redis 7.0 checks. */
  private static int channels(Acl.Selector s, byte[][] args, int from, int to, boolean literal,
      int[] at) {
    for (int j = from; j < to && j < args.length; j++) {
      boolean ok = false;
      for (byte[] p : s.channels) {
        if (literal ? Arrays.equals(p, args[j]) : Glob.matches(p, args[j])) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        at[0] = j;
        return DENIED_CHANNEL;
      }
    }
    return OK;
  }

  // ---------------------------------------------------------------- the ACL log

  /**
   * Adds an entry to the ACL log, newest first, or bumps a matching one among the ten newest (same
   * reason, context, object and user, within a minute), then trims to acllog-max-len.
   */
  static void log(ServerState server, Connection realClient, String reason, String context,
      byte[] object, String username) {
    long now = server.clock.millis();
    String info = ClientCommands.describe(now, realClient);
    Acl acl = server.acl;
    int scanned = 0;
    for (Iterator<Acl.LogEntry> it = acl.log.iterator(); it.hasNext() && scanned < 10; scanned++) {
      Acl.LogEntry e = it.next();
      if (e.reason.equals(reason) && e.context.equals(context)
          && Math.abs(e.createdAt - now) <= 60_000 && Arrays.equals(e.object, object)
          && e.username.equals(username)) {
        it.remove();
        acl.log.addFirst(e);
        e.clientInfo = info;
        e.createdAt = now;
        e.count++;
        return;
      }
    }
    acl.log.addFirst(new Acl.LogEntry(reason, context, object, username, now, info));
    long max = server.config.number("acllog-max-len");
    while (acl.log.size() > max) {
      acl.log.removeLast();
    }
  }

  static String reasonName(int denial) {
    return switch (denial) {
      case DENIED_CMD -> "command";
      case DENIED_KEY -> "key";
      default -> "channel";
    };
  }

  /** What a denial's log entry names: the command's full name, or the key or channel. */
  static byte[] deniedObject(int denial, CommandSpec spec, byte[][] args, int at) {
    return denial == DENIED_CMD ? spec.name.getBytes(StandardCharsets.ISO_8859_1) : args[at];
  }
}
