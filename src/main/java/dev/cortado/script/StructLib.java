package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaTable;

/** Redis's `struct` library for scripts. (Being written.) */
final class StructLib {
  private StructLib() {}

  /** The library's table, as scripts see it under the global `struct`. */
  static LuaTable create() {
    return new LuaTable();
  }
}
