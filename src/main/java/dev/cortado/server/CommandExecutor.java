package dev.cortado.server;

import dev.cortado.protocol.Reply;

/** What the transport hands each decoded command to; the command package's Dispatcher. */
public interface CommandExecutor {
  /** The reply to send, or null to send nothing. */
  Reply execute(Connection connection, byte[][] args);

  /** A command read after a fault silenced the connection: not run, only seen (the journal). */
  default void ignored(Connection connection, byte[][] args) {}
}
