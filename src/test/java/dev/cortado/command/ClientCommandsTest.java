package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.server.Connection;
import io.netty.channel.embedded.EmbeddedChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.junit.jupiter.api.Test;

/**
 * Expected texts come from redis-server 7.0.15, except SETINFO, NO-TOUCH and the lib-name/lib-ver
 * fields, which follow Redis 7.2's source (clients send SETINFO on connect).
 */
class ClientCommandsTest {
  private final Harness h = new Harness();

  /**
   * CLIENT INFO of a fresh Harness connection, fields as Redis 7.2 prints them; fds as a default
   * redis-server hands them out, the lowest free from 8.
   */
  private static String line(long id, int fd, String rest) {
    return "id=" + id + " addr=embedded laddr=embedded fd=" + fd + " " + rest;
  }

  /**
   * A client that ran a command a moment ago: its 16 KB query buffer read (20474 bytes free), the
   * 16 KB reply buffer a new client starts with, as redis-server 7.0.15 shows them.
   */
  private static final String IDLE_CLIENT_INFO = "sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474"
      + " argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=0 tot-mem=37632 events=r";

  /**
   * The client running CLIENT INFO or CLIENT LIST itself: its request (26 bytes) is in qbuf and its
   * arguments (10 bytes) in argv-mem, as redis-server 7.0.15 shows them.
   */
  private static final String RUNNING_CLIENT_INFO = "sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448"
      + " argv-mem=10 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=0 tot-mem=37658 events=r";

  @Test
  void id_isUniquePerConnection() {
    assertThat(h.resp("CLIENT", "ID")).isEqualTo(":" + h.connection.id + "\r\n");
    Connection other = h.newConnection();
    assertThat(h.resp(other, "CLIENT", "ID")).isEqualTo(":" + other.id + "\r\n");
    assertThat(other.id).isNotEqualTo(h.connection.id);
    assertThat(h.resp("CLIENT", "ID", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'client|id' command\r\n");
  }

  @Test
  void setName_getName_roundTripAndEmptyClears() {
    assertThat(h.resp("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
    assertThat(h.resp("CLIENT", "SETNAME", "worker-1")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "GETNAME")).isEqualTo("$8\r\nworker-1\r\n");
    assertThat(h.resp("CLIENT", "SETNAME", "")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
  }

  @Test
  void setName_withSpace_isRejected() {
    assertThat(h.resp("CLIENT", "SETNAME", "a b")).isEqualTo(
        "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
    assertThat(h.resp("CLIENT", "SETNAME", "a\nb")).startsWith("-ERR Client names cannot");
    assertThat(h.resp("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
  }

  @Test
  void info_describesThisConnectionInRedis72Layout() {
    assertThat(h.resp("CLIENT", "INFO")).isEqualTo(bulk(line(h.connection.id, 8,
        "name= age=0 idle=0 flags=N db=0 " + RUNNING_CLIENT_INFO
            + " cmd=client|info user=default redir=-1 resp=2 lib-name= lib-ver=\n")));
  }

  @Test
  void info_reflectsNameDbProtocolAndLibrary() {
    h.resp("CLIENT", "SETNAME", "app");
    h.resp("SELECT", "2");
    h.resp("CLIENT", "SETINFO", "LIB-NAME", "jedis");
    h.resp("CLIENT", "SETINFO", "lib-ver", "5.1.0");
    h.resp("HELLO", "3");
    String text = line(h.connection.id, 8, "name=app age=0 idle=0 flags=N db=2 " + RUNNING_CLIENT_INFO
        + " cmd=client|info user=default redir=-1 resp=3 lib-name=jedis lib-ver=5.1.0\n");
    assertThat(h.resp("CLIENT", "INFO")).isEqualTo("=" + (text.length() + 4) + "\r\ntxt:" + text + "\r\n");
  }

  @Test
  void info_ageAndIdle_followTheClock() {
    h.clock.advance(5_000);
    h.resp("PING");
    Connection other = h.newConnection();
    h.clock.advance(3_000);
    assertThat(h.resp(other, "PING")).isEqualTo("+PONG\r\n");
    h.clock.advance(2_000);
    // the caller's own command resets its idle time
    assertThat(h.resp("CLIENT", "LIST"))
        .contains("id=" + h.connection.id + " addr=embedded laddr=embedded fd=8 name= age=10 idle=0 ")
        .contains("id=" + other.id + " addr=embedded laddr=embedded fd=9 name= age=5 idle=2 ")
        .contains(" cmd=ping ");
  }

  @Test
  void setInfo_validatesLikeRedis72() {
    assertThat(h.resp("CLIENT", "SETINFO", "lib-name", "spring-data-redis_3.2.0")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "SETINFO", "lib-foo", "x"))
        .isEqualTo("-ERR Unrecognized option 'lib-foo'\r\n");
    assertThat(h.resp("CLIENT", "SETINFO", "Lib-Ver", "1 2"))
        .isEqualTo("-ERR Lib-Ver cannot contain spaces, newlines or special characters.\r\n");
    assertThat(h.resp("CLIENT", "SETINFO", "lib-name"))
        .isEqualTo("-ERR wrong number of arguments for 'client|setinfo' command\r\n");
    assertThat(h.connection.libName).isEqualTo("spring-data-redis_3.2.0");
    assertThat(h.resp("CLIENT", "SETINFO", "lib-name", "")).isEqualTo("+OK\r\n");
    assertThat(h.connection.libName).isNull();
  }

  @Test
  void list_showsEveryConnectionInOrder() {
    Connection other = h.newConnection();
    h.resp(other, "CLIENT", "SETNAME", "second");
    String list = h.resp("CLIENT", "LIST");
    String first = line(h.connection.id, 8, "name= age=0 idle=0 flags=N db=0 " + RUNNING_CLIENT_INFO
        + " cmd=client|list user=default redir=-1 resp=2 lib-name= lib-ver=\n");
    String second = line(other.id, 9, "name=second age=0 idle=0 flags=N db=0 " + IDLE_CLIENT_INFO
        + " cmd=client|setname user=default redir=-1 resp=2 lib-name= lib-ver=\n");
    assertThat(list).isEqualTo(bulk(first + second));
  }

  @Test
  void list_filtersByTypeAndId() {
    Connection other = h.newConnection();
    assertThat(h.resp("CLIENT", "LIST", "TYPE", "normal")).contains("id=" + other.id + " ")
        .contains("id=" + h.connection.id + " ");
    assertThat(h.resp("CLIENT", "LIST", "TYPE", "MASTER")).isEqualTo("$0\r\n\r\n");
    assertThat(h.resp("CLIENT", "LIST", "TYPE", "replica")).isEqualTo("$0\r\n\r\n");
    assertThat(h.resp("CLIENT", "LIST", "TYPE", "pubsub")).isEqualTo("$0\r\n\r\n");
    String byId = h.resp("CLIENT", "LIST", "ID", Long.toString(other.id), "99999");
    assertThat(byId).contains("id=" + other.id + " ").doesNotContain("id=" + h.connection.id + " ");
    assertThat(h.resp("CLIENT", "LIST", "ID", "99999")).isEqualTo("$0\r\n\r\n");
  }

  @Test
  void list_badArguments() {
    assertThat(h.resp("CLIENT", "LIST", "ID", "abc")).isEqualTo("-ERR Invalid client ID\r\n");
    assertThat(h.resp("CLIENT", "LIST", "ID", "1", "x")).isEqualTo("-ERR Invalid client ID\r\n");
    assertThat(h.resp("CLIENT", "LIST", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\r\n");
    assertThat(h.resp("CLIENT", "LIST", "TYPE")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CLIENT", "LIST", "ID")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CLIENT", "LIST", "foo")).isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void kill_byId_closesThatConnection() {
    Connection victim = h.newConnection();
    assertThat(h.resp("CLIENT", "KILL", "ID", Long.toString(victim.id))).isEqualTo(":1\r\n");
    assertThat(victim.channel.isOpen()).isFalse();
    assertThat(h.resp("CLIENT", "LIST")).doesNotContain("id=" + victim.id + " ");
    assertThat(h.resp("CLIENT", "KILL", "ID", Long.toString(victim.id))).isEqualTo(":0\r\n");
  }

  @Test
  void kill_skipsCallerUnlessSkipmeNo() {
    assertThat(h.resp("CLIENT", "KILL", "ID", Long.toString(h.connection.id))).isEqualTo(":0\r\n");
    assertThat(h.connection.closeAfterReply).isFalse();
    assertThat(h.resp("CLIENT", "KILL", "ID", Long.toString(h.connection.id), "SKIPME", "no"))
        .isEqualTo(":1\r\n");
    assertThat(h.connection.closeAfterReply).isTrue(); // closed once the reply is written
  }

  @Test
  void kill_oldForm_matchesAddressAndMayKillCaller() {
    Connection a = connectFrom("10.0.0.1", 5000);
    Connection b = connectFrom("10.0.0.2", 5000);
    assertThat(h.resp("CLIENT", "KILL", "10.0.0.1:5000")).isEqualTo("+OK\r\n");
    assertThat(a.channel.isOpen()).isFalse();
    assertThat(b.channel.isOpen()).isTrue();
    assertThat(h.resp("CLIENT", "KILL", "1.2.3.4:5")).isEqualTo("-ERR No such client\r\n");
    assertThat(h.resp(b, "CLIENT", "KILL", "10.0.0.2:5000")).isEqualTo("+OK\r\n");
    assertThat(b.closeAfterReply).isTrue();
  }

  @Test
  void kill_filters_combineWithAnd() {
    Connection a = connectFrom("10.0.0.1", 5000);
    Connection b = connectFrom("10.0.0.1", 6000);
    assertThat(h.resp("CLIENT", "KILL", "ADDR", "10.0.0.1:6000", "ID", Long.toString(a.id)))
        .isEqualTo(":0\r\n");
    assertThat(h.resp("CLIENT", "KILL", "USER", "default", "TYPE", "normal", "ADDR",
        "10.0.0.1:6000")).isEqualTo(":1\r\n");
    assertThat(b.channel.isOpen()).isFalse();
    assertThat(a.channel.isOpen()).isTrue();
    assertThat(h.resp("CLIENT", "KILL", "LADDR", "embedded")).isEqualTo(":1\r\n"); // a; not caller
  }

  @Test
  void kill_badArguments() {
    assertThat(h.resp("CLIENT", "KILL", "ID", "0")).isEqualTo("-ERR client-id should be greater than 0\r\n");
    assertThat(h.resp("CLIENT", "KILL", "ID", "abc")).isEqualTo("-ERR client-id should be greater than 0\r\n");
    assertThat(h.resp("CLIENT", "KILL", "ID", "1", "SKIPME", "maybe")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CLIENT", "KILL", "ID", "1", "SKIPME")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CLIENT", "KILL", "TYPE", "foo")).isEqualTo("-ERR Unknown client type 'foo'\r\n");
    assertThat(h.resp("CLIENT", "KILL", "USER", "bob")).isEqualTo("-ERR No such user 'bob'\r\n");
    assertThat(h.resp("CLIENT", "KILL", "FOO", "bar")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CLIENT", "KILL"))
        .isEqualTo("-ERR wrong number of arguments for 'client|kill' command\r\n");
  }

  @Test
  void noEvict_andNoTouch_showAsFlags() {
    assertThat(h.resp("CLIENT", "NO-EVICT", "ON")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "INFO")).contains(" flags=e ");
    assertThat(h.resp("CLIENT", "NO-TOUCH", "on")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "INFO")).contains(" flags=eT ");
    assertThat(h.resp("CLIENT", "NO-EVICT", "off")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "NO-TOUCH", "OFF")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "INFO")).contains(" flags=N ");
    assertThat(h.resp("CLIENT", "NO-EVICT", "maybe")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CLIENT", "NO-TOUCH", "maybe")).isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void capa_isAcceptedAsValkeyDoes() {
    assertThat(h.resp("CLIENT", "CAPA", "redirect")).isEqualTo("+OK\r\n");
    assertThat(h.resp("CLIENT", "CAPA"))
        .isEqualTo("-ERR wrong number of arguments for 'client|capa' command\r\n");
  }

  @Test
  void maintNotifications_isUnknownAsOnRedis7() {
    assertThat(h.resp("CLIENT", "MAINT_NOTIFICATIONS", "on", "moving-endpoint-type", "internal-ip"))
        .isEqualTo("-ERR unknown subcommand 'MAINT_NOTIFICATIONS'. Try CLIENT HELP.\r\n");
  }

  @Test
  void help_isRedis72Text() {
    String help = h.resp("client", "help");
    assertThat(help).startsWith("*54\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. "
            + "Subcommands are:\r\n+CACHING (YES|NO)\r\n")
        .contains("+SETNAME <name>\r\n+    Assign the name <name> to the current connection.\r\n"
            + "+SETINFO <option> <value>\r\n+    Set client meta attr. Options are:\r\n"
            + "+    * LIB-NAME: the client lib name.\r\n+    * LIB-VER: the client lib version.\r\n"
            + "+UNBLOCK <clientid> [TIMEOUT|ERROR]\r\n")
        .endsWith("+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n"
            + "+NO-TOUCH (ON|OFF)\r\n+    Will not touch LRU/LFU stats when this mode is on.\r\n"
            + "+HELP\r\n+    Prints this help.\r\n");
  }

  @Test
  void client_withoutSubcommand_isArityError() {
    assertThat(h.resp("CLIENT")).isEqualTo("-ERR wrong number of arguments for 'client' command\r\n");
    assertThat(h.resp("CLIENT", "foo")).isEqualTo("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n");
  }

  private static String bulk(String text) {
    return "$" + text.length() + "\r\n" + text + "\r\n";
  }

  /** A connection whose peer address is ip:port, for the address filters of CLIENT KILL. */
  private Connection connectFrom(String ip, int port) {
    SocketAddress peer = new InetSocketAddress(ip, port);
    return h.server.connect(new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return peer;
      }
    });
  }

  @Test
  void noTouch_readsLeaveIdleTimeButTouchUpdatesIt() {
    h.resp("SET", "k", "v");
    h.clock.advance(10_000);
    assertThat(h.resp("CLIENT", "NO-TOUCH", "on")).isEqualTo("+OK\r\n");
    h.resp("GET", "k");
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(":10\r\n");
    h.resp("TOUCH", "k");
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(":0\r\n");
    h.clock.advance(5_000);
    assertThat(h.resp("CLIENT", "NO-TOUCH", "off")).isEqualTo("+OK\r\n");
    h.resp("GET", "k");
    assertThat(h.resp("OBJECT", "IDLETIME", "k")).isEqualTo(":0\r\n");
  }
}
