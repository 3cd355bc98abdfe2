// @ts-check
// Requests and their answers (PROTOCOL §3): each request carries an id; its `ok` resolves it, its `error` rejects
// it with an OsmosisError; when the session closes, what is still pending rejects with SESSION_CLOSED. A request id
// answers once: a second answer for it (after a fail-over the server can, rarely, send one twice) is dropped.

import { ERROR_BY_CODE, OsmosisError } from './errors.js';

/** @typedef {Record<string, any>} Wire */

export class Requests {
  /** @param {(message: Wire) => void} send sends a message of the session (throws if it cannot) */
  constructor(send) {
    this._send = send;
    /** The id of the next request: a feature whose answers follow the `ok` registers under it first. */
    this.nextId = 1;
    /** @type {Map<number, { resolve(ok: Wire): void, reject(e: any): void }>} */
    this._pending = new Map();
  }

  /**
   * Sends a request and resolves with the `ok` message (or rejects with the `error` as an OsmosisError).
   * @param {string} t the message type
   * @param {Wire} [fields]
   * @returns {Promise<Wire>}
   */
  request(t, fields = {}) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      try {
        this._send({ t, id, ...fields });
      } catch (e) {
        reject(e);
        return;
      }
      this._pending.set(id, { resolve, reject });
    });
  }

  /**
   * An `ok` or `error`: settles its request. Returns the error of an `error` that answers no request this session
   * sent (else null): an answer for an id already answered (or whose request could not be sent) is dropped, as the
   * Java client does; ids only grow, so an id below `nextId` that is not pending was answered.
   * @param {Wire} m
   * @returns {OsmosisError | null}
   */
  answer(m) {
    const pending = this._pending.get(m.id);
    if (!pending) {
      const answered = Number.isInteger(m.id) && m.id >= 1 && m.id < this.nextId;
      return m.t === 'error' && !answered
        ? new OsmosisError(ERROR_BY_CODE.get(m.code) || 'ERROR', m.message, m.code)
        : null;
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
    return null;
  }

  /**
   * The session closed: every pending request rejects.
   * @param {() => OsmosisError} error
   */
  rejectAll(error) {
    for (const pending of this._pending.values()) pending.reject(error());
    this._pending.clear();
  }
}
