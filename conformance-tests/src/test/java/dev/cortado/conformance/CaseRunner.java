package dev.cortado.conformance;

/** Runs one case on fresh connections: optional HELLO 3, FLUSHALL, then every step. */
final class CaseRunner {

    private final Server reference;
    private final Server subject;

    CaseRunner(Server reference, Server subject) {
        this.reference = reference;
        this.subject = subject;
    }

    void run(CaseFile.Case c, int protocol) throws InterruptedException {
        try (DualConnection both = new DualConnection(reference, subject)) {
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
                    if (cmd.expected() == null) {
                        both.check(cmd.mode(), cmd.args(), where);
                    } else if (!(subject instanceof RealRedis)) {
                        // "=>" pins newer-Redis behaviour; a second oracle of the same version would fail it.
                        both.checkSubjectOnly(cmd.args(), cmd.expected(), where);
                    }
                }
            }
        }
    }
}
