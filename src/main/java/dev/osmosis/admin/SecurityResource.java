package dev.osmosis.admin;

import dev.osmosis.control.Caller;
import dev.osmosis.control.SecurityControl;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.SecurityFrames;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityConfiguration;
import dev.osmosis.wire.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/security}: the security store and the system authentication store, read
 * (VIEW_SECURITY) and changed (MODIFY_SECURITY) through the core {@link SecurityControl}, the same
 * model and checks as the protocol's. Changes are scripts (docs/SECURITY.md); the convenience
 * endpoints for principals and roles translate their JSON into script commands ({@link
 * SecurityCommands}) and run them as one script: atomically, audited like any other. Bad input is
 * an {@link IllegalArgumentException} (400, {@link FallbackExceptionMapper}), a refusal of the core
 * a {@link RequestException} ({@link RequestExceptionMapper}): plain exceptions, so this class runs
 * outside the container too.
 */
@Path("security")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "security", description = "The security store and the system authentication store")
public class SecurityResource {
  static final int MAX_AUDIT = 1_000;
  private static final Pattern POSITION = Pattern.compile("^line (\\d+), column (\\d+): ");

  @Inject SecurityControl control;
  @Context SecurityContext security;

  /** The security store: default roles, roles with their permissions, isolated paths. */
  @GET
  @Operation(
      summary = "The security store: default roles, roles with their permissions, isolated paths",
      description = ApiDocs.PERMISSION + "VIEW_SECURITY.")
  @APIResponse(
      responseCode = "200",
      description = "The security store (docs/SECURITY.md)",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public String configuration() {
    return SecurityFrames.security(control.securityConfiguration(caller()));
  }

  /** The system authentication store: principals (never a password), anonymous policy, trust. */
  @GET
  @Path("authentication")
  @Operation(
      summary = "The system authentication store: principals, anonymous policy, trust",
      description = ApiDocs.PERMISSION + "VIEW_SECURITY. Never a password or a hash.")
  @APIResponse(
      responseCode = "200",
      description = "The authentication store (docs/SECURITY.md)",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public String authentication() {
    return SecurityFrames.authentication(control.authenticationConfiguration(caller()));
  }

  /** Runs a security store script (the body, plain text); 204, or 400 naming line and column. */
  @POST
  @Path("script")
  @Consumes(MediaType.TEXT_PLAIN)
  @Operation(
      summary = "Runs a security store script",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY. Atomic and audited; a script error is a 400 naming line and column.")
  @APIResponse(responseCode = "204", description = "Done")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public void securityScript(
      @RequestBody(
              required = true,
              description = "the script (docs/SECURITY.md): text/plain, or {\"script\": \"...\"}",
              content = {
                @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT))
              })
          String script) {
    runScript(false, script);
  }

  /** The same with the body {@code {"script": "..."}}. */
  @POST
  @Path("script")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Runs a security store script",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY. Atomic and audited; a script error is a 400 naming line and column.")
  @APIResponse(responseCode = "204", description = "Done")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public void securityScript(
      @RequestBody(
              required = true,
              description = "the script (docs/SECURITY.md): text/plain, or {\"script\": \"...\"}",
              content = {
                @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT))
              })
          JsonObject body) {
    runScript(false, script(body));
  }

  /** Runs an authentication store script (the body, plain text); 204, or 400 naming the line. */
  @POST
  @Path("authentication/script")
  @Consumes(MediaType.TEXT_PLAIN)
  @Operation(
      summary = "Runs a system authentication store script",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY. Atomic and audited; a script error is a 400 naming line and column.")
  @APIResponse(responseCode = "204", description = "Done")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public void authenticationScript(
      @RequestBody(
              required = true,
              description = "the script (docs/SECURITY.md): text/plain, or {\"script\": \"...\"}",
              content = {
                @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT))
              })
          String script) {
    runScript(true, script);
  }

  /** The same with the body {@code {"script": "..."}}. */
  @POST
  @Path("authentication/script")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Runs a system authentication store script",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY. Atomic and audited; a script error is a 400 naming line and column.")
  @APIResponse(responseCode = "204", description = "Done")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public void authenticationScript(
      @RequestBody(
              required = true,
              description = "the script (docs/SECURITY.md): text/plain, or {\"script\": \"...\"}",
              content = {
                @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT))
              })
          JsonObject body) {
    runScript(true, script(body));
  }

  /** The audit trail, oldest first: the entries after id {@code after}, at most {@code limit}. */
  @GET
  @Path("audit")
  @Operation(
      summary = "The audit trail of security changes, oldest first",
      description = ApiDocs.PERMISSION + "VIEW_SECURITY.")
  @APIResponse(
      responseCode = "200",
      description =
          "[{\"id\", \"at\", \"principal\", \"session\", \"store\", \"script\", \"node\"}]:"
              + " who changed what, when, on which node (passwords masked)",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.ARRAY)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public String audit(
      @Parameter(description = "only entries after this id") @QueryParam("after") @DefaultValue("0")
          long after,
      @Parameter(description = "at most this many entries, 1 to 1000")
          @QueryParam("limit")
          @DefaultValue("100")
          int limit) {
    if (limit < 1 || limit > MAX_AUDIT) {
      throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_AUDIT);
    }
    return SecurityJson.audit(control.audit(caller(), after, limit)).toString();
  }

  /**
   * Adds a principal ({@code {"password", "roles", "lockingPrincipal"?}}) or changes an existing
   * one's roles and/or password: {@code {"result": "ADDED"|"UPDATED"}}.
   */
  @PUT
  @Path("principals/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Adds a principal or changes its roles and/or password",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY (and VIEW_SECURITY). Answers {\"result\": \"ADDED\"|\"UPDATED\"}.")
  @APIResponse(
      responseCode = "200",
      description = "ADDED or UPDATED",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Map<String, String> putPrincipal(
      @Parameter(description = "the principal's name") @PathParam("name") String name,
      @RequestBody(
              required = true,
              description =
                  "{\"password\": \"...\", \"roles\": [..], \"lockingPrincipal\": \"...\"}"
                      + " (lockingPrincipal only when adding)",
              content =
                  @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
          JsonObject body) {
    JsonObject b = object(body, "{\"password\": \"...\", \"roles\": [\"CLIENT\"]}");
    String password = string(b, "password");
    List<String> roles = SecurityJson.strings(b, "roles");
    String locking = string(b, "lockingPrincipal");
    Caller caller = caller();
    boolean exists =
        control.authenticationConfiguration(caller).principals().stream()
            .anyMatch(p -> p.name().equals(name));
    List<String> commands = new ArrayList<>();
    if (!exists) {
      if (password == null) {
        throw new IllegalArgumentException("a new principal needs a 'password'");
      }
      commands.add(
          SecurityCommands.addPrincipal(
              name, password, roles == null ? List.of() : roles, locking));
    } else {
      if (locking != null) {
        throw new IllegalArgumentException(
            "'lockingPrincipal' applies only when the principal is added");
      }
      if (roles != null) {
        commands.add(SecurityCommands.assignRoles(name, roles));
      }
      if (password != null) {
        commands.add(SecurityCommands.setPassword(name, password));
      }
      if (commands.isEmpty()) {
        throw new IllegalArgumentException("nothing to change: give 'password' and/or 'roles'");
      }
    }
    runCommands(caller, true, commands);
    return Map.of("result", exists ? "UPDATED" : "ADDED");
  }

  /** Removes a principal (its open sessions are closed); 204, or 404 if unknown. */
  @DELETE
  @Path("principals/{name}")
  @Operation(
      summary = "Removes a principal",
      description =
          ApiDocs.PERMISSION + "MODIFY_SECURITY (and VIEW_SECURITY). Its open sessions are closed.")
  @APIResponse(responseCode = "204", description = "Done")
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public void removePrincipal(
      @Parameter(description = "the principal's name") @PathParam("name") String name) {
    Caller caller = caller();
    if (control.authenticationConfiguration(caller).principals().stream()
        .noneMatch(p -> p.name().equals(name))) {
      throw new RequestException(ErrorCode.NOT_FOUND, "no principal '" + name + "'");
    }
    runCommands(caller, true, List.of(SecurityCommands.removePrincipal(name)));
  }

  /**
   * Adds or changes a role, body as {@code GET} shows one: {@code {"global": [..], "default": [..],
   * "topic": {"path": [..]}, "roles": [..]}} ({@code "paths"} and {@code "includes"} are accepted
   * for {@code topic} and {@code roles}). A key that is absent leaves that part as it is; {@code
   * topic} replaces every path permission of the role. {@code {"result": "ADDED"|"UPDATED"}}.
   */
  @PUT
  @Path("roles/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Adds or changes a role",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY (and VIEW_SECURITY). An absent key leaves that part as it is; 'topic' replaces every path permission of the role. Answers {\"result\": \"ADDED\"|\"UPDATED\"}.")
  @APIResponse(
      responseCode = "200",
      description = "ADDED or UPDATED",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  public Map<String, String> putRole(
      @Parameter(description = "the role's name") @PathParam("name") String name,
      @RequestBody(
              required = true,
              description =
                  "{\"global\": [..], \"default\": [..], \"topic\": {\"path\": [..]},"
                      + " \"roles\": [..]}, as GET shows a role",
              content =
                  @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
          JsonObject body) {
    JsonObject b =
        object(body, "{\"global\": [..], \"default\": [..], \"topic\": {..}, \"roles\": [..]}");
    List<String> global = SecurityJson.strings(b, "global");
    List<String> defaults = SecurityJson.strings(b, "default");
    Map<String, List<String>> paths = either(b, "topic", "paths", SecurityJson::pathPermissions);
    List<String> includes = either(b, "roles", "includes", SecurityJson::strings);
    Caller caller = caller();
    Optional<Role> existing = role(caller, name);
    List<String> commands = new ArrayList<>();
    if (global != null) {
      commands.add(SecurityCommands.setGlobalPermissions(name, global));
    }
    if (defaults != null) {
      commands.add(SecurityCommands.setDefaultPathPermissions(name, defaults));
    }
    if (paths != null) {
      Map<String, List<String>> normalised = new java.util.TreeMap<>();
      paths.forEach((path, permissions) -> normalised.put(Role.normalise(path), permissions));
      existing.ifPresent(
          role ->
              role.paths().keySet().stream()
                  .filter(path -> !normalised.containsKey(path))
                  .sorted()
                  .forEach(
                      path -> commands.add(SecurityCommands.removePathPermissions(name, path))));
      normalised.forEach(
          (path, permissions) ->
              commands.add(SecurityCommands.setPathPermissions(name, path, permissions)));
    }
    if (includes != null) {
      commands.add(SecurityCommands.setRoleIncludes(name, includes));
    }
    if (commands.isEmpty()) {
      if (existing.isPresent()) {
        throw new IllegalArgumentException(
            "nothing to change: give 'global', 'default', 'topic' and/or 'roles'");
      }
      commands.add(SecurityCommands.setGlobalPermissions(name, List.of())); // creates it
    }
    runCommands(caller, false, commands);
    return Map.of("result", existing.isPresent() ? "UPDATED" : "ADDED");
  }

  /**
   * Removes a role; 204, 404 if unknown, 400 while a principal, a default role list or another role
   * names it.
   */
  @DELETE
  @Path("roles/{name}")
  @Operation(
      summary = "Removes a role",
      description =
          ApiDocs.PERMISSION
              + "MODIFY_SECURITY (and VIEW_SECURITY). 400 while a principal, a default role list or another role names it.")
  @APIResponse(responseCode = "204", description = "Done")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
  public void removeRole(
      @Parameter(description = "the role's name") @PathParam("name") String name) {
    Caller caller = caller();
    if (role(caller, name).isEmpty()) {
      throw new RequestException(ErrorCode.NOT_FOUND, "no role '" + name + "'");
    }
    runCommands(caller, false, List.of(SecurityCommands.removeRole(name)));
  }

  private Optional<Role> role(Caller caller, String name) {
    SecurityConfiguration configuration = control.securityConfiguration(caller);
    return configuration.roles().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  private void runScript(boolean authentication, String script) {
    if (script == null || script.isBlank()) {
      throw new IllegalArgumentException("the script is empty");
    }
    try {
      update(caller(), authentication, script);
    } catch (RequestException e) {
      if (e.code() != ErrorCode.INVALID_ARGUMENT) {
        throw e;
      }
      Matcher at = POSITION.matcher(String.valueOf(e.getMessage()));
      if (!at.find()) {
        throw e;
      }
      throw new ScriptRefused(
          e.getMessage(), Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)));
    }
  }

  /**
   * The commands of a convenience endpoint as one script. A script error is reported without its
   * position: the caller did not write that script.
   */
  private void runCommands(Caller caller, boolean authentication, List<String> commands) {
    try {
      update(caller, authentication, String.join("\n", commands));
    } catch (RequestException e) {
      if (e.code() != ErrorCode.INVALID_ARGUMENT) {
        throw e;
      }
      throw new IllegalArgumentException(
          POSITION.matcher(String.valueOf(e.getMessage())).replaceFirst(""));
    }
  }

  private void update(Caller caller, boolean authentication, String script) {
    if (authentication) {
      control.updateAuthenticationStore(caller, script);
    } else {
      control.updateSecurityStore(caller, script);
    }
  }

  private static String script(JsonObject body) {
    JsonObject b = object(body, "{\"script\": \"...\"}");
    String script = string(b, "script");
    if (script == null) {
      throw new IllegalArgumentException("the body must be {\"script\": \"...\"}");
    }
    return script;
  }

  private static JsonObject object(JsonObject body, String shape) {
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object " + shape);
    }
    return body;
  }

  private static String string(JsonObject body, String key) {
    if (!body.containsKey(key) || body.isNull(key)) {
      return null;
    }
    if (!(body.get(key) instanceof JsonString s)) {
      throw new IllegalArgumentException("'" + key + "' must be a string");
    }
    return s.getString();
  }

  private static <T> T either(
      JsonObject body,
      String key,
      String alias,
      java.util.function.BiFunction<JsonObject, String, T> read) {
    if (body.containsKey(key) && body.containsKey(alias)) {
      throw new IllegalArgumentException("give '" + key + "' or '" + alias + "', not both");
    }
    return read.apply(body, body.containsKey(alias) ? alias : key);
  }

  private Caller caller() {
    AdminCaller caller = (AdminCaller) security.getUserPrincipal();
    return new Caller(caller.name(), caller.roles());
  }
}
