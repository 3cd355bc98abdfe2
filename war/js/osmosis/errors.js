// @ts-check
// Errors: close reasons (PROTOCOL §5), error codes (PROTOCOL §4) and OsmosisError, the one error of this client.

/** @typedef {import('../osmosis.js').CloseReasonName} CloseReasonName */
/** @typedef {import('../osmosis.js').ErrorCodeName} ErrorCodeName */
/** @typedef {'CLOSED_BY_CLIENT' | 'CLOSED_BY_SERVER' | 'CLOSED_FAILED'} ClosedState */

/**
 * A close reason (PROTOCOL §5): `message` is the server's explanation once a session closed.
 * @typedef {{ readonly id: number, readonly name: CloseReasonName, readonly reason: CloseReasonName,
 *   readonly wsCode: number | null, readonly state: ClosedState, readonly message: string }} CloseReasonValue
 */

/** @typedef {{ readonly code: number, readonly name: ErrorCodeName }} ErrorCodeValue */

/** @type {ReadonlyArray<[CloseReasonName, number, number | null, ClosedState]>} */
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
  ['RECOVERY_EXPIRED', 15, 4015, 'CLOSED_BY_SERVER'],
];

/** Frozen once filled. @type {Record<CloseReasonName, CloseReasonValue>} */
export const CloseReason = /** @type {Record<CloseReasonName, CloseReasonValue>} */ ({});
/** @type {Map<number, CloseReasonValue>} */
export const CLOSE_BY_WS_CODE = new Map();
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
  RECIPIENT_GONE: 4011, LIMIT_EXCEEDED: 4029, INTERNAL_ERROR: 5000, UNAVAILABLE: 5003,
};
/** Frozen once filled. @type {Record<ErrorCodeName, ErrorCodeValue>} */
export const ErrorCode = /** @type {Record<ErrorCodeName, ErrorCodeValue>} */ ({});
/** @type {Map<number, string>} */
export const ERROR_BY_CODE = new Map();
for (const [name, code] of /** @type {Array<[ErrorCodeName, number]>} */ (Object.entries(ERROR_CODES))) {
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
  /** @type {'OsmosisError'} */
  name = 'OsmosisError';

  /**
   * @param {string} reason
   * @param {string} message
   * @param {number | null} [code]
   * @param {CloseReasonValue | null} [closeReason]
   */
  constructor(reason, message, code = null, closeReason = null) {
    super(message);
    this.reason = reason;
    this.code = code;
    this.closeReason = closeReason;
    /** For a bad selector or filter: the 0-based position the message names (set only then). @type {number | undefined} */
    this.position; // declared for the type check only: no property is created here
  }
}

/**
 * @param {string} what
 * @param {string} [issue]
 */
export function notSupported(what, issue = 'a later issue') {
  return new OsmosisError('NOT_SUPPORTED_YET', `${what} is not supported yet by Osmosis (${issue})`);
}

export const errors = Object.freeze({ CloseReason, ErrorCode, OsmosisError });

/**
 * The OsmosisError of an `error` (or `filterResponseError`) message.
 * @param {Record<string, any>} m
 */
export function errorOf(m) {
  return new OsmosisError(ERROR_BY_CODE.get(m.code) || 'ERROR', m.message, m.code === undefined ? null : m.code);
}
