package dev.cortado.luaj.vm2.lib;

import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;

/**
 * Cortado: Lua 5.1's argument checks ({@code luaL_checknumber}, {@code luaL_checklstring},
 * {@code luaL_argerror}) with their messages, "bad argument #2 to 'format' (number expected, got
 * nil)", for the library functions that must match Redis's error texts.
 */
final class Lua51Args {
  private Lua51Args() {}

  /** {@code luaL_argerror}: "bad argument #n to 'fname' (message)". */
  static LuaError argError(int narg, String fname, String message) {
    return LuaError.arg(narg, message).named(fname); // Cortado: the calling instruction names it
  }

  /** {@code luaL_typerror}: "bad argument #n to 'fname' (expected expected, got type)". */
  static LuaError typeError(Varargs args, int narg, String fname, String expected) {
    return LuaError.argType(args, narg, expected).named(fname); // Cortado: the calling instruction names it
  }

  /** {@code luaL_checknumber}: a number, or a string {@code tonumber} accepts. */
  static double checkNumber(Varargs args, int narg, String fname) {
    LuaValue v = args.arg(narg);
    if (narg <= args.narg()) {
      if (v.type() == LuaValue.TNUMBER) {
        return v.todouble();
      }
      if (v.type() == LuaValue.TSTRING) {
        Double d = CNumberScan.str2d(v.checkstring());
        if (d != null) {
          return d;
        }
      }
    }
    throw typeError(args, narg, fname, "number");
  }

  /** {@code luaL_checklstring}: a string, or a number as {@code tostring} prints it. */
  static LuaString checkString(Varargs args, int narg, String fname) {
    LuaValue v = args.arg(narg);
    if (narg <= args.narg() && (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER)) {
      return v.checkstring();
    }
    throw typeError(args, narg, fname, "string");
  }
}
