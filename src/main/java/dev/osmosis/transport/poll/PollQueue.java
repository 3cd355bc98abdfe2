package dev.osmosis.transport.poll;

import dev.osmosis.connection.FrameSink;
import dev.osmosis.connection.Outbox;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The meeting point of a polling connection's outbound frames and its held poll (docs/PROTOCOL.md
 * §13): a frame written while a poll is held answers that poll at once; otherwise it waits for the
 * next poll. The writers above ({@link Outbox}, or the sequenced session's link) keep one write in
 * flight, so at most one or two frames wait here; a frame's {@code done} runs when a poll carried
 * it, which lets the writer prepare the next (the messages queued meanwhile, batched into one
 * frame).
 *
 * <p>At most one poll is held: a newer one answers the older with {@code 204}. Time comes in as
 * arguments (epoch ms): {@link #sweep} answers a poll held for the hold time with {@code 204} and
 * reports a connection that has had no poll for too long. Thread-safe; polls are answered and
 * {@code done}s run outside the monitor.
 */
final class PollQueue implements FrameSink {
  private record Waiting(String frame, Runnable done) {}

  private final long holdMillis;
  private final ArrayDeque<Waiting> frames = new ArrayDeque<>();
  private Poll held;
  private long heldUntil;

  /** When a poll last arrived or was answered. */
  private long lastPoll;

  private boolean ended;

  PollQueue(long holdMillis, long now) {
    this.holdMillis = holdMillis;
    this.lastPoll = now;
  }

  /**
   * A poll arrived: answered at once with a waiting frame, else held (answering an older held poll
   * 204).
   */
  void poll(Poll poll, long now) {
    Waiting waiting = null;
    Poll older = null;
    boolean gone = false;
    synchronized (this) {
      lastPoll = now;
      if (ended) {
        gone = true;
      } else {
        waiting = frames.poll();
        if (waiting == null) {
          older = held;
          held = poll;
          heldUntil = now + holdMillis;
        }
      }
    }
    if (gone) {
      poll.gone();
    } else if (waiting != null) {
      deliver(poll, waiting);
    } else if (older != null) {
      older.answer(null);
    }
  }

  /**
   * One outbound frame: to the held poll, or kept for the next. {@code done} runs once it went (or
   * ended).
   */
  @Override
  public void write(String frame, Runnable done) {
    Poll poll;
    synchronized (this) {
      if (!ended) {
        poll = held;
        held = null;
        if (poll == null) {
          frames.add(new Waiting(frame, done));
          return;
        }
      } else {
        poll = null;
      }
    }
    if (poll == null) {
      done.run(); // ended: nobody will read it
      return;
    }
    deliver(poll, new Waiting(frame, done));
  }

  private void deliver(Poll poll, Waiting waiting) {
    Poll next = poll;
    while (next != null) {
      if (next.answer(waiting.frame())) {
        waiting.done().run();
        return;
      }
      synchronized (this) { // that request was gone: the frame waits for the next poll
        if (ended) {
          break;
        }
        next = held;
        held = null;
        if (next == null) {
          frames.addFirst(waiting);
          return;
        }
      }
    }
    waiting.done().run();
  }

  /**
   * One pass of the periodic sweep: a poll held for the hold time is answered {@code 204}.
   *
   * @return true if no poll is held and none arrived or was answered for {@code dropAfterMillis}:
   *     the client is gone
   */
  boolean sweep(long now, long dropAfterMillis) {
    Poll expired = null;
    synchronized (this) {
      if (ended) {
        return false;
      }
      if (held != null) {
        if (now >= heldUntil) {
          expired = held;
          held = null;
          lastPoll = now;
        }
      } else if (now - lastPoll >= dropAfterMillis) {
        return true;
      }
    }
    if (expired != null) {
      expired.answer(null);
    }
    return false;
  }

  /**
   * The connection ended: a held poll and every later one get {@code 404}; waiting frames are
   * dropped.
   */
  void end() {
    Poll poll;
    List<Waiting> dropped;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      poll = held;
      held = null;
      dropped = new ArrayList<>(frames);
      frames.clear();
    }
    if (poll != null) {
      poll.gone();
    }
    dropped.forEach(w -> w.done().run());
  }

  synchronized boolean isEnded() {
    return ended;
  }

  synchronized boolean isHolding() {
    return held != null;
  }
}
