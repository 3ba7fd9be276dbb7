package dev.cortado.assertj;

import dev.cortado.RedisData;
import dev.cortado.keyspace.ZSetValue;
import dev.cortado.protocol.Quoting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one key: whether it exists, its type, TTL, string value, hash fields, set members,
 * list elements, sorted-set scores and ranks, and the size of a container. A failure says what the
 * key holds and shows the whole database.
 */
public final class KeyAssert extends AbstractAssert<KeyAssert, String> {
  private final RedisData db;

  KeyAssert(RedisData db, String key) {
    super(Objects.requireNonNull(key, "key"), KeyAssert.class);
    this.db = db;
  }

  /** Assertions on another key of the same database. */
  public KeyAssert key(String key) {
    return new KeyAssert(db, key);
  }

  /** Verifies the key exists (and has not expired). */
  public KeyAssert exists() {
    if (!db.exists(actual)) {
      fail("to exist, but it does not");
    }
    return this;
  }

  /**
   * Verifies the key exists on this node: for {@code assertThat(cluster)}, that the node owns the
   * key's slot and holds the key ({@code isOn(cluster.node(2))}).
   */
  public KeyAssert isOn(dev.cortado.CortadoServer node) {
    Objects.requireNonNull(node, "node");
    dev.cortado.CortadoServer owner = db.serverFor(actual);
    if (owner != node) {
      fail("to be on " + node + ", but its slot is served by " + owner);
    }
    return exists();
  }

  /** Verifies there is no such key. */
  public KeyAssert doesNotExist() {
    String type = db.type(actual);
    if (!type.equals("none")) {
      fail("not to exist, but it holds a " + type);
    }
    return this;
  }

  /** Verifies the key's type as TYPE names it: "string", "hash", "set"... */
  public KeyAssert hasType(String expected) {
    String type = db.type(actual);
    if (!type.equals(expected)) {
      fail("to be a " + expected + ", but " + (type.equals("none") ? "it does not exist"
          : "it is a " + type));
    }
    return this;
  }

  /** Verifies the key holds this string. */
  public KeyAssert hasValue(String expected) {
    hasType("string");
    String value = db.get(actual);
    if (!Objects.equals(value, expected)) {
      fail("to hold " + Messages.quote(expected) + ", but it holds " + Messages.quote(value));
    }
    return this;
  }

  /** Verifies the key holds a string of exactly these bytes (binary values: MessagePack, images...). */
  public KeyAssert hasValue(byte[] expected) {
    hasType("string");
    byte[] value = db.getBytes(actual);
    if (!Arrays.equals(value, expected)) {
      fail("to hold " + Quoting.quote(expected) + ", but it holds " + Quoting.quote(value));
    }
    return this;
  }

  /** Verifies the key's remaining time to live, to the millisecond (exact under a manual clock). */
  public KeyAssert hasTtl(Duration expected) {
    Duration ttl = ttl();
    if (!ttl.equals(expected)) {
      fail("to have a TTL of " + expected + ", but it has " + ttl);
    }
    return this;
  }

  /** Verifies the key's remaining time to live is within [min, max]: for the system clock. */
  public KeyAssert hasTtlBetween(Duration min, Duration max) {
    Duration ttl = ttl();
    if (ttl.compareTo(min) < 0 || ttl.compareTo(max) > 0) {
      fail("to have a TTL between " + min + " and " + max + ", but it has " + ttl);
    }
    return this;
  }

  /** Verifies the key exists without a TTL. */
  public KeyAssert hasNoTtl() {
    exists();
    Optional<Duration> ttl = db.ttl(actual);
    if (ttl.isPresent()) {
      fail("to have no TTL, but it has " + ttl.get());
    }
    return this;
  }

  /** Verifies the key is a hash with this field set to this value. */
  public KeyAssert hasField(String field, String value) {
    hasType("hash");
    String actualValue = db.hget(actual, field);
    if (!Objects.equals(actualValue, value)) {
      fail("to have field " + Messages.quote(field) + " = " + Messages.quote(value) + ", but "
          + (actualValue == null ? "it has no such field" : "it is " + Messages.quote(actualValue)));
    }
    return this;
  }

  /** Verifies the key is a hash without this field. */
  public KeyAssert doesNotHaveField(String field) {
    hasType("hash");
    String actualValue = db.hget(actual, field);
    if (actualValue != null) {
      fail("not to have field " + Messages.quote(field) + ", but it is " + Messages.quote(actualValue));
    }
    return this;
  }

  /** Verifies the key is a hash with exactly these fields and values. */
  public KeyAssert hasOnlyFields(Map<String, String> expected) {
    hasType("hash");
    Map<String, String> fields = db.hgetAll(actual);
    if (!fields.equals(expected)) {
      fail("to have only the fields " + fields(expected) + ", but it has " + fields(fields));
    }
    return this;
  }

  /** Verifies the key is a set holding at least these members. */
  public KeyAssert hasMembers(String... members) {
    hasType("set");
    Set<String> set = db.smembers(actual);
    List<String> missing = new ArrayList<>();
    for (String m : members) {
      if (!set.contains(m)) {
        missing.add(m);
      }
    }
    if (!missing.isEmpty()) {
      fail("to have the members " + Messages.quoteAll(members) + ", but "
          + Messages.quoteAll(missing.toArray(String[]::new)) + " missing");
    }
    return this;
  }

  /** Verifies the key is a set holding none of these members. */
  public KeyAssert doesNotHaveMembers(String... members) {
    hasType("set");
    Set<String> set = db.smembers(actual);
    List<String> present = new ArrayList<>();
    for (String m : members) {
      if (set.contains(m)) {
        present.add(m);
      }
    }
    if (!present.isEmpty()) {
      fail("not to have the members " + Messages.quoteAll(members) + ", but it has "
          + Messages.quoteAll(present.toArray(String[]::new)));
    }
    return this;
  }

  /** Verifies the key is a set holding exactly these members, in any order. */
  public KeyAssert hasOnlyMembers(String... members) {
    hasType("set");
    Set<String> set = db.smembers(actual);
    if (!set.equals(new HashSet<>(Arrays.asList(members)))) {
      fail("to have only the members " + Messages.quoteAll(members) + ", but it has "
          + Messages.quoteAll(set.toArray(String[]::new)));
    }
    return this;
  }

  /** Verifies the key is a list, hash, set, sorted set or stream of this many elements (LLEN, XLEN...). */
  public KeyAssert hasSize(long expected) {
    String type = db.type(actual);
    long size;
    String noun;
    switch (type) {
      case "list" -> {
        size = db.lrange(actual).size();
        noun = "element";
      }
      case "hash" -> {
        size = db.hgetAll(actual).size();
        noun = "field";
      }
      case "set" -> {
        size = db.smembers(actual).size();
        noun = "member";
      }
      case "zset" -> {
        size = db.zrangeWithScores(actual).size();
        noun = "member";
      }
      case "stream" -> {
        size = db.xrange(actual).size();
        noun = "entry";
      }
      default -> {
        fail("to have a size of " + expected + ", but "
            + (type.equals("none") ? "it does not exist" : "it is a " + type));
        return this;
      }
    }
    if (size != expected) {
      fail("to have " + count(expected, noun) + ", but it has " + size);
    }
    return this;
  }

  /** Verifies the key is a list holding at least these elements, anywhere and in any order. */
  public KeyAssert hasElements(String... elements) {
    hasType("list");
    List<String> list = db.lrange(actual);
    List<String> missing = new ArrayList<>();
    for (String e : elements) {
      if (!list.contains(e)) {
        missing.add(e);
      }
    }
    if (!missing.isEmpty()) {
      fail("to have the elements " + Messages.quoteAll(elements) + ", but "
          + Messages.quoteAll(missing.toArray(String[]::new)) + " missing");
    }
    return this;
  }

  /** Verifies the key is a list of exactly these elements, head to tail. */
  public KeyAssert hasOnlyElements(String... elements) {
    hasType("list");
    List<String> list = db.lrange(actual);
    List<String> expected = Arrays.asList(elements);
    if (!list.equals(expected)) {
      int i = 0;
      while (i < list.size() && i < expected.size()
          && Objects.equals(list.get(i), expected.get(i))) {
        i++;
      }
      fail("to have only the elements " + Messages.quoteAll(elements) + ", head to tail, but it has "
          + quoteAll(list) + " (first difference at index " + i + ")");
    }
    return this;
  }

  /** Verifies the key is a list whose first elements (from the head, LPOP's end) are these. */
  public KeyAssert startsWith(String... elements) {
    hasType("list");
    List<String> list = db.lrange(actual);
    List<String> head = list.subList(0, Math.min(elements.length, list.size()));
    if (!head.equals(Arrays.asList(elements))) {
      fail("to start with " + Messages.quoteAll(elements) + ", but "
          + (head.size() == list.size() ? "it is " + quoteAll(list)
              : "it starts with " + quoteAll(head)));
    }
    return this;
  }

  /** Verifies the key is a list whose last elements (at the tail, RPUSH's end) are these. */
  public KeyAssert endsWith(String... elements) {
    hasType("list");
    List<String> list = db.lrange(actual);
    List<String> tail = list.subList(Math.max(0, list.size() - elements.length), list.size());
    if (!tail.equals(Arrays.asList(elements))) {
      fail("to end with " + Messages.quoteAll(elements) + ", but "
          + (tail.size() == list.size() ? "it is " + quoteAll(list)
              : "it ends with " + quoteAll(tail)));
    }
    return this;
  }

  /** Verifies the key is a sorted set where this member has exactly this score (ZSCORE). */
  public KeyAssert hasScore(String member, double score) {
    hasType("zset");
    Double actualScore = db.zscore(actual, member);
    if (actualScore == null || actualScore != score) {
      fail("to have member " + Messages.quote(member) + " with score " + score(score) + ", but "
          + (actualScore == null ? "it has no such member" : "its score is " + score(actualScore)));
    }
    return this;
  }

  /** Verifies the key is a sorted set where this member has this rank, 0 the lowest (ZRANK). */
  public KeyAssert hasRank(String member, long rank) {
    hasType("zset");
    int actualRank = db.zrange(actual).indexOf(member);
    if (actualRank != rank) {
      fail("to have member " + Messages.quote(member) + " at rank " + rank + ", but "
          + (actualRank < 0 ? "it has no such member" : "it is at rank " + actualRank));
    }
    return this;
  }

  /**
   * Verifies the key is a sorted set holding these members in this order, lowest score first
   * (others may come between).
   */
  public KeyAssert hasMembersInOrder(String... members) {
    if (new HashSet<>(Arrays.asList(members)).size() != members.length) {
      throw new IllegalArgumentException("a member is listed twice: " + Messages.quoteAll(members));
    }
    hasType("zset");
    Map<String, Integer> ranks = new HashMap<>();
    for (String m : db.zrange(actual)) {
      ranks.put(m, ranks.size());
    }
    List<String> missing = new ArrayList<>();
    for (String m : members) {
      if (!ranks.containsKey(m)) {
        missing.add(m);
      }
    }
    String expectation = "to have the members " + Messages.quoteAll(members)
        + " in this order, lowest score first, but ";
    if (!missing.isEmpty()) {
      fail(expectation + Messages.quoteAll(missing.toArray(String[]::new)) + " missing");
    }
    List<String> found = new ArrayList<>(Arrays.asList(members));
    found.sort(Comparator.comparing(ranks::get));
    if (!found.equals(Arrays.asList(members))) {
      fail(expectation + "they come as " + quoteAll(found));
    }
    return this;
  }

  /** Verifies the key is a sorted set of exactly these members with these scores. */
  public KeyAssert hasOnlyScores(Map<String, Double> expected) {
    hasType("zset");
    expected.forEach((m, s) -> Objects.requireNonNull(s, () -> "the score of " + m));
    Map<String, Double> scores = db.zrangeWithScores(actual);
    boolean same = scores.size() == expected.size();
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      Double s = scores.get(e.getKey());
      same &= s != null && s.doubleValue() == e.getValue();
    }
    if (!same) {
      fail("to have only the scores " + scores(lowestFirst(expected)) + ", but it has "
          + scores(scores));
    }
    return this;
  }

  private static String fields(Map<String, String> fields) {
    List<String> shown = new ArrayList<>();
    fields.forEach((f, v) -> shown.add(Messages.quote(f) + ": " + Messages.quote(v)));
    return "{" + String.join(", ", shown) + "}";
  }

  private static String scores(Map<String, Double> scores) {
    List<String> shown = new ArrayList<>();
    scores.forEach((m, s) -> shown.add(Messages.quote(m) + ": " + score(s)));
    return "{" + String.join(", ", shown) + "}";
  }

  /** The scores in a sorted set's order, so that a message does not depend on the map's. */
  private static Map<String, Double> lowestFirst(Map<String, Double> scores) {
    List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
    entries.sort(Map.Entry.<String, Double>comparingByValue().thenComparing((a, b) ->
        Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
            b.getKey().getBytes(StandardCharsets.UTF_8))));
    Map<String, Double> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** A score as ZSCORE and the dump print it. */
  private static String score(double score) {
    return ZSetValue.formatScore(score);
  }

  private static String quoteAll(List<String> values) {
    return Messages.quoteAll(values.toArray(String[]::new));
  }

  private static String count(long n, String noun) {
    String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    return n + " " + (n == 1 ? noun : plural);
  }

  private Duration ttl() {
    exists();
    Optional<Duration> ttl = db.ttl(actual);
    if (ttl.isEmpty()) {
      fail("to have a TTL, but it has none");
    }
    return ttl.get();
  }

  private void fail(String expectation) {
    failWithMessage("%s", "Expecting key " + Messages.quote(actual) + " in db " + db.index() + " "
        + expectation + ".\n" + db.dump());
  }
}
