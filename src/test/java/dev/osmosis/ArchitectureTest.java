package dev.osmosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout, enforced (docs/ARCHITECTURE.md "The parts"): the core is plain Java. Only the
 * boundary packages (transport, admin, platform) and the example application handlers (examples)
 * name {@code jakarta.*}; a core package may use JSON-P ({@code jakarta.json}, a plain library with
 * Parsson behind it) and nothing else from Jakarta; the Java client names the JDK, itself and the
 * wire vocabulary only; the wire vocabulary ({@code dev.osmosis.wire}, in the client's jar) the JDK
 * only; Hazelcast ({@code com.hazelcast}) is named by the grid boundary ({@code dev.osmosis.grid})
 * alone; JPA, JDBC, Flyway and the database drivers by the store boundary ({@code
 * dev.osmosis.store}) alone, which the core never names; and the top-level packages form no cycle.
 * Every rule reads the code, not only its import lines: a fully-qualified name in a code line
 * counts, a name in a comment or a string does not.
 */
class ArchitectureTest {
  private static final Path ROOT = Path.of("src/main/java/dev/osmosis");
  private static final Set<String> BOUNDARY =
      Set.of("transport", "admin", "platform", "grid", "store", "monitor", "examples");

  /** The core below the codec: the features and the small packages they share. */
  private static final Set<String> FEATURES =
      Set.of(
          "session",
          "security",
          "filter",
          "control",
          "topic",
          "selector",
          "subscribe",
          "durable",
          "message",
          "metrics",
          "lock",
          "room",
          "ingress",
          "cache",
          "sweep",
          "error",
          "meter",
          "wire");

  private static final Pattern JAKARTA = Pattern.compile("\\bjakarta\\.[\\w.]*\\w");
  private static final Pattern HAZELCAST = Pattern.compile("\\bcom\\.hazelcast\\b[\\w.]*");
  private static final Pattern DATABASE =
      Pattern.compile(
          "\\b(jakarta\\.persistence|java\\.sql|javax\\.sql|org\\.flywaydb|org\\.h2|org\\.postgresql)\\b[\\w.]*");
  private static final Pattern METRICS =
      Pattern.compile("\\borg\\.eclipse\\.microprofile\\.metrics\\b[\\w.]*");
  private static final Pattern OSMOSIS = Pattern.compile("\\bdev\\.osmosis\\.(\\w+)[\\w.]*");

  @Test
  void corePackages_whenScanned_thenNoJakartaButJsonP() {
    List<String> offending =
        sources()
            .filter(f -> !BOUNDARY.contains(topLevel(f)))
            .flatMap(
                f ->
                    names(f, JAKARTA)
                        .filter(n -> !n.startsWith("jakarta.json."))
                        .map(n -> ROOT.relativize(f) + ": " + n))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /** The grid is used through the cluster role interfaces; only their grid side knows Hazelcast. */
  @Test
  void packagesButGrid_whenScanned_thenNoHazelcast() {
    List<String> offending =
        sources()
            .filter(f -> !topLevel(f).equals("grid"))
            .flatMap(f -> names(f, HAZELCAST).map(n -> ROOT.relativize(f) + ": " + n))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /**
   * The database (JPA, JDBC, Flyway, the drivers) is the store boundary's alone; the core meets its
   * stores through core interfaces and never names it.
   */
  @Test
  void packagesButStore_whenScanned_thenNoDatabase() {
    List<String> offending =
        sources()
            .filter(f -> !topLevel(f).equals("store"))
            .flatMap(
                f ->
                    Stream.concat(
                            names(f, DATABASE),
                            BOUNDARY.contains(topLevel(f))
                                ? Stream.empty()
                                : names(f, OSMOSIS).filter(n -> n.startsWith("dev.osmosis.store")))
                        .map(n -> ROOT.relativize(f) + ": " + n))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /**
   * MicroProfile Metrics is the monitor boundary's alone: the core counts in {@code meter} (plain
   * Java), {@code monitor} publishes it (docs/OPERATIONS.md "Metrics").
   */
  @Test
  void packagesButMonitor_whenScanned_thenNoMicroProfileMetrics() {
    List<String> offending =
        sources()
            .filter(f -> !topLevel(f).equals("monitor"))
            .flatMap(f -> names(f, METRICS).map(n -> ROOT.relativize(f) + ": " + n))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /**
   * MicroProfile OpenAPI documents the admin API: its annotations are the admin boundary's alone.
   */
  @Test
  void packagesButAdmin_whenScanned_thenNoMicroProfileOpenApi() {
    Pattern openApi = Pattern.compile("\\borg\\.eclipse\\.microprofile\\.openapi\\b[\\w.]*");
    List<String> offending =
        sources()
            .filter(f -> !topLevel(f).equals("admin"))
            .flatMap(f -> names(f, openApi).map(n -> ROOT.relativize(f) + ": " + n))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /** The server's counters are vocabulary: the JDK and {@code wire} only. */
  @Test
  void meter_whenScanned_thenNamesOnlyTheJdkAndTheWireVocabulary() {
    List<String> offending =
        sources()
            .filter(f -> topLevel(f).equals("meter"))
            .flatMap(
                f ->
                    Stream.concat(
                            imports(f)
                                .filter(
                                    i ->
                                        !i.matches(
                                            "import (static )?(java\\.|dev\\.osmosis\\.meter\\.|dev\\.osmosis\\.wire\\.).*")),
                            Stream.concat(names(f, JAKARTA), osmosisNames(f, "meter", "wire")))
                        .map(i -> ROOT.relativize(f) + ": " + i))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  @Test
  void client_whenScanned_thenNamesOnlyTheJdkTheWireVocabularyAndItself() {
    List<String> offending =
        sources()
            .filter(f -> topLevel(f).equals("client"))
            .flatMap(
                f ->
                    Stream.concat(
                            imports(f)
                                .filter(
                                    i ->
                                        !i.matches(
                                            "import (static )?(java\\.|javax\\.net\\.|dev\\.osmosis\\.client\\.|dev\\.osmosis\\.wire\\.).*")),
                            Stream.concat(names(f, JAKARTA), osmosisNames(f, "client", "wire")))
                        .map(i -> ROOT.relativize(f) + ": " + i))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /**
   * The vocabulary both sides share is JDK only, and names no other Osmosis class (also fully
   * qualified).
   */
  @Test
  void wire_whenScanned_thenNamesOnlyTheJdk() {
    List<String> offending =
        sources()
            .filter(f -> topLevel(f).equals("wire"))
            .flatMap(
                f ->
                    Stream.concat(
                            imports(f).filter(i -> !i.matches("import (static )?java\\..*")),
                            Stream.concat(names(f, JAKARTA), osmosisNames(f, "wire")))
                        .map(i -> ROOT.relativize(f) + ": " + i))
            .collect(Collectors.toList());
    assertEquals(List.of(), offending);
  }

  /**
   * Packages stack in floors: a package never depends, directly or around a loop, on a package that
   * depends on it. The graph's edges are the top-level packages of {@code dev.osmosis} each source
   * names in its code (imports and fully-qualified names); a failure prints every cycle with the
   * first source line behind each edge.
   */
  @Test
  void packages_whenScanned_thenTheirDependenciesFormNoCycle() {
    Map<String, Map<String, String>> graph = packageGraph();
    List<String> cycles = cycles(graph);
    List<String> groups =
        cycles.stream().map(c -> c.substring(0, c.indexOf(']') + 1)).collect(Collectors.toList());
    assertEquals(List.of(), groups, () -> "package cycles:\n  " + String.join("\n  ", cycles));
  }

  /**
   * The features stand below the codec and the connection layer: they hand values and events over
   * and never encode frames or name the layers above them (docs/ARCHITECTURE.md "Packages").
   */
  @Test
  void features_whenScanned_thenNameNoLayerAboveThem() {
    Set<String> above =
        Set.of("protocol", "connection", "transport", "admin", "platform", "grid", "store");
    List<String> offending = new ArrayList<>();
    packageGraph()
        .forEach(
            (from, edges) -> {
              if (FEATURES.contains(from)) {
                edges.forEach(
                    (to, where) -> {
                      if (above.contains(to)) {
                        offending.add(from + " -> " + to + " (" + where + ")");
                      }
                    });
              }
            });
    assertEquals(List.of(), offending);
  }

  /** The cycle finder itself: a loop of three is found and printed, a diamond is not a loop. */
  @Test
  void cycles_whenGivenALoopAndADiamond_thenReportsTheLoopOnly() {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    graph.put("a", new TreeMap<>(Map.of("b", "a.java", "c", "a.java")));
    graph.put("b", new TreeMap<>(Map.of("d", "b.java")));
    graph.put("c", new TreeMap<>(Map.of("d", "c.java")));
    graph.put("d", new TreeMap<>(Map.of("e", "d.java")));
    graph.put("e", new TreeMap<>(Map.of("f", "e.java")));
    graph.put("f", new TreeMap<>(Map.of("d", "f.java")));
    assertEquals(
        List.of("[d, e, f], for one: d -> e (d.java) -> f (e.java) -> d (f.java)"), cycles(graph));
    graph.get("f").clear();
    assertEquals(List.of(), cycles(graph));
  }

  @Test
  void code_whenCommentsAndStringsNameAPackage_thenOnlyCodeCounts() {
    String source =
        "import a.B; // jakarta.ws.rs.Path\n"
            + "/* jakarta.ejb.Singleton */ class C {\n"
            + "  String s = \"jakarta.inject.Inject\"; char q = '\"';\n"
            + "  String t = \"\"\"\n  jakarta.x.Y\n  \"\"\";\n"
            + "  jakarta.enterprise.inject.Instance<String> i;\n"
            + "}\n";
    List<String> found = new ArrayList<>();
    Matcher m = JAKARTA.matcher(code(source));
    while (m.find()) {
      found.add(m.group());
    }
    assertEquals(List.of("jakarta.enterprise.inject.Instance"), found);
  }

  @Test
  void scan_whenRun_thenSeesTheSourcesAndTheLayers() {
    assertTrue(sources().count() > 50, "the scan must look at the real source tree");
    Map<String, Map<String, String>> graph = packageGraph();
    assertTrue(graph.get("connection").containsKey("subscribe"), graph.toString());
    assertTrue(graph.get("transport").containsKey("connection"), graph.toString());
  }

  /** Top-level package -> the top-level packages it names -> the first source line naming it. */
  private static Map<String, Map<String, String>> packageGraph() {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    sources()
        .forEach(
            f -> {
              String from = topLevel(f);
              Map<String, String> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
              Matcher m = OSMOSIS.matcher(code(read(f)));
              while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from)) {
                  edges.putIfAbsent(to, ROOT.relativize(f) + ": " + m.group());
                }
              }
            });
    return graph;
  }

  /**
   * Every strongly connected group of more than one package (Tarjan), each printed as one loop
   * through it, starting at its first package by name.
   */
  static List<String> cycles(Map<String, Map<String, String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> groups = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        strongConnect(node, graph, index, low, stack, onStack, groups);
      }
    }
    List<String> out = new ArrayList<>();
    for (Set<String> group : groups) {
      if (group.size() > 1) {
        out.add(group + ", for one: " + loop(group, graph));
      }
    }
    out.sort(null);
    return out;
  }

  private static void strongConnect(
      String node,
      Map<String, Map<String, String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> groups) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
      if (!index.containsKey(next)) {
        strongConnect(next, graph, index, low, stack, onStack, groups);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> group = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        group.add(member);
      } while (!member.equals(node));
      groups.add(group);
    }
  }

  /** A shortest loop from the group's first package back to it, with each edge's evidence. */
  private static String loop(Set<String> group, Map<String, Map<String, String>> graph) {
    String start = group.iterator().next();
    Map<String, String> parent = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    String last = null;
    while (!queue.isEmpty() && last == null) {
      String node = queue.poll();
      for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
        if (!group.contains(next)) {
          continue;
        }
        if (next.equals(start)) {
          last = node;
          break;
        }
        if (!parent.containsKey(next)) {
          parent.put(next, node);
          queue.add(next);
        }
      }
    }
    List<String> path = new ArrayList<>();
    for (String n = last; n != null && !n.equals(start); n = parent.get(n)) {
      path.add(0, n);
    }
    path.add(0, start);
    path.add(start);
    StringBuilder out = new StringBuilder(start);
    for (int i = 1; i < path.size(); i++) {
      String from = path.get(i - 1);
      String to = path.get(i);
      out.append(" -> ").append(to).append(" (").append(graph.get(from).get(to)).append(')');
    }
    return out.toString();
  }

  /** The names matching {@code pattern} in the code of {@code file} (not comments, not strings). */
  private static Stream<String> names(Path file, Pattern pattern) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(code(read(file)));
    while (m.find()) {
      found.add(m.group());
    }
    return found.stream();
  }

  /** The {@code dev.osmosis} names in the code of {@code file} outside the {@code allowed} ones. */
  private static Stream<String> osmosisNames(Path file, String... allowed) {
    Set<String> ok = Set.of(allowed);
    List<String> found = new ArrayList<>();
    Matcher m = OSMOSIS.matcher(code(read(file)));
    while (m.find()) {
      if (!ok.contains(m.group(1))) {
        found.add(m.group());
      }
    }
    return found.stream();
  }

  /**
   * The source with comments, string and character literals and text blocks blanked (newlines
   * kept), so what is left is code.
   */
  static String code(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(source, i, end, out);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        blank(source, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = Math.min(j + 1, n);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String source, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(source.charAt(k) == '\n' ? '\n' : ' ');
    }
  }

  private static String topLevel(Path file) {
    Path relative = ROOT.relativize(file);
    return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
  }

  private static Stream<Path> sources() {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      return walk.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList()).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<String> imports(Path file) {
    return read(file).lines().map(String::trim).filter(l -> l.startsWith("import "));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
