package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CLIENT INFO / CLIENT LIST field by field against redis-server 7.0.15: the same fields in the same
 * order (the subject may add 7.2's lib-name and lib-ver at the end), and the same values for
 * clients in the same state, running a command, idle, in MULTI with watched keys, subscribed, or
 * blocked. Only what differs between any two servers is let go: id, addresses and fd; age and
 * idle within a second; rbs and rbp, which Redis's cron resizes on its own schedule. tot-mem is
 * compared without rbs, so every other part of Redis's sum (client struct, query buffer, argv,
 * multi state, watched keys, pub/sub dicts) must agree.
 */
class ClientListConformanceTest {
    private static Server reference;
    private static Server subject;

    /** Redis 7.0.15's fields, in its order. */
    private static final List<String> FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle",
            "flags", "db", "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs",
            "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");

    @BeforeAll
    static void servers() {
        reference = Servers.reference();
        subject = Servers.subject();
    }

    @ParameterizedTest(name = "RESP{0}")
    @ValueSource(ints = {2, 3})
    void clientsInEachState_describeThemselvesAsRedisDoes(int protocol) throws Exception {
        List<Map<String, String>> expected = scenario(reference, protocol);
        List<Map<String, String>> actual = scenario(subject, protocol);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            compare(SCENES.get(i), expected.get(i), actual.get(i));
        }
    }

    private static final List<String> SCENES = List.of("own CLIENT INFO", "named, in db 3", "idle after a command",
            "in MULTI with watched keys", "subscribed to channels and a pattern", "blocked in BLPOP",
            "never sent anything");

    /** The same clients and steps on one server; one parsed CLIENT INFO/LIST line per scene. */
    private static List<Map<String, String>> scenario(Server server, int protocol) throws IOException {
        List<Map<String, String>> lines = new ArrayList<>();
        try (RespConnection admin = RespConnection.to(server);
             RespConnection a = RespConnection.to(server);
             RespConnection idle = RespConnection.to(server);
             RespConnection multi = RespConnection.to(server);
             RespConnection sub = RespConnection.to(server);
             RespConnection blocked = RespConnection.to(server);
             RespConnection silent = RespConnection.to(server)) {
            for (RespConnection c : List.of(admin, a, idle, multi, sub, blocked)) {
                if (protocol == 3) {
                    c.call("HELLO", "3");
                }
            }
            admin.call("FLUSHALL");
            lines.add(parse(a.call("CLIENT", "INFO")));
            a.call("SELECT", "3");
            a.call("CLIENT", "SETNAME", "named");
            lines.add(parse(a.call("CLIENT", "INFO")));
            idle.call("SET", "k", "v");
            lines.add(parse(admin.call("CLIENT", "LIST", "ID", id(idle))));
            String multiId = id(multi);
            multi.call("WATCH", "w1", "w2");
            multi.call("MULTI");
            multi.call("GET", "k");
            multi.call("SET", "a", "1");
            multi.call("SET", "b", "2");
            lines.add(parse(admin.call("CLIENT", "LIST", "ID", multiId)));
            String subId = id(sub);
            sub.send(Commands.bytes("SUBSCRIBE", "c1", "c2", "c3"));
            for (int i = 0; i < 3; i++) {
                sub.readReply(); // a confirmation per channel
            }
            sub.call("PSUBSCRIBE", "p*");
            lines.add(parse(admin.call("CLIENT", "LIST", "ID", subId)));
            String blockedId = id(blocked);
            blocked.send(Commands.bytes("BLPOP", "list", "0"));
            Map<String, String> line = parse(admin.call("CLIENT", "LIST", "ID", blockedId));
            for (int i = 0; i < 500 && !line.get("flags").equals("b"); i++) {
                line = parse(admin.call("CLIENT", "LIST", "ID", blockedId));
            }
            lines.add(line);
            admin.call("RPUSH", "list", "x");
            blocked.readReply();
            lines.add(parse(admin.call("CLIENT", "LIST", "ID", id(admin, silent))));
        }
        return lines;
    }

    private static String id(RespConnection c) throws IOException {
        String reply = new String(c.call("CLIENT", "ID"), StandardCharsets.US_ASCII);
        return reply.substring(1).trim();
    }

    /** The id of a client that has sent nothing: the one id that is neither admin's nor seen before. */
    private static String id(RespConnection admin, RespConnection silent) throws IOException {
        // Clients are listed in connection order; the silent one connected last, before admin's calls.
        String all = text(admin.call("CLIENT", "LIST"));
        for (String line : all.split("\n")) {
            if (line.contains(" cmd=NULL ")) {
                return parse(line).get("id");
            }
        }
        throw new AssertionError("no silent client in " + all);
    }

    private static void compare(String scene, Map<String, String> e, Map<String, String> a) {
        List<String> subjectFields = new ArrayList<>(a.keySet());
        subjectFields.removeAll(List.of("lib-name", "lib-ver")); // Redis 7.2's, documented
        assertThat(subjectFields).as(scene + ": fields").containsExactlyElementsOf(new ArrayList<>(e.keySet()));
        assertThat(new ArrayList<>(e.keySet())).as(scene + ": Redis 7.0.15's fields").isEqualTo(FIELDS);
        for (String field : e.keySet()) {
            String x = e.get(field);
            String y = a.get(field);
            switch (field) {
                case "id", "addr", "laddr", "fd", "rbs", "rbp" -> { }
                case "age", "idle" -> assertThat(Math.abs(Long.parseLong(x) - Long.parseLong(y)))
                        .as(scene + ": " + field + " " + x + " vs " + y).isLessThanOrEqualTo(1);
                case "tot-mem" -> assertThat(Long.parseLong(y) - Long.parseLong(a.get("rbs")))
                        .as(scene + ": tot-mem without rbs (" + e + " vs " + a + ")")
                        .isEqualTo(Long.parseLong(x) - Long.parseLong(e.get("rbs")));
                default -> assertThat(y).as(scene + ": " + field + "\n" + e + "\n" + a).isEqualTo(x);
            }
        }
    }

    private static Map<String, String> parse(byte[] reply) {
        return parse(text(reply));
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String kv : text.trim().split(" ")) {
            int eq = kv.indexOf('=');
            fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields;
    }

    /** The text of a bulk (RESP2) or verbatim (RESP3) reply. */
    private static String text(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        String body = s.substring(s.indexOf("\r\n") + 2, s.length() - 2);
        return s.charAt(0) == '=' ? body.substring(4) : body;
    }
}
