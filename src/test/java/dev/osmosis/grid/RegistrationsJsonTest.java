package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.cluster.SessionRegistrations;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's registrations in its grid record, and a record written without them. */
class RegistrationsJsonTest {

  @Test
  void encode_thenDecode_thenTheSameRegistrations() {
    SessionRegistrations r =
        new SessionRegistrations(
            List.of(
                new SessionRegistrations.Handler("a/b", List.of("*F", "Team")),
                new SessionRegistrations.Handler("c", List.of())),
            List.of(new SessionRegistrations.Handler("games", List.of("$Principal"))),
            List.of(">n/a", "?n//"),
            List.of(new SessionRegistrations.Listener(12, List.of("*U"))));
    assertEquals(r, RegistrationsJson.decode(RegistrationsJson.encode(r)));
  }

  @Test
  void decode_ofAnObjectWithoutArrays_thenNothing() {
    assertEquals(
        SessionRegistrations.NONE,
        RegistrationsJson.decode(Json.createObjectBuilder().build()),
        "a record of an older node");
    assertEquals(
        "{\"notifications\":[\">x\"]}",
        RegistrationsJson.encode(
                new SessionRegistrations(List.of(), List.of(), List.of(">x"), List.of()))
            .toString(),
        "only what the session registered");
  }
}
