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
  private static final Map<Class<?>, Map<String, Handler>> HANDLERS = new ConcurrentHashMap<>();

  private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
  /**
   * The same commands by name bytes for the dispatcher (open addressing, linear probing), matched
   * without case: a lookup allocates no lower-cased String. Built at the first lookup.
   */
  private CommandSpec[] byName;
  private byte[][] names;

  /** The table with every implemented command. */
  public static CommandTable standard() {
    CommandTable t = new CommandTable();
    ConnectionCommands.register(t);
    ServerCommands.register(t);
    StringCommands.register(t);
    KeyCommands.register(t);
    TransactionCommands.register(t);
    SetCommands.register(t);
    PubSubCommands.register(t);
    HashCommands.register(t);
    ListCommands.register(t);
    ZSetCommands.register(t);
    ScriptCommands.register(t);
    FunctionCommands.register(t);
    SortCommand.register(t);
    SlowLogCommands.register(t);
    HyperLogLogCommands.register(t);
    BitCommands.register(t);
    GeoCommands.register(t);
    StreamCommands.register(t);
    AclCommands.register(t);
    ClusterCommands.register(t);
    ReplicationCommands.register(t);
    MonitorCommands.register(t);
    DumpCommands.register(t);
    MemoryCommands.register(t);
    AdminCommands.register(t);
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
    SentinelCommands.register(t);
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

  /** Declarations for the family whose handlers are the static methods of {@code commands}. */
  Family family(Class<?> commands) {
    return new Family(commands);
  }

  /** The table seen from one command family: handlers are given by method name. */
  final class Family {
    private final Class<?> commands;
    private final Map<String, Handler> handlers;

    private Family(Class<?> commands) {
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
      Handler h = handlers.get(method);
      if (h != null) {
        return h;
      }
      try {
        h = new MethodHandler(LOOKUP.findStatic(commands, method, HANDLER));
        handlers.put(method, h);
        return h;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "no handler: static Reply " + method + "(Call) in " + commands.getSimpleName(), e);
      }
    }
  }

  /** A handler method called through its handle. */
  private static final class MethodHandler implements Handler {
    private final MethodHandle method;

    MethodHandler(MethodHandle method) {
      this.method = method;
    }

    @Override
    public Reply handle(Call call) {
      try {
        return (Reply) method.invokeExact(call);
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
