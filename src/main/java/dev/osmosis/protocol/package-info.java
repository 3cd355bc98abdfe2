/**
 * The client protocol (docs/PROTOCOL.md): the JSON wire codec ({@link
 * dev.osmosis.protocol.FrameCodec}, {@link dev.osmosis.protocol.ClientFrame}, {@link
 * dev.osmosis.protocol.ServerFrames} and the per-feature frame classes), its errors ({@link
 * dev.osmosis.protocol.ProtocolException}, codes from {@code wire.ErrorCode}) and, above the
 * features, the per-connection state machine independent of the transport ({@link
 * dev.osmosis.protocol.ClientConnection}, {@link dev.osmosis.protocol.ReliableConnection} with its
 * sequencing and reconnect, {@link dev.osmosis.protocol.ReconnectSweep}, the topic, query and
 * messaging request handlers). Plain Java: depends on the JDK, JSON-P ({@code jakarta.json}) and
 * the core packages {@code wire}, {@code session}, {@code topic}, {@code subscribe}, {@code
 * message}, {@code lock} and {@code control} (some of which import its codec back, a cycle to be
 * split into a codec layer and a connection layer).
 */
package dev.osmosis.protocol;
