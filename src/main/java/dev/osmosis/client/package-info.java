/**
 * The Osmosis Java client SDK: opens sessions to an Osmosis server over a WebSocket and speaks
 * protocol v1 ({@code docs/PROTOCOL.md}).
 *
 * <p>A self-contained SDK: it depends on the JDK only ({@code java.net.http.WebSocket} for the
 * transport and a small built-in JSON codec) and on no server class, {@code jakarta.*} API or
 * third-party library, so it runs in any Java 17 application. The vocabulary it shares with the
 * server (error codes, client types, filter text) is {@code dev.osmosis.wire}, packed in the same
 * jar.
 *
 * <pre>{@code
 * try (Session session = Osmosis.sessions()
 *         .principal("client").password("password")
 *         .open("ws://localhost:8080")) {
 *     PingDetails ping = session.pingServer().join();
 * }
 * }</pre>
 *
 * <p>Threading: every public type is thread-safe. Listeners and the completions of returned futures
 * run on the session's event thread, one event at a time in arrival order; they must not block.
 */
package dev.osmosis.client;
