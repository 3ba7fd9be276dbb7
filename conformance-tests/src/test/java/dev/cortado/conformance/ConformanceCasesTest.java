package dev.cortado.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case in {@code src/test/resources/cases/*.txt}, in RESP2 and in RESP3, against the real
 * redis-server and the subject. Files named {@code pending-*.txt} are not run: they wait for
 * commands the subject does not have yet. {@code -Dconformance.cases=TEXT} runs only the cases
 * whose "file: name" contains TEXT.
 */
class ConformanceCasesTest {

    private static final List<Integer> PROTOCOLS = List.of(2, 3);

    @TestFactory
    Stream<DynamicNode> cases() throws IOException, URISyntaxException {
        Server reference = Servers.reference();
        Server subject = Servers.subject();
        CaseRunner runner = new CaseRunner(reference, subject);
        String filter = System.getProperty("conformance.cases", "");
        Path dir = Path.of(ConformanceCasesTest.class.getResource("/cases").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .filter(p -> !p.getFileName().toString().startsWith("pending"))
                    .sorted()
                    .toList();
        }
        return files.stream().map(file -> {
            String fileName = file.getFileName().toString();
            List<CaseFile.Case> all;
            try {
                all = parse(file);
            } catch (CaseFile.ParseException e) {
                // A broken file fails on its own; the other files still run.
                return DynamicTest.dynamicTest(fileName + " (parse error)", () -> {
                    throw e;
                });
            }
            List<CaseFile.Case> cases = all.stream()
                    .filter(c -> (c.file() + ": " + c.name()).contains(filter))
                    .toList();
            return DynamicContainer.dynamicContainer(fileName, PROTOCOLS.stream().map(protocol ->
                    DynamicContainer.dynamicContainer(fileName + " RESP" + protocol, cases.stream().map(c ->
                            DynamicTest.dynamicTest(c.name() + " [RESP" + protocol + "]", source(fileName, c),
                                    () -> runner.run(c, protocol))))));
        });
    }

    private static List<CaseFile.Case> parse(Path file) {
        try {
            return CaseFile.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Points IDEs at the case's line in the source tree, so a failing case is one click away. */
    private static URI source(String fileName, CaseFile.Case c) {
        Path src = Path.of("src/test/resources/cases", fileName).toAbsolutePath();
        return URI.create(src.toUri() + "?line=" + c.line());
    }
}
