package dev.cortado.boot3.details;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.boot3.GreetingApp;
import dev.cortado.junit.EmbeddedRedis;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/** connectAs: Boot receives an ACL user's name and password, and its rules hold for the app. */
@EmbeddedRedis(users = "app s3cret ~app:* +@all", connectAs = "app")
@SpringBootTest(classes = GreetingApp.class)
class AclUserTest {
  @Autowired
  StringRedisTemplate template;

  @Test
  void theApplicationConnectsAsThatUser(CortadoServer redis) throws Exception {
    template.opsForValue().set("app:k", "v");
    assertThat(redis.data().get("app:k")).isEqualTo("v");
    assertThatThrownBy(() -> template.opsForValue().set("other", "v"))
        .hasStackTraceContaining("NOPERM");

    // The default user (no password here) sees the application's connection under that user.
    try (Socket s = new Socket(redis.host(), redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write("CLIENT LIST\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[8192];
      int n = in.read(reply);
      assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)).contains(" user=app ");
    }
  }
}
