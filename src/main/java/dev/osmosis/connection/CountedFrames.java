package dev.osmosis.connection;

import dev.osmosis.meter.Outbound;

/**
 * A {@link FrameSink} that counts what it hands over in {@link Outbound#TOTALS}: one frame, its
 * messages and characters (of the text: the UTF-8 bytes on the wire for ASCII JSON, without the
 * WebSocket header). The transports wrap their sinks in it, so every frame of every route (batches,
 * sequenced envelopes, control frames) is counted once.
 */
public final class CountedFrames implements FrameSink {
  private final FrameSink sink;

  private CountedFrames(FrameSink sink) {
    this.sink = sink;
  }

  public static FrameSink of(FrameSink sink) {
    return sink instanceof CountedFrames ? sink : new CountedFrames(sink);
  }

  @Override
  public void write(String frame, Runnable done) {
    Outbound.TOTALS.frame(1, frame.length());
    sink.write(frame, done);
  }

  @Override
  public void write(String prefix, String[] messages, int count, String suffix, Runnable done) {
    long chars = prefix.length() + suffix.length() + Math.max(0, count - 1);
    for (int i = 0; i < count; i++) {
      chars += messages[i].length();
    }
    Outbound.TOTALS.frame(count, chars);
    sink.write(prefix, messages, count, suffix, done);
  }

  @Override
  public void writeEach(String[] messages, int count, Runnable done) {
    for (int i = 0; i < count; i++) {
      Outbound.TOTALS.frame(1, messages[i].length());
    }
    sink.writeEach(messages, count, done);
  }
}
