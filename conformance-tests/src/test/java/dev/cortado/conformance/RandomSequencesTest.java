package dev.cortado.conformance;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Random sequences of string, key, hash, set, list, sorted-set and stream commands, with MULTI/EXEC blocks,
 * over a few keys and awkward values: every reply from the subject must equal the oracle's (TTLs
 * within tolerance). The types share one key pool, so WRONGTYPE paths are exercised too. The keyspace
 * events of the whole sequence (notify-keyspace-events KEA, seen by a PSUBSCRIBE connection) must
 * match as well, in order. Some sequences speak RESP3, some shrink the listpack limits with CONFIG SET
 * (restored after every try) so sorted sets change encoding. Failures shrink to a short sequence,
 * printed in redis-cli syntax, ready to paste into a case file. The list and sorted-set generators are
 * in {@link RandomCollectionCommands}, the stream ones in {@link RandomStreamCommands}.
 */
@AddLifecycleHook(RandomSequencesTest.RequiresRedis.class)
class RandomSequencesTest {

    /**
     * One command and how its reply is compared. A non-null {@code lexKey} marks a lex-range command
     * (ZRANGEBYLEX, ZLEXCOUNT...): it is sent only while that key's lex order is defined, see
     * {@link #lexOrderDefined}, and skipped otherwise (the failure message lists skipped steps).
     */
    record Cmd(Mode mode, List<String> args, String lexKey) {
        Cmd(Mode mode, List<String> args) {
            this(mode, args, null);
        }

        static Cmd of(String... args) {
            return new Cmd(Mode.EXACT, List.of(args));
        }

        static Cmd of(Mode mode, String... args) {
            return new Cmd(mode, List.of(args));
        }

        @Override
        public String toString() {
            String cmd = Escape.command(Commands.bytes(args.toArray(new String[0])));
            return mode == Mode.EXACT ? cmd : mode.prefix() + ": " + cmd;
        }
    }

    /**
     * What a sequence is about: which commands dominate, whether sorted-set scores are nearly all 0
     * (so the lex-range commands run on skiplists too), and whether it speaks RESP3 (scores as doubles,
     * WITHSCORES as pairs).
     */
    enum Focus { ALL, LISTS, ZSETS, STREAMS }

    record Profile(Focus focus, boolean ties, boolean resp3) {}

    @Property // tries: jqwik.tries.default in junit-platform.properties (200); -Djqwik.tries.default=N for more
    void repliesMatchRealRedis(@ForAll("sequences") List<Cmd> commands) throws java.io.IOException {
        Throwable failure = null;
        try (DualConnection both = new DualConnection(Servers.reference(), Servers.subject());
             NamedConnections events = new NamedConnections(Servers.reference(), Servers.subject(), 2);
             RespConnection oracle = RespConnection.to(Servers.reference())) {
            for (List<String> reset : RandomCollectionCommands.CONFIG_DEFAULTS) {
                both.check(Mode.EXACT, Commands.bytes(reset.toArray(new String[0])), "setup");
            }
            both.check(Mode.EXACT, Commands.bytes("FLUSHALL"), "setup");
            both.check(Mode.EXACT, Commands.bytes("CONFIG", "SET", "notify-keyspace-events", "KEA"), "setup");
            events.check(new CaseFile.Command(0, Mode.EXACT, Commands.bytes("PSUBSCRIBE", "__key*__:*"), null, "events", false),
                    "setup");
            List<Integer> skipped = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                Cmd c = commands.get(i);
                if (c.lexKey() != null && !lexOrderDefined(oracle, c.lexKey())) {
                    skipped.add(i + 1);
                    continue;
                }
                both.check(c.mode(), Commands.bytes(c.args().toArray(new String[0])),
                        "command " + (i + 1) + " of " + commands.size() + " (jqwik prints the whole shrunk sequence)"
                                + (skipped.isEmpty() ? "" : "; skipped, lex order undefined: " + skipped));
            }
            checkFinalState(both);
            events.checkNothingLeft("keyspace events of the whole sequence"
                    + (skipped.isEmpty() ? "" : " (skipped, lex order undefined: " + skipped + ")"));
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // On fresh connections: the sequence's may be inside MULTI, or broken.
            try (DualConnection reset = new DualConnection(Servers.reference(), Servers.subject())) {
                reset.check(Mode.EXACT, Commands.bytes("CONFIG", "SET", "notify-keyspace-events", ""), "teardown");
                for (List<String> r : RandomCollectionCommands.CONFIG_DEFAULTS) {
                    reset.check(Mode.EXACT, Commands.bytes(r.toArray(new String[0])), "teardown");
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * After the sequence, every key's encoding and whole content: a difference no reply showed yet
     * (a score, an element order, a skiplist where Redis keeps a listpack) still fails the try.
     */
    private static void checkFinalState(DualConnection both) {
        for (String k : KEYS) {
            String where = "after the sequence, the state of " + k;
            both.check(Mode.EXACT, Commands.bytes("OBJECT", "ENCODING", k), where);
            String type = new String(both.check(Mode.EXACT, Commands.bytes("TYPE", k), where),
                    java.nio.charset.StandardCharsets.ISO_8859_1).trim();
            switch (type) {
                case "+string" -> both.check(Mode.EXACT, Commands.bytes("GET", k), where);
                case "+list" -> both.check(Mode.EXACT, Commands.bytes("LRANGE", k, "0", "-1"), where);
                case "+hash" -> both.check(Mode.EXACT, Commands.bytes("HGETALL", k), where);
                case "+set" -> both.check(Mode.SORTED, Commands.bytes("SMEMBERS", k), where);
                case "+zset" -> both.check(Mode.EXACT, Commands.bytes("ZRANGE", k, "0", "-1", "WITHSCORES"), where);
                case "+stream" -> RandomStreamCommands.finalState(k).forEach(
                        c -> both.check(Mode.EXACT, Commands.bytes(c.toArray(new String[0])), where));
                default -> { }
            }
            both.check(Mode.TTL, Commands.bytes("TTL", k), where);
        }
    }

    /**
     * Whether a lex-range command on {@code key} has one right answer, asked of the oracle alone (reads
     * only: no events, no change). Redis defines lex ranges only over members of equal score; on other
     * sets a listpack is still walked in order (deterministic), but a skiplist's search depends on its
     * random node levels. Not a sorted set: the command fails or finds nothing, the same way every time.
     */
    static boolean lexOrderDefined(RespConnection oracle, String key) throws java.io.IOException {
        if (!new String(oracle.call("TYPE", key), java.nio.charset.StandardCharsets.ISO_8859_1).equals("+zset\r\n")) {
            return true;
        }
        Resp.Node encoding = Resp.parse(oracle.call("OBJECT", "ENCODING", key));
        if (encoding.payload() != null && new String(encoding.payload(), java.nio.charset.StandardCharsets.ISO_8859_1).equals("listpack")) {
            return true;
        }
        return score(oracle.call("ZRANGE", key, "0", "0", "WITHSCORES")) == score(oracle.call("ZRANGE", key, "-1", "-1", "WITHSCORES"));
    }

    private static double score(byte[] withScores) {
        Resp.Node n = Resp.parse(withScores);
        String s = new String(n.children().get(1).payload(), java.nio.charset.StandardCharsets.ISO_8859_1);
        return switch (s) { // Redis writes infinities as "inf" and "-inf"
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    @Provide
    Arbitrary<List<Cmd>> sequences() {
        Arbitrary<Profile> profile = Combinators.combine(Arbitraries.of(Focus.ALL, Focus.ZSETS, Focus.LISTS, Focus.STREAMS),
                Arbitraries.of(false, false, true), Arbitraries.of(false, false, false, true)).as(Profile::new);
        return profile.flatMap(p -> {
            Arbitrary<List<Cmd>> step = Arbitraries.frequencyOf(
                    Tuple.of(12, command(p, false).map(List::of)),
                    Tuple.of(1, transaction(p)),
                    Tuple.of(1, script(p)),
                    Tuple.of(p.focus() == Focus.ALL ? 1 : 2, RandomCollectionCommands.config().map(List::of)),
                    Tuple.of(p.focus() == Focus.ALL ? 1 : 2, RandomCollectionCommands.pushThenBlock()));
            return step.list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform())
                    .map(steps -> {
                        List<Cmd> all = new ArrayList<>();
                        if (p.resp3()) {
                            // HELLO's map carries server name, version and client id: compare its shape only.
                            all.add(Cmd.of(Mode.ANY, "HELLO", "3"));
                        }
                        steps.forEach(all::addAll);
                        return all;
                    });
        }).withoutEdgeCases(); // else nearly half the tries are one-command edge cases
    }

    /**
     * MULTI, a few commands, then EXEC (or DISCARD). Only commands compared exactly go inside: EXEC's
     * reply array is compared byte for byte, so no TTL or unordered reply may be in it. Blocking
     * commands go only here (besides right behind a push): inside MULTI they never block.
     */
    private static Arbitrary<List<Cmd>> transaction(Profile p) {
        Arbitrary<Cmd> inside = Arbitraries.frequencyOf(
                Tuple.of(8, command(p, true).filter(c -> c.mode() == Mode.EXACT)),
                Tuple.of(1, RandomCollectionCommands.blockingInMulti()));
        Arbitrary<List<Cmd>> body = inside.list().ofMinSize(0).ofMaxSize(5);
        return Combinators.combine(body, Arbitraries.of("EXEC", "EXEC", "EXEC", "DISCARD")).as((cmds, end) -> {
            List<Cmd> block = new ArrayList<>();
            block.add(Cmd.of("MULTI"));
            block.addAll(cmds);
            block.add(Cmd.of(end));
            return block;
        });
    }

    /** Runs its ARGV as commands separated by this word, each with redis.pcall or redis.call. */
    private static final String SCRIPT_SEPARATOR = "--next--";
    private static final String SCRIPT = String.join("\n",
            "local out, cmd = {}, {}",
            "local function run()",
            "  if cmd[1] == 'call' then table.insert(out, redis.call(unpack(cmd, 2)))",
            "  else table.insert(out, redis.pcall(unpack(cmd, 2))) end",
            "  cmd = {}",
            "end",
            "for i = 1, #ARGV do",
            "  if ARGV[i] == '" + SCRIPT_SEPARATOR + "' then run() else table.insert(cmd, ARGV[i]) end",
            "end",
            "run()",
            "return out");

    /**
     * EVAL of one to three commands compared exactly, each through redis.pcall (an error is an
     * element of the reply) or redis.call (an error ends the script with its sha and line): their
     * replies converted to Lua and back, their effects and keyspace events as if sent one by one.
     */
    private static Arbitrary<List<Cmd>> script(Profile p) {
        Arbitrary<Cmd> inside = command(p, true).filter(c -> c.mode() == Mode.EXACT);
        Arbitrary<List<String>> one = Combinators.combine(inside, Arbitraries.of("pcall", "pcall", "call"))
                .as((c, how) -> {
                    List<String> words = new ArrayList<>();
                    words.add(how);
                    words.addAll(c.args());
                    return words;
                });
        return one.list().ofMinSize(1).ofMaxSize(3).map(cmds -> {
            List<String> args = new ArrayList<>(List.of("EVAL", SCRIPT, "0"));
            for (int i = 0; i < cmds.size(); i++) {
                if (i > 0) {
                    args.add(SCRIPT_SEPARATOR);
                }
                args.addAll(cmds.get(i));
            }
            return List.of(new Cmd(Mode.EXACT, args));
        });
    }

    // --- pools: few keys so commands collide; values that stress parsing and encodings

    private static final List<String> KEYS = List.of("k1", "k2", "k3", "k4");

    static Arbitrary<String> key() {
        return Arbitraries.of(KEYS);
    }

    private static Arbitrary<String> value() {
        return Arbitraries.of("0", "1", "-1", "42", "10000", "9223372036854775807", "-9223372036854775808",
                "9223372036854775808", "010", " 12", "+5", "1.5", "-0.25", "1e3", "", "abc", "hello world",
                "\u0000\u00ff\r\nbin", "x".repeat(50));
    }

    private static Arbitrary<String> intArg() {
        return Arbitraries.of("0", "1", "-1", "100", "-7", "9223372036854775807", "-9223372036854775808",
                "abc", "1.5");
    }

    /** Dyadic fractions only: decimal ones expose long-double digits, covered by strings.txt. */
    private static Arbitrary<String> floatArg() {
        return Arbitraries.of("1", "-2", "0.5", "1.25", "-0.125", "1e2", "0", "abc", "inf");
    }

    private static Arbitrary<String> ttlSeconds() {
        return Arbitraries.of("1000", "5000", "100000", "0", "-1", "abc");
    }

    static Arbitrary<String> index() {
        return Arbitraries.integers().between(-12, 12).map(String::valueOf);
    }

    private static Arbitrary<List<String>> keys() {
        return key().list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * One command of any type. The weights follow the sequence's focus; {@code inMulti} leaves out the
     * lex-range commands, whose guard would look at the key when they are queued, not run.
     */
    private static Arbitrary<Cmd> command(Profile p, boolean inMulti) {
        int[] w = switch (p.focus()) { // strings and keys, hashes, sets, lists, sorted sets, streams
            case ALL -> new int[] {56, 12, 12, 20, 28, 16};
            case LISTS -> new int[] {10, 3, 3, 60, 10, 3};
            case ZSETS -> new int[] {10, 3, 6, 3, 60, 3};
            case STREAMS -> new int[] {10, 3, 3, 3, 3, 60};
        };
        return Arbitraries.<Cmd>frequencyOf(
                weighted(w[0], stringOrKeyCommand()),
                weighted(w[1], hashCommand()),
                weighted(w[2], setCommand()),
                weighted(w[3], RandomCollectionCommands.listCommand()),
                weighted(w[4], RandomCollectionCommands.zsetCommand(p.ties(), inMulti)),
                weighted(w[5], RandomStreamCommands.streamCommand()));
    }

    private static Arbitrary<Cmd> stringOrKeyCommand() {
        return Arbitraries.<Cmd>frequencyOf(
                weighted(6, set()),
                weighted(4, key().map(k -> Cmd.of("GET", k))),
                weighted(2, key().map(k -> Cmd.of("INCR", k))),
                weighted(1, key().map(k -> Cmd.of("DECR", k))),
                weighted(2, Combinators.combine(key(), intArg()).as((k, n) -> Cmd.of("INCRBY", k, n))),
                weighted(1, Combinators.combine(key(), intArg()).as((k, n) -> Cmd.of("DECRBY", k, n))),
                weighted(2, Combinators.combine(key(), floatArg()).as((k, f) -> Cmd.of("INCRBYFLOAT", k, f))),
                weighted(2, Combinators.combine(key(), value()).as((k, v) -> Cmd.of("APPEND", k, v))),
                weighted(2, Combinators.combine(key(), index(), index()).as((k, a, b) -> Cmd.of("GETRANGE", k, a, b))),
                weighted(2, Combinators.combine(key(), Arbitraries.integers().between(0, 12), value())
                        .as((k, o, v) -> Cmd.of("SETRANGE", k, String.valueOf(o), v))),
                weighted(2, key().map(k -> Cmd.of("STRLEN", k))),
                weighted(2, keys().map(ks -> cmd("DEL", ks))),
                weighted(2, keys().map(ks -> cmd("EXISTS", ks))),
                weighted(1, keys().map(ks -> cmd("MGET", ks))),
                weighted(1, Combinators.combine(key(), key()).as((a, b) -> Cmd.of("RENAME", a, b))),
                weighted(1, Combinators.combine(key(), key()).as((a, b) -> Cmd.of("RENAMENX", a, b))),
                weighted(1, Combinators.combine(key(), key(), Arbitraries.of(false, true))
                        .as((a, b, replace) -> replace ? Cmd.of("COPY", a, b, "REPLACE") : Cmd.of("COPY", a, b))),
                weighted(2, expire()),
                weighted(1, key().map(k -> Cmd.of("PERSIST", k))),
                weighted(2, key().map(k -> Cmd.of(Mode.TTL, "TTL", k))),
                weighted(1, key().map(k -> Cmd.of(Mode.PTTL, "PTTL", k))),
                weighted(1, key().map(k -> Cmd.of(Mode.TTL, "EXPIRETIME", k))),
                weighted(2, key().map(k -> Cmd.of("TYPE", k))),
                weighted(1, Combinators.combine(key(), value(), key(), value())
                        .as((a, x, b, y) -> Cmd.of("MSETNX", a, x, b, y))),
                weighted(1, Combinators.combine(key(), value(), key(), value())
                        .as((a, x, b, y) -> Cmd.of("MSET", a, x, b, y))),
                weighted(1, Combinators.combine(key(), value()).as((k, v) -> Cmd.of("SETNX", k, v))),
                weighted(1, Combinators.combine(key(), value()).as((k, v) -> Cmd.of("GETSET", k, v))),
                weighted(1, key().map(k -> Cmd.of("GETDEL", k))),
                weighted(1, getex()),
                weighted(1, Combinators.combine(key(), ttlSeconds(), value()).as((k, t, v) -> Cmd.of("SETEX", k, t, v))),
                weighted(1, Arbitraries.just(Cmd.of("DBSIZE"))),
                weighted(1, Arbitraries.just(Cmd.of(Mode.SORTED, "KEYS", "*"))));
    }

    // --- hashes: few fields, so hashes stay small ("listpack") and keep Redis's insertion order

    private static Arbitrary<String> field() {
        return Arbitraries.of("f1", "f2", "f3", "f4");
    }

    private static Arbitrary<Cmd> hashCommand() {
        return Arbitraries.<Cmd>frequencyOf(
                weighted(4, Combinators.combine(key(), field(), value()).as((k, f, v) -> Cmd.of("HSET", k, f, v))),
                weighted(1, Combinators.combine(key(), field(), value(), field(), value())
                        .as((k, f, v, g, w) -> Cmd.of("HSET", k, f, v, g, w))),
                weighted(1, Combinators.combine(key(), field(), value()).as((k, f, v) -> Cmd.of("HSETNX", k, f, v))),
                weighted(3, Combinators.combine(key(), field()).as((k, f) -> Cmd.of("HGET", k, f))),
                weighted(1, Combinators.combine(key(), field(), field()).as((k, f, g) -> Cmd.of("HMGET", k, f, g))),
                weighted(2, Combinators.combine(key(), field()).as((k, f) -> Cmd.of("HDEL", k, f))),
                weighted(1, Combinators.combine(key(), field()).as((k, f) -> Cmd.of("HEXISTS", k, f))),
                weighted(1, key().map(k -> Cmd.of("HLEN", k))),
                weighted(2, key().map(k -> Cmd.of("HGETALL", k))),
                weighted(1, key().map(k -> Cmd.of("HKEYS", k))),
                weighted(1, key().map(k -> Cmd.of("HVALS", k))),
                weighted(2, Combinators.combine(key(), field(), intArg()).as((k, f, n) -> Cmd.of("HINCRBY", k, f, n))),
                weighted(1, Combinators.combine(key(), field(), floatArg())
                        .as((k, f, x) -> Cmd.of("HINCRBYFLOAT", k, f, x))),
                weighted(1, Combinators.combine(key(), field()).as((k, f) -> Cmd.of("HSTRLEN", k, f))),
                weighted(1, key().map(k -> Cmd.of("HSCAN", k, "0"))));
    }

    // --- sets: integer members keep a set an ordered "intset"; words make it a "hashtable"

    private static Arbitrary<String> member() {
        return Arbitraries.of("1", "2", "-3", "10", "a", "b", "c", "");
    }

    private static Arbitrary<Cmd> setCommand() {
        return Arbitraries.<Cmd>frequencyOf(
                weighted(4, Combinators.combine(key(), member().list().ofMinSize(1).ofMaxSize(3))
                        .as((k, ms) -> cmd("SADD", prepend(k, ms)))),
                weighted(2, Combinators.combine(key(), member()).as((k, m) -> Cmd.of("SREM", k, m))),
                weighted(2, Combinators.combine(key(), member()).as((k, m) -> Cmd.of("SISMEMBER", k, m))),
                weighted(1, Combinators.combine(key(), member(), member())
                        .as((k, m, n) -> Cmd.of("SMISMEMBER", k, m, n))),
                weighted(2, key().map(k -> Cmd.of(Mode.SORTED, "SMEMBERS", k))),
                weighted(2, key().map(k -> Cmd.of("SCARD", k))),
                weighted(1, Combinators.combine(key(), key(), member()).as((a, b, m) -> Cmd.of("SMOVE", a, b, m))),
                weighted(1, keys().map(ks -> cmd(Mode.SORTED, "SINTER", ks))),
                weighted(1, keys().map(ks -> cmd(Mode.SORTED, "SUNION", ks))),
                weighted(1, keys().map(ks -> cmd(Mode.SORTED, "SDIFF", ks))),
                weighted(1, Combinators.combine(key(), keys()).as((d, ks) -> cmd("SINTERSTORE", prepend(d, ks)))),
                weighted(1, Combinators.combine(key(), keys()).as((d, ks) -> cmd("SUNIONSTORE", prepend(d, ks)))),
                weighted(1, Combinators.combine(key(), keys()).as((d, ks) -> cmd("SDIFFSTORE", prepend(d, ks)))),
                weighted(1, keys().map(ks -> {
                    List<String> args = new ArrayList<>(List.of(String.valueOf(ks.size())));
                    args.addAll(ks);
                    return cmd("SINTERCARD", args);
                })));
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** SET with a random, sometimes contradictory, subset of its options. */
    private static Arbitrary<Cmd> set() {
        Arbitrary<List<String>> condition = Arbitraries.of(List.of(), List.of(), List.of("NX"), List.of("XX"),
                List.of("NX", "XX"));
        Arbitrary<List<String>> get = Arbitraries.of(List.of(), List.of(), List.of("GET"));
        Arbitrary<List<String>> expiry = Combinators.combine(Arbitraries.of("EX", "PX", "KEEPTTL", "", "", ""),
                ttlSeconds()).as((opt, n) -> switch (opt) {
                    case "EX" -> List.of("EX", n);
                    case "PX" -> List.of("PX", n + "000");
                    case "KEEPTTL" -> List.of("KEEPTTL");
                    default -> List.<String>of();
                });
        return Combinators.combine(key(), value(), condition, get, expiry).as((k, v, c, g, e) -> {
            List<String> args = new ArrayList<>(List.of("SET", k, v));
            args.addAll(c);
            args.addAll(g);
            args.addAll(e);
            return new Cmd(Mode.EXACT, args);
        });
    }

    private static Arbitrary<Cmd> expire() {
        // Relative expiries only with NX/XX: GT/LT between two equal relative times races with the
        // clock (same millisecond or not), so those compare absolute times, far apart from relative ones.
        Arbitrary<Cmd> relative = Combinators.combine(Arbitraries.of("EXPIRE", "PEXPIRE"), key(), ttlSeconds(),
                        Arbitraries.<List<String>>of(List.of(), List.of(), List.of("NX"), List.of("XX"), List.of("NX", "GT")))
                .as((cmd, k, t, o) -> withOptions(cmd, k, cmd.equals("PEXPIRE") ? t + "000" : t, o));
        Arbitrary<Cmd> absolute = Combinators.combine(Arbitraries.of("EXPIREAT", "PEXPIREAT"), key(),
                        Arbitraries.of("4000000000", "4000000100", "3900000000", "1"),
                        Arbitraries.<List<String>>of(List.of(), List.of("GT"), List.of("LT"), List.of("XX", "GT"), List.of("NX")))
                .as((cmd, k, t, o) -> withOptions(cmd, k, cmd.equals("PEXPIREAT") ? t + "000" : t, o));
        return Arbitraries.oneOf(relative, absolute);
    }

    private static Cmd withOptions(String cmd, String key, String time, List<String> options) {
        List<String> args = new ArrayList<>(List.of(cmd, key, time));
        args.addAll(options);
        return new Cmd(Mode.EXACT, args);
    }

    private static Arbitrary<Cmd> getex() {
        return Combinators.combine(key(), Arbitraries.of("", "EX", "PX", "PERSIST"), ttlSeconds())
                .as((k, opt, t) -> switch (opt) {
                    case "EX" -> Cmd.of("GETEX", k, "EX", t);
                    case "PX" -> Cmd.of("GETEX", k, "PX", t + "000");
                    case "PERSIST" -> Cmd.of("GETEX", k, "PERSIST");
                    default -> Cmd.of("GETEX", k);
                });
    }

    private static Cmd cmd(String name, List<String> keys) {
        return cmd(Mode.EXACT, name, keys);
    }

    private static Cmd cmd(Mode mode, String name, List<String> keys) {
        List<String> args = new ArrayList<>();
        args.add(name);
        args.addAll(keys);
        return new Cmd(mode, args);
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Cmd>> weighted(int weight, Arbitrary<Cmd> a) {
        return Tuple.of(weight, a);
    }

    /** Skips (or on CI fails, via RealRedis) when there is no redis-server to compare with. */
    static final class RequiresRedis implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            if (RealRedis.binaryAvailable() || "true".equalsIgnoreCase(System.getenv("CI"))) {
                return SkipResult.doNotSkip();
            }
            RealRedis.printMissingBinaryWarning();
            return SkipResult.skip("redis-server not on PATH");
        }
    }
}
