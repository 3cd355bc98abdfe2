package dev.osmosis.connection;

/**
 * {@link FrameSink#writeEach}'s default: one frame per write, the next started when the previous
 * one is done, then the caller's {@code done}. A write that completes on the calling thread
 * recurses at most once per frame (a frame group holds at most {@link Outbox#MAX_BATCH_MESSAGES}).
 */
final class FramesInTurn implements Runnable {
  private final FrameSink sink;
  private final String[] frames;
  private final Runnable done;

  /** The next frame to write; advanced by one write at a time (each starts after the last). */
  private int next;

  FramesInTurn(FrameSink sink, String[] frames, Runnable done) {
    this.sink = sink;
    this.frames = frames;
    this.done = done;
  }

  @Override
  public void run() {
    if (next == frames.length) {
      done.run();
    } else {
      sink.write(frames[next++], this);
    }
  }
}
