package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DEBUG HTSTATS, HTSTATS-KEY and SDSLEN. Texts and figures that do not depend on Redis's seeded
 * hash were taken from redis-server 7.0.15 (SDSLEN entirely; HTSTATS's layout, table sizes and
 * element counts); the chains are checked for being a consistent spread of the elements.
 */
class HashTableStatsTest {
  private final Harness h = new Harness();

  @BeforeEach
  void enableDebug() {
    h.server.config.set("enable-debug-command", "yes");
  }

  @Test
  void htstats_ofAnEmptyDatabase_isRedisText_asVerbatimInResp3() {
    String empty = "[Dictionary HT]\nHash table 0 stats (main hash table):\n"
        + "No stats available for empty dictionaries\n[Expires HT]\n"
        + "Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n";
    assertThat(h.resp("DEBUG", "HTSTATS", "0")).isEqualTo("$" + empty.length() + "\r\n" + empty + "\r\n");
    h.resp("HELLO", "3");
    assertThat(h.resp("DEBUG", "HTSTATS", "15"))
        .isEqualTo("=" + (empty.length() + 4) + "\r\ntxt:" + empty + "\r\n");
  }

  @Test
  void htstats_errors() {
    assertThat(h.resp("DEBUG", "HTSTATS", "16")).isEqualTo("-ERR Out of range database\r\n");
    assertThat(h.resp("DEBUG", "HTSTATS", "-1")).isEqualTo("-ERR Out of range database\r\n");
    assertThat(h.resp("DEBUG", "HTSTATS", "x"))
        .isEqualTo("-ERR value is not an integer or out of range\r\n");
    assertThat(h.resp("DEBUG", "HTSTATS", "0", "full")).isEqualTo(
        "-ERR unknown subcommand or wrong number of arguments for 'HTSTATS'. Try DEBUG HELP.\r\n");
    assertThat(h.resp("DEBUG", "HTSTATS-KEY", "nokey")).isEqualTo("-ERR no such key\r\n");
    h.resp("HSET", "h", "f", "v");
    h.resp("SADD", "ints", "1", "2");
    h.resp("SET", "s", "v");
    for (String key : List.of("h", "ints", "s")) {
      assertThat(h.resp("DEBUG", "HTSTATS-KEY", key)).isEqualTo("-ERR The value stored at the "
          + "specified key is not represented using an hash table\r\n");
    }
    assertThat(h.resp("DEBUG", "HTSTATS-KEY", "h", "x")).startsWith("-ERR unknown subcommand");
  }

  @Test
  void htstats_ofTheKeyspace_countsKeysAndKeysWithATimeToLive() {
    h.resp("DEBUG", "POPULATE", "1000");
    h.resp("EXPIRE", "key:1", "100");
    h.resp("EXPIRE", "key:2", "100");
    String text = bulk(h.resp("DEBUG", "HTSTATS", "0"));
    int expires = text.indexOf("[Expires HT]\n");
    assertThat(text).startsWith("[Dictionary HT]\n");
    checkTable(text.substring("[Dictionary HT]\n".length(), expires), 1024, 1000);
    checkTable(text.substring(expires + "[Expires HT]\n".length()), 4, 2);
  }

  @Test
  void htstatsKey_ofEachHashTableEncoding() {
    List<String> args = new ArrayList<>(List.of("SADD", "set"));
    for (int i = 1; i <= 513; i++) {
      args.add(Integer.toString(i)); // one past set-max-intset-entries: a hashtable
    }
    h.resp(args.toArray(String[]::new));
    checkTable(bulk(h.resp("DEBUG", "HTSTATS-KEY", "set")), 1024, 513);
    h.resp("HSET", "hash", "f", "x".repeat(70));
    checkTable(bulk(h.resp("DEBUG", "HTSTATS-KEY", "hash")), 4, 1);
    h.resp("ZADD", "zset", "1", "m".repeat(70), "2", "n");
    checkTable(bulk(h.resp("DEBUG", "HTSTATS-KEY", "zset")), 4, 2);
  }

  @Test
  void aSmallTable_isRedisTextExactly_whenTheSpreadIsTheSame() {
    // Redis's own answer for SADD s a b c (three chains of one in four buckets).
    assertThat(HashTableStats.dictStats(List.of(bytes("a"), bytes("b"), bytes("c")))).isEqualTo(
        "Hash table 0 stats (main hash table):\n table size: 4\n number of elements: 3\n"
            + " different slots: 3\n max chain length: 1\n avg chain length (counted): 1.00\n"
            + " avg chain length (computed): 1.00\n Chain length distribution:\n"
            + "   0: 1 (25.00%)\n   1: 3 (75.00%)\n");
  }

  @Test
  void percentages_roundHalfToEven_asGlibcPrintf() {
    assertThat(HashTableStats.twoDecimals(3.125f)).isEqualTo("3.12");
    assertThat(HashTableStats.twoDecimals(0.375f)).isEqualTo("0.38");
    assertThat(HashTableStats.twoDecimals(1.5f)).isEqualTo("1.50");
    assertThat(HashTableStats.twoDecimals(1f / 3)).isEqualTo("0.33");
  }

  @Test
  void sdslen_followsHowTheStringWasBuilt() {
    // Each line as redis-server 7.0.15 printed it after the same commands.
    String k40 = "k".repeat(40);
    h.resp("SET", k40, "v".repeat(100));
    assertThat(h.resp("DEBUG", "SDSLEN", k40)).isEqualTo("+key_sds_len:40, key_sds_avail:4, "
        + "key_zmalloc: 48, val_sds_len:100, val_sds_avail:8, val_zmalloc: 112\r\n");
    h.resp("SET", "raw", "v".repeat(67)); // trimmed: the spare room was above a tenth
    assertThat(h.resp("DEBUG", "SDSLEN", "raw")).isEqualTo("+key_sds_len:3, key_sds_avail:0, "
        + "key_zmalloc: 8, val_sds_len:67, val_sds_avail:0, val_zmalloc: 80\r\n");
    h.resp("APPEND", "ap", "hello");
    assertThat(h.resp("DEBUG", "SDSLEN", "ap")).isEqualTo("+key_sds_len:2, key_sds_avail:0, "
        + "key_zmalloc: 8, val_sds_len:5, val_sds_avail:0, val_zmalloc: 16\r\n");
    h.resp("APPEND", "ap", "world");
    h.resp("GET", "ap"); // a read trims Cortado's buffer, not the modelled sds
    assertThat(h.resp("DEBUG", "SDSLEN", "ap")).isEqualTo("+key_sds_len:2, key_sds_avail:0, "
        + "key_zmalloc: 8, val_sds_len:10, val_sds_avail:18, val_zmalloc: 32\r\n");
    h.resp("SET", "k", "10");
    h.resp("APPEND", "k", "5");
    assertThat(h.resp("DEBUG", "SDSLEN", "k")).isEqualTo("+key_sds_len:1, key_sds_avail:0, "
        + "key_zmalloc: 8, val_sds_len:3, val_sds_avail:9, val_zmalloc: 16\r\n");
    h.resp("SETRANGE", "sr", "10", "x");
    assertThat(h.resp("DEBUG", "SDSLEN", "sr")).isEqualTo("+key_sds_len:2, key_sds_avail:0, "
        + "key_zmalloc: 8, val_sds_len:11, val_sds_avail:0, val_zmalloc: 16\r\n");
    h.resp("SET", "s300", "v".repeat(300));
    assertThat(h.resp("DEBUG", "SDSLEN", "s300")).isEqualTo("+key_sds_len:4, key_sds_avail:0, "
        + "key_zmalloc: 8, val_sds_len:300, val_sds_avail:14, val_zmalloc: 320\r\n");
    h.resp("SET", "n", "123");
    assertThat(h.resp("DEBUG", "SDSLEN", "n")).isEqualTo("-ERR Not an sds encoded string.\r\n");
    h.resp("RPUSH", "l", "a");
    assertThat(h.resp("DEBUG", "SDSLEN", "l")).isEqualTo("-ERR Not an sds encoded string.\r\n");
    assertThat(h.resp("DEBUG", "SDSLEN", "nokey")).isEqualTo("-ERR no such key\r\n");
  }

  private static final Pattern HEADER = Pattern.compile("Hash table 0 stats \\(main hash table\\):\n"
      + " table size: (\\d+)\n number of elements: (\\d+)\n different slots: (\\d+)\n"
      + " max chain length: (\\d+)\n avg chain length \\(counted\\): [0-9.]+\n"
      + " avg chain length \\(computed\\): [0-9.]+\n Chain length distribution:\n");
  private static final Pattern LINE = Pattern.compile("   (\\d+): (\\d+) \\([0-9.]+%\\)\n");

  /** Redis's layout, the size and count given, and chains that add up to them. */
  private static void checkTable(String text, long size, long elements) {
    Matcher m = HEADER.matcher(text);
    assertThat(m.lookingAt()).as(text).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(size);
    assertThat(Long.parseLong(m.group(2))).isEqualTo(elements);
    long slots = Long.parseLong(m.group(3));
    long maxChain = Long.parseLong(m.group(4));
    Matcher line = LINE.matcher(text);
    int at = m.end();
    long buckets = 0;
    long counted = 0;
    long longest = 0;
    while (at < text.length() && line.find(at) && line.start() == at) {
      long length = Long.parseLong(line.group(1));
      long count = Long.parseLong(line.group(2));
      buckets += count;
      counted += length * count;
      longest = Math.max(longest, length);
      at = line.end();
    }
    assertThat(text.substring(at)).isEmpty();
    assertThat(buckets).isEqualTo(size);
    assertThat(counted).isEqualTo(elements);
    assertThat(longest).isEqualTo(maxChain);
    assertThat(slots).isPositive().isLessThanOrEqualTo(elements);
  }

  private static String bulk(String resp) {
    assertThat(resp).startsWith("$");
    return resp.substring(resp.indexOf("\r\n") + 2, resp.length() - 2);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
