package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.models.stream.PendingMessages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.Subscription;

/**
 * Streams as applications use them through real clients, each scenario against redis-server and
 * Cortado: a Lettuce consumer group (XADD, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM), a
 * Lettuce XREAD BLOCK served by another connection's XADD, and Spring Data Redis's
 * StreamMessageListenerContainer receiving what another connection adds. Every expected value is
 * what Redis answers: a failure against the real Redis is a broken test.
 */
@Timeout(60)
class StreamClientsTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_consumerGroup(ClientHandshakeTest.Named target) {
        Server s = target.server();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            String key = "streams:lettuce:orders";
            sync.del(key, "streams:lettuce:string");

            assertThat(sync.xadd(key, new XAddArgs().id("1-1"), Map.of("item", "tea"))).isEqualTo("1-1");
            assertThat(sync.xadd(key, new XAddArgs().id("2-1"), Map.of("item", "coffee"))).isEqualTo("2-1");
            assertThat(sync.xadd(key, new XAddArgs().id("3-1"), Map.of("item", "cake"))).isEqualTo("3-1");
            assertThat(sync.xadd(key, Map.of("item", "juice"))).matches("\\d+-\\d+");
            assertThat(sync.xlen(key)).isEqualTo(4L);
            assertThat(sync.xgroupCreate(XReadArgs.StreamOffset.from(key, "0-0"), "kitchen")).isEqualTo("OK");
            assertThatThrownBy(() -> sync.xgroupCreate(XReadArgs.StreamOffset.from(key, "0-0"), "kitchen"))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("BUSYGROUP Consumer Group name already exists");

            List<StreamMessage<String, String>> alice = sync.xreadgroup(Consumer.from("kitchen", "alice"),
                    XReadArgs.Builder.count(2), XReadArgs.StreamOffset.lastConsumed(key));
            assertThat(alice).extracting(StreamMessage::getId).containsExactly("1-1", "2-1");
            assertThat(alice.get(0).getBody()).isEqualTo(Map.of("item", "tea"));
            assertThat(alice.get(0).getStream()).isEqualTo(key);
            List<StreamMessage<String, String>> bob = sync.xreadgroup(Consumer.from("kitchen", "bob"),
                    XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed(key));
            assertThat(bob).extracting(StreamMessage::getId).containsExactly("3-1");

            PendingMessages summary = sync.xpending(key, "kitchen");
            assertThat(summary.getCount()).isEqualTo(3L);
            assertThat(summary.getMessageIds().getLower().getValue()).isEqualTo("1-1");
            assertThat(summary.getMessageIds().getUpper().getValue()).isEqualTo("3-1");
            assertThat(summary.getConsumerMessageCount()).isEqualTo(Map.of("alice", 2L, "bob", 1L));

            assertThat(sync.xack(key, "kitchen", "1-1", "9-9")).isEqualTo(1L);
            List<PendingMessage> pending = sync.xpending(key, "kitchen", Range.create("-", "+"), Limit.from(10));
            assertThat(pending).extracting(PendingMessage::getId).containsExactly("2-1", "3-1");
            assertThat(pending).extracting(PendingMessage::getConsumer).containsExactly("alice", "bob");
            assertThat(pending).extracting(PendingMessage::getRedeliveryCount).containsExactly(1L, 1L);

            // Bob takes over alice's order; his own history then shows both.
            List<StreamMessage<String, String>> claimed = sync.xclaim(key, Consumer.from("kitchen", "bob"),
                    XClaimArgs.Builder.minIdleTime(0), "2-1");
            assertThat(claimed).extracting(StreamMessage::getId).containsExactly("2-1");
            assertThat(claimed.get(0).getBody()).isEqualTo(Map.of("item", "coffee"));
            List<StreamMessage<String, String>> history = sync.xreadgroup(Consumer.from("kitchen", "bob"),
                    XReadArgs.StreamOffset.from(key, "0"));
            assertThat(history).extracting(StreamMessage::getId).containsExactly("2-1", "3-1");
            assertThat(sync.xpending(key, "kitchen", Range.create("-", "+"), Limit.from(10)))
                    .extracting(PendingMessage::getRedeliveryCount).containsExactly(3L, 2L);

            // A deleted entry is dropped from the pending list when claimed.
            assertThat(sync.xdel(key, "3-1")).isEqualTo(1L);
            ClaimedMessages<String, String> auto = sync.xautoclaim(key,
                    XAutoClaimArgs.Builder.xautoclaim(Consumer.from("kitchen", "carol"), Duration.ZERO, "0-0").count(10));
            assertThat(auto.getId()).isEqualTo("0-0");
            assertThat(auto.getMessages()).extracting(StreamMessage::getId).containsExactly("2-1");
            assertThat(sync.xpending(key, "kitchen").getConsumerMessageCount()).isEqualTo(Map.of("carol", 1L));

            assertThat(sync.xrange(key, Range.create("-", "+"))).extracting(StreamMessage::getId)
                    .hasSize(3).startsWith("1-1", "2-1");
            assertThat(sync.xrevrange(key, Range.create("-", "2-1"))).extracting(StreamMessage::getId)
                    .containsExactly("2-1", "1-1");
            assertThat(sync.xtrim(key, XTrimArgs.Builder.maxlen(1))).isEqualTo(2L);
            assertThat(sync.xlen(key)).isEqualTo(1L);
            assertThat(sync.xgroupDestroy(key, "kitchen")).isTrue();

            sync.set("streams:lettuce:string", "x");
            assertThatThrownBy(() -> sync.xadd("streams:lettuce:string", Map.of("a", "b")))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
            sync.del(key, "streams:lettuce:string");
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_blockingReadServedByAnotherConnection(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
        try (StatefulRedisConnection<String, String> reader = client.connect();
             StatefulRedisConnection<String, String> writer = client.connect()) {
            String key = "streams:lettuce:events";
            writer.sync().del(key);
            writer.sync().xgroupCreate(XReadArgs.StreamOffset.from(key, "$"), "g", XGroupCreateArgs.Builder.mkstream());
            CompletableFuture<List<StreamMessage<String, String>>> read = reader.async()
                    .xreadgroup(Consumer.from("g", "c"), XReadArgs.Builder.block(Duration.ofSeconds(20)),
                            XReadArgs.StreamOffset.lastConsumed(key))
                    .toCompletableFuture();
            awaitBlocked(writer.sync(), 1);
            writer.sync().xadd(key, new XAddArgs().id("5-1"), Map.of("event", "login"));
            List<StreamMessage<String, String>> got = read.get(10, TimeUnit.SECONDS);
            assertThat(got).extracting(StreamMessage::getId).containsExactly("5-1");
            assertThat(got.get(0).getBody()).isEqualTo(Map.of("event", "login"));

            CompletableFuture<List<StreamMessage<String, String>>> plain = reader.async()
                    .xread(XReadArgs.Builder.block(Duration.ofSeconds(20)), XReadArgs.StreamOffset.latest(key))
                    .toCompletableFuture();
            awaitBlocked(writer.sync(), 1);
            writer.sync().xadd(key, new XAddArgs().id("6-1"), Map.of("event", "logout"));
            assertThat(plain.get(10, TimeUnit.SECONDS)).extracting(StreamMessage::getId).containsExactly("6-1");
            assertThat(reader.sync().xread(XReadArgs.Builder.block(Duration.ofMillis(10)),
                    XReadArgs.StreamOffset.latest(key))).isEmpty();
            writer.sync().del(key);
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void spring_listenerContainerReceivesWhatAnotherConnectionAdds(ClientHandshakeTest.Named target)
            throws Exception {
        Server s = target.server();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
        factory.afterPropertiesSet();
        factory.start();
        StreamMessageListenerContainer<String, MapRecord<String, String, String>> container = null;
        try {
            StringRedisTemplate template = new StringRedisTemplate(factory);
            String key = "streams:spring:audit";
            template.delete(key);
            template.opsForStream().add(MapRecord.create(key, Map.of("seed", "0")));
            template.opsForStream().createGroup(key, ReadOffset.from("0-0"), "auditors");

            StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options =
                    StreamMessageListenerContainerOptions.builder().pollTimeout(Duration.ofMillis(100)).build();
            container = StreamMessageListenerContainer.create(factory, options);
            BlockingQueue<MapRecord<String, String, String>> all = new LinkedBlockingQueue<>();
            BlockingQueue<MapRecord<String, String, String>> grouped = new LinkedBlockingQueue<>();
            Subscription plain = container.receive(StreamOffset.create(key, ReadOffset.from("0-0")), all::add);
            Subscription group = container.receiveAutoAck(
                    org.springframework.data.redis.connection.stream.Consumer.from("auditors", "a1"),
                    StreamOffset.create(key, ReadOffset.lastConsumed()), grouped::add);
            container.start();
            assertThat(plain.await(Duration.ofSeconds(10))).isTrue();
            assertThat(group.await(Duration.ofSeconds(10))).isTrue();

            StringRedisTemplate writer = new StringRedisTemplate(factory);
            for (int i = 1; i <= 5; i++) {
                writer.opsForStream().add(MapRecord.create(key, Map.of("n", String.valueOf(i))));
            }
            for (int i = 0; i <= 5; i++) {
                MapRecord<String, String, String> r = all.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("record %d of the plain reader", i).isNotNull();
                assertThat(r.getValue()).isEqualTo(i == 0 ? Map.of("seed", "0") : Map.of("n", String.valueOf(i)));
                MapRecord<String, String, String> g = grouped.poll(10, TimeUnit.SECONDS);
                assertThat(g).as("record %d of the group", i).isNotNull();
                assertThat(g.getId()).isEqualTo(r.getId());
            }
            // receiveAutoAck reads with NOACK: nothing stays pending.
            assertThat(template.opsForStream().pending(key, "auditors").getTotalPendingMessages()).isZero();
            assertThat(template.opsForStream().size(key)).isEqualTo(6L);
            container.stop();
            template.delete(key);
        } finally {
            if (container != null) {
                container.stop();
            }
            factory.destroy();
        }
    }

    private static void awaitBlocked(RedisCommands<String, String> sync, int n) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            String info = sync.info("clients");
            if (info.contains("blocked_clients:" + n + "\r\n")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no client blocked");
    }
}
