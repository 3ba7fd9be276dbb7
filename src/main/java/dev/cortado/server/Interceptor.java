package dev.cortado.server;

import dev.cortado.protocol.Reply;

import java.util.List;
import java.util.function.Supplier;

/**
 * The mock layer as the dispatcher sees it: stubs that answer instead of the keyspace, strict mode's
 * refusals and the journal of commands received. Called only on the server's loop thread, and only
 * while {@link #isActive()}: a server without stubs or journal pays one volatile read per command.
 */
public interface Interceptor {
  /** Switched off: never intercepts, records nothing. */
  Interceptor NONE = new Interceptor() {
    @Override
    public boolean isActive() {
      return false;
    }

    @Override
    public boolean isStubbing() {
      return false;
    }

    @Override
    public boolean hasStub(Connection c, byte[][] args, KeyFinder keys) {
      return false;
    }

    @Override
    public Reply stub(Connection c, byte[][] args, KeyFinder keys, Supplier<Reply> real) {
      return null;
    }

    @Override
    public Reply refuse(Connection c, byte[][] args) {
      return null;
    }

    @Override
    public void record(Connection c, int db, byte[] clientName, byte[][] args, KeyFinder keys,
        Reply reply, boolean stubbed) {}
  };

  /** Which arguments of a command are keys, from the command table. */
  interface KeyFinder {
    List<byte[]> keys(byte[][] args);

    /** The source of the script cached under this SHA-1 (lower case), or null. */
    default byte[] scriptSource(String sha) {
      return null;
    }
  }

  boolean isActive();

  /** Whether stubs or strict mode may change a command's fate; false = only the journal records. */
  boolean isStubbing();

  /** Whether a stub with uses left matches this command; nothing is used up. */
  boolean hasStub(Connection c, byte[][] args, KeyFinder keys);

  /**
   * The answer of the first stub that matches this command and has uses left (it spends one), or
   * null when none matches. {@code real} runs the command for real, for pass-through stubs.
   */
  Reply stub(Connection c, byte[][] args, KeyFinder keys, Supplier<Reply> real);

  /** Strict mode's error for a command no stub matched, or null to run it. */
  Reply refuse(Connection c, byte[][] args);

  /**
   * Adds the command and the kind of its reply to the journal (when the journal is on), with the
   * database and client name the connection had when the command arrived.
   */
  void record(Connection c, int db, byte[] clientName, byte[][] args, KeyFinder keys, Reply reply,
      boolean stubbed);

  /**
   * Adds a command a script ran (redis.call) to the journal, as sent by the client that ran the
   * script ({@code caller}); {@code script} names the script: its SHA-1, or a function's name.
   */
  default void recordFromScript(Connection caller, int db, byte[][] args, KeyFinder keys,
      Reply reply, String script) {}
}
