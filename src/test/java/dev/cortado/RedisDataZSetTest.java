package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RedisData's sorted-set helpers, and sorted sets in the dump. */
class RedisDataZSetTest {
  private final CortadoServer server = CortadoServer.builder().build().start();
  private final RedisData db = server.data();
  private final TestClient client = new TestClient(server);

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  void addsAreSeenByClients_andClientAddsDirectly() {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("bob", 2.0);
    scores.put("ada", 10.5);
    db.zadd("top", scores).zadd("top", 1, "cy");
    assertThat(client.call("ZRANGE", "top", "0", "-1", "WITHSCORES")).isEqualTo(
        "*6\r\n$2\r\ncy\r\n$1\r\n1\r\n$3\r\nbob\r\n$1\r\n2\r\n$3\r\nada\r\n$4\r\n10.5\r\n");
    client.call("ZADD", "top", "0.1", "café");
    assertThat(db.zrange("top")).containsExactly("café", "cy", "bob", "ada");
    assertThat(db.zrangeWithScores("top")).containsExactly(Map.entry("café", 0.1),
        Map.entry("cy", 1.0), Map.entry("bob", 2.0), Map.entry("ada", 10.5));
    assertThat(db.zscore("top", "ada")).isEqualTo(10.5);
    assertThat(db.zscore("top", "nobody")).isNull();
    assertThat(db.zscore("missing", "ada")).isNull();
    assertThat(db.zrange("missing")).isEqualTo(List.of());
    assertThat(db.type("top")).isEqualTo("zset");
  }

  @Test
  void addsKeepTheTtl_andRefuseOtherTypes() {
    db.zadd("z", 1, "a");
    db.expire("z", Duration.ofSeconds(100));
    db.zadd("z", 2, "a");
    assertThat(db.ttl("z")).isPresent();
    assertThat(db.zscore("z", "a")).isEqualTo(2.0);
    db.set("s", "x");
    assertThatThrownBy(() -> db.zadd("s", 1, "a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WRONGTYPE");
    assertThatThrownBy(() -> db.zrange("s")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> db.zadd("z", Double.NaN, "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.zadd("z", Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void directAdds_sendZaddsEvents_onlyForAChange() {
    try (PublishedMessages events = server.recordMessages("__keyevent@0__:*")) {
      client.call("CONFIG", "SET", "notify-keyspace-events", "KEAn");
      db.zadd("z", 1, "a").zadd("z", 1, "a").zadd("z", 2, "a");
      assertThat(events.messages()).extracting(m -> m.channel().substring(15) + " " + m.message())
          .containsExactly("new z", "zadd z", "zadd z");
    }
  }

  @Test
  void dumpShowsMembersLowestFirstWithTheirScores() {
    db.zadd("z", Map.of("a", 2.0, "b", 0.5, "c", Double.POSITIVE_INFINITY));
    assertThat(db.dump()).isEqualTo("db 0, 1 key:\n  \"z\" zset {\"b\": 0.5, \"a\": 2, \"c\": inf}");
    for (int i = 0; i < 30; i++) {
      db.zadd("long", i, Integer.toString(i));
    }
    assertThat(db.dump()).contains("\"long\" zset {\"0\": 0, \"1\": 1")
        .contains("\"19\": 19, ... (30 members)}");
  }
}
