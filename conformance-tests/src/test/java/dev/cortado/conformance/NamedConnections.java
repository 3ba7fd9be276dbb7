package dev.cortado.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * The extra connections of a case ({@code @name} lines), one to each server, for pub/sub and
 * keyspace events. A step sends its command and then {@code PING <nonce>}, and reads every frame
 * up to that PING's reply: the command's replies and every push that reached the connection before
 * it, in order. Between MULTI and EXEC (where the PING would be queued) a step reads one reply.
 */
final class NamedConnections implements AutoCloseable {
    private final Server reference;
    private final Server subject;
    private final int protocol;
    private final Map<String, RespConnection[]> open = new LinkedHashMap<>();
    private final java.util.Set<String> inMulti = new java.util.HashSet<>();
    /** Connections that sent CLIENT REPLY OFF (and not ON since). */
    private final java.util.Set<String> repliesOff = new java.util.HashSet<>();
    private int syncs;
    /** MONITOR lines' client addresses, per server, named in the order first seen. */
    private final Map<String, String> referenceClients = new java.util.HashMap<>();
    private final Map<String, String> subjectClients = new java.util.HashMap<>();

    NamedConnections(Server reference, Server subject, int protocol) {
        this.reference = reference;
        this.subject = subject;
        this.protocol = protocol;
    }

    void check(CaseFile.Command cmd, String where) throws IOException {
        RespConnection[] pair = open.get(cmd.connection());
        if (pair == null) {
            pair = new RespConnection[] {RespConnection.to(reference), RespConnection.to(subject)};
            open.put(cmd.connection(), pair);
            if (protocol == 3) {
                pair[0].call("HELLO", "3");
                pair[1].call("HELLO", "3");
            }
        }
        if (cmd.blocks()) {
            block(pair, cmd, where + " @" + cmd.connection());
            return;
        }
        String name = cmd.args().length == 0 ? "" : new String(cmd.args()[0], StandardCharsets.US_ASCII).toLowerCase();
        if (unanswered(pair, cmd)) {
            return;
        }
        if (inMulti.contains(cmd.connection())) {
            byte[] expected = pair[0].call(cmd.args());
            byte[] actual = pair[1].call(cmd.args());
            if (!Arrays.equals(expected, actual)) {
                throw new AssertionFailedError(where + " @" + cmd.connection() + "\ncommand : "
                        + Escape.command(cmd.args()) + "\n" + reference.name() + " : " + Escape.bytes(expected, 2000)
                        + "\n" + subject.name() + " : " + Escape.bytes(actual, 2000));
            }
            if (name.equals("exec") || name.equals("discard") || name.equals("reset")) {
                inMulti.remove(cmd.connection());
            }
            return;
        }
        if (name.equals("multi")) {
            byte[] expected = pair[0].call(cmd.args());
            byte[] actual = pair[1].call(cmd.args());
            if (!Arrays.equals(expected, actual)) {
                throw new AssertionFailedError(where + " @" + cmd.connection() + "\ncommand : MULTI\n"
                        + reference.name() + " : " + Escape.bytes(expected, 2000) + "\n" + subject.name() + " : "
                        + Escape.bytes(actual, 2000));
            }
            if (Arrays.equals(expected, "+OK\r\n".getBytes(StandardCharsets.US_ASCII))) {
                inMulti.add(cmd.connection());
            }
            return;
        }
        compare(pair, cmd.args(), cmd.mode(), where + " @" + cmd.connection());
    }

    /**
     * CLIENT REPLY OFF and SKIP are not answered, nor is anything while OFF holds, the sync PING
     * included: such steps are only sent, and what did come (pushes) is read with the next step
     * that is answered (the one after SKIP, or CLIENT REPLY ON).
     */
    private boolean unanswered(RespConnection[] pair, CaseFile.Command cmd) throws IOException {
        byte[][] a = cmd.args();
        String mode = a.length == 3 && word(a[0]).equals("client") && word(a[1]).equals("reply") ? word(a[2]) : "";
        boolean off = repliesOff.contains(cmd.connection());
        if (mode.equals("on")) {
            repliesOff.remove(cmd.connection());
            return false;
        }
        if (!off && !mode.equals("off") && !mode.equals("skip")) {
            return false;
        }
        if (mode.equals("off")) {
            repliesOff.add(cmd.connection());
        }
        pair[0].send(a);
        pair[1].send(a);
        return true;
    }

    private static String word(byte[] arg) {
        return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Sends a command that should block on both servers, and waits until each counts it among its
     * blocked clients: only then may the case go on and serve it, in a known order.
     */
    private void block(RespConnection[] pair, CaseFile.Command cmd, String where) throws IOException {
        Server[] servers = {reference, subject};
        for (int i = 0; i < 2; i++) {
            try (RespConnection control = RespConnection.to(servers[i])) {
                long before = blockedClients(control);
                pair[i].send(cmd.args());
                long deadline = System.nanoTime() + RespConnection.DEFAULT_TIMEOUT.toNanos();
                while (blockedClients(control) <= before) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionFailedError(where + "\ncommand : " + Escape.command(cmd.args())
                                + "\n" + servers[i].name() + " did not block it (INFO blocked_clients stayed "
                                + before + ")");
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static long blockedClients(RespConnection control) throws IOException {
        String info = new String(control.call("INFO", "clients"), StandardCharsets.US_ASCII);
        int at = info.indexOf("blocked_clients:");
        if (at < 0) {
            throw new IOException("INFO clients has no blocked_clients: " + info);
        }
        int end = info.indexOf('\r', at);
        return Long.parseLong(info.substring(at + "blocked_clients:".length(), end));
    }

    /** What reached each connection after its last step must agree too. */
    void checkNothingLeft(String where) throws IOException {
        for (Map.Entry<String, RespConnection[]> e : open.entrySet()) {
            if (inMulti.contains(e.getKey()) || repliesOff.contains(e.getKey())) {
                continue;
            }
            RespConnection[] pair = e.getValue();
            try {
                compare(pair, new byte[0][], Mode.EXACT, where + " @" + e.getKey() + " (end of case)");
            } catch (IOException closed) {
                // The reference closed this connection (CLIENT KILL): the subject must have too.
                try {
                    framesUntilSync(pair[1], new byte[0][], "closed?");
                } catch (IOException expected) {
                    continue;
                }
                throw new AssertionFailedError(where + " @" + e.getKey() + ": " + reference.name()
                        + " closed the connection (" + closed.getMessage() + "), " + subject.name() + " did not");
            }
        }
    }

    private void compare(RespConnection[] pair, byte[][] args, Mode mode, String where) throws IOException {
        String nonce = "sync-" + (++syncs);
        List<byte[]> expected = monitorLines(framesUntilSync(pair[0], args, nonce), referenceClients);
        List<byte[]> actual;
        try {
            actual = monitorLines(framesUntilSync(pair[1], args, nonce), subjectClients);
        } catch (IOException e) {
            throw new AssertionFailedError(where + "\ncommand : " + Escape.command(args) + "\nno sync from "
                    + subject.name() + ": " + e.getMessage() + "\n" + reference.name() + " : " + show(expected));
        }
        String why = mode == Mode.EXACT
                ? (Arrays.equals(concat(expected), concat(actual)) ? null : "frames differ")
                : mode.mismatch(asArray(expected), asArray(actual));
        if (why != null) {
            throw new AssertionFailedError(where + "\ncommand : " + Escape.command(args) + "\ncompare : "
                    + mode.prefix() + " — " + why + "\n" + reference.name() + " : " + show(expected) + "\n"
                    + subject.name() + " : " + show(actual), show(expected), show(actual));
        }
    }

    /**
     * MONITOR lines carry the time and the client's address, which differ between servers: the time
     * becomes "T" and each address a name in the order the case's lines first show it ("lua" stays),
     * so the lines compare byte for byte, and which client sent what still counts.
     */
    private static List<byte[]> monitorLines(List<byte[]> frames, Map<String, String> clients) {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            java.util.regex.Matcher m = MONITOR_LINE.matcher(new String(frame, StandardCharsets.ISO_8859_1));
            if (!m.matches()) {
                out.add(frame);
                continue;
            }
            String client = m.group(2).equals("lua") ? "lua"
                    : clients.computeIfAbsent(m.group(2), a -> "client" + (clients.size() + 1));
            out.add(("+T [" + m.group(1) + " " + client + "]" + m.group(3)).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static final java.util.regex.Pattern MONITOR_LINE =
            java.util.regex.Pattern.compile("\\+\\d+\\.\\d{6} \\[(\\d+) ([^ \\]]+)\\](.*\r\n)", java.util.regex.Pattern.DOTALL);

    private static List<byte[]> framesUntilSync(RespConnection c, byte[][] args, String nonce) throws IOException {
        if (args.length > 0) {
            c.send(args);
        }
        c.send(Commands.bytes("PING", nonce));
        byte[] plain = ("$" + nonce.length() + "\r\n" + nonce + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] subscribed = ("*2\r\n$4\r\npong\r\n$" + nonce.length() + "\r\n" + nonce + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<byte[]> frames = new ArrayList<>();
        while (true) {
            byte[] frame = c.readReply();
            if (Arrays.equals(frame, plain) || Arrays.equals(frame, subscribed)) {
                return frames;
            }
            frames.add(frame);
        }
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] asArray(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + frames.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String show(List<byte[]> frames) {
        return frames.isEmpty() ? "(no frames)" : Escape.bytes(concat(frames), 2000);
    }

    @Override
    public void close() {
        for (RespConnection[] pair : open.values()) {
            pair[0].close();
            pair[1].close();
        }
    }
}
