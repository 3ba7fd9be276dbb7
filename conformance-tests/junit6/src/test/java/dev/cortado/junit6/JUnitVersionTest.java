package dev.cortado.junit6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** This project exists to run Cortado's extension on JUnit 6: check that it does. */
class JUnitVersionTest {
  @Test
  void runsOnJUnit6() {
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    assertThat(org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion())
        .startsWith("6.");
  }
}
