package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port speaks TLS with a PEM certificate or a generated one; plaintext is turned away. */
class TlsTest {

  @Test
  void selfSigned_clientsTrustingItTalkRedis_plaintextIsClosed() throws IOException {
    try (CortadoServer server = CortadoServer.builder().tlsSelfSigned().build().start()) {
      assertThat(server.uri()).startsWith("rediss://127.0.0.1:");
      assertThat(server.tlsCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
      assertThat(tlsPing(server)).isEqualTo("+PONG\r\n");

      try (Socket plain = new Socket(server.host(), server.port())) {
        plain.setSoTimeout(5000);
        plain.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(plain.getInputStream())).as("no reply, just closed").doesNotContain("PONG");
      }
      assertThat(tlsPing(server)).as("the server goes on").isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificate_failsTheHandshake() throws IOException {
    try (CortadoServer server = CortadoServer.builder().tlsSelfSigned().build().start();
        SSLSocket socket = (SSLSocket) javax.net.ssl.SSLSocketFactory.getDefault()
            .createSocket(server.host(), server.port())) {
      assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
    }
  }

  @Test
  void pemFiles(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("k.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "t", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "secret".toCharArray());
    }
    Certificate cert = ks.getCertificate("t");
    PrivateKey key = (PrivateKey) ks.getKey("t", "secret".toCharArray());
    Path certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));

    try (CortadoServer server = CortadoServer.builder().tls(certPem, keyPem).build().start()) {
      assertThat(server.tlsCertificate()).isEqualTo(cert);
      assertThat(tlsPing(server)).isEqualTo("+PONG\r\n");
    }
    assertThatThrownBy(() -> CortadoServer.builder().tls(keyPem, certPem))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for TLS");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static String tlsPing(CortadoServer server) throws IOException {
    try (SSLSocket socket = (SSLSocket) server.tlsClientContext().getSocketFactory()
        .createSocket(server.host(), server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int n = socket.getInputStream().readNBytes(reply, 0, 7);
      return new String(reply, 0, n, StandardCharsets.US_ASCII);
    }
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return ""; // reset: closed all the same
    }
  }
}
