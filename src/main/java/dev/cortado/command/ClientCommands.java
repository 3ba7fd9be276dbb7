package dev.cortado.command;

import static dev.cortado.command.CommandSpec.ADMIN;
import static dev.cortado.command.CommandSpec.LOADING;
import static dev.cortado.command.CommandSpec.NOSCRIPT;
import static dev.cortado.command.CommandSpec.SENTINEL;
import static dev.cortado.command.CommandSpec.STALE;

import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.Tracking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CLIENT and its subcommands. SETINFO and NO-TOUCH come from Redis 7.2 (clients send SETINFO on every
 * connect), so CLIENT INFO/LIST print 7.2's fields, lib-name and lib-ver included.
 * MAINT_NOTIFICATIONS (Lettuce 7) gets the unknown-subcommand
 * error a Redis 7.0 gives, which Lettuce only logs.
 */
final class ClientCommands {
  private ClientCommands() {}

  private static final int CONN = NOSCRIPT | LOADING | STALE | SENTINEL;

  /**
   * The family's rows of the command table, in a class of their own: building the table loads
   * none of the handlers, whose class loads at the family's first command.
   */
  static final class Rows {
    private Rows() {}

    static void register(CommandTable table) {
      CommandTable.Family t = table.family("ClientCommands");
      t.container("client", "connection", "A container for client connection commands")
          .docs("2.4.0", "Depends on subcommand.");
      t.sub("client", "id", 2, CONN, 0, 0, 0,
          "Returns the client ID for the current connection", "id")
          .docs("5.0.0", "O(1)");
      t.sub("client", "setname", 3, CONN, 0, 0, 0,
          "Set the current connection name", "setName")
          .docs("2.6.9", "O(1)");
      t.sub("client", "getname", 2, CONN, 0, 0, 0,
          "Get the current connection name", "getName")
          .docs("2.6.9", "O(1)");
      t.sub("client", "setinfo", 4, CONN, 0, 0, 0,
          "Sets information specific to the client or connection.", "setInfo")
          .docs("7.2.0", "O(1)").tips("request_policy:all_nodes", "response_policy:all_succeeded");
      t.sub("client", "info", 2, CONN, 0, 0, 0,
          "Returns information about the current client connection.", "info")
          .docs("6.2.0", "O(1)").tips("nondeterministic_output");
      t.sub("client", "list", -2, ADMIN | CONN, 0, 0, 0,
          "Get the list of client connections", "list")
          .docs("2.4.0", "O(N) where N is the number of client connections")
          .tips("nondeterministic_output");
      t.sub("client", "kill", -3, ADMIN | CONN, 0, 0, 0,
          "Kill the connection of a client", "kill")
          .docs("2.4.0", "O(N) where N is the number of client connections");
      t.sub("client", "unblock", -3, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0,
          "Unblock a client blocked in a blocking command from a different connection", "unblock")
          .docs("5.0.0", "O(log N) where N is the number of client connections");
      t.sub("client", "no-evict", 3, ADMIN | CONN, 0, 0, 0,
          "Set client eviction mode for the current connection", "noEvict")
          .docs("7.0.0", "O(1)");
      t.sub("client", "no-touch", 3, NOSCRIPT | LOADING | STALE, 0, 0, 0,
          "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.",
          "noTouch")
          .docs("7.2.0", "O(1)");
      t.sub("client", "capa", -3, NOSCRIPT | LOADING | STALE, 0, 0, 0,
          "A client claims its capability.", "capa")
          .docs("8.0.0", "O(1)");
      t.sub("client", "tracking", -3, CONN, 0, 0, 0,
          "Enable or disable server assisted client side caching support", "tracking")
          .docs("6.0.0", "O(1). Some options may introduce additional complexity.");
      t.sub("client", "caching", 3, CONN, 0, 0, 0,
          "Instruct the server about tracking or not keys in the next request", "caching")
          .docs("6.0.0", "O(1)");
      t.sub("client", "getredir", 2, CONN, 0, 0, 0,
          "Get tracking notifications redirection client ID if any", "getRedirect")
          .docs("6.0.0", "O(1)");
      t.sub("client", "trackinginfo", 2, CONN, 0, 0, 0,
          "Return information about server assisted client side caching for the current connection",
          "trackingInfo")
          .docs("6.2.0", "O(1)");
      t.sub("client", "pause", -3, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0,
          "Stop processing commands from clients for some time", "pause")
          .docs("2.9.50", "O(1)");
      t.sub("client", "unpause", 2, ADMIN | NOSCRIPT | LOADING | STALE, 0, 0, 0,
          "Resume processing of clients that were paused", "unpause")
          .docs("6.2.0", "O(N) Where N is the number of paused clients");
      t.sub("client", "reply", 3, NOSCRIPT | LOADING | STALE, 0, 0, 0,
          "Instruct the server whether to reply to commands", "reply")
          .docs("3.2.0", "O(1)");
      t.sub("client", "help", 2, LOADING | STALE | SENTINEL, 0, 0, 0,
          "Show helpful text about the different subcommands", "help")
          .docs("5.0.0", "O(1)");
    }
  }

  // CLIENT ID
  static Reply id(Call c) {
    return Reply.integer(c.connection.id);
  }

  // CLIENT SETNAME connection-name
  static Reply setName(Call c) {
    byte[] name = c.arg(2);
    validateName(name);
    c.connection.name = name.length == 0 ? null : name;
    return Reply.OK;
  }

  // CLIENT GETNAME
  static Reply getName(Call c) {
    return Reply.bulk(c.connection.name);
  }

  // CLIENT SETINFO <LIB-NAME libname | LIB-VER libver>
  static Reply setInfo(Call c) {
    String attribute = c.str(2);
    boolean libName = attribute.equalsIgnoreCase("lib-name");
    if (!libName && !attribute.equalsIgnoreCase("lib-ver")) {
      throw Call.error(Errors.unrecognizedOption(Dispatcher.cString(c.arg(2), Integer.MAX_VALUE)));
    }
    byte[] value = c.arg(3);
    if (!isPrintable(value)) {
      throw Call.error(Errors.attributeChars(attribute));
    }
    String text = value.length == 0 ? null : new String(value, StandardCharsets.ISO_8859_1);
    if (libName) {
      c.connection.libName = text;
    } else {
      c.connection.libVersion = text;
    }
    return Reply.OK;
  }

  // CLIENT INFO
  static Reply info(Call c) {
    return text(describe(c, c.connection) + "\n");
  }

  // CLIENT LIST [TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]
  static Reply list(Call c) {
    StringBuilder out = new StringBuilder();
    if (c.argc() == 4 && c.is(2, "type")) {
      ClientType type = ClientType.parse(c.str(3));
      for (Connection conn : c.server.clients.values()) {
        if (type.matches(conn)) {
          out.append(describe(c, conn)).append('\n');
        }
      }
    } else if (c.argc() > 3 && c.is(2, "id")) {
      for (int i = 3; i < c.argc(); i++) {
        if (!Numbers.isLong(c.arg(i))) {
          throw Call.error(Errors.INVALID_CLIENT_ID);
        }
        Connection conn = c.server.clients.get(Call.parseLong(c.arg(i)));
        if (conn != null) {
          out.append(describe(c, conn)).append('\n');
        }
      }
    } else if (c.argc() != 2) {
      throw Call.error(Errors.SYNTAX);
    } else {
      for (Connection conn : c.server.clients.values()) {
        out.append(describe(c, conn)).append('\n');
      }
    }
    return text(out.toString());
  }

  // CLIENT KILL ip:port
  // CLIENT KILL [ID client-id] [TYPE type] [USER username] [ADDR ip:port] [LADDR ip:port]
  //             [SKIPME yes/no]
  static Reply kill(Call c) {
    KillFilter filter = c.argc() == 3 ? KillFilter.oldForm(c.str(2)) : KillFilter.parse(c);
    List<Connection> victims = new ArrayList<>();
    for (Connection conn : c.server.clients.values()) {
      if (filter.matches(conn, c.connection)) {
        victims.add(conn);
      }
    }
    for (Connection conn : victims) {
      if (conn == c.connection) {
        conn.closeAfterReply = true; // the reply goes out first, as in Redis
      } else {
        conn.channel.close();
        c.server.disconnect(conn); // gone from CLIENT LIST at once, not when the close completes
      }
    }
    if (c.argc() == 3) {
      if (victims.isEmpty()) {
        throw Call.error(Errors.NO_SUCH_CLIENT);
      }
      return Reply.OK;
    }
    return Reply.integer(victims.size());
  }

  /**
   * CLIENT UNBLOCK client-id [TIMEOUT | ERROR]: a client blocked in BLPOP, WAIT... gets its timeout
   * reply (or an UNBLOCKED error) now; 1 if it was blocked, else 0. The reason is checked first.
   */
  static Reply unblock(Call c) {
    if (c.argc() > 4) {
      throw Call.error(Errors.subcommandSyntax(c.str(1), "CLIENT"));
    }
    boolean withError = false;
    if (c.argc() == 4) {
      if (c.is(3, "error")) {
        withError = true;
      } else if (!c.is(3, "timeout")) {
        throw Call.error(Errors.UNBLOCK_REASON);
      }
    }
    Connection target = c.server.clients.get(c.longArg(2));
    dev.cortado.protocol.Parked blocked = target == null ? null : target.blockedOn;
    if (blocked == null || blocked.isDone() || c.dispatcher.pause.isPostponed(blocked)) {
      return Reply.ZERO;
    }
    if (withError) {
      blocked.complete(Reply.error(Errors.UNBLOCKED));
    } else {
      blocked.timeOut();
    }
    return Reply.ONE;
  }

  /**
   * CLIENT PAUSE timeout [WRITE | ALL]: the mode is checked before the timeout, as in Redis; the
   * end is the server's clock plus the timeout, wrapping as Redis's does for a huge one.
   */
  static Reply pause(Call c) {
    if (c.argc() > 4) {
      throw Call.error(Errors.subcommandSyntax(c.str(1), "CLIENT"));
    }
    int type = ClientPause.ALL;
    if (c.argc() == 4) {
      if (c.is(3, "write")) {
        type = ClientPause.WRITE;
      } else if (!c.is(3, "all")) {
        throw Call.error(Errors.PAUSE_MODE);
      }
    }
    byte[] arg = c.arg(2);
    if (!Numbers.isLong(arg)) {
      throw Call.error(Errors.TIMEOUT_NOT_INTEGER);
    }
    long timeout = Call.parseLong(arg);
    if (timeout < 0) {
      throw Call.error(Errors.TIMEOUT_NEGATIVE);
    }
    long end = timeout > 0 ? c.now() + timeout : 0;
    c.dispatcher.pause.pause(end, type);
    return Reply.OK;
  }

  // CLIENT UNPAUSE
  static Reply unpause(Call c) {
    c.dispatcher.pause.unpause();
    return Reply.OK;
  }

  /** Writes nothing: CLIENT REPLY OFF and SKIP are not answered. */
  private static final Reply NO_REPLY = Reply.raw(new byte[0]);

  /**
   * CLIENT REPLY ON | OFF | SKIP. OFF drops every reply from now on and SKIP the next command's
   * (neither is answered); pushes still go out, monitor lines do not, as in Redis 7.0.
   */
  static Reply reply(Call c) {
    Connection conn = c.connection;
    if (c.is(2, "on")) {
      conn.replyOff = false;
      conn.skipThisReply = false;
      return Reply.OK;
    }
    if (c.is(2, "off")) {
      conn.replyOff = true;
      return NO_REPLY;
    }
    if (c.is(2, "skip")) {
      if (!conn.replyOff) {
        conn.skipNextReply = true;
      }
      return NO_REPLY;
    }
    throw Call.error(Errors.SYNTAX);
  }

  // CLIENT NO-EVICT <ON | OFF>
  static Reply noEvict(Call c) {
    c.connection.noEvict = onOff(c);
    return Reply.OK;
  }

  // CLIENT NO-TOUCH <ON | OFF>
  static Reply noTouch(Call c) {
    c.connection.noTouch = onOff(c);
    return Reply.OK;
  }

  // CLIENT CAPA capability [capability ...]: Valkey's; capabilities Cortado lacks are ignored.
  static Reply capa(Call c) {
    return Reply.OK;
  }

  // CLIENT TRACKING (ON|OFF) [REDIRECT id] [BCAST] [PREFIX prefix ...] [OPTIN] [OPTOUT] [NOLOOP]
  static Reply tracking(Call c) {
    long redirect = 0;
    boolean bcast = false;
    boolean optin = false;
    boolean optout = false;
    boolean noloop = false;
    List<byte[]> prefixes = new ArrayList<>();
    for (int j = 3; j < c.argc(); j++) {
      boolean more = j < c.argc() - 1;
      if (c.is(j, "redirect") && more) {
        j++;
        if (redirect != 0) {
          throw Call.error(Errors.REDIRECT_TWICE);
        }
        redirect = c.longArg(j);
        if (!c.server.clients.containsKey(redirect)) {
          throw Call.error(Errors.REDIRECT_NO_CLIENT);
        }
      } else if (c.is(j, "bcast")) {
        bcast = true;
      } else if (c.is(j, "optin")) {
        optin = true;
      } else if (c.is(j, "optout")) {
        optout = true;
      } else if (c.is(j, "noloop")) {
        noloop = true;
      } else if (c.is(j, "prefix") && more) {
        prefixes.add(c.arg(++j));
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    Connection conn = c.connection;
    if (c.is(2, "off")) {
      c.server.tracking.disable(conn);
      return Reply.OK;
    }
    if (!c.is(2, "on")) {
      throw Call.error(Errors.SYNTAX);
    }
    Tracking.Settings now = conn.tracking;
    if (!bcast && !prefixes.isEmpty()) {
      throw Call.error(Errors.PREFIX_NEEDS_BCAST);
    }
    if (now != null && now.bcast != bcast) {
      throw Call.error(Errors.BCAST_SWITCH);
    }
    if (bcast && (optin || optout)) {
      throw Call.error(Errors.OPTIN_OPTOUT_BCAST);
    }
    if (optin && optout) {
      throw Call.error(Errors.OPTIN_AND_OPTOUT);
    }
    if (now != null && (optin && now.optout || optout && now.optin)) {
      throw Call.error(Errors.OPTIN_OPTOUT_SWITCH);
    }
    if (bcast) {
      checkPrefixOverlaps(now == null ? List.of() : now.prefixes, prefixes);
    }
    c.server.tracking.enable(conn, redirect, bcast, optin, optout, noloop, prefixes);
    return Reply.OK;
  }

  /** A BCAST client's prefixes may not overlap (one a prefix of another), old or new. */
  private static void checkPrefixOverlaps(List<byte[]> existing, List<byte[]> given) {
    for (int i = 0; i < given.size(); i++) {
      byte[] p = given.get(i);
      for (byte[] old : existing) {
        if (overlap(p, old)) { // the same prefix again counts too
          throw Call.error(Errors.prefixOverlap(latin1(p), "an existing", latin1(old)));
        }
      }
      for (int j = i + 1; j < given.size(); j++) {
        if (overlap(p, given.get(j))) {
          throw Call.error(Errors.prefixOverlap(latin1(p), "another provided", latin1(given.get(j))));
        }
      }
    }
  }

  private static boolean overlap(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    return java.util.Arrays.equals(a, 0, n, b, 0, n);
  }

  private static String latin1(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  // CLIENT CACHING (YES|NO): for the next command only, in OPTIN or OPTOUT mode.
  static Reply caching(Call c) {
    Tracking.Settings s = c.connection.tracking;
    if (s == null || !(s.optin || s.optout)) {
      throw Call.error(Errors.CACHING_WITHOUT_OPT);
    }
    if (c.is(2, "yes")) {
      if (!s.optin) {
        throw Call.error(Errors.CACHING_YES_NOT_OPTIN);
      }
    } else if (c.is(2, "no")) {
      if (!s.optout) {
        throw Call.error(Errors.CACHING_NO_NOT_OPTOUT);
      }
    } else {
      throw Call.error(Errors.SYNTAX);
    }
    s.caching = true;
    return Reply.OK;
  }

  // CLIENT GETREDIR: -1 without tracking, 0 without redirection.
  static Reply getRedirect(Call c) {
    Tracking.Settings s = c.connection.tracking;
    return Reply.integer(s == null ? -1 : s.redirect);
  }

  // CLIENT TRACKINGINFO
  static Reply trackingInfo(Call c) {
    Tracking.Settings s = c.connection.tracking;
    List<Reply> flags = new ArrayList<>();
    if (s == null) {
      flags.add(Reply.bulk("off"));
    } else {
      flags.add(Reply.bulk("on"));
      if (s.bcast) {
        flags.add(Reply.bulk("bcast"));
      }
      if (s.optin) {
        flags.add(Reply.bulk("optin"));
        if (s.caching) {
          flags.add(Reply.bulk("caching-yes"));
        }
      }
      if (s.optout) {
        flags.add(Reply.bulk("optout"));
        if (s.caching) {
          flags.add(Reply.bulk("caching-no"));
        }
      }
      if (s.noloop) {
        flags.add(Reply.bulk("noloop"));
      }
      if (s.brokenRedirect) {
        flags.add(Reply.bulk("broken_redirect"));
      }
    }
    return Reply.map(List.of(
        Reply.bulk("flags"), Reply.set(flags),
        Reply.bulk("redirect"), Reply.integer(s == null ? -1 : s.redirect),
        Reply.bulk("prefixes"), Reply.bulks(s == null ? List.of() : s.prefixes)));
  }

  // CLIENT HELP
  static Reply help(Call c) {
    return Call.helpReply(c.str(0).toUpperCase(Locale.ROOT),
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "NO-TOUCH (ON|OFF)",
        "    Will not touch LRU/LFU stats when this mode is on.");
  }

  /** Client names may not contain spaces, newlines or other special characters. */
  static void validateName(byte[] name) {
    if (!isPrintable(name)) {
      throw Call.error(Errors.CLIENT_NAME_CHARS);
    }
  }

  /** Visible ASCII only, so CLIENT LIST stays splittable on spaces. */
  private static boolean isPrintable(byte[] value) {
    for (byte b : value) {
      if (b < '!' || b > '~') {
        return false;
      }
    }
    return true;
  }

  private static boolean onOff(Call c) {
    if (c.is(2, "on")) {
      return true;
    }
    if (c.is(2, "off")) {
      return false;
    }
    throw Call.error(Errors.SYNTAX);
  }

  /** CLIENT INFO/LIST text: a verbatim string in RESP3, as Redis 7 sends it; bulk in RESP2. */
  private static Reply text(String s) {
    return Reply.verbatim("txt", s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * One CLIENT LIST line with Redis 7.2's fields in its order. Buffer and memory sizes follow
   * Cortado's buffers and a model of Redis's (see {@link #buffers}); fd is a modelled descriptor
   * number ({@link Connection#fd}).
   */
  static String describe(Call c, Connection conn) {
    return describe(c.now(), conn);
  }

  /** The same line at a given time, for the ACL log, which has no Call at hand. */
  static String describe(long now, Connection conn) {
    long nowSeconds = now / 1000;
    return "id=" + conn.id
        + " addr=" + conn.address()
        + " laddr=" + conn.localAddress()
        + " fd=" + conn.fd
        + " name=" + (conn.name == null ? "" : new String(conn.name, StandardCharsets.ISO_8859_1))
        + " age=" + (nowSeconds - conn.createdAt / 1000)
        + " idle=" + (nowSeconds - conn.lastInteraction / 1000)
        + " flags=" + flags(conn)
        + " db=" + conn.db
        + " sub=" + conn.subscriptionCount('c') + " psub=" + conn.subscriptionCount('p')
        + " ssub=" + conn.subscriptionCount('s') + " multi=" + (conn.inMulti() ? conn.queuedCommands().size() : -1)
        + buffers(now, conn)
        + " cmd=" + conn.lastCommand
        + " user=" + conn.user
        + " redir=" + (conn.tracking == null ? -1 : conn.tracking.redirect)
        + " resp=" + conn.protocol
        + " lib-name=" + (conn.libName == null ? "" : conn.libName)
        + " lib-ver=" + (conn.libVersion == null ? "" : conn.libVersion);
  }

  /** zmalloc_size of a Redis 7.0.15 client struct (x86-64, jemalloc), measured by tot-mem. */
  private static final long CLIENT_STRUCT = 768;
  /** A query buffer's alloc after its first 16 KB read (sdsMakeRoomForNonGreedy: 20480 - 6). */
  private static final long QUERY_BUFFER_ALLOC = 20474;
  /** sizeof(multiCmd), and a watched key's listNode and watchedKey. */
  private static final long MULTI_CMD = 24;
  private static final long WATCHED_KEY = 56;

  /**
   * qbuf ... events: qbuf is input not yet run (the running command's own request included, as in
   * Redis), argv-mem the arguments of the command running or waiting, multi-mem the queued
   * commands' arguments (8 bytes of pointer each, as Redis counts them), obl the replies gathered
   * but not yet handed to the socket, oll/omem the socket's queue in blocks and bytes. The rest
   * models Redis's own buffers: qbuf-free the room left in its query buffer (20474 bytes once a
   * read was made, freed after 2 seconds idle, 4 in a client that never sent anything), rbs/rbp
   * its reply buffer as its cron resizes it ({@link Connection#replyBuffer}), and tot-mem
   * getClientMemoryUsage's sum of all those with the client struct, the multi state and the
   * pub/sub dicts (tables counted settled).
   */
  private static String buffers(long now, Connection conn) {
    long[] b = conn.bufferStats();
    byte[][] argv = conn.isRunning() || conn.blockedOn != null ? conn.argv : null;
    long argvMem = argv == null ? 0 : argsLength(argv);
    long argc = argv == null ? 0 : argv.length;
    long qbuf = b[0] + (conn.isRunning() && argv != null ? Connection.requestLength(argv) : 0);
    long multiMem = 0;
    List<byte[][]> queued = conn.queuedCommands();
    for (byte[][] q : queued) {
      multiMem += argsLength(q) + 8L * q.length;
    }
    long queryAlloc;
    long queryBlock;
    long idle = now / 1000 - conn.lastInteraction / 1000;
    if (qbuf == 0 && (!conn.hasRead || idle > 2)) {
      // An empty sds: sdsempty's 4 spare bytes, or none once the cron shrank an idle one.
      queryAlloc = conn.hasRead ? 0 : 4;
      queryBlock = 8;
    } else if (qbuf <= QUERY_BUFFER_ALLOC) {
      queryAlloc = QUERY_BUFFER_ALLOC;
      queryBlock = QUERY_BUFFER_ALLOC + 6;
    } else {
      queryAlloc = qbuf;
      queryBlock = jemalloc(qbuf + (qbuf < 65536 ? 5 : 9) + 1);
    }
    long[] reply = conn.replyBuffer(now);
    long multiAlloc = 0;
    if (!queued.isEmpty()) {
      multiAlloc = 2; // Redis starts the queue with room for two, then doubles it
      while (multiAlloc < queued.size()) {
        multiAlloc *= 2;
      }
    }
    long totMem = CLIENT_STRUCT + queryBlock + reply[0] + argvMem + 8 * argc + multiMem
        + multiAlloc * MULTI_CMD + conn.watcher.size() * WATCHED_KEY + b[4]
        + 24L * conn.subscriptionCount('p') + dictMemory(conn.subscriptionCount('c'))
        + dictMemory(conn.subscriptionCount('s'));
    return " qbuf=" + qbuf + " qbuf-free=" + (queryAlloc - qbuf) + " argv-mem=" + argvMem
        + " multi-mem=" + multiMem + " rbs=" + reply[0] + " rbp=" + reply[1] + " obl=" + b[2]
        + " oll=" + b[3] + " omem=" + b[4] + " tot-mem=" + totMem
        + " events=" + (b[5] == 1 ? "r" : "") + (b[6] == 1 ? "w" : "");
  }

  /** A dict of n entries as tot-mem counts it: a dictEntry each and a bucket pointer per slot. */
  private static long dictMemory(long n) {
    return n == 0 ? 0 : 24 * n + 8 * (n <= 4 ? 4 : Long.highestOneBit(n - 1) << 1);
  }

  private static long jemalloc(long size) {
    long step = Long.highestOneBit(size - 1) >> 2;
    return size <= 64 ? (size + 15) & ~15L : (size + step - 1) / step * step;
  }

  private static long argsLength(byte[][] args) {
    long n = 0;
    for (byte[] a : args) {
      n += a.length;
    }
    return n;
  }

  /**
   * Redis's flag letters, in its order, for the states Cortado has: x (in MULTI), d (a watched key
   * changed), c(lose after reply), e (no-evict), T (no-touch).
   */
  private static String flags(Connection conn) {
    StringBuilder f = new StringBuilder();
    if (conn.monitor) {
      f.append('O');
    }
    if (conn.isSubscriber()) {
      f.append('P');
    }
    if (conn.inMulti()) {
      f.append('x');
    }
    if (conn.blockedOn != null) {
      f.append('b');
    }
    if (conn.tracking != null) {
      f.append('t');
      if (conn.tracking.brokenRedirect) {
        f.append('R');
      }
      if (conn.tracking.bcast) {
        f.append('B');
      }
    }
    if (conn.watcher.isDirty()) {
      f.append('d');
    }
    if (conn.closeAfterReply) {
      f.append('c');
    }
    if (conn.noEvict) {
      f.append('e');
    }
    if (conn.noTouch) {
      f.append('T');
    }
    return f.length() == 0 ? "N" : f.toString();
  }

  /** Client types of CLIENT LIST TYPE and CLIENT KILL TYPE: subscribers are pubsub, others normal. */
  private enum ClientType {
    NORMAL, REPLICA, PUBSUB, MASTER;

    static ClientType parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "normal" -> NORMAL;
        case "slave", "replica" -> REPLICA;
        case "pubsub" -> PUBSUB;
        case "master" -> MASTER;
        default -> throw Call.error(Errors.unknownClientType(name));
      };
    }

    boolean matches(Connection conn) {
      return conn.isSubscriber() ? this == PUBSUB : this == NORMAL;
    }
  }

  /** Which connections CLIENT KILL closes; null criteria match every connection. */
  private record KillFilter(String addr, String laddr, ClientType type, long id, String user,
      boolean skipMe) {

    /** CLIENT KILL ip:port: the old form, which may kill the caller itself. */
    static KillFilter oldForm(String addr) {
      return new KillFilter(addr, null, null, 0, null, false);
    }

    static KillFilter parse(Call c) {
      String addr = null;
      String laddr = null;
      ClientType type = null;
      long id = 0;
      String user = null;
      boolean skipMe = true;
      for (int i = 2; i < c.argc(); i += 2) {
        boolean hasValue = i + 1 < c.argc();
        if (c.is(i, "id") && hasValue) {
          byte[] v = c.arg(i + 1);
          id = Numbers.isLong(v) ? Call.parseLong(v) : 0;
          if (id < 1) {
            throw Call.error(Errors.CLIENT_ID_NOT_POSITIVE);
          }
        } else if (c.is(i, "type") && hasValue) {
          type = ClientType.parse(c.str(i + 1));
        } else if (c.is(i, "addr") && hasValue) {
          addr = c.str(i + 1);
        } else if (c.is(i, "laddr") && hasValue) {
          laddr = c.str(i + 1);
        } else if (c.is(i, "user") && hasValue) {
          user = c.str(i + 1);
          if (!c.server.acl.users.containsKey(user)) {
            throw Call.error(Errors.noSuchUser(user));
          }
        } else if (c.is(i, "skipme") && hasValue) {
          if (c.is(i + 1, "yes")) {
            skipMe = true;
          } else if (c.is(i + 1, "no")) {
            skipMe = false;
          } else {
            throw Call.error(Errors.SYNTAX);
          }
        } else {
          throw Call.error(Errors.SYNTAX);
        }
      }
      return new KillFilter(addr, laddr, type, id, user, skipMe);
    }

    boolean matches(Connection conn, Connection caller) {
      return (addr == null || addr.equals(conn.address()))
          && (laddr == null || laddr.equals(conn.localAddress()))
          && (type == null || type.matches(conn))
          && (id == 0 || id == conn.id)
          && (user == null || user.equals(conn.user))
          && !(skipMe && conn == caller);
    }
  }
}
