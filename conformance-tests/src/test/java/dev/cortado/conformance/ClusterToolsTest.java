package dev.cortado.conformance;

import static dev.cortado.conformance.ClusterTest.raw;
import static dev.cortado.conformance.ClusterTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster built by the tools, not by a builder: eight lone cluster-enabled nodes (redis-server
 * processes, then Cortado servers with {@code cluster-enabled yes}) joined by {@code redis-cli
 * --cluster create}, grown by {@code add-node}, shrunk by {@code del-node}, and the MEET, FORGET,
 * RESET and SET-CONFIG-EPOCH replies on the way. Each step's replies, with ids, ports and times
 * named by node, must be the same on both.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterToolsTest {
    private static final int NODES = 8;
    private final List<AutoCloseable> started = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        RealRedis.deleteDir(dir);
    }

    @Test
    void createGrowAndShrinkWithRedisCli() throws Exception {
        RealRedis.requireBinary();
        dir = Files.createTempDirectory("cluster-tools");
        // Each side's nodes start just before its run: a fresh node's first seconds show.
        List<Integer> real = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            RealRedis r = RealRedis.start("tools-" + i, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + i + ".conf").toString(),
                    "--dir", dir.toString()));
            started.add(r::close);
            real.add(r.port());
        }
        List<String> expected = scenario(real, true);
        List<Integer> ours = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            CortadoServer s = CortadoServer.builder().config("cluster-enabled", "yes").build().start();
            started.add(s::stop);
            ours.add(s.port());
        }
        List<String> actual = scenario(ours, false);
        if (System.getenv("TOOLS_DUMP") != null) {
            Files.writeString(Path.of("/tmp/tools-real.txt"), String.join("\n=====\n", expected));
            Files.writeString(Path.of("/tmp/tools-ours.txt"), String.join("\n=====\n", actual));
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("step %d", i).isEqualTo(expected.get(i));
        }
    }

    /** The steps, each reply named; the real cluster is waited for where gossip takes time. */
    private List<String> scenario(List<Integer> ports, boolean real) throws Exception {
        Names names = new Names(ports);
        List<String> out = new ArrayList<>();
        int n0 = ports.get(0);
        // A lone node, and the argument errors of the commands that join and part nodes.
        out.add(names.of(raw(n0, "CLUSTER", "NODES")));
        out.add(names.of(raw(n0, "CLUSTER", "INFO")));
        for (List<String> command : List.of(List.of("MEET", "127.0.0.1"),
                List.of("MEET", "127.0.0.1", "x"), List.of("MEET", "127.0.0.1", "99999"),
                List.of("MEET", "127.0.0.1", "70000"), List.of("MEET", "127.0.0.1", "7000", "x"),
                List.of("MEET", "127.0.0.1", "7000", "0"), List.of("MEET", "nohost", "7000"),
                List.of("MEET", "127.0.0.01", "7000"), List.of("MEET", "1.2.3", "7000"),
                List.of("MEET", "a", "b", "c", "d"), List.of("FORGET", "nosuch"),
                List.of("FORGET", names.id(0)), List.of("RESET", "foo"),
                List.of("RESET", "hard", "hard"), List.of("SET-CONFIG-EPOCH", "-1"),
                List.of("SET-CONFIG-EPOCH", "x"), List.of("SET-CONFIG-EPOCH", "0"))) {
            List<String> full = new ArrayList<>(List.of("CLUSTER"));
            full.addAll(command);
            out.add(names.name(String.join(" ", command)) + " -> "
                    + names.of(raw(n0, full.toArray(new String[0]))));
        }
        raw(n0, "SET", "k", "v");
        out.add(names.of(raw(n0, "CLUSTER", "RESET")));
        raw(n0, "FLUSHALL");

        // create: six nodes, one replica each.
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int i = 0; i < 6; i++) {
            create.add("127.0.0.1:" + ports.get(i));
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String log = run(create);
        assertThat(log).contains("[OK] All 16384 slots covered.");
        awaitAll(ports.subList(0, 6), s -> s.contains("cluster_state:ok")
                && s.contains("cluster_known_nodes:6"), "INFO");
        awaitAgreement(ports.subList(0, 6));
        out.add(names.roles(raw(n0, "CLUSTER", "NODES")));
        out.add(names.of(raw(n0, "CLUSTER", "INFO")).replaceAll("cluster_my_epoch:\\d+", "")
                .replaceAll("cluster_stats_messages_[a-z_]+:\\d+\r\n", ""));
        out.add("epoch " + names.of(raw(ports.get(1), "CLUSTER", "INFO"))
                .replaceAll("(?s).*(cluster_my_epoch:\\d+).*", "$1"));
        out.add(names.of(raw(ports.get(1), "CLUSTER", "SET-CONFIG-EPOCH", "9")));
        // A primary holding keys refuses RESET.
        String held = "held";
        for (int i = 0; dev.cortado.CortadoCluster.slotOf(held) > 5460; i++) {
            held = "held" + i;
        }
        raw(n0, "SET", held, "v");
        out.add(names.of(raw(n0, "CLUSTER", "RESET")));
        raw(n0, "DEL", held);
        out.add(names.of(raw(ports.get(1), "CLUSTER", "MEET", "127.0.0.1",
                String.valueOf(ports.get(2)))));

        // add-node: a new primary, then a replica of it.
        log = run(List.of("redis-cli", "--cluster", "add-node", "127.0.0.1:" + ports.get(6),
                "127.0.0.1:" + n0));
        assertThat(log).contains("[OK] New node added correctly.");
        awaitAll(ports.subList(0, 7), s -> s.contains("cluster_known_nodes:7"), "INFO");
        log = run(List.of("redis-cli", "--cluster", "add-node", "127.0.0.1:" + ports.get(7),
                "127.0.0.1:" + n0, "--cluster-slave", "--cluster-master-id", names.id(6)));
        assertThat(log).contains("[OK] New node added correctly.");
        awaitAll(ports, s -> s.contains("cluster_known_nodes:8"), "INFO");
        awaitAgreement(ports);
        out.add(names.roles(raw(n0, "CLUSTER", "NODES")));
        out.add(names.of(raw(ports.get(7), "CLUSTER", "FORGET", names.id(6))));

        // del-node: FORGET everywhere, then RESET SOFT on the node that leaves.
        log = run(List.of("redis-cli", "--cluster", "del-node", "127.0.0.1:" + n0, names.id(7)));
        assertThat(log).contains("Sending CLUSTER RESET SOFT to the deleted node.");
        awaitAll(ports.subList(0, 7), s -> s.contains("cluster_known_nodes:7"), "INFO");
        out.add(names.roles(raw(ports.get(1), "CLUSTER", "NODES")));
        // Its epoch: 0, or a new one if it had the smaller id when it met node 6 as a primary with the
        // same epoch 0 (Redis's collision rule; the ids are random).
        out.add(names.of(raw(ports.get(7), "CLUSTER", "NODES")).replaceAll(" P P \\d+ ", " P P E "));
        out.add(knownNodes(ports.get(7)) + " " + text(raw(ports.get(7), "ROLE")).split("\r\n")[2]);
        // RESET HARD: a new id and no epochs.
        out.add(names.of(raw(ports.get(7), "CLUSTER", "RESET", "HARD")));
        out.add(String.valueOf(text(raw(ports.get(7), "CLUSTER", "MYID")).contains(names.id(7))));
        out.add(text(raw(ports.get(7), "CLUSTER", "INFO"))
                .replaceAll("(?s).*(cluster_current_epoch:\\d+\r\ncluster_my_epoch:\\d+).*", "$1"));
        log = run(List.of("redis-cli", "--cluster", "check", "127.0.0.1:" + n0));
        out.add(String.valueOf(log.contains("[OK] All nodes agree about slots configuration.")));

        // One node forgets another: only its own view changes.
        out.add(names.of(raw(n0, "CLUSTER", "FORGET", names.id(6))));
        out.add(names.of(raw(n0, "CLUSTER", "FORGET", names.id(6))));
        out.add(names.roles(raw(n0, "CLUSTER", "NODES")));
        out.add(knownNodes(n0) + " " + knownNodes(ports.get(1)));
        return out;
    }

    private static String knownNodes(int port) throws IOException {
        return text(raw(port, "CLUSTER", "INFO")).replaceAll("(?s).*(cluster_known_nodes:\\d+).*",
                "$1");
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + log).isZero();
        return log;
    }

    private static void awaitAll(List<Integer> ports, Predicate<String> ready, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int port : ports) {
            String s = text(raw(port, "CLUSTER", what));
            while (!ready.test(s)) {
                assertThat(System.nanoTime()).as("node %d: %s", port, s).isLessThan(deadline);
                Thread.sleep(50);
                s = text(raw(port, "CLUSTER", what));
            }
        }
    }

    /** Every node lists the same nodes with the same roles and slots (gossip has settled). */
    private static void awaitAgreement(List<Integer> ports) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> views = new ArrayList<>();
            for (int port : ports) {
                List<String> lines = new ArrayList<>();
                for (String line : text(raw(port, "CLUSTER", "NODES")).split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length >= 8) {
                        lines.add(f[0] + " " + f[2].replace("myself,", "") + " " + f[3] + " "
                                + String.join(" ", List.of(f).subList(8, f.length)));
                    }
                }
                Collections.sort(lines);
                views.add(String.join("\n", lines));
            }
            if (views.stream().distinct().count() == 1) {
                return;
            }
            assertThat(System.nanoTime()).as("views differ: %s", views).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Node ids and ports renamed by node index. */
    static final class Names {
        private final Map<String, String> replace = new LinkedHashMap<>();
        private final List<String> ids = new ArrayList<>();

        Names(List<Integer> ports) throws IOException {
            for (int i = 0; i < ports.size(); i++) {
                String id = text(raw(ports.get(i), "CLUSTER", "MYID"));
                id = id.substring(id.indexOf("\r\n") + 2, id.length() - 2);
                ids.add(id);
                replace.put(id, "id" + i);
                replace.put(String.valueOf(ports.get(i) + 10000), "bus" + i);
                replace.put(String.valueOf(ports.get(i)), "node" + i);
            }
        }

        String id(int i) {
            return ids.get(i);
        }

        String name(String s) {
            for (Map.Entry<String, String> e : replace.entrySet()) {
                s = s.replace(e.getKey(), e.getValue());
            }
            return s;
        }

        String of(byte[] frame) {
            String s = text(frame).replaceAll("(master|slave|handshake) (-|[0-9a-f]{40}) \\d+ \\d+ ",
                    "$1 $2 P P ");
            for (Map.Entry<String, String> e : replace.entrySet()) {
                s = s.replace(e.getKey(), e.getValue());
            }
            return s.replaceAll("(^|\r\n)([$=])\\d+\r\n", "$1$2N\r\n");
        }

        /**
         * CLUSTER NODES as roles and slots, sorted: which replica follows which primary is
         * redis-cli's random choice, so a replica shows as "replica of a primary with slots ...".
         */
        String roles(byte[] frame) {
            String nodes = of(frame).replaceAll("^[$=]N\r\n(txt:)?", "");
            Map<String, String> slotsOf = new LinkedHashMap<>();
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length >= 8 && f[2].contains("master")) {
                    slotsOf.put(f[0], String.join(" ", List.of(f).subList(8, f.length)));
                }
            }
            List<String> out = new ArrayList<>();
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8) {
                    continue;
                }
                boolean myself = f[2].contains("myself");
                String flags = f[2].replace("myself,", "");
                // A primary without slots: its epoch is 0 or a collision's (see below), by id.
                String slots = slotsOf.get(flags.equals("slave") ? f[3] : f[0]);
                String epoch = slots.isEmpty() ? "E" : f[6];
                if (flags.equals("slave")) {
                    out.add((myself ? "myself " : "") + "replica of [" + slots + "] epoch " + epoch
                            + " " + f[7]);
                } else {
                    out.add((myself ? "myself " : "") + flags + " [" + slots + "] epoch " + epoch + " "
                            + f[7]);
                }
            }
            Collections.sort(out);
            return String.join("\n", out);
        }
    }
}
