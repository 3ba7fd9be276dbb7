package dev.cortado.keyspace;

/** Counters INFO reports. Written only on the server's event loop thread. */
public final class Stats {
  public long keyspaceHits;
  public long keyspaceMisses;
  public long expiredKeys;
  public long evictedKeys;
  public long totalCommands;
  public long totalConnections;
  public long rejectedConnections;
  /** Error replies sent, by error code (the first word), in byte order as INFO errorstats lists. */
  public final java.util.TreeMap<String, Long> errorCodes = new java.util.TreeMap<>();
  public long totalErrorReplies;

  public void reset() {
    keyspaceHits = 0;
    keyspaceMisses = 0;
    expiredKeys = 0;
    evictedKeys = 0;
    totalCommands = 0;
    totalConnections = 0;
    rejectedConnections = 0;
    errorCodes.clear();
    totalErrorReplies = 0;
  }

  /** Distinct error codes kept; Redis 7.0 keeps any number, which a script could abuse. */
  private static final int MAX_ERROR_CODES = 1024;

  /**
   * Counts an error reply by its code as Redis's afterErrorReply does: the first word when a space
   * comes within its first 31 characters, else ERR.
   */
  public void errorReply(String text) {
    totalErrorReplies++;
    int space = text.indexOf(' ');
    String code = space > 0 && space < 31 ? text.substring(0, space) : "ERR";
    Long n = errorCodes.get(code);
    if (n != null) {
      errorCodes.put(code, n + 1);
    } else if (errorCodes.size() < MAX_ERROR_CODES) {
      errorCodes.put(code, 1L);
    }
  }
}
