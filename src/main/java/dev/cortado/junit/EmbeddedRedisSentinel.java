package dev.cortado.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a Sentinel deployment ({@link dev.cortado.CortadoSentinel}: a primary, replicas and
 * Sentinels) before the class's tests and stops it after them; tests take it as a {@code
 * CortadoSentinel} parameter. The data nodes are emptied before each test (a failover a test made
 * stays made).
 *
 * <pre>{@code
 * @EmbeddedRedisSentinel(replicas = 1)
 * class FailoverTest {
 *   @Test
 *   void followsTheNewPrimary(CortadoSentinel sentinel) {
 *     try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", sentinel.sentinelAddresses())) {
 *       sentinel.failover();
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TopologyExtension.class)
public @interface EmbeddedRedisSentinel {
  /** The name the Sentinels monitor the primary under. */
  String masterName() default "mymaster";

  /** Replicas of the primary. */
  int replicas() default 1;

  /** Sentinels. */
  int sentinels() default 3;

  /** Sentinels that must agree the primary is down. */
  int quorum() default 2;

  /** requirepass of the primary and replicas; empty for none. */
  String password() default "";

  /** Seeds ids and randomness. */
  long seed() default 1;

  /** Empty every data node before each test (the default). */
  boolean resetBetweenTests() default true;
}
