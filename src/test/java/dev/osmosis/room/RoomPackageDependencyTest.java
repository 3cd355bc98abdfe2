package dev.osmosis.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * room depends on the JDK only; ingress on the JDK and room only (their package-info.java say so).
 */
class RoomPackageDependencyTest {

  @Test
  void imports_whenRoomSourcesScanned_thenOnlyJdkAndOwnPackage() throws IOException {
    assertEquals(List.of(), offending("room", "(static )?(java|dev\\.osmosis\\.room)\\..*"));
  }

  @Test
  void imports_whenIngressSourcesScanned_thenOnlyJdkAndRoom() throws IOException {
    assertEquals(
        List.of(), offending("ingress", "(static )?(java|dev\\.osmosis\\.(room|ingress))\\..*"));
  }

  private static List<String> offending(String pkg, String allowed) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/osmosis/" + pkg))) {
      return files
          .filter(Files::isRegularFile)
          .flatMap(RoomPackageDependencyTest::importsOf)
          .filter(i -> !i.split(": ")[1].matches(allowed))
          .collect(Collectors.toList());
    }
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
