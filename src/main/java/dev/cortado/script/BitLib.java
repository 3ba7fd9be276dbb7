package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaTable;

/** Redis's `bit` library for scripts. (Being written.) */
final class BitLib {
  private BitLib() {}

  /** The library's table, as scripts see it under the global `bit`. */
  static LuaTable create() {
    return new LuaTable();
  }
}
