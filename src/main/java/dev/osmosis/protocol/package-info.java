/**
 * The wire codec of the client protocol (docs/PROTOCOL.md): {@link dev.osmosis.protocol.FrameCodec}
 * decodes frames into {@link dev.osmosis.protocol.ClientFrame}s, {@link
 * dev.osmosis.protocol.ServerFrames} and the per-feature frame classes encode, and {@link
 * dev.osmosis.error.RequestException} carries a refusal with its {@code wire.ErrorCode}. The
 * per-connection state machine that uses the codec is in {@code dev.osmosis.connection}. Plain
 * Java: depends on the JDK, JSON-P ({@code jakarta.json}) and the core packages {@code wire},
 * {@code session}, {@code topic}, {@code subscribe}, {@code message} and {@code control} (some of
 * which still import the codec back).
 */
package dev.osmosis.protocol;
