package dev.cortado.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin interface over HTTP: JSON under {@code /__admin/}, and the console page. The JDK's own
 * HTTP server (module jdk.httpserver), so no new dependency. Bodies are bounded
 * ({@value #MAX_BODY} bytes) before they are read into memory; a few threads serve it, apart from
 * the Redis port's loop.
 */
final class AdminHttp {
  static final int MAX_BODY = 1 << 20;
  private static final int THREADS = 4;
  /**
   * Requests waiting for a thread at most; past that the accepting thread serves the next one
   * itself, so a flood slows the accepting down instead of queuing without end.
   */
  private static final int QUEUE = 64;

  private final AdminApi api;
  private HttpServer http;
  private ExecutorService threads;

  AdminHttp(AdminApi api) {
    this.api = api;
  }

  /** Binds host:port (0 for a free one) and returns the port bound. */
  int start(String host, int port) throws IOException {
    http = HttpServer.create(new InetSocketAddress(host, port), 16);
    AtomicInteger n = new AtomicInteger();
    threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "cortado-admin-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    http.setExecutor(threads);
    http.createContext("/", this::handle);
    http.start();
    return http.getAddress().getPort();
  }

  void stop() {
    if (http != null) {
      http.stop(0);
      threads.shutdownNow();
      http = null;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/") || path.equals("/__admin") || path.equals("/__admin/")) {
        ex.getResponseHeaders().set("Location", "/__admin/console/");
        ex.sendResponseHeaders(302, -1);
        return;
      }
      if (path.startsWith("/__admin/console/")) {
        serveConsole(ex, path.substring("/__admin/console/".length()));
        return;
      }
      if (!path.startsWith("/__admin/")) {
        sendJson(ex, new AdminApi.Result(404, AdminApi.error("not found: " + path)));
        return;
      }
      String operation = operation(method, path.substring("/__admin/".length()));
      if (operation == null) {
        sendJson(ex, new AdminApi.Result(404,
            AdminApi.error("no admin operation " + method + " " + path)));
        return;
      }
      Map<String, Object> params;
      try {
        params = params(ex);
      } catch (BodyTooLarge e) {
        sendJson(ex, new AdminApi.Result(413, AdminApi.error("request body over " + MAX_BODY
            + " bytes")));
        return;
      } catch (IllegalArgumentException e) {
        sendJson(ex, new AdminApi.Result(400, AdminApi.error(e.getMessage())));
        return;
      }
      AdminApi.Result result;
      try {
        result = api.call(operation, params, true);
      } catch (RuntimeException e) {
        result = new AdminApi.Result(500, AdminApi.error(e.toString()));
      }
      sendJson(ex, result);
    }
  }

  /** The operation a method and path name, or null. */
  static String operation(String method, String path) {
    String route = method + " " + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    return switch (route) {
      case "GET info" -> "info";
      case "GET stubs" -> "stubs";
      case "POST stubs" -> "stub";
      case "DELETE stubs" -> "remove-stub";
      case "POST mode" -> "mode";
      case "GET journal" -> "journal";
      case "DELETE journal" -> "clear-journal";
      case "POST verify" -> "verify";
      case "POST count" -> "count";
      case "POST verify/expectations" -> "verify-expectations";
      case "POST verify/in-order" -> "verify-in-order";
      case "POST verify/no-unexpected" -> "verify-no-unexpected";
      case "GET clock", "POST clock" -> "clock";
      case "POST reset" -> "reset";
      case "POST mock/reset" -> "reset-mock";
      case "GET keys" -> "keys";
      case "GET key" -> "key";
      case "PUT key" -> "put-key";
      case "DELETE key" -> "delete-key";
      case "POST flush" -> "flush";
      default -> null;
    };
  }

  private static final class BodyTooLarge extends Exception {
    BodyTooLarge() {
      super(null, null, false, false);
    }
  }

  /** Query parameters, then the body's JSON object on top. */
  private static Map<String, Object> params(HttpExchange ex) throws IOException, BodyTooLarge {
    Map<String, Object> params = new LinkedHashMap<>();
    URI uri = ex.getRequestURI();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.put(k, v);
      }
    }
    byte[] body = readBody(ex.getRequestBody());
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (!text.isEmpty()) {
      params.putAll(AdminApi.asObject(Json.parse(text), "the request body"));
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static byte[] readBody(InputStream in) throws IOException, BodyTooLarge {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BODY) {
        throw new BodyTooLarge();
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static void sendJson(HttpExchange ex, AdminApi.Result result) throws IOException {
    byte[] body = (Json.write(result.body()) + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, result.status(), body);
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The console: three static files from the classpath, no build step. */
  private static void serveConsole(HttpExchange ex, String file) throws IOException {
    String name = file.isEmpty() ? "console.html" : file;
    String type = switch (name) {
      case "console.html" -> "text/html; charset=utf-8";
      case "console.js" -> "text/javascript; charset=utf-8";
      case "console.css" -> "text/css; charset=utf-8";
      default -> null;
    };
    byte[] body = null;
    if (type != null && ex.getRequestMethod().equals("GET")) {
      try (InputStream in = AdminHttp.class.getResourceAsStream(name)) {
        body = in == null ? null : in.readAllBytes();
      }
    }
    if (body == null) {
      sendJson(ex, new AdminApi.Result(404, AdminApi.error("not found: " + file)));
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    send(ex, 200, body);
  }
}
