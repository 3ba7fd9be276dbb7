package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A script running past busy-reply-threshold, seen from another client: BUSY for most commands,
 * SCRIPT KILL and FUNCTION KILL with their refusals, FUNCTION STATS naming the running script, a
 * transaction doomed by a BUSY, and a script that wrote which no KILL stops. The same steps run on a
 * redis-server and a Cortado of this test's own (each with a 100 ms threshold); their raw replies
 * must be equal, and a few are checked outright so that two equally wrong servers still fail.
 */
class BusyScriptTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** A script pcall cannot save from SCRIPT KILL: after a kill, every instruction raises. */
    private static final String SPIN =
            "while true do pcall(function() while true do end end) end";
    private static final String LIBRARY = "#!lua name=busy\n"
            + "redis.register_function('spin', function() while true do end end)";

    private static TestServers.Endpoint redis;
    private static TestServers.Endpoint cortado;

    @BeforeAll
    static void start() {
        redis = TestServers.startReference("busy-redis");
        cortado = TestServers.startSubject("busy-subject");
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (cortado != null) {
            cortado.close();
        }
    }

    @Test
    void evalKilledBySCRIPT_KILL() throws Exception {
        List<String> expected = killableEval(redis);
        assertThat(killableEval(cortado)).containsExactlyElementsOf(expected);
        assertThat(expected.get(0)).isEqualTo(
                "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    }

    @Test
    void functionKilledByFUNCTION_KILL() throws Exception {
        List<String> expected = killableFunction(redis);
        assertThat(killableFunction(cortado)).containsExactlyElementsOf(expected);
        assertThat(expected.get(0)).startsWith("-BUSY").contains("FUNCTION KILL");
    }

    @Test
    void aScriptThatWroteCannotBeKilled() throws Exception {
        List<String> expected = unkillable(redis);
        assertThat(unkillable(cortado)).containsExactlyElementsOf(expected);
        assertThat(expected.get(1)).startsWith("-UNKILLABLE");
    }

    private static List<String> killableEval(TestServers.Endpoint server) throws Exception {
        List<String> out = new ArrayList<>();
        try (RespConnection a = new RespConnection(server.host(), server.port(), LONG);
                RespConnection b = new RespConnection(server.host(), server.port(), LONG)) {
            b.call("CONFIG", "SET", "busy-reply-threshold", "100");
            a.send(Commands.bytes("EVAL", SPIN, "0"));
            out.add(untilBusy(b));
            out.add(text(b.call("GET", "k")));
            out.add(text(b.call("FUNCTION", "KILL")));
            out.add(withoutDuration(text(b.call("FUNCTION", "STATS"))));
            out.add(text(b.call("MULTI")));
            out.add(text(b.call("SET", "x", "1")));
            out.add(text(b.call("WATCH", "x")));
            out.add(text(b.call("EXEC"))); // EXEC itself is refused: it ends the transaction
            out.add(text(b.call("SCRIPT", "KILL")));
            out.add(text(a.readReply()));
            out.add(text(b.call("EXEC")));
            out.add(text(b.call("EXISTS", "x")));
            out.add(text(b.call("SCRIPT", "KILL")));
            out.add(text(a.call("PING")));
        }
        return out;
    }

    private static List<String> killableFunction(TestServers.Endpoint server) throws Exception {
        List<String> out = new ArrayList<>();
        try (RespConnection a = new RespConnection(server.host(), server.port(), LONG);
                RespConnection b = new RespConnection(server.host(), server.port(), LONG)) {
            b.call("CONFIG", "SET", "busy-reply-threshold", "100");
            b.call("FUNCTION", "LOAD", "REPLACE", LIBRARY);
            b.call("HELLO", "3");
            a.send(Commands.bytes("FCALL", "spin", "1", "key"));
            out.add(untilBusy(b));
            out.add(text(b.call("SCRIPT", "KILL")));
            out.add(withoutDuration(text(b.call("FUNCTION", "STATS"))));
            out.add(text(b.call("FUNCTION", "KILL")));
            out.add(text(a.readReply()));
            out.add(text(b.call("FUNCTION", "KILL")));
            out.add(withoutDuration(text(b.call("FUNCTION", "STATS"))));
        }
        return out;
    }

    private static List<String> unkillable(TestServers.Endpoint server) throws Exception {
        List<String> out = new ArrayList<>();
        try (RespConnection a = new RespConnection(server.host(), server.port(), LONG);
                RespConnection b = new RespConnection(server.host(), server.port(), LONG)) {
            b.call("CONFIG", "SET", "busy-reply-threshold", "100");
            b.call("DEL", "w");
            // Busy for long enough on either server (about a second), then done by itself.
            a.send(Commands.bytes("EVAL", "redis.call('incr', KEYS[1]) local i = 0 while i < 80000000 do i = i + 1 end return i", "1", "w"));
            out.add(untilBusy(b));
            out.add(text(b.call("SCRIPT", "KILL")));
            out.add(text(b.call("FUNCTION", "KILL")));
            out.add(text(a.readReply()));
            out.add(text(b.call("GET", "w")));
        }
        return out;
    }

    /** PING until the server answers BUSY (the script may not have started, or not be busy yet). */
    private static String untilBusy(RespConnection b) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String reply = text(b.call("PING"));
            if (reply.startsWith("-BUSY")) {
                return reply;
            }
            assertThat(reply).isEqualTo("+PONG");
            Thread.sleep(20);
        }
        throw new AssertionError("never BUSY");
    }

    private static String withoutDuration(String reply) {
        return reply.replaceAll("duration_ms\r\n:\\d+", "duration_ms\r\n:N");
    }

    private static String text(byte[] frame) {
        String s = new String(frame, StandardCharsets.ISO_8859_1);
        return s.endsWith("\r\n") && s.indexOf("\r\n") == s.length() - 2
                ? s.substring(0, s.length() - 2) : s;
    }
}
