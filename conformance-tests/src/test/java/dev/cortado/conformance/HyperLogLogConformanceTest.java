package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * HyperLogLogs at scale, the same inputs into redis-server and the subject: a million elements
 * pipelined into one key with PFCOUNT compared along the way and GET's bytes compared at the end;
 * the sparse-to-dense promotion at hll-sparse-max-bytes element by element; PFMERGE of several
 * keys, sparse and dense, into new and existing destinations; and HLL bytes carried from one server
 * to the other with GET and SET, both ways, which must count and grow identically afterwards.
 */
@Timeout(300)
class HyperLogLogConformanceTest {
  private static final String P = "hll:conf:";

  private static Jedis jedis(Server s) {
    return new Jedis(s.host(), s.port(), 30_000);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs the same step on both servers and returns both results, Redis's first. */
  private static <T> List<T> both(Jedis redis, Jedis subject, Function<Jedis, T> step) {
    return java.util.Arrays.asList(step.apply(redis), step.apply(subject)); // null when a step returns none
  }

  private static void assertSame(Jedis redis, Jedis subject, String what, Function<Jedis, ?> step) {
    List<?> r = both(redis, subject, step);
    Object expected = r.get(0);
    Object actual = r.get(1);
    if (expected instanceof byte[] e && actual instanceof byte[] a) {
      assertThat(a).as(what).isEqualTo(e);
    } else {
      assertThat(actual).as(what).isEqualTo(expected);
    }
  }

  /** Elements as a test would send them: ids, with a few binary and long ones mixed in. */
  private static byte[] element(int i) {
    if (i % 997 == 0) {
      return new byte[] {(byte) i, 0, (byte) (i >> 8), (byte) 0xff, (byte) (i >> 16)};
    }
    if (i % 101 == 0) {
      return b("a-longer-element-name-for-the-8-byte-blocks:" + i);
    }
    return b("user:" + i);
  }

  private static void pfaddPipelined(Jedis j, byte[] key, int from, int to, int perCommand) {
    Pipeline p = j.pipelined();
    List<Response<Long>> replies = new ArrayList<>();
    for (int i = from; i < to; i += perCommand) {
      int n = Math.min(perCommand, to - i);
      byte[][] elements = new byte[n][];
      for (int k = 0; k < n; k++) {
        elements[k] = element(i + k);
      }
      replies.add(p.pfadd(key, elements));
    }
    p.sync();
    assertThat(replies).allSatisfy(r -> assertThat(r.get()).isBetween(0L, 1L));
  }

  @Test
  void aMillionElements_countAndBytesAgree() {
    try (Jedis redis = jedis(Servers.reference()); Jedis subject = jedis(Servers.subject())) {
      byte[] key = b(P + "million");
      both(redis, subject, j -> j.del(key));
      int total = 1_000_000;
      int step = 50_000;
      for (int from = 0; from < total; from += step) {
        int to = from + step;
        // Small commands first (the sparse phase goes element by element), then big batches.
        int perCommand = from == 0 ? 1 : 500;
        both(redis, subject, j -> {
          pfaddPipelined(j, key, to - step, to, perCommand);
          return null;
        });
        assertSame(redis, subject, "PFCOUNT after " + to, j -> j.pfcount(key));
        if (from == 0 || to == total) {
          assertSame(redis, subject, "bytes after " + to, j -> j.get(key));
        }
      }
      assertSame(redis, subject, "encoding", j -> j.sendCommand(
          () -> b("PFDEBUG"), b("ENCODING"), key));
      // PFADD of elements already counted changes nothing, a new one may.
      assertSame(redis, subject, "PFADD of known elements", j -> j.pfadd(key, element(1), element(2)));
      assertSame(redis, subject, "PFADD of new elements", j -> j.pfadd(key, b("new-1"), b("new-2")));
      assertSame(redis, subject, "bytes at the end", j -> j.get(key));
      assertSame(redis, subject, "PFCOUNT at the end", j -> j.pfcount(key));
      assertSame(redis, subject, "the cache written back", j -> j.get(key));
      both(redis, subject, j -> j.del(key));
    }
  }

  @Test
  void sparseToDense_atTheDefaultThreshold_elementByElement() {
    try (Jedis redis = jedis(Servers.reference()); Jedis subject = jedis(Servers.subject())) {
      byte[] key = b(P + "promote");
      both(redis, subject, j -> j.del(key));
      assertSame(redis, subject, "hll-sparse-max-bytes",
          j -> j.configGet("hll-sparse-max-bytes"));
      boolean dense = false;
      int i = 0;
      while (!dense) {
        byte[] e = element(i++);
        assertSame(redis, subject, "PFADD #" + i, j -> j.pfadd(key, e));
        List<Long> lengths = both(redis, subject, j -> j.strlen(key));
        assertThat(lengths.get(1)).as("STRLEN after %d elements", i).isEqualTo(lengths.get(0));
        dense = lengths.get(0) == 12304;
        if (dense || i % 250 == 0) {
          assertSame(redis, subject, "bytes after " + i, j -> j.get(key));
          assertSame(redis, subject, "PFCOUNT after " + i, j -> j.pfcount(key));
        }
      }
      assertThat(i).as("elements before promotion").isGreaterThan(1000);
      both(redis, subject, j -> j.del(key));
    }
  }

  @Test
  void pfmerge_ofSeveralKeys_sparseAndDense() {
    try (Jedis redis = jedis(Servers.reference()); Jedis subject = jedis(Servers.subject())) {
      byte[][] sources = new byte[6][];
      int[] sizes = {10, 200, 900, 2500, 20_000, 0};
      for (int k = 0; k < sources.length; k++) {
        sources[k] = b(P + "src" + k);
        byte[] key = sources[k];
        int from = k * 1000;
        int to = from + sizes[k];
        both(redis, subject, j -> {
          j.del(key);
          if (to > from) {
            pfaddPipelined(j, key, from, to, 100);
          }
          return null;
        });
      }
      byte[] dest = b(P + "dest");
      // Sparse sources only: the destination stays sparse while it fits.
      both(redis, subject, j -> j.del(dest));
      assertSame(redis, subject, "PFMERGE sparse", j -> j.pfmerge(dest, sources[0], sources[1]));
      assertSame(redis, subject, "merged bytes", j -> j.get(dest));
      assertSame(redis, subject, "PFMERGE onto itself and more",
          j -> j.pfmerge(dest, sources[2], sources[3]));
      assertSame(redis, subject, "merged bytes, grown", j -> j.get(dest));
      assertSame(redis, subject, "merged count", j -> j.pfcount(dest));
      // A dense source makes the destination dense.
      byte[] dest2 = b(P + "dest2");
      both(redis, subject, j -> j.del(dest2));
      assertSame(redis, subject, "PFMERGE with a dense source",
          j -> j.pfmerge(dest2, sources[0], sources[4], sources[5], b(P + "missing")));
      assertSame(redis, subject, "dense merged bytes", j -> j.get(dest2));
      assertSame(redis, subject, "PFCOUNT of every source", j -> j.pfcount(sources));
      assertSame(redis, subject, "PFCOUNT of the merge", j -> j.pfcount(dest2));
      // Every order and subset gives the same registers on both.
      for (int k = 0; k < sources.length; k++) {
        byte[] d = b(P + "dest-" + k);
        byte[][] subset = new byte[k + 1][];
        for (int x = 0; x <= k; x++) {
          subset[x] = sources[sources.length - 1 - x];
        }
        both(redis, subject, j -> j.del(d));
        assertSame(redis, subject, "PFMERGE of " + (k + 1), j -> j.pfmerge(d, subset));
        assertSame(redis, subject, "bytes of " + (k + 1), j -> j.get(d));
        assertSame(redis, subject, "PFCOUNT of " + (k + 1), j -> j.pfcount(subset));
        both(redis, subject, j -> j.del(d));
      }
      both(redis, subject, j -> j.del(dest, dest2));
      both(redis, subject, j -> j.del(sources));
    }
  }

  @Test
  void getAndSet_carryAHyperLogLogBetweenTheServers() {
    try (Jedis redis = jedis(Servers.reference()); Jedis subject = jedis(Servers.subject())) {
      for (int size : new int[] {5, 1500, 40_000}) {
        byte[] key = b(P + "carry" + size);
        byte[] copy = b(P + "carried" + size);
        both(redis, subject, j -> j.del(key, copy));
        // Redis -> subject
        pfaddPipelined(redis, key, 0, size, 100);
        byte[] fromRedis = redis.get(key);
        subject.set(copy, fromRedis);
        redis.set(copy, fromRedis);
        assertSame(redis, subject, "PFCOUNT of Redis's bytes (" + size + ")", j -> j.pfcount(copy));
        assertThat(subject.get(copy)).isEqualTo(redis.get(copy));
        assertSame(redis, subject, "PFADD onto Redis's bytes",
            j -> j.pfadd(copy, b("x"), b("y"), b("z")));
        assertSame(redis, subject, "bytes after PFADD", j -> j.get(copy));
        // subject -> Redis
        byte[] other = b(P + "back" + size);
        both(redis, subject, j -> j.del(other));
        pfaddPipelined(subject, other, size, 2 * size, 100);
        byte[] fromSubject = subject.get(other);
        redis.set(other, fromSubject);
        assertThat(redis.pfcount(other)).as("Redis counts the subject's bytes (%d)", size)
            .isEqualTo(subject.pfcount(other));
        assertThat(redis.get(other)).isEqualTo(subject.get(other));
        assertSame(redis, subject, "PFCOUNT of both", j -> j.pfcount(copy, other));
        both(redis, subject, j -> j.del(key, copy, other));
      }
    }
  }
}
