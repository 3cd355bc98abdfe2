package dev.osmosis.client;

import static dev.osmosis.client.ScriptText.quote;
import static dev.osmosis.client.ScriptText.strings;

import java.util.Collection;
import java.util.List;

/**
 * Builds a script for {@link Security#updateAuthenticationStore}: principals (add, remove,
 * password, roles), the anonymous-session policy and trusted client proposed properties
 * (docs/SECURITY.md "Administration"). Diffusion's method names. Immutable: every method returns a
 * new builder with one more command and leaves this one as it was; {@link #build()} gives the
 * script's text.
 *
 * <pre>{@code
 * String script = session.security().authenticationScriptBuilder()
 *     .addPrincipal("alice", "s3cret", List.of("CLIENT"))
 *     .build();
 * }</pre>
 *
 * <p>A {@code null} argument is a NullPointerException; a line break in a name, password, value or
 * regular expression an IllegalArgumentException. The built text holds passwords in clear: the
 * server hashes them and never logs or returns them; do not log it either.
 */
public final class SystemAuthenticationScriptBuilder {
  private final ScriptText script;

  SystemAuthenticationScriptBuilder() {
    this(ScriptText.EMPTY);
  }

  private SystemAuthenticationScriptBuilder(ScriptText script) {
    this.script = script;
  }

  private SystemAuthenticationScriptBuilder then(String command) {
    return new SystemAuthenticationScriptBuilder(script.then(command));
  }

  /** Adds a principal with a password and roles; the script fails if it exists already. */
  public SystemAuthenticationScriptBuilder addPrincipal(
      String principal, String password, Collection<String> roles) {
    return then(addCommand(principal, password, roles));
  }

  /**
   * Adds a principal that only a session authenticated as {@code lockingPrincipal} may change or
   * remove afterwards.
   */
  public SystemAuthenticationScriptBuilder addPrincipal(
      String principal, String password, Collection<String> roles, String lockingPrincipal) {
    return then(
        addCommand(principal, password, roles)
            + " locked by "
            + quote(lockingPrincipal, "lockingPrincipal"));
  }

  private static String addCommand(String principal, String password, Collection<String> roles) {
    return "add principal "
        + quote(principal, "principal")
        + " "
        + quote(password, "password")
        + " "
        + strings(roles, "roles");
  }

  /** Removes a principal; its open sessions are closed. */
  public SystemAuthenticationScriptBuilder removePrincipal(String principal) {
    return then("remove principal " + quote(principal, "principal"));
  }

  /** Replaces a principal's roles (they apply from its next authentication). */
  public SystemAuthenticationScriptBuilder assignRoles(String principal, Collection<String> roles) {
    return then("assign roles " + quote(principal, "principal") + " " + strings(roles, "roles"));
  }

  /** Sets a principal's password (open sessions stay open). */
  public SystemAuthenticationScriptBuilder setPassword(String principal, String password) {
    return then(
        "set password " + quote(principal, "principal") + " " + quote(password, "password"));
  }

  /**
   * Fails the whole script unless the principal's password is {@code password}: with {@link
   * #setPassword} after it, a password changes only for who knows the old one.
   */
  public SystemAuthenticationScriptBuilder verifyPassword(String principal, String password) {
    return then(
        "verify password " + quote(principal, "principal") + " " + quote(password, "password"));
  }

  /** Allows anonymous sessions, with these roles. */
  public SystemAuthenticationScriptBuilder allowAnonymousConnections(Collection<String> roles) {
    return then("allow anonymous connections " + strings(roles, "roles"));
  }

  /** Allows anonymous sessions, with no roles. */
  public SystemAuthenticationScriptBuilder allowAnonymousConnections() {
    return allowAnonymousConnections(List.of());
  }

  /** Refuses anonymous sessions. */
  public SystemAuthenticationScriptBuilder denyAnonymousConnections() {
    return then("deny anonymous connections");
  }

  /** Leaves the decision about anonymous sessions to the authenticators after the store. */
  public SystemAuthenticationScriptBuilder abstainAnonymousConnections() {
    return then("abstain anonymous connections");
  }

  /** Trusts a client proposed session property whose value is one of {@code allowedValues}. */
  public SystemAuthenticationScriptBuilder trustClientProposedPropertyIn(
      String propertyName, Collection<String> allowedValues) {
    return then(
        "trust client proposed property "
            + quote(propertyName, "propertyName")
            + " allows "
            + strings(allowedValues, "allowedValues"));
  }

  /** Trusts a client proposed session property whose value matches a regular expression. */
  public SystemAuthenticationScriptBuilder trustClientProposedPropertyMatches(
      String propertyName, String regex) {
    return then(
        "trust client proposed property "
            + quote(propertyName, "propertyName")
            + " matches "
            + quote(regex, "regex"));
  }

  /** No longer trusts a client proposed session property. */
  public SystemAuthenticationScriptBuilder ignoreClientProposedProperty(String propertyName) {
    return then("ignore client proposed property " + quote(propertyName, "propertyName"));
  }

  /** The script: one command per line, in the order they were added; empty for no command. */
  public String build() {
    return script.text();
  }

  /** Without the script: it holds passwords. */
  @Override
  public String toString() {
    return "SystemAuthenticationScriptBuilder[(redacted)]";
  }
}
