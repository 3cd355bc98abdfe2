package dev.osmosis.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ClientControl} operation on its way to another node, and its result on the way back, as
 * JSON text: the kind, the caller (principal, roles, session), the target and the arguments. The
 * other node checks the caller's permissions again and acts on its own sessions only.
 */
record ControlOperation(
    String kind,
    Caller caller,
    Target target,
    Map<String, String> properties,
    Set<String> remove,
    Set<String> add) {
  static final String CLOSE = "close";
  static final String PROPERTIES = "properties";
  static final String ROLES = "roles";
  static final String SUBSCRIBE = "subscribe";
  static final String UNSUBSCRIBE = "unsubscribe";
  static final String SELECTIONS = "selections";
  static final String CONFLATE = "conflate";

  String encode() {
    JsonObjectBuilder o =
        Json.createObjectBuilder()
            .add("kind", kind)
            .add("principal", caller.principal())
            .add("roles", strings(caller.roles()));
    if (caller.session() != null) {
      o.add("caller", caller.session());
    }
    if (target.isSession()) {
      o.add("session", target.sessionId());
    } else {
      o.add("filter", target.filter());
    }
    JsonObjectBuilder p = Json.createObjectBuilder();
    properties.forEach((k, v) -> p.add(k, v == null ? JsonValue.NULL : Json.createValue(v)));
    return o.add("properties", p)
        .add("remove", strings(remove))
        .add("add", strings(add))
        .build()
        .toString();
  }

  static ControlOperation decode(String json) {
    JsonObject o = read(json).asJsonObject();
    Caller caller =
        new Caller(
            o.getString("principal"),
            set(o.getJsonArray("roles")),
            o.containsKey("caller") ? o.getString("caller") : null);
    Target target =
        o.containsKey("session")
            ? Target.session(o.getString("session"))
            : Target.filter(o.getString("filter"));
    Map<String, String> properties = new LinkedHashMap<>();
    o.getJsonObject("properties")
        .forEach(
            (k, v) ->
                properties.put(k, v.getValueType() == JsonValue.ValueType.NULL ? null : text(v)));
    return new ControlOperation(
        o.getString("kind"),
        caller,
        target,
        properties,
        set(o.getJsonArray("remove")),
        set(o.getJsonArray("add")));
  }

  /** A count's result. */
  static String count(int count) {
    return Json.createObjectBuilder().add("count", count).build().toString();
  }

  static int count(String result) {
    return read(result).asJsonObject().getInt("count");
  }

  /** A session's selections by scope, as a result. */
  static String selections(Map<String, List<String>> byScope) {
    JsonObjectBuilder o = Json.createObjectBuilder();
    byScope.forEach((scope, selectors) -> o.add(scope, strings(selectors)));
    return Json.createObjectBuilder().add("selections", o).build().toString();
  }

  static Map<String, List<String>> selections(String result) {
    Map<String, List<String>> byScope = new LinkedHashMap<>();
    read(result)
        .asJsonObject()
        .getJsonObject("selections")
        .forEach(
            (scope, selectors) -> byScope.put(scope, List.copyOf(set(selectors.asJsonArray()))));
    return byScope;
  }

  /** Set properties' result: the previous values, per changed session. */
  static String previous(List<Map<String, String>> previous) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    for (Map<String, String> values : previous) {
      JsonObjectBuilder o = Json.createObjectBuilder();
      values.forEach((k, v) -> o.add(k, v == null ? JsonValue.NULL : Json.createValue(v)));
      a.add(o);
    }
    return Json.createObjectBuilder().add("previous", a).build().toString();
  }

  static List<Map<String, String>> previous(String result) {
    List<Map<String, String>> previous = new ArrayList<>();
    for (JsonValue values : read(result).asJsonObject().getJsonArray("previous")) {
      Map<String, String> map = new LinkedHashMap<>();
      values
          .asJsonObject()
          .forEach(
              (k, v) -> map.put(k, v.getValueType() == JsonValue.ValueType.NULL ? null : text(v)));
      previous.add(map);
    }
    return previous;
  }

  private static JsonArrayBuilder strings(Collection<String> values) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    values.forEach(a::add);
    return a;
  }

  private static Set<String> set(JsonArray array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(text(v)));
    return values;
  }

  private static String text(JsonValue value) {
    return ((JsonString) value).getString();
  }

  private static JsonValue read(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readValue();
    }
  }
}
