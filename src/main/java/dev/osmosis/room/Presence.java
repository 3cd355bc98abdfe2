package dev.osmosis.room;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One room name's presence listeners and its queue of undelivered events. Events are queued under
 * the registry's per-room lock (so in membership order) and delivered after it is released by
 * whichever thread finds the queue idle (a work-in-progress counter, as in the outbox): in order,
 * never concurrently, with no lock held.
 */
final class Presence {
  private static final System.Logger LOG = System.getLogger(Presence.class.getName());

  final CopyOnWriteArrayList<PresenceListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<PresenceEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();

  void enqueue(PresenceEvent event) {
    queue.add(event);
  }

  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    do {
      PresenceEvent event;
      while ((event = queue.poll()) != null) {
        for (PresenceListener listener : listeners) {
          try {
            listener.onPresence(event);
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING,
                "presence listener " + listener + " failed on " + event,
                e);
          }
        }
      }
    } while (wip.decrementAndGet() != 0);
  }
}
