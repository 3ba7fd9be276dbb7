package dev.cortado.keyspace;

/**
 * Redis's glob matching for KEYS and SCAN MATCH: {@code *}, {@code ?}, {@code [a-c]}, {@code [^x]} and
 * backslash escapes, over raw bytes. Bytes compare as signed chars, as Redis's C code compares them,
 * which matters only for ranges that span 0x7f.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(byte[] pattern, byte[] string) {
    return match(pattern, 0, string, 0, new boolean[1]);
  }

  /**
   * True for the pattern "*", which KEYS and SCAN take to mean every key without matching (so it
   * also returns the empty key, which {@link #matches} would not).
   */
  public static boolean matchesAll(byte[] pattern) {
    return pattern.length == 1 && pattern[0] == '*';
  }

  private static int at(byte[] a, int i) {
    return i < a.length ? a[i] : 0;
  }

  /**
   * @param giveUp set once a '*' failed against every suffix: a longer match further left cannot
   *     succeed either, which keeps patterns like {@code *a*a*a*b} from going exponential.
   */
  private static boolean match(byte[] pattern, int p, byte[] string, int s, boolean[] giveUp) {
    int plen = pattern.length;
    int slen = string.length;
    while (p < plen && s < slen) {
      switch (pattern[p]) {
        case '*' -> {
          while (p + 1 < plen && pattern[p + 1] == '*') {
            p++;
          }
          if (p + 1 == plen) {
            return true;
          }
          while (s < slen) {
            if (match(pattern, p + 1, string, s, giveUp)) {
              return true;
            }
            if (giveUp[0]) {
              return false;
            }
            s++;
          }
          giveUp[0] = true;
          return false;
        }
        case '?' -> s++;
        case '[' -> {
          p++;
          boolean not = at(pattern, p) == '^';
          if (not) {
            p++;
          }
          boolean matched = false;
          while (true) {
            if (at(pattern, p) == '\\' && plen - p >= 2) {
              p++;
              if (pattern[p] == string[s]) {
                matched = true;
              }
            } else if (at(pattern, p) == ']') {
              break;
            } else if (p >= plen) {
              p--; // an unterminated class ends the pattern
              break;
            } else if (plen - p >= 3 && pattern[p + 1] == '-') {
              int start = pattern[p];
              int end = pattern[p + 2];
              int c = string[s];
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              p += 2;
              if (c >= start && c <= end) {
                matched = true;
              }
            } else if (pattern[p] == string[s]) {
              matched = true;
            }
            p++;
          }
          if (not) {
            matched = !matched;
          }
          if (!matched) {
            return false;
          }
          s++;
        }
        case '\\' -> {
          if (plen - p >= 2) {
            p++;
          }
          if (pattern[p] != string[s]) {
            return false;
          }
          s++;
        }
        default -> {
          if (pattern[p] != string[s]) {
            return false;
          }
          s++;
        }
      }
      p++;
      if (s == slen) {
        while (p < plen && pattern[p] == '*') {
          p++;
        }
        break;
      }
    }
    return p >= plen && s == slen;
  }
}
