package dev.cortado.keyspace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client's WATCH: the keys it watches, each in the database it was selected in, and whether one
 * of them has changed since. Each {@link Database} keeps the reverse index (key to watchers), so a
 * write finds who to tell with one map lookup, and costs one empty-map check when nobody watches.
 *
 * <p>A key that has already expired when it is watched is removed from its database first, so it
 * counts as missing: that is what Redis's "watched while expired" flag achieves (deleting it later is
 * no change, writing it is).
 *
 * <p>Not thread-safe: used only on the server's event loop thread, like {@link Database}.
 */
public final class Watcher {
  private final List<Watched> watched = new ArrayList<>(0);
  private boolean dirty;

  /** A watched key and the database whose number it was watched in. */
  private record Watched(Database db, Key key) {}

  /** Starts watching a key of a database; watching it again changes nothing. */
  public void watch(Database db, byte[] key) {
    db.expireDue();
    Key k = new Key(key);
    if (db.addWatcher(k, this)) {
      watched.add(new Watched(db, k));
    }
  }

  /** Whether a watched key changed (or expired) since it was watched: EXEC must then fail. */
  public boolean isDirty() {
    return dirty;
  }

  /** Number of keys watched, for tests and introspection. */
  public int size() {
    return watched.size();
  }

  /**
   * Expires the watched keys whose time has come, as Redis's EXEC does before it decides: a key that
   * was live when watched and has expired since makes the transaction fail, even if nothing has
   * looked at it yet.
   */
  public void expireWatchedKeys() {
    if (watched.isEmpty()) {
      return;
    }
    Set<Database> dbs = new LinkedHashSet<>();
    for (Watched w : watched) {
      dbs.add(w.db);
    }
    for (Database db : dbs) {
      db.expireDue(); // removals signal, which marks this watcher dirty
    }
  }

  /** UNWATCH, EXEC, DISCARD and RESET: no keys watched and nothing changed. */
  public void reset() {
    unwatchAll();
    dirty = false;
  }

  /** Stops watching every key; the dirty flag stays (a closed connection calls this). */
  public void unwatchAll() {
    for (Watched w : watched) {
      w.db.removeWatcher(w.key, this);
    }
    watched.clear();
  }

  /**
   * Called by a database when a watched key changed. Watching the other keys is pointless from now
   * on, so they are released at once, as Redis does.
   */
  void keyChanged() {
    dirty = true;
    unwatchAll();
  }
}
