package dev.osmosis.protocol;

import dev.osmosis.error.RequestException;
import dev.osmosis.security.AuthenticationConfiguration;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityConfiguration;
import dev.osmosis.security.SystemPrincipal;
import dev.osmosis.wire.ErrorCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The security administration messages of docs/PROTOCOL.md §14: decodes the four requests for
 * {@link FrameCodec} and encodes the two configurations in Diffusion's JSON shapes, the one
 * encoding the admin API answers too. Only names leave the server: never a password or hash.
 */
public final class SecurityFrames {
  private SecurityFrames() {}

  static ClientFrame decode(String type, JsonObject message, long id) {
    if (id == 0) {
      throw new RequestException(
          ErrorCode.INVALID_FIELD, "message \"" + type + "\" needs an \"id\"");
    }
    return switch (type) {
      case "getSecurityConfiguration" -> new ClientFrame.GetSecurityConfiguration(id);
      case "getSystemAuthenticationConfiguration" ->
          new ClientFrame.GetAuthenticationConfiguration(id);
      case "updateSecurityStore" -> new ClientFrame.UpdateSecurityStore(id, script(message));
      case "updateAuthenticationStore" ->
          new ClientFrame.UpdateAuthenticationStore(id, script(message));
      default ->
          throw new RequestException(
              ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown message type \"" + type + "\"");
    };
  }

  private static String script(JsonObject message) {
    JsonValue script = message.get("script");
    if (script instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestException(
        ErrorCode.INVALID_FIELD, "\"script\" is required: the script's text, a string");
  }

  /**
   * {@code {"t":"ok","id":n,"configuration":{...}}}: the security store as {@link
   * #security(SecurityConfiguration)} writes it.
   */
  public static String securityConfiguration(long id, SecurityConfiguration configuration) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartObject("configuration");
          writeSecurity(g, configuration);
          g.writeEnd();
        });
  }

  /**
   * {@code {"t":"ok","id":n,"configuration":{...}}}: the authentication store as {@link
   * #authentication(AuthenticationConfiguration)} writes it.
   */
  public static String authenticationConfiguration(
      long id, AuthenticationConfiguration configuration) {
    return ServerFrames.write(
        g -> {
          g.write("t", "ok").write("id", id).writeStartObject("configuration");
          writeAuthentication(g, configuration);
          g.writeEnd();
        });
  }

  /**
   * The security store in Diffusion's JSON shape, the one text both the protocol and the admin API
   * ({@code GET /api/v1/security}) answer: {@code {"named","anonymous","roles":[{"name","global",
   * "default","topic":{path:[..]},"roles"}],"isolatedPaths"}}. The configuration's lists come
   * sorted ({@link SecurityConfiguration#of}); permissions, paths and includes are sorted here, so
   * one store always reads the same.
   */
  public static String security(SecurityConfiguration configuration) {
    return ServerFrames.write(g -> writeSecurity(g, configuration));
  }

  /**
   * The authentication store in Diffusion's JSON shape, as the protocol and the admin API answer
   * it: {@code {"principals":[{"name","roles","lockingPrincipal"?}],"anonymous":{"action",
   * "roles"},"trustedClientProposedProperties":{name:{"type","regex"|"values"}}}}. Never a password
   * or hash: the configuration has none.
   */
  public static String authentication(AuthenticationConfiguration configuration) {
    return ServerFrames.write(g -> writeAuthentication(g, configuration));
  }

  private static void writeSecurity(JsonGenerator g, SecurityConfiguration configuration) {
    strings(g, "named", configuration.named());
    strings(g, "anonymous", configuration.anonymous());
    g.writeStartArray("roles");
    for (Role role : configuration.roles()) {
      role(g, role);
    }
    g.writeEnd();
    strings(g, "isolatedPaths", configuration.isolatedPaths());
  }

  private static void role(JsonGenerator g, Role role) {
    g.writeStartObject().write("name", role.name());
    names(g, "global", role.global());
    names(g, "default", role.defaultPath());
    g.writeStartObject("topic");
    new TreeMap<>(role.paths()).forEach((path, permissions) -> names(g, path, permissions));
    g.writeEnd();
    strings(g, "roles", new TreeSet<>(role.includes()));
    g.writeEnd();
  }

  private static void writeAuthentication(
      JsonGenerator g, AuthenticationConfiguration configuration) {
    g.writeStartArray("principals");
    for (SystemPrincipal principal : configuration.principals()) {
      g.writeStartObject().write("name", principal.name());
      strings(g, "roles", principal.roles());
      if (principal.lockingPrincipal() != null) {
        g.write("lockingPrincipal", principal.lockingPrincipal());
      }
      g.writeEnd();
    }
    g.writeEnd();
    g.writeStartObject("anonymous").write("action", configuration.anonymousAction());
    strings(g, "roles", configuration.anonymousRoles());
    g.writeEnd();
    g.writeStartObject("trustedClientProposedProperties");
    for (Map.Entry<String, PropertyValidation> e :
        configuration.trustedClientProposedProperties().entrySet()) {
      PropertyValidation validation = e.getValue();
      g.writeStartObject(e.getKey()).write("type", validation.type());
      if (PropertyValidation.MATCHES.equals(validation.type())) {
        g.write("regex", validation.regex());
      } else {
        strings(g, "values", validation.values());
      }
      g.writeEnd();
    }
    g.writeEnd();
  }

  private static void strings(JsonGenerator g, String name, Collection<String> values) {
    g.writeStartArray(name);
    values.forEach(g::write);
    g.writeEnd();
  }

  /** Permissions by name, sorted: the same store always reads the same. */
  private static void names(JsonGenerator g, String name, Collection<? extends Enum<?>> values) {
    g.writeStartArray(name);
    values.stream().map(Enum::name).sorted().forEach(g::write);
    g.writeEnd();
  }
}
