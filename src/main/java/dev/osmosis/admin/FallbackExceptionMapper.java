package dev.osmosis.admin;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * Every admin API error that {@link RequestExceptionMapper} does not map becomes the JSON {@link
 * AdminException.ErrorView}, never the container's HTML page with exception text. Bad input is a
 * 400: a body that is not valid JSON or does not bind (JSON-P/JSON-B errors, also when the JAX-RS
 * runtime wraps them), an {@link IllegalArgumentException}. A {@link WebApplicationException} keeps
 * its status and headers (404 for an unknown path, 405 with {@code Allow}, ...). Anything else is a
 * bug: 500 with an incident id only, the exception logged once with that id and its stack trace
 * (the client never sees its text).
 */
@Provider
public class FallbackExceptionMapper implements ExceptionMapper<Throwable> {
  private static final System.Logger LOG =
      System.getLogger(FallbackExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    if (e instanceof WebApplicationException wae) {
      return fromWebApplication(wae);
    }
    if (isBadJson(e)) {
      return error(
          Response.Status.BAD_REQUEST,
          "INVALID_JSON",
          "the request body is not valid JSON of the expected shape");
    }
    if (e instanceof IllegalArgumentException) {
      return error(Response.Status.BAD_REQUEST, "INVALID_ARGUMENT", String.valueOf(e.getMessage()));
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(System.Logger.Level.ERROR, "admin API: unexpected error, incident " + incident, e);
    return error(
        Response.Status.INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "internal server error (incident " + incident + " in the server log)");
  }

  private static Response fromWebApplication(WebApplicationException e) {
    Response original = e.getResponse();
    if (original.hasEntity()) {
      return original; // already an admin API answer (AdminException)
    }
    int status = original.getStatus();
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String reason = type == null ? "HTTP " + status : type.getReasonPhrase();
    String error = type instanceof Response.Status known ? known.name() : "HTTP_" + status;
    if (status >= 500) {
      LOG.log(System.Logger.Level.WARNING, "admin API: " + status + " " + e);
    }
    return Response.fromResponse(original)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new AdminException.ErrorView(status, error, reason))
        .build();
  }

  /**
   * JSON-P/JSON-B failures, also wrapped (Jersey reports a body that does not bind as a
   * ProcessingException).
   */
  static boolean isBadJson(Throwable e) {
    Throwable t = e;
    while (t instanceof ProcessingException && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t instanceof JsonException || t instanceof JsonbException;
  }

  private static Response error(Response.Status status, String error, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new AdminException.ErrorView(status.getStatusCode(), error, message))
        .build();
  }
}
