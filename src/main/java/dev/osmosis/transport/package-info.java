/**
 * What both client transports share, below the wiring in {@code platform}: the one factory that
 * builds a new connection's {@code connection.ClientConnection} ({@link
 * dev.osmosis.transport.ClientConnectionFactory}), the writer threads ({@link
 * dev.osmosis.transport.WriterPool}) and the threads that verify passwords ({@link
 * dev.osmosis.transport.LoginPool}, also used by the admin API's Basic logins). A boundary package
 * with its sub-packages {@code websocket} and {@code poll}: may depend on the core packages and on
 * CDI; never on {@code platform}, {@code admin} or {@code grid}.
 */
package dev.osmosis.transport;
