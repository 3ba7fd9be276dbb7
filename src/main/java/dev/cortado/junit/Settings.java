package dev.cortado.junit;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** How the extension builds each server: from {@link EmbeddedRedis} or a builder. */
record Settings(int port, String bind, String password, int databases, long seed,
    Supplier<Clock> clock, boolean reset, Map<String, String> systemProperties,
    Consumer<CortadoServer.Builder> more) {

  static final Settings DEFAULTS = new Settings(0, "127.0.0.1", null, 16, EmbeddedRedis.RANDOM_SEED,
      () -> null, true, Map.of(), b -> { });

  static Settings of(EmbeddedRedis a) {
    Supplier<Clock> clock = () -> null;
    if (!a.clockStart().isEmpty()) {
      Instant start;
      try {
        start = Instant.parse(a.clockStart());
      } catch (DateTimeParseException e) {
        throw new ExtensionConfigurationException("@EmbeddedRedis(clockStart = \"" + a.clockStart()
            + "\") is not an ISO-8601 instant such as 2030-01-01T00:00:00Z", e);
      }
      clock = () -> new ManualClock(start);
    } else if (a.manualClock()) {
      clock = ManualClock::new;
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (String p : a.systemProperties()) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new ExtensionConfigurationException("@EmbeddedRedis(systemProperties = \"" + p
            + "\"): expected name=value, e.g. spring.data.redis.port={port}");
      }
      properties.put(p.substring(0, eq), p.substring(eq + 1));
    }
    java.util.List<String[]> users = new java.util.ArrayList<>();
    for (String u : a.users()) {
      String[] words = words(u);
      if (words.length < 2 || words[0].isEmpty()) {
        throw new ExtensionConfigurationException("@EmbeddedRedis(users = \"" + u
            + "\"): expected the name, the password (or nopass), then rules, e.g."
            + " \"app secret ~app:* +@all\"");
      }
      users.add(words);
    }
    credentials(a); // a connectAs naming no declared user fails here, with or without Spring
    boolean tls = a.tls();
    Consumer<CortadoServer.Builder> declareUsers = b -> {
      for (String[] w : users) {
        b.user(w[0], w[1].equals("nopass") ? null : w[1],
            java.util.Arrays.copyOfRange(w, 2, w.length));
      }
      if (tls) {
        b.tlsSelfSigned();
      }
    };
    return new Settings(a.port(), a.bind(), a.password().isEmpty() ? null : a.password(),
        a.databases(), a.seed(), clock, a.resetBetweenTests(), Map.copyOf(properties),
        declareUsers);
  }

  /** Who a Spring Boot application connects as: a user (null: the default user), a password. */
  record Credentials(String username, String password) {}

  static Credentials credentials(EmbeddedRedis a) {
    if (a.connectAs().isEmpty()) {
      return new Credentials(null, a.password().isEmpty() ? null : a.password());
    }
    for (String u : a.users()) {
      String[] words = words(u);
      if (words.length >= 2 && words[0].equals(a.connectAs())) {
        return new Credentials(words[0], words[1].equals("nopass") ? null : words[1]);
      }
    }
    throw new ExtensionConfigurationException("@EmbeddedRedis(connectAs = \"" + a.connectAs()
        + "\"): no such user in users()");
  }

  /** A users() entry's words: the name, the password (or nopass), then ACL rules. */
  private static String[] words(String user) {
    return user.trim().split(" +");
  }

  /** A started server with these settings. */
  CortadoServer start() {
    CortadoServer.Builder b = CortadoServer.builder()
        .port(port).bind(bind).password(password).databases(databases);
    if (seed != EmbeddedRedis.RANDOM_SEED) {
      b.seed(seed);
    }
    Clock c = clock.get();
    if (c != null) {
      b.clock(c);
    }
    more.accept(b);
    return b.build().start();
  }

  /** A system property's value for a running server: placeholders replaced. */
  static String expand(String template, CortadoServer server) {
    return template.replace("{host}", server.host())
        .replace("{port}", Integer.toString(server.port()))
        .replace("{uri}", server.uri())
        .replace("{password}", server.password() == null ? "" : server.password());
  }
}
