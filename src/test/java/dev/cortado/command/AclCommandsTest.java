package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.server.Acl;
import dev.cortado.server.Connection;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ACL rules, their descriptions and checks, the log and what the wire cannot show alike on both
 * servers (disconnections, the log's client info and ages). Expected texts are redis-server
 * 7.0.15's answers to the same commands.
 */
class AclCommandsTest {
  private static final String OK = "+OK\r\n";

  private final Harness h = new Harness();

  private static String bulk(String s) {
    return "$" + s.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n" + s + "\r\n";
  }

  private String listLine(String user) {
    String list = h.resp("ACL", "LIST");
    for (String line : list.split("\r\n")) {
      if (line.startsWith("user " + user + " ")) {
        return line;
      }
    }
    throw new AssertionError("no user " + user + " in " + list);
  }

  @Test
  void describesRulesAsRedisDoes() {
    h.resp("ACL", "SETUSER", "u2", "on", ">p1", ">p2", "<p1",
        "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "~a*", "%R~r*",
        "%W~w*", "%RW~x*", "&ch*", "+@all", "-get", "+client|list", "-@string");
    assertThat(listLine("u2")).isEqualTo("user u2 on "
        + "#3946ca64ff78d93ca61090a437cbb6b3d2ca0d488f5f9ccf3059608368b27693 "
        + "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 "
        + "~a* %R~r* %W~w* ~x* resetchannels &ch* +@all -@string");
    h.resp("ACL", "SETUSER", "u5", "+get", "+set", "-@all", "+@hash");
    assertThat(listLine("u5")).isEqualTo("user u5 off resetchannels -@all +@hash");
    h.resp("ACL", "SETUSER", "u4", "allcommands", "-@string", "+get");
    assertThat(listLine("u4")).isEqualTo("user u4 off resetchannels +@all -@string +get");
    h.resp("ACL", "SETUSER", "s2", "+select|0", "+select|1", "-@all", "+client|list");
    assertThat(listLine("s2")).isEqualTo("user s2 off resetchannels -@all +client|list");
  }

  @Test
  void describesTheBestCategoriesThenSingleCommands() {
    // Redis: "+@all -@write -@admin" and then -keys -sort_ro -info in its dict's order.
    h.resp("ACL", "SETUSER", "t", "+@all", "-@write", "-@dangerous");
    String line = listLine("t");
    assertThat(line).startsWith("user t off resetchannels +@all -@write -@admin ");
    Set<String> rest = new HashSet<>(Arrays.asList(
        line.substring("user t off resetchannels +@all -@write -@admin ".length()).split(" ")));
    assertThat(rest).isEqualTo(Set.of("-keys", "-sort_ro", "-info"));
  }

  @Test
  void selectorsAreDescribedInParentheses() {
    assertThat(h.resp("ACL", "SETUSER", "s1", "on", "(+get ~a*", "%W~b)", "()", "(&ch +@hash)"))
        .isEqualTo(OK);
    assertThat(listLine("s1")).isEqualTo("user s1 on resetchannels -@all (~a* %W~b resetchannels "
        + "-@all +get) (resetchannels -@all) (resetchannels &ch -@all +@hash)");
    h.resp("ACL", "SETUSER", "s1", "clearselectors");
    assertThat(listLine("s1")).isEqualTo("user s1 on resetchannels -@all");
  }

  @Test
  void reportsRuleErrorsWithRedisTexts() {
    assertThat(h.resp("ACL", "SETUSER", "e", "+nosuch")).isEqualTo("-ERR Error in ACL SETUSER "
        + "modifier '+nosuch': Unknown command or category name in ACL\r\n");
    assertThat(h.resp("ACL", "SETUSER", "e", "#abc")).isEqualTo("-ERR Error in ACL SETUSER "
        + "modifier '#abc': The password hash must be exactly 64 characters and contain only "
        + "lowercase hexadecimal characters\r\n");
    assertThat(h.resp("ACL", "SETUSER", "e", "<nopw")).isEqualTo("-ERR Error in ACL SETUSER "
        + "modifier '<nopw': The password you are trying to remove from the user does not exist\r\n");
    assertThat(h.resp("ACL", "SETUSER", "e", "+client|list|x")).isEqualTo("-ERR Error in ACL "
        + "SETUSER modifier '+client|list|x': Allowing first-arg of a subcommand is not supported\r\n");
    assertThat(h.resp("ACL", "SETUSER", "e", "%RR~a")).isEqualTo(
        "-ERR Error in ACL SETUSER modifier '%RR~a': Syntax error\r\n");
    assertThat(h.resp("ACL", "SETUSER", "e", "allkeys", "~b")).startsWith(
        "-ERR Error in ACL SETUSER modifier '~b': Adding a pattern after the * pattern (or the "
            + "'allkeys' flag)");
    assertThat(h.resp("ACL", "SETUSER", "e", "on", "(~a")).isEqualTo(
        "-ERR Unmatched parenthesis in acl selector starting at '(~a'.\r\n");
    assertThat(h.resp("ACL", "SETUSER", "a b")).isEqualTo(
        "-ERR Usernames can't contain spaces or null characters\r\n");
    // None of those created the user: ACL SETUSER is all or nothing.
    assertThat(h.resp("ACL", "USERS")).isEqualTo("*1\r\n" + bulk("default"));
  }

  @Test
  void keyPatternsFollowTheKeySpecsFlags() {
    h.resp("ACL", "SETUSER", "rw", "on", "nopass", "%R~r*", "%W~w*", "+@all");
    Connection c = h.newConnection();
    assertThat(h.resp(c, "AUTH", "rw", "x")).isEqualTo(OK);
    assertThat(h.resp(c, "GET", "r1")).isEqualTo("$-1\r\n");
    String keyDenied = "-NOPERM this user has no permissions to access one of the keys used as "
        + "arguments\r\n";
    assertThat(h.resp(c, "SET", "r1", "v")).isEqualTo(keyDenied);
    assertThat(h.resp(c, "SET", "w1", "v")).isEqualTo(OK);
    assertThat(h.resp(c, "GET", "w1")).isEqualTo(keyDenied);
    assertThat(h.resp(c, "EXISTS", "w1")).isEqualTo(":1\r\n"); // RO without access: any pattern
    assertThat(h.resp(c, "DEL", "r1")).isEqualTo(keyDenied);
  }

  @Test
  void psubscribeChecksPatternsLiterally() {
    h.resp("ACL", "SETUSER", "ch", "on", "nopass", "&news.*", "+@all");
    Acl.User u = h.server.acl.users.get("ch");
    CommandTable table = h.dispatcher.table();
    int[] at = new int[1];
    assertThat(AclRules.check(u, table.get("psubscribe"), args("PSUBSCRIBE", "news.*"), at))
        .isEqualTo(AclRules.OK);
    assertThat(AclRules.check(u, table.get("psubscribe"), args("PSUBSCRIBE", "news.a"), at))
        .isEqualTo(AclRules.DENIED_CHANNEL);
    assertThat(AclRules.check(u, table.get("subscribe"), args("SUBSCRIBE", "news.a", "x"), at))
        .isEqualTo(AclRules.DENIED_CHANNEL);
    assertThat(at[0]).isEqualTo(2);
  }

  @Test
  void theMostRelevantDenialAmongSelectorsWins() {
    h.resp("ACL", "SETUSER", "sl", "-@all", "(+get ~a*)", "(+set ~b*)");
    Acl.User u = h.server.acl.users.get("sl");
    CommandTable table = h.dispatcher.table();
    int[] at = new int[1];
    // The first selector denies the key, the second the command: the key is more relevant.
    assertThat(AclRules.check(u, table.get("get"), args("GET", "b1"), at))
        .isEqualTo(AclRules.DENIED_KEY);
    assertThat(AclRules.check(u, table.get("del"), args("DEL", "a1"), at))
        .isEqualTo(AclRules.DENIED_CMD);
    assertThat(AclRules.check(u, table.get("set"), args("SET", "b1", "v"), at))
        .isEqualTo(AclRules.OK);
  }

  @Test
  void deletingAUserDisconnectsItsClients() {
    h.resp("ACL", "SETUSER", "gone", "on", ">pw", "~*", "+@all");
    Connection other = h.newConnection();
    Connection self = h.newConnection();
    assertThat(h.resp(other, "AUTH", "gone", "pw")).isEqualTo(OK);
    assertThat(h.resp(self, "AUTH", "gone", "pw")).isEqualTo(OK);
    assertThat(h.resp(self, "ACL", "DELUSER", "gone")).isEqualTo(":1\r\n");
    assertThat(other.channel.isOpen()).isFalse();
    assertThat(h.server.clients).doesNotContainKey(other.id);
    assertThat(self.closeAfterReply).isTrue(); // its reply goes out first
    assertThat(self.user).isEqualTo("default");
    assertThat(self.authenticated).isFalse();
    assertThat(h.connection.channel.isOpen()).isTrue();
  }

  @Test
  void takingChannelsAwayDisconnectsSubscribersThatHadThem() {
    h.resp("ACL", "SETUSER", "sub", "on", ">pw", "~*", "&chat", "&news.*", "+@all");
    Connection chat = h.newConnection();
    Connection news = h.newConnection();
    h.resp(chat, "AUTH", "sub", "pw");
    h.resp(chat, "SUBSCRIBE", "chat");
    h.resp(news, "AUTH", "sub", "pw");
    h.resp(news, "PSUBSCRIBE", "news.*");
    // Adding a channel takes nothing away: nobody is disconnected.
    h.resp("ACL", "SETUSER", "sub", "&more");
    assertThat(chat.channel.isOpen()).isTrue();
    assertThat(news.channel.isOpen()).isTrue();
    // Without &chat, but "ch*" still matches the channel: only the literal pattern check fails.
    h.resp("ACL", "SETUSER", "sub", "resetchannels", "&ch*", "&news.a");
    assertThat(chat.channel.isOpen()).isTrue();
    assertThat(news.channel.isOpen()).isFalse();
    assertThat(h.server.clients).doesNotContainKey(news.id);
  }

  @Test
  void clientListShowsTheAuthenticatedUser() {
    h.resp("ACL", "SETUSER", "app", "on", ">pw", "~*", "+@all");
    assertThat(h.resp("CLIENT", "INFO")).contains(" user=default ");
    assertThat(h.resp("AUTH", "app", "pw")).isEqualTo(OK);
    assertThat(h.resp("CLIENT", "INFO")).contains(" user=app ");
    assertThat(h.resp("RESET")).isEqualTo("+RESET\r\n");
    assertThat(h.resp("ACL", "WHOAMI")).isEqualTo(bulk("default"));
  }

  @Test
  void theLogMergesRepeatsWithinAMinuteAndKeepsItsMaximum() {
    h.resp("ACL", "SETUSER", "lg", "on", ">pw", "~k*", "+@all", "-set");
    Connection c = h.newConnection();
    h.resp(c, "AUTH", "lg", "pw");
    h.resp(c, "SET", "k", "v");
    h.clock.advance(1500);
    h.resp(c, "SET", "k", "v");
    String log = h.resp("ACL", "LOG");
    assertThat(log).startsWith("*1\r\n*14\r\n" + bulk("count") + ":2\r\n" + bulk("reason")
        + bulk("command") + bulk("context") + bulk("toplevel") + bulk("object") + bulk("set")
        + bulk("username") + bulk("lg") + bulk("age-seconds") + bulk("0") + bulk("client-info"));
    // cmd is the refused command, set at lookup as redis-server 7.0.15 sets it.
    assertThat(log).contains(" user=lg ").contains(" cmd=set ");
    h.clock.advance(2500);
    assertThat(h.resp("ACL", "LOG")).contains(bulk("age-seconds") + bulk("2.5"));
    h.clock.advance(60_001);
    h.resp(c, "SET", "k", "v"); // over a minute after the last: a new entry
    h.resp(c, "GET", "x");
    assertThat(h.resp("ACL", "LOG")).startsWith("*3\r\n");
    h.resp("CONFIG", "SET", "acllog-max-len", "2");
    h.resp(c, "AUTH", "lg", "wrong");
    String trimmed = h.resp("ACL", "LOG");
    assertThat(trimmed).startsWith("*2\r\n*14\r\n" + bulk("count") + ":1\r\n" + bulk("reason")
        + bulk("auth") + bulk("context") + bulk("toplevel") + bulk("object") + bulk("AUTH"));
    assertThat(h.resp("ACL", "LOG", "RESET")).isEqualTo(OK);
    assertThat(h.resp("ACL", "LOG")).isEqualTo("*0\r\n");
  }

  @Test
  void scriptDenialsAreLoggedWithTheCallingClient() {
    h.resp("ACL", "SETUSER", "s", "on", ">pw", "~k*", "+@all", "-set");
    Connection c = h.newConnection();
    h.resp(c, "AUTH", "s", "pw");
    h.resp(c, "EVAL", "return redis.pcall('set', 'k', 'v')", "0");
    String log = h.resp("ACL", "LOG");
    assertThat(log).contains(bulk("context") + bulk("lua")).contains(" cmd=eval user=s ");
  }

  @Test
  void requirepassSetsTheDefaultUsersPassword() {
    assertThat(h.resp("CONFIG", "SET", "requirepass", "abc")).isEqualTo(OK);
    assertThat(listLine("default")).isEqualTo("user default on "
        + "#ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad ~* &* +@all");
    Connection late = h.newConnection();
    assertThat(h.resp(late, "PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(h.resp(late, "AUTH", "abc")).isEqualTo(OK);
    h.resp("CONFIG", "SET", "requirepass", "");
    assertThat(listLine("default")).isEqualTo("user default on nopass ~* &* +@all");
  }

  @Test
  void requirepassGivenAtStartIsTheDefaultUsersPassword() {
    Harness secured = new Harness("sekret");
    assertThat(secured.server.acl.defaultUser.passwords).containsExactly(Acl.User.hash(
        "sekret".getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(secured.resp("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(secured.resp("AUTH", "default", "sekret")).isEqualTo(OK);
  }

  @Test
  void genpassGivesTheAskedBitsInHex() {
    assertThat(h.resp("ACL", "GENPASS")).matches("\\$64\r\n[0-9a-f]{64}\r\n");
    assertThat(h.resp("ACL", "GENPASS", "5")).matches("\\$2\r\n[0-9a-f]{2}\r\n");
    assertThat(h.resp("ACL", "GENPASS", "4096")).startsWith("$1024\r\n");
  }

  @Test
  void aclCatListsTheCommandsOfACategory() {
    String hash = h.resp("ACL", "CAT", "hash");
    assertThat(hash).contains(bulk("hset")).contains(bulk("hgetall")).doesNotContain(bulk("get"));
    assertThat(h.resp("ACL", "CAT")).startsWith("*21\r\n" + bulk("keyspace") + bulk("read"));
  }

  @Test
  void describingUsesTheCommandTablesCategories() {
    // Every command of a category described back as the category alone.
    for (String category : List.of("hash", "list", "set", "sortedset", "string", "transaction")) {
      h.resp("ACL", "SETUSER", "c", "reset", "+@" + category);
      assertThat(listLine("c")).endsWith(" -@all +@" + category);
      h.resp("ACL", "SETUSER", "c", "reset", "+@all", "-@" + category);
      assertThat(listLine("c")).endsWith(" +@all -@" + category);
    }
  }

  private static byte[][] args(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
    }
    return out;
  }
}
