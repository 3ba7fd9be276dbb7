package dev.cortado.junit;

import dev.cortado.CortadoServer;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/** Spring Boot's SSL bundle for a TLS server: trusts the server's certificate; null without TLS. */
final class SpringSsl {
  private SpringSsl() {}

  static SslBundle bundle(CortadoServer server) {
    if (!server.isTls()) {
      return null;
    }
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cortado", server.tlsCertificate());
      return SslBundle.of(SslStoreBundle.of(null, null, trust));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the embedded server's certificate", e);
    }
  }
}
