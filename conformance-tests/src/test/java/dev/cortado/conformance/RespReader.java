package dev.cortado.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads exactly one RESP2/RESP3 reply frame from a stream and returns its raw bytes, unparsed.
 * Comparing raw bytes is the point: any difference in framing, type or spacing is a conformance bug.
 */
final class RespReader {

    /** A frame larger than this is a broken server, not a reply worth buffering. */
    private static final long MAX_FRAME = 64L * 1024 * 1024;

    private final InputStream in;

    RespReader(InputStream in) {
        this.in = in;
    }

    /** One complete frame; an attribute ({@code |}) is returned together with the reply it annotates. */
    byte[] readFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        readFrame(out);
        return out.toByteArray();
    }

    private void readFrame(ByteArrayOutputStream out) throws IOException {
        int type = readByte();
        out.write(type);
        String header = readLine(out);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> { /* single line, already copied */ }
            case '$', '!', '=' -> {
                long len = parseLength(type, header);
                if (len >= 0) {
                    copy(len + 2, out); // payload + CRLF
                }
            }
            case '*', '~', '>' -> {
                long n = parseLength(type, header);
                for (long i = 0; i < n; i++) {
                    readFrame(out);
                }
            }
            case '%' -> {
                long n = parseLength(type, header);
                for (long i = 0; i < 2 * n; i++) {
                    readFrame(out);
                }
            }
            case '|' -> {
                long n = parseLength(type, header);
                for (long i = 0; i < 2 * n; i++) {
                    readFrame(out);
                }
                readFrame(out); // the reply the attribute belongs to
            }
            default -> throw new IOException("not a RESP type byte: " + Escape.bytes(new byte[] {(byte) type})
                    + " (line: " + header + ")");
        }
    }

    private static long parseLength(int type, String header) throws IOException {
        try {
            long n = Long.parseLong(header);
            if (n < -1 || n > MAX_FRAME) {
                throw new IOException("absurd length in " + (char) type + header);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad length in " + (char) type + header);
        }
    }

    /** Copies a line including CRLF to out and returns it without CRLF. */
    private String readLine(ByteArrayOutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte();
            out.write(b);
            if (b == '\r') {
                int lf = readByte();
                out.write(lf);
                if (lf != '\n') {
                    throw new IOException("CR not followed by LF after " + Escape.bytes(line.toByteArray()));
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_FRAME) {
                throw new IOException("line too long");
            }
        }
    }

    private void copy(long n, ByteArrayOutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("connection closed inside a bulk payload");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }
}
