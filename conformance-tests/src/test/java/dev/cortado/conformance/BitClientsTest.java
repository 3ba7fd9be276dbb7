package dev.cortado.conformance;

import static io.lettuce.core.BitFieldArgs.offset;
import static io.lettuce.core.BitFieldArgs.signed;
import static io.lettuce.core.BitFieldArgs.typeWidthBasedOffset;
import static io.lettuce.core.BitFieldArgs.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.BitFieldArgs.OverflowType;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RBitSet;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.Protocol;

/**
 * Bitmaps as applications use them through real clients, each scenario against redis-server and
 * Cortado: Redisson's {@code RBitSet} (SETBIT, GETBIT, BITCOUNT, BITOP, BITFIELD, and its Lua
 * script of BITPOS and GETBIT for length()) over RESP2 and RESP3, and Lettuce's BITFIELD with
 * {@code BitFieldArgs} (overflow modes, signed and unsigned fields, "#N" offsets) beside the other
 * bit commands. Every expected value is what Redis answers: a failure against the real Redis is a
 * broken test.
 */
@Timeout(60)
class BitClientsTest {

    static Stream<Arguments> servers() {
        return ClientHandshakeTest.servers();
    }

    // --- Redisson

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void redisson_bitSet(ClientHandshakeTest.Named target) {
        for (Protocol protocol : List.of(Protocol.RESP2, Protocol.RESP3)) {
            RedissonClient client = redisson(target.server(), protocol);
            try {
                bitSet(client);
            } finally {
                client.shutdown();
            }
        }
    }

    private static void bitSet(RedissonClient client) {
        RBitSet a = client.getBitSet("bits:redisson:{b}:a");
        RBitSet b = client.getBitSet("bits:redisson:{b}:b");
        RBitSet big = client.getBitSet("bits:redisson:{b}:big");
        a.delete();
        b.delete();
        big.delete();

        assertThat(a.set(3)).as("the previous bit").isFalse();
        assertThat(a.set(3)).isTrue();
        assertThat(a.set(10, true)).isFalse();
        assertThat(a.get(3)).isTrue();
        assertThat(a.get(4)).isFalse();
        assertThat(a.get(1_000_000)).isFalse();
        assertThat(a.get(3, 4, 10)).containsExactly(true, false, true);
        assertThat(a.cardinality()).isEqualTo(2);
        assertThat(a.size()).as("STRLEN * 8").isEqualTo(16);
        assertThat(a.length()).as("the highest set bit + 1, found by a script").isEqualTo(11);
        assertThat(a.toByteArray()).containsExactly(0x10, 0x20);
        BitSet expected = new BitSet();
        expected.set(3);
        expected.set(10);
        assertThat(a.asBitSet()).isEqualTo(expected);

        a.set(20, 24); // [20, 24)
        assertThat(a.cardinality()).isEqualTo(6);
        assertThat(a.length()).isEqualTo(24);
        a.clear(21, 23);
        assertThat(a.asBitSet().stream().toArray()).containsExactly(3, 10, 20, 23);
        assertThat(a.clear(23)).isTrue();
        assertThat(a.length()).isEqualTo(21);

        b.set(3);
        b.set(4);
        b.set(40);
        RBitSet and = client.getBitSet("bits:redisson:{b}:and");
        and.delete();
        and.set(3);
        and.set(20);
        and.set(4);
        assertThat(and.and(b.getName())).as("BITOP's result length").isEqualTo(6);
        assertThat(and.asBitSet().stream().toArray()).containsExactly(3, 4);
        assertThat(and.or(a.getName())).isEqualTo(6);
        assertThat(and.asBitSet().stream().toArray()).containsExactly(3, 4, 10, 20);
        assertThat(and.xor(b.getName())).isEqualTo(6);
        assertThat(and.asBitSet().stream().toArray()).containsExactly(10, 20, 40);
        assertThat(and.not()).isEqualTo(6);
        assertThat(and.cardinality()).isEqualTo(48 - 3);
        assertThat(and.get(10)).isFalse();
        assertThat(and.get(11)).isTrue();

        assertThat(big.set(8_000_000L)).isFalse();
        assertThat(big.size()).isEqualTo(8_000_008L);
        assertThat(big.cardinality()).isEqualTo(1);
        assertThat(big.length()).isEqualTo(8_000_001L);

        // BITFIELD through RBitSet's typed accessors.
        RBitSet f = client.getBitSet("bits:redisson:{b}:fields");
        f.delete();
        assertThat(f.setByte(0, (byte) -3)).isZero();
        assertThat(f.getByte(0)).isEqualTo((byte) -3);
        assertThat(f.incrementAndGetByte(0, (byte) 4)).isEqualTo((byte) 1);
        assertThat(f.setShort(8, (short) 300)).isZero();
        assertThat(f.getShort(8)).isEqualTo((short) 300);
        assertThat(f.setInteger(32, Integer.MIN_VALUE)).isZero();
        assertThat(f.incrementAndGetInteger(32, -1)).as("WRAP").isEqualTo(Integer.MAX_VALUE);
        assertThat(f.setLong(64, Long.MAX_VALUE)).isZero();
        assertThat(f.getLong(64)).isEqualTo(Long.MAX_VALUE);
        assertThat(f.setUnsigned(5, 0, 31)).isZero();
        assertThat(f.getUnsigned(5, 0)).isEqualTo(31);
        assertThat(f.getSigned(5, 0)).isEqualTo(-1);
        assertThat(f.incrementAndGetUnsigned(5, 0, 1)).isZero();
        assertThat(f.size()).isEqualTo(128);

        a.delete();
        b.delete();
        and.delete();
        big.delete();
        f.delete();
    }

    private static RedissonClient redisson(Server s, Protocol protocol) {
        Config config = new Config().setProtocol(protocol);
        config.useSingleServer().setAddress("redis://" + s.host() + ":" + s.port())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setRetryAttempts(0);
        return Redisson.create(config);
    }

    // --- Lettuce

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lettuce_bitfieldWithOverflow(ClientHandshakeTest.Named target) {
        Server s = target.server();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + s.host() + ":" + s.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            String k = "bits:lettuce:{l}:k";
            String other = "bits:lettuce:{l}:other";
            String dest = "bits:lettuce:{l}:dest";
            sync.del(k, other, dest);

            assertThat(sync.bitfield(k, new BitFieldArgs()
                    .set(unsigned(8), 0, 200)
                    .get(unsigned(8), 0)
                    .incrBy(unsigned(8), 0, 100)))
                    .as("WRAP by default").containsExactly(0L, 200L, 44L);
            assertThat(sync.bitfield(k, new BitFieldArgs()
                    .overflow(OverflowType.SAT)
                    .incrBy(unsigned(8), 0, 1000)
                    .incrBy(signed(8), 0, -1000)
                    .overflow(OverflowType.FAIL)
                    .incrBy(unsigned(8), 0, 200)
                    .incrBy(signed(8), 0, -1)
                    .incrBy(signed(8), 0, 1)))
                    .as("a FAIL overflow is nil and writes nothing").containsExactly(255L, -128L, null, null, -127L);
            assertThat(sync.bitfield(k, new BitFieldArgs()
                    .set(signed(16), typeWidthBasedOffset(1), -2)
                    .get(signed(16), typeWidthBasedOffset(1))
                    .get(unsigned(16), offset(16))
                    .overflow(OverflowType.WRAP)
                    .incrBy(signed(16), typeWidthBasedOffset(1), 3)))
                    .as("#1 for i16 is bit 16").containsExactly(0L, -2L, 65534L, 1L);
            assertThat(sync.bitfield(k, new BitFieldArgs()
                    .set(signed(64), 64, Long.MIN_VALUE)
                    .incrBy(signed(64), 64, -1)
                    .overflow(OverflowType.SAT)
                    .incrBy(signed(64), 64, Long.MIN_VALUE)
                    .get(unsigned(63), 64)))
                    .containsExactly(0L, Long.MAX_VALUE, -1L, Long.MAX_VALUE);
            assertThat(sync.strlen(k)).isEqualTo(16);
            assertThat(sync.get(k).length()).isEqualTo(16);

            assertThat(sync.setbit(other, 7, 1)).isZero();
            assertThat(sync.setbit(other, 7, 0)).isOne();
            assertThat(sync.setbit(other, 17, 1)).isZero();
            assertThat(sync.getbit(other, 17)).isOne();
            assertThat(sync.bitcount(other)).isEqualTo(1);
            assertThat(sync.bitcount(k, 0, 0)).as("0x81").isEqualTo(2);
            assertThat(sync.bitpos(other, true)).isEqualTo(17);
            assertThat(sync.bitpos(other, false)).isZero();
            assertThat(sync.bitpos(other, true, 3)).isEqualTo(-1);
            assertThat(sync.bitopOr(dest, k, other)).isEqualTo(16);
            assertThat(sync.bitopNot(dest, other)).isEqualTo(3);
            assertThat(sync.bitcount(dest)).isEqualTo(23);
            assertThat(sync.bitopAnd(dest, "bits:lettuce:{l}:missing")).isZero();
            assertThat(sync.exists(dest)).isZero();

            sync.rpush(dest, "x");
            assertThatThrownBy(() -> sync.bitfield(dest, new BitFieldArgs().get(unsigned(8), 0)))
                    .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("WRONGTYPE");
            assertThatThrownBy(() -> sync.setbit(k, -1, 1))
                    .hasMessage("ERR bit offset is not an integer or out of range");
            assertThat(sync.bitfield(k, new BitFieldArgs().get(signed(8), 0).get(unsigned(4), 4)))
                    .containsExactly(-127L, 1L);
            sync.del(k, other, dest);
        } finally {
            client.shutdown();
        }
    }
}
