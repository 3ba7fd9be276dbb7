package dev.cortado.conformance;

import dev.cortado.conformance.RandomSequencesTest.Cmd;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The list and sorted-set generators of {@link RandomSequencesTest}: commands over the shared key
 * pool (so they meet strings, hashes and sets there and take the WRONGTYPE paths), with argument
 * pools that reach the edges: score ties, negative zero, infinities, exclusive and malformed bounds,
 * contradictory ZADD flags, members long enough to leave the listpack encoding.
 *
 * <p>Nothing here has an order Redis leaves open: no ZRANDMEMBER, ZSCAN only compared as a multiset
 * and with a COUNT above the member pool, and the lex-range commands carry {@link Cmd#lexKey()}: the
 * runner sends them only when that key's lex order is defined (see
 * {@link RandomSequencesTest#lexOrderDefined}). Blocking commands appear only inside MULTI (where they
 * never block) or right behind a push to one of their keys (so there is an element to take).
 */
final class RandomCollectionCommands {
    private RandomCollectionCommands() {}

    private static Arbitrary<String> key() {
        return RandomSequencesTest.key();
    }

    private static Arbitrary<List<String>> keys() {
        return key().list().ofMinSize(1).ofMaxSize(3);
    }

    /** Builds a command from strings and lists of strings, flattened in order. */
    static Cmd cmd(Object... parts) {
        return new Cmd(Mode.EXACT, flatten(parts));
    }

    static Cmd cmd(Mode mode, Object... parts) {
        return new Cmd(mode, flatten(parts));
    }

    /** A lex-range command, sent only when {@code lexKey}'s members are in a defined lex order. */
    static Cmd lexCmd(String lexKey, Object... parts) {
        return new Cmd(Mode.EXACT, flatten(parts), lexKey);
    }

    private static List<String> flatten(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> args.add((String) x));
            } else {
                args.add((String) p);
            }
        }
        return args;
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Cmd>> weighted(int weight, Arbitrary<Cmd> a) {
        return Tuple.of(weight, a);
    }

    /** An optional argument group: absent about half the time. */
    private static Arbitrary<List<String>> maybe(Arbitrary<List<String>> present) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.of())), Tuple.of(1, present));
    }

    /** numkeys for a key list: usually right, sometimes zero, negative, too big or not a number. */
    private static Arbitrary<String> numkeys(List<String> ks) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(String.valueOf(ks.size()))),
                Tuple.of(1, Arbitraries.of("0", "-1", "abc", String.valueOf(ks.size() + 1))));
    }

    /** "numkeys key..." as one group, numkeys mostly right. */
    private static Arbitrary<List<String>> numkeysAndKeys() {
        return keys().flatMap(ks -> numkeys(ks).map(n -> {
            List<String> all = new ArrayList<>();
            all.add(n);
            all.addAll(ks);
            return all;
        }));
    }

    /** A key list that certainly contains {@code k}, at some position. */
    private static Arbitrary<List<String>> keysWith(String k) {
        return Combinators.combine(key().list().ofMaxSize(2), Arbitraries.integers().between(0, 2)).as((others, at) -> {
            List<String> all = new ArrayList<>(others);
            all.add(Math.min(at, all.size()), k);
            return all;
        });
    }

    private static Arbitrary<String> count() {
        return Arbitraries.of("0", "1", "2", "5", "-1", "abc");
    }

    private static Arbitrary<String> smallIndex() {
        return Arbitraries.integers().between(-6, 6).map(String::valueOf);
    }

    // --- lists (always "quicklist" in Redis 7.0, whatever list-max-listpack-size says)

    private static Arbitrary<String> element() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of("a", "b", "c", "1", "10", "-3", "", "a b")),
                Tuple.of(1, Arbitraries.just("x".repeat(70))));
    }

    private static Arbitrary<List<String>> elements() {
        return element().list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<String> direction() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("LEFT", "RIGHT", "left")),
                Tuple.of(1, Arbitraries.just("UP")));
    }

    static Arbitrary<Cmd> listCommand() {
        return Arbitraries.<Cmd>frequencyOf(
                weighted(6, Combinators.combine(Arbitraries.of("LPUSH", "RPUSH"), key(), elements())
                        .as((c, k, es) -> cmd(c, k, es))),
                weighted(2, Combinators.combine(Arbitraries.of("LPUSHX", "RPUSHX"), key(), elements())
                        .as((c, k, es) -> cmd(c, k, es))),
                weighted(4, Combinators.combine(Arbitraries.of("LPOP", "RPOP"), key(), maybe(count().map(List::of)))
                        .as((c, k, n) -> cmd(c, k, n))),
                weighted(4, Combinators.combine(key(), RandomSequencesTest.index(), RandomSequencesTest.index())
                        .as((k, a, b) -> cmd("LRANGE", k, a, b))),
                weighted(2, key().map(k -> cmd("LLEN", k))),
                weighted(2, Combinators.combine(key(), smallIndex()).as((k, i) -> cmd("LINDEX", k, i))),
                weighted(2, Combinators.combine(key(), smallIndex(), element()).as((k, i, e) -> cmd("LSET", k, i, e))),
                weighted(2, Combinators.combine(key(), Arbitraries.integers().between(-2, 2), element())
                        .as((k, n, e) -> cmd("LREM", k, String.valueOf(n), e))),
                weighted(2, Combinators.combine(key(), smallIndex(), smallIndex()).as((k, a, b) -> cmd("LTRIM", k, a, b))),
                weighted(2, Combinators.combine(key(), Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of("BEFORE", "AFTER", "after")),
                                Tuple.of(1, Arbitraries.just("NEXT"))), element(), element())
                        .as((k, where, pivot, e) -> cmd("LINSERT", k, where, pivot, e))),
                weighted(3, lpos()),
                weighted(2, Combinators.combine(key(), key()).as((a, b) -> cmd("RPOPLPUSH", a, b))),
                weighted(2, Combinators.combine(key(), key(), direction(), direction())
                        .as((a, b, from, to) -> cmd("LMOVE", a, b, from, to))),
                weighted(2, Combinators.combine(numkeysAndKeys(), direction(), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((ks, dir, n) -> cmd("LMPOP", ks, dir, n))),
                weighted(2, key().map(k -> cmd("OBJECT", "ENCODING", k))));
    }

    /** LPOS with RANK/COUNT/MAXLEN in any order, sometimes repeated, sometimes out of range. */
    private static Arbitrary<Cmd> lpos() {
        Arbitrary<List<String>> option = Arbitraries.oneOf(
                Arbitraries.of("1", "2", "-1", "-2", "0", "abc").map(r -> List.of("RANK", r)),
                Arbitraries.of("0", "1", "2", "-1").map(n -> List.of("COUNT", n)),
                Arbitraries.of("0", "1", "2", "-1").map(n -> List.of("MAXLEN", n)),
                Arbitraries.just(List.of("FIRST")));
        Arbitrary<List<String>> options = Arbitraries.frequencyOf(
                Tuple.of(10, option.list().ofMaxSize(3).map(l -> l.stream().flatMap(List::stream).toList())),
                Tuple.of(1, option.filter(o -> o.size() == 2).map(o -> List.of(o.get(0))))); // option without its value
        return Combinators.combine(key(), element(), options).as((k, e, o) -> cmd("LPOS", k, e, o));
    }

    // --- sorted sets

    /**
     * Members: small integers and short words (the order of equal scores is byte order, so "-3" <
     * "1" < "10" < "2" < "a" < "\xff"), and a rare one too long for the listpack at the default
     * zset-max-listpack-value.
     */
    private static Arbitrary<String> member() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.of("1", "2", "-3", "10", "a", "b", "c", "ab", "")),
                // bytes above 0x7f order after ASCII (memcmp, unsigned); "010" is no integer to a listpack
                Tuple.of(2, Arbitraries.of("\u00ff", "010", "9223372036854775808")),
                Tuple.of(1, Arbitraries.just("m".repeat(70))));
    }

    private static Arbitrary<List<String>> members() {
        return member().list().ofMinSize(1).ofMaxSize(3);
    }

    /**
     * Scores with ties, negative zero (a listpack stores 0, a skiplist -0), decimals printed as %.17g
     * (0.1), infinities, a hex float (strtod reads it) and invalid ones. With {@code ties} nearly every
     * score is 0, so the lex-range commands find skiplists in a defined lex order.
     */
    private static Arbitrary<String> score(boolean ties) {
        if (ties) {
            return Arbitraries.frequencyOf(Tuple.of(16, Arbitraries.just("0")),
                    Tuple.of(1, Arbitraries.of("-0", "1", "abc")));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.of("0", "1", "1", "2", "2", "-1", "-2.5", "0.1", "1.5", "3", "1e2", "-0")),
                Tuple.of(3, Arbitraries.of("0.3", "-1e-5", "12345.678", "1e17", "4611686018427387905")),
                Tuple.of(4, Arbitraries.of("inf", "-inf", "+inf")),
                Tuple.of(2, Arbitraries.of("abc", "nan", "0x10", "", "1e400", " 1", "1 ")));
    }

    private static Arbitrary<String> increment(boolean ties) {
        if (ties) {
            return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("0")), Tuple.of(1, Arbitraries.of("-0", "1", "abc")));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of("1", "-1", "0.1", "0.5", "2", "0", "-0")),
                Tuple.of(2, Arbitraries.of("0.2", "1e-7", "-12345.678", "1e17")),
                Tuple.of(2, Arbitraries.of("inf", "-inf")),
                Tuple.of(1, Arbitraries.of("abc", "nan")));
    }

    private static Arbitrary<String> scoreBound() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.of("-inf", "+inf", "inf", "0", "1", "(1", "-1", "(0", "2", "(2", "1.5",
                        "0.1", "-0", "(-inf", "(+inf")),
                Tuple.of(2, Arbitraries.of("abc", "(", "(abc", "[1", "nan")));
    }

    private static Arbitrary<String> lexBound() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.of("-", "+", "[a", "(a", "[b", "(b", "[1", "(10", "[", "(", "[ab", "(c", "[2")),
                Tuple.of(2, Arbitraries.of("[\u00ff", "(\u00ff", "[\u0080")),
                Tuple.of(2, Arbitraries.of("a", "", "-inf", "+a")));
    }

    private static Arbitrary<String> weight() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of("1", "2", "-1", "0.5", "0")),
                Tuple.of(2, Arbitraries.of("inf", "-inf")),
                Tuple.of(1, Arbitraries.just("abc")));
    }

    private static Arbitrary<List<String>> limit() {
        return Combinators.combine(Arbitraries.of("0", "1", "2", "-1"), Arbitraries.of("-1", "0", "1", "2", "5"))
                .as((off, n) -> List.of("LIMIT", off, n));
    }

    private static Arbitrary<List<String>> withScores() {
        return Arbitraries.of(List.of(), List.of("WITHSCORES"));
    }

    /** ZADD flags in any order, repeated or contradictory ones included (those must give Redis's error). */
    private static Arbitrary<List<String>> zaddFlags() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.of())),
                Tuple.of(5, Arbitraries.of("NX", "XX", "GT", "LT", "CH", "INCR", "ch", "gt").list().ofMinSize(1).ofMaxSize(3)));
    }

    private static Arbitrary<Cmd> zadd(boolean ties) {
        Arbitrary<List<String>> pair = Combinators.combine(score(ties), member()).as(List::of);
        Arbitrary<List<String>> pairs = Arbitraries.frequencyOf(
                Tuple.of(12, pair.list().ofMinSize(1).ofMaxSize(4).map(l -> l.stream().flatMap(List::stream).toList())),
                Tuple.of(1, score(ties).map(List::of))); // a score without its member
        return Combinators.combine(key(), zaddFlags(), pairs).as((k, f, p) -> cmd("ZADD", k, f, p));
    }

    /** ZRANGE by rank or score (with REV, LIMIT, WITHSCORES, also in combinations Redis refuses). */
    private static Arbitrary<Cmd> zrange() {
        Arbitrary<List<String>> byRank = Combinators.combine(RandomSequencesTest.index(), RandomSequencesTest.index(),
                        Arbitraries.of(List.<String>of(), List.of("REV")),
                        Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(List.<String>of())), Tuple.of(1, limit())),
                        withScores())
                .as((a, b, rev, lim, ws) -> flatten(a, b, rev, lim, ws));
        Arbitrary<List<String>> byScore = Combinators.combine(scoreBound(), scoreBound(),
                        Arbitraries.of(List.<String>of(), List.of("REV")), maybe(limit()), withScores())
                .as((a, b, rev, lim, ws) -> flatten(a, b, "BYSCORE", rev, lim, ws));
        return Combinators.combine(key(), Arbitraries.oneOf(byRank, byScore)).as((k, rest) -> cmd("ZRANGE", k, rest));
    }

    private static Arbitrary<Cmd> zrangeByLex() {
        return Combinators.combine(key(), lexBound(), lexBound(), Arbitraries.of(List.<String>of(), List.of("REV")),
                        maybe(limit()), Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(List.<String>of())),
                                Tuple.of(1, Arbitraries.just(List.of("WITHSCORES")))))
                .as((k, a, b, rev, lim, ws) -> lexCmd(k, "ZRANGE", k, a, b, "BYLEX", rev, lim, ws));
    }

    private static Arbitrary<Cmd> zrangestore() {
        Arbitrary<List<String>> byRank = Combinators.combine(smallIndex(), smallIndex(),
                        Arbitraries.of(List.<String>of(), List.of("REV")))
                .as((a, b, rev) -> flatten(a, b, rev));
        Arbitrary<List<String>> byScore = Combinators.combine(scoreBound(), scoreBound(),
                        Arbitraries.of(List.<String>of(), List.of("REV")), maybe(limit()),
                        Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(List.<String>of())),
                                Tuple.of(1, Arbitraries.just(List.of("WITHSCORES")))))
                .as((a, b, rev, lim, ws) -> flatten(a, b, "BYSCORE", rev, lim, ws));
        return Combinators.combine(key(), key(), Arbitraries.oneOf(byRank, byScore))
                .as((dst, src, rest) -> cmd("ZRANGESTORE", dst, src, rest));
    }

    private static Arbitrary<Cmd> zrangestoreByLex() {
        return Combinators.combine(key(), key(), lexBound(), lexBound(), Arbitraries.of(List.<String>of(), List.of("REV")),
                        maybe(limit()))
                .as((dst, src, a, b, rev, lim) -> lexCmd(src, "ZRANGESTORE", dst, src, a, b, "BYLEX", rev, lim));
    }

    /** WEIGHTS (usually one per key) and AGGREGATE for ZUNION/ZINTER and their STORE forms. */
    private static Arbitrary<List<String>> weightsAndAggregate(int numkeys) {
        Arbitrary<List<String>> weights = Arbitraries.frequencyOf(
                Tuple.of(6, weight().list().ofSize(Math.max(numkeys, 0))),
                Tuple.of(1, weight().list().ofSize(Math.max(numkeys, 0) + 1)),
                Tuple.of(1, weight().list().ofSize(Math.max(numkeys - 1, 0))))
                .map(ws -> flatten("WEIGHTS", ws));
        Arbitrary<List<String>> aggregate = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("SUM", "MIN", "MAX", "max")),
                Tuple.of(1, Arbitraries.just("AVG"))).map(a -> List.of("AGGREGATE", a));
        return Combinators.combine(maybe(weights), maybe(aggregate)).as((w, a) -> flatten(w, a));
    }

    /** ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE; sets are valid inputs (score 1), so the shared keys matter. */
    private static Arbitrary<Cmd> zstore(String name) {
        return Combinators.combine(key(), keys()).flatAs((dst, ks) -> numkeys(ks).flatMap(n -> {
            Arbitrary<List<String>> options = name.equals("ZDIFFSTORE")
                    ? Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(List.<String>of())),
                            Tuple.of(1, Arbitraries.just(List.of("WEIGHTS", "1"))))
                    : weightsAndAggregate(ks.size());
            return options.map(o -> cmd(name, dst, n, ks, o));
        }));
    }

    /** ZUNION / ZINTER / ZDIFF with or without WITHSCORES: replies in score order, then member order. */
    private static Arbitrary<Cmd> zsetOperation(String name) {
        return keys().flatMap(ks -> Combinators.combine(numkeys(ks),
                        name.equals("ZDIFF") ? Arbitraries.just(List.<String>of()) : weightsAndAggregate(ks.size()),
                        withScores())
                .as((n, o, ws) -> cmd(name, n, ks, o, ws)));
    }

    /**
     * @param ties    nearly all scores 0 (lex order defined in any encoding)
     * @param inMulti for a MULTI body: no lex-range commands (their guard looks at the key when the
     *                command is queued, not when EXEC runs it) and nothing compared inexactly
     */
    static Arbitrary<Cmd> zsetCommand(boolean ties, boolean inMulti) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends Cmd>>> all = new ArrayList<>(List.of(
                weighted(10, zadd(ties)),
                weighted(3, Combinators.combine(key(), members()).as((k, ms) -> cmd("ZREM", k, ms))),
                weighted(2, Combinators.combine(key(), member()).as((k, m) -> cmd("ZSCORE", k, m))),
                weighted(1, Combinators.combine(key(), members()).as((k, ms) -> cmd("ZMSCORE", k, ms))),
                weighted(3, Combinators.combine(key(), increment(ties), member()).as((k, i, m) -> cmd("ZINCRBY", k, i, m))),
                weighted(2, key().map(k -> cmd("ZCARD", k))),
                weighted(2, Combinators.combine(key(), scoreBound(), scoreBound()).as((k, a, b) -> cmd("ZCOUNT", k, a, b))),
                weighted(2, Combinators.combine(Arbitraries.of("ZRANK", "ZREVRANK"), key(), member())
                        .as((c, k, m) -> cmd(c, k, m))),
                weighted(6, zrange()),
                weighted(2, Combinators.combine(key(), scoreBound(), scoreBound(), withScores(),
                                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<String>of())), Tuple.of(1, limit())))
                        .as((k, a, b, ws, lim) -> cmd("ZRANGEBYSCORE", k, a, b, ws, lim))),
                weighted(2, Combinators.combine(key(), scoreBound(), scoreBound(), withScores(),
                                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<String>of())), Tuple.of(1, limit())))
                        .as((k, a, b, ws, lim) -> cmd("ZREVRANGEBYSCORE", k, a, b, ws, lim))),
                weighted(2, zrangestore()),
                weighted(1, Combinators.combine(key(), smallIndex(), smallIndex()).as((k, a, b) -> cmd("ZREMRANGEBYRANK", k, a, b))),
                weighted(1, Combinators.combine(key(), scoreBound(), scoreBound()).as((k, a, b) -> cmd("ZREMRANGEBYSCORE", k, a, b))),
                weighted(3, Combinators.combine(Arbitraries.of("ZPOPMIN", "ZPOPMAX"), key(), maybe(count().map(List::of)))
                        .as((c, k, n) -> cmd(c, k, n))),
                weighted(2, Combinators.combine(numkeysAndKeys(), Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("MIN", "MAX", "min")),
                                Tuple.of(1, Arbitraries.just("MID"))), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((ks, which, n) -> cmd("ZMPOP", ks, which, n))),
                weighted(2, zstore("ZUNIONSTORE")),
                weighted(2, zstore("ZINTERSTORE")),
                weighted(1, zstore("ZDIFFSTORE")),
                weighted(1, zsetOperation("ZUNION")),
                weighted(1, zsetOperation("ZINTER")),
                weighted(1, zsetOperation("ZDIFF")),
                weighted(1, Combinators.combine(numkeysAndKeys(), maybe(Arbitraries.of("0", "1", "2", "-1").map(n -> List.of("LIMIT", n))))
                        .as((ks, lim) -> cmd("ZINTERCARD", ks, lim))),
                weighted(2, key().map(k -> cmd("OBJECT", "ENCODING", k)))));
        if (!inMulti) {
            // Below COUNT 100 with at most ten members a skiplist's ZSCAN returns everything in one
            // call, in hash order: compared as a multiset.
            all.add(weighted(1, key().map(k -> cmd(Mode.SORTED, "ZSCAN", k, "0", "COUNT", "100"))));
            all.add(weighted(2, Combinators.combine(key(), lexBound(), lexBound()).as((k, a, b) -> lexCmd(k, "ZLEXCOUNT", k, a, b))));
            all.add(weighted(2, Combinators.combine(Arbitraries.of("ZRANGEBYLEX", "ZREVRANGEBYLEX"), key(), lexBound(), lexBound(),
                            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<String>of())), Tuple.of(1, limit())))
                    .as((c, k, a, b, lim) -> lexCmd(k, c, k, a, b, lim))));
            all.add(weighted(2, zrangeByLex()));
            all.add(weighted(1, zrangestoreByLex()));
            all.add(weighted(1, Combinators.combine(key(), lexBound(), lexBound()).as((k, a, b) -> lexCmd(k, "ZREMRANGEBYLEX", k, a, b))));
        }
        @SuppressWarnings("unchecked")
        Tuple.Tuple2<Integer, Arbitrary<? extends Cmd>>[] array = all.toArray(new Tuple.Tuple2[0]);
        return Arbitraries.frequencyOf(array);
    }

    // --- blocking commands, on paths that cannot block

    private static Arbitrary<String> timeout() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("0.01", "0", "1")), Tuple.of(1, Arbitraries.of("-1", "abc")));
    }

    /** Inside MULTI a blocking command never blocks: it answers like its non-blocking form (or nil). */
    static Arbitrary<Cmd> blockingInMulti() {
        return Arbitraries.<Cmd>frequencyOf(
                weighted(3, Combinators.combine(Arbitraries.of("BLPOP", "BRPOP"), keys(), timeout()).as((c, ks, t) -> cmd(c, ks, t))),
                weighted(1, Combinators.combine(key(), key(), timeout()).as((a, b, t) -> cmd("BRPOPLPUSH", a, b, t))),
                weighted(2, Combinators.combine(key(), key(), direction(), direction(), timeout())
                        .as((a, b, from, to, t) -> cmd("BLMOVE", a, b, from, to, t))),
                weighted(2, Combinators.combine(timeout(), numkeysAndKeys(), direction(), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((t, ks, dir, n) -> cmd("BLMPOP", t, ks, dir, n))),
                weighted(2, Combinators.combine(Arbitraries.of("BZPOPMIN", "BZPOPMAX"), keys(), timeout()).as((c, ks, t) -> cmd(c, ks, t))),
                weighted(1, Combinators.combine(timeout(), numkeysAndKeys(), Arbitraries.of("MIN", "MAX"), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((t, ks, which, n) -> cmd("BZMPOP", t, ks, which, n))));
    }

    /**
     * Outside MULTI: a push, then a blocking pop (timeout 0.01) among whose keys is the pushed one.
     * Either the push succeeded (the key holds an element, the pop takes one at once) or it failed
     * with WRONGTYPE (so does the pop, at once). The numkeys of the multi-pops are right, so the
     * pushed key is always among the keys they look at.
     */
    static Arbitrary<List<Cmd>> pushThenBlock() {
        Arbitrary<List<Cmd>> lists = Combinators.combine(key(), element(), key()).flatAs((k, e, dst) -> Arbitraries.<Cmd>oneOf(
                Combinators.combine(Arbitraries.of("BLPOP", "BRPOP"), keysWith(k)).as((c, ks) -> cmd(c, ks, "0.01")),
                Arbitraries.just(cmd("BRPOPLPUSH", k, dst, "0.01")),
                Combinators.combine(direction(), direction()).as((from, to) -> cmd("BLMOVE", k, dst, from, to, "0.01")),
                Combinators.combine(keysWith(k), direction(), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((ks, dir, n) -> cmd("BLMPOP", "0.01", String.valueOf(ks.size()), ks, dir, n))
        ).map(pop -> List.of(cmd("RPUSH", k, e), pop)));
        Arbitrary<List<Cmd>> zsets = Combinators.combine(key(), member()).flatAs((k, m) -> Arbitraries.<Cmd>oneOf(
                Combinators.combine(Arbitraries.of("BZPOPMIN", "BZPOPMAX"), keysWith(k)).as((c, ks) -> cmd(c, ks, "0.01")),
                Combinators.combine(keysWith(k), Arbitraries.of("MIN", "MAX"), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((ks, which, n) -> cmd("BZMPOP", "0.01", String.valueOf(ks.size()), ks, which, n))
        ).map(pop -> List.of(cmd("ZADD", k, "1", m), pop)));
        return Arbitraries.oneOf(lists, zsets);
    }

    // --- encodings

    /** Small listpack limits make sets convert to skiplists within a few commands; the test restores them. */
    static Arbitrary<Cmd> config() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "3", "128").map(n -> cmd("CONFIG", "SET", "zset-max-listpack-entries", n)),
                Arbitraries.of("0", "1", "2", "64").map(n -> cmd("CONFIG", "SET", "zset-max-listpack-value", n)),
                Arbitraries.of("-2", "-1", "1", "2").map(n -> cmd("CONFIG", "SET", "list-max-listpack-size", n)));
    }

    /** The parameters {@link #config()} changes, at their defaults. */
    static final List<List<String>> CONFIG_DEFAULTS = List.of(
            List.of("CONFIG", "SET", "zset-max-listpack-entries", "128"),
            List.of("CONFIG", "SET", "zset-max-listpack-value", "64"),
            List.of("CONFIG", "SET", "list-max-listpack-size", "-2"));
}
