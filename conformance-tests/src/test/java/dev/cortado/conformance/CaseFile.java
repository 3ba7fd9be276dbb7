package dev.cortado.conformance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses case files: one command per line in redis-cli quoting.
 *
 * <pre>
 * # a comment
 * --- set with NX             starts a new case (fresh connections, FLUSHALL)
 * SET k "a\x00b" NX           double quotes: \xHH \n \r \t \b \a \" \\ ; single quotes: only \'
 * sorted: KEYS *              a mode prefix: exact sorted ttl pttl error any type htstats
 * sleep 1100ms                waits, to see real expiry
 * CLIENT NO-TOUCH on
 * => "+OK\r\n"                 the subject alone must reply these bytes (the oracle is not asked):
 *                             only for behaviour of newer Redis versions than the oracle
 * @sub SUBSCRIBE ch            on the named connection "sub" (opened at first use): every frame the
 *                             command brings, pushes included, up to a PING sent behind it
 * @sub                         the frames that reached "sub" since its last step (pushes)
 * sorted: @sub                 the same, compared as a multiset (Redis's hash order)
 * blocks: @w BLPOP l 0         sent on "w" without waiting for a reply; the step waits until each
 *                             server counts one more blocked client (and fails if none does). A
 *                             later "@w" reads the reply, once something has served it
 * </pre>
 * Lines before the first {@code ---} form a case named after the file.
 */
final class CaseFile {
    private CaseFile() {}

    sealed interface Step permits Command, Sleep {
        int line();
    }

    /**
     * {@code expected} is null when the oracle answers, else the fixed reply the subject must give.
     * {@code connection} names a connection of the case other than the default one (null), on which
     * every frame up to a sync is compared; its {@code args} may then be empty (only the sync).
     */
    record Command(int line, Mode mode, byte[][] args, byte[] expected, String connection, boolean blocks)
            implements Step {
        Command(int line, Mode mode, byte[][] args) {
            this(line, mode, args, null, null, false);
        }

        Command(int line, Mode mode, byte[][] args, byte[] expected) {
            this(line, mode, args, expected, null, false);
        }

        @Override
        public String toString() {
            return (blocks ? "blocks: " : mode == Mode.EXACT ? "" : mode.prefix() + ": ")
                    + (connection == null ? "" : "@" + connection + " ") + Escape.command(args);
        }
    }

    record Sleep(int line, long millis) implements Step {}

    record Case(String file, String name, int line, List<Step> steps) {}

    static final class ParseException extends RuntimeException {
        ParseException(String file, int line, String msg) {
            super(file + ":" + line + ": " + msg);
        }
    }

    private static final Pattern MODE = Pattern.compile("^([a-z]+):\\s+(.*)$");
    private static final String BLOCKS = "blocks:";
    private static final Pattern SLEEP = Pattern.compile("^sleep\\s+(\\d+)\\s*ms$");

    static List<Case> parse(String file, String text) {
        List<Case> cases = new ArrayList<>();
        String name = file;
        int caseLine = 1;
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int no = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("---")) {
                if (!steps.isEmpty()) {
                    cases.add(new Case(file, name, caseLine, steps));
                }
                name = line.substring(3).strip();
                if (name.isEmpty()) {
                    throw new ParseException(file, no, "a case needs a name: --- name");
                }
                caseLine = no;
                steps = new ArrayList<>();
                continue;
            }
            if (line.startsWith("=>")) {
                if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Command prev)
                        || prev.expected() != null || prev.mode() != Mode.EXACT || prev.connection() != null) {
                    throw new ParseException(file, no, "'=>' must follow a command without a mode prefix");
                }
                List<byte[]> reply;
                try {
                    reply = split(line.substring(2));
                } catch (IllegalArgumentException e) {
                    throw new ParseException(file, no, e.getMessage() + ": " + line);
                }
                if (reply.size() != 1) {
                    throw new ParseException(file, no, "'=>' takes one quoted reply, e.g. => \"+OK\\r\\n\"");
                }
                steps.set(steps.size() - 1, new Command(prev.line(), prev.mode(), prev.args(), reply.get(0)));
                continue;
            }
            Matcher sleep = SLEEP.matcher(line);
            if (sleep.matches()) {
                steps.add(new Sleep(no, Long.parseLong(sleep.group(1))));
                continue;
            }
            Mode mode = Mode.EXACT;
            boolean blocks = line.startsWith(BLOCKS);
            Matcher m = MODE.matcher(line);
            if (blocks) {
                line = line.substring(BLOCKS.length()).strip();
            } else if (m.matches()) {
                mode = Mode.fromPrefix(m.group(1));
                if (mode == null) {
                    throw new ParseException(file, no, "unknown mode '" + m.group(1) + ":'");
                }
                line = m.group(2);
            }
            String connection = null;
            if (line.startsWith("@")) {
                int end = line.indexOf(' ');
                connection = end < 0 ? line.substring(1) : line.substring(1, end);
                line = end < 0 ? "" : line.substring(end + 1);
                if (connection.isEmpty()) {
                    throw new ParseException(file, no, "'@' needs a connection name, e.g. @sub SUBSCRIBE ch");
                }
            }
            List<byte[]> args;
            try {
                args = split(line);
            } catch (IllegalArgumentException e) {
                throw new ParseException(file, no, e.getMessage() + ": " + line);
            }
            if (args.isEmpty() && connection == null) {
                throw new ParseException(file, no, "no command");
            }
            if (blocks && (connection == null || args.isEmpty())) {
                throw new ParseException(file, no, "'blocks:' needs a named connection and a command");
            }
            steps.add(new Command(no, mode, args.toArray(new byte[0][]), null, connection, blocks));
        }
        if (!steps.isEmpty()) {
            cases.add(new Case(file, name, caseLine, steps));
        }
        return cases;
    }

    /** Splits a line the way redis-cli does (sdssplitargs). */
    static List<byte[]> split(String line) {
        List<byte[]> args = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return args;
            }
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            boolean inDq = false;
            boolean inSq = false;
            boolean done = false;
            while (!done) {
                if (i >= n) {
                    if (inDq || inSq) {
                        throw new IllegalArgumentException("unbalanced quotes");
                    }
                    break;
                }
                char c = line.charAt(i);
                if (inDq) {
                    if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x'
                            && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3))) {
                        cur.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        char e = line.charAt(i);
                        cur.write(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        // the closing quote must be followed by a space or the end
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            throw new IllegalArgumentException("closing quote must be followed by a space");
                        }
                        done = true;
                    } else {
                        writeChar(cur, c);
                    }
                } else if (inSq) {
                    if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            throw new IllegalArgumentException("closing quote must be followed by a space");
                        }
                        done = true;
                    } else {
                        writeChar(cur, c);
                    }
                } else if (Character.isWhitespace(c)) {
                    done = true;
                } else if (c == '"') {
                    inDq = true;
                } else if (c == '\'') {
                    inSq = true;
                } else {
                    writeChar(cur, c);
                }
                i++;
            }
            args.add(cur.toByteArray());
        }
    }

    private static void writeChar(ByteArrayOutputStream out, char c) {
        // Case files are ASCII plus \xHH escapes; other characters are written as UTF-8.
        out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
