package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.Transaction;

/**
 * MONITOR as a tool uses it, against redis-server and Cortado: Jedis's {@code monitor} reads the
 * lines another client's work produces (a transaction, a script and its commands, a redacted AUTH),
 * each with a time and the sending client's address.
 */
@Timeout(30)
class MonitorClientsTest {
    private static final Pattern LINE = Pattern.compile("(\\d+)\\.(\\d{6}) \\[(\\d+) ([^ \\]]+)\\] (.*)");

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedisMonitor_seesAnotherClientsWork(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (Jedis monitor = new Jedis(s.host(), s.port())) {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                        if (command.endsWith("\"ECHO\" \"stop\"")) {
                            client.disconnect();
                        }
                    }
                });
            } catch (RuntimeException e) {
                lines.add("failed: " + e);
            }
        }, "monitor-reader");
        reader.setDaemon(true);
        reader.start();
        try (Jedis jedis = new Jedis(s.host(), s.port())) {
            Matcher addr = Pattern.compile(" addr=(\\S+) ").matcher(jedis.clientInfo());
            assertThat(addr.find()).isTrue();
            String me = addr.group(1);
            awaitMonitoring(jedis, lines);
            jedis.set("mon:user", "alice");
            Transaction tx = jedis.multi();
            tx.incr("mon:n");
            tx.get("mon:user");
            tx.exec();
            jedis.eval("return redis.call('incrby', KEYS[1], ARGV[1])", List.of("mon:n"), List.of("5"));
            jedis.configGet("maxclients"); // admin: never shown
            try {
                jedis.auth("secret");
            } catch (RuntimeException expected) {
                // no password is configured: AUTH fails, and is still shown, redacted
            }
            jedis.echo("stop");

            List<String> got = new ArrayList<>();
            long[] lastMicros = {0};
            String line;
            do {
                line = lines.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("a monitor line, after " + got).isNotNull().doesNotStartWith("failed");
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                long micros = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
                assertThat(micros).as("times never go back").isGreaterThanOrEqualTo(lastMicros[0]);
                lastMicros[0] = micros;
                String client = m.group(4).equals("lua") ? "lua"
                        : m.group(4).equals(me) ? "me" : "other";
                got.add("[" + m.group(3) + " " + client + "] " + m.group(5));
            } while (!line.endsWith("\"ECHO\" \"stop\""));
            // Everything after the ready handshake, in Redis's order.
            assertThat(got.subList(got.indexOf("[0 me] \"SET\" \"mon:user\" \"alice\""), got.size()))
                    .containsExactly(
                            "[0 me] \"SET\" \"mon:user\" \"alice\"",
                            "[0 me] \"MULTI\"",
                            "[0 me] \"INCR\" \"mon:n\"",
                            "[0 me] \"GET\" \"mon:user\"",
                            "[0 me] \"EXEC\"",
                            "[0 me] \"EVAL\" \"return redis.call('incrby', KEYS[1], ARGV[1])\" \"1\" \"mon:n\" \"5\"",
                            "[0 lua] \"incrby\" \"mon:n\" \"5\"",
                            "[0 me] \"AUTH\" \"(redacted)\"",
                            "[0 me] \"ECHO\" \"stop\"");
        }
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
    }

    /** Until MONITOR is in force: ECHOes until one comes back as a line. */
    private static void awaitMonitoring(Jedis jedis, BlockingQueue<String> lines) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            jedis.echo("ready");
            String line = lines.poll(50, TimeUnit.MILLISECONDS);
            while (line != null) {
                if (line.endsWith("\"ECHO\" \"ready\"")) {
                    return;
                }
                line = lines.poll();
            }
        }
        throw new AssertionError("MONITOR never showed a line");
    }
}
