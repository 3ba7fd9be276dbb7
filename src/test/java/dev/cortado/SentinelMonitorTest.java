package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel configured at run time: SENTINEL MONITOR, REMOVE, SET, CONFIG, DEBUG, INFO-CACHE,
 * PENDING-SCRIPTS and SIMULATE-FAILURE, their events and their errors (texts from redis-sentinel
 * 7.0.15; SentinelConfigTest compares them with a real one).
 */
class SentinelMonitorTest {
  private static CortadoSentinel deployment;
  private static CortadoServer other;
  private static CortadoServer otherReplica;

  @BeforeAll
  static void start() {
    deployment = CortadoSentinel.builder().replicas(1).sentinels(2).build().start();
    other = CortadoServer.builder().build().start();
    otherReplica = CortadoServer.builder().build().start().replicaOf(other);
  }

  @AfterAll
  static void stop() {
    deployment.stop();
    otherReplica.stop();
    other.stop();
  }

  @AfterEach
  void forget() {
    deployment.reset();
  }

  private static TestClient sentinel(int i) {
    return new TestClient(deployment.sentinels().get(i));
  }

  private static String bulk(Object value) {
    String s = String.valueOf(value);
    return "$" + s.length() + "\r\n" + s + "\r\n";
  }

  /** One field of a SENTINEL MASTER reply (RESP2 name/value bulks). */
  private static String field(String reply, String name) {
    String[] lines = reply.split("\r\n");
    for (int i = 1; i + 3 < lines.length; i += 2) {
      if (lines[i + 1].equals(name)) {
        return lines[i + 3];
      }
    }
    throw new AssertionError("no " + name + " in " + reply);
  }

  @Test
  void monitorOfACortadoServer_watchesItForReal_withItsReplica() {
    try (TestClient s0 = sentinel(0); TestClient s1 = sentinel(1)) {
      assertThat(s0.call("SENTINEL", "MONITOR", "other", "127.0.0.1",
          Integer.toString(other.port()), "2")).isEqualTo("+OK\r\n");
      String master = s0.call("SENTINEL", "MASTER", "other");
      assertThat(field(master, "runid")).isEqualTo(other.runId());
      assertThat(field(master, "flags")).isEqualTo("master");
      assertThat(field(master, "num-slaves")).isEqualTo("1");
      assertThat(field(master, "num-other-sentinels")).isEqualTo("0");
      assertThat(field(master, "quorum")).isEqualTo("2");
      assertThat(s0.call("SENTINEL", "REPLICAS", "other"))
          .contains(bulk("127.0.0.1:" + otherReplica.port()))
          .contains("master-port\r\n" + bulk(other.port()));
      // MONITOR order, as names in ROLE, MASTERS and INFO.
      assertThat(s0.call("ROLE")).isEqualTo("*2\r\n$8\r\nsentinel\r\n*2\r\n$8\r\nmymaster\r\n"
          + "$5\r\nother\r\n");
      assertThat(s0.call("SENTINEL", "MASTERS")).startsWith("*2\r\n*40\r\n$4\r\nname\r\n"
          + "$8\r\nmymaster\r\n");
      assertThat(s0.info("sentinel", "sentinel_masters")).isEqualTo("2");
      assertThat(s0.info("sentinel", "master1")).isEqualTo("name=other,status=ok,address="
          + "127.0.0.1:" + other.port() + ",slaves=1,sentinels=1");
      assertThat(s0.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "other"))
          .isEqualTo("*2\r\n$9\r\n127.0.0.1\r\n" + bulk(other.port()));
      // A second Sentinel monitoring the same primary under the same name: they see each other.
      assertThat(s1.call("SENTINEL", "MONITOR", "other", "127.0.0.1",
          Integer.toString(other.port()), "2")).isEqualTo("+OK\r\n");
      assertThat(field(s0.call("SENTINEL", "MASTER", "other"), "num-other-sentinels"))
          .isEqualTo("1");
      assertThat(s0.call("SENTINEL", "SENTINELS", "other"))
          .contains(bulk(deployment.sentinels().get(1).port()));
      assertThat(s0.call("SENTINEL", "CKQUORUM", "other")).isEqualTo("+OK 2 usable Sentinels. "
          + "Quorum and failover authorization can be reached\r\n");
      assertThat(s0.call("SENTINEL", "REMOVE", "other")).isEqualTo("+OK\r\n");
      assertThat(s0.call("SENTINEL", "MASTER", "other"))
          .isEqualTo("-ERR No such master with that name\r\n");
      assertThat(field(s1.call("SENTINEL", "MASTER", "other"), "num-other-sentinels"))
          .isEqualTo("0");
    }
  }

  @Test
  void setValuesShowInMasterAndReplicas_andEachOptionIsPublished() {
    try (TestClient s0 = sentinel(0); TestClient sub = sentinel(0)) {
      sub.call("PSUBSCRIBE", "*");
      String port = Integer.toString(other.port());
      assertThat(s0.call("SENTINEL", "MONITOR", "o", "127.0.0.1", port, "2"))
          .isEqualTo("+OK\r\n");
      assertThat(s0.call("SENTINEL", "SET", "o", "quorum", "5", "down-after-milliseconds",
          "1234", "failover-timeout", "9000", "parallel-syncs", "3", "auth-pass", "pw",
          "auth-user", "u", "master-reboot-down-after-period", "0", "rename-command", "a", "b"))
          .isEqualTo("+OK\r\n");
      String master = s0.call("SENTINEL", "MASTER", "o");
      assertThat(field(master, "quorum")).isEqualTo("5");
      assertThat(field(master, "down-after-milliseconds")).isEqualTo("1234");
      assertThat(field(master, "failover-timeout")).isEqualTo("9000");
      assertThat(field(master, "parallel-syncs")).isEqualTo("3");
      assertThat(field(s0.call("SENTINEL", "REPLICAS", "o").substring(4),
          "down-after-milliseconds")).isEqualTo("1234");
      // An error leaves the options before it applied (and published), as Redis does.
      assertThat(s0.call("SENTINEL", "SET", "o", "quorum", "3", "bogus", "1"))
          .isEqualTo("-ERR Unknown option or number of arguments for SENTINEL SET 'bogus'\r\n");
      assertThat(field(s0.call("SENTINEL", "MASTER", "o"), "quorum")).isEqualTo("3");
      assertThat(s0.call("SENTINEL", "REMOVE", "o")).isEqualTo("+OK\r\n");
      String at = "master o 127.0.0.1 " + port;
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        String[] parts = sub.read().split("\r\n");
        events.add(parts[6] + " " + parts[8]);
      }
      assertThat(events).containsExactly("+monitor " + at + " quorum 2",
          "+set " + at + " quorum 5", "+set " + at + " down-after-milliseconds 1234",
          "+set " + at + " failover-timeout 9000", "+set " + at + " parallel-syncs 3",
          "+set " + at + " auth-pass ******", "+set " + at + " auth-user u",
          "+set " + at + " master-reboot-down-after-period 0",
          "+set " + at + " rename-command a b", "+set " + at + " quorum 3",
          "-monitor " + at);
    }
  }

  @Test
  void anAddressNothingListensOn_isFlaggedDownAfterDownAfterMilliseconds() throws Exception {
    try (TestClient s0 = sentinel(0); TestClient sub = sentinel(0)) {
      sub.call("SUBSCRIBE", "+sdown", "+odown");
      sub.read(); // the second channel's confirmation
      assertThat(s0.call("SENTINEL", "MONITOR", "gone", "127.0.0.1", "1", "1"))
          .isEqualTo("+OK\r\n");
      String master = s0.call("SENTINEL", "MASTER", "gone");
      assertThat(field(master, "flags")).isEqualTo("master,disconnected");
      assertThat(field(master, "runid")).isEmpty();
      assertThat(s0.call("SENTINEL", "SET", "gone", "down-after-milliseconds", "200"))
          .isEqualTo("+OK\r\n");
      assertThat(sub.read()).endsWith("$6\r\n+sdown\r\n$23\r\nmaster gone 127.0.0.1 1\r\n");
      assertThat(sub.read()).endsWith("$6\r\n+odown\r\n$35\r\nmaster gone 127.0.0.1 1 #quorum 1/1"
          + "\r\n");
      master = s0.call("SENTINEL", "MASTER", "gone");
      assertThat(field(master, "flags")).isEqualTo("s_down,o_down,master,disconnected");
      assertThat(master).contains("s-down-time").contains("o-down-time");
      assertThat(s0.info("sentinel", "master1")).isEqualTo(
          "name=gone,status=odown,address=127.0.0.1:1,slaves=0,sentinels=1");
      assertThat(s0.call("SENTINEL", "IS-MASTER-DOWN-BY-ADDR", "127.0.0.1", "1", "0", "*"))
          .isEqualTo("*3\r\n:1\r\n$1\r\n*\r\n:0\r\n");
      assertThat(s0.call("SENTINEL", "FAILOVER", "gone"))
          .isEqualTo("-NOGOODSLAVE No suitable replica to promote\r\n");
    }
  }

  @Test
  void aMonitoredServerThatStops_isFlaggedDown_andUpAgainWhenItReturns() {
    CortadoServer lone = CortadoServer.builder().build().start();
    int port = lone.port();
    try (TestClient s0 = sentinel(0); TestClient sub = sentinel(0)) {
      sub.call("PSUBSCRIBE", "?sdown");
      s0.call("SENTINEL", "MONITOR", "lone", "127.0.0.1", Integer.toString(port), "2");
      s0.call("SENTINEL", "SET", "lone", "down-after-milliseconds", "100");
      assertThat(field(s0.call("SENTINEL", "MASTER", "lone"), "flags")).isEqualTo("master");
      lone.stop();
      assertThat(sub.read()).endsWith("+sdown\r\n$" + ("master lone 127.0.0.1 " + port).length()
          + "\r\nmaster lone 127.0.0.1 " + port + "\r\n");
      // Quorum 2 and no other Sentinel agrees: subjectively down only.
      assertThat(field(s0.call("SENTINEL", "MASTER", "lone"), "flags"))
          .isEqualTo("s_down,master,disconnected");
      lone = CortadoServer.builder().port(port).build().start();
      assertThat(sub.read()).contains("-sdown\r\n");
      assertThat(field(s0.call("SENTINEL", "MASTER", "lone"), "flags")).isEqualTo("master");
    } finally {
      lone.stop();
    }
  }

  /** Every text checked against redis-sentinel 7.0.15. */
  @Test
  void errorsAreRedisSentinels() {
    try (TestClient s = sentinel(0)) {
      String[][] cases = {
          {"-ERR wrong number of arguments for 'sentinel|monitor' command", "MONITOR", "a"},
          {"-ERR Duplicate master name.", "MONITOR", "mymaster", "127.0.0.1", "1", "2"},
          {"-ERR Quorum must be 1 or greater.", "MONITOR", "m", "127.0.0.1", "1", "0"},
          {"-ERR Invalid quorum", "MONITOR", "m", "127.0.0.1", "x", "y"},
          {"-ERR Invalid port", "MONITOR", "m", "127.0.0.1", " 5", "1"},
          {"-ERR Invalid port number.", "MONITOR", "mymaster", "127.0.0.1", "70000", "2"},
          {"-ERR Invalid IP address or hostname specified", "MONITOR", "m", "999.0.0.1", "1",
              "1"},
          {"-ERR Invalid IP address or hostname specified", "MONITOR", "m", "localhost", "1",
              "1"},
          {"-ERR No such master with that name", "REMOVE", "nosuch"},
          {"-ERR wrong number of arguments for 'sentinel|set' command", "SET", "mymaster",
              "quorum"},
          {"-ERR No such master with that name", "SET", "nosuch", "quorum", "2"},
          {"-ERR Invalid argument '0' for SENTINEL SET 'quorum'", "SET", "mymaster", "quorum",
              "0"},
          {"-ERR Invalid argument '-1' for SENTINEL SET 'master-reboot-down-after-period'", "SET",
              "mymaster", "master-reboot-down-after-period", "-1"},
          {"-ERR Unknown option or number of arguments for SENTINEL SET 'rename-command'", "SET",
              "mymaster", "rename-command", "CONFIG"},
          {"-ERR Reconfiguration of scripts path is denied for security reasons. Check the "
              + "deny-scripts-reconfig configuration directive in your Sentinel configuration",
              "SET", "mymaster", "notification-script", "/bin/true"},
          {"-ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.",
              "CONFIG", "get"},
          {"-ERR Invalid argument 'loglevel' to SENTINEL CONFIG SET", "CONFIG", "set", "loglevel",
              "debug"},
          {"-ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'resolve-hostnames'", "CONFIG",
              "set", "resolve-hostnames", "maybe"},
          {"-ERR Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'", "CONFIG", "set",
              "announce-port", "70000"},
          {"-ERR Unknown failure simulation specified", "SIMULATE-FAILURE", "bogus"},
          {"-ERR Unknown option or number of arguments for SENTINEL DEBUG 'info-period'", "DEBUG",
              "info-period"},
          {"-ERR Invalid argument '0' for SENTINEL DEBUG 'ping-period'", "DEBUG", "ping-period",
              "0"},
          {"-ERR wrong number of arguments for 'sentinel|pending-scripts' command",
              "PENDING-SCRIPTS", "x"},
          {"-ERR wrong number of arguments for 'sentinel|info-cache' command", "INFO-CACHE"}};
      for (String[] c : cases) {
        String[] command = new String[c.length];
        command[0] = "SENTINEL";
        System.arraycopy(c, 1, command, 1, c.length - 1);
        assertThat(s.call(command)).as(String.join(" ", command)).isEqualTo(c[0] + "\r\n");
      }
      assertThat(s.call("SENTINEL", "MASTERS")).startsWith("*1\r\n");
    }
  }

  @Test
  void addressesAreReadAsRedisReadsThem() {
    try (TestClient s = sentinel(0)) {
      assertThat(s.call("SENTINEL", "MONITOR", "short", "127.1", "7", "1")).isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "MONITOR", "hex", "0x7f.0.0.2", "7", "1"))
          .isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "MONITOR", "v6", "::1", "7", "1")).isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "short"))
          .isEqualTo("*2\r\n$9\r\n127.0.0.1\r\n$1\r\n7\r\n");
      assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "hex"))
          .isEqualTo("*2\r\n$9\r\n127.0.0.2\r\n$1\r\n7\r\n");
      assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "v6"))
          .isEqualTo("*2\r\n$3\r\n::1\r\n$1\r\n7\r\n");
      // Hostnames once resolve-hostnames is on; shown as given with announce-hostnames.
      assertThat(s.call("SENTINEL", "CONFIG", "SET", "resolve-hostnames", "yes"))
          .isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "MONITOR", "named", "localhost", "7", "1"))
          .isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "named"))
          .isEqualTo("*2\r\n$9\r\n127.0.0.1\r\n$1\r\n7\r\n");
      s.call("SENTINEL", "CONFIG", "SET", "announce-hostnames", "yes");
      assertThat(s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "named"))
          .isEqualTo("*2\r\n$9\r\nlocalhost\r\n$1\r\n7\r\n");
      // The quorum is an unsigned int in Redis.
      assertThat(s.call("SENTINEL", "MONITOR", "big", "127.0.0.1", "5", "99999999999"))
          .isEqualTo("+OK\r\n");
      assertThat(field(s.call("SENTINEL", "MASTER", "big"), "quorum")).isEqualTo("1215752191");
    }
  }

  @Test
  void configDebugAndTheSmallSubcommands() {
    try (TestClient s = sentinel(0)) {
      assertThat(s.call("SENTINEL", "CONFIG", "GET", "announce*")).isEqualTo("*6\r\n"
          + "$18\r\nannounce-hostnames\r\n$2\r\nno\r\n$11\r\nannounce-ip\r\n$0\r\n\r\n"
          + "$13\r\nannounce-port\r\n$1\r\n0\r\n");
      assertThat(s.call("SENTINEL", "CONFIG", "SET", "announce-port", "26000"))
          .isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "CONFIG", "GET", "ANNOUNCE-PORT"))
          .isEqualTo("*2\r\n$13\r\nannounce-port\r\n$5\r\n26000\r\n");
      assertThat(s.call("SENTINEL", "CONFIG", "GET", "nosuch")).isEqualTo("*0\r\n");
      assertThat(s.call("SENTINEL", "DEBUG", "default-down-after", "4321")).isEqualTo("+OK\r\n");
      assertThat(s.call("SENTINEL", "DEBUG")).startsWith("*26\r\n$11\r\nINFO-PERIOD\r\n$5\r\n10000"
          + "\r\n").contains("$18\r\nDEFAULT-DOWN-AFTER\r\n$4\r\n4321\r\n");
      s.call("SENTINEL", "MONITOR", "later", "127.0.0.1", "9", "1");
      assertThat(field(s.call("SENTINEL", "MASTER", "later"), "down-after-milliseconds"))
          .isEqualTo("4321");
      assertThat(s.call("SENTINEL", "INFO-CACHE", "later", "nosuch", "later"))
          .isEqualTo("*2\r\n$5\r\nlater\r\n*1\r\n*2\r\n:0\r\n$-1\r\n");
      assertThat(s.call("SENTINEL", "PENDING-SCRIPTS")).isEqualTo("*0\r\n");
      assertThat(s.call("SENTINEL", "SIMULATE-FAILURE", "help")).isEqualTo(
          "*2\r\n$20\r\ncrash-after-election\r\n$21\r\ncrash-after-promotion\r\n");
      assertThat(s.call("SENTINEL", "SIMULATE-FAILURE", "crash-after-promotion"))
          .isEqualTo("+OK\r\n");
      assertThat(s.info("sentinel", "sentinel_simulate_failure_flags")).isEqualTo("2");
    }
  }

  @Test
  void resetForgetsWhatTheSentinelsWereToldAtRunTime() {
    try (TestClient s = sentinel(0)) {
      s.call("SENTINEL", "MONITOR", "extra", "127.0.0.1", "9", "1");
      s.call("SENTINEL", "SET", "mymaster", "quorum", "7");
      s.call("SENTINEL", "CONFIG", "SET", "announce-ip", "10.0.0.1");
    }
    deployment.reset();
    try (TestClient s = sentinel(0)) {
      assertThat(s.call("ROLE")).isEqualTo("*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n");
      assertThat(field(s.call("SENTINEL", "MASTER", "mymaster"), "quorum")).isEqualTo("2");
      assertThat(s.call("SENTINEL", "CONFIG", "GET", "announce-ip"))
          .isEqualTo("*2\r\n$11\r\nannounce-ip\r\n$0\r\n\r\n");
    }
  }

  @Test
  void removingTheDeploymentsPrimary_silencesItsEventsOnThatSentinel() {
    try (TestClient s0 = sentinel(0); TestClient sub0 = sentinel(0); TestClient sub1 = sentinel(1)) {
      assertThat(s0.call("SENTINEL", "REMOVE", "mymaster")).isEqualTo("+OK\r\n");
      assertThat(s0.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
          .isEqualTo("*-1\r\n");
      sub0.call("SUBSCRIBE", "+switch-master");
      sub1.call("SUBSCRIBE", "+switch-master");
      try (TestClient s1 = sentinel(1)) {
        assertThat(field(s1.call("SENTINEL", "MASTER", "mymaster"), "num-other-sentinels"))
            .isEqualTo("0");
      }
      deployment.failover();
      assertThat(sub1.read()).contains("+switch-master");
      assertThat(sub0.hasUnread()).isFalse();
      deployment.failover(); // back, for the other tests
      assertThat(sub1.read()).contains("+switch-master");
    }
  }

  @Test
  void commandInfoAsRedisSentinel() {
    try (TestClient s = sentinel(0)) {
      assertThat(s.call("COMMAND", "INFO", "sentinel|monitor")).startsWith(
          "*1\r\n*10\r\n$16\r\nsentinel|monitor\r\n:6\r\n*1\r\n+admin\r\n:0\r\n:0\r\n:0\r\n"
              + "*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n");
      assertThat(s.call("COMMAND", "INFO", "sentinel|set")).contains("\r\n:-5\r\n");
      assertThat(s.call("COMMAND", "DOCS", "sentinel|monitor")).contains("Start monitoring")
          .contains("quorum");
    }
  }
}
