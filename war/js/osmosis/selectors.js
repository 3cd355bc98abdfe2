// @ts-check
// Topic selectors (docs/TOPICS.md): parsed on the client too, to route values to streams.

import { OsmosisError } from './errors.js';

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

export class TopicSelector {
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

export function canonicalPath(path) {
  let p = String(path);
  if (p.startsWith('/')) p = p.slice(1);
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

export function parseOne(text) {
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

export function flattenSelectors(args) {
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
