package dev.osmosis.admin;

import dev.osmosis.security.GlobalPermission;
import dev.osmosis.session.CloseReason;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.SessionRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Comparator;
import java.util.List;

/** {@code /api/v1/sessions}: list, inspect and close client sessions. */
@Path("sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
  @Inject SessionRegistry registry;
  @Context SecurityContext security;

  /** Every open session (VIEW_SESSION). */
  @GET
  public List<SessionView> list() {
    caller().require(GlobalPermission.VIEW_SESSION);
    return registry.all().stream()
        .sorted(Comparator.comparingLong(Session::startTime))
        .map(SessionView::of)
        .toList();
  }

  /** One session (VIEW_SESSION); 404 if unknown. */
  @GET
  @Path("{id}")
  public SessionView get(@PathParam("id") String id) {
    caller().require(GlobalPermission.VIEW_SESSION);
    return SessionView.of(find(id));
  }

  /** Closes a session (MODIFY_SESSION): the client sees CLOSED_BY_CONTROLLER. 204, or 404 if unknown. */
  @DELETE
  @Path("{id}")
  public void close(@PathParam("id") String id) {
    AdminCaller caller = caller();
    caller.require(GlobalPermission.MODIFY_SESSION);
    find(id).close(CloseReason.CLOSED_BY_CONTROLLER, "closed by administrator '" + caller.name() + "'");
  }

  private Session find(String id) {
    SessionId sessionId;
    try {
      sessionId = SessionId.parse(id);
    } catch (IllegalArgumentException e) {
      throw AdminException.notFound("no session " + id + " (not a session id)");
    }
    return registry.get(sessionId).orElseThrow(() -> AdminException.notFound("no session " + id));
  }

  private AdminCaller caller() {
    return (AdminCaller) security.getUserPrincipal();
  }
}
