package dev.cortado.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A parsed reply frame, for the comparisons that cannot be byte for byte (sorted, shape). */
final class Resp {
    private Resp() {}

    /**
     * One node: {@code type} is the RESP type byte, {@code line} the text after it up to CRLF,
     * {@code payload} the bulk bytes ($ ! =) or null, {@code children} the elements of an aggregate
     * (a map's keys and values alternate; an attribute's pairs are followed by the annotated reply).
     */
    record Node(char type, String line, byte[] payload, List<Node> children) {
        boolean isAggregate() {
            return "*~>%|".indexOf(type) >= 0 && children != null;
        }

        boolean isError() {
            return type == '-' || type == '!';
        }

        /** An integer reply's value, or null. */
        Long integer() {
            if (type != ':') {
                return null;
            }
            try {
                return Long.parseLong(line);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    static Node parse(byte[] raw) {
        int[] pos = {0};
        Node n = parse(raw, pos);
        if (pos[0] != raw.length) {
            throw new IllegalArgumentException("trailing bytes after reply: " + Escape.bytes(raw));
        }
        return n;
    }

    private static Node parse(byte[] raw, int[] pos) {
        char type = (char) raw[pos[0]++];
        String line = readLine(raw, pos);
        switch (type) {
            case '$', '!', '=' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return new Node(type, line, null, null);
                }
                byte[] payload = Arrays.copyOfRange(raw, pos[0], pos[0] + len);
                pos[0] += len + 2;
                return new Node(type, line, payload, null);
            }
            case '*', '~', '>', '%', '|' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new Node(type, line, null, null);
                }
                int count = (type == '%' || type == '|') ? 2 * n : n;
                if (type == '|') {
                    count++; // the annotated reply
                }
                List<Node> children = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    children.add(parse(raw, pos));
                }
                return new Node(type, line, null, children);
            }
            default -> {
                return new Node(type, line, null, null);
            }
        }
    }

    private static String readLine(byte[] raw, int[] pos) {
        int start = pos[0];
        while (raw[pos[0]] != '\r') {
            pos[0]++;
        }
        String line = new String(raw, start, pos[0] - start, StandardCharsets.ISO_8859_1);
        pos[0] += 2;
        return line;
    }

    static byte[] encode(Node n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(n, out);
        return out.toByteArray();
    }

    private static void encode(Node n, ByteArrayOutputStream out) {
        out.write(n.type());
        out.writeBytes(n.line().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {'\r', '\n'});
        if (n.payload() != null) {
            out.writeBytes(n.payload());
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        if (n.children() != null) {
            n.children().forEach(c -> encode(c, out));
        }
    }

    /**
     * The same reply with every aggregate's elements (a map's entries) in byte order, at every depth,
     * so two replies that differ only in an order Redis leaves open encode identically.
     */
    static Node sorted(Node n) {
        if (!n.isAggregate()) {
            return n;
        }
        List<Node> kids = n.children().stream().map(Resp::sorted).toList();
        List<Node> out = new ArrayList<>(kids.size());
        if (n.type() == '%' || n.type() == '|') {
            int pairs = kids.size() / 2;
            List<List<Node>> entries = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                entries.add(List.of(kids.get(2 * i), kids.get(2 * i + 1)));
            }
            entries.sort(Comparator.comparing(e -> concat(encode(e.get(0)), encode(e.get(1))), Arrays::compareUnsigned));
            entries.forEach(out::addAll);
            if (n.type() == '|') {
                out.add(kids.get(kids.size() - 1));
            }
        } else {
            out.addAll(kids);
            out.sort(Comparator.comparing(Resp::encode, Arrays::compareUnsigned));
        }
        return new Node(n.type(), n.line(), null, out);
    }

    /**
     * The reply's type structure without its values, e.g. {@code *2[$,$]} for TIME.
     * Errors keep their text: an error is never "inherently different".
     */
    static String shape(Node n) {
        if (n.isError()) {
            return new String(encode(n), StandardCharsets.ISO_8859_1);
        }
        if (n.children() != null) {
            StringBuilder s = new StringBuilder().append(n.type()).append(n.line()).append('[');
            for (int i = 0; i < n.children().size(); i++) {
                s.append(i == 0 ? "" : ",").append(shape(n.children().get(i)));
            }
            return s.append(']').toString();
        }
        if ((n.type() == '$' || n.type() == '*' || n.type() == '=') && n.line().startsWith("-")) {
            return n.type() + "-1"; // a RESP2 null is a different shape from a value
        }
        return String.valueOf(n.type());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
