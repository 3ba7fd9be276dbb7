package dev.cortado.junit;

import static dev.cortado.junit.CortadoExtensionLifecycleTest.assertAllPassed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.Examples.Example;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * {@code @EmbeddedRedis} on a Spring test class: the server lives as long as a cached application
 * context uses it, classes annotated alike share both, and each test still starts empty.
 */
class SpringContextSharingTest {
  record Seen(String test, CortadoServer server, ApplicationContext context, String details) {}

  static final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  static void see(String test, CortadoServer server, ApplicationContext context) {
    // The bean Boot's auto-configuration would use: its toString names the server it points at.
    String details = null;
    for (String name : new String[] {"cortadoRedisConnectionDetails",
        "cortadoDataRedisConnectionDetails"}) {
      if (context != null && context.containsBean(name)) {
        details = context.getBean(name).toString();
      }
    }
    seen.add(new Seen(test, server, context, details));
  }

  @Configuration
  static class NoBeans {}

  @Example
  @EmbeddedRedis(databases = 7)
  @SpringJUnitConfig(NoBeans.class)
  static class FirstClass {
    @Autowired
    ApplicationContext context;

    @Test
    void writes(CortadoServer server) {
      see("first", server, context);
      assertThat(server.data().keys()).isEmpty();
      server.data().set("left-by", "first");
    }

    @Test
    void writesAgain(CortadoServer server) {
      see("first", server, context);
      assertThat(server.data().keys()).isEmpty();
      server.data().set("left-by", "first");
    }
  }

  /** Test instance per class: Spring builds the context before the extension's beforeAll. */
  @Example
  @EmbeddedRedis(databases = 7)
  @SpringJUnitConfig(NoBeans.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class SecondClass {
    @Autowired
    ApplicationContext context;

    @Test
    void seesNothingOfTheFirst(CortadoServer server) {
      see("second", server, context);
      assertThat(server.data().keys()).isEmpty();
      server.data().set("left-by", "second");
    }
  }

  /** Same configuration, and it closes the shared context when done. */
  @Example
  @EmbeddedRedis(databases = 7)
  @SpringJUnitConfig(NoBeans.class)
  @DirtiesContext
  static class LastClass {
    @Autowired
    ApplicationContext context;

    @Test
    void last(CortadoServer server) {
      see("last", server, context);
      assertThat(server.data().keys()).isEmpty();
    }
  }

  @Example
  @EmbeddedRedis(databases = 8)
  @SpringJUnitConfig(NoBeans.class)
  @DirtiesContext
  static class OtherConfiguration {
    @Autowired
    ApplicationContext context;

    @Test
    void other(CortadoServer server) {
      see("other", server, context);
    }
  }

  @Example
  @EmbeddedRedis(databases = 9)
  @SpringJUnitConfig(NoBeans.class)
  @DirtiesContext
  static class Outer {
    @Autowired
    ApplicationContext context;

    @Test
    void outer(CortadoServer server) {
      see("outer", server, context);
      server.data().set("left-by", "outer");
    }

    @Nested
    class Inner {
      @Test
      void inner(CortadoServer server) {
        see("inner", server, context);
        assertThat(server.data().keys()).isEmpty();
      }
    }
  }

  /** A team's own test annotation, composed of Spring's and Cortado's. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @EmbeddedRedis(databases = 10)
  @SpringJUnitConfig(NoBeans.class)
  @DirtiesContext
  @interface IntegrationTest {}

  @Example
  @IntegrationTest
  static class Composed {
    @Autowired
    ApplicationContext context;

    @Test
    void composed(CortadoServer server) {
      see("composed", server, context);
    }
  }

  @Example
  @EmbeddedRedis(databases = 7)
  static class NotSpring {
    @Test
    void plain(CortadoServer server) {
      see("plain", server, null);
    }
  }

  private static List<Seen> run(Class<?>... examples) {
    seen.clear();
    assertAllPassed(Examples.run(examples));
    return new ArrayList<>(seen);
  }

  @Test
  void classesAnnotatedAlikeShareTheCachedContextAndItsServer() {
    List<Seen> runs = run(FirstClass.class, SecondClass.class);
    assertThat(runs).hasSize(3);
    CortadoServer server = runs.get(0).server();
    ApplicationContext context = runs.get(0).context();
    for (Seen s : runs) {
      assertThat(s.server()).as(s.test()).isSameAs(server);
      assertThat(s.context()).as(s.test()).isSameAs(context);
    }
    // Both classes are done, but the cached context still points at the server: it keeps running.
    assertThat(server.isRunning()).isTrue();
    assertThat(runs.get(0).details()).isEqualTo("Cortado " + server.uri());

    // A later class finds the same context and server; its @DirtiesContext closes the context,
    // which was the last holder: the server stops.
    List<Seen> later = run(LastClass.class);
    assertThat(later.get(0).server()).isSameAs(server);
    assertThat(later.get(0).context()).isSameAs(context);
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void anotherConfigurationGetsItsOwnServerAndAPlainClassStillItsOwn() {
    List<Seen> runs = run(OtherConfiguration.class, NotSpring.class);
    assertThat(runs).extracting(Seen::test).containsExactly("other", "plain");
    assertThat(runs.get(0).server()).isNotSameAs(runs.get(1).server());
    // The plain class's server stopped with its class, the other one with its dirtied context.
    assertThat(runs.get(0).server().isRunning()).isFalse();
    assertThat(runs.get(1).server().isRunning()).isFalse();
  }

  @Test
  void aNestedClassSharesItsEnclosingClassesServerAndContext() {
    List<Seen> runs = run(Outer.class);
    assertThat(runs).extracting(Seen::test).containsExactlyInAnyOrder("outer", "inner");
    assertThat(runs.get(0).server()).isSameAs(runs.get(1).server());
    assertThat(runs.get(0).context()).isSameAs(runs.get(1).context());
    assertThat(runs.get(0).server().isRunning()).isFalse();
  }

  @Test
  void aComposedAnnotationGivesTheContextTheClassesServer() {
    List<Seen> runs = run(Composed.class);
    Seen composed = runs.get(0);
    assertThat(composed.details()).isEqualTo("Cortado " + composed.server().uri());
    assertThat(composed.server().isRunning()).isFalse();
  }

  @Test
  void theCustomizerIsTheContextCacheKey() {
    EmbeddedRedisContextCustomizerFactory factory = new EmbeddedRedisContextCustomizerFactory();
    Object first = factory.createContextCustomizer(FirstClass.class, List.of());
    assertThat(first)
        .isEqualTo(factory.createContextCustomizer(LastClass.class, List.of()))
        .hasSameHashCodeAs(factory.createContextCustomizer(LastClass.class, List.of()))
        .isNotEqualTo(factory.createContextCustomizer(OtherConfiguration.class, List.of()));
    assertThat(factory.createContextCustomizer(SpringContextSharingTest.class, List.of())).isNull();
  }
}
