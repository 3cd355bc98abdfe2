package dev.osmosis.subscribe;

import dev.osmosis.protocol.ServerFrames;

/**
 * Where an {@link Outbox} writes: one transport's asynchronous write of whole frames, one at a time
 * (the outbox keeps one write in flight). The WebSocket writers, the long-polling queue and a
 * sequenced session's links all implement it.
 */
@FunctionalInterface
public interface FrameSink {

  /** Writes one frame asynchronously; calls {@code done} exactly once, on success or failure. */
  void write(String frame, Runnable done);

  /**
   * Writes one frame made of {@code prefix}, {@code messages[0..count)} joined by commas and {@code
   * suffix} (a batch, or a sequenced envelope); same contract as {@link #write(String, Runnable)}.
   * The array is only read during the call. Byte-level transports override it to copy each shared
   * message's encoding instead of re-encoding its characters (encode once).
   */
  default void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
    write(ServerFrames.join(prefix, messages, count, suffix), done);
  }
}
