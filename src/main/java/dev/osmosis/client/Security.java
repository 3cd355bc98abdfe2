package dev.osmosis.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Security administration (PROTOCOL.md §14), reached by {@link Session#security()}: read the
 * server's security store and system authentication store, and change them with scripts that {@link
 * #securityScriptBuilder()} and {@link #authenticationScriptBuilder()} build (the script language:
 * docs/SECURITY.md "Administration"). A script is applied whole or not at all.
 *
 * <pre>{@code
 * Security security = session.security();
 * security.updateAuthenticationStore(
 *         security.authenticationScriptBuilder()
 *             .addPrincipal("alice", "s3cret", List.of("CLIENT"))
 *             .build())
 *     .join();
 * }</pre>
 *
 * <p>Each future fails with a {@link SessionException} when the server refuses: {@code 3001}
 * VIEW_SECURITY (to read) or MODIFY_SECURITY (to change) is missing, or the script changes a
 * principal locked by another (the message names what); {@code 4001} the script is wrong (the
 * message names the line and column), {@code 5003} the store could not be written (nothing
 * changed); with a {@link SessionClosedException} if this session closes first. Futures complete on
 * the session's event thread.
 */
public final class Security {

  private final Connection connection;

  Security(Connection connection) {
    this.connection = connection;
  }

  /** The security store: default roles, roles with their permissions, isolated paths. */
  public CompletableFuture<SecurityConfiguration> getSecurityConfiguration() {
    return connection
        .request("getSecurityConfiguration", new LinkedHashMap<>())
        .thenApply(ok -> SecurityConfiguration.of(Messages.object(ok, "configuration")));
  }

  /**
   * The system authentication store: principals and their roles (never a password or hash), the
   * anonymous-session policy, the trusted client proposed properties.
   */
  public CompletableFuture<SystemAuthenticationConfiguration>
      getSystemAuthenticationConfiguration() {
    return connection
        .request("getSystemAuthenticationConfiguration", new LinkedHashMap<>())
        .thenApply(
            ok -> SystemAuthenticationConfiguration.of(Messages.object(ok, "configuration")));
  }

  /** Applies a security store script (see {@link SecurityScriptBuilder}), all or nothing. */
  public CompletableFuture<Void> updateSecurityStore(String script) {
    return update("updateSecurityStore", script);
  }

  /**
   * Applies an authentication store script (see {@link SystemAuthenticationScriptBuilder}), all or
   * nothing.
   */
  public CompletableFuture<Void> updateAuthenticationStore(String script) {
    return update("updateAuthenticationStore", script);
  }

  /** This session's own global permissions, sorted (no permission needed). */
  public CompletableFuture<Set<String>> getGlobalPermissions() {
    return connection
        .request("getGlobalPermissions", new LinkedHashMap<>())
        .thenApply(ok -> Messages.stringSet(ok, "permissions"));
  }

  /** This session's own path permissions at {@code path}, sorted (no permission needed). */
  public CompletableFuture<Set<String>> getPathPermissions(String path) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", Objects.requireNonNull(path, "path"));
    return connection
        .request("getPathPermissions", fields)
        .thenApply(ok -> Messages.stringSet(ok, "permissions"));
  }

  /**
   * Revokes a session's authentication: the server closes it (CLOSED_BY_CONTROLLER). Needs
   * VIEW_SESSION and MODIFY_SESSION; an unknown session fails with 4004.
   */
  public CompletableFuture<Void> revokeAuthentication(SessionId session) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("session", Objects.requireNonNull(session, "session").toString());
    return connection.request("revokeAuthentication", fields).thenApply(ok -> null);
  }

  /** An empty security store script builder. */
  public SecurityScriptBuilder securityScriptBuilder() {
    return new SecurityScriptBuilder();
  }

  /** An empty authentication store script builder. */
  public SystemAuthenticationScriptBuilder authenticationScriptBuilder() {
    return new SystemAuthenticationScriptBuilder();
  }

  private CompletableFuture<Void> update(String type, String script) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("script", Objects.requireNonNull(script, "script"));
    return connection.request(type, fields).thenApply(ok -> null);
  }

  // ------------------------------------------------------------ what the server answers

  /**
   * A snapshot of the security store.
   *
   * @param named the roles every session authenticated with a principal gets
   * @param anonymous the roles every anonymous session gets
   * @param roles every role
   * @param isolatedPaths the paths that inherit no permission from above
   */
  public record SecurityConfiguration(
      List<String> named, List<String> anonymous, List<Role> roles, List<String> isolatedPaths) {
    public SecurityConfiguration {
      named = List.copyOf(named);
      anonymous = List.copyOf(anonymous);
      roles = List.copyOf(roles);
      isolatedPaths = List.copyOf(isolatedPaths);
    }

    /** The role of that name, or null. */
    public Role role(String name) {
      for (Role role : roles) {
        if (role.name().equals(name)) {
          return role;
        }
      }
      return null;
    }

    static SecurityConfiguration of(Map<String, Object> json) {
      List<Role> roles = new ArrayList<>();
      for (Map<String, Object> role : objects(json, "roles")) {
        roles.add(Role.of(role));
      }
      return new SecurityConfiguration(
          strings(json, "named"),
          strings(json, "anonymous"),
          roles,
          strings(json, "isolatedPaths"));
    }
  }

  /**
   * A role of the security store (its JSON names in brackets: Diffusion's).
   *
   * @param name the role's name
   * @param global its global permissions ({@code global})
   * @param defaultPath its path permissions where none of its path assignments applies ({@code
   *     default})
   * @param paths its path permissions by path ({@code topic})
   * @param includes the roles whose permissions it also has ({@code roles})
   * @param lockingPrincipal the only principal that may change it, or null
   */
  public record Role(
      String name,
      Set<String> global,
      Set<String> defaultPath,
      Map<String, Set<String>> paths,
      Set<String> includes,
      String lockingPrincipal) {
    public Role {
      Objects.requireNonNull(name, "name");
      global = Collections.unmodifiableSet(new LinkedHashSet<>(global));
      defaultPath = Collections.unmodifiableSet(new LinkedHashSet<>(defaultPath));
      Map<String, Set<String>> copy = new LinkedHashMap<>();
      paths.forEach(
          (path, permissions) ->
              copy.put(path, Collections.unmodifiableSet(new LinkedHashSet<>(permissions))));
      paths = Collections.unmodifiableMap(copy);
      includes = Collections.unmodifiableSet(new LinkedHashSet<>(includes));
    }

    static Role of(Map<String, Object> json) {
      Map<String, Set<String>> paths = new LinkedHashMap<>();
      for (String path : Messages.object(json, "topic").keySet()) {
        paths.put(path, Messages.stringSet(Messages.object(json, "topic"), path));
      }
      return new Role(
          Messages.string(json, "name", ""),
          Messages.stringSet(json, "global"),
          Messages.stringSet(json, "default"),
          paths,
          Messages.stringSet(json, "roles"),
          Messages.string(json, "lockingPrincipal", null));
    }
  }

  /**
   * A snapshot of the system authentication store.
   *
   * @param principals every principal (names and roles; never a password or hash)
   * @param anonymous what happens to a session that gives no principal
   * @param trustedClientProposedProperties the user properties a client may propose, by name;
   *     empty: see docs/SECURITY.md for what the server then does
   */
  public record SystemAuthenticationConfiguration(
      List<SystemPrincipal> principals,
      AnonymousConfiguration anonymous,
      Map<String, PropertyValidation> trustedClientProposedProperties) {
    public SystemAuthenticationConfiguration {
      principals = List.copyOf(principals);
      Objects.requireNonNull(anonymous, "anonymous");
      trustedClientProposedProperties =
          Collections.unmodifiableMap(new LinkedHashMap<>(trustedClientProposedProperties));
    }

    /** The principal of that name, or null. */
    public SystemPrincipal principal(String name) {
      for (SystemPrincipal principal : principals) {
        if (principal.name().equals(name)) {
          return principal;
        }
      }
      return null;
    }

    static SystemAuthenticationConfiguration of(Map<String, Object> json) {
      List<SystemPrincipal> principals = new ArrayList<>();
      for (Map<String, Object> principal : objects(json, "principals")) {
        principals.add(
            new SystemPrincipal(
                Messages.string(principal, "name", ""),
                Messages.stringSet(principal, "roles"),
                Messages.string(principal, "lockingPrincipal", null)));
      }
      Map<String, Object> anonymous = Messages.object(json, "anonymous");
      Map<String, PropertyValidation> trusted = new LinkedHashMap<>();
      Map<String, Object> properties = Messages.object(json, "trustedClientProposedProperties");
      for (String name : properties.keySet()) {
        Map<String, Object> validation = Messages.object(properties, name);
        trusted.put(
            name,
            new PropertyValidation(
                Messages.string(validation, "type", ""),
                Messages.string(validation, "regex", null),
                strings(validation, "values")));
      }
      return new SystemAuthenticationConfiguration(
          principals,
          new AnonymousConfiguration(
              Messages.string(anonymous, "action", ""), strings(anonymous, "roles")),
          trusted);
    }
  }

  /**
   * A principal of the system authentication store.
   *
   * @param name the principal's name
   * @param roles the roles it gets when it authenticates
   * @param lockingPrincipal the only principal that may change or remove it, or null
   */
  public record SystemPrincipal(String name, Set<String> roles, String lockingPrincipal) {
    public SystemPrincipal {
      Objects.requireNonNull(name, "name");
      roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    }
  }

  /**
   * The anonymous-session policy.
   *
   * @param action {@code allow}, {@code deny} or {@code abstain} (the authenticators after the
   *     store decide)
   * @param roles the roles an allowed anonymous session gets
   */
  public record AnonymousConfiguration(String action, List<String> roles) {
    public AnonymousConfiguration {
      Objects.requireNonNull(action, "action");
      roles = List.copyOf(roles);
    }
  }

  /**
   * How a trusted client proposed property is checked.
   *
   * @param type {@code matches} (the value must match {@code regex}) or {@code values} (it must be
   *     one of {@code values})
   * @param regex the regular expression of a {@code matches} validation, else null
   * @param values the allowed values of a {@code values} validation, else empty
   */
  public record PropertyValidation(String type, String regex, List<String> values) {
    public PropertyValidation {
      Objects.requireNonNull(type, "type");
      values = List.copyOf(values);
    }
  }

  private static List<String> strings(Map<String, Object> json, String key) {
    return List.copyOf(Messages.stringSet(json, key));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Map<String, Object> json, String key) {
    List<Map<String, Object>> objects = new ArrayList<>();
    if (json.get(key) instanceof List<?> list) {
      for (Object element : list) {
        if (element instanceof Map) {
          objects.add((Map<String, Object>) element);
        }
      }
    }
    return objects;
  }
}
