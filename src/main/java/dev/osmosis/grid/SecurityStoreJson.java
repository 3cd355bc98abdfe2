package dev.osmosis.grid;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole {@link SecurityStore} as JSON, for the grid ({@link GridSecurity}): every field,
 * principals with their PBKDF2 hashes (never a password). Only the cluster's nodes read it.
 */
final class SecurityStoreJson {
  private SecurityStoreJson() {}

  static String encode(SecurityStore store) {
    SecurityPolicy policy = store.policy();
    JsonArrayBuilder roles = Json.createArrayBuilder();
    for (Role role : policy.roles().values()) {
      JsonObjectBuilder paths = Json.createObjectBuilder();
      role.paths().forEach((path, permissions) -> paths.add(path, names(permissions)));
      roles.add(
          Json.createObjectBuilder()
              .add("name", role.name())
              .add("global", names(role.global()))
              .add("default", names(role.defaultPath()))
              .add("paths", paths)
              .add("includes", strings(role.includes())));
    }
    JsonArrayBuilder principals = Json.createArrayBuilder();
    for (StoredPrincipal p : store.principals().values()) {
      JsonObjectBuilder principal =
          Json.createObjectBuilder()
              .add("name", p.name())
              .add("hash", p.passwordHash())
              .add("roles", strings(p.roles()));
      if (p.lockingPrincipal() != null) {
        principal.add("lockingPrincipal", p.lockingPrincipal());
      }
      principals.add(principal);
    }
    JsonObjectBuilder trusted = Json.createObjectBuilder();
    store
        .trustedProperties()
        .forEach(
            (name, v) -> {
              JsonObjectBuilder validation = Json.createObjectBuilder().add("type", v.type());
              if (v.regex() != null) {
                validation.add("regex", v.regex());
              }
              trusted.add(name, validation.add("values", strings(v.values())));
            });
    return Json.createObjectBuilder()
        .add("anonymousAction", store.anonymous().action().name())
        .add("anonymousRoles", strings(store.anonymous().roles()))
        .add("named", strings(policy.namedDefaults()))
        .add("anonymous", strings(policy.anonymousDefaults()))
        .add("isolatedPaths", strings(policy.isolatedPaths()))
        .add("roles", roles)
        .add("principals", principals)
        .add("trusted", trusted)
        .build()
        .toString();
  }

  /**
   * @throws IllegalArgumentException (or a JSON exception) if the text is not a valid store
   */
  static SecurityStore decode(String text) {
    JsonObject json;
    try (var reader = Json.createReader(new StringReader(text))) {
      json = reader.readObject();
    }
    List<Role> roles = new ArrayList<>();
    for (JsonValue value : json.getJsonArray("roles")) {
      JsonObject role = value.asJsonObject();
      Map<String, Set<PathPermission>> paths = new HashMap<>();
      role.getJsonObject("paths")
          .forEach((path, p) -> paths.put(path, enums(p.asJsonArray(), PathPermission.class)));
      roles.add(
          new Role(
              role.getString("name"),
              enums(role.getJsonArray("global"), GlobalPermission.class),
              enums(role.getJsonArray("default"), PathPermission.class),
              paths,
              set(role.getJsonArray("includes"))));
    }
    List<StoredPrincipal> principals = new ArrayList<>();
    for (JsonValue value : json.getJsonArray("principals")) {
      JsonObject p = value.asJsonObject();
      principals.add(
          new StoredPrincipal(
              p.getString("name"),
              p.getString("hash"),
              set(p.getJsonArray("roles")),
              p.getString("lockingPrincipal", null)));
    }
    Map<String, PropertyValidation> trusted = new HashMap<>();
    json.getJsonObject("trusted")
        .forEach(
            (name, v) -> {
              JsonObject o = v.asJsonObject();
              trusted.put(
                  name,
                  new PropertyValidation(
                      o.getString("type"),
                      o.getString("regex", null),
                      List.copyOf(list(o.getJsonArray("values")))));
            });
    return new SecurityStore(
        new AnonymousPolicy(
            AnonymousPolicy.Action.valueOf(json.getString("anonymousAction")),
            set(json.getJsonArray("anonymousRoles"))),
        principals,
        new SecurityPolicy(
            roles,
            set(json.getJsonArray("named")),
            set(json.getJsonArray("anonymous")),
            set(json.getJsonArray("isolatedPaths"))),
        trusted);
  }

  private static JsonArrayBuilder names(Collection<? extends Enum<?>> values) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    values.forEach(v -> array.add(v.name()));
    return array;
  }

  private static JsonArrayBuilder strings(Collection<String> values) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }

  private static List<String> list(JsonArray array) {
    List<String> values = new ArrayList<>();
    for (JsonValue v : array) {
      values.add(((JsonString) v).getString());
    }
    return values;
  }

  private static Set<String> set(JsonArray array) {
    return new LinkedHashSet<>(list(array));
  }

  private static <E extends Enum<E>> Set<E> enums(JsonArray array, Class<E> type) {
    Set<E> values = EnumSet.noneOf(type);
    for (String name : list(array)) {
      values.add(Enum.valueOf(type, name));
    }
    return values;
  }
}
