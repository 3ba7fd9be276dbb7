package dev.cortado.command;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.Rdb;
import dev.cortado.protocol.Reply;
import dev.cortado.script.LuaFunctions;
import dev.cortado.server.ServerState;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * RDB files of a server: the snapshot SAVE and BGSAVE write to dir/dbfilename (when a file was
 * configured), the one SYNC streams to {@code redis-cli --rdb}, and the one loaded at start.
 */
public final class RdbFiles {
  private RdbFiles() {}

  /**
   * Loads an RDB file into an empty server before it serves anyone, and makes SAVE write it back;
   * a missing file is an empty dataset, as for Redis. Fails with the reason when the file is not one
   * Redis 7.0 would load.
   */
  public static void load(ServerState server, Path file) {
    server.persistence.enabled = true;
    Path absolute = file.toAbsolutePath();
    server.config.set("dir", absolute.getParent().toString());
    server.config.set("dbfilename", absolute.getFileName().toString());
    if (!Files.exists(absolute)) {
      return;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(absolute);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Rdb.Loaded loaded;
    try {
      loaded = Rdb.loadFile(bytes, databases(server), settings(server), server.clock.millis());
    } catch (Rdb.Malformed e) {
      throw new IllegalStateException("cannot load " + absolute + ": " + e.getMessage());
    }
    if (loaded.functions() != null) {
      Reply r = ScriptCommands.scripts(server).functions()
          .restore(loaded.functions(), LuaFunctions.RestorePolicy.REPLACE);
      if (r.isError()) {
        throw new IllegalStateException("cannot load the functions of " + absolute);
      }
    }
    server.persistence.lastLoadKeysLoaded = loaded.keys();
    server.persistence.lastLoadKeysExpired = loaded.expired();
  }

  static Rdb.Settings settings(ServerState server) {
    return Rdb.Settings.from(server.config::get);
  }

  private static Database[] databases(ServerState server) {
    Database[] dbs = new Database[server.databaseCount()];
    for (int i = 0; i < dbs.length; i++) {
      dbs[i] = server.db(i);
    }
    return dbs;
  }

  /** The whole dataset as an RDB file. */
  static void write(ServerState server, OutputStream out) {
    Rdb.Settings s = settings(server);
    byte[] functions = new byte[0];
    if (server.scripts != null) {
      byte[] dump = ScriptCommands.scripts(server).functions().dump(s.compress());
      functions = Arrays.copyOf(dump, dump.length - 10); // without FUNCTION DUMP's footer
    }
    Runtime rt = Runtime.getRuntime();
    Rdb.writeFile(out, databases(server), s, server.clock.millis(),
        rt.totalMemory() - rt.freeMemory(), functions,
        !"no".equalsIgnoreCase(server.config.get("rdbchecksum")));
  }

  static byte[] snapshot(ServerState server) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    write(server, buf);
    return buf.toByteArray();
  }

  /**
   * Writes dir/dbfilename through a temporary file renamed over it, as Redis does; false when it
   * failed. Nothing is written unless a file was configured.
   */
  static boolean save(ServerState server) {
    if (server.persistence.enabled) {
      Path dir = Path.of(server.config.get("dir"));
      Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-"
          + System.identityHashCode(server) + ".rdb");
      try {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
          write(server, out);
        }
        Files.move(temp, dir.resolve(server.config.get("dbfilename")),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | UncheckedIOException e) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the save failed already; the reply says so
        }
        return false;
      }
    }
    server.persistence.lastSave = server.clock.millis();
    server.persistence.saves++;
    return true;
  }

  // SAVE
  static Reply saveCommand(Call c) {
    if (!save(c.server)) {
      throw Call.error(Errors.SAVE_FAILED);
    }
    return Reply.OK;
  }

  // BGSAVE [SCHEDULE]: written at once on the loop (no fork), so the snapshot is the moment's.
  static Reply bgsaveCommand(Call c) {
    if (c.argc() > 2 || c.argc() == 2 && !c.is(1, "schedule")) {
      throw Call.error(Errors.SYNTAX);
    }
    boolean ok = save(c.server);
    c.server.persistence.lastBgsaveOk = ok;
    c.server.persistence.lastBgsaveSeconds = 0;
    return Reply.simple("Background saving started");
  }

  // LASTSAVE
  static Reply lastsaveCommand(Call c) {
    long last = c.server.persistence.lastSave;
    return Reply.integer((last < 0 ? c.server.startedAt : last) / 1000);
  }
}
