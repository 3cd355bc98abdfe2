package dev.osmosis.client;

import java.time.Duration;

/**
 * The limits the server granted this session in its handshake.
 *
 * @param maxMessageSize the largest frame, in bytes, the server accepts from this session
 * @param reconnectTimeout how long the server keeps a disconnected session for reconnection
 * @param maxOutboundQueue how many messages the server queues for this session before closing it
 */
public record Limits(int maxMessageSize, Duration reconnectTimeout, int maxOutboundQueue) {}
