package dev.cortado;

import dev.cortado.keyspace.Database;
import dev.cortado.keyspace.HashValue;
import dev.cortado.keyspace.KeyspaceEvents;
import dev.cortado.keyspace.ListValue;
import dev.cortado.keyspace.SetValue;
import dev.cortado.keyspace.StreamValue;
import dev.cortado.keyspace.StringValue;
import dev.cortado.keyspace.Value;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.server.ServerState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One database of a running server, read and written directly, without the network: for setting a
 * test up and checking what it left. Obtained from {@link CortadoServer#data(int)}.
 *
 * <pre>{@code
 * RedisData db = server.data();
 * db.set("greeting", "hello").set("session", "abc", Duration.ofMinutes(30));
 * db.hset("user:1", Map.of("name", "Ada")).sadd("tags", "a", "b");
 * db.get("greeting");            // "hello"
 * db.ttl("session");             // Optional[PT30M]
 * System.out.println(db.dump()); // every key, its type, value and TTL
 * }</pre>
 *
 * <p>Keys and string values are UTF-8; {@link #getBytes} and {@link #set(String, byte[])} take raw
 * bytes. Each call runs on the server's loop, atomically with the clients' commands, so it sees what
 * they see (expired keys are gone) and they see what it did. Direct calls do not count as commands,
 * keyspace hits or misses, and do not change a key's idle time. Writes are changes like the
 * commands': they break WATCH, invalidate client-side caches and send the keyspace events the
 * matching command sends ("set", "hset", "del"...). A call on a key holding another type
 * than the method reads throws {@link IllegalStateException}, as Redis answers WRONGTYPE.
 */
public final class RedisData {
  private final CortadoServer server;
  private final int index;
  /** For {@link CortadoCluster#data()}: each key goes to the node that owns its slot. */
  private final CortadoCluster cluster;

  RedisData(CortadoServer server, int index) {
    this.server = server;
    this.index = index;
    this.cluster = null;
  }

  RedisData(CortadoCluster cluster) {
    this.server = null;
    this.index = 0;
    this.cluster = cluster;
  }

  /** The database number. */
  public int index() {
    return index;
  }

  /**
   * The server this database belongs to; for a cluster's {@link CortadoCluster#data()}, its first
   * node (see {@link #serverFor}).
   */
  public CortadoServer server() {
    return cluster == null ? server : cluster.node(0);
  }

  /**
   * The server that holds {@code key}: this database's server, or for a cluster's data the primary
   * that owns the key's slot.
   */
  public CortadoServer serverFor(String key) {
    return cluster == null ? server : cluster.nodeFor(key);
  }

  /** The servers whose keys this view spans: its server, or a cluster's primaries. */
  private List<CortadoServer> servers() {
    return cluster == null ? List.of(server) : cluster.primaries();
  }

  // ---- strings

  /** The string at {@code key} (UTF-8), or null when there is no such key. */
  public String get(String key) {
    byte[] bytes = getBytes(key);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The string at {@code key} as bytes, or null when there is no such key. */
  public byte[] getBytes(String key) {
    return read(key, db -> {
      StringValue v = typed(db, key, StringValue.class, "string");
      return v == null ? null : v.bytes().clone();
    });
  }

  /** Stores a string with no TTL, replacing what the key held (SET). */
  public RedisData set(String key, String value) {
    return set(key, utf8(Objects.requireNonNull(value, "value")));
  }

  /** Stores a string that expires after {@code ttl} (SET key value PX ttl). */
  public RedisData set(String key, String value, Duration ttl) {
    byte[] bytes = utf8(Objects.requireNonNull(value, "value"));
    long millis = positiveMillis(ttl);
    return write(key, db -> {
      byte[] k = utf8(key);
      db.put(k, new StringValue(bytes), db.now() + millis);
      db.notify(KeyspaceEvents.STRING, "set", k); // the events SET key value PX ttl sends
      db.notify(KeyspaceEvents.GENERIC, "expire", k);
    });
  }

  /** Stores raw bytes with no TTL, replacing what the key held. */
  public RedisData set(String key, byte[] value) {
    byte[] bytes = Objects.requireNonNull(value, "value").clone();
    return write(key, db -> {
      byte[] k = utf8(key);
      db.put(k, new StringValue(bytes));
      db.notify(KeyspaceEvents.STRING, "set", k);
    });
  }

  // ---- hashes

  /** The value of a hash field (HGET), or null when the field or the key does not exist. */
  public String hget(String key, String field) {
    return read(key, db -> {
      HashValue h = typed(db, key, HashValue.class, "hash");
      byte[] v = h == null ? null : h.get(utf8(field));
      return v == null ? null : new String(v, StandardCharsets.UTF_8);
    });
  }

  /** Every field of a hash with its value, in the hash's order (HGETALL); empty when no such key. */
  public Map<String, String> hgetAll(String key) {
    return read(key, db -> {
      HashValue h = typed(db, key, HashValue.class, "hash");
      Map<String, String> out = new LinkedHashMap<>();
      if (h != null) {
        for (Map.Entry<byte[], byte[]> e : h.entries()) {
          out.put(new String(e.getKey(), StandardCharsets.UTF_8),
              new String(e.getValue(), StandardCharsets.UTF_8));
        }
      }
      return out;
    });
  }

  /** Sets one field of a hash, creating the hash if needed (HSET). */
  public RedisData hset(String key, String field, String value) {
    return hset(key, Map.of(field, value));
  }

  /** Sets fields of a hash, creating the hash if needed (HSET); a key's TTL stays. */
  public RedisData hset(String key, Map<String, String> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("HSET needs at least one field");
    }
    List<byte[][]> pairs = new ArrayList<>();
    fields.forEach((f, v) -> pairs.add(new byte[][] {utf8(f), utf8(Objects.requireNonNull(v, f))}));
    return onServer(key, s -> {
      Database db = s.db(index);
      HashValue h = typed(db, key, HashValue.class, "hash");
      boolean created = h == null;
      if (created) {
        h = new HashValue();
      }
      long maxEntries = config(s, "hash-max-listpack-entries");
      long maxValue = config(s, "hash-max-listpack-value");
      for (byte[][] p : pairs) {
        h.put(p[0], p[1], maxEntries, maxValue);
      }
      if (created) {
        db.put(utf8(key), h);
      } else {
        db.signalModified(utf8(key));
      }
      db.notify(KeyspaceEvents.HASH, "hset", utf8(key));
    });
  }

  /** Deletes hash fields (HDEL); returns how many existed. An emptied hash is deleted. */
  public long hdel(String key, String... fields) {
    return read(key, db -> {
      HashValue h = typed(db, key, HashValue.class, "hash");
      if (h == null) {
        return 0L;
      }
      long removed = 0;
      for (String f : fields) {
        if (h.remove(utf8(f))) {
          removed++;
        }
      }
      if (removed > 0) {
        db.notify(KeyspaceEvents.HASH, "hdel", utf8(key));
        db.changedInPlace(utf8(key), h);
      }
      return removed;
    });
  }

  // ---- lists

  /** Every element of a list, head to tail (LRANGE key 0 -1); empty when there is no such key. */
  public List<String> lrange(String key) {
    return read(key, db -> {
      ListValue list = typed(db, key, ListValue.class, "list");
      List<String> out = new ArrayList<>();
      if (list != null) {
        for (byte[] e : list.elements()) {
          out.add(new String(e, StandardCharsets.UTF_8));
        }
      }
      return out;
    });
  }

  /** Pushes elements at the head, one after the other (LPUSH); a key's TTL stays. */
  public RedisData lpush(String key, String... elements) {
    return push(key, true, elements);
  }

  /** Appends elements at the tail (RPUSH), creating the list if needed; a key's TTL stays. */
  public RedisData rpush(String key, String... elements) {
    return push(key, false, elements);
  }

  private RedisData push(String key, boolean head, String... elements) {
    String command = head ? "lpush" : "rpush";
    if (elements.length == 0) {
      throw new IllegalArgumentException((head ? "LPUSH" : "RPUSH") + " needs at least one element");
    }
    List<byte[]> bytes = new ArrayList<>();
    for (String e : elements) {
      bytes.add(utf8(Objects.requireNonNull(e, "element")));
    }
    return write(key, db -> {
      ListValue list = typed(db, key, ListValue.class, "list");
      boolean created = list == null;
      if (created) {
        list = new ListValue();
      }
      for (byte[] e : bytes) {
        if (head) {
          list.pushHead(e);
        } else {
          list.pushTail(e);
        }
      }
      if (created) {
        db.put(utf8(key), list);
      } else {
        db.signalModified(utf8(key));
      }
      db.notify(KeyspaceEvents.LIST, command, utf8(key));
    });
  }

  // ---- sets

  /** The members of a set in the set's order (SMEMBERS); empty when there is no such key. */
  public Set<String> smembers(String key) {
    return read(key, db -> {
      SetValue set = typed(db, key, SetValue.class, "set");
      Set<String> out = new LinkedHashSet<>();
      if (set != null) {
        for (byte[] m : set.members()) {
          out.add(new String(m, StandardCharsets.UTF_8));
        }
      }
      return out;
    });
  }

  /** Whether a set has this member (SISMEMBER). */
  public boolean sismember(String key, String member) {
    return read(key, db -> {
      SetValue set = typed(db, key, SetValue.class, "set");
      return set != null && set.contains(utf8(member));
    });
  }

  /** Adds members to a set, creating it if needed (SADD); a key's TTL stays. */
  public RedisData sadd(String key, String... members) {
    if (members.length == 0) {
      throw new IllegalArgumentException("SADD needs at least one member");
    }
    List<byte[]> bytes = new ArrayList<>();
    for (String m : members) {
      bytes.add(utf8(Objects.requireNonNull(m, "member")));
    }
    return onServer(key, s -> {
      Database db = s.db(index);
      SetValue set = typed(db, key, SetValue.class, "set");
      boolean created = set == null;
      if (created) {
        set = new SetValue();
      }
      long maxIntset = config(s, "set-max-intset-entries");
      boolean added = false;
      for (byte[] m : bytes) {
        added |= set.add(m, maxIntset);
      }
      if (created) {
        db.put(utf8(key), set);
      } else if (added) {
        db.signalModified(utf8(key));
      }
      if (added) {
        db.notify(KeyspaceEvents.SET, "sadd", utf8(key));
      }
    });
  }

  /** Removes members from a set (SREM); returns how many were there. An emptied set is deleted. */
  public long srem(String key, String... members) {
    return read(key, db -> {
      SetValue set = typed(db, key, SetValue.class, "set");
      if (set == null) {
        return 0L;
      }
      long removed = 0;
      for (String m : members) {
        if (set.remove(utf8(m))) {
          removed++;
        }
      }
      if (removed > 0) {
        db.notify(KeyspaceEvents.SET, "srem", utf8(key));
        db.changedInPlace(utf8(key), set);
      }
      return removed;
    });
  }

  // ---- sorted sets

  /**
   * The members of a sorted set, lowest score first (ZRANGE key 0 -1); empty when there is no such
   * key.
   */
  public List<String> zrange(String key) {
    return new ArrayList<>(zrangeWithScores(key).keySet());
  }

  /**
   * The members of a sorted set with their scores, lowest score first (ZRANGE key 0 -1 WITHSCORES);
   * empty when there is no such key.
   */
  public Map<String, Double> zrangeWithScores(String key) {
    return read(key, db -> {
      ZSetValue z = typed(db, key, ZSetValue.class, "zset");
      Map<String, Double> out = new LinkedHashMap<>();
      for (ZSetValue.Node n = z == null ? null : z.first(); n != null; n = n.next()) {
        out.put(new String(n.member(), StandardCharsets.UTF_8), n.score());
      }
      return out;
    });
  }

  /** A member's score (ZSCORE), or null when the member or the key does not exist. */
  public Double zscore(String key, String member) {
    return read(key, db -> {
      ZSetValue z = typed(db, key, ZSetValue.class, "zset");
      return z == null ? null : z.score(utf8(member));
    });
  }

  /** Adds a member or sets its score (ZADD), creating the sorted set if needed; a key's TTL stays. */
  public RedisData zadd(String key, double score, String member) {
    return zadd(key, Map.of(Objects.requireNonNull(member, "member"), score));
  }

  /** Adds members or sets their scores (ZADD), creating the sorted set if needed; a key's TTL stays. */
  public RedisData zadd(String key, Map<String, Double> scores) {
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("ZADD needs at least one member");
    }
    Map<byte[], Double> bytes = new LinkedHashMap<>();
    scores.forEach((member, score) -> {
      if (Objects.requireNonNull(score, "score").isNaN()) {
        throw new IllegalArgumentException("a score cannot be NaN (member " + member + ")");
      }
      bytes.put(utf8(Objects.requireNonNull(member, "member")), score);
    });
    return onServer(key, s -> {
      Database db = s.db(index);
      ZSetValue z = typed(db, key, ZSetValue.class, "zset");
      boolean created = z == null;
      if (created) {
        z = new ZSetValue();
      }
      long maxEntries = config(s, "zset-max-listpack-entries");
      long maxValue = config(s, "zset-max-listpack-value");
      boolean changed = false;
      for (Map.Entry<byte[], Double> e : bytes.entrySet()) {
        changed |= z.put(e.getKey(), e.getValue(), maxEntries, maxValue)
            != ZSetValue.Change.UNCHANGED;
      }
      if (created) {
        db.put(utf8(key), z);
      } else if (changed) {
        db.signalModified(utf8(key));
      }
      if (changed) {
        db.notify(KeyspaceEvents.ZSET, "zadd", utf8(key));
      }
    });
  }

  // ---- streams

  /**
   * The entries of a stream in ID order (XRANGE key - +): each ID ("1700000000000-0") with its
   * fields and values in the order they were added (a field given twice keeps its last value);
   * empty when there is no such key.
   */
  public Map<String, Map<String, String>> xrange(String key) {
    return read(key, db -> {
      StreamValue s = typed(db, key, StreamValue.class, "stream");
      Map<String, Map<String, String>> out = new LinkedHashMap<>();
      if (s != null) {
        for (StreamValue.Entry e : s.range(StreamValue.Id.MIN, StreamValue.Id.MAX, 0, false)) {
          Map<String, String> fields = new LinkedHashMap<>();
          byte[][] f = e.fields();
          for (int i = 0; i + 1 < f.length; i += 2) {
            fields.put(new String(f[i], StandardCharsets.UTF_8),
                new String(f[i + 1], StandardCharsets.UTF_8));
          }
          out.put(e.id().toString(), fields);
        }
      }
      return out;
    });
  }

  // ---- keys

  /** Whether the key exists (and has not expired). */
  public boolean exists(String key) {
    return read(key, db -> db.get(utf8(key)) != null);
  }

  /** The key's type as TYPE reports it ("string", "hash", "set"...), or "none". */
  public String type(String key) {
    return read(key, db -> {
      Value v = db.get(utf8(key));
      return v == null ? "none" : v.typeName();
    });
  }

  /** Deletes keys; returns how many existed (DEL). */
  public long del(String... keys) {
    long n = 0;
    for (String key : keys) {
      boolean removed = read(key, db -> {
        if (db.remove(utf8(key)) == null) {
          return false;
        }
        db.notify(KeyspaceEvents.GENERIC, "del", utf8(key));
        return true;
      });
      n += removed ? 1 : 0;
    }
    return n;
  }

  /** Every key, sorted. */
  public List<String> keys() {
    return keys("*");
  }

  /** The keys matching a glob pattern as KEYS takes it ({@code user:*}), sorted. */
  public List<String> keys(String pattern) {
    List<byte[]> raw = new ArrayList<>();
    for (CortadoServer node : servers()) {
      raw.addAll(node.onLoop((ServerState s) -> new ArrayList<>(s.db(index).keys(utf8(pattern)))));
    }
    raw.sort(Arrays::compareUnsigned);
    List<String> out = new ArrayList<>(raw.size());
    for (byte[] k : raw) {
      out.add(new String(k, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Number of keys (DBSIZE). */
  public long size() {
    long n = 0;
    for (CortadoServer node : servers()) {
      n += node.onLoop((ServerState s) -> s.db(index).size());
    }
    return n;
  }

  /** Deletes every key of this database (FLUSHDB). */
  public void flush() {
    for (CortadoServer node : servers()) {
      node.onLoop((ServerState s) -> {
        s.db(index).clear();
        s.tracking.flushed(); // as FLUSHDB: tracking clients hear that all their keys are invalid
        return null;
      });
    }
  }

  // ---- scripts

  /**
   * The Lua scripts the server has cached (EVAL, SCRIPT LOAD), source by SHA-1, sorted by SHA-1.
   * Server-wide: the same from every database; FLUSHALL keeps them, SCRIPT FLUSH and
   * {@link CortadoServer#reset()} empty them.
   */
  public Map<String, String> scripts() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (CortadoServer node : servers()) {
      node.onLoop((ServerState s) -> {
        if (s.scripts != null) {
          for (String sha : s.scripts.shas()) {
            out.put(sha, new String(s.scripts.source(sha), StandardCharsets.UTF_8));
          }
        }
        return null;
      });
    }
    return out;
  }

  // ---- TTLs

  /** The time the key has left, or empty when it has no TTL or does not exist (PTTL). */
  public Optional<Duration> ttl(String key) {
    return read(key, db -> {
      Value v = db.get(utf8(key));
      if (v == null || v.expiresAt() == Value.NO_EXPIRY) {
        return Optional.<Duration>empty();
      }
      return Optional.of(Duration.ofMillis(Math.max(0, v.expiresAt() - db.now())));
    });
  }

  /** When the key expires, or empty when it has no TTL or does not exist (PEXPIRETIME). */
  public Optional<Instant> expiresAt(String key) {
    return read(key, db -> {
      Value v = db.get(utf8(key));
      if (v == null || v.expiresAt() == Value.NO_EXPIRY) {
        return Optional.<Instant>empty();
      }
      return Optional.of(Instant.ofEpochMilli(v.expiresAt()));
    });
  }

  /** Sets a key's TTL (PEXPIRE); returns false when there is no such key. */
  public boolean expire(String key, Duration ttl) {
    long millis = positiveMillis(ttl);
    return read(key, db -> {
      byte[] k = utf8(key);
      Value v = db.get(k);
      if (v == null) {
        return false;
      }
      db.setExpiry(k, v, db.now() + millis);
      db.notify(KeyspaceEvents.GENERIC, "expire", k);
      return true;
    });
  }

  /** Removes a key's TTL (PERSIST); returns false when the key has none or does not exist. */
  public boolean persist(String key) {
    return read(key, db -> {
      byte[] k = utf8(key);
      Value v = db.get(k);
      if (v == null || v.expiresAt() == Value.NO_EXPIRY) {
        return false;
      }
      db.setExpiry(k, v, Value.NO_EXPIRY);
      db.notify(KeyspaceEvents.GENERIC, "persist", k);
      return true;
    });
  }

  // ---- dump

  /**
   * The database as text, one key a line, sorted: key, type, value and TTL, e.g.
   * <pre>
   * db 0, 5 keys:
   *   "greeting" string "hello"
   *   "session" string "abc" (ttl PT30M)
   *   "tags" set ["blue", "red"]
   *   "top" zset {"bob": 2, "ada": 10.5}
   *   "user:1" hash {"name": "Ada", "city": "London"}
   * </pre>
   * Strings are quoted and escaped as redis-cli shows them (valid UTF-8 beyond ASCII as text); hash
   * fields and set members come in the order HGETALL and SMEMBERS give them, sorted-set members
   * lowest score first with their scores as ZSCORE prints them. Long values, large containers, and
   * databases of more than {@value Dump#MAX_KEYS} keys are shortened.
   */
  public String dump() {
    if (cluster == null) {
      return server.onLoop((ServerState s) -> Dump.of(s.db(index)));
    }
    StringBuilder out = new StringBuilder();
    for (CortadoServer node : servers()) {
      out.append(out.length() == 0 ? "" : "\n").append("node ").append(node.host()).append(':').append(node.port()).append(", ")
          .append(node.onLoop((ServerState s) -> Dump.of(s.db(index))));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return cluster == null ? "RedisData[db " + index + " of " + server + "]"
        : "RedisData[" + cluster + "]";
  }

  // ---- plumbing

  private <T> T read(String key, Function<Database, T> task) {
    return serverFor(key).onLoop((ServerState s) -> task.apply(s.db(index)));
  }

  private RedisData write(String key, Consumer<Database> task) {
    return onServer(key, s -> task.accept(s.db(index)));
  }

  private RedisData onServer(String key, Consumer<ServerState> task) {
    serverFor(key).onLoop((ServerState s) -> {
      task.accept(s);
      return null;
    });
    return this;
  }

  private static long config(ServerState s, String name) {
    return s.config.number(name);
  }

  /** The value at a key if it has the expected type, null if absent; WRONGTYPE otherwise. */
  static <T extends Value> T typed(Database db, String key, Class<T> type, String typeName) {
    Value v = db.get(utf8(key));
    if (v == null) {
      return null;
    }
    if (!type.isInstance(v)) {
      throw new IllegalStateException("WRONGTYPE key \"" + key + "\" in db " + db.index() + " holds a "
          + v.typeName() + ", not a " + typeName);
    }
    return type.cast(v);
  }

  static byte[] utf8(String s) {
    return Objects.requireNonNull(s, "key").getBytes(StandardCharsets.UTF_8);
  }

  private static long positiveMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a TTL must be positive, got " + ttl);
    }
    return ttl.toMillis() == 0 ? 1 : ttl.toMillis();
  }
}
