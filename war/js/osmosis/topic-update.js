// @ts-check
// session.topicUpdate (PROTOCOL §9): set, addAndSet, JSON patches, update streams and update constraints.

import { encode, JSONValue, optionalType, TOPIC_TYPE_BY_DATATYPE, wireValue } from './datatypes.js';
import { OsmosisError } from './errors.js';
import { specOf } from './topic-control.js';

/** @typedef {import('./datatypes.js').DataType} DataType */
/** @typedef {import('./session-core.js').Wire} Wire */
/** @typedef {import('../osmosis.js').TopicType} TopicType */
/** @typedef {{ constraint?: UpdateConstraint, specification?: TopicType | import('./topics.js').TopicSpecification }} UpdateOptions */

/**
 * @param {DataType} datatype
 * @param {any} value
 * @returns {Wire}
 */
function encodeValue(datatype, value) {
  const type = TOPIC_TYPE_BY_DATATYPE.get(datatype);
  if (!type) throw new OsmosisError('INVALID_ARGUMENT', 'an update needs a data type from diffusion.datatypes');
  return { type, v: encode(datatype, value) };
}

export class TopicUpdate {
  /** @param {import('./session.js').Session} session */
  constructor(session) { this._session = session; }

  /**
   * Sets a topic's value: resolves once the server accepted it. `options.constraint` (from updateConstraints())
   * is checked by the server atomically with the update (else it rejects with UNSATISFIED_CONSTRAINT, code 4012);
   * `options.specification` adds the topic first if it does not exist (as addAndSet).
   * @param {string} path
   * @param {DataType} datatype
   * @param {any} value
   * @param {UpdateOptions} [options]
   * @returns {Promise<void>}
   */
  set(path, datatype, value, options = {}) {
    if (options && options.specification) {
      return this.addAndSet(path, options.specification, datatype, value, options.constraint).then(() => undefined);
    }
    let wire;
    try { wire = encodeValue(datatype, value); } catch (e) { return Promise.reject(e); }
    /** @type {Wire} */
    const fields = { path: String(path), ...wire };
    if (options && options.constraint) fields.constraint = constraintWire(options.constraint);
    return this._session._request('set', fields).then(() => undefined);
  }

  /**
   * Adds the topic if it does not exist, then sets its value, in one request: resolves with {topic, added}.
   * `specification` is a TopicType or a TopicSpecification whose type matches the data type.
   * @param {string} path
   * @param {TopicType | import('./topics.js').TopicSpecification} specification
   * @param {DataType} datatype
   * @param {any} value
   * @param {UpdateConstraint} [constraint]
   * @returns {Promise<{ topic: string, added: boolean }>}
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
    /** @type {Wire} */
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
    /** @type {Wire} */
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
