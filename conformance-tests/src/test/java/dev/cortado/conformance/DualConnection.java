package dev.cortado.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.opentest4j.AssertionFailedError;

/**
 * One connection to the oracle and one to the subject. Every command goes to both, in that order,
 * and the replies must agree under the given {@link Mode}; a mismatch fails with both replies shown.
 */
final class DualConnection implements AutoCloseable {

    private static final int MAX_SHOWN = 2000;

    private final Server reference;
    private final Server subject;
    private final RespConnection ref;
    private final RespConnection sub;

    DualConnection(Server reference, Server subject) {
        this.reference = reference;
        this.subject = subject;
        try {
            this.ref = RespConnection.to(reference);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + reference.name(), e);
        }
        try {
            this.sub = RespConnection.to(subject);
        } catch (IOException e) {
            ref.close();
            throw new AssertionFailedError("cannot connect to " + subject.name() + " at "
                    + subject.host() + ":" + subject.port() + ": " + e, e);
        }
    }

    /** Sends to both, compares, and returns the oracle's reply. {@code where} prefixes the failure message. */
    byte[] check(Mode mode, byte[][] args, String where) {
        byte[] expected;
        try {
            expected = ref.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": the oracle (" + reference.name() + ") failed on "
                    + Escape.command(args), e);
        }
        byte[] actual;
        try {
            actual = sub.call(args);
        } catch (IOException e) {
            throw fail(where, mode, args, "no reply from " + subject.name() + ": " + e.getMessage(),
                    expected, null);
        }
        String why = mode.mismatch(expected, actual);
        if (why != null) {
            throw fail(where, mode, args, why, expected, actual);
        }
        checkNothingMore(where, mode, args, expected, actual);
        return expected;
    }

    /** A second reply to one command would shift every later comparison: catch it where it happens. */
    private void checkNothingMore(String where, Mode mode, byte[][] args, byte[] expected, byte[] actual) {
        try {
            if (sub.pending() > 0) {
                byte[] extra = sub.readReply();
                throw fail(where, mode, args, "the subject sent more than one reply; the next one: "
                        + Escape.bytes(extra, MAX_SHOWN), expected, actual);
            }
        } catch (IOException e) {
            throw fail(where, mode, args, "the subject sent bytes after its reply that are no RESP frame: "
                    + e.getMessage(), expected, actual);
        }
    }

    /** For behaviour the oracle's version lacks: the subject alone must reply {@code expected}. */
    void checkSubjectOnly(byte[][] args, byte[] expected, String where) {
        byte[] actual;
        try {
            actual = sub.call(args);
        } catch (IOException e) {
            throw fail(where, Mode.EXACT, args, "no reply from " + subject.name() + ": " + e.getMessage(),
                    expected, null, "expected");
        }
        if (!java.util.Arrays.equals(expected, actual)) {
            throw fail(where, Mode.EXACT, args, "reply differs from the fixed expectation (=>)", expected, actual,
                    "expected");
        }
        checkNothingMore(where, Mode.EXACT, args, expected, actual);
    }

    byte[] check(Mode mode, String... args) {
        return check(mode, Commands.bytes(args), "");
    }

    private AssertionFailedError fail(String where, Mode mode, byte[][] args, String why,
                                      byte[] expected, byte[] actual) {
        return fail(where, mode, args, why, expected, actual, reference.name());
    }

    private AssertionFailedError fail(String where, Mode mode, byte[][] args, String why,
                                      byte[] expected, byte[] actual, String expectedName) {
        String exp = Escape.bytes(expected, MAX_SHOWN);
        String act = actual == null ? "(none)" : Escape.bytes(actual, MAX_SHOWN);
        int w = Math.max(expectedName.length(), subject.name().length());
        String msg = (where.isEmpty() ? "" : where + "\n")
                + pad("command", w) + " : " + Escape.command(args) + "\n"
                + pad("compare", w) + " : " + mode.prefix() + " — " + why + "\n"
                + pad(expectedName, w) + " : " + exp + "\n"
                + pad(subject.name(), w) + " : " + act;
        return new AssertionFailedError(msg, exp, act);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, Math.max(w, 7) - s.length()));
    }

    @Override
    public void close() {
        ref.close();
        sub.close();
    }
}
