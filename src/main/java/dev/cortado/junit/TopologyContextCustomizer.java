package dev.cortado.junit;

import java.lang.annotation.Annotation;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Gives an application context a cluster ({@link EmbeddedRedisCluster}) or a Sentinel deployment
 * ({@link EmbeddedRedisSentinel}): the context holds a lease on the shared deployment until it
 * closes, and Spring Boot gets its cluster or Sentinel connection details. Equal for equal
 * annotations, as {@link EmbeddedRedisContextCustomizer} is.
 */
final class TopologyContextCustomizer implements ContextCustomizer {
  private static final String BOOT_3_DETAILS =
      "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails";
  private static final String BOOT_4_DETAILS =
      "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

  private final Annotation config;

  TopologyContextCustomizer(Annotation config) {
    this.config = config;
  }

  @Override
  public void customizeContext(ConfigurableApplicationContext context,
      MergedContextConfiguration mergedConfig) {
    SharedTopologies.Lease lease = SharedTopologies.acquire(config);
    context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
      if (event.getApplicationContext() == context) {
        lease.close();
      }
    });
    TopologyDetails details = TopologyDetails.of(lease.deployment());
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    ClassLoader loader = context.getClassLoader();
    IntSupplier database = () -> context.getEnvironment()
        .getProperty("spring.data.redis.database", Integer.class, 0);
    if (ClassUtils.isPresent(BOOT_4_DETAILS, loader)) {
      beans.registerSingleton("cortadoDataRedisConnectionDetails",
          new BootFourTopologyDetails(details, database));
    }
    if (ClassUtils.isPresent(BOOT_3_DETAILS, loader)) {
      beans.registerSingleton("cortadoRedisConnectionDetails",
          new BootThreeTopologyDetails(details, database));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopologyContextCustomizer other && other.config.equals(config);
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
