package dev.cortado;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A new public type is a decision, not a side effect: this test lists every public top-level type
 * Cortado compiles, and fails when one appears or goes. The API is the exported packages (dev.cortado,
 * junit, assertj, mock). The internal packages still hold public types that other internal
 * packages use (the list below): it may shrink, and only grows on purpose.
 */
class PublicApiTest {
  private static final Set<String> API = Set.of(
      "dev.cortado.CortadoCluster", "dev.cortado.CortadoSentinel", "dev.cortado.CortadoServer", "dev.cortado.ManualClock", "dev.cortado.PublishedMessages",
      "dev.cortado.RedisData",
      "dev.cortado.assertj.CortadoAssertions", "dev.cortado.assertj.JournalAssert",
      "dev.cortado.assertj.KeyAssert", "dev.cortado.assertj.PublishedMessagesAssert",
      "dev.cortado.assertj.RedisAssert",
      "dev.cortado.junit.CortadoExtension", "dev.cortado.junit.EmbeddedRedis",
      "dev.cortado.junit.EmbeddedRedisCluster", "dev.cortado.junit.EmbeddedRedisSentinel",
      "dev.cortado.junit.RedisPort", "dev.cortado.junit.RedisUri",
      "dev.cortado.mock.ArgumentMatcher", "dev.cortado.mock.CommandPattern", "dev.cortado.mock.Mock",
      "dev.cortado.mock.MockSupport", "dev.cortado.mock.RecordedCommand", "dev.cortado.mock.RedisMock",
      "dev.cortado.mock.ReplyKind", "dev.cortado.mock.Response", "dev.cortado.mock.Stub",
      "dev.cortado.mock.Times");

  /** Public only because another internal package uses them; not API. */
  private static final Set<String> INTERNAL_BUT_PUBLIC = Set.of(
      "dev.cortado.admin.AdminSupport", // CortadoServer starts its admin interface with it
      "dev.cortado.cli.Main",
      "dev.cortado.command.CommandTable", "dev.cortado.command.Dispatcher",
      "dev.cortado.command.RdbFiles", "dev.cortado.keyspace.Crc64", "dev.cortado.keyspace.Lzf",
      "dev.cortado.keyspace.Rdb", "dev.cortado.server.Persistence",
      "dev.cortado.keyspace.Clock", "dev.cortado.keyspace.Database", "dev.cortado.keyspace.Glob",
      "dev.cortado.keyspace.HashValue", "dev.cortado.keyspace.KeySlot",
      "dev.cortado.keyspace.KeyspaceEvents",
      "dev.cortado.keyspace.Lfu", // built by ServerState, shared by its databases
      "dev.cortado.keyspace.MemoryUsage", // one jemalloc model for DEBUG and CLIENT LIST too
      "dev.cortado.keyspace.ListValue", "dev.cortado.keyspace.SetValue", "dev.cortado.keyspace.Stats",
      "dev.cortado.keyspace.StreamValue", "dev.cortado.keyspace.StringValue",
      "dev.cortado.keyspace.Value", "dev.cortado.keyspace.ValueDigest",
      "dev.cortado.keyspace.Watcher", "dev.cortado.keyspace.ZSetValue",
      "dev.cortado.protocol.Ascii", "dev.cortado.protocol.InlineSplitter", "dev.cortado.protocol.Fault", "dev.cortado.protocol.Numbers",
      "dev.cortado.protocol.Parked", "dev.cortado.protocol.PinnedReply",
      "dev.cortado.protocol.ProtocolError", "dev.cortado.protocol.Quoting",
      "dev.cortado.protocol.Reply", "dev.cortado.protocol.RequestBatch",
      "dev.cortado.protocol.RespDecoder",
      "dev.cortado.script.LuaFunctions", "dev.cortado.script.LuaScripts",
      "dev.cortado.script.ScriptHost",
      "dev.cortado.server.Acl", "dev.cortado.server.ClusterTopology",
      "dev.cortado.server.ClusterView", "dev.cortado.server.CommandExecutor",
      "dev.cortado.server.Replication", // the replication commands and INFO read it
      "dev.cortado.server.SentinelGroup", "dev.cortado.server.SentinelView", // CortadoSentinel, SENTINEL
      "dev.cortado.server.SentinelMaster", // SENTINEL MONITOR/SET: one monitored primary
      "dev.cortado.server.Config",
      "dev.cortado.server.Connection", "dev.cortado.server.EventLoops",
      "dev.cortado.server.Interceptor", "dev.cortado.server.ParkedReplies",
      "dev.cortado.server.PubSub", "dev.cortado.server.RunningScript",
      "dev.cortado.server.ServerOptions",
      "dev.cortado.server.ServerState", "dev.cortado.server.Tls", "dev.cortado.server.Tracking",
      "dev.cortado.server.Transport");

  @Test
  void publicTypesAreTheListedOnes() throws Exception {
    Path classes = Path.of(CortadoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = classes.relativize(f).toString();
        if (!name.endsWith(".class") || name.contains("$") || name.endsWith("package-info.class")
            || name.startsWith("dev/cortado/shaded/")
            // vendored LuaJ fork: third-party code, internal to the scripting engine
            || name.startsWith("dev/cortado/luaj/")) {
          continue;
        }
        String type = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        if (Modifier.isPublic(Class.forName(type, false, getClass().getClassLoader()).getModifiers())) {
          found.add(type);
        }
      }
    }
    Set<String> expected = new TreeSet<>(API);
    expected.addAll(INTERNAL_BUT_PUBLIC);
    assertThat(found).as("public top-level types (add a new one to a list here, on purpose)")
        .containsExactlyElementsOf(expected);
  }

  @Test
  void apiPackagesHoldTheApiAndNothingInternalIsListedAsApi() {
    for (String type : API) {
      assertThat(type).matches("dev\\.cortado\\.([A-Z]\\w*|(junit|assertj|mock)\\.[A-Z]\\w*)");
    }
    for (String type : INTERNAL_BUT_PUBLIC) {
      assertThat(type).doesNotMatch("dev\\.cortado\\.([A-Z]\\w*|(junit|assertj|mock)\\.[A-Z]\\w*)");
    }
  }
}
