// @ts-check
// Transports. Each carries one connection: sink.text(transport, text) for every frame from the server,
// sink.alive(transport) for traffic that carries no frame, and sink.lost(transport, code, reason) once when it ends
// (a WebSocket close code; 1006 for a failure). The session ignores a transport that is no longer its current one.

/**
 * One connection to the server.
 * @typedef {object} Transport
 * @property {'WEBSOCKET' | 'HTTP_POLLING'} name
 * @property {(text: string) => boolean} send sends a message; false if the connection cannot take it
 * @property {() => void} close ends the connection without reporting it, sending what is queued
 * @property {() => void} abort ends the connection at once without reporting it
 */

/**
 * Where a transport reports.
 * @typedef {object} TransportSink
 * @property {(transport: Transport, text: string) => void} text a frame from the server
 * @property {(transport: Transport) => void} alive traffic that carries no frame
 * @property {(transport: Transport, code: number, reason: string) => void} lost once, when the connection ended
 */

/** Whether this browser can inflate deflated frames (docs/PROTOCOL.md "Deflated frames"). */
const CAN_INFLATE = typeof DecompressionStream === 'function';

/** The first byte of a deflated frame: the rest is a raw deflate stream of one text frame. */
const KIND_DEFLATED_TEXT = 1;

/**
 * `url` with the query parameter that asks the server for deflated frames, where this browser can inflate them
 * (DecompressionStream); `url` itself elsewhere.
 * @param {string} url
 */
export function withCompression(url) {
  if (!CAN_INFLATE) return url;
  const hash = url.indexOf('#');
  const head = hash < 0 ? url : url.slice(0, hash);
  return `${head}${head.includes('?') ? '&' : '?'}compression=deflate-raw${hash < 0 ? '' : url.slice(hash)}`;
}

/**
 * The text frame a deflated frame stands for.
 * @param {ArrayBuffer} buffer a binary frame's payload
 * @returns {Promise<string>}
 */
export async function inflate(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length === 0 || bytes[0] !== KIND_DEFLATED_TEXT) {
    throw new Error(`unknown binary frame kind ${bytes.length === 0 ? '(empty)' : bytes[0]}`);
  }
  const stream = new Blob([bytes.subarray(1)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

/** @implements {Transport} */
export class WebSocketTransport {
  /**
   * @param {string} url
   * @param {string} firstText the handshake, sent once the WebSocket is open
   * @param {TransportSink} sink
   */
  constructor(url, firstText, sink) {
    /** @type {'WEBSOCKET'} */
    this.name = 'WEBSOCKET';
    this._sink = sink;
    this._ended = false;
    /**
     * While a deflated frame is being inflated (asynchronous), the promise every later frame waits behind, so that
     * frames reach the session in the order they came; null otherwise (text frames go through synchronously).
     * @type {Promise<void> | null}
     */
    this._pending = null;
    try {
      this._ws = new WebSocket(withCompression(url));
    } catch (e) {
      queueMicrotask(() => this._end(1006, `cannot open ${url}: ${e.message}`));
      return;
    }
    const ws = this._ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => ws.send(firstText);
    ws.onmessage = (event) => this._frame(event.data);
    ws.onerror = () => { /* onclose follows with the code */ };
    ws.onclose = (event) => this._end(event.code,
      event.reason || `the WebSocket to ${url} closed (code ${event.code}${event.code === 1006 ? ': failed or cut' : ''})`);
  }

  /** @param {string | ArrayBuffer} data a frame from the server: text, or a deflated frame */
  _frame(data) {
    if (this._ended) return;
    if (typeof data === 'string' && !this._pending) {
      this._sink.text(this, data);
      return;
    }
    const text = typeof data === 'string' ? Promise.resolve(data) : inflate(data);
    text.catch(() => { /* reported in its turn below */ });
    const turn = (this._pending || Promise.resolve()).then(() => text).then(
      (t) => { if (!this._ended) this._sink.text(this, t); },
      (e) => {
        if (this._ended) return;
        try { if (this._ws) this._ws.close(1000); } catch (ignored) { /* already closing */ }
        this._end(1002, `malformed deflated frame from the server: ${e && e.message}`);
      });
    this._pending = turn;
    turn.then(() => { if (this._pending === turn) this._pending = null; });
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
/** @implements {Transport} */
export class PollingTransport {
  /**
   * @param {string} url the polling base URL (…/osmosis/poll)
   * @param {string} firstText the handshake, the body of the opening POST
   * @param {TransportSink} sink
   * @param {number} maxBytes the most bytes one POST may carry (the server's maxMessageSize)
   */
  constructor(url, firstText, sink, maxBytes) {
    /** @type {'HTTP_POLLING'} */
    this.name = 'HTTP_POLLING';
    this._base = url;
    this._sink = sink;
    this._maxBytes = maxBytes;
    this._ended = false;
    /** @type {string[]} */
    this._queue = [];
    /** The send in flight. @type {Promise<void> | null} */
    this._sending = null;
    /** @type {AbortController | null} */
    this._sendController = null;
    /** The connection's URL once the server opened it. @type {string | null} */
    this._url = null;
    /** @type {Set<AbortController>} */
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

  /**
   * @param {'GET' | 'POST' | 'DELETE'} method
   * @param {string} url
   * @param {string | undefined} body
   * @param {number} timeout milliseconds, 0 for none
   * @param {boolean} [keepalive]
   * @returns {Promise<Response>}
   */
  _request(method, url, body, timeout, keepalive = false) {
    const controller = new AbortController();
    this._requests.add(controller);
    if (method === 'POST' && url !== this._base) this._sendController = controller;
    const timer = timeout > 0 ? setTimeout(() => controller.abort(), timeout) : undefined;
    /** @type {RequestInit} */
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
    this._request('GET', /** @type {string} */ (this._url), undefined, POLL_ANSWER_LIMIT).then(async (response) => {
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
    return this._request('POST', /** @type {string} */ (this._url), body, 30000, keepalive).then(async (response) => {
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
