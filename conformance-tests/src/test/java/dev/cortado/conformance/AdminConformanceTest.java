package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * What needs servers of its own, each step on a redis-server and on the subject side by side:
 * CONFIG SET port and bind (a taken port keeps the old one, a free one moves the listener while
 * clients stay connected), SHUTDOWN (the connection closes), and ACL LOAD / ACL SAVE with an ACL
 * file. With {@code conformance.subject=redis} the subject is a second redis-server; a running
 * host:port subject cannot be given these settings, so the test is skipped then.
 */
@Timeout(60)
class AdminConformanceTest {

    /** A pair of fresh servers: Redis with {@code redisSettings}, the subject built by {@code cortado}. */
    private record Pair(Server redis, Server subject, CortadoServer cortado) implements AutoCloseable {
        List<Server> both() {
            return List.of(redis, subject);
        }

        @Override
        public void close() {
            redis.close();
            subject.close();
        }
    }

    private static Pair start(List<String> redisSettings,
            Function<CortadoServer.Builder, CortadoServer.Builder> cortado, List<String> subjectSettings) {
        String kind = System.getProperty("conformance.subject", "cortado").trim();
        Assumptions.assumeTrue(kind.isEmpty() || kind.equals("cortado") || kind.equals("redis"),
                "needs servers of its own");
        Server redis = RealRedis.start("redis-admin", redisSettings);
        if (kind.equals("redis")) {
            return new Pair(redis, RealRedis.start("redis-admin-2", subjectSettings), null);
        }
        CortadoServer c = cortado.apply(CortadoServer.builder().port(0)).build().start();
        return new Pair(redis, Server.of("cortado-admin", c), c);
    }

    private static String text(byte[] reply) {
        return Escape.bytes(reply);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void configSetPort_takenPortKeepsTheOldOne_freePortMovesTheListener() throws IOException {
        try (Pair p = start(List.of(), b -> b, List.of())) {
            for (Server s : p.both()) {
                int old = s.port();
                try (RespConnection c = RespConnection.to(s); ServerSocket taken = new ServerSocket(0)) {
                    byte[] refused = c.call("CONFIG", "SET", "port", String.valueOf(taken.getLocalPort()));
                    assertThat(text(refused)).as(s.name()).isEqualTo(text(("-ERR CONFIG SET failed (possibly "
                            + "related to argument 'port') - Unable to listen on this port. Check server "
                            + "logs.\r\n").getBytes(StandardCharsets.US_ASCII)));
                    assertThat(text(c.call("CONFIG", "GET", "port"))).as(s.name())
                            .isEqualTo(text(("*2\r\n$4\r\nport\r\n$" + String.valueOf(old).length() + "\r\n"
                                    + old + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                    assertThat(accepts(old)).as(s.name() + " still listens on " + old).isTrue();

                    int moved = freePort();
                    assertThat(text(c.call("CONFIG", "SET", "port", String.valueOf(moved)))).as(s.name())
                            .isEqualTo("+OK\\r\\n");
                    assertThat(text(c.call("PING"))).as(s.name() + ": the client stays connected")
                            .isEqualTo("+PONG\\r\\n");
                    try (RespConnection fresh = new RespConnection("127.0.0.1", moved)) {
                        assertThat(text(fresh.call("CONFIG", "GET", "port"))).as(s.name())
                                .contains(String.valueOf(moved));
                    }
                    assertThat(accepts(old)).as(s.name() + " stopped listening on " + old).isFalse();
                    if (s == p.subject() && p.cortado() != null) {
                        assertThat(p.cortado().port()).isEqualTo(moved);
                    }
                    // Errors of the value itself come first, as for any parameter.
                    List<String> errors = new ArrayList<>();
                    errors.add(text(c.call("CONFIG", "SET", "port", "abc")));
                    errors.add(text(c.call("CONFIG", "SET", "port", "70000")));
                    errors.add(text(c.call("CONFIG", "SET", "bind", "1.2.3.4")));
                    errors.add(text(c.call("CONFIG", "SET", "bind", "127.0.0.1")));
                    errors.add(text(c.call("CONFIG", "GET", "bind")));
                    assertThat(errors).as(s.name()).containsExactly(
                            "-ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be "
                                    + "parsed into an integer\\r\\n",
                            "-ERR CONFIG SET failed (possibly related to argument 'port') - argument must be "
                                    + "between 0 and 65535 inclusive\\r\\n",
                            "-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to "
                                    + "specified addresses.\\r\\n",
                            "+OK\\r\\n",
                            "*2\\r\\n$4\\r\\nbind\\r\\n$9\\r\\n127.0.0.1\\r\\n");
                    assertThat(text(c.call("PING"))).as(s.name()).isEqualTo("+PONG\\r\\n");
                }
            }
        }
    }

    @Test
    void shutdown_closesTheConnection_afterRefusingBadArguments() throws IOException {
        try (Pair p = start(List.of(), b -> b, List.of())) {
            for (Server s : p.both()) {
                try (RespConnection c = RespConnection.to(s)) {
                    assertThat(text(c.call("SHUTDOWN", "ABORT"))).as(s.name())
                            .isEqualTo("-ERR No shutdown in progress.\\r\\n");
                    assertThat(text(c.call("SHUTDOWN", "NOSAVE", "SAVE"))).as(s.name())
                            .isEqualTo("-ERR syntax error\\r\\n");
                    c.send(Commands.bytes("SHUTDOWN", "NOSAVE"));
                    assertThat(c.readUntilClose()).as(s.name() + ": no reply, the connection closes").isEmpty();
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (accepts(s.port()) && System.nanoTime() < deadline) {
                    sleep(20);
                }
                assertThat(accepts(s.port())).as(s.name() + " stopped listening").isFalse();
            }
            if (p.cortado() != null) {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (p.cortado().isRunning() && System.nanoTime() < deadline) {
                    sleep(20);
                }
                assertThat(p.cortado().isRunning()).isFalse();
            }
        }
    }

    @Test
    void shutdownThroughJedis() {
        try (Pair p = start(List.of(), b -> b, List.of())) {
            for (Server s : p.both()) {
                try (Jedis j = new Jedis(s.host(), s.port())) {
                    j.set("k", "v");
                    j.shutdown(); // Jedis expects the connection to close, not a reply
                }
            }
        }
    }

    @Test
    void aclLoadAndSave(@TempDir Path dir) throws IOException {
        Path redisFile = dir.resolve("redis.acl");
        Path subjectFile = dir.resolve("subject.acl");
        String initial = "user default on nopass ~* &* +@all\nuser alice on >pw ~app:* +get\n";
        Files.writeString(redisFile, initial);
        Files.writeString(subjectFile, initial);
        try (Pair p = start(List.of("--aclfile", redisFile.toString()), b -> b.aclFile(subjectFile),
                List.of("--aclfile", subjectFile.toString()))) {
            Path[] files = {redisFile, subjectFile};
            List<List<String>> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Server s = p.both().get(i);
                Path file = files[i];
                List<String> replies = new ArrayList<>();
                try (RespConnection c = RespConnection.to(s)) {
                    replies.add(text(c.call("ACL", "LIST")));
                    replies.add(text(c.call("ACL", "SETUSER", "bob", "on", ">x", "+set", "~*", "(+get ~y)")));
                    replies.add(text(c.call("ACL", "SAVE")));
                    replies.add(Files.readString(file));
                    for (String content : List.of(
                            "user default on nopass ~* &* +@all\nfoo bar\nuser alice on >pw ~app:* +nosuch\n\n"
                                    + "# comment\nuser\nuser alice on\nuser carol on badrule +x1 +get bad2 +x2\n"
                                    + "  user\tdan on\nUSER erin on\n",
                            "user alice on  nopass +@all\nuser  bob on\n",
                            "user alice on nopass ~a* +@read\r\n  \n user carol off (+get ~x) \n",
                            "user alice on >secret\nuser default on nopass ~* +@all\n")) {
                        Files.writeString(file, content);
                        replies.add(text(c.call("ACL", "LOAD")).replace(file.toString(), "FILE"));
                        replies.add(text(c.call("ACL", "LIST")));
                    }
                    Files.delete(file);
                    replies.add(text(c.call("ACL", "LOAD")).replace(file.toString(), "FILE"));
                    replies.add(text(c.call("ACL", "SAVE")));
                    replies.add(Files.readString(file));
                }
                seen.add(replies);
            }
            assertThat(seen.get(1)).isEqualTo(seen.get(0));
        }
    }

    @Test
    void aclFileThroughJedis(@TempDir Path dir) throws IOException {
        Path redisFile = dir.resolve("redis.acl");
        Path subjectFile = dir.resolve("subject.acl");
        Files.writeString(redisFile, "user default on nopass ~* &* +@all\n");
        Files.writeString(subjectFile, "user default on nopass ~* &* +@all\n");
        try (Pair p = start(List.of("--aclfile", redisFile.toString()), b -> b.aclFile(subjectFile),
                List.of("--aclfile", subjectFile.toString()))) {
            Path[] files = {redisFile, subjectFile};
            for (int i = 0; i < 2; i++) {
                Server s = p.both().get(i);
                try (Jedis j = new Jedis(s.host(), s.port())) {
                    assertThat(j.aclSetUser("app", "on", ">pw", "~app:*", "+@all")).isEqualTo("OK");
                    assertThat(j.aclSave()).as(s.name()).isEqualTo("OK");
                    j.aclDelUser("app");
                    assertThat(j.aclLoad()).as(s.name()).isEqualTo("OK");
                    assertThat(j.aclUsers()).as(s.name()).containsExactly("app", "default");
                    Files.writeString(files[i], "user app on >pw\nbad line\n");
                    org.assertj.core.api.Assertions.assertThatThrownBy(j::aclLoad).as(s.name())
                            .isInstanceOf(redis.clients.jedis.exceptions.JedisDataException.class)
                            .hasMessage("ERR " + files[i] + ":2 should start with user keyword followed by "
                                    + "the username. WARNING: ACL errors detected, no change to the "
                                    + "previously active ACL rules was performed");
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
