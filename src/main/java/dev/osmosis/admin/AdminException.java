package dev.osmosis.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An admin API error: the HTTP status with a JSON body {@link ErrorView}. */
public class AdminException extends WebApplicationException {

  public AdminException(Response.Status status, String message) {
    super(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorView(status.getStatusCode(), status.name(), message)).build());
  }

  public static AdminException notFound(String message) {
    return new AdminException(Response.Status.NOT_FOUND, message);
  }

  public static AdminException badRequest(String message) {
    return new AdminException(Response.Status.BAD_REQUEST, message);
  }

  /** The JSON body of every admin API error. */
  public record ErrorView(int status, String error, String message) {}
}
