package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * CLIENT PAUSE as an application meets it, against redis-server and Cortado: Jedis pauses writes,
 * a Lettuce connection's reads go on while its write (and the read pipelined behind it) waits, and
 * CLIENT UNPAUSE lets them complete in order.
 */
@Timeout(30)
class ClientPauseClientsTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuceWritesWaitForJedisUnpause_readsDoNot(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        RedisClient client = RedisClient.create(RedisURI.create(s.host(), s.port()));
        try (Jedis admin = new Jedis(s.host(), s.port());
             StatefulRedisConnection<String, String> app = client.connect()) {
            admin.set("pause:k", "before");
            assertThat(admin.clientPause(100_000, ClientPauseMode.WRITE)).isEqualTo("OK");
            RedisFuture<String> write;
            RedisFuture<String> readBehind;
            try {
                assertThat(app.sync().get("pause:k")).isEqualTo("before");
                write = app.async().set("pause:k", "after");
                readBehind = app.async().get("pause:k");
                assertThat(write.await(300, TimeUnit.MILLISECONDS)).as("the write waits").isFalse();
                assertThat(readBehind.isDone()).as("and the read behind it").isFalse();
                assertThat(admin.get("pause:k")).isEqualTo("before");
            } finally {
                assertThat(admin.clientUnpause()).isEqualTo("OK");
            }
            assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(readBehind.get(5, TimeUnit.SECONDS)).isEqualTo("after");
        } finally {
            client.shutdown();
        }
    }
}
