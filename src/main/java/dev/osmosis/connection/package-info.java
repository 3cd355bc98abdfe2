/**
 * The per-connection state machine of the client protocol, independent of the transport and above
 * the features: {@link dev.osmosis.connection.ClientConnection} (handshake, dispatch of decoded
 * frames to the features, invalid-message accounting, close), {@link
 * dev.osmosis.connection.ReliableConnection} (sequencing, the {@link
 * dev.osmosis.connection.RecoveryBuffer} and reconnection of sequenced sessions, a layer on the
 * outbound engine; its inbound numbers in {@code ClientSequence}, fail-over's record gate in {@code
 * FailoverGate}), the one outbound queue engine of every connection ({@link
 * dev.osmosis.connection.Outbox}: bounded, prioritised in {@code Lanes}, conflating, batching, one
 * write in flight to a transport's {@link dev.osmosis.connection.FrameSink}; {@link
 * dev.osmosis.connection.OutboxConnection}, the base of the transports' connections), {@link
 * dev.osmosis.connection.CurrentConnection} (the connection a client connection answers through),
 * {@link dev.osmosis.connection.ReconnectSweep} (ends sessions not resumed in time), the topic,
 * topic-query and messaging request handlers, and the connection's settings ({@link
 * dev.osmosis.connection.ConnectionSettings}, {@link dev.osmosis.connection.SessionLimits}). Plain
 * Java: depends on the JDK, the codec in {@code protocol} and the core packages below it ({@code
 * wire}, {@code session}, {@code topic}, {@code subscribe}, {@code message}, {@code lock}, {@code
 * control}, {@code sweep}); only the boundary ({@code transport}, {@code platform}) uses it.
 */
package dev.osmosis.connection;
