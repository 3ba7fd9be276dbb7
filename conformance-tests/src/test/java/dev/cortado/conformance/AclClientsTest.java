package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Applications that connect as an ACL user (a managed Redis's service account) through real
 * clients, against redis-server and Cortado: Lettuce's RedisURI with a username, Jedis's client
 * config, Spring Data Redis's RedisStandaloneConfiguration.setUsername. The user may use keys and
 * channels under "app:" and every command but FLUSHALL; what it may not do fails with NOPERM.
 */
@Timeout(60)
class AclClientsTest {

    private static final String KEY_DENIED =
            "NOPERM this user has no permissions to access one of the keys used as arguments";
    private static final String FLUSHALL_DENIED =
            "NOPERM this user has no permissions to run the 'flushall' command";

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    /** Creates the user on the default connection, runs the scenario, deletes the user. */
    private static void withUser(Server s, String user, Runnable scenario) {
        try (Jedis admin = new Jedis(s.host(), s.port())) {
            admin.aclSetUser(user, "reset", "on", ">secret", "~app:*", "&app:*", "+@all", "-flushall");
            try {
                scenario.run();
            } finally {
                admin.aclDelUser(user);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_authenticatesAsAUser(ClientHandshakeTest.Named target) {
        Server s = target.server();
        withUser(s, "acl-lettuce", () -> {
            RedisURI uri = RedisURI.builder().withHost(s.host()).withPort(s.port())
                    .withAuthentication("acl-lettuce", "secret").build();
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> sync = connection.sync();
                assertThat(sync.aclWhoami()).isEqualTo("acl-lettuce");
                assertThat(sync.set("app:k", "v")).isEqualTo("OK");
                assertThat(sync.get("app:k")).isEqualTo("v");
                assertThat(sync.del("app:k")).isEqualTo(1);
                assertThat(sync.publish("app:events", "hello")).isZero();
                assertThatThrownBy(() -> sync.get("other"))
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessage(KEY_DENIED);
                assertThatThrownBy(sync::flushall)
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessage(FLUSHALL_DENIED);
                assertThatThrownBy(() -> sync.publish("other", "m"))
                        .isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessage("NOPERM this user has no permissions to access one of the channels used as arguments");
                assertThat(sync.ping()).isEqualTo("PONG"); // the connection is still usable
            } finally {
                client.shutdown();
            }
            RedisClient wrong = RedisClient.create(RedisURI.builder().withHost(s.host()).withPort(s.port())
                    .withAuthentication("acl-lettuce", "nope").build());
            try {
                assertThatThrownBy(wrong::connect).isInstanceOf(RedisConnectionException.class)
                        .hasRootCauseMessage("WRONGPASS invalid username-password pair or user is disabled.");
            } finally {
                wrong.shutdown();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_authenticatesAsAUser(ClientHandshakeTest.Named target) {
        Server s = target.server();
        withUser(s, "acl-jedis", () -> {
            DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                    .user("acl-jedis").password("secret").build();
            try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()), config)) {
                assertThat(jedis.aclWhoAmI()).isEqualTo("acl-jedis");
                assertThat(jedis.set("app:j", "1")).isEqualTo("OK");
                assertThat(jedis.incr("app:j")).isEqualTo(2);
                assertThat(jedis.del("app:j")).isEqualTo(1);
                assertThatThrownBy(() -> jedis.set("other", "v"))
                        .isInstanceOf(JedisDataException.class).hasMessage(KEY_DENIED);
                assertThatThrownBy(jedis::flushAll)
                        .isInstanceOf(JedisDataException.class).hasMessage(FLUSHALL_DENIED);
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_deletingTheUserDisconnectsItsClients(ClientHandshakeTest.Named target) {
        Server s = target.server();
        try (Jedis admin = new Jedis(s.host(), s.port())) {
            admin.aclSetUser("acl-gone", "reset", "on", ">secret", "~*", "+@all");
            try (Jedis jedis = new Jedis(new HostAndPort(s.host(), s.port()),
                    DefaultJedisClientConfig.builder().user("acl-gone").password("secret").build())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
                assertThat(admin.aclDelUser("acl-gone")).isEqualTo(1);
                assertThatThrownBy(jedis::ping).isInstanceOf(JedisConnectionException.class);
            } finally {
                admin.aclDelUser("acl-gone");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_connectsWithAUsername(ClientHandshakeTest.Named target) {
        Server s = target.server();
        withUser(s, "acl-spring", () -> {
            RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(s.host(), s.port());
            config.setUsername("acl-spring");
            config.setPassword(RedisPassword.of("secret"));
            LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
            factory.afterPropertiesSet();
            factory.start();
            try {
                StringRedisTemplate template = new StringRedisTemplate(factory);
                template.opsForValue().set("app:spring", "v");
                assertThat(template.opsForValue().get("app:spring")).isEqualTo("v");
                template.opsForList().rightPushAll("app:list", "a", "b");
                assertThat(template.opsForList().range("app:list", 0, -1)).isEqualTo(List.of("a", "b"));
                assertThat(template.delete(List.of("app:spring", "app:list"))).isEqualTo(2);
                assertThatThrownBy(() -> template.opsForValue().get("other"))
                        .isInstanceOf(DataAccessException.class).hasRootCauseMessage(KEY_DENIED);
            } finally {
                factory.destroy();
            }
        });
    }
}
