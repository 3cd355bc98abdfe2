package dev.osmosis.admin;

import dev.osmosis.error.RequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Core errors (stable codes) to HTTP: permission 403, not found 404, bad request 400, limits 429,
 * the grid did not answer 503. A security script's error ({@link ScriptRefused}) also names its
 * line and column.
 */
@Provider
public class RequestExceptionMapper implements ExceptionMapper<RequestException> {

  @Override
  public Response toResponse(RequestException e) {
    Response.Status status =
        switch (e.code()) {
          case PERMISSION_DENIED -> Response.Status.FORBIDDEN;
          case NOT_FOUND -> Response.Status.NOT_FOUND;
          case LIMIT_EXCEEDED -> Response.Status.TOO_MANY_REQUESTS;
          case INTERNAL_ERROR -> Response.Status.INTERNAL_SERVER_ERROR;
          case UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
          default -> Response.Status.BAD_REQUEST;
        };
    Object body =
        e instanceof ScriptRefused script
            ? new AdminException.ScriptErrorView(
                status.getStatusCode(),
                "INVALID_SCRIPT",
                e.getMessage(),
                script.line(),
                script.column())
            : new AdminException.ErrorView(status.getStatusCode(), e.code().name(), e.getMessage());
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
