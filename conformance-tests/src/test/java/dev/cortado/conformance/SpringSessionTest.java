package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.config.ConfigureNotifyKeyspaceEventsAction;

/**
 * Spring Session's indexed repository, wired as Spring Boot wires it: it switches keyspace
 * notifications on with CONFIG, listens for {@code del} and {@code expired} events and its own
 * "created" channel, and turns them into session events. Against redis-server and Cortado.
 */
@Timeout(30)
class SpringSessionTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void sessionsAreCreatedFoundDeletedAndExpired(ClientHandshakeTest.Named target) throws Exception {
        Server s = target.server();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(s.host(), s.port()));
        factory.afterPropertiesSet();
        factory.start();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        try {
            RedisTemplate<String, Object> template = new RedisTemplate<>();
            template.setConnectionFactory(factory);
            template.setKeySerializer(new StringRedisSerializer());
            template.setHashKeySerializer(new StringRedisSerializer());
            template.afterPropertiesSet();
            try (var connection = factory.getConnection()) {
                new ConfigureNotifyKeyspaceEventsAction().configure(connection);
                connection.serverCommands().flushAll();
            }

            RedisIndexedSessionRepository repository = new RedisIndexedSessionRepository(template);
            BlockingQueue<AbstractSessionEvent> events = new LinkedBlockingQueue<>();
            repository.setApplicationEventPublisher(event -> events.add((AbstractSessionEvent) event));
            repository.afterPropertiesSet();
            container.setConnectionFactory(factory);
            container.addMessageListener(repository, List.of(new ChannelTopic(repository.getSessionDeletedChannel()),
                    new ChannelTopic(repository.getSessionExpiredChannel())));
            container.addMessageListener(repository, new PatternTopic(repository.getSessionCreatedChannelPrefix() + "*"));
            container.afterPropertiesSet();
            container.start();
            PubSubClientsTest.awaitSubscribers(s.host(), s.port(), repository.getSessionExpiredChannel(), 1);

            var kept = repository.createSession();
            kept.setAttribute("user", "ada");
            repository.save(kept);
            assertThat(next(events)).isInstanceOf(SessionCreatedEvent.class);
            assertThat(repository.findById(kept.getId()).<String>getAttribute("user")).isEqualTo("ada");
            repository.deleteById(kept.getId());
            assertThat(repository.findById(kept.getId())).isNull();
            AbstractSessionEvent deleted = next(events);
            assertThat(deleted).isInstanceOf(SessionDeletedEvent.class);
            assertThat(deleted.getSessionId()).isEqualTo(kept.getId());

            var shortLived = repository.createSession();
            shortLived.setMaxInactiveInterval(Duration.ofSeconds(1));
            repository.save(shortLived);
            assertThat(next(events)).isInstanceOf(SessionCreatedEvent.class);
            AbstractSessionEvent expired = next(events); // the expires key's "expired" event, once its TTL passes
            assertThat(expired).isInstanceOf(SessionExpiredEvent.class);
            assertThat(expired.getSessionId()).isEqualTo(shortLived.getId());
        } finally {
            container.stop();
            container.destroy();
            try (var connection = factory.getConnection()) {
                connection.serverCommands().setConfig("notify-keyspace-events", "");
            }
            factory.destroy();
        }
    }

    private static AbstractSessionEvent next(BlockingQueue<AbstractSessionEvent> events) throws InterruptedException {
        AbstractSessionEvent event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("a session event within 10 s").isNotNull();
        return event;
    }
}
