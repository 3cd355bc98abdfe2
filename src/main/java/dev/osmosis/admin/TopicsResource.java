package dev.osmosis.admin;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.TopicFrames;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.SelectorSyntaxException;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.subscribe.Access;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/topics}: add-and-set, read, list by selector and remove by selector, with the same
 * permissions as sessions (MODIFY_TOPIC, UPDATE_TOPIC, READ_TOPIC at the path, or the topic's
 * OWNER). Values are written as their wire form (docs/PROTOCOL.md §9): a JSON topic's value is the
 * JSON itself.
 */
@Path("topics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "topics", description = "Topics: add and set, read, list, remove (docs/TOPICS.md)")
public class TopicsResource {
  private static final int MAX_LISTED = 10_000;

  @Inject TopicControl topics;
  @Inject TopicSelectors selectors;
  @Inject Supplier<SecurityStore> store;
  @Context SecurityContext security;

  /**
   * Adds the topic if missing and sets its value: body {@code {"type": "JSON", "value": ...,
   * "properties": {...}}}.
   */
  @PUT
  @Path("{path: .+}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Adds the topic if missing and sets its value",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_TOPIC at the path to add the topic, UPDATE_TOPIC at the path to set its"
              + " value (or the topic's OWNER). Answers {\"result\": \"ADDED\"|\"EXISTS\"}.")
  @APIResponse(
      responseCode = "200",
      description = "ADDED, or EXISTS when the topic was there and only its value was set",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Map<String, String> put(
      @Parameter(description = "the topic path, e.g. a/b/c") @PathParam("path") String path,
      @RequestBody(
              required = true,
              description =
                  "{\"type\": JSON|STRING|INT64|DOUBLE|BINARY, \"value\": ..., \"properties\":"
                      + " {...}}: the value in its wire form (a JSON topic's value is the JSON)",
              content =
                  @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
          JsonObject body) {
    if (body == null
        || !(body.get("type") instanceof JsonString type)
        || !body.containsKey("value")) {
      throw AdminException.badRequest(
          "the body must be {\"type\": JSON|STRING|INT64|DOUBLE|BINARY, \"value\": ..., "
              + "\"properties\": {...}}");
    }
    TopicSpecification specification;
    try {
      Map<String, String> properties = new LinkedHashMap<>();
      if (body.get("properties") instanceof JsonObject props) {
        props.forEach(
            (k, v) -> properties.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
      }
      specification = new TopicSpecification(TopicType.valueOf(type.getString()), properties);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest("invalid topic type or specification: " + e.getMessage());
    }
    JsonValue value = body.get("value");
    Object raw = value instanceof JsonNumber n ? n.numberValue() : value;
    return Map.of("result", topics.addAndSet(caller(), path, specification, raw).name());
  }

  /** One topic: {@code {"path", "type", "value", "properties"}} (READ_TOPIC); 404 if missing. */
  @GET
  @Path("{path: .+}")
  @Operation(
      summary = "One topic with its value",
      description =
          ApiDocs.PERMISSION
              + "READ_TOPIC at the path (a topic the caller may not read is not found).")
  @APIResponse(
      responseCode = "200",
      description = "{\"path\", \"id\", \"type\", \"value\", \"sequence\", \"properties\"}",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public String get(@Parameter(description = "the topic path") @PathParam("path") String path) {
    Topic topic = topics.tree().get(path);
    if (topic == null || !readable(topic)) {
      throw AdminException.notFound("no topic at " + path);
    }
    return view(topic, true).toString();
  }

  /** The topics a selector matches that the caller may read, with values if {@code values=true}. */
  @GET
  @Operation(
      summary = "The topics a selector matches",
      description =
          ApiDocs.PERMISSION
              + "READ_TOPIC at each topic's path: only topics the caller may read are listed (at"
              + " most 10,000).")
  @APIResponse(
      responseCode = "200",
      description =
          "[{\"path\", \"id\", \"type\", \"properties\"}], with \"value\" and \"sequence\""
              + " if values=true",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  public String list(
      @Parameter(description = "a topic selector (docs/TOPICS.md); none = every topic, *.*")
          @QueryParam("selector")
          String selector,
      @Parameter(description = "true to include each topic's value") @QueryParam("values")
          boolean values) {
    TopicSelector matcher = compile(selector == null || selector.isBlank() ? "*.*" : selector);
    StringBuilder out = new StringBuilder("[");
    int[] listed = {0};
    topics
        .tree()
        .forEachMatching(
            matcher,
            topic -> {
              if (listed[0] < MAX_LISTED && readable(topic)) {
                if (listed[0]++ > 0) {
                  out.append(',');
                }
                out.append(view(topic, values));
              }
            });
    return out.append(']').toString();
  }

  /** Removes the topics a selector matches that the caller may modify: {@code {"removed": n}}. */
  @DELETE
  @Operation(
      summary = "Removes the topics a selector matches",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_TOPIC at each topic's path: only topics the caller may modify are"
              + " removed. Answers {\"removed\": n}. Needs the X-Requested-With header.")
  @APIResponse(
      responseCode = "200",
      description = "How many topics were removed",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  public Map<String, Integer> remove(
      @Parameter(required = true, description = "a topic selector") @QueryParam("selector")
          String selector) {
    if (selector == null || selector.isBlank()) {
      throw AdminException.badRequest("the query parameter 'selector' is required");
    }
    compile(selector);
    return Map.of("removed", topics.remove(caller(), selector));
  }

  private StringBuilder view(Topic topic, boolean withValue) {
    StringBuilder out = new StringBuilder("{\"path\":");
    TopicFrames.quote(out, topic.path());
    out.append(",\"id\":")
        .append(topic.id())
        .append(",\"type\":\"")
        .append(topic.type())
        .append('"');
    if (withValue) {
      out.append(",\"value\":");
      if (topic.value() == null) {
        out.append("null");
      } else {
        TopicFrames.writeValue(out, topic.value());
      }
      out.append(",\"sequence\":").append(topic.sequence());
    }
    out.append(",\"properties\":");
    TopicFrames.writeStringMap(out, topic.specification().properties());
    return out.append('}');
  }

  private boolean readable(Topic topic) {
    Caller caller = caller();
    return Access.has(
        store.get(), caller.principal(), caller.roles(), PathPermission.READ_TOPIC, topic);
  }

  private TopicSelector compile(String selector) {
    try {
      return selectors.compile(selector);
    } catch (SelectorSyntaxException e) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid topic selector: " + e.getMessage());
    }
  }

  private Caller caller() {
    AdminCaller caller = (AdminCaller) security.getUserPrincipal();
    return new Caller(caller.name(), caller.roles());
  }
}
