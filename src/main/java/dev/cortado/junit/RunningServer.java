package dev.cortado.junit;

import dev.cortado.CortadoServer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server the extension started, kept in the JUnit store of the class (or test) it belongs to, so
 * JUnit closes it when that class (or test) is done, whatever happened. Closing stops the server and
 * restores the system properties it set.
 *
 * <p>It is both kinds of closeable value: JUnit 5.13 and later close {@link AutoCloseable} values
 * (and warn about values that are only {@code CloseableResource}); earlier versions close only
 * {@code CloseableResource} ones.
 */
@SuppressWarnings("deprecation")
final class RunningServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  final CortadoServer server;
  final Settings settings;
  /** Each property set, with the value it had before (null: none). */
  private final Map<String, String> previous = new LinkedHashMap<>();
  private boolean closed;

  RunningServer(CortadoServer server, Settings settings) {
    this.server = server;
    this.settings = settings;
    for (Map.Entry<String, String> p : settings.systemProperties().entrySet()) {
      previous.put(p.getKey(), System.getProperty(p.getKey()));
      System.setProperty(p.getKey(), Settings.expand(p.getValue(), server));
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } finally {
      for (Map.Entry<String, String> p : previous.entrySet()) {
        if (p.getValue() == null) {
          System.clearProperty(p.getKey());
        } else {
          System.setProperty(p.getKey(), p.getValue());
        }
      }
    }
  }
}
