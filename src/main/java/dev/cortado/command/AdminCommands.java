package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.ALLOW_BUSY;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.NO_MULTI;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ValueDigest;
import dev.cortado.protocol.Fault;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DEBUG and SHUTDOWN. DEBUG is refused unless {@code enable-debug-command} allows it (Redis 7.0's
 * default "no"); its subcommands that crash, restart or print to a C process's stdout answer what
 * Redis answers without doing it.
 */
final class AdminCommands {
  private AdminCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("AdminCommands");
      t.add("debug", -2, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0, "server",
          "A container for debugging commands", "debug")
          .docs("1.0.0", "Depends on subcommand.");
      t.add("shutdown", -1, ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | ALLOW_BUSY, 0, 0, 0,
          "server", "Synchronously save the dataset to disk and then shut down the server",
          "shutdown")
          .docs("1.0.0", "O(N) when saving, where N is the total number of keys in all databases "
              + "when saving data, otherwise O(1)");
    }
  }

  /**
   * Whether {@code enable-debug-command} lets this connection run DEBUG: "yes", or "local" and the
   * client is on a loopback address (Redis also counts unix sockets, which Cortado has none of).
   */
  static boolean debugAllowed(dev.cortado.server.ServerState server, Connection connection) {
    String mode = server.config.get("enable-debug-command");
    if (mode.equals("yes")) {
      return true;
    }
    if (!mode.equals("local")) {
      return false;
    }
    SocketAddress remote = connection.channel == null ? null : connection.channel.remoteAddress();
    if (remote instanceof InetSocketAddress inet) {
      InetAddress address = inet.getAddress();
      return address != null && address.isLoopbackAddress();
    }
    return false;
  }

  // DEBUG subcommand [arg ...]: Redis matches each subcommand with its argument count, and
  // answers the subcommand syntax error for any other shape.
  static Reply debug(Call c) {
    String sub = c.option(1);
    int argc = c.argc();
    switch (sub) {
      case "help":
        if (argc == 2) {
          return debugHelp();
        }
        break;
      case "sleep":
        if (argc == 3) {
          return debugSleep(c);
        }
        break;
      case "set-active-expire":
        if (argc == 3) {
          c.server.activeExpire = atoi(c.arg(2)) != 0;
          return Reply.OK;
        }
        break;
      case "object":
        if (argc == 3) {
          return debugObject(c);
        }
        break;
      case "reload":
        return debugReload(c);
      case "protocol":
        if (argc == 3) {
          return debugProtocol(c);
        }
        break;
      case "listpack":
        if (argc == 3) {
          return encodingReport(c, "listpack", "Listpack structure printed on stdout",
              Errors.DEBUG_NOT_LISTPACK);
        }
        break;
      case "quicklist":
        if (argc == 3 || argc == 4) {
          return encodingReport(c, "quicklist", "Quicklist structure printed on stdout",
              Errors.DEBUG_NOT_QUICKLIST);
        }
        break;
      case "quicklist-packed-threshold":
        if (argc == 3) {
          long size = memoryValue(c.str(2));
          if (size < 0 || size > (1L << 32) - (1 << 20)) {
            throw Call.error(Errors.DEBUG_PACKED_THRESHOLD);
          }
          return Reply.OK;
        }
        break;
      case "change-repl-id":
      case "config-rewrite-force-all":
        if (argc == 2) {
          return sub.equals("change-repl-id") ? Reply.OK
              : Reply.error(Errors.DEBUG_CONFIG_REWRITE_FORCE_ALL);
        }
        break;
      case "stringmatch-test":
        if (argc == 2) {
          return Reply.simple("Apparently Redis did not crash: test passed");
        }
        break;
      case "structsize":
        if (argc == 2) {
          return Reply.bulk("bits:64 robj:16 dictentry:24 sdshdr5:1 sdshdr8:3 sdshdr16:5 "
              + "sdshdr32:9 sdshdr64:17 ");
        }
        break;
      case "htstats":
        if (argc == 3) {
          long dbid = c.longArg(2);
          if (dbid < 0 || dbid >= c.server.databaseCount()) {
            throw Call.error(Errors.DEBUG_OUT_OF_RANGE_DB);
          }
          return verbatim(HashTableStats.databaseStats(c.server.db((int) dbid).entries()));
        }
        break;
      case "htstats-key":
        if (argc == 3) {
          Value value = c.db().lookupReadNoNotify(c.arg(2)); // OBJECT's lookup
          if (value == null) {
            throw Call.error(Errors.NO_SUCH_KEY);
          }
          if (!HashTableStats.hasHashTable(value)) {
            throw Call.error(Errors.DEBUG_NOT_HASH_TABLE);
          }
          return verbatim(HashTableStats.dictStats(HashTableStats.elements(value)));
        }
        break;
      case "sdslen":
        if (argc == 3) {
          Value value = c.db().get(c.arg(2)); // as Redis's dictFind
          if (value == null) {
            throw Call.error(Errors.NO_SUCH_KEY);
          }
          if (!(value instanceof StringValue s) || s.encoding().equals("int")) {
            throw Call.error(Errors.DEBUG_NOT_SDS);
          }
          return Reply.simple(HashTableStats.sdsLine(c.arg(2), s));
        }
        break;
      case "populate":
        if (argc >= 3 && argc <= 5) {
          return debugPopulate(c);
        }
        break;
      case "error":
        if (argc == 3) {
          // No newlines in errors: Redis maps them to spaces.
          return Reply.error(c.str(2).replace('\n', ' ').replace('\r', ' '));
        }
        break;
      case "log":
      case "leak":
      case "set-skip-checksum-validation":
      case "aof-flush-sleep":
      case "set-disable-deny-scripts":
      case "pause-cron":
        if (argc == 3) {
          return Reply.OK;
        }
        break;
      case "replicate": // there are no replicas to feed
        if (argc >= 3) {
          return Reply.OK;
        }
        break;
      case "drop-cluster-packet-filter":
        if (argc == 3) {
          c.longArg(2);
          return Reply.OK;
        }
        break;
      case "client-eviction":
        if (argc == 2) {
          if (c.server.config.number("maxmemory-clients") == 0) {
            throw Call.error(Errors.DEBUG_CLIENT_EVICTION_DISABLED);
          }
          return Reply.verbatim("txt", new byte[0]);
        }
        break;
      case "replybuffer":
        if (argc == 4) {
          return debugReplyBuffer(c);
        }
        break;
      case "restart":
      case "crash-and-recover":
        if (argc >= 3) {
          c.longArg(2);
        }
        // Cortado does not restart its process: the answer of a Redis whose restart failed.
        return Reply.error(Errors.DEBUG_RESTART_FAILED);
      case "digest":
        if (argc == 2) {
          Database[] all = new Database[c.server.databaseCount()];
          for (int i = 0; i < all.length; i++) {
            all[i] = c.server.db(i);
          }
          return Reply.simple(ValueDigest.dataset(all));
        }
        break;
      case "digest-value": {
        List<Reply> digests = new ArrayList<>(argc - 2);
        for (int i = 2; i < argc; i++) {
          digests.add(Reply.simple(ValueDigest.value(c.db().get(c.arg(i)))));
        }
        return Reply.array(digests);
      }
      default:
        break;
    }
    throw Call.error(Errors.subcommandSyntax(Dispatcher.cString(c.arg(1), 128), "DEBUG"));
  }

  private static Reply verbatim(String text) {
    return Reply.verbatim("txt", text.getBytes(StandardCharsets.US_ASCII));
  }

  /** C's atoi: optional blanks and sign, then digits, 0 when none; wraps as an int does. */
  static int atoi(byte[] s) {
    int i = 0;
    while (i < s.length && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r')) {
      i++;
    }
    boolean negative = false;
    if (i < s.length && (s[i] == '-' || s[i] == '+')) {
      negative = s[i++] == '-';
    }
    long value = 0;
    while (i < s.length && s[i] >= '0' && s[i] <= '9' && value < (1L << 33)) {
      value = value * 10 + (s[i++] - '0');
    }
    return (int) (negative ? -value : value);
  }

  // DEBUG SLEEP seconds: stops the whole server, as Redis's nanosleep on its only thread does.
  private static Reply debugSleep(Call c) {
    byte[] arg = c.arg(2);
    double seconds = Strtod.parse(arg, 0, arg.length).value();
    long micros = (long) (seconds * 1_000_000);
    if (micros > 0) {
      try {
        Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Reply.OK;
  }

  // DEBUG OBJECT key: Redis's line; the address, serialized length and LRU are Cortado's own.
  private static Reply debugObject(Call c) {
    Value value = c.db().get(c.arg(2)); // as Redis's dictFind: no hit counted, no access time
    if (value == null) {
      throw Call.error(Errors.NO_SUCH_KEY);
    }
    boolean shared = value instanceof StringValue s && s.isSharedInteger();
    long lru = (value.accessedAt() / 1000) & ((1 << 24) - 1);
    long idle = c.now() / 1000 - value.accessedAt() / 1000;
    return Reply.simple(String.format(Locale.ROOT,
        "Value at:0x7f%010x refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
        System.identityHashCode(value) & 0xffffffffL, shared ? Integer.MAX_VALUE : 1,
        value.encoding(), serializedLength(value), lru, Math.max(0, idle)));
  }

  /** A string's length as RDB stores it (an integer in 1 to 5 bytes); 1 for the other types. */
  private static long serializedLength(Value value) {
    if (!(value instanceof StringValue s)) {
      return 1;
    }
    byte[] bytes = s.bytes();
    if (s.encoding().equals("int")) {
      long n = Call.parseLong(bytes);
      if (n >= -(1 << 7) && n < 1 << 7) {
        return 2;
      }
      if (n >= -(1 << 15) && n < 1 << 15) {
        return 3;
      }
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        return 5;
      }
    }
    int len = bytes.length;
    return len + (len < 1 << 6 ? 1 : len < 1 << 14 ? 2 : 5);
  }

  // DEBUG RELOAD [MERGE | NOFLUSH | NOSAVE ...]: Cortado keeps its data in memory and has no RDB
  // file to write and read back, so the data stays as it is, which is what a reload gives.
  private static Reply debugReload(Call c) {
    for (int i = 2; i < c.argc(); i++) {
      if (!c.is(i, "merge") && !c.is(i, "noflush") && !c.is(i, "nosave")) {
        throw Call.error(Errors.DEBUG_RELOAD_OPTIONS);
      }
    }
    return Reply.OK;
  }

  // DEBUG PROTOCOL type: a sample of each reply type, which Redis's own tests use for RESP3.
  private static Reply debugProtocol(Call c) {
    boolean resp3 = c.connection.protocol >= 3;
    return switch (c.option(2)) {
      case "string" -> Reply.bulk("Hello World");
      case "integer" -> Reply.integer(12345);
      case "double" -> Reply.dbl("3.141");
      case "bignum" -> Reply.bigNumber("1234567999999999999999999999999999999");
      case "null" -> Reply.NULL;
      case "array" -> Reply.array(List.of(Reply.integer(0), Reply.integer(1), Reply.integer(2)));
      case "set" -> Reply.set(List.of(Reply.integer(0), Reply.integer(1), Reply.integer(2)));
      case "map" -> Reply.map(List.of(Reply.integer(0), Reply.bool(false), Reply.integer(1),
          Reply.bool(true), Reply.integer(2), Reply.bool(false)));
      case "attrib" -> {
        Reply real = Reply.bulk("Some real reply following the attribute");
        yield resp3 ? Reply.sequence(List.of(Reply.raw(ATTRIBUTE), real)) : real;
      }
      case "push" -> {
        if (!resp3) {
          throw Call.error(Errors.DEBUG_PUSH_RESP2);
        }
        yield Reply.sequence(List.of(
            Reply.push(List.of(Reply.bulk("server-cpu-usage"), Reply.integer(42))),
            Reply.bulk("Some real reply following the push reply")));
      }
      case "true" -> Reply.bool(true);
      case "false" -> Reply.bool(false);
      case "verbatim" -> Reply.verbatim("txt",
          "This is a verbatim\nstring".getBytes(StandardCharsets.US_ASCII));
      default -> throw Call.error(Errors.DEBUG_PROTOCOL_TYPE);
    };
  }

  /** DEBUG PROTOCOL attrib's attribute in RESP3: {"key-popularity": ["key:123", 90]}. */
  private static final byte[] ATTRIBUTE =
      "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  // DEBUG LISTPACK key / DEBUG QUICKLIST key [0|1]: Redis prints the structure on its stdout.
  private static Reply encodingReport(Call c, String encoding, String done, String wrong) {
    Value value = c.db().lookupReadNoNotify(c.arg(2));
    if (value == null) {
      throw Call.error(Errors.NO_SUCH_KEY);
    }
    if (!value.encoding().equals(encoding)) {
      throw Call.error(wrong);
    }
    return Reply.simple(done);
  }

  /** Redis's memtoull: digits with an optional b, k, kb, m, mb, g or gb unit; -1 when invalid. */
  static long memoryValue(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    long unit = 1;
    String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
        {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return -1;
    }
    long n = Long.parseLong(s);
    return n > Long.MAX_VALUE / unit ? -1 : n * unit;
  }

  // DEBUG POPULATE count [prefix] [size]: count string keys prefix:N holding "value:N" (or that
  // text cut or zero-padded to size bytes); existing keys are left alone.
  private static Reply debugPopulate(Call c) {
    long count = positiveArg(c, 2);
    long size = 0;
    if (c.argc() == 5) {
      size = positiveArg(c, 4);
      if (size > c.protoMaxBulkLen()) {
        throw Call.error(Errors.DEBUG_POPULATE_SIZE);
      }
    }
    String prefix = c.argc() == 3 ? "key" : c.str(3);
    for (long j = 0; j < count; j++) {
      byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.UTF_8);
      if (c.db().lookupWrite(key) != null) {
        continue;
      }
      byte[] text = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
      byte[] value = text;
      if (size > 0) {
        value = new byte[(int) size];
        System.arraycopy(text, 0, value, 0, Math.min(text.length, value.length));
      }
      c.db().put(key, new StringValue(value));
      c.db().signalModified(key);
    }
    return Reply.OK;
  }

  /** Redis's getPositiveLongFromObjectOrReply: one error for text and negatives alike. */
  private static long positiveArg(Call c, int i) {
    byte[] arg = c.arg(i);
    if (!dev.cortado.protocol.Numbers.isLong(arg) || Call.parseLong(arg) < 0) {
      throw Call.error(Errors.NOT_POSITIVE);
    }
    return Call.parseLong(arg);
  }

  // DEBUG REPLYBUFFER PEAK-RESET-TIME <NEVER | RESET | ms> / RESIZING <0|1>
  private static Reply debugReplyBuffer(Call c) {
    if (c.is(2, "peak-reset-time")) {
      if (!c.is(3, "never") && !c.is(3, "reset")) {
        c.longArg(3);
      }
      return Reply.OK;
    }
    if (c.is(2, "resizing")) {
      return Reply.OK;
    }
    throw Call.error(Errors.subcommandSyntax(Dispatcher.cString(c.arg(1), 128), "DEBUG"));
  }

  private static Reply debugHelp() {
    return Call.helpReply("DEBUG",
        "AOF-FLUSH-SLEEP <microsec>",
        "    Server will sleep before flushing the AOF, this is used for testing.",
        "ASSERT",
        "    Crash by assertion failed.",
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "CONFIG-REWRITE-FORCE-ALL",
        "    Like CONFIG REWRITE but writes all configuration options, including",
        "    keywords not listed in original configuration file or default values.",
        "CRASH-AND-RECOVER [<milliseconds>]",
        "    Hard crash and restart after a <milliseconds> delay (default 0).",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LEAK <string>",
        "    Create a memory leak of the input string.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "LOADAOF",
        "    Flush the AOF buffers on disk and reload the AOF in memory.",
        "REPLICATE <string>",
        "    Replicates the provided string to replicas, allowing data divergence.",
        "MALLCTL <key> [<val>]",
        "    Get or set a malloc tuning integer.",
        "MALLCTL-STR <key> [<val>]",
        "    Get or set a malloc tuning string.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "DROP-CLUSTER-PACKET-FILTER <packet-type>",
        "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
        "OOM",
        "    Crash the server simulating an out-of-memory error.",
        "PANIC",
        "    Crash the server simulating a panic.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "RESTART [<milliseconds>]",
        "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
        "SDSLEN <key>",
        "    Show low level SDS string info representing `key` and value.",
        "SEGFAULT",
        "    Crash the server with sigsegv.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "STRUCTSIZE",
        "    Return the size of different Redis core C structures.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "CLIENT-EVICTION",
        "    Show low level client eviction pools info (maxmemory-clients).",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
        "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
        "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
        "    In case NEVER is provided the last observed peak will never be reset",
        "    In case RESET is provided the peak reset time will be restored to the default value",
        "REPLYBUFFER RESIZING <0|1>",
        "    Enable or disable the reply buffer resize cron job",
        "CLUSTERLINK KILL <to|from|all> <node-id>",
        "    Kills the link based on the direction to/from (both) with the provided node."
    );
  }

  // SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: the server stops and the client sees its
  // connection close, as with Redis (with no replicas to wait for, NOW changes nothing).
  static Reply shutdown(Call c) {
    boolean nosave = false;
    boolean save = false;
    boolean flags = false;
    boolean abort = false;
    for (int i = 1; i < c.argc(); i++) {
      switch (c.option(i)) {
        case "nosave" -> nosave = true;
        case "save" -> save = true;
        case "now", "force" -> flags = true;
        case "abort" -> abort = true;
        default -> throw Call.error(Errors.SYNTAX);
      }
    }
    if (abort && (nosave || save || flags) || nosave && save) {
      throw Call.error(Errors.SYNTAX);
    }
    if (abort) {
      throw Call.error(Errors.NO_SHUTDOWN_IN_PROGRESS); // a shutdown here never waits
    }
    // A Redis with save points saves unless NOSAVE; Cortado's data lives only in memory, so
    // SAVE (or save points) asks the server's save hook, when one is installed, to write it.
    if (!nosave && (save || !c.server.config.get("save").isEmpty())) {
      String failed = c.server.saveForShutdown();
      if (failed != null && !hasForce(c)) {
        throw Call.error(Errors.SHUTDOWN_ERRORS);
      }
    }
    c.server.shutdown();
    return Fault.noReply();
  }

  private static boolean hasForce(Call c) {
    for (int i = 1; i < c.argc(); i++) {
      if (c.is(i, "force")) {
        return true;
      }
    }
    return false;
  }
}
