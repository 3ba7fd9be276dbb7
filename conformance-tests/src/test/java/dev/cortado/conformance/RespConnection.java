package dev.cortado.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw RESP client on a plain socket: no client library between the test and the bytes.
 * Replies are returned as raw frames; protocol switching (HELLO 3) is just another command.
 */
final class RespConnection implements AutoCloseable {

    /** Long enough for a loaded CI machine, short enough that a missing reply fails fast. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final RespReader reader;

    RespConnection(String host, int port) throws IOException {
        this(host, port, DEFAULT_TIMEOUT);
    }

    RespConnection(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        reader = new RespReader(in);
    }

    static RespConnection to(Server server) throws IOException {
        return new RespConnection(server.host(), server.port());
    }

    /** Sends one command and returns its raw reply frame. */
    byte[] call(byte[]... args) throws IOException {
        send(args);
        return readReply();
    }

    byte[] call(String... args) throws IOException {
        return call(Commands.bytes(args));
    }

    void send(byte[]... args) throws IOException {
        out.write(encode(args));
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendRaw(String s) throws IOException {
        sendRaw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes already received but not read: after a complete reply, a sign of a reply too many. */
    int pending() throws IOException {
        return in.available();
    }

    byte[] readReply() throws IOException {
        return reader.readFrame();
    }

    /**
     * Everything the server sends until it closes the connection (protocol errors end that way).
     * A timeout means the server kept the connection open: that is reported, not swallowed.
     */
    byte[] readUntilClose() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int r;
            while ((r = in.read(buf)) >= 0) {
                all.write(buf, 0, r);
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("server did not close the connection; received so far: "
                    + Escape.bytes(all.toByteArray(), 500));
        } catch (IOException e) {
            // A reset after the server's last bytes still means "closed".
            if (!isReset(e)) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    private static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return m.contains("reset") || m.contains("broken pipe");
    }

    static byte[] encode(byte[]... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
