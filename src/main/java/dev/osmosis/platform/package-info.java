/**
 * The wiring of the server into the container: reading {@code osmosis.*} settings ({@link
 * dev.osmosis.platform.OsmosisConfig}), CDI producers that build the plain-Java core once per
 * server ({@link dev.osmosis.platform.CoreProducer}, {@link
 * dev.osmosis.platform.MessagingProducer}, {@link dev.osmosis.platform.IngressProducer}), the
 * security store file, the WebSocket engine's frame ceiling ({@link
 * dev.osmosis.platform.FrameCeiling}), the periodic sweep timer ({@link
 * dev.osmosis.platform.ExpirySweeper}), start-up and shutdown ({@link
 * dev.osmosis.platform.Lifecycle}), the readiness check, the JAX-RS application and the security
 * headers filter. A boundary package: it may depend on every core package, on the transports it
 * wires (which never name it), and on CDI, EJB, Servlet, JAX-RS, JSON-P and MicroProfile Health;
 * the core never depends on it.
 */
package dev.osmosis.platform;
