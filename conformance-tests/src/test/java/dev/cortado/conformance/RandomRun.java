package dev.cortado.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * What the seeded random tests of one family share (BitRandomTest, HyperLogLogRandomTest): a
 * sequence with the odd MULTI block, run on redis-server and the subject with keyspace events on;
 * every reply, the events of the whole run and the final value and encoding of each key must be
 * equal. A failure lists the sequence so far in redis-cli syntax, ready for a case file.
 */
final class RandomRun {
    private RandomRun() {}

    /** {@code steps} commands from {@code command}, one in {@code multiEvery} opening a MULTI block. */
    static List<List<String>> sequence(Random r, int steps, int multiEvery, int maxInMulti,
            Function<Random, List<String>> command, List<List<String>> prefix) {
        List<List<String>> commands = new ArrayList<>(prefix);
        while (commands.size() < steps) {
            if (r.nextInt(multiEvery) == 0) {
                commands.add(List.of("MULTI"));
                for (int n = r.nextInt(maxInMulti + 1); n > 0; n--) {
                    commands.add(command.apply(r));
                }
                commands.add(List.of(r.nextInt(4) == 0 ? "DISCARD" : "EXEC"));
            } else {
                commands.add(command.apply(r));
            }
        }
        return commands;
    }

    /**
     * Runs the sequence on both servers and compares it; {@code reset} are CONFIG SET name-value
     * pairs restored afterwards (notify-keyspace-events always is).
     */
    static void compare(List<List<String>> commands, boolean resp3, String where, String[] finalKeys,
            String... reset) throws Exception {
        try (DualConnection both = new DualConnection(Servers.reference(), Servers.subject());
             NamedConnections events = new NamedConnections(Servers.reference(), Servers.subject(), 2)) {
            try {
                both.check(Mode.EXACT, Commands.bytes("FLUSHALL"), where + ", setup");
                both.check(Mode.EXACT, Commands.bytes("CONFIG", "SET", "notify-keyspace-events", "KEA"), where);
                events.check(new CaseFile.Command(0, Mode.EXACT, Commands.bytes("PSUBSCRIBE", "__key*__:*"), null,
                        "events", false), where + ", setup");
                if (resp3) {
                    both.check(Mode.ANY, Commands.bytes("HELLO", "3"), where);
                }
                for (int i = 0; i < commands.size(); i++) {
                    both.check(Mode.EXACT, Commands.bytes(commands.get(i).toArray(new String[0])),
                            where + ", command " + (i + 1) + " of " + commands.size() + "; the sequence:\n"
                                    + listing(commands, i));
                }
                for (String k : finalKeys) {
                    both.check(Mode.EXACT, Commands.bytes("GET", k), where + ", final value of " + k);
                    both.check(Mode.EXACT, Commands.bytes("OBJECT", "ENCODING", k), where + ", final encoding of " + k);
                }
                events.checkNothingLeft(where + ": keyspace events of the whole sequence:\n"
                        + listing(commands, commands.size() - 1));
            } finally {
                try (DualConnection after = new DualConnection(Servers.reference(), Servers.subject())) {
                    after.check(Mode.EXACT, Commands.bytes("CONFIG", "SET", "notify-keyspace-events", ""), where);
                    for (int i = 0; i + 1 < reset.length; i += 2) {
                        after.check(Mode.EXACT, Commands.bytes("CONFIG", "SET", reset[i], reset[i + 1]), where);
                    }
                }
            }
        }
    }

    /** The commands up to the failing one, in redis-cli syntax, ready for a case file. */
    private static String listing(List<List<String>> commands, int last) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            sb.append(Escape.command(Commands.bytes(commands.get(i).toArray(new String[0])))).append('\n');
        }
        return sb.toString();
    }
}
