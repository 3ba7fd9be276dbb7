package dev.cortado.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The struct library through the engine. Every expected reply is what Redis 7.0.15 answered to the
 * same script (redis-cli --no-raw), errors up to the " script: sha" part; binary replies are
 * compared byte for byte (Latin-1 here, one char a byte).
 */
class StructLibTest {
  private final ScriptEvaluator engine = new ScriptEvaluator();

  /** The script's RESP2 reply, CRLF shown as "|" and an error cut before " script: sha". */
  private String eval(String body) {
    return engine.evalUpToScript(body);
  }

  @Test
  void packsIntegersInEitherOrder() {
    assertThat(eval("return struct.pack('>i', 1)")).isEqualTo("$4|\0\0\0\1|");
    assertThat(eval("return struct.pack('<i2', -2)")).isEqualTo("$2|\u00fe\u00ff|");
    assertThat(eval("return struct.pack('T', 5)")).isEqualTo("$8|\5\0\0\0\0\0\0\0|");
    assertThat(eval("return struct.pack('i3', 70000)")).isEqualTo("$3|p\u0011\u0001|");
    assertThat(eval("return struct.pack('b', 300)")).isEqualTo("$1|,|");
    assertThat(eval("return struct.pack('b', '0x10')")).isEqualTo("$1|\u0010|");
    assertThat(eval("return struct.pack('>i16', -1)"))
        .as("bytes past the 8th are zero").isEqualTo("$16|" + "\0".repeat(8)
            + "\u00ff".repeat(8) + "|");
    assertThat(eval("return struct.pack('i0', 1)")).isEqualTo("$0||");
  }

  @Test
  void outOfRangeNumbersConvertAsGccCastsThem() {
    assertThat(eval("return struct.pack('i', 1e20)")).isEqualTo("$4|\0\0\0\0|");
    assertThat(eval("return struct.pack('>l', 2^63)")).isEqualTo("$8|\u0080\0\0\0\0\0\0\0|");
    assertThat(eval("return struct.pack('>L', 2^64)")).isEqualTo("$8|\0\0\0\0\0\0\0\0|");
    assertThat(eval("return struct.pack('>l', 0/0)")).isEqualTo("$8|\u0080\0\0\0\0\0\0\0|");
    assertThat(eval("return struct.pack('>d', 'nan(0x5)')")).as("glibc's NaN payload")
        .isEqualTo("$8|\u007f\u00f8\0\0\0\0\0\5|");
  }

  @Test
  void floatsStringsPaddingAndAlignment() {
    assertThat(eval("return struct.pack('f', 1.5)")).isEqualTo("$4|\0\0\u00c0?|");
    assertThat(eval("return struct.pack('>d', 1.5)")).isEqualTo("$8|?\u00f8\0\0\0\0\0\0|");
    assertThat(eval("return struct.pack('s', 'ab')")).isEqualTo("$3|ab\0|");
    assertThat(eval("return struct.pack('c0', 'abc')")).isEqualTo("$3|abc|");
    assertThat(eval("return struct.pack('c2', 'abc')")).isEqualTo("$2|ab|");
    assertThat(eval("return struct.pack('x x', 1)")).isEqualTo("$2|\0\0|");
    assertThat(eval("return struct.pack('!2bi', 1, 2)")).isEqualTo("$6|\1\0\2\0\0\0|");
    assertThat(eval("return struct.pack('!bd', 1, 2)"))
        .isEqualTo("$16|\1" + "\0".repeat(7) + "\0\0\0\0\0\0\0@|");
    assertThat(eval("return struct.pack('b\\0b', 1, 2)")).as("the format ends at a NUL")
        .isEqualTo("$1|\1|");
  }

  @Test
  void packErrors() {
    assertThat(eval("return struct.pack('i33', 1)"))
        .isEqualTo("-ERR user_script:1: integral size 33 is larger than limit of 32");
    assertThat(eval("return struct.pack('c99999999999', 'a')"))
        .isEqualTo("-ERR user_script:1: integral size overflow");
    assertThat(eval("return struct.pack('c2147483647', 'a')")).as("names the next argument")
        .isEqualTo("-ERR user_script:1: bad argument #3 to 'pack' (string too short)");
    assertThat(eval("return struct.pack('!3i', 1)"))
        .isEqualTo("-ERR user_script:1: alignment 3 is not a power of 2");
    assertThat(eval("return struct.pack('z', 1)")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'pack' (invalid format option 'z')");
    assertThat(eval("return struct.pack('\\255', 1)")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'pack' (invalid format option '\u00ff')");
    assertThat(eval("return struct.pack('b')")).as("pack's end-of-arguments mark is a nil")
        .isEqualTo("-ERR user_script:1: bad argument #2 to 'pack' (number expected, got nil)");
    assertThat(eval("return struct.pack()")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'pack' (string expected, got no value)");
    assertThat(eval("return struct.pack('c', {})")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'pack' (string expected, got table)");
  }

  @Test
  void unpacksValuesAndTheNextPosition() {
    assertThat(eval("return {struct.unpack('>i', '\\0\\0\\1\\0')}")).isEqualTo("*2|:256|:5|");
    assertThat(eval("return {struct.unpack('<h', '\\255\\255')}")).isEqualTo("*2|:-1|:3|");
    assertThat(eval("return {struct.unpack('<H', '\\255\\255')}")).isEqualTo("*2|:65535|:3|");
    assertThat(eval("return {struct.unpack('<i9', string.rep('\\255', 9))}"))
        .isEqualTo("*2|:-1|:10|");
    assertThat(eval("return tostring(struct.unpack('<L', string.rep('\\255', 8)))"))
        .isEqualTo("$18|1.844674407371e+19|");
    assertThat(eval("return {struct.unpack('!4bi', 'abcdefgh')}"))
        .isEqualTo("*3|:97|:1751606885|:9|");
    assertThat(eval("return {struct.unpack('ss', 'ab\\0c\\0')}")).isEqualTo("*3|$2|ab|$1|c|:6|");
    assertThat(eval("return tostring(struct.unpack('f', struct.pack('f', 0.1)))"))
        .isEqualTo("$16|0.10000000149012|");
  }

  @Test
  void c0TakesItsLengthFromThePreviousValue() {
    assertThat(eval("return {struct.unpack('bc0', '\\2abc')}")).isEqualTo("*2|$2|ab|:4|");
    assertThat(eval("return {struct.unpack('c1c0', '2abc')}")).as("a numeric string counts")
        .isEqualTo("*2|$2|ab|:4|");
    assertThat(eval("return {struct.unpack('c0', 'abc')}"))
        .isEqualTo("-ERR user_script:1: format 'c0' needs a previous size");
    assertThat(eval("return {struct.unpack('bc0', '\\255abc')}")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'unpack' (data string too short)");
  }

  @Test
  void offsets() {
    assertThat(eval("return {struct.unpack('b', 'a', 0)}")).isEqualTo(
        "-ERR user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater)");
    assertThat(eval("return {struct.unpack('b', 'a', -1)}")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'unpack' (data string too short)");
    assertThat(eval("return {struct.unpack('', 'a', -5)}")).isEqualTo("*1|:-5|");
    assertThat(eval("return {struct.unpack('', 'a', 1e20)}"))
        .isEqualTo("*1|:-9223372036854775808|");
    assertThat(eval("return {struct.unpack('', 'a', '3')}")).isEqualTo("*1|:3|");
    assertThat(eval("return {struct.unpack('', 'a', 'x')}")).isEqualTo(
        "-ERR user_script:1: bad argument #3 to 'unpack' (number expected, got string)");
  }

  @Test
  void unpackErrors() {
    assertThat(eval("return {struct.unpack('s', 'abc')}"))
        .isEqualTo("-ERR user_script:1: unfinished string in data");
    assertThat(eval("return {struct.unpack('z', 'a', 5)}")).as("bounds before the option")
        .isEqualTo("-ERR user_script:1: bad argument #2 to 'unpack' (data string too short)");
    assertThat(eval("return struct.unpack('b')")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'unpack' (string expected, got no value)");
    assertThat(eval("return {struct.unpack('c2147483647', 'a')}")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'unpack' (data string too short)");
    assertThat(eval("return select('#', struct.unpack(string.rep('b', 7997),"
        + " string.rep('a', 7997)))")).isEqualTo(":7998|");
    assertThat(eval("return select('#', struct.unpack(string.rep('b', 7998),"
        + " string.rep('a', 7998)))"))
        .isEqualTo("-ERR user_script:1: stack overflow (too many results)");
  }

  @Test
  void size() {
    assertThat(eval("return struct.size('bid')")).isEqualTo(":13|");
    assertThat(eval("return struct.size('!bid')")).isEqualTo(":16|");
    assertThat(eval("return struct.size('z')")).as("letters it does not know count nothing")
        .isEqualTo(":0|");
    assertThat(eval("return struct.size('s')")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)");
    assertThat(eval("return struct.size('c0')")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'size' (option 'c0' has no fixed size)");
    assertThat(eval("return struct.size('#')")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'size' (invalid format option '#')");
  }
}
