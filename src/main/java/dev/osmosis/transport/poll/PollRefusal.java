package dev.osmosis.transport.poll;

import jakarta.json.Json;

/**
 * A refused polling request (docs/PROTOCOL.md §13): an HTTP status and a message, sent as the JSON
 * body {@code {"code":N,"message":"..."}} where {@code N} is 4000 plus the status (4400, 4403,
 * 4404, 4413, 4429). Plain Java; {@link PollResource} turns it into the HTTP answer.
 */
final class PollRefusal extends RuntimeException {
  static final String NO_SUCH_CONNECTION = "no such poll connection";

  private final int status;

  PollRefusal(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static PollRefusal notFound() {
    return new PollRefusal(404, NO_SUCH_CONNECTION);
  }

  int status() {
    return status;
  }

  /** The JSON body. */
  String body() {
    return Json.createObjectBuilder()
        .add("code", 4000 + status)
        .add("message", getMessage())
        .build()
        .toString();
  }
}
