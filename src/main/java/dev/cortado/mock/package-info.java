/**
 * The mock layer at the wire: stubs that answer chosen commands with any reply, error or fault
 * (delay, closed or reset connection, silence, garbled or truncated frames), a journal of every
 * command received, and verification with near-miss messages. It sits in the server, so one test
 * works with Jedis, Lettuce, Redisson or Spring Data Redis, pipelines and MULTI/EXEC included.
 *
 * <pre>{@code
 * import static dev.cortado.mock.Mock.*;
 *
 * redis.mock().when(command("GET", "user:1")).thenReturn(LOADING, LOADING, passThrough());
 * ... code under test ...
 * redis.mock().verify(times(3), command("GET", "user:1"));
 * }</pre>
 *
 * <p>Start at {@link dev.cortado.mock.Mock} (the factories to import statically) and
 * {@link dev.cortado.mock.RedisMock} (a server's stubs and journal, from
 * {@code CortadoServer.mock()}). {@link dev.cortado.mock.MockSupport} is for Cortado's own use.
 */
package dev.cortado.mock;
