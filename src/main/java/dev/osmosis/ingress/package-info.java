/**
 * The ingress API: what a WebSocket handler author writes against (seed 004). A handler is an
 * {@link dev.osmosis.ingress.IngressHandler} CDI bean named by {@link
 * dev.osmosis.ingress.IngressName}; clients connect to {@code /ws/{name}}; every callback gets the
 * connection's {@link dev.osmosis.ingress.IngressSession}, whose {@link
 * dev.osmosis.ingress.IngressSession#room} gives {@link dev.osmosis.ingress.IngressRoom} proxies.
 *
 * <p>Also the transport-neutral core behind it: {@link dev.osmosis.ingress.IngressConnection} (the
 * session object, its lifecycle and its rooms clean-up) over an {@link
 * dev.osmosis.ingress.IngressTransport}, and {@link dev.osmosis.ingress.IngressHandlers} (name to
 * handler).
 *
 * <p>Plain Java: depends on the JDK and {@code dev.osmosis.room} only (no {@code jakarta.*}).
 */
package dev.osmosis.ingress;
