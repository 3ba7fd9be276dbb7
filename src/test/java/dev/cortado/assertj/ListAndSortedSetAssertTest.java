package dev.cortado.assertj;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.RedisData;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KeyAssert on lists, sorted sets, and the size of every container type. */
class ListAndSortedSetAssertTest {
  private final CortadoServer server = CortadoServer.builder().build().start();
  private final RedisData db = server.data();

  @BeforeEach
  void fill() {
    Map<String, Double> top = new LinkedHashMap<>();
    top.put("ada", 10.5);
    top.put("bob", 2.0);
    top.put("cy", 2.0);
    db.rpush("jobs", "a", "b", "c", "b").zadd("top", top).set("greeting", "hello")
        .hset("user:1", "name", "Ada")
        .hset("user:1", "city", "London").sadd("tags", "red");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void passingAssertions_chain() {
    assertThat(server).key("jobs").hasType("list").hasSize(4).hasElements("c", "a", "b")
        .hasElements().hasOnlyElements("a", "b", "c", "b").startsWith("a", "b").startsWith()
        .startsWith("a", "b", "c", "b").endsWith("c", "b").endsWith("a", "b", "c", "b")
        .key("top").hasSize(3).hasScore("ada", 10.5).hasScore("bob", 2).hasRank("bob", 0)
        .hasRank("cy", 1).hasRank("ada", 2).hasMembersInOrder("bob", "cy", "ada")
        .hasMembersInOrder("bob", "ada").hasMembersInOrder("cy").hasMembersInOrder()
        .hasOnlyScores(Map.of("cy", 2.0, "ada", 10.5, "bob", 2.0))
        .key("user:1").hasSize(2)
        .key("tags").hasSize(1);
  }

  @Test
  void listFailures_showTheList() {
    assertFails(() -> assertThat(server).key("jobs").hasSize(3),
        "Expecting key \"jobs\" in db 0 to have 3 elements, but it has 4.");
    assertFails(() -> assertThat(server).key("jobs").hasElements("a", "x", "y"),
        "Expecting key \"jobs\" in db 0 to have the elements [\"a\", \"x\", \"y\"], but [\"x\", \"y\"] "
            + "missing.");
    assertFails(() -> assertThat(server).key("jobs").hasOnlyElements("a", "b", "b", "c"),
        "Expecting key \"jobs\" in db 0 to have only the elements [\"a\", \"b\", \"b\", \"c\"], head to "
            + "tail, but it has [\"a\", \"b\", \"c\", \"b\"] (first difference at index 2).");
    assertFails(() -> assertThat(server).key("jobs").hasOnlyElements("a", "b", "c"),
        "Expecting key \"jobs\" in db 0 to have only the elements [\"a\", \"b\", \"c\"], head to tail, "
            + "but it has [\"a\", \"b\", \"c\", \"b\"] (first difference at index 3).");
    assertFails(() -> assertThat(server).key("jobs").startsWith("b"),
        "Expecting key \"jobs\" in db 0 to start with [\"b\"], but it starts with [\"a\"].");
    assertFails(() -> assertThat(server).key("jobs").startsWith("a", "b", "c", "b", "d"),
        "Expecting key \"jobs\" in db 0 to start with [\"a\", \"b\", \"c\", \"b\", \"d\"], but it is "
            + "[\"a\", \"b\", \"c\", \"b\"].");
    assertFails(() -> assertThat(server).key("jobs").endsWith("a", "b"),
        "Expecting key \"jobs\" in db 0 to end with [\"a\", \"b\"], but it ends with [\"c\", \"b\"].");
    assertFails(() -> assertThat(server).key("jobs").endsWith("z", "a", "b", "c", "b"),
        "Expecting key \"jobs\" in db 0 to end with [\"z\", \"a\", \"b\", \"c\", \"b\"], but it is "
            + "[\"a\", \"b\", \"c\", \"b\"].");
  }

  @Test
  void sortedSetFailures_showTheScores() {
    assertFails(() -> assertThat(server).key("top").hasSize(1),
        "Expecting key \"top\" in db 0 to have 1 member, but it has 3.");
    assertFails(() -> assertThat(server).key("top").hasScore("ada", 10),
        "Expecting key \"top\" in db 0 to have member \"ada\" with score 10, but its score is 10.5.");
    assertFails(() -> assertThat(server).key("top").hasScore("dan", 0.1),
        "Expecting key \"top\" in db 0 to have member \"dan\" with score 0.10000000000000001, but it "
            + "has no such member.");
    assertFails(() -> assertThat(server).key("top").hasRank("ada", 0),
        "Expecting key \"top\" in db 0 to have member \"ada\" at rank 0, but it is at rank 2.");
    assertFails(() -> assertThat(server).key("top").hasRank("dan", 0),
        "Expecting key \"top\" in db 0 to have member \"dan\" at rank 0, but it has no such member.");
    assertFails(() -> assertThat(server).key("top").hasMembersInOrder("ada", "bob"),
        "Expecting key \"top\" in db 0 to have the members [\"ada\", \"bob\"] in this order, lowest "
            + "score first, but they come as [\"bob\", \"ada\"].");
    assertFails(() -> assertThat(server).key("top").hasMembersInOrder("bob", "dan", "ada", "eve"),
        "Expecting key \"top\" in db 0 to have the members [\"bob\", \"dan\", \"ada\", \"eve\"] in this "
            + "order, lowest score first, but [\"dan\", \"eve\"] missing.");
    assertFails(() -> assertThat(server).key("top").hasOnlyScores(Map.of("ada", 10.5, "bob", 3.0)),
        "Expecting key \"top\" in db 0 to have only the scores {\"bob\": 3, \"ada\": 10.5}, but it has "
            + "{\"bob\": 2, \"cy\": 2, \"ada\": 10.5}.");
    assertFails(() -> assertThat(server).key("top")
            .hasOnlyScores(Map.of("ada", 10.5, "bob", 2.0, "cy", 2.5)),
        "Expecting key \"top\" in db 0 to have only the scores {\"bob\": 2, \"cy\": 2.5, \"ada\": 10.5}, "
            + "but it has {\"bob\": 2, \"cy\": 2, \"ada\": 10.5}.");
    assertThatThrownBy(() -> assertThat(server).key("top").hasMembersInOrder("bob", "bob"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
  }

  @Test
  void failure_showsTheDatabase() {
    assertThatThrownBy(() -> assertThat(server).key("top").hasRank("cy", 0))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expecting key "top" in db 0 to have member "cy" at rank 0, but it is at rank 1.
            db 0, 5 keys:
              "greeting" string "hello"
              "jobs" list ["a", "b", "c", "b"]
              "tags" set ["red"]
              "top" zset {"bob": 2, "cy": 2, "ada": 10.5}
              "user:1" hash {"name": "Ada", "city": "London"}""");
  }

  @Test
  void wrongType_saysWhatTheKeyIs() {
    assertFails(() -> assertThat(server).key("top").hasElements("ada"),
        "Expecting key \"top\" in db 0 to be a list, but it is a zset.");
    assertFails(() -> assertThat(server).key("tags").hasOnlyElements("red"),
        "Expecting key \"tags\" in db 0 to be a list, but it is a set.");
    assertFails(() -> assertThat(server).key("greeting").startsWith("h"),
        "Expecting key \"greeting\" in db 0 to be a list, but it is a string.");
    assertFails(() -> assertThat(server).key("user:1").endsWith("Ada"),
        "Expecting key \"user:1\" in db 0 to be a list, but it is a hash.");
    assertFails(() -> assertThat(server).key("jobs").hasScore("a", 1),
        "Expecting key \"jobs\" in db 0 to be a zset, but it is a list.");
    assertFails(() -> assertThat(server).key("tags").hasRank("red", 0),
        "Expecting key \"tags\" in db 0 to be a zset, but it is a set.");
    assertFails(() -> assertThat(server).key("tags").hasMembersInOrder("red"),
        "Expecting key \"tags\" in db 0 to be a zset, but it is a set.");
    assertFails(() -> assertThat(server).key("greeting").hasOnlyScores(Map.of("hello", 1.0)),
        "Expecting key \"greeting\" in db 0 to be a zset, but it is a string.");
    assertFails(() -> assertThat(server).key("greeting").hasSize(5),
        "Expecting key \"greeting\" in db 0 to have a size of 5, but it is a string.");
  }

  @Test
  void missingKey_saysItDoesNotExist() {
    assertFails(() -> assertThat(server).key("nope").hasElements("a"),
        "Expecting key \"nope\" in db 0 to be a list, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").hasOnlyElements(),
        "Expecting key \"nope\" in db 0 to be a list, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").startsWith(),
        "Expecting key \"nope\" in db 0 to be a list, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").endsWith("a"),
        "Expecting key \"nope\" in db 0 to be a list, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").hasScore("a", 1),
        "Expecting key \"nope\" in db 0 to be a zset, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").hasRank("a", 0),
        "Expecting key \"nope\" in db 0 to be a zset, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").hasMembersInOrder(),
        "Expecting key \"nope\" in db 0 to be a zset, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").hasOnlyScores(Map.of()),
        "Expecting key \"nope\" in db 0 to be a zset, but it does not exist.");
    assertFails(() -> assertThat(server).key("nope").hasSize(0),
        "Expecting key \"nope\" in db 0 to have a size of 0, but it does not exist.");
  }

  @Test
  void sizeNamesWhatItCounts() {
    assertFails(() -> assertThat(server).key("user:1").hasSize(1),
        "Expecting key \"user:1\" in db 0 to have 1 field, but it has 2.");
    assertFails(() -> assertThat(server).key("tags").hasSize(2),
        "Expecting key \"tags\" in db 0 to have 2 members, but it has 1.");
  }

  @Test
  void description_prefixesTheMessage() {
    assertThatThrownBy(() -> assertThat(server).key("jobs").as("queue").hasSize(0))
        .hasMessageStartingWith("[queue] Expecting key \"jobs\" in db 0 to have 0 elements, but it "
            + "has 4.\n");
  }

  private static void assertFails(Runnable assertion, String firstLine) {
    assertThatThrownBy(assertion::run).isInstanceOf(AssertionError.class)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage().split("\n")[0])
            .isEqualTo(firstLine));
  }
}
