// @ts-check
// JSON Patch (RFC 6902), applied to a copy of the previous value of a JSON topic (a `delta`).

function pointer(path) {
  if (path === '') return [];
  if (path[0] !== '/') throw new Error(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone(v) { return v === undefined ? v : JSON.parse(JSON.stringify(v)); }

function deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

function getAt(doc, tokens) {
  let cur = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object' || !(Array.isArray(cur) ? t < cur.length : Object.prototype.hasOwnProperty.call(cur, t))) {
      throw new Error(`path /${tokens.join('/')} does not exist`);
    }
    cur = cur[t];
  }
  return cur;
}

export function applyJsonPatch(document, patch) {
  let doc = clone(document);
  const put = (tokens, value, insert) => {
    if (tokens.length === 0) { doc = value; return; }
    const parent = getAt(doc, tokens.slice(0, -1));
    const key = tokens[tokens.length - 1];
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length || (!insert && i === parent.length)) throw new Error(`bad array index ${key}`);
      if (insert) parent.splice(i, 0, value); else parent[i] = value;
    } else if (parent !== null && typeof parent === 'object') {
      parent[key] = value;
    } else {
      throw new Error(`cannot add to a non-container at ${tokens.join('/')}`);
    }
  };
  const del = (tokens) => {
    if (tokens.length === 0) throw new Error('cannot remove the whole document');
    const parent = getAt(doc, tokens.slice(0, -1));
    const key = tokens[tokens.length - 1];
    getAt(parent, [key]);
    if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key];
  };
  for (const op of patch) {
    const path = pointer(op.path);
    switch (op.op) {
      case 'add': put(path, clone(op.value), true); break;
      case 'remove': del(path); break;
      case 'replace': getAt(doc, path); put(path, clone(op.value), false); break;
      case 'move': { const v = getAt(doc, pointer(op.from)); del(pointer(op.from)); put(path, v, true); break; }
      case 'copy': put(path, clone(getAt(doc, pointer(op.from))), true); break;
      case 'test': if (!deepEqual(getAt(doc, path), op.value)) throw new Error(`test failed at ${op.path}`); break;
      default: throw new Error(`unknown patch operation ${op.op}`);
    }
  }
  return doc;
}
