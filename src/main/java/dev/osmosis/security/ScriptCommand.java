package dev.osmosis.security;

import java.util.List;

/**
 * The commands of the two script languages (docs/SECURITY.md "Administration"), each a pattern of
 * lower-case keywords and arguments: {@code $S} a string, {@code $W} a password string (masked in
 * the audit), {@code $L} a list of strings, {@code $G} a list of global permissions, {@code $P} a
 * list of path permissions.
 */
enum ScriptCommand {
  // the system authentication store
  ADD_PRINCIPAL(true, "add principal $S $W $L"),
  ADD_LOCKED_PRINCIPAL(true, "add principal $S $W $L locked by $S"),
  REMOVE_PRINCIPAL(true, "remove principal $S"),
  ASSIGN_ROLES(true, "assign roles $S $L"),
  SET_PASSWORD(true, "set password $S $W"),
  VERIFY_PASSWORD(true, "verify password $S $W"),
  ALLOW_ANONYMOUS(true, "allow anonymous connections $L"),
  DENY_ANONYMOUS(true, "deny anonymous connections"),
  ABSTAIN_ANONYMOUS(true, "abstain anonymous connections"),
  TRUST_MATCHES(true, "trust client proposed property $S matches $S"),
  TRUST_VALUES(true, "trust client proposed property $S allows $L"),
  IGNORE_PROPERTY(true, "ignore client proposed property $S"),
  // the security store
  ANONYMOUS_DEFAULTS(false, "set roles for anonymous sessions $L"),
  NAMED_DEFAULTS(false, "set roles for named sessions $L"),
  GLOBAL_PERMISSIONS(false, "set global permissions $S $G"),
  DEFAULT_PATH_PERMISSIONS(false, "set default path permissions $S $P"),
  PATH_PERMISSIONS(false, "set path permissions $S $S $P"),
  REMOVE_PATH_PERMISSIONS(false, "remove path permissions $S $S"),
  ROLE_INCLUDES(false, "set role includes $S $L"),
  ISOLATE_PATH(false, "isolate path $S"),
  DEISOLATE_PATH(false, "deisolate path $S"),
  REMOVE_ROLE(false, "remove role $S");

  final boolean authentication;
  final List<String> pattern;

  ScriptCommand(boolean authentication, String pattern) {
    this.authentication = authentication;
    this.pattern = List.of(pattern.split(" "));
  }

  /** The keywords before the first argument. */
  List<String> keywords() {
    int i = 0;
    while (i < pattern.size() && !pattern.get(i).startsWith("$")) {
      i++;
    }
    return pattern.subList(0, i);
  }
}
