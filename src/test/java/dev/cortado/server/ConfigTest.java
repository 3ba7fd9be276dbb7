package dev.cortado.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigTest {
  private final Config config =
      new Config(new ServerOptions("127.0.0.1", 6379, null, 16, ServerOptions.NO_SEED));

  @Test
  void parameters_everyLineOfTheTableIsAParameter() {
    long lines = ConfigParameters.TABLE.lines().count();
    long aliases = ConfigParameters.TABLE.lines().filter(l -> !l.split("\\|")[1].equals("-")).count();
    assertThat(config.matching("*")).hasSize((int) (lines + aliases));
  }

  @Test
  void parameters_defaultsAndAliasesAsRedisDeclaresThem() {
    assertThat(config.get("maxmemory-policy")).isEqualTo("noeviction");
    assertThat(config.get("slaveof")).isEqualTo(config.get("replicaof"));
    assertThat(config.get("replicaof")).isEmpty(); // a default that is empty runs to the line's end
    assertThat(config.get("save")).isNotNull();
    assertThat(config.get("dir")).satisfiesAnyOf(d -> assertThat(d).isEqualTo("/"),
        d -> assertThat(d).doesNotEndWith("/"));
  }
}
