package dev.cortado.command;

import dev.cortado.protocol.Ascii;
import dev.cortado.protocol.Numbers;
import dev.cortado.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * One of a command's key specs, as Redis 7 declares them: where the search for keys begins (an
 * index, or the argument after a keyword) and how the keys are found from there (a range, or a count
 * given by an argument). COMMAND INFO shows them; COMMAND GETKEYS, the mock layer's key matchers and
 * client-side caching find keys with them, by {@link #keysOf}.
 *
 * <p>Most commands declare none and get one derived from their (first, last, step) triple. Commands
 * whose keys move (ZUNIONSTORE's numkeys, XREAD's STREAMS, GEORADIUS's STORE) declare theirs, and a
 * few also a fallback that Redis runs when a spec cannot be followed ({@link Fallback}).
 */
final class KeySpec {
  /** Where the search starts. */
  private enum Begin { INDEX, KEYWORD, UNKNOWN }

  /** How keys are found after the start. */
  private enum Find { RANGE, KEYNUM, UNKNOWN }

  /** A command's own key finder, Redis's getkeys_proc: positions from 0 (the command name). */
  @FunctionalInterface
  interface Fallback {
    int[] keys(byte[][] args, int from);

    /** The flags of the {@code nth} key it found (most of Redis's fallbacks give none). */
    default List<String> flagsOf(byte[][] args, int from, int nth) {
      return List.of();
    }
  }

  private Begin begin;
  private int index;
  private String keyword;
  private int startFrom;
  private Find find = Find.UNKNOWN;
  /** RANGE: lastkey, keystep, limit; KEYNUM: keynumidx, firstkey, keystep. */
  private int a;
  private int b;
  private int c;
  private List<String> flags = List.of();
  /** The flags depend on the arguments (SET's GET): the fallback finds keys and flags. */
  private boolean variableFlags;
  /** The spec finds some of the keys only: the fallback finds them all. */
  private boolean incomplete;
  private String notes;

  private KeySpec(Begin begin) {
    this.begin = begin;
  }

  /** The search begins at argument {@code pos}. */
  static KeySpec index(int pos) {
    KeySpec s = new KeySpec(Begin.INDEX);
    s.index = pos;
    return s;
  }

  /** The one key at {@code pos}, with its flags. */
  static KeySpec key(int pos, String... flags) {
    return index(pos).range(0, 1, 0).flags(flags);
  }

  /** Every argument from {@code pos} to the last is a key. */
  static KeySpec rest(int pos, String... flags) {
    return index(pos).range(-1, 1, 0).flags(flags);
  }

  /**
   * The search begins after {@code keyword}, looked for from argument {@code startFrom} onwards (a
   * negative one counts from the end and looks backwards).
   */
  static KeySpec keyword(String keyword, int startFrom) {
    KeySpec s = new KeySpec(Begin.KEYWORD);
    s.keyword = keyword;
    s.startFrom = startFrom;
    return s;
  }

  /** Keys no spec can describe (SORT's BY and GET patterns): Redis runs the fallback instead. */
  static KeySpec unknown() {
    return new KeySpec(Begin.UNKNOWN);
  }

  /**
   * Keys up to {@code lastKey} after the start (negative: counted from the end), every
   * {@code step}; with a {@code limit}, only 1/limit of what follows (XREAD's keys, then their IDs).
   */
  KeySpec range(int lastKey, int step, int limit) {
    find = Find.RANGE;
    a = lastKey;
    b = step;
    c = limit;
    return this;
  }

  /** As many keys as the argument at {@code keyNumIdx} says, from {@code firstKey} after the start. */
  KeySpec keynum(int keyNumIdx, int firstKey, int step) {
    find = Find.KEYNUM;
    a = keyNumIdx;
    b = firstKey;
    c = step;
    return this;
  }

  KeySpec flags(String... names) {
    flags = List.of(names);
    variableFlags = flags.contains("variable_flags");
    incomplete = flags.contains("incomplete");
    return this;
  }

  KeySpec notes(String text) {
    notes = text;
    return this;
  }

  List<String> flags() {
    return flags;
  }

  /**
   * The positions of the keys of {@code args[from..]} (positions counted from {@code from}), as
   * Redis's getKeysFromCommandWithSpecs: the specs in order; if one cannot be followed (a count past
   * the end, an unknown spec), the command's fallback, else none. A spec whose flags depend on the
   * arguments ("variable_flags": SET's GET) leaves it all to the fallback.
   */
  static int[] keysOf(List<KeySpec> specs, Fallback fallback, byte[][] args, int from,
      List<List<String>> flagsOut) {
    boolean variable = false;
    for (KeySpec s : specs) { // no stream: client-side caching runs this for every read
      variable |= s.variableFlags;
    }
    int[] found = specs.isEmpty() || variable ? null : bySpecs(specs, args, from, flagsOut);
    if (found != null) {
      return found;
    }
    if (flagsOut != null) {
      flagsOut.clear();
    }
    found = fallback == null ? new int[0] : fallback.keys(args, from);
    if (flagsOut != null) {
      for (int i = 0; i < found.length; i++) {
        flagsOut.add(fallback.flagsOf(args, from, i));
      }
    }
    return found;
  }

  /** The keys the specs name, or null where one of them cannot be followed. */
  private static int[] bySpecs(List<KeySpec> specs, byte[][] args, int from,
      List<List<String>> flagsOut) {
    int argc = args.length - from;
    List<Integer> keys = new ArrayList<>();
    for (KeySpec s : specs) {
      int first = 0;
      switch (s.begin) {
        case INDEX -> first = s.index;
        case KEYWORD -> first = s.afterKeyword(args, from, argc);
        default -> {
          return null;
        }
      }
      if (first == 0) {
        continue; // keyword absent: this spec has no key
      }
      long last;
      int step;
      if (s.find == Find.RANGE) {
        step = s.b;
        if (s.a >= 0) {
          last = (long) first + s.a;
        } else if (s.c == 0) {
          last = (long) argc + s.a;
        } else {
          last = first + ((argc - first) / s.c + s.a);
        }
      } else if (s.find == Find.KEYNUM) {
        step = s.c;
        int at = first + s.a;
        if (at >= argc) {
          return null;
        }
        byte[] count = args[from + at];
        long numkeys = Numbers.isLong(count) ? Numbers.parseLong(count, -1) : -1;
        if (numkeys < 0) {
          return null;
        }
        first += s.b;
        last = first + numkeys - 1;
      } else {
        return null;
      }
      if (last >= argc || last < first || first >= argc) {
        return null;
      }
      for (long i = first; i <= last; i += Math.max(1, step)) {
        keys.add((int) i);
        if (flagsOut != null) {
          flagsOut.add(s.flags);
        }
      }
      if (s.incomplete) {
        return null; // the keys found so far are not all of them: the fallback finds them
      }
    }
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The argument after the keyword, or 0 when it is not there. Searching forwards stops before the
   * last argument (a keyword there has no key after it), backwards before the command's name.
   */
  private int afterKeyword(byte[][] args, int from, int argc) {
    int start = startFrom > 0 ? startFrom : argc + startFrom;
    int end = startFrom > 0 ? argc - 1 : 1;
    for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (Ascii.equalsIgnoreCase(args[from + i], keyword)) {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * Redis's fallback for commands with a key count: {@code numkeys} keys from {@code firstKey}
   * (the count read as C's atoi reads it), then the destination at {@code storeKey} if any (0: none).
   */
  static Fallback numkeys(int storeKey, int keyCount, int firstKey) {
    return (args, from) -> {
      int argc = args.length - from;
      if (keyCount >= argc) {
        return new int[0];
      }
      long num = atoi(args[from + keyCount]);
      if (num < 1 || num > argc - firstKey) {
        return new int[0];
      }
      int[] keys = new int[(int) num + (storeKey > 0 ? 1 : 0)];
      for (int i = 0; i < num; i++) {
        keys[i] = firstKey + i;
      }
      if (storeKey > 0) {
        keys[(int) num] = storeKey;
      }
      return keys;
    };
  }

  /** GEORADIUS's and GEORADIUSBYMEMBER's: the source, and STORE's or STOREDIST's destination. */
  static KeySpec[] geoStores(int startFrom) {
    return new KeySpec[] {key(1, "RO", "access"),
        keyword("STORE", startFrom).range(0, 1, 0).flags("OW", "update"),
        keyword("STOREDIST", startFrom).range(0, 1, 0).flags("OW", "update")};
  }

  /**
   * XREAD's and XREADGROUP's fallback (xreadGetKeys): the options are skipped up to STREAMS, and
   * half of what follows are keys; none when STREAMS is missing or an odd count follows it.
   */
  static Fallback streamKeys() {
    return (args, from) -> {
      int argc = args.length - from;
      int streams = -1;
      for (int i = 1; i < argc; i++) {
        byte[] arg = args[from + i];
        if (Ascii.equalsIgnoreCase(arg, "block") || Ascii.equalsIgnoreCase(arg, "count")) {
          i++;
        } else if (Ascii.equalsIgnoreCase(arg, "group")) {
          i += 2;
        } else if (Ascii.equalsIgnoreCase(arg, "noack")) {
          continue;
        } else {
          if (Ascii.equalsIgnoreCase(arg, "streams")) {
            streams = i;
          }
          break;
        }
      }
      int after = argc - streams - 1;
      if (streams == -1 || after == 0 || after % 2 != 0) {
        return new int[0];
      }
      int[] keys = new int[after / 2];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = streams + 1 + i;
      }
      return keys;
    };
  }

  /** BITFIELD's fallback (bitfieldGetKeys): its key, read-only while only GETs follow. */
  static Fallback bitfieldKeys() {
    return new Fallback() {
      @Override
      public int[] keys(byte[][] args, int from) {
        return new int[] {1};
      }

      @Override
      public List<String> flagsOf(byte[][] args, int from, int nth) {
        int argc = args.length - from;
        boolean readOnly = true;
        for (int i = 2; i < argc; i++) {
          int remaining = argc - i - 1;
          byte[] arg = args[from + i];
          if (Ascii.equalsIgnoreCase(arg, "get") && remaining >= 2) {
            i += 2;
          } else if ((Ascii.equalsIgnoreCase(arg, "set") || Ascii.equalsIgnoreCase(arg, "incrby"))
              && remaining >= 3) {
            readOnly = false;
            break;
          } else if (Ascii.equalsIgnoreCase(arg, "overflow") && remaining >= 1) {
            i++;
          } else {
            readOnly = false; // a syntax error: safer to assume a write, as Redis does
            break;
          }
        }
        return readOnly ? List.of("RO", "access") : List.of("RW", "access", "update");
      }
    };
  }

  /** C's atoi: leading blanks, a sign, digits up to the first other byte; 0 when there are none. */
  static long atoi(byte[] s) {
    int i = 0;
    while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
      i++;
    }
    boolean negative = false;
    if (i < s.length && (s[i] == '-' || s[i] == '+')) {
      negative = s[i] == '-';
      i++;
    }
    long n = 0;
    while (i < s.length && s[i] >= '0' && s[i] <= '9' && n < Integer.MAX_VALUE) {
      n = n * 10 + (s[i] - '0');
      i++;
    }
    return negative ? -n : n;
  }

  /** COMMAND INFO's map for this spec. */
  Reply info() {
    List<Reply> map = new ArrayList<>();
    if (notes != null) {
      map.add(Reply.bulk("notes"));
      map.add(Reply.bulk(notes));
    }
    map.add(Reply.bulk("flags"));
    map.add(CommandInfo.simpleSet(flags));
    map.add(Reply.bulk("begin_search"));
    map.add(switch (begin) {
      case INDEX -> typed("index", Reply.map(List.of(Reply.bulk("index"), Reply.integer(index))));
      case KEYWORD -> typed("keyword", Reply.map(List.of(Reply.bulk("keyword"), Reply.bulk(keyword),
          Reply.bulk("startfrom"), Reply.integer(startFrom))));
      case UNKNOWN -> typed("unknown", Reply.map(List.of()));
    });
    map.add(Reply.bulk("find_keys"));
    map.add(switch (find) {
      case RANGE -> typed("range", Reply.map(List.of(Reply.bulk("lastkey"), Reply.integer(a),
          Reply.bulk("keystep"), Reply.integer(b), Reply.bulk("limit"), Reply.integer(c))));
      case KEYNUM -> typed("keynum", Reply.map(List.of(Reply.bulk("keynumidx"), Reply.integer(a),
          Reply.bulk("firstkey"), Reply.integer(b), Reply.bulk("keystep"), Reply.integer(c))));
      case UNKNOWN -> typed("unknown", Reply.map(List.of()));
    });
    return Reply.map(map);
  }

  private static Reply typed(String type, Reply spec) {
    return Reply.map(List.of(Reply.bulk("type"), Reply.bulk(type), Reply.bulk("spec"), spec));
  }
}
