package dev.cortado.assertj;

import static dev.cortado.assertj.CortadoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CortadoAssertionsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final CortadoServer server = CortadoServer.builder().clock(clock).build().start();

  @AfterEach
  void stop() {
    server.stop();
  }

  private void fill() {
    server.data().set("greeting", "hello").set("session", "abc", Duration.ofMinutes(30))
        .hset("user:1", "name", "Ada").sadd("tags", "red");
  }

  @Test
  void passingAssertions_chain() {
    fill();
    assertThat(server).hasSize(4).containsKeys("greeting", "session").doesNotContainKeys("nope")
        .containsOnlyKeys("user:1", "tags", "session", "greeting");
    assertThat(server).key("greeting").exists().hasType("string").hasValue("hello").hasNoTtl()
        .key("session").hasTtl(Duration.ofMinutes(30))
        .hasTtlBetween(Duration.ofMinutes(29), Duration.ofMinutes(30))
        .key("user:1").hasField("name", "Ada").doesNotHaveField("age")
        .hasOnlyFields(Map.of("name", "Ada"))
        .key("tags").hasMembers("red").doesNotHaveMembers("blue").hasOnlyMembers("red")
        .key("nope").doesNotExist();
    assertThat(server).db(1).isEmpty();
    assertThat(server.data(1)).isEmpty().hasSize(0);
  }

  @Test
  void ttl_followsTheManualClock() {
    fill();
    clock.advance(Duration.ofMinutes(10));
    assertThat(server).key("session").hasTtl(Duration.ofMinutes(20));
    clock.advance(Duration.ofMinutes(21));
    assertThat(server).key("session").doesNotExist();
  }

  @Test
  void failure_showsWhatTheDatabaseHolds() {
    fill();
    assertThatThrownBy(() -> assertThat(server).key("greeting").hasValue("bye"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expecting key "greeting" in db 0 to hold "bye", but it holds "hello".
            db 0, 4 keys:
              "greeting" string "hello"
              "session" string "abc" (ttl PT30M)
              "tags" set ["red"]
              "user:1" hash {"name": "Ada"}""");
  }

  @Test
  void binaryValues() {
    server.data().set("blob", new byte[] {0, (byte) 0xff, 'a'});
    assertThat(server).key("blob").hasValue(new byte[] {0, (byte) 0xff, 'a'});
    assertThatThrownBy(() -> assertThat(server).key("blob").hasValue(new byte[] {0}))
        .hasMessageStartingWith("Expecting key \"blob\" in db 0 to hold \"\\x00\", but it holds "
            + "\"\\x00\\xffa\"");
  }

  @Test
  void failures_sayWhatIsWrong() {
    fill();
    assertFails(() -> assertThat(server).hasSize(3), "Expecting db 0 to hold 3 keys, but it holds 4 keys.");
    assertFails(() -> assertThat(server).isEmpty(), "Expecting db 0 to be empty.");
    assertFails(() -> assertThat(server).containsKeys("greeting", "a", "b"),
        "Expecting db 0 to contain [\"greeting\", \"a\", \"b\"], but \"a\", \"b\" are missing.");
    assertFails(() -> assertThat(server).doesNotContainKeys("greeting"),
        "Expecting db 0 not to contain [\"greeting\"], but it contains \"greeting\".");
    assertFails(() -> assertThat(server).containsOnlyKeys("greeting", "x"),
        "Expecting db 0 to contain only [\"greeting\", \"x\"], but [\"x\"] missing and "
            + "[\"session\", \"tags\", \"user:1\"] not expected.");
    assertFails(() -> assertThat(server).key("x").exists(),
        "Expecting key \"x\" in db 0 to exist, but it does not.");
    assertFails(() -> assertThat(server).key("tags").doesNotExist(),
        "Expecting key \"tags\" in db 0 not to exist, but it holds a set.");
    assertFails(() -> assertThat(server).key("tags").hasValue("red"),
        "Expecting key \"tags\" in db 0 to be a string, but it is a set.");
    assertFails(() -> assertThat(server).key("x").hasType("hash"),
        "Expecting key \"x\" in db 0 to be a hash, but it does not exist.");
    assertFails(() -> assertThat(server).key("greeting").hasTtl(Duration.ofSeconds(1)),
        "Expecting key \"greeting\" in db 0 to have a TTL, but it has none.");
    assertFails(() -> assertThat(server).key("session").hasTtl(Duration.ofSeconds(1)),
        "Expecting key \"session\" in db 0 to have a TTL of PT1S, but it has PT30M.");
    assertFails(() -> assertThat(server).key("session").hasNoTtl(),
        "Expecting key \"session\" in db 0 to have no TTL, but it has PT30M.");
    assertFails(() -> assertThat(server).key("session")
            .hasTtlBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)),
        "Expecting key \"session\" in db 0 to have a TTL between PT1S and PT2S, but it has PT30M.");
    assertFails(() -> assertThat(server).key("user:1").hasField("name", "Bob"),
        "Expecting key \"user:1\" in db 0 to have field \"name\" = \"Bob\", but it is \"Ada\".");
    assertFails(() -> assertThat(server).key("user:1").hasField("age", "3"),
        "Expecting key \"user:1\" in db 0 to have field \"age\" = \"3\", but it has no such field.");
    assertFails(() -> assertThat(server).key("user:1").doesNotHaveField("name"),
        "Expecting key \"user:1\" in db 0 not to have field \"name\", but it is \"Ada\".");
    assertFails(() -> assertThat(server).key("user:1").hasOnlyFields(Map.of("age", "3")),
        "Expecting key \"user:1\" in db 0 to have only the fields {\"age\": \"3\"}, but it has "
            + "{\"name\": \"Ada\"}.");
    assertFails(() -> assertThat(server).key("tags").hasMembers("red", "blue"),
        "Expecting key \"tags\" in db 0 to have the members [\"red\", \"blue\"], but [\"blue\"] missing.");
    assertFails(() -> assertThat(server).key("tags").doesNotHaveMembers("red"),
        "Expecting key \"tags\" in db 0 not to have the members [\"red\"], but it has [\"red\"].");
    assertFails(() -> assertThat(server).key("tags").hasOnlyMembers("blue"),
        "Expecting key \"tags\" in db 0 to have only the members [\"blue\"], but it has [\"red\"].");
  }

  @Test
  void description_prefixesTheMessage_andOtherDatabasesAreNamed() {
    server.data(2).set("k", "v");
    assertThatThrownBy(() -> assertThat(server).db(2).as("after checkout").hasSize(0))
        .hasMessage("[after checkout] Expecting db 2 to hold 0 keys, but it holds 1 key.\n"
            + "db 2, 1 key:\n  \"k\" string \"v\"");
  }

  @Test
  void nullServer_failsAsAssertJDoes() {
    assertThatThrownBy(() -> assertThat((CortadoServer) null).hasSize(0))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Expecting actual not to be null");
  }

  private static void assertFails(Runnable assertion, String firstLine) {
    assertThatThrownBy(assertion::run).isInstanceOf(AssertionError.class)
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage().split("\n")[0])
            .isEqualTo(firstLine));
  }
}
