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
