package dev.cortado.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * cjson through the script engine. Every expected reply is what redis-server 7.0.15 answered to the
 * same EVAL (RESP2, CRLF shown as "|"; "<sha>" stands for the script's SHA-1 in error texts).
 */
class CjsonLibTest {
  private final ScriptEvaluator engine = new ScriptEvaluator();

  private String eval(String body) {
    return engine.eval(body);
  }

  private String evalDeep(String body) throws InterruptedException {
    return engine.evalDeep(body);
  }

  private static String err(String message) {
    return "-ERR user_script:1: " + message + " script: <sha>, on @user_script:1.|";
  }

  @Test
  void encodesScalarsArraysAndObjectsAsLuaCjsonDoes() {
    assertThat(eval("return cjson.encode({1,2,3,'a/b', 0.1, 1e100, -0, 1/3})"))
        .isEqualTo("$45|[1,2,3,\"a\\/b\",0.1,1e+100,-0,0.33333333333333]|");
    assertThat(eval("return cjson.encode({})")).isEqualTo("$2|{}|");
    assertThat(eval("return cjson.encode(nil)")).isEqualTo("$4|null|");
    assertThat(eval("return cjson.encode(false)")).isEqualTo("$5|false|");
    assertThat(eval("return cjson.encode({a={b={c={1,2,{d='x'}}}}})"))
        .isEqualTo("$33|{\"a\":{\"b\":{\"c\":[1,2,{\"d\":\"x\"}]}}}|");
    assertThat(eval("return cjson.encode({1,2,x=1})")).isEqualTo("$19|{\"1\":1,\"2\":2,\"x\":1}|");
    assertThat(eval("return cjson.encode({[1.5]=1})")).isEqualTo("$9|{\"1.5\":1}|");
    assertThat(eval("return cjson.encode({[0]=1})")).isEqualTo("$7|{\"0\":1}|");
    assertThat(eval("return cjson.encode({[2^53]=1})")).isEqualTo("$24|{\"9.007199254741e+15\":1}|");
  }

  @Test
  void escapesControlCharactersQuoteBackslashSlashAndDel() {
    assertThat(eval("return cjson.encode('\\0\\1\\31\\127\\128\\255\"\\\\/\\b\\f\\n\\r\\t\\11 x')"))
        .isEqualTo("$52|\"\\u0000\\u0001\\u001f\\u007f\u0080\u00ff\\\"\\\\\\/\\b\\f\\n\\r\\t\\u000b x\"|");
  }

  @Test
  void formatsNumbersWithPercentGAtTheConfiguredPrecision() {
    assertThat(eval("return cjson.encode(123456789012345)")).isEqualTo("$19|1.2345678901234e+14|");
    assertThat(eval("return cjson.encode(1e-5)")).isEqualTo("$5|1e-05|");
    assertThat(eval("return cjson.encode(5e-324)")).isEqualTo("$20|4.9406564584125e-324|");
    assertThat(eval("return cjson.encode_number_precision(3)")).isEqualTo(":3|");
    assertThat(eval("return cjson.encode({1/3, 123456, 0.000123456, 100, 1000, 12.5, 99.95, 2^63})"))
        .isEqualTo("$53|[0.333,1.23e+05,0.000123,100,1e+03,12.5,100,9.22e+18]|");
    assertThat(eval("return cjson.encode_number_precision(15)")).isEqualTo(err(
        "bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)"));
  }

  @Test
  void sparseArraysFollowTheRatioAndSafeSettings() {
    assertThat(eval("return cjson.encode({[1]=1,[4]=4})")).isEqualTo("$15|[1,null,null,4]|");
    assertThat(eval("return cjson.encode({[10]=1})"))
        .isEqualTo("$48|[null,null,null,null,null,null,null,null,null,1]|");
    assertThat(eval("return cjson.encode({[11]=1})"))
        .isEqualTo(err("Cannot serialise table: excessively sparse array"));
    // the largest index is kept in a C int: 2^31 wraps negative and the table is an object
    assertThat(eval("return cjson.encode({[2^31]=1})")).isEqualTo("$16|{\"2147483648\":1}|");
    assertThat(eval("return {cjson.encode_sparse_array(true)}")).isEqualTo("*3|:1|:2|:10|");
    assertThat(eval("return cjson.encode({[20]=1})")).isEqualTo("$8|{\"20\":1}|");
    // a range error names argument 1 whichever it is, and the settings before it stay changed
    assertThat(eval("return {cjson.encode_sparse_array(false, 3, -1)}")).isEqualTo(err(
        "bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)"));
    assertThat(eval("return {cjson.encode_sparse_array()}")).isEqualTo("*3|$-1|:3|:10|");
    assertThat(eval("return {cjson.encode_sparse_array(nil, 'a')}")).isEqualTo(
        err("bad argument #2 to 'encode_sparse_array' (number expected, got string)"));
    assertThat(eval("return {cjson.encode_sparse_array(nil, 2, 10, 4)}")).isEqualTo(
        err("bad argument #4 to 'encode_sparse_array' (found too many arguments)"));
    assertThat(eval("return cjson.encode_sparse_array(1)"))
        .isEqualTo(err("bad argument #1 to 'encode_sparse_array' (invalid option '1')"));
  }

  @Test
  void settingsLastFromOneScriptToTheNext() {
    assertThat(eval("return cjson.encode_max_depth(5)")).isEqualTo(":5|");
    assertThat(eval("return cjson.encode_max_depth()")).isEqualTo(":5|");
    assertThat(eval("return cjson.encode({{{{{{1}}}}}})"))
        .isEqualTo(err("Cannot serialise, excessive nesting (6)"));
    // cjson.new() has settings of its own
    assertThat(eval("local c = cjson.new() c.encode_max_depth(3) return {c.encode_max_depth(), "
        + "cjson.encode_max_depth(), c._NAME, c.null == cjson.null, c.new ~= cjson.new}"))
        .isEqualTo("*5|:3|:5|$5|cjson|:1|:1|");
    assertThat(eval("return cjson.encode_max_depth(1e10)")).isEqualTo(":1410065408|");
    assertThat(eval("return cjson.encode_max_depth('7')")).isEqualTo(":7|");
    assertThat(eval("return cjson.encode_max_depth(0)")).isEqualTo(err(
        "bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)"));
    assertThat(eval("return cjson.encode_max_depth('x')"))
        .isEqualTo(err("bad argument #1 to 'encode_max_depth' (number expected, got string)"));
  }

  @Test
  void invalidNumbersAreAnErrorOrWrittenAsInfNanOrNull() {
    assertThat(eval("return cjson.encode(1/0)"))
        .isEqualTo(err("Cannot serialise number: must not be NaN or Inf"));
    assertThat(eval("return cjson.encode_invalid_numbers('null')")).isEqualTo("$4|null|");
    assertThat(eval("return cjson.encode({1/0, -1/0, 0/0})")).isEqualTo("$16|[null,null,null]|");
    assertThat(eval("return cjson.encode({[1/0] = 1})")).isEqualTo("$10|{\"null\":1}|");
    assertThat(eval("return cjson.encode_invalid_numbers(true)")).isEqualTo(":1|");
    assertThat(eval("return cjson.encode({1/0, -1/0, 0/0, -(0/0)})"))
        .isEqualTo("$18|[inf,-inf,nan,nan]|");
    assertThat(eval("return cjson.encode_invalid_numbers('bad')"))
        .isEqualTo(err("bad argument #1 to 'encode_invalid_numbers' (invalid option 'bad')"));
    assertThat(eval("return cjson.decode_invalid_numbers(false)")).isEqualTo("$-1|");
    assertThat(eval("return cjson.decode('0x10')"))
        .isEqualTo(err("Expected value but found invalid number at character 1"));
    assertThat(eval("return cjson.decode('inf')"))
        .isEqualTo(err("Expected value but found invalid token at character 1"));
  }

  @Test
  void encodeErrorsNameTheTypeAndReason() {
    assertThat(eval("return cjson.encode()"))
        .isEqualTo(err("bad argument #1 to 'encode' (expected 1 argument)"));
    assertThat(eval("return cjson.encode({[true]=1})"))
        .isEqualTo(err("Cannot serialise boolean: table key must be a number or string"));
    assertThat(eval("return cjson.encode(coroutine.create(function() end))"))
        .isEqualTo(err("Cannot serialise thread: type not supported"));
    assertThat(eval("local t = {} t.a = t return cjson.encode(t)"))
        .isEqualTo(err("Cannot serialise, excessive nesting (1001)"));
    // raised by cjson under pcall: no position
    assertThat(eval("local t = 1 for i=1,1001 do t = {t} end local ok, e = pcall(cjson.encode, t) "
        + "return e")).isEqualTo("$42|Cannot serialise, excessive nesting (1001)|");
  }

  @Test
  void decodesValuesStringsAndEscapes() {
    assertThat(eval("return cjson.decode('[1,2,3]')")).isEqualTo("*3|:1|:2|:3|");
    assertThat(eval("return cjson.decode('{\"a\":{\"b\":[1,2,{\"c\":\"d\"}]}}').a.b[3].c"))
        .isEqualTo("$1|d|");
    assertThat(eval("return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\\\\/\\\\b\\\\f\\\\n\\\\r\\\\t"
        + "\\\\\"\\\\\\\\\"')"))
        .isEqualTo("$14|\u00c3\u00a9\u00f0\u009f\u0098\u0080/\b\f\n\r\t\"\\|");
    assertThat(eval("return tostring(cjson.decode('0X1f.8p1'))")).isEqualTo("$2|63|");
    assertThat(eval("return tostring(cjson.decode('-Infinity'))")).isEqualTo("$4|-inf|");
    assertThat(eval("return tostring(cjson.decode('+5'))")).isEqualTo("$1|5|");
    assertThat(eval("return cjson.decode(123)")).isEqualTo(":123|");
  }

  @Test
  void decodeErrorsNameTheTokenAndItsPosition() {
    assertThat(eval("return cjson.decode('')"))
        .isEqualTo(err("Expected value but found T_END at character 1"));
    assertThat(eval("return cjson.decode('[1,2')"))
        .isEqualTo(err("Expected comma or array end but found T_END at character 5"));
    assertThat(eval("return cjson.decode('{\"a\" 1}')"))
        .isEqualTo(err("Expected colon but found T_NUMBER at character 6"));
    assertThat(eval("return cjson.decode('{1:2}')"))
        .isEqualTo(err("Expected object key string but found T_NUMBER at character 2"));
    assertThat(eval("return cjson.decode('[1]]')"))
        .isEqualTo(err("Expected the end but found T_ARR_END at character 4"));
    assertThat(eval("return cjson.decode('\"\\\\ud83d\"')"))
        .isEqualTo(err("Expected value but found invalid unicode escape code at character 2"));
    assertThat(eval("return cjson.decode('\"\\\\x\"')"))
        .isEqualTo(err("Expected value but found invalid escape code at character 2"));
    assertThat(eval("return cjson.decode('\"abc')"))
        .isEqualTo(err("Expected value but found unexpected end of string at character 5"));
    assertThat(eval("return cjson.decode('truex')"))
        .isEqualTo(err("Expected the end but found invalid token at character 5"));
    assertThat(eval("return cjson.decode('\\0a')"))
        .isEqualTo(err("JSON parser does not support UTF-16 or UTF-32"));
    assertThat(eval("return cjson.decode({})"))
        .isEqualTo(err("bad argument #1 to 'decode' (string expected, got table)"));
    // a byte 0 ends the text, as in C
    assertThat(eval("return cjson.decode('[1]\\0xyz')")).isEqualTo("*1|:1|");
  }

  @Test
  void nullIsALightUserdataThatRepliesAsNil() {
    assertThat(eval("return {type(cjson.null), tostring(cjson.null)}"))
        .isEqualTo("*2|$8|userdata|$15|userdata: (nil)|");
    assertThat(eval("return {1, cjson.null, 2}")).isEqualTo("*3|:1|$-1|:2|");
    assertThat(eval("return cjson.decode('[1,null,3]')")).isEqualTo("*3|:1|$-1|:3|");
    assertThat(eval("return cjson.decode('{\"a\":null}').a == cjson.null")).isEqualTo(":1|");
    assertThat(eval("return cjson.encode({x=cjson.null})")).isEqualTo("$10|{\"x\":null}|");
    assertThat(eval("return {cjson._NAME, cjson._VERSION}")).isEqualTo("*2|$5|cjson|$5|2.1.0|");
  }

  @Test
  void nestingStopsAtTheDepthLimitOrLuasCStack() throws InterruptedException {
    assertThat(eval("local ok, e = pcall(cjson.decode, string.rep('[', 1001)..string.rep(']', 1001))"
        + " return e")).isEqualTo("$62|Found too many nested data structures (1001) at character 1001|");
    assertThat(eval("local ok, e = pcall(cjson.decode, string.rep('{\"a\":', 20000)) return e"))
        .isEqualTo("$62|Found too many nested data structures (1001) at character 5001|");
    assertThat(evalDeep("cjson.encode_max_depth(100000) local t = 1 for i=1,20000 do t = {t} end "
        + "local ok, e = pcall(cjson.encode, t) return e"))
        .isEqualTo("$42|Cannot serialise, excessive nesting (7998)|");
    assertThat(evalDeep("cjson.encode_max_depth(100000) local t = 1 for i=1,20000 do t = {a=t} end "
        + "local ok, e = pcall(cjson.encode, t) return e"))
        .isEqualTo("$42|Cannot serialise, excessive nesting (4000)|");
    assertThat(evalDeep("cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, "
        + "string.rep('[', 20000)) return e"))
        .isEqualTo("$62|Found too many nested data structures (7999) at character 7999|");
    assertThat(evalDeep("cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, "
        + "string.rep('{\"a\":', 20000)) return e"))
        .isEqualTo("$63|Found too many nested data structures (4000) at character 19996|");
  }

  @Test
  void theLibraryTableIsReadOnly() {
    assertThat(eval("cjson.x = 1"))
        .isEqualTo(err("Attempt to modify a readonly table"));
  }
}
