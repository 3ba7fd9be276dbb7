package dev.cortado.luaj.vm2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lua 5.1's "%.14g" and Redis's "%.17g", as glibc prints them (expected values from C's printf). */
class NumberTextTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|0", "-0.0|-0", "1|1", "-1|-1", "3.3333333333333335|3.3333333333333",
      "1e15|1e+15", "9007199254740992|9.007199254741e+15", "99999999999999|99999999999999",
      "100000000000000|1e+14", "0.1|0.1", "0.0001|0.0001", "0.00001|1e-05", "1e100|1e+100",
      "4294967296.5|4294967296.5", "1.4142135623730951|1.4142135623731", "-2.5e-7|-2.5e-07",
      "123456789012345|1.2345678901234e+14", "0.5|0.5", "1e-300|1e-300"})
  void g14(double value, String expected) {
    assertThat(NumberText.g14(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0.1|0.10000000000000001", "1e20|1e+20", "3|3", "-2.5e-7|-2.4999999999999999e-07",
      "1e15|1000000000000000", "1.5|1.5", "-0.0|-0"})
  void g17(double value, String expected) {
    assertThat(NumberText.g17(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Infinity|inf", "-Infinity|-inf"})
  void infinities(double value, String expected) {
    assertThat(NumberText.g14(value)).isEqualTo(expected);
  }

  /** glibc prints a NaN's sign bit: "-nan" for x86's default NaN (0/0), "nan" once negated. */
  @org.junit.jupiter.api.Test
  void nanPrintsItsSign() {
    double negativeNan = Double.longBitsToDouble(0xfff8000000000000L);
    assertThat(NumberText.g14(negativeNan)).isEqualTo("-nan");
    assertThat(NumberText.g14(-negativeNan)).isEqualTo("nan");
  }
}
