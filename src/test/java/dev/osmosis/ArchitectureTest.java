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
 * STYLE.md's layout, enforced: the core is plain Java. Only the boundary packages (transport, admin, platform)
 * and the example application handlers (examples)
 * import {@code jakarta.*}; a core package may use JSON-P ({@code jakarta.json}, a plain library with Parsson
 * behind it) and nothing else from Jakarta; the Java client imports the JDK and itself only.
 */
class ArchitectureTest {
  private static final Path ROOT = Path.of("src/main/java/dev/osmosis");
  private static final Set<String> BOUNDARY = Set.of("transport", "admin", "platform", "examples");

  @Test
  void corePackages_whenScanned_thenNoJakartaImportButJsonP() {
    List<String> offending = sources()
        .filter(f -> !BOUNDARY.contains(ROOT.relativize(f).getName(0).toString()))
        .flatMap(f -> imports(f).filter(i -> i.contains(" jakarta.") && !i.contains(" jakarta.json."))
            .map(i -> ROOT.relativize(f) + ": " + i))
        .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  @Test
  void client_whenScanned_thenImportsOnlyTheJdkAndItself() {
    List<String> offending = sources()
        .filter(f -> ROOT.relativize(f).startsWith("client"))
        .flatMap(f -> imports(f)
            .filter(i -> !i.matches("import (static )?(java\\.|javax\\.net\\.|dev\\.osmosis\\.client\\.).*"))
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
      return Files.walk(ROOT).filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList()).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> imports(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::trim).filter(l -> l.startsWith("import "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
