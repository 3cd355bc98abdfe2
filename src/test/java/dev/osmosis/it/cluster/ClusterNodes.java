package dev.osmosis.it.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Real Payara Micro processes on loopback forming one data grid, for the cluster integration tests
 * (docs/CLUSTER.md, docs/TESTING.md). Each node: the payara-micro jar the build copied ({@code
 * payara.microJar}), the WAR the build produced ({@code osmosis.war}), its own {@code --rootdir}, a
 * free HTTP port bound to 127.0.0.1, a free grid port ({@code --startport}), tcp-ip discovery
 * listing exactly the nodes' grid ports on 127.0.0.1, a cluster name of its own (no other Payara on
 * the machine can join), the Osmosis options the Arquillian tests get ({@code payara.cmdOptions})
 * and the failure detection of docs/CLUSTER.md ({@link #HEARTBEAT}).
 *
 * <p>The first node starts alone (it becomes the grid's oldest member), the others then start
 * together and join it: started all at once they could each form a grid of their own. {@link #kill}
 * is {@code kill -9}; {@link #close} stops every node.
 */
final class ClusterNodes implements AutoCloseable {
  /**
   * The system properties a clustered node runs with (docs/CLUSTER.md): failure detection (a
   * heartbeat every second, a member silent for 5 s is removed) and the grid bound to {@code
   * --interfaces} only.
   */
  static final Path CLUSTER_PROPERTIES = Path.of("payara-config", "cluster.properties");

  /** Hazelcast's {@code hazelcast.max.no.heartbeat.seconds} in {@link #CLUSTER_PROPERTIES}. */
  static final Duration MAX_NO_HEARTBEAT = Duration.ofSeconds(5);

  static final String ADMIN = "admin";
  static final String PASSWORD = "password";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One Payara Micro process. */
  record Node(int index, int httpPort, int gridPort, Path log, Process process) {
    String http() {
      return "http://127.0.0.1:" + httpPort + "/";
    }

    String ws() {
      return "ws://127.0.0.1:" + httpPort;
    }
  }

  private final List<Node> nodes = new ArrayList<>();
  private final java.util.Set<Integer> frozen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final String clusterName = "osmosis-it-" + UUID.randomUUID().toString().substring(0, 8);

  /**
   * Every node's origin ({@code http://127.0.0.1:port}, comma separated): each node allows the
   * pages of the others, so that a page of one node opens sessions on several ({@code
   * connect({servers})}).
   */
  private String origins = "";

  /** What a node of this grid is launched with again by {@link #restart}. */
  private String members;

  private Path dir;
  private Path preBoot;

  private ClusterNodes() {}

  /**
   * Starts {@code count} nodes and returns once each is ready and sees all {@code count} members.
   */
  static ClusterNodes start(int count, Duration deadline) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    ClusterNodes cluster = new ClusterNodes();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    try {
      int[] http = freePorts(count);
      int[] grid = freePorts(count);
      Path dir = Path.of("target", "cluster-it", cluster.clusterName).toAbsolutePath();
      Files.createDirectories(dir);
      Path preBoot = preBootFile(dir);
      String members =
          Arrays.stream(grid).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
      cluster.members = members;
      cluster.dir = dir;
      cluster.preBoot = preBoot;
      cluster.origins =
          Arrays.stream(http)
              .mapToObj(p -> "http://127.0.0.1:" + p)
              .collect(Collectors.joining(","));
      cluster.nodes.add(cluster.launch(0, http[0], grid[0], members, dir, preBoot));
      cluster.awaitReady(cluster.nodes.get(0), end);
      for (int i = 1; i < count; i++) {
        cluster.nodes.add(cluster.launch(i, http[i], grid[i], members, dir, preBoot));
      }
      for (Node node : cluster.nodes) {
        cluster.awaitReady(node, end);
      }
      for (Node node : cluster.nodes) {
        cluster.awaitMembers(node, count, end);
      }
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  Node node(int index) {
    return nodes.get(index);
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  String clusterName() {
    return clusterName;
  }

  /** {@code kill -9}: the node gets no chance to leave the grid. */
  void kill(int index) throws InterruptedException {
    Process process = nodes.get(index).process();
    process.destroyForcibly(); // SIGKILL on Unix
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Node {@code index}'s data directory: its embedded database, kept across {@link #restart}. */
  Path dataDirectory(int index) {
    return dir.resolve("node" + index + "-data");
  }

  /**
   * An orderly stop ({@code SIGTERM}, as an operator's): the node undeploys and exits; fails if it
   * is still running after 60 s. Its data directory stays for {@link #restart}.
   */
  void stop(int index) throws InterruptedException {
    Process process = nodes.get(index).process();
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node " + index + " did not stop in 60 s");
    }
  }

  /**
   * Starts a stopped (or killed) node again: the same ports, grid and data directory ({@code
   * node<index>-data}), a fresh runtime directory, and {@code javaOptions} more; returns once it is
   * ready.
   */
  Node restart(int index, List<String> javaOptions, Duration deadline) throws Exception {
    Node old = nodes.get(index);
    if (old.process().isAlive()) {
      throw new IllegalStateException("node " + index + " is running");
    }
    deleteRuntime(old);
    Files.move(
        old.log(),
        old.log().resolveSibling(old.log().getFileName() + "." + System.nanoTime()),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<String> options = new ArrayList<>(List.of("-Dosmosis.allowedOrigins=" + origins));
    options.addAll(javaOptions);
    Node node =
        launch(
            index,
            old.httpPort(),
            old.gridPort(),
            options,
            List.of(
                "--clustername",
                clusterName,
                "--clustermode",
                "tcpip:" + members,
                "--interfaces",
                "127.0.0.1",
                "--startport",
                Integer.toString(old.gridPort())),
            dir,
            preBoot);
    nodes.set(index, node);
    awaitReady(node, System.nanoTime() + deadline.toNanos());
    return node;
  }

  /**
   * {@code kill -STOP}: the node's process freezes with its connections open, as a machine that
   * hangs or drops off the network: only the grid's heartbeat timeout can notice it. {@link #close}
   * kills it.
   */
  void freeze(int index) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-STOP", Long.toString(nodes.get(index).process().pid()))
            .inheritIO()
            .start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -STOP failed");
    }
    frozen.add(index);
  }

  /**
   * Starts one node with extra JVM and Payara Micro options, expects it to refuse to start, and
   * answers the line that says why (the node is killed then).
   */
  static String refusal(List<String> javaOptions, List<String> payaraOptions, Duration deadline)
      throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    ClusterNodes alone = new ClusterNodes();
    Path dir = Path.of("target", "cluster-it", alone.clusterName).toAbsolutePath();
    Files.createDirectories(dir);
    Node node =
        alone.launch(0, freePorts(1)[0], 0, javaOptions, payaraOptions, dir, preBootFile(dir));
    alone.nodes.add(node);
    try {
      while (true) {
        // a refusal the deployment's failure does not announce (JPA's start, before the code runs)
        boolean refused =
            Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.contains("Refusing to start."));
        if (refused || deploymentFailure(node.log()) != null) {
          // the server's own line (a Payara log record: header, then the message)
          return Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream()
              .filter(l -> l.contains("Refusing to start."))
              .findFirst()
              .orElse(deploymentFailure(node.log()));
        }
        if (!node.process().isAlive() || System.nanoTime() > end) {
          throw new AssertionError("node did not refuse to start: see " + node.log());
        }
        try {
          if (get(node, "health/ready").statusCode() == 200) {
            throw new AssertionError("node started: see " + node.log());
          }
        } catch (IOException notListening) {
          // not yet
        }
        Thread.sleep(250);
      }
    } finally {
      node.process().destroyForcibly();
      node.process().waitFor(30, TimeUnit.SECONDS);
      deleteRuntime(node);
    }
  }

  /** Stops every node still running (SIGTERM, then SIGKILL past 20 s). */
  @Override
  public void close() {
    for (Node node : nodes) {
      if (frozen.contains(node.index())) {
        node.process().destroyForcibly(); // a stopped process cannot handle SIGTERM
      } else {
        node.process().destroy();
      }
    }
    for (Node node : nodes) {
      try {
        if (!node.process().waitFor(20, TimeUnit.SECONDS)) {
          node.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        node.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
      deleteRuntime(node);
    }
  }

  /** The node's unpacked runtime (about 100 MB) goes; its log stays. */
  private static void deleteRuntime(Node node) {
    Path root = node.log().resolveSibling("node" + node.index());
    if (!Files.isDirectory(root)) {
      return;
    }
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      System.err.println("ClusterNodes: " + root + " not deleted: " + e);
    }
  }

  /** {@code GET /api/v1/server} on a node, as the admin. */
  static JsonObject server(Node node) throws Exception {
    return (JsonObject) getJson(node, "api/v1/server");
  }

  /** An admin API call on a node ({@code path} under the context root), its JSON answer. */
  static JsonStructure getJson(Node node, String path) throws Exception {
    HttpResponse<String> response = get(node, path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET "
              + path
              + " on node "
              + node.index()
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
    return Json.createReader(new StringReader(response.body())).read();
  }

  /** A bodiless admin API call ({@code DELETE}, {@code POST}) on a node, as the admin. */
  static HttpResponse<String> call(Node node, String method, String path) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.http() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + basic)
            .header("X-Requested-With", "ClusterIT")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A security administration script ({@code text/plain}) posted to {@code path}, as the admin. */
  static HttpResponse<String> script(Node node, String path, String script) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.http() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "text/plain")
            .header("X-Requested-With", "ClusterIT")
            .POST(HttpRequest.BodyPublishers.ofString(script))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(Node node, String path) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.http() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Basic " + basic)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Polls {@code /api/v1/server} until {@code condition} holds (every 100 ms), or fails at the
   * deadline with the last answer.
   */
  static JsonObject awaitServer(Node node, Predicate<JsonObject> condition, long deadlineNanos)
      throws Exception {
    JsonObject last = null;
    while (true) {
      last = server(node);
      if (condition.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new AssertionError("node " + node.index() + " never got there; last: " + last);
      }
      Thread.sleep(100);
    }
  }

  private void awaitMembers(Node node, int count, long end) throws Exception {
    awaitServer(node, s -> s.getJsonArray("members").size() == count, end);
  }

  private void awaitReady(Node node, long end) throws Exception {
    while (true) {
      if (!node.process().isAlive()) {
        throw new AssertionError(
            "node "
                + node.index()
                + " exited ("
                + node.process().exitValue()
                + "): see "
                + node.log());
      }
      try {
        HttpResponse<String> ready = get(node, "health/ready");
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      String failed = deploymentFailure(node.log());
      if (failed != null) {
        throw new AssertionError("node " + node.index() + " refused to start: " + failed);
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("node " + node.index() + " not ready in time: see " + node.log());
      }
      Thread.sleep(250);
    }
  }

  /** The line that says why the application did not deploy, or null. */
  static String deploymentFailure(Path log) throws IOException {
    if (!Files.exists(log)) {
      return null;
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("Exception while loading the app")) {
        return lines.get(i).trim();
      }
    }
    return null;
  }

  /** A node of this grid: tcp-ip discovery of exactly the grid's ports on loopback. */
  private Node launch(int index, int httpPort, int gridPort, String members, Path dir, Path preBoot)
      throws IOException {
    return launch(
        index,
        httpPort,
        gridPort,
        List.of("-Dosmosis.allowedOrigins=" + origins),
        List.of(
            "--clustername",
            clusterName,
            "--clustermode",
            "tcpip:" + members,
            "--interfaces",
            "127.0.0.1",
            "--startport",
            Integer.toString(gridPort)),
        dir,
        preBoot);
  }

  private Node launch(
      int index,
      int httpPort,
      int gridPort,
      List<String> javaOptions,
      List<String> payaraOptions,
      Path dir,
      Path preBoot)
      throws IOException {
    Path root = dir.resolve("node" + index);
    Path log = dir.resolve("node" + index + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // its own embedded database (docs/PERSISTENCE.md) in its directory, not the Arquillian servers'
    // in-memory one; a database URL a test adds to payara.cmdOptions or javaOptions is kept
    command.add("-Dosmosis.dataDirectory=" + dir.resolve("node" + index + "-data"));
    for (String option : System.getProperty("payara.cmdOptions", "").trim().split("\\s+")) {
      if (!option.isEmpty() && !option.startsWith("-Dosmosis.database.url=jdbc:h2:mem:")) {
        command.add(option);
      }
    }
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", required("payara.microJar")));
    command.addAll(List.of("--deploy", required("osmosis.war"), "--contextroot", "/"));
    command.addAll(List.of("--port", Integer.toString(httpPort), "--name", "node" + index));
    command.addAll(payaraOptions);
    command.addAll(List.of("--rootdir", root.toString(), "--disablephonehome"));
    command.addAll(List.of("--systemproperties", CLUSTER_PROPERTIES.toAbsolutePath().toString()));
    command.addAll(List.of("--prebootcommandfile", preBoot.toString()));
    command.addAll(
        List.of(
            "--postbootcommandfile",
            Path.of("payara-config", "post-boot-commands.txt").toAbsolutePath().toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Node(index, httpPort, gridPort, log, process);
  }

  /** The project's pre-boot commands, and HTTP bound to loopback. */
  private static Path preBootFile(Path dir) throws IOException {
    Path file = dir.resolve("pre-boot-commands.txt");
    String project = Files.readString(Path.of("payara-config", "pre-boot-commands.txt"));
    Files.writeString(
        file,
        project
            + "\nset configs.config.server-config.network-config.network-listeners.network-listener"
            + ".http-listener.address=127.0.0.1\n");
    return file;
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || !Files.exists(Path.of(value))) {
      throw new IllegalStateException(
          "system property " + property + " must name a file (set by the pom), is " + value);
    }
    return value;
  }

  /** Ports free on 127.0.0.1 now, all distinct. */
  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    return ports;
  }
}
