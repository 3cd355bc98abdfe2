// Osmosis browser client: an ES module, no dependencies, served at /js/osmosis.js.
// Its exports mirror the `diffusion` namespace of Diffusion's JavaScript client, so that
//   import * as diffusion from '/js/osmosis.js';
// runs the seeds' examples. It speaks docs/PROTOCOL.md (v1) over a WebSocket to /osmosis or by HTTP long polling
// (/osmosis/poll), and reconnects lost sessions without loss (PROTOCOL §12, docs/RECONNECTION.md).
// What the server does not have yet (time series, topic views, ...) is not faked: those calls throw or reject
// with an OsmosisError whose reason is NOT_SUPPORTED_YET. See docs/JAVASCRIPT.md.

export const version = '0.1.0';

// ---------------------------------------------------------------------------------------------------------------
// Errors: close reasons (PROTOCOL §5) and error codes (PROTOCOL §4)

const CLOSE_REASONS = [
  // name, id, WebSocket close code, session state
  ['CLOSED_BY_CLIENT', 0, 1000, 'CLOSED_BY_CLIENT'],
  ['CLOSED_BY_CONTROLLER', 1, 4001, 'CLOSED_BY_SERVER'],
  ['CLOSED_BY_SERVER', 2, 4002, 'CLOSED_BY_SERVER'],
  ['HANDSHAKE_REJECTED', 3, 4003, 'CLOSED_FAILED'],
  ['ACCESS_DENIED', 4, 4004, 'CLOSED_FAILED'],
  ['MESSAGE_TOO_LARGE', 5, 1009, 'CLOSED_FAILED'],
  ['INVALID_INBOUND_MESSAGE', 6, 4006, 'CLOSED_FAILED'],
  ['MESSAGE_QUEUE_LIMIT_REACHED', 7, 4007, 'CLOSED_BY_SERVER'],
  ['LOST_MESSAGES', 8, 4008, 'CLOSED_FAILED'],
  ['UNEXPECTED_ERROR', 9, 4009, 'CLOSED_FAILED'],
  ['IDLE_CONNECTION', 10, 4110, 'CLOSED_FAILED'],
  ['CLIENT_UNRESPONSIVE', 11, 4111, 'CLOSED_FAILED'],
  ['CONNECTION_ERROR', 12, 1006, 'CLOSED_FAILED'],
  ['RECONNECT_ABORTED', 13, null, 'CLOSED_FAILED'],
  ['CONNECTION_TIMEOUT', 14, null, 'CLOSED_FAILED'],
];

const CloseReason = {};
const CLOSE_BY_WS_CODE = new Map();
for (const [name, id, wsCode, state] of CLOSE_REASONS) {
  CloseReason[name] = Object.freeze({ id, name, reason: name, wsCode, state, message: name });
  if (wsCode !== null) CLOSE_BY_WS_CODE.set(wsCode, CloseReason[name]);
}
CLOSE_BY_WS_CODE.set(1011, CloseReason.UNEXPECTED_ERROR);
Object.freeze(CloseReason);

const ERROR_CODES = {
  MALFORMED_MESSAGE: 1001, UNKNOWN_MESSAGE_TYPE: 1002, INVALID_FIELD: 1003, ALREADY_CONNECTED: 1005,
  UNSUPPORTED_VERSION: 1006, AUTHENTICATION_FAILED: 2001, INVALID_PROPERTY: 2002, PERMISSION_DENIED: 3001,
  INVALID_ARGUMENT: 4001, NOT_FOUND: 4004, REQUEST_TIMEOUT: 4008, HANDLER_CONFLICT: 4009, REJECTED_REQUEST: 4010,
  RECIPIENT_GONE: 4011, LIMIT_EXCEEDED: 4029, INTERNAL_ERROR: 5000,
};
const ErrorCode = {};
const ERROR_BY_CODE = new Map();
for (const [name, code] of Object.entries(ERROR_CODES)) {
  ErrorCode[name] = Object.freeze({ code, name });
  ERROR_BY_CODE.set(code, name);
}
Object.freeze(ErrorCode);

/**
 * Every failure of this client. `code` is the protocol's error code (PROTOCOL §4) for a refused request, or the
 * close reason's id for a session that closed or could not connect (then `closeReason` is set too);
 * `reason` is the name (PERMISSION_DENIED, ACCESS_DENIED, SESSION_CLOSED, NOT_SUPPORTED_YET, ...).
 */
export class OsmosisError extends Error {
  constructor(reason, message, code = null, closeReason = null) {
    super(message);
    this.name = 'OsmosisError';
    this.reason = reason;
    this.code = code;
    this.closeReason = closeReason;
  }
}

function notSupported(what, issue = 'a later issue') {
  return new OsmosisError('NOT_SUPPORTED_YET', `${what} is not supported yet by Osmosis (${issue})`);
}

export const errors = Object.freeze({ CloseReason, ErrorCode, OsmosisError });

// ---------------------------------------------------------------------------------------------------------------
// Small event emitter with Diffusion's on(event, fn) / on({event: fn}) / off(event[, fn])

class Emitter {
  constructor() { this._listeners = new Map(); }

  on(events, listener) {
    if (typeof events === 'object' && events !== null) {
      for (const [name, fn] of Object.entries(events)) this.on(name, fn);
      return this;
    }
    if (typeof listener !== 'function') throw new TypeError(`a listener for '${events}' must be a function`);
    if (!this._listeners.has(events)) this._listeners.set(events, []);
    this._listeners.get(events).push(listener);
    return this;
  }

  off(events, listener) {
    if (typeof events === 'object' && events !== null) {
      for (const [name, fn] of Object.entries(events)) this.off(name, fn);
      return this;
    }
    if (listener === undefined) {
      this._listeners.delete(events);
    } else {
      const list = this._listeners.get(events) || [];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  _emit(event, ...args) {
    for (const fn of [...(this._listeners.get(event) || [])]) {
      try {
        fn(...args);
      } catch (e) {
        // a listener's exception must not break the session; it is reported on the console
        console.error(`osmosis: a '${event}' listener threw`, e);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Filter text utilities (seed 000): escape, rolesToString, stringToRoles

export function escape(value) {
  return String(value).replace(/["'\\]/g, (c) => '\\' + c);
}

export function rolesToString(roles) {
  return [...new Set(roles)].sort().map((r) => '"' + escape(r) + '"').join(',');
}

export function stringToRoles(text) {
  const roles = new Set();
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  ws();
  const bracketed = text[i] === '[';
  if (bracketed) { i++; ws(); }
  let separated = true;
  while (i < text.length && !(bracketed && text[i] === ']')) {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") throw new Error(`expected a quoted role at ${i}, found '${quote}'`);
    if (!separated) throw new Error(`expected ',' or whitespace between roles at ${i}, found '${quote}'`);
    let role = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error(`unterminated role at ${i}`);
      const c = text[i++];
      if (c === '\\' && i < text.length) { role += text[i++]; continue; }
      if (c === quote) break;
      role += c;
    }
    roles.add(role);
    const before = i;
    ws();
    separated = i > before;
    if (text[i] === ',') { i++; ws(); separated = true; }
  }
  if (bracketed) {
    if (text[i] !== ']') throw new Error(`expected ']' at ${i}`);
    i++; ws();
  }
  if (i < text.length) throw new Error(`unexpected '${text[i]}' at ${i}`);
  return roles;
}

// ---------------------------------------------------------------------------------------------------------------
// Data types (PROTOCOL §9 "Values on the wire")

class JSONValue {
  constructor(value) { this._value = value; }
  /** The JavaScript value (object, array, string, number, boolean or null). */
  get() { return this._value; }
  toString() { return JSON.stringify(this._value); }
  toJSON() { return this._value; }
}

function base64Encode(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s);
}

function base64Decode(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function makeDataType(name, encode, decode) {
  return Object.freeze({
    name() { return name; },
    toString() { return name; },
    /** The wire form of a value (PROTOCOL §9). */
    _encode: encode,
    /** The value a stream receives. */
    _decode: decode,
    from(value) { return decode(encode(value)); },
  });
}

const JSON_TYPE = makeDataType('json',
  (v) => (v instanceof JSONValue ? v.get() : v),
  (v) => new JSONValue(v));
const STRING_TYPE = makeDataType('string',
  (v) => { if (typeof v !== 'string') throw new TypeError('a string value must be a string'); return v; },
  (v) => v);
const INT64_TYPE = makeDataType('int64',
  (v) => {
    const b = typeof v === 'bigint' ? v : BigInt(typeof v === 'number' && !Number.isInteger(v) ? NaN : v);
    if (b > 9223372036854775807n || b < -9223372036854775808n) throw new RangeError(`${v} is outside the int64 range`);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b.toString();
  },
  (v) => (typeof v === 'number' ? v : BigInt(v)));
const DOUBLE_TYPE = makeDataType('double',
  (v) => {
    const n = Number(v);
    if (Number.isNaN(n)) return 'NaN';
    if (n === Infinity) return 'Infinity';
    if (n === -Infinity) return '-Infinity';
    return n;
  },
  (v) => (typeof v === 'string' ? Number(v) : v));
const BINARY_TYPE = makeDataType('binary',
  (v) => {
    if (v instanceof ArrayBuffer) v = new Uint8Array(v);
    if (!(v instanceof Uint8Array)) throw new TypeError('a binary value must be a Uint8Array or an ArrayBuffer');
    return base64Encode(v);
  },
  (v) => base64Decode(v));
// receives every type: values as the topic's own data type decodes them
const ANY_TYPE = Object.freeze({ name() { return 'any'; }, toString() { return 'any'; } });

const TYPE_BY_TOPIC_TYPE = { JSON: JSON_TYPE, STRING: STRING_TYPE, INT64: INT64_TYPE, DOUBLE: DOUBLE_TYPE, BINARY: BINARY_TYPE };
const TOPIC_TYPE_BY_DATATYPE = new Map([[JSON_TYPE, 'JSON'], [STRING_TYPE, 'STRING'], [INT64_TYPE, 'INT64'],
  [DOUBLE_TYPE, 'DOUBLE'], [BINARY_TYPE, 'BINARY']]);

export const datatypes = Object.freeze({
  json: () => JSON_TYPE,
  string: () => STRING_TYPE,
  int64: () => INT64_TYPE,
  double: () => DOUBLE_TYPE,
  binary: () => BINARY_TYPE,
  any: () => ANY_TYPE,
  get(name) {
    const t = { json: JSON_TYPE, string: STRING_TYPE, int64: INT64_TYPE, double: DOUBLE_TYPE, binary: BINARY_TYPE, any: ANY_TYPE }[String(name).toLowerCase()];
    if (!t) throw new OsmosisError('INVALID_ARGUMENT', `unknown data type '${name}'`);
    return t;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Topic types and specifications (docs/TOPICS.md)

const TopicType = Object.freeze({
  JSON: 'JSON', STRING: 'STRING', INT64: 'INT64', DOUBLE: 'DOUBLE', BINARY: 'BINARY', TIME_SERIES: 'TIME_SERIES',
});

class TopicSpecification {
  constructor(type, properties = {}) {
    if (!type) throw new TypeError('a topic specification needs a type');
    this.type = String(type).toUpperCase();
    this.properties = Object.freeze({ ...properties });
    Object.freeze(this);
  }

  withProperty(name, value) {
    return new TopicSpecification(this.type, { ...this.properties, [name]: String(value) });
  }

  withProperties(properties) {
    return new TopicSpecification(this.type, { ...this.properties, ...properties });
  }
}
for (const p of ['PUBLISH_VALUES_ONLY', 'DONT_RETAIN_VALUE', 'TIDY_ON_UNSUBSCRIBE', 'VALIDATE_VALUES', 'CONFLATION',
  'PRIORITY', 'OWNER', 'PERSISTENT', 'REMOVAL']) {
  TopicSpecification[p] = p;
}

const UnsubscribeReason = Object.freeze({
  REQUESTED: 'REQUESTED', CONTROL: 'CONTROL', REMOVAL: 'REMOVAL', AUTHORIZATION: 'AUTHORIZATION',
  SESSION_CLOSED: 'SESSION_CLOSED',
});

export const topics = Object.freeze({ TopicType, TopicSpecification, UnsubscribeReason });

// ---------------------------------------------------------------------------------------------------------------
// Topic selectors (docs/TOPICS.md): parsed on the client too, to route values to streams

const SELF = 'SELF';
const DESCENDANTS = 'DESCENDANTS';
const BOTH = 'SELF_AND_DESCENDANTS';

function selectorError(text, message, position) {
  const e = new OsmosisError('INVALID_ARGUMENT', `selector "${text}" ${message} (at ${position})`, 4001);
  e.position = position;
  return e;
}

function qualifier(body, full) {
  if (body.endsWith('//') && !(full && body.endsWith('\\//'))) return [body.slice(0, -2), BOTH];
  if (body.endsWith('/') && !(full && body.endsWith('\\/'))) return [body.slice(0, -1), DESCENDANTS];
  return [body, SELF];
}

function wholeRegex(source, text, position) {
  try {
    return new RegExp('^(?:' + source + ')$');
  } catch (e) {
    throw selectorError(text, `has an invalid regular expression "${source}": ${e.message}`, position);
  }
}

class TopicSelector {
  constructor(expression, type, prefix, test, members = null) {
    this.expression = expression;
    this.type = type;
    this.prefix = prefix;
    this._test = test;
    this._members = members;
    Object.freeze(this);
  }

  /** Whether this selector selects the topic path (canonical form, no leading or trailing slash). */
  selects(path) { return this._test(canonicalPath(path)); }

  toString() { return this.expression; }
}

function canonicalPath(path) {
  let p = String(path);
  if (p.startsWith('/')) p = p.slice(1);
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function parseOne(text) {
  if (typeof text !== 'string' || text.length === 0) throw selectorError(String(text), 'is empty', 0);
  const first = text[0];
  if ('$%&<'.includes(first)) throw selectorError(text, `uses the reserved prefix '${first}'`, 0);
  if (first === '#') {
    const members = [];
    const body = text.slice(1);
    let start = 0;
    const re = /\/{4,}/g;
    let m;
    while ((m = re.exec(body)) !== null) {
      const end = m.index + m[0].length - 4; // extra slashes are the member's qualifier
      members.push(body.slice(start, end));
      start = m.index + m[0].length;
    }
    members.push(body.slice(start));
    const parsed = members.filter((s) => s.length > 0).map(parseOne);
    if (parsed.length === 0) throw selectorError(text, 'has no members', 1);
    const flat = parsed.flatMap((s) => (s._members ? s._members : [s]));
    return new TopicSelector(text, 'SELECTOR_SET', '#', (p) => flat.some((s) => s._test(p)), flat);
  }
  if (first === '?') {
    let [body, q] = qualifier(text.slice(1), false);
    if (body.startsWith('/')) body = body.slice(1);
    const segments = body.split('/').map((s, i) => wholeRegex(s, text, 1 + i));
    const n = segments.length;
    const test = (p) => {
      const parts = p.split('/');
      if (q === SELF ? parts.length !== n : q === DESCENDANTS ? parts.length <= n : parts.length < n) return false;
      for (let i = 0; i < n; i++) if (!segments[i].test(parts[i])) return false;
      return true;
    };
    return new TopicSelector(text, 'SPLIT_PATH_PATTERN', '?', test);
  }
  if (first === '*') {
    const [body, q] = qualifier(text.slice(1), true);
    const re = wholeRegex(body, text, 1);
    const test = (p) => {
      if (q !== DESCENDANTS && re.test(p)) return true;
      if (q === SELF) return false;
      for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) if (re.test(p.slice(0, i))) return true;
      return false;
    };
    return new TopicSelector(text, 'FULL_PATH_PATTERN', '*', test);
  }
  const raw = first === '>' ? text.slice(1) : text;
  let [body, q] = qualifier(raw, false);
  if (body.startsWith('/')) body = body.slice(1);
  if (body.length === 0) throw selectorError(text, 'has no path', first === '>' ? 1 : 0);
  const empty = body.indexOf('//');
  if (empty >= 0) throw selectorError(text, 'has an empty path segment', empty + (first === '>' ? 1 : 0) + 1);
  const test = (p) => (q === SELF ? p === body : q === DESCENDANTS ? p.startsWith(body + '/')
    : p === body || p.startsWith(body + '/'));
  return new TopicSelector(first === '>' ? text : '>' + text, 'PATH', '>', test);
}

function flattenSelectors(args) {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.length === 0) throw new OsmosisError('INVALID_ARGUMENT', 'at least one topic selector is required');
  return list.map((s) => (s instanceof TopicSelector ? s : parseOne(s)));
}

export const selectors = Object.freeze({
  /** Parses one selector, or several (strings or selectors, or one array of them) into a selector set. */
  parse(...args) {
    const list = flattenSelectors(args);
    if (list.length === 1) return list[0];
    const members = list.flatMap((s) => (s._members ? s._members : [s]));
    return new TopicSelector('#' + members.map((s) => s.expression).join('////'), 'SELECTOR_SET', '#',
      (p) => members.some((s) => s._test(p)), members);
  },
  TopicSelector,
  Type: Object.freeze({ PATH: 'PATH', SPLIT_PATH_PATTERN: 'SPLIT_PATH_PATTERN', FULL_PATH_PATTERN: 'FULL_PATH_PATTERN',
    SELECTOR_SET: 'SELECTOR_SET' }),
});

// ---------------------------------------------------------------------------------------------------------------
// JSON Patch (RFC 6902), applied to a copy of the previous value of a JSON topic

function pointer(path) {
  if (path === '') return [];
  if (path[0] !== '/') throw new Error(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone(v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); }

function deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

function getAt(doc, tokens) {
  let cur = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object' || !(Array.isArray(cur) ? t < cur.length : Object.prototype.hasOwnProperty.call(cur, t))) {
      throw new Error(`path /${tokens.join('/')} does not exist`);
    }
    cur = cur[t];
  }
  return cur;
}

export function applyJsonPatch(document, patch) {
  let doc = clone(document);
  const put = (tokens, value, insert) => {
    if (tokens.length === 0) { doc = value; return; }
    const parent = getAt(doc, tokens.slice(0, -1));
    const key = tokens[tokens.length - 1];
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length || (!insert && i === parent.length)) throw new Error(`bad array index ${key}`);
      if (insert) parent.splice(i, 0, value); else parent[i] = value;
    } else if (parent !== null && typeof parent === 'object') {
      parent[key] = value;
    } else {
      throw new Error(`cannot add to a non-container at ${tokens.join('/')}`);
    }
  };
  const del = (tokens) => {
    if (tokens.length === 0) throw new Error('cannot remove the whole document');
    const parent = getAt(doc, tokens.slice(0, -1));
    const key = tokens[tokens.length - 1];
    getAt(parent, [key]);
    if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key];
  };
  for (const op of patch) {
    const path = pointer(op.path);
    switch (op.op) {
      case 'add': put(path, clone(op.value), true); break;
      case 'remove': del(path); break;
      case 'replace': getAt(doc, path); put(path, clone(op.value), false); break;
      case 'move': { const v = getAt(doc, pointer(op.from)); del(pointer(op.from)); put(path, v, true); break; }
      case 'copy': put(path, clone(getAt(doc, pointer(op.from))), true); break;
      case 'test': if (!deepEqual(getAt(doc, path), op.value)) throw new Error(`test failed at ${op.path}`); break;
      default: throw new Error(`unknown patch operation ${op.op}`);
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------------------------
// Client control constants (PROTOCOL §8)

const PropertyKeys = Object.freeze({
  ALL_FIXED_PROPERTIES: '*F', ALL_USER_PROPERTIES: '*U',
  SESSION_ID: '$SessionId', PRINCIPAL: '$Principal', CONNECTOR: '$Connector', TRANSPORT: '$Transport',
  CLIENT_TYPE: '$ClientType', COUNTRY: '$Country', LANGUAGE: '$Language', SERVER_NAME: '$ServerName',
  CLIENT_IP: '$ClientIP', LATITUDE: '$Latitude', LONGITUDE: '$Longitude', START_TIME: '$StartTime',
  ROLES: '$Roles', GATEWAY_TYPE: '$GatewayType', GATEWAY_ID: '$GatewayId', MQTT_CLIENT_ID: '$MQTTClientId',
});

const SessionEventType = Object.freeze({ UPDATED: 'UPDATED', RECONNECTED: 'RECONNECTED', FAILED_OVER: 'FAILED_OVER',
  DISCONNECTED: 'DISCONNECTED' });

export const clients = Object.freeze({ PropertyKeys, SessionEventType, CloseReason });

const SessionLockScope = Object.freeze({ UNLOCK_ON_SESSION_LOSS: 'UNLOCK_ON_SESSION_LOSS',
  UNLOCK_ON_CONNECTION_LOSS: 'UNLOCK_ON_CONNECTION_LOSS' });
export const locks = Object.freeze({ SessionLockScope });

// ---------------------------------------------------------------------------------------------------------------
// Connecting

const SESSION_ID = /^[0-9a-f]{16}-[0-9a-f]{16}$/i;
/** The client's recovery buffer: most messages kept until the server acknowledges them (PROTOCOL §12). */
const MAX_UNACKED = 10000;
const WEBSOCKET_NAMES = new Set(['WEBSOCKET', 'WS']);
const POLLING_NAMES = new Set(['XHR', 'HTTP_POLLING', 'HTTP_LONG_POLL', 'POLLING']);

function pageLocation() {
  return typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? location : null;
}

/** The default reconnection strategy: wait 100 ms, then twice as long before each further attempt, at most 5 s. */
function backoff(start, abort, attempt) {
  setTimeout(start, Math.min(5000, 100 * 2 ** Math.min(attempt, 10)));
}

function nonNegative(value, what, fallback) {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new OsmosisError('INVALID_ARGUMENT', `${what} must be a number of milliseconds >= 0, not ${value}`);
  return n;
}

/**
 * Reads the reconnect option (seed 002): true (the default), false, a timeout in ms, or {timeout, strategy}.
 * `timeout` is the reconnect timeout asked of the server (absent: the server's maximum); `strategy(start, abort,
 * attempt)` decides when each attempt starts: call start() to try, abort() to give up.
 */
function reconnectOption(value) {
  if (value === undefined || value === null || value === true) return { enabled: true, timeout: null, strategy: backoff };
  if (value === false) return { enabled: false, timeout: null, strategy: backoff };
  if (typeof value === 'number') return { enabled: value > 0, timeout: nonNegative(value, 'reconnect', null), strategy: backoff };
  if (typeof value === 'object') {
    const strategy = value.strategy === undefined || value.strategy === null ? backoff : value.strategy;
    if (typeof strategy !== 'function') throw new OsmosisError('INVALID_ARGUMENT', 'reconnect.strategy must be a function (start, abort, attempt)');
    const timeout = nonNegative(value.timeout, 'reconnect.timeout', null);
    return { enabled: timeout !== 0, timeout, strategy };
  }
  throw new OsmosisError('INVALID_ARGUMENT', `reconnect must be true, false, a timeout in ms or {timeout, strategy}, not ${value}`);
}

/**
 * The sessions of this page. A page that goes away cannot resume its sessions (their tokens live in its memory),
 * so on `pagehide` each one tells the server it is closed rather than leave it waiting for a reconnect.
 */
const PAGE_SESSIONS = new Set();
let pageHideListening = false;

function trackPageSession(session) {
  PAGE_SESSIONS.add(session);
  if (!pageHideListening && typeof addEventListener === 'function') {
    pageHideListening = true;
    addEventListener('pagehide', () => {
      for (const s of [...PAGE_SESSIONS]) s._pageGone();
    });
  }
}

/** Resolves connect()'s argument into {url, options} (the options with defaults filled in). */
function resolveOptions(urlOrOptions) {
  let options = typeof urlOrOptions === 'string' ? {} : { ...(urlOrOptions || {}) };
  if (typeof urlOrOptions === 'string') {
    const text = urlOrOptions;
    if (/^(wss?|https?):\/\//i.test(text)) {
      const u = new URL(text);
      options.secure = /^(wss|https):$/i.test(u.protocol);
      options.host = u.hostname;
      if (u.port) options.port = Number(u.port);
      if (u.pathname && u.pathname !== '/') options.path = u.pathname;
    } else {
      const m = /^([^:/]+)(?::(\d+))?$/.exec(text);
      if (!m) throw new OsmosisError('INVALID_ARGUMENT', `cannot read "${text}" as a host or URL`);
      options.host = m[1];
      if (m[2]) options.port = Number(m[2]);
    }
  }
  const page = pageLocation();
  if (options.secure === undefined) options.secure = page ? page.protocol === 'https:' : false;
  if (!options.host) options.host = page ? page.hostname : 'localhost';
  if (options.port === undefined || options.port === null || options.port === '') {
    if (page && page.hostname === options.host && (page.protocol === 'https:') === options.secure && page.port) {
      options.port = Number(page.port);
    } else {
      options.port = options.secure ? 443 : 80;
    }
  }
  if (!options.path) options.path = '/osmosis';
  if (!options.path.startsWith('/')) options.path = '/' + options.path;
  const transports = (options.transports === undefined || options.transports === null ? ['WEBSOCKET']
    : Array.isArray(options.transports) ? options.transports : [options.transports]).map((t) => String(t).toUpperCase());
  if (transports.length === 0) throw new OsmosisError('INVALID_ARGUMENT', 'transports must name at least one transport');
  for (const t of transports) {
    if (!WEBSOCKET_NAMES.has(t) && !POLLING_NAMES.has(t)) {
      throw new OsmosisError('INVALID_ARGUMENT', `unknown transport '${t}' (use 'WEBSOCKET' or 'HTTP_POLLING')`);
    }
  }
  options.transports = transports.map((t) => (WEBSOCKET_NAMES.has(t) ? 'WEBSOCKET' : 'HTTP_POLLING'));
  // seed 002 names the initial retry strategy `retry` in JavaScript and initialRetryStrategy elsewhere: both work
  const retry = options.initialRetryStrategy || options.retry || {};
  options.retry = {
    attempts: Math.floor(nonNegative(retry.attempts, 'initialRetryStrategy.attempts', 0)),
    interval: nonNegative(retry.interval, 'initialRetryStrategy.interval', 0),
  };
  delete options.initialRetryStrategy;
  options.connectionTimeout = nonNegative(options.connectionTimeout, 'connectionTimeout', 10000) || 10000;
  options.livenessTimeout = nonNegative(options.livenessTimeout, 'livenessTimeout', 30000);
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  const url = `${options.secure ? 'wss' : 'ws'}://${host}:${options.port}${options.path}`;
  const pollUrl = `${options.secure ? 'https' : 'http'}://${host}:${options.port}${options.path}/poll`;
  return { url, pollUrl, options, reconnect: reconnectOption(options.reconnect) };
}

/**
 * Opens a session. `urlOrOptions` is a host ('example.com', 'example.com:8080'), a URL ('ws://host:8080'), or
 * options {host, port, secure, path, principal, credentials, properties, transports, initialRetryStrategy (alias
 * retry), reconnect, connectionTimeout, livenessTimeout}. Resolves with the connected Session; rejects with an
 * OsmosisError carrying the close reason (ACCESS_DENIED for a wrong password, HANDSHAKE_REJECTED,
 * CONNECTION_ERROR, CONNECTION_TIMEOUT, ...).
 */
export function connect(urlOrOptions) {
  let resolved;
  try {
    resolved = resolveOptions(urlOrOptions);
  } catch (e) {
    return Promise.reject(e);
  }
  const { options } = resolved;
  return new Promise((resolve, reject) => {
    let attempt = 0;
    const tryOnce = () => {
      attempt++;
      const session = new Session(resolved);
      session._open().then(resolve, (error) => {
        // only a failure to reach the server is retried; the server's refusal is an answer
        const name = error.closeReason ? error.closeReason.name : null;
        const retryable = name === 'CONNECTION_ERROR' || name === 'CONNECTION_TIMEOUT';
        if (retryable && attempt <= options.retry.attempts) {
          setTimeout(tryOnce, options.retry.interval);
        } else {
          reject(error);
        }
      });
    };
    tryOnce();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Transports. Each carries one connection: sink.text(transport, text) for every frame from the server,
// sink.alive(transport) for traffic that carries no frame, and sink.lost(transport, code, reason) once when it ends
// (a WebSocket close code; 1006 for a failure). The session ignores a transport that is no longer its current one.

class WebSocketTransport {
  constructor(url, firstText, sink) {
    this.name = 'WEBSOCKET';
    this._sink = sink;
    this._ended = false;
    try {
      this._ws = new WebSocket(url);
    } catch (e) {
      queueMicrotask(() => this._end(1006, `cannot open ${url}: ${e.message}`));
      return;
    }
    const ws = this._ws;
    ws.onopen = () => ws.send(firstText);
    ws.onmessage = (event) => { if (!this._ended) sink.text(this, event.data); };
    ws.onerror = () => { /* onclose follows with the code */ };
    ws.onclose = (event) => this._end(event.code,
      event.reason || `the WebSocket to ${url} closed (code ${event.code}${event.code === 1006 ? ': failed or cut' : ''})`);
  }

  send(text) {
    if (this._ended || !this._ws || this._ws.readyState !== WebSocket.OPEN) return false;
    this._ws.send(text);
    return true;
  }

  /** Ends the connection without reporting it (a sequenced session survives a close without a `close` message). */
  close() {
    this._ended = true;
    try { if (this._ws) this._ws.close(1000); } catch (e) { /* already closing */ }
  }

  abort() { this.close(); }

  _end(code, reason) {
    if (this._ended) return;
    this._ended = true;
    this._sink.lost(this, code, reason);
  }
}

/** A poll held longer than this (the server answers 204 after osmosis.pollHoldMillis, 25 s) means a dead server. */
const POLL_ANSWER_LIMIT = 40000;

async function describeResponse(response) {
  let detail = '';
  try {
    const body = await response.json();
    if (body && body.message) detail = `: ${body.code ? body.code + ' ' : ''}${body.message}`;
  } catch (e) { /* no JSON body */ }
  return `HTTP ${response.status}${detail}`;
}

/** HTTP long polling (docs/PROTOCOL.md §13): open with POST, receive by held GETs, send by POSTs one at a time. */
class PollingTransport {
  constructor(url, firstText, sink, maxBytes) {
    this.name = 'HTTP_POLLING';
    this._base = url;
    this._sink = sink;
    this._maxBytes = maxBytes;
    this._ended = false;
    this._queue = [];
    this._sending = null; // the send in flight
    this._sendController = null;
    this._url = null;
    this._requests = new Set();
    this._request('POST', url, firstText, 0).then(async (response) => {
      if (response.status >= 400 && response.status < 500) {
        // the server answered the opening: a refusal, not a transport failure (PROTOCOL §13): final, no cascading
        this._end(4003, `the server refused HTTP polling at ${url}: ${await describeResponse(response)}`);
        return;
      }
      if (response.status !== 200) throw new Error(await describeResponse(response));
      const body = await response.json();
      if (!body || typeof body.cid !== 'string') throw new Error('the answer has no connection id');
      this._url = `${url}/${encodeURIComponent(body.cid)}`;
      this._poll();
      this._flush();
    }).catch((e) => this._end(1006, `cannot open HTTP polling at ${url}: ${e.message}`));
  }

  _request(method, url, body, timeout, keepalive = false) {
    const controller = new AbortController();
    this._requests.add(controller);
    if (method === 'POST' && url !== this._base) this._sendController = controller;
    const timer = timeout > 0 ? setTimeout(() => controller.abort(), timeout) : null;
    const init = { method, cache: 'no-store', credentials: 'same-origin', signal: controller.signal, keepalive };
    if (body !== undefined) {
      init.body = body;
      init.headers = { 'Content-Type': 'application/json' };
    }
    return fetch(url, init).finally(() => {
      clearTimeout(timer);
      this._requests.delete(controller);
    });
  }

  _poll() {
    if (this._ended) return;
    this._request('GET', this._url, undefined, POLL_ANSWER_LIMIT).then(async (response) => {
      if (response.status === 200) {
        const text = await response.text();
        if (this._ended) return;
        this._sink.text(this, text);
      } else if (response.status === 204) {
        if (this._ended) return;
        this._sink.alive(this);
      } else {
        throw new Error(await describeResponse(response));
      }
      this._poll();
    }).catch((e) => this._end(1006, `a poll failed: ${e.name === 'AbortError' ? `no answer within ${POLL_ANSWER_LIMIT} ms` : e.message}`));
  }

  send(text) {
    if (this._ended) return false;
    this._queue.push(text);
    this._flush();
    return true;
  }

  /** One POST at a time (poll-spec 3): what queued meanwhile goes as one batch, within the server's size limit. */
  _flush() {
    if (this._sending || this._url === null || this._ended || this._queue.length === 0) return;
    this._sending = this._post(this._takeBatch(), false).then(() => {
      this._sending = null;
      this._flush();
    }, (e) => {
      this._sending = null;
      this._end(1006, `a send failed: ${e.name === 'AbortError' ? 'no answer within 30000 ms' : e.message}`);
    });
  }

  _takeBatch() {
    const encoder = new TextEncoder();
    let size = 2;
    let n = 0;
    while (n < this._queue.length) {
      const bytes = encoder.encode(this._queue[n]).length + 1;
      if (n > 0 && size + bytes > this._maxBytes) break;
      size += bytes;
      n++;
    }
    const batch = this._queue.splice(0, n);
    return batch.length === 1 ? batch[0] : `[${batch.join(',')}]`;
  }

  _post(body, keepalive) {
    return this._request('POST', this._url, body, 30000, keepalive).then(async (response) => {
      if (response.status !== 204 && response.status !== 200) throw new Error(await describeResponse(response));
    });
  }

  /**
   * Ends the connection without reporting it: stops polling, lets a send in flight finish, sends what is queued
   * (a `close` message, say), then DELETE (poll-spec 4). keepalive lets these outlive a closing page.
   */
  close() {
    if (this._ended) return;
    const url = this._url;
    this._ended = true;
    if (url === null) {
      this.abort();
      return;
    }
    for (const controller of this._requests) {
      if (controller !== this._sendController) controller.abort();
    }
    let chain = this._sending || Promise.resolve();
    while (this._queue.length > 0) {
      const body = this._takeBatch();
      chain = chain.catch(() => {}).then(() => this._post(body, true));
    }
    chain.catch(() => {}).then(() => this._request('DELETE', url, undefined, 5000, true)).catch(() => {
      // the server drops an abandoned connection anyway (poll-spec 6)
    });
  }

  /** Stops polling and sending without telling the server (it notices by the missing poll, poll-spec 6). */
  abort() {
    this._ended = true;
    for (const controller of this._requests) controller.abort();
    this._requests.clear();
  }

  _end(code, reason) {
    if (this._ended) return;
    this.abort();
    this._sink.lost(this, code, reason);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Streams

class ValueStream extends Emitter {
  constructor(session, selector, datatype, fallback) {
    super();
    this._session = session;
    this.selector = selector;
    this.datatype = datatype;
    this.fallback = fallback;
    this._closed = false;
  }

  /** Removes this stream: it emits `close` and receives nothing more. */
  close() {
    if (this._closed) return;
    this._closed = true;
    this._session._streams.delete(this);
    this._emit('close');
  }

  isClosed() { return this._closed; }

  _accepts(entry) {
    if (this._closed) return false;
    if (this.datatype !== ANY_TYPE && TOPIC_TYPE_BY_DATATYPE.get(this.datatype) !== entry.type) return false;
    return this.fallback || this.selector.selects(entry.path);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The session

const SESSION_STATES = Object.freeze({
  CONNECTING: 'CONNECTING', CONNECTED_ACTIVE: 'CONNECTED_ACTIVE', RECOVERING_RECONNECT: 'RECOVERING_RECONNECT',
  CLOSED_BY_CLIENT: 'CLOSED_BY_CLIENT', CLOSED_BY_SERVER: 'CLOSED_BY_SERVER', CLOSED_FAILED: 'CLOSED_FAILED',
});

function target(sessionOrFilter) {
  if (sessionOrFilter && typeof sessionOrFilter === 'object') {
    if (sessionOrFilter.filter !== undefined) return { filter: String(sessionOrFilter.filter) };
    if (sessionOrFilter.session !== undefined) return { session: String(sessionOrFilter.session) };
  }
  const text = String(sessionOrFilter);
  return SESSION_ID.test(text) ? { session: text } : { filter: text };
}

class Session extends Emitter {
  constructor({ url, pollUrl, options, reconnect }) {
    super();
    const { credentials, ...shown } = options; // the password is not kept on the session
    this.options = Object.freeze({ ...shown, credentials: credentials === undefined ? undefined : '********' });
    this._url = url;
    this._pollUrl = pollUrl;
    this._reconnect = reconnect;
    this._credentials = credentials;
    this._transport = null;
    this._limits = {};
    // PROTOCOL §12: numbering, acknowledgement and the client's recovery buffer
    this._sequenced = false;
    this._live = false;
    this._nextSeq = 1;
    this._unacked = []; // {seq, text} sent and not yet acknowledged, oldest first
    this._received = 0;
    this._ackSent = 0;
    this._state = SESSION_STATES.CONNECTING;
    this._nextId = 1;
    this._pending = new Map();
    this._listeners2 = new Map(); // session properties listeners by request id
    this._topics = new Map(); // topic id (a) -> {path, type, spec, value, hasValue}
    this._streams = new Set();
    this.sessionId = null;
    this._principal = '';
    this._roles = [];
    this._properties = {};
    this._closeReason = null;

    this.clients = new ClientControl(this);
    this.topics = new TopicControl(this);
    this.topicUpdate = new TopicUpdate(this);
    this.security = Object.freeze({ changePrincipal: (p, c) => this.changePrincipal(p, c) });
    this.messages = new Messaging(this);
    this.notifications = new TopicNotifications(this);
    this._locks = new Map(); // lock name -> {sequence, scope} while owned
    this.timeseries = unsupportedFeature('time series (session.timeseries)', 'not on the server');
    this.topicViews = unsupportedFeature('topic views (session.topicViews)', 'not on the server');
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------------
  // A sequenced session (PROTOCOL §12, the default) numbers what it sends and keeps it until the server
  // acknowledges it, acknowledges and de-duplicates the server's numbered envelopes, and on a lost transport
  // goes RECOVERING_RECONNECT, reconnects with its id, token and ack, and replays. Everything here runs on the
  // page's one thread; events of a transport that is no longer the current one are ignored.

  _open() {
    trackPageSession(this);
    return new Promise((resolve, reject) => {
      this._connectResolve = resolve;
      this._connectReject = reject;
      this._connectVia(0, this._helloText(), (reason, message) => this._finish(reason, message));
    });
  }

  _helloText() {
    const hello = { t: 'connect', v: 1, clientType: 'JAVASCRIPT_BROWSER' };
    if (this._reconnect.enabled) {
      hello.seq = true;
      if (this._reconnect.timeout !== null) hello.reconnectTimeout = this._reconnect.timeout;
    }
    if (this.options.principal) {
      hello.principal = String(this.options.principal);
      hello.credentials = this._credentials === undefined || this._credentials === null ? '' : String(this._credentials);
    }
    if (this.options.properties) hello.properties = this.options.properties;
    return JSON.stringify(hello);
  }

  /**
   * Opens transports[index] with `firstText` as its first message. If it cannot connect (it fails, or no
   * `connected` comes within the connection timeout) the next transport of the list is tried (seed 002's
   * cascading); after the last, failed(reason, message) is called. A refusal by the server is a `close` message:
   * it ends the session and is never cascaded.
   */
  _connectVia(index, firstText, failed, tried = []) {
    const kind = this.options.transports[index];
    const sink = {
      text: (t, text) => this._onText(t, text),
      alive: (t) => { if (t === this._transport) this._lastInbound = performance.now(); },
      lost: (t, code, reason) => this._onLost(t, code, reason),
    };
    const transport = kind === 'WEBSOCKET' ? new WebSocketTransport(this._url, firstText, sink)
      : new PollingTransport(this._pollUrl, firstText, sink, this._maxBytes());
    this._transport = transport;
    this._lastInbound = performance.now();
    const timeout = this.options.connectionTimeout;
    this._connecting = (reason, message) => {
      if (this._transport !== transport) return;
      clearTimeout(this._connectTimer);
      this._connecting = null;
      this._transport = null;
      transport.abort();
      tried.push(`${kind}: ${message}`);
      if (index + 1 < this.options.transports.length) {
        this._connectVia(index + 1, firstText, failed, tried);
      } else {
        failed(reason, tried.length > 1 ? `no transport connected (${tried.join('; ')})` : message);
      }
    };
    clearTimeout(this._connectTimer);
    this._connectTimer = setTimeout(() => {
      if (this._connecting) this._connecting(CloseReason.CONNECTION_TIMEOUT, `no answer to the handshake within ${timeout} ms`);
    }, timeout);
  }

  _maxBytes() {
    return Number(this._limits && this._limits.maxMessageSize) || 65536;
  }

  _onText(transport, text) {
    if (transport !== this._transport || this._closeReason) return;
    this._lastInbound = performance.now();
    this._receive(text);
  }

  /** The current transport ended (a WebSocket close code; 1006 for a failure or a cut). */
  _onLost(transport, code, message) {
    if (transport !== this._transport || this._closeReason) return;
    if (this._closing) {
      this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client');
      return;
    }
    // 4000-4099 and 1009 are final (PROTOCOL §5); 1000 unasked means the server ended the session
    const final = (code >= 4000 && code < 4100) || code === 1009 || code === 1011;
    const reason = code === 1000 ? CloseReason.CLOSED_BY_SERVER : CLOSE_BY_WS_CODE.get(code) || CloseReason.CONNECTION_ERROR;
    if (this._state === SESSION_STATES.CONNECTED_ACTIVE) {
      if (this._sequenced && !final && code !== 1000) {
        this._startRecovery(reason, message);
      } else {
        this._finish(reason, message);
      }
    } else if (final) {
      this._finish(reason, message);
    } else if (this._connecting) {
      this._connecting(reason, message); // connecting or reconnecting: the next transport, or the next attempt
    }
  }

  _startRecovery(reason, message) {
    this._live = false;
    const old = this._transport;
    this._transport = null;
    if (old) old.abort();
    const granted = Number(this._limits.reconnectTimeout) || 0;
    this._state = SESSION_STATES.RECOVERING_RECONNECT;
    this._attempt = 0;
    this._recoveryTimer = setTimeout(() => this._giveUp(`could not reconnect within the reconnect timeout of ${granted} ms`), granted);
    this._emit('disconnect', Object.freeze({ ...reason, message: message || reason.name }));
    this._scheduleAttempt();
  }

  _giveUp(message) {
    if (this._state !== SESSION_STATES.RECOVERING_RECONNECT || this._closeReason) return;
    const t = this._transport;
    this._transport = null;
    if (t) t.abort();
    this._finish(CloseReason.RECONNECT_ABORTED, message);
  }

  /** Asks the strategy when to try: it calls start() (attempt) or abort() (give up) once. */
  _scheduleAttempt() {
    if (this._state !== SESSION_STATES.RECOVERING_RECONNECT || this._closeReason) return;
    const epoch = this._attemptEpoch = (this._attemptEpoch || 0) + 1;
    let used = false;
    const current = () => !used && epoch === this._attemptEpoch && this._state === SESSION_STATES.RECOVERING_RECONNECT
      && !this._closeReason;
    const start = () => {
      if (!current()) return;
      used = true;
      const hello = { t: 'connect', v: 1, seq: true, sessionId: this.sessionId, token: this._token, ack: this._received };
      this._connectVia(0, JSON.stringify(hello), () => this._scheduleAttempt());
    };
    const abort = () => {
      if (!current()) return;
      used = true;
      this._giveUp('the reconnection strategy gave up');
    };
    try {
      this._reconnect.strategy(start, abort, this._attempt++);
    } catch (e) {
      this._giveUp(`the reconnection strategy threw: ${e && e.message ? e.message : e}`);
    }
  }

  _onConnected(m) {
    if (this._state === SESSION_STATES.RECOVERING_RECONNECT) {
      this._onReconnected(m);
      return;
    }
    if (this._state !== SESSION_STATES.CONNECTING) return; // a second `connected` is not part of the protocol
    clearTimeout(this._connectTimer);
    this._connecting = null;
    this.sessionId = m.sessionId;
    this._token = m.token;
    this._principal = m.principal || '';
    this._roles = m.roles || [];
    this._properties = m.properties || {};
    this._limits = m.limits || {};
    this._serverName = m.server;
    this._sequenced = this._reconnect.enabled && m.seq === true;
    this._live = true;
    this._state = SESSION_STATES.CONNECTED_ACTIVE;
    this._startLiveness();
    const resolve = this._connectResolve;
    this._connectResolve = this._connectReject = null;
    if (resolve) resolve(this);
  }

  /** The server resumed the session: replay what it has not acknowledged, then carry on (PROTOCOL §12). */
  _onReconnected(m) {
    if (m.reconnected !== true) {
      this._finish(CloseReason.UNEXPECTED_ERROR, 'the server answered a reconnect with a new session');
      return;
    }
    clearTimeout(this._connectTimer);
    this._connecting = null;
    const serverAck = Number(m.ack) || 0;
    this._acknowledged(serverAck);
    if (this._unacked.length > 0 && this._unacked[0].seq !== serverAck + 1) {
      this._finish(CloseReason.LOST_MESSAGES, `the server acknowledged ${serverAck} but the client no longer holds `
        + `the messages after it (it holds ${this._unacked[0].seq} onwards)`);
      return;
    }
    if (m.token) this._token = m.token;
    if (m.properties) this._properties = m.properties;
    if (m.limits) this._limits = m.limits;
    this._ackSent = this._received; // the reconnect carried the ack
    for (const out of this._unacked) this._transport.send(out.text);
    this._live = true;
    clearTimeout(this._recoveryTimer);
    this._state = SESSION_STATES.CONNECTED_ACTIVE;
    this._emit('reconnect');
  }

  /**
   * Liveness: a browser answers the server's WebSocket pings but cannot see them, so when the server has been
   * silent for a third of the liveness timeout the client sends a protocol ping (its answer is traffic); no
   * traffic at all for the whole timeout means the connection is dead (half-open): drop it and reconnect.
   */
  _startLiveness() {
    const limit = this.options.livenessTimeout;
    if (!limit || !this._sequenced) return;
    this._livenessTimer = setInterval(() => {
      if (this._state !== SESSION_STATES.CONNECTED_ACTIVE || !this._transport) return;
      const silent = performance.now() - this._lastInbound;
      if (silent > limit) {
        this._onLost(this._transport, 1006, `no traffic from the server for ${Math.round(silent)} ms (liveness timeout ${limit} ms)`);
      } else if (silent > limit / 3 && !this._probing) {
        this._probing = true;
        const done = () => { this._probing = false; };
        this._request('ping').then(done, done);
      }
    }, Math.max(50, Math.min(1000, limit / 6)));
  }

  /** The page is going away: end the session now, telling the server if connected. */
  _pageGone() {
    if (this._closeReason) return;
    if (this._state === SESSION_STATES.CONNECTED_ACTIVE && !this._closing) {
      try { this._send({ t: 'close' }); } catch (e) { /* closing anyway */ }
    }
    this._finish(CloseReason.CLOSED_BY_CLIENT, 'the page was closed');
  }

  _finish(reason, message) {
    if (this._closeReason) return;
    PAGE_SESSIONS.delete(this);
    clearTimeout(this._connectTimer);
    clearTimeout(this._closeTimer);
    clearTimeout(this._recoveryTimer);
    clearTimeout(this._ackTimer);
    clearInterval(this._livenessTimer);
    this._connecting = null;
    this._live = false;
    const transport = this._transport;
    this._transport = null;
    if (transport) transport.close();
    const closeReason = Object.freeze({ ...reason, message: message || reason.name });
    this._closeReason = closeReason;
    this._state = reason === CloseReason.CLOSED_BY_CLIENT ? SESSION_STATES.CLOSED_BY_CLIENT
      : reason.state === 'CLOSED_BY_SERVER' ? SESSION_STATES.CLOSED_BY_SERVER : SESSION_STATES.CLOSED_FAILED;
    const error = new OsmosisError(reason.name, closeReason.message, reason.id, closeReason);
    if (this._connectReject) {
      const reject = this._connectReject;
      this._connectReject = this._connectResolve = null;
      reject(error);
      return;
    }
    this._unacked = [];
    for (const pending of this._pending.values()) {
      pending.reject(new OsmosisError('SESSION_CLOSED', `the session closed (${reason.name}: ${closeReason.message}) before the answer`, reason.id, closeReason));
    }
    this._pending.clear();
    for (const listener of this._listeners2.values()) safeCall(listener.handler.onClose);
    this._listeners2.clear();
    for (const entry of this._topics.values()) this._streamsFor(entry, false).forEach((s) => s._emit('unsubscribe', entry.path, entry.spec, UnsubscribeReason.SESSION_CLOSED));
    this._topics.clear();
    for (const stream of [...this._streams]) stream.close();
    this.messages._close();
    this.notifications._close();
    this.topics._close();
    this._locks.clear();
    this._emit('close', closeReason);
    if (this._closeResolvers) this._closeResolvers.forEach((r) => r(closeReason));
  }

  _receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      this._emit('error', new OsmosisError('MALFORMED_MESSAGE', `the server sent something that is not JSON: ${String(data).slice(0, 80)}`));
      return;
    }
    if (message && !Array.isArray(message) && Array.isArray(message.m)) {
      this._onEnvelope(message);
      return;
    }
    for (const m of Array.isArray(message) ? message : [message]) this._dispatch(m);
  }

  _dispatch(m) {
    if (this._closeReason) return;
    try {
      this._handle(m);
    } catch (e) {
      this._emit('error', e);
    }
  }

  /** A numbered frame {"s":first,"ack":n,"m":[...]}: duplicates (a replay) are skipped, a gap is fatal. */
  _onEnvelope(envelope) {
    if (typeof envelope.ack === 'number') this._acknowledged(envelope.ack);
    const first = Number(envelope.s) || 0;
    for (let i = 0; i < envelope.m.length; i++) {
      if (this._closeReason) return;
      const seq = first + i;
      if (seq <= this._received) continue;
      if (seq !== this._received + 1) {
        const why = `server message ${seq} arrived after ${this._received}`;
        if (this._transport && this._transport.name === 'HTTP_POLLING') {
          // a poll answer was lost on a reset connection whose GET the browser retried (PROTOCOL §13): the
          // transport is lost, and the reconnect's replay brings the missing frame
          this._onLost(this._transport, 1006, `${why}: a poll answer was lost`);
        } else {
          this._finish(CloseReason.LOST_MESSAGES, `${why}: messages were lost`);
        }
        return;
      }
      this._received = seq;
      this._dispatch(envelope.m[i]);
    }
    this._scheduleAck();
  }

  /** The server processed our messages up to `ack`: forget them. */
  _acknowledged(ack) {
    let n = 0;
    while (n < this._unacked.length && this._unacked[n].seq <= ack) n++;
    if (n > 0) this._unacked.splice(0, n);
  }

  /** Acknowledges at least every 32 messages and at most 1 s late (PROTOCOL §12). */
  _scheduleAck() {
    if (this._received - this._ackSent >= 32) {
      this._sendAck();
    } else if (this._received > this._ackSent && !this._ackTimer) {
      this._ackTimer = setTimeout(() => {
        this._ackTimer = null;
        if (this._received > this._ackSent) this._sendAck();
      }, 1000);
    }
  }

  _sendAck() {
    if (!this._live || !this._transport) return; // the reconnect's connect carries it
    this._ackSent = this._received;
    this._transport.send(`{"t":"ack","ack":${this._received}}`);
  }

  _handle(m) {
    switch (m.t) {
      case 'connected': this._onConnected(m); break;
      case 'ack': if (typeof m.ack === 'number') this._acknowledged(m.ack); break;
      case 'ok':
      case 'error': {
        const pending = this._pending.get(m.id);
        if (!pending) {
          if (m.t === 'error') {
            this._emit('error', new OsmosisError(ERROR_BY_CODE.get(m.code) || 'ERROR', m.message, m.code));
          }
          return;
        }
        this._pending.delete(m.id);
        if (m.t === 'ok') {
          pending.resolve(m);
        } else {
          const e = new OsmosisError(ERROR_BY_CODE.get(m.code) || 'ERROR', m.message, m.code);
          const at = /\(at (\d+)\)|\bat (\d+)\b/.exec(m.message || '');
          if (at) e.position = Number(at[1] || at[2]);
          pending.reject(e);
        }
        break;
      }
      case 'close': {
        // the server ends the session (or refuses the handshake): final, never cascaded or reconnected —
        // except a connection-level reason (41xx, e.g. IDLE_CONNECTION: our connect reached an overloaded server
        // too late), which ends this connection only: recover or try again as for a lost transport
        const reason = this._closing ? CloseReason.CLOSED_BY_CLIENT : CloseReason[m.reason] || CloseReason.CLOSED_BY_SERVER;
        if (!this._closing && reason.wsCode >= 4100 && reason.wsCode < 4200) {
          this._onLost(this._transport, reason.wsCode, m.message || reason.name);
          break;
        }
        this._finish(reason, m.message || reason.name);
        break;
      }
      case 'sessionEvent': {
        const listener = this._listeners2.get(m.listener);
        if (listener) listener.event(m);
        break;
      }
      case 'subscribe': this._onSubscribe(m); break;
      case 'value': this._onValue(m, null); break;
      case 'delta': this._onValue(m, m.p); break;
      case 'unsubscribe': this._onUnsubscribe(m); break;
      case 'request': this.messages._onRequest(m); break;
      case 'filterResponse':
      case 'filterResponseError': this.messages._onFilterResponse(m); break;
      case 'topicNotification': this.notifications._onNotification(m); break;
      case 'missingTopic': this.topics._onMissingTopic(m); break;
      default:
        // v1 receivers ignore what they do not know (PROTOCOL §2)
        break;
    }
  }

  /**
   * Sends a message. A sequenced session numbers it and keeps it until the server acknowledges it; while
   * recovering it is only kept, and the replay after the reconnect sends it.
   */
  _send(message) {
    if (this._closeReason || this._closing) throw new OsmosisError('SESSION_CLOSED', 'the session is closed');
    if (this._state === SESSION_STATES.CONNECTING) throw new OsmosisError('SESSION_CLOSED', 'the session is not connected yet');
    if (!this._sequenced) {
      if (!this._transport || !this._transport.send(JSON.stringify(message))) {
        throw new OsmosisError('SESSION_CLOSED', 'the session is not connected');
      }
      return;
    }
    if (this._unacked.length >= MAX_UNACKED) {
      this._finish(CloseReason.LOST_MESSAGES, `more than ${MAX_UNACKED} messages unacknowledged by the server`);
      throw new OsmosisError('SESSION_CLOSED', `the session closed: more than ${MAX_UNACKED} messages unacknowledged by the server`,
        CloseReason.LOST_MESSAGES.id, this._closeReason);
    }
    const seq = this._nextSeq++;
    const out = { ...message, seq };
    if (this._received > 0) {
      out.ack = this._received;
      this._ackSent = this._received;
    }
    const text = JSON.stringify(out);
    this._unacked.push({ seq, text });
    if (this._live && this._transport) this._transport.send(text);
  }

  /** Sends a request and resolves with the `ok` message (or rejects with the `error` as an OsmosisError). */
  _request(t, fields = {}) {
    return new Promise((resolve, reject) => {
      const id = this._nextId++;
      try {
        this._send({ t, id, ...fields });
      } catch (e) {
        reject(e);
        return;
      }
      this._pending.set(id, { resolve, reject });
    });
  }

  // ---- the Session API ----------------------------------------------------------------------------------------

  getPrincipal() { return this._principal; }

  /** Beyond Diffusion's API: the session's roles as the server granted them. */
  getRoles() { return [...this._roles]; }

  /** Beyond Diffusion's API: the session's properties as the handshake reported them (not kept up to date). */
  getProperties() { return { ...this._properties }; }

  /** One of CONNECTING, CONNECTED_ACTIVE, RECOVERING_RECONNECT, CLOSED_BY_CLIENT, CLOSED_BY_SERVER, CLOSED_FAILED. */
  getState() { return this._state; }

  /** Beyond Diffusion's API: the transport of the current connection, 'WEBSOCKET' or 'HTTP_POLLING' (null if none). */
  getTransport() { return this._transport ? this._transport.name : null; }

  isConnected() { return this._state === SESSION_STATES.CONNECTED_ACTIVE; }

  isClosed() { return this._state.startsWith('CLOSED') || this._closing === true; }

  /** The round trip to the server: resolves with {rtt (ms), timestamp (server time, epoch ms)}. */
  pingServer() {
    const start = performance.now();
    return this._request('ping').then((ok) => ({ rtt: performance.now() - start, timestamp: ok.time }));
  }

  /**
   * Re-authenticates as another principal. Resolves with true; rejects with an OsmosisError
   * AUTHENTICATION_FAILED (2001) if the server refuses, and the session keeps its principal.
   */
  changePrincipal(principal, credentials) {
    return this._request('changePrincipal', { principal: String(principal), credentials: credentials == null ? '' : String(credentials) })
      .then((ok) => {
        this._principal = ok.principal;
        this._roles = ok.roles || [];
        return true;
      });
  }

  /** Closes the session (CLOSED_BY_CLIENT); repeated calls have no effect. Returns this session. */
  close() {
    this.closeSession();
    return this;
  }

  /** Closes the session; resolves with the close reason once it is closed. */
  closeSession() {
    if (this._closeReason) return new Promise(() => {}); // as Diffusion: does not resolve when already closed
    const done = new Promise((resolve) => {
      (this._closeResolvers = this._closeResolvers || []).push(resolve);
    });
    if (!this._closing) {
      if (this._state === SESSION_STATES.CONNECTED_ACTIVE) {
        try {
          this._send({ t: 'close' });
        } catch (e) {
          this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client');
          return done;
        }
        this._closing = true;
        // the server ends the connection; if it does not within 2 s, end it ourselves
        this._closeTimer = setTimeout(() => this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client'), 2000);
      } else {
        // recovering: there is no connection to say it on; the server ends the session at its reconnect timeout
        this._finish(CloseReason.CLOSED_BY_CLIENT, 'closed by the client');
      }
    }
    return done;
  }

  // ---- topics: subscriptions and streams (PROTOCOL §9, seed 003) -------------------------------------------------

  /** Subscribes to topics (strings, selectors, or an array): resolves once the server has answered every one. */
  select(...args) {
    let list;
    try { list = flattenSelectors(args); } catch (e) { return Promise.reject(e); }
    return Promise.all(list.map((s) => this._request('select', { selector: s.expression })))
      .then((oks) => oks.reduce((n, ok) => n + (ok.count || 0), 0));
  }

  /** Unsubscribes (strings, selectors, or an array). */
  unselect(...args) {
    let list;
    try { list = flattenSelectors(args); } catch (e) { return Promise.reject(e); }
    return Promise.all(list.map((s) => this._request('unselect', { selector: s.expression })))
      .then((oks) => oks.reduce((n, ok) => n + (ok.count || 0), 0));
  }

  /**
   * A stream of the values of the topics the selector selects and this session is subscribed to, for one data
   * type (datatypes.any() for all). It first emits `open`, then for every topic already subscribed `subscribe` and
   * its cached value. Events: open, subscribe(topic, specification), value(topic, specification, newValue,
   * oldValue), unsubscribe(topic, specification, reason), close, error.
   */
  addStream(selector, datatype) {
    const parsed = selector instanceof TopicSelector ? selector
      : Array.isArray(selector) ? selectors.parse(selector) : parseOne(selector);
    return this._addStream(new ValueStream(this, parsed, checkType(datatype), false));
  }

  /** A stream for every topic (of the data type) that no other stream of that type receives. */
  addFallbackStream(datatype) {
    return this._addStream(new ValueStream(this, null, checkType(datatype), true));
  }

  _addStream(stream) {
    if (this.isClosed()) throw new OsmosisError('SESSION_CLOSED', 'the session is closed');
    this._streams.add(stream);
    queueMicrotask(() => {
      if (stream._closed) return;
      stream._emit('open');
      for (const entry of this._topics.values()) {
        if (!this._streamsFor(entry, false).includes(stream)) continue;
        stream._emit('subscribe', entry.path, entry.spec);
        if (entry.hasValue) stream._emit('value', entry.path, entry.spec, entry.value, undefined);
      }
    });
    return stream;
  }

  /** The streams that receive a topic's events: those whose selector matches, else the fallback streams. */
  _streamsFor(entry, _unused) {
    const direct = [];
    const fallback = [];
    for (const s of this._streams) {
      if (!s._accepts(entry)) continue;
      (s.fallback ? fallback : direct).push(s);
    }
    return direct.length > 0 ? direct : fallback;
  }

  _onSubscribe(m) {
    const spec = new TopicSpecification(m.type, m.properties || {});
    const entry = { id: m.a, path: m.path, type: m.type, spec, value: undefined, hasValue: false,
      retain: (m.properties || {}).DONT_RETAIN_VALUE !== 'true' };
    this._topics.set(m.a, entry);
    for (const s of this._streamsFor(entry)) s._emit('subscribe', entry.path, spec);
  }

  _onValue(m, patch) {
    const entry = this._topics.get(m.a);
    if (!entry) {
      this._emit('error', new OsmosisError('INVALID_INBOUND_MESSAGE', `a value for topic id ${m.a} before its subscribe`));
      return;
    }
    const datatype = TYPE_BY_TOPIC_TYPE[entry.type];
    const oldValue = entry.hasValue ? entry.value : undefined;
    let newValue;
    if (patch) {
      if (!entry.hasValue || entry.type !== 'JSON') {
        const e = new OsmosisError('INVALID_INBOUND_MESSAGE', `a delta for ${entry.path} without a previous JSON value`);
        this._streamsFor(entry).forEach((s) => s._emit('error', e));
        return;
      }
      newValue = new JSONValue(applyJsonPatch(entry.value.get(), patch));
    } else {
      newValue = datatype ? datatype._decode(m.v) : m.v;
    }
    if (entry.retain) {
      entry.value = newValue;
      entry.hasValue = true;
    }
    for (const s of this._streamsFor(entry)) s._emit('value', entry.path, entry.spec, newValue, oldValue);
  }

  _onUnsubscribe(m) {
    const entry = this._topics.get(m.a);
    if (!entry) return;
    this._topics.delete(m.a);
    for (const s of this._streamsFor(entry)) s._emit('unsubscribe', entry.path, entry.spec, m.reason);
  }

  // ---- fetch and locks ---------------------------------------------------------------------------------------------

  /** An unconfigured fetch request (immutable; each option returns a new one); run it with fetch(selector). */
  fetchRequest() { return new FetchRequest(this); }

  /**
   * Acquires a session lock, waiting behind its owner and earlier waiters: resolves with a SessionLock once this
   * session owns it. `scope` is locks.SessionLockScope.UNLOCK_ON_SESSION_LOSS (the default) or
   * UNLOCK_ON_CONNECTION_LOSS. Rejects PERMISSION_DENIED (3001) without ACQUIRE_LOCK at the name.
   */
  lock(name, scope = SessionLockScope.UNLOCK_ON_SESSION_LOSS) {
    if (!SessionLockScope[scope]) {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', `unknown lock scope '${scope}'`));
    }
    return this._request('lock', { name: String(name), scope }).then((ok) => {
      this._locks.set(ok.name, { sequence: ok.sequence, scope: ok.scope });
      return new SessionLock(this, ok.name, ok.sequence, ok.scope);
    });
  }
}

function safeCall(fn, ...args) {
  if (typeof fn !== 'function') return undefined;
  try { return fn(...args); } catch (e) { console.error('osmosis: a handler threw', e); return undefined; }
}

function checkType(datatype) {
  if (datatype === ANY_TYPE || TOPIC_TYPE_BY_DATATYPE.has(datatype)) return datatype;
  throw new OsmosisError('INVALID_ARGUMENT', 'a stream needs a data type from diffusion.datatypes (json(), string(), int64(), double(), binary() or any())');
}

function unsupportedFeature(what, issue) {
  return new Proxy({}, {
    get(targetObject, property) {
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      return () => { throw notSupported(`${what}.${String(property)}()`, issue); };
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// session.clients (PROTOCOL §8)

class ClientControl {
  constructor(session) { this._session = session; }

  /** The requested properties (keys, PropertyKeys.ALL_FIXED_PROPERTIES / ALL_USER_PROPERTIES) of one session. */
  getSessionProperties(sessionId, keys = [PropertyKeys.ALL_FIXED_PROPERTIES, PropertyKeys.ALL_USER_PROPERTIES]) {
    return this._session._request('getSessionProperties', { session: String(sessionId), keys: [...keys] })
      .then((ok) => ok.properties || {});
  }

  /**
   * Sets user properties (a null value removes one) of one session (a session id) or every session a filter
   * matches (any other string, or {filter}). For a session id resolves with the previous values of the changed
   * keys (null where absent); for a filter with the number of sessions.
   */
  setSessionProperties(sessionOrFilter, properties) {
    const t = target(sessionOrFilter);
    return this._session._request('setSessionProperties', { ...t, properties })
      .then((ok) => (t.session ? (ok.previous || {}) : ok.count));
  }

  /** Changes the roles of one session or every session a filter matches; resolves with the number of sessions. */
  changeRoles(sessionOrFilter, rolesToRemove = [], rolesToAdd = []) {
    return this._session._request('changeRoles', { ...target(sessionOrFilter), remove: [...rolesToRemove], add: [...rolesToAdd] })
      .then((ok) => ok.count);
  }

  /** Closes one session or every session a filter matches (CLOSED_BY_CONTROLLER); resolves with the count. */
  close(sessionOrFilter) {
    return this._session._request('closeSession', target(sessionOrFilter)).then((ok) => ok.count);
  }

  /**
   * Registers a session properties listener: handler {onActive(close), onClose(), onError(e),
   * onSessionOpen(sessionId, properties), onSessionEvent(sessionId, type, properties, previous),
   * onSessionClose(sessionId, properties, reason)}. Resolves with a registration {close()}.
   */
  addSessionPropertiesListener(requiredProperties, handler) {
    const session = this._session;
    const opened = new Set();
    let id = null;
    const registration = {
      close() {
        if (id === null || !session._listeners2.has(id)) return Promise.resolve();
        session._listeners2.delete(id);
        safeCall(handler.onClose);
        return session._request('removeSessionListener', { listener: id }).then(() => undefined, () => undefined);
      },
    };
    const listener = {
      handler,
      event(m) {
        if (m.type === 'OPEN') {
          if (opened.has(m.session)) return; // PROTOCOL §8: an OPEN may come twice
          opened.add(m.session);
          safeCall(handler.onSessionOpen, m.session, m.properties || {});
        } else if (m.type === 'CLOSED') {
          opened.delete(m.session);
          safeCall(handler.onSessionClose, m.session, m.properties || {}, CloseReason[m.reason] || m.reason);
        } else {
          safeCall(handler.onSessionEvent, m.session, m.type, m.properties || {}, m.previous || {});
        }
      },
    };
    const promise = new Promise((resolve, reject) => {
      const requestId = session._nextId; // the listener's events carry this request's id
      id = requestId;
      session._listeners2.set(requestId, listener); // events may arrive right after the ok
      session._request('addSessionListener', { keys: [...requiredProperties] }).then(() => {
        safeCall(handler.onActive, () => registration.close());
        resolve(registration);
      }, (e) => {
        session._listeners2.delete(requestId);
        safeCall(handler.onError, e);
        reject(e);
      });
    });
    return promise;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// session.topics and session.topicUpdate (PROTOCOL §9)

function specOf(typeOrSpec) {
  if (typeOrSpec instanceof TopicSpecification) return typeOrSpec;
  if (typeof typeOrSpec === 'string') return new TopicSpecification(typeOrSpec);
  if (typeOrSpec && TOPIC_TYPE_BY_DATATYPE.has(typeOrSpec)) return new TopicSpecification(TOPIC_TYPE_BY_DATATYPE.get(typeOrSpec));
  if (typeOrSpec && typeOrSpec.type) return new TopicSpecification(typeOrSpec.type, typeOrSpec.properties || {});
  throw new OsmosisError('INVALID_ARGUMENT', 'a topic needs a TopicType or a TopicSpecification');
}

class TopicControl {
  constructor(session) { this._session = session; }

  /** Adds a topic: resolves with {topic, added} (added false when an equal topic already existed). */
  add(path, typeOrSpec) {
    let spec;
    try { spec = specOf(typeOrSpec); } catch (e) { return Promise.reject(e); }
    const fields = { path: String(path), type: spec.type };
    if (Object.keys(spec.properties).length > 0) fields.properties = spec.properties;
    return this._session._request('addTopic', fields).then((ok) => ({ topic: String(path), added: ok.result === 'ADDED' }));
  }

  /** Removes the topics a selector selects: resolves with {removedCount}. */
  remove(selector) {
    let s;
    try { s = selector instanceof TopicSelector ? selector : parseOne(selector); } catch (e) { return Promise.reject(e); }
    return this._session._request('removeTopics', { selector: s.expression }).then((ok) => ({ removedCount: ok.count }));
  }

  /**
   * Handles selections of missing topics in a path branch: handler {onRegister(path, deregister),
   * onMissingTopic(notification), onClose(path), onError(path, error)}. A notification has `path` (the
   * selector's literal prefix), `selector` (a TopicSelector), `sessionId` (the selecting session),
   * `sessionProperties` (those asked for in `sessionProperties`), `proceed()` and `cancel()`. Resolves with a
   * registration {path, close()}; rejects HANDLER_CONFLICT (4009) if another session handles the branch.
   */
  addMissingTopicHandler(path, handler, sessionProperties = []) {
    const session = this._session;
    if (!handler || typeof handler.onMissingTopic !== 'function') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', 'a missing topic handler needs onMissingTopic(notification)'));
    }
    const fields = { path: String(path) };
    if ([...sessionProperties].length > 0) fields.properties = [...sessionProperties];
    if (!this._missing) this._missing = new Map();
    const reg = { handler, branch: canonicalPath(path) };
    const old = this._missing.get(reg.branch);
    this._missing.set(reg.branch, reg); // in place before the request: a notification may arrive before the answer
    return session._request('addMissingTopicHandler', fields).then((ok) => {
      if (ok.path && ok.path !== reg.branch) {
        this._missing.delete(reg.branch);
        reg.branch = ok.path;
        this._missing.set(reg.branch, reg);
      }
      const branch = reg.branch;
      if (old && old !== reg) safeCall(old.handler.onClose, branch);
      const registration = {
        path: branch,
        close: () => {
          if (this._missing.get(branch) !== reg) return Promise.resolve(false);
          this._missing.delete(branch);
          safeCall(handler.onClose, branch);
          return session._request('removeMissingTopicHandler', { path: branch }).then((r) => r.removed === true, () => false);
        },
      };
      safeCall(handler.onRegister, branch, () => registration.close());
      return registration;
    }, (e) => {
      if (this._missing.get(reg.branch) === reg) {
        if (old) this._missing.set(reg.branch, old); else this._missing.delete(reg.branch);
      }
      safeCall(handler.onError, String(path), e);
      throw e;
    });
  }

  _onMissingTopic(m) {
    const reg = this._missing && this._missing.get(m.handler);
    const session = this._session;
    let answered = false;
    const answer = (action) => {
      if (answered) return;
      answered = true;
      try { session._send({ t: 'missingTopicResponse', rid: m.rid, action }); } catch (e) { /* closed: the server ends the wait */ }
    };
    if (!reg) { answer('CANCEL'); return; }
    let selector;
    try { selector = parseOne(m.selector); } catch (e) { selector = m.selector; }
    const notification = Object.freeze({
      path: m.path, selector, sessionId: m.session, sessionID: m.session, sessionProperties: m.properties || {},
      proceed: () => answer('PROCEED'),
      cancel: () => answer('CANCEL'),
    });
    try {
      reg.handler.onMissingTopic(notification);
    } catch (e) {
      console.error('osmosis: a missing topic handler threw; cancelling', e);
      answer('CANCEL');
      safeCall(reg.handler.onError, reg.branch, e);
    }
  }

  _close() {
    if (!this._missing) return;
    for (const reg of this._missing.values()) safeCall(reg.handler.onClose, reg.branch);
    this._missing.clear();
  }
}

function encodeValue(datatype, value) {
  const type = TOPIC_TYPE_BY_DATATYPE.get(datatype);
  if (!type) throw new OsmosisError('INVALID_ARGUMENT', 'an update needs a data type from diffusion.datatypes');
  return { type, v: datatype._encode(value) };
}

class TopicUpdate {
  constructor(session) { this._session = session; }

  /**
   * Sets a topic's value: resolves once the server accepted it. `options.constraint` (from updateConstraints())
   * is checked by the server atomically with the update (else it rejects with UNSATISFIED_CONSTRAINT, code 4012);
   * `options.specification` adds the topic first if it does not exist (as addAndSet).
   */
  set(path, datatype, value, options = {}) {
    if (options && options.specification) {
      return this.addAndSet(path, options.specification, datatype, value, options.constraint).then(() => undefined);
    }
    let wire;
    try { wire = encodeValue(datatype, value); } catch (e) { return Promise.reject(e); }
    const fields = { path: String(path), ...wire };
    if (options && options.constraint) fields.constraint = constraintWire(options.constraint);
    return this._session._request('set', fields).then(() => undefined);
  }

  /**
   * Adds the topic if it does not exist, then sets its value, in one request: resolves with {topic, added}.
   * `specification` is a TopicType or a TopicSpecification whose type matches the data type.
   */
  addAndSet(path, specification, datatype, value, constraint) {
    let wire;
    let spec;
    try {
      spec = specOf(specification);
      wire = encodeValue(datatype, value);
    } catch (e) {
      return Promise.reject(e);
    }
    const fields = { path: String(path), ...wire, type: spec.type };
    if (Object.keys(spec.properties).length > 0) fields.properties = spec.properties;
    if (constraint) fields.constraint = constraintWire(constraint);
    return this._session._request('addAndSet', fields).then((ok) => ({ topic: String(path), added: ok.result === 'ADDED' }));
  }

  /** An update stream for a topic (see UpdateStream); `options.constraint` and `options.specification` as for set. */
  createUpdateStream(path, datatype, options = {}) {
    return new UpdateStream(this, String(path), datatype, options.constraint || null, options.specification || null);
  }

  /** Diffusion's builder form: newUpdateStreamBuilder().constraint(c).specification(s).build(path, datatype). */
  newUpdateStreamBuilder() {
    const update = this;
    const state = { constraint: null, specification: null };
    const builder = {
      constraint(c) { state.constraint = c; return builder; },
      specification(s) { state.specification = s; return builder; },
      build(path, datatype) { return new UpdateStream(update, String(path), datatype, state.constraint, state.specification); },
    };
    return builder;
  }

  /**
   * Applies an RFC 6902 JSON Patch (an array, or its JSON text) to a JSON topic's value at the server, atomically,
   * if `constraint` holds; a patch that does not apply rejects with INVALID_ARGUMENT (4001).
   */
  applyJsonPatch(path, patch, constraint) {
    let operations;
    try {
      operations = typeof patch === 'string' ? JSON.parse(patch) : patch;
      if (!Array.isArray(operations)) throw new OsmosisError('INVALID_ARGUMENT', 'a JSON Patch is an array of operations');
    } catch (e) {
      return Promise.reject(e instanceof OsmosisError ? e : new OsmosisError('INVALID_ARGUMENT', `not a JSON Patch: ${e.message}`));
    }
    const fields = { path: String(path), patch: operations };
    if (constraint) fields.constraint = constraintWire(constraint);
    return this._session._request('applyJsonPatch', fields).then(() => undefined);
  }
}

/**
 * Successive updates of one topic from this session. The first set is checked against the stream's constraint
 * (and adds the topic if a specification was given); each later one requires the value this stream set last, so
 * an update by anyone else in between invalidates the stream: that set rejects (4012) and every later one too.
 */
class UpdateStream {
  constructor(update, path, datatype, constraint, specification) {
    this._update = update;
    this._path = path;
    this._datatype = datatype;
    this._constraint = constraint;
    this._specification = specification;
    this._started = false;
    this._last = undefined;
    this._error = null;
  }

  set(value) {
    if (this._error) return Promise.reject(this._error);
    const check = this._started ? updateConstraints().value(this._last, this._datatype) : this._constraint;
    const first = !this._started;
    this._started = true;
    this._last = value;
    const done = first && this._specification
      ? this._update.addAndSet(this._path, this._specification, this._datatype, value, check || undefined)
      : this._update.set(this._path, this._datatype, value, check ? { constraint: check } : {});
    return done.then(() => undefined, (e) => { this._error = e; throw e; });
  }

  get() { return this._last; }

  /** Whether no set has failed yet. */
  validate() { return this._error === null; }
}

/** A condition on a topic update, checked by the server with the update (PROTOCOL §9 "Update constraints"). */
class UpdateConstraint {
  constructor(wire) { this._wire = wire; }

  /** This constraint and another. */
  and(other) {
    const parts = [];
    for (const c of [this, other]) {
      if (c._wire.and) parts.push(...c._wire.and); else parts.push(c._wire);
    }
    return new UpdateConstraint({ and: parts });
  }
}

class JsonValueConstraint extends UpdateConstraint {
  constructor(withValues, without) {
    super({ json: { with: withValues, without } });
    this._with = withValues;
    this._without = without;
  }

  /** The value at the JSON pointer equals `value` (a plain value or a JSON value from datatypes.json()). */
  with(pointer, value) {
    const plain = value instanceof JSONValue ? value.get() : value;
    return new JsonValueConstraint({ ...this._with, [pointer]: plain }, this._without);
  }

  /** There is no value at the JSON pointer. */
  without(pointer) { return new JsonValueConstraint(this._with, [...this._without, pointer]); }
}

function constraintWire(constraint) {
  if (!(constraint instanceof UpdateConstraint)) {
    throw new OsmosisError('INVALID_ARGUMENT', 'a constraint comes from diffusion.updateConstraints()');
  }
  return constraint._wire;
}

const UPDATE_CONSTRAINTS = Object.freeze({
  /** The topic's current value is `value` (of `datatype`, or the type its JavaScript type suggests). */
  value(value, datatype) {
    return new UpdateConstraint({ value: wireValue(value, optionalType(datatype, 'datatype')).v });
  },
  /** The topic exists and has no value. */
  noValue() { return new UpdateConstraint({ noValue: true }); },
  /** No topic exists at the path (for addAndSet: add and set only if nobody added it). */
  noTopic() { return new UpdateConstraint({ noTopic: true }); },
  /** The updating session holds this session lock. */
  locked(lock) { return new UpdateConstraint({ locked: { name: lock.getName(), sequence: lock.getSequence() } }); },
  /** Constraints on parts of a JSON value, by JSON pointer: .with(pointer, value) / .without(pointer). */
  jsonValue() { return new JsonValueConstraint({}, []); },
});

/** The update constraint factory, as Diffusion's diffusion.updateConstraints(). */
export function updateConstraints() { return UPDATE_CONSTRAINTS; }

// ---------------------------------------------------------------------------------------------------------------
// Values of requests and responses (PROTOCOL §10 "Values")

function isDataType(x) { return TOPIC_TYPE_BY_DATATYPE.has(x); }

/** The data type a value is sent as when none is given: string, int64 (integers, BigInt), double, binary, else json. */
function datatypeOfValue(value) {
  if (value instanceof JSONValue) return JSON_TYPE;
  if (typeof value === 'string') return STRING_TYPE;
  if (typeof value === 'bigint') return INT64_TYPE;
  if (typeof value === 'number') return Number.isInteger(value) ? INT64_TYPE : DOUBLE_TYPE;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return BINARY_TYPE;
  return JSON_TYPE;
}

function optionalType(datatype, what) {
  if (datatype === undefined || datatype === null || datatype === ANY_TYPE) return null;
  const t = typeof datatype === 'string' ? datatypes.get(datatype) : datatype;
  if (t === ANY_TYPE) return null;
  if (!isDataType(t)) throw new OsmosisError('INVALID_ARGUMENT', `${what} must be a data type from diffusion.datatypes`);
  return t;
}

/** {type, v} for a value, of the given data type or the one its JavaScript type suggests. */
function wireValue(value, datatype) {
  const t = datatype || datatypeOfValue(value);
  try {
    return { type: TOPIC_TYPE_BY_DATATYPE.get(t), v: t._encode(value) };
  } catch (e) {
    throw new OsmosisError('INVALID_ARGUMENT', `${String(value).slice(0, 40)} is not a ${t.name()} value: ${e.message}`, 4001);
  }
}

function decodeWire(type, v) {
  const t = TYPE_BY_TOPIC_TYPE[type];
  return t ? t._decode(v) : v;
}

/** A received value as the data type asked for (null: as it came). */
function receivedAs(type, v, wanted) {
  if (!wanted) return decodeWire(type, v);
  const want = TOPIC_TYPE_BY_DATATYPE.get(wanted);
  if (want === type) return decodeWire(type, v);
  if (want === 'STRING' && type === 'JSON') return JSON.stringify(v);
  if (want === 'JSON' && type !== 'BINARY') return new JSONValue(decodeWire(type, v));
  throw new OsmosisError('INVALID_ARGUMENT', `a ${type} value where ${want} was expected`, 4001);
}

function errorOf(m) {
  return new OsmosisError(ERROR_BY_CODE.get(m.code) || 'ERROR', m.message, m.code === undefined ? null : m.code);
}

// ---------------------------------------------------------------------------------------------------------------
// session.messages (PROTOCOL §10, docs/MESSAGING.md)

class Messaging {
  constructor(session) {
    this._session = session;
    this._handlers = new Map(); // canonical branch -> {handler, requestType, responseType}
    this._streams = new Map(); // canonical path -> {stream, requestType, responseType}
    this._filterRequests = new Map(); // request id -> {handler, responseType, count, received}
  }

  /**
   * Registers a handler for the requests sent to a path branch: handler {onRequest(request, context, responder),
   * onError(error), onClose()}; `context` is {sessionId, path, sessionProperties}; `responder` {respond(value),
   * reject(message)}. `sessionProperties` are the sender's property keys to receive. Resolves with a
   * registration {close()}; rejects HANDLER_CONFLICT (4009) if the path already has a handler.
   */
  addRequestHandler(path, handler, sessionProperties = [], requestType, responseType) {
    const session = this._session;
    let reg;
    try {
      if (!handler || typeof handler.onRequest !== 'function') throw new OsmosisError('INVALID_ARGUMENT', 'a request handler needs onRequest(request, context, responder)');
      if (isDataType(sessionProperties) || sessionProperties === ANY_TYPE || typeof sessionProperties === 'string') {
        [sessionProperties, requestType, responseType] = [[], sessionProperties, requestType];
      }
      reg = { handler, requestType: optionalType(requestType, 'the request type'), responseType: optionalType(responseType, 'the response type'), path: canonicalPath(path) };
    } catch (e) {
      return Promise.reject(e);
    }
    const fields = { path: String(path) };
    if (sessionProperties && [...sessionProperties].length > 0) fields.properties = [...sessionProperties];
    if (this._handlers.has(reg.path)) {
      return Promise.reject(new OsmosisError('HANDLER_CONFLICT', `this session already has a request handler at ${reg.path}`, 4009));
    }
    this._handlers.set(reg.path, reg); // in place before the request: a request may arrive before the answer
    return session._request('addRequestHandler', fields).then((ok) => {
      if (ok.path && ok.path !== reg.path) {
        this._handlers.delete(reg.path);
        reg.path = ok.path;
        this._handlers.set(reg.path, reg);
      }
      return {
        path: reg.path,
        close: () => {
          if (this._handlers.get(reg.path) !== reg) return Promise.resolve(false);
          this._handlers.delete(reg.path);
          safeCall(handler.onClose);
          return session._request('removeRequestHandler', { path: reg.path }).then((r) => r.removed === true, () => false);
        },
      };
    }, (e) => {
      if (this._handlers.get(reg.path) === reg) this._handlers.delete(reg.path);
      safeCall(handler.onError, e);
      throw e;
    });
  }

  /**
   * Sends a request and resolves with the response. `sendRequest(path, request[, requestType[, responseType]])`
   * reaches the handler of the path; `sendRequest(path, request, sessionId[, requestType[, responseType]])` the
   * request stream of that session for the path. Without a request type, it follows the value: string, int64
   * (integers and BigInt), double, binary (Uint8Array), json (anything else).
   */
  sendRequest(path, request, ...rest) {
    let fields;
    let responseType;
    try {
      let target = null;
      if (rest.length > 0 && !isDataType(rest[0]) && rest[0] !== ANY_TYPE && rest[0] !== undefined && rest[0] !== null
          && !(typeof rest[0] === 'string' && !SESSION_ID.test(rest[0]) && /^(json|string|int64|double|binary|any)$/i.test(rest[0]))) {
        target = rest.shift();
        if (target && typeof target === 'object') target = target.session !== undefined ? target.session : String(target);
      } else if (rest.length > 0 && (rest[0] === undefined || rest[0] === null) && rest.length > 1) {
        rest.shift();
      }
      const requestType = optionalType(rest[0], 'the request type');
      responseType = optionalType(rest[1], 'the response type');
      fields = { path: String(path), ...wireValue(request, requestType) };
      if (target !== null) fields.session = String(target);
    } catch (e) {
      return Promise.reject(e);
    }
    return this._session._request('sendRequest', fields).then((ok) => receivedAs(ok.type, ok.v, responseType));
  }

  /**
   * Sends a request to the request stream (for the path) of every session the filter matches. Resolves with the
   * number of sessions addressed; `responseHandler` {onResponse(sessionId, response), onResponseError(sessionId,
   * error)} then hears exactly one answer from each.
   */
  sendRequestToFilter(filter, path, request, responseHandler, requestType, responseType) {
    const session = this._session;
    let fields;
    let entry;
    try {
      if (!responseHandler || typeof responseHandler.onResponse !== 'function') {
        throw new OsmosisError('INVALID_ARGUMENT', 'a filter request needs a handler {onResponse(sessionId, response), onResponseError(sessionId, error)}');
      }
      fields = { filter: String(filter), path: String(path), ...wireValue(request, optionalType(requestType, 'the request type')) };
      entry = { handler: responseHandler, responseType: optionalType(responseType, 'the response type'), count: null, received: 0 };
    } catch (e) {
      return Promise.reject(e);
    }
    const id = session._nextId; // the answers carry this request's id and may follow its ok at once
    this._filterRequests.set(id, entry);
    return session._request('sendRequestToFilter', fields).then((ok) => {
      entry.count = ok.count || 0;
      if (entry.received >= entry.count) this._filterRequests.delete(id);
      return entry.count;
    }, (e) => {
      this._filterRequests.delete(id);
      throw e;
    });
  }

  /**
   * Sets the stream for requests sent to this session at exactly the path: stream {onRequest(path, request,
   * responder), onError(error), onClose()}. Returns the stream it replaces, if any.
   */
  setRequestStream(path, stream, requestType, responseType) {
    if (!stream || typeof stream.onRequest !== 'function') {
      throw new OsmosisError('INVALID_ARGUMENT', 'a request stream needs onRequest(path, request, responder)');
    }
    const key = canonicalPath(path);
    const old = this._streams.get(key);
    this._streams.set(key, { stream, requestType: optionalType(requestType, 'the request type'), responseType: optionalType(responseType, 'the response type') });
    if (old) safeCall(old.stream.onClose);
    return old ? old.stream : undefined;
  }

  /** Removes the request stream of a path: returns it (its onClose is called), or undefined. */
  removeRequestStream(path) {
    const key = canonicalPath(path);
    const old = this._streams.get(key);
    if (!old) return undefined;
    this._streams.delete(key);
    safeCall(old.stream.onClose);
    return old.stream;
  }

  _onRequest(m) {
    const session = this._session;
    const rid = m.rid;
    let answered = false;
    const send = (message) => {
      if (answered) return false;
      answered = true;
      try { session._send(message); } catch (e) { return false; }
      return true;
    };
    const reject = (message, code) => {
      const out = { t: 'responseError', rid, message: String(message === undefined ? 'rejected' : message) };
      if (code) out.code = code;
      return send(out);
    };
    const viaHandler = m.handler !== undefined && m.handler !== null;
    const reg = viaHandler ? this._handlers.get(m.handler) : this._streams.get(canonicalPath(m.path));
    if (!reg) {
      reject(viaHandler ? `no request handler for ${m.handler} in this session`
        : `session ${session.sessionId} has no request stream for ${m.path}`, 4004);
      return;
    }
    let request;
    try {
      request = receivedAs(m.type, m.v, reg.requestType);
    } catch (e) {
      reject(e.message, 4001);
      return;
    }
    const responder = {
      respond(response) {
        let wire;
        try {
          wire = wireValue(response, reg.responseType);
        } catch (e) {
          reject(e.message, 4001);
          throw e;
        }
        return send({ t: 'response', rid, ...wire });
      },
      reject(message) { return reject(message); },
    };
    try {
      if (viaHandler) {
        reg.handler.onRequest(request, { sessionId: m.session, path: m.path, sessionProperties: m.properties || {} }, responder);
      } else {
        reg.stream.onRequest(m.path, request, responder);
      }
    } catch (e) {
      reject(e && e.message ? e.message : String(e));
      safeCall(viaHandler ? reg.handler.onError : reg.stream.onError, e);
    }
  }

  _onFilterResponse(m) {
    const entry = this._filterRequests.get(m.id);
    if (!entry) return;
    entry.received++;
    if (entry.count !== null && entry.received >= entry.count) this._filterRequests.delete(m.id);
    if (m.t === 'filterResponse') {
      let response;
      try {
        response = receivedAs(m.type, m.v, entry.responseType);
      } catch (e) {
        safeCall(entry.handler.onResponseError, m.session, e);
        return;
      }
      safeCall(entry.handler.onResponse, m.session, response);
    } else {
      safeCall(entry.handler.onResponseError, m.session, errorOf(m));
    }
  }

  _close() {
    for (const reg of this._handlers.values()) safeCall(reg.handler.onClose);
    for (const reg of this._streams.values()) safeCall(reg.stream.onClose);
    this._handlers.clear();
    this._streams.clear();
    this._filterRequests.clear();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Session locks (PROTOCOL §10 "Session locks")

class SessionLock {
  constructor(session, name, sequence, scope) {
    this._session = session;
    this._name = name;
    this._sequence = sequence;
    this._scope = scope;
  }

  getName() { return this._name; }

  /** The server-wide number of this acquisition: a later acquisition of any lock has a greater one. */
  getSequence() { return this._sequence; }

  getScope() { return this._scope; }

  /** Whether the session still owns the lock with this sequence (false after unlock() or once closed). */
  isOwned() {
    const held = this._session._locks.get(this._name);
    return !this._session.isClosed() && held !== undefined && held.sequence === this._sequence;
  }

  /** Releases the lock: resolves true if it was released, false if this session did not own it (any more). */
  unlock() {
    const session = this._session;
    return session._request('unlock', { name: this._name, sequence: this._sequence }).then((ok) => {
      const held = session._locks.get(this._name);
      if (held && held.sequence === this._sequence) session._locks.delete(this._name);
      return ok.released === true;
    });
  }

  toString() { return `SessionLock(${this._name}, ${this._sequence}, ${this._scope})`; }
}

// ---------------------------------------------------------------------------------------------------------------
// Fetch (PROTOCOL §9 "Fetch")

class TopicResult {
  constructor(entry, datatype) {
    this._path = entry.path;
    this._type = entry.type;
    this._hasValue = Object.prototype.hasOwnProperty.call(entry, 'v');
    this._value = this._hasValue ? receivedAs(entry.type, entry.v, datatype) : undefined;
    this._spec = new TopicSpecification(entry.type, entry.properties || {});
  }

  path() { return this._path; }

  type() { return this._type; }

  /** The value (when fetched withValues and the topic has one; else undefined), as the data type decodes it. */
  value() { return this._value; }

  /** The type and, when fetched withProperties(), the properties. */
  specification() { return this._spec; }
}

class FetchResult {
  constructor(results, hasMore) {
    this._results = Object.freeze(results);
    this._hasMore = hasMore;
  }

  /** The results in path order. */
  results() { return this._results; }

  /** Whether first/last or the size limit left out a matching topic. */
  hasMore() { return this._hasMore; }

  size() { return this._results.length; }

  isEmpty() { return this._results.length === 0; }
}

function positive(n, what) {
  const v = Number(n);
  if (!Number.isInteger(v) || v < 1) throw new OsmosisError('INVALID_ARGUMENT', `${what} must be a positive integer, not ${n}`);
  return v;
}

/** An immutable fetch request: every option returns a new request. */
class FetchRequest {
  constructor(session, options = {}) {
    this._session = session;
    this._options = Object.freeze(options);
  }

  _with(changes) { return new FetchRequest(this._session, { ...this._options, ...changes }); }

  /** Only topics at or after the path (in path order). */
  from(path) { return this._with({ from: String(path), after: undefined }); }

  /** Only topics after the path. */
  after(path) { return this._with({ after: String(path), from: undefined }); }

  /** Only topics at or before the path. */
  to(path) { return this._with({ to: String(path), before: undefined }); }

  /** Only topics before the path. */
  before(path) { return this._with({ before: String(path), to: undefined }); }

  /** Only topics of these types (an array or Set of TopicType). */
  topicTypes(types) {
    const list = [...(types || [])].map((t) => String(t).toUpperCase());
    if (list.length === 0) throw new OsmosisError('INVALID_ARGUMENT', 'topicTypes needs at least one type');
    return this._with({ types: list });
  }

  /** Include values; a data type other than datatypes.any() also keeps only the topics of that type. */
  withValues(datatype = ANY_TYPE) {
    const t = optionalType(datatype, 'withValues');
    return this._with({ values: t ? TOPIC_TYPE_BY_DATATYPE.get(t) : true, valueType: t });
  }

  /** Include each topic's properties. */
  withProperties() { return this._with({ properties: true }); }

  /** Only the first n results of the range. */
  first(n) { return this._with({ first: positive(n, 'first'), last: undefined }); }

  /** Only the last n results of the range (still in path order). */
  last(n) { return this._with({ last: positive(n, 'last'), first: undefined }); }

  /** Stop before the result that would take the UTF-8 bytes of paths and values past this (server cap 1 MiB). */
  maximumResultSize(bytes) { return this._with({ maxResultSize: positive(bytes, 'maximumResultSize') }); }

  /** At most `deepBranchLimit` results in each branch rooted `deepBranchDepth` segments deep. */
  limitDeepBranches(deepBranchDepth, deepBranchLimit) {
    return this._with({ deepBranchDepth: positive(deepBranchDepth, 'deepBranchDepth'), deepBranchLimit: positive(deepBranchLimit, 'deepBranchLimit') });
  }

  /** Runs the request for a selector (string, TopicSelector or array): resolves with a FetchResult. */
  fetch(selector) {
    let fields;
    try {
      const s = selector instanceof TopicSelector ? selector : Array.isArray(selector) ? selectors.parse(selector) : parseOne(selector);
      fields = { selector: s.expression };
      for (const [k, v] of Object.entries(this._options)) {
        if (v !== undefined && k !== 'valueType') fields[k] = v;
      }
    } catch (e) {
      return Promise.reject(e);
    }
    const datatype = this._options.valueType || null;
    return this._session._request('fetch', fields)
      .then((ok) => new FetchResult((ok.results || []).map((r) => new TopicResult(r, datatype)), ok.hasMore === true));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// session.notifications (PROTOCOL §9 "Topic notifications")

const TopicNotificationType = Object.freeze({ ADDED: 'ADDED', SELECTED: 'SELECTED', REMOVED: 'REMOVED', DESELECTED: 'DESELECTED' });

class TopicNotifications {
  constructor(session) {
    this._session = session;
    this._listeners = new Set();
  }

  /**
   * Adds a listener {onTopicNotification(path, specification, type), onClose(), onError(error)}: resolves with a
   * registration {select(selector), deselect(selector), close()}. Selections belong to the session: every
   * listener hears every selection's notifications.
   */
  addListener(listener) {
    if (!listener || typeof listener.onTopicNotification !== 'function') {
      return Promise.reject(new OsmosisError('INVALID_ARGUMENT', 'a listener needs onTopicNotification(path, specification, type)'));
    }
    if (this._session.isClosed()) return Promise.reject(new OsmosisError('SESSION_CLOSED', 'the session is closed'));
    this._listeners.add(listener);
    return Promise.resolve({
      select: (selector) => this.select(selector),
      deselect: (selector) => this.deselect(selector),
      close: () => {
        if (this._listeners.delete(listener)) safeCall(listener.onClose);
        return Promise.resolve();
      },
    });
  }

  /** Adds a notification selection: resolves with the number of topics notified as SELECTED. */
  select(selector) { return this._change('selectNotifications', selector); }

  /** Removes a notification selection: resolves with the number of topics notified as DESELECTED. */
  deselect(selector) { return this._change('deselectNotifications', selector); }

  _change(t, selector) {
    let s;
    try { s = selector instanceof TopicSelector ? selector : parseOne(selector); } catch (e) { return Promise.reject(e); }
    return this._session._request(t, { selector: s.expression }).then((ok) => ok.count || 0);
  }

  _onNotification(m) {
    const spec = new TopicSpecification(m.type, m.properties || {});
    const type = TopicNotificationType[m.event] || m.event;
    for (const l of [...this._listeners]) safeCall(l.onTopicNotification.bind(l), m.path, spec, type);
  }

  _close() {
    for (const l of this._listeners) safeCall(l.onClose);
    this._listeners.clear();
  }
}

export const topicNotifications = Object.freeze({ TopicNotificationType });

export { Session, ValueStream, TopicSelector, TopicSpecification, JSONValue, SessionLock, FetchRequest, FetchResult,
  TopicResult, SESSION_STATES as SessionState };
