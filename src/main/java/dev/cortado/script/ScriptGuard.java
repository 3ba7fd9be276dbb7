package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaClosure;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaFunction;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.DebugLib;

/**
 * LuaJ's hook into every call and instruction, used as a guard rather than a debugger: it bounds the
 * depth of Lua calls (Lua 5.1's "stack overflow" where LuaJ would overflow the Java stack), lets the
 * server serve other clients once a script has run past busy-reply-threshold (Redis's
 * scriptInterrupt), and stops a killed script at its next instruction. Keeps no call stack, so it
 * costs a counter per instruction.
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
  /** Once busy, how often other clients are served: Redis does it every 100,000 instructions. */
  private static final long SERVE_EVERY_NANOS = 2_000_000;

  private int depth;
  private int instructions;
  private long startNanos;
  private long limitNanos;
  private Runnable whileBusy;
  private boolean busy;
  private long servedAtNanos;
  private volatile String killedWith;

  /**
   * Before each script. Past {@code limitMillis} of real time (busy-reply-threshold) the script is
   * busy: {@code whileBusy} then runs every few milliseconds, serving the other clients, which may
   * send SCRIPT KILL. With no {@code whileBusy} (FUNCTION LOAD), the limit kills the code instead.
   */
  void reset(long limitMillis, Runnable whileBusy) {
    depth = 0;
    instructions = 0;
    killedWith = null;
    busy = false;
    this.whileBusy = whileBusy;
    startNanos = System.nanoTime();
    limitNanos = Math.max(0, limitMillis) * 1_000_000;
  }

  /** Whether the running script has gone past its time limit and other clients are being served. */
  boolean busy() {
    return busy;
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
      long now = System.nanoTime();
      if (busy) {
        if (now - servedAtNanos >= SERVE_EVERY_NANOS) {
          servedAtNanos = now;
          whileBusy.run();
        }
      } else if (now - startNanos >= limitNanos) {
        if (whileBusy == null) {
          killedWith = KILLED;
        } else {
          busy = true;
          servedAtNanos = now;
          whileBusy.run();
        }
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
