package dev.cortado.conformance;

import dev.cortado.conformance.RandomSequencesTest.Cmd;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The stream generators of {@link RandomSequencesTest}: stream commands over the shared key pool (so
 * they meet the other types and take the WRONGTYPE paths), with explicit IDs only (an ID from "*"
 * is the server's clock), a pool of IDs that collide, repeat, go below the top item or are
 * malformed, and consumer groups. Nothing whose reply carries a time (idle, delivery or seen times:
 * XPENDING's extended form, XINFO CONSUMERS, XINFO STREAM FULL) and nothing that blocks.
 */
final class RandomStreamCommands {
    private RandomStreamCommands() {}

    private static Arbitrary<String> key() {
        return RandomSequencesTest.key();
    }

    private static Arbitrary<String> id() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of("1-1", "1-2", "2-0", "2-5", "3", "3-1", "4-0", "5-1", "6-2", "7")),
                Tuple.of(3, Arbitraries.of("1-*", "4-*", "8-*", "0-1")),
                Tuple.of(1, Arbitraries.of("0-0", "abc", "-1", "18446744073709551615-18446744073709551615", "+")));
    }

    /** IDs for reads, deletes and acks: no "ms-*" (which only XADD takes). */
    private static Arbitrary<String> plainId() {
        return Arbitraries.of("1-1", "1-2", "2-0", "2-5", "3-0", "3-1", "4-0", "5-1", "6-2", "7-0", "0", "9-9", "abc");
    }

    private static Arbitrary<String> bound() {
        return Arbitraries.of("-", "+", "0", "2", "(2", "(1-1", "3-1", "(5-1", "(0-0", "abc", "(+");
    }

    private static Arbitrary<String> count() {
        return Arbitraries.of("0", "1", "2", "3", "10", "-1", "abc");
    }

    private static Arbitrary<String> group() {
        return Arbitraries.of("g1", "g1", "g2");
    }

    private static Arbitrary<String> consumer() {
        return Arbitraries.of("c1", "c2", "c3");
    }

    private static Arbitrary<List<String>> fields() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(List.of("f", "v"), List.of("f", "1"), List.of("a", "1", "b", "2"),
                        List.of("f", "x".repeat(70)), List.of("n", "-12345678901"))),
                Tuple.of(1, Arbitraries.of(List.of("f"), List.of("a", "1", "b"))));
    }

    private static <T> Arbitrary<List<T>> maybe(Arbitrary<List<T>> a) {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())), Tuple.of(1, a));
    }

    private static Arbitrary<List<String>> trim() {
        Arbitrary<List<String>> strategy = Combinators.combine(
                Arbitraries.of("MAXLEN", "MINID"), Arbitraries.of("", "", "~", "="),
                Arbitraries.of("0", "1", "2", "3", "3-1", "-1"),
                Arbitraries.of("", "", "", "LIMIT 0", "LIMIT 5"))
                .as((s, how, n, limit) -> {
                    List<String> out = new ArrayList<>();
                    out.add(s);
                    if (!how.isEmpty()) {
                        out.add(how);
                    }
                    out.add(n);
                    if (!limit.isEmpty()) {
                        out.addAll(List.of(limit.split(" ")));
                    }
                    return out;
                });
        return strategy;
    }

    static Arbitrary<Cmd> streamCommand() {
        return Arbitraries.<Cmd>frequencyOf(
                weighted(12, Combinators.combine(key(), Arbitraries.of(false, false, false, true),
                        maybe(trim()), id(), fields())
                        .as((k, nomk, t, id, f) -> RandomCollectionCommands.cmd("XADD", k,
                                nomk ? List.of("NOMKSTREAM") : List.of(), t, id, f))),
                weighted(4, Combinators.combine(Arbitraries.of("XRANGE", "XREVRANGE"), key(), bound(), bound(),
                        maybe(count().map(n -> List.of("COUNT", n))))
                        .as((c, k, a, b, n) -> RandomCollectionCommands.cmd(c, k, a, b, n))),
                weighted(2, key().map(k -> RandomCollectionCommands.cmd("XLEN", k))),
                weighted(3, Combinators.combine(key(), plainId().list().ofMinSize(1).ofMaxSize(3))
                        .as((k, ids) -> RandomCollectionCommands.cmd("XDEL", k, ids))),
                weighted(2, Combinators.combine(key(), trim()).as((k, t) -> RandomCollectionCommands.cmd("XTRIM", k, t))),
                weighted(1, Combinators.combine(key(), plainId(),
                        maybe(Arbitraries.of("0", "3", "100", "-1").map(n -> List.of("ENTRIESADDED", n))),
                        maybe(plainId().map(i -> List.of("MAXDELETEDID", i))))
                        .as((k, id, ea, md) -> RandomCollectionCommands.cmd("XSETID", k, id, ea, md))),
                weighted(3, Combinators.combine(key(), key(), Arbitraries.of("0", "$", "2-0", "1-1"),
                        Arbitraries.of("0", "$", "3-1"), maybe(count().map(n -> List.of("COUNT", n))))
                        .as((a, b, x, y, n) -> RandomCollectionCommands.cmd("XREAD", n, "STREAMS", a, b, x, y))),
                weighted(4, Combinators.combine(key(), group(), Arbitraries.of("0", "$", "2-0", "abc"),
                        Arbitraries.of(false, true),
                        maybe(Arbitraries.of("0", "2", "-1", "-5").map(n -> List.of("ENTRIESREAD", n))))
                        .as((k, g, id, mk, er) -> RandomCollectionCommands.cmd("XGROUP", "CREATE", k, g, id,
                                mk ? List.of("MKSTREAM") : List.of(), er))),
                weighted(1, Combinators.combine(key(), group(), Arbitraries.of("0", "$", "2-0", "-"),
                        maybe(Arbitraries.of("0", "1", "-1").map(n -> List.of("ENTRIESREAD", n))))
                        .as((k, g, id, er) -> RandomCollectionCommands.cmd("XGROUP", "SETID", k, g, id, er))),
                weighted(1, Combinators.combine(key(), group())
                        .as((k, g) -> RandomCollectionCommands.cmd("XGROUP", "DESTROY", k, g))),
                weighted(1, Combinators.combine(Arbitraries.of("CREATECONSUMER", "DELCONSUMER"), key(), group(), consumer())
                        .as((s, k, g, c) -> RandomCollectionCommands.cmd("XGROUP", s, k, g, c))),
                weighted(8, Combinators.combine(group(), consumer(), maybe(count().map(n -> List.of("COUNT", n))),
                        Arbitraries.of(false, false, false, true), key(), Arbitraries.of(">", ">", ">", "0", "2-0"))
                        .as((g, c, n, noack, k, id) -> RandomCollectionCommands.cmd("XREADGROUP", "GROUP", g, c, n,
                                noack ? List.of("NOACK") : List.of(), "STREAMS", k, id))),
                weighted(3, Combinators.combine(key(), group(), plainId().list().ofMinSize(1).ofMaxSize(3))
                        .as((k, g, ids) -> RandomCollectionCommands.cmd("XACK", k, g, ids))),
                weighted(2, Combinators.combine(key(), group())
                        .as((k, g) -> RandomCollectionCommands.cmd("XPENDING", k, g))),
                weighted(3, Combinators.combine(key(), group(), consumer(), plainId().list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(List.<String>of(), List.of("JUSTID"), List.of("FORCE"), List.of("RETRYCOUNT", "5"),
                                List.of("FORCE", "JUSTID"), List.of("LASTID", "6-2")))
                        .as((k, g, c, ids, opts) -> RandomCollectionCommands.cmd("XCLAIM", k, g, c, "0", ids, opts))),
                weighted(2, Combinators.combine(key(), group(), consumer(), Arbitraries.of("0", "(1-1", "3"),
                        maybe(Arbitraries.of("1", "2", "0").map(n -> List.of("COUNT", n))),
                        Arbitraries.of(List.<String>of(), List.of("JUSTID")))
                        .as((k, g, c, start, n, j) -> RandomCollectionCommands.cmd("XAUTOCLAIM", k, g, c, "0", start, n, j))),
                weighted(2, key().map(k -> RandomCollectionCommands.cmd("XINFO", "GROUPS", k))),
                weighted(2, key().map(k -> RandomCollectionCommands.cmd("XINFO", "STREAM", k))));
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Cmd>> weighted(int weight, Arbitrary<Cmd> a) {
        return Tuple.of(weight, a);
    }

    /** After a sequence, a stream's whole state that no time is part of. */
    static List<List<String>> finalState(String key) {
        return List.of(List.of("XRANGE", key, "-", "+"), List.of("XINFO", "STREAM", key),
                List.of("XINFO", "GROUPS", key), List.of("XPENDING", key, "g1"), List.of("XPENDING", key, "g2"));
    }
}
