package dev.osmosis.platform;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A JSON value with its JSON pointer, for readers of configuration files that must say exactly
 * where a problem is. Errors come from the owner's error factory (source, pointer, problem).
 */
final class JsonNode {
  private final BiFunction<String, String, IllegalStateException> error;
  private final String pointer;
  private final JsonValue value;

  JsonNode(
      BiFunction<String, String, IllegalStateException> error, String pointer, JsonValue value) {
    this.error = error;
    this.pointer = pointer;
    this.value = value;
  }

  String pointer() {
    return pointer;
  }

  /** Rejects members other than the given keys: a misspelt key must not be silently ignored. */
  void allowOnly(String... keys) {
    List<String> allowed = List.of(keys);
    for (String key : object().keySet()) {
      if (!allowed.contains(key)) {
        throw error.apply(child(key), "unknown key '" + key + "'; expected one of " + allowed);
      }
    }
  }

  JsonNode requiredObject(String key) {
    JsonNode node = optionalObject(key);
    if (node == null) {
      throw error.apply(pointer, "missing object '" + key + "'");
    }
    return node;
  }

  JsonNode optionalObject(String key) {
    JsonValue member = object().get(key);
    if (member == null || member == JsonValue.NULL) {
      return null;
    }
    return new JsonNode(error, child(key), member)
        .requireType(JsonValue.ValueType.OBJECT, "an object");
  }

  /** This object's members, each of which must be an object. */
  Map<String, JsonNode> members() {
    return members(JsonValue.ValueType.OBJECT, "an object");
  }

  /** This object's members, each of which must be an array. */
  Map<String, JsonNode> arrayMembers() {
    return members(JsonValue.ValueType.ARRAY, "an array");
  }

  boolean requiredBoolean(String key) {
    JsonValue member = required(key);
    if (member == JsonValue.TRUE || member == JsonValue.FALSE) {
      return member == JsonValue.TRUE;
    }
    throw error.apply(child(key), "expected true or false");
  }

  String requiredString(String key) {
    JsonValue member = required(key);
    if (member instanceof JsonString string) {
      return string.getString();
    }
    throw error.apply(child(key), "expected a string");
  }

  /** The enum constants named by the optional string array {@code key}; empty if absent. */
  <E extends Enum<E>> Set<E> enums(String key, Class<E> type) {
    JsonValue member = object().get(key);
    if (member == null) {
      return Set.of();
    }
    return new JsonNode(error, child(key), member).enumSet(type);
  }

  /** This string array as enum constants. */
  <E extends Enum<E>> Set<E> enumSet(Class<E> type) {
    Set<E> result = EnumSet.noneOf(type);
    List<String> names = strings();
    for (int i = 0; i < names.size(); i++) {
      try {
        result.add(Enum.valueOf(type, names.get(i)));
      } catch (IllegalArgumentException e) {
        throw error.apply(
            pointer + "/" + i,
            "unknown "
                + type.getSimpleName()
                + " '"
                + names.get(i)
                + "'; expected one of "
                + List.of(type.getEnumConstants()));
      }
    }
    return result;
  }

  /** The optional string array {@code key}, each a name in {@code defined}; empty if absent. */
  Set<String> roleNames(String key, Set<String> defined) {
    JsonValue member = object().get(key);
    if (member == null) {
      return Set.of();
    }
    List<String> names = new JsonNode(error, child(key), member).strings();
    for (int i = 0; i < names.size(); i++) {
      if (!defined.contains(names.get(i))) {
        throw error.apply(child(key) + "/" + i, "unknown role '" + names.get(i) + "'");
      }
    }
    return new LinkedHashSet<>(names);
  }

  private List<String> strings() {
    requireType(JsonValue.ValueType.ARRAY, "an array of strings");
    JsonArray array = value.asJsonArray();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString)) {
        throw error.apply(pointer + "/" + i, "expected a string");
      }
    }
    return array.getValuesAs(JsonString::getString);
  }

  private Map<String, JsonNode> members(JsonValue.ValueType type, String description) {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object().entrySet()) {
      result.put(
          e.getKey(),
          new JsonNode(error, child(e.getKey()), e.getValue()).requireType(type, description));
    }
    return result;
  }

  private JsonValue required(String key) {
    JsonValue member = object().get(key);
    if (member == null) {
      throw error.apply(pointer, "missing '" + key + "'");
    }
    return member;
  }

  private JsonObject object() {
    requireType(JsonValue.ValueType.OBJECT, "an object");
    return value.asJsonObject();
  }

  private JsonNode requireType(JsonValue.ValueType type, String description) {
    if (value.getValueType() != type) {
      throw error.apply(pointer, "expected " + description);
    }
    return this;
  }

  private String child(String key) {
    // RFC 6901: '~' and '/' in a key are escaped, so a path key "a/b" reads as "a~1b".
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }
}
