package dev.cortado.admin;

import dev.cortado.CortadoServer;
import dev.cortado.command.CommandTable;
import dev.cortado.mock.MockSupport;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * For Cortado's own use (the server starts its admin interface with it); not part of the API. One
 * per server built with an admin port: the HTTP side lives from the server's start to its stop, the
 * CORTADO.* commands are added to each start's command table.
 */
public final class AdminSupport {
  /** CORTADO.name on the Redis port: the admin operation each runs, and its summary. */
  private static final String[][] COMMANDS = {
      {"cortado.info", "info", "Cortado admin: the server's ports, clock kind and journal state"},
      {"cortado.stub", "stub", "Cortado admin: adds a stub or expectation (JSON)"},
      {"cortado.stubs", "stubs", "Cortado admin: lists the stubs and how often each matched"},
      {"cortado.unstub", "remove-stub", "Cortado admin: removes one stub by its id (JSON)"},
      {"cortado.mode", "mode", "Cortado admin: turns strict and in-order modes on or off"},
      {"cortado.journal", "journal", "Cortado admin: the journal of commands, filtered"},
      {"cortado.clearjournal", "clear-journal", "Cortado admin: clears the journal"},
      {"cortado.verify", "verify", "Cortado admin: verifies how often matching commands arrived"},
      {"cortado.count", "count", "Cortado admin: counts the matching commands in the journal"},
      {"cortado.expectations", "verify-expectations",
          "Cortado admin: verifies every expectation was used up"},
      {"cortado.inorder", "verify-in-order", "Cortado admin: verifies commands arrived in order"},
      {"cortado.nounexpected", "verify-no-unexpected",
          "Cortado admin: verifies no command arrived that no stub answered"},
      {"cortado.clock", "clock", "Cortado admin: reads or moves the manual clock"},
      {"cortado.reset", "reset", "Cortado admin: stubs, journal, data, scripts and clock reset"},
      {"cortado.resetmock", "reset-mock", "Cortado admin: removes the stubs and clears the journal"},
  };

  private final CortadoServer server;
  private final String bind;
  private final boolean protectedMode;
  private final int requestedPort;
  private final AdminApi api;
  private AdminHttp http;
  private volatile int port = -1;

  private AdminSupport(CortadoServer server, String bind, int requestedPort,
      boolean protectedMode) {
    this.server = server;
    this.bind = bind;
    this.protectedMode = protectedMode;
    this.requestedPort = requestedPort;
    this.api = new AdminApi(server);
    MockSupport.hideAdminCommands(server.mock());
  }

  /**
   * The admin interface of {@code server}, on {@code port} (0: a free one) of the address the Redis
   * port binds (a wildcard address included, so a server in a container is reachable from outside
   * as its Redis port is). It has no password: in protected mode (the default) it only listens on
   * a loopback address, even when the Redis port has a password and listens beyond.
   */
  public static AdminSupport of(CortadoServer server, String bind, int port,
      boolean protectedMode) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin port out of range: " + port);
    }
    return new AdminSupport(server, bind, port, protectedMode);
  }

  /** Adds the CORTADO.* commands to a server's table (each start builds a new one). */
  public void registerCommands(CommandTable table) {
    for (String[] c : COMMANDS) {
      String operation = c[1];
      table.addExternal(c[0], -1, c[2], (connection, args) -> command(operation, connection, args));
    }
  }

  /** Binds the admin HTTP port on the Redis port's host; the Redis port is already bound. */
  public synchronized void start() {
    if (protectedMode && !isLoopback(bind)) {
      throw new IllegalStateException("protected mode: the admin interface has no password and "
          + "will not listen on " + bind + ". Bind a loopback address or turn protected mode off "
          + "(protectedMode(false), --protected-mode no).");
    }
    AdminHttp h = new AdminHttp(api);
    try {
      port = h.start(bind, requestedPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the admin port " + bind + ":"
          + requestedPort + ": " + e.getMessage(), e);
    }
    api.adminPort(port);
    http = h;
  }

  private static boolean isLoopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public synchronized void stop() {
    if (http != null) {
      http.stop();
      http = null;
    }
  }

  /** The admin HTTP port while running, else -1. */
  public int port() {
    return http == null ? -1 : port;
  }

  /**
   * CORTADO.name [json]: the operation's JSON result as a bulk string; a refused request as an
   * ERR error, a failed verification as a VERIFYFAILED error carrying the near-miss message on one
   * line.
   */
  private Reply command(String operation, Connection connection, byte[][] args) {
    if (args.length > 2) {
      return Reply.error(oneLine("ERR wrong number of arguments for '"
          + new String(args[0], StandardCharsets.UTF_8) + "': it takes at most one JSON argument"));
    }
    Map<String, Object> params;
    try {
      params = args.length == 2
          ? AdminApi.asObject(Json.parse(new String(args[1], StandardCharsets.UTF_8).trim()),
              "the argument")
          : Map.of();
    } catch (IllegalArgumentException e) {
      return Reply.error(oneLine("ERR " + e.getMessage()));
    }
    AdminApi.Result result = api.call(operation, params, false);
    if (result.status() == 200) {
      return Reply.bulk(Json.write(result.body()).getBytes(StandardCharsets.UTF_8));
    }
    Object body = result.body();
    if (body instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("ok"))) {
      return Reply.error(oneLine("VERIFYFAILED " + m.get("message")));
    }
    String message = body instanceof Map<?, ?> m ? String.valueOf(m.get("error")) : "failed";
    return Reply.error(oneLine("ERR " + message));
  }

  private static String oneLine(String text) {
    return text.replace("\r", "").replace("\n", " | ");
  }

  @Override
  public String toString() {
    return "AdminSupport[" + server + ", admin port " + port + "]";
  }
}
