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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(
    name = "metrics",
    description = "Metric collectors, Diffusion's (docs/OPERATIONS.md \"Metric collectors\")")
public class MetricsResource {
  @Inject MetricCollectors collectors;
  @Context SecurityContext security;

  /** {@code {"session": [...], "topic": [...]}}, each in creation order. */
  @GET
  @Operation(
      summary = "Every metric collector",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SERVER. {\"session\": [...], \"topic\": [...]}, each in creation order.")
  @APIResponse(
      responseCode = "200",
      description = "The session and topic collectors",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public String list() {
    require(GlobalPermission.VIEW_SERVER);
    return CollectorJson.json(collectors.collectors()).toString();
  }

  /** Every collector's groups now: {@code {"groups": [...], "omitted": n}}. */
  @GET
  @Path("samples")
  @Operation(
      summary = "Every collector's groups and values now",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SERVER. {\"groups\": [{\"kind\", \"collector\", \"labels\", \"values\"}],"
              + " \"omitted\": n}: the groups left out by the limits are counted in omitted.")
  @APIResponse(
      responseCode = "200",
      description = "The groups",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public String samples() {
    require(GlobalPermission.VIEW_SERVER);
    return CollectorJson.json(collectors.samples()).toString();
  }

  /** Creates or replaces a session metric collector; answers it. */
  @PUT
  @Path("session/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Creates or replaces a session metric collector",
      description =
          ApiDocs.PERMISSION
              + "CONTROL_SERVER. Body {\"sessionFilter\", \"groupByProperties\", \"exportToPrometheus\", \"maximumGroups\", \"removeMetricsWithNoMatches\"} (Diffusion's names;"
              + " absent fields take Diffusion's defaults). A bad sessionFilter is 400 with the"
              + " parser's position; more than osmosis.metrics.maxCollectors 429.")
  @RequestBody(
      required = true,
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "The collector as stored",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public String putSession(
      @Parameter(description = "the collector's name") @PathParam("name") String name,
      JsonObject body) {
    require(GlobalPermission.CONTROL_SERVER);
    SessionMetricCollector c = CollectorJson.sessionCollector(name, body(body));
    collectors.putSessionCollector(c);
    return CollectorJson.json(c).toString();
  }

  /** Creates or replaces a topic metric collector; answers it. */
  @PUT
  @Path("topic/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Creates or replaces a topic metric collector",
      description =
          ApiDocs.PERMISSION
              + "CONTROL_SERVER. Body {\"topicSelector\", \"groupByTopicType\", \"groupByTopicView\", \"groupByPathPrefixParts\", \"exportToPrometheus\", \"maximumGroups\"} (Diffusion's names;"
              + " absent fields take Diffusion's defaults). A bad topicSelector is 400 with the"
              + " parser's position; more than osmosis.metrics.maxCollectors 429.")
  @RequestBody(
      required = true,
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(
      responseCode = "200",
      description = "The collector as stored",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public String putTopic(
      @Parameter(description = "the collector's name") @PathParam("name") String name,
      JsonObject body) {
    require(GlobalPermission.CONTROL_SERVER);
    TopicMetricCollector c = CollectorJson.topicCollector(name, body(body));
    collectors.putTopicCollector(c);
    return CollectorJson.json(c).toString();
  }

  /** Removes a session metric collector: 204, or 404 when there is none. */
  @DELETE
  @Path("session/{name}")
  @Operation(
      summary = "Removes a session metric collector",
      description = ApiDocs.PERMISSION + "CONTROL_SERVER. Its exported series go too.")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public void removeSession(
      @Parameter(description = "the collector's name") @PathParam("name") String name) {
    require(GlobalPermission.CONTROL_SERVER);
    if (!collectors.removeSessionCollector(name)) {
      throw new RequestException(ErrorCode.NOT_FOUND, "no session metric collector '" + name + "'");
    }
  }

  /** Removes a topic metric collector: 204, or 404 when there is none. */
  @DELETE
  @Path("topic/{name}")
  @Operation(
      summary = "Removes a topic metric collector",
      description = ApiDocs.PERMISSION + "CONTROL_SERVER. Its exported series go too.")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public void removeTopic(
      @Parameter(description = "the collector's name") @PathParam("name") String name) {
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
