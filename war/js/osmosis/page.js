// @ts-check
// What the client takes from the page it runs in: its location (connect()'s default host, port and scheme) and
// its `pagehide` (the page's sessions close: nothing could resume them).

/** The page's location when it was served over HTTP(S), else null (a file, a worker, Node). */
export function pageLocation() {
  return typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? location : null;
}

/**
 * The open sessions of this page. A page that goes away cannot resume its sessions (their tokens live in its
 * memory), so on `pagehide` each one tells the server it is closed rather than leave it waiting for a reconnect.
 * @type {Set<{ _pageGone(): void }>}
 */
const PAGE_SESSIONS = new Set();
let pageHideListening = false;

/** @param {{ _pageGone(): void }} session a session that opens */
export function trackPageSession(session) {
  PAGE_SESSIONS.add(session);
  if (!pageHideListening && typeof addEventListener === 'function') {
    pageHideListening = true;
    addEventListener('pagehide', () => {
      for (const s of [...PAGE_SESSIONS]) s._pageGone();
    });
  }
}

/** @param {{ _pageGone(): void }} session a session that closed */
export function untrackPageSession(session) {
  PAGE_SESSIONS.delete(session);
}
