package dev.cortado.assertj;

import dev.cortado.RedisData;
import dev.cortado.protocol.Quoting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one key: whether it exists, its type, TTL, string value, hash fields and set
 * members. A failure says what the key holds and shows the whole database.
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

  private static String fields(Map<String, String> fields) {
    List<String> shown = new ArrayList<>();
    fields.forEach((f, v) -> shown.add(Messages.quote(f) + ": " + Messages.quote(v)));
    return "{" + String.join(", ", shown) + "}";
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
