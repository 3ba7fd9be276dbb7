package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire protocol byte for byte: inline commands, pipelining, split writes, and protocol errors,
 * after which Redis replies once and closes the connection. Every request goes to both servers;
 * the oracle's answer is also pinned as a literal, so a changed oracle cannot pass silently.
 */
class ProtocolTest {

    private static Server reference;
    private static Server subject;

    @BeforeAll
    static void servers() {
        reference = Servers.reference();
        subject = Servers.subject();
    }

    static Stream<Arguments> inlineCommands() {
        return Stream.of(
                Arguments.of("PING\r\n", "+PONG\r\n"),
                Arguments.of("PING\n", "+PONG\r\n"),
                Arguments.of("ping\r\n", "+PONG\r\n"),
                Arguments.of("   PING   \r\n", "+PONG\r\n"),
                Arguments.of("\r\n\r\nPING\r\n", "+PONG\r\n"),
                Arguments.of("PING hello\r\n", "$5\r\nhello\r\n"),
                Arguments.of("SET a \"b c\"\nGET a\n", "+OK\r\n$3\r\nb c\r\n"),
                Arguments.of("ECHO 'a b'\r\n", "$3\r\na b\r\n"),
                Arguments.of("ECHO 'a\"b'\r\n", "$3\r\na\"b\r\n"),
                Arguments.of("ECHO \"a\\x41\\n\\t\"\r\n", "$4\r\naA\n\t\r\n"),
                Arguments.of("ECHO \"\"\r\n", "$0\r\n\r\n"),
                Arguments.of("ECHO a   b\r\n", "-ERR wrong number of arguments for 'echo' command\r\n"),
                // "$4" alone on a line is an inline command named "$4"
                Arguments.of("$4\r\nPING\r\n", "-ERR unknown command '$4', with args beginning with: \r\n+PONG\r\n"),
                // an empty or negative multibulk count is skipped, not an error
                Arguments.of("*0\r\nPING\r\n", "+PONG\r\n"),
                Arguments.of("*-1\r\nPING\r\n", "+PONG\r\n"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("inlineCommands")
    void inlineCommand(String request, String expected) throws IOException {
        byte[] req = latin1(request);
        int frames = countFrames(latin1(expected));
        byte[] redis = exchange(reference, req, frames);
        assertThat(show(redis)).as("the oracle's reply (fix the test)").isEqualTo(show(latin1(expected)));
        assertThat(show(exchange(subject, req, frames))).as(describe(request)).isEqualTo(show(redis));
    }

    static Stream<Arguments> protocolErrors() {
        return Stream.of(
                Arguments.of("*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n"),
                Arguments.of("*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
                Arguments.of("*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
                Arguments.of("*1\r\nfoo\r\n", "-ERR Protocol error: expected '$', got 'f'\r\n"),
                Arguments.of("*2\r\n$4\r\nPING\r\n:1\r\n", "-ERR Protocol error: expected '$', got ':'\r\n"),
                Arguments.of("\"unbalanced\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
                Arguments.of("ECHO \"a\"b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
                Arguments.of("ECHO 'a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"),
                // proto-max-bulk-len is 512 MiB: a longer bulk is refused before any payload is read
                Arguments.of("*1\r\n$600000000\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
                Arguments.of("*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n"),
                // replies to the commands before the error still arrive, in order
                Arguments.of("PING\r\n*1\r\n$4\r\nPING\r\n*abc\r\n*1\r\n$4\r\nPING\r\n",
                        "+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("protocolErrors")
    void protocolErrorRepliesAndCloses(String request, String expected) throws IOException {
        assertSameUntilClose(request, latin1(request), latin1(expected));
    }

    @Test
    void tooBigInlineRequest() throws IOException {
        // Redis allows 64 KiB of inline request without a newline, then gives up.
        byte[] req = latin1("a".repeat(70_000));
        assertSameUntilClose("70000 x 'a', no newline", req,
                latin1("-ERR Protocol error: too big inline request\r\n"));
    }

    @Test
    void tooBigInlineRequestAfterAReply() throws IOException {
        byte[] req = latin1("PING\r\n" + "a".repeat(70_000));
        assertSameUntilClose("PING then 70000 x 'a'", req,
                latin1("+PONG\r\n-ERR Protocol error: too big inline request\r\n"));
    }

    @Test
    void tooBigMultibulkCount() throws IOException {
        byte[] req = latin1("*" + "1".repeat(70_000));
        assertSameUntilClose("'*' then 70000 digits", req,
                latin1("-ERR Protocol error: too big mbulk count string\r\n"));
    }

    @Test
    void tooBigBulkCount() throws IOException {
        byte[] req = latin1("*1\r\n$" + "1".repeat(70_000));
        assertSameUntilClose("'$' then 70000 digits", req,
                latin1("-ERR Protocol error: too big bulk count string\r\n"));
    }

    @Test
    void inlineRequestOfExactly64KiBIsAccepted() throws IOException {
        // 65536 bytes without a newline is still within the limit; the newline then completes it.
        String name = "x".repeat(65_536);
        byte[] req = latin1(name + "\r\n");
        String expected = "-ERR unknown command '" + "x".repeat(128) + "', with args beginning with: \r\n";
        byte[] redis = exchange(reference, req, 1);
        assertThat(show(redis)).as("the oracle's reply (fix the test)").isEqualTo(show(latin1(expected)));
        assertThat(show(exchange(subject, req, 1))).isEqualTo(show(redis));
    }

    @Test
    void pipelineOfManyCommandsInOneWrite() throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        int n = 0;
        req.writeBytes(RespConnection.encode(Commands.bytes("FLUSHALL")));
        n++;
        for (int i = 0; i < 500; i++) {
            req.writeBytes(RespConnection.encode(Commands.bytes("SET", "k" + i, "v" + i)));
            req.writeBytes(RespConnection.encode(Commands.bytes("INCR", "counter")));
            req.writeBytes(RespConnection.encode(Commands.bytes("GET", "k" + i)));
            n += 3;
        }
        // inline and multibulk mixed in one stream
        req.writeBytes(latin1("DBSIZE\r\nGET counter\r\nECHO \"end\"\r\n"));
        n += 3;
        byte[] all = req.toByteArray();
        byte[] redis = exchange(reference, all, n);
        assertThat(show(exchange(subject, all, n))).isEqualTo(show(redis));
    }

    @Test
    void commandSplitIntoOneByteWrites() throws IOException {
        byte[] req = concat(
                RespConnection.encode(Commands.bytes("SET", "split", "a\r\nb")),
                RespConnection.encode(Commands.bytes("GET", "split")),
                latin1("ECHO 'inline split'\r\n"),
                RespConnection.encode(Commands.bytes("DEL", "split")));
        assertThat(show(dribble(subject, req, 4))).isEqualTo(show(dribble(reference, req, 4)));
    }

    @Test
    void largeValueRoundTrip() throws IOException {
        byte[] value = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31 + 7);
        }
        byte[][] set = {latin1("SET"), latin1("big"), value};
        byte[][] get = {latin1("GET"), latin1("big")};
        byte[][] strlen = {latin1("STRLEN"), latin1("big")};
        byte[][] del = {latin1("DEL"), latin1("big")};
        for (Server s : List.of(reference, subject)) {
            try (RespConnection c = RespConnection.to(s)) {
                assertThat(show(c.call(set))).as(s.name()).isEqualTo("+OK\\r\\n");
                byte[] got = c.call(get);
                assertThat(got).as(s.name() + ": GET big returns the same bytes")
                        .isEqualTo(concat(latin1("$" + value.length + "\r\n"), value, latin1("\r\n")));
                assertThat(show(c.call(strlen))).as(s.name()).isEqualTo(":" + value.length + "\\r\\n");
                c.call(del);
            }
        }
    }

    @Test
    void quitRepliesOkAndCloses() throws IOException {
        byte[] req = latin1("*1\r\n$4\r\nQUIT\r\n");
        assertSameUntilClose("QUIT", req, latin1("+OK\r\n"));
    }

    // --- helpers

    private void assertSameUntilClose(String what, byte[] request, byte[] expected) throws IOException {
        byte[] redis = untilClose(reference, request);
        assertThat(show(redis)).as("the oracle's reply to " + describe(what) + " (fix the test)")
                .isEqualTo(show(expected) + "<closed>");
        byte[] actual = untilClose(subject, request);
        assertThat(show(actual)).as("reply to " + describe(what) + ", then the connection must close")
                .isEqualTo(show(redis));
    }

    /** What the server sends until it closes; a server that keeps the connection open fails. */
    private static byte[] untilClose(Server s, byte[] request) throws IOException {
        // Redis closes at once; two seconds of silence means the server kept the connection open.
        try (RespConnection c = new RespConnection(s.host(), s.port(), java.time.Duration.ofSeconds(2))) {
            c.sendRaw(request);
            try {
                return concat(c.readUntilClose(), latin1("<closed>"));
            } catch (java.net.SocketTimeoutException e) {
                return latin1(s.name() + " kept the connection open: " + e.getMessage());
            }
        }
    }

    /** Sends the bytes in one write and reads {@code frames} replies. */
    private static byte[] exchange(Server s, byte[] request, int frames) throws IOException {
        try (RespConnection c = RespConnection.to(s)) {
            c.sendRaw(request);
            return readFrames(c, frames, s);
        }
    }

    /** Sends the bytes one at a time, flushing each, and reads {@code frames} replies. */
    private static byte[] dribble(Server s, byte[] request, int frames) throws IOException {
        try (RespConnection c = RespConnection.to(s)) {
            for (byte b : request) {
                c.sendRaw(new byte[] {b});
            }
            return readFrames(c, frames, s);
        }
    }

    private static byte[] readFrames(RespConnection c, int frames, Server s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            try {
                out.writeBytes(c.readReply());
            } catch (IOException e) {
                out.writeBytes(latin1("<" + s.name() + ": reply " + (i + 1) + " of " + frames + " missing: "
                        + e.getMessage() + ">"));
                break;
            }
        }
        return out.toByteArray();
    }

    private static int countFrames(byte[] replies) throws IOException {
        RespReader r = new RespReader(new java.io.ByteArrayInputStream(replies));
        int n = 0;
        while (true) {
            try {
                r.readFrame();
                n++;
            } catch (java.io.EOFException end) {
                return n;
            }
        }
    }

    private static String describe(String request) {
        String s = Escape.bytes(latin1(request));
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String show(byte[] b) {
        return Escape.bytes(b, 600);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
