package dev.osmosis.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus server of the test's own (Debian's {@code prometheus} package, {@code
 * /usr/bin/prometheus}; docs/OPERATIONS.md "Prometheus"): started on a free loopback port with a
 * scrape configuration for one target (scrape interval 1 s) and its storage under the given
 * directory in {@code target/}; {@link #close()} stops it.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final int port;
  private final Process process;

  private PrometheusServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts Prometheus scraping {@code http://target/metrics} every second.
   *
   * @param target host:port of the Osmosis server
   */
  static PrometheusServer start(Path dir, String target) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install Debian's prometheus package (docs/TESTING.md)");
    }
    dir = dir.toAbsolutePath();
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: osmosis
            metrics_path: /metrics
            static_configs:
              - targets: ["%s"]
        """
            .formatted(target),
        StandardCharsets.UTF_8);
    int port = freePort();
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(port, process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (server.get("/-/ready").statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException(
            "prometheus did not start: " + Files.readString(dir.resolve("prometheus.log")));
      }
      Thread.sleep(200);
    }
  }

  /** The answer of {@code /api/v1/query?query=...} (JSON). */
  String query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + java.net.URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .body();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
