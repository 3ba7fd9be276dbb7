package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaTable;

/** Redis's `cmsgpack` library for scripts. (Being written.) */
final class CmsgpackLib {
  private CmsgpackLib() {}

  /** The library's table, as scripts see it under the global `cmsgpack`. */
  static LuaTable create() {
    return new LuaTable();
  }
}
