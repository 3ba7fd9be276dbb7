package dev.cortado.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bit library through the engine. Every expected reply is what Redis 7.0.15 answered to the
 * same script (redis-cli), errors up to the " script: sha" part.
 */
class BitLibTest {
  private final ScriptEvaluator engine = new ScriptEvaluator();

  /** The script's RESP2 reply, CRLF shown as "|" and an error cut before " script: sha". */
  private String eval(String body) {
    return engine.evalUpToScript(body);
  }

  @Test
  void tobitWrapsToSignedThirtyTwoBits() {
    assertThat(eval("return bit.tobit(1)")).isEqualTo(":1|");
    assertThat(eval("return bit.tobit(2^31)")).isEqualTo(":-2147483648|");
    assertThat(eval("return bit.tobit(2^32+5)")).isEqualTo(":5|");
    assertThat(eval("return bit.tobit(4294967295)")).isEqualTo(":-1|");
    assertThat(eval("return tostring(bit.tobit(-1))")).isEqualTo("$2|-1|");
  }

  @Test
  void fractionsRoundToNearestEven() {
    assertThat(eval("return bit.tobit(0.5)")).isEqualTo(":0|");
    assertThat(eval("return bit.tobit(1.5)")).isEqualTo(":2|");
    assertThat(eval("return bit.tobit(2.5)")).isEqualTo(":2|");
    assertThat(eval("return bit.tobit(3.5)")).isEqualTo(":4|");
    assertThat(eval("return bit.tobit(-1.5)")).isEqualTo(":-2|");
  }

  @Test
  void hugeAndSpecialNumbersKeepTheSumsLowBits() {
    assertThat(eval("return bit.tobit(2^51)")).isEqualTo(":0|");
    assertThat(eval("return bit.tobit(-2^51-1)")).isEqualTo(":-2|");
    assertThat(eval("return bit.tobit(-2^53-3)")).isEqualTo(":8|");
    assertThat(eval("return bit.tobit(1e300)")).isEqualTo(":-2013235812|");
    assertThat(eval("return bit.tobit(-1e300)")).isEqualTo(":-2013235812|");
    assertThat(eval("return bit.tobit(0/0)")).isEqualTo(":0|");
    assertThat(eval("return bit.tobit(1/0)")).isEqualTo(":0|");
    assertThat(eval("return bit.tobit('nan(0x123)')")).as("glibc's NaN payload").isEqualTo(":291|");
    assertThat(eval("return bit.tobit('-nan(0x80000001)')")).isEqualTo(":-2147483647|");
    assertThat(eval("return bit.tobit('nan(12a)')")).isEqualTo(":0|");
  }

  @Test
  void stringsConvertAsLuaConvertsThem() {
    assertThat(eval("return bit.tobit('0x10')")).isEqualTo(":16|");
    assertThat(eval("return bit.tobit(' 12 ')")).isEqualTo(":12|");
    assertThat(eval("return bit.tobit('1e5')")).isEqualTo(":100000|");
    assertThat(eval("return bit.tobit('0x1p4')")).isEqualTo(":16|");
    assertThat(eval("return bit.tobit('  0x')")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got string)");
  }

  @Test
  void operations() {
    assertThat(eval("return bit.bnot(0)")).isEqualTo(":-1|");
    assertThat(eval("return bit.bor(1,2,4,8)")).isEqualTo(":15|");
    assertThat(eval("return bit.rol(1,33)")).isEqualTo(":2|");
    assertThat(eval("return bit.ror(1, -1)")).isEqualTo(":2|");
    assertThat(eval("return bit.arshift(-256, 4)")).isEqualTo(":-16|");
    assertThat(eval("return bit.rshift(-256, 4)")).isEqualTo(":268435440|");
    assertThat(eval("return bit.bswap(0x12345678)")).isEqualTo(":2018915346|");
  }

  @Test
  void tohexDigitsAndCase() {
    assertThat(eval("return bit.tohex(255)")).isEqualTo("$8|000000ff|");
    assertThat(eval("return bit.tohex(-1)")).isEqualTo("$8|ffffffff|");
    assertThat(eval("return bit.tohex(255,-4)")).isEqualTo("$4|00FF|");
    assertThat(eval("return bit.tohex(255,2)")).isEqualTo("$2|ff|");
    assertThat(eval("return bit.tohex(255,0)")).isEqualTo("$0||");
    assertThat(eval("return bit.tohex(255,100)")).isEqualTo("$8|000000ff|");
    assertThat(eval("return bit.tohex(0x12345678, -3)")).isEqualTo("$3|678|");
    assertThat(eval("return bit.tohex(255,-2^31)")).isEqualTo("$8|000000FF|");
    assertThat(eval("return bit.tohex(255,2^31)")).isEqualTo("$8|000000FF|");
  }

  @Test
  void argumentErrors() {
    assertThat(eval("return bit.tobit()")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got no value)");
    assertThat(eval("return bit.tobit(nil)")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got nil)");
    assertThat(eval("return bit.tobit({})")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got table)");
    assertThat(eval("return bit.tohex(255,nil)")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'tohex' (number expected, got nil)");
    assertThat(eval("return bit.lshift(1)")).isEqualTo(
        "-ERR user_script:1: bad argument #2 to 'lshift' (number expected, got no value)");
    assertThat(eval("return bit.band(1,'x','y')")).as("the last operand is checked first")
        .isEqualTo("-ERR user_script:1: bad argument #3 to 'band' (number expected, got string)");
    assertThat(eval("return bit.band('x','y')")).isEqualTo(
        "-ERR user_script:1: bad argument #1 to 'band' (number expected, got string)");
  }
}
