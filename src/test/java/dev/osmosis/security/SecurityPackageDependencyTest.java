package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** dev.osmosis.security depends on the JDK only (package-info.java says so). */
class SecurityPackageDependencyTest {
  private static final String ALLOWED =
      "(static )?(java|javax\\.crypto|dev\\.osmosis\\.security)\\..*";

  @Test
  void imports_whenSecuritySourcesScanned_thenOnlyJdkAndOwnPackage() throws IOException {
    Path dir = Path.of("src/main/java/dev/osmosis/security");
    List<String> offending;
    try (Stream<Path> files = Files.list(dir)) {
      offending =
          files
              .flatMap(SecurityPackageDependencyTest::importsOf)
              .filter(i -> !i.split(": ")[1].matches(ALLOWED))
              .collect(Collectors.toList());
    }
    assertEquals(List.of(), offending);
  }

  private static Stream<String> importsOf(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith("import "))
          .map(line -> file.getFileName() + ": " + line.substring(7, line.length() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
