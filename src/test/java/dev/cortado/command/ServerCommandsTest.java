package dev.cortado.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.keyspace.StringValue;
import dev.cortado.server.Connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Expected texts were taken from redis-server 7.0.15 unless a comment says otherwise. */
class ServerCommandsTest {
  private final Harness h = new Harness();

  // ---- INFO

  /** Field names of each section of INFO everything on redis-server 7.0.15, in its order. */
  private static final Map<String, String> REDIS_INFO_FIELDS = new LinkedHashMap<>();

  static {
    REDIS_INFO_FIELDS.put("Server", "redis_version redis_git_sha1 redis_git_dirty redis_build_id "
        + "redis_mode os arch_bits monotonic_clock multiplexing_api atomicvar_api gcc_version "
        + "process_id process_supervised run_id tcp_port server_time_usec uptime_in_seconds "
        + "uptime_in_days hz configured_hz lru_clock executable config_file io_threads_active");
    REDIS_INFO_FIELDS.put("Clients", "connected_clients cluster_connections maxclients "
        + "client_recent_max_input_buffer client_recent_max_output_buffer blocked_clients "
        + "tracking_clients clients_in_timeout_table");
    REDIS_INFO_FIELDS.put("Memory", "used_memory used_memory_human used_memory_rss "
        + "used_memory_rss_human used_memory_peak used_memory_peak_human used_memory_peak_perc "
        + "used_memory_overhead used_memory_startup used_memory_dataset used_memory_dataset_perc "
        + "allocator_allocated allocator_active allocator_resident total_system_memory "
        + "total_system_memory_human used_memory_lua used_memory_vm_eval used_memory_lua_human "
        + "used_memory_scripts_eval number_of_cached_scripts number_of_functions "
        + "number_of_libraries used_memory_vm_functions used_memory_vm_total "
        + "used_memory_vm_total_human used_memory_functions used_memory_scripts "
        + "used_memory_scripts_human maxmemory maxmemory_human maxmemory_policy "
        + "allocator_frag_ratio allocator_frag_bytes allocator_rss_ratio allocator_rss_bytes "
        + "rss_overhead_ratio rss_overhead_bytes mem_fragmentation_ratio mem_fragmentation_bytes "
        + "mem_not_counted_for_evict mem_replication_backlog mem_total_replication_buffers "
        + "mem_clients_slaves mem_clients_normal mem_cluster_links mem_aof_buffer mem_allocator "
        + "active_defrag_running lazyfree_pending_objects lazyfreed_objects");
    REDIS_INFO_FIELDS.put("Persistence", "loading async_loading current_cow_peak current_cow_size "
        + "current_cow_size_age current_fork_perc current_save_keys_processed "
        + "current_save_keys_total rdb_changes_since_last_save rdb_bgsave_in_progress "
        + "rdb_last_save_time rdb_last_bgsave_status rdb_last_bgsave_time_sec "
        + "rdb_current_bgsave_time_sec rdb_saves rdb_last_cow_size rdb_last_load_keys_expired "
        + "rdb_last_load_keys_loaded aof_enabled aof_rewrite_in_progress aof_rewrite_scheduled "
        + "aof_last_rewrite_time_sec aof_current_rewrite_time_sec aof_last_bgrewrite_status "
        + "aof_rewrites aof_rewrites_consecutive_failures aof_last_write_status aof_last_cow_size "
        + "module_fork_in_progress module_fork_last_cow_size");
    REDIS_INFO_FIELDS.put("Stats", "total_connections_received total_commands_processed "
        + "instantaneous_ops_per_sec total_net_input_bytes total_net_output_bytes "
        + "total_net_repl_input_bytes total_net_repl_output_bytes instantaneous_input_kbps "
        + "instantaneous_output_kbps instantaneous_input_repl_kbps instantaneous_output_repl_kbps "
        + "rejected_connections sync_full sync_partial_ok sync_partial_err expired_keys "
        + "expired_stale_perc expired_time_cap_reached_count expire_cycle_cpu_milliseconds "
        + "evicted_keys evicted_clients total_eviction_exceeded_time "
        + "current_eviction_exceeded_time keyspace_hits keyspace_misses pubsub_channels "
        + "pubsub_patterns pubsubshard_channels latest_fork_usec total_forks "
        + "migrate_cached_sockets slave_expires_tracked_keys active_defrag_hits "
        + "active_defrag_misses active_defrag_key_hits active_defrag_key_misses "
        + "total_active_defrag_time current_active_defrag_time tracking_total_keys "
        + "tracking_total_items tracking_total_prefixes unexpected_error_replies "
        + "total_error_replies dump_payload_sanitizations total_reads_processed "
        + "total_writes_processed io_threaded_reads_processed io_threaded_writes_processed "
        + "reply_buffer_shrinks reply_buffer_expands");
    REDIS_INFO_FIELDS.put("Replication", "role connected_slaves master_failover_state "
        + "master_replid master_replid2 master_repl_offset second_repl_offset repl_backlog_active "
        + "repl_backlog_size repl_backlog_first_byte_offset repl_backlog_histlen");
    REDIS_INFO_FIELDS.put("CPU", "used_cpu_sys used_cpu_user used_cpu_sys_children "
        + "used_cpu_user_children used_cpu_sys_main_thread used_cpu_user_main_thread");
    REDIS_INFO_FIELDS.put("Modules", "");
    REDIS_INFO_FIELDS.put("Commandstats", "");
    REDIS_INFO_FIELDS.put("Errorstats", "");
    REDIS_INFO_FIELDS.put("Latencystats", "");
    REDIS_INFO_FIELDS.put("Cluster", "cluster_enabled");
    REDIS_INFO_FIELDS.put("Keyspace", "");
  }

  @Test
  void info_everything_hasRedisSectionsAndFieldsInOrder() {
    assertThat(fieldNamesBySection(infoText("INFO", "everything"))).isEqualTo(REDIS_INFO_FIELDS);
  }

  @Test
  void info_noArgument_printsDefaultSections() {
    assertThat(fieldNamesBySection(infoText("INFO")).keySet()).containsExactly("Server", "Clients",
        "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster",
        "Keyspace");
    assertThat(fieldNamesBySection(infoText("INFO", "default")).keySet())
        .isEqualTo(fieldNamesBySection(infoText("INFO")).keySet());
  }

  @Test
  void info_sectionNames_areCaseInsensitiveAndPrintedInRedisOrder() {
    assertThat(h.resp("INFO", "KEYSPACE", "cluster"))
        .isEqualTo("$44\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n\r\n");
  }

  @Test
  void info_numberOfCachedScripts_countsScriptLoadAndEval() {
    assertThat(infoText("INFO", "memory")).contains("\r\nnumber_of_cached_scripts:0\r\n");
    h.resp("SCRIPT", "LOAD", "return 1");
    h.resp("EVAL", "return 2", "0");
    h.resp("EVAL", "return 2", "0");
    assertThat(infoText("INFO", "memory")).contains("\r\nnumber_of_cached_scripts:2\r\n");
    h.resp("SCRIPT", "FLUSH");
    assertThat(infoText("INFO", "memory")).contains("\r\nnumber_of_cached_scripts:0\r\n");
  }

  @Test
  void info_unknownSection_isEmptyBulk() {
    assertThat(h.resp("INFO", "nosuch")).isEqualTo("$0\r\n\r\n");
  }

  @Test
  void info_resp3_isVerbatimText() {
    h.resp("HELLO", "3");
    assertThat(h.resp("INFO", "keyspace")).isEqualTo("=16\r\ntxt:# Keyspace\r\n\r\n");
  }

  @Test
  void info_keyspace_countsKeysExpiresAndAverageTtl() {
    long now = h.clock.millis();
    h.server.db(0).put(bytes("a"), new StringValue(bytes("1")));
    h.server.db(0).put(bytes("b"), new StringValue(bytes("1")), now + 10_000);
    h.server.db(0).put(bytes("c"), new StringValue(bytes("1")), now + 20_000);
    h.server.db(3).put(bytes("d"), new StringValue(bytes("1")));
    assertThat(infoText("INFO", "keyspace")).isEqualTo("# Keyspace\r\n"
        + "db0:keys=3,expires=2,avg_ttl=15000\r\n"
        + "db3:keys=1,expires=0,avg_ttl=0\r\n");
  }

  @Test
  void info_fieldsClientsRead_haveServerValues() {
    h.newConnection();
    h.resp("GET", "missing");
    h.resp("SET", "k", "v");
    h.resp("GET", "k");
    h.clock.advance(3_000);
    Map<String, String> f = fields(infoText("INFO", "all"));
    assertThat(f).containsEntry("redis_version", "7.0.15")
        .containsEntry("redis_mode", "standalone")
        .containsEntry("role", "master")
        .containsEntry("connected_slaves", "0")
        .containsEntry("connected_clients", "2")
        .containsEntry("uptime_in_seconds", "3")
        .containsEntry("keyspace_hits", "1")
        .containsEntry("keyspace_misses", "1")
        .containsEntry("total_connections_received", "2")
        .containsEntry("maxmemory", "0")
        .containsEntry("maxmemory_policy", "noeviction")
        .containsEntry("run_id", h.server.runId)
        .containsEntry("server_time_usec", Long.toString(h.clock.millis() * 1000));
    assertThat(Long.parseLong(f.get("total_commands_processed"))).isGreaterThanOrEqualTo(3);
    assertThat(Long.parseLong(f.get("used_memory"))).isPositive();
    assertThat(f.get("os")).isNotBlank();
  }

  @Test
  void info_followsConfig() {
    h.resp("CONFIG", "SET", "maxmemory", "1mb", "maxmemory-policy", "allkeys-lru");
    Map<String, String> f = fields(infoText("INFO", "memory"));
    assertThat(f).containsEntry("maxmemory", "1048576")
        .containsEntry("maxmemory_human", "1.00M")
        .containsEntry("maxmemory_policy", "allkeys-lru");
  }

  @Test
  void human_formatsBytesAsRedis() {
    assertThat(ServerInfo.human(0)).isEqualTo("0B");
    assertThat(ServerInfo.human(1023)).isEqualTo("1023B");
    assertThat(ServerInfo.human(1024)).isEqualTo("1.00K");
    assertThat(ServerInfo.human(1163872)).isEqualTo("1.11M");
    assertThat(ServerInfo.human(25276510208L)).isEqualTo("23.54G");
    assertThat(ServerInfo.human(-1)).isEqualTo("18446744073709551615B");
  }

  // ---- DBSIZE, FLUSHDB, FLUSHALL

  @Test
  void dbsize_countsKeysOfSelectedDatabase() {
    h.resp("SET", "a", "1");
    h.resp("SET", "b", "1");
    assertThat(h.resp("DBSIZE")).isEqualTo(":2\r\n");
    h.resp("SELECT", "1");
    assertThat(h.resp("DBSIZE")).isEqualTo(":0\r\n");
    assertThat(h.resp("DBSIZE", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'dbsize' command\r\n");
  }

  @Test
  void flushdb_clearsOnlySelectedDatabase() {
    h.resp("SET", "a", "1");
    h.resp("SELECT", "1");
    h.resp("SET", "b", "1");
    assertThat(h.resp("FLUSHDB", "ASYNC")).isEqualTo("+OK\r\n");
    assertThat(h.resp("DBSIZE")).isEqualTo(":0\r\n");
    h.resp("SELECT", "0");
    assertThat(h.resp("DBSIZE")).isEqualTo(":1\r\n");
    assertThat(h.resp("FLUSHDB", "sync")).isEqualTo("+OK\r\n");
    assertThat(h.resp("DBSIZE")).isEqualTo(":0\r\n");
  }

  @Test
  void flushall_clearsEveryDatabase() {
    h.resp("SET", "a", "1");
    h.resp("SELECT", "5");
    h.resp("SET", "b", "1");
    assertThat(h.resp("FLUSHALL")).isEqualTo("+OK\r\n");
    assertThat(h.resp("DBSIZE")).isEqualTo(":0\r\n");
    h.resp("SELECT", "0");
    assertThat(h.resp("DBSIZE")).isEqualTo(":0\r\n");
  }

  @Test
  void flush_badMode_isSyntaxError() {
    h.resp("SET", "a", "1");
    assertThat(h.resp("FLUSHDB", "x")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("FLUSHDB", "async", "sync")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("FLUSHALL", "x")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("FLUSHALL", "a", "b")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("DBSIZE")).isEqualTo(":1\r\n");
  }

  // ---- TIME, LASTSAVE, SAVE, BGSAVE

  @Test
  void time_readsServerClock() {
    assertThat(h.resp("TIME")).isEqualTo("*2\r\n$10\r\n1700000000\r\n$1\r\n0\r\n");
    h.clock.advance(1_234);
    assertThat(h.resp("TIME")).isEqualTo("*2\r\n$10\r\n1700000001\r\n$6\r\n234000\r\n");
    assertThat(h.resp("TIME", "x")).isEqualTo("-ERR wrong number of arguments for 'time' command\r\n");
  }

  @Test
  void lastsave_isServerStartInSeconds() {
    h.clock.advance(5_000);
    assertThat(h.resp("LASTSAVE")).isEqualTo(":1700000000\r\n");
  }

  @Test
  void save_andBgsave_answerAsRedisWithoutPersistence() {
    assertThat(h.resp("SAVE")).isEqualTo("+OK\r\n");
    assertThat(h.resp("BGSAVE")).isEqualTo("+Background saving started\r\n");
    assertThat(h.resp("BGSAVE", "SCHEDULE")).isEqualTo("+Background saving started\r\n");
    assertThat(h.resp("BGSAVE", "x")).isEqualTo("-ERR syntax error\r\n");
  }

  // ---- COMMAND

  @Test
  void commandInfo_get_matchesRedisInBothProtocols() {
    assertThat(h.resp("COMMAND", "INFO", "get")).isEqualTo("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n"
        + "*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n"
        + "*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n"
        + "*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
        + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n"
        + "$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n");
    h.resp("HELLO", "3");
    assertThat(h.resp("COMMAND", "INFO", "GET")).isEqualTo("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n"
        + "~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n"
        + "~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n"
        + "%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n"
        + "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n"
        + "$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n");
  }

  @Test
  void commandInfo_subcommandByFullName_matchesRedis() {
    assertThat(h.resp("COMMAND", "INFO", "client|id")).isEqualTo("*1\r\n*10\r\n$9\r\nclient|id\r\n"
        + ":2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
        + "*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n");
    assertThat(h.resp("COMMAND", "INFO", "config|set")).isEqualTo("*1\r\n*10\r\n$10\r\nconfig|set\r\n"
        + ":-4\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
        + "*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n"
        + "*2\r\n$24\r\nrequest_policy:all_nodes\r\n$29\r\nresponse_policy:all_succeeded\r\n"
        + "*0\r\n*0\r\n");
  }

  @Test
  void commandInfo_unknownNames_areNil() {
    assertThat(h.resp("COMMAND", "INFO", "nosuch", "client|nosuch", "get|x"))
        .isEqualTo("*3\r\n$-1\r\n$-1\r\n$-1\r\n");
  }

  @Test
  void commandInfo_container_listsSubcommandsAsArray() {
    String reply = h.resp("COMMAND", "INFO", "config");
    assertThat(reply).startsWith("*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n"
        + "*1\r\n+@slow\r\n*0\r\n*0\r\n*5\r\n*10\r\n$10\r\nconfig|get\r\n");
  }

  @Test
  void commandInfo_keyRangeToEnd_isNegativeLastKey() {
    assertThat(h.resp("COMMAND", "INFO", "del")).contains(":1\r\n:-1\r\n:1\r\n")
        .contains("$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n");
  }

  @Test
  void command_alone_listsEveryCommandAndCountMatches() {
    String all = h.resp("COMMAND");
    String count = h.resp("COMMAND", "COUNT");
    int n = Integer.parseInt(count.substring(1, count.length() - 2));
    assertThat(all).startsWith("*" + n + "\r\n");
    assertThat(n).isEqualTo(topLevelNames().size());
    assertThat(h.resp("COMMAND", "INFO")).isEqualTo(all);
  }

  @Test
  void commandCount_withArgument_isArityError() {
    assertThat(h.resp("COMMAND", "COUNT", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'command|count' command\r\n");
    assertThat(h.resp("COMMAND", "nosuch"))
        .isEqualTo("-ERR unknown subcommand 'nosuch'. Try COMMAND HELP.\r\n");
  }

  @Test
  void commandDocs_showsSummarySinceGroupComplexity() {
    assertThat(h.resp("COMMAND", "DOCS", "dbsize", "nosuch", "CLIENT|ID")).isEqualTo("*4\r\n"
        + "$6\r\ndbsize\r\n*8\r\n$7\r\nsummary\r\n$50\r\n"
        + "Return the number of keys in the selected database\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
        + "$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
        + "$9\r\nclient|id\r\n*8\r\n$7\r\nsummary\r\n$48\r\n"
        + "Returns the client ID for the current connection\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n"
        + "$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n");
    h.resp("HELLO", "3");
    assertThat(h.resp("COMMAND", "DOCS", "dbsize")).startsWith("%1\r\n$6\r\ndbsize\r\n%4\r\n");
  }

  @Test
  void commandDocs_container_mapsSubcommandsByFullName() {
    h.resp("HELLO", "3");
    assertThat(h.resp("COMMAND", "DOCS", "config")).startsWith("%1\r\n$6\r\nconfig\r\n%5\r\n")
        // Redis's docs (history, arguments), the subcommands sorted by name.
        .contains("$11\r\nsubcommands\r\n%5\r\n$10\r\nconfig|get\r\n%6\r\n$7\r\nsummary\r\n");
  }

  @Test
  void commandDocs_noArgument_coversEveryCommand() {
    h.resp("HELLO", "3");
    assertThat(h.resp("COMMAND", "DOCS")).startsWith("%" + topLevelNames().size() + "\r\n");
  }

  @Test
  void commandList_listsCommandsAndSubcommands() {
    List<String> names = bulkItems(h.resp("COMMAND", "LIST"));
    assertThat(names).contains("get", "client", "client|id", "config|get", "command|docs");
    assertThat(bulkItems(h.resp("COMMAND", "LIST", "FILTERBY", "PATTERN", "CONFIG|*")))
        .containsExactlyInAnyOrder("config|set", "config|get", "config|rewrite", "config|help",
            "config|resetstat");
    assertThat(bulkItems(h.resp("COMMAND", "LIST", "FILTERBY", "ACLCAT", "Dangerous")))
        .contains("flushall", "config|set", "client|kill").doesNotContain("get", "client|id");
  }

  @Test
  void commandList_badFilters() {
    assertThat(h.resp("COMMAND", "LIST", "FILTERBY", "MODULE", "x")).isEqualTo("*0\r\n");
    assertThat(h.resp("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch")).isEqualTo("*0\r\n");
    assertThat(h.resp("COMMAND", "LIST", "FILTERBY", "PATTERN")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("COMMAND", "LIST", "FILTERBY", "foo", "bar")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("COMMAND", "LIST", "x")).isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void commandGetKeys_extractsKeysFromTheTable() {
    assertThat(h.resp("COMMAND", "GETKEYS", "GET", "a")).isEqualTo("*1\r\n$1\r\na\r\n");
    assertThat(h.resp("COMMAND", "GETKEYS", "del", "a", "b", "c"))
        .isEqualTo("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
    assertThat(h.resp("COMMAND", "GETKEYSANDFLAGS", "get", "a"))
        .isEqualTo("*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n");
  }

  @Test
  void commandGetKeys_errors() {
    assertThat(h.resp("COMMAND", "GETKEYS", "nosuch", "a"))
        .isEqualTo("-ERR Invalid command specified\r\n");
    assertThat(h.resp("COMMAND", "GETKEYS", "client", "nosuch"))
        .isEqualTo("-ERR Invalid command specified\r\n");
    assertThat(h.resp("COMMAND", "GETKEYS", "client", "id"))
        .isEqualTo("-ERR The command has no key arguments\r\n");
    assertThat(h.resp("COMMAND", "GETKEYS", "get", "a", "b"))
        .isEqualTo("-ERR Invalid number of arguments specified for command\r\n");
    assertThat(h.resp("COMMAND", "GETKEYS", "get"))
        .isEqualTo("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
  }

  @Test
  void commandHelp_matchesRedis() {
    assertThat(h.resp("command", "help")).isEqualTo("*21\r\n"
        + "+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
        + "+(no subcommand)\r\n+    Return details about all Redis commands.\r\n"
        + "+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n"
        + "+LIST\r\n+    Return a list of all commands in this Redis server.\r\n"
        + "+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n"
        + "+    If no command names are given, documentation details for all\r\n"
        + "+    commands are returned.\r\n"
        + "+DOCS [<command-name> ...]\r\n"
        + "+    Return documentation details about multiple Redis commands.\r\n"
        + "+    If no command names are given, documentation details for all\r\n"
        + "+    commands are returned.\r\n"
        + "+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n"
        + "+GETKEYSANDFLAGS <full-command>\r\n"
        + "+    Return the keys and the access flags from a full Redis command.\r\n"
        + "+HELP\r\n+    Prints this help.\r\n");
  }

  // ---- CONFIG

  @Test
  void configGet_exactNameKeepsCallersSpelling() {
    assertThat(h.resp("CONFIG", "GET", "MAXMEMORY", "nosuch", "maxmemory"))
        .isEqualTo("*2\r\n$9\r\nMAXMEMORY\r\n$1\r\n0\r\n");
    h.resp("HELLO", "3");
    assertThat(h.resp("CONFIG", "GET", "maxmemory")).isEqualTo("%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
  }

  @Test
  void configGet_globMatchesNamesAndAliasesOnce() {
    Map<String, String> pairs = pairs(h.resp("CONFIG", "GET", "MAXMEM*", "maxmemory-policy"));
    assertThat(pairs).containsExactlyInAnyOrderEntriesOf(Map.of("maxmemory", "0",
        "maxmemory-clients", "0", "maxmemory-eviction-tenacity", "10", "maxmemory-samples", "5",
        "maxmemory-policy", "noeviction"));
    assertThat(pairs(h.resp("CONFIG", "GET", "hash-max-*"))).containsExactlyInAnyOrderEntriesOf(
        Map.of("hash-max-listpack-entries", "512", "hash-max-ziplist-entries", "512",
            "hash-max-listpack-value", "64", "hash-max-ziplist-value", "64"));
  }

  @Test
  void configGet_everything_listsAllRedisParameters() {
    Map<String, String> all = pairs(h.resp("CONFIG", "GET", "*"));
    assertThat(all).hasSize(192)
        .containsEntry("databases", "16")
        .containsEntry("appendonly", "no")
        .containsEntry("notify-keyspace-events", "")
        .containsEntry("client-output-buffer-limit",
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  }

  @Test
  void configSet_normalizesValuesAsRedis() {
    assertThat(h.resp("CONFIG", "SET", "maxmemory", "100mb", "lazyfree-lazy-user-del", "YES",
        "maxmemory-policy", "ALLKEYS-LRU", "maxmemory-clients", "10%", "oom-score-adj", "relative"))
        .isEqualTo("+OK\r\n");
    assertThat(pairs(h.resp("CONFIG", "GET", "maxmemory", "lazyfree-lazy-user-del",
        "maxmemory-policy", "maxmemory-clients", "oom-score-adj")))
        .containsExactlyEntriesOf(orderedMap("maxmemory", "104857600", "lazyfree-lazy-user-del",
            "yes", "maxmemory-policy", "allkeys-lru", "maxmemory-clients", "10%",
            "oom-score-adj", "yes"));
  }

  @Test
  void configSet_hz_isClampedToRedisRange() {
    h.resp("CONFIG", "SET", "hz", "1000");
    assertThat(h.resp("CONFIG", "GET", "hz")).isEqualTo("*2\r\n$2\r\nhz\r\n$3\r\n500\r\n");
    h.resp("CONFIG", "SET", "hz", "0");
    assertThat(h.resp("CONFIG", "GET", "hz")).isEqualTo("*2\r\n$2\r\nhz\r\n$1\r\n1\r\n");
  }

  @Test
  void configSet_notifyKeyspaceEvents_isShownInRedisOrder() {
    h.resp("CONFIG", "SET", "notify-keyspace-events", "Egx");
    assertThat(h.resp("CONFIG", "GET", "notify-keyspace-events"))
        .isEqualTo("*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\ngxE\r\n");
    h.resp("CONFIG", "SET", "notify-keyspace-events", "AKEmn");
    assertThat(h.server.config.get("notify-keyspace-events")).isEqualTo("AKEm");
    h.resp("CONFIG", "SET", "notify-keyspace-events", "g$lshzxetd");
    assertThat(h.server.config.get("notify-keyspace-events")).isEqualTo("A");
    assertThat(h.resp("CONFIG", "SET", "notify-keyspace-events", "Q"))
        .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events')"
            + " - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n");
  }

  @Test
  void configSet_save_validatesPairs() {
    assertThat(h.resp("CONFIG", "SET", "save", "3600 1 300 100")).isEqualTo("+OK\r\n");
    assertThat(h.server.config.get("save")).isEqualTo("3600 1 300 100");
    String invalid = "-ERR CONFIG SET failed (possibly related to argument 'save') - "
        + "Invalid save parameters\r\n";
    assertThat(h.resp("CONFIG", "SET", "save", "abc")).isEqualTo(invalid);
    assertThat(h.resp("CONFIG", "SET", "save", "0 1")).isEqualTo(invalid);
    assertThat(h.resp("CONFIG", "SET", "save", "100  2")).isEqualTo(invalid);
    assertThat(h.resp("CONFIG", "SET", "save", "")).isEqualTo("+OK\r\n");
    assertThat(h.server.config.get("save")).isEmpty();
  }

  @Test
  void configSet_invalidValues_giveRedisReasons() {
    String prefix = "-ERR CONFIG SET failed (possibly related to argument ";
    assertThat(h.resp("CONFIG", "SET", "appendonly", "maybe"))
        .isEqualTo(prefix + "'appendonly') - argument must be 'yes' or 'no'\r\n");
    assertThat(h.resp("CONFIG", "SET", "maxmemory-policy", "foo")).isEqualTo(prefix
        + "'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, "
        + "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random,"
        + " noeviction\r\n");
    assertThat(h.resp("CONFIG", "SET", "hz", "abc"))
        .isEqualTo(prefix + "'hz') - argument couldn't be parsed into an integer\r\n");
    assertThat(h.resp("CONFIG", "SET", "hz", "-5"))
        .isEqualTo(prefix + "'hz') - argument must be between 0 and 2147483647 inclusive\r\n");
    assertThat(h.resp("CONFIG", "SET", "MAXMEMORY", "1.5gb"))
        .isEqualTo(prefix + "'maxmemory') - argument must be a memory value\r\n");
    assertThat(h.resp("CONFIG", "SET", "maxclients", "0")).isEqualTo(
        prefix + "'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n");
    assertThat(h.resp("CONFIG", "SET", "proto-max-bulk-len", "1k")).isEqualTo(prefix
        + "'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 "
        + "inclusive\r\n");
    assertThat(h.resp("CONFIG", "SET", "maxmemory-clients", "101%")).isEqualTo(
        prefix + "'maxmemory-clients') - percentage argument must be less or equal to 100\r\n");
    assertThat(h.resp("CONFIG", "SET", "SLAVE-read-only", "abc"))
        .isEqualTo(prefix + "'slave-read-only') - argument must be 'yes' or 'no'\r\n");
  }

  @Test
  void configSet_nameErrors_reportTheFirstProblem() {
    assertThat(h.resp("CONFIG", "SET", "maxmemory", "10", "nosuch", "2"))
        .isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n");
    assertThat(h.resp("CONFIG", "SET", "DAEMONIZE", "yes", "nosuch", "1")).isEqualTo(
        "-ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set immutable "
            + "config\r\n");
    assertThat(h.resp("CONFIG", "SET", "dir", "/nonexistent")).isEqualTo(
        "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"
            + "\r\n");
    assertThat(h.resp("CONFIG", "SET", "maxmemory", "1", "MAXMEMORY", "2")).isEqualTo(
        "-ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter"
            + "\r\n");
    assertThat(h.resp("CONFIG", "SET", "maxmemory", "10", "hz")).isEqualTo("-ERR syntax error\r\n");
    assertThat(h.resp("CONFIG", "SET", "maxmemory"))
        .isEqualTo("-ERR wrong number of arguments for 'config|set' command\r\n");
  }

  @Test
  void configSet_isAllOrNothing() {
    assertThat(h.resp("CONFIG", "SET", "maxmemory", "10", "hz", "abc")).startsWith("-ERR");
    assertThat(h.server.config.get("maxmemory")).isEqualTo("0");
  }

  @Test
  void configSet_requirepass_appliesToNewConnections() {
    assertThat(h.resp("CONFIG", "SET", "requirepass", "s3cret")).isEqualTo("+OK\r\n");
    assertThat(h.resp("PING")).isEqualTo("+PONG\r\n"); // already authenticated
    Connection late = h.newConnection();
    assertThat(h.resp(late, "PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
    assertThat(h.resp(late, "AUTH", "s3cret")).isEqualTo("+OK\r\n");
    assertThat(h.resp(late, "PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void configResetStat_zeroesCounters() {
    h.resp("GET", "missing");
    assertThat(h.resp("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
    Map<String, String> f = fields(infoText("INFO", "stats"));
    assertThat(f).containsEntry("keyspace_misses", "0").containsEntry("total_connections_received", "0")
        .containsEntry("total_commands_processed", "1"); // the INFO itself
  }

  @Test
  void configRewrite_hasNoFile() {
    assertThat(h.resp("CONFIG", "REWRITE"))
        .isEqualTo("-ERR The server is running without a config file\r\n");
  }

  @Test
  void configHelp_matchesRedis() {
    assertThat(h.resp("CONFIG", "HELP")).isEqualTo("*11\r\n"
        + "+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
        + "+GET <pattern>\r\n"
        + "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
        + "+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n"
        + "+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n"
        + "+REWRITE\r\n+    Rewrite the configuration file.\r\n"
        + "+HELP\r\n+    Prints this help.\r\n");
    assertThat(h.resp("CONFIG", "foo")).isEqualTo("-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n");
  }

  // ---- FUNCTION

  @Test
  void functionList_isEmpty() {
    assertThat(h.resp("FUNCTION", "LIST")).isEqualTo("*0\r\n");
    assertThat(h.resp("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "x")).isEqualTo("*0\r\n");
    h.resp("HELLO", "3");
    assertThat(h.resp("FUNCTION", "LIST")).isEqualTo("*0\r\n");
  }

  @Test
  void functionList_badArguments() {
    assertThat(h.resp("FUNCTION", "LIST", "LIBRARYNAME"))
        .isEqualTo("-ERR library name argument was not given\r\n");
    assertThat(h.resp("FUNCTION", "LIST", "foo")).isEqualTo("-ERR Unknown argument foo\r\n");
    assertThat(h.resp("function", "list", "withcode", "withcode"))
        .isEqualTo("-ERR Unknown argument withcode\r\n");
  }

  @Test
  void functionFlush_acceptsModes() {
    assertThat(h.resp("FUNCTION", "FLUSH")).isEqualTo("+OK\r\n");
    assertThat(h.resp("FUNCTION", "FLUSH", "ASYNC")).isEqualTo("+OK\r\n");
    assertThat(h.resp("FUNCTION", "FLUSH", "x"))
        .isEqualTo("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n");
    assertThat(h.resp("function", "flush", "a", "b")).isEqualTo(
        "-ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.\r\n");
  }

  @Test
  void functionHelp_matchesRedis() {
    String help = h.resp("FUNCTION", "HELP");
    assertThat(help).startsWith("*40\r\n+FUNCTION <subcommand> [<arg> [value] [opt] ...]. "
        + "Subcommands are:\r\n+LOAD [REPLACE] <FUNCTION CODE>\r\n")
        .contains("+    Return a serialized payload representing the current libraries, can be "
            + "restored using FUNCTION RESTORE command\r\n")
        .endsWith("+      in case of functions name collision with another library).\r\n"
            + "+HELP\r\n+    Prints this help.\r\n");
  }

  // ---- helpers

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The text of an INFO reply in RESP2, without the bulk header and trailer. */
  private String infoText(String... args) {
    String reply = h.resp(args);
    assertThat(reply).startsWith("$");
    String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    assertThat(reply).startsWith("$" + body.length() + "\r\n");
    return body;
  }

  /** Section title to its space-separated field names, from an INFO text. */
  private static Map<String, String> fieldNamesBySection(String info) {
    assertThat(info).doesNotContainPattern("[^\r]\n").endsWith("\r\n");
    Map<String, String> out = new LinkedHashMap<>();
    for (String section : info.split("\r\n\r\n")) {
      List<String> lines = Arrays.asList(section.split("\r\n"));
      assertThat(lines.get(0)).startsWith("# ");
      List<String> names = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        names.add(line.substring(0, line.indexOf(':')));
      }
      out.put(lines.get(0).substring(2), String.join(" ", names));
    }
    return out;
  }

  private static Map<String, String> fields(String info) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : info.split("\r\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("#") && colon > 0) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  /** The bulk strings of a flat RESP2 array reply. */
  private static List<String> bulkItems(String reply) {
    List<String> lines = Arrays.asList(reply.split("\r\n", -1));
    List<String> items = new ArrayList<>();
    for (int i = 1; i < lines.size() - 1; i += 2) {
      assertThat(lines.get(i)).startsWith("$");
      items.add(lines.get(i + 1));
    }
    return items;
  }

  private static Map<String, String> pairs(String reply) {
    List<String> items = bulkItems(reply);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      assertThat(out.put(items.get(i), items.get(i + 1))).as("repeated %s", items.get(i)).isNull();
    }
    return out;
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  private List<String> topLevelNames() {
    return bulkItems(h.resp("COMMAND", "LIST")).stream().filter(n -> !n.contains("|")).toList();
  }
}
