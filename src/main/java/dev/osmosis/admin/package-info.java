/**
 * The administration REST API under {@code /osmosis/admin} (docs/ADMIN.md): read-only views of the
 * server, sessions, topics and rooms ({@link dev.osmosis.admin.ServerResource}, {@link
 * dev.osmosis.admin.SessionsResource}, {@link dev.osmosis.admin.TopicsResource}, {@link
 * dev.osmosis.admin.RoomsResource}) and the few control actions they offer, behind HTTP Basic
 * authentication against the security store ({@link dev.osmosis.admin.BasicAuthFilter}, throttled
 * like client logins) and a CSRF check ({@link dev.osmosis.admin.CsrfFilter}); exception mappers
 * turn failures into JSON error bodies. MicroProfile OpenAPI annotations document it at {@code
 * /openapi} ({@link dev.osmosis.admin.AdminApplication}, {@link
 * dev.osmosis.admin.AdminOpenApiFilter}). A boundary package: thin JAX-RS resources over the core.
 * May depend on the core packages (session, security, topic, subscribe, selector, filter, room,
 * ingress, control, protocol, wire), {@code platform} (its pools and lifecycle), {@code
 * transport.websocket.WebSocketWrites} (for the server view), JAX-RS, CDI, JSON-P/JSON-B and the
 * Servlet API; nothing in the core depends on it.
 */
package dev.osmosis.admin;
