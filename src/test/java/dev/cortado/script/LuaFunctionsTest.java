package dev.cortado.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The function libraries alone, with a host that records the commands a function sends. Expected
 * replies and payload bytes come from redis-server 7.0.15; the conformance suite (functions.txt)
 * covers the commands end to end.
 */
class LuaFunctionsTest {
  private final LuaScripts scripts = new LuaScripts("7.0.15");
  private final LuaFunctions functions = scripts.functions();
  private final List<String> sent = new ArrayList<>();

  private final ScriptHost host = new ScriptHost() {
    @Override
    public Reply call(byte[][] args, int protocol) {
      List<String> words = new ArrayList<>();
      for (byte[] a : args) {
        words.add(new String(a, StandardCharsets.ISO_8859_1));
      }
      sent.add(String.join(" ", words));
      return Reply.OK;
    }

    @Override
    public Boolean aclAllows(byte[][] args) {
      return Boolean.TRUE;
    }
  };

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(Reply reply, int protocol) {
    ByteBuf buf = Unpooled.buffer();
    reply.writeTo(buf, protocol);
    String text = buf.toString(StandardCharsets.ISO_8859_1);
    buf.release();
    return text.replace("\r\n", "|");
  }

  private String load(String code) {
    return text(functions.load(bytes(code), false), 2);
  }

  private String replace(String code) {
    return text(functions.load(bytes(code), true), 2);
  }

  private String fcall(String name, int numkeys, String... keysThenArgs) {
    LuaFunctions.Function f = functions.find(bytes(name));
    if (f == null) {
      return "not found";
    }
    byte[][] keys = new byte[numkeys][];
    byte[][] argv = new byte[keysThenArgs.length - numkeys][];
    for (int i = 0; i < keysThenArgs.length; i++) {
      if (i < numkeys) {
        keys[i] = bytes(keysThenArgs[i]);
      } else {
        argv[i - numkeys] = bytes(keysThenArgs[i]);
      }
    }
    return text(functions.call(f, keys, argv, host, 0), 2);
  }

  @Test
  void aFunctionGetsKeysAndArgsAsTablesAndSharesItsLibrarysLocals() {
    assertThat(load("#!lua name=lib\nlocal n = 0\n"
        + "redis.register_function('incr', function(keys, args) n = n + 1 return {n, keys, args} end)"))
        .isEqualTo("$3|lib|");
    assertThat(fcall("incr", 1, "k", "a")).isEqualTo("*3|:1|*1|$1|k|*1|$1|a|");
    assertThat(fcall("INCR", 0)).as("names are found without case").isEqualTo("*3|:2|*0|*0|");
  }

  @Test
  void mathRandom_isOneSequenceForEvalAndFunctions_andSurvivesScriptFlush() {
    // A fresh redis-server 7.0.15 answers 40 85 36 45 32 to math.random(100), however they mix.
    load("#!lua name=rl\nredis.register_function('r', function() return math.random(100) end)");
    String sha = LuaScripts.sha1hex(bytes("return math.random(100)"));
    scripts.compile(sha, bytes("return math.random(100)"), 0);
    assertThat(text(scripts.run(sha, new byte[0][], new byte[0][], host, 0), 2)).isEqualTo(":40|");
    assertThat(fcall("r", 0)).isEqualTo(":85|");
    scripts.flush();
    scripts.compile(sha, bytes("return math.random(100)"), 0);
    assertThat(text(scripts.run(sha, new byte[0][], new byte[0][], host, 0), 2)).isEqualTo(":36|");
    assertThat(fcall("r", 0)).isEqualTo(":45|");
  }

  @Test
  void metadataErrorsAreRedisOwn() {
    assertThat(load("return 1")).isEqualTo("-ERR Missing library metadata|");
    assertThat(load("#!lua name=a")).isEqualTo("-ERR Invalid library metadata|");
    assertThat(load("#!lua name=\"a\nx")).isEqualTo("-ERR Invalid library metadata|");
    assertThat(load("#!lua\nx")).isEqualTo("-ERR Library name was not given|");
    assertThat(load("#!lua name=a name=b\nx"))
        .isEqualTo("-ERR Invalid metadata value, name argument was given multiple times|");
    assertThat(load("#!lua x=1\nx")).isEqualTo("-ERR Invalid metadata value given: x=1|");
    assertThat(load("#!luax name=a-b\nx")).as("the name is checked before the engine")
        .isEqualTo("-ERR Library names can only contain letters, numbers, or underscores(_) and "
            + "must be at least one character long|");
    assertThat(load("#! name=a\nx")).isEqualTo("-ERR Engine '' not found|");
    assertThat(load("#!lua name=a\n")).isEqualTo("-ERR No functions registered|");
    assertThat(load("#!lua name=a\nreturn 1 +"))
        .isEqualTo("-ERR Error compiling function: user_function:2: unexpected symbol near "
            + "'<eof>'|");
  }

  @Test
  void theLoadingCodeSeesOnlyRegisterFunctionLogAndTheVersion() {
    assertThat(load("#!lua name=a\nlocal x = string.len('a')"))
        .isEqualTo("-ERR Error registering functions: ERR user_function:2: Script attempted to "
            + "access nonexistent global variable 'string'|");
    assertThat(load("#!lua name=a\nredis.call('ping')"))
        .isEqualTo("-ERR Error registering functions: ERR user_function:2: Script attempted to "
            + "access nonexistent global variable 'call'|");
    assertThat(load("#!lua name=a\nx = 1"))
        .isEqualTo("-ERR Error registering functions: ERR user_function:2: Attempt to modify a "
            + "readonly table|");
    assertThat(load("#!lua name=a\nredis.log(redis.LOG_WARNING, redis.REDIS_VERSION)\n"
        + "redis.register_function('f', function() return 1 end)")).isEqualTo("$1|a|");
    assertThat(sent).isEmpty();
  }

  @Test
  void registerFunctionChecksItsArguments() {
    assertThat(load("#!lua name=a\nredis.register_function('f')"))
        .isEqualTo("-ERR Error registering functions: ERR calling redis.register_function with a "
            + "single argument is only applicable to Lua table (representing named arguments).|");
    assertThat(load("#!lua name=a\nredis.register_function{function_name='f', "
        + "callback=function() end, flags={'no-writes', 'nope'}}"))
        .isEqualTo("-ERR Error registering functions: ERR unknown flag given|");
    assertThat(load("#!lua name=a\nredis.register_function('f', function() end)\n"
        + "redis.register_function('f', function() end)"))
        .isEqualTo("-ERR Error registering functions: ERR Function already exists in the library|");
    assertThat(load("#!lua name=a\nredis.register_function{function_name=7, "
        + "callback=function() end, flags={'NO-WRITES', 'allow-stale'}, description=1.5}"))
        .isEqualTo("$1|a|");
    assertThat(text(functions.list(null, false), 2)).isEqualTo("*1|*6|$12|library_name|$1|a|"
        + "$6|engine|$3|LUA|$9|functions|*1|*6|$4|name|$1|7|$11|description|$3|1.5|$5|flags|"
        + "*2|+no-writes|+allow-stale|");
  }

  @Test
  void aFailedReplaceLeavesTheOldLibrary() {
    load("#!lua name=a\nredis.register_function('f', function() return 'old' end)");
    load("#!lua name=b\nredis.register_function('g', function() return 'b' end)");
    assertThat(replace("#!lua name=a\nredis.register_function('G', function() end)"))
        .isEqualTo("-ERR Function G already exists|");
    assertThat(replace("#!lua name=a\nlocal x = nil .. 'x'")).startsWith("-ERR Error registering");
    assertThat(load("#!lua name=a\nredis.register_function('h', function() end)"))
        .isEqualTo("-ERR Library 'a' already exists|");
    assertThat(fcall("f", 0)).isEqualTo("$3|old|");
    assertThat(replace("#!lua name=a\nredis.register_function('h', function() return 'new' end)"))
        .isEqualTo("$1|a|");
    assertThat(fcall("f", 0)).isEqualTo("not found");
    assertThat(fcall("h", 0)).isEqualTo("$3|new|");
  }

  @Test
  void functionsSeeTheSandboxWithoutKeysOrArgvAndCannotWriteGlobals() {
    load("#!lua name=a\n"
        + "redis.register_function('libs', function() return {type(string), type(_G), "
        + "type(redis.register_function)} end)\n"
        + "redis.register_function('keys', function() return KEYS end)\n"
        + "redis.register_function('setg', function() x = 1 end)\n"
        + "redis.register_function('call', function(k) return redis.call('get', k[1]) end)");
    assertThat(fcall("libs", 0)).isEqualTo("*3|$5|table|$5|table|$3|nil|");
    assertThat(fcall("keys", 0)).isEqualTo("-ERR user_function:3: Script attempted to access "
        + "nonexistent global variable 'KEYS' script: keys, on @user_function:3.|");
    assertThat(fcall("setg", 0)).isEqualTo("-ERR user_function:4: Attempt to modify a readonly "
        + "table script: setg, on @user_function:4.|");
    assertThat(fcall("call", 1, "k")).isEqualTo("+OK|");
    assertThat(sent).containsExactly("get k");
  }

  @Test
  void aLoadRunningTooLongTimesOut() {
    assertThat(load("#!lua name=a\nwhile true do end"))
        .isEqualTo("-ERR Error registering functions: ERR FUNCTION LOAD timeout|");
  }

  @Test
  void twoNamesOfOneLibraryDifferingInCaseBothCount() {
    assertThat(load("#!lua name=a\nredis.register_function('F', function() return 'upper' end)\n"
        + "redis.register_function('f', function() return 'lower' end)")).isEqualTo("$1|a|");
    assertThat(fcall("f", 0)).isEqualTo("$5|lower|");
    assertThat(text(functions.stats(null), 2)).isEqualTo("*4|$14|running_script|$-1|$7|engines|*2|"
        + "$3|LUA|*4|$15|libraries_count|:1|$15|functions_count|:2|");
  }

  @Test
  void listMatchesLibraryNamesWithoutCaseAndShowsCodeOnRequest() {
    load("#!lua name=Alpha\nredis.register_function('a', function() end)");
    load("#!lua name=beta\nredis.register_function{function_name='b', callback=function() end, "
        + "description='d'}");
    assertThat(text(functions.list(bytes("ALPHA"), false), 3)).isEqualTo("*1|%3|"
        + "$12|library_name|$5|Alpha|$6|engine|$3|LUA|$9|functions|*1|%3|$4|name|$1|a|"
        + "$11|description|_|$5|flags|~0|");
    assertThat(text(functions.list(bytes("b*"), true), 2)).isEqualTo("*1|*8|"
        + "$12|library_name|$4|beta|$6|engine|$3|LUA|$9|functions|*1|*6|$4|name|$1|b|"
        + "$11|description|$1|d|$5|flags|*0|$12|library_code|$100|#!lua name=beta\n"
        + "redis.register_function{function_name='b', callback=function() end, description='d'}|");
    assertThat(text(functions.list(bytes("alp"), false), 2)).isEqualTo("*0|");
  }

  @Test
  void crc64IsRedisJonesCrc() {
    assertThat(dev.cortado.keyspace.Crc64.of(bytes("123456789"))).isEqualTo(0xe9c6d914c4b8d9caL);
  }

  @Test
  void dumpIsRedisBytesAndRestores() {
    load("#!lua name=lib1\nredis.register_function('f1', function() return 1 end)");
    byte[] expected = bytes("\u00f5@F#!lua name=lib1\nredis.register_function('f1', function() "
        + "return 1 end)\n\u0000\u0098\u00faC\u009b\u00f0\u00a7\u00a5\u00a2");
    assertThat(functions.dump(true)).isEqualTo(expected);
    functions.flush();
    assertThat(text(functions.restore(expected, LuaFunctions.RestorePolicy.APPEND), 2))
        .isEqualTo("+OK|");
    assertThat(fcall("f1", 0)).isEqualTo(":1|");
    assertThat(text(functions.restore(expected, LuaFunctions.RestorePolicy.APPEND), 2))
        .isEqualTo("-ERR Library lib1 already exists|");
    assertThat(text(functions.restore(expected, LuaFunctions.RestorePolicy.REPLACE), 2))
        .isEqualTo("+OK|");
  }

  @Test
  void dumpCompressesAsRedisDoes() {
    load("#!lua name=zipped\nredis.register_function('zip', function(keys, args) return "
        + "'zipped' end) -- " + "padding ".repeat(20));
    // FUNCTION DUMP of redis-server 7.0.15 for the same library.
    byte[] expected = HexFormat.of().parseHex(
        "f5c3406640fe1f23216c7561206e616d653d7a69707065640a72656469732e72"
        + "656769737465720a5f66756e6374696f6e2827201f02272c20e0000f126b6579"
        + "732c2061726773292072657475726e2040222042102720656e6429202d2d2070"
        + "616464696e67e08e070167200a006a8fbab0efc540fa");
    byte[] dumped = functions.dump(true);
    assertThat(HexFormat.of().formatHex(dumped)).isEqualTo(HexFormat.of().formatHex(expected));
    functions.flush();
    assertThat(text(functions.restore(dumped, LuaFunctions.RestorePolicy.FLUSH), 2))
        .isEqualTo("+OK|");
    assertThat(fcall("zip", 0)).isEqualTo("$6|zipped|");
    assertThat(functions.dump(false)[1]).as("uncompressed: a plain length")
        .isEqualTo((byte) 0x40);
  }

  @Test
  void restoreRefusesBrokenPayloads() {
    assertThat(text(functions.restore(bytes("abc"), LuaFunctions.RestorePolicy.APPEND), 2))
        .isEqualTo("-ERR DUMP payload version or checksum are wrong|");
    byte[] truncated = withFooter(bytes("\u00f5\u007f#!lua"));
    assertThat(text(functions.restore(truncated, LuaFunctions.RestorePolicy.APPEND), 2))
        .isEqualTo("-ERR Failed loading library payload|");
    byte[] notAFunction = withFooter(new byte[] {0});
    assertThat(text(functions.restore(notAFunction, LuaFunctions.RestorePolicy.APPEND), 2))
        .isEqualTo("-ERR given type is not a function|");
    byte[] forgedLzf = withFooter(bytes("\u00f5\u00c3\u0003\u0080\u007f\u00ff\u00ff\u00ffabc"));
    assertThat(text(functions.restore(forgedLzf, LuaFunctions.RestorePolicy.APPEND), 2))
        .as("a claimed length far past what LZF can expand to allocates nothing")
        .isEqualTo("-ERR Failed loading library payload|");
  }

  private static byte[] withFooter(byte[] body) {
    byte[] out = new byte[body.length + 10];
    System.arraycopy(body, 0, out, 0, body.length);
    out[body.length] = 10;
    long crc = dev.cortado.keyspace.Crc64.of(out, 0, body.length + 2);
    for (int i = 0; i < 8; i++) {
      out[body.length + 2 + i] = (byte) (crc >>> (8 * i));
    }
    return out;
  }
}
