// The fake WebSocket the browser client's Node tests talk to: imported before the client, it becomes
// globalThis.WebSocket; `sockets` lists every socket the client opened, in order (each test file runs in a process
// of its own, so the list is per file). `answer(message)` plays the server's side. Not a test file itself.
export const sockets = [];

export class FakeWebSocket {
  static OPEN = 1;
  constructor(url) {
    // The client asks for deflated frames by a query parameter (compression.test.mjs checks it): `url` is the
    // server's address the session chose, `requested` what it opened.
    this.requested = url;
    this.url = url.replace(/[?&]compression=deflate-raw/, '');
    this.readyState = 0;
    this.sent = [];
    sockets.push(this);
    queueMicrotask(() => { this.readyState = 1; this.onopen(); });
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  /** The server's side. */
  answer(message) { this.onmessage({ data: JSON.stringify(message) }); }
}
globalThis.WebSocket = FakeWebSocket;
