// @ts-check
// Connecting: the options of connect() and the first connection's retries.

import { OsmosisError } from './errors.js';
import { logger } from './log.js';
import { pageLocation } from './page.js';
import { Session } from './session.js';

/** @typedef {import('../osmosis.js').Options} Options */
/** @typedef {import('../osmosis.js').ReconnectionStrategy} ReconnectionStrategy */

/**
 * The options of a session, defaults filled in.
 * @typedef {Omit<Options, 'transports' | 'initialRetryStrategy' | 'retry'> & { host: string, port: number,
 *   secure: boolean, path: string, transports: Array<'WEBSOCKET' | 'HTTP_POLLING'>,
 *   retry: { attempts: number, interval: number }, connectionTimeout: number, livenessTimeout: number }} SessionOptions
 */

/** @typedef {{ enabled: boolean, timeout: number | null, strategy: ReconnectionStrategy }} ReconnectOption */

/** One server: its WebSocket and polling URLs. @typedef {{ url: string, pollUrl: string }} ServerUrls */

/**
 * What connect() makes of its argument: the WebSocket and polling URLs (of the first server), every server of the
 * list in order (one when there is no `servers` option), the options and the reconnect option.
 * @typedef {{ url: string, pollUrl: string, servers: ServerUrls[], options: SessionOptions,
 *   reconnect: ReconnectOption }} ResolvedOptions
 */

const WEBSOCKET_NAMES = new Set(['WEBSOCKET', 'WS']);
const POLLING_NAMES = new Set(['XHR', 'HTTP_POLLING', 'HTTP_LONG_POLL', 'POLLING']);

/** The default reconnection strategy: wait 100 ms, then twice as long before each further attempt, at most 5 s. */
/** @type {ReconnectionStrategy} */
function backoff(start, abort, attempt) {
  setTimeout(start, Math.min(5000, 100 * 2 ** Math.min(attempt, 10)));
}

/**
 * @template {number | null} F
 * @param {unknown} value
 * @param {string} what
 * @param {F} fallback
 * @returns {number | F}
 */
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
/**
 * @param {Options['reconnect']} value
 * @returns {ReconnectOption}
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
 * Reads a host ('example.com', 'example.com:8080') or a URL ('ws://host:8080/path') into `options`' secure, host,
 * port and path (only those the text gives).
 * @param {string} text
 * @param {Record<string, any>} options
 */
function readServer(text, options) {
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

/**
 * Fills in the defaults of secure, host, port and path (from the page, else localhost:80) and returns the URLs.
 * @param {Record<string, any>} options
 * @returns {ServerUrls}
 */
function serverUrls(options) {
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
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return {
    url: `${options.secure ? 'wss' : 'ws'}://${host}:${options.port}${options.path}`,
    pollUrl: `${options.secure ? 'https' : 'http'}://${host}:${options.port}${options.path}/poll`,
  };
}

/**
 * The `servers` option: each entry a host ('node2', 'node2:8080'), a URL ('wss://node2:8443') or {host, port,
 * secure, path}; what an entry leaves out comes from the session's own secure, port and path options, else the
 * defaults of a single server.
 * @param {Record<string, any>} options
 * @returns {ServerUrls[] | null} null without the option
 */
function serverList(options) {
  const list = options.servers;
  if (list === undefined || list === null) return null;
  if (!Array.isArray(list) || list.length === 0) {
    throw new OsmosisError('INVALID_ARGUMENT', 'servers must be a non-empty array of hosts, URLs or {host, port, secure, path}');
  }
  return list.map((entry) => {
    // a URL gives its scheme and port (or the scheme's default); a bare host takes the options' secure and port
    const isUrl = typeof entry === 'string' && /^(wss?|https?):\/\//i.test(entry);
    /** @type {Record<string, any>} */
    const server = isUrl ? { path: options.path } : { secure: options.secure, port: options.port, path: options.path };
    if (typeof entry === 'string') {
      readServer(entry, server);
    } else if (entry && typeof entry === 'object' && entry.host) {
      for (const key of ['host', 'port', 'secure', 'path']) if (entry[key] !== undefined) server[key] = entry[key];
    } else {
      throw new OsmosisError('INVALID_ARGUMENT', `cannot read server ${JSON.stringify(entry)} (a host, a URL or {host, port, secure, path})`);
    }
    return serverUrls(server);
  });
}

/**
 * Resolves connect()'s argument into {url, servers, options} (the options with defaults filled in).
 * @param {string | Options | undefined} urlOrOptions
 * @returns {ResolvedOptions}
 */
function resolveOptions(urlOrOptions) {
  /** @type {Record<string, any>} */
  const options = typeof urlOrOptions === 'string' ? {} : { ...(urlOrOptions || {}) };
  if (typeof urlOrOptions === 'string') readServer(urlOrOptions, options);
  const listed = serverList(options);
  const { url, pollUrl } = serverUrls(options);
  const servers = listed || [{ url, pollUrl }];
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
  return {
    url: servers[0].url, pollUrl: servers[0].pollUrl, servers,
    options: /** @type {SessionOptions} */ (options), reconnect: reconnectOption(options.reconnect),
  };
}

/**
 * Opens a session. `urlOrOptions` is a host ('example.com', 'example.com:8080'), a URL ('ws://host:8080'), or
 * options {host, port, secure, path, servers, principal, credentials, properties, transports, initialRetryStrategy
 * (alias retry), reconnect, connectionTimeout, livenessTimeout}. `servers` (a list of hosts, URLs or {host, port,
 * secure, path}) is tried in order on opening; a lost session reconnects to its server first, then to the others. Resolves with the connected Session; rejects with an
 * OsmosisError carrying the close reason (ACCESS_DENIED for a wrong password, HANDSHAKE_REJECTED,
 * CONNECTION_ERROR, CONNECTION_TIMEOUT, ...).
 * @param {string | Options} [urlOrOptions]
 * @returns {Promise<Session>}
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
      logger.info(`connecting to ${resolved.servers.map((s) => s.url).join(', ')} (${options.transports.join(', ')})${attempt > 1 ? `, attempt ${attempt}` : ''}`);
      const session = new Session(resolved);
      session._open().then(resolve, (error) => {
        // only a failure to reach the server is retried; the server's refusal is an answer
        const name = error.closeReason ? error.closeReason.name : null;
        const retryable = name === 'CONNECTION_ERROR' || name === 'CONNECTION_TIMEOUT';
        if (retryable && attempt <= options.retry.attempts) {
          logger.warn(`could not connect (${error.message}); retrying in ${options.retry.interval} ms`);
          setTimeout(tryOnce, options.retry.interval);
        } else {
          reject(error);
        }
      });
    };
    tryOnce();
  });
}
