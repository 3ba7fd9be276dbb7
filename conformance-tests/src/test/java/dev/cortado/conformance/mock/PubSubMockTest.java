package dev.cortado.conformance.mock;

import static dev.cortado.mock.Mock.any;
import static dev.cortado.mock.Mock.anyCommand;
import static dev.cortado.mock.Mock.closeConnection;
import static dev.cortado.mock.Mock.command;
import static dev.cortado.mock.Mock.error;
import static dev.cortado.mock.Mock.integer;
import static dev.cortado.mock.Mock.passThrough;
import static dev.cortado.mock.Mock.times;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import dev.cortado.mock.RedisMock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The mock layer with pub/sub clients (Cortado only): PUBLISH stubbed, pub/sub commands in the
 * journal, a fault that drops a subscriber so that Lettuce's resubscription is tested, and stubs
 * that never answer a RESP2 subscriber with what its pub/sub reader cannot take.
 */
@Timeout(30)
class PubSubMockTest {
    static CortadoServer server;
    RedisMock mock;

    @BeforeAll
    static void start() {
        server = CortadoServer.builder().build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.reset();
        mock = server.mock();
    }

    @Test
    void publishCanBeStubbed_andPubSubCommandsAreJournaled() {
        mock.when(command("PUBLISH", "orders", any())).thenReturn(integer(3));
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertThat(jedis.publish("orders", "42")).isEqualTo(3);
            assertThat(jedis.publish("invoices", "7")).as("not stubbed: nobody listens").isZero();
        }
        mock.verify(times(1), command("PUBLISH", "orders", "42"));
        mock.verify(times(1), command("PUBLISH", "invoices", any()));
    }

    @Test
    void lettuceResubscribesAfterAFaultDropsItsConnection() throws Exception {
        RedisClient client = RedisClient.create(server.uri());
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + " " + message);
                }
            });
            sub.sync().subscribe("news");
            pub.sync().publish("news", "before");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("news before");

            mock.when(command("PING")).thenReturn(closeConnection(), passThrough());
            sub.async().ping(); // the server drops the subscriber here; Lettuce reconnects
            mock.verifyWithin(Duration.ofSeconds(10), times(2), command("SUBSCRIBE", "news"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pub.sync().pubsubNumsub("news").get("news") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pub.sync().publish("news", "after")).isEqualTo(1);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("news after");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void aCatchAllStub_neverAnswersAResp2SubscriberWithWhatItCannotRead() throws Exception {
        mock.when(command("SUBSCRIBE")).thenReturn(passThrough()); // the first stub that matches answers
        mock.when(anyCommand()).thenReturn(error("ERR stubbed"));
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        JedisPubSub subscriber = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(message);
                if (message.equals("stop")) {
                    unsubscribe();
                }
            }
        };
        Thread listener = new Thread(() -> {
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
                jedis.subscribe(subscriber, "jobs");
            }
        });
        listener.start();
        while (!subscriber.isSubscribed()) {
            Thread.sleep(10);
        }
        subscriber.ping(); // a subscribed RESP2 client: the catch-all stub does not answer it
        server.publish("jobs", "a");
        server.publish("jobs", "stop");
        listener.join(10_000);
        assertThat(listener.isAlive()).isFalse();
        assertThat(received).containsExactly("a", "stop");
        mock.verify(times(1), command("PING"));
        mock.verify(times(1), command("UNSUBSCRIBE"));
        try (Jedis other = new Jedis(server.host(), server.port())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> other.get("k")))
                    .hasMessage("ERR stubbed"); // everyone else is still stubbed
        }
    }
}
