package dev.osmosis.admin;

import dev.osmosis.security.AuditEntry;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit trail as the admin API writes it, and the readers of request bodies. The two
 * configurations are written by {@link dev.osmosis.protocol.SecurityFrames}, the one encoding the
 * protocol answers too. Never a password or a hash: the records have none.
 */
final class SecurityJson {
  private SecurityJson() {}

  /**
   * {@code [{"id","at" (ISO-8601 UTC),"principal","session" (null: the admin API),"store","script"
   * (passwords masked),"node"}]}, in the order given.
   */
  static JsonArray audit(List<AuditEntry> entries) {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (AuditEntry e : entries) {
      JsonObjectBuilder entry =
          Json.createObjectBuilder()
              .add("id", e.id())
              .add("at", Instant.ofEpochMilli(e.at()).toString())
              .add("principal", e.principal());
      if (e.session() == null) {
        entry.addNull("session");
      } else {
        entry.add("session", e.session());
      }
      out.add(
          entry
              .add("store", e.store())
              .add("script", e.script())
              .add("node", e.node() == null ? "" : e.node()));
    }
    return out.build();
  }

  /** The names of a JSON array of strings, or null when the key is absent. */
  static List<String> strings(JsonObject body, String key) {
    if (!body.containsKey(key) || body.isNull(key)) {
      return null;
    }
    if (!(body.get(key) instanceof JsonArray array)) {
      throw new IllegalArgumentException("'" + key + "' must be an array of strings");
    }
    try {
      return array.getValuesAs(jakarta.json.JsonString.class).stream()
          .map(jakarta.json.JsonString::getString)
          .toList();
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("'" + key + "' must be an array of strings");
    }
  }

  /** A JSON object of path → array of permission names, or null when the key is absent. */
  static Map<String, List<String>> pathPermissions(JsonObject body, String key) {
    if (!body.containsKey(key) || body.isNull(key)) {
      return null;
    }
    if (!(body.get(key) instanceof JsonObject object)) {
      throw new IllegalArgumentException(
          "'" + key + "' must be an object of path to an array of permissions");
    }
    Map<String, List<String>> paths = new TreeMap<>();
    for (String path : object.keySet()) {
      List<String> permissions = strings(object, path);
      if (permissions == null) {
        throw new IllegalArgumentException(
            "'" + key + "' must be an object of path to an array of permissions");
      }
      paths.put(path, permissions);
    }
    return paths;
  }
}
