/**
 * The WebSocket transports: the client endpoint {@code /osmosis/ws} ({@link
 * dev.osmosis.transport.websocket.ClientEndpoint}, feeding a {@code protocol.ClientConnection} through a
 * {@code WebSocketConnection}) and the ingress endpoint for rooms ({@link
 * dev.osmosis.transport.websocket.IngressEndpoint}); the servlet filters in front of the upgrade (origin check,
 * handshake cap, ingress routing); the write path ({@link dev.osmosis.transport.websocket.WebSocketWrites},
 * {@code FrameWriters} with the raw-frame route of
 * {@code GrizzlyFrames}); liveness ({@link
 * dev.osmosis.transport.websocket.LiveConnections}, {@code IdleTimers}); and
 * the reflective routes into the container's internals ({@code Internals},
 * {@link dev.osmosis.transport.websocket.WebSocketAddresses}), each with a fallback to the portable API.
 * A boundary package: may depend on the core packages (protocol, session, subscribe, control, room, ingress),
 * {@code platform} (its pools and lifecycle), the Jakarta WebSocket, Servlet, CDI and Concurrency APIs and, by
 * reflection only, Tyrus and Grizzly; nothing in the core depends on it.
 */
package dev.osmosis.transport.websocket;
