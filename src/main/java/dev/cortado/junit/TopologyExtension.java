package dev.cortado.junit;

import dev.cortado.CortadoCluster;
import dev.cortado.CortadoSentinel;

import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link EmbeddedRedisCluster} and {@link EmbeddedRedisSentinel}: one
 * deployment per annotated class (shared by its {@code @Nested} classes), kept in JUnit's store so
 * JUnit stops it however the class ends, and emptied before each test.
 */
final class TopologyExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(TopologyExtension.class);

  /**
   * A started deployment JUnit closes with its class: the deployment itself, or a Spring test
   * class's lease on a shared one (a cached application context may still use it).
   */
  @SuppressWarnings("deprecation")
  private record Held(AutoCloseable deployment, AutoCloseable closer, boolean reset)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      closer.close();
    }
  }

  /** Starts the deployment an annotation describes. */
  static AutoCloseable startFor(java.lang.annotation.Annotation config) {
    if (config instanceof EmbeddedRedisCluster a) {
      CortadoCluster.Builder b = CortadoCluster.builder().masters(a.masters())
          .replicas(a.replicas()).seed(a.seed());
      if (!a.password().isEmpty()) {
        b.password(a.password());
      }
      return b.build().start();
    }
    EmbeddedRedisSentinel a = (EmbeddedRedisSentinel) config;
    CortadoSentinel.Builder b = CortadoSentinel.builder().masterName(a.masterName())
        .replicas(a.replicas()).sentinels(a.sentinels()).quorum(a.quorum()).seed(a.seed());
    if (!a.password().isEmpty()) {
      b.password(a.password());
    }
    return b.build().start();
  }

  private static Held hold(ExtensionContext context, java.lang.annotation.Annotation config,
      boolean reset) {
    if (SpringTests.isSpringTest(context.getRequiredTestClass())) {
      SharedTopologies.Lease lease = SharedTopologies.acquire(config);
      return new Held(lease.deployment(), lease, reset);
    }
    AutoCloseable deployment = startFor(config);
    return new Held(deployment, deployment, reset);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context, CortadoCluster.class);
    start(context, CortadoSentinel.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Class<?> type : new Class<?>[] {CortadoCluster.class, CortadoSentinel.class}) {
      Held held = context.getStore(NAMESPACE).get(type, Held.class);
      if (held != null && held.reset()) {
        if (held.deployment() instanceof CortadoCluster cluster) {
          cluster.reset();
        } else if (held.deployment() instanceof CortadoSentinel sentinel) {
          sentinel.reset();
        }
      }
    }
  }

  private static void start(ExtensionContext context, Class<?> type) {
    if (context.getStore(NAMESPACE).get(type) != null) {
      return; // an enclosing class's deployment serves its @Nested classes
    }
    if (type == CortadoCluster.class) {
      find(context, EmbeddedRedisCluster.class).ifPresent(a -> context.getStore(NAMESPACE)
          .put(type, hold(context, a, a.resetBetweenTests())));
    } else {
      find(context, EmbeddedRedisSentinel.class).ifPresent(a -> context.getStore(NAMESPACE)
          .put(type, hold(context, a, a.resetBetweenTests())));
    }
  }

  private static <A extends java.lang.annotation.Annotation> Optional<A> find(
      ExtensionContext context, Class<A> annotation) {
    for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
      Optional<A> a = AnnotationSupport.findAnnotation(c, annotation);
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return (type == CortadoCluster.class || type == CortadoSentinel.class)
        && context.getStore(NAMESPACE).get(type) != null;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(parameter.getParameter().getType(), Held.class)
        .deployment();
  }
}
