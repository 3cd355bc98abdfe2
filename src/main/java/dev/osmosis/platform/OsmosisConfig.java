package dev.osmosis.platform;

import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.connection.SessionLimits;
import dev.osmosis.durable.TopicJournal;
import dev.osmosis.message.RequestSettings;
import dev.osmosis.room.RoomLimits;
import dev.osmosis.security.LoginThrottleSettings;
import dev.osmosis.selector.SelectionLimits;
import dev.osmosis.session.ConnectionLimits;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.subscribe.ValueLimits;
import dev.osmosis.transport.poll.PollSettings;
import dev.osmosis.transport.websocket.LivenessSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the server's settings: the embedded defaults, overridden by the file named by the system
 * property {@code osmosis.config} (payara-config/osmosis.properties), overridden by {@code
 * -Dosmosis.*} system properties. A value that is not valid stops the start with a message naming
 * the key.
 */
public final class OsmosisConfig {
  public static final String FILE_PROPERTY = "osmosis.config";

  private OsmosisConfig() {}

  public static SessionSettings load() {
    return parse(file(), System.getProperties());
  }

  /** The login throttle and login pool settings (docs/SECURITY.md "Login throttle"). */
  public static LoginThrottleSettings loadLoginThrottle() {
    return parseLoginThrottle(file(), System.getProperties());
  }

  /**
   * Whether anonymous sessions stay allowed in production ({@code
   * osmosis.allowAnonymousInProduction}, default false): with the production switch on, the store's
   * anonymous policy is ignored unless this is true.
   */
  public static boolean loadAllowAnonymousInProduction() {
    return parseAllowAnonymousInProduction(file(), System.getProperties());
  }

  /**
   * What selections may cost, the compiled-selector cache, missing topic requests (docs/SECURITY.md
   * "Limits").
   */
  public static SelectionLimits loadSelectionLimits() {
    return parseSelectionLimits(file(), System.getProperties());
  }

  static SelectionLimits parseSelectionLimits(Properties file, Properties system) {
    SelectionLimits d = SelectionLimits.defaults();
    Source s = new Source(file, system);
    int max = Integer.MAX_VALUE;
    return new SelectionLimits(
        s.integer("osmosis.maxSelectionsPerSession", d.maxSelectionsPerSession(), 1, 10_000_000),
        s.integer("osmosis.maxSelectionMembersPerSession", d.maxMembersPerSession(), 1, 10_000_000),
        s.integer("osmosis.maxSelectionBytesPerSession", d.maxBytesPerSession(), 1024, max),
        s.integer(
            "osmosis.maxSelectionMembersPerAddress", d.maxMembersPerAddress(), 1, 100_000_000),
        s.integer("osmosis.maxSelectionBytesPerAddress", d.maxBytesPerAddress(), 1024, max),
        s.integer("osmosis.maxSelectionMembersTotal", d.maxMembersTotal(), 1, 1_000_000_000),
        s.integer("osmosis.maxSelectionBytesTotal", d.maxBytesTotal(), 1024, max),
        s.integer("osmosis.compiledSelectorCacheBytes", d.compiledCacheBytes(), 1024, max),
        s.integer("osmosis.maxMissingTopicRequests", d.maxMissingTopicRequests(), 1, 10_000_000),
        s.integer(
            "osmosis.maxMissingTopicRequestsPerSession",
            d.maxMissingTopicRequestsPerSession(),
            1,
            1_000_000));
  }

  /**
   * {@code osmosis.metrics.maxCollectors}, {@code osmosis.metrics.maxGroups} (docs/OPERATIONS.md
   * "Metric collectors").
   */
  public static dev.osmosis.metrics.MetricSettings metricSettings() {
    return metricSettings(file(), System.getProperties());
  }

  static dev.osmosis.metrics.MetricSettings metricSettings(Properties file, Properties system) {
    Source s = new Source(file, system);
    return new dev.osmosis.metrics.MetricSettings(
        s.integer(
            "osmosis.metrics.maxCollectors",
            dev.osmosis.metrics.MetricSettings.DEFAULT_MAX_COLLECTORS,
            0,
            100_000),
        s.integer(
            "osmosis.metrics.maxGroups",
            dev.osmosis.metrics.MetricSettings.DEFAULT_MAX_GROUPS,
            1,
            1_000_000));
  }

  /** {@code osmosis.maxWebSocketsPerAddress}, {@code osmosis.maxAnonymousSessionsPerAddress}. */
  public static ConnectionLimits connectionLimits() {
    return connectionLimits(file(), System.getProperties());
  }

  static ConnectionLimits connectionLimits(Properties file, Properties system) {
    ConnectionLimits d = ConnectionLimits.defaults();
    Source s = new Source(file, system);
    return new ConnectionLimits(
        s.integer("osmosis.maxWebSocketsPerAddress", d.maxWebSocketsPerAddress(), 1, 10_000_000),
        s.integer(
            "osmosis.maxAnonymousSessionsPerAddress",
            d.maxAnonymousSessionsPerAddress(),
            0,
            10_000_000));
  }

  /** {@code osmosis.allowedHosts}: the host names the server's own origin may have (empty: any). */
  public static Set<String> allowedHosts() {
    return new Source(file(), System.getProperties()).list("osmosis.allowedHosts");
  }

  private static Properties file() {
    Properties file = new Properties();
    String path = System.getProperty(FILE_PROPERTY);
    if (path != null && !path.isBlank()) {
      try (InputStream in = Files.newInputStream(Path.of(path))) {
        file.load(in);
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read the Osmosis configuration " + path + ": " + e.getMessage(), e);
      }
    }
    return file;
  }

  static LoginThrottleSettings parseLoginThrottle(Properties file, Properties system) {
    LoginThrottleSettings d = LoginThrottleSettings.defaults();
    Source s = new Source(file, system);
    int first =
        s.integer("osmosis.loginFirstDelayMillis", (int) d.firstDelay().toMillis(), 0, 3_600_000);
    int max =
        s.integer("osmosis.loginMaxDelayMillis", (int) d.maxDelay().toMillis(), 0, 86_400_000);
    int forget =
        s.integer(
            "osmosis.loginForgetAfterMillis", (int) d.forgetAfter().toMillis(), 0, 604_800_000);
    if (max < first || forget < max) {
      throw new IllegalStateException(
          "osmosis.loginFirstDelayMillis ("
              + first
              + ") <= osmosis.loginMaxDelayMillis ("
              + max
              + ") <= osmosis.loginForgetAfterMillis ("
              + forget
              + ") must hold");
    }
    return new LoginThrottleSettings(
        s.integer("osmosis.loginFailuresPerPrincipal", d.principalFailures(), 1, 1_000_000),
        s.integer("osmosis.loginFailuresPerAddress", d.addressFailures(), 1, 1_000_000),
        Duration.ofMillis(first),
        Duration.ofMillis(max),
        Duration.ofMillis(forget),
        s.integer("osmosis.loginMaxTracked", d.maxTracked(), 1, 10_000_000),
        s.integer("osmosis.loginHashingThreads", d.hashingThreads(), 1, 256),
        s.integer("osmosis.loginHashingQueue", d.hashingQueue(), 1, 1_000_000));
  }

  /**
   * {@code osmosis.reseedSecurityStore} (default false): at start, replace the database's security
   * store by the store file's (docs/PERSISTENCE.md "The security store").
   */
  public static boolean loadReseedSecurityStore() {
    return new Source(file(), System.getProperties()).bool("osmosis.reseedSecurityStore", false);
  }

  static boolean parseAllowAnonymousInProduction(Properties file, Properties system) {
    return new Source(file, system).bool("osmosis.allowAnonymousInProduction", false);
  }

  /** The bounds of a topic value (docs/TOPICS.md "Limits"). */
  public static ValueLimits valueLimits() {
    return valueLimits(file(), System.getProperties());
  }

  /**
   * {@code osmosis.maxAckedBacklog}: the most updates an acked topic keeps for sessions that have
   * not acknowledged them (docs/TOPICS.md "Acked delivery").
   */
  public static int maxAckedBacklog() {
    return maxAckedBacklog(file(), System.getProperties());
  }

  static int maxAckedBacklog(Properties file, Properties system) {
    return new Source(file, system)
        .integer(
            "osmosis.maxAckedBacklog",
            dev.osmosis.topic.TopicTree.DEFAULT_ACKED_BACKLOG,
            0,
            dev.osmosis.topic.TopicSpecification.MAX_HISTORY_SIZE);
  }

  /** The per-session protocol limits (docs/SECURITY.md "Limits"). */
  /**
   * The write-behind of persistent topics (docs/PERSISTENCE.md "Write path"): {@code
   * osmosis.persistence.flushMillis}, the most a change waits before it is written (default 100),
   * {@code osmosis.persistence.maxBacklog}, the most topics with unwritten changes (default
   * 1,000,000), and {@code osmosis.persistence.sliceRows}, the most topics written in one
   * transaction (default 100).
   */
  public record PersistenceSettings(int flushMillis, int maxBacklog, int sliceRows) {
    /** The defaults but {@code sliceRows}. */
    public PersistenceSettings(int flushMillis, int maxBacklog) {
      this(flushMillis, maxBacklog, TopicJournal.DEFAULT_SLICE_ROWS);
    }
  }

  public static PersistenceSettings persistence() {
    return persistence(file(), System.getProperties());
  }

  static PersistenceSettings persistence(Properties file, Properties system) {
    Source s = new Source(file, system);
    return new PersistenceSettings(
        s.integer("osmosis.persistence.flushMillis", 100, 1, 60_000),
        s.integer("osmosis.persistence.maxBacklog", 1_000_000, 1, 100_000_000),
        s.integer("osmosis.persistence.sliceRows", TopicJournal.DEFAULT_SLICE_ROWS, 1, 1_000));
  }

  public static SessionLimits sessionLimits() {
    return sessionLimits(file(), System.getProperties());
  }

  static SessionLimits sessionLimits(Properties file, Properties system) {
    SessionLimits d = SessionLimits.defaults();
    Source s = new Source(file, system);
    return new SessionLimits(
        s.integer("osmosis.maxOutboundBytes", (int) d.maxOutboundBytes(), 65536, Integer.MAX_VALUE),
        s.integer(
            "osmosis.recoveryBufferBytes", (int) d.maxRecoveryBytes(), 65536, Integer.MAX_VALUE),
        s.integer("osmosis.maxFetchesInFlight", d.maxFetchesInFlight(), 1, 100_000),
        s.integer("osmosis.maxInvalidMessages", d.maxInvalidMessages(), 1, 1_000_000),
        s.integer("osmosis.maxOutboundFrameBytes", d.maxOutboundFrameBytes(), 1024, 16 << 20),
        s.integer(
            "osmosis.maxRegistrationsPerSession", d.maxRegistrationsPerSession(), 1, 1_000_000));
  }

  static ValueLimits valueLimits(Properties file, Properties system) {
    ValueLimits d = ValueLimits.defaults();
    Source s = new Source(file, system);
    return new ValueLimits(
        s.integer("osmosis.maxTopicValueBytes", d.maxValueBytes(), 1024, 64 << 20),
        s.integer("osmosis.maxJsonDepth", d.maxJsonDepth(), 4, 512),
        s.integer("osmosis.maxJsonPatchOperations", d.maxPatchOperations(), 1, 100_000),
        s.integer(
            "osmosis.maxTopicHistory",
            d.maxTopicHistory(),
            0,
            dev.osmosis.topic.TopicSpecification.MAX_HISTORY_SIZE));
  }

  static SessionSettings parse(Properties file, Properties system) {
    SessionSettings d = SessionSettings.defaults();
    Source s = new Source(file, system);
    return new SessionSettings(
        s.string("osmosis.serverName", d.serverName()),
        s.string("osmosis.connector", d.connector()),
        s.millis("osmosis.maxReconnectTimeoutMillis", d.maxReconnectTimeout(), 0, 3_600_000),
        s.string("osmosis.pollingConnector", d.pollingConnector()));
  }

  /**
   * Inbound message size, handshake timeout, outbound queue and recovery buffer of a client
   * connection.
   */
  public static ConnectionSettings connectionSettings() {
    return connectionSettings(file(), System.getProperties());
  }

  static ConnectionSettings connectionSettings(Properties file, Properties system) {
    ConnectionSettings d = ConnectionSettings.defaults();
    Source s = new Source(file, system);
    return new ConnectionSettings(
        s.integer("osmosis.maxMessageSize", d.maxMessageSize(), 256, 4 << 20),
        s.millis("osmosis.handshakeTimeoutMillis", d.handshakeTimeout(), 100, 600_000),
        s.integer("osmosis.maxOutboundQueue", d.maxOutboundQueue(), 16, 10_000_000),
        s.integer("osmosis.recoveryBufferSize", d.recoveryBufferSize(), 16, 10_000_000));
  }

  /** Production switch and allowed browser origins. */
  public static DeploymentSettings deploymentSettings() {
    return deploymentSettings(file(), System.getProperties());
  }

  static DeploymentSettings deploymentSettings(Properties file, Properties system) {
    Source s = new Source(file, system);
    return new DeploymentSettings(
        s.bool("osmosis.production", false), s.list("osmosis.allowedOrigins"));
  }

  /** How many rooms of ingress handlers there may be (docs/ROOMS.md). */
  public static RoomLimits roomLimits() {
    return roomLimits(file(), System.getProperties());
  }

  static RoomLimits roomLimits(Properties file, Properties system) {
    RoomLimits d = RoomLimits.defaults();
    Source s = new Source(file, system);
    return new RoomLimits(
        s.integer("osmosis.maxRooms", d.maxRooms(), 1, 10_000_000),
        s.integer("osmosis.maxRoomsPerSession", d.maxRoomsPerSession(), 1, 100_000),
        s.integer("osmosis.maxRoomMembers", d.maxMembersPerRoom(), 1, 100_000_000));
  }

  /** Request timeout and pending requests per session (docs/MESSAGING.md). */
  public static RequestSettings requestSettings() {
    return requestSettings(file(), System.getProperties());
  }

  static RequestSettings requestSettings(Properties file, Properties system) {
    RequestSettings d = RequestSettings.defaults();
    Source s = new Source(file, system);
    return new RequestSettings(
        s.millis("osmosis.requestTimeoutMillis", d.requestTimeout(), 100, 3_600_000),
        s.integer("osmosis.maxPendingRequests", d.maxPendingRequests(), 1, 1_000_000));
  }

  /** Ping interval and liveness timeout of WebSocket connections. */
  public static LivenessSettings livenessSettings() {
    return livenessSettings(file(), System.getProperties());
  }

  static LivenessSettings livenessSettings(Properties file, Properties system) {
    LivenessSettings d = LivenessSettings.defaults();
    Source s = new Source(file, system);
    return new LivenessSettings(
        s.millis("osmosis.pingIntervalMillis", d.pingInterval(), 0, 3_600_000),
        s.millis("osmosis.livenessTimeoutMillis", d.livenessTimeout(), 0, 3_600_000));
  }

  /**
   * Whether Payara's per-write byte probe is taken off WebSocket connections after the upgrade
   * ({@code osmosis.removeWebSocketByteProbes}, default true; docs/OPERATIONS.md "Monitoring").
   */
  public static boolean removeWebSocketByteProbes() {
    return removeWebSocketByteProbes(file(), System.getProperties());
  }

  static boolean removeWebSocketByteProbes(Properties file, Properties system) {
    return new Source(file, system).bool("osmosis.removeWebSocketByteProbes", true);
  }

  /**
   * The fewest characters of a topic update that is deflated for the sessions that asked for
   * deflated frames, on a topic whose {@code COMPRESSION} is not {@code off} ({@code
   * osmosis.compressionThreshold}, default 1024; docs/TOPICS.md "COMPRESSION").
   */
  public static int compressionThreshold() {
    return compressionThreshold(file(), System.getProperties());
  }

  static int compressionThreshold(Properties file, Properties system) {
    return new Source(file, system)
        .integer(
            "osmosis.compressionThreshold",
            dev.osmosis.protocol.DeflatedMessages.DEFAULT_THRESHOLD,
            1,
            Integer.MAX_VALUE);
  }

  /** HTTP long polling (docs/PROTOCOL.md §13). */
  public static PollSettings pollSettings() {
    return pollSettings(file(), System.getProperties());
  }

  static PollSettings pollSettings(Properties file, Properties system) {
    PollSettings d = PollSettings.defaults();
    Source s = new Source(file, system);
    return new PollSettings(
        s.millis("osmosis.pollHoldMillis", d.pollHold(), 100, 600_000),
        s.integer(
            "osmosis.maxPollConnectionsPerAddress",
            d.maxPollConnectionsPerAddress(),
            1,
            1_000_000));
  }

  /** {@code osmosis.cluster}: auto (default), on or off; checked by dev.osmosis.grid. */
  public static String clusterSetting() {
    return new Source(file(), System.getProperties()).string("osmosis.cluster", "auto");
  }

  /**
   * {@code osmosis.sessionReplication}: whether a clustered node replicates its sessions so that
   * another node resumes them when it dies (docs/RECONNECTION.md, fail-over); default true. Alone
   * it does nothing.
   */
  public static boolean sessionReplication() {
    return new Source(file(), System.getProperties()).bool("osmosis.sessionReplication", true);
  }

  /**
   * {@code osmosis.failoverServerMessages}: the most server messages other than topic values a
   * replicated session keeps in its record until its client acknowledges them
   * (docs/RECONNECTION.md, fail-over); 0: none kept (they are written at once and die with their
   * node). Default 1000.
   */
  public static int failoverServerMessages() {
    return new Source(file(), System.getProperties())
        .integer("osmosis.failoverServerMessages", 1000, 0, 1_000_000);
  }

  /** {@code osmosis.failoverServerBytes}: their most characters; default 1 MiB. */
  public static int failoverServerBytes() {
    return new Source(file(), System.getProperties())
        .integer("osmosis.failoverServerBytes", 1 << 20, 1024, Integer.MAX_VALUE);
  }

  /**
   * The database (docs/PERSISTENCE.md): {@code osmosis.dataDirectory}, {@code
   * osmosis.database.url}, {@code .user}, {@code .password}; each also from the environment ({@code
   * OSMOSIS_DATA_DIRECTORY}, {@code OSMOSIS_DATABASE_URL}, {@code _USER}, {@code _PASSWORD}), which
   * overrides the file and is overridden by {@code -D}. No URL: the embedded H2 database in the
   * data directory.
   */
  public static DatabaseSettings database() {
    return database(file(), System.getProperties(), System.getenv());
  }

  static DatabaseSettings database(Properties file, Properties system, Map<String, String> env) {
    Properties merged = new Properties();
    merged.putAll(file);
    for (String[] key : DATABASE_ENVIRONMENT) {
      String value = env.get(key[1]);
      if (value != null && !value.isBlank()) {
        merged.setProperty(key[0], value);
      }
    }
    Source s = new Source(merged, system);
    Path directory = Path.of(s.string("osmosis.dataDirectory", "osmosis-data"));
    String url = s.string("osmosis.database.url", "");
    if (url.isEmpty()) {
      return DatabaseSettings.embedded(directory);
    }
    if (!url.startsWith("jdbc:")) {
      throw new IllegalStateException(
          "osmosis.database.url must be a JDBC URL (jdbc:postgresql://host:5432/database), is '"
              + url
              + "'");
    }
    // the password as given: blanks may be part of it
    String password = system.getProperty("osmosis.database.password");
    if (password == null) {
      password = merged.getProperty("osmosis.database.password", "");
    }
    return new DatabaseSettings(
        directory, url, s.string("osmosis.database.user", "osmosis"), password);
  }

  private static final String[][] DATABASE_ENVIRONMENT = {
    {"osmosis.dataDirectory", "OSMOSIS_DATA_DIRECTORY"},
    {"osmosis.database.url", "OSMOSIS_DATABASE_URL"},
    {"osmosis.database.user", "OSMOSIS_DATABASE_USER"},
    {"osmosis.database.password", "OSMOSIS_DATABASE_PASSWORD"},
  };

  private record Source(Properties file, Properties system) {
    String string(String key, String fallback) {
      String value = system.getProperty(key, file.getProperty(key));
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    Duration millis(String key, Duration fallback, int min, int max) {
      return Duration.ofMillis(integer(key, (int) fallback.toMillis(), min, max));
    }

    int integer(String key, int fallback, int min, int max) {
      String value = string(key, null);
      if (value == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
          throw new IllegalStateException(
              key + " must be between " + min + " and " + max + ", is " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalStateException(key + " must be an integer, is '" + value + "'", e);
      }
    }

    /**
     * Strict: {@code true} or {@code false} (any case); anything else ("yes", "1", "ture") stops
     * the start.
     */
    boolean bool(String key, boolean fallback) {
      String value = string(key, null);
      if (value == null) {
        return fallback;
      }
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new IllegalStateException(key + " must be true or false, is '" + value + "'");
    }

    Set<String> list(String key) {
      String value = string(key, "");
      return Arrays.stream(value.split(","))
          .map(String::trim)
          .filter(v -> !v.isEmpty())
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }
  }
}
