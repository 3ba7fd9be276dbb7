package dev.cortado.server;

import dev.cortado.keyspace.Glob;
import dev.cortado.protocol.Numbers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration parameters as CONFIG GET/SET sees them: every parameter Redis 7.0 lists, with its
 * default, type and bounds (from {@link ConfigParameters}), so values round-trip, are normalised
 * ("100mb" reads back as "104857600") and are rejected with Redis's own reasons. The ones Cortado acts
 * on (requirepass, proto-max-bulk-len, notify-keyspace-events...) are read from here.
 */
public final class Config {
  /** Parameters by name and by alias, lower case, in declaration order. */
  private static final Map<String, Param> PARAMS = Param.load();

  /** Current values by canonical name. */
  private final Map<String, String> values = new HashMap<>();
  /** notify-keyspace-events as flags, read by every keyspace event: kept up to date by set(). */
  private int keyspaceEvents;
  /**
   * The last notify-keyspace-events value CONFIG SET checked, as given: Redis shows "AKEn" as "AKE"
   * yet still sends "new" events, so the flags come from what was given, not from what is shown.
   */
  private String keyspaceEventsGiven = "";
  /** latency-tracking, read by every command: kept up to date by set(). */
  private boolean latencyTracking = true;
  /** slowlog-log-slower-than, read by every command: kept up to date by set(). */
  private long slowlogSlowerThan = 10000;
  /** maxmemory and maxmemory-policy, read before every command that may grow memory. */
  private long maxmemory;
  private String maxmemoryPolicy = "noeviction";
  /** An LFU policy: read on every access, which then updates the key's LFU counter. */
  private boolean lfuPolicy;
  /** Numeric values parsed once per value set: SADD and HSET read their limits on every call. */
  private final Map<String, Long> numbers = new HashMap<>();

  public Config(ServerOptions options) {
    for (Param p : PARAMS.values()) {
      values.put(p.name, p.defaultValue);
    }
    values.put("port", Integer.toString(options.port()));
    values.put("bind", options.bind());
    values.put("databases", Integer.toString(options.databases()));
    values.put("requirepass", options.password() == null ? "" : options.password());
    values.put("dir", withoutTrailingSlash(System.getProperty("java.io.tmpdir", "/tmp")));
  }

  /** "/tmp/" as Redis shows it, "/tmp"; "/" stays. (Not a regex: this runs at every first start.) */
  private static String withoutTrailingSlash(String dir) {
    return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  /** The value of a parameter (by name or alias, any case), or null when unknown. */
  public String get(String name) {
    Param p = PARAMS.get(name.toLowerCase(Locale.ROOT));
    return p == null ? null : values.get(p.name);
  }

  /** The parameter's own name for a name or alias in any case ("slave-read-only": "replica-read-only"), or null. */
  public static String canonicalName(String name) {
    Param p = PARAMS.get(name.toLowerCase(Locale.ROOT));
    return p == null ? null : p.name;
  }

  public boolean isKnown(String name) {
    return PARAMS.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Stores a value as is, without validation: for the server's own settings (the bound port). */
  public void set(String name, String value) {
    Param p = PARAMS.get(name.toLowerCase(Locale.ROOT));
    if (p == null) {
      throw new IllegalArgumentException("unknown configuration parameter " + name);
    }
    values.put(p.name, value);
    numbers.clear();
    if (p.name.equals("latency-tracking")) {
      latencyTracking = value.equals("yes");
    }
    if (p.name.equals("slowlog-log-slower-than")) {
      slowlogSlowerThan = Long.parseLong(value);
    }
    if (p.name.equals("maxmemory")) {
      maxmemory = Long.parseUnsignedLong(value);
    }
    if (p.name.equals("maxmemory-policy")) {
      maxmemoryPolicy = value;
      lfuPolicy = value.endsWith("-lfu");
    }
    if (p.name.equals("notify-keyspace-events")) {
      boolean given = KeyspaceEvents.normalize(keyspaceEventsGiven).equals(value);
      keyspaceEvents = dev.cortado.keyspace.KeyspaceEvents.parse(given ? keyspaceEventsGiven : value);
    }
  }

  /** The least a command must take (µs) to enter the slow log; negative: none does. */
  public long slowlogSlowerThan() {
    return slowlogSlowerThan;
  }

  /** maxmemory in bytes (unsigned; 0: no limit). */
  public long maxmemory() {
    return maxmemory;
  }

  /** maxmemory-policy: "noeviction", "allkeys-lru"... */
  public String maxmemoryPolicy() {
    return maxmemoryPolicy;
  }

  /** Whether accesses keep LFU counters (an LFU maxmemory-policy). */
  public boolean lfuPolicy() {
    return lfuPolicy;
  }

  /** Whether commands' latencies go into INFO latencystats' histograms. */
  public boolean latencyTracking() {
    return latencyTracking;
  }

  /** The notify-keyspace-events classes as {@link dev.cortado.keyspace.KeyspaceEvents} flags. */
  public int keyspaceEvents() {
    return keyspaceEvents;
  }

  /** A numeric parameter by its own lower-case name (no alias), as {@code Long.parseLong(get(name))}. */
  public long number(String name) {
    Long n = numbers.get(name);
    if (n == null) {
      n = Long.parseLong(get(name));
      numbers.put(name, n);
    }
    return n;
  }

  /** Name-value pairs of every parameter and alias matching the glob (any case), in declaration order. */
  public List<String[]> matching(String pattern) {
    byte[] p = pattern.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    List<String[]> out = new ArrayList<>();
    for (Map.Entry<String, Param> e : PARAMS.entrySet()) {
      if (Glob.matches(p, e.getKey().getBytes(StandardCharsets.UTF_8))) {
        out.add(new String[] {e.getKey(), values.get(e.getValue().name)});
      }
    }
    return out;
  }

  public String requirePass() {
    return values.get("requirepass");
  }

  /** Why CONFIG SET may not change a known parameter ("can't set immutable config"), or null. */
  public String readOnlyReason(String name) {
    Param p = PARAMS.get(name.toLowerCase(Locale.ROOT));
    if (p.flags.contains("immutable")) {
      return "can't set immutable config";
    }
    return p.flags.contains("protected") ? "can't set protected config" : null;
  }

  /**
   * The value as CONFIG GET will show it once set ("100mb" becomes "104857600", "YES" becomes
   * "yes"); throws {@link InvalidValueException} with Redis's reason when the value is not valid.
   */
  public String normalize(String name, String value) {
    Param p = PARAMS.get(name.toLowerCase(Locale.ROOT));
    if (p.name.equals("client-output-buffer-limit")) {
      return OutputBufferLimits.merge(values.get(p.name), value);
    }
    String normalized = p.normalize(value);
    if (p.name.equals("notify-keyspace-events")) {
      keyspaceEventsGiven = value;
    }
    return normalized;
  }

  /** A value CONFIG SET rejects; the message is Redis's reason, e.g. "argument must be 'yes' or 'no'". */
  public static final class InvalidValueException extends RuntimeException {
    InvalidValueException(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One parameter as Redis declares it. */
  private record Param(String name, String type, List<String> flags, String min, String max,
      List<String> choices, String defaultValue) {

    static Map<String, Param> load() {
      Map<String, Param> params = new LinkedHashMap<>();
      String table = ConfigParameters.TABLE;
      for (int start = 0, end; start < table.length(); start = end + 1) {
        end = table.indexOf('\n', start);
        String[] f = table.substring(start, end).split("\\|", 8);
        Param p = new Param(f[0], f[2], list(f[3]), f[4], f[5], list(f[6]), f[7]);
        params.put(f[0], p);
        if (!"-".equals(f[1])) {
          params.put(f[1], p);
        }
      }
      return Collections.unmodifiableMap(params);
    }

    private static List<String> list(String field) {
      return "-".equals(field) ? List.of() : List.of(field.split(","));
    }

    String normalize(String value) {
      return switch (type) {
        case "bool" -> bool(value);
        case "enum" -> enumValue(value);
        case "enum-multi" -> enumFlags(value);
        case "int", "uint" -> number(value);
        case "special" -> special(value);
        default -> value;
      };
    }

    private static String bool(String value) {
      if (value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("no")) {
        return value.toLowerCase(Locale.ROOT);
      }
      throw new InvalidValueException("argument must be 'yes' or 'no'");
    }

    /** The choice named, as Redis shows it: an alias ("relative=yes") reads back as its target. */
    private String enumValue(String value) {
      for (String choice : choices) {
        String[] alias = choice.split("=", 2);
        if (alias[0].equalsIgnoreCase(value)) {
          return alias[alias.length - 1];
        }
      }
      throw enumError();
    }

    /** Space-separated flags (shutdown-on-sigint): shown in declaration order, "default" alone. */
    private String enumFlags(String value) {
      List<String> given = value.isEmpty() ? List.of() : Arrays.asList(value.split(" ", -1));
      if (given.isEmpty()) {
        throw enumError();
      }
      List<String> chosen = new ArrayList<>();
      for (String g : given) {
        String c = enumValue(g);
        if (!chosen.contains(c)) {
          chosen.add(c);
        }
      }
      List<String> shown = choices.stream().filter(c -> chosen.contains(c) && !c.equals(choices.get(0)))
          .toList();
      return shown.isEmpty() ? choices.get(0) : String.join(" ", shown);
    }

    private InvalidValueException enumError() {
      List<String> names = choices.stream().map(c -> c.split("=", 2)[0]).toList();
      return new InvalidValueException(
          "argument(s) must be one of the following: " + String.join(", ", names));
    }

    private String number(String value) {
      boolean memory = flags.contains("memory");
      boolean percent = flags.contains("percent");
      Long n = memory ? Memory.parse(value) : null;
      if (n == null && percent && value.length() > 1 && value.endsWith("%")) {
        byte[] digits = value.substring(0, value.length() - 1).getBytes(StandardCharsets.US_ASCII);
        if (Numbers.isLong(digits) && Numbers.parseLong(digits, -1) >= 0) {
          n = -Numbers.parseLong(digits, 0); // Redis stores a percentage as a negative number
        }
      }
      if (n == null && flags.contains("octal")) {
        try {
          n = Long.parseLong(value, 8);
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      if (n == null && !memory && !percent && !flags.contains("octal")) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        n = Numbers.isLong(bytes) ? Numbers.parseLong(bytes, 0) : null;
      }
      if (n == null) {
        throw new InvalidValueException(memory && percent ? "argument must be a memory or percent value"
            : memory ? "argument must be a memory value"
            : flags.contains("octal") ? "argument couldn't be parsed as an octal number"
            : "argument couldn't be parsed into an integer");
      }
      checkBounds(n, percent);
      if (name.equals("hz")) {
        n = Math.max(1, Math.min(500, n)); // Redis clamps hz to 1..500 when applying it
      }
      if (percent && n < 0) {
        return -n + "%";
      }
      if (flags.contains("octal")) {
        return Long.toOctalString(n);
      }
      return type.equals("uint") ? Long.toUnsignedString(n) : Long.toString(n);
    }

    private void checkBounds(long n, boolean percent) {
      if (type.equals("uint")) {
        long lo = Long.parseUnsignedLong(min);
        long hi = Long.parseUnsignedLong(max);
        if (Long.compareUnsigned(n, lo) < 0 || Long.compareUnsigned(n, hi) > 0) {
          boolean octal = flags.contains("octal");
          throw new InvalidValueException("argument must be between "
              + (octal ? Long.toOctalString(lo) : min) + " and "
              + (octal ? Long.toOctalString(hi) : max) + " inclusive");
        }
      } else if (percent && n < 0) {
        if (n < Long.parseLong(min)) {
          throw new InvalidValueException(
              "percentage argument must be less or equal to " + -Long.parseLong(min));
        }
      } else if (n < Long.parseLong(min) || n > Long.parseLong(max)) {
        throw new InvalidValueException("argument must be between " + min + " and " + max
            + " inclusive");
      }
    }

    private String special(String value) {
      return switch (name) {
        case "save" -> SaveParams.normalize(value);
        case "notify-keyspace-events" -> KeyspaceEvents.normalize(value);
        default -> value;
      };
    }
  }

  /** Memory values as Redis reads them: digits with an optional unit (k, kb, m, mb, g, gb, b). */
  static final class Memory {
    private Memory() {}

    /** The number of bytes as an unsigned 64-bit number, or null when not a memory value. */
    static Long parse(String value) {
      int digits = 0;
      while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
        digits++;
      }
      long unit = switch (value.substring(digits).toLowerCase(Locale.ROOT)) {
        case "", "b" -> 1;
        case "k" -> 1000;
        case "kb" -> 1024;
        case "m" -> 1000 * 1000;
        case "mb" -> 1024 * 1024;
        case "g" -> 1000L * 1000 * 1000;
        case "gb" -> 1024L * 1024 * 1024;
        default -> 0;
      };
      if (unit == 0 || digits == 0) {
        return null;
      }
      // Like Redis (strtoull), a number beyond 64 bits reads as the largest one.
      BigInteger bytes = new BigInteger(value.substring(0, digits)).multiply(BigInteger.valueOf(unit));
      return bytes.bitLength() > 64 ? -1L : bytes.longValue();
    }
  }

  /** The save parameter: pairs of seconds (at least 1) and changes (at least 0). */
  static final class SaveParams {
    private SaveParams() {}

    static String normalize(String value) {
      if (value.isEmpty()) {
        return "";
      }
      String[] parts = value.split(" ", -1);
      if (parts.length % 2 != 0) {
        throw new InvalidValueException("Invalid save parameters");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < parts.length; i++) {
        long n;
        try {
          n = parts[i].isEmpty() ? 0 : Long.parseLong(parts[i]); // strtoll reads "" as 0
        } catch (NumberFormatException e) {
          throw new InvalidValueException("Invalid save parameters");
        }
        if (n < (i % 2 == 0 ? 1 : 0)) {
          throw new InvalidValueException("Invalid save parameters");
        }
        out.add(Long.toString(n));
      }
      return String.join(" ", out);
    }
  }

  /** notify-keyspace-events classes, shown in Redis's canonical order with A for all types. */
  static final class KeyspaceEvents {
    /** The event types "A" stands for, in the order Redis prints them when not all are set. */
    private static final String TYPES = "g$lshzxetd";

    private KeyspaceEvents() {}

    static String normalize(String value) {
      StringBuilder types = new StringBuilder();
      boolean all = false;
      boolean keyspace = false;
      boolean keyevent = false;
      boolean miss = false;
      boolean created = false;
      for (char c : value.toCharArray()) {
        switch (c) {
          case 'A' -> all = true;
          case 'K' -> keyspace = true;
          case 'E' -> keyevent = true;
          case 'm' -> miss = true;
          case 'n' -> created = true;
          default -> {
            if (TYPES.indexOf(c) < 0) {
              throw new InvalidValueException(
                  "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
            types.append(c);
          }
        }
      }
      StringBuilder out = new StringBuilder();
      if (all || TYPES.chars().allMatch(t -> types.indexOf(String.valueOf((char) t)) >= 0)) {
        out.append('A');
      } else {
        for (char t : TYPES.toCharArray()) {
          if (types.indexOf(String.valueOf(t)) >= 0) {
            out.append(t);
          }
        }
      }
      if (created && out.indexOf("A") < 0) {
        out.append('n');
      }
      if (keyspace) {
        out.append('K');
      }
      if (keyevent) {
        out.append('E');
      }
      if (miss) {
        out.append('m');
      }
      return out.toString();
    }
  }
}
