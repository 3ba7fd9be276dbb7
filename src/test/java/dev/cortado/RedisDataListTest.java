package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RedisData's list helpers, and lists in the dump. */
class RedisDataListTest {
  private final CortadoServer server = CortadoServer.builder().build().start();
  private final RedisData db = server.data();
  private final TestClient client = new TestClient(server);

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  void pushesAreSeenByClients_andClientPushesDirectly() {
    db.rpush("q", "a", "b").lpush("q", "z", "y");
    assertThat(client.call("LRANGE", "q", "0", "-1"))
        .isEqualTo("*4\r\n$1\r\ny\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n");
    client.call("RPUSH", "q", "café");
    assertThat(db.lrange("q")).containsExactly("y", "z", "a", "b", "café");
    assertThat(db.lrange("missing")).isEqualTo(List.of());
    assertThat(db.type("q")).isEqualTo("list");
  }

  @Test
  void pushesKeepTheTtl_andRefuseOtherTypes() {
    db.rpush("q", "a");
    db.expire("q", Duration.ofSeconds(100));
    db.rpush("q", "b");
    assertThat(db.ttl("q")).isPresent();
    db.set("s", "x");
    assertThatThrownBy(() -> db.rpush("s", "a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WRONGTYPE");
    assertThatThrownBy(() -> db.lrange("s")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> db.lpush("q")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dumpShowsListsInOrder() {
    db.rpush("q", "a", "b", "c");
    assertThat(db.dump()).isEqualTo("db 0, 1 key:\n  \"q\" list [\"a\", \"b\", \"c\"]");
    for (int i = 0; i < 30; i++) {
      db.rpush("long", Integer.toString(i));
    }
    assertThat(db.dump()).contains("\"long\" list [\"0\", \"1\"")
        .contains("\"19\", ... (30 elements)]");
  }
}
