package dev.cortado.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

/** {@code @EmbeddedRedis(tls = true)}: the port speaks only TLS, trusted by the server's client context. */
@EmbeddedRedis(tls = true)
class EmbeddedRedisTlsTest {
  @Test
  void theServerSpeaksTlsWithItsSelfSignedCertificate(CortadoServer redis) throws Exception {
    assertThat(redis.isTls()).isTrue();
    assertThat(redis.uri()).startsWith("rediss://");
    try (SSLSocket s = (SSLSocket) redis.tlsClientContext().getSocketFactory()
        .createSocket(redis.host(), redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = new byte[16];
      int n = in.read(reply);
      assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
    }
  }
}
