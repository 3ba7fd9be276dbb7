package dev.cortado.junit;

import dev.cortado.CortadoServer;

import java.util.function.IntSupplier;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Gives an application context the embedded server: the context holds a lease on the shared server
 * of its {@link EmbeddedRedis} configuration until it closes, and Spring Boot, when present, gets the
 * server's connection details as a bean, which its Redis auto-configuration prefers to properties.
 *
 * <p>Equal for equal annotations: that is the part of Spring's context cache key it adds, so classes
 * annotated alike share one cached context and, through {@link SharedServers}, one server.
 */
final class EmbeddedRedisContextCustomizer implements ContextCustomizer {
  /** Spring Boot 3.1 to 3.5. */
  private static final String BOOT_3_DETAILS =
      "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails";
  /** Spring Boot 4. */
  private static final String BOOT_4_DETAILS =
      "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

  private final EmbeddedRedis config;

  EmbeddedRedisContextCustomizer(EmbeddedRedis config) {
    this.config = config;
  }

  @Override
  public void customizeContext(ConfigurableApplicationContext context,
      MergedContextConfiguration mergedConfig) {
    SharedServers.Lease lease = SharedServers.acquire(config);
    context.addApplicationListener(new ReleaseOnClose(context, lease));
    CortadoServer server = lease.running().server;
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    ClassLoader loader = context.getClassLoader();
    IntSupplier database = () -> context.getEnvironment()
        .getProperty("spring.data.redis.database", Integer.class, 0);
    // Standalone for now; the cluster and sentinel annotations will pick their own details here.
    if (ClassUtils.isPresent(BOOT_4_DETAILS, loader)) {
      beans.registerSingleton("cortadoDataRedisConnectionDetails",
          new BootFourConnectionDetails(server, database, Settings.credentials(config)));
    }
    if (ClassUtils.isPresent(BOOT_3_DETAILS, loader)) {
      beans.registerSingleton("cortadoRedisConnectionDetails",
          new BootThreeConnectionDetails(server, database, Settings.credentials(config)));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddedRedisContextCustomizer other && other.config.equals(config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }

  /** Releases the context's lease when that context (not a child of it) closes. */
  private static final class ReleaseOnClose implements ApplicationListener<ContextClosedEvent> {
    private final ConfigurableApplicationContext context;
    private final SharedServers.Lease lease;

    ReleaseOnClose(ConfigurableApplicationContext context, SharedServers.Lease lease) {
      this.context = context;
      this.lease = lease;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
      if (event.getApplicationContext() == context) {
        lease.close();
      }
    }
  }
}
