// @ts-check
// The session's connection: handshake, transports and their cascading, sequencing and acknowledgement, recovery
// by reconnection (PROTOCOL §12, docs/RECONNECTION.md), liveness, requests and their answers. The Session (session.js)
// adds the API and the features on top of it.

import { CLOSE_BY_WS_CODE, CloseReason, OsmosisError } from './errors.js';
import { Emitter } from './emitter.js';
import { logger } from './log.js';
import { trackPageSession, untrackPageSession } from './page.js';
import { Requests } from './requests.js';
import { MAX_UNACKED, Sequencing } from './sequencing.js';
import { SessionId } from './session-id.js';
import { PollingTransport, WebSocketTransport } from './transports.js';

/** @typedef {import('./errors.js').CloseReasonValue} CloseReasonValue */
/** @typedef {import('./transports.js').Transport} Transport */
/** A message of the protocol, as parsed from its JSON (PROTOCOL §3). @typedef {Record<string, any>} Wire */
/** @typedef {ReturnType<typeof setTimeout>} Timer */
/**
 * @typedef {'CONNECTING' | 'CONNECTED_ACTIVE' | 'RECOVERING_RECONNECT' | 'CLOSED_BY_CLIENT' | 'CLOSED_BY_SERVER'
 *   | 'CLOSED_FAILED'} SessionStateName
 */

/** @type {Readonly<{ [K in SessionStateName]: K }>} */
export const SESSION_STATES = Object.freeze({
  CONNECTING: 'CONNECTING', CONNECTED_ACTIVE: 'CONNECTED_ACTIVE', RECOVERING_RECONNECT: 'RECOVERING_RECONNECT',
  CLOSED_BY_CLIENT: 'CLOSED_BY_CLIENT', CLOSED_BY_SERVER: 'CLOSED_BY_SERVER', CLOSED_FAILED: 'CLOSED_FAILED',
});


export class SessionCore extends Emitter {
  /** @param {import('./connect.js').ResolvedOptions} resolved what connect() made of its argument */
  constructor({ url, pollUrl, servers, options, reconnect }) {
    super();
    const { credentials, ...shown } = options; // the password is not kept on the session
    this.options = Object.freeze({ ...shown, credentials: credentials === undefined ? undefined : '********' });
    /** The servers to open and reconnect to, in order (docs/RECONNECTION.md "Server lists"). */
    this._servers = servers && servers.length ? servers : [{ url, pollUrl }];
    /** The server the session is (or was last) connected to, and the one of the attempt under way. */
    this._home = 0;
    this._serverIndex = 0;
    /**
     * This round of reconnect attempts: its first message, and how many servers it tried and how many refused.
     * @type {{ hello: string, tried: number, refused: number } | null}
     */
    this._round = null;
    this._reconnect = reconnect;
    this._credentials = credentials;
    /** The current connection, if any. @type {Transport | null} */
    this._transport = null;
    /** The limits the server announced in `connected` (maxMessageSize, reconnectTimeout, ...). @type {Record<string, any>} */
    this._limits = {};
    // PROTOCOL §12: numbering, acknowledgement and the client's recovery buffer
    this._sequenced = false;
    this._live = false;
    this._seq = new Sequencing(() => this._sendAck());
    /** @type {SessionStateName} */ this._state = SESSION_STATES.CONNECTING;
    this._requests = new Requests((message) => this._send(message));
    /** Set by `connected`, before connect() hands the session out. @type {SessionId} */
    this.sessionId = /** @type {SessionId} */ (/** @type {unknown} */ (null));
    this._principal = '';
    /** @type {string[]} */ this._roles = [];
    /** @type {Record<string, string>} */ this._properties = {};
    /** Set once the session closed. @type {CloseReasonValue | null} */
    this._closeReason = null;
    /** closeSession() was called: the server is ending the session. */
    this._closing = false;
    /** @type {Timer | undefined} */ this._closeTimer = undefined;
    /** What closeSession() promised. @type {Array<(reason: CloseReasonValue) => void> | null} */
    this._closeResolvers = null;
    /**
     * While a connection is being opened: fails it over to the next transport (or gives up).
     * @type {((reason: CloseReasonValue, message: string) => void) | null}
     */
    this._connecting = null;
    /** What _open() promised. @type {((session: this) => void) | null} */
    this._connectResolve = null;
    /** @type {((error: OsmosisError) => void) | null} */ this._connectReject = null;
    /** When the current transport last brought anything (performance.now()). */
    this._lastInbound = 0;
    /** The reconnection attempts of this recovery, and a number that tells a stale attempt from the current one. */
    this._attempt = 0;
    this._attemptEpoch = 0;
    /** The token that resumes this session (PROTOCOL §12). @type {string | undefined} */
    this._token = undefined;
    /** @type {string | undefined} */ this._serverName = undefined;
    this._probing = false;
    /** @type {Timer | undefined} */ this._connectTimer = undefined;
    /** @type {Timer | undefined} */ this._recoveryTimer = undefined;
    /** @type {Timer | undefined} */ this._livenessTimer = undefined;
  }

  /**
   * Emits an event; an `error` also goes to the client's log (diffusion.log).
   * @param {string} event
   * @param {...any} args
   */
  _emit(event, ...args) {
    if (event === 'error') logger.error(`session ${this.sessionId}:`, args[0] && args[0].message ? args[0].message : args[0]);
    super._emit(event, ...args);
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
      const hello = this._helloText();
      /** @type {string[]} */
      const tried = [];
      /** @param {number} server */
      const openAt = (server) => {
        this._serverIndex = server;
        this._connectVia(0, hello, (reason, message) => {
          if (server + 1 < this._servers.length) openAt(server + 1);
          else this._finish(reason, tried.length > 1 ? `could not connect (${tried.join('; ')})` : message);
        }, tried);
      };
      openAt(0);
    });
  }

  /**
   * The last sequence number received per subscribed topic path (the `topics` of a reconnect, PROTOCOL §12);
   * the Session keeps them.
   * @returns {Record<string, number>}
   */
  _topicSequences() { return {}; }

  /**
   * The digest of the topics its notification selections told of (the `notified` of a reconnect, PROTOCOL §12
   * "Resuming notifications"); the Session keeps it.
   * @returns {{count: number, hash: string} | undefined}
   */
  _notifiedDigest() { return undefined; }

  _helloText() {
    const hello = { t: 'connect', v: 1, clientType: 'JAVASCRIPT_BROWSER' };
    if (this._reconnect.enabled) {
      hello.seq = true;
      hello.topics = {}; // resumes topics by sequence numbers (PROTOCOL §12)
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
   * @param {number} index
   * @param {string} firstText
   * @param {(reason: CloseReasonValue, message: string) => void} failed
   * @param {string[]} [tried]
   */
  _connectVia(index, firstText, failed, tried = []) {
    const kind = this.options.transports[index];
    const { url, pollUrl } = this._servers[this._serverIndex];
    const sink = {
      text: (t, text) => this._onText(t, text),
      alive: (t) => { if (t === this._transport) this._lastInbound = performance.now(); },
      lost: (t, code, reason) => this._onLost(t, code, reason),
    };
    const transport = kind === 'WEBSOCKET' ? new WebSocketTransport(url, firstText, sink)
      : new PollingTransport(pollUrl, firstText, sink, this._maxBytes());
    this._transport = transport;
    this._lastInbound = performance.now();
    const timeout = this.options.connectionTimeout;
    this._connecting = (reason, message) => {
      if (this._transport !== transport) return;
      clearTimeout(this._connectTimer);
      this._connecting = null;
      this._transport = null;
      transport.abort();
      tried.push(`${this._servers.length > 1 ? url + ' ' : ''}${kind}: ${message}`);
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

  /**
   * @param {Transport} transport
   * @param {string} text
   */
  _onText(transport, text) {
    if (transport !== this._transport || this._closeReason) return;
    this._lastInbound = performance.now();
    this._receive(text);
  }

  /**
   * The current transport ended (a WebSocket close code; 1006 for a failure or a cut).
   * @param {Transport} transport
   * @param {number} code
   * @param {string} message
   */
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

  /**
   * @param {CloseReasonValue} reason
   * @param {string} message
   */
  _startRecovery(reason, message) {
    this._live = false;
    const old = this._transport;
    this._transport = null;
    if (old) old.abort();
    const granted = Number(this._limits.reconnectTimeout) || 0;
    this._state = SESSION_STATES.RECOVERING_RECONNECT;
    logger.warn(`session ${this.sessionId} lost its connection (${reason.name}: ${message || reason.name}); reconnecting`);
    this._attempt = 0;
    this._recoveryTimer = setTimeout(() => this._giveUp(`could not reconnect within the reconnect timeout of ${granted} ms`, true), granted);
    this._emit('disconnect', Object.freeze({ ...reason, message: message || reason.name }));
    this._scheduleAttempt();
  }

  /**
   * @param {string} message
   * @param {boolean} [expired] the granted timeout passed (not the strategy's abort()): the recovery window passed
   */
  _giveUp(message, expired = false) {
    if (this._state !== SESSION_STATES.RECOVERING_RECONNECT || this._closeReason) return;
    const t = this._transport;
    this._transport = null;
    if (t) t.abort();
    this._finish(CloseReason.RECONNECT_ABORTED, message, expired);
  }

  /** Asks the strategy when to try: it calls start() (attempt) or abort() (give up) once. */
  _scheduleAttempt() {
    if (this._state !== SESSION_STATES.RECOVERING_RECONNECT || this._closeReason) return;
    const epoch = ++this._attemptEpoch;
    let used = false;
    const current = () => !used && epoch === this._attemptEpoch && this._state === SESSION_STATES.RECOVERING_RECONNECT
      && !this._closeReason;
    const start = () => {
      if (!current()) return;
      used = true;
      const hello = { t: 'connect', v: 1, seq: true, sessionId: this.sessionId, token: this._token, ack: this._seq.received,
        topics: this._topicSequences(), notified: this._notifiedDigest() };
      // a round: the server the session was on first, then the others in list order
      this._round = { hello: JSON.stringify(hello), tried: 0, refused: 0 };
      logger.debug(`session ${this.sessionId}: reconnect attempt ${this._attempt}`);
      this._attemptServer(this._home);
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

  /**
   * Tries to resume the session on servers[server] with every transport; if it cannot, the next server.
   * @param {number} server
   */
  _attemptServer(server) {
    this._serverIndex = server;
    const round = /** @type {{ hello: string, tried: number, refused: number }} */ (this._round);
    this._connectVia(0, round.hello, () => this._nextServer());
  }

  /** The server of this round's attempt could not resume the session: the next one, or (round over) the strategy. */
  _nextServer() {
    const round = this._round;
    if (!round || this._state !== SESSION_STATES.RECOVERING_RECONNECT || this._closeReason) return;
    round.tried++;
    if (round.tried < this._servers.length) this._attemptServer((this._serverIndex + 1) % this._servers.length);
    else this._scheduleAttempt();
  }

  /**
   * The server refused the reconnect with HANDSHAKE_REJECTED (it does not know the session). With a server list
   * the next server is tried and true returned; false (the session closes) with one server or when every server
   * of this round refused.
   */
  _reconnectRefused() {
    const round = this._round;
    if (!round || this._servers.length < 2 || this._state !== SESSION_STATES.RECOVERING_RECONNECT) return false;
    round.refused++;
    if (round.refused >= this._servers.length) return false;
    const t = this._transport;
    clearTimeout(this._connectTimer);
    this._connecting = null;
    this._transport = null;
    if (t) t.abort();
    this._nextServer();
    return true;
  }

  /**
   * @param {Wire} m
   */
  _onConnected(m) {
    if (this._state === SESSION_STATES.RECOVERING_RECONNECT) {
      this._onReconnected(m);
      return;
    }
    if (this._state !== SESSION_STATES.CONNECTING) return; // a second `connected` is not part of the protocol
    clearTimeout(this._connectTimer);
    this._connecting = null;
    this.sessionId = new SessionId(m.sessionId);
    this._token = m.token;
    this._principal = m.principal || '';
    this._roles = m.roles || [];
    this._properties = m.properties || {};
    this._limits = m.limits || {};
    this._serverName = m.server;
    this._home = this._serverIndex;
    this._sequenced = this._reconnect.enabled && m.seq === true;
    this._live = true;
    this._state = SESSION_STATES.CONNECTED_ACTIVE;
    this._startLiveness();
    logger.info(`session ${this.sessionId} connected to ${this._servers[this._home].url} (${this._transport ? this._transport.name : '?'})`);
    const resolve = this._connectResolve;
    this._connectResolve = this._connectReject = null;
    if (resolve) resolve(this);
  }

  /**
   * The server resumed the session: replay what it has not acknowledged, then carry on (PROTOCOL §12).
   * @param {Wire} m
   */
  _onReconnected(m) {
    if (m.reconnected !== true) {
      this._finish(CloseReason.UNEXPECTED_ERROR, 'the server answered a reconnect with a new session');
      return;
    }
    clearTimeout(this._connectTimer);
    this._connecting = null;
    const serverAck = Number(m.ack) || 0;
    this._seq.acknowledged(serverAck);
    if (!this._seq.holdsAfter(serverAck)) {
      this._finish(CloseReason.LOST_MESSAGES, `the server acknowledged ${serverAck} but the client no longer holds `
        + `the messages after it (it holds ${this._seq.unacked[0].seq} onwards)`);
      return;
    }
    if (m.token) this._token = m.token;
    if (m.properties) this._properties = m.properties;
    if (m.limits) this._limits = m.limits;
    if (m.server) this._serverName = m.server; // another node of the list, maybe
    this._home = this._serverIndex;
    this._round = null;
    this._seq.ackNow(); // the reconnect carried the ack
    const transport = /** @type {Transport} */ (this._transport); // the `connected` came through it
    for (const out of this._seq.unacked) transport.send(out.text);
    this._live = true;
    clearTimeout(this._recoveryTimer);
    this._state = SESSION_STATES.CONNECTED_ACTIVE;
    logger.info(`session ${this.sessionId} reconnected to ${this._servers[this._home].url}`);
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

  /**
   * @param {CloseReasonValue} reason
   * @param {string} message
   * @param {boolean} [windowPassed] RECONNECT_ABORTED because the granted reconnect timeout passed
   */
  _finish(reason, message, windowPassed = false) {
    if (this._closeReason) return;
    // the session was lost because its recovery window passed: the server said so, or the client's timer did
    const expired = this._state === SESSION_STATES.RECOVERING_RECONNECT
      && (reason === CloseReason.RECOVERY_EXPIRED || (reason === CloseReason.RECONNECT_ABORTED && windowPassed));
    untrackPageSession(this);
    clearTimeout(this._connectTimer);
    clearTimeout(this._closeTimer);
    clearTimeout(this._recoveryTimer);
    this._seq.stop();
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
    const failed = this._state === SESSION_STATES.CLOSED_FAILED;
    (failed ? logger.error : logger.info)(this.sessionId ? `session ${this.sessionId} closed (${reason.name}: ${closeReason.message})`
      : `could not connect (${reason.name}: ${closeReason.message})`);
    if (this._connectReject) {
      const reject = this._connectReject;
      this._connectReject = this._connectResolve = null;
      reject(error);
      return;
    }
    this._seq.unacked = [];
    this._requests.rejectAll(() => new OsmosisError('SESSION_CLOSED',
      `the session closed (${reason.name}: ${closeReason.message}) before the answer`, reason.id, closeReason));
    this._closeFeatures();
    this._emit('close', closeReason);
    if (expired) this._emit('recoveryExpired', closeReason);
    if (this._closeResolvers) this._closeResolvers.forEach((r) => r(closeReason));
  }

  /**
   * @param {string} data
   */
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

  /**
   * @param {Wire} m
   */
  _dispatch(m) {
    if (this._closeReason) return;
    try {
      this._handle(m);
    } catch (e) {
      this._emit('error', e);
    }
  }

  /**
   * A numbered frame {"s":first,"ack":n,"m":[...]}: duplicates (a replay) are skipped, a gap is fatal.
   * @param {{ s?: number, ack?: number, m: Wire[] }} envelope
   */
  _onEnvelope(envelope) {
    if (typeof envelope.ack === 'number') this._seq.acknowledged(envelope.ack);
    const first = Number(envelope.s) || 0;
    for (let i = 0; i < envelope.m.length; i++) {
      if (this._closeReason) return;
      const seq = first + i;
      const received = this._seq.received;
      const verdict = this._seq.accept(seq);
      if (verdict === 'duplicate') continue;
      if (verdict === 'gap') {
        const why = `server message ${seq} arrived after ${received}`;
        if (this._transport && this._transport.name === 'HTTP_POLLING') {
          // a poll answer was lost on a reset connection whose GET the browser retried (PROTOCOL §13): the
          // transport is lost, and the reconnect's replay brings the missing frame
          this._onLost(this._transport, 1006, `${why}: a poll answer was lost`);
        } else {
          this._finish(CloseReason.LOST_MESSAGES, `${why}: messages were lost`);
        }
        return;
      }
      this._dispatch(envelope.m[i]);
    }
    this._seq.scheduleAck();
  }

  /** Sends the ack that is due, unless the connection is down (the reconnect's connect carries it then). */
  _sendAck() {
    if (!this._live || !this._transport) return;
    this._transport.send(`{"t":"ack","ack":${this._seq.ackNow()}}`);
  }

  /**
   * @param {Wire} m
   */
  _handle(m) {
    switch (m.t) {
      case 'connected': this._onConnected(m); break;
      case 'ack': if (typeof m.ack === 'number') this._seq.acknowledged(m.ack); break;
      case 'ok':
      case 'error': {
        const unanswered = this._requests.answer(m);
        if (unanswered) this._emit('error', unanswered);
        break;
      }
      case 'close': {
        // the server ends the session (or refuses the handshake): final, never cascaded or reconnected —
        // except a connection-level reason (41xx, e.g. IDLE_CONNECTION: our connect reached an overloaded server
        // too late), which ends this connection only: recover or try again as for a lost transport
        const reason = this._closing ? CloseReason.CLOSED_BY_CLIENT : CloseReason[m.reason] || CloseReason.CLOSED_BY_SERVER;
        if (!this._closing && reason.wsCode !== null && reason.wsCode >= 4100 && reason.wsCode < 4200) {
          this._onLost(/** @type {Transport} */ (this._transport), reason.wsCode, m.message || reason.name);
          break;
        }
        // this server does not know the session: with a server list, the next one may (PROTOCOL §12)
        if (reason === CloseReason.HANDSHAKE_REJECTED && this._reconnectRefused()) break;
        this._finish(reason, m.message || reason.name);
        break;
      }
      default:
        this._onMessage(m);
        break;
    }
  }

  /**
   * Sends a message. A sequenced session numbers it and keeps it until the server acknowledges it; while
   * recovering it is only kept, and the replay after the reconnect sends it.
   * @param {Wire} message
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
    if (this._seq.full()) {
      this._finish(CloseReason.LOST_MESSAGES, `more than ${MAX_UNACKED} messages unacknowledged by the server`);
      throw new OsmosisError('SESSION_CLOSED', `the session closed: more than ${MAX_UNACKED} messages unacknowledged by the server`,
        CloseReason.LOST_MESSAGES.id, this._closeReason);
    }
    const text = this._seq.number(message);
    if (this._live && this._transport) this._transport.send(text);
  }

  /**
   * Sends a request and resolves with the `ok` message (or rejects with the `error` as an OsmosisError).
   * @param {string} t the message type
   * @param {Wire} [fields]
   * @returns {Promise<Wire>}
   */
  _request(t, fields = {}) {
    return this._requests.request(t, fields);
  }

  /**
   * A message for a feature of the session (topics, messaging, ...): the Session handles it.
   * @param {Wire} m
   */
  _onMessage(m) {
    // v1 receivers ignore what they do not know (PROTOCOL §2)
  }

  /** The session closed: the Session closes its features (streams, handlers, listeners) before `close` is emitted. */
  _closeFeatures() {}
}
