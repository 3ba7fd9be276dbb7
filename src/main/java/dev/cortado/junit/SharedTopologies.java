package dev.cortado.junit;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.Map;

/**
 * The clusters and Sentinel deployments of Spring test classes, as {@link SharedServers} keeps their
 * servers: one per distinct {@link EmbeddedRedisCluster} or {@link EmbeddedRedisSentinel}
 * annotation, alive while a test class runs on it or a cached application context uses it.
 */
final class SharedTopologies {
  private static final Map<Annotation, Entry> ENTRIES = new HashMap<>();

  private SharedTopologies() {}

  /** The deployment for this annotation, started now if none runs; the lease keeps it running. */
  static Lease acquire(Annotation config) {
    synchronized (ENTRIES) {
      Entry entry = ENTRIES.get(config);
      if (entry == null) {
        entry = new Entry(config, TopologyExtension.startFor(config));
        ENTRIES.put(config, entry);
      }
      entry.leases++;
      return new Lease(entry);
    }
  }

  private static void release(Entry entry) {
    synchronized (ENTRIES) {
      if (--entry.leases > 0) {
        return;
      }
      ENTRIES.remove(entry.config, entry);
    }
    try {
      entry.deployment.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Entry {
    final Annotation config;
    final AutoCloseable deployment;
    int leases;

    Entry(Annotation config, AutoCloseable deployment) {
      this.config = config;
      this.deployment = deployment;
    }
  }

  /** One holder's claim on a shared deployment; closing it twice releases once. */
  static final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    AutoCloseable deployment() {
      return entry.deployment;
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
