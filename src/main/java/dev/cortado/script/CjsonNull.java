package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaUserdata;

/**
 * cjson.null: in C a NULL light userdata, so every one is the same value (cjson.new()'s too), its
 * type is "userdata", tostring prints the NULL pointer as glibc's "%p" does, and a script that
 * returns it gets a null reply (LuaToReply's default case).
 */
final class CjsonNull extends LuaUserdata {
  static final CjsonNull NULL = new CjsonNull();

  private CjsonNull() {
    super(new Object()); // LuaUserdata hashes and compares its instance: it must not be null
  }

  @Override
  public String tojstring() {
    return "userdata: (nil)";
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
