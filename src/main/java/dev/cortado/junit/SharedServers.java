package dev.cortado.junit;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers of Spring test classes: one per distinct {@link EmbeddedRedis} configuration, alive
 * while a test class runs on it or a Spring application context built for it is open.
 *
 * <p>Spring's test framework caches an application context and hands it to every later test class
 * with the same configuration. That context's connection factory points at one server, so the server
 * must outlive the class that started it: each test class and each context holds a {@link Lease},
 * and the server stops when the last lease is closed (the last class is done and the context closed,
 * by {@code @DirtiesContext}, the cache's eviction or the JVM's shutdown). Classes with equal
 * annotations share the server, exactly as they share the context.
 */
final class SharedServers {
  private static final Map<EmbeddedRedis, Entry> ENTRIES = new HashMap<>();

  private SharedServers() {}

  /** The server for this configuration, started now if none runs; the lease keeps it running. */
  static Lease acquire(EmbeddedRedis config) {
    synchronized (ENTRIES) {
      Entry entry = ENTRIES.get(config);
      if (entry == null) {
        Settings settings = Settings.of(config);
        entry = new Entry(config, new RunningServer(settings.start(), settings));
        ENTRIES.put(config, entry);
      }
      entry.leases++;
      return new Lease(entry);
    }
  }

  /** How many servers run for Spring tests now (for tests of this class). */
  static int running() {
    synchronized (ENTRIES) {
      return ENTRIES.size();
    }
  }

  private static void release(Entry entry) {
    synchronized (ENTRIES) {
      if (--entry.leases > 0) {
        return;
      }
      ENTRIES.remove(entry.config, entry);
    }
    entry.running.close();
  }

  private static final class Entry {
    final EmbeddedRedis config;
    final RunningServer running;
    int leases;

    Entry(EmbeddedRedis config, RunningServer running) {
      this.config = config;
      this.running = running;
    }
  }

  /**
   * One holder's claim on a shared server; closing it twice releases once. It is a value JUnit's
   * store closes, like {@link RunningServer}.
   */
  @SuppressWarnings("deprecation")
  static final class Lease implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    RunningServer running() {
      return entry.running;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(entry);
    }
  }
}
