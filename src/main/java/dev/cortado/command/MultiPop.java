package dev.cortado.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments LMPOP, BLMPOP, ZMPOP and BZMPOP share after their numkeys: the keys, which end
 * to pop from ({@code first}: LEFT or MIN) and the COUNT, checked in Redis's order and with its
 * errors.
 */
record MultiPop(List<byte[]> keys, boolean first, long count) {

  /** Parses from the numkeys at {@code numKeysAt}; {@code firstWord}/{@code lastWord} name the ends. */
  static MultiPop parse(Call c, int numKeysAt, String firstWord, String lastWord) {
    long numKeys = c.rangeArg(numKeysAt, 1, Long.MAX_VALUE, Errors.NUMKEYS_NOT_POSITIVE);
    if (numKeys > c.argc() - numKeysAt - 2) { // the end's word would be past the last argument
      throw Call.error(Errors.SYNTAX);
    }
    int whereIdx = numKeysAt + 1 + (int) numKeys;
    boolean first;
    if (c.is(whereIdx, firstWord)) {
      first = true;
    } else if (c.is(whereIdx, lastWord)) {
      first = false;
    } else {
      throw Call.error(Errors.SYNTAX);
    }
    long count = -1;
    for (int j = whereIdx + 1; j < c.argc(); j++) {
      if (count == -1 && c.is(j, "count") && j + 1 < c.argc()) {
        count = c.rangeArg(++j, 1, Long.MAX_VALUE, Errors.COUNT_NOT_POSITIVE);
      } else {
        throw Call.error(Errors.SYNTAX);
      }
    }
    List<byte[]> keys = new ArrayList<>((int) numKeys);
    for (int i = numKeysAt + 1; i < whereIdx; i++) {
      keys.add(c.arg(i));
    }
    return new MultiPop(keys, first, count == -1 ? 1 : count);
  }
}
