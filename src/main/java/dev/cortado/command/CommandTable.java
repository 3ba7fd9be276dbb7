package dev.cortado.command;

import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Reply;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every command Cortado knows. Each command family registers its entries in a static
 * {@code register} method at the top of its class: adding a command is one entry there, one method and
 * its tests.
 *
 * <p>An entry names its handler, a static method {@code Reply name(Call)} of the family's class, as a
 * string; the table finds it with a method handle. A method reference per command reads better but
 * makes the JVM spin a hidden class for each: some 130 of them cost a fresh JVM's first server start
 * about 25 ms (method handles: a few). A misspelt name fails every server start, so every test.
 */
public final class CommandTable {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodType HANDLER = MethodType.methodType(Reply.class, Call.class);
  /** Handlers by family and method name, made once per JVM: every server start builds a table. */
  private static final Map<String, Map<String, Handler>> HANDLERS = new ConcurrentHashMap<>();

  private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
  /**
   * The same commands by name bytes for the dispatcher (open addressing, linear probing), matched
   * without case: a lookup allocates no lower-cased String. Built at the first lookup.
   */
  private CommandSpec[] byName;
  private byte[][] names;

  /** The declarations every server's table copies; built by the first server of the JVM. */
  private static volatile CommandTable standardTemplate;

  /**
   * The table with every implemented command, for one server: a copy of the JVM's template with
   * statistics of its own (the declarations, docs and key specs are shared). Copying takes a
   * fraction of a millisecond where declaring took milliseconds per server, most of a cluster's
   * extra start time in a fresh JVM.
   */
  public static CommandTable standard() {
    CommandTable template = standardTemplate;
    if (template == null) {
      template = declareStandard();
      standardTemplate = template;
    }
    CommandTable t = new CommandTable();
    for (Map.Entry<String, CommandSpec> e : template.commands.entrySet()) {
      t.commands.put(e.getKey(), e.getValue().copy());
    }
    t.index();
    return t;
  }

  /** The template standard() copies (for tests: a copy must carry every declared field). */
  static CommandTable template() {
    standard();
    return standardTemplate;
  }

  private static CommandTable declareStandard() {
    CommandTable t = new CommandTable();
    ConnectionCommands.Rows.register(t);
    ServerCommands.Rows.register(t);
    StringCommands.Rows.register(t);
    KeyCommands.Rows.register(t);
    TransactionCommands.Rows.register(t);
    SetCommands.Rows.register(t);
    PubSubCommands.Rows.register(t);
    HashCommands.Rows.register(t);
    ListCommands.Rows.register(t);
    ZSetCommands.Rows.register(t);
    ScriptCommands.Rows.register(t);
    FunctionCommands.Rows.register(t);
    SortCommand.Rows.register(t);
    SlowLogCommands.Rows.register(t);
    HyperLogLogCommands.Rows.register(t);
    BitCommands.Rows.register(t);
    GeoCommands.Rows.register(t);
    StreamCommands.Rows.register(t);
    AclCommands.Rows.register(t);
    ClusterCommands.Rows.register(t);
    ReplicationCommands.Rows.register(t);
    MonitorCommands.Rows.register(t);
    DumpCommands.Rows.register(t);
    MemoryCommands.Rows.register(t);
    AdminCommands.Rows.register(t);
    t.index();
    return t;
  }

  /**
   * A Sentinel's table: the commands Redis's Sentinel mode keeps, with SENTINEL and the Sentinel
   * forms of INFO and ROLE.
   */
  public static CommandTable sentinel() {
    CommandTable standard = standard();
    CommandTable t = new CommandTable();
    for (String name : SentinelCommands.KEPT) {
      t.commands.put(name, standard.commands.get(name));
    }
    SentinelCommands.Rows.register(t);
    t.index();
    return t;
  }

  /** Declares a command: name, arity, flags, first key, last key, key step, group, summary. */
  CommandSpec add(String name, int arity, int flags, int firstKey, int lastKey, int step,
      String group, String summary, Handler handler) {
    String n = name.toLowerCase(Locale.ROOT);
    CommandSpec spec =
        new CommandSpec(n, arity, flags, firstKey, lastKey, step, group, summary, handler);
    commands.put(n, spec);
    byName = null;
    return spec;
  }

  /**
   * Declares a command served from outside the command families: the admin interface's CORTADO.*
   * commands, added to one server's table only when its admin interface is on (never to
   * {@link #standard()}, so a default server answers them as Redis answers an unknown command).
   * Refused inside MULTI and scripts; the handler runs on the server's loop.
   */
  public void addExternal(String name, int arity, String summary,
      java.util.function.BiFunction<dev.cortado.server.Connection, byte[][], Reply> handler) {
    add(name, arity, CommandSpec.ADMIN | CommandSpec.NOSCRIPT | CommandSpec.NO_MULTI
        | CommandSpec.LOADING | CommandSpec.STALE, 0, 0, 0, "server", summary,
        c -> handler.apply(c.connection, c.args));
  }

  /** Declares a container command such as CLIENT; its subcommands follow with {@link #sub}. */
  CommandSpec container(String name, String group, String summary) {
    String n = name.toLowerCase(Locale.ROOT);
    CommandSpec spec = new CommandSpec(n, -2, 0, 0, 0, 0, group, summary, null);
    commands.put(n, spec);
    byName = null;
    return spec;
  }

  /**
   * Declares a container that also runs alone, as COMMAND does: the handler serves calls without a
   * subcommand, and arity and flags are its own.
   */
  CommandSpec container(String name, int arity, int flags, String group, String summary,
      Handler handler) {
    String n = name.toLowerCase(Locale.ROOT);
    CommandSpec spec = new CommandSpec(n, arity, flags, 0, 0, 0, group, summary, handler, true);
    commands.put(n, spec);
    byName = null;
    return spec;
  }

  /** Declares a subcommand; arity counts the container's name too, as Redis does. */
  CommandSpec sub(String container, String name, int arity, int flags, int firstKey, int lastKey,
      int step, String summary, Handler handler) {
    CommandSpec parent = commands.get(container.toLowerCase(Locale.ROOT));
    String sub = name.toLowerCase(Locale.ROOT);
    CommandSpec spec = new CommandSpec(parent.name + "|" + sub, arity, flags, firstKey, lastKey,
        step, parent.group, summary, handler);
    parent.subcommands.put(sub, spec);
    return spec;
  }

  /**
   * Declarations for the family whose handlers are the static methods of class {@code simpleName}
   * of this package. Named, not given as a class: its class loads only when a handler first runs.
   */
  Family family(String simpleName) {
    return new Family(CommandTable.class.getPackageName() + "." + simpleName);
  }

  /** The table seen from one command family: handlers are given by method name. */
  final class Family {
    private final String commands;
    private final Map<String, Handler> handlers;

    private Family(String commands) {
      this.commands = commands;
      this.handlers = HANDLERS.computeIfAbsent(commands, c -> new ConcurrentHashMap<>());
    }

    /** Declares a command: name, arity, flags, first key, last key, key step, group, summary, handler. */
    CommandSpec add(String name, int arity, int flags, int firstKey, int lastKey, int step,
        String group, String summary, String handler) {
      return CommandTable.this.add(name, arity, flags, firstKey, lastKey, step, group, summary,
          handler(handler));
    }

    /** Declares a container command such as CLIENT; its subcommands follow with {@link #sub}. */
    CommandSpec container(String name, String group, String summary) {
      return CommandTable.this.container(name, group, summary);
    }

    /** Declares a container that also runs alone, as COMMAND does. */
    CommandSpec container(String name, int arity, int flags, String group, String summary,
        String handler) {
      return CommandTable.this.container(name, arity, flags, group, summary, handler(handler));
    }

    /** Declares a subcommand; arity counts the container's name too, as Redis does. */
    CommandSpec sub(String container, String name, int arity, int flags, int firstKey, int lastKey,
        int step, String summary, String handler) {
      return CommandTable.this.sub(container, name, arity, flags, firstKey, lastKey, step, summary,
          handler(handler));
    }

    private Handler handler(String method) {
      return handlers.computeIfAbsent(method, m -> new MethodHandler(commands, m));
    }
  }

  /** Every handler of this table looked up now: a row naming a missing method fails here. */
  void resolveAll() {
    for (CommandSpec spec : commands.values()) {
      resolve(spec);
      if (spec.subcommands != null) {
        spec.subcommands.values().forEach(CommandTable::resolve);
      }
    }
  }

  private static void resolve(CommandSpec spec) {
    if (spec.handler instanceof MethodHandler m) {
      m.method();
    }
  }

  /**
   * A handler method called through its handle, looked up at its first call (a fresh JVM's first
   * start then loads only the families it uses: about 20 ms less, measured with bench/startup.sh).
   */
  private static final class MethodHandler implements Handler {
    private final String commands;
    private final String name;
    /** Set once by whichever loop calls first; any thread may find the same handle again. */
    private volatile MethodHandle method;

    MethodHandler(String commands, String name) {
      this.commands = commands;
      this.name = name;
    }

    MethodHandle method() {
      MethodHandle m = method;
      if (m == null) {
        try {
          m = LOOKUP.findStatic(Class.forName(commands), name, HANDLER);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("no handler: static Reply " + name + "(Call) in "
              + commands, e);
        }
        method = m;
      }
      return m;
    }

    @Override
    public Reply handle(Call call) {
      try {
        return (Reply) method().invokeExact(call);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new UndeclaredThrowableException(t); // handlers declare no checked exception
      }
    }
  }

  CommandSpec get(String lowerCaseName) {
    return commands.get(lowerCaseName);
  }

  /** A command by its name as the client sent it, any case; null when there is none. */
  CommandSpec get(byte[] name) {
    if (byName == null) {
      index();
    }
    int mask = byName.length - 1;
    for (int i = hash(name) & mask; byName[i] != null; i = (i + 1) & mask) {
      if (Ascii.equalsLowerCase(name, names[i])) {
        return byName[i];
      }
    }
    return null;
  }

  private void index() {
    int size = Integer.highestOneBit(Math.max(1, commands.size()) * 4); // at most half full
    CommandSpec[] specs = new CommandSpec[size];
    byte[][] keys = new byte[size][];
    for (CommandSpec spec : commands.values()) {
      byte[] name = spec.name.getBytes(StandardCharsets.ISO_8859_1);
      int i = hash(name) & (size - 1);
      while (specs[i] != null) {
        i = (i + 1) & (size - 1);
      }
      specs[i] = spec;
      keys[i] = name;
    }
    names = keys;
    byName = specs;
  }

  private static int hash(byte[] name) {
    int h = name.length;
    for (byte b : name) {
      h = 31 * h + Ascii.lower(b);
    }
    return h ^ (h >>> 16);
  }

  /** A command or subcommand by its full name as COMMAND INFO takes it ("get", "client|id"), any case. */
  CommandSpec find(String fullName) {
    String n = fullName.toLowerCase(Locale.ROOT);
    int bar = n.indexOf('|');
    if (bar < 0) {
      return commands.get(n);
    }
    CommandSpec parent = commands.get(n.substring(0, bar));
    return parent == null ? null : parent.subcommands.get(n.substring(bar + 1));
  }

  /** Whether a command (or "container|subcommand") exists: redis.conf's rename-command checks it. */
  public boolean exists(String fullName) {
    return find(fullName) != null;
  }

  Collection<CommandSpec> all() {
    return Collections.unmodifiableCollection(commands.values());
  }
}
