package dev.osmosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's layout, enforced: the core is plain Java. Only the boundary packages (transport,
 * admin, platform) and the example application handlers (examples) import {@code jakarta.*}; a core
 * package may use JSON-P ({@code jakarta.json}, a plain library with Parsson behind it) and nothing
 * else from Jakarta; the Java client imports the JDK, itself and the wire vocabulary only; the wire
 * vocabulary ({@code dev.osmosis.wire}, in the client's jar) the JDK only. Hazelcast ({@code
 * com.hazelcast}) is imported by the grid boundary ({@code dev.osmosis.grid}) alone.
 */
class ArchitectureTest {
  private static final Path ROOT = Path.of("src/main/java/dev/osmosis");
  private static final Set<String> BOUNDARY =
      Set.of("transport", "admin", "platform", "grid", "examples");

  @Test
  void corePackages_whenScanned_thenNoJakartaImportButJsonP() {
    List<String> offending =
        sources()
            .filter(f -> !BOUNDARY.contains(ROOT.relativize(f).getName(0).toString()))
            .flatMap(
                f ->
                    imports(f)
                        .filter(i -> i.contains(" jakarta.") && !i.contains(" jakarta.json."))
                        .map(i -> ROOT.relativize(f) + ": " + i))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /** The grid is used through the cluster role interfaces; only their grid side knows Hazelcast. */
  @Test
  void packagesButGrid_whenScanned_thenNoHazelcast() {
    List<String> offending =
        sources()
            .filter(f -> !ROOT.relativize(f).startsWith("grid"))
            .flatMap(
                f ->
                    lines(f)
                        .filter(l -> !l.startsWith("*") && !l.startsWith("/"))
                        .filter(l -> l.contains("com.hazelcast"))
                        .map(l -> ROOT.relativize(f) + ": " + l))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  @Test
  void client_whenScanned_thenImportsOnlyTheJdkTheWireVocabularyAndItself() {
    List<String> offending =
        sources()
            .filter(f -> ROOT.relativize(f).startsWith("client"))
            .flatMap(
                f ->
                    imports(f)
                        .filter(
                            i ->
                                !i.matches(
                                    "import (static )?(java\\.|javax\\.net\\.|dev\\.osmosis\\.client\\.|dev\\.osmosis\\.wire\\.).*"))
                        .map(i -> ROOT.relativize(f) + ": " + i))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /**
   * The vocabulary both sides share is JDK only, and names no other Osmosis class (also fully
   * qualified).
   */
  @Test
  void wire_whenScanned_thenImportsOnlyTheJdk() {
    List<String> offending =
        sources()
            .filter(f -> ROOT.relativize(f).startsWith("wire"))
            .flatMap(
                f ->
                    Stream.concat(
                            imports(f).filter(i -> !i.matches("import (static )?java\\..*")),
                            lines(f)
                                .filter(
                                    l ->
                                        !l.startsWith("*")
                                            && !l.startsWith("/")) // code, not comments
                                .filter(l -> l.matches(".*\\bdev\\.osmosis\\.(?!wire\\b)\\w+.*")))
                        .map(i -> ROOT.relativize(f) + ": " + i))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  @Test
  void scan_whenRun_thenSeesTheSources() {
    assertTrue(sources().count() > 50, "the scan must look at the real source tree");
  }

  private static Stream<Path> sources() {
    try {
      return Files.walk(ROOT)
          .filter(p -> p.toString().endsWith(".java"))
          .collect(Collectors.toList())
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> imports(Path file) {
    return lines(file).filter(l -> l.startsWith("import "));
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::trim);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
