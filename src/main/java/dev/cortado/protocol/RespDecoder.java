package dev.cortado.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns client bytes into commands ({@code byte[][]}, one array element per argument), accepting both
 * RESP multibulk requests and inline commands, as Redis does. The commands completed by one read go
 * on as one {@link RequestBatch} (a single one as itself). It keeps its place between reads, so a
 * request may arrive split at any byte. It never allocates from a length the client merely claims:
 * an argument is copied out only once all its bytes have arrived.
 */
public final class RespDecoder extends ByteToMessageDecoder {
  /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or count line it buffers. */
  static final int MAX_LINE = 64 * 1024;
  /** Redis's proto-max-bulk-len default. */
  public static final long DEFAULT_MAX_BULK = 512L * 1024 * 1024;

  private enum State { START, BULK_LENGTH, BULK_DATA, FAILED }

  /** Redis limits clients that still have to AUTH: at most this many arguments... */
  static final int UNAUTHENTICATED_MAX_ARGS = 10;
  /** ...of at most this many bytes each. */
  static final int UNAUTHENTICATED_MAX_BULK = 16384;

  private final long maxBulkLength;
  private final BooleanSupplier unauthenticated;
  private State state = State.START;
  private byte[][] args;
  private int argIndex;
  private long bulkLength;

  public RespDecoder() {
    this(DEFAULT_MAX_BULK, () -> false);
  }

  /**
   * @param unauthenticated true while the connection still has to AUTH: its requests are then held
   *     to Redis's small limits, so a client without the password cannot make the server buffer much
   */
  public RespDecoder(long maxBulkLength, BooleanSupplier unauthenticated) {
    this.maxBulkLength = maxBulkLength;
    this.unauthenticated = unauthenticated;
  }

  /** Bytes read but not yet parsed into a request (CLIENT LIST's qbuf). */
  public int bufferedBytes() {
    return internalBuffer().readableBytes();
  }

  /** Room left in the input buffer before it grows (CLIENT LIST's qbuf-free). */
  public int bufferFree() {
    return internalBuffer().writableBytes();
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    Object first = null;
    RequestBatch batch = null;
    while (in.isReadable()) {
      Object decoded;
      switch (state) {
        case START -> decoded = in.getByte(in.readerIndex()) == '*' ? multibulkCount(in) : inline(in);
        case BULK_LENGTH -> decoded = bulkLength(in);
        case BULK_DATA -> decoded = bulkData(in);
        default -> {
          in.skipBytes(in.readableBytes());
          decoded = NEED_MORE;
        }
      }
      if (decoded == NEED_MORE) {
        break;
      }
      if (decoded == CONTINUE) {
        continue;
      }
      if (first == null) {
        first = decoded;
      } else {
        if (batch == null) {
          batch = new RequestBatch();
          batch.add(first);
        }
        batch.add(decoded);
      }
      if (decoded instanceof ProtocolError) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        break;
      }
      if (unauthenticated.getAsBoolean() || isReset(decoded)) {
        // One request at a time until AUTH: it runs before the next is parsed, as in Redis, so an
        // AUTH lifts the unauthenticated limits for the requests pipelined behind it. RESET, the
        // one command that can bring them back, also ends the batch.
        break;
      }
    }
    if (first != null) {
      out.add(batch != null ? batch : first); // one pipeline event for all this read completed
    }
  }

  private static final byte[] RESET = {'r', 'e', 's', 'e', 't'};

  private static boolean isReset(Object request) {
    return request instanceof byte[][] args && Ascii.equalsLowerCase(args[0], RESET);
  }

  private static final Object NEED_MORE = new Object();
  private static final Object CONTINUE = new Object();

  private Object multibulkCount(ByteBuf in) {
    int cr = lineEnd(in, (byte) '\r');
    if (cr < 0) {
      return in.readableBytes() > MAX_LINE ? new ProtocolError("too big mbulk count string") : NEED_MORE;
    }
    if (cr + 2 > in.writerIndex()) {
      return NEED_MORE;
    }
    long count = parseLong(in, in.readerIndex() + 1, cr);
    in.readerIndex(cr + 2);
    if (count == INVALID || count > Integer.MAX_VALUE) {
      return new ProtocolError("invalid multibulk length");
    }
    if (count > UNAUTHENTICATED_MAX_ARGS && unauthenticated.getAsBoolean()) {
      return new ProtocolError("unauthenticated multibulk length");
    }
    if (count <= 0) {
      return CONTINUE; // Redis silently ignores empty requests
    }
    // Grow the argument array as arguments arrive, not from the claimed count.
    args = new byte[(int) Math.min(count, 16)][];
    expectedArgs = (int) count;
    argIndex = 0;
    state = State.BULK_LENGTH;
    return CONTINUE;
  }

  private int expectedArgs;

  private Object bulkLength(ByteBuf in) {
    int cr = lineEnd(in, (byte) '\r');
    if (cr < 0) {
      return in.readableBytes() > MAX_LINE ? new ProtocolError("too big bulk count string") : NEED_MORE;
    }
    if (cr + 2 > in.writerIndex()) {
      return NEED_MORE;
    }
    byte first = in.getByte(in.readerIndex());
    if (first != '$') {
      // Redis's addReplyErrorFormat turns CR and LF into spaces so the reply stays one line.
      char got = first == '\r' || first == '\n' ? ' ' : (char) (first & 0xff);
      return new ProtocolError("expected '$', got '" + got + "'");
    }
    long length = parseLong(in, in.readerIndex() + 1, cr);
    in.readerIndex(cr + 2);
    if (length == INVALID || length < 0 || length > maxBulkLength) {
      return new ProtocolError("invalid bulk length");
    }
    if (length > UNAUTHENTICATED_MAX_BULK && unauthenticated.getAsBoolean()) {
      return new ProtocolError("unauthenticated bulk length");
    }
    bulkLength = length;
    state = State.BULK_DATA;
    return CONTINUE;
  }

  private Object bulkData(ByteBuf in) {
    if (in.readableBytes() < bulkLength + 2) {
      return NEED_MORE;
    }
    byte[] arg = new byte[(int) bulkLength];
    in.readBytes(arg);
    in.skipBytes(2); // Redis does not check that these are CRLF either
    if (argIndex == args.length) {
      args = java.util.Arrays.copyOf(args, Math.min(expectedArgs, args.length * 2));
    }
    args[argIndex++] = arg;
    if (argIndex < expectedArgs) {
      state = State.BULK_LENGTH;
      return CONTINUE;
    }
    state = State.START;
    byte[][] command = args;
    args = null;
    return command;
  }

  private Object inline(ByteBuf in) {
    int newline = lineEnd(in, (byte) '\n');
    if (newline < 0) {
      return in.readableBytes() > MAX_LINE ? new ProtocolError("too big inline request") : NEED_MORE;
    }
    int end = newline;
    if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
      end--;
    }
    byte[] line = new byte[end - in.readerIndex()];
    in.getBytes(in.readerIndex(), line);
    in.readerIndex(newline + 1);
    byte[][] split = InlineSplitter.split(line);
    if (split == null) {
      return new ProtocolError("unbalanced quotes in request");
    }
    return split.length == 0 ? CONTINUE : split;
  }

  /**
   * Where the line starting at the reader index ends ({@code terminator}'s index), or -1 while it has
   * not arrived. Redis looks for it with strchr on its NUL-terminated query buffer, so a NUL before
   * the terminator hides it: Redis then keeps waiting (until the 64 KiB limit), and so do we.
   */
  private static int lineEnd(ByteBuf in, byte terminator) {
    int from = in.readerIndex();
    int end = in.indexOf(from, in.writerIndex(), terminator);
    int nul = in.indexOf(from, end < 0 ? in.writerIndex() : end, (byte) 0);
    return nul < 0 ? end : -1;
  }

  private static final long INVALID = Long.MIN_VALUE;

  /** Parses a decimal as strictly as Redis's string2ll: optional '-', digits, no '+', no spaces. */
  private static long parseLong(ByteBuf in, int from, int to) {
    long value = Numbers.parseLong(in, from, to, INVALID);
    // The sentinel is also a valid length for Redis ("*-9223372036854775808" is an empty request).
    // Both callers need only its sign, so it comes back as -1.
    if (value == INVALID && to - from == 20 && Numbers.isLong(ByteBufUtil.getBytes(in, from, 20))) {
      return -1;
    }
    return value;
  }
}
