package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ACL users declared on the builder: there when the server starts, again after a restart. */
class CortadoServerUsersTest {

  @Test
  void aDeclaredUserAuthenticatesAndIsLimitedByItsRules() {
    try (CortadoServer server = CortadoServer.builder()
        .user("app", "secret", "~app:*", "+@all", "-flushall")
        .user("reader", null, "~*", "-@all", "+get", "+ping")
        .build().start();
        TestClient client = new TestClient(server)) {
      assertThat(client.call("ACL", "USERS"))
          .isEqualTo("*3\r\n$3\r\napp\r\n$7\r\ndefault\r\n$6\r\nreader\r\n");
      assertThat(client.call("AUTH", "app", "wrong"))
          .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
      assertThat(client.call("AUTH", "app", "secret")).isEqualTo("+OK\r\n");
      assertThat(client.call("SET", "app:k", "v")).isEqualTo("+OK\r\n");
      assertThat(client.call("GET", "other")).isEqualTo("-NOPERM this user has no permissions to "
          + "access one of the keys used as arguments\r\n");
      assertThat(client.call("FLUSHALL"))
          .isEqualTo("-NOPERM this user has no permissions to run the 'flushall' command\r\n");
      assertThat(client.call("AUTH", "reader", "anything")).isEqualTo("+OK\r\n");
      assertThat(client.call("GET", "app:k")).isEqualTo("$1\r\nv\r\n");
      assertThat(client.call("SET", "app:k", "w"))
          .isEqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n");
    }
  }

  @Test
  void declaredUsersAreDescribedAsAclSetuserWouldMakeThem() {
    try (CortadoServer server = CortadoServer.builder()
        .user("app", "secret", "~app:*", "&app:*", "+@all")
        .build().start();
        TestClient client = new TestClient(server)) {
      String list = client.call("ACL", "LIST");
      assertThat(list).contains("user app on "
          + "#2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b "
          + "~app:* resetchannels &app:* +@all\r\n");
      server.stop();
      server.start();
      try (TestClient again = new TestClient(server)) {
        assertThat(again.call("AUTH", "app", "secret")).isEqualTo("+OK\r\n");
      }
    }
  }

  @Test
  void aRuleRedisRejectsFailsTheStart() {
    CortadoServer server = CortadoServer.builder().user("app", "pw", "+nosuch").build();
    assertThatThrownBy(server::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category "
            + "name in ACL");
  }
}
