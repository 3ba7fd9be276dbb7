package dev.cortado.server;

import dev.cortado.keyspace.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration parameters as CONFIG GET/SET sees them. Every known Redis parameter round-trips; the
 * ones Cortado uses (requirepass, databases, proto-max-bulk-len...) are read from here.
 */
public final class Config {
  private final Map<String, String> values = new LinkedHashMap<>();

  public Config(ServerOptions options) {
    Defaults.fill(values);
    values.put("port", Integer.toString(options.port()));
    values.put("bind", options.bind());
    values.put("databases", Integer.toString(options.databases()));
    values.put("requirepass", options.password() == null ? "" : options.password());
  }

  public String get(String name) {
    return values.get(name.toLowerCase(Locale.ROOT));
  }

  public boolean isKnown(String name) {
    return values.containsKey(name.toLowerCase(Locale.ROOT));
  }

  public void set(String name, String value) {
    values.put(name.toLowerCase(Locale.ROOT), value);
  }

  /** Name-value pairs of every parameter matching the glob, in declaration order. */
  public List<String[]> matching(String pattern) {
    byte[] p = pattern.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    List<String[]> out = new ArrayList<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (Glob.matches(p, e.getKey().getBytes(StandardCharsets.UTF_8))) {
        out.add(new String[] {e.getKey(), e.getValue()});
      }
    }
    return out;
  }

  public String requirePass() {
    return values.get("requirepass");
  }

  /** Redis's defaults for the parameters clients and tools commonly read. */
  static final class Defaults {
    private Defaults() {}

    static void fill(Map<String, String> v) {
      v.put("maxmemory", "0");
      v.put("maxmemory-policy", "noeviction");
      v.put("maxmemory-samples", "5");
      v.put("maxclients", "10000");
      v.put("timeout", "0");
      v.put("tcp-keepalive", "300");
      v.put("appendonly", "no");
      v.put("appendfsync", "everysec");
      v.put("save", "");
      v.put("dir", "/tmp");
      v.put("dbfilename", "dump.rdb");
      v.put("notify-keyspace-events", "");
      v.put("hz", "10");
      v.put("lfu-log-factor", "10");
      v.put("lfu-decay-time", "1");
      v.put("proto-max-bulk-len", "536870912");
      v.put("client-query-buffer-limit", "1073741824");
      v.put("protected-mode", "yes");
      v.put("loglevel", "notice");
      v.put("logfile", "");
      v.put("slowlog-log-slower-than", "10000");
      v.put("slowlog-max-len", "128");
      v.put("lua-time-limit", "5000");
      v.put("busy-reply-threshold", "5000");
      v.put("cluster-enabled", "no");
      v.put("replica-read-only", "yes");
      v.put("hash-max-listpack-entries", "128");
      v.put("hash-max-listpack-value", "64");
      v.put("hash-max-ziplist-entries", "128");
      v.put("hash-max-ziplist-value", "64");
      v.put("set-max-intset-entries", "512");
      v.put("set-max-listpack-entries", "128");
      v.put("set-max-listpack-value", "64");
      v.put("zset-max-listpack-entries", "128");
      v.put("zset-max-listpack-value", "64");
      v.put("zset-max-ziplist-entries", "128");
      v.put("zset-max-ziplist-value", "64");
      v.put("list-max-listpack-size", "-2");
      v.put("list-max-ziplist-size", "-2");
      v.put("list-compress-depth", "0");
      v.put("activerehashing", "yes");
      v.put("lazyfree-lazy-eviction", "no");
      v.put("lazyfree-lazy-expire", "no");
      v.put("lazyfree-lazy-server-del", "no");
      v.put("lazyfree-lazy-user-del", "no");
      v.put("lazyfree-lazy-user-flush", "no");
      v.put("latency-tracking", "yes");
      v.put("daemonize", "no");
      v.put("io-threads", "1");
    }
  }
}
