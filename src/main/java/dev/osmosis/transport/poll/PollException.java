package dev.osmosis.transport.poll;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A refused polling request (docs/PROTOCOL.md §13): the HTTP status with the JSON body
 * {@code {"code":N,"message":"..."}}, where {@code N} is 4000 plus the status (4400, 4403, 4404, 4413, 4429).
 */
final class PollException extends WebApplicationException {
  static final String NO_SUCH_CONNECTION = "no such poll connection";

  PollException(int status, String message) {
    super(message, response(status, message));
  }

  static Response response(int status, String message) {
    String body = Json.createObjectBuilder().add("code", 4000 + status).add("message", message).build().toString();
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  static PollException notFound() {
    return new PollException(404, NO_SUCH_CONNECTION);
  }

  int status() {
    return getResponse().getStatus();
  }
}
