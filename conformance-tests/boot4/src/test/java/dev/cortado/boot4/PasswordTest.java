package dev.cortado.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The server requires a password: Boot receives it with the connection details. */
@EmbeddedRedis(password = "s3cret")
@SpringBootTest(classes = GreetingApp.class)
class PasswordTest {
  @Autowired
  StringRedisTemplate template;

  @Test
  void theApplicationAuthenticates(CortadoServer redis) throws Exception {
    template.opsForValue().set("k", "v");
    assertThat(redis.data().get("k")).isEqualTo("v");

    // Without the password the same server refuses: the application's connection did AUTH.
    try (Socket s = new Socket(redis.host(), redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)).startsWith("-NOAUTH");
    }
  }
}
