package dev.cortado.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hash slots as redis-server 7.0's CLUSTER KEYSLOT gave them, hash-tag edge cases included. */
class KeySlotTest {
  private static int slot(String key) {
    return KeySlot.of(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void slotsAsRedisComputesThem() {
    assertThat(slot("foo")).isEqualTo(12182);
    assertThat(slot("bar")).isEqualTo(5061);
    assertThat(slot("123456789")).isEqualTo(12739); // CRC16/XMODEM's check value 0x31C3
    assertThat(slot("")).isZero();
  }

  @Test
  void hashTags() {
    assertThat(slot("{user1000}.following")).isEqualTo(3443).isEqualTo(slot("{user1000}.followers"));
    assertThat(slot("foo{}{bar}")).as("an empty tag hashes the whole key").isEqualTo(8363);
    assertThat(slot("foo{{bar}}zap")).as("the tag is {bar up to the first }").isEqualTo(4015);
    assertThat(slot("foo{bar}{zap}")).as("only the first tag").isEqualTo(5061).isEqualTo(slot("bar"));
  }

  @Test
  void aDatabaseKnowsItsKeysBySlotNewestFirst() {
    Database db = new Database(0, Clock.system(), new Stats());
    db.put("{a}1".getBytes(StandardCharsets.UTF_8), new StringValue("v".getBytes(StandardCharsets.UTF_8)));
    db.trackSlots(); // keys already there are indexed too
    db.put("{a}2".getBytes(StandardCharsets.UTF_8), new StringValue("v".getBytes(StandardCharsets.UTF_8)));
    db.put("{a}3".getBytes(StandardCharsets.UTF_8), new StringValue("v".getBytes(StandardCharsets.UTF_8)));
    db.remove("{a}2".getBytes(StandardCharsets.UTF_8));
    db.put("{a}2".getBytes(StandardCharsets.UTF_8), new StringValue("w".getBytes(StandardCharsets.UTF_8)));
    db.put("{a}3".getBytes(StandardCharsets.UTF_8), new StringValue("w".getBytes(StandardCharsets.UTF_8)));
    int slot = slot("a");
    assertThat(db.countKeysInSlot(slot)).isEqualTo(3);
    assertThat(db.keysInSlot(slot, 10)).extracting(b -> new String(b, StandardCharsets.UTF_8))
        .containsExactly("{a}2", "{a}3", "{a}1");
    assertThat(db.keysInSlot(slot, 1)).hasSize(1);
    db.clear();
    assertThat(db.countKeysInSlot(slot)).isZero();
  }
}
