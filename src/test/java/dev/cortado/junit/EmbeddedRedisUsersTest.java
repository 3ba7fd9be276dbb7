package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.TestClient;

import org.junit.jupiter.api.Test;

/** Users declared on the annotation exist when the test runs, with their passwords and rules. */
@EmbeddedRedis(users = {"app secret ~app:* +@all", "reader nopass ~* -@all +get"})
class EmbeddedRedisUsersTest {

  @Test
  void declaredUsersAuthenticateAndAreLimited(CortadoServer server) {
    try (TestClient client = new TestClient(server)) {
      assertThat(client.call("ACL", "USERS"))
          .isEqualTo("*3\r\n$3\r\napp\r\n$7\r\ndefault\r\n$6\r\nreader\r\n");
      assertThat(client.call("AUTH", "app", "secret")).isEqualTo("+OK\r\n");
      assertThat(client.call("GET", "other")).isEqualTo("-NOPERM this user has no permissions to "
          + "access one of the keys used as arguments\r\n");
      assertThat(client.call("AUTH", "reader", "anything")).isEqualTo("+OK\r\n");
      assertThat(client.call("SET", "k", "v"))
          .isEqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n");
    }
  }
}
