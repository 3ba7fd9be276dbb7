package dev.cortado.mock;

/** What kind of reply a command got, as the journal records it. */
public enum ReplyKind {
  SIMPLE_STRING,
  ERROR,
  INTEGER,
  BULK_STRING,
  NULL,
  ARRAY,
  MAP,
  SET,
  DOUBLE,
  BOOLEAN,
  BIG_NUMBER,
  VERBATIM_STRING,
  PUSH,
  /** Bytes that are not a well-formed reply: a garbled or truncated frame. */
  RAW,
  /** Nothing was sent: the connection was closed or reset, or the stub never answers. */
  NONE;

  static ReplyKind of(char type) {
    return switch (type) {
      case '+' -> SIMPLE_STRING;
      case '-' -> ERROR;
      case ':' -> INTEGER;
      case '$' -> BULK_STRING;
      case '_' -> NULL;
      case '*' -> ARRAY;
      case '%' -> MAP;
      case '~' -> SET;
      case ',' -> DOUBLE;
      case '#' -> BOOLEAN;
      case '(' -> BIG_NUMBER;
      case '=' -> VERBATIM_STRING;
      case '>' -> PUSH;
      case '?' -> RAW;
      default -> NONE;
    };
  }
}
