// @ts-check
// The delta of a STRING or BINARY topic (PROTOCOL §9 "Deltas"): `d` is a flat array of triples
// [at, remove, insert, ...], offsets into the previous value in increasing order (UTF-16 code units for a
// string, bytes for binary; a binary insert is base64).

/** @param {number} n @param {number} min @param {number} max */
function offset(n, min, max) {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`an edit's offset ${n} is outside ${min}..${max} of the previous value`);
  }
  return n;
}

/** @param {string} text */
function base64Decode(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * The new value: `previous` (a string or a Uint8Array) with the edits `d` applied; never `previous` itself.
 * @param {string | Uint8Array} previous
 * @param {unknown} d
 * @returns {string | Uint8Array}
 */
export function applyEdits(previous, d) {
  if (!Array.isArray(d) || d.length === 0 || d.length % 3 !== 0) {
    throw new Error('field d must be a non-empty array of [at, remove, insert]');
  }
  if (typeof previous === 'string') {
    let out = '';
    let from = 0;
    for (let k = 0; k < d.length; k += 3) {
      const at = offset(d[k], from, previous.length);
      const end = offset(d[k + 1], 0, previous.length - at) + at;
      if (typeof d[k + 2] !== 'string') throw new Error("a STRING edit's insert must be a string");
      out += previous.slice(from, at) + d[k + 2];
      from = end;
    }
    return out + previous.slice(from);
  }
  const parts = [];
  let size = 0;
  let from = 0;
  for (let k = 0; k < d.length; k += 3) {
    const at = offset(d[k], from, previous.length);
    const end = offset(d[k + 1], 0, previous.length - at) + at;
    if (typeof d[k + 2] !== 'string') throw new Error("a BINARY edit's insert must be base64 text");
    const insert = base64Decode(d[k + 2]);
    parts.push(previous.subarray(from, at), insert);
    size += at - from + insert.length;
    from = end;
  }
  parts.push(previous.subarray(from));
  size += previous.length - from;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
