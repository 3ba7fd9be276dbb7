package dev.cortado;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare socket for tests that care about exact bytes on the wire. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(CortadoServer server) throws IOException {
    socket = new Socket(server.host(), server.port());
    socket.setSoTimeout(2000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends a command as a RESP array of bulk strings. */
  void command(String... args) throws IOException {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a)
          .append("\r\n");
    }
    send(sb.toString());
  }

  /** Reads exactly n bytes. */
  String read(int n) throws IOException {
    byte[] buf = in.readNBytes(n);
    return new String(buf, StandardCharsets.ISO_8859_1);
  }

  /** Reads until the server closes the connection; fails on timeout. */
  String readUntilClosed() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n; (n = in.read(buf)) >= 0; ) {
      all.write(buf, 0, n);
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** True if the server closed the connection within the timeout. */
  boolean isClosedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
