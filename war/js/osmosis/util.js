// @ts-check
// Small helpers shared by the modules of the client.

export const SESSION_ID = /^[0-9a-f]{16}-[0-9a-f]{16}$/i;

export function safeCall(fn, ...args) {
  if (typeof fn !== 'function') return undefined;
  try { return fn(...args); } catch (e) { console.error('osmosis: a handler threw', e); return undefined; }
}
