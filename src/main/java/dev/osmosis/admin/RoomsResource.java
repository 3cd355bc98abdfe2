package dev.osmosis.admin;

import dev.osmosis.room.MemberInfo;
import dev.osmosis.room.RoomRegistry;
import dev.osmosis.security.GlobalPermission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/rooms}: the rooms of ingress handlers. Both calls need VIEW_SESSION, not
 * VIEW_SERVER: a room's detail shows session ids and the attributes handlers keep (often a user
 * name), which is session data. On a cluster both show every node's rooms and members.
 */
@Path("rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rooms", description = "The rooms of ingress handlers (docs/ROOMS.md)")
public class RoomsResource {
  @Inject RoomRegistry rooms;
  @Context SecurityContext security;

  /** Every room, by name, with its member count. */
  @GET
  @Operation(
      summary = "Every room with its member count",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION (a room shows session data). On a cluster, every node's rooms.")
  @APIResponse(
      responseCode = "200",
      description = "The rooms, by name, with 'members' (no 'sessions')",
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = RoomView.class)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public List<RoomView> list() {
    caller().require(GlobalPermission.VIEW_SESSION);
    return rooms.roomCounts().entrySet().stream()
        .map(e -> RoomView.summary(e.getKey(), e.getValue()))
        .toList();
  }

  /** One room with its members' session ids and attributes; 404 if there is no such room. */
  @GET
  @Path("{name: .+}")
  @Operation(
      summary = "One room with its members",
      description =
          ApiDocs.PERMISSION
              + "VIEW_SESSION. The members' session ids, attributes and, on a cluster, nodes.")
  @APIResponse(
      responseCode = "200",
      description = "The room with 'sessions'",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = RoomView.class)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public RoomView get(
      @Parameter(description = "the room's name (may contain '/')") @PathParam("name")
          String name) {
    caller().require(GlobalPermission.VIEW_SESSION);
    List<MemberInfo> members = rooms.memberInfo(name);
    if (members.isEmpty()) {
      throw AdminException.notFound("no room " + name);
    }
    return RoomView.detail(name, members);
  }

  private AdminCaller caller() {
    return (AdminCaller) security.getUserPrincipal();
  }
}
