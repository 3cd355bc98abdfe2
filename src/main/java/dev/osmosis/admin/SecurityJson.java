package dev.osmosis.admin;

import dev.osmosis.security.AuditEntry;
import dev.osmosis.security.AuthenticationConfiguration;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityConfiguration;
import dev.osmosis.security.SystemPrincipal;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The security and authentication configurations and the audit trail as the admin API writes them:
 * Diffusion's JSON shapes (docs/SECURITY.md), lists sorted so that two answers for the same store
 * are the same text. Never a password or a hash: the records have none.
 */
final class SecurityJson {
  private SecurityJson() {}

  /**
   * {@code {"named":[..],"anonymous":[..],"roles":[{"name","global","default","topic":{path:
   * [..]},"roles"}],"isolatedPaths":[..]}}.
   */
  static JsonObject security(SecurityConfiguration configuration) {
    JsonArrayBuilder roles = Json.createArrayBuilder();
    configuration.roles().stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(role -> roles.add(role(role)));
    return Json.createObjectBuilder()
        .add("named", sorted(configuration.named()))
        .add("anonymous", sorted(configuration.anonymous()))
        .add("roles", roles)
        .add("isolatedPaths", sorted(configuration.isolatedPaths()))
        .build();
  }

  static JsonObject role(Role role) {
    JsonObjectBuilder topic = Json.createObjectBuilder();
    new TreeMap<>(role.paths()).forEach((path, permissions) -> topic.add(path, names(permissions)));
    return Json.createObjectBuilder()
        .add("name", role.name())
        .add("global", names(role.global()))
        .add("default", names(role.defaultPath()))
        .add("topic", topic)
        .add("roles", sorted(role.includes()))
        .build();
  }

  /**
   * {@code {"principals":[{"name","roles","lockingPrincipal"?}],"anonymous":{"action","roles"},
   * "trustedClientProposedProperties":{name:{"type":"matches","regex"}|{"type":"values","values"}}}}.
   */
  static JsonObject authentication(AuthenticationConfiguration configuration) {
    JsonArrayBuilder principals = Json.createArrayBuilder();
    configuration.principals().stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(p -> principals.add(principal(p)));
    JsonObjectBuilder trusted = Json.createObjectBuilder();
    new TreeMap<>(configuration.trustedClientProposedProperties())
        .forEach((name, validation) -> trusted.add(name, validation(validation)));
    return Json.createObjectBuilder()
        .add("principals", principals)
        .add(
            "anonymous",
            Json.createObjectBuilder()
                .add("action", configuration.anonymousAction())
                .add("roles", sorted(configuration.anonymousRoles())))
        .add("trustedClientProposedProperties", trusted)
        .build();
  }

  private static JsonObject principal(SystemPrincipal principal) {
    JsonObjectBuilder p =
        Json.createObjectBuilder()
            .add("name", principal.name())
            .add("roles", sorted(principal.roles()));
    if (principal.lockingPrincipal() != null) {
      p.add("lockingPrincipal", principal.lockingPrincipal());
    }
    return p.build();
  }

  private static JsonObject validation(PropertyValidation validation) {
    JsonObjectBuilder v = Json.createObjectBuilder().add("type", validation.type());
    if (PropertyValidation.MATCHES.equals(validation.type())) {
      v.add("regex", validation.regex());
    } else {
      v.add("values", Json.createArrayBuilder(validation.values()));
    }
    return v.build();
  }

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

  private static JsonArray sorted(Collection<String> values) {
    return Json.createArrayBuilder(values.stream().sorted().toList()).build();
  }

  private static JsonArray names(Collection<? extends Enum<?>> permissions) {
    return Json.createArrayBuilder(permissions.stream().map(Enum::name).sorted().toList()).build();
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
