package dev.cortado.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * cmsgpack through the script engine. Every expected reply is what redis-server 7.0.15 answered to
 * the same EVAL (RESP2, CRLF shown as "|", packed bytes as hex; "<sha>" stands for the script's
 * SHA-1 in error texts).
 */
class CmsgpackLibTest {
  private final ScriptEvaluator engine = new ScriptEvaluator();

  private byte[] run(String body) {
    return engine.raw(body);
  }

  private String eval(String body) {
    return engine.eval(body);
  }

  /** The bytes of a bulk string reply, in hex. */
  private String packed(String body) {
    String text = new String(run(body), StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("$");
    int start = text.indexOf("\r\n") + 2;
    byte[] payload = text.substring(start, text.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    return ByteBufUtil.hexDump(payload);
  }

  private String evalDeep(String body) throws InterruptedException {
    return engine.evalDeep(body);
  }

  private static String err(String message) {
    return "-ERR user_script:1: " + message + " script: <sha>, on @user_script:1.|";
  }

  @Test
  void packsNumbersAsIntegersFloatsOrDoublesAndConcatenatesArguments() {
    assertThat(packed("return cmsgpack.pack({1,2,3}, 'abc', 1.5, 0.1, -1, -33, 2^40, -2^40, 2^64, "
        + "1/0, true, false, nil)")).isEqualTo("93010203a3616263ca3fc00000cb3fb999999999999affd0df"
        + "cf0000010000000000d3ffffff0000000000ca5f800000ca7f800000c3c2c0");
    assertThat(packed("return cmsgpack.pack(2^63, -2^63, 127, 128, 255, 256, 65535, 65536, 2^32-1, "
        + "2^32, -32, -128, -129, -32768, -32769, -2^31, -2^31-1, -0)"))
        .isEqualTo("ca5f000000d380000000000000007fcc80ccffcd0100cdffffce00010000ceffffffffcf000000"
            + "0100000000e0d080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffff00");
  }

  @Test
  void tablesAreArraysOnlyWithKeys1ToNAndNilPast16Levels() {
    assertThat(packed("return cmsgpack.pack({a=1}, {[1]=1,[3]=3}, {[1.5]=2}, {[0]=1}, {}, "
        + "cjson.null, {[2^31]=1})"))
        .isEqualTo("81a16101820101030381ca3fc000000281000190c081ce8000000001");
    assertThat(packed("return cmsgpack.pack({{{{{{{{{{{{{{{{{{1}}}}}}}}}}}}}}}}}})"))
        .isEqualTo("91919191919191919191919191919191c0");
  }

  @Test
  void unpackReturnsEveryValue() {
    assertThat(eval("return {cmsgpack.unpack(cmsgpack.pack({1,2,3}, 'abc', 1.5, -1, true, false))}"))
        .isEqualTo("*6|*3|:1|:2|:3|$3|abc|:1|:-1|:1|$-1|");
    assertThat(eval("return {cmsgpack.unpack('\\204\\255\\208\\255\\205\\255\\255\\209\\255\\254"
        + "\\206\\255\\255\\255\\255\\210\\128\\0\\0\\0')}"))
        .isEqualTo("*6|:255|:-1|:65535|:-2|:4294967295|:-2147483648|");
    // an unsigned 64-bit value goes through a signed C long
    assertThat(eval("return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))"))
        .isEqualTo("$2|-1|");
    // a nil in an array is a hole; an array reply stops there
    assertThat(eval("return {cmsgpack.unpack('\\147\\1\\192\\3')}")).isEqualTo("*1|*1|:1|");
    // a number argument is read as its text: "5" is the byte 0x35
    assertThat(eval("return cmsgpack.unpack(5)")).isEqualTo(":53|");
    // a float32 NaN keeps its payload through the double it becomes
    assertThat(packed("return cmsgpack.pack(cmsgpack.unpack('\\202\\127\\192\\0\\1'))"))
        .isEqualTo("cb7ff8000020000000");
  }

  @Test
  void unpackOneAndLimitReturnTheNextOffsetFirst() {
    assertThat(eval("return {cmsgpack.unpack_one('\\1\\2\\3', 1)}")).isEqualTo("*2|:2|:2|");
    assertThat(eval("return {cmsgpack.unpack_one('\\1\\2\\3', 3)}")).isEqualTo("*1|:-1|");
    assertThat(eval("return {cmsgpack.unpack_limit('\\1\\2\\3', 2)}")).isEqualTo("*3|:2|:1|:2|");
    // limit 0 and offset 0 is "everything", without an offset
    assertThat(eval("return {cmsgpack.unpack_limit('\\1\\2\\3', 0)}")).isEqualTo("*3|:1|:2|:3|");
    // sic: the C library reports the input's length as the limit
    assertThat(eval("return {cmsgpack.unpack_limit('\\1\\2\\3', -1, 5)}"))
        .isEqualTo(err("Invalid request to unpack with offset of 5 and limit of 3."));
    assertThat(eval("return {cmsgpack.unpack_one('\\1\\2\\3', 4)}"))
        .isEqualTo(err("Start offset 4 greater than input length 3."));
    assertThat(eval("return {cmsgpack.unpack_limit('\\1\\2\\3')}"))
        .isEqualTo(err("bad argument #2 to 'unpack_limit' (number expected, got no value)"));
  }

  @Test
  void badInputIsAnError() {
    assertThat(eval("return cmsgpack.unpack('\\147\\1\\2')")).isEqualTo(err("Missing bytes in input."));
    assertThat(eval("return cmsgpack.unpack('\\193')")).isEqualTo(err("Bad data format in input."));
    // raised by Lua itself (a nil key), so without a position
    assertThat(eval("return cmsgpack.unpack('\\129\\192\\1')"))
        .isEqualTo("-ERR table index is nil script: <sha>, on @user_script:1.|");
    assertThat(eval("return cmsgpack.pack()"))
        .isEqualTo(err("bad argument #0 to 'pack' (MessagePack pack needs input.)"));
    assertThat(eval("return cmsgpack.unpack()"))
        .isEqualTo(err("bad argument #1 to 'unpack' (string expected, got no value)"));
  }

  @Test
  void luasCStackBoundsArgumentsResultsAndNesting() throws InterruptedException {
    assertThat(eval("local t = {} for i=1,4001 do t[i]=i end return #cmsgpack.pack(unpack(t))"))
        .isEqualTo(err("bad argument #0 to 'pack' (Too many arguments for MessagePack pack.)"));
    assertThat(eval("local t = {} for i=1,3999 do t[i]=i end t[4000] = {1} "
        + "return #cmsgpack.pack(unpack(t))"))
        .isEqualTo(err("stack overflow (in function table_is_an_array)"));
    assertThat(eval("return select('#', cmsgpack.unpack(string.rep('\\1', 7999)))"))
        .isEqualTo(":7999|");
    assertThat(eval("return select('#', cmsgpack.unpack(string.rep('\\1', 8000)))")).isEqualTo(err(
        "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)"));
    assertThat(evalDeep("return select('#', cmsgpack.unpack(string.rep('\\145', 5000)))"))
        .isEqualTo(err("stack overflow (in function mp_decode_to_lua_array)"));
  }

  @Test
  void metadata() {
    assertThat(eval("return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, "
        + "cmsgpack._DESCRIPTION}")).isEqualTo("*4|$8|cmsgpack|$18|lua-cmsgpack 0.4.0|"
        + "$40|Copyright (C) 2012, Salvatore Sanfilippo|$36|MessagePack C implementation for Lua|");
  }
}
