package dev.cortado.mock;

import dev.cortado.CortadoServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket for the mock tests: sends commands (several in one write to pipeline), reads replies. */
final class Wire implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Wire(CortadoServer server) {
    try {
      socket = new Socket(server.host(), server.port());
      socket.setSoTimeout(3000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the commands in one write: a pipeline. Each is one string split on spaces. */
  Wire send(String... commands) {
    StringBuilder sb = new StringBuilder();
    for (String command : commands) {
      String[] args = command.split(" ");
      sb.append('*').append(args.length).append("\r\n");
      for (String a : args) {
        sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a)
            .append("\r\n");
      }
    }
    try {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Sends one command given as its arguments (which may hold spaces) and reads its reply. */
  String callArgs(String... args) {
    StringBuilder sb = new StringBuilder();
    sb.append('*').append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a)
          .append("\r\n");
    }
    try {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reply();
  }

  /** Sends one command and reads its whole reply. */
  String call(String command) {
    return send(command).reply();
  }

  /** Reads one whole reply, raw. */
  String reply() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      readReply(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private void readReply(ByteArrayOutputStream buf) throws IOException {
    String line = readLine(buf);
    char type = line.charAt(0);
    if ((type == '$' || type == '=') && !line.equals("$-1")) {
      buf.write(in.readNBytes(Integer.parseInt(line.substring(1)) + 2));
    } else if ((type == '*' || type == '~' || type == '>') && !line.equals("*-1")) {
      for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
        readReply(buf);
      }
    } else if (type == '%') {
      for (int i = 2 * Integer.parseInt(line.substring(1)); i > 0; i--) {
        readReply(buf);
      }
    }
  }

  private String readLine(ByteArrayOutputStream buf) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int prev = -1;
    for (int c; (c = in.read()) >= 0; prev = c) {
      line.write(c);
      if (prev == '\r' && c == '\n') {
        byte[] bytes = line.toByteArray();
        buf.write(bytes);
        return new String(bytes, 0, bytes.length - 2, StandardCharsets.UTF_8);
      }
    }
    throw new IOException("connection closed after " + line.toString(StandardCharsets.UTF_8));
  }

  /** Everything until the server closes the connection. */
  String readToEnd() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** True if nothing arrives within the time (the socket stays open). */
  boolean silentFor(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the server closed the connection");
      }
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(3000);
    }
  }

  int read() throws IOException {
    return in.read();
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
