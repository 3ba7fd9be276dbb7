package dev.cortado.command;

/** Every Redis error text Cortado sends, once, byte for byte as Redis 7 sends it. */
final class Errors {
  private Errors() {}

  static final String SYNTAX = "ERR syntax error";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  static final String NOT_FLOAT = "ERR value is not a valid float";
  static final String OVERFLOW = "ERR increment or decrement would overflow";
  static final String INCR_FLOAT_NAN = "ERR increment would produce NaN or Infinity";
  // Hashes
  static final String HASH_VALUE_NOT_INTEGER = "ERR hash value is not an integer";
  static final String HASH_VALUE_NOT_FLOAT = "ERR hash value is not a float";
  /** HINCRBYFLOAT's increment itself is infinite. */
  static final String NAN_OR_INFINITY = "ERR value is NaN or Infinity";
  /** HRANDFIELD ... WITHVALUES with a count whose reply length would overflow. */
  static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";
  static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  static final String NO_SUCH_KEY = "ERR no such key";
  static final String DB_INDEX = "ERR DB index is out of range";
  static final String INVALID_DB_INDEX = "ERR invalid DB index";
  static final String SAME_OBJECT = "ERR source and destination objects are the same";
  static final String INVALID_CURSOR = "ERR invalid cursor";
  static final String NOAUTH = "NOAUTH Authentication required.";
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  static final String AUTH_NO_PASSWORD = "ERR AUTH <password> called without any password configured "
      + "for the default user. Are you sure your configuration is correct?";
  static final String NOPROTO = "NOPROTO unsupported protocol version";
  static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  static final String OFFSET_RANGE = "ERR offset is out of range";
  /** DECRBY's own overflow: negating LLONG_MIN, before any addition. */
  static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
  static final String LCS_NOT_STRINGS = "ERR The specified keys must contain string values";
  static final String LCS_LEN_AND_IDX =
      "ERR If you want both the length and indexes, please just use IDX.";
  static final String LCS_TOO_BIG =
      "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
  static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  // Scripting
  static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
  static final String NUMKEYS_NEGATIVE = "ERR Number of keys can't be negative";
  static final String NUMKEYS_TOO_BIG = "ERR Number of keys can't be greater than number of args";
  static final String SCRIPT_UNKNOWN_COMMAND = "ERR Unknown Redis command called from script";
  static final String SCRIPT_WRONG_ARITY =
      "ERR Wrong number of args calling Redis command from script";
  static final String SCRIPT_NOT_ALLOWED = "ERR This Redis command is not allowed from script";
  static final String SCRIPT_WRITE_IN_READONLY =
      "ERR Write commands are not allowed from read-only scripts.";
  static final String SCRIPT_WRITE_FLAG_RO =
      "ERR Can not execute a script with write flag using *_ro command.";
  static final String SHEBANG_INVALID = "ERR Invalid script shebang";
  static final String SCRIPT_FLUSH_OPTION = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
  static final String NOTBUSY = "NOTBUSY No scripts in execution right now.";
  // Cluster
  static final String CLUSTER_DISABLED = "ERR This instance has cluster support disabled";
  static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
  static final String CLUSTERDOWN_UNBOUND = "CLUSTERDOWN Hash slot not served";
  static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
  static final String SCRIPT_NON_LOCAL_KEY =
      "ERR Script attempted to access a non local key in a cluster node";
  static final String INVALID_SLOT = "ERR Invalid slot";
  static final String INVALID_OR_OUT_OF_RANGE_SLOT = "ERR Invalid or out of range slot";
  static final String INVALID_SLOT_OR_COUNT = "ERR Invalid slot or number of keys";
  static final String NOT_A_MASTER = "ERR The specified node is not a master";
  static final String SELECT_IN_CLUSTER = "ERR SELECT is not allowed in cluster mode";
  /** Other clients' commands while an EVAL runs past busy-reply-threshold. */
  static final String BUSY_EVAL =
      "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
  /** Other clients' commands while an FCALL runs past busy-reply-threshold. */
  static final String BUSY_FUNCTION =
      "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
  static final String UNKILLABLE = "UNKILLABLE Sorry the script already executed write commands "
      + "against the dataset. You can either wait the script termination or kill the server in a "
      + "hard way using the SHUTDOWN NOSAVE command.";

  static String shebangEngine(String engine) {
    return "ERR Unexpected engine in script shebang: " + engine;
  }

  static String shebangFlag(String flag) {
    return "ERR Unexpected flag in script shebang: " + flag;
  }

  static String shebangOption(String option) {
    return "ERR Unknown lua shebang option: " + option;
  }
  static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
  static final String UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
  // Counts and numkeys (getPositiveLongFromObjectOrReply, getRangeLongFromObjectOrReply)
  static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
  static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
  static final String NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args";
  static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
  // Lists
  static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
  static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 "
      + "from the second ... or use negative to start from the end of the list";
  static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
  static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
  static final String COUNT_NOT_POSITIVE = "ERR count should be greater than 0";
  // SORT
  static final String SORT_SCORE_NOT_DOUBLE = "ERR One or more scores can't be converted into double";
  /**
   * Cortado's own: a reply Redis would build without bound (SRANDMEMBER key -hugecount fills its
   * output buffer until memory runs out) is refused instead.
   */
  static final String REPLY_TOO_LARGE = "ERR count is too large: Cortado replies with at most "
      + "16777216 elements";

  /** getRangeLongFromObjectOrReply's own text for a number outside [min, max]. */
  static String outOfRange(long min, long max) {
    return "ERR value is out of range, value must between " + min + " and " + max;
  }
  // CLIENT
  static final String CLIENT_NAME_CHARS =
      "ERR Client names cannot contain spaces, newlines or special characters.";
  static final String NO_SUCH_CLIENT = "ERR No such client";
  static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
  static final String CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0";
  // COMMAND, CONFIG, FUNCTION
  static final String INVALID_COMMAND = "ERR Invalid command specified";
  static final String COMMAND_HAS_NO_KEYS = "ERR The command has no key arguments";
  static final String GETKEYS_ARITY = "ERR Invalid number of arguments specified for command";
  static final String GETKEYS_INVALID = "ERR Invalid arguments specified for command";
  static final String NO_CONFIG_FILE = "ERR The server is running without a config file";
  static final String FUNCTION_FLUSH_MODE = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
  static final String LIBRARY_NAME_MISSING = "ERR library name argument was not given";
  static final String LIBRARY_NOT_FOUND = "ERR Library not found";
  static final String FUNCTION_NOT_FOUND = "ERR Function not found";
  static final String FCALL_NUMKEYS = "ERR Bad number of keys provided";
  static final String RESTORE_POLICY =
      "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";

  /** FUNCTION LOAD with an argument before the code other than REPLACE. */
  static String functionUnknownOption(String option) {
    return "ERR Unknown option given: " + option;
  }

  static String unknownClientType(String type) {
    return "ERR Unknown client type '" + type + "'";
  }

  static String noSuchUser(String user) {
    return "ERR No such user '" + user + "'";
  }

  /** CLIENT SETINFO with an attribute other than LIB-NAME / LIB-VER (Redis 7.2). */
  static String unrecognizedOption(String option) {
    return "ERR Unrecognized option '" + option + "'";
  }

  /** CLIENT SETINFO with a value that would break CLIENT LIST's space-separated format. */
  static String attributeChars(String attribute) {
    return "ERR " + attribute + " cannot contain spaces, newlines or special characters.";
  }

  static String unknownConfigOption(String name) {
    return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
  }

  static String configSetFailed(String name, String reason) {
    return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
  }

  static String unknownArgument(String argument) {
    return "ERR Unknown argument " + argument;
  }

  /** A subcommand called with arguments its handler rejects, e.g. FUNCTION FLUSH a b. */
  static String subcommandSyntax(String sub, String container) {
    return "ERR unknown subcommand or wrong number of arguments for '" + sub + "'. Try "
        + container + " HELP.";
  }
  static final String SLOWLOG_COUNT = "ERR count should be greater than or equal to -1";
  static final String INVALID_FIRST_DB = "ERR invalid first DB index";
  static final String INVALID_SECOND_DB = "ERR invalid second DB index";
  static final String EXPIRE_NX_WITH_OTHERS =
      "ERR NX and XX, GT or LT options at the same time are not compatible";
  static final String EXPIRE_GT_AND_LT = "ERR GT and LT options at the same time are not compatible";
  static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access "
      + "frequency not tracked. Please note that when switching between policies at runtime LRU "
      + "and LFU data will take some time to adjust.";
  static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not "
      + "tracked. Please note that when switching between policies at runtime LRU and LFU data "
      + "will take some time to adjust.";

  /** EXPIRE's reply to an option it does not know, quoting it. */
  static String unsupportedOption(String option) {
    return "ERR Unsupported option " + option;
  }

  /** "ERR invalid expire time in 'set' command" and friends. */
  static String invalidExpireTime(String command) {
    return "ERR invalid expire time in '" + command + "' command";
  }

  // MULTI, EXEC, DISCARD, WATCH
  static final String MULTI_NESTED = "ERR MULTI calls can not be nested";
  static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
  static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
  static final String WATCH_INSIDE_MULTI = "ERR WATCH inside MULTI is not allowed";
  static final String NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction";
  static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

  /**
   * EXEC itself refused (wrong arity, NOAUTH): Redis's execCommandAbort. Redis builds such errors
   * without the "ERR " code (it is added when replying), so it does not appear after "of: ".
   */
  static String execAbort(String error) {
    String reason = error.startsWith("ERR ") ? error.substring(4) : error;
    return "EXECABORT Transaction discarded because of: " + reason;
  }

  static String wrongArity(String fullName) {
    return "ERR wrong number of arguments for '" + fullName + "' command";
  }

  static String unknownSubcommand(String sub, String container) {
    return "ERR unknown subcommand '" + sub + "'. Try " + container + " HELP.";
  }

  /** A RESP2 client in subscribed mode ran something else; {@code command} as "pubsub|channels". */
  static String onlySubscribeAllowed(String command) {
    return "ERR Can't execute '" + command + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
        + "QUIT / RESET are allowed in this context";
  }

  // CLIENT TRACKING and CLIENT CACHING (networking.c), blocking timeouts (timeout.c)
  static final String REDIRECT_TWICE =
      "ERR A client can only redirect to a single other client";
  static final String REDIRECT_NO_CLIENT =
      "ERR The client ID you want redirect to does not exist";
  static final String PREFIX_NEEDS_BCAST =
      "ERR PREFIX option requires BCAST mode to be enabled";
  static final String BCAST_SWITCH =
      "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
  static final String OPTIN_OPTOUT_BCAST =
      "ERR OPTIN and OPTOUT are not compatible with BCAST";
  static final String OPTIN_AND_OPTOUT =
      "ERR You can't specify both OPTIN mode and OPTOUT mode";
  static final String OPTIN_OPTOUT_SWITCH =
      "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
  static final String CACHING_WITHOUT_OPT =
      "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled";
  static final String CACHING_YES_NOT_OPTIN =
      "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
  static final String CACHING_NO_NOT_OPTOUT =
      "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";
  static final String TIMEOUT_NOT_INTEGER =
      "ERR timeout is not an integer or out of range";

  /** A BCAST prefix that overlaps one the client has ("existing") or one given with it ("another provided"). */
  static String prefixOverlap(String prefix, String which, String other) {
    return "ERR Prefix '" + prefix + "' overlaps with " + which + " prefix '" + other
        + "'. Prefixes for a single client must not overlap.";
  }

  // Sorted sets (t_zset.c)
  static final String ZADD_NX_AND_XX = "ERR XX and NX options at the same time are not compatible";
  static final String ZADD_GT_LT_NX =
      "ERR GT, LT, and/or NX options at the same time are not compatible";
  static final String ZADD_INCR_PAIRS = "ERR INCR option supports a single increment-element pair";
  static final String SCORE_NAN = "ERR resulting score is not a number (NaN)";
  static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
  static final String MIN_MAX_NOT_STRING = "ERR min or max not valid string range item";
  static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
  static final String LIMIT_NEEDS_BY =
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
  static final String WITHSCORES_BYLEX =
      "ERR syntax error, WITHSCORES not supported in combination with BYLEX";

  /** ZUNION, ZINTER, ZDIFF, ZINTERCARD and the STOREs with numkeys below 1. */
  static String atLeastOneInputKey(String command) {
    return "ERR at least 1 input key is needed for '" + command + "' command";
  }
  // HyperLogLog (hyperloglog.c): Redis's own WRONGTYPE text for a string that is not an HLL
  static final String HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value.";
  static final String HLL_CORRUPT = "INVALIDOBJ Corrupted HLL object detected";
  static final String HLL_DEBUG_NO_KEY = "ERR The specified key does not exist";
  static final String HLL_NOT_SPARSE = "ERR HLL encoding is not sparse";

  static String unknownPfdebugSubcommand(String sub) {
    return "ERR Unknown PFDEBUG subcommand '" + sub + "'";
  }

  // Bitmaps (bitops.c)
  static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
  static final String BIT_VALUE = "ERR bit is not an integer or out of range";
  static final String BITPOS_BIT = "ERR The bit argument must be 1 or 0.";
  static final String BITOP_NOT_ONE_KEY = "ERR BITOP NOT must be called with a single source key.";
  static final String BITFIELD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. "
      + "Note that u64 is not supported but i64 is.";
  static final String BITFIELD_OVERFLOW_TYPE = "ERR Invalid OVERFLOW type specified";
  static final String BITFIELD_RO_GET_ONLY = "ERR BITFIELD_RO only supports the GET subcommand";

  // Geo (geo.c)
  static final String GEO_UNKNOWN_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
  static final String GEO_RADIUS_NOT_NUMERIC = "ERR need numeric radius";
  static final String GEO_RADIUS_NEGATIVE = "ERR radius cannot be negative";
  static final String GEO_WIDTH_NOT_NUMERIC = "ERR need numeric width";
  static final String GEO_HEIGHT_NOT_NUMERIC = "ERR need numeric height";
  static final String GEO_BOX_NEGATIVE = "ERR height or width cannot be negative";
  static final String GEO_MEMBER_NOT_DECODED = "ERR could not decode requested zset member";
  static final String GEO_COUNT_NOT_POSITIVE = "ERR COUNT must be > 0";
  static final String GEO_ANY_WITHOUT_COUNT = "ERR the ANY argument requires COUNT argument";
  static final String GEORADIUS_STORE_WITH = "ERR STORE option in GEORADIUS is not compatible "
      + "with WITHDIST, WITHHASH and WITHCOORD options";
  static final String GEOSEARCHSTORE_WITH =
      "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options";

  /** A coordinate out of Redis's limits; both printed with C's %f. */
  static String geoInvalidLonLat(String lon, String lat) {
    return "ERR invalid longitude,latitude pair " + lon + "," + lat;
  }

  /** GEOSEARCH without FROMMEMBER or FROMLONLAT; the command name as the client typed it. */
  static String geoFromRequired(String command) {
    return "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + command;
  }

  /** GEOSEARCH without BYRADIUS or BYBOX; the command name as the client typed it. */
  static String geoByRequired(String command) {
    return "ERR exactly one of BYRADIUS and BYBOX can be specified for " + command;
  }

  // Streams (t_stream.c)
  static final String INVALID_STREAM_ID =
      "ERR Invalid stream ID specified as stream command argument";
  static final String XADD_ID_TOO_SMALL =
      "ERR The ID specified in XADD is equal or smaller than the target stream top item";
  static final String XADD_ID_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
  static final String XADD_EXHAUSTED =
      "ERR The stream has exhausted the last possible ID, unable to add more items";
  /** 7.0 also answers this to ms-* when the sequence of that ms is exhausted. */
  static final String XADD_TOO_LARGE = "ERR Elements are too large to be stored";
  static final String XTRIM_MAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
  static final String XTRIM_LIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
  static final String XTRIM_MAXLEN_AND_MINID =
      "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
  static final String XTRIM_LIMIT_NO_STRATEGY =
      "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
  static final String XTRIM_NO_STRATEGY =
      "ERR syntax error, XTRIM must be called with a trimming strategy";
  static final String XTRIM_LIMIT_WITHOUT_TILDE =
      "ERR syntax error, LIMIT cannot be used without the special ~ option";
  static final String XRANGE_INVALID_START = "ERR invalid start ID for the interval";
  static final String XRANGE_INVALID_END = "ERR invalid end ID for the interval";
  static final String XSETID_BELOW_TOP =
      "ERR The ID specified in XSETID is smaller than the target stream top item";
  static final String XSETID_ENTRIES_ADDED_SMALL =
      "ERR The entries_added specified in XSETID is smaller than the target stream length";
  static final String XSETID_BELOW_MAX_DELETED =
      "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
  static final String XSETID_ENTRIES_ADDED_NEGATIVE = "ERR entries_added must be positive";
  /** 7.0 names XREAD and '$' whichever of XREAD and XREADGROUP was called. */
  static final String XREAD_UNBALANCED = "ERR Unbalanced XREAD list of streams: for each stream "
      + "key an ID or '$' must be specified.";
  static final String XREAD_GROUP_OPTION =
      "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
  static final String XREAD_NOACK_OPTION =
      "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
  static final String XREADGROUP_MISSING_GROUP = "ERR Missing GROUP option for XREADGROUP";
  static final String XREADGROUP_DOLLAR = "ERR The $ ID is meaningless in the context of "
      + "XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or "
      + "use the > ID to get new messages. The $ ID would just return an empty result set.";
  static final String XREAD_GREATER = "ERR The > ID can be specified only when calling "
      + "XREADGROUP using the GROUP <group> <consumer> option.";
  static final String XREADGROUP_GROUP_DESTROYED =
      "NOGROUP the consumer group this client was blocked on no longer exists";
  static final String XREADGROUP_KEY_DELETED = "UNBLOCKED the stream key no longer exists";
  static final String XGROUP_NO_KEY = "ERR The XGROUP subcommand requires the key to exist. Note "
      + "that for CREATE you may want to use the MKSTREAM option to create an empty stream "
      + "automatically.";
  static final String XGROUP_ENTRIESREAD = "ERR value for ENTRIESREAD must be positive or -1";
  static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
  static final String XCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XCLAIM";
  static final String XCLAIM_IDLE = "ERR Invalid IDLE option argument for XCLAIM";
  static final String XCLAIM_TIME = "ERR Invalid TIME option argument for XCLAIM";
  static final String XCLAIM_RETRYCOUNT = "ERR Invalid RETRYCOUNT option argument for XCLAIM";
  static final String XAUTOCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
  static final String XAUTOCLAIM_COUNT = "ERR COUNT must be > 0";
  static final String XAUTOCLAIM_COUNT_TOO_HIGH =
      "ERR Insufficient memory, failed allocating transient memory, COUNT too high.";

  // ACL (acl.c, server.c's processCommand, multi.c's execCommand, script.c's scriptVerifyACL)
  static final String ACL_USERNAME_SPACES = "ERR Usernames can't contain spaces or null characters";
  static final String ACL_DEFAULT_NOT_REMOVABLE = "ERR The 'default' user cannot be removed";
  static final String ACL_NO_FILE = "ERR This Redis instance is not configured to use an ACL file. "
      + "You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE "
      + "(assuming you have a Redis configuration file set) in order to store users in the Redis "
      + "configuration.";
  static final String ACL_GENPASS_BITS = "ERR ACL GENPASS argument must be the number of bits for "
      + "the output password, a positive number up to 4096";
  static final String NOPERM_KEY =
      "NOPERM this user has no permissions to access one of the keys used as arguments";
  static final String NOPERM_CHANNEL =
      "NOPERM this user has no permissions to access one of the channels used as arguments";
  static final String SCRIPT_NOPERM_COMMAND =
      "ERR The user executing the script can't run this command or subcommand";
  static final String SCRIPT_NOPERM_KEY = "ERR The user executing the script can't access at least "
      + "one of the keys mentioned in the command arguments";
  static final String SCRIPT_NOPERM_CHANNEL =
      "ERR The user executing the script can't publish to the channel mentioned in the command";

  // DUMP / RESTORE / MIGRATE / SAVE (cluster.c, rdb.c)
  static final String DUMP_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
  static final String BAD_DATA_FORMAT = "ERR Bad data format";
  static final String BUSYKEY = "BUSYKEY Target key name already exists.";
  static final String RESTORE_TTL = "ERR Invalid TTL value, must be >= 0";
  static final String RESTORE_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
  static final String RESTORE_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
  /** shared.err: what SAVE answers when the file could not be written. */
  static final String SAVE_FAILED = "ERR";
  static final String REPLCONF_OPTION = "ERR Unrecognized REPLCONF option: ";
  static final String MIGRATE_KEYS =
      "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
  static final String MIGRATE_TARGET = "ERR Target instance replied with error: ";
  static final String MIGRATE_IO_WRITING = "IOERR error or timeout writing to target instance";
  static final String MIGRATE_IO_READING = "IOERR error or timeout reading to target instance";

  static String nopermCommand(String fullName) {
    return "NOPERM this user has no permissions to run the '" + fullName + "' command";
  }

  static String nopermChangedBeforeExec(String reason) {
    return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the "
        + "EXEC call. This command is no longer allowed for the following reason: " + reason;
  }

  static String aclSetUserModifier(String rule, String reason) {
    return "ERR Error in ACL SETUSER modifier '" + rule + "': " + reason;
  }

  static String aclUnmatchedParenthesis(String arg) {
    return "ERR Unmatched parenthesis in acl selector starting at '" + arg + "'.";
  }

  static String aclUnknownCategory(String category) {
    return "ERR Unknown category '" + category + "'";
  }

  static String aclUserNotFound(String user) {
    return "ERR User '" + user + "' not found";
  }

  static String aclCommandNotFound(String command) {
    return "ERR Command '" + command + "' not found";
  }

  // MONITOR and CLIENT (PAUSE, REPLY) — helper "monitor", issue #16
  static final String MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
  /** A monitor is a replica inside Redis, hence the text. */
  static final String REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
  static final String PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL";
  // MEMORY, maxmemory and LATENCY (MemoryCommands, LatencyCommands, Eviction).
  static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
  static final String PURGE_FAILED = "ERR Error purging dirty pages";

  static String noLatencySamples(String event) {
    return "ERR No samples available for event '" + event + "'";
  }
  // --- DEBUG, SHUTDOWN, CONFIG SET port/bind, ACL LOAD/SAVE (admin, issue #16)
  static final String DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the "
      + "enable-debug-command option is set to \"local\", you can run it from a local connection, "
      + "otherwise you need to set this option in the configuration file, and then restart the "
      + "server.";
  static final String DEBUG_NOT_LISTPACK = "ERR Not a listpack encoded object.";
  static final String DEBUG_NOT_QUICKLIST = "ERR Not a quicklist encoded object.";
  static final String DEBUG_OUT_OF_RANGE_DB = "ERR Out of range database";
  static final String DEBUG_NOT_HASH_TABLE =
      "ERR The value stored at the specified key is not represented using an hash table";
  static final String DEBUG_NOT_SDS = "ERR Not an sds encoded string.";
  static final String DEBUG_PACKED_THRESHOLD =
      "ERR argument must be a memory value bigger than 1 and smaller than 4gb";
  /** What a Redis started without a configuration file answers. */
  static final String DEBUG_CONFIG_REWRITE_FORCE_ALL =
      "ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address";
  static final String DEBUG_CLIENT_EVICTION_DISABLED = "ERR maxmemory-clients is disabled.";
  static final String DEBUG_RESTART_FAILED = "ERR failed to restart the server. Check server logs.";
  static final String DEBUG_RELOAD_OPTIONS =
      "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.";
  static final String DEBUG_PUSH_RESP2 = "ERR RESP2 is not supported by this command";
  static final String DEBUG_PROTOCOL_TYPE = "ERR Wrong protocol type name. Please use one of the "
      + "following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";
  /** Cortado's own: Redis would try to allocate the value and die; a JVM array cannot be that big. */
  static final String DEBUG_POPULATE_SIZE =
      "ERR DEBUG POPULATE value size is larger than proto-max-bulk-len";
  static final String NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress.";
  static final String SHUTDOWN_ERRORS = "ERR Errors trying to SHUTDOWN. Check logs.";
  /** CONFIG SET port's reason when the new port cannot be bound. */
  static final String PORT_UNAVAILABLE = "Unable to listen on this port. Check server logs.";
  /** CONFIG SET bind's reason when an address cannot be bound. */
  static final String BIND_FAILED = "Failed to bind to specified addresses.";
  static final String ACL_SAVE_FAILED = "ERR There was an error trying to save the ACLs. Please "
      + "check the server logs for more information";

  // ACL file (ACL LOAD, server start): the pieces of Redis's report, each line's problems in turn.
  static String aclFileOpen(String file, String reason) {
    return "Error loading ACLs, opening file '" + file + "': " + reason;
  }

  static String aclFileNoUserKeyword(String file, int line) {
    return file + ":" + line + " should start with user keyword followed by the username. ";
  }

  static String aclFileDuplicateUser(String name, int line) {
    return "WARNING: Duplicate user '" + name + "' found on line " + line + ". ";
  }

  static String aclFileUnmatchedParenthesis(String file, int line) {
    return file + ":" + line + ": Unmatched parenthesis in selector definition.";
  }

  static String aclFileOperation(String file, int line, String rule, String reason) {
    return file + ":" + line + ": Error in applying operation '" + rule + "': " + reason + ". ";
  }

  static String aclFileRule(String file, int line, String reason) {
    return file + ":" + line + ": " + reason + ". ";
  }

  static final String ACL_FILE_NOT_APPLIED =
      "WARNING: ACL errors detected, no change to the previously active ACL rules was performed";

  // ---- replication (REPLICAOF, ROLE, WAIT, replicas)
  static final String READONLY_REPLICA = "READONLY You can't write against a read only replica.";
  static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also"
      + " note that since Redis 4.0 if a replica is configured to be writable (which is not the"
      + " default) writes to replicas are just local and are not propagated.";
  static final String REPLICAOF_IN_CLUSTER = "ERR REPLICAOF not allowed in cluster mode.";
  static final String CLUSTERDOWN = "CLUSTERDOWN The cluster is down";
  static final String FAILOVER_ON_MASTER = "ERR You should send CLUSTER FAILOVER to a replica";
  static final String FAILOVER_MASTER_DOWN =
      "ERR Master is down or failed, please use CLUSTER FAILOVER FORCE";

  // ---- Sentinel
  static final String NO_SUCH_MASTER = "ERR No such master with that name";
  static final String NOGOODSLAVE = "NOGOODSLAVE No suitable replica to promote";
  static final String SENTINEL_DUPLICATE_MASTER = "ERR Duplicate master name.";
  static final String SENTINEL_QUORUM = "ERR Quorum must be 1 or greater.";
  static final String SENTINEL_INVALID_QUORUM = "ERR Invalid quorum";
  static final String SENTINEL_INVALID_PORT = "ERR Invalid port";
  static final String SENTINEL_PORT_RANGE = "ERR Invalid port number.";
  static final String SENTINEL_INVALID_ADDRESS = "ERR Invalid IP address or hostname specified";
  static final String SENTINEL_SCRIPTS_DENIED = "ERR Reconfiguration of scripts path is denied for"
      + " security reasons. Check the deny-scripts-reconfig configuration directive in your"
      + " Sentinel configuration";
  static final String SENTINEL_CONFIG_USAGE =
      "ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.";
  static final String SENTINEL_UNKNOWN_SIMULATION = "ERR Unknown failure simulation specified";

  /** SENTINEL SET or DEBUG: an option it lacks, or one without its value. */
  static String sentinelUnknownOption(String command, String option) {
    return "ERR Unknown option or number of arguments for SENTINEL " + command + " '" + option
        + "'";
  }

  /** SENTINEL SET or DEBUG: a value the option refuses. */
  static String sentinelInvalidArgument(String command, String value, String option) {
    return "ERR Invalid argument '" + value + "' for SENTINEL " + command + " '" + option + "'";
  }

  static String sentinelConfigUnknown(String parameter) {
    return "ERR Invalid argument '" + parameter + "' to SENTINEL CONFIG SET";
  }

  static String sentinelConfigInvalid(String value, String parameter) {
    return "ERR Invalid value '" + value + "' to SENTINEL CONFIG SET '" + parameter + "'";
  }
}
