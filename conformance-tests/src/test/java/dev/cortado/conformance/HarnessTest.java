package dev.cortado.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself, without servers: a harness bug would hide server bugs. */
class HarnessTest {

    @Test
    void splitFollowsRedisCliQuoting() {
        assertThat(strings(CaseFile.split("SET k \"a b\" 'c d'"))).containsExactly("SET", "k", "a b", "c d");
        assertThat(CaseFile.split("\"\\x00\\xff\\r\\n\\t\\\"\\\\\"").get(0))
                .containsExactly(0x00, 0xff, '\r', '\n', '\t', '"', '\\');
        assertThat(strings(CaseFile.split("'it\\'s' 'a\\b'"))).containsExactly("it's", "a\\b");
        assertThat(strings(CaseFile.split("  \"\"  ''  "))).containsExactly("", "");
        assertThat(strings(CaseFile.split("a\"b c\""))).containsExactly("ab c");
        assertThatThrownBy(() -> CaseFile.split("\"open")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> CaseFile.split("\"a\"b")).hasMessageContaining("followed by a space");
    }

    @Test
    void parseCasesModesSleepsAndFixedReplies() {
        List<CaseFile.Case> cases = CaseFile.parse("f.txt", String.join("\n",
                "# comment",
                "PING",
                "--- first",
                "sorted: KEYS *",
                "sleep 150ms",
                "",
                "--- second",
                "CLIENT NO-TOUCH on",
                "=> \"+OK\\r\\n\""));
        assertThat(cases).extracting(CaseFile.Case::name).containsExactly("f.txt", "first", "second");
        assertThat(cases.get(1).steps()).hasSize(2);
        CaseFile.Command sorted = (CaseFile.Command) cases.get(1).steps().get(0);
        assertThat(sorted.mode()).isEqualTo(Mode.SORTED);
        assertThat(sorted.line()).isEqualTo(4);
        assertThat(((CaseFile.Sleep) cases.get(1).steps().get(1)).millis()).isEqualTo(150);
        CaseFile.Command fixed = (CaseFile.Command) cases.get(2).steps().get(0);
        assertThat(new String(fixed.expected(), StandardCharsets.ISO_8859_1)).isEqualTo("+OK\r\n");
        assertThatThrownBy(() -> CaseFile.parse("g.txt", "nosuchmode: PING"))
                .hasMessageContaining("g.txt:1").hasMessageContaining("unknown mode");
    }

    @Test
    void readerReturnsExactlyOneFrameOfEveryType() throws IOException {
        String[] frames = {
            "+OK\r\n", "-ERR x\r\n", ":-12\r\n", "$3\r\na\r\n\r\n", "$-1\r\n", "*-1\r\n", "$0\r\n\r\n",
            "_\r\n", ",1.5\r\n", "#t\r\n", "(123456789012345678901234567890\r\n", "!3\r\nerr\r\n",
            "=8\r\ntxt:abcd\r\n", "*2\r\n:1\r\n*1\r\n$1\r\nx\r\n", "%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n",
            ">2\r\n+message\r\n$1\r\nx\r\n", "|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n", "*0\r\n", "%0\r\n",
        };
        StringBuilder all = new StringBuilder();
        for (String f : frames) {
            all.append(f);
        }
        RespReader r = new RespReader(new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.ISO_8859_1)));
        for (String f : frames) {
            assertThat(new String(r.readFrame(), StandardCharsets.ISO_8859_1)).isEqualTo(f);
        }
        assertThatThrownBy(r::readFrame).isInstanceOf(EOFException.class);
    }

    @Test
    void sortedIgnoresOrderAtEveryDepthButNotContent() {
        assertThat(Mode.SORTED.mismatch(b("*3\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n"),
                b("*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n"))).isNull();
        assertThat(Mode.SORTED.mismatch(b("*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
                b("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\na\r\n"))).isNull();
        assertThat(Mode.SORTED.mismatch(b("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"),
                b("%2\r\n+b\r\n:2\r\n+a\r\n:1\r\n"))).isNull();
        // a map's keys stay paired with their values
        assertThat(Mode.SORTED.mismatch(b("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"),
                b("%2\r\n+a\r\n:2\r\n+b\r\n:1\r\n"))).isNotNull();
        // multisets: duplicates count
        assertThat(Mode.SORTED.mismatch(b("*2\r\n$1\r\na\r\n$1\r\na\r\n"),
                b("*2\r\n$1\r\na\r\n$1\r\nb\r\n"))).isNotNull();
    }

    @Test
    void ttlToleratesOneSecondButNotSentinels() {
        assertThat(Mode.TTL.mismatch(b(":100\r\n"), b(":99\r\n"))).isNull();
        assertThat(Mode.TTL.mismatch(b(":100\r\n"), b(":98\r\n"))).isNotNull();
        assertThat(Mode.TTL.mismatch(b(":-1\r\n"), b(":-2\r\n"))).isNotNull();
        assertThat(Mode.TTL.mismatch(b(":0\r\n"), b(":-1\r\n"))).isNotNull();
        assertThat(Mode.TTL.mismatch(b("$1\r\n5\r\n"), b(":5\r\n"))).isNotNull();
        assertThat(Mode.PTTL.mismatch(b(":100000\r\n"), b(":99900\r\n"))).isNull();
        assertThat(Mode.PTTL.mismatch(b(":100000\r\n"), b(":99000\r\n"))).isNotNull();
    }

    @Test
    void anyComparesShapeTypeComparesType() {
        assertThat(Mode.ANY.mismatch(b("*2\r\n$10\r\n1700000000\r\n$6\r\n123456\r\n"),
                b("*2\r\n$10\r\n1700000001\r\n$1\r\n7\r\n"))).isNull();
        assertThat(Mode.ANY.mismatch(b("*2\r\n$1\r\n1\r\n$1\r\n2\r\n"), b("*2\r\n:1\r\n:2\r\n"))).isNotNull();
        assertThat(Mode.ANY.mismatch(b("$-1\r\n"), b("$1\r\nx\r\n"))).isNotNull();
        assertThat(Mode.ANY.mismatch(b("-ERR a\r\n"), b("-ERR b\r\n"))).isNotNull();
        assertThat(Mode.TYPE.mismatch(b("$5\r\nhello\r\n"), b("$2\r\nhi\r\n"))).isNull();
        assertThat(Mode.TYPE.mismatch(b("$5\r\nhello\r\n"), b("=6\r\ntxt:hi\r\n"))).isNotNull();
    }

    @Test
    void errorModeRequiresAnErrorFromTheOracle() {
        assertThat(Mode.ERROR.mismatch(b("-ERR x\r\n"), b("-ERR x\r\n"))).isNull();
        assertThat(Mode.ERROR.mismatch(b("+OK\r\n"), b("+OK\r\n"))).contains("oracle");
    }

    @Test
    void escapeShowsControlBytes() {
        assertThat(Escape.bytes(b("+OK\r\n\u0000\u00ff\\"))).isEqualTo("+OK\\r\\n\\x00\\xff\\\\");
        assertThat(Escape.command(Commands.bytes("SET", "a b", "c"))).isEqualTo("SET \"a b\" c");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> strings(List<byte[]> args) {
        return args.stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }
}
