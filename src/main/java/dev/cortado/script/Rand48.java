package dev.cortado.script;

import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;
import dev.cortado.luaj.vm2.lib.VarArgFunction;

/**
 * math.random and math.randomseed as Redis 7.0 gives them to scripts: rand48's 48-bit linear
 * congruential generator, starting from rand48's initial state when the server starts and never
 * reseeded but by math.randomseed, so the numbers a server's scripts draw are the same as Redis's.
 */
final class Rand48 {
  private static final long A = 0x5DEECE66DL;
  private static final long C = 0xB;
  private static final long MASK = (1L << 48) - 1;
  /** Redis's REDIS_LRAND48_MAX: INT32_MAX. */
  private static final long MAX = Integer.MAX_VALUE;

  private long x;

  /** rand48's state before any seeding: x2 x1 x0 = 0x1234 0xABCD 0x330E. */
  private static final long INITIAL = 0x1234ABCD330EL;

  Rand48() {
    x = INITIAL;
  }

  void seed(int seed) {
    x = (((long) seed & 0xffffffffL) << 16 | 0x330E) & MASK;
  }

  /** lrand48(): the next 31 bits. */
  long next() {
    x = (A * x + C) & MASK;
    return x >>> 17;
  }

  void install(LuaTable math) {
    math.rawset("random", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        double r = (double) (Rand48.this.next() % MAX) / (double) MAX;
        switch (args.narg()) {
          case 0:
            return LuaValue.valueOf(r);
          case 1: {
            int u = args.checkint(1);
            args.argcheck(1 <= u, 1, "interval is empty");
            return LuaValue.valueOf(Math.floor(r * u) + 1);
          }
          case 2: {
            int l = args.checkint(1);
            int u = args.checkint(2);
            args.argcheck(l <= u, 2, "interval is empty");
            return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
          }
          default:
            throw new dev.cortado.luaj.vm2.LuaError("wrong number of arguments");
        }
      }
    });
    math.rawset("randomseed", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        seed((int) args.checkdouble(1));
        return LuaValue.NONE;
      }
    });
  }
}
