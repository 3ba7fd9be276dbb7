package dev.cortado.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server's TLS identity: its certificate and the Netty context that serves it, from PEM files or
 * generated for tests.
 */
public final class Tls {
  private static final char[] PASSWORD = "cortado".toCharArray();
  private static Tls selfSigned;

  private final SslContext serverContext;
  private final X509Certificate certificate;

  private Tls(SslContext serverContext, X509Certificate certificate) {
    this.serverContext = serverContext;
    this.certificate = certificate;
  }

  /** From a PEM certificate (chain) and a PEM private key in PKCS#8 form ("BEGIN PRIVATE KEY"). */
  public static Tls fromPem(Path certificateChain, Path privateKey) {
    try (InputStream in = Files.newInputStream(certificateChain)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      return new Tls(SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
          .build(), cert);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use " + certificateChain + " and " + privateKey
          + " for TLS: " + e.getMessage(), e);
    }
  }

  /**
   * A self-signed certificate for localhost, 127.0.0.1 and ::1, made once per JVM with the JDK's
   * keytool (the JDK has no public API to make one, and this keeps Cortado free of a crypto library).
   */
  public static synchronized Tls selfSigned() {
    if (selfSigned == null) {
      selfSigned = generate();
    }
    return selfSigned;
  }

  private static Tls generate() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("cortado-tls");
      Path store = dir.resolve("server.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "cortado",
          "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
          "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1", "-validity", "3650",
          "-keystore", store.toString(), "-storetype", "PKCS12",
          "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      PrivateKey key = (PrivateKey) ks.getKey("cortado", PASSWORD);
      X509Certificate cert = (X509Certificate) ks.getCertificate("cortado");
      return new Tls(SslContextBuilder.forServer(key, cert).build(), cert);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a certificate", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  public SslContext serverContext() {
    return serverContext;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Trust managers that trust this certificate (and nothing else). */
  public TrustManagerFactory trustManagerFactory() {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cortado", certificate);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client-side context that trusts this certificate, for Jedis, Lettuce or plain sockets. */
  public SSLContext clientContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagerFactory().getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
