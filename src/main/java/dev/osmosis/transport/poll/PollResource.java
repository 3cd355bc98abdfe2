package dev.osmosis.transport.poll;

import dev.osmosis.connection.ClientConnection;
import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.connection.SessionLimits;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.JsonNesting;
import dev.osmosis.transport.ClientConnectionFactory;
import dev.osmosis.transport.WriterPool;
import dev.osmosis.wire.CloseReason;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP long-polling transport {@code /osmosis/poll} (docs/PROTOCOL.md §13): open with a {@code
 * connect}, hold polls, take sends, close. A thin boundary: {@link PollBodies} checks bodies,
 * {@link PollConnections} and {@link PollConnection} hold the state, the protocol is the same
 * {@link ClientConnection} as on a WebSocket. The Origin check is {@code OriginFilter}'s
 * (same-origin or {@code osmosis.allowedOrigins}; no CORS).
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PollResource {
  private static final System.Logger LOG = System.getLogger(PollResource.class.getName());

  @Inject Sessions sessions;
  @Inject ClientConnectionFactory clients;
  @Inject TopicControl topics;
  @Inject WriterPool writers;
  @Inject Clock clock;
  @Inject PollConnections polls;
  @Inject SessionLimits limits;
  @Inject ConnectionSettings settings;
  @Resource ManagedExecutorService handshakes;
  @Context HttpServletRequest request;

  /**
   * Open: the body is one {@code connect}; the answer is the connection id, the outcome comes on
   * polls.
   */
  @POST
  public Response open(InputStream body) {
    String connect;
    PollConnection connection;
    try {
      connect =
          PollBodies.connect(
              body, request.getContentLengthLong(), settings.maxMessageSize(), maxDepth());
      connection =
          polls.open(
              request.getRemoteAddr(),
              cid ->
                  new PollConnection(
                      cid,
                      request.getRemoteAddr(),
                      polls.holdMillis(),
                      clock.millis(),
                      writers.executor(),
                      settings.maxOutboundQueue(),
                      limits.maxOutboundBytes(),
                      limits.maxOutboundFrameBytes(),
                      polls::remove));
    } catch (PollRefusal e) {
      throw refused(e);
    }
    connection.bind(clients.create(connection, Transport.HTTP_LONG_POLL));
    handshakes.execute(
        () -> connection.open(connect)); // authentication may take its time: answer at once
    return Response.ok("{\"cid\":\"" + connection.cid() + "\"}").build();
  }

  /** Poll: held until a frame is written (200) or the hold time passes (204). */
  @GET
  @Path("{cid}")
  public void poll(@PathParam("cid") String cid, @Suspended AsyncResponse response) {
    PollConnection connection = polls.get(cid);
    if (connection == null) {
      response.resume(response(PollRefusal.notFound()));
      return;
    }
    connection.poll(
        new Poll() {
          @Override
          public boolean answer(String frame) {
            return response.resume(
                lastOnItsConnection(frame == null ? Response.noContent() : Response.ok(frame)));
          }

          @Override
          public void gone() {
            response.resume(
                lastOnItsConnection(Response.fromResponse(response(PollRefusal.notFound()))));
          }
        },
        clock.millis());
  }

  /** Send: one frame, handed to the protocol before the 204. */
  @POST
  @Path("{cid}")
  public Response send(@PathParam("cid") String cid, InputStream body) {
    PollConnection connection = connection(cid);
    String frame;
    try {
      frame =
          PollBodies.frame(
              body, request.getContentLengthLong(), settings.maxMessageSize(), maxDepth());
    } catch (PollRefusal e) {
      if (e.status() == 413) { // as a WebSocket closes on a too-large frame (1009)
        connection.client().onTransportClosed(CloseReason.MESSAGE_TOO_LARGE, e.getMessage());
      }
      throw refused(e);
    }
    try {
      connection.afterOpen().get(settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw refused(PollRefusal.notFound());
    }
    connection.client().onText(frame);
    return Response.noContent().build();
  }

  /** Close by the client (as a WebSocket close 1000). */
  @DELETE
  @Path("{cid}")
  public Response close(@PathParam("cid") String cid) {
    connection(cid).end(CloseReason.CLOSED_BY_CLIENT, "the client closed the polling connection");
    return Response.noContent().build();
  }

  private PollConnection connection(String cid) {
    PollConnection connection = polls.get(cid);
    if (connection == null) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "polling {0} from {1}: no such poll connection",
          request.getMethod(),
          request.getRemoteAddr());
      throw new WebApplicationException(response(PollRefusal.notFound()));
    }
    return connection;
  }

  private int maxDepth() {
    return topics.limits().maxJsonDepth() + JsonNesting.FRAME_LEVELS;
  }

  /** Every refusal is logged once, here, without the connection id (a capability). */
  private WebApplicationException refused(PollRefusal e) {
    LOG.log(
        System.Logger.Level.INFO,
        "refused a polling {0} from {1}: {2} {3}",
        request.getMethod(),
        request.getRemoteAddr(),
        e.status(),
        e.getMessage());
    return new WebApplicationException(e.getMessage(), response(e));
  }

  /**
   * A held poll is answered from a writer or timer thread, and Grizzly then finishes the HTTP
   * exchange on that thread. If the browser has already sent its next request on the same
   * keep-alive connection, Catalina's request recycling races it: BrowserIT saw requests with no
   * context and upgrades failing on such reused connections. A held poll's answer therefore closes
   * its TCP connection ({@code Connection: close}); the next poll opens a fresh one (a few hundred
   * µs on a fallback transport). Sends and opens answer on container threads and keep alive.
   */
  static Response lastOnItsConnection(Response.ResponseBuilder answer) {
    return answer.header("Connection", "close").build();
  }

  static Response response(PollRefusal e) {
    return Response.status(e.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(e.body())
        .build();
  }
}
