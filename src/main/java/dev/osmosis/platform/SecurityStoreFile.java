package dev.osmosis.platform;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the security store from its JSON file ({@code payara-config/security-store.json}, chosen
 * with {@code -Dosmosis.securityStore=PATH}) or from the built-in development defaults. See
 * docs/SECURITY.md for the format.
 *
 * <p>Every problem is a {@link IllegalStateException} naming the source, the JSON pointer (RFC
 * 6901) of the offending value and what is wrong, so an operator can fix the file without reading
 * code. Unknown keys are errors too: a misspelt key must not silently drop a restriction.
 */
public final class SecurityStoreFile {
  /** The system property naming the store file. */
  public static final String PROPERTY = "osmosis.securityStore";

  /**
   * Passwords the production switch refuses to start with: the shipped stores' (every principal's
   * is {@code password}) and the example docs/SECURITY.md hashes ({@code s3cret}). Any principal
   * whose hash verifies against one of them is a development default, whatever its name.
   */
  public static final List<String> DEFAULT_PASSWORDS = List.of("password", "s3cret");

  static final String DEFAULT_RESOURCE = "default-security-store.json";

  private SecurityStoreFile() {}

  /** The store named by {@code configuredPath}, or the built-in defaults if it is null or blank. */
  public static SecurityStore loadOrDefaults(String configuredPath) {
    return configuredPath == null || configuredPath.isBlank()
        ? defaults()
        : load(Path.of(configuredPath));
  }

  /** The development defaults (Diffusion's: every principal's password is {@code password}). */
  public static SecurityStore defaults() {
    InputStream in = SecurityStoreFile.class.getResourceAsStream(DEFAULT_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("Missing class path resource " + DEFAULT_RESOURCE);
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse(reader, "classpath:dev/osmosis/platform/" + DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SecurityStore load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read security store " + file + ": " + e, e);
    }
  }

  /**
   * @param source names the input in error messages (a file path)
   */
  public static SecurityStore parse(Reader reader, String source) {
    JsonObject root;
    try (JsonReader json = Json.createReader(reader)) {
      root = json.readObject();
    } catch (JsonParsingException e) {
      throw new IllegalStateException(
          source
              + ": invalid JSON at line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + ": "
              + e.getMessage(),
          e);
    } catch (JsonException e) {
      throw new IllegalStateException(source + ": invalid JSON: " + e.getMessage(), e);
    }
    return new StoreReader(source).read(root);
  }

  /** One parse: knows its source for messages. */
  private static final class StoreReader {
    private final String source;

    StoreReader(String source) {
      this.source = source;
    }

    SecurityStore read(JsonObject root) {
      JsonNode top = new JsonNode(this::error, "", root);
      top.allowOnly("comment", "anonymous", "principals", "roles");
      Map<String, JsonNode> roleNodes = top.requiredObject("roles").members();
      List<Role> roles = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : roleNodes.entrySet()) {
        roles.add(role(e.getKey(), e.getValue(), roleNodes.keySet()));
      }
      SecurityPolicy policy;
      try {
        policy = new SecurityPolicy(roles);
      } catch (IllegalArgumentException e) {
        throw error("/roles", e.getMessage());
      }
      AnonymousPolicy anonymous = AnonymousPolicy.DENIED;
      JsonNode anonymousNode = top.optionalObject("anonymous");
      if (anonymousNode != null) {
        anonymousNode.allowOnly("allowed", "roles");
        anonymous =
            new AnonymousPolicy(
                anonymousNode.requiredBoolean("allowed"),
                anonymousNode.roleNames("roles", roleNodes.keySet()));
      }
      List<StoredPrincipal> principals = new ArrayList<>();
      JsonNode principalsNode = top.optionalObject("principals");
      if (principalsNode != null) {
        for (Map.Entry<String, JsonNode> e : principalsNode.members().entrySet()) {
          principals.add(principal(e.getKey(), e.getValue(), roleNodes.keySet()));
        }
      }
      return new SecurityStore(anonymous, principals, policy);
    }

    private Role role(String name, JsonNode node, Set<String> defined) {
      node.allowOnly("global", "defaultPath", "paths", "includes");
      Map<String, Set<PathPermission>> paths = new LinkedHashMap<>();
      JsonNode pathsNode = node.optionalObject("paths");
      if (pathsNode != null) {
        for (Map.Entry<String, JsonNode> e : pathsNode.arrayMembers().entrySet()) {
          paths.put(e.getKey(), e.getValue().enumSet(PathPermission.class));
        }
      }
      try {
        return new Role(
            name,
            node.enums("global", GlobalPermission.class),
            node.enums("defaultPath", PathPermission.class),
            paths,
            node.roleNames("includes", defined));
      } catch (IllegalArgumentException e) {
        throw error(node.pointer(), e.getMessage());
      }
    }

    private StoredPrincipal principal(String name, JsonNode node, Set<String> defined) {
      node.allowOnly("password", "roles");
      String hash = node.requiredString("password");
      try {
        PasswordHasher.requireWellFormed(hash);
      } catch (IllegalArgumentException e) {
        throw error(node.pointer() + "/password", e.getMessage());
      }
      try {
        return new StoredPrincipal(name, hash, node.roleNames("roles", defined));
      } catch (IllegalArgumentException e) {
        throw error(node.pointer(), e.getMessage());
      }
    }

    IllegalStateException error(String pointer, String problem) {
      String at = pointer.isEmpty() ? "the top level" : pointer;
      return new IllegalStateException(source + ": at " + at + ": " + problem);
    }
  }
}
