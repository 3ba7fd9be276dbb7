package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * WATCH across two clients, which case files (one connection per case) cannot express. Client A
 * watches, client B writes; each of them is a {@link DualConnection}, so both servers see the same
 * two clients and every reply, B's included, must agree. Runs in RESP2 and RESP3 (A's EXEC answers
 * {@code *-1} or {@code _}).
 */
class WatchConformanceTest {

    private static Server reference;
    private static Server subject;

    @BeforeAll
    static void servers() {
        reference = Servers.reference();
        subject = Servers.subject();
    }

    /**
     * Setup by B, WATCH k by A (in database 0), then B's write. Commands are space-separated and
     * joined by " | "; "" is the empty string; "sleep N" waits N ms. Whether EXEC fails is the
     * oracle's business: the subject must simply agree.
     */
    static Stream<Arguments> writesByAnotherClient() {
        List<String[]> cases = List.of(
                new String[] {"", "SET k 1"},
                new String[] {"SET k 1", "SET k 1"},
                new String[] {"SET k 1", "SETNX k 2"},
                new String[] {"SET k 1", "SET k 2 NX"},
                new String[] {"", "SET k 2 XX"},
                new String[] {"", "DEL k"},
                new String[] {"SET k 1", "DEL k"},
                new String[] {"SET k 1", "UNLINK k"},
                new String[] {"", "EXPIRE k 100"},
                new String[] {"SET k 1", "EXPIRE k 100"},
                new String[] {"SET k 1 EX 100", "EXPIRE k 200 NX"},
                new String[] {"SET k 1", "EXPIRE k -1"},
                new String[] {"SET k 1", "PERSIST k"},
                new String[] {"SET k 1 EX 100", "PERSIST k"},
                new String[] {"SET k 1", "INCRBY k 0"},
                new String[] {"SET k x", "INCR k"},
                new String[] {"SET k 1", "APPEND k \"\""},
                new String[] {"", "APPEND k \"\""},
                new String[] {"SET k 1", "SETRANGE k 0 \"\""},
                new String[] {"SET k 1", "GETEX k PERSIST"},
                new String[] {"SET k 1 EX 100", "GETEX k PERSIST"},
                new String[] {"SET k 1", "GETEX k EX 100"},
                new String[] {"SET k 1", "GETDEL k"},
                new String[] {"SET k 1", "MSETNX k 2 j 3"},
                new String[] {"", "MSET j 1 k 2"},
                new String[] {"SET k 1", "GET k"},
                new String[] {"SET k 1", "RENAME k j"},
                new String[] {"SET j 1", "RENAME j k"},
                new String[] {"SET j 1 | SET k 1", "RENAMENX j k"},
                new String[] {"SET k 1", "MOVE k 1"},
                new String[] {"SELECT 1 | SET k 1", "SELECT 1 | MOVE k 0"},
                new String[] {"SET j 1", "COPY j k"},
                new String[] {"SET j 1 | SET k 1", "COPY j k"},
                new String[] {"SET j 1 | SET k 1", "COPY j k REPLACE"},
                new String[] {"SELECT 1 | SET j 1", "SELECT 1 | COPY j k DB 0"},
                new String[] {"SET x 1", "FLUSHDB"},
                new String[] {"SET k 1", "FLUSHDB"},
                new String[] {"SELECT 1 | SET k 1", "SELECT 1 | FLUSHDB"},
                new String[] {"SET k 1", "FLUSHALL"},
                new String[] {"", "SWAPDB 0 1"},
                new String[] {"SET k 1", "SWAPDB 0 1"},
                new String[] {"SELECT 1 | SET k 1", "SWAPDB 0 1"},
                new String[] {"SELECT 1 | SET k 1", "SWAPDB 1 2"},
                new String[] {"SELECT 1 | SET k 1 PX 100 | sleep 200", "SWAPDB 0 1"},
                new String[] {"SET k 1 PX 100", "sleep 200"},
                new String[] {"SET k 1 PX 50 | sleep 150", "SET k 2"},
                new String[] {"SET k 1 PX 50 | sleep 150", "DEL k"},
                new String[] {"", "MULTI | SET k 1 | EXEC"});
        List<Arguments> out = new ArrayList<>();
        for (int protocol : new int[] {2, 3}) {
            for (String[] c : cases) {
                out.add(Arguments.of(c[0], c[1], protocol));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "RESP{2}: {0} | WATCH k | {1}")
    @MethodSource("writesByAnotherClient")
    void execAfterAnotherClientsWrite(String setup, String write, int protocol) throws InterruptedException {
        try (DualConnection a = new DualConnection(reference, subject);
             DualConnection b = new DualConnection(reference, subject)) {
            if (protocol == 3) {
                a.check(Mode.ANY, "HELLO", "3");
            }
            a.check(Mode.EXACT, "FLUSHALL");
            run(b, setup);
            b.check(Mode.EXACT, "SELECT", "0");
            a.check(Mode.EXACT, "WATCH", "k");
            run(b, write);
            a.check(Mode.EXACT, "MULTI");
            a.check(Mode.EXACT, "PING");
            a.check(Mode.EXACT, "EXEC");
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @MethodSource("protocols")
    void watchBrokenWhileQueueing_doomsTheQueuedCommands(int protocol) {
        try (DualConnection a = new DualConnection(reference, subject);
             DualConnection b = new DualConnection(reference, subject)) {
            if (protocol == 3) {
                a.check(Mode.ANY, "HELLO", "3");
            }
            a.check(Mode.EXACT, "FLUSHALL");
            a.check(Mode.EXACT, "WATCH", "k", "other");
            a.check(Mode.EXACT, "MULTI");
            a.check(Mode.EXACT, "SET", "x", "1");
            b.check(Mode.EXACT, "SET", "k", "1");
            a.check(Mode.EXACT, "SET", "y", "1");
            a.check(Mode.EXACT, "EXEC");
            b.check(Mode.EXACT, "EXISTS", "x", "y");
            // EXEC released the watch: B's next write no longer matters.
            b.check(Mode.EXACT, "SET", "other", "1");
            a.check(Mode.EXACT, "MULTI");
            a.check(Mode.EXACT, "SET", "x", "1");
            a.check(Mode.EXACT, "EXEC");
        }
    }

    @ParameterizedTest(name = "RESP{0}")
    @MethodSource("protocols")
    void anotherClientSeesNothingUntilExec(int protocol) {
        try (DualConnection a = new DualConnection(reference, subject);
             DualConnection b = new DualConnection(reference, subject)) {
            if (protocol == 3) {
                b.check(Mode.ANY, "HELLO", "3");
            }
            a.check(Mode.EXACT, "FLUSHALL");
            a.check(Mode.EXACT, "MULTI");
            a.check(Mode.EXACT, "SET", "k", "1");
            a.check(Mode.EXACT, "INCR", "k");
            b.check(Mode.EXACT, "GET", "k");
            b.check(Mode.EXACT, "MULTI");
            b.check(Mode.EXACT, "GET", "k");
            a.check(Mode.EXACT, "EXEC");
            b.check(Mode.EXACT, "EXEC");
        }
    }

    static Stream<Integer> protocols() {
        return Stream.of(2, 3);
    }

    /** Jedis's optimistic-lock loop: the first EXEC fails (null) after a concurrent write, the retry wins. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cortado.conformance.ClientHandshakeTest#servers")
    void jedisCheckAndSet(ClientHandshakeTest.Named target) {
        Server s = target.server();
        try (Jedis a = new Jedis(s.host(), s.port()); Jedis b = new Jedis(s.host(), s.port())) {
            a.select(3);
            b.select(3);
            a.del("counter");
            a.watch("counter");
            b.set("counter", "10");
            Transaction t = a.multi();
            t.set("counter", "1");
            assertThat(t.exec()).isNull();

            a.watch("counter");
            long value = Long.parseLong(a.get("counter"));
            t = a.multi();
            t.set("counter", Long.toString(value + 1));
            t.get("counter");
            assertThat(t.exec()).containsExactly("OK", "11");
            a.del("counter");
        }
    }

    private static void run(DualConnection c, String commands) throws InterruptedException {
        for (String command : commands.split("\\|")) {
            List<String> args = new ArrayList<>();
            for (String word : command.trim().split(" +")) {
                if (!word.isEmpty()) {
                    args.add(word.equals("\"\"") ? "" : word);
                }
            }
            if (args.isEmpty()) {
                continue;
            }
            if (args.get(0).equals("sleep")) {
                Thread.sleep(Long.parseLong(args.get(1)));
            } else {
                c.check(Mode.EXACT, args.toArray(new String[0]));
            }
        }
    }
}
