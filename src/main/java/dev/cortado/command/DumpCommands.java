package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.ALLOW_BUSY;
import static dev.cortado.command.CommandSpec.DENYOOM;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.MOVABLE_KEYS;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.NO_ASYNC_LOADING;
import static dev.cortado.command.CommandSpec.NO_MULTI;
import static dev.cortado.command.CommandSpec.READONLY;
import static dev.cortado.command.CommandSpec.STALE;
import static dev.cortado.command.CommandSpec.WRITE;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.Rdb;
import dev.cortado.keyspace.Value;
import dev.cortado.protocol.Parked;
import dev.cortado.protocol.Reply;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * DUMP and RESTORE (cluster.c): a value in Redis 7.0's RDB serialization, so that payloads move
 * between Cortado and Redis in both directions; SYNC and REPLCONF, enough for {@code redis-cli
 * --rdb}. The codec is {@link Rdb}, the files {@link RdbFiles}.
 */
final class DumpCommands {
  private DumpCommands() {}

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("DumpCommands");
      String g = "generic";
      t.add("dump", 2, READONLY, 1, 1, 1, g,
          "Return a serialized version of the value stored at the specified key.", "dump")
          .docs("2.6.0", "O(1) to access the key and additional O(N*M) to serialize it, where N is "
              + "the number of Redis objects composing the value and M their average size. For small "
              + "string values the time complexity is thus O(1)+O(1*M) where M is small, so simply "
              + "O(1).")
          .tips("nondeterministic_output").keySpecFlags("RO", "access");
      t.add("restore", -4, WRITE | DENYOOM, 1, 1, 1, g,
          "Create a key using the provided serialized value, previously obtained using DUMP.",
          "restore")
          .docs("2.6.0", "O(1) to create the new key and additional O(N*M) to reconstruct the "
              + "serialized value, where N is the number of Redis objects composing the value and M "
              + "their average size. For small string values the time complexity is thus O(1)+O(1*M) "
              + "where M is small, so simply O(1). However for sorted set values the complexity is "
              + "O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")
          .acl("dangerous").keySpecFlags("OW", "update");
      // MIGRATE's RESTORE in a cluster: served by a node importing the slot without ASKING first.
      t.add("restore-asking", -4, WRITE | DENYOOM | CommandSpec.ASKING, 1, 1, 1, "server",
          "An internal command for migrating keys in a cluster", "restore")
          .docs("3.0.0", "O(1) to create the new key and additional O(N*M) to reconstruct the "
              + "serialized value, where N is the number of Redis objects composing the value and M "
              + "their average size. For small string values the time complexity is thus O(1)+O(1*M) "
              + "where M is small, so simply O(1). However for sorted set values the complexity is "
              + "O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")
          .acl("keyspace", "dangerous").keySpecFlags("OW", "update");
      t.add("migrate", -6, WRITE | MOVABLE_KEYS, 3, 3, 1, g,
          "Atomically transfer a key from a Redis instance to another one.", "migrate")
          .docs("2.6.0", "This command actually executes a DUMP+DEL in the source instance, and a "
              + "RESTORE in the target instance. See the pages of these commands for time "
              + "complexity. Also an O(N) data transfer between the two instances is performed.")
          .acl("dangerous").tips("nondeterministic_output")
          .keySpecs(KeySpec.key(3, "RW", "access", "delete"), KeySpec.keyword("KEYS", -2)
              .range(-1, 1, 0).flags("RW", "access", "delete", "incomplete"))
          .keysFallback(DumpCommands::migrateKeys);
      String server = "server";
      t.add("sync", 1, ADMIN | NOSCRIPT | NO_ASYNC_LOADING | NO_MULTI, 0, 0, 0, server,
          "Internal command used for replication", "sync")
          .docs("1.0.0", null);
      t.add("replconf", -1, ADMIN | NOSCRIPT | LOADING | STALE | ALLOW_BUSY, 0, 0, 0, server,
          "An internal command for configuring the replication stream", "replconf")
          .docs("3.0.0", "O(1)");
    }
  }

  // SYNC: the dataset as one RDB file in a bulk string, which is what redis-cli --rdb reads. Cortado
  // streams no replication afterwards.
  static Reply sync(Call c) {
    return Reply.bulk(RdbFiles.snapshot(c.server));
  }

  // REPLCONF option value [option value ...]: the options a replica (or redis-cli --rdb) announces.
  static Reply replconf(Call c) {
    if (c.argc() % 2 == 0) {
      throw Call.error(Errors.SYNTAX);
    }
    for (int j = 1; j < c.argc(); j += 2) {
      if (c.is(j, "listening-port")) {
        c.longArg(j + 1);
      } else if (c.is(j, "rdb-only")) {
        c.rangeArg(j + 1, 0, 1, null);
      } else if (!c.is(j, "ip-address") && !c.is(j, "capa")) {
        // ACK and GETACK come from replicas and get no reply in Redis; Cortado has none.
        throw Call.error(Errors.REPLCONF_OPTION + c.str(j));
      }
    }
    return Reply.OK;
  }

  /** migrateGetKeys: the key argument, or everything after KEYS (none if the key is not ""). */
  private static int[] migrateKeys(byte[][] args, int from) {
    int argc = args.length - from;
    int first = 3;
    int num = 1;
    for (int i = 6; i < argc; i++) {
      String a = new String(args[from + i], StandardCharsets.ISO_8859_1);
      if (a.equalsIgnoreCase("auth")) {
        i++;
      } else if (a.equalsIgnoreCase("auth2")) {
        i += 2;
      } else if (a.equalsIgnoreCase("keys")) {
        if (args[from + 3].length > 0) {
          return new int[0];
        }
        first = i + 1;
        num = argc - first;
        break;
      }
    }
    if (argc <= 3) {
      return new int[0];
    }
    int[] keys = new int[num];
    for (int i = 0; i < num; i++) {
      keys[i] = first + i;
    }
    return keys;
  }

  static Rdb.Settings settings(Call c) {
    return Rdb.Settings.from(c.server.config::get);
  }

  // DUMP key
  static Reply dump(Call c) {
    Value v = c.db().lookupRead(c.arg(1));
    return v == null ? Reply.NULL : Reply.bulk(Rdb.dump(v, settings(c)));
  }

  // RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
  static Reply restore(Call c) {
    boolean replace = false;
    boolean absttl = false;
    long idle = -1;
    long freq = -1;
    // Options first, in Redis's order: IDLETIME and FREQ exclude each other (a syntax error).
    for (int j = 4; j < c.argc(); j++) {
      boolean more = j + 1 < c.argc();
      if (c.is(j, "replace")) {
        replace = true;
      } else if (c.is(j, "absttl")) {
        absttl = true;
      } else if (c.is(j, "idletime") && more && freq == -1) {
        idle = c.longArg(++j);
        if (idle < 0) {
          throw Call.error(Errors.RESTORE_IDLETIME);
        }
      } else if (c.is(j, "freq") && more && idle == -1) {
        freq = c.longArg(++j);
        if (freq < 0 || freq > 255) {
          throw Call.error(Errors.RESTORE_FREQ);
        }
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    byte[] key = c.arg(1);
    Database db = c.db();
    if (!replace && db.lookupWrite(key) != null) {
      throw Call.error(Errors.BUSYKEY);
    }
    long ttl = c.longArg(2);
    if (ttl < 0) {
      throw Call.error(Errors.RESTORE_TTL);
    }
    byte[] payload = c.arg(3);
    if (!Rdb.verify(payload)) {
      throw Call.error(Errors.DUMP_PAYLOAD);
    }
    Value value;
    try {
      value = Rdb.restore(payload, settings(c));
    } catch (Rdb.Malformed e) {
      throw Call.error(Errors.BAD_DATA_FORMAT);
    }
    boolean deleted = replace && db.remove(key) != null;
    long now = c.now();
    if (ttl != 0 && !absttl) {
      ttl += now;
    }
    if (ttl != 0 && ttl <= now) {
      // Already expired: the old key (if replaced) is gone, nothing is created.
      if (deleted) {
        c.notify(KeyspaceEvents.GENERIC, "del", key);
        c.propagateAs(DEL, key);
      }
      return Reply.OK;
    }
    db.put(key, value, ttl != 0 ? ttl : Value.NO_EXPIRY);
    // As objectSetLRUOrLFU: under an LFU policy only FREQ counts, otherwise only IDLETIME.
    if (c.server.config.lfuPolicy()) {
      if (freq >= 0) {
        Rdb.setFrequency(value, now, (int) freq);
      }
    } else if (idle >= 0) {
      Rdb.setIdle(value, now, idle);
    }
    c.notify(KeyspaceEvents.GENERIC, "restore", key);
    if (ttl != 0 && !absttl) { // replicas get the deadline: the TTL made absolute, and ABSTTL
      byte[][] shipped = Arrays.copyOf(c.args, c.argc() + 1);
      shipped[2] = Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
      shipped[c.argc()] = ABSTTL;
      c.propagateAs(shipped);
    }
    return Reply.OK;
  }

  private static final byte[] DEL = {'D', 'E', 'L'};
  private static final byte[] ABSTTL = {'A', 'B', 'S', 'T', 'T', 'L'};

  // ---------------------------------------------------------------- MIGRATE

  /**
   * MIGRATE talks to the target with blocking sockets on these threads, never on the loop: the
   * target may be another Cortado served by the same loop thread, which would then never answer.
   */
  private static final ExecutorService MIGRATIONS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cortado-migrate");
    t.setDaemon(true);
    return t;
  });

  /** The longest reply line read from a target; AUTH, SELECT and RESTORE answer in one short line. */
  private static final int MAX_LINE = 64 * 1024;

  /** What the target answered: its reply lines, and whether writing or reading failed first. */
  private record Exchange(List<String> lines, boolean writeFailed, boolean readFailed) {}

  /** A key sent with the value it had, so that only that value is deleted once it arrived. */
  private record Sent(byte[] key, Value value) {}

  // MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password |
  //   AUTH2 username password] [KEYS key [key ...]]
  static Reply migrate(Call c) {
    boolean copy = false;
    boolean replace = false;
    byte[] username = null;
    byte[] password = null;
    int firstKey = 3;
    int numKeys = 1;
    for (int j = 6; j < c.argc(); j++) {
      int more = c.argc() - 1 - j;
      if (c.is(j, "copy")) {
        copy = true;
      } else if (c.is(j, "replace")) {
        replace = true;
      } else if (c.is(j, "auth")) {
        if (more < 1) {
          throw Call.error(Errors.SYNTAX);
        }
        password = c.arg(++j);
      } else if (c.is(j, "auth2")) {
        if (more < 2) {
          throw Call.error(Errors.SYNTAX);
        }
        username = c.arg(++j);
        password = c.arg(++j);
      } else if (c.is(j, "keys")) {
        if (c.arg(3).length != 0) {
          throw Call.error(Errors.MIGRATE_KEYS);
        }
        firstKey = j + 1;
        numKeys = c.argc() - j - 1;
        break;
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    long timeout = c.longArg(5);
    long dbid = c.longArg(4);
    if (timeout <= 0) {
      timeout = 1000;
    }
    Database db = c.db();
    List<Sent> found = new ArrayList<>();
    for (int j = firstKey; j < firstKey + numKeys; j++) {
      Value v = db.lookupRead(c.arg(j));
      if (v != null) {
        found.add(new Sent(c.arg(j), v));
      }
    }
    if (found.isEmpty()) {
      return Reply.simple("NOKEY");
    }
    Rdb.Settings settings = settings(c);
    long now = c.now();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    if (password != null) {
      command(request, username == null ? List.of(bytes("AUTH"), password)
          : List.of(bytes("AUTH"), username, password));
    }
    command(request, List.of(bytes("SELECT"), bytes(Long.toString(dbid))));
    List<Sent> sent = new ArrayList<>();
    for (Sent k : found) {
      long ttl = 0;
      if (k.value().expiresAt() != Value.NO_EXPIRY) {
        ttl = k.value().expiresAt() - now;
        if (ttl < 0) {
          continue;
        }
        ttl = Math.max(ttl, 1);
      }
      // A cluster node sends RESTORE-ASKING, which the importing node serves without ASKING.
      List<byte[]> args = new ArrayList<>(List.of(
          bytes(c.server.cluster != null ? "RESTORE-ASKING" : "RESTORE"), k.key(),
          bytes(Long.toString(ttl)), Rdb.dump(k.value(), settings)));
      if (replace) {
        args.add(bytes("REPLACE"));
      }
      command(request, args);
      sent.add(k);
    }
    String host = c.str(1);
    String port = c.str(2);
    int replies = (password != null ? 1 : 0) + 1 + sent.size();
    boolean hasPassword = password != null;
    boolean keep = copy;
    int millis = (int) Math.min(timeout, Integer.MAX_VALUE);
    byte[] bytes = request.toByteArray();
    boolean onLoop = !c.connection.inMulti()
        && !(c.connection.channel instanceof io.netty.channel.embedded.EmbeddedChannel);
    if (!onLoop) {
      // In a transaction or a script the reply is due now: wait here, as Redis does.
      return finish(c, db, exchange(host, port, bytes, replies, millis), hasPassword, sent, keep);
    }
    Parked parked = new Parked(Parked.FOREVER, null);
    io.netty.channel.EventLoop loop = c.connection.channel.eventLoop();
    MIGRATIONS.execute(() -> {
      Exchange result = exchange(host, port, bytes, replies, millis);
      loop.execute(() -> parked.complete(finish(c, db, result, hasPassword, sent, keep)));
    });
    return parked;
  }

  /** Redis's reading of the target's replies: the first error wins; keys that arrived go. */
  private static Reply finish(Call c, Database db, Exchange x, boolean hasPassword,
      List<Sent> sent, boolean copy) {
    if (x.writeFailed()) {
      return Reply.error(Errors.MIGRATE_IO_WRITING);
    }
    List<String> lines = x.lines();
    int header = hasPassword ? 2 : 1;
    if (lines.size() < header) {
      return Reply.error(Errors.MIGRATE_IO_READING);
    }
    String auth = hasPassword ? lines.get(0) : "+OK";
    String select = lines.get(header - 1);
    String error = null;
    boolean socketError = false;
    for (int j = 0; j < sent.size(); j++) {
      if (header + j >= lines.size()) {
        socketError = true;
        break;
      }
      String line = lines.get(header + j);
      if (auth.startsWith("-") || select.startsWith("-") || line.startsWith("-")) {
        if (error == null) {
          error = (auth.startsWith("-") ? auth : select.startsWith("-") ? select : line)
              .substring(1);
        }
      } else if (!copy) {
        byte[] key = sent.get(j).key();
        if (db.get(key) == sent.get(j).value()) { // unless a command changed it meanwhile
          db.remove(key);
          db.notify(KeyspaceEvents.GENERIC, "del", key);
        }
      }
    }
    if (error != null) {
      return Reply.error(Errors.MIGRATE_TARGET + error);
    }
    if (socketError) {
      return Reply.error(Errors.MIGRATE_IO_READING);
    }
    return Reply.OK;
  }

  /** Connects, sends the request and reads {@code replies} lines, within the timeout each. */
  private static Exchange exchange(String host, String port, byte[] request, int replies,
      int timeoutMillis) {
    List<String> lines = new ArrayList<>();
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress(host, Integer.parseInt(port)), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
      } catch (IOException | IllegalArgumentException e) {
        return new Exchange(lines, true, false);
      }
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < replies; i++) {
        String line = readLine(in);
        if (line == null) {
          return new Exchange(lines, false, true);
        }
        lines.add(line);
      }
    } catch (IOException e) {
      return new Exchange(lines, false, true);
    }
    return new Exchange(lines, false, false);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (line.size() < MAX_LINE) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (previous == '\r' && b == '\n') {
        byte[] all = line.toByteArray();
        return new String(all, 0, all.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
    return null;
  }

  private static void command(ByteArrayOutputStream out, List<byte[]> args) {
    out.writeBytes(bytes("*" + args.size() + "\r\n"));
    for (byte[] a : args) {
      out.writeBytes(bytes("$" + a.length + "\r\n"));
      out.writeBytes(a);
      out.writeBytes(bytes("\r\n"));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
