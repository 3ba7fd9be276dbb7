package dev.cortado.classpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import dev.cortado.junit.EmbeddedRedis;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Cortado's Spring support (a context customizer named in META-INF/spring.factories) is inert in a
 * build without Spring: the POM brought none, and {@code @EmbeddedRedis} works as everywhere.
 */
@EmbeddedRedis
class WithoutSpringTest {
  @Test
  void noSpringOnTheClasspathAndTheAnnotationStillWorks(CortadoServer redis) throws Exception {
    assertThatThrownBy(() -> Class.forName("org.springframework.core.SpringVersion"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(CortadoServer.class.getClassLoader().getResource("META-INF/spring.factories"))
        .as("the factory file ships in Cortado's jar").isNotNull();

    redis.data().set("k", "v");
    try (Socket s = new Socket(redis.host(), redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET k\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[16];
      int n = in.read(reply);
      assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)).isEqualTo("$1\r\nv\r\n");
    }
  }
}
