package dev.cortado.junit;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;
import dev.cortado.mock.RedisMock;

import java.lang.reflect.Parameter;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link EmbeddedRedis}, also usable on its own with
 * {@code @RegisterExtension}. Where it is registered decides how long a server lives, as with
 * WireMock's extension:
 *
 * <pre>{@code
 * class PerClassTest {
 *   @RegisterExtension
 *   static CortadoExtension redis = CortadoExtension.builder().manualClock().build(); // one per class
 * }
 *
 * class PerTestTest {
 *   @RegisterExtension
 *   CortadoExtension redis = CortadoExtension.builder().build();                       // one per test
 * }
 * }</pre>
 *
 * <p>A server shared by several tests (a static field, or {@code @EmbeddedRedis}) is reset before each
 * test: every database emptied, a manual clock rewound to its start; {@link Builder#resetBetweenTests}
 * turns that off. {@code @Nested} classes share the server of their enclosing class. Each server is
 * kept in JUnit's {@link ExtensionContext.Store}, which stops it when its class or test is done.
 *
 * <p>Parameters it resolves: {@link CortadoServer}, {@link ManualClock} (when the server runs on one),
 * {@code @}{@link RedisPort} {@code int} and {@code @}{@link RedisUri} {@code String} or {@code URI}.
 * With JUnit's parallel execution, each test class running in parallel gets its own server on its own
 * free port. Tests of one class that run concurrently share that class's server, so for them turn the
 * reset off or use a server per test.
 */
public final class CortadoExtension implements BeforeAllCallback, BeforeEachCallback,
    ParameterResolver {
  private static final String KEY = "server";

  /** From a builder; null when registered by {@link EmbeddedRedis}, whose attributes then apply. */
  private final Settings configured;
  /** This registration's own slot in the store, so that two servers in one class stay apart. */
  private final Namespace namespace = Namespace.create(CortadoExtension.class, this);
  private volatile CortadoServer last;

  /** For {@code @ExtendWith}: settings come from the test class's {@link EmbeddedRedis}, if any. */
  public CortadoExtension() {
    this(null);
  }

  private CortadoExtension(Settings settings) {
    this.configured = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server this extension started last: the class's server, or the current test's when the
   * extension is an instance field.
   *
   * @throws IllegalStateException before the first server started
   */
  public CortadoServer server() {
    CortadoServer s = last;
    if (s == null) {
      throw new IllegalStateException(
          "no server yet: it starts before the first test (or before each, for an instance field)");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RunningServer running = find(context);
    if (running == null) {
      // Registered from an instance field: JUnit never called beforeAll, so this test has its own.
      start(context);
    } else if (running.settings.reset()) {
      running.server.reset();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(RedisPort.class)) {
      return check(type == int.class || type == Integer.class, parameter, "@RedisPort", "an int");
    }
    if (parameter.isAnnotated(RedisUri.class)) {
      return check(type == String.class || type == URI.class, parameter, "@RedisUri",
          "a String or a java.net.URI");
    }
    return type == CortadoServer.class || type == ManualClock.class || type == RedisMock.class;
  }

  private static boolean check(boolean ok, ParameterContext parameter, String annotation,
      String expected) {
    if (!ok) {
      Parameter p = parameter.getParameter();
      throw new ParameterResolutionException(annotation + " goes on " + expected + " parameter, not on "
          + p.getType().getSimpleName() + " " + p.getName() + " of "
          + p.getDeclaringExecutable());
    }
    return true;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    CortadoServer server = running(context).server;
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(RedisPort.class)) {
      return server.port();
    }
    if (parameter.isAnnotated(RedisUri.class)) {
      return type == URI.class ? URI.create(server.uri()) : server.uri();
    }
    if (type == RedisMock.class) {
      return server.mock();
    }
    if (type == ManualClock.class) {
      if (server.clock() instanceof ManualClock manual) {
        return manual;
      }
      throw new ParameterResolutionException("the embedded server runs on the system clock; ask for a"
          + " ManualClock with @EmbeddedRedis(manualClock = true) or CortadoExtension.builder()"
          + ".manualClock()");
    }
    return server;
  }

  /** The server for this context, started now (at this context's level) if there is none yet. */
  private RunningServer running(ExtensionContext context) {
    RunningServer running = find(context);
    return running != null ? running : start(context);
  }

  /** The server of this context or of an enclosing one (the store looks up the parents). */
  private RunningServer find(ExtensionContext context) {
    Object held = context.getStore(namespace).get(KEY);
    return held instanceof SharedServers.Lease lease ? lease.running() : (RunningServer) held;
  }

  private synchronized RunningServer start(ExtensionContext context) {
    RunningServer running = find(context);
    if (running != null) {
      return running;
    }
    EmbeddedRedis annotation = configured != null ? null : annotation(context);
    if (annotation != null && SpringTests.isSpringTest(context.getRequiredTestClass())) {
      // Spring may cache the application context for later classes: the server must outlive this one.
      SharedServers.Lease lease = SharedServers.acquire(annotation);
      context.getStore(namespace).put(KEY, lease);
      running = lease.running();
    } else {
      Settings settings = configured != null ? configured
          : annotation != null ? Settings.of(annotation) : Settings.DEFAULTS;
      running = new RunningServer(settings.start(), settings);
      context.getStore(namespace).put(KEY, running);
    }
    last = running.server;
    return running;
  }

  /** The nearest {@link EmbeddedRedis} on the test class or an enclosing class, or null. */
  private static EmbeddedRedis annotation(ExtensionContext context) {
    for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
      Optional<EmbeddedRedis> a = AnnotationSupport.findAnnotation(c, EmbeddedRedis.class);
      if (a.isPresent()) {
        return a.get();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    CortadoServer s = last;
    return "CortadoExtension[" + (s == null ? "not started" : s) + "]";
  }

  /** Settings of the servers a programmatic extension starts; the defaults are Redis's. */
  public static final class Builder {
    private int port;
    private String bind = "127.0.0.1";
    private String password;
    private int databases = 16;
    private long seed = EmbeddedRedis.RANDOM_SEED;
    private java.util.function.Supplier<Clock> clock = () -> null;
    private boolean reset = true;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private java.util.function.Consumer<CortadoServer.Builder> more = b -> { };

    private Builder() {}

    /** The TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to bind; 127.0.0.1 by default. */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** A password clients must AUTH with. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Number of databases, 16 by default. */
    public Builder databases(int databases) {
      this.databases = databases;
      return this;
    }

    /** Seeds RANDOMKEY and other random choices. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Runs each server on a new {@link ManualClock} standing at the current time. */
    public Builder manualClock() {
      this.clock = ManualClock::new;
      return this;
    }

    /** Runs each server on a new {@link ManualClock} standing at {@code start}. */
    public Builder manualClock(Instant start) {
      Objects.requireNonNull(start, "start");
      this.clock = () -> new ManualClock(start);
      return this;
    }

    /**
     * Runs every server on this clock, for instance a {@link ManualClock} the code under test reads
     * too. A reset rewinds a manual clock to its start.
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      this.clock = () -> clock;
      return this;
    }

    /** Whether a shared server is reset before each test (true by default). */
    public Builder resetBetweenTests(boolean reset) {
      this.reset = reset;
      return this;
    }

    /**
     * Sets a system property while the server runs, restored after; the value may use
     * {@code {host}}, {@code {port}}, {@code {uri}} and {@code {password}}, e.g.
     * {@code systemProperty("spring.data.redis.port", "{port}")}.
     */
    public Builder systemProperty(String name, String value) {
      systemProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Any other server setting, applied to each server's builder after the ones above, e.g.
     * {@code server(b -> b.tlsSelfSigned().journalLimit(0))}.
     */
    public Builder server(java.util.function.Consumer<CortadoServer.Builder> settings) {
      this.more = this.more.andThen(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    public CortadoExtension build() {
      return new CortadoExtension(new Settings(port, bind, password, databases, seed, clock, reset,
          Map.copyOf(systemProperties), more));
    }
  }
}
