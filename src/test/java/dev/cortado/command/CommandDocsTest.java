package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The COMMAND DOCS data file against the command table: every command and subcommand has Redis's
 * docs, and a container lists the subcommands Cortado has. The replies themselves are compared
 * with redis-server by CommandDocsConformanceTest.
 */
class CommandDocsTest {
  private final CommandTable table = CommandTable.standard();

  private List<CommandSpec> everyCommand() {
    List<CommandSpec> all = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      all.add(spec);
      all.addAll(spec.subcommands.values());
    }
    return all;
  }

  /** Later Redis versions' subcommands, which 7.0.15 does not document: docs from the table. */
  @Test
  void everyCommandHasRedisDocs_butThoseRedis70Lacks() {
    List<String> missing = new ArrayList<>();
    for (CommandSpec spec : everyCommand()) {
      if (CommandDocs.of(spec, table) == null) {
        missing.add(spec.name);
      }
    }
    assertThat(missing).containsExactlyInAnyOrder("client|setinfo", "client|no-touch", "client|capa");
    assertThat(Harness.render(CommandInfo.docs(table.find("client|capa"), table), 2))
        .startsWith("*8\r\n$7\r\nsummary\r\n");
  }

  @Test
  void subcommandsOfAContainerAreOnlyThoseCortadoHas() {
    String docs = Harness.render(CommandDocs.of(table.find("config"), table), 3);
    assertThat(docs).contains("config|get").contains("config|set").contains("config|rewrite");
    // CLIENT's: Redis 7.0's that Cortado has, then Cortado's own from later versions.
    String client = Harness.render(CommandDocs.of(table.find("client"), table), 3);
    assertThat(client).contains("client|getname").contains("client|capa");
    for (String sub : new String[] {"get", "set", "resetstat", "rewrite", "help"}) {
      assertThat(table.find("config|" + sub)).isNotNull();
    }
    assertThat(Harness.render(CommandDocs.of(table.find("config|get"), table), 2))
        .startsWith("*12\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n");
  }
}
