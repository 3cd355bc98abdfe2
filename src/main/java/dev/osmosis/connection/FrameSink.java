package dev.osmosis.connection;

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
    write(join(prefix, messages, count, suffix), done);
  }

  /**
   * Writes {@code messages[0..count)} as {@code count} frames of their own, in order, in as few
   * transport writes as the transport allows (a room broadcast's messages that queued behind the
   * write in flight); {@code done} runs exactly once, after the last. The array is only read during
   * the call. By default one write per frame, each started when the previous one is done;
   * byte-level transports override it to put the frames back to back into one write.
   */
  default void writeEach(String[] messages, int count, Runnable done) {
    new FramesInTurn(this, java.util.Arrays.copyOf(messages, count), done).run();
  }

  /**
   * {@code prefix}, then {@code messages[0..count)} joined by commas, then {@code suffix}: the text
   * of a batch ({@code [..]}) or of a sequenced envelope. Transports that write bytes build the
   * same frame from each message's shared encoding instead (see {@code TextFrames}).
   */
  static String join(String prefix, String[] messages, int count, String suffix) {
    int length = prefix.length() + suffix.length() + count;
    for (int i = 0; i < count; i++) {
      length += messages[i].length();
    }
    StringBuilder out = new StringBuilder(length).append(prefix);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(messages[i]);
    }
    return out.append(suffix).toString();
  }
}
