/**
 * JUnit 5 support: {@link dev.cortado.junit.EmbeddedRedis} on a test class starts a server for it;
 * {@link dev.cortado.junit.CortadoExtension} does the same from a {@code @RegisterExtension} field,
 * per class (static field) or per test (instance field). Servers are reset between tests, injected
 * as parameters, and stopped by JUnit's extension store.
 *
 * <p>Spring: on a Spring test class, {@code @EmbeddedRedis} also supplies Spring Boot's Redis connection
 * details (Boot 3.1+ and 4), through a context customizer Spring's test framework finds in
 * {@code META-INF/spring.factories}. Spring is an optional, provided dependency: without it the
 * customizer is never loaded.
 *
 * <p>Compiled against the JUnit Jupiter 5 API and tested on JUnit 5 and 6. Cortado declares JUnit as
 * a provided dependency: this package works with whatever JUnit Jupiter the test classpath has.
 */
package dev.cortado.junit;
