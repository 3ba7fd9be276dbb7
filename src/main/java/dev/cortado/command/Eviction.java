package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.Value;
import dev.cortado.script.LuaFunctions;
import dev.cortado.script.LuaScripts;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * maxmemory (evict.c's performEvictions), run before each command that may grow memory: while the
 * model's used_memory ({@link MemoryCommands}) is above maxmemory, keys are evicted by the policy.
 * The LRU, LFU and TTL policies sample maxmemory-samples keys of each database into a pool of the
 * 16 best candidates kept across calls, as Redis does, and evict the best one still there; the
 * random policies take a random key of the next database in turn. Idle times follow the LRU
 * clock's whole seconds on the server's clock, LFU counters decay on it.
 *
 * <p>Unlike Redis, eviction is not cut short after maxmemory-eviction-tenacity's time budget to
 * finish in a background cycle: it runs until memory is under the limit or nothing is left.
 */
final class Eviction {
  private static final int POOL_SIZE = 16;

  /** The pool, ascending by score: the best candidate (largest score) is on the right. */
  private final long[] scores = new long[POOL_SIZE];
  private final byte[][] keys = new byte[POOL_SIZE][];
  private final int[] dbs = new int[POOL_SIZE];
  /** The database the random policies try next (Redis's static next_db). */
  private int nextDb;
  /** used_memory's peak, for INFO and MEMORY STATS. */
  long peak;
  /** Whether the last check found memory over the limit with nothing to evict. */
  boolean outOfMemory;

  /**
   * Evicts until used memory is within maxmemory; returns true when it is still over the limit
   * (noeviction, or nothing left the policy may take): commands that may grow memory are refused.
   */
  boolean perform(ServerState server) {
    long max = server.config.maxmemory();
    if (max == 0 || server.clientsPaused()) {
      return outOfMemory = false; // paused clients: the dataset stays still (isSafeToPerformEvictions)
    }
    long used = MemoryCommands.usedMemory(server, this);
    if (used <= max) {
      return outOfMemory = false;
    }
    String policy = server.config.maxmemoryPolicy();
    if (policy.equals("noeviction")) {
      return outOfMemory = true;
    }
    boolean allKeys = policy.startsWith("allkeys");
    long toFree = used - max;
    long freed = 0;
    // performEvictions' latency: each key's deletion (eviction-del) and the whole cycle.
    long cycleStart = server.latencyNanos();
    try {
      return outOfMemory = evictUntilFreed(server, policy, allKeys, toFree);
    } finally {
      server.latencySample("eviction-cycle", (server.latencyNanos() - cycleStart) / 1_000_000);
    }
  }

  /** The eviction loop: true when nothing was left to evict before enough was freed. */
  private boolean evictUntilFreed(ServerState server, String policy, boolean allKeys, long toFree) {
    long freed = 0;
    while (freed < toFree) {
      int db;
      byte[] key;
      if (policy.endsWith("-random")) {
        db = -1;
        key = null;
        for (int i = 0; i < server.databaseCount(); i++) {
          int j = nextDb = (nextDb + 1) % server.databaseCount();
          byte[] picked = randomKey(server, server.db(j), allKeys);
          if (picked != null) {
            db = j;
            key = picked;
            break;
          }
        }
      } else {
        int best = pick(server, policy, allKeys);
        if (best < 0) {
          db = -1;
          key = null;
        } else {
          db = dbs[best];
          key = keys[best];
          keys[best] = null;
          scores[best] = 0;
        }
      }
      if (key == null) {
        return true; // nothing left to evict
      }
      long start = server.latencyNanos();
      freed += server.db(db).evict(key);
      server.latencySample("eviction-del", (server.latencyNanos() - start) / 1_000_000);
    }
    return false;
  }

  /**
   * The pool's best candidate that still exists (ghosts are dropped), sampling every database
   * again until there is one; -1 when no database has a key the policy may take.
   */
  private int pick(ServerState server, String policy, boolean allKeys) {
    int samples = (int) Math.min(server.config.number("maxmemory-samples"), 1 << 16);
    for (int round = 0; round < 64; round++) { // each round drops ghosts: a few rounds suffice
      boolean any = false;
      for (int i = 0; i < server.databaseCount(); i++) {
        Database db = server.db(i);
        if (db.hasEvictable(!allKeys)) {
          any = true;
          int dbIndex = i;
          db.sampleKeys(samples, !allKeys, server.random,
              (key, value) -> insert(score(db, policy, value), key, dbIndex));
        }
      }
      if (!any) {
        return -1;
      }
      for (int k = POOL_SIZE - 1; k >= 0; k--) {
        if (keys[k] == null) {
          continue;
        }
        Value v = server.db(dbs[k]).get(keys[k]);
        if (v != null && (allKeys || v.expiresAt() != Value.NO_EXPIRY)) {
          return k;
        }
        keys[k] = null; // a ghost: deleted since it was sampled
        scores[k] = 0;
      }
    }
    return -1;
  }

  /** How good a candidate is, larger is better: idle time, inverse frequency, or nearness to expiry. */
  private static long score(Database db, String policy, Value v) {
    if (policy.endsWith("-lru")) {
      return db.idleMillis(v);
    }
    if (policy.endsWith("-lfu")) {
      return 255 - db.lfuFrequency(v);
    }
    return Long.MAX_VALUE - v.expiresAt(); // volatile-ttl: the sooner the better
  }

  /**
   * Puts a sampled key into the pool in score order (evictionPoolPopulate): into a free slot, or
   * in place of the worst when the pool is full and the key beats it.
   */
  private void insert(long score, byte[] key, int db) {
    int k = 0;
    while (k < POOL_SIZE && keys[k] != null && scores[k] < score) {
      k++;
    }
    if (k == 0 && keys[POOL_SIZE - 1] != null) {
      return; // worse than everything in a full pool
    }
    if (k < POOL_SIZE && keys[k] == null) {
      // a free slot where it belongs
    } else if (keys[POOL_SIZE - 1] == null) {
      // room on the right: shift k.. one step right
      System.arraycopy(scores, k, scores, k + 1, POOL_SIZE - k - 1);
      System.arraycopy(keys, k, keys, k + 1, POOL_SIZE - k - 1);
      System.arraycopy(dbs, k, dbs, k + 1, POOL_SIZE - k - 1);
    } else {
      // full: drop the worst (left) and shift ..k-1 one step left
      k--;
      System.arraycopy(scores, 1, scores, 0, k);
      System.arraycopy(keys, 1, keys, 0, k);
      System.arraycopy(dbs, 1, dbs, 0, k);
    }
    scores[k] = score;
    keys[k] = key;
    dbs[k] = db;
  }

  /** A random key of a database for the random policies (with a deadline for volatile-random). */
  private static byte[] randomKey(ServerState server, Database db, boolean allKeys) {
    if (!db.hasEvictable(!allKeys)) {
      return null;
    }
    byte[][] found = new byte[1][];
    db.sampleKeys(1, !allKeys, server.random, (key, value) -> found[0] = key);
    return found[0];
  }

  // ------------------------------------------------------------------ scripts

  /**
   * Whether a script command counts as one that may grow memory (Redis's evalGetCommandFlags and
   * fcallGetCommandFlags): a script or function that declares its flags, without allow-oom or
   * no-writes, is refused while out of memory before it runs. A script without a shebang runs,
   * and its commands are checked one by one.
   */
  static boolean scriptMayGrowMemory(ServerState server, CommandSpec spec, byte[][] args) {
    int flags = declaredScriptFlags(server, spec, args);
    return flags >= 0
        && (flags & (ScriptCommands.FLAG_ALLOW_OOM | ScriptCommands.FLAG_NO_WRITES)) == 0;
  }

  /** Whether EVAL/FCALL runs a script that declares it may write (a shebang without no-writes). */
  static boolean scriptMayWrite(ServerState server, CommandSpec spec, byte[][] args) {
    int flags = declaredScriptFlags(server, spec, args);
    return flags >= 0 && (flags & ScriptCommands.FLAG_NO_WRITES) == 0;
  }

  /**
   * The flags a script or function declares, or -1 when it declares none (a script without a
   * shebang, an unknown SHA-1 or function, not a script command).
   */
  private static int declaredScriptFlags(ServerState server, CommandSpec spec, byte[][] args) {
    String name = spec.name;
    int flags;
    if (name.startsWith("eval")) {
      boolean bySha = name.startsWith("evalsha");
      if (bySha && args[1].length != 40) {
        return -1;
      }
      String sha = bySha ? new String(args[1], StandardCharsets.ISO_8859_1)
          .toLowerCase(Locale.ROOT) : LuaScripts.sha1hex(args[1]);
      flags = server.scripts == null ? -1 : server.scripts.flags(sha);
      if (flags < 0) {
        if (bySha) {
          return -1;
        }
        flags = shebangFlags(args[1]);
        if (flags < 0) {
          return -1;
        }
      }
      if ((flags & ScriptCommands.FLAG_EVAL_COMPAT) != 0) {
        return -1;
      }
    } else if (name.startsWith("fcall")) {
      LuaFunctions.Function f = server.scripts == null || !server.scripts.hasFunctions() ? null
          : server.scripts.functions().find(args[1]);
      if (f == null) {
        return -1;
      }
      flags = f.flags();
    } else {
      return -1;
    }
    return flags;
  }

  /**
   * Whether a running script (by SHA-1, or a function by name) declared allow-oom: its commands
   * may then grow memory even when out of memory (scriptVerifyOOM).
   */
  static boolean scriptAllowsOom(ServerState server, String script) {
    if (server.scripts == null || script == null) {
      return false;
    }
    int flags = server.scripts.flags(script);
    if (flags < 0 && server.scripts.hasFunctions()) {
      LuaFunctions.Function f = server.scripts.functions()
          .find(script.getBytes(StandardCharsets.ISO_8859_1));
      flags = f == null ? 0 : f.flags();
    }
    return flags > 0 && (flags & ScriptCommands.FLAG_EVAL_COMPAT) == 0
        && (flags & ScriptCommands.FLAG_ALLOW_OOM) != 0;
  }

  /**
   * The flags a body's shebang declares, or -1 when it has none or one Redis would refuse
   * (evalExtractShebangFlags): then the command's own flags stand.
   */
  private static int shebangFlags(byte[] body) {
    if (body.length < 2 || body[0] != '#' || body[1] != '!') {
      return -1;
    }
    int end = 0;
    while (end < body.length && body[end] != '\n') {
      end++;
    }
    if (end == body.length) {
      return -1;
    }
    String[] parts = new String(body, 0, end, StandardCharsets.ISO_8859_1).trim()
        .split("[ \\t\\r\\v\\f]+");
    if (!parts[0].equals("#!lua")) {
      return -1;
    }
    int flags = 0;
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].startsWith("flags=")) {
        return -1;
      }
      String list = parts[i].substring("flags=".length());
      if (list.isEmpty()) {
        continue;
      }
      for (String flag : list.split(",", -1)) {
        switch (flag) {
          case "no-writes" -> flags |= ScriptCommands.FLAG_NO_WRITES;
          case "allow-oom" -> flags |= ScriptCommands.FLAG_ALLOW_OOM;
          case "allow-stale", "no-cluster", "allow-cross-slot-keys" -> { }
          default -> {
            return -1;
          }
        }
      }
    }
    return flags;
  }
}
