package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaClosure;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaFunction;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.DebugLib;

/**
 * LuaJ's hook into every call and instruction, used as a guard rather than a debugger: it bounds the
 * depth of Lua calls (Lua 5.1's "stack overflow" where LuaJ would overflow the Java stack) and stops a
 * killed script at its next instruction. Keeps no call stack, so it costs a counter per instruction.
 */
final class ScriptGuard extends DebugLib {
  /**
   * Lua 5.1's LUAI_MAXCALLS is 20,000; LuaJ uses the Java stack for each Lua call, and the event loop
   * threads have a large stack (see EventLoops), so this depth fits with room for library calls.
   */
  static final int MAX_DEPTH = 16_000;

  /** Redis's text for a killed script. */
  static final String KILLED = "Script killed by user with SCRIPT KILL...";
  /** How many instructions run between two looks at the time. */
  private static final int CHECK_EVERY = 1024;

  private int depth;
  private int instructions;
  private long deadlineNanos;
  private volatile String killedWith;

  /**
   * Before each script. {@code timeLimitMillis} (busy-reply-threshold; 0: none) is real time: while
   * a script runs on the loop no other client is served, so none could send SCRIPT KILL, and a
   * script that never ends would take the server with it; past the limit it is killed instead.
   */
  void reset(long timeLimitMillis) {
    depth = 0;
    instructions = 0;
    killedWith = null;
    deadlineNanos = timeLimitMillis > 0 ? System.nanoTime() + timeLimitMillis * 1_000_000 : 0;
  }

  /** Stops the running script at its next instruction with this error (SCRIPT KILL). */
  void kill(String error) {
    killedWith = error;
  }

  @Override
  public void onCall(LuaFunction f) {
    enter();
  }

  @Override
  public void onCall(LuaClosure c, Varargs varargs, dev.cortado.luaj.vm2.LuaValue[] stack) {
    enter();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      depth--;
      throw new LuaError("stack overflow");
    }
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    if (++instructions >= CHECK_EVERY) {
      instructions = 0;
      if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
        killedWith = KILLED;
      }
    }
    String error = killedWith;
    if (error != null) {
      throw LuaErrors.raise(LuaErrors.fromMessage(error));
    }
  }

  @Override
  public void onReturn() {
    depth--;
  }
}
