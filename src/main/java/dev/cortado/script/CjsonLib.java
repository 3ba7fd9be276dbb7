package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaTable;

/** Redis's `cjson` library for scripts. (Being written.) */
final class CjsonLib {
  private CjsonLib() {}

  /** The library's table, as scripts see it under the global `cjson`. */
  static LuaTable create() {
    return new LuaTable();
  }
}
