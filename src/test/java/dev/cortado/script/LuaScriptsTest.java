package dev.cortado.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interpreter alone, with a host that records the commands a script sends and answers them
 * with canned replies. What Redis answers is checked by the conformance suite (scripting.txt);
 * here what only the engine decides: argument and reply conversion, errors and their positions,
 * the sandbox, the guard against recursion and endless loops, the cache.
 */
class LuaScriptsTest {
  private final LuaScripts scripts = new LuaScripts("7.0.15");
  private final List<String> sent = new ArrayList<>();
  private Reply nextReply = Reply.OK;
  /** Times the host was asked to serve other clients; at killAfter it kills the script. */
  private int busyCalls;
  private int killAfter = Integer.MAX_VALUE;

  private final ScriptHost host = new ScriptHost() {
    @Override
    public Reply call(byte[][] args, int protocol) {
      List<String> words = new ArrayList<>();
      for (byte[] a : args) {
        words.add(new String(a, StandardCharsets.ISO_8859_1));
      }
      sent.add(String.join(" ", words) + " (resp" + protocol + ")");
      return nextReply;
    }

    @Override
    public Boolean aclAllows(byte[][] args) {
      return Boolean.TRUE;
    }

    @Override
    public void whileBusy() {
      if (++busyCalls == killAfter) {
        scripts.kill(); // as SCRIPT KILL from another client served meanwhile
      }
    }
  };

  private String eval(String body, String... keysThenArgs) {
    return eval(body, 0, 0, keysThenArgs);
  }

  private String eval(String body, int numkeys, long timeLimit, String... keysThenArgs) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String sha = LuaScripts.sha1hex(bytes);
    String error = scripts.compile(sha, bytes, 0);
    if (error != null) {
      return "-" + error;
    }
    byte[][] keys = new byte[numkeys][];
    byte[][] argv = new byte[keysThenArgs.length - numkeys][];
    for (int i = 0; i < keysThenArgs.length; i++) {
      byte[] b = keysThenArgs[i].getBytes(StandardCharsets.UTF_8);
      if (i < numkeys) {
        keys[i] = b;
      } else {
        argv[i - numkeys] = b;
      }
    }
    Reply reply = scripts.run(sha, keys, argv, host, timeLimit);
    ByteBuf buf = Unpooled.buffer();
    reply.writeTo(buf, 2);
    String text = buf.toString(StandardCharsets.ISO_8859_1);
    buf.release();
    return text.replace("\r\n", "|");
  }

  @Test
  void keysAndArgvReachTheScriptAndNumbersGoOutAsPercent17g() {
    assertThat(eval("return redis.call('set', KEYS[1], ARGV[1], 0.1, 3)", 1, 0, "k", "v"))
        .isEqualTo("+OK|");
    assertThat(sent).containsExactly("set k v 0.10000000000000001 3 (resp2)");
  }

  @Test
  void setrespChangesTheProtocolOfTheRepliesTheScriptReads() {
    eval("redis.setresp(3) return redis.call('ping')");
    assertThat(sent).containsExactly("ping (resp3)");
    sent.clear();
    eval("return redis.call('ping')");
    assertThat(sent).as("each script starts in RESP2").containsExactly("ping (resp2)");
  }

  @Test
  void repliesBecomeLuaValues() {
    nextReply = Reply.array(List.of(Reply.integer(7), Reply.bulk("x"), Reply.NULL,
        Reply.simple("OK"), Reply.error("ERR bad")));
    assertThat(eval("local r = redis.call('x') return {type(r[1]), r[2], tostring(r[3]), r[4].ok,"
        + " r[5].err}")).isEqualTo("*5|$6|number|$1|x|$5|false|$2|OK|$7|ERR bad|");
  }

  @Test
  void aFailedCommandRaisesItsErrorWithWhereTheScriptWas() {
    nextReply = Reply.error("WRONGTYPE Operation against a key holding the wrong kind of value");
    String sha = LuaScripts.sha1hex("\nlocal x = 1\nredis.call('lpush', 'k', 'v')".getBytes());
    assertThat(eval("\nlocal x = 1\nredis.call('lpush', 'k', 'v')")).isEqualTo(
        "-WRONGTYPE Operation against a key holding the wrong kind of value script: " + sha
            + ", on @user_script:3.|");
    assertThat(eval("return redis.pcall('lpush', 'k', 'v')"))
        .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value|");
  }

  @Test
  void theSandboxRefusesUndeclaredGlobalsAndWrites() {
    assertThat(eval("return os")).startsWith(
        "-ERR user_script:1: Script attempted to access nonexistent global variable 'os'");
    assertThat(eval("x = 1")).startsWith("-ERR user_script:1: Attempt to modify a readonly table");
    assertThat(eval("string.upper = nil"))
        .startsWith("-ERR user_script:1: Attempt to modify a readonly table");
    assertThat(eval("local t = {} t.x = 1 return t.x")).isEqualTo(":1|");
  }

  @Test
  void compileErrorsUseLua51Texts() {
    assertThat(eval("return 1 +")).isEqualTo(
        "-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'");
    assertThat(eval("#!/bin/lua\nreturn 1"))
        .as("a first '#' line is only skipped in files").startsWith("-ERR Error compiling script");
  }

  @Test
  void deepRecursionIsAnErrorNotADeadThread() throws Exception {
    // Scripts run on the loop's 64 MiB stack (EventLoops); a thread of that size stands in here.
    String[] out = new String[1];
    Thread t = new Thread(null,
        () -> out[0] = eval("local function f() return 1 + f() end return f()"), "deep", 64L << 20);
    t.start();
    t.join();
    assertThat(out[0]).startsWith("-ERR user_script:1: stack overflow script: ");
    assertThat(eval("return 1")).as("the engine goes on").isEqualTo(":1|");
  }

  @Test
  void aScriptPastTheTimeLimitServesOthersUntilKilled() {
    killAfter = 3;
    long start = System.nanoTime();
    assertThat(eval("while true do end", 0, 100))
        .startsWith("-ERR Script killed by user with SCRIPT KILL... script: ");
    assertThat(System.nanoTime() - start).as("not busy before the limit").isGreaterThan(100_000_000L);
    assertThat(busyCalls).isEqualTo(3);
    busyCalls = 0;
    assertThat(eval("while true do pcall(function() while true do end end) end", 0, 100))
        .as("pcall cannot catch the kill").startsWith("-ERR Script killed by user");
    killAfter = Integer.MAX_VALUE;
    busyCalls = 0;
    assertThat(eval("return 2")).isEqualTo(":2|");
    assertThat(eval("local i = 0 while i < 3000000 do i = i + 1 end return i", 0, 0))
        .as("a busy script that ends by itself").isEqualTo(":3000000|");
    assertThat(busyCalls).as("served others meanwhile").isGreaterThan(0);
  }

  @Test
  void theCacheKeepsScriptsUntilFlushed() {
    byte[] body = "return 1".getBytes();
    String sha = LuaScripts.sha1hex(body);
    assertThat(sha).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    assertThat(scripts.compile(sha, body, 5)).isNull();
    assertThat(scripts.isCached(sha)).isTrue();
    assertThat(scripts.flags(sha)).isEqualTo(5);
    assertThat(scripts.cachedCount()).isEqualTo(1);
    scripts.flush();
    assertThat(scripts.isCached(sha)).isFalse();
    assertThat(scripts.flags(sha)).isEqualTo(-1);
  }

  @Test
  void mathRandomFollowsRedisGenerator() {
    // A fresh Redis 7.0.15 answers 40 and 85 to its first two math.random(1,100).
    assertThat(eval("return {math.random(1,100), math.random(1,100)}")).isEqualTo("*2|:40|:85|");
  }

  @Test
  void numbersPrintAsLua51() {
    assertThat(eval("return tostring(10/3) .. ' ' .. 1e15 .. ' ' .. -0")).isEqualTo(
        "$24|3.3333333333333 1e+15 -0|");
  }

  @Test
  void repliesTooDeepAreAnError() {
    assertThat(eval("local t = {} local c = t for i = 1, 2000 do c[1] = {} c = c[1] end return t"))
        .contains("-ERR reached lua stack limit");
  }
}
