package dev.osmosis.grid;

import dev.osmosis.cluster.SessionRegistrations;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.util.List;

/**
 * The JSON form of a session's {@link SessionRegistrations} in its grid record ({@code
 * "registrations"}, GridSessionStore): {@code {"handlers":[{"path":..,"keys":[..]}],
 * "missingTopicHandlers":[..], "notifications":[selector, ..],
 * "listeners":[{"id":n,"keys":[..]}]}}, each array only when not empty.
 */
final class RegistrationsJson {
  private RegistrationsJson() {}

  static JsonObject encode(SessionRegistrations r) {
    JsonObjectBuilder json = Json.createObjectBuilder();
    if (!r.requestHandlers().isEmpty()) {
      json.add("handlers", handlers(r.requestHandlers()));
    }
    if (!r.missingTopicHandlers().isEmpty()) {
      json.add("missingTopicHandlers", handlers(r.missingTopicHandlers()));
    }
    if (!r.notificationSelections().isEmpty()) {
      json.add("notifications", strings(r.notificationSelections()));
    }
    if (!r.sessionListeners().isEmpty()) {
      JsonArrayBuilder listeners = Json.createArrayBuilder();
      for (SessionRegistrations.Listener l : r.sessionListeners()) {
        listeners.add(Json.createObjectBuilder().add("id", l.id()).add("keys", strings(l.keys())));
      }
      json.add("listeners", listeners);
    }
    return json.build();
  }

  static SessionRegistrations decode(JsonObject json) {
    return new SessionRegistrations(
        handlers(json.getJsonArray("handlers")),
        handlers(json.getJsonArray("missingTopicHandlers")),
        strings(json.getJsonArray("notifications")),
        json.containsKey("listeners")
            ? json.getJsonArray("listeners").getValuesAs(JsonObject.class).stream()
                .map(
                    l ->
                        new SessionRegistrations.Listener(
                            l.getJsonNumber("id").longValue(), strings(l.getJsonArray("keys"))))
                .toList()
            : List.of());
  }

  private static JsonArrayBuilder handlers(List<SessionRegistrations.Handler> handlers) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (SessionRegistrations.Handler h : handlers) {
      array.add(Json.createObjectBuilder().add("path", h.path()).add("keys", strings(h.keys())));
    }
    return array;
  }

  private static List<SessionRegistrations.Handler> handlers(JsonArray array) {
    return array == null
        ? List.of()
        : array.getValuesAs(JsonObject.class).stream()
            .map(
                h ->
                    new SessionRegistrations.Handler(
                        h.getString("path"), strings(h.getJsonArray("keys"))))
            .toList();
  }

  private static JsonArrayBuilder strings(List<String> values) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }

  private static List<String> strings(JsonArray array) {
    return array == null
        ? List.of()
        : array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }
}
