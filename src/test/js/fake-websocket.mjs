// The fake WebSocket the browser client's Node tests talk to: imported before the client, it becomes
// globalThis.WebSocket; `sockets` lists every socket the client opened, in order (each test file runs in a process
// of its own, so the list is per file). `answer(message)` plays the server's side. Not a test file itself.
export const sockets = [];

export class FakeWebSocket {
  static OPEN = 1;
  constructor(url) {
    this.url = url;
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
