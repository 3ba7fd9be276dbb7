package dev.cortado;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking RESP2 client for tests of the embedding API: sends a command and returns the
 * whole reply as the raw RESP text a client would read ("+OK\r\n", "$1\r\nv\r\n"...).
 */
public final class TestClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public TestClient(String host, int port) {
    try {
      socket = new Socket(host, port);
      socket.setSoTimeout(5000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestClient(CortadoServer server) {
    this(server.host(), server.port());
  }

  /** Sends a command and reads its reply, raw. */
  public String call(String... args) {
    send(args);
    return read();
  }

  /** Sends a command without reading anything back. */
  public void send(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
    }
    try {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the next frame, raw: a reply or a push (waits up to the socket timeout, 5 s). */
  public String read() {
    try {
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      readReply(reply);
      return reply.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether bytes have arrived that nothing has read yet. */
  public boolean hasUnread() {
    try {
      return in.available() > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of a bulk-string reply (INFO...), without its RESP framing. */
  public String bulk(String... args) {
    String raw = call(args);
    if (!raw.startsWith("$") || raw.startsWith("$-1")) {
      throw new AssertionError("not a bulk string: " + raw);
    }
    return raw.substring(raw.indexOf("\r\n") + 2, raw.length() - 2);
  }

  /** One field of INFO, e.g. info("stats", "expired_keys"). */
  public String info(String section, String field) {
    for (String line : bulk("INFO", section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }

  private void readReply(ByteArrayOutputStream reply) throws IOException {
    String line = readLine(reply);
    char type = line.charAt(0);
    boolean aggregate = type == '*' || type == '>' || type == '~' || type == '%';
    long n = type == '$' || aggregate ? Long.parseLong(line.substring(1)) : 0;
    if (type == '%') {
      n *= 2;
    }
    if (type == '$' && n >= 0) {
      reply.write(in.readNBytes((int) n + 2));
    } else if (aggregate) {
      for (long i = 0; i < n; i++) {
        readReply(reply);
      }
    }
  }

  private String readLine(ByteArrayOutputStream reply) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int prev = -1;
    for (int c; (c = in.read()) >= 0; prev = c) {
      line.write(c);
      if (prev == '\r' && c == '\n') {
        byte[] bytes = line.toByteArray();
        reply.write(bytes);
        return new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8);
      }
    }
    throw new IOException("connection closed");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
