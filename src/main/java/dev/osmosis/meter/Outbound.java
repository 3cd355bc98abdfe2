package dev.osmosis.meter;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the outbound queues and their writers did, summed over every connection: frames written, the
 * messages in them and their characters, topic values conflated, messages dropped, replayed to a
 * reconnected session, and the deepest any queue has been. Counted where the queues work ({@code
 * connection.Outbox}, the transports' frame sinks), which are built per connection with no wiring
 * to reach: so one set per class loader, {@link #TOTALS} (a redeploy starts again from zero).
 * Striped adders only: a few nanoseconds a frame, no lock.
 */
public final class Outbound {
  /** The server's totals. */
  public static final Outbound TOTALS = new Outbound();

  private final LongAdder frames = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final LongAdder characters = new LongAdder();
  private final LongAdder conflated = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAccumulator peakQueue = new LongAccumulator(Math::max, 0);

  /** A fresh set (unit tests); the server counts into {@link #TOTALS}. */
  public Outbound() {}

  /** One frame of {@code messages} messages and {@code characters} characters was handed over. */
  public void frame(int messages, long characters) {
    frames.increment();
    this.messages.add(messages);
    this.characters.add(characters);
  }

  /** A queued topic value was replaced by a newer one. */
  public void conflate() {
    conflated.increment();
  }

  /** Queued or offered messages that will never be written (a full queue, a closed one). */
  public void drop(long count) {
    if (count > 0) {
      dropped.add(count);
    }
  }

  /** Messages written again to a reconnected session from its recovery buffer. */
  public void replay(int count) {
    replayed.add(count);
  }

  /** A queue reached {@code depth} messages, deeper than it had been. */
  public void queueReached(int depth) {
    peakQueue.accumulate(depth);
  }

  public long frames() {
    return frames.sum();
  }

  public long messages() {
    return messages.sum();
  }

  public long characters() {
    return characters.sum();
  }

  public long conflated() {
    return conflated.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long replayed() {
    return replayed.sum();
  }

  /** The deepest any outbound queue has been since start (messages). */
  public long peakQueue() {
    return peakQueue.get();
  }
}
