package dev.cortado.assertj;

import dev.cortado.RedisData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.assertj.core.api.AbstractAssert;

/** Assertions on one database: its size, its keys, and each key through {@link #key(String)}. */
public final class RedisAssert extends AbstractAssert<RedisAssert, RedisData> {
  RedisAssert(RedisData actual) {
    super(actual, RedisAssert.class);
  }

  /** The same assertions on another database of the server. */
  public RedisAssert db(int index) {
    isNotNull();
    return new RedisAssert(actual.server().data(index));
  }

  /** Assertions on one key of this database. */
  public KeyAssert key(String key) {
    isNotNull();
    return new KeyAssert(actual, key);
  }

  /** Verifies the database holds no key. */
  public RedisAssert isEmpty() {
    isNotNull();
    if (actual.size() != 0) {
      fail("to be empty");
    }
    return this;
  }

  /** Verifies the number of keys (DBSIZE). */
  public RedisAssert hasSize(long expected) {
    isNotNull();
    long size = actual.size();
    if (size != expected) {
      fail("to hold " + keys(expected) + ", but it holds " + keys(size));
    }
    return this;
  }

  /** Verifies every one of these keys exists. */
  public RedisAssert containsKeys(String... keys) {
    isNotNull();
    List<String> missing = new ArrayList<>();
    for (String k : keys) {
      if (!actual.exists(k)) {
        missing.add(Messages.quote(k));
      }
    }
    if (!missing.isEmpty()) {
      fail("to contain " + Messages.quoteAll(keys) + ", but " + String.join(", ", missing)
          + (missing.size() == 1 ? " is" : " are") + " missing");
    }
    return this;
  }

  /** Verifies none of these keys exists. */
  public RedisAssert doesNotContainKeys(String... keys) {
    isNotNull();
    List<String> present = new ArrayList<>();
    for (String k : keys) {
      if (actual.exists(k)) {
        present.add(Messages.quote(k));
      }
    }
    if (!present.isEmpty()) {
      fail("not to contain " + Messages.quoteAll(keys) + ", but it contains "
          + String.join(", ", present));
    }
    return this;
  }

  /** Verifies the database holds exactly these keys, in any order. */
  public RedisAssert containsOnlyKeys(String... keys) {
    isNotNull();
    List<String> expected = new ArrayList<>(Arrays.asList(keys));
    expected.sort(null);
    List<String> keysNow = actual.keys();
    if (!keysNow.equals(expected.stream().distinct().toList())) {
      List<String> missing = new ArrayList<>(expected);
      missing.removeAll(keysNow);
      List<String> extra = new ArrayList<>(keysNow);
      extra.removeAll(expected);
      fail("to contain only " + Messages.quoteAll(keys) + ", but "
          + (missing.isEmpty() ? "" : Messages.quoteAll(missing.toArray(String[]::new)) + " missing")
          + (missing.isEmpty() || extra.isEmpty() ? "" : " and ")
          + (extra.isEmpty() ? "" : Messages.quoteAll(extra.toArray(String[]::new)) + " not expected"));
    }
    return this;
  }

  private static String keys(long n) {
    return n + (n == 1 ? " key" : " keys");
  }

  /** Verifies the server has this Lua source in its script cache (EVAL or SCRIPT LOAD ran it). */
  public RedisAssert hasScript(String source) {
    isNotNull();
    java.util.Map<String, String> scripts = actual.scripts();
    if (!scripts.containsValue(source)) {
      failWithMessage("%s", "Expecting the script cache to hold " + Messages.quote(source)
          + ", but it holds " + (scripts.isEmpty() ? "no script"
              : scripts.size() + ": " + Messages.quoteAll(scripts.values().toArray(new String[0]))));
    }
    return this;
  }

  /** Verifies the server's script cache holds no script (none ran since the last SCRIPT FLUSH). */
  public RedisAssert hasNoScripts() {
    isNotNull();
    java.util.Map<String, String> scripts = actual.scripts();
    if (!scripts.isEmpty()) {
      failWithMessage("%s", "Expecting the script cache to be empty, but it holds "
          + scripts.size() + ": " + Messages.quoteAll(scripts.values().toArray(new String[0])));
    }
    return this;
  }

  private void fail(String expectation) {
    failWithMessage("%s", "Expecting db " + actual.index() + " " + expectation + ".\n"
        + actual.dump());
  }
}
