/**
 * The HTTP long-polling transport {@code /osmosis/poll} (docs/PROTOCOL.md §13), the fallback for
 * clients that cannot open a WebSocket. A boundary package: {@link
 * dev.osmosis.transport.poll.PollResource} (JAX-RS, {@code AsyncResponse}) is thin; the
 * hold/deliver/expiry logic ({@code PollQueue}), the connection adapter ({@code PollConnection}, a
 * core {@code session.Connection} and {@code ReliableConnection.Link}) and the registry ({@link
 * dev.osmosis.transport.poll.PollConnections}) are plain Java, tested without a container. May
 * depend on the core packages (protocol, session, subscribe, control), {@code transport.WriterPool}
 * and {@code transport.ClientConnectionFactory}, JAX-RS and JSON-P; never on {@code platform}.
 */
package dev.osmosis.transport.poll;
