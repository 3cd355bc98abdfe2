/**
 * The wire codec of the client protocol (docs/PROTOCOL.md), above the features and below the
 * connection layer: {@link dev.osmosis.protocol.FrameCodec} decodes frames into {@link
 * dev.osmosis.protocol.ClientFrame}s, {@link dev.osmosis.protocol.ServerFrames} and the per-feature
 * frame classes encode, {@link dev.osmosis.protocol.JsonTopicEncoder} implements the topic
 * feature's {@code subscribe.TopicEncoder}; a refusal is the core's {@code error.RequestException}
 * with its {@code wire.ErrorCode}. The per-connection state machine that uses the codec is in
 * {@code dev.osmosis.connection}. Plain Java: depends on the JDK, JSON-P ({@code jakarta.json}) and
 * the core packages {@code wire}, {@code error}, {@code topic}, {@code subscribe}, {@code message}
 * and {@code control}, none of which names it back.
 */
package dev.osmosis.protocol;
