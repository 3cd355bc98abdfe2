package dev.osmosis.client;

import static dev.osmosis.client.ScriptText.permissions;
import static dev.osmosis.client.ScriptText.quote;
import static dev.osmosis.client.ScriptText.strings;

import java.util.Collection;

/**
 * Builds a script for {@link Security#updateSecurityStore}: roles, their global and path
 * permissions, included roles, default roles of sessions and isolated paths (docs/SECURITY.md
 * "Administration"). Diffusion's method names. Immutable: every method returns a new builder with
 * one more command and leaves this one as it was; {@link #build()} gives the script's text.
 * Permissions are the names of docs/SECURITY.md ({@code READ_TOPIC}, {@code VIEW_SESSION}, ...).
 *
 * <pre>{@code
 * String script = session.security().securityScriptBuilder()
 *     .setGlobalPermissions("OPERATOR", List.of("VIEW_SESSION", "VIEW_SERVER"))
 *     .setPathPermissions("CLIENT", "secret", List.of())
 *     .build();
 * }</pre>
 *
 * <p>A {@code null} argument is a NullPointerException; a line break in a name or path, or a
 * permission that is not an upper-case word, an IllegalArgumentException.
 */
public final class SecurityScriptBuilder {
  private final ScriptText script;

  SecurityScriptBuilder() {
    this(ScriptText.EMPTY);
  }

  private SecurityScriptBuilder(ScriptText script) {
    this.script = script;
  }

  private SecurityScriptBuilder then(String command) {
    return new SecurityScriptBuilder(script.then(command));
  }

  /** The roles every anonymous session gets by default (empty: none). */
  public SecurityScriptBuilder setRolesForAnonymousSessions(Collection<String> roles) {
    return then("set roles for anonymous sessions " + strings(roles, "roles"));
  }

  /** The roles every session that authenticates with a principal gets by default. */
  public SecurityScriptBuilder setRolesForNamedSessions(Collection<String> roles) {
    return then("set roles for named sessions " + strings(roles, "roles"));
  }

  /** The global permissions of a role (created if it does not exist), replacing its previous. */
  public SecurityScriptBuilder setGlobalPermissions(String role, Collection<String> permissions) {
    return then("set global permissions " + quote(role, "role") + " " + permissions(permissions));
  }

  /** The path permissions a role has where none of its path assignments applies. */
  public SecurityScriptBuilder setDefaultPathPermissions(
      String role, Collection<String> permissions) {
    return then(
        "set default path permissions " + quote(role, "role") + " " + permissions(permissions));
  }

  /**
   * The permissions a role has at a path and below it, until a deeper assignment of the role; an
   * empty collection takes every path permission away there (unlike {@link
   * #removePathPermissions}).
   */
  public SecurityScriptBuilder setPathPermissions(
      String role, String path, Collection<String> permissions) {
    return then(
        "set path permissions "
            + quote(role, "role")
            + " "
            + quote(path, "path")
            + " "
            + permissions(permissions));
  }

  /**
   * Removes a role's assignment at a path: the path then inherits from the nearest assignment above
   * it, or the role's default path permissions.
   */
  public SecurityScriptBuilder removePathPermissions(String role, String path) {
    return then("remove path permissions " + quote(role, "role") + " " + quote(path, "path"));
  }

  /** The roles whose permissions a role also has, replacing its previous includes. */
  public SecurityScriptBuilder setRoleIncludes(String role, Collection<String> roles) {
    return then("set role includes " + quote(role, "role") + " " + strings(roles, "roles"));
  }

  /**
   * Isolates a path: assignments above it (and the default path permissions) no longer apply at or
   * below it.
   */
  public SecurityScriptBuilder isolatePath(String path) {
    return then("isolate path " + quote(path, "path"));
  }

  /** Ends the isolation of a path: it inherits from above again. */
  public SecurityScriptBuilder deisolatePath(String path) {
    return then("deisolate path " + quote(path, "path"));
  }

  /**
   * Beyond Diffusion's builder: removes a role; the server refuses it while a principal, a
   * default-role list or another role's includes name it.
   */
  public SecurityScriptBuilder removeRole(String role) {
    return then("remove role " + quote(role, "role"));
  }

  /** The script: one command per line, in the order they were added; empty for no command. */
  public String build() {
    return script.text();
  }

  @Override
  public String toString() {
    return "SecurityScriptBuilder[" + build() + "]";
  }
}
