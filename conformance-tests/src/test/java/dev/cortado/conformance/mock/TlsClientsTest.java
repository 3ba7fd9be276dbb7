package dev.cortado.conformance.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.CortadoServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Jedis and Lettuce over TLS to a server with a generated certificate; plaintext is refused. */
class TlsClientsTest {

    private static CortadoServer redis;

    @BeforeAll
    static void start() {
        redis = CortadoServer.builder().tlsSelfSigned().build().start();
    }

    @AfterAll
    static void stop() {
        redis.stop();
    }

    @Test
    void jedisOverTls() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(redis.tlsClientContext().getSocketFactory()).build();
        try (Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), config)) {
            assertThat(jedis.set("tls:jedis", "v")).isEqualTo("OK");
            assertThat(jedis.get("tls:jedis")).isEqualTo("v");
        }
    }

    @Test
    void lettuceOverTls() {
        RedisURI uri = RedisURI.create(redis.uri());
        assertThat(uri.isSsl()).isTrue();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder().trustManager(redis.tlsTrustManagerFactory()).build()).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().set("tls:lettuce", "v")).isEqualTo("OK");
            assertThat(c.sync().get("tls:lettuce")).isEqualTo("v");
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Test
    void plaintextClientsAreRefusedCleanly() {
        DefaultJedisClientConfig plain = DefaultJedisClientConfig.builder().socketTimeoutMillis(2000).build();
        assertThatThrownBy(() -> {
            try (Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), plain)) {
                jedis.ping();
            }
        }).isInstanceOf(JedisConnectionException.class);
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
                RedisURI.builder().withHost(redis.host()).withPort(redis.port()).withTimeout(Duration.ofSeconds(2)).build());
        try {
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        jedisOverTls(); // the server goes on
    }

    @Test
    void aClientNotTrustingTheCertificateFails() {
        X509Certificate cert = redis.tlsCertificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        DefaultJedisClientConfig untrusting = DefaultJedisClientConfig.builder().ssl(true).build();
        assertThatThrownBy(() -> {
            try (Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), untrusting)) {
                jedis.ping();
            }
        }).isInstanceOf(JedisConnectionException.class).hasStackTraceContaining("PKIX path building failed");
    }
}
