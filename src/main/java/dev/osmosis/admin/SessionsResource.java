package dev.osmosis.admin;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionSummary;
import dev.osmosis.control.Caller;
import dev.osmosis.control.ClientControl;
import dev.osmosis.control.Target;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.FilterSyntaxException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.session.Session;
import dev.osmosis.wire.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/sessions}: list, inspect, change and close client sessions, one by id or many by
 * session filter (docs/FILTERS.md). Every operation goes through the core {@link ClientControl},
 * with the same permissions as a session doing it over the protocol.
 */
@Path("sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions", description = "Client sessions: list, inspect, change, close")
public class SessionsResource {
  /** The most sessions {@code ?limit=} may ask for. */
  static final int MAX_LIMIT = 100_000;

  @Inject ClientControl control;
  @Inject SessionFilters filters;
  @Inject Cluster cluster;
  @Inject SessionDirectory directory;
  @Context SecurityContext security;

  /** The answer to a change: how many sessions, and for one session the previous values. */
  public record ChangeView(int count, Map<String, String> previous) {}

  /**
   * The open sessions, all or those matching {@code ?filter=} (VIEW_SESSION); on the grid, every
   * node's (the session directory, docs/CLUSTER.md), each with the id of its node. Oldest first, or
   * with {@code ?sort=queue} the largest outbound queues first (the slowest consumers; a session on
   * another node, whose queue is not known here, last); at most {@code ?limit=} of them.
   */
  @GET
  @Operation(
      summary = "The open sessions, all or those a session filter matches",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION. On a cluster, every node's sessions, each with its node's id;"
              + " oldest first, or the largest outbound queues first with sort=queue ('queued' is"
              + " known for this node's sessions, null for another node's). Never the reconnect"
              + " token.")
  @APIResponse(
      responseCode = "200",
      description = "The sessions",
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = SessionView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<SessionView> list(
      @Parameter(description = "a session filter (docs/FILTERS.md); none = every session")
          @QueryParam("filter")
          String filter,
      @Parameter(description = "'start' (oldest first, the default) or 'queue' (largest first)")
          @QueryParam("sort")
          String sort,
      @Parameter(description = "at most this many sessions, 1 to " + MAX_LIMIT) @QueryParam("limit")
          Integer limit) {
    Comparator<SessionView> order = order(sort);
    long max = limit(limit);
    Target target = target(filter);
    List<Session> local = control.sessions(caller(), target);
    Map<String, Session> here = new HashMap<>();
    local.forEach(s -> here.put(s.id().toString(), s));
    List<SessionView> views;
    if (!cluster.clustered()) {
      String node = cluster.nodeId();
      views =
          local.stream()
              .sorted(Comparator.comparingLong(Session::startTime))
              .map(s -> SessionView.of(s, node))
              .toList();
    } else {
      views =
          directory.sessions(filters.compile(target.filter())).stream()
              .sorted(Comparator.comparingLong(SessionSummary::startTime))
              .map(s -> SessionView.of(s, here.get(s.id())))
              .toList();
    }
    return views.stream().sorted(order).limit(max).toList();
  }

  /**
   * The order of {@code ?sort=}: stable, so equal queues stay oldest first. Bad input is an {@link
   * IllegalArgumentException} (400 INVALID_ARGUMENT, {@link FallbackExceptionMapper}).
   */
  static Comparator<SessionView> order(String sort) {
    if (sort == null || sort.isBlank() || sort.equals("start")) {
      return (a, b) -> 0;
    }
    if (sort.equals("queue")) {
      return Comparator.comparing(
          SessionView::queued, Comparator.nullsLast(Comparator.<Integer>reverseOrder()));
    }
    throw new IllegalArgumentException("'sort' must be 'start' or 'queue', not '" + sort + "'");
  }

  static long limit(Integer limit) {
    if (limit == null) {
      return Long.MAX_VALUE;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_LIMIT);
    }
    return limit;
  }

  /** One session (VIEW_SESSION), on any node of the grid; 404 if unknown. */
  @GET
  @Path("{id}")
  @Operation(
      summary = "One session, on any node",
      description = ApiDocs.PERMISSION + "VIEW_SESSION.")
  @APIResponse(
      responseCode = "200",
      description = "The session",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SessionView.class)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public SessionView get(@Parameter(description = "the session id") @PathParam("id") String id) {
    try {
      return SessionView.of(
          control.sessions(caller(), Target.session(id)).get(0), cluster.nodeId());
    } catch (RequestException e) {
      if (e.code() != ErrorCode.NOT_FOUND || !cluster.clustered()) {
        throw e;
      }
      return directory.session(id).map(SessionView::of).orElseThrow(() -> e);
    }
  }

  /**
   * Closes a session (MODIFY_SESSION): the client sees CLOSED_BY_CONTROLLER. 204, or 404 if
   * unknown.
   */
  @DELETE
  @Path("{id}")
  @Operation(
      summary = "Closes a session",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION and MODIFY_SESSION. The client sees CLOSED_BY_CONTROLLER.")
  @APIResponse(responseCode = "204", description = "Closed")
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public void close(@Parameter(description = "the session id") @PathParam("id") String id) {
    control.close(caller(), Target.session(id));
  }

  /** Closes every session matching {@code ?filter=} (required); answers {@code {"count": n}}. */
  @POST
  @Path("close")
  @Operation(
      summary = "Closes every session a filter matches",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION and MODIFY_SESSION. Answers {\"count\": n}. Needs the"
              + " X-Requested-With header (no JSON body).")
  @APIResponse(
      responseCode = "200",
      description = "How many sessions were closed",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ChangeView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public ChangeView closeMatching(
      @Parameter(required = true, description = "a session filter; 'all' for every session")
          @QueryParam("filter")
          String filter) {
    return new ChangeView(control.close(caller(), target(required(filter))), null);
  }

  /**
   * Sets user properties of one session (a null value removes one); answers the previous values.
   */
  @PUT
  @Path("{id}/properties")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sets user properties of one session",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION and MODIFY_SESSION. A null value removes a property; answers"
              + " the previous values.")
  @APIResponse(
      responseCode = "200",
      description = "count 1 and the previous values",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ChangeView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public ChangeView setProperties(
      @Parameter(description = "the session id") @PathParam("id") String id,
      @RequestBody(
              required = true,
              description = "property name to value (null removes it)",
              content =
                  @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
          Map<String, String> properties) {
    List<Map<String, String>> previous =
        control.setProperties(caller(), Target.session(id), body(properties));
    return new ChangeView(1, previous.get(0));
  }

  /**
   * Sets user properties of every session matching {@code ?filter=} (required); answers the count.
   */
  @PUT
  @Path("properties")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sets user properties of every session a filter matches",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION and MODIFY_SESSION. A null value removes a property; answers"
              + " the count.")
  @APIResponse(
      responseCode = "200",
      description = "How many sessions were changed",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ChangeView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public ChangeView setPropertiesMatching(
      @Parameter(required = true, description = "a session filter; 'all' for every session")
          @QueryParam("filter")
          String filter,
      @RequestBody(
              required = true,
              description = "property name to value (null removes it)",
              content =
                  @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
          Map<String, String> properties) {
    Target target = target(required(filter));
    return new ChangeView(control.setProperties(caller(), target, body(properties)).size(), null);
  }

  /** No filter = every session; a filter that does not parse is a 400 naming the position. */
  private Target target(String filter) {
    if (filter == null || filter.isBlank()) {
      return Target.filter("all");
    }
    try {
      filters.compile(filter);
    } catch (FilterSyntaxException e) {
      throw AdminException.badFilter(filter, e.position(), e.getMessage());
    }
    return Target.filter(filter);
  }

  private static String required(String filter) {
    if (filter == null || filter.isBlank()) {
      throw AdminException.badRequest(
          "the query parameter 'filter' is required (use 'all' for every session)");
    }
    return filter;
  }

  private static Map<String, String> body(Map<String, String> properties) {
    if (properties == null || properties.isEmpty()) {
      throw AdminException.badRequest(
          "the body must be a JSON object of property values (null removes one)");
    }
    return properties;
  }

  private Caller caller() {
    AdminCaller caller = (AdminCaller) security.getUserPrincipal();
    return new Caller(caller.name(), caller.roles());
  }
}
