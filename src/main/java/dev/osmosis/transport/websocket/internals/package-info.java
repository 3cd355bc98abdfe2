/**
 * Every reflective route into the container's internals (Tyrus, Catalina, Grizzly), each with its
 * fallback to the portable API and a test that it engages or falls back: raw pre-encoded frames and
 * Grizzly's write queue on the write path ({@link
 * dev.osmosis.transport.websocket.internals.FrameWriters}, {@code GrizzlyFrames}, {@code
 * TextFrames}), the server's close frame ({@link
 * dev.osmosis.transport.websocket.internals.CloseFrames}), Tyrus's idle timers ({@link
 * dev.osmosis.transport.websocket.internals.IdleTimers}), the peer's address ({@link
 * dev.osmosis.transport.websocket.internals.RemoteAddresses}), Grizzly worker threads for the
 * writer pool ({@link dev.osmosis.transport.websocket.internals.GrizzlyThreads}), Tyrus's engine
 * for the frame ceiling ({@link dev.osmosis.transport.websocket.internals.TyrusEngine}) and what
 * the servlet upgrade keeps that an open WebSocket never reads ({@link
 * dev.osmosis.transport.websocket.internals.UpgradeLeftovers}). A one-time lookup and its logged
 * outcome go through {@code Internals}; the chain from a WebSocket to its servlet upgrade's
 * requests, which several routes take, is {@code UpgradeRoute}. Depends on the JDK, the Jakarta
 * WebSocket API and {@code connection.FrameSink} (the interface its writers implement); the
 * container's classes by reflection only, so it compiles and runs without them.
 */
package dev.osmosis.transport.websocket.internals;
