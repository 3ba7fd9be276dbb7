package dev.cortado.script;

import dev.cortado.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Runs scripts through one engine for the library tests, as EVAL with no keys: every redis.call
 * answers OK. Replies are RESP2, Latin-1 (one char a byte).
 */
final class ScriptEvaluator {
  private final LuaScripts scripts = new LuaScripts("7.0.15");

  private final ScriptHost host = new ScriptHost() {
    @Override
    public Reply call(byte[][] args, int protocol) {
      return Reply.OK;
    }

    @Override
    public Boolean aclAllows(byte[][] args) {
      return Boolean.TRUE;
    }
  };

  /** The reply's bytes (a compile error as its error reply), the script's SHA-1 shown as "<sha>". */
  byte[] raw(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    String sha = LuaScripts.sha1hex(bytes);
    String error = scripts.compile(sha, bytes, 0);
    if (error != null) {
      return ("-" + error + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
    Reply reply = scripts.run(sha, new byte[0][], new byte[0][], host, 0);
    ByteBuf buf = Unpooled.buffer();
    reply.writeTo(buf, 2);
    byte[] out = ByteBufUtil.getBytes(buf);
    buf.release();
    String text = new String(out, StandardCharsets.ISO_8859_1).replace(sha, "<sha>");
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The reply as text, CRLF shown as "|". */
  String eval(String body) {
    return new String(raw(body), StandardCharsets.ISO_8859_1).replace("\r\n", "|");
  }

  /** {@link #eval}, an error reply cut before its " script: <sha>" part. */
  String evalUpToScript(String body) {
    String text = eval(body);
    int script = text.indexOf(" script: ");
    return text.startsWith("-") && script > 0 ? text.substring(0, script) : text;
  }

  /** {@link #eval} on a thread with the event loops' deep stack (nesting up to Lua's C stack). */
  String evalDeep(String body) throws InterruptedException {
    String[] out = new String[1];
    Thread t = new Thread(null, () -> out[0] = eval(body), "deep", 64L << 20);
    t.start();
    t.join();
    return out[0];
  }
}
