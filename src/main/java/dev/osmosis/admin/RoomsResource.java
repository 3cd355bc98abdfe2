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

/**
 * {@code /api/v1/rooms}: the rooms of ingress handlers. Both calls need VIEW_SESSION, not
 * VIEW_SERVER: a room's detail shows session ids and the attributes handlers keep (often a user
 * name), which is session data. On a cluster both show every node's rooms and members.
 */
@Path("rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {
  @Inject RoomRegistry rooms;
  @Context SecurityContext security;

  /** Every room, by name, with its member count. */
  @GET
  public List<RoomView> list() {
    caller().require(GlobalPermission.VIEW_SESSION);
    return rooms.roomCounts().entrySet().stream()
        .map(e -> RoomView.summary(e.getKey(), e.getValue()))
        .toList();
  }

  /** One room with its members' session ids and attributes; 404 if there is no such room. */
  @GET
  @Path("{name: .+}")
  public RoomView get(@PathParam("name") String name) {
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
