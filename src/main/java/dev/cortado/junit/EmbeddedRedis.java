package dev.cortado.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a Cortado server before the tests of the annotated class and stops it after them: one
 * server per class, on a free port, shared by the class's {@code @Nested} classes. Its data (and a
 * manual clock) are reset before each test unless {@link #resetBetweenTests()} is false.
 *
 * <pre>{@code
 * @EmbeddedRedis
 * class CartTest {
 *   @Test
 *   void addsAnItem(CortadoServer redis) {
 *     try (Jedis jedis = new Jedis(redis.host(), redis.port())) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>Test constructors, test methods and lifecycle methods can declare a {@code CortadoServer}, a
 * {@code ManualClock} (with {@link #manualClock()}), an {@code int} annotated {@link RedisPort} or a
 * {@code String} or {@code URI} annotated {@link RedisUri}. For a server per test, or to reach the
 * server from a field, register a {@link CortadoExtension} with {@code @RegisterExtension}.
 *
 * <p>On a Spring test class ({@code @SpringBootTest}, {@code @DataRedisTest}, ...) the annotation also
 * hands Spring Boot the server's connection details (host, port, user and password, TLS), so the
 * auto-configured connection factory talks to Cortado with no properties. Spring caches the
 * application context for later classes annotated alike, so there the server is not per class: one
 * server per distinct {@code @EmbeddedRedis} configuration runs while a test class or an open context
 * uses it, shared by those classes (as they share the context), and is still reset before each test.
 *
 * <pre>{@code
 * @EmbeddedRedis
 * @SpringBootTest
 * class GreetingServiceTest {
 *   @Autowired StringRedisTemplate redis;   // connected to Cortado
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CortadoExtension.class)
public @interface EmbeddedRedis {
  /** The value of {@link #seed()} that means "a different seed each run". */
  long RANDOM_SEED = Long.MIN_VALUE;

  /** The TCP port; 0 (the default) picks a free one, which parallel test classes need. */
  int port() default 0;

  /** The address to bind. */
  String bind() default "127.0.0.1";

  /** A password clients must AUTH with; none by default. */
  String password() default "";

  /**
   * ACL users, one a string: the name, the password, then ACL SETUSER rules, separated by spaces,
   * e.g. {@code "app secret ~app:* +@all"}. The user is on; a password of {@code nopass} declares
   * one without a password. Same as the server builder's {@code user(name, password, rules...)}.
   */
  String[] users() default {};

  /**
   * The user, one of {@link #users()}, as whom a Spring Boot application connects: its connection
   * details carry that name and password, as {@code spring.data.redis.username} and {@code password}
   * would. Empty (the default): the default user, with {@link #password()}.
   */
  String connectAs() default "";

  /**
   * Serves TLS only, with a self-signed certificate for localhost, 127.0.0.1 and ::1 that
   * {@code CortadoServer.tlsClientContext()} trusts; a Spring Boot application is handed an SSL bundle
   * that trusts it.
   */
  boolean tls() default false;

  /** Number of databases. */
  int databases() default 16;

  /** Seeds RANDOMKEY and other random choices, for the same answers each run. */
  long seed() default RANDOM_SEED;

  /** Runs the server on a {@code ManualClock} standing at the start time, injectable as a parameter. */
  boolean manualClock() default false;

  /** Where the manual clock starts, as an ISO-8601 instant ("2030-01-01T00:00:00Z"); implies it. */
  String clockStart() default "";

  /**
   * Empties every database and rewinds a manual clock before each test, so no test sees another's
   * data. As it happens before each test, data written in a {@code @BeforeAll} method is gone by the
   * first test: write fixtures in {@code @BeforeEach}, or set this to false to share them.
   */
  boolean resetBetweenTests() default true;

  /**
   * System properties set while the server runs and restored after, as {@code name=value}; the value
   * may use {@code {host}}, {@code {port}}, {@code {uri}} and {@code {password}}, e.g. for code that
   * reads its Redis address from a property. (Spring Boot needs none: see above.) System properties
   * are global to the JVM: do not combine them with test classes running in parallel.
   */
  String[] systemProperties() default {};
}
