// @ts-check
// Fetch (PROTOCOL §9 "Fetch"): session.fetchRequest() and its results, and seed 001's session.fetch(selector)
// FetchStream.

import { ANY_TYPE, optionalType, receivedAs, TOPIC_TYPE_BY_DATATYPE } from './datatypes.js';
import { Emitter } from './emitter.js';
import { OsmosisError } from './errors.js';
import { parseOne, selectors, TopicSelector } from './selectors.js';
import { TopicSpecification, TopicType } from './topics.js';

/**
 * The options of a fetch request, as the `fetch` message carries them (PROTOCOL §9 "Fetch"); `valueType` is the
 * client's own: the data type values are decoded as.
 * @typedef {{ from?: string, after?: string, to?: string, before?: string, types?: string[], values?: string | true,
 *   valueType?: import('./datatypes.js').DataType | null, properties?: boolean, first?: number, last?: number,
 *   maxResultSize?: number, deepBranchDepth?: number, deepBranchLimit?: number, sizes?: boolean }} FetchOptions
 */

const UTF8 = new TextEncoder();

export class TopicResult {
  /**
   * @param {Record<string, any>} entry a result of the `fetch` answer
   * @param {import('./datatypes.js').DataType | null} datatype
   * @param {boolean} [sized] the request asked withSizes()
   * @param {boolean} [valued] the request asked withValues() (else a value fetched only for its size is dropped)
   */
  constructor(entry, datatype, sized = false, valued = true) {
    this._path = entry.path;
    this._type = entry.type;
    const has = Object.prototype.hasOwnProperty.call(entry, 'v');
    this._size = sized && has ? UTF8.encode(JSON.stringify(entry.v)).length : 0;
    this._counted = sized && has ? 1 : 0;
    this._hasValue = has && valued;
    this._value = this._hasValue ? receivedAs(entry.type, entry.v, datatype) : undefined;
    this._spec = new TopicSpecification(entry.type, entry.properties || {});
  }

  /**
   * With withSizes(): the size of the topic's value, the UTF-8 bytes of its wire form (PROTOCOL §9 "Values on the
   * wire", what maximumResultSize counts); 0 without a value or without withSizes().
   */
  valueSize() { return this._size; }

  /** With withSizes(): 1 if the topic has a value, else 0 (no time series here). */
  valueCount() { return this._counted; }

  /** With withSizes(): valueSize() (no time series here). */
  valueTotalSize() { return this._size; }

  path() { return this._path; }

  type() { return this._type; }

  /** The value (when fetched withValues and the topic has one; else undefined), as the data type decodes it. */
  value() { return this._value; }

  /** The type and, when fetched withProperties(), the properties. */
  specification() { return this._spec; }
}

export class FetchResult {
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
export class FetchRequest {
  /**
   * @param {import('./session.js').Session} session
   * @param {FetchOptions} [options]
   */
  constructor(session, options = {}) {
    this._session = session;
    this._options = Object.freeze(options);
  }

  /** @param {FetchOptions} changes */
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

  /**
   * Include each value's size (TopicResult.valueSize(), valueCount(), valueTotalSize()). The server does not report sizes: the client measures each
   * value's wire form, so a request withSizes() fetches the values (without withValues() they are then dropped).
   */
  withSizes() { return this._with({ sizes: true }); }

  /**
   * Diffusion's option to include topics whose publication is delayed: every topic of this server is published as
   * soon as it is added (there is no delayed publication), so this request is unchanged.
   */
  withUnpublishedDelayedTopics() { return this; }

  /** Every topic type, for topicTypes(). @returns {Set<import('../osmosis.js').TopicType>} */
  static getAllTypes() { return new Set(/** @type {Array<import('../osmosis.js').TopicType>} */ (Object.keys(TopicType))); }

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
    /** @type {Record<string, any>} */
    let fields;
    try {
      const s = selector instanceof TopicSelector ? selector : Array.isArray(selector) ? selectors.parse(selector) : parseOne(selector);
      fields = { selector: s.expression };
      for (const [k, v] of Object.entries(this._options)) {
        if (v !== undefined && k !== 'valueType' && k !== 'sizes') fields[k] = v;
      }
    } catch (e) {
      return Promise.reject(e);
    }
    const datatype = this._options.valueType || null;
    const sized = this._options.sizes === true;
    const valued = this._options.values !== undefined;
    if (sized && !valued) fields.values = true;
    return this._session._request('fetch', fields)
      .then((ok) => new FetchResult((ok.results || []).map((r) => new TopicResult(r, datatype, sized, valued)), ok.hasMore === true));
  }
}

/**
 * Seed 001's FetchStream (what session.fetch(selector) returns): emits `value(value, path)` for each fetched topic
 * that has a value, in path order, then `close`; `error(e)` instead if the fetch is refused. It starts on the next
 * microtask, so listeners added right away hear everything.
 */
export class FetchStream extends Emitter {
  /**
   * @param {FetchRequest} request
   * @param {string | TopicSelector | Array<string | TopicSelector>} selector
   */
  constructor(request, selector) {
    super();
    queueMicrotask(() => request.fetch(selector).then((result) => {
      for (const r of result.results()) {
        if (r.value() !== undefined) this._emit('value', r.value(), r.path());
      }
      this._emit('close');
    }, (e) => this._emit('error', e)));
  }
}
