// @ts-check
// session.security (PROTOCOL §14): read the security store and the system authentication store, change them with
// scripts (docs/SECURITY.md "Administration") that securityScriptBuilder() / authenticationScriptBuilder() build,
// and changePrincipal. Diffusion's names and shapes.

import { notSupported, OsmosisError } from './errors.js';

/** The global permissions by name (Diffusion's `security.GlobalPermission`): each value is its name. */
export const GlobalPermission = Object.freeze(/** @type {const} */ ({
  AUTHENTICATE: 'AUTHENTICATE', CONTROL_SERVER: 'CONTROL_SERVER', MODIFY_SECURITY: 'MODIFY_SECURITY',
  MODIFY_SESSION: 'MODIFY_SESSION', REGISTER_HANDLER: 'REGISTER_HANDLER', VIEW_SECURITY: 'VIEW_SECURITY',
  VIEW_SERVER: 'VIEW_SERVER', VIEW_SESSION: 'VIEW_SESSION', READ_TOPIC_VIEWS: 'READ_TOPIC_VIEWS',
  MODIFY_TOPIC_VIEWS: 'MODIFY_TOPIC_VIEWS',
}));

/** The path permissions by name (Diffusion's `security.PathPermission`). */
export const PathPermission = Object.freeze(/** @type {const} */ ({
  SELECT_TOPIC: 'SELECT_TOPIC', READ_TOPIC: 'READ_TOPIC', UPDATE_TOPIC: 'UPDATE_TOPIC', MODIFY_TOPIC: 'MODIFY_TOPIC',
  SEND_TO_MESSAGE_HANDLER: 'SEND_TO_MESSAGE_HANDLER', SEND_TO_SESSION: 'SEND_TO_SESSION',
  ACQUIRE_LOCK: 'ACQUIRE_LOCK', EXPOSE_BRANCH: 'EXPOSE_BRANCH',
  QUERY_OBSOLETE_TIME_SERIES_EVENTS: 'QUERY_OBSOLETE_TIME_SERIES_EVENTS',
  EDIT_TIME_SERIES_EVENTS: 'EDIT_TIME_SERIES_EVENTS', EDIT_OWN_TIME_SERIES_EVENTS: 'EDIT_OWN_TIME_SERIES_EVENTS',
}));

/** @typedef {(typeof GlobalPermission)[keyof typeof GlobalPermission]} GlobalPermissionName */
/** @typedef {(typeof PathPermission)[keyof typeof PathPermission]} PathPermissionName */

const PERMISSION = /^[A-Z][A-Z_]*$/;

/**
 * A builder argument as a quoted script string: `"` and `\` escaped; null, undefined and line breaks refused (a
 * command is one line), as INVALID_ARGUMENT naming the argument.
 * @param {unknown} value
 * @param {string} what
 */
function quote(value, what) {
  if (value === null || value === undefined) throw new OsmosisError('INVALID_ARGUMENT', `${what} must not be ${value}`);
  const text = String(value);
  if (/[\r\n]/.test(text)) throw new OsmosisError('INVALID_ARGUMENT', `${what} must not contain a line break`);
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * @param {unknown} values
 * @param {string} what
 */
function strings(values, what) {
  if (!Array.isArray(values)) throw new OsmosisError('INVALID_ARGUMENT', `${what} must be an array of strings`);
  return `[${values.map((v) => quote(v, `an element of ${what}`)).join(', ')}]`;
}

/** @param {unknown} permissions */
function permissions(permissions) {
  if (!Array.isArray(permissions)) throw new OsmosisError('INVALID_ARGUMENT', 'permissions must be an array');
  for (const p of permissions) {
    if (typeof p !== 'string' || !PERMISSION.test(p)) {
      throw new OsmosisError('INVALID_ARGUMENT', `a permission is an upper-case word such as READ_TOPIC, not '${p}'`);
    }
  }
  return `[${permissions.join(', ')}]`;
}

/** An immutable script: every builder step returns a new builder with one more line. */
class ScriptBuilder {
  /** @param {ReadonlyArray<string>} [lines] */
  constructor(lines = []) {
    /** @protected */
    this._lines = Object.freeze([...lines]);
  }

  /**
   * @protected
   * @param {string} line
   * @returns {any}
   */
  _then(line) {
    const Builder = /** @type {new (lines: string[]) => ScriptBuilder} */ (this.constructor);
    return new Builder([...this._lines, line]);
  }

  /** The script: one command per line, in the order they were added; '' for none. */
  build() { return this._lines.join('\n'); }
}

/**
 * Builds a security store script (Diffusion's SecurityScriptBuilder; immutable: each method returns a new builder).
 */
export class SecurityScriptBuilder extends ScriptBuilder {
  /**
   * The roles every anonymous session gets by default.
   * @param {string[]} [roles]
   * @returns {SecurityScriptBuilder}
   */
  setRolesForAnonymousSessions(roles = []) { return this._then(`set roles for anonymous sessions ${strings(roles, 'roles')}`); }

  /**
   * The roles every session authenticated with a principal gets by default.
   * @param {string[]} [roles]
   * @returns {SecurityScriptBuilder}
   */
  setRolesForNamedSessions(roles = []) { return this._then(`set roles for named sessions ${strings(roles, 'roles')}`); }

  /**
   * @param {string} role
   * @param {string[]} [perms]
   * @returns {SecurityScriptBuilder}
   */
  setGlobalPermissions(role, perms = []) {
    return this._then(`set global permissions ${quote(role, 'role')} ${permissions(perms)}`);
  }

  /**
   * @param {string} role
   * @param {string[]} [perms]
   * @returns {SecurityScriptBuilder}
   */
  setDefaultPathPermissions(role, perms = []) {
    return this._then(`set default path permissions ${quote(role, 'role')} ${permissions(perms)}`);
  }

  /**
   * The permissions of a role at a path and below it; [] takes every path permission away there.
   * @param {string} role
   * @param {string} path
   * @param {string[]} [perms]
   * @returns {SecurityScriptBuilder}
   */
  setPathPermissions(role, path, perms = []) {
    return this._then(`set path permissions ${quote(role, 'role')} ${quote(path, 'path')} ${permissions(perms)}`);
  }

  /**
   * Removes a role's assignment at a path: it inherits from above again.
   * @param {string} role
   * @param {string} path
   * @returns {SecurityScriptBuilder}
   */
  removePathPermissions(role, path) {
    return this._then(`remove path permissions ${quote(role, 'role')} ${quote(path, 'path')}`);
  }

  /**
   * @param {string} role
   * @param {string[]} roles
   * @returns {SecurityScriptBuilder}
   */
  setRoleIncludes(role, roles) {
    return this._then(`set role includes ${quote(role, 'role')} ${strings(roles, 'roles')}`);
  }

  /**
   * @param {string} path
   * @returns {SecurityScriptBuilder}
   */
  isolatePath(path) { return this._then(`isolate path ${quote(path, 'path')}`); }

  /**
   * @param {string} path
   * @returns {SecurityScriptBuilder}
   */
  deisolatePath(path) { return this._then(`deisolate path ${quote(path, 'path')}`); }

  /**
   * Beyond Diffusion's builder: removes a role (refused while a principal, a default-role list or an include names it).
   * @param {string} role
   * @returns {SecurityScriptBuilder}
   */
  removeRole(role) { return this._then(`remove role ${quote(role, 'role')}`); }
}

/**
 * Builds a system authentication store script (Diffusion's SystemAuthenticationScriptBuilder; immutable). The
 * script holds passwords in clear: the server hashes them and never logs or returns them.
 */
export class SystemAuthenticationScriptBuilder extends ScriptBuilder {
  /**
   * Adds a principal (the script fails if it exists); with lockingPrincipal only that principal may change it later.
   * @param {string} principal
   * @param {string} password
   * @param {string[]} [roles]
   * @param {string} [lockingPrincipal]
   * @returns {SystemAuthenticationScriptBuilder}
   */
  addPrincipal(principal, password, roles = [], lockingPrincipal = undefined) {
    const lock = lockingPrincipal === undefined ? '' : ` locked by ${quote(lockingPrincipal, 'lockingPrincipal')}`;
    return this._then(`add principal ${quote(principal, 'principal')} ${quote(password, 'password')} ${strings(roles, 'roles')}${lock}`);
  }

  /**
   * @param {string} principal
   * @returns {SystemAuthenticationScriptBuilder}
   */
  removePrincipal(principal) { return this._then(`remove principal ${quote(principal, 'principal')}`); }

  /**
   * @param {string} principal
   * @param {string[]} roles
   * @returns {SystemAuthenticationScriptBuilder}
   */
  assignRoles(principal, roles) {
    return this._then(`assign roles ${quote(principal, 'principal')} ${strings(roles, 'roles')}`);
  }

  /**
   * @param {string} principal
   * @param {string} password
   * @returns {SystemAuthenticationScriptBuilder}
   */
  setPassword(principal, password) {
    return this._then(`set password ${quote(principal, 'principal')} ${quote(password, 'password')}`);
  }

  /**
   * Fails the whole script unless the principal's password is this one.
   * @param {string} principal
   * @param {string} password
   * @returns {SystemAuthenticationScriptBuilder}
   */
  verifyPassword(principal, password) {
    return this._then(`verify password ${quote(principal, 'principal')} ${quote(password, 'password')}`);
  }

  /**
   * @param {string[]} [roles]
   * @returns {SystemAuthenticationScriptBuilder}
   */
  allowAnonymousConnections(roles = []) { return this._then(`allow anonymous connections ${strings(roles, 'roles')}`); }

  /** @returns {SystemAuthenticationScriptBuilder} */
  denyAnonymousConnections() { return this._then('deny anonymous connections'); }

  /** @returns {SystemAuthenticationScriptBuilder} */
  abstainAnonymousConnections() { return this._then('abstain anonymous connections'); }

  /**
   * @param {string} propertyName
   * @param {string[]} allowedValues
   * @returns {SystemAuthenticationScriptBuilder}
   */
  trustClientProposedPropertyIn(propertyName, allowedValues) {
    return this._then(`trust client proposed property ${quote(propertyName, 'propertyName')} allows ${strings(allowedValues, 'allowedValues')}`);
  }

  /**
   * @param {string} propertyName
   * @param {string} regex
   * @returns {SystemAuthenticationScriptBuilder}
   */
  trustClientProposedPropertyMatches(propertyName, regex) {
    return this._then(`trust client proposed property ${quote(propertyName, 'propertyName')} matches ${quote(regex, 'regex')}`);
  }

  /**
   * @param {string} propertyName
   * @returns {SystemAuthenticationScriptBuilder}
   */
  ignoreClientProposedProperty(propertyName) {
    return this._then(`ignore client proposed property ${quote(propertyName, 'propertyName')}`);
  }

  /** Without the script: it holds passwords. */
  toString() { return 'SystemAuthenticationScriptBuilder[(redacted)]'; }
}

/** session.security. */
export class Security {
  /** @param {import('./session.js').Session} session */
  constructor(session) {
    /** @private */
    this._session = session;
    this.GlobalPermission = GlobalPermission;
    this.PathPermission = PathPermission;
    Object.freeze(this);
  }

  /** The principal the session is authenticated as. */
  getPrincipal() { return this._session.getPrincipal(); }

  /**
   * Re-authenticates as another principal: resolves true; rejects AUTHENTICATION_FAILED (2001) if refused.
   * @param {string} principal
   * @param {string} credentials
   */
  changePrincipal(principal, credentials) { return this._session.changePrincipal(principal, credentials); }

  /**
   * Diffusion 6.12's name of changePrincipal: resolves true; rejects AUTHENTICATION_FAILED (2001) if refused. The
   * server's changePrincipal takes no proposed properties: non-empty `properties` reject NOT_SUPPORTED_YET.
   * @param {string} principal
   * @param {string} credentials
   * @param {Record<string, string>} [properties]
   */
  reauthenticate(principal, credentials, properties = {}) {
    if (properties && Object.keys(properties).length > 0) {
      return Promise.reject(notSupported('reauthenticate() with proposed properties', 'changePrincipal carries none'));
    }
    return this.changePrincipal(principal, credentials);
  }

  /** The security store ({named, anonymous, roles, isolatedPaths}); needs VIEW_SECURITY. */
  getSecurityConfiguration() {
    return this._session._request('getSecurityConfiguration').then((ok) => deepFreeze(ok.configuration));
  }

  /** The system authentication store ({principals, anonymous, trustedClientProposedProperties}); VIEW_SECURITY. */
  getSystemAuthenticationConfiguration() {
    return this._session._request('getSystemAuthenticationConfiguration').then((ok) => deepFreeze(ok.configuration));
  }

  /**
   * Applies a security store script, all or nothing; needs MODIFY_SECURITY. A wrong script rejects with
   * INVALID_ARGUMENT (4001) naming the line and column.
   * @param {string} script
   * @returns {Promise<void>}
   */
  updateSecurityStore(script) { return this._update('updateSecurityStore', script); }

  /**
   * Applies a system authentication store script, all or nothing; needs MODIFY_SECURITY.
   * @param {string} script
   * @returns {Promise<void>}
   */
  updateAuthenticationStore(script) { return this._update('updateAuthenticationStore', script); }

  /**
   * The calling session's own global permissions (every role it has, with the roles they include), sorted; no
   * permission needed.
   * @returns {Promise<GlobalPermissionName[]>}
   */
  getGlobalPermissions() {
    return this._session._request('getGlobalPermissions').then((ok) => Object.freeze(ok.permissions));
  }

  /**
   * The calling session's own path permissions at a path, sorted; no permission needed. A bad path rejects
   * INVALID_ARGUMENT (4001).
   * @param {string} path
   * @returns {Promise<PathPermissionName[]>}
   */
  getPathPermissions(path) {
    return this._session._request('getPathPermissions', { path: String(path) }).then((ok) => Object.freeze(ok.permissions));
  }

  /**
   * Revokes a session's authentication: the server closes it (CLOSED_BY_CONTROLLER). Needs VIEW_SESSION and
   * MODIFY_SESSION; an unknown session rejects NOT_FOUND (4004).
   * @param {string | import('./session-id.js').SessionId} sessionId
   * @returns {Promise<void>}
   */
  revokeAuthentication(sessionId) {
    return this._session._request('revokeAuthentication', { session: String(sessionId) }).then(() => undefined);
  }

  securityScriptBuilder() { return new SecurityScriptBuilder(); }

  authenticationScriptBuilder() { return new SystemAuthenticationScriptBuilder(); }

  /**
   * @private
   * @param {string} t
   * @param {string} script
   * @returns {Promise<void>}
   */
  _update(t, script) {
    if (typeof script !== 'string') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', 'a script is a string (build() gives one)'));
    }
    return this._session._request(t, { script }).then(() => undefined);
  }
}

/**
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
