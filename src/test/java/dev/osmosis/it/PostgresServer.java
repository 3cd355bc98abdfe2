package dev.osmosis.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (docs/PERSISTENCE.md, docs/TESTING.md): Debian's {@code
 * postgresql} package's {@code initdb} and {@code pg_ctl} (from {@code
 * /usr/lib/postgresql/<n>/bin}, 15 preferred) create a cluster under the given directory in {@code
 * target/} and start it on a free loopback port with its socket in that directory; {@link #close()}
 * stops it ({@code -m fast}). PostgreSQL refuses to run as root: as root every command runs as the
 * user {@code postgres} ({@code runuser}), which then owns the directory. A server the package may
 * have started on port 5432 is neither used nor touched. The user is {@link #USER} with password
 * {@link #PASSWORD} (scram-sha-256 over TCP, so that a wrong or missing password is refused).
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "osmosis";
  public static final String PASSWORD = "pg-test-secret-4711";

  private final Path dir;
  private final Path bin;
  private final int port;
  private boolean running;

  private PostgresServer(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /** Creates a new cluster in {@code dir} (which must not exist yet or be empty) and starts it. */
  public static PostgresServer start(Path dir) throws IOException, InterruptedException {
    Path bin = binaries();
    dir = dir.toAbsolutePath();
    if (Files.exists(dir)) {
      deleteTree(dir);
    }
    Files.createDirectories(dir);
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (root()) {
      ownByPostgres(dir);
      ownByPostgres(pwfile);
    }
    run(
        dir,
        bin.resolve("initdb").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-U",
        USER,
        "--pwfile=" + pwfile,
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
        "-E",
        "UTF8",
        "--no-instructions");
    PostgresServer server = new PostgresServer(dir, bin, freePort());
    server.startAgain();
    return server;
  }

  /** Starts the stopped server again, same data and port. */
  public void startAgain() throws IOException, InterruptedException {
    run(
        dir,
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "-l",
        dir.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "60",
        "start");
    running = true;
  }

  /** Stops the server ({@code pg_ctl -m fast stop}); its data stays. */
  public void stop() throws IOException, InterruptedException {
    if (running) {
      running = false;
      run(
          dir,
          bin.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-m",
          "fast",
          "-w",
          "stop");
    }
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of its database {@code postgres}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The server's log file. */
  public Path log() {
    return dir.resolve("postgres.log");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }

  /** Whether Debian's PostgreSQL server binaries are installed. */
  public static boolean installed() {
    try {
      binaries();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static Path binaries() {
    Path base = Path.of("/usr/lib/postgresql");
    Path preferred = base.resolve("15/bin");
    if (Files.isExecutable(preferred.resolve("pg_ctl"))) {
      return preferred;
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.naturalOrder())
          .orElseThrow();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "PostgreSQL is not installed (no /usr/lib/postgresql/<n>/bin/pg_ctl): apt-get install"
              + " postgresql (.ci/run does)");
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void ownByPostgres(Path path) throws IOException {
    var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    UserPrincipal user = lookup.lookupPrincipalByName("postgres");
    GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(user);
    view.setGroup(group);
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (root()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Path out = Files.createTempFile("postgres-command", ".log");
    try {
      Process process =
          new ProcessBuilder(line)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + line);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "failed (" + process.exitValue() + "): " + line + "\n" + Files.readString(out));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
