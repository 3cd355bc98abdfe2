/**
 * The wire vocabulary the server and the Java client share, held once: the error codes of {@code
 * error} answers ({@link dev.osmosis.wire.ErrorCode}), the close reasons ({@link
 * dev.osmosis.wire.CloseReason}), the client types of the handshake ({@link
 * dev.osmosis.wire.ClientType}), the filter text utilities ({@link dev.osmosis.wire.FilterText}),
 * the keys of a topic specification ({@link dev.osmosis.wire.SpecificationKeys}), the topic
 * selector grammar ({@link dev.osmosis.wire.SelectorGrammar}) and the digest of the topics a
 * session was notified of ({@link dev.osmosis.wire.NotifiedDigest}), and what deflated frames are
 * ({@link dev.osmosis.wire.DeflatedFrames}).
 *
 * <p>Depends on the JDK only and on no other Osmosis package: the Java client's jar carries this
 * package beside {@code dev.osmosis.client}.
 */
package dev.osmosis.wire;
