package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Pub/sub as applications use it, each scenario against redis-server and Cortado: Spring's
 * listener container with channel and pattern topics, Lettuce's pub/sub connection through a
 * dropped connection (it reconnects and subscribes again), and Jedis's blocking subscriber.
 */
@Timeout(30)
class PubSubClientsTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void springListenerContainer_channelAndPatternTopics(ClientHandshakeTest.Named target) throws Exception {
        String host = target.server().host();
        int port = target.server().port();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        factory.afterPropertiesSet();
        factory.start();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(factory);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MessageListener listener = (Message message, byte[] pattern) -> received.add(
                (pattern == null ? "" : new String(pattern) + " ") + new String(message.getChannel()) + " "
                        + new String(message.getBody()));
        container.addMessageListener(listener, new ChannelTopic("orders.created"));
        container.addMessageListener(listener, new PatternTopic("orders.*"));
        container.afterPropertiesSet();
        container.start();
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            awaitSubscribers(host, port, "orders.created", 1);
            template.convertAndSend("orders.created", "42");
            template.convertAndSend("orders.shipped", "43");
            template.convertAndSend("invoices.paid", "44");
            List<String> got = List.of(poll(received), poll(received), poll(received));
            // Spring hands a channel topic's listener the channel as its pattern.
            assertThat(got).containsExactlyInAnyOrder("orders.created orders.created 42",
                    "orders.* orders.created 42", "orders.* orders.shipped 43");
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            container.stop();
            container.destroy();
            factory.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_resubscribesAfterItsConnectionIsKilled(ClientHandshakeTest.Named target) throws Exception {
        String host = target.server().host();
        int port = target.server().port();
        RedisClient client = RedisClient.create("redis://" + host + ":" + port);
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + " " + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + " " + channel + " " + message);
                }
            });
            sub.sync().subscribe("news");
            sub.sync().psubscribe("alerts:*");
            assertThat(pub.sync().publish("news", "one")).isEqualTo(1);
            assertThat(pub.sync().publish("alerts:fire", "two")).isEqualTo(1);
            assertThat(List.of(poll(received), poll(received))).containsExactly("news one", "alerts:* alerts:fire two");

            assertThat(pub.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub())).isEqualTo(1L);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pub.sync().pubsubNumsub("news").get("news") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pub.sync().pubsubNumpat()).isEqualTo(1);
            assertThat(pub.sync().publish("news", "three")).isEqualTo(1);
            assertThat(poll(received)).isEqualTo("news three");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuceClientSideCache_isInvalidatedByAnotherConnectionsWrite(ClientHandshakeTest.Named target)
            throws Exception {
        String host = target.server().host();
        int port = target.server().port();
        RedisClient client = RedisClient.create("redis://" + host + ":" + port);
        try (StatefulRedisConnection<String, String> tracked = client.connect();
             StatefulRedisConnection<String, String> other = client.connect()) {
            other.sync().set("csc:greeting", "hello");
            java.util.Map<String, String> local = new java.util.concurrent.ConcurrentHashMap<>();
            io.lettuce.core.support.caching.CacheFrontend<String, String> cache =
                    io.lettuce.core.support.caching.ClientSideCaching.enable(
                            io.lettuce.core.support.caching.CacheAccessor.forMap(local), tracked,
                            io.lettuce.core.TrackingArgs.Builder.enabled());
            assertThat(cache.get("csc:greeting")).isEqualTo("hello");
            assertThat(local).containsEntry("csc:greeting", "hello");

            other.sync().set("csc:greeting", "bonjour"); // the server tells the tracked connection
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (local.containsKey("csc:greeting") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(local).as("the local copy was invalidated").doesNotContainKey("csc:greeting");
            assertThat(cache.get("csc:greeting")).isEqualTo("bonjour");
            cache.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void jedis_blockingSubscriberUntilUnsubscribe(ClientHandshakeTest.Named target) throws Exception {
        String host = target.server().host();
        int port = target.server().port();
        List<String> received = new CopyOnWriteArrayList<>();
        JedisPubSub subscriber = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + " " + message);
                if (message.equals("stop")) {
                    unsubscribe();
                }
            }
        };
        Thread listener = new Thread(() -> {
            try (Jedis jedis = new Jedis(host, port)) {
                jedis.subscribe(subscriber, "jobs");
            }
        });
        listener.start();
        try (Jedis publisher = new Jedis(host, port)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (publisher.pubsubNumSub("jobs").get("jobs") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(publisher.publish("jobs", "a")).isEqualTo(1);
            assertThat(publisher.publish("jobs", "stop")).isEqualTo(1);
            listener.join(10_000);
            assertThat(listener.isAlive()).isFalse();
            assertThat(received).containsExactly("jobs a", "jobs stop");
            assertThat(publisher.publish("jobs", "late")).isZero();
        }
    }

    static void awaitSubscribers(String host, int port, String channel, long n) throws InterruptedException {
        try (Jedis jedis = new Jedis(host, port)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (jedis.pubsubNumSub(channel).get(channel) < n) {
                assertThat(System.nanoTime()).as("a subscriber on " + channel + " within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    static String poll(BlockingQueue<String> queue) throws InterruptedException {
        String s = queue.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("a message within 5 s").isNotNull();
        return s;
    }
}
