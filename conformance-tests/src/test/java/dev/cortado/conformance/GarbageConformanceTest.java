package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests, differential: each frame goes to the oracle and the subject on a connection of
 * its own, all at once, and each pair must send back the same bytes and end the same way (closed after
 * a protocol error, or still open where Redis waits for the rest of a request). The frames are hand
 * picked regressions plus seeded mutations of PING and ECHO requests (so whatever a mutation makes of
 * them is harmless on the shared oracle). A well-behaved connection keeps working meanwhile.
 */
class GarbageConformanceTest {

    private static final long SEED = 20240607;
    private static final int MUTATED = 80;
    /** Replies come in microseconds; this much silence on every connection means they are done. */
    private static final long QUIET_MS = 300;

    private static Server reference;
    private static Server subject;

    @BeforeAll
    static void servers() {
        reference = Servers.reference();
        subject = Servers.subject();
    }

    /** Found by Cortado's decoder fuzzing: Redis's strchr, its error formatting and string2ll. */
    private static final String[] REGRESSIONS = {
        "PI\0NG\r\nPING\r\n",
        "*1\0\r\n$4\r\nPING\r\n",
        "*1\r\nfoo\0\r\n",
        "ECHO \"a\0b\"\r\n",
        "PING\r\n\0PING\r\n",
        "*1\r\n$4\r\nPI\0G\r\n",
        "*1\r\n\r\n",
        "*1\r\n\n\r\n",
        "*1\r\n\u00ff\r\n",
        "*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n",
        "*-9223372036854775809\r\n",
        "*1\r\n$-9223372036854775808\r\n",
        "*2\r\n$4\r\nECHO\r\n$3\r\nabcde\r\n",
        "*1\r\n$4\r\nPING\rX*1\r\n$4\r\nPING\r\n",
        "ECHO 'a\\'b' \"c\\x4\"\r\n",
        "*3\r\n$4\r\nECHO\r\n$1\r\na\r\n",
    };

    @Test
    void malformedRequests_sameBytesAndSameEnding() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (String r : REGRESSIONS) {
            frames.add(r.getBytes(StandardCharsets.ISO_8859_1));
        }
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < MUTATED; i++) {
            frames.add(mutate(valid(random), random));
        }

        try (DualConnection healthy = new DualConnection(reference, subject)) {
            healthy.check(Mode.EXACT, "SET", "garbage:healthy", "before");
            List<Endpoint> ref = new ArrayList<>();
            List<Endpoint> sub = new ArrayList<>();
            try {
                for (byte[] frame : frames) {
                    ref.add(new Endpoint(reference, frame));
                    sub.add(new Endpoint(subject, frame));
                }
                // The healthy connection, while both servers deal with the garbage.
                healthy.check(Mode.EXACT, "PING");
                healthy.check(Mode.EXACT, "SET", "garbage:healthy", "during");
                healthy.check(Mode.EXACT, "GET", "garbage:healthy");
                settle(ref, sub);

                int closed = 0;
                for (int i = 0; i < frames.size(); i++) {
                    String expected = ref.get(i).outcome();
                    assertThat(sub.get(i).outcome())
                            .as("frame %d (seed %d): \"%s\"", i, SEED, Escape.bytes(frames.get(i)))
                            .isEqualTo(expected);
                    closed += ref.get(i).closed ? 1 : 0;
                }
                // Both endings must be in the sample, or it checks less than it claims.
                assertThat(closed).as("frames after which Redis closed").isBetween(10, frames.size() - 10);
            } finally {
                ref.forEach(Endpoint::close);
                sub.forEach(Endpoint::close);
            }
            healthy.check(Mode.EXACT, "GET", "garbage:healthy");
            healthy.check(Mode.EXACT, "DEL", "garbage:healthy");
        }
    }

    /** Polls every connection until none has changed for {@link #QUIET_MS} (at most 10 s). */
    private static void settle(List<Endpoint> a, List<Endpoint> b) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - lastChange < QUIET_MS * 1_000_000) {
            boolean changed = false;
            for (Endpoint e : a) {
                changed |= e.poll();
            }
            for (Endpoint e : b) {
                changed |= e.poll();
            }
            if (changed) {
                lastChange = System.nanoTime();
            }
            Thread.sleep(5);
        }
    }

    /** One non-blocking connection that sent one frame. */
    private static final class Endpoint {
        final SocketChannel channel;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed;

        Endpoint(Server s, byte[] frame) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress(s.host(), s.port()));
            channel.write(ByteBuffer.wrap(frame));
            channel.configureBlocking(false);
        }

        /** Reads what has arrived; true if anything did (bytes or the close). */
        boolean poll() {
            boolean changed = false;
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (!closed) {
                buf.clear();
                int n;
                try {
                    n = channel.read(buf);
                } catch (IOException reset) {
                    n = -1;
                }
                if (n == 0) {
                    break;
                }
                changed = true;
                if (n < 0) {
                    closed = true;
                } else {
                    received.write(buf.array(), 0, n);
                }
            }
            return changed;
        }

        String outcome() {
            return Escape.bytes(received.toByteArray(), 2000) + (closed ? "<closed>" : "<open>");
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    // --- seeded frames

    private static final byte[] SPECIAL = "\r\n\0*$\"'\\ \t-0123456789".getBytes(StandardCharsets.ISO_8859_1);
    /** Lengths worth claiming; no accepted bulk length above 32 KiB, for which Redis reserves memory. */
    private static final String[] LENGTHS = {"-1", "0", "1", "2", "10", "11", "16385", "536870913",
        "2147483647", "2147483648", "-9223372036854775808", "99999999999999999999", "01", "+1", "", "x"};

    /** One to three PING/ECHO requests, multibulk or inline. */
    private static byte[] valid(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String arg = List.of("a", "hello", "x y", "\r\n", "", "'q'", "\"").get(random.nextInt(7));
            if (random.nextInt(3) == 0) {
                out.writeBytes(latin1(random.nextBoolean() ? "PING\r\n" : "ECHO \"" + arg.replace("\"", "\\\"")
                        .replace("\r", "\\r").replace("\n", "\\n") + "\"\r\n"));
            } else {
                out.writeBytes(random.nextBoolean() ? RespConnection.encode(latin1("PING"))
                        : RespConnection.encode(latin1("ECHO"), latin1(arg)));
            }
        }
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] b, SplittableRandom random) {
        int rounds = 1 + random.nextInt(2);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> {
                    b = b.clone();
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 1 -> b = splice(b, at, 0, new byte[] {SPECIAL[random.nextInt(SPECIAL.length)]});
                case 2 -> b = splice(b, at, 1, new byte[0]);
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> b = splice(b, at, 0, new byte[] {0});
                default -> b = rewriteLength(b, random);
            }
        }
        return b;
    }

    private static byte[] rewriteLength(byte[] b, SplittableRandom random) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '*' || b[i] == '$') {
                starts.add(i + 1);
            }
        }
        if (starts.isEmpty()) {
            return b;
        }
        int s = starts.get(random.nextInt(starts.size()));
        int e = s;
        while (e < b.length && b[e] != '\r') {
            e++;
        }
        return splice(b, s, e - s, latin1(LENGTHS[random.nextInt(LENGTHS.length)]));
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
