package dev.cortado.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** The lines this module stands for: Boot 4.0 on JUnit 6. */
class VersionsTest {
  @Test
  void bootFourOnJUnitSix() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
  }
}
