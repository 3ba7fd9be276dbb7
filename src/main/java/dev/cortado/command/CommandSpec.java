package dev.cortado.command;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command as declared in the table: its name, arity (Redis convention: -N means at least N),
 * flags, key positions and handler. A container command (CLIENT, CONFIG...) holds subcommands instead
 * of a handler of its own.
 */
final class CommandSpec {
  static final int WRITE = 1;
  static final int READONLY = 1 << 1;
  static final int DENYOOM = 1 << 2;
  static final int ADMIN = 1 << 3;
  static final int NOSCRIPT = 1 << 4;
  static final int LOADING = 1 << 5;
  static final int STALE = 1 << 6;
  static final int FAST = 1 << 7;
  static final int NO_AUTH = 1 << 8;
  static final int ALLOW_BUSY = 1 << 9;
  static final int PUBSUB = 1 << 10;
  static final int BLOCKING = 1 << 11;
  static final int SKIP_SLOWLOG = 1 << 12;
  static final int NO_MULTI = 1 << 13;
  static final int SENTINEL = 1 << 14;
  static final int SKIP_MONITOR = 1 << 15;
  static final int ASKING = 1 << 16;
  static final int NO_MANDATORY_KEYS = 1 << 17;
  static final int NO_ASYNC_LOADING = 1 << 18;
  static final int MOVABLE_KEYS = 1 << 19;
  static final int MAY_REPLICATE = 1 << 20;

  /** Flag names by bit, in declaration order (COMMAND INFO uses {@link #INFO_FLAGS}). */
  static final String[] FLAG_NAMES = {
      "write", "readonly", "denyoom", "admin", "noscript", "loading", "stale", "fast", "no_auth",
      "allow_busy", "pubsub", "blocking", "skip_slowlog", "no_multi", "sentinel"};

  /**
   * Flags in the order Redis's COMMAND INFO lists them, with their names; sentinel and may_replicate
   * are left out on purpose, as Redis hides them.
   */
  static final int[] INFO_FLAGS = {
      WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
      SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, NO_MANDATORY_KEYS, NO_ASYNC_LOADING, NO_MULTI, MOVABLE_KEYS,
      ALLOW_BUSY};
  static final String[] INFO_FLAG_NAMES = {
      "write", "readonly", "denyoom", "admin", "pubsub", "noscript", "blocking", "loading", "stale",
      "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth", "no_mandatory_keys",
      "no_async_loading", "no_multi", "movablekeys", "allow_busy"};

  /** ACL categories in Redis's order, which is the order COMMAND INFO lists them in. */
  static final List<String> ACL_CATEGORIES = List.of(
      "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
      "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
      "connection", "transaction", "scripting");

  /** Lower case; "container|sub" for subcommands, as Redis names them in errors. */
  final String name;
  final int arity;
  final int flags;
  final int firstKey;
  final int lastKey;
  final int keyStep;
  /** Redis's command group for COMMAND DOCS: "string", "generic", "connection", "server"... */
  final String group;
  final String summary;
  final Handler handler;
  final Map<String, CommandSpec> subcommands;
  /** A container dispatches to subcommands; COMMAND is one that also runs alone. */
  private final boolean container;

  // Documentation and ACL metadata for COMMAND INFO/DOCS, set fluently after registration.
  /** The Redis version that introduced the command, or null when not declared. */
  String since;
  String complexity;
  /** ACL categories beyond those Redis derives from the flags (e.g. "keyspace", "dangerous"). */
  List<String> aclCategories = List.of();
  /** Redis's command tips, e.g. "nondeterministic_output". */
  List<String> tips = List.of();
  /** Flags of the key spec, e.g. "RW", "access"; null derives them from write/readonly. */
  List<String> keySpecFlags;
  /** INFO commandstats and latencystats of this command on this server. */
  final CommandStats stats = new CommandStats();
  /** Whether COMMAND INFO lists the group's own ACL category (@keyspace for "generic"...). */
  private boolean groupCategory = true;
  /** Key specs where the (first, last, step) triple cannot say where the keys are; else null. */
  private List<KeySpec> keySpecs;
  /** What finds the keys when a spec cannot be followed (Redis's getkeys_proc); else null. */
  KeySpec.Fallback keysFallback;

  CommandSpec(String name, int arity, int flags, int firstKey, int lastKey, int keyStep,
      String group, String summary, Handler handler) {
    this(name, arity, flags, firstKey, lastKey, keyStep, group, summary, handler, handler == null);
  }

  CommandSpec(String name, int arity, int flags, int firstKey, int lastKey, int keyStep,
      String group, String summary, Handler handler, boolean container) {
    this.name = name;
    this.arity = arity;
    this.flags = flags;
    this.firstKey = firstKey;
    this.lastKey = lastKey;
    this.keyStep = keyStep;
    this.group = group;
    this.summary = summary;
    this.handler = handler;
    this.container = container;
    this.subcommands = container ? new LinkedHashMap<>() : Collections.emptyMap();
  }

  /**
   * The same declaration for another server's table: everything shared but the statistics, and
   * the subcommands copied likewise.
   */
  CommandSpec copy() {
    CommandSpec c = new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, group, summary,
        handler, container);
    c.since = since;
    c.complexity = complexity;
    c.aclCategories = aclCategories;
    c.tips = tips;
    c.keySpecFlags = keySpecFlags;
    c.groupCategory = groupCategory;
    c.keySpecs = keySpecs;
    c.keysFallback = keysFallback;
    for (Map.Entry<String, CommandSpec> e : subcommands.entrySet()) {
      c.subcommands.put(e.getKey(), e.getValue().copy());
    }
    return c;
  }

  /** Declares the Redis version that introduced the command and its time complexity. */
  CommandSpec docs(String since, String complexity) {
    this.since = since;
    this.complexity = complexity;
    return this;
  }

  /** Declares ACL categories Redis does not derive from the flags, lower case without '@'. */
  CommandSpec acl(String... categories) {
    this.aclCategories = List.of(categories);
    return this;
  }

  /** Declares Redis's command tips, lower case, e.g. "request_policy:all_shards". */
  CommandSpec tips(String... tips) {
    this.tips = List.of(tips);
    return this;
  }

  /** Declares the key spec's flags when deriving them from write/readonly is not exact. */
  CommandSpec keySpecFlags(String... flags) {
    this.keySpecFlags = List.of(flags);
    return this;
  }

  /** Leaves out the ACL category of the command's group, as Redis does for SORT (@keyspace). */
  CommandSpec withoutGroupCategory() {
    this.groupCategory = false;
    return this;
  }

  /** Declares the command's key specs, for commands whose keys move (numkeys, keywords). */
  CommandSpec keySpecs(KeySpec... specs) {
    this.keySpecs = List.of(specs);
    return this;
  }

  /** Declares what finds the keys when the specs cannot be followed (Redis's getkeys_proc). */
  CommandSpec keysFallback(KeySpec.Fallback fallback) {
    this.keysFallback = fallback;
    return this;
  }

  /** The key specs: declared, or one derived from the (first, last, step) triple, or none. */
  List<KeySpec> keySpecs() {
    if (keySpecs == null) {
      if (firstKey <= 0) {
        keySpecs = List.of();
      } else {
        // Redis's range spec counts the last key from the first; a negative one from the end.
        int last = lastKey < 0 ? lastKey : lastKey - firstKey;
        keySpecs = List.of(KeySpec.index(firstKey).range(last, keyStep, 0)
            .flags(CommandInfo.keySpecFlags(this).toArray(new String[0])));
      }
    }
    return keySpecs;
  }

  /** Whether the command has keys at all (COMMAND GETKEYS's "no key arguments" otherwise). */
  boolean hasKeys() {
    return !keySpecs().isEmpty() || keysFallback != null;
  }

  /** Positions of the keys in {@code args[from..]}, counted from {@code from}, as Redis finds them. */
  int[] keysOf(byte[][] args, int from) {
    return KeySpec.keysOf(keySpecs(), keysFallback, args, from, null);
  }

  /**
   * ACL categories as COMMAND INFO shows them: the ones Redis derives from the flags, the family's
   * own (@string for string commands...), and the declared extras, in Redis's order.
   */
  List<String> aclCategoryNames() {
    Set<String> cats = new HashSet<>(aclCategories);
    if (has(WRITE)) {
      cats.add("write");
    }
    if (has(READONLY) && !cats.contains("scripting")) {
      cats.add("read");
    }
    if (has(ADMIN)) {
      cats.add("admin");
      cats.add("dangerous");
    }
    if (has(PUBSUB)) {
      cats.add("pubsub");
    }
    if (has(FAST)) {
      cats.add("fast");
    }
    if (has(BLOCKING)) {
      cats.add("blocking");
    }
    if (!cats.contains("fast")) {
      cats.add("slow");
    }
    if (!container && groupCategory) {
      String own = groupCategory(group);
      if (own != null) {
        cats.add(own);
      }
    }
    return ACL_CATEGORIES.stream().filter(cats::contains).toList();
  }

  /** The ACL category every command of a group carries in Redis, or null (server, cluster). */
  private static String groupCategory(String group) {
    return switch (group) {
      case "generic" -> "keyspace";
      case "sorted-set", "sorted_set" -> "sortedset";
      case "transactions" -> "transaction";
      case "string", "list", "set", "hash", "pubsub", "connection", "scripting", "hyperloglog",
          "geo", "stream", "bitmap" -> group;
      default -> null;
    };
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  boolean isContainer() {
    return container;
  }

  boolean arityAccepts(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }
}
