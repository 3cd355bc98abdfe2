/**
 * The WebSocket transports: the client endpoint {@code /osmosis} ({@link
 * dev.osmosis.transport.websocket.ClientEndpoint}, feeding a {@code connection.ClientConnection}
 * through a {@code WebSocketConnection}) and the ingress endpoint for rooms ({@link
 * dev.osmosis.transport.websocket.IngressEndpoint}); the servlet filters in front of the upgrade
 * (origin check, handshake cap, ingress routing); the write path's report ({@link
 * dev.osmosis.transport.websocket.WebSocketWrites}); liveness ({@link
 * dev.osmosis.transport.websocket.LiveConnections}); the per-address cap ({@link
 * dev.osmosis.transport.websocket.WebSocketAddresses}). Every reflective route into the container
 * lives in {@code transport.websocket.internals}. A boundary package: may depend on the core
 * packages (protocol, session, subscribe, control, room, ingress), {@code transport} (the pools and
 * the client connection factory), its {@code internals}, and the Jakarta WebSocket, Servlet, CDI
 * and Concurrency APIs; nothing in the core depends on it, and it never names {@code platform},
 * which wires it.
 */
package dev.osmosis.transport.websocket;
