package dev.cortado.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a Redis Cluster ({@link dev.cortado.CortadoCluster}) before the class's tests and stops it
 * after them; tests take it as a {@code CortadoCluster} parameter. Its data is emptied on every node
 * before each test (a topology a test changed, by failover or kill, stays changed).
 *
 * <pre>{@code
 * @EmbeddedRedisCluster(masters = 3, replicas = 1)
 * class CheckoutTest {
 *   @Test
 *   void routesByKey(CortadoCluster cluster) {
 *     JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()));
 *     ...
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TopologyExtension.class)
public @interface EmbeddedRedisCluster {
  /** Primaries, each with a share of the 16384 slots. */
  int masters() default 3;

  /** Replicas per primary. */
  int replicas() default 0;

  /** requirepass of every node; empty for none. */
  String password() default "";

  /** Seeds node ids and randomness. */
  long seed() default 1;

  /** Empty every node before each test (the default). */
  boolean resetBetweenTests() default true;
}
