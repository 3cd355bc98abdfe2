package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client as its own artifact (docs/JAVA-CLIENT.md "As a dependency"): the jar that {@code
 * mvn package} builds with classifier {@code client} holds the client package and the wire
 * vocabulary only, and a program compiles and runs against that jar alone: no other class on the
 * compile or run class path, no server. Plain JUnit in the integration phase (the jar exists only
 * after {@code package}); no Arquillian.
 *
 * <p>Alone: {@code mvn -o verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ClientJarIT -Dtypecheck.skip}
 */
class ClientJarIT {

  /**
   * A user's program: offline helpers of the public API, then a session opened against a closed
   * port.
   */
  static final String PROGRAM =
      String.join(
          "\n",
          "import dev.osmosis.client.*;",
          "import dev.osmosis.wire.ErrorCode;",
          "import java.net.ServerSocket;",
          "import java.util.List;",
          "",
          "public class ClientJarProgram {",
          "  public static void main(String[] args) throws Exception {",
          "    System.out.println(\"escape: \" + Osmosis.escape(\"it's\"));",
          "    System.out.println(\"roles: \" + Osmosis.rolesToString(List.of(\"b\", \"a\")));",
          "    System.out.println(\"spec: \" + TopicSpecification.of(TopicType.JSON)",
          "        .withProperty(TopicSpecification.PERSISTENT, \"false\"));",
          "    System.out.println(\"code: \" + ErrorCode.fromCode(4004).orElseThrow());",
          "    try {",
          "      Class.forName(\"dev.osmosis.protocol.FrameCodec\");",
          "      System.out.println(\"server classes: visible\");",
          "    } catch (ClassNotFoundException e) {",
          "      System.out.println(\"server classes: absent\");",
          "    }",
          "    int port;",
          "    try (ServerSocket socket = new ServerSocket(0)) {",
          "      port = socket.getLocalPort();",
          "    }",
          "    try (Session session = Osmosis.sessions().open(\"ws://127.0.0.1:\" + port)) {",
          "      System.out.println(\"open: \" + session.getState());",
          "    } catch (SessionEstablishmentException e) {",
          "      System.out.println(\"open: \" + e.getClass().getSimpleName() + \" \" + e.getCloseReason());",
          "    }",
          "  }",
          "}",
          "");

  @TempDir Path work;

  static Path clientJar() {
    Path jar = Path.of(System.getProperty("osmosis.clientJar", "target/osmosis-client.jar"));
    assertTrue(
        Files.isRegularFile(jar), "The client jar " + jar + " exists (built by mvn package)");
    return jar;
  }

  @Test
  void clientJar_whenListed_thenOnlyTheClientAndWirePackages() throws IOException {
    List<String> classes;
    try (JarFile jar = new JarFile(clientJar().toFile())) {
      classes =
          jar.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.endsWith(".class"))
              .collect(Collectors.toList());
    }
    assertTrue(
        classes.contains("dev/osmosis/client/Osmosis.class"), "the entry point is in the jar");
    assertTrue(
        classes.contains("dev/osmosis/wire/ErrorCode.class"), "the wire vocabulary is in the jar");
    assertEquals(
        List.of(),
        classes.stream()
            .filter(
                name ->
                    !name.startsWith("dev/osmosis/client/")
                        && !name.startsWith("dev/osmosis/wire/"))
            .collect(Collectors.toList()),
        "classes outside dev.osmosis.client and dev.osmosis.wire");
  }

  @Test
  void clientJar_whenSourcesAndJavadocBuilt_thenBesideIt() {
    Path jar = clientJar();
    String name = jar.getFileName().toString().replace(".jar", "");
    assertTrue(Files.isRegularFile(jar.resolveSibling(name + "-sources.jar")), "sources jar");
    assertTrue(Files.isRegularFile(jar.resolveSibling(name + "-javadoc.jar")), "javadoc jar");
  }

  @Test
  void program_whenCompiledAndRunAgainstTheClientJarAlone_thenItWorks() throws Exception {
    Path jar = clientJar().toAbsolutePath();
    Path source = work.resolve("ClientJarProgram.java");
    Files.writeString(source, PROGRAM);
    Path classes = Files.createDirectories(work.resolve("classes"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "--release",
            "17",
            "-classpath",
            jar.toString(),
            "-d",
            classes.toString(),
            source.toString());
    assertEquals(0, compiled, "javac against the client jar alone: " + diagnostics);

    Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                launcher.toString(),
                "-classpath",
                jar + File.pathSeparator + classes,
                "ClientJarProgram"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("out.txt").toFile())
            .start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program ends");
    String output = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    assertEquals(
        List.of(
            "escape: it\\'s",
            "roles: \"a\",\"b\"",
            "spec: JSON {PERSISTENT=false}",
            "code: NOT_FOUND",
            "server classes: absent",
            "open: SessionEstablishmentException CONNECTION_ERROR"),
        output.lines().collect(Collectors.toList()),
        output);
  }
}
