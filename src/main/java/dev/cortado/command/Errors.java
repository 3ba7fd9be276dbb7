package dev.cortado.command;

/** Every Redis error text Cortado sends, once, byte for byte as Redis 7 sends it. */
final class Errors {
  private Errors() {}

  static final String SYNTAX = "ERR syntax error";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  static final String NOT_FLOAT = "ERR value is not a valid float";
  static final String OVERFLOW = "ERR increment or decrement would overflow";
  static final String INCR_FLOAT_NAN = "ERR increment would produce NaN or Infinity";
  static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  static final String NO_SUCH_KEY = "ERR no such key";
  static final String DB_INDEX = "ERR DB index is out of range";
  static final String INVALID_DB_INDEX = "ERR invalid DB index";
  static final String SAME_OBJECT = "ERR source and destination objects are the same";
  static final String INVALID_CURSOR = "ERR invalid cursor";
  static final String NOAUTH = "NOAUTH Authentication required.";
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  static final String AUTH_NO_PASSWORD = "ERR AUTH <password> called without any password configured "
      + "for the default user. Are you sure your configuration is correct?";
  static final String NOPROTO = "NOPROTO unsupported protocol version";
  static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  static final String OFFSET_RANGE = "ERR offset is out of range";
  static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";

  /** "ERR invalid expire time in 'set' command" and friends. */
  static String invalidExpireTime(String command) {
    return "ERR invalid expire time in '" + command + "' command";
  }

  static String wrongArity(String fullName) {
    return "ERR wrong number of arguments for '" + fullName + "' command";
  }

  static String unknownSubcommand(String sub, String container) {
    return "ERR unknown subcommand '" + sub + "'. Try " + container + " HELP.";
  }
}
