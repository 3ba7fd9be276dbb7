package dev.cortado.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.CortadoServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The jar and POM a user's build receives (the installed artifact this build resolved): nothing in
 * them may meet the application's own dependencies.
 */
class PublishedArtifactTest {
  /** Packages Cortado relocates; a reference to one of them outside dev/cortado/shaded leaked. */
  private static final Pattern THIRD_PARTY = Pattern.compile("(.{0,19})(io/netty/|com/github/benmanes/|picocli/)");

  private static Path cortadoJar() throws Exception {
    Path jar = Path.of(CortadoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jar.getFileName().toString()).endsWith(".jar");
    return jar;
  }

  @Test
  void everyClassAndResourceIsCortados() throws Exception {
    List<String> foreign = new ArrayList<>();
    try (JarFile jar = new JarFile(cortadoJar().toFile())) {
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        String name = entry.getName();
        boolean ours = entry.isDirectory() || name.startsWith("dev/cortado/")
            || name.equals("META-INF/MANIFEST.MF") || name.startsWith("META-INF/cortado/")
            // Names only dev.cortado's own context customizer factory, for Spring's test framework.
            || name.equals("META-INF/spring.factories")
            || name.startsWith("META-INF/maven/dev.cortado/");
        if (!ours) {
          foreign.add(name);
        }
      }
    }
    assertThat(foreign).as("entries outside dev/cortado and Cortado's own META-INF").isEmpty();
  }

  /** Stored, not deflated: a fresh JVM's first start then reads its classes without inflating. */
  @Test
  void everyClassIsStoredUncompressed() throws Exception {
    List<String> deflated = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(cortadoJar().toFile())) {
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        if (entry.getName().endsWith(".class")) {
          classes++;
          if (entry.getMethod() != JarEntry.STORED) {
            deflated.add(entry.getName());
          }
        }
      }
    }
    assertThat(classes).isGreaterThan(1000);
    assertThat(deflated).as("deflated classes").isEmpty();
  }

  @Test
  void noClassReferencesAnUnrelocatedPackage() throws Exception {
    List<String> leaks = new ArrayList<>();
    int shaded = 0;
    try (JarFile jar = new JarFile(cortadoJar().toFile())) {
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        if (entry.getName().startsWith("dev/cortado/shaded/")) {
          shaded++;
        }
        String text;
        try (InputStream in = jar.getInputStream(entry)) {
          text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        Matcher m = THIRD_PARTY.matcher(text);
        while (m.find()) {
          if (!m.group(1).endsWith("dev/cortado/shaded/")) {
            leaks.add(entry.getName() + " -> " + m.group(2));
            break;
          }
        }
      }
    }
    assertThat(shaded).as("relocated classes in the jar").isGreaterThan(1000);
    assertThat(leaks).as("classes that reference an unrelocated third-party package").isEmpty();
  }

  @Test
  void licencesOfTheRelocatedLibrariesAreKept() throws Exception {
    try (JarFile jar = new JarFile(cortadoJar().toFile())) {
      assertThat(jar.getEntry("META-INF/cortado/LICENSE-APACHE-2.0.txt")).isNotNull();
      String notices = new String(jar.getInputStream(jar.getEntry("META-INF/cortado/THIRD-PARTY-NOTICES.txt"))
          .readAllBytes(), StandardCharsets.UTF_8);
      assertThat(notices).contains("The Netty Project", "picocli");
    }
  }

  @Test
  void thePublishedPomBringsNoRuntimeDependency() throws Exception {
    Path jar = cortadoJar();
    String name = jar.getFileName().toString();
    Path pom = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".pom");
    assertThat(pom).as("the POM installed beside the jar").exists();
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(pom.toFile()).getDocumentElement();
    List<String> runtime = new ArrayList<>();
    int declared = 0;
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (!"dependencies".equals(child.getNodeName())) {
        continue;   // dependencyManagement would only manage versions; there is none today
      }
      NodeList dependencies = ((Element) child).getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        declared++;
        String scope = text(dependency, "scope");
        if (!scope.equals("provided") && !scope.equals("test")) {
          runtime.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + " (" + scope + ")");
        }
      }
    }
    assertThat(declared).as("dependencies in the POM (JUnit and AssertJ at least)").isGreaterThanOrEqualTo(2);
    assertThat(runtime).as("dependencies a user's build would receive").isEmpty();
    assertThat(project.getElementsByTagName("dependencyManagement").getLength()).isZero();
  }

  private static String text(Element parent, String tag) throws IOException {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "compile" : nodes.item(0).getTextContent().trim();
  }
}
