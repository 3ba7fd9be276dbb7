package dev.cortado.conformance;

import dev.cortado.CortadoServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The DEBUG cases ({@code cases-debug/*.txt}) in RESP2 and RESP3, on servers of this test's own
 * that allow DEBUG: a redis-server started with {@code --enable-debug-command yes} and a Cortado
 * built with {@code enableDebugCommand("yes")} (or a second such redis-server when
 * {@code conformance.subject=redis}, or the running {@code host:port} subject, which must allow
 * DEBUG). The shared servers refuse DEBUG, as Redis does by default.
 */
class DebugConformanceTest {
    /** DEBUG allowed; DEBUG RELOAD's dump.rdb goes to a directory of its own, not the working one. */
    private static final String DIR = tempDir();
    private static final List<String> DEBUG_ON = List.of("--enable-debug-command", "yes", "--dir", DIR);
    private static Server reference;
    private static Server subject;
    private static boolean ownSubject = true;

    private static String tempDir() {
        try {
            return Files.createTempDirectory("redis-debug-").toAbsolutePath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (subject != null && ownSubject) {
            subject.close();
        }
        try (Stream<Path> files = Files.list(Path.of(DIR))) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(Path.of(DIR));
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    @TestFactory
    Stream<DynamicNode> debugCases() throws IOException, URISyntaxException {
        reference = RealRedis.start("redis-debug", DEBUG_ON);
        String kind = System.getProperty("conformance.subject", "cortado").trim();
        if (kind.equals("redis")) {
            subject = RealRedis.start("redis-debug-2", DEBUG_ON);
        } else if (kind.isEmpty() || kind.equals("cortado")) {
            subject = Server.of("cortado-debug",
                    CortadoServer.builder().port(0).enableDebugCommand("yes").build().start());
        } else {
            subject = Servers.subject(); // a running server, started with DEBUG enabled
            ownSubject = false;
        }
        CaseRunner runner = new CaseRunner(reference, subject);
        String filter = System.getProperty("conformance.cases", "");
        Path dir = Path.of(DebugConformanceTest.class.getResource("/cases-debug").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(file -> {
            String name = file.getFileName().toString();
            List<CaseFile.Case> cases;
            try {
                cases = CaseFile.parse(name, Files.readString(file, StandardCharsets.UTF_8)).stream()
                        .filter(c -> (c.file() + ": " + c.name()).contains(filter))
                        .toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return DynamicContainer.dynamicContainer(name, Stream.of(2, 3).map(protocol ->
                    DynamicContainer.dynamicContainer(name + " RESP" + protocol, cases.stream().map(c ->
                            DynamicTest.dynamicTest(c.name() + " [RESP" + protocol + "]",
                                    () -> runner.run(c, protocol))))));
        });
    }
}
