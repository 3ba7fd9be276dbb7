package dev.cortado.conformance;

import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Runs one case on fresh connections: optional HELLO 3, FLUSHALL, then every step.
 * A case stops at its first mismatch (later replies depend on earlier state), unless
 * {@code -Dconformance.keepGoing=true} asks for every mismatch, for a fuller report.
 */
final class CaseRunner {

    private final Server reference;
    private final Server subject;
    private final boolean keepGoing = Boolean.getBoolean("conformance.keepGoing");

    CaseRunner(Server reference, Server subject) {
        this.reference = reference;
        this.subject = subject;
    }

    void run(CaseFile.Case c, int protocol) throws InterruptedException {
        try {
            runSteps(c, protocol);
        } finally {
            resetUsers(c);
        }
    }

    /**
     * ACL users outlive a case's connections: after a case that creates users, both servers get
     * back to the default user alone (nopass, everything allowed) and an empty ACL log.
     */
    private void resetUsers(CaseFile.Case c) {
        java.util.Set<String> users = new java.util.LinkedHashSet<>();
        for (CaseFile.Step step : c.steps()) {
            if (step instanceof CaseFile.Command cmd && cmd.args().length >= 3
                    && new String(cmd.args()[0], java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase("ACL")
                    && new String(cmd.args()[1], java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase("SETUSER")) {
                users.add(new String(cmd.args()[2], java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        if (users.isEmpty()) {
            return;
        }
        users.remove("default");
        try (DualConnection both = new DualConnection(reference, subject)) {
            if (!users.isEmpty()) {
                List<String> del = new ArrayList<>(List.of("ACL", "DELUSER"));
                del.addAll(users);
                both.check(Mode.ANY, del.toArray(new String[0]));
            }
            both.check(Mode.ANY, "ACL", "SETUSER", "default", "on", "nopass", "allkeys", "allchannels",
                    "allcommands", "clearselectors");
            both.check(Mode.ANY, "ACL", "LOG", "RESET");
        }
    }

    private void runSteps(CaseFile.Case c, int protocol) throws InterruptedException {
        List<AssertionFailedError> failures = new ArrayList<>();
        try (DualConnection both = new DualConnection(reference, subject);
             NamedConnections named = new NamedConnections(reference, subject, protocol)) {
            String setup = c.file() + ":" + c.line() + " (case \"" + c.name() + "\", RESP" + protocol + ", setup)";
            if (protocol == 3) {
                // HELLO's map carries server name, version and client id: compare its shape only.
                both.check(Mode.ANY, Commands.bytes("HELLO", "3"), setup);
            }
            both.check(Mode.EXACT, Commands.bytes("FLUSHALL"), setup);
            for (CaseFile.Step step : c.steps()) {
                if (step instanceof CaseFile.Sleep s) {
                    Thread.sleep(s.millis());
                } else if (step instanceof CaseFile.Command cmd) {
                    String where = c.file() + ":" + cmd.line() + " (case \"" + c.name() + "\", RESP" + protocol + ")";
                    try {
                        if (cmd.connection() != null) {
                            named.check(cmd, where);
                        } else if (cmd.expected() == null) {
                            both.check(cmd.mode(), cmd.args(), where);
                        } else if (!(subject instanceof RealRedis)) {
                            // "=>" pins newer-Redis behaviour; a second oracle of the same version would fail it.
                            both.checkSubjectOnly(cmd.args(), cmd.expected(), where);
                        }
                    } catch (AssertionFailedError e) {
                        if (!keepGoing) {
                            throw e;
                        }
                        failures.add(e);
                    } catch (java.io.IOException e) {
                        throw new AssertionFailedError(where + ": " + e, e);
                    }
                }
            }
            try {
                named.checkNothingLeft(c.file() + ":" + c.line() + " (case \"" + c.name() + "\", RESP" + protocol + ")");
            } catch (java.io.IOException e) {
                throw new AssertionFailedError(c.file() + ": " + e, e);
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        if (!failures.isEmpty()) {
            StringBuilder all = new StringBuilder(failures.size() + " mismatches (keepGoing: later ones may follow from earlier ones)");
            failures.forEach(f -> all.append("\n\n").append(f.getMessage()));
            throw new AssertionFailedError(all.toString());
        }
    }
}
