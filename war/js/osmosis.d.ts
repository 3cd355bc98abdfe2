/// <reference lib="es2020" />
/// <reference lib="dom" />
// TypeScript declarations for the Osmosis browser client, /js/osmosis.js (docs/JAVASCRIPT.md).
// Usage: import * as diffusion from '/js/osmosis.js';

export const version: string;

// ---- log (seed 001: "The client can log out information by using the diffusion.log method") ------------------

export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LogLevel: { readonly [K in LogLevelName]: K };
/**
 * Sets the level of the client's own log (connecting, connected, connection lost, reconnected, closed, errors),
 * written to the console with the prefix 'osmosis:'. Default 'warn'; 'silent' logs nothing.
 */
export function log(level: LogLevelName): void;

/** Diffusion's SessionId: toString() (and String(), JSON.stringify, ==) give the id's text. */
export class SessionId {
  toString(): string;
  toJSON(): string;
  valueOf(): string;
  /** Whether another id (a SessionId or its text) is this one. */
  equals(other: unknown): boolean;
}

// ---- errors ------------------------------------------------------------------------------------------------------

export type CloseReasonName =
  | 'CLOSED_BY_CLIENT' | 'CLOSED_BY_CONTROLLER' | 'CLOSED_BY_SERVER' | 'HANDSHAKE_REJECTED' | 'ACCESS_DENIED'
  | 'MESSAGE_TOO_LARGE' | 'INVALID_INBOUND_MESSAGE' | 'MESSAGE_QUEUE_LIMIT_REACHED' | 'LOST_MESSAGES'
  | 'UNEXPECTED_ERROR' | 'IDLE_CONNECTION' | 'CLIENT_UNRESPONSIVE' | 'CONNECTION_ERROR' | 'RECONNECT_ABORTED'
  | 'CONNECTION_TIMEOUT' | 'RECOVERY_EXPIRED';

export type ErrorCodeName =
  | 'MALFORMED_MESSAGE' | 'UNKNOWN_MESSAGE_TYPE' | 'INVALID_FIELD' | 'ALREADY_CONNECTED' | 'UNSUPPORTED_VERSION'
  | 'AUTHENTICATION_FAILED' | 'INVALID_PROPERTY' | 'PERMISSION_DENIED' | 'INVALID_ARGUMENT' | 'NOT_FOUND'
  | 'REQUEST_TIMEOUT' | 'HANDLER_CONFLICT' | 'REJECTED_REQUEST' | 'RECIPIENT_GONE' | 'LIMIT_EXCEEDED' | 'INTERNAL_ERROR'
  | 'UNAVAILABLE';

/** A close reason (PROTOCOL §5). `message` is the server's explanation when the session closed. */
export interface CloseReason {
  readonly id: number;
  readonly name: CloseReasonName;
  readonly reason: CloseReasonName;
  /** The WebSocket close code the server uses for it (null for client-side reasons). */
  readonly wsCode: number | null;
  /** The session state it leads to. */
  readonly state: 'CLOSED_BY_CLIENT' | 'CLOSED_BY_SERVER' | 'CLOSED_FAILED';
  readonly message: string;
}

export interface ErrorCode {
  readonly code: number;
  readonly name: ErrorCodeName;
}

/**
 * Every failure of the client. For a refused request `code` is the protocol error code (3001...) and `reason` its
 * name; for a session that closed or could not connect, `closeReason` is set and `code` is its id. Other reasons:
 * SESSION_CLOSED, NOT_SUPPORTED_YET, INVALID_ARGUMENT (client-side checks).
 */
export class OsmosisError extends Error {
  constructor(reason: string, message: string, code?: number | null, closeReason?: CloseReason | null);
  readonly name: 'OsmosisError';
  readonly reason: ErrorCodeName | CloseReasonName | 'SESSION_CLOSED' | 'NOT_SUPPORTED_YET' | string;
  readonly code: number | null;
  readonly closeReason: CloseReason | null;
  /** For a bad selector or filter: the 0-based position the message names, when it names one. */
  readonly position?: number;
}

export const errors: {
  readonly CloseReason: { readonly [K in CloseReasonName]: CloseReason };
  readonly ErrorCode: { readonly [K in ErrorCodeName]: ErrorCode };
  readonly OsmosisError: typeof OsmosisError;
};

// ---- data types --------------------------------------------------------------------------------------------------

/** A JSON topic's value. */
export class JSONValue {
  /** The JavaScript value: object, array, string, number, boolean or null. */
  get(): any;
  toString(): string;
}

export interface DataType<V, In = V> {
  name(): string;
  /** The value a stream would receive for `value`. */
  from(value: In): V;
}

export type JSONDataType = DataType<JSONValue, any>;
export type StringDataType = DataType<string>;
/** INT64 values are numbers within ±(2^53 − 1), BigInt beyond. */
export type Int64DataType = DataType<number | bigint, number | bigint | string>;
export type DoubleDataType = DataType<number>;
export type BinaryDataType = DataType<Uint8Array, Uint8Array | ArrayBuffer>;
/**
 * Receives every type (a stream of `any()` gets each topic's values as its own data type decodes them). Not a
 * data type of values: it has no from(), and updates need a real data type.
 */
export interface AnyDataType {
  name(): string;
  toString(): string;
}

/** A data type, or any() where every type is accepted (streams, fetch, request and response types). */
export type SomeDataType = DataType<any, any> | AnyDataType;

export const datatypes: {
  json(): JSONDataType;
  string(): StringDataType;
  int64(): Int64DataType;
  double(): DoubleDataType;
  binary(): BinaryDataType;
  any(): AnyDataType;
  get(name: 'any'): AnyDataType;
  get(name: 'json' | 'string' | 'int64' | 'double' | 'binary'): DataType<any>;
};

// ---- topics ------------------------------------------------------------------------------------------------------

export type TopicType = 'JSON' | 'STRING' | 'INT64' | 'DOUBLE' | 'BINARY' | 'TIME_SERIES';

export class TopicSpecification {
  constructor(type: TopicType, properties?: { [name: string]: string });
  readonly type: TopicType;
  readonly properties: { readonly [name: string]: string };
  withProperty(name: string, value: string | boolean | number): TopicSpecification;
  withProperties(properties: { [name: string]: string }): TopicSpecification;
  static readonly PUBLISH_VALUES_ONLY: 'PUBLISH_VALUES_ONLY';
  static readonly DONT_RETAIN_VALUE: 'DONT_RETAIN_VALUE';
  static readonly TIDY_ON_UNSUBSCRIBE: 'TIDY_ON_UNSUBSCRIBE';
  static readonly VALIDATE_VALUES: 'VALIDATE_VALUES';
  static readonly CONFLATION: 'CONFLATION';
  static readonly PRIORITY: 'PRIORITY';
  static readonly OWNER: 'OWNER';
  static readonly PERSISTENT: 'PERSISTENT';
  static readonly REMOVAL: 'REMOVAL';
  /** Updates the topic keeps for sessions that resume after missing them (docs/TOPICS.md "History"). */
  static readonly HISTORY_SIZE: 'HISTORY_SIZE';
  /** How long (ms) a kept update counts for a replay. */
  static readonly HISTORY_TTL: 'HISTORY_TTL';
  /** 'default' or 'acked': every update kept until acknowledged, for resuming sessions (docs/TOPICS.md "Acked delivery"). */
  static readonly DELIVERY: 'DELIVERY';
  /** 'off' (default), 'low', 'medium', 'high' (docs/TOPICS.md "COMPRESSION"). */
  static readonly COMPRESSION: 'COMPRESSION';
  /** A JSON topic's JSON Schema (a subset, docs/TOPICS.md "SCHEMA"); updates that do not match are refused. */
  static readonly SCHEMA: 'SCHEMA';
}

export type UnsubscribeReason = 'REQUESTED' | 'CONTROL' | 'REMOVAL' | 'AUTHORIZATION' | 'SESSION_CLOSED';

export const topics: {
  readonly TopicType: { readonly [K in TopicType]: K };
  readonly TopicSpecification: typeof TopicSpecification;
  readonly UnsubscribeReason: { readonly [K in UnsubscribeReason]: K };
};

export class TopicSelector {
  /** The selector's text, with its prefix ('>a/b' for a path given as 'a/b'). */
  readonly expression: string;
  readonly type: 'PATH' | 'SPLIT_PATH_PATTERN' | 'FULL_PATH_PATTERN' | 'SELECTOR_SET';
  readonly prefix: '>' | '?' | '*' | '#';
  /** Whether the selector selects a topic path. */
  selects(path: string): boolean;
  toString(): string;
}

export type Selector = string | TopicSelector;

export const selectors: {
  /** One selector; several (or one array) make a selector set. Throws an OsmosisError for a bad selector. */
  parse(...selectors: Array<Selector | Selector[]>): TopicSelector;
  readonly TopicSelector: typeof TopicSelector;
  readonly Type: { PATH: 'PATH'; SPLIT_PATH_PATTERN: 'SPLIT_PATH_PATTERN'; FULL_PATH_PATTERN: 'FULL_PATH_PATTERN'; SELECTOR_SET: 'SELECTOR_SET' };
};

/** Applies an RFC 6902 JSON Patch to a copy of a JSON value (what the client does with a `delta`). */
export function applyJsonPatch(document: any, patch: Array<{ op: string; path: string; from?: string; value?: any }>): any;

// ---- client control -------------------------------------------------------------------------------------------------

export const clients: {
  readonly PropertyKeys: {
    readonly ALL_FIXED_PROPERTIES: '*F';
    readonly ALL_USER_PROPERTIES: '*U';
    readonly SESSION_ID: '$SessionId'; readonly PRINCIPAL: '$Principal'; readonly CONNECTOR: '$Connector';
    readonly TRANSPORT: '$Transport'; readonly CLIENT_TYPE: '$ClientType'; readonly COUNTRY: '$Country';
    readonly LANGUAGE: '$Language'; readonly SERVER_NAME: '$ServerName'; readonly CLIENT_IP: '$ClientIP';
    readonly LATITUDE: '$Latitude'; readonly LONGITUDE: '$Longitude'; readonly START_TIME: '$StartTime';
    readonly ROLES: '$Roles'; readonly GATEWAY_TYPE: '$GatewayType'; readonly GATEWAY_ID: '$GatewayId';
    readonly MQTT_CLIENT_ID: '$MQTTClientId';
  };
  readonly SessionEventType: { UPDATED: 'UPDATED'; RECONNECTED: 'RECONNECTED'; FAILED_OVER: 'FAILED_OVER'; DISCONNECTED: 'DISCONNECTED' };
  readonly CloseReason: { readonly [K in CloseReasonName]: CloseReason };
  /** Diffusion 6.12's SessionEvent.type. */
  readonly SessionEventStreamEventType: { readonly STATE: 0; readonly PROPERTIES: 1 };
  /** Diffusion 6.12's SessionEvent.state. */
  readonly SessionState: { readonly ACTIVE: 0; readonly DISCONNECTED: 1; readonly RECONNECTED: 2; readonly FAILED_OVER: 3; readonly CLOSED: 4 };
};

/** What a session event listener hears (Diffusion 6.12). */
export interface SessionEvent {
  readonly sessionId: SessionId;
  /** clients.SessionEventStreamEventType: STATE (0) or PROPERTIES (1). */
  readonly type: 0 | 1;
  /** clients.SessionState: ACTIVE (0), DISCONNECTED, RECONNECTED, FAILED_OVER, CLOSED (4). */
  readonly state: 0 | 1 | 2 | 3 | 4;
  /** The requested properties (empty when CLOSED). */
  readonly properties: { readonly [key: string]: string };
  /** For PROPERTIES: the old values of the requested properties that changed (a removed one only here). */
  readonly changedProperties: { readonly [key: string]: string | null };
  /** For CLOSED. */
  readonly closeReason?: CloseReason | string;
  /** A STATE event with state ACTIVE: the session existed when the listener registered, or opened. */
  isOpenEvent(): boolean;
}

export interface SessionEventStream {
  onSessionEvent(event: SessionEvent): void;
  onClose?(): void;
  onError?(error: any): void;
}

export interface SessionEventParameters {
  /** Not supported by the server's session listeners: addSessionEventListener rejects NOT_SUPPORTED_YET. */
  readonly filter?: string;
  readonly properties?: Set<string>;
  /** Only sessions that started after this time (epoch ms). */
  readonly after?: number;
}

export interface SessionEventParametersBuilder {
  filter(filter: string): SessionEventParametersBuilder;
  properties(properties: string[]): SessionEventParametersBuilder;
  properties(...properties: string[]): SessionEventParametersBuilder;
  after(time: number | Date): SessionEventParametersBuilder;
  build(): SessionEventParameters;
}

/** Diffusion 6.12's builder of session event listener parameters. */
export function newSessionEventParametersBuilder(): SessionEventParametersBuilder;

export const locks: {
  readonly SessionLockScope: { UNLOCK_ON_SESSION_LOSS: 'UNLOCK_ON_SESSION_LOSS'; UNLOCK_ON_CONNECTION_LOSS: 'UNLOCK_ON_CONNECTION_LOSS' };
};

/** Escapes ", ' and \ for a quoted value in a session filter. */
export function escape(value: string): string;
/** The canonical $Roles text: sorted, quoted, comma separated. */
export function rolesToString(roles: Iterable<string>): string;
/** Parses a $Roles text (or a lenient list); throws naming the position. */
export function stringToRoles(text: string): Set<string>;

// ---- connecting --------------------------------------------------------------------------------------------------

export type TransportName = 'WEBSOCKET' | 'WS' | 'HTTP_POLLING' | 'XHR' | 'HTTP_LONG_POLL' | 'POLLING';

/** attempts more tries of the first connection, interval ms apart. */
export interface RetryStrategy { attempts?: number; interval?: number }

/**
 * Called once per reconnection attempt (attempt = 0, 1, ...): call start() to try now (e.g. from a setTimeout),
 * or abort() to give up (the session closes with RECONNECT_ABORTED). Attempts end at the granted timeout anyway.
 */
export type ReconnectionStrategy = (start: () => void, abort: () => void, attempt: number) => void;

export interface Options {
  /** Default: the page's host name. */
  host?: string;
  /** Default: the page's port when host and scheme are the page's, else 80 (443 when secure). */
  port?: number;
  /** wss instead of ws; default: true on an https page. */
  secure?: boolean;
  /** The WebSocket path; default '/osmosis'. */
  path?: string;
  /**
   * A list of servers (the nodes of a cluster), instead of host/port: each a host ('node2', 'node2:8080'), a URL
   * ('wss://node2:8443') or {host, port, secure, path}; what an entry leaves out comes from secure/port/path.
   * Opening tries them in order; a lost session reconnects to its server first, then to the others in list
   * order, and a server that does not know the session (HANDSHAKE_REJECTED) hands over to the next.
   */
  servers?: Array<string | { host: string; port?: number; secure?: boolean; path?: string }>;
  /** Absent or '': an anonymous session. */
  principal?: string;
  credentials?: string;
  /** Proposed user properties. */
  properties?: { [key: string]: string };
  /**
   * Transports tried in order until one connects (seed 002's cascading): 'WEBSOCKET' (alias 'WS') and
   * 'HTTP_POLLING' (aliases 'XHR', 'HTTP_LONG_POLL', 'POLLING'); a name may repeat. Default ['WEBSOCKET'].
   */
  transports?: TransportName | TransportName[];
  /** Retries of the whole first connection after it failed to reach the server (not after a refusal). */
  initialRetryStrategy?: RetryStrategy;
  /** Seed 002's JavaScript name of initialRetryStrategy. */
  retry?: RetryStrategy;
  /**
   * Reconnection without loss (default true): false opens a plain session that a lost connection closes; a
   * number is the reconnect timeout (ms) to ask the server for; {timeout, strategy} also sets when each attempt
   * starts (default: 100 ms doubling to 5 s).
   */
  reconnect?: boolean | number | { timeout?: number; strategy?: ReconnectionStrategy };
  /** No traffic from the server for this long (ms, default 30000; 0: never) means the connection is lost. */
  livenessTimeout?: number;
  /** Milliseconds to wait for the handshake (default 10000), then CONNECTION_TIMEOUT. */
  connectionTimeout?: number;
}

/** Opens a session: a host, a URL ('ws://host:8080'), or options. Rejects with an OsmosisError carrying the close reason. */
export function connect(urlOrOptions?: string | Options): Promise<Session>;

export type SessionState = 'CONNECTING' | 'CONNECTED_ACTIVE' | 'RECOVERING_RECONNECT' | 'CLOSED_BY_CLIENT'
  | 'CLOSED_BY_SERVER' | 'CLOSED_FAILED';
export const SessionState: { readonly [K in SessionState]: K };

interface Emitter<Events> {
  on<E extends keyof Events>(event: E, listener: Events[E]): this;
  on(listeners: Partial<Events>): this;
  off<E extends keyof Events>(event: E, listener?: Events[E]): this;
  off(listeners: Partial<Events>): this;
}

export interface SessionEvents {
  /** The connection was lost (CONNECTED_ACTIVE -> RECOVERING_RECONNECT); the reason says how. Only with reconnect. */
  disconnect: (reason: CloseReason) => void;
  /** The server resumed the session (RECOVERING_RECONNECT -> CONNECTED_ACTIVE); nothing was lost. */
  reconnect: () => void;
  close: (reason: CloseReason) => void;
  /**
   * Beyond Diffusion's events: the session was lost because its recovery window passed, after its `close`:
   * RECOVERY_EXPIRED (it came back and the server said the window had passed) or RECONNECT_ABORTED (no server
   * reached before the granted reconnect timeout; not after the strategy's abort()). Open a new session.
   */
  recoveryExpired: (reason: CloseReason) => void;
  error: (error: any) => void;
}

export interface PingDetails {
  /** Round-trip time in milliseconds. */
  rtt: number;
  /** The server's clock when it answered, epoch milliseconds. */
  timestamp: number;
}

export interface StreamEvents<V> {
  open: () => void;
  subscribe: (topic: string, specification: TopicSpecification) => void;
  value: (topic: string, specification: TopicSpecification, newValue: V, oldValue: V | undefined) => void;
  unsubscribe: (topic: string, specification: TopicSpecification, reason: UnsubscribeReason) => void;
  /**
   * Beyond Diffusion's API: the topic's updates numbered after `after` up to `sequence` are lost for this session:
   * it resumed and they could not be replayed (no history, or not that far back), or, in a cluster, its server
   * missed them (its grid lost their events). The current value follows as `value`.
   */
  lostUpdates: (topic: string, specification: TopicSpecification, after: number, sequence: number) => void;
  close: () => void;
  error: (error: any) => void;
}

/** What session.addStream and addFallbackStream return (exported as a class, not constructed by hand). */
export class ValueStream<V> implements Emitter<StreamEvents<V>> {
  on<E extends keyof StreamEvents<V>>(event: E, listener: StreamEvents<V>[E]): this;
  on(listeners: Partial<StreamEvents<V>>): this;
  off<E extends keyof StreamEvents<V>>(event: E, listener?: StreamEvents<V>[E]): this;
  off(listeners: Partial<StreamEvents<V>>): this;
  readonly selector: TopicSelector | null;
  readonly fallback: boolean;
  close(): void;
  isClosed(): boolean;
}

type ValueOf<D> = D extends DataType<infer V, any> ? V : any;

export interface SessionPropertiesListener {
  onActive?(close: () => Promise<void>): void;
  onClose?(): void;
  onError?(error: any): void;
  onSessionOpen?(sessionId: string, properties: { [key: string]: string }): void;
  onSessionEvent?(sessionId: string, type: 'UPDATED' | 'RECONNECTED' | 'FAILED_OVER' | 'DISCONNECTED',
    properties: { [key: string]: string }, previous: { [key: string]: string | null }): void;
  onSessionClose?(sessionId: string, properties: { [key: string]: string }, reason: CloseReason | string): void;
}

/** A session id (text or SessionId), a session filter, or an explicit {session} / {filter}. */
export type SessionTarget = string | SessionId | { session: string } | { filter: string };

/** One of a session's selections (ClientControl.getTopicSelections); Osmosis keeps selections only: `SELECT`. */
export interface TopicSelection {
  readonly selector: TopicSelector;
  readonly selectionType: 'SELECT' | 'DESELECT';
}

/** Diffusion 6.12's SessionLockDetails: who holds a session lock. */
export interface SessionLockDetails {
  /** `$ServerName` of the holder's server. */
  readonly serverName: string;
  readonly sessionId: SessionId;
  readonly sequence: number;
}

export interface ClientControl {
  getSessionProperties(sessionId: string | SessionId, keys?: string[]): Promise<{ [key: string]: string }>;
  /** By session id: resolves with the previous values; by filter: with the number of sessions. */
  setSessionProperties(session: string | SessionId | { session: string }, properties: { [key: string]: string | null }): Promise<{ [key: string]: string | null } | number>;
  setSessionProperties(filter: { filter: string }, properties: { [key: string]: string | null }): Promise<number>;
  changeRoles(target: SessionTarget, rolesToRemove: string[], rolesToAdd: string[]): Promise<number>;
  close(target: SessionTarget): Promise<number>;
  addSessionPropertiesListener(requiredProperties: string[], listener: SessionPropertiesListener): Promise<{ close(): Promise<void> }>;
  /** Resolves with the number of sessions the filter matched. */
  setSessionPropertiesByFilter(filter: string, properties: { [key: string]: string | null } | Map<string, string | null>): Promise<number>;
  /** Subscribes one session or every session a filter matches (VIEW_SESSION + MODIFY_SESSION); resolves with the number of sessions. */
  subscribe(target: SessionTarget, selector: Selector | Selector[], scope?: string): Promise<number>;
  /** Unsubscribes (reason CONTROL) in a selection scope (default `''`); resolves with the number of sessions. */
  unsubscribe(target: SessionTarget, selector: Selector | Selector[], scope?: string): Promise<number>;
  /** Needs VIEW_SESSION + REGISTER_HANDLER; a `filter` parameter rejects NOT_SUPPORTED_YET. */
  addSessionEventListener(listener: SessionEventStream, parameters?: SessionEventParameters): Promise<{ close(): Promise<void> }>;
  /** The holder of a lock, or null when none holds it; needs VIEW_SERVER. */
  getSessionLock(lockName: string): Promise<SessionLockDetails | null>;
  /** Every held lock by name (`{}` for none); needs VIEW_SERVER. */
  getSessionLocks(): Promise<{ [name: string]: SessionLockDetails }>;
  /** Removes a selector from every selection scope of the sessions; resolves with the number of sessions. */
  unsubscribeAllScopes(target: SessionTarget, selector: Selector | Selector[]): Promise<number>;
  /** A session's selections by scope (the default scope under `''`), in the order made; needs VIEW_SESSION. */
  getTopicSelections(sessionId: string | SessionId): Promise<{ [scope: string]: TopicSelection[] }>;
  /** Turns the topics' CONFLATION policies off or on for the sessions; resolves with the number of sessions. */
  setConflated(target: SessionTarget, conflated: boolean): Promise<number>;
}

export interface MissingTopicNotification {
  /** The selector's literal prefix. */
  readonly path: string;
  readonly selector: TopicSelector | string;
  /** The session that selected. */
  readonly sessionId: string;
  /** Diffusion's spelling of sessionId. */
  readonly sessionID: string;
  /** The selecting session's properties that the handler asked for. */
  readonly sessionProperties: { [key: string]: string };
  /** Lets the select complete (after topics the handler added have reached the selecting session). */
  proceed(): void;
  /** Completes the select; the selection stays. */
  cancel(): void;
}

export interface MissingTopicHandler {
  onMissingTopic(notification: MissingTopicNotification): void;
  onRegister?(path: string, deregister: () => Promise<boolean>): void;
  onClose?(path: string): void;
  onError?(path: string, error: any): void;
}

export interface TopicControl {
  add(path: string, typeOrSpecification: TopicType | TopicSpecification): Promise<{ topic: string; added: boolean }>;
  remove(selector: Selector): Promise<{ removedCount: number }>;
  /** Needs MODIFY_TOPIC at the path; rejects HANDLER_CONFLICT (4009) if another session handles the branch. */
  addMissingTopicHandler(path: string, handler: MissingTopicHandler, sessionProperties?: string[]): Promise<{ path: string; close(): Promise<boolean> }>;
}

// ---- messaging ------------------------------------------------------------------------------------------------------

export interface RequestContext {
  /** The sender. */
  readonly sessionId: string;
  /** The path the request was sent to (the handler's branch or below it). */
  readonly path: string;
  /** The sender's properties the handler asked for. */
  readonly sessionProperties: { [key: string]: string };
}

export interface Responder {
  /** Answers with a value (of the handler's response type, else the one the value suggests). Only the first answer counts. */
  respond(response: any): boolean;
  /** Answers with an error: the requester sees REJECTED_REQUEST (4010) with this message. */
  reject(message: string): boolean;
}

export interface RequestHandler {
  onRequest(request: any, context: RequestContext, responder: Responder): void;
  onError?(error: any): void;
  onClose?(): void;
}

export interface RequestStream {
  onRequest(path: string, request: any, responder: Responder): void;
  onError?(error: any): void;
  onClose?(): void;
}

export interface FilterResponseHandler {
  onResponse(sessionId: string, response: any): void;
  onResponseError?(sessionId: string, error: OsmosisError): void;
}

export interface Messages {
  /** Needs REGISTER_HANDLER; rejects HANDLER_CONFLICT (4009) if the path has a handler. */
  addRequestHandler(path: string, handler: RequestHandler, sessionProperties?: string[],
    requestType?: SomeDataType, responseType?: SomeDataType): Promise<{ path: string; close(): Promise<boolean> }>;
  /** To the handler of the path (SEND_TO_MESSAGE_HANDLER). Without a request type it follows the value. */
  sendRequest(path: string, request: any, requestType?: SomeDataType, responseType?: SomeDataType): Promise<any>;
  /** To one session's request stream for the path (SEND_TO_SESSION). */
  sendRequest(path: string, request: any, sessionId: string | SessionId | { session: string }, requestType?: SomeDataType, responseType?: SomeDataType): Promise<any>;
  /** Resolves with the number of sessions addressed; the handler then hears one answer from each. */
  sendRequestToFilter(filter: string, path: string, request: any, responseHandler: FilterResponseHandler,
    requestType?: SomeDataType, responseType?: SomeDataType): Promise<number>;
  /** Returns the stream it replaces. */
  setRequestStream(path: string, stream: RequestStream, requestType?: SomeDataType, responseType?: SomeDataType): RequestStream | undefined;
  removeRequestStream(path: string): RequestStream | undefined;
  /**
   * Seed 001's "Send a message": to the handler of the path, or to a session's request stream for the path; no
   * response wanted (a request whose answer is dropped). Resolves once the recipient took it; rejects if it could
   * not be delivered (4004, 3001, 4008).
   */
  send(path: string, message: any, sessionId?: string | SessionId): Promise<void>;
}

// ---- locks, fetch, notifications ---------------------------------------------------------------------------------------

export type SessionLockScope = 'UNLOCK_ON_SESSION_LOSS' | 'UNLOCK_ON_CONNECTION_LOSS';

export class SessionLock {
  getName(): string;
  /** Server-wide: a later acquisition has a greater sequence. */
  getSequence(): number;
  getScope(): SessionLockScope;
  isOwned(): boolean;
  /** Resolves true if released, false if this session did not own it with this sequence. */
  unlock(): Promise<boolean>;
}

export class TopicResult {
  path(): string;
  type(): TopicType;
  /** Undefined unless fetched withValues and the topic has a value. */
  value(): any;
  specification(): TopicSpecification;
  /** With withSizes(): the UTF-8 bytes of the value's wire form (measured by the client); else 0. */
  valueSize(): number;
  /** With withSizes(): 1 if the topic has a value, else 0. */
  valueCount(): number;
  /** With withSizes(): valueSize() (no time series). */
  valueTotalSize(): number;
}

export class FetchResult {
  results(): TopicResult[];
  hasMore(): boolean;
  size(): number;
  isEmpty(): boolean;
}

/** Immutable: every option returns a new request. */
export class FetchRequest {
  from(path: string): FetchRequest;
  after(path: string): FetchRequest;
  to(path: string): FetchRequest;
  before(path: string): FetchRequest;
  topicTypes(types: Iterable<TopicType>): FetchRequest;
  /** datatypes.any() (the default): values of every type; another data type keeps only its topics. */
  withValues(datatype?: SomeDataType): FetchRequest;
  withProperties(): FetchRequest;
  first(n: number): FetchRequest;
  last(n: number): FetchRequest;
  maximumResultSize(bytes: number): FetchRequest;
  limitDeepBranches(deepBranchDepth: number, deepBranchLimit: number): FetchRequest;
  /** TopicResult.valueSize(), valueCount(), valueTotalSize() for each result; the client measures values, so values are fetched (and dropped unless withValues()). */
  withSizes(): FetchRequest;
  /** Every topic here is published when added (no delayed publication): the request is unchanged. */
  withUnpublishedDelayedTopics(): FetchRequest;
  fetch(selector: Selector | Selector[]): Promise<FetchResult>;
  /** Every topic type. */
  static getAllTypes(): Set<TopicType>;
}

/** Seed 001's FetchStream (session.fetch(selector)). */
export interface FetchStreamEvents {
  /** A fetched topic's value, in path order (topics without a value are left out). */
  value: (value: any, path: string) => void;
  /** Every value was emitted. */
  close: () => void;
  /** The fetch was refused (e.g. PERMISSION_DENIED, a bad selector). */
  error: (error: OsmosisError) => void;
}

export class FetchStream implements Emitter<FetchStreamEvents> {
  on<E extends keyof FetchStreamEvents>(event: E, listener: FetchStreamEvents[E]): this;
  on(listeners: Partial<FetchStreamEvents>): this;
  off<E extends keyof FetchStreamEvents>(event: E, listener?: FetchStreamEvents[E]): this;
  off(listeners: Partial<FetchStreamEvents>): this;
}

export type TopicNotificationType = 'ADDED' | 'SELECTED' | 'REMOVED' | 'DESELECTED';

export const topicNotifications: {
  readonly TopicNotificationType: { readonly [K in TopicNotificationType]: K };
};
export const TopicNotificationType: { readonly [K in TopicNotificationType]: K };

export interface TopicNotificationListener {
  onTopicNotification(path: string, specification: TopicSpecification, type: TopicNotificationType): void;
  /**
   * An immediate descendant of a selected path (the first topic on a branch below it that no selection selects)
   * was SELECTED or ADDED, or stopped being one: DESELECTED or REMOVED (docs/JAVASCRIPT.md).
   */
  onDescendantNotification?(path: string, type: TopicNotificationType): void;
  onClose?(): void;
  onError?(error: any): void;
}

export interface TopicNotificationRegistration {
  select(selector: Selector): Promise<number>;
  deselect(selector: Selector): Promise<number>;
  close(): Promise<void>;
}

export interface TopicNotifications {
  readonly TopicNotificationType: { readonly [K in TopicNotificationType]: K };
  /** Selections belong to the session: every listener hears every selection's notifications. */
  addListener(listener: TopicNotificationListener): Promise<TopicNotificationRegistration>;
  /** Resolves with the number of SELECTED notifications. */
  select(selector: Selector): Promise<number>;
  /** Resolves with the number of DESELECTED notifications. */
  deselect(selector: Selector): Promise<number>;
}

/** A condition on a topic update, checked by the server with the update (rejects with code 4012 if it does not hold). */
export interface UpdateConstraint {
  and(other: UpdateConstraint): UpdateConstraint;
}

export interface JsonValueConstraint extends UpdateConstraint {
  with(pointer: string, value: any): JsonValueConstraint;
  without(pointer: string): JsonValueConstraint;
}

export interface UpdateConstraints {
  value(value: any, datatype?: SomeDataType): UpdateConstraint;
  noValue(): UpdateConstraint;
  noTopic(): UpdateConstraint;
  locked(lock: SessionLock): UpdateConstraint;
  jsonValue(): JsonValueConstraint;
}

/** Diffusion's diffusion.updateConstraints(). */
export function updateConstraints(): UpdateConstraints;

export interface UpdateOptions {
  constraint?: UpdateConstraint;
  specification?: TopicType | TopicSpecification;
}

/** Successive updates from this session; an update by anyone else in between invalidates it. */
export interface UpdateStream<V = any> {
  set(value: V): Promise<void>;
  get(): V | undefined;
  validate(): boolean;
}

export interface UpdateStreamBuilder {
  constraint(constraint: UpdateConstraint): UpdateStreamBuilder;
  specification(specification: TopicType | TopicSpecification): UpdateStreamBuilder;
  build<D extends DataType<any, any>>(path: string, datatype: D): UpdateStream;
}

export interface TopicUpdate {
  set<D extends DataType<any, any>>(path: string, datatype: D, value: any, options?: UpdateOptions): Promise<void>;
  addAndSet<D extends DataType<any, any>>(path: string, specification: TopicType | TopicSpecification, datatype: D, value: any, constraint?: UpdateConstraint): Promise<{ topic: string; added: boolean }>;
  createUpdateStream<D extends DataType<any, any>>(path: string, datatype: D, options?: UpdateOptions): UpdateStream;
  newUpdateStreamBuilder(): UpdateStreamBuilder;
  /** RFC 6902 patch (array or JSON text) applied at the server; rejects with 4001 if it does not apply. */
  applyJsonPatch(path: string, patch: string | Array<{ op: string; path: string; from?: string; value?: any }>, constraint?: UpdateConstraint): Promise<void>;
}

// ---- security administration (session.security, PROTOCOL §14, docs/SECURITY.md "Administration") -------------

export type GlobalPermission = 'AUTHENTICATE' | 'CONTROL_SERVER' | 'MODIFY_SECURITY' | 'MODIFY_SESSION'
  | 'REGISTER_HANDLER' | 'VIEW_SECURITY' | 'VIEW_SERVER' | 'VIEW_SESSION' | 'READ_TOPIC_VIEWS' | 'MODIFY_TOPIC_VIEWS';
export type PathPermission = 'SELECT_TOPIC' | 'READ_TOPIC' | 'UPDATE_TOPIC' | 'MODIFY_TOPIC' | 'SEND_TO_MESSAGE_HANDLER'
  | 'SEND_TO_SESSION' | 'ACQUIRE_LOCK' | 'EXPOSE_BRANCH' | 'QUERY_OBSOLETE_TIME_SERIES_EVENTS'
  | 'EDIT_TIME_SERIES_EVENTS' | 'EDIT_OWN_TIME_SERIES_EVENTS';

/** A role of the security store. */
export interface Role {
  readonly name: string;
  readonly global: GlobalPermission[];
  /** The path permissions where none of the role's path assignments applies. */
  readonly default: PathPermission[];
  /** The role's path assignments: path -> permissions at that path and below. */
  readonly topic: { readonly [path: string]: PathPermission[] };
  /** The roles whose permissions this role includes. */
  readonly roles: string[];
  /** Present if only that principal may change the role. */
  readonly lockingPrincipal?: string;
}

/** A snapshot of the security store. */
export interface SecurityConfiguration {
  /** The default roles of sessions authenticated with a principal. */
  readonly named: string[];
  /** The default roles of anonymous sessions. */
  readonly anonymous: string[];
  readonly roles: Role[];
  readonly isolatedPaths: string[];
}

/** A principal of the system authentication store (never a password or hash). */
export interface SystemPrincipal {
  readonly name: string;
  readonly roles: string[];
  /** Present if only that principal may change or remove this one. */
  readonly lockingPrincipal?: string;
}

export type AnonymousConnectionAction = 'deny' | 'allow' | 'abstain';

/** How a trusted client proposed property is checked: by a regular expression or by a list of values. */
export type SessionPropertyValidation =
  | { readonly type: 'matches'; readonly regex: string }
  | { readonly type: 'values'; readonly values: string[] };

/** A snapshot of the system authentication store. */
export interface SystemAuthenticationConfiguration {
  readonly principals: SystemPrincipal[];
  readonly anonymous: { readonly action: AnonymousConnectionAction; readonly roles: string[] };
  readonly trustedClientProposedProperties: { readonly [name: string]: SessionPropertyValidation };
}

/** Builds a security store script; immutable: each method returns a new builder. */
export interface SecurityScriptBuilder {
  build(): string;
  setRolesForAnonymousSessions(roles?: string[]): SecurityScriptBuilder;
  setRolesForNamedSessions(roles?: string[]): SecurityScriptBuilder;
  setGlobalPermissions(role: string, permissions?: string[]): SecurityScriptBuilder;
  setDefaultPathPermissions(role: string, permissions?: string[]): SecurityScriptBuilder;
  /** An empty list takes every path permission away at and below the path (unlike removePathPermissions). */
  setPathPermissions(role: string, path: string, permissions?: string[]): SecurityScriptBuilder;
  removePathPermissions(role: string, path: string): SecurityScriptBuilder;
  setRoleIncludes(role: string, roles: string[]): SecurityScriptBuilder;
  isolatePath(path: string): SecurityScriptBuilder;
  deisolatePath(path: string): SecurityScriptBuilder;
  /** Beyond Diffusion's builder: removes a role (refused while anything names it). */
  removeRole(role: string): SecurityScriptBuilder;
}

/** Builds a system authentication store script; immutable: each method returns a new builder. */
export interface SystemAuthenticationScriptBuilder {
  build(): string;
  assignRoles(principal: string, roles: string[]): SystemAuthenticationScriptBuilder;
  addPrincipal(principal: string, password: string, roles?: string[], lockingPrincipal?: string): SystemAuthenticationScriptBuilder;
  setPassword(principal: string, password: string): SystemAuthenticationScriptBuilder;
  verifyPassword(principal: string, password: string): SystemAuthenticationScriptBuilder;
  removePrincipal(principal: string): SystemAuthenticationScriptBuilder;
  allowAnonymousConnections(roles?: string[]): SystemAuthenticationScriptBuilder;
  denyAnonymousConnections(): SystemAuthenticationScriptBuilder;
  abstainAnonymousConnections(): SystemAuthenticationScriptBuilder;
  trustClientProposedPropertyIn(propertyName: string, allowedValues: string[]): SystemAuthenticationScriptBuilder;
  trustClientProposedPropertyMatches(propertyName: string, regex: string): SystemAuthenticationScriptBuilder;
  ignoreClientProposedProperty(propertyName: string): SystemAuthenticationScriptBuilder;
}

/** session.security: Diffusion's Security feature without authenticators. */
export interface Security {
  readonly GlobalPermission: { readonly [K in GlobalPermission]: K };
  readonly PathPermission: { readonly [K in PathPermission]: K };
  getPrincipal(): string;
  /** Resolves true; rejects with AUTHENTICATION_FAILED (2001) and keeps the principal if refused. */
  changePrincipal(principal: string, credentials: string): Promise<boolean>;
  /** Diffusion 6.12's name of changePrincipal; non-empty proposed properties reject NOT_SUPPORTED_YET. */
  reauthenticate(principal: string, credentials: string, properties?: { [key: string]: string }): Promise<boolean>;
  /** Needs VIEW_SECURITY (else PERMISSION_DENIED, 3001). */
  getSecurityConfiguration(): Promise<SecurityConfiguration>;
  /** Needs VIEW_SECURITY. */
  getSystemAuthenticationConfiguration(): Promise<SystemAuthenticationConfiguration>;
  /** All or nothing; needs MODIFY_SECURITY; a wrong script rejects with INVALID_ARGUMENT (4001) naming line and column. */
  updateSecurityStore(script: string): Promise<void>;
  /** All or nothing; needs MODIFY_SECURITY. */
  updateAuthenticationStore(script: string): Promise<void>;
  securityScriptBuilder(): SecurityScriptBuilder;
  authenticationScriptBuilder(): SystemAuthenticationScriptBuilder;
  /** The calling session's own global permissions, sorted; no permission needed. */
  getGlobalPermissions(): Promise<GlobalPermission[]>;
  /** The calling session's own permissions at a path, sorted; no permission needed. */
  getPathPermissions(path: string): Promise<PathPermission[]>;
  /** Closes the session (CLOSED_BY_CONTROLLER); needs VIEW_SESSION + MODIFY_SESSION; unknown: NOT_FOUND (4004). */
  revokeAuthentication(sessionId: string | SessionId): Promise<void>;
}

// ---- metric collectors (session.metrics, PROTOCOL §15, docs/OPERATIONS.md "Metric collectors") -----------------

/** Diffusion's MetricCollector: what both kinds have. maximumGroups 2147483647: not limited. */
export interface MetricCollector {
  readonly name: string;
  readonly exportToPrometheus: boolean;
  readonly maximumGroups: number;
}

export interface SessionMetricCollector extends MetricCollector {
  readonly sessionFilter: string;
  /** A session without a property is grouped under ''. */
  readonly groupByProperties: string[];
  readonly removeMetricsWithNoMatches: boolean;
}

export interface TopicMetricCollector extends MetricCollector {
  readonly topicSelector: string;
  readonly groupByTopicType: boolean;
  /** Osmosis has no topic views: one group, ''. */
  readonly groupByTopicView: boolean;
  /** 0: no grouping by path. */
  readonly groupByPathPrefixParts: number;
}

export interface SessionMetricCollectorList { readonly collectors: SessionMetricCollector[] }
export interface TopicMetricCollectorList { readonly collectors: TopicMetricCollector[] }

/** Diffusion's builder: each setter changes and returns this builder; create() gives a frozen collector. */
export interface SessionMetricCollectorBuilder {
  exportToPrometheus(exportMetrics: boolean): SessionMetricCollectorBuilder;
  /** A positive integer; INVALID_ARGUMENT otherwise. Default: unlimited. */
  maximumGroups(limit: number): SessionMetricCollectorBuilder;
  groupByProperty(propertyName: string): SessionMetricCollectorBuilder;
  groupByProperties(propertyNames: string[]): SessionMetricCollectorBuilder;
  removeMetricsWithNoMatches(remove: boolean): SessionMetricCollectorBuilder;
  reset(): SessionMetricCollectorBuilder;
  /** INVALID_ARGUMENT if name is empty; the server checks the filter when the collector is put. */
  create(name: string, sessionFilter: string): SessionMetricCollector;
}

export interface TopicMetricCollectorBuilder {
  exportToPrometheus(exportMetrics: boolean): TopicMetricCollectorBuilder;
  maximumGroups(limit: number): TopicMetricCollectorBuilder;
  groupByTopicType(groupByTopicType: boolean): TopicMetricCollectorBuilder;
  groupByTopicView(groupByTopicView: boolean): TopicMetricCollectorBuilder;
  groupByPathPrefixParts(parts: number): TopicMetricCollectorBuilder;
  reset(): TopicMetricCollectorBuilder;
  create(name: string, topicSelector: string | TopicSelector): TopicMetricCollector;
}

export function newSessionMetricCollectorBuilder(): SessionMetricCollectorBuilder;
export function newTopicMetricCollectorBuilder(): TopicMetricCollectorBuilder;

/**
 * One group of one collector, computed by the server: labels are the group's key (a session property's name, or
 * 'type' / 'path' for topics), values its metrics by name (sessions, topics, subscriptions, ...).
 */
export interface MetricGroup {
  readonly kind: 'session' | 'topic';
  readonly collector: string;
  readonly labels: { readonly [label: string]: string };
  readonly values: { readonly [value: string]: number };
}

/** Beyond Diffusion's MetricsResult (which reads Prometheus samples per server): this server's collectors' groups. */
export interface MetricsResult {
  readonly groups: ReadonlyArray<MetricGroup>;
  /** How many groups were left out (beyond maximumGroups or the server's cap). */
  readonly omitted: number;
  groupsOf(collector: string): MetricGroup[];
}

/** Immutable; filter() and currentServer() return a request. */
export interface MetricsRequest {
  /** Collector names; empty: every collector. Diffusion's regular-expression form rejects NOT_SUPPORTED_YET. */
  filter(filters: string[] | Set<string>): MetricsRequest;
  currentServer(): MetricsRequest;
  /** Needs VIEW_SERVER (else PERMISSION_DENIED, 3001). */
  fetch(): Promise<MetricsResult>;
}

/** session.metrics: Diffusion's Metrics feature without metric alerts. */
export interface Metrics {
  /** Needs CONTROL_SERVER; a bad filter rejects with INVALID_ARGUMENT (4001) and its position. Resolves null. */
  putSessionMetricCollector(collector: SessionMetricCollector): Promise<any>;
  /** Needs VIEW_SERVER. */
  listSessionMetricCollectors(): Promise<SessionMetricCollectorList>;
  /** Needs CONTROL_SERVER; resolves null whether or not there was one. */
  removeSessionMetricCollector(name: string): Promise<any>;
  putTopicMetricCollector(collector: TopicMetricCollector): Promise<any>;
  listTopicMetricCollectors(): Promise<TopicMetricCollectorList>;
  removeTopicMetricCollector(name: string): Promise<any>;
  metricsRequest(): MetricsRequest;
  /** Not on the server: rejects with NOT_SUPPORTED_YET. */
  setMetricAlert(name: string, specification: string): Promise<void>;
  /** Not on the server: rejects with NOT_SUPPORTED_YET. */
  listMetricAlerts(): Promise<any[]>;
  /** Not on the server: rejects with NOT_SUPPORTED_YET. */
  removeMetricAlert(name: string): Promise<void>;
}

export class Session implements Emitter<SessionEvents> {
  on<E extends keyof SessionEvents>(event: E, listener: SessionEvents[E]): this;
  on(listeners: Partial<SessionEvents>): this;
  off<E extends keyof SessionEvents>(event: E, listener?: SessionEvents[E]): this;
  off(listeners: Partial<SessionEvents>): this;

  /** The id the server assigned (its text: two 16-digit hex groups); compare with String(id) or id.equals(other). */
  readonly sessionId: SessionId;
  /** @deprecated Diffusion's old spelling: the id's text. */
  readonly sessionID: string;
  /** The options used to connect (credentials shown as '********'). */
  readonly options: Readonly<Options>;
  readonly clients: ClientControl;
  readonly topics: TopicControl;
  readonly topicUpdate: TopicUpdate;
  readonly security: Security;
  readonly metrics: Metrics;
  readonly messages: Messages;
  readonly notifications: TopicNotifications;
  /** Not on the server: every method throws NOT_SUPPORTED_YET. */
  readonly timeseries: any;
  /** Not on the server: every method throws NOT_SUPPORTED_YET. */
  readonly topicViews: any;

  getPrincipal(): string;
  getRoles(): string[];
  getProperties(): { [key: string]: string };
  /** The session's current fixed properties, all but $Roles, from the server (no permission needed). */
  getSessionProperties(): Promise<{ [key: string]: string }>;
  getState(): SessionState;
  /** The transport of the current connection; null while there is none (recovering, closed). */
  getTransport(): 'WEBSOCKET' | 'HTTP_POLLING' | null;
  /** The WebSocket URL of the server the session is (or was last) connected to: with `servers`, the one that took it. */
  getServerUrl(): string;
  /** The name of that server, as its `connected` answer gave it. */
  getServerName(): string | undefined;
  isConnected(): boolean;
  isClosed(): boolean;
  pingServer(): Promise<PingDetails>;
  /** Resolves true; rejects with AUTHENTICATION_FAILED (2001) and keeps the principal if refused. */
  changePrincipal(principal: string, credentials: string): Promise<boolean>;
  close(): this;
  closeSession(): Promise<CloseReason>;

  select(...selectors: Array<Selector | Selector[]>): Promise<number>;
  /** Diffusion's name of unselect: resolves with the number of topics unsubscribed. */
  unsubscribe(...selectors: Array<Selector | Selector[]>): Promise<number>;
  unselect(...selectors: Array<Selector | Selector[]>): Promise<number>;
  /**
   * Beyond Diffusion's API: the sequence number (PROTOCOL §9 `n`) of the last value or delta received for a
   * subscribed topic; 0 when not subscribed or none received. Inside a `value` listener: the value's own number.
   */
  lastSequence(path: string): number;
  addStream<D extends SomeDataType>(selector: Selector | Selector[], datatype: D): ValueStream<ValueOf<D>>;
  addFallbackStream<D extends SomeDataType>(datatype: D): ValueStream<ValueOf<D>>;

  fetchRequest(): FetchRequest;
  /** Seed 001's fetch: the values of the topics the selector matches, as a FetchStream. */
  fetch(selector: Selector | Selector[]): FetchStream;
  /** Resolves once this session owns the lock (waiting behind earlier requests); needs ACQUIRE_LOCK at the name. */
  lock(name: string, scope?: SessionLockScope): Promise<SessionLock>;

  /** The default selection scope, `''` (TOPICS.md "Selection scopes"). */
  readonly DEFAULT_SELECTION_SCOPE: string;
  /** As select, in a selection scope (default `''`); resolves with the number of topics newly subscribed. */
  selectWithScope(selector: Selector | Selector[], scope?: string): Promise<number>;
  /** Unsubscribes in one scope: topics another scope selects stay; resolves with the number unsubscribed. */
  unsubscribeWithScope(selector: Selector | Selector[], scope?: string): Promise<number>;
  /** Removes the selector from every scope; resolves with the number of topics unsubscribed. */
  unsubscribeAllScopes(selector: Selector | Selector[]): Promise<number>;
}
