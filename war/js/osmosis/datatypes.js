// @ts-check
// Data types (PROTOCOL §9 "Values on the wire"): how values are encoded, decoded and chosen.

import { OsmosisError } from './errors.js';

/** A data type as osmosis.d.ts declares it: what the API takes. @typedef {import('../osmosis.js').DataType<any, any>} DataType */

/** datatypes.any(): receives every type. @typedef {import('../osmosis.js').AnyDataType} AnyType */

/**
 * What a data type of this module is (datatypes.json(), ...): `_encode` gives a value's wire form, `_decode` the
 * value a stream receives. A DataType the API was given is one of these once isDataType() said so.
 * @typedef {Readonly<{ name(): string, toString(): string, _encode(value: any): any, _decode(wire: any): any,
 *   from(value: any): any }>} Codec
 */

/**
 * The wire form of a value (PROTOCOL §9).
 * @param {DataType} datatype one of this module's
 * @param {any} value
 */
export function encode(datatype, value) { return /** @type {Codec} */ (datatype)._encode(value); }

/** The wire names of the topic types that have a data type. @typedef {'JSON' | 'STRING' | 'INT64' | 'DOUBLE' | 'BINARY'} WireType */

/** A JSON topic's value. */
export class JSONValue {
  /** @param {any} value */
  constructor(value) { this._value = value; }
  /** The JavaScript value (object, array, string, number, boolean or null). */
  get() { return this._value; }
  toString() { return JSON.stringify(this._value); }
  toJSON() { return this._value; }
}

/** @param {Uint8Array} bytes */
function base64Encode(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s);
}

/** @param {string} text */
function base64Decode(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * @param {string} name
 * @param {(value: any) => any} encode
 * @param {(wire: any) => any} decode
 * @returns {Codec}
 */
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

export const JSON_TYPE = makeDataType('json',
  (v) => (v instanceof JSONValue ? v.get() : v),
  (v) => new JSONValue(v));
export const STRING_TYPE = makeDataType('string',
  (v) => { if (typeof v !== 'string') throw new TypeError('a string value must be a string'); return v; },
  (v) => v);
export const INT64_TYPE = makeDataType('int64',
  (v) => {
    const b = typeof v === 'bigint' ? v : BigInt(typeof v === 'number' && !Number.isInteger(v) ? NaN : v);
    if (b > 9223372036854775807n || b < -9223372036854775808n) throw new RangeError(`${v} is outside the int64 range`);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b.toString();
  },
  (v) => (typeof v === 'number' ? v : BigInt(v)));
export const DOUBLE_TYPE = makeDataType('double',
  (v) => {
    const n = Number(v);
    if (Number.isNaN(n)) return 'NaN';
    if (n === Infinity) return 'Infinity';
    if (n === -Infinity) return '-Infinity';
    return n;
  },
  (v) => (typeof v === 'string' ? Number(v) : v));
export const BINARY_TYPE = makeDataType('binary',
  (v) => {
    if (v instanceof ArrayBuffer) v = new Uint8Array(v);
    if (!(v instanceof Uint8Array)) throw new TypeError('a binary value must be a Uint8Array or an ArrayBuffer');
    return base64Encode(v);
  },
  (v) => base64Decode(v));
// receives every type: values as the topic's own data type decodes them
/** @type {AnyType} */
export const ANY_TYPE = Object.freeze({ name() { return 'any'; }, toString() { return 'any'; } });

/** @type {Readonly<Record<string, Codec>>} */
export const TYPE_BY_TOPIC_TYPE = { JSON: JSON_TYPE, STRING: STRING_TYPE, INT64: INT64_TYPE, DOUBLE: DOUBLE_TYPE, BINARY: BINARY_TYPE };
/** @type {Map<DataType | AnyType, WireType>} */
export const TOPIC_TYPE_BY_DATATYPE = new Map([[JSON_TYPE, 'JSON'], [STRING_TYPE, 'STRING'], [INT64_TYPE, 'INT64'],
  [DOUBLE_TYPE, 'DOUBLE'], [BINARY_TYPE, 'BINARY']]);

export const datatypes = Object.freeze({
  json: () => JSON_TYPE,
  string: () => STRING_TYPE,
  int64: () => INT64_TYPE,
  double: () => DOUBLE_TYPE,
  binary: () => BINARY_TYPE,
  any: () => ANY_TYPE,
  /**
   * @overload
   * @param {'any'} name
   * @returns {AnyType}
   */
  /**
   * @overload
   * @param {string} name
   * @returns {DataType}
   */
  /**
   * @param {string} name
   * @returns {DataType | AnyType}
   */
  get(name) {
    /** @type {DataType | AnyType | undefined} */
    const t = { json: JSON_TYPE, string: STRING_TYPE, int64: INT64_TYPE, double: DOUBLE_TYPE, binary: BINARY_TYPE, any: ANY_TYPE }[String(name).toLowerCase()];
    if (!t) throw new OsmosisError('INVALID_ARGUMENT', `unknown data type '${name}'`);
    return t;
  },
});

// ---- values of requests, responses and fetch results (PROTOCOL §10 "Values")

/**
 * @param {any} x
 * @returns {x is DataType}
 */
export function isDataType(x) { return TOPIC_TYPE_BY_DATATYPE.has(x); }

/** The data type a value is sent as when none is given: string, int64 (integers, BigInt), double, binary, else json. */
/**
 * @param {unknown} value
 * @returns {DataType}
 */
function datatypeOfValue(value) {
  if (value instanceof JSONValue) return JSON_TYPE;
  if (typeof value === 'string') return STRING_TYPE;
  if (typeof value === 'bigint') return INT64_TYPE;
  if (typeof value === 'number') return Number.isInteger(value) ? INT64_TYPE : DOUBLE_TYPE;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return BINARY_TYPE;
  return JSON_TYPE;
}

/**
 * A data type argument: null for none (absent, or any()); a name is looked up; anything else is refused.
 * @param {DataType | AnyType | string | null | undefined} datatype
 * @param {string} what
 * @returns {DataType | null}
 */
export function optionalType(datatype, what) {
  if (datatype === undefined || datatype === null || datatype === ANY_TYPE) return null;
  const t = typeof datatype === 'string' ? datatypes.get(datatype) : datatype;
  if (t === ANY_TYPE) return null;
  if (!isDataType(t)) throw new OsmosisError('INVALID_ARGUMENT', `${what} must be a data type from diffusion.datatypes`);
  return t;
}

/** {type, v} for a value, of the given data type or the one its JavaScript type suggests. */
/**
 * @param {any} value
 * @param {DataType | null} [datatype]
 * @returns {{ type: WireType, v: any }}
 */
export function wireValue(value, datatype) {
  const t = datatype || datatypeOfValue(value);
  try {
    return { type: /** @type {WireType} */ (TOPIC_TYPE_BY_DATATYPE.get(t)), v: encode(t, value) };
  } catch (e) {
    throw new OsmosisError('INVALID_ARGUMENT', `${String(value).slice(0, 40)} is not a ${t.name()} value: ${e.message}`, 4001);
  }
}

/**
 * @param {string} type
 * @param {any} v
 */
function decodeWire(type, v) {
  const t = TYPE_BY_TOPIC_TYPE[type];
  return t ? t._decode(v) : v;
}

/** A received value as the data type asked for (null: as it came). */
/**
 * @param {string} type the topic type on the wire
 * @param {any} v the wire value
 * @param {DataType | null} wanted
 */
export function receivedAs(type, v, wanted) {
  if (!wanted) return decodeWire(type, v);
  const want = TOPIC_TYPE_BY_DATATYPE.get(wanted);
  if (want === type) return decodeWire(type, v);
  if (want === 'STRING' && type === 'JSON') return JSON.stringify(v);
  if (want === 'JSON' && type !== 'BINARY') return new JSONValue(decodeWire(type, v));
  throw new OsmosisError('INVALID_ARGUMENT', `a ${type} value where ${want} was expected`, 4001);
}
