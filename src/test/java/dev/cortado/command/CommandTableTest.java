package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tables' handlers are looked up lazily; every one must still exist. */
class CommandTableTest {

  @Test
  void everyHandlerOfBothTablesResolves() {
    CommandTable standard = CommandTable.standard();
    standard.resolveAll(); // throws for a row naming a method that does not exist
    CommandTable.sentinel().resolveAll();
    assertThat(standard.get("get")).isNotNull();
  }

  /** A field added to CommandSpec and forgotten in copy() would differ here. */
  @Test
  void eachServersTableCopiesEveryDeclaredFieldButTheStatistics() throws Exception {
    CommandTable template = CommandTable.template();
    CommandTable copy = CommandTable.standard();
    int compared = 0;
    for (String name : java.util.List.of("get", "set", "client", "xadd", "eval", "georadius", "sort", "hdel")) {
      CommandSpec a = template.get(name);
      CommandSpec b = copy.get(name);
      assertThat(b).isNotSameAs(a);
      for (java.lang.reflect.Field f : CommandSpec.class.getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        if (f.getName().equals("stats")) {
          assertThat(f.get(b)).isNotSameAs(f.get(a));
        } else if (f.getName().equals("subcommands")) {
          assertThat(new java.util.ArrayList<Object>(((java.util.Map<?, ?>) f.get(b)).keySet()))
              .isEqualTo(new java.util.ArrayList<Object>(((java.util.Map<?, ?>) f.get(a)).keySet()));
        } else {
          assertThat(f.get(b)).as("%s.%s", name, f.getName()).isEqualTo(f.get(a));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(8 * 15);
    assertThat(copy.get("client").subcommands.get("list"))
        .isNotSameAs(template.get("client").subcommands.get("list"));
  }

  @Test
  void aRowNamingNoMethod_failsWhenResolved() {
    CommandTable t = new CommandTable();
    t.family("StringCommands").add("nosuchcommand", 1, 0, 0, 0, 0, "string", "none",
        "noSuchHandler");
    assertThatThrownBy(t::resolveAll).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noSuchHandler");
  }
}
