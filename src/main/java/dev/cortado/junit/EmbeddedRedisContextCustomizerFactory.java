package dev.cortado.junit;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Spring's test framework asks it, for each test class, whether to customize the class's application
 * context: for a class annotated with {@link EmbeddedRedis} (or nested in one) it does, with the
 * embedded server's connection. Registered in {@code META-INF/spring.factories}, so it is loaded only
 * where Spring's test framework runs.
 */
final class EmbeddedRedisContextCustomizerFactory implements ContextCustomizerFactory {
  @Override
  public ContextCustomizer createContextCustomizer(Class<?> testClass,
      List<ContextConfigurationAttributes> configAttributes) {
    EmbeddedRedis config = TestContextAnnotationUtils.findMergedAnnotation(testClass,
        EmbeddedRedis.class);
    if (config != null) {
      return new EmbeddedRedisContextCustomizer(config);
    }
    EmbeddedRedisCluster cluster = TestContextAnnotationUtils.findMergedAnnotation(testClass,
        EmbeddedRedisCluster.class);
    if (cluster != null) {
      return new TopologyContextCustomizer(cluster);
    }
    EmbeddedRedisSentinel sentinel = TestContextAnnotationUtils.findMergedAnnotation(testClass,
        EmbeddedRedisSentinel.class);
    return sentinel == null ? null : new TopologyContextCustomizer(sentinel);
  }
}
