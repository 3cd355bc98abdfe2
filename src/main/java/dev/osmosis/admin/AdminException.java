package dev.osmosis.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An admin API error: the HTTP status with a JSON body {@link ErrorView}. */
public class AdminException extends WebApplicationException {

  public AdminException(Response.Status status, String message) {
    this(status, message, new ErrorView(status.getStatusCode(), status.name(), message));
  }

  private AdminException(Response.Status status, String message, Object body) {
    super(
        message,
        Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
  }

  /** 400 for a session filter that does not parse: the body names the 0-based position. */
  public static AdminException badFilter(String filter, int position, String message) {
    return new AdminException(
        Response.Status.BAD_REQUEST,
        message,
        new FilterErrorView(400, "INVALID_FILTER", message, position, filter));
  }

  public static AdminException notFound(String message) {
    return new AdminException(Response.Status.NOT_FOUND, message);
  }

  public static AdminException badRequest(String message) {
    return new AdminException(Response.Status.BAD_REQUEST, message);
  }

  /** The JSON body of every admin API error. */
  @Schema(
      name = ApiDocs.ERROR,
      description =
          "Every admin API error. A session filter error adds 'position' (0-based) and 'filter';"
              + " a security script error 'line' and 'column' (1-based).")
  public record ErrorView(
      @Schema(description = "the HTTP status", example = "403") int status,
      @Schema(
              description = "what went wrong, e.g. FORBIDDEN, INVALID_FILTER, NOT_FOUND",
              example = "FORBIDDEN")
          String error,
      @Schema(
              description = "for a person: what was refused and why",
              example = "principal 'client' lacks the VIEW_SESSION permission")
          String message) {}

  /** The JSON body of a filter syntax error. */
  public record FilterErrorView(
      int status, String error, String message, int position, String filter) {}

  /** The JSON body of a security script error (1-based line and column). */
  public record ScriptErrorView(int status, String error, String message, int line, int column) {}
}
