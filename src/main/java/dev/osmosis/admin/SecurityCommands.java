package dev.osmosis.admin;

import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.wire.ScriptStrings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The commands of the security script language (docs/SECURITY.md) that the admin API's convenience
 * endpoints translate into, built as text: names, paths and passwords quoted and escaped ({@code "}
 * and {@code \}), permission names checked against the permission enums, so that nothing a caller
 * sends can end a string early or add a command. A value with a line break or another control
 * character is refused (a script is one command per line). Plain Java; every method throws {@link
 * IllegalArgumentException} with a message for the caller (the admin API answers 400).
 */
final class SecurityCommands {
  private SecurityCommands() {}

  static String addPrincipal(
      String name, String password, Collection<String> roles, String lockedBy) {
    String command =
        "add principal "
            + quote("principal", name)
            + " "
            + quote("password", password)
            + " "
            + strings("role", roles);
    return lockedBy == null ? command : command + " locked by " + quote("principal", lockedBy);
  }

  static String removePrincipal(String name) {
    return "remove principal " + quote("principal", name);
  }

  static String assignRoles(String name, Collection<String> roles) {
    return "assign roles " + quote("principal", name) + " " + strings("role", roles);
  }

  static String setPassword(String name, String password) {
    return "set password " + quote("principal", name) + " " + quote("password", password);
  }

  static String setGlobalPermissions(String role, Collection<String> permissions) {
    return "set global permissions "
        + quote("role", role)
        + " "
        + permissions(permissions, GlobalPermission::valueOf, "global");
  }

  static String setDefaultPathPermissions(String role, Collection<String> permissions) {
    return "set default path permissions "
        + quote("role", role)
        + " "
        + permissions(permissions, PathPermission::valueOf, "path");
  }

  static String setPathPermissions(String role, String path, Collection<String> permissions) {
    return "set path permissions "
        + quote("role", role)
        + " "
        + quote("path", path)
        + " "
        + permissions(permissions, PathPermission::valueOf, "path");
  }

  static String removePathPermissions(String role, String path) {
    return "remove path permissions " + quote("role", role) + " " + quote("path", path);
  }

  static String setRoleIncludes(String role, Collection<String> includes) {
    return "set role includes " + quote("role", role) + " " + strings("role", includes);
  }

  static String removeRole(String role) {
    return "remove role " + quote("role", role);
  }

  /**
   * A string of the script language ({@link ScriptStrings#quote}). Stricter than the language: a
   * name or password given to the admin API has no control character at all (a tab included).
   *
   * @param what what the value is, for the error message
   */
  static String quote(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException("the " + what + " is missing");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "the " + what + " must not contain a line break or another control character");
    }
    return ScriptStrings.quote(value, "the " + what);
  }

  /** A list of strings: {@code ["a", "b"]}. */
  static String strings(String what, Collection<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values == null ? List.<String>of() : values) {
      quoted.add(quote(what, value));
    }
    return "[" + String.join(", ", quoted) + "]";
  }

  private static String permissions(
      Collection<String> names, Function<String, ? extends Enum<?>> parse, String kind) {
    List<String> checked = new ArrayList<>();
    for (String name : names == null ? List.<String>of() : names) {
      try {
        checked.add(parse.apply(name == null ? "" : name).name());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown " + kind + " permission " + printable(name));
      }
    }
    return "[" + String.join(", ", checked) + "]";
  }

  private static String printable(String name) {
    return name == null ? "null" : "'" + name.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
