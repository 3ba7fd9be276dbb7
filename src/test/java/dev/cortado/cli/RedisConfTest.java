package dev.cortado.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redis.conf reader: quoting, multi-argument parameters, includes, and Redis's report for a
 * line it refuses. Every error text and value below is what redis-server 7.0.15 prints or shows for
 * the same file (checked by hand with {@code redis-server FILE}; ConfigFileTest in
 * conformance-tests compares whole files against it).
 */
class RedisConfTest {
  @TempDir
  Path dir;

  private static Map<String, String> params(String text) throws RedisConf.Fatal {
    return RedisConf.parse(text).params();
  }

  /** The report Redis prints for a refused line. */
  private static String refusal(String text) {
    try {
      RedisConf.parse(text);
    } catch (RedisConf.Fatal e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + text);
  }

  @Test
  void commentsBlankLinesAndSurroundingBlanksAreSkipped() throws Exception {
    Map<String, String> p = params("# a comment\n\n   \t\r\n  port 7000  \r\n#port 1\n");
    assertThat(p).containsExactly(Map.entry("port", "7000"));
  }

  @Test
  void namesAnyCaseAndAliasesSetTheParameterItself() throws Exception {
    Map<String, String> p = params("PORT 7000\nslave-read-only no\nLua-Time-Limit 77\n");
    assertThat(p).containsEntry("port", "7000").containsEntry("replica-read-only", "no")
        .containsEntry("busy-reply-threshold", "77");
  }

  @Test
  void valuesAreNormalisedAsConfigGetShowsThem() throws Exception {
    Map<String, String> p = params("maxmemory 1gb\nappendonly YES\nhz 1000\n"
        + "maxmemory-policy ALLKEYS-LRU\n");
    assertThat(p).containsEntry("maxmemory", "1073741824").containsEntry("appendonly", "yes")
        .containsEntry("hz", "500").containsEntry("maxmemory-policy", "allkeys-lru");
  }

  @Test
  void aLaterLineOverridesAnEarlierOne() throws Exception {
    assertThat(params("maxmemory 1gb\nmaxmemory 10mb\n")).containsEntry("maxmemory", "10485760");
  }

  @Test
  void quotingFollowsSdssplitargs() throws Exception {
    Map<String, String> p = params("requirepass \"a b\\x41\\tc\"\nmasterauth 'it\\'s'\n"
        + "masteruser x\"y z\"\n");
    assertThat(p).containsEntry("requirepass", "a bA\tc").containsEntry("masterauth", "it's")
        .containsEntry("masteruser", "xy z");
  }

  @Test
  void anEmptyQuotedValueIsAValue() throws Exception {
    assertThat(params("notify-keyspace-events \"\"\n")).containsEntry("notify-keyspace-events", "");
  }

  @Test
  void unbalancedQuotesAreRefusedWithTheLine() {
    assertThat(refusal("port 7000\nrequirepass \"abc\n")).isEqualTo("""

        *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
        Reading the configuration file, at line 2
        >>> 'requirepass "abc'
        Unbalanced quotes in configuration line
        """);
    assertThat(refusal("requirepass \"a\"b\n")).endsWith("Unbalanced quotes in configuration line\n");
  }

  @Test
  void unknownDirectivesAreRefused() {
    assertThat(refusal("\n\nfoo bar\n")).isEqualTo("""

        *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
        Reading the configuration file, at line 3
        >>> 'foo bar'
        Bad directive or wrong number of arguments
        """);
    assertThat(refusal("include\n")).endsWith("\nBad directive or wrong number of arguments\n");
    assertThat(refusal("user\n")).endsWith("\nBad directive or wrong number of arguments\n");
    assertThat(refusal("rename-command get\n"))
        .endsWith("\nBad directive or wrong number of arguments\n");
  }

  @Test
  void aSingleValueParameterTakesExactlyOneArgument() {
    assertThat(refusal("port\n")).endsWith(">>> 'port'\nwrong number of arguments\n");
    assertThat(refusal("port 1 2\n")).endsWith("\nwrong number of arguments\n");
    assertThat(refusal("notify-keyspace-events a b\n")).endsWith("\nwrong number of arguments\n");
  }

  @Test
  void badValuesGetRedisReasons() {
    assertThat(refusal("maxmemory abc\n")).endsWith("\nargument must be a memory value\n");
    assertThat(refusal("port 70000\n"))
        .endsWith("\nargument must be between 0 and 65535 inclusive\n");
    assertThat(refusal("\n\nappendonly maybe\n"))
        .contains("at line 3\n").endsWith("\nargument must be 'yes' or 'no'\n");
    assertThat(refusal("port abc\n")).endsWith("\nargument couldn't be parsed into an integer\n");
    assertThat(refusal("databases 0\n"))
        .endsWith("\nargument must be between 1 and 2147483647 inclusive\n");
    assertThat(refusal("maxmemory-policy bogus\n")).endsWith("\nargument(s) must be one of the "
        + "following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, "
        + "allkeys-lfu, allkeys-random, noeviction\n");
    assertThat(refusal("notify-keyspace-events Q\n"))
        .endsWith("\nInvalid event class character. Use 'Ag$lshzxeKEtmdn'.\n");
    assertThat(refusal("maxmemory-clients 200%\n"))
        .endsWith("\npercentage argument must be less or equal to 100\n");
    assertThat(refusal("unixsocketperm 999\n"))
        .endsWith("\nargument couldn't be parsed as an octal number\n");
    assertThat(refusal("enable-debug-command maybe\n"))
        .endsWith("\nargument(s) must be one of the following: no, yes, local\n");
    assertThat(refusal("shutdown-on-sigint nosave bogus\n")).endsWith(
        "\nargument(s) must be one of the following: default, save, nosave, now, force\n");
    assertThat(refusal("dbfilename a/b\n"))
        .endsWith("\ndbfilename can't be a path, just a filename\n");
  }

  @Test
  void multiArgumentParametersCheckTheirArguments() {
    assertThat(refusal("save 900\n")).endsWith("\nInvalid save parameters\n");
    assertThat(refusal("save 0 1\n")).endsWith("\nInvalid save parameters\n");
    assertThat(refusal("save 1 1 x\n")).endsWith("\nInvalid save parameters\n");
    assertThat(refusal("client-output-buffer-limit normal 0 0\n"))
        .endsWith("\nWrong number of arguments in buffer limit configuration.\n");
    assertThat(refusal("client-output-buffer-limit master 0 0 0\n"))
        .endsWith("\nInvalid client class specified in buffer limit configuration.\n");
    assertThat(refusal("client-output-buffer-limit normal x 0 0\n")).endsWith(
        "\nError in hard, soft or soft_seconds setting in buffer limit configuration.\n");
    assertThat(refusal("oom-score-adj-values 1 2\n")).endsWith("\nwrong number of arguments\n");
    assertThat(refusal("oom-score-adj-values 1 2 3000\n")).endsWith(
        "\nInvalid oom-score-adj-values, elements must be between -2000 and 2000.\n");
    assertThat(refusal("latency-tracking-info-percentiles 50 abc\n"))
        .endsWith("\nInvalid latency-tracking-info-percentiles parameters\n");
    assertThat(refusal("latency-tracking-info-percentiles 50 101\n")).endsWith(
        "\nlatency-tracking-info-percentiles parameters should sit between [0.0,100.0]\n");
    assertThat(refusal("replicaof a\n")).endsWith("\nwrong number of arguments\n");
  }

  @Test
  void saveLinesAddUpAfterTheFirstAndAnEmptyOneClears() throws Exception {
    assertThat(params("save 900 1\nsave 300 10\n")).containsEntry("save", "900 1 300 10");
    assertThat(params("save 900 1\nsave \"\"\nsave 5 5\n")).containsEntry("save", "5 5");
    assertThat(params("save \"900 1 300 10\"\n")).containsEntry("save", "900 1 300 10");
    assertThat(params("save \"\"\n")).containsEntry("save", "");
  }

  @Test
  void bufferLimitLinesMergeByClass() throws Exception {
    assertThat(params("client-output-buffer-limit normal 1mb 2mb 3\n"
        + "client-output-buffer-limit pubsub 0 0 0\n"))
        .containsEntry("client-output-buffer-limit",
            "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 0 0 0");
  }

  @Test
  void oneQuotedArgumentOfAMultiArgumentParameterIsSplitAgain() throws Exception {
    assertThat(params("bind \"127.0.0.1 ::1\"\n")).containsEntry("bind", "127.0.0.1 ::1");
    assertThat(RedisConf.listenAddress("-127.0.0.1 ::1")).isEqualTo("127.0.0.1");
  }

  @Test
  void notifyKeyspaceEventsIsKeptAsGiven() throws Exception {
    // "AKEn" shows as "AKE" but still sends "new" events: the server gets it as given.
    assertThat(params("notify-keyspace-events AKEn\n")).containsEntry("notify-keyspace-events", "AKEn");
  }

  @Test
  void deprecatedNamesAreAcceptedSilently() throws Exception {
    RedisConf conf = RedisConf.parse("list-max-ziplist-entries 5\nlua-replicate-commands yes\n");
    assertThat(conf.params()).isEmpty();
    assertThat(conf.warnings()).isEmpty();
  }

  @Test
  void directivesCortadoIgnoresAreReportedOnceEach() throws Exception {
    RedisConf conf = RedisConf.parse("daemonize yes\nlogfile /var/log/redis.log\n"
        + "tcp-backlog 511\nmaxmemory 10mb\nloadmodule /x.so a b\nrename-command FLUSHALL \"\"\n"
        + "bind 127.0.0.1 -::1\nmy.param 1\n");
    assertThat(conf.warnings()).containsExactly(
        "cortado: ignoring 'loadmodule /x.so a b': Cortado loads no modules",
        "cortado: ignoring 'rename-command FLUSHALL \"\"': Cortado does not rename or remove commands",
        "cortado: ignoring 'my.param 1': Cortado loads no modules",
        "cortado: ignoring 'daemonize yes': Cortado does not act on daemonize (CONFIG GET shows the value)",
        "cortado: ignoring 'logfile /var/log/redis.log': Cortado does not act on logfile (CONFIG GET shows the value)",
        "cortado: ignoring 'bind 127.0.0.1 -::1': Cortado listens on 127.0.0.1 only");
    // tcp-backlog 511 restates the default; maxmemory is acted on: neither is reported.
    assertThat(conf.params()).containsEntry("daemonize", "yes").containsEntry("tcp-backlog", "511");
  }

  @Test
  void otherKnownDirectivesHaveRedisChecks() {
    assertThat(refusal("rename-command nosuch x\n")).endsWith("\nNo such command in rename-command\n");
    assertThat(refusal("foo.bar\n")).endsWith("\nModule config specified without value\n");
    assertThat(refusal("sentinel monitor m 127.0.0.1 6379 2\n"))
        .endsWith("\nsentinel directive while not in sentinel mode\n");
    assertThat(refusal("cluster-enabled yes\nreplicaof 127.0.0.1 6379\n")).isEqualTo("""

        *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
        replicaof directive not allowed in cluster mode
        """);
  }

  @Test
  void usersAreKeptWithTheirRules() throws Exception {
    assertThat(RedisConf.parse("user alice on >pw ~* +@all\nuser bob\n").users())
        .containsExactly(List.of("alice", "on", ">pw", "~*", "+@all"), List.of("bob"));
  }

  @Test
  void anIncludedFileIsReadInPlaceWithItsOwnLineNumbers() throws Exception {
    Path inc = Files.writeString(dir.resolve("inc.conf"), "port 7001\n\nmaxmemory 5mb\n");
    Path main = Files.writeString(dir.resolve("main.conf"),
        "port 7000\nmaxmemory 1mb\ninclude " + inc + "\nport 7002\n");
    assertThat(RedisConf.load(main).params()).containsEntry("port", "7002")
        .containsEntry("maxmemory", "5242880");

    Files.writeString(inc, "port 7001\nbad x\n");
    assertThatThrownBy(() -> RedisConf.load(main)).hasMessage("""

        *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
        Reading the configuration file, at line 2
        >>> 'bad x'
        Bad directive or wrong number of arguments
        """);
  }

  @Test
  void includeWildcardsReadEveryMatchInNameOrderAndMayMatchNothing() throws Exception {
    Files.createDirectory(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d/b.conf"), "maxmemory 2mb\n");
    Files.writeString(dir.resolve("conf.d/a.conf"), "maxmemory 1mb\nport 7005\n");
    Path main = Files.writeString(dir.resolve("main.conf"), "include " + dir + "/conf.d/*.conf\n"
        + "include " + dir + "/none.d/*.conf\n");
    assertThat(RedisConf.load(main).params()).containsEntry("maxmemory", "2097152")
        .containsEntry("port", "7005");
  }

  @Test
  void aMissingFileIsRefused() {
    Path missing = dir.resolve("missing.conf");
    assertThatThrownBy(() -> RedisConf.load(missing)).hasMessage(
        "Fatal error, can't open config file '" + missing + "': No such file or directory");
  }

  @Test
  void includesThatIncludeThemselvesStopInsteadOfRecursingForever() throws Exception {
    Path self = dir.resolve("self.conf");
    Files.writeString(self, "include " + self + "\n");
    assertThatThrownBy(() -> RedisConf.load(self)).hasMessageContaining("nested deeper than");
  }

  @Test
  void aDirectoryThatDoesNotExistIsRefusedAsRedisCannotChangeIntoIt() {
    assertThat(refusal("dir " + dir.resolve("nope") + "\n"))
        .endsWith("\nNo such file or directory\n");
  }

  @Test
  void debiansStockFileIsAccepted() throws Exception {
    Path stock = Path.of("/etc/redis/redis.conf");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(stock)
        && Files.isDirectory(Path.of("/var/lib/redis")), "no Debian redis-server package");
    RedisConf conf = RedisConf.load(stock);
    assertThat(conf.params()).containsEntry("port", "6379");
    assertThat(conf.warnings()).allMatch(w -> w.startsWith("cortado: ignoring '"));
  }
}
