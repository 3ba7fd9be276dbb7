package dev.cortado.command;

import dev.cortado.keyspace.Clock;
import dev.cortado.protocol.Reply;
import dev.cortado.server.Connection;
import dev.cortado.server.ServerOptions;
import dev.cortado.server.ServerState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;

/**
 * Runs commands through the real Dispatcher without a network, on a manual clock, and renders replies
 * as RESP text so tests can compare exactly what a client would read.
 */
final class Harness {
  final ManualTime clock = new ManualTime(1_700_000_000_000L);
  final ServerState server;
  final Dispatcher dispatcher;
  final Connection connection;

  Harness() {
    this(null);
  }

  Harness(String password) {
    this(password, 42);
  }

  /** A server whose random choices (SPOP, SRANDMEMBER, RANDOMKEY...) follow the given seed. */
  Harness(long seed) {
    this(null, seed);
  }

  private Harness(String password, long seed) {
    server = new ServerState(new ServerOptions("127.0.0.1", 0, password, 16, seed), clock);
    dispatcher = new Dispatcher(server, CommandTable.standard());
    connection = server.connect(new EmbeddedChannel());
  }

  /** A second client of the same server. */
  Connection newConnection() {
    return server.connect(new EmbeddedChannel());
  }

  Reply exec(Connection c, String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
    }
    return dispatcher.execute(c, bytes);
  }

  /** Runs a command and returns the reply exactly as written on the wire, e.g. "$1\r\nb\r\n". */
  String resp(String... args) {
    return resp(connection, args);
  }

  String resp(Connection c, String... args) {
    return render(exec(c, args), c.protocol);
  }

  static String render(Reply reply, int protocol) {
    ByteBuf buf = Unpooled.buffer();
    reply.writeTo(buf, protocol);
    String s = buf.toString(StandardCharsets.ISO_8859_1);
    buf.release();
    return s;
  }

  /** A clock tests move by hand. */
  static final class ManualTime implements Clock {
    private long millis;

    ManualTime(long start) {
      millis = start;
    }

    @Override
    public long millis() {
      return millis;
    }

    void advance(long ms) {
      millis += ms;
    }
  }
}
