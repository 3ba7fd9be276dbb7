package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * maxmemory eviction compared statistically with redis-server: both servers get the same keys and
 * the same accesses, then maxmemory is set to the memory they use and more keys are written, so
 * each must evict about as much as it adds. Which keys survive is sampled, so it is compared by
 * groups: under allkeys-lru the keys read last survive and old unread ones go; under allkeys-lfu
 * the keys read often survive; under volatile-ttl the keys due soonest go and keys without a
 * deadline stay. The survival rate of each group must be within 15 points of Redis's (measured: within 6).
 */
class EvictionConformanceTest {
    private static final int GROUP = 300;
    private static final String VALUE = "v".repeat(100);

    @Test
    void allkeysLruKeepsTheKeysReadLast() throws Exception {
        compare("allkeys-lru", c -> {
            write(c, "cold", GROUP, null);
            write(c, "hot", GROUP, null);
            Thread.sleep(2100); // the LRU clock counts whole seconds
            for (int i = 0; i < GROUP; i++) {
                c.call("GET", "hot:" + i);
            }
            // The new keys come a clock second after the reads (past Redis's 100 ms clock cache):
            // otherwise whether hot and new tie depended on where a second boundary fell, and the
            // two servers' runs could fall on different sides of one.
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 200);
            write(c, "new", GROUP, null);
        });
    }

    @Test
    void allkeysLfuKeepsTheKeysReadOften() throws Exception {
        compare("allkeys-lfu", c -> {
            write(c, "cold", GROUP, null);
            write(c, "hot", GROUP, null);
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < GROUP; i++) {
                    c.call("GET", "hot:" + i);
                }
            }
            write(c, "new", GROUP, null);
        });
    }

    @Test
    void volatileTtlTakesTheKeysDueSoonest() throws Exception {
        compare("volatile-ttl", c -> {
            write(c, "cold", GROUP, "1000"); // due soonest
            write(c, "hot", GROUP, "100000");
            write(c, "new", GROUP, null); // no deadline: never evicted
        });
    }

    interface Fill {
        void fill(RespConnection c) throws Exception;
    }

    private static void write(RespConnection c, String group, int n, String ttl)
            throws IOException {
        for (int i = 0; i < n; i++) {
            if (ttl == null) {
                c.call("SET", group + ":" + i, VALUE);
            } else {
                c.call("SET", group + ":" + i, VALUE, "EX", ttl);
            }
        }
    }

    private void compare(String policy, Fill fill) throws Exception {
        Map<String, Double> expected = run(TestServers.reference(), policy, fill);
        Map<String, Double> actual = run(TestServers.subject(), policy, fill);
        System.out.printf("%s survival: redis %s, subject %s%n", policy, expected, actual);
        for (String group : expected.keySet()) {
            assertThat(actual.get(group)).as("%s survival of %s (redis %s, subject %s)", policy,
                    group, expected, actual).isCloseTo(expected.get(group),
                    org.assertj.core.data.Offset.offset(0.15));
        }
    }

    /** Fills a server, sets maxmemory to what it uses, writes more, and measures survival. */
    private static Map<String, Double> run(TestServers.Endpoint server, String policy, Fill fill)
            throws Exception {
        try (RespConnection c = new RespConnection(server.host(), server.port())) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "maxmemory-policy", policy);
            try {
                // A fresh redis-server's first eviction allocates tens of KB once, and so evicts
                // far more than it makes room for: evict once before measuring.
                write(c, "warm", 50, "1000");
                c.call("CONFIG", "SET", "maxmemory", Long.toString(usedMemory(c) - 2000));
                c.call("SET", "warm:last", VALUE); // may answer OOM: nothing left to evict
                c.call("CONFIG", "SET", "maxmemory", "0");
                c.call("FLUSHALL");
                fill.fill(c);
                long used = usedMemory(c);
                c.call("CONFIG", "SET", "maxmemory", Long.toString(used));
                write(c, "more", GROUP, null);
                c.call("CONFIG", "SET", "maxmemory", "0");
                Map<String, Double> survival = new LinkedHashMap<>();
                for (String group : new String[] {"cold", "hot", "new"}) {
                    int alive = 0;
                    for (int i = 0; i < GROUP; i++) {
                        if (reply(c.call("EXISTS", group + ":" + i)).equals(":1")) {
                            alive++;
                        }
                    }
                    survival.put(group, (double) alive / GROUP);
                }
                return survival;
            } finally {
                c.call("CONFIG", "SET", "maxmemory", "0");
                c.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
                c.call("FLUSHALL");
            }
        }
    }

    private static long usedMemory(RespConnection c) throws IOException {
        String info = new String(c.call("INFO", "memory"), StandardCharsets.ISO_8859_1);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()));
            }
        }
        throw new IllegalStateException("no used_memory in " + info);
    }

    private static String reply(byte[] frame) {
        return new String(frame, StandardCharsets.ISO_8859_1).trim();
    }
}
