package dev.cortado.server;

/**
 * RDB persistence of one server: whether SAVE and BGSAVE write a file (only when one was
 * configured, so that tests never litter a shared directory), and what LASTSAVE and INFO
 * persistence report. Touched on the server's loop only.
 */
public final class Persistence {
  /** SAVE, BGSAVE and SHUTDOWN write dir/dbfilename: set by the builder's rdbFile or --dir. */
  public boolean enabled;
  /** Unix ms of the last successful save, or -1 for "since the start". */
  public long lastSave = -1;
  public long saves;
  public boolean lastBgsaveOk = true;
  public long lastBgsaveSeconds = -1;
  public long lastLoadKeysLoaded;
  public long lastLoadKeysExpired;
}
