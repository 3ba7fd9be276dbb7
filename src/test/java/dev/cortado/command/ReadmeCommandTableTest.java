package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's supported-commands table lists exactly the commands in the command tables (a
 * server's and a Sentinel's).
 */
class ReadmeCommandTableTest {
  private static final Pattern CONTAINER = Pattern.compile("([A-Z_-]+) \\(([^)]*)\\)");

  @Test
  void readmeTable_listsEveryCommandAndNothingElse() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("## Supported commands");
    String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
    Set<String> documented = new TreeSet<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| Group")) {
        continue;
      }
      String commands = line.substring(line.indexOf('|', 2) + 1, line.lastIndexOf('|'))
          .replaceAll("\\[[^]]*]", "");
      Matcher m = CONTAINER.matcher(commands);
      while (m.find()) {
        for (String sub : m.group(2).split(",")) {
          documented.add((m.group(1) + "|" + sub.trim()).toLowerCase(Locale.ROOT));
        }
      }
      for (String name : CONTAINER.matcher(commands).replaceAll("").split(",")) {
        if (!name.isBlank()) {
          documented.add(name.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    Set<String> implemented = new TreeSet<>();
    // A Sentinel's table too: SENTINEL's subcommands (its other commands are the standard ones).
    for (CommandTable table : new CommandTable[] {CommandTable.standard(), CommandTable.sentinel()}) {
      for (CommandSpec spec : table.all()) {
        if (spec.subcommands.isEmpty()) {
          implemented.add(spec.name);
        }
        for (CommandSpec sub : spec.subcommands.values()) {
          implemented.add(sub.name);
        }
      }
    }
    assertThat(documented).isEqualTo(implemented);
  }
}
