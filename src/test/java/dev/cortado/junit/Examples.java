package dev.cortado.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs example test classes through the Jupiter engine, the way a user's build would, so tests can
 * check what the extension did. Example classes are marked {@link Example}: they run only here, not
 * when an IDE or the build picks them up on their own.
 */
final class Examples {
  static final String ENABLED = "cortado.examples.enabled";

  private Examples() {}

  static EngineExecutionResults run(Class<?>... classes) {
    return run(Map.of(), classes);
  }

  static EngineExecutionResults run(Map<String, String> configuration, Class<?>... classes) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
        .configurationParameter(ENABLED, "true")
        .configurationParameters(configuration);
    for (Class<?> c : classes) {
      kit.selectors(selectClass(c));
    }
    return kit.execute();
  }

  /** An example test class: skipped unless run by {@link Examples#run}. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @ExtendWith(OnlyInExamples.class)
  @interface Example {}

  static final class OnlyInExamples implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("run by Examples")
          : ConditionEvaluationResult.disabled("an example, run by Examples.run");
    }
  }
}
