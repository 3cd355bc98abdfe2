package dev.osmosis.admin;

import dev.osmosis.error.RequestException;
import dev.osmosis.metrics.CollectorJson;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.metrics.SessionMetricCollector;
import dev.osmosis.metrics.TopicMetricCollector;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.wire.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /api/v1/metrics/collectors}: Diffusion's metric collectors (docs/OPERATIONS.md "Metric
 * collectors") through the core {@link MetricCollectors}: listed and sampled with VIEW_SERVER, put
 * and removed with CONTROL_SERVER (Diffusion's permissions). Bodies are the collectors' JSON with
 * Diffusion's field names ({@link CollectorJson}); a bad filter or selector is 400 with the
 * parser's message and position, a storage or grid failure 503, too many collectors 429 ({@link
 * RequestExceptionMapper}).
 */
@Path("metrics/collectors")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
  @Inject MetricCollectors collectors;
  @Context SecurityContext security;

  /** {@code {"session": [...], "topic": [...]}}, each in creation order. */
  @GET
  public String list() {
    require(GlobalPermission.VIEW_SERVER);
    return CollectorJson.json(collectors.collectors()).toString();
  }

  /** Every collector's groups now: {@code {"groups": [...], "omitted": n}}. */
  @GET
  @Path("samples")
  public String samples() {
    require(GlobalPermission.VIEW_SERVER);
    return CollectorJson.json(collectors.samples()).toString();
  }

  /** Creates or replaces a session metric collector; answers it. */
  @PUT
  @Path("session/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String putSession(@PathParam("name") String name, JsonObject body) {
    require(GlobalPermission.CONTROL_SERVER);
    SessionMetricCollector c = CollectorJson.sessionCollector(name, body(body));
    collectors.putSessionCollector(c);
    return CollectorJson.json(c).toString();
  }

  /** Creates or replaces a topic metric collector; answers it. */
  @PUT
  @Path("topic/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String putTopic(@PathParam("name") String name, JsonObject body) {
    require(GlobalPermission.CONTROL_SERVER);
    TopicMetricCollector c = CollectorJson.topicCollector(name, body(body));
    collectors.putTopicCollector(c);
    return CollectorJson.json(c).toString();
  }

  /** Removes a session metric collector: 204, or 404 when there is none. */
  @DELETE
  @Path("session/{name}")
  public void removeSession(@PathParam("name") String name) {
    require(GlobalPermission.CONTROL_SERVER);
    if (!collectors.removeSessionCollector(name)) {
      throw new RequestException(ErrorCode.NOT_FOUND, "no session metric collector '" + name + "'");
    }
  }

  /** Removes a topic metric collector: 204, or 404 when there is none. */
  @DELETE
  @Path("topic/{name}")
  public void removeTopic(@PathParam("name") String name) {
    require(GlobalPermission.CONTROL_SERVER);
    if (!collectors.removeTopicCollector(name)) {
      throw new RequestException(ErrorCode.NOT_FOUND, "no topic metric collector '" + name + "'");
    }
  }

  private static JsonObject body(JsonObject body) {
    if (body == null) {
      throw new RequestException(ErrorCode.INVALID_ARGUMENT, "a JSON object body is required");
    }
    return body;
  }

  private void require(GlobalPermission permission) {
    ((AdminCaller) security.getUserPrincipal()).require(permission);
  }
}
