package dev.cortado.conformance;

import static dev.cortado.conformance.ClusterTest.raw;
import static dev.cortado.conformance.ClusterTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoSentinel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

/**
 * Redis Sentinel: a real deployment (a redis-server primary, one replica, three Sentinels in
 * Sentinel mode) and a {@link CortadoSentinel} side by side. Compared: the Sentinels' replies (with
 * ports and ids named), the events a SENTINEL FAILOVER publishes up to {@code +switch-master}, and
 * Jedis's JedisSentinelPool, Lettuce's Master/Replica over a sentinel URI and Redisson's sentinel
 * mode following a failover.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelTest {
    private static final List<RealRedis> processes = new ArrayList<>();
    private static Path dir;
    private static CortadoSentinel cortado;

    /** One deployment: its data nodes' ports (primary first, as started) and its Sentinels'. */
    record Deployment(String name, List<Integer> data, List<Integer> sentinels) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Deployment redis;
    private static Deployment subject;

    @BeforeAll
    static void start() throws Exception {
        RealRedis.requireBinary();
        dir = Files.createTempDirectory("redis-sentinel");
        RealRedis primary = RealRedis.start("sentinel-primary");
        RealRedis replica = RealRedis.start("sentinel-replica",
                List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port())));
        processes.add(primary);
        processes.add(replica);
        List<Integer> sentinels = new ArrayList<>();
        String config = "sentinel monitor mymaster 127.0.0.1 " + primary.port() + " 2\n"
                + "sentinel down-after-milliseconds mymaster 1000\n"
                + "sentinel failover-timeout mymaster 4000\n";
        for (int i = 0; i < 3; i++) {
            RealRedis s = RealRedis.startSentinel("sentinel-" + i, dir, config);
            processes.add(s);
            sentinels.add(s.port());
        }
        redis = new Deployment("redis-sentinel", List.of(primary.port(), replica.port()), sentinels);
        awaitReady(redis);
        cortado = CortadoSentinel.builder().replicas(1).sentinels(3).build().start();
        subject = new Deployment("cortado-sentinel",
                List.of(cortado.primary().port(), cortado.replicas().get(0).port()),
                cortado.sentinels().stream().map(s -> s.port()).toList());
        awaitReady(subject);
    }

    @AfterAll
    static void stop() throws IOException {
        if (cortado != null) {
            cortado.close();
        }
        processes.forEach(RealRedis::close);
        RealRedis.deleteDir(dir);
    }

    static Stream<Arguments> deployments() {
        return Stream.of(Arguments.of(redis), Arguments.of(subject));
    }

    /**
     * Every Sentinel knows the other two and a healthy replica, and no failover is under way: a
     * real deployment needs a few seconds of hello messages, and after a failover the old primary
     * must be turned into a replica first.
     */
    private static void awaitReady(Deployment d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int port : d.sentinels()) {
            while (true) {
                String replicas = text(raw(port, "SENTINEL", "REPLICAS", "mymaster"));
                String sentinels = text(raw(port, "SENTINEL", "SENTINELS", "mymaster"));
                String master = text(raw(port, "SENTINEL", "MASTER", "mymaster"));
                boolean healthy = replicas.contains("$5\r\nslave\r\n")
                        && replicas.contains("master-link-status\r\n$2\r\nok")
                        && !replicas.contains("s_down") && !replicas.contains("disconnected");
                if (healthy && count(sentinels, "$8\r\nsentinel\r\n") == 2
                        && master.contains("$5\r\nflags\r\n$6\r\nmaster\r\n")) {
                    break;
                }
                assertThat(System.nanoTime()).as(d + " never ready: " + replicas).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Ports and ids named by role, bulk lengths and times blanked: the texts are compared. */
    private static final class Names {
        private final Map<String, String> replace = new LinkedHashMap<>();

        Names(Deployment d) throws IOException {
            for (int i = 0; i < d.sentinels().size(); i++) {
                int port = d.sentinels().get(i);
                String id = text(raw(port, "SENTINEL", "MYID")).split("\r\n")[1];
                replace.put(id, "sid" + i);
                replace.put(String.valueOf(port), "sentinel" + i);
            }
            for (int i = 0; i < d.data().size(); i++) {
                replace.put(String.valueOf(d.data().get(i)), "data" + i);
            }
        }

        String of(String s) {
            for (Map.Entry<String, String> e : replace.entrySet()) {
                s = s.replace(e.getKey(), e.getValue());
            }
            // Twice: a length right after another is left by the first pass's overlapping match.
            String lengths = "(^|\r\n)([$=%*])\\d+\r\n";
            return s.replaceAll(lengths, "$1$2N\r\n").replaceAll(lengths, "$1$2N\r\n");
        }
    }

    /** The field names of a SENTINEL MASTER/REPLICAS/SENTINELS entry (values change with time). */
    private static List<String> fieldNames(String reply) {
        String[] lines = reply.split("\r\n");
        List<String> names = new ArrayList<>();
        // RESP2 flat arrays of bulk strings: every other bulk is a name.
        List<String> bulks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("$") && i + 1 < lines.length) {
                bulks.add(lines[++i]);
            }
        }
        for (int i = 0; i < bulks.size(); i += 2) {
            names.add(bulks.get(i));
        }
        return names;
    }

    private static List<String> transcript(Deployment d) throws IOException {
        Names names = new Names(d);
        int s0 = d.sentinels().get(0);
        List<String> out = new ArrayList<>();
        for (List<String> command : List.of(List.of("PING"), List.of("ROLE"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"),
                List.of("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nosuch"),
                List.of("SENTINEL", "MASTER", "nosuch"), List.of("SENTINEL", "REPLICAS", "nosuch"),
                List.of("SENTINEL", "FAILOVER", "nosuch"), List.of("SENTINEL", "NOSUCH"),
                List.of("SENTINEL", "CKQUORUM", "mymaster"), List.of("SENTINEL", "HELP"),
                List.of("SENTINEL", "MYID"), List.of("SENTINEL", "RESET", "nomatch*"),
                List.of("GET", "x"), List.of("SET", "x", "y"), List.of("SELECT", "0"))) {
            out.add(names.of(text(raw(s0, command.toArray(new String[0])))));
        }
        out.add(fieldNames(text(raw(s0, "SENTINEL", "MASTER", "mymaster"))).toString());
        out.add(fieldNames(text(raw(s0, "SENTINEL", "REPLICAS", "mymaster"))).toString());
        out.add(fieldNames(text(raw(s0, "SENTINEL", "SENTINELS", "mymaster"))).toString());
        String hello = names.of(text(ClusterTest.last(s0, List.of(List.of("HELLO", "3")))));
        out.add(hello.replaceAll("id\r\n:\\d+", "id\r\n:ID"));
        String info = names.of(text(raw(s0, "INFO", "sentinel")));
        out.add(info);
        String server = text(raw(s0, "INFO", "server"));
        out.add(server.contains("redis_mode:sentinel") + " " + server.contains("tcp_port:" + s0));
        return out;
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void repliesAsRealSentinels(Deployment d) throws IOException {
        List<String> expected = transcript(redis);
        List<String> actual = transcript(d);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("step %d", i).isEqualTo(expected.get(i));
        }
        assertThat(expected.get(2)).isEqualTo("*N\r\n$N\r\n127.0.0.1\r\n$N\r\ndata0\r\n");
    }

    /**
     * SENTINEL FAILOVER: the events Sentinel 0 publishes, in order, up to {@code +switch-master};
     * then every Sentinel names the replica as the primary.
     */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void failoverEvents(Deployment d) throws Exception {
        Names names = new Names(d);
        int s0 = d.sentinels().get(0);
        int oldPrimary = primaryPort(s0);
        List<String> events = new ArrayList<>();
        try (RespConnection sub = new RespConnection("127.0.0.1", s0, Duration.ofSeconds(30))) {
            sub.call("PSUBSCRIBE", "*");
            assertThat(text(raw(s0, "SENTINEL", "FAILOVER", "mymaster"))).isEqualTo("+OK");
            while (events.isEmpty() || !events.get(events.size() - 1).startsWith("+switch-master")) {
                String[] parts = text(sub.readReply()).split("\r\n");
                // *4 $8 pmessage $1 * $len channel $len message
                events.add(parts[6] + " " + names.of(parts[8]));
            }
        }
        String leader = names.of(text(raw(s0, "SENTINEL", "MYID")).split("\r\n")[1]);
        assertThat(events).containsExactly(
                "+new-epoch " + events.get(0).substring("+new-epoch ".length()),
                "+try-failover master mymaster 127.0.0.1 data0",
                "+vote-for-leader " + leader + " " + events.get(0).substring("+new-epoch ".length()),
                "+elected-leader master mymaster 127.0.0.1 data0",
                "+failover-state-select-slave master mymaster 127.0.0.1 data0",
                "+selected-slave slave 127.0.0.1:data1 127.0.0.1 data1 @ mymaster 127.0.0.1 data0",
                "+failover-state-send-slaveof-noone slave 127.0.0.1:data1 127.0.0.1 data1 @ mymaster 127.0.0.1 data0",
                "+failover-state-wait-promotion slave 127.0.0.1:data1 127.0.0.1 data1 @ mymaster 127.0.0.1 data0",
                "-role-change slave 127.0.0.1:data1 127.0.0.1 data1 @ mymaster 127.0.0.1 data0 new reported role is master",
                "+promoted-slave slave 127.0.0.1:data1 127.0.0.1 data1 @ mymaster 127.0.0.1 data0",
                "+failover-state-reconf-slaves master mymaster 127.0.0.1 data0",
                "+failover-end master mymaster 127.0.0.1 data0",
                "+switch-master mymaster 127.0.0.1 data0 127.0.0.1 data1");
        for (int port : d.sentinels()) {
            awaitPrimary(port, d.data().get(1));
        }
        assertThat(oldPrimary).isEqualTo(d.data().get(0));
        awaitReady(d);
    }

    /** The port SENTINEL GET-MASTER-ADDR-BY-NAME names. */
    private static int primaryPort(int sentinelPort) throws IOException {
        String[] parts = text(raw(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
                .split("\r\n");
        return Integer.parseInt(parts[4]);
    }

    private static void awaitPrimary(int sentinelPort, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (primaryPort(sentinelPort) != port) {
            assertThat(System.nanoTime()).as("primary never moved to " + port).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The current primary's port, and the failover that moves it to the other data node. */
    private static int failover(Deployment d) throws Exception {
        int s0 = d.sentinels().get(0);
        int primary = primaryPort(s0);
        int next = d.data().get(0) == primary ? d.data().get(1) : d.data().get(0);
        assertThat(text(raw(s0, "SENTINEL", "FAILOVER", "mymaster"))).isEqualTo("+OK");
        for (int port : d.sentinels()) {
            awaitPrimary(port, next);
        }
        return next;
    }

    private static Set<String> addresses(Deployment d) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (int port : d.sentinels()) {
            out.add("127.0.0.1:" + port);
        }
        return out;
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void jedisSentinelPool_followsAFailover(Deployment d) throws Exception {
        try (JedisSentinelPool pool = new JedisSentinelPool("mymaster", addresses(d))) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set("jedis:sentinel", "before");
            }
            int next = failover(d);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.getCurrentHostMaster().getPort() != next) {
                assertThat(System.nanoTime()).as("pool never switched").isLessThan(deadline);
                Thread.sleep(50);
            }
            try (Jedis jedis = pool.getResource()) {
                assertThat(jedis.get("jedis:sentinel")).isEqualTo("before");
                assertThat(jedis.set("jedis:sentinel", "after")).isEqualTo("OK");
                jedis.del("jedis:sentinel");
            }
        }
        awaitReady(d);
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void lettuceMasterReplica_followsAFailover(Deployment d) throws Exception {
        RedisURI.Builder uri = RedisURI.builder();
        for (int port : d.sentinels()) {
            uri.withSentinel("127.0.0.1", port);
        }
        RedisURI sentinelUri = uri.withSentinelMasterId("mymaster").build();
        RedisClient client = RedisClient.create();
        try (StatefulRedisMasterReplicaConnection<String, String> connection =
                MasterReplica.connect(client, io.lettuce.core.codec.StringCodec.UTF8, sentinelUri)) {
            connection.sync().set("lettuce:sentinel", "before");
            failover(d);
            // Lettuce hears +switch-master and reconnects: writes go to the new primary.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    assertThat(connection.sync().set("lettuce:sentinel", "after")).isEqualTo("OK");
                    break;
                } catch (RuntimeException readOnlyMeanwhile) {
                    assertThat(System.nanoTime()).as("Lettuce never followed: " + readOnlyMeanwhile)
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            assertThat(connection.sync().get("lettuce:sentinel")).isEqualTo("after");
            connection.sync().del("lettuce:sentinel");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        awaitReady(d);
    }

    /** Spring Data Redis's sentinel configuration, as the README shows it. */
    @Order(6)
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void springDataSentinelConfiguration(Deployment d) {
        org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory factory =
                new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
                        new org.springframework.data.redis.connection.RedisSentinelConfiguration(
                                "mymaster", addresses(d)));
        factory.afterPropertiesSet();
        try {
            org.springframework.data.redis.core.StringRedisTemplate template =
                    new org.springframework.data.redis.core.StringRedisTemplate(factory);
            template.opsForValue().set("spring:sentinel", "v");
            assertThat(template.opsForValue().get("spring:sentinel")).isEqualTo("v");
            template.delete("spring:sentinel");
        } finally {
            factory.destroy();
        }
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void redissonSentinelMode_followsAFailover(Deployment d) throws Exception {
        Config config = new Config();
        // Reads from the primary: a replica may lag behind the write just made.
        var servers = config.useSentinelServers().setMasterName("mymaster").setScanInterval(200)
                .setRetryAttempts(1).setReadMode(org.redisson.config.ReadMode.MASTER);
        for (int port : d.sentinels()) {
            servers.addSentinelAddress("redis://127.0.0.1:" + port);
        }
        RedissonClient client = Redisson.create(config);
        try {
            RBucket<String> bucket = client.getBucket("redisson:sentinel", StringCodec.INSTANCE);
            bucket.set("before");
            failover(d);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    bucket.set("after");
                    assertThat(bucket.get()).isEqualTo("after");
                    break;
                } catch (RuntimeException readOnlyMeanwhile) {
                    assertThat(System.nanoTime()).as("Redisson never followed: " + readOnlyMeanwhile)
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            bucket.delete();
        } finally {
            client.shutdown();
        }
        awaitReady(d);
    }
}
