package dev.cortado.conformance;

import java.nio.charset.StandardCharsets;

/** Makes replies readable in failure messages: CR, LF, tabs and non-ASCII bytes are escaped. */
final class Escape {
    private Escape() {}

    static String bytes(byte[] b) {
        StringBuilder s = new StringBuilder(b.length + 16);
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        return s.toString();
    }

    /** Long replies (INFO, COMMAND) are cut so the message stays readable. */
    static String bytes(byte[] b, int max) {
        String s = bytes(b);
        return s.length() <= max ? s : s.substring(0, max) + "... (" + b.length + " bytes)";
    }

    /** A command as redis-cli would show it: plain words bare, anything else double-quoted. */
    static String command(byte[][] args) {
        StringBuilder s = new StringBuilder();
        for (byte[] a : args) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(quote(a));
        }
        return s.toString();
    }

    static String quote(byte[] a) {
        boolean plain = a.length > 0;
        for (byte x : a) {
            int c = x & 0xff;
            if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return new String(a, StandardCharsets.ISO_8859_1);
        }
        StringBuilder s = new StringBuilder("\"");
        for (byte x : a) {
            int c = x & 0xff;
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
