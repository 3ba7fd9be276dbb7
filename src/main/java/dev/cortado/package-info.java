/**
 * Cortado's public API: {@link dev.cortado.CortadoServer} (build, start, stop, connect),
 * {@link dev.cortado.RedisData} (read and write a database directly, without the network) and
 * {@link dev.cortado.ManualClock} (move the server's time by hand to test TTLs).
 *
 * <p>Everything in the other packages is the implementation and may change in any release, except
 * {@code dev.cortado.junit} (the JUnit 5 extension) and {@code dev.cortado.assertj} (AssertJ
 * assertions), which are public API too.
 */
package dev.cortado;
