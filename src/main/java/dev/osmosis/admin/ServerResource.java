package dev.osmosis.admin;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.ClusterMember;
import dev.osmosis.durable.TopicJournal;
import dev.osmosis.meter.Outbound;
import dev.osmosis.meter.ServerMeters;
import dev.osmosis.platform.Lifecycle;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.transport.websocket.WebSocketWrites;
import dev.osmosis.wire.CloseReason;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/server}: what this server is and how it is doing (VIEW_SERVER). */
@Path("server")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "server", description = "What this server is and how it is doing")
public class ServerResource {
  @Inject SessionSettings settings;
  @Inject SessionRegistry registry;
  @Inject Lifecycle lifecycle;
  @Inject Subscriptions subscriptions;
  @Inject Cluster cluster;
  @Inject TopicJournal journal;
  @Inject ServerMeters meters;
  @Context SecurityContext security;

  /**
   * {@code subscriptions} now; {@code updates} (topic values published) and {@code deliveries} (the
   * messages they fanned out to, one per subscriber) counted since start — a console turns them
   * into rates. {@code webSocketWrites}: how frames are written ({@link WebSocketWrites#route()});
   * {@code secureWebSocketWrites}: the same for {@code wss://} sessions ({@link
   * WebSocketWrites#secureRoute()}); {@code webSocketByteProbes}: whether Payara's per-write byte
   * probe was taken off WebSocket connections ({@link WebSocketWrites#byteProbes()}). {@code node}:
   * this node's id; {@code clustered}: whether it runs on the data grid; {@code members}: the
   * cluster's nodes, oldest first (this one alone when not clustered; docs/CLUSTER.md). {@code
   * persistence}: how the write-behind of persistent topics is doing (docs/PERSISTENCE.md "Failures
   * while running"): state, reason, backlog, dropped, written, failures. {@code metrics}: the
   * server's counters ({@link MetricsView}). {@code webSocketUpgradeRelease}: whether WebSocket
   * sessions release what the servlet upgrade kept ({@link WebSocketWrites#upgradeRelease()}).
   */
  public record ServerView(
      String name,
      String version,
      long startTime,
      long uptimeMillis,
      int sessions,
      long topics,
      long subscriptions,
      long updates,
      long deliveries,
      String webSocketWrites,
      String secureWebSocketWrites,
      String webSocketByteProbes,
      String node,
      boolean clustered,
      List<ClusterMember> members,
      TopicJournal.Health persistence,
      MetricsView metrics,
      String webSocketUpgradeRelease) {}

  /**
   * The server's counters for the console (docs/OPERATIONS.md "Metrics": the same values as {@code
   * /metrics}, read now): counts since start, except {@code maxQueueDepth} (the deepest outbound
   * queue of an open session now) and {@code peakQueueDepth} (the deepest since start).
   */
  public record MetricsView(
      long authenticationSuccesses,
      long authenticationFailures,
      long slowConsumerCloses,
      long sessionsOpened,
      long sessionsClosed,
      long reconnections,
      long conflatedMessages,
      long droppedMessages,
      long framesWritten,
      long messagesWritten,
      long adminRequests,
      int maxQueueDepth,
      long peakQueueDepth) {
    static MetricsView of(ServerMeters meters, Outbound out, java.util.Collection<Session> open) {
      int max = 0;
      for (Session session : open) {
        dev.osmosis.session.Connection connection = session.connection();
        if (connection != null && session.isOpen()) {
          max = Math.max(max, connection.queued());
        }
      }
      return new MetricsView(
          meters.authenticationSuccesses(),
          meters.authenticationFailures(),
          meters.closed(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED),
          meters.opened(),
          meters.closedTotal(),
          meters.reconnections(),
          out.conflated(),
          out.dropped(),
          out.frames(),
          out.messages(),
          meters.adminRequests(),
          max,
          out.peakQueue());
    }
  }

  @GET
  @Operation(
      summary = "The server: version, uptime, sessions, topics, counters, cluster, persistence",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SERVER. This node's sessions, topics and subscriptions now; updates and"
              + " deliveries counted since start (a console turns them into rates); how frames"
              + " are written; the cluster's members, oldest first; the health of persistence.")
  @APIResponse(
      responseCode = "200",
      description = "The server view",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ServerView.class)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public ServerView get() {
    ((AdminCaller) security.getUserPrincipal()).require(GlobalPermission.VIEW_SERVER);
    long now = System.currentTimeMillis();
    Subscriptions.Stats stats = subscriptions.stats();
    return new ServerView(
        settings.serverName(),
        Version.VALUE,
        lifecycle.startedAt(),
        now - lifecycle.startedAt(),
        registry.size(),
        stats.topics(),
        stats.subscriptions(),
        stats.updates(),
        stats.deliveries(),
        WebSocketWrites.route(),
        WebSocketWrites.secureRoute(),
        WebSocketWrites.byteProbes(),
        cluster.nodeId(),
        cluster.clustered(),
        cluster.members(),
        journal.health(),
        MetricsView.of(meters, Outbound.TOTALS, registry.all()),
        WebSocketWrites.upgradeRelease());
  }
}
