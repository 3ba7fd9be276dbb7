package dev.cortado.assertj;

import dev.cortado.CortadoCluster;
import dev.cortado.CortadoServer;
import dev.cortado.PublishedMessages;
import dev.cortado.RedisData;
import dev.cortado.mock.RedisMock;

/**
 * Entry point of the AssertJ assertions on a server's data. Failure messages show what the database
 * actually holds.
 *
 * <pre>{@code
 * import static dev.cortado.assertj.CortadoAssertions.assertThat;
 *
 * assertThat(server).hasSize(2).containsKeys("user:1", "session");
 * assertThat(server).key("session").hasValue("abc").hasTtl(Duration.ofMinutes(30));
 * assertThat(server).db(1).isEmpty();
 * assertThat(server.mock()).received(times(1), command("DEL", "lock")).hasMetAllExpectations();
 * assertThat(server.recordMessages("orders.*")).receivedWithin(Duration.ofSeconds(2), "orders.*", "42");
 * }</pre>
 *
 * <p>It can be imported next to AssertJ's own {@code Assertions.assertThat}: the overloads do not
 * clash.
 */
public final class CortadoAssertions {
  private CortadoAssertions() {}

  /** Assertions on database 0 of a running server; {@link RedisAssert#db(int)} picks another. */
  public static RedisAssert assertThat(CortadoServer server) {
    return new RedisAssert(server == null ? null : server.data());
  }

  /**
   * Assertions on a running cluster's data ({@link CortadoCluster#data()}): each key is looked up
   * on the primary that owns its slot; {@code key(k).isOn(cluster.node(i))} checks where it is.
   */
  public static RedisAssert assertThat(CortadoCluster cluster) {
    return new RedisAssert(cluster == null ? null : cluster.data());
  }

  /** Assertions on one database of a running server. */
  public static RedisAssert assertThat(RedisData database) {
    return new RedisAssert(database);
  }

  /** Assertions on the commands a server received (its mock journal) and its expectations. */
  public static JournalAssert assertThat(RedisMock mock) {
    return new JournalAssert(mock);
  }

  /** Assertions on the messages a recorder saw published ({@link CortadoServer#recordMessages}). */
  public static PublishedMessagesAssert assertThat(PublishedMessages messages) {
    return new PublishedMessagesAssert(messages);
  }
}
