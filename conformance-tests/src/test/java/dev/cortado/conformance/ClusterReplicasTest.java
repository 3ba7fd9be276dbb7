package dev.cortado.conformance;

import static dev.cortado.conformance.ClusterTest.raw;
import static dev.cortado.conformance.ClusterTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoCluster;
import dev.cortado.conformance.ClusterTest.Names;
import dev.cortado.conformance.ClusterTest.Target;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Redis Cluster with replicas: a real cluster of six redis-server processes (three primaries, one
 * replica each, by {@code redis-cli --cluster create --cluster-replicas 1}) and a
 * {@link CortadoCluster} of three primaries and three replicas, side by side. Node i (0-2) is a
 * primary in slot order, node 3+i its replica. Compared: the topology replies, routing on a replica
 * (MOVED, READONLY, READWRITE), WAIT, a manual CLUSTER FAILOVER and the clients following it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterReplicasTest {
    private static final List<RealRedis> redisNodes = new ArrayList<>();
    private static Path dir;
    private static CortadoCluster cortado;
    private static Target redis;
    private static Target subject;

    @BeforeAll
    static void start() throws Exception {
        RealRedis.requireBinary();
        dir = Files.createTempDirectory("redis-cluster-replicas");
        // A node votes once per 2 x node timeout for one shard's failover: 3 s lets the test fail
        // back soon after failing over (the default 15 s would refuse the votes for 30 s).
        List<String> args = List.of("--cluster-enabled", "yes", "--cluster-config-file",
                dir.resolve("nodes-{port}.conf").toString(), "--dir", dir.toString(),
                "--cluster-node-timeout", "3000");
        for (int i = 0; i < 6; i++) {
            redisNodes.add(RealRedis.start("cluster-replicas-" + i, args));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (RealRedis n : redisNodes) {
            create.add("127.0.0.1:" + n.port());
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // Primaries in slot order, then the replica of each, whichever port redis-cli gave it.
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports.add(redisNodes.get(i).port());
        }
        for (int i = 0; i < 3; i++) {
            ports.add(null);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 3; i < 6; i++) {
            int port = redisNodes.get(i).port();
            String role;
            while (!(role = text(raw(port, "ROLE"))).contains("connected")) {
                assertThat(System.nanoTime()).as("replica never synced: " + role).isLessThan(deadline);
                Thread.sleep(50);
            }
            int primaryPort = Integer.parseInt(role.split("\r\n")[5].substring(1));
            ports.set(3 + ports.indexOf(primaryPort), port);
        }
        // The nodes agree a moment later: every node lists every replica in its CLUSTER SLOTS.
        for (int port : ports) {
            while (!everyPortIn(text(raw(port, "CLUSTER", "SLOTS")), ports)
                    || !text(raw(port, "CLUSTER", "INFO")).contains("cluster_state:ok")
                    || text(raw(port, "CLUSTER", "SHARDS")).contains("loading")) {
                assertThat(System.nanoTime()).as("real cluster never settled").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        redis = new Target("redis-cluster-3+3", ports);
        cortado = CortadoCluster.builder().masters(3).replicas(1).build().start();
        subject = new Target("cortado-cluster-3+3",
                cortado.nodes().stream().map(s -> s.port()).toList());
    }

    private static boolean everyPortIn(String slots, List<Integer> ports) {
        return ports.stream().allMatch(port -> slots.contains(":" + port + "\r\n"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (cortado != null) {
            cortado.close();
        }
        redisNodes.forEach(RealRedis::close);
        RealRedis.deleteDir(dir);
    }

    static Stream<Arguments> clusters() {
        return Stream.of(Arguments.of(redis), Arguments.of(subject));
    }

    /** Replication offsets move with Redis's pings: named, not compared. */
    private static String offsets(String s) {
        return s.replaceAll("replication-offset\r\n:\\d+", "replication-offset\r\n:O")
                .replaceAll("(\r\n|^)(:|\\$N\r\n)\\d+\r\n", "$1$2O\r\n");
    }

    private static List<String> topology(Target t) throws IOException {
        Names names = new Names(t);
        List<String> out = new ArrayList<>();
        for (int p : t.ports()) {
            out.add(names.of(raw(p, "CLUSTER", "SLOTS")));
            out.add(names.sortedLines(names.of(raw(p, "CLUSTER", "NODES"))));
            out.add(names.infoWithoutMessages(names.of(raw(p, "CLUSTER", "INFO"))));
            out.add(offsets(names.of(raw(p, "ROLE"))));
        }
        for (int i = 0; i < 3; i++) {
            String id = names.of(raw(t.ports().get(i), "CLUSTER", "MYID"));
            String realId = text(raw(t.ports().get(i), "CLUSTER", "MYID")).split("\r\n")[1];
            out.add(id + " " + names.of(raw(t.ports().get(0), "CLUSTER", "REPLICAS", realId)));
        }
        String replicaId = text(raw(t.ports().get(3), "CLUSTER", "MYID")).split("\r\n")[1];
        out.add(names.of(raw(t.ports().get(0), "CLUSTER", "REPLICAS", replicaId)));
        return out;
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void topologyAsARealCluster(Target t) throws IOException {
        List<String> expected = topology(redis);
        List<String> actual = topology(t);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("step %d", i).isEqualTo(expected.get(i));
        }
        assertThat(String.join("\n", expected)).contains("myself,slave id0 P P 1 connected");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void shardsAsARealCluster(Target t) throws IOException {
        assertThat(shards(t)).isEqualTo(shards(redis));
    }

    private static List<String> shards(Target t) throws IOException {
        Names names = new Names(t);
        List<String> out = new ArrayList<>();
        for (String protocol : List.of("2", "3")) {
            String all = offsets(names.of(ClusterTest.last(t.ports().get(3),
                    List.of(List.of("HELLO", protocol), List.of("CLUSTER", "SHARDS")))));
            List<String> shards = new ArrayList<>();
            for (String shard : all.split("\\$N\r\nslots\r\n")) {
                shards.add(shard.replaceAll("(\\*4|%2)\r\n$", ""));
            }
            Collections.sort(shards);
            out.add(protocol + ":" + shards);
        }
        return out;
    }

    /** A replica redirects to its primary, serves reads after READONLY, never writes. */
    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void routingOnAReplica(Target t) throws IOException {
        Names names = new Names(t);
        int primary = t.ports().get(0);
        int replica = t.ports().get(3);
        String mine = keyOn(0, "r:");
        String other = keyOn(1, "r:");
        List<String> out = new ArrayList<>();
        out.add(names.of(raw(primary, "SET", mine, "v")));
        out.add(names.of(raw(primary, "WAIT", "1", "5000")));
        out.add(names.of(raw(replica, "GET", mine)));
        out.add(names.of(raw(replica, List.of(List.of("READONLY"), List.of("GET", mine),
                List.of("SET", mine, "w"), List.of("GET", other), List.of("EXISTS", mine),
                List.of("READWRITE"), List.of("GET", mine)))));
        out.add(names.of(raw(replica, "INCR", mine)));
        out.add(names.of(raw(replica, "WAIT", "1", "10")));
        out.add(names.of(raw(primary, "DEL", mine)));
        assertThat(out).isEqualTo(List.of(
                "+OK", ":1",
                "-MOVED " + CortadoCluster.slotOf(mine) + " 127.0.0.1:node0",
                "+OK\r\n$N\r\nv\r\n-MOVED " + CortadoCluster.slotOf(mine) + " 127.0.0.1:node0\r\n"
                        + "-MOVED " + CortadoCluster.slotOf(other) + " 127.0.0.1:node1\r\n:1\r\n"
                        + "+OK\r\n-MOVED " + CortadoCluster.slotOf(mine) + " 127.0.0.1:node0\r\n",
                "-MOVED " + CortadoCluster.slotOf(mine) + " 127.0.0.1:node0",
                "-ERR WAIT cannot be used with replica instances. Please also note that since Redis"
                        + " 4.0 if a replica is configured to be writable (which is not the default)"
                        + " writes to replicas are just local and are not propagated.",
                ":1"));
    }

    /** Redisson's lock on a cluster with replicas waits for them (WAIT) on each lock and unlock. */
    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void redissonLockWithReplicas(Target t) {
        Config config = new Config();
        config.useClusterServers().addNodeAddress("redis://127.0.0.1:" + t.ports().get(0))
                .setScanInterval(1000).setRetryAttempts(1);
        RedissonClient client = Redisson.create(config);
        try {
            RLock lock = client.getLock("replicas:redisson:lock");
            lock.forceUnlock();
            assertThat(lock.tryLock()).isTrue();
            assertThat(lock.isLocked()).isTrue();
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();
        } finally {
            client.shutdown();
        }
    }

    /**
     * CLUSTER FAILOVER on node 3: it becomes the primary of node 0's slots with a new epoch, node 0
     * its replica; clients that wrote before read their data from the new primary. Then back.
     */
    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void manualFailover_andClientsFollowIt(Target t) throws Exception {
        int node0 = t.ports().get(0);
        int node3 = t.ports().get(3);
        String key = keyOn(0, "fo:");
        RedisClusterClient lettuce = RedisClusterClient.create(RedisURI.create("127.0.0.1", node0));
        lettuce.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100)).build()).build());
        try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", node0));
                StatefulRedisClusterConnection<String, String> connection = lettuce.connect()) {
            RedisAdvancedClusterCommands<String, String> sync = connection.sync();
            jedis.set(key, "before");
            failover(node3);
            awaitRole(node0, "slave");
            Names names = new Names(t);
            assertThat(names.of(raw(node0, "GET", key)))
                    .isEqualTo("-MOVED " + CortadoCluster.slotOf(key) + " 127.0.0.1:node3");
            long epoch = failoverEpoch(t, node3, 7);
            String nodes = awaitNodes(t, node3, "id0 127.0.0.1:node0@bus0 slave id3 P P " + epoch + " connected");
            assertThat(nodes).contains(
                    "id3 127.0.0.1:node3@bus3 myself,master - P P " + epoch + " connected 0-5460");
            // The clients follow the MOVED they now get.
            assertThat(jedis.get(key)).isEqualTo("before");
            jedis.set(key, "after");
            assertThat(sync.get(key)).isEqualTo("after");
            sync.set(key, "lettuce");
            assertThat(jedis.get(key)).isEqualTo("lettuce");
            jedis.del(key);
            // And back, so node 0 is the primary again.
            failover(node0);
            awaitRole(node3, "slave");
            long back = failoverEpoch(t, node0, epoch + 1);
            awaitNodes(t, node0, "id3 127.0.0.1:node3@bus3 slave id0 P P " + back + " connected");
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * The epoch a failover gave the new primary: exactly {@code expected} on Cortado's cluster; on
     * the real one at least that, as a manual failover retried after its 5 s timeout (a loaded
     * machine) spends one more epoch per attempt.
     */
    private static long failoverEpoch(Target t, int newPrimary, long expected) throws IOException {
        String info = text(raw(newPrimary, "CLUSTER", "INFO"));
        int at = info.indexOf("cluster_current_epoch:") + "cluster_current_epoch:".length();
        long epoch = Long.parseLong(info.substring(at, info.indexOf('\r', at)));
        if (t == redis) {
            assertThat(epoch).isGreaterThanOrEqualTo(expected);
        } else {
            assertThat(epoch).isEqualTo(expected);
        }
        return epoch;
    }

    /**
     * CLUSTER FAILOVER on a replica until it is a primary: a real manual failover gives up after
     * 5 seconds without a word (CLUSTER_MF_TIMEOUT), which a loaded machine can make it do.
     */
    private static void failover(int replica) throws Exception {
        for (int attempt = 1; ; attempt++) {
            assertThat(text(raw(replica, "CLUSTER", "FAILOVER"))).isEqualTo("+OK");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (text(raw(replica, "ROLE")).contains("\r\nmaster\r\n")) {
                    return;
                }
                Thread.sleep(20);
            }
            assertThat(attempt).as("replica never became a primary").isLessThan(3);
        }
    }

    /** CLUSTER NODES of a node once it shows a line: a real cluster's gossip takes a moment. */
    private static String awaitNodes(Target t, int port, String line) throws Exception {
        Names names = new Names(t);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String nodes = names.sortedLines(names.of(raw(port, "CLUSTER", "NODES")));
            if (nodes.contains(line)) {
                return nodes;
            }
            assertThat(System.nanoTime()).as("never: " + line + " in " + nodes).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitRole(int port, String role) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String reply = text(raw(port, "ROLE"));
            boolean synced = role.equals("master") || reply.contains("connected");
            if (reply.contains("\r\n" + role + "\r\n") && synced) {
                return;
            }
            assertThat(System.nanoTime()).as("node never became " + role + ": " + reply)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * A primary killed: its replica takes over at once (a real cluster does after
     * cluster-node-timeout, so only Cortado's is run here) and JedisCluster and Lettuce go on;
     * restarted, the old primary comes back as the new one's replica.
     */
    @Order(6)
    @Test
    void killAndRestart_clientsGoOn() throws Exception {
        String key = keyOn(1, "kill:");
        int node1 = subject.ports().get(1);
        RedisClusterClient lettuce = RedisClusterClient.create(RedisURI.create("127.0.0.1",
                subject.ports().get(0)));
        lettuce.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100)).build()).build());
        try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1",
                subject.ports().get(0)));
                StatefulRedisClusterConnection<String, String> connection = lettuce.connect()) {
            jedis.set(key, "v");
            assertThat(text(raw(node1, "WAIT", "1", "5000"))).isEqualTo(":1");
            cortado.kill(1);
            assertThat(cortado.isPrimary(4)).isTrue();
            assertThat(text(raw(subject.ports().get(0), "CLUSTER", "NODES")))
                    .contains("127.0.0.1:" + node1 + "@" + (node1 + 10000) + " master,fail");
            assertThat(jedis.get(key)).isEqualTo("v");
            lettuce.refreshPartitions();
            assertThat(connection.sync().get(key)).isEqualTo("v");
            cortado.restart(1);
            assertThat(cortado.isPrimary(1)).isFalse();
            awaitRole(node1, "slave");
            assertThat(text(raw(node1, List.of(List.of("READONLY"), List.of("GET", key)))))
                    .isEqualTo("+OK\r\n$1\r\nv\r\n");
            cortado.failover(1);
            assertThat(cortado.isPrimary(1)).isTrue();
            assertThat(jedis.get(key)).isEqualTo("v");
            jedis.del(key);
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * A primary cut off by a partition: it stays up but silent, its replica takes over, and
     * JedisCluster, timing out on it, finds the new owner; healed, it comes back as a replica.
     */
    @Order(7)
    @Test
    void partitionAndHeal_clientsGoOn() throws Exception {
        String key = keyOn(2, "part:");
        int node2 = subject.ports().get(2);
        try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1",
                subject.ports().get(0)), 500)) {
            jedis.set(key, "v");
            assertThat(text(raw(node2, "WAIT", "1", "5000"))).isEqualTo(":1");
            cortado.partition(2);
            assertThat(cortado.isPrimary(5)).isTrue();
            try (RespConnection silent = new RespConnection("127.0.0.1", node2, Duration.ofMillis(300))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> silent.call("PING"))
                        .isInstanceOf(java.net.SocketTimeoutException.class);
            }
            assertThat(jedis.get(key)).isEqualTo("v");
            jedis.set(key, "w"); // on the new primary
            cortado.heal(2);
            awaitRole(node2, "slave");
            assertThat(text(raw(node2, List.of(List.of("READONLY"), List.of("GET", key)))))
                    .isEqualTo("+OK\r\n$1\r\nw\r\n");
            cortado.failover(2);
            assertThat(cortado.isPrimary(2)).isTrue();
            assertThat(jedis.get(key)).isEqualTo("w");
            jedis.del(key);
        }
    }

    /** A key whose slot primary {@code index} owns (redis-cli --cluster create's ranges). */
    private static String keyOn(int index, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            int slot = CortadoCluster.slotOf(key);
            int owner = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
            if (owner == index) {
                return key;
            }
        }
    }
}
