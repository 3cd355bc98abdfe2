package dev.osmosis.grid;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/**
 * One cluster-wide configuration as a grid map entry ({@link GridSecurity}'s security store, {@link
 * GridCollectors}' metric collectors): its version (each change one more), the node that wrote it,
 * that node's database (a node sharing it does not write it again), and the configuration's JSON
 * text under {@code key}: {@code {"version","node","database",key}}.
 */
record SharedEntry(long version, String node, String database, String payload) {
  String json(String key) {
    return Json.createObjectBuilder()
        .add("version", version)
        .add("node", node)
        .add("database", database)
        .add(key, payload)
        .build()
        .toString();
  }

  static SharedEntry parse(String text, String key) {
    try (var reader = Json.createReader(new StringReader(text))) {
      JsonObject o = reader.readObject();
      return new SharedEntry(
          o.getJsonNumber("version").longValue(),
          o.getString("node"),
          o.getString("database"),
          o.getString(key));
    }
  }
}
