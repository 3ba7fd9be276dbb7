package dev.cortado.script;

import dev.cortado.protocol.Reply;

/** What a running script reaches the server through: the commands of redis.call and redis.pcall. */
public interface ScriptHost {
  /**
   * Runs one command for the script and returns its reply; a command the script may not run (unknown,
   * wrong arity, not allowed from scripts, a write from a read-only script) gets Redis's error reply.
   * {@code protocol} is the script's (redis.setresp), which some commands' replies depend on.
   */
  Reply call(byte[][] args, int protocol);

  /**
   * Called every few milliseconds once the script has run past busy-reply-threshold (Redis's
   * processEventsWhileBlocked): other clients are served meanwhile, and get BUSY for most commands.
   */
  default void whileBusy() {}

  /** redis.acl_check_cmd: whether the script's user may run this command; null if it is unknown. */
  Boolean aclAllows(byte[][] args);
}
